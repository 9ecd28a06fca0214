"""Small builders for tests: an Article, a Doc wrapping it, and a Config with overrides."""

from __future__ import annotations

from typing import Any

from storyline import config
from storyline.config import Config
from storyline.model import Article, Doc, Published


def make_article(
    text: str,
    *,
    id: str = "a1",
    title: str | None = None,
    outlet: str | None = None,
    published: Published | None = None,
) -> Article:
    """An Article read from nowhere in particular (its source is ``test:<id>``)."""
    return Article(id, f"test:{id}", text, title=title, outlet=outlet, published=published)


def make_doc(text: str, **kw: Any) -> Doc:
    """A Doc before any stage ran; keyword arguments go to ``make_article``."""
    return Doc(article=make_article(text, **kw))


def default_config(**overrides: dict[str, Any]) -> Config:
    """The default Config with ``section={key: value}`` overrides, e.g.
    ``default_config(clean={"max_chars": 500})``."""
    return config.load(overrides=overrides)
