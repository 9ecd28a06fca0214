"""A request's articles, as a ``Batch``: JSON objects read as ``storyline analyze`` reads JSON records, or
uploaded files read from their bytes as files are read (no path is ever taken from a request)."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from storyline.config import Config
from storyline.read.ingest import Batch, parse_records, read_contents
from storyline.serve.errors import ApiError, field_name
from storyline.serve.limits import check_articles, check_count, check_options
from storyline.serve.schemas import ArticleIn, Options

JSON = "application/json"
MULTIPART = "multipart/form-data"
M = TypeVar("M", bound=BaseModel)


async def read_request(request: Request, model: type[BaseModel], cfg: Config) -> tuple[Batch, Options]:
    """The request's articles and options, or an ApiError (415, 422) saying what is wrong."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == JSON:
        return await _read_json(request, model, cfg)
    if media == MULTIPART:
        return await _read_upload(request, cfg)
    raise ApiError(415, f"Unsupported media type {media or '(none)'!r}: send {JSON} ({{\"articles\": [...]}}) or "
                        f"{MULTIPART} (files in the 'files' field).")


async def _read_json(request: Request, model: type[BaseModel], cfg: Config) -> tuple[Batch, Options]:
    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ApiError(422, f"The body is not valid JSON: {e}.", field="body") from e
    parsed = _validated(model, data)
    articles: list[ArticleIn] = parsed.articles  # type: ignore[attr-defined]
    options: Options = getattr(parsed, "options", None) or Options()
    check_articles(articles, cfg.serve)
    check_options(options, cfg.serve)
    records = json.dumps([a.model_dump(exclude_none=True) for a in articles])
    # reading a page's HTML takes a while: in a thread, not in the event loop
    found, skipped = await run_in_threadpool(parse_records, records, "article", "request") if articles else ([], [])
    return Batch(articles=found, skipped=skipped, inputs=len(articles)), options


async def _read_upload(request: Request, cfg: Config) -> tuple[Batch, Options]:
    try:
        form = await request.form(max_files=cfg.serve.max_articles, max_fields=10)
    except (MultiPartException, HTTPException) as e:  # starlette turns a MultiPartException into a 400
        message = e.message if isinstance(e, MultiPartException) else e.detail
        raise ApiError(422, f"The upload cannot be read: {message}", field="files") from e
    files = form.getlist("files")
    if not files or not all(isinstance(f, UploadFile) for f in files):
        raise ApiError(422, "Send the articles as files in the 'files' field.", field="files")
    check_count(len(files), cfg.serve, "files")
    contents = [(f.filename or "upload", await f.read()) for f in files if isinstance(f, UploadFile)]
    raw_options = form.get("options")
    options = Options()
    if isinstance(raw_options, str) and raw_options.strip():
        try:
            options = _validated(Options, json.loads(raw_options), prefix=("options",))
        except json.JSONDecodeError as e:
            raise ApiError(422, f"options: not a JSON object: {e}.", field="options") from e
    check_options(options, cfg.serve)
    return await run_in_threadpool(read_contents, contents, cfg.ingest), options


def _validated(model: type[M], data: object, *, prefix: tuple[str, ...] = ()) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        field = field_name((*prefix, *first["loc"]))
        raise ApiError(422, f"{field}: {first['msg']}.", field=field) from e
