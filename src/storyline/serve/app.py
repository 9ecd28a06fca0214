"""``create_app(settings)``: the HTTP API over the pipeline and a corpus store (docs/usage.md, Server).

Analysis and store additions run as jobs in one worker thread (serve/jobs.py): a request waits up to
``serve.inline_seconds`` for its job and answers 200 with the result, else 202 with the job's id. The
store is opened once, at its first use, and used by one request at a time."""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from storyline import api
from storyline.config import Config
from storyline.corpus.cli import story_dict
from storyline.errors import ConfigError, StorylineError
from storyline.pipeline import Pipeline
from storyline.render.json import to_dict
from storyline.serve import openapi
from storyline.serve.errors import ApiError, error_response, install
from storyline.serve.inputs import read_request
from storyline.serve.jobs import Busy, Job, Jobs, Work
from storyline.serve.limits import BodyLimit
from storyline.serve.schemas import (
    AddOut,
    AnalyzeRequest,
    ArticleHit,
    ArticlesRequest,
    ErrorBody,
    ErrorResponse,
    JobAccepted,
    JobOut,
    JobProgress,
    SearchOut,
    SkippedOut,
    StoryInfoOut,
)

T = TypeVar("T")
RETRY_AFTER = "10"  # seconds a client refused with 429 is told to wait
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 413, 415, 422, 429)}
_JOB_RESPONSES: dict[int | str, dict[str, Any]] = {**_ERRORS, 202: {"model": JobAccepted,
                                                                   "description": "Still running: a job."}}


class StoreUnavailable(StorylineError):
    """The corpus store cannot be used; the message names the store's file, not its path (503)."""


@dataclass(frozen=True)
class Settings:
    cfg: Config
    store: Path = Path("storyline.duckdb")
    token: str | None = None
    config: Path | None = None  # the TOML file cfg came from, for requests' options to build on


class State:
    """What the app holds between requests: the settings, the job table and the store (opened once)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs = Jobs(max_jobs=settings.cfg.serve.max_jobs, ttl=settings.cfg.serve.job_ttl)
        self._corpus: Any = None
        self._corpus_lock = threading.Lock()

    def with_corpus(self, use: Callable[[Any], T]) -> T:
        """Call ``use(corpus)`` with the store open, one caller at a time (a DuckDB connection is not shared
        between threads at once)."""
        from storyline.corpus.corpus import Corpus

        with self._corpus_lock:
            try:
                if self._corpus is None:
                    self._corpus = Corpus(self.settings.store, cfg=self.settings.cfg)
                return use(self._corpus)
            except StorylineError as e:  # the store's messages name its path: a client sees its file name alone
                store = self.settings.store
                message = str(e).replace(str(store.resolve()), store.name).replace(str(store), store.name)
                raise StoreUnavailable(message) from e

    def close(self) -> None:
        self.jobs.close()
        if self._corpus is not None:
            self._corpus.close()


def _state(request: Request) -> State:
    state: State = request.app.state.storyline
    return state


_BEARER = HTTPBearer(auto_error=False)


def _require_token(request: Request,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]) -> None:
    token = _state(request).settings.token
    if token is None:
        return
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "This server needs its access token: send 'Authorization: Bearer <token>'.",
                       headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/v1", dependencies=[Depends(_require_token)])


@router.post("/analyze", responses=_JOB_RESPONSES, openapi_extra=openapi.body("AnalyzeRequest"),
             summary="Analyse articles; the result is the story JSON of `storyline analyze`.")
async def analyze(request: Request) -> JSONResponse:
    state = _state(request)
    batch, options = await read_request(request, AnalyzeRequest, state.settings.cfg)
    try:
        chosen = options.model_dump(exclude_none=True)
        if "processes" in chosen:  # a client may ask for fewer worker processes than the cores, never more
            chosen["processes"] = min(chosen["processes"], os.cpu_count() or 1)
        cfg = api.build_config(state.settings.config, **chosen)
        pipeline = Pipeline(cfg)  # checks the stages named before any work
    except ConfigError as e:
        raise ApiError(422, f"options: {e}", field="options") from e
    return await _run(request, "analyze", len(batch.articles),
                      lambda advance: to_dict(api.run(batch, cfg, progress=advance, pipeline=pipeline)))


@router.post("/articles", responses=_JOB_RESPONSES, openapi_extra=openapi.body("ArticlesRequest"),
             summary="Add articles to the store, as `storyline corpus add` does.")
async def add_articles(request: Request) -> JSONResponse:
    state = _state(request)
    batch, _ = await read_request(request, ArticlesRequest, state.settings.cfg)

    def work(advance: Callable[[int], None]) -> dict[str, Any]:
        report = state.with_corpus(lambda corpus: corpus.add(batch, workers=1, progress=advance))
        return AddOut(inputs=report.inputs, articles=report.articles, added=report.added, copies=report.copies,
                      unchanged=report.unchanged, skipped=[SkippedOut(source=s.source, reason=s.reason)
                                                           for s in report.skipped],
                      stories=sorted(report.stories), merges=[list(m) for m in report.merges]).model_dump()

    return await _run(request, "add", len(batch.articles), work)


@router.get("/stories", responses=_ERRORS, summary="The stories of the store, the most recently changed first.")
def stories(request: Request, since: date | None = None, until: date | None = None,
            min_articles: int = Query(1, ge=1)) -> list[StoryInfoOut]:
    found = _state(request).with_corpus(lambda c: c.stories(since=since, until=until, min_articles=min_articles))
    return [StoryInfoOut(**story_dict(s)) for s in found]


@router.get("/stories/{story_id}", responses={**_JOB_RESPONSES, 404: {"model": ErrorResponse}},
            summary="A story's briefing: the story JSON of `storyline corpus show`.")
async def story(request: Request, story_id: str) -> JSONResponse:
    state = _state(request)
    _check_id(story_id, state)

    def find(corpus: Any) -> int:
        try:
            return int(corpus.story(story_id).articles)
        except StorylineError as e:
            raise ApiError(404, f"No story {story_id!r}; list them with GET /v1/stories.") from e

    articles = await run_in_threadpool(state.with_corpus, find)
    return await _run(request, "briefing", articles,
                      lambda advance: to_dict(state.with_corpus(lambda c: c.show(story_id, progress=advance))))


@router.get("/search", responses=_ERRORS, summary="Stories and articles that mention the words q.")
def search(request: Request, q: str = Query(min_length=1), limit: int = Query(20, ge=1, le=100)) -> SearchOut:
    state = _state(request)
    most = state.settings.cfg.serve.max_field_chars
    if len(q) > most:
        raise ApiError(422, f"q: {len(q):,} characters, over the limit of {most:,}.", field="q")
    found, articles = state.with_corpus(lambda c: c.find(q, limit=limit))
    return SearchOut(stories=[StoryInfoOut(**story_dict(s)) for s in found],
                     articles=[ArticleHit(id=a, story=s, title=t) for a, s, t in articles])


@router.get("/jobs/{job_id}", responses={**_ERRORS, 404: {"model": ErrorResponse}},
            summary="A job's progress, and its result once done (kept serve.job_ttl seconds).")
def job(request: Request, job_id: str) -> JobOut:
    state = _state(request)
    found = state.jobs.get(job_id)
    if found is None:
        raise ApiError(404, f"No job {job_id[:40]!r}: unknown, or finished more than serve.job_ttl seconds ago.")
    return _job_out(found, state.jobs)


async def _run(request: Request, kind: str, total: int, work: Work) -> JSONResponse:
    """Run ``work`` as a job; its result at once if it ends within serve.inline_seconds, else 202."""
    state = _state(request)
    try:
        job = state.jobs.submit(kind, total, work)
    except Busy as e:
        raise ApiError(429, str(e), headers={"Retry-After": RETRY_AFTER}) from e
    if await run_in_threadpool(state.jobs.wait, job, state.settings.cfg.serve.inline_seconds):
        if job.result is not None:
            return JSONResponse(job.result)
        code, message = job.error or ("internal", "The job failed.")
        raise ApiError({"bad_input": 422, "unavailable": 503}.get(code, 500), message)
    url = f"/v1/jobs/{job.id}"
    return JSONResponse(JobAccepted(id=job.id, status=job.status, url=url).model_dump(), status_code=202,
                        headers={"Location": url})


def _job_out(job: Job, jobs: Jobs) -> JobOut:
    error = ErrorBody(code=job.error[0], message=job.error[1]) if job.error else None
    return JobOut(id=job.id, kind=job.kind, status=job.status, progress=JobProgress(done=job.done, total=job.total),
                  result=job.result, error=error, expires_in=jobs.expires_in(job))


def _check_id(value: str, state: State) -> None:
    if len(value) > state.settings.cfg.serve.max_field_chars:
        raise ApiError(422, "story_id: too long.", field="story_id")


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="storyline", version="1", summary="Cited briefings from news articles, over HTTP.")
    app.state.storyline = State(settings)
    app.include_router(router)
    install(app)

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        return error_response(503, str(exc))

    app.add_exception_handler(StoreUnavailable, unavailable)
    if settings.cfg.serve.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cfg.serve.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=settings.cfg.serve.max_body_bytes)
    app.router.add_event_handler("shutdown", app.state.storyline.close)
    app.openapi = lambda: openapi.document(app)  # type: ignore[method-assign]
    return app
