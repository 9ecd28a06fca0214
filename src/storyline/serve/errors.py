"""One JSON shape for every error the API returns: ``{"error": {"code", "message", "field"}}``; an
unexpected exception is logged and answered with a generic 500, never a traceback or a server path."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger("storyline.serve")

_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
          415: "unsupported_media_type", 422: "invalid", 429: "too_many_jobs", 500: "internal",
          503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers


def error_response(status: int, message: str, *, field: str | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": _CODES.get(status, "error"), "message": message, "field": field}}
    return JSONResponse(body, status_code=status, headers=headers)


def field_name(loc: Sequence[int | str]) -> str:
    """A pydantic location as a field name: ("body", "articles", 0, "text") -> "articles[0].text"."""
    name = ""
    for part in loc:
        if part in ("body", "query", "path", "header") and not name:
            continue
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def install(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, field=exc.field, headers=exc.headers)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = field_name(first.get("loc", ()))
        return error_response(422, f"{field}: {first.get('msg', 'invalid value')}.", field=field)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "Internal error; the server's log has the details.")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
