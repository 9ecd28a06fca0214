"""Small builders for tests: an Article, a Doc wrapping it, and a Config with overrides."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from storyline import config
from storyline.config import Config
from storyline.model import Article, Doc, Published, Story


def make_article(
    text: str,
    *,
    id: str = "a1",
    title: str | None = None,
    outlet: str | None = None,
    published: Published | None = None,
    url: str | None = None,
    markup: bool = False,
) -> Article:
    """An Article read from nowhere in particular (its source is ``test:<id>``)."""
    return Article(id, f"test:{id}", text, title=title, outlet=outlet, published=published, url=url, markup=markup)


def make_doc(text: str, **kw: Any) -> Doc:
    """A Doc before any stage ran; keyword arguments go to ``make_article``."""
    return Doc(article=make_article(text, **kw))


def default_config(**overrides: dict[str, Any]) -> Config:
    """The default Config with ``section={key: value}`` overrides, e.g.
    ``default_config(clean={"max_chars": 500})``."""
    return config.load(overrides=overrides)


def make_story() -> Story:
    """A small finished Story built by hand (no model run), for renderer and schema tests."""
    from datetime import datetime

    from storyline.model import (
        Actor,
        Citation,
        Claim,
        Entity,
        Event,
        Mention,
        Quote,
        Relation,
        RelationPoint,
        Removed,
        Sentence,
        Skipped,
        Span,
        SummarySentence,
        TimelineEntry,
        When,
    )

    text_a = "Ana Diaz opened the new bridge on Monday. “It joins two towns,” Diaz said."
    text_b = ("Mayor Ana Diaz opened the Riverton bridge. <script>alert(1)</script> "
              "<img src=x onerror=alert(2)>")
    when = When(datetime(2021, 5, 3, tzinfo=UTC), "day")
    doc_a = Doc(
        article=Article("a", "in/a.txt", text_a, title="Bridge opens"), text=text_a, title="Bridge opens",
        outlet="Example Wire", language="en",
        published=Published(when, "text", 1.0, "stated in the date line"),
        sources=("in/a.txt",), removed=(Removed("social prompt", "Follow us"),),
        sentences=(Sentence(Span(0, 41)), Sentence(Span(42, 75))),
        mentions=(Mention(Span(0, 8), "PERSON", "Ana Diaz", "Ana Diaz"),),
        quotes=(Quote(Span(42, 63), "Ana Diaz", "said"),),
    )
    doc_b = Doc(article=Article("b", "in/b.html", text_b), text=text_b, language="en", sources=("in/b.html",),
                sentences=(Sentence(Span(0, 42)),),
                mentions=(Mention(Span(6, 14), "PERSON", "Ana Diaz", "Mayor Ana Diaz"),))
    entity = Entity("person:ana-diaz", "Ana Diaz", "PERSON", ("Ana Diaz", "Mayor Ana Diaz"),
                    (Citation("a", Span(0, 8)), Citation("b", Span(6, 14))))
    return Story(
        docs=(doc_a, doc_b), entities=(entity,),
        timeline=(TimelineEntry(when, (Citation("a", Span(0, 41)),)),),
        summary=(SummarySentence((Citation("a", Span(0, 41)), Citation("b", Span(0, 42)))),),
        claims=(Claim((Citation("a", Span(0, 41)), Citation("b", Span(0, 42))), 2),
                Claim((Citation("b", Span(0, 42)),), 1, (Citation("a", Span(42, 75)),))),
        events=(Event(when, Actor("Ana Diaz", "RIV", "GOV", "Ana Diaz"), Actor("Riverton", "RIV", None, "Riverton"),
                      "COOPERATE", 4.0, Citation("a", Span(0, 41)), when_how="published"),),
        relations=(Relation(("Ana Diaz", "Riverton"), (RelationPoint("2021-05", 4.0, (0,)),)),),
        skipped=(Skipped("in/c.png", "binary file (a PNG image), not an article."),),
    )
