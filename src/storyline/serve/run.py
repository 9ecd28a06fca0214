"""Starting the server: the token rule (any address but loopback needs one), then uvicorn."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from storyline import api
from storyline.errors import ConfigError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(*, host: str, port: int, store: Path, token: str | None, config: Path | None,
          openapi: Path | None = None) -> None:
    from storyline.serve import openapi as openapi_doc
    from storyline.serve.app import Settings, create_app

    if not token and not is_loopback(host):
        raise ConfigError(f"Listening on {host} (not loopback) needs an access token: give --token or set "
                          "STORYLINE_TOKEN; every /v1 request must then send 'Authorization: Bearer <token>'.")
    settings = Settings(cfg=api.build_config(config), store=store, token=token or None, config=config)
    app = create_app(settings)
    if openapi is not None:
        openapi_doc.write(app, openapi)
        return
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
