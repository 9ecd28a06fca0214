"""A loopback HTTP server for tests: routes a test sets, the requests it saw; pages and feeds to serve.
Tests that fetch use the ``site`` fixture (tests/conftest.py); nothing is served beyond 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p></article></body></html>").encode()


def rss(items: list[tuple[str, str, str]], *, title: str = "Valley News") -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
                      f"<pubDate>Wed, 04 Mar 2026 18:30:00 -0500</pubDate><guid>{link}</guid></item>"
                      for t, link, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>http://x/</link>'
            f"<description>d</description>{entries}</channel></rss>").encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    trickle: int = 0  # write the body in this many pieces, `delay` seconds apart


class Site:
    """The routes a loopback server answers, and the requests it saw."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.requests)


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers.items())))
            found = site.routes.get(self.path)
            route = found(self) if callable(found) else found or Route(b"no such page", 404)
            if route.delay and not route.trickle:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in route.headers and not route.trickle:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self._write(route)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _write(self, route: Route) -> None:
            if not route.trickle:
                self.wfile.write(route.body)
                return
            step = max(1, len(route.body) // route.trickle)
            for start in range(0, len(route.body), step):
                self.wfile.write(route.body[start : start + step])
                self.wfile.flush()
                time.sleep(route.delay)
            self.close_connection = True

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def serve() -> Iterator[Site]:
    """Start a server on 127.0.0.1 (a free port) for a ``Site``; stop it when the generator closes."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
