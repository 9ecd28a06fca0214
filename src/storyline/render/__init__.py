"""Renderers read the model and never compute: story.json, report.md, report.html."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.model import TRUNCATED, Story

FORMATS = {"json": "story.json", "md": "report.md", "html": "report.html"}


def date_label(iso: str, granularity: str) -> str:
    """A date as a reader says it: 9 Aug 2016, Nov 2015, 2016."""
    day = date.fromisoformat(iso)
    if granularity == "day":
        return f"{day.day} {day:%b %Y}"
    return day.strftime("%b %Y" if granularity == "month" else "%Y")


def claims_shown(claims: list[dict[str, Any]], top: int = 8) -> list[dict[str, Any]]:
    """The claims a report shows: every disputed one, then the ``top`` best supported (story.json has all)."""
    disputed = [c for c in claims if c["disputed"]]
    agreed = sorted((c for c in claims if not c["disputed"]), key=lambda c: -c["support"])[:top]
    return disputed + agreed


def cut_articles(articles: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The articles analysed only in part (their text cut at clean.max_chars), each with its note."""
    return [{"id": a["id"], "note": note} for a in articles for note in a["notes"] if note.startswith(TRUNCATED)]


def write_reports(story: Story, outdir: Path, formats: list[str]) -> list[Path]:
    """Write each requested format into ``outdir``; returns the paths written."""
    from storyline.render import html, json, markdown

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError(f"Unknown format {unknown[0]!r}. Available: {', '.join(FORMATS)}.")
    writers = {"json": json.render, "md": markdown.render, "html": html.render}
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = outdir / FORMATS[fmt]
        path.write_text(writers[fmt](story), encoding="utf-8")
        written.append(path)
    return written
