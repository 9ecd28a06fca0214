"""`storyline eval pubdate` on real web pages: ``pages/<file>.html`` and ``dates.json``
(``{url: {"file", "date": "YYYY-MM-DD"}}``, the layout of htmldate's evaluation set).

The page is the input, as a user saving pages has it: nothing is hidden, since the page's own metadata
is part of it. Each page is analysed on its own (pages of the set are unrelated, so no collection could
date one from another), with the stages that date articles; then again with its URL, as a feed gives
it. Beside storyline: htmldate alone, with its extensive search and the original (not the updated) date,
and htmldate with its defaults. Measured per system and mode, over all pages and each half (split by a
hash of the file name): ``accuracy`` (the share of the pages whose day is the true day; an undated or
skipped page counts as wrong), ``coverage`` (the share given any day), ``within_1_day``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from storyline import api
from storyline.config import Config
from storyline.errors import InputError
from storyline.evaluate.web import HALVES, Page, read_html, read_pages
from storyline.model import Skipped
from storyline.pipeline import Pipeline
from storyline.read.html import parse_html
from storyline.read.ingest import Batch

GOLD = "dates.json"
MODES = ("page", "page+url")
# htmldate alone: with its extensive search and the original date (as storyline calls it), and with its defaults
HTMLDATE = {"htmldate": (True, True), "htmldate (defaults)": (True, False)}
Progress = Callable[[int], None]


def storyline_day(html: str, page: Page, cfg: Config, pipeline: Pipeline, *, with_url: bool) -> date | None:
    """The day storyline gives the page, read and analysed alone; ``None`` when undated or skipped."""
    batch = Batch(inputs=1)
    try:
        article = parse_html(html, "page", "page", url=page.url if with_url else None)
        batch.articles.append(replace(article, id="page", source="page"))
    except InputError as e:
        batch.skipped.append(Skipped("page", str(e)))
    story = api.run(batch, cfg, pipeline=pipeline)
    published = story.docs[0].published if story.docs else None
    return published.when.start.date() if published is not None else None


def htmldate_day(html: str, page: Page, options: tuple[bool, bool], *, with_url: bool) -> date | None:
    from htmldate import find_date

    extensive, original = options
    try:
        found = find_date(html, url=page.url if with_url else None, outputformat="%Y-%m-%d",
                          extensive_search=extensive, original_date=original)
    except Exception:  # htmldate fails on some malformed pages; it then found no date
        return None
    return date.fromisoformat(found) if found else None


def date_pages(pages: Sequence[Page], cfg: Config, *, progress: Progress | None = None) -> dict[str, dict[str, Any]]:
    """The day each system gives each page, per mode: ``{"storyline page": {file: day or None}}``."""
    systems = ("storyline", *HTMLDATE)
    days: dict[str, dict[str, Any]] = {f"{system} {mode}": {} for system in systems for mode in MODES}
    with Pipeline(cfg) as pipeline:
        for page in pages:
            try:
                html = read_html(page.path)
            except InputError:
                html = ""
            for mode in MODES:
                with_url = mode == "page+url"
                days[f"storyline {mode}"][page.path.name] = storyline_day(html, page, cfg, pipeline,
                                                                         with_url=with_url) if html else None
                for name, options in HTMLDATE.items():
                    days[f"{name} {mode}"][page.path.name] = htmldate_day(html, page, options,
                                                                         with_url=with_url) if html else None
            if progress is not None:
                progress(1)
    return days


def score(pages: Sequence[Page], days: dict[str, dict[str, Any]]) -> dict[str, Any]:
    truth = {page.path.name: date.fromisoformat(page.gold["date"]) for page in pages}
    halves = {name: {p.path.name for p in pages if p.half == name} for name in HALVES}
    rows: dict[str, Any] = {}
    for key, found in days.items():
        for part in ("all", *HALVES):
            names = [name for name in found if part == "all" or name in halves[part]]
            n = len(names)
            dated = [name for name in names if found[name] is not None]
            off = [abs((found[name] - truth[name]).days) for name in dated]
            rows[f"{key} ({part})"] = {"pages": n, "accuracy": sum(d == 0 for d in off) / n if n else None,
                                       "within_1_day": sum(d <= 1 for d in off) / n if n else None,
                                       "coverage": len(dated) / n if n else None}
    return {"layout": "web", "pages": len(pages),
            "pages_per_half": {name: len(files) for name, files in halves.items()}, "scores": rows}


def evaluate(folder: Path, *, limit: int | None = None, half: str | None = None,
             console: Console | None = None) -> dict[str, Any]:
    """Date every page of ``folder`` with storyline and with htmldate, and score them; with a
    ``console``, show progress on it."""
    from storyline.evaluate.pubdate import STAGES

    pages = read_pages(folder, GOLD, limit=limit, half=half)
    cfg = api.build_config(stages=STAGES, processes=1)
    if console is None:
        return score(pages, date_pages(pages, cfg))
    with RichProgress(TextColumn("dating pages"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
        task = bar.add_task("pages", total=len(pages))
        return score(pages, date_pages(pages, cfg, progress=lambda n: bar.advance(task, n)))
