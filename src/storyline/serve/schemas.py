"""The HTTP API's request and response bodies (pydantic, at this edge only). Lengths and counts are
checked against the ``[serve]`` settings in limits.py, so that this document does not change with them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from storyline import api


class ArticleIn(BaseModel):
    """One article: its ``text``, or its page's ``html`` (read as a saved page is read)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD, or an ISO date and time.")
    outlet: str | None = None


class Options(BaseModel):
    """The options of ``storyline analyze`` (storyline.api.OPTIONS); any other key is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    max_bytes: int | None = Field(default=None, ge=1)
    processes: int | None = Field(default=None, ge=0, le=8)
    stages: list[str] | None = None
    summary_words: int | None = Field(default=None, ge=1)
    summary_sentences: int | None = Field(default=None, ge=0)
    focus: str | None = None
    max_dates: int | None = Field(default=None, ge=1)
    sentences_per_date: int | None = Field(default=None, ge=1)
    since: str | None = None
    until: str | None = None
    months: bool | None = None
    languages: list[str] | None = None


assert set(Options.model_fields) == set(api.OPTIONS), "Options must list exactly storyline.api.OPTIONS"


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn]
    options: Options | None = None


class ArticlesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn]


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class JobAccepted(BaseModel):
    id: str
    status: str
    url: str


class JobProgress(BaseModel):
    done: int
    total: int


class JobOut(BaseModel):
    id: str
    kind: str
    status: str = Field(description="queued, running, done or failed")
    progress: JobProgress
    result: dict[str, Any] | None = None
    error: ErrorBody | None = None
    expires_in: float | None = Field(default=None, description="Seconds until a finished job is removed.")


class StoryInfoOut(BaseModel):
    id: str
    label: str
    entities: list[str]
    first_day: str | None
    last_day: str | None
    articles: int
    outlets: int
    unknown_outlets: int
    updated_at: str


class ArticleHit(BaseModel):
    id: str
    story: str
    title: str | None


class SearchOut(BaseModel):
    stories: list[StoryInfoOut]
    articles: list[ArticleHit]


class SkippedOut(BaseModel):
    source: str
    reason: str


class AddOut(BaseModel):
    inputs: int
    articles: int
    added: int
    copies: int
    unchanged: int
    skipped: list[SkippedOut]
    stories: list[str]
    merges: list[list[str]]
