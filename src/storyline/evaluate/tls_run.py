"""`storyline eval tls`: storyline's timeline of each Timeline17 topic under two protocols, scored against the
gold (``storyline.evaluate.tls``), with DATEWISE's rerun figures beside it when the folder holds them.

- ``standard``: the literature's protocol (Martschat & Markert 2018; news-tls's evaluate.py, Gholipour
  Ghalandari & Ifrim 2020): as many dates as the gold has, the gold's mean sentences per date (rounded), and
  the gold's first and last dates given: only the articles published in that range are input, and only
  dates in it may be chosen. news-tls also keeps only the sentences with one of the topic's keywords;
  Timeline17 as stored here defines no keyword lists, so no keyword filter is applied (``KEYWORDS``).
- ``no_help``: the same number of dates and sentences per date, but no range: every article of the topic,
  any date. A user of storyline has no gold range; this is the figure that tells what they get.

Each topic is analysed once (every stage before the timeline, on all its articles); each protocol then
builds the timeline from that analysis, the standard one from the articles published in the gold's range
only. The stages before the timeline work article by article, except duplicate removal, which runs over all
the topic's articles (an article in the range dropped as the copy of one outside it is lost to the range).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from storyline import api
from storyline.errors import InputError
from storyline.evaluate.tls import LAYOUT, METRICS, Gold, read_articles, read_gold, score, topic_folders
from storyline.model import Article, Story
from storyline.pipeline import Pipeline
from storyline.read.ingest import Batch
from storyline.stages.timeline import build_timeline

Advance = Callable[[int], None]
StartTopic = Callable[[str, int], Advance]  # (label, units of work) -> advance by n units
PROTOCOLS = ("standard", "no_help")
DATEWISE_FILE = "datewise_rerun.json"
KEYWORDS = "none: the data folder defines no keyword lists per topic, so no keyword filter is applied"
HEADLINE = ("alignment_rouge1_f1", "alignment_rouge2_f1", "date_f1")


def evaluate(folder: Path, *, protocols: Sequence[str] = PROTOCOLS, hide_dates: bool = False,
             limit: int | None = None, topics: Sequence[str] | None = None,
             progress: StartTopic | None = None) -> dict[str, Any]:
    """storyline on each gold timeline of a Timeline17-layout folder under each protocol named (``PROTOCOLS``).
    Returns, per protocol, each measure of ``METRICS`` averaged over the timelines (macro average),
    ``timelines`` and ``per_timeline`` (``topic/name`` -> its figures); ``datewise`` likewise from the
    folder's ``datewise_rerun.json`` on the same timelines, when it is there; ``keywords`` says which keyword
    filter was used. ``limit`` keeps the first N timelines; ``topics`` names the topic folders to use; the
    publication days come from the folder names unless ``hide_dates``. One topic is in memory at a time.
    Raises InputError for an unknown protocol or a folder without the Timeline17 layout."""
    unknown = [p for p in protocols if p not in PROTOCOLS]
    if unknown or not protocols:
        raise InputError(f"Unknown TLS protocol {unknown[0] if unknown else ''!r}. Available: {', '.join(PROTOCOLS)}.")
    runs: dict[str, dict[str, dict[str, Any]]] = {p: {} for p in protocols}
    count = 0
    for topic in topic_folders(folder, topics):
        golds = [g for g in read_gold(topic) if g.timeline]
        golds = golds if limit is None else golds[: max(0, limit - count)]
        if not golds:
            continue
        count += len(golds)
        story = analyse(read_articles(topic, hide_dates=hide_dates), progress and _starter(progress, topic.name))
        for gold in golds:
            for protocol in protocols:
                runs[protocol][gold.key] = run_one(story, gold, protocol)
        del story
    if not count:
        raise InputError(f"No gold timeline with a date in {folder}. Expected {LAYOUT}.")
    figures: dict[str, Any] = {"timelines": count, "keywords": KEYWORDS}
    figures |= {protocol: summarize(per_timeline) for protocol, per_timeline in runs.items()}
    datewise = read_datewise(folder, list(runs[protocols[0]]))
    if datewise:
        figures["datewise"] = datewise
    return figures


def _starter(progress: StartTopic, label: str) -> Callable[[int], Advance]:
    return lambda total: progress(label, total)


def summarize(per_timeline: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each measure averaged over the timelines, with their count and the per-timeline figures."""
    averages = {m: sum(t[m] for t in per_timeline.values()) / len(per_timeline) for m in METRICS}
    return {**averages, "timelines": len(per_timeline), "per_timeline": per_timeline}


def run_one(story: Story, gold: Gold, protocol: str) -> dict[str, Any]:
    """storyline's timeline for one gold under one protocol, scored."""
    started = time.perf_counter()
    standard = protocol == "standard"
    predicted = predict(story, max_dates=len(gold.timeline), sentences_per_date=gold.sentences_per_date,
                        since=gold.first if standard else None, until=gold.last if standard else None)
    kept = len(in_range(story, gold.first, gold.last).docs) if standard else len(story.docs)
    return {**score(predicted, gold.timeline), "articles": kept, "gold_dates": len(gold.timeline),
            "predicted_dates": len(predicted), "sentences_per_date": gold.sentences_per_date,
            "seconds": round(time.perf_counter() - started, 2)}


def analyse(articles: list[Article], progress: Callable[[int], Advance] | None = None) -> Story:
    """Every default stage before the timeline, over all the articles (the summary and the events after
    the timeline play no part in it)."""
    defaults = api.build_config().pipeline.stages
    stages = defaults[: defaults.index("timeline")] if "timeline" in defaults else defaults
    cfg = api.build_config(stages=stages)
    with Pipeline(cfg) as pipeline:
        pipeline.start(len(articles))
        total = len(articles) * _doc_stage_groups(pipeline)
        advance = _Counted(progress(total) if progress else None, total)
        story = api.run(Batch(articles=list(articles), inputs=len(articles)), cfg, progress=advance,
                        pipeline=pipeline)
        advance.finish()
    return story


def in_range(story: Story, since: date, until: date) -> Story:
    """The story with only the articles published from ``since`` to ``until`` (both included)."""
    docs = tuple(doc for doc in story.docs if doc.published is not None
                 and since <= doc.published.when.start.date() <= until)
    return replace(story, docs=docs)


def predict(story: Story, *, max_dates: int, sentences_per_date: int, since: date | None = None,
            until: date | None = None) -> dict[date, list[str]]:
    """storyline's timeline of an analysed story as ``{day: [sentence text, ...]}``; with ``since`` and
    ``until``, from the articles published in that range and with dates in it only."""
    # the gold timelines are days: month entries ("in November 2015") are left out, as the protocol asks
    cfg = api.build_config(max_dates=max_dates, sentences_per_date=sentences_per_date, months=False,
                           since=since.isoformat() if since else None, until=until.isoformat() if until else None)
    source = in_range(story, since, until) if since and until else story
    built = build_timeline(source, cfg)
    timeline: dict[date, list[str]] = defaultdict(list)
    for entry in built.timeline:
        timeline[entry.when.start.date()].extend(built.cited_text(c) for c in entry.sentences)
    return dict(timeline)


def read_datewise(folder: Path, keys: Sequence[str]) -> dict[str, Any] | None:
    """DATEWISE's rerun figures (``datewise_rerun.json`` of the data folder, keyed by topic or ``topic/name``)
    for the timelines named, averaged over those of them it has; None when the file is not there."""
    path = folder / DATEWISE_FILE if folder.is_dir() else folder.parent / DATEWISE_FILE
    if not path.is_file():
        return None
    try:
        rerun: Mapping[str, Mapping[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["timelines"]
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path} is not a DATEWISE rerun file: expected {{\"timelines\": {{topic: "
                         f"{{metric: value, ...}}}}}} ({e}).") from e
    found = {key: dict(row) for key in keys if (row := rerun.get(key) or rerun.get(key.split("/")[0]))}
    if not found:
        return None
    averages = {m: sum(row[m] for row in found.values()) / len(found) for m in METRICS
                if all(m in row for row in found.values())}
    return {**averages, "timelines": len(found), "per_timeline": found}


def comparison(figures: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Two tables for the screen: every measure's mean for each system and protocol run (one column each),
    and each timeline's alignment ROUGE-1/2 F1 and date F1 side by side, with their means last."""
    systems = {name: figures[name] for name in (*PROTOCOLS, "datewise") if name in figures}
    labels = {"standard": "storyline standard", "no_help": "storyline no help",
              "datewise": "DATEWISE rerun (standard, keywords)"}
    means = {m: {labels[name]: run.get(m) for name, run in systems.items()} for m in METRICS}
    short = {"standard": "std", "no_help": "no-help", "datewise": "DATEWISE"}
    metric = {"alignment_rouge1_f1": "R1", "alignment_rouge2_f1": "R2", "date_f1": "dF1"}
    rows: dict[str, dict[str, Any]] = {}
    for key in [*next(iter(systems.values()))["per_timeline"], "mean"]:
        rows[key] = {f"{short[name]} {metric[m]}": (run if key == "mean" else run["per_timeline"].get(key, {})).get(m)
                     for name, run in systems.items() for m in HEADLINE}
    return means, rows


def _doc_stage_groups(pipeline: Pipeline) -> int:
    """How many times the articles go through per-article stages (story stages split the runs)."""
    scopes = [info.scope for info in pipeline.stages]
    return max(1, sum(s == "doc" and (i == 0 or scopes[i - 1] != "doc") for i, s in enumerate(scopes)))


class _Counted:
    """Passes progress on and, at the end, fills up what dropped or merged articles never reported."""

    def __init__(self, advance: Advance | None, total: int) -> None:
        self.advance, self.total, self.done = advance, total, 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.advance:
            self.advance(n)

    def finish(self) -> None:
        if self.advance and self.done < self.total:
            self.advance(self.total - self.done)
