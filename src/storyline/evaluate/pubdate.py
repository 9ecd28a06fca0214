"""`storyline eval pubdate`: publication dates found with the dates hidden.

Each article is given to storyline without its date, under an opaque id (file names such as
``APW19980807.0261`` carry the date), and analysed with the rest of its collection, as a user would
give it: a Timeline17 topic folder at a time (truth: the ``<YYYY-MM-DD>`` folder an article sits in),
or every document of a TimeML folder together (truth: the document creation time). Measured:

- ``coverage``: the share of the articles that got any date; skipped inputs count as undated.
- ``exact``, ``within_1_day``, ``within_7_days``: the share of ALL articles whose date's first day
  (``When.start.date()``, so a month or a year counts only if that day matches) is the true day,
  at most 1 or at most 7 days off; undated articles count as wrong.
- ``exact_of_dated``, ...: the same over the dated articles only.
- ``stated``: the share dated from what the text states (a dateline or a date line), not inferred.
- ``by_how``: per ``published_how``, the articles so dated and their exact and ±7 day accuracy.
- ``per_topic`` (Timeline17): the main figures per topic.

With ``--by-story`` the Timeline17 topic folders of one story (``bpoil_bbc``, ``bpoil_reuters``, ...: the
folder name before the outlet) are analysed together, so an outlet whose articles state no date can be
dated from another's; the figures are still per article and per topic folder.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any, Literal, get_args

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import api
from storyline.config import Config
from storyline.errors import InputError
from storyline.evaluate import pubdate_web
from storyline.evaluate.timeml import read_timeml, timeml_files
from storyline.evaluate.web import is_web_layout
from storyline.model import Article, Published, PublishedHow, Skipped, Story
from storyline.pipeline import Pipeline
from storyline.read.ingest import Batch, parse_bytes, read_file

log = logging.getLogger(__name__)

# The stages that date articles: "dates" requires published (temporal), timexes (timex) and sentences.
STAGES = ("clean", "dedupe", "sentences", "temporal", "timex", "dates")
HOWS: tuple[PublishedHow, ...] = get_args(PublishedHow)
MAIN = ("articles", "skipped", "coverage", "stated", "exact", "within_1_day", "within_7_days")
Layout = Literal["timeml", "timeline17"]

_DAY_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LAYOUTS = ("a folder of TimeML (.tml) files (e.g. TempEval-3's TBAQ-cleaned), a Timeline17 folder "
            "(<topic>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt) or a folder of web pages (pages/<file>.html and "
            "dates.json)")


@dataclass(frozen=True)
class Item:
    """One input and its true publication day; ``text`` is the TimeML <TEXT> (else the file is read)."""

    collection: str
    path: Path
    truth: date
    text: str | None = None


@dataclass(frozen=True)
class Outcome:
    """One evaluated article: its true day and the date storyline gave it (``None``: none, or skipped)."""

    truth: date
    published: Published | None
    skipped: bool = False
    merged: bool = False

    @property
    def error_days(self) -> int | None:
        """How many days the date's first day is off the true day; ``None`` when undated."""
        if self.published is None:
            return None
        return abs((self.published.when.start.date() - self.truth).days)


# --- finding the inputs ----------------------------------------------------------------------------

def find_layout(folder: Path) -> Layout:
    """Which benchmark layout ``folder`` has; InputError when it has neither."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; give {_LAYOUTS}.")
    if _topic_folders(folder):
        return "timeline17"
    if next(folder.rglob("*.tml"), None) is not None:
        return "timeml"
    raise InputError(f"{folder} holds neither TimeML (.tml) files nor <topic>/InputDocs/ folders; give {_LAYOUTS}.")


def _topic_folders(folder: Path) -> list[Path]:
    """The folder itself when it is one topic (it holds InputDocs/), else its topic subfolders."""
    if (folder / "InputDocs").is_dir():
        return [folder]
    return sorted(d for d in folder.iterdir() if (d / "InputDocs").is_dir())


def find_items(folder: Path, *, limit: int | None = None) -> tuple[Layout, list[Item]]:
    """The layout and the first ``limit`` inputs (sorted), each with its true day."""
    layout = find_layout(folder)
    if layout == "timeml":
        return layout, [_timeml_item(folder.name, path) for path in timeml_files(folder)[:limit]]
    items = [item for topic in _topic_folders(folder) for item in _timeline17_items(topic)]
    if not items:
        raise InputError(f"No article files in {folder}'s <topic>/InputDocs/<YYYY-MM-DD>/ folders; give {_LAYOUTS}.")
    return layout, items[:limit]


def _timeml_item(collection: str, path: Path) -> Item:
    doc = read_timeml(path)
    return Item(collection, path, doc.dct, doc.text)


def _timeline17_items(topic: Path) -> list[Item]:
    items: list[Item] = []
    for day_folder in sorted((topic / "InputDocs").iterdir()):
        truth = _day(day_folder)
        if truth is None:
            continue
        items.extend(Item(topic.name, path, truth) for path in sorted(day_folder.iterdir())
                     if path.is_file() and not path.name.startswith("."))
    return items


def _day(folder: Path) -> date | None:
    if not folder.is_dir() or not _DAY_FOLDER.match(folder.name):
        return None
    try:
        return date.fromisoformat(folder.name)
    except ValueError:
        return None


def read_article(item: Item, key: str, cfg: Config) -> Article:
    """The input as storyline reads it, under the opaque id ``key`` and with no date."""
    if item.text is not None:
        articles, _ = parse_bytes(item.text.encode("utf-8"), key, key, ".txt")
    else:
        articles, _ = read_file(item.path, cfg.ingest)
    if len(articles) != 1:
        raise InputError(f"read as {len(articles)} articles, expected one.")
    return replace(articles[0], id=key, source=key, published=None)


# --- dating a collection ---------------------------------------------------------------------------

def date_collection(items: Sequence[Item], cfg: Config, *, pipeline: Pipeline | None = None,
                    console: Console | None = None) -> list[Outcome]:
    """Analyse the items together with their dates hidden; one outcome per item, in order. A merged
    duplicate gets the date of the article it was kept with; a skipped input has no date."""
    keys = [f"a{n:05d}" for n in range(len(items))]
    batch = Batch(inputs=len(items))
    for key, item in zip(keys, items, strict=True):
        try:
            batch.articles.append(read_article(item, key, cfg))
        except InputError as e:
            batch.skipped.append(Skipped(key, str(e)))
    name = items[0].collection if items else "(empty)"
    started = time.perf_counter()
    story = _run(batch, cfg, name, pipeline=pipeline, console=console)
    if console is not None:
        paths = {key: item.path for key, item in zip(keys, items, strict=True)}
        _report(console, name, batch, story, paths, time.perf_counter() - started)
    dated: dict[str, tuple[Published | None, bool]] = {}
    for doc in story.docs:
        for source in doc.sources or (doc.id,):
            dated[source] = (doc.published, source != doc.id)
    return [Outcome(item.truth, dated[key][0], merged=dated[key][1]) if key in dated
            else Outcome(item.truth, None, skipped=True) for key, item in zip(keys, items, strict=True)]


def _run(batch: Batch, cfg: Config, name: str, *, pipeline: Pipeline | None, console: Console | None) -> Story:
    with _progress(console, name, len(batch.articles) * _doc_groups(pipeline or Pipeline(cfg))) as advance:
        story = api.run(batch, cfg, progress=advance, pipeline=pipeline)
    failed = sorted({f.stage for f in story.failures if f.article_id == "*"})
    if failed:
        log.warning("%s: stage(s) %s failed on the collection; its dates are incomplete.", name, ", ".join(failed))
    return story


def _report(console: Console, name: str, batch: Batch, story: Story, paths: dict[str, Path], seconds: float) -> None:
    """One line per collection, and the first few reasons inputs were skipped (they count as undated)."""
    merged = sum(len(doc.sources) - 1 for doc in story.docs)
    console.print(f"{name}: {batch.inputs} input(s) dated in {seconds:.0f}s; {len(story.docs)} article(s) analysed, "
                  f"{merged} duplicate(s) merged, {len(story.skipped)} skipped (counted as undated)",
                  highlight=False, markup=False)
    for skipped in story.skipped[:3]:
        console.print(f"  skipped {paths.get(skipped.source, skipped.source)}: {skipped.reason}",
                      highlight=False, markup=False)
    if len(story.skipped) > 3:
        console.print(f"  ... and {len(story.skipped) - 3} more", highlight=False, markup=False)


def _doc_groups(pipeline: Pipeline) -> int:
    """How many runs of per-article stages the pipeline has (each reports progress per article)."""
    scopes = [info.scope for info in pipeline.stages]
    return sum(s == "doc" and (i == 0 or scopes[i - 1] != "doc") for i, s in enumerate(scopes))


@contextmanager
def _progress(console: Console | None, name: str, total: int) -> Iterator[Callable[[int], None] | None]:
    if console is None:
        yield None
        return
    with Progress(TextColumn(f"dating {name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(name, total=total)
        yield lambda n: bar.advance(task, n)


# --- scoring -----------------------------------------------------------------------------------------

def score(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Coverage and day accuracy over all the articles and over the dated ones, and per how."""
    dated = [o for o in outcomes if o.published is not None]
    n = len(outcomes)
    figures: dict[str, Any] = {
        "articles": n,
        "skipped": sum(o.skipped for o in outcomes),
        "merged": sum(o.merged for o in outcomes),
        "coverage": _share(len(dated), n),
        "stated": _share(sum(o.published.how != "inferred" for o in dated if o.published is not None), n),
    }
    for name, days in (("exact", 0), ("within_1_day", 1), ("within_7_days", 7)):
        figures[name] = _share(_hits(dated, days), n)
    for name, days in (("exact", 0), ("within_1_day", 1), ("within_7_days", 7)):
        figures[f"{name}_of_dated"] = _share(_hits(dated, days), len(dated))
    figures["by_how"] = {how: _how_figures([o for o in dated if o.published and o.published.how == how])
                         for how in HOWS}
    return figures


def _how_figures(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    n = len(outcomes)
    return {"articles": n, "exact": _share(_hits(outcomes, 0), n), "within_7_days": _share(_hits(outcomes, 7), n)}


def _hits(outcomes: Sequence[Outcome], days: int) -> int:
    return sum(o.error_days is not None and o.error_days <= days for o in outcomes)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- the whole evaluation --------------------------------------------------------------------------

def story_of(topic: str) -> str:
    """The story a Timeline17 topic folder belongs to: its name before the outlet ("bpoil_bbc" -> "bpoil")."""
    return topic.split("_", 1)[0]


def evaluate(folder: Path, *, limit: int | None = None, console: Console | None = None,
             by_story: bool = False, half: str | None = None) -> dict[str, Any]:
    """Date every article of ``folder`` with its date hidden, one collection at a time, and score them.
    A collection is a topic folder (one outlet's articles on one story), or with ``by_story`` every
    outlet's articles on the story together, as a user following the story would give them. With a
    ``console``, show progress on it per collection. A folder of web pages (``pages/`` and
    ``dates.json``) is evaluated page by page (``evaluate.pubdate_web``), ``half`` of it if given."""
    if is_web_layout(folder, pubdate_web.GOLD):
        return pubdate_web.evaluate(folder, limit=limit, half=half, console=console)
    layout, items = find_items(folder, limit=limit)
    cfg = api.build_config(stages=STAGES)
    grouping = story_of if by_story and layout == "timeline17" else (lambda name: name)
    items = sorted(items, key=lambda item: grouping(item.collection))  # stable: topics stay in order
    collections = [list(group) for _, group in groupby(items, key=lambda item: grouping(item.collection))]
    outcomes: dict[str, list[Outcome]] = {}
    with Pipeline(cfg) as pipeline:
        pipeline.start(max((len(c) for c in collections), default=0))
        for collection in collections:
            dated = date_collection(collection, cfg, pipeline=pipeline, console=console)
            for item, outcome in zip(collection, dated, strict=True):
                outcomes.setdefault(item.collection, []).append(outcome)
    figures: dict[str, Any] = {"layout": layout, "collections": len(collections),
                               "grouping": "story" if grouping is story_of else "topic"}
    figures.update(score([o for group in outcomes.values() for o in group]))
    if layout == "timeline17":
        figures["per_topic"] = {name: {k: v for k, v in score(group).items() if k in MAIN}
                                for name, group in outcomes.items()}
    return figures
