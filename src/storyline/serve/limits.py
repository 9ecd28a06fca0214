"""Limits checked before any work: the request body's size (before it is parsed: its Content-Length,
then the bytes as they stream in), the number of articles and the length of each field."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.config import ServeConfig
from storyline.serve.errors import ApiError, error_response
from storyline.serve.schemas import ArticleIn, Options

_LONG_FIELDS = ("text", "html")


def too_large(limit: int) -> ApiError:
    return ApiError(413, f"The request body is over the {limit:,}-byte limit (serve.max_body_bytes); send fewer or "
                         "smaller articles per request.")


class BodyLimit:
    """ASGI middleware: 413 for a body over ``limit`` bytes, by its Content-Length or as it streams."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            error = too_large(self.limit) if length.isdigit() else ApiError(400, "Content-Length is not a number.")
            await error_response(error.status, error.message)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise too_large(self.limit)
            return message

        await self.app(scope, counted, send)


def check_articles(articles: list[ArticleIn], cfg: ServeConfig) -> None:
    check_count(len(articles), cfg, "articles")
    for i, article in enumerate(articles):
        for name, value in article.model_dump().items():
            _check_length(value, cfg.max_text_chars if name in _LONG_FIELDS else cfg.max_field_chars,
                          f"articles[{i}].{name}")


def check_options(options: Options, cfg: ServeConfig) -> None:
    for name, value in options.model_dump(exclude_none=True).items():
        values = value if isinstance(value, list) else [value]
        check_count(len(values), cfg, f"options.{name}")
        for item in values:
            _check_length(item, cfg.max_field_chars, f"options.{name}")


def check_count(n: int, cfg: ServeConfig, field: str) -> None:
    if n > cfg.max_articles:
        raise ApiError(422, f"{field}: {n} items, over the limit of {cfg.max_articles} (serve.max_articles); "
                            "split the request.", field=field)


def _check_length(value: Any, limit: int, field: str) -> None:
    if isinstance(value, str) and len(value) > limit:
        raise ApiError(422, f"{field}: {len(value):,} characters, over the limit of {limit:,}; shorten it.",
                       field=field)
