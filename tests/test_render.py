"""Renderers: exact golden output, a valid schema, and article text that stays inert in HTML."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from storyline.render import html, markdown
from storyline.render import json as json_render
from tests.builders import make_story
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((ROOT / "docs" / "story.schema.json").read_text())


@pytest.mark.parametrize(("name", "render"), [("story.json", json_render.render), ("report.md", markdown.render),
                                              ("report.html", html.render)])
def test_render_matches_golden(name: str, render: object, update_golden: bool) -> None:
    out = render(make_story())  # type: ignore[operator]
    path = GOLDEN / name
    if update_golden:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{name} changed; rerun with --update-golden if intended"


def test_render_json_follows_schema() -> None:
    jsonschema.validate(json_render.to_dict(make_story()), SCHEMA)


def test_render_json_cited_text_matches_spans() -> None:
    data = json_render.to_dict(make_story())
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for source in data["summary"][0]["sources"] + data["timeline"][0]["sentences"]:
        assert texts[source["article"]][source["start"] : source["end"]] == source["text"]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        links = [v or "" for name, v in attrs if name in {"src", "href"}]
        self.remote += [v for v in links if v.startswith(("http", "//"))]


def test_render_html_keeps_article_markup_inert() -> None:
    page = html.render(make_story())
    inspector = _Inspector()
    inspector.feed(page)
    assert "script" not in inspector.tags and "img" not in inspector.tags
    assert inspector.handlers == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_render_html_is_self_contained() -> None:
    inspector = _Inspector()
    inspector.feed(html.render(make_story()))
    assert inspector.remote == []
    assert "link" not in inspector.tags


def test_render_markdown_cites_every_summary_line() -> None:
    summary = markdown.render(make_story()).split("## Summary")[1].split("##")[0]
    lines = [line for line in summary.splitlines() if line.startswith("- ")]
    assert lines == ["- **date unknown** Ana Diaz opened the new bridge on Monday. [Example Wire, 3 May 2021] "
                     "[b, 16 Aug 2021?] *(no date in the sentence or for its article)*"]


def test_render_markdown_shows_disputed_claims_with_both_sides() -> None:
    claims = markdown.render(make_story()).split("## What the sources agree and disagree on")[1].split("##")[0]
    assert "- Mayor Ana Diaz opened the Riverton bridge. [b, 16 Aug 2021?]" in claims
    assert "  - **Disputed:** “It joins two towns,” Diaz said. [Example Wire, 3 May 2021]" in claims


def test_render_markdown_tabulates_relations_with_an_example_event() -> None:
    table = markdown.render(make_story()).split("## Relations over time")[1].split("##")[0]
    assert ("| Ana Diaz – Riverton | 2021-05 | +4 | 1 | Ana Diaz opened the new bridge on Monday. "
            "[Example Wire, 3 May 2021] |") in table


def test_render_markdown_says_how_each_date_was_found_and_marks_weak_entries() -> None:
    out = markdown.render(make_story())
    assert "| text: stated in the date line |" in out
    assert "inferred (confidence 0.39): it tells the same news as article 'a'" in out
    assert "Date uncertain for [b, 16 Aug 2021?]: placed from its inferred date (confidence 0.39)" in out


def test_render_html_says_how_each_date_was_found_and_marks_weak_entries() -> None:
    out = html.render(make_story())
    assert "How the date was found: text: stated in the date line" in out
    assert ("Date uncertain for <a class=\"cite\" href=\"#a-b\" title=\"b\">[b, 16 Aug 2021?]</a>: placed from its "
            "inferred date") in out


def test_render_markdown_keeps_article_markup_inert() -> None:
    story = make_story()
    doc = story.docs[0]
    hostile = replace(doc, title='<img src=x onerror="alert(1)"> [click](javascript:x)')
    page = markdown.render(replace(story, docs=(hostile, *story.docs[1:])))
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=" in page
    assert "[click](javascript" not in page  # the brackets are escaped: no link forms
def test_render_stated_by_counts_known_outlets_and_says_what_is_unknown() -> None:
    from storyline.render import stated_by

    assert stated_by(1, 0) == "stated by 1 outlet"
    assert stated_by(3, 0) == "stated by 3 outlets"
    assert stated_by(2, 1) == "stated by 2 outlets and 1 article of unknown outlet"
    assert stated_by(0, 2) == "stated by 2 articles of unknown outlet"
