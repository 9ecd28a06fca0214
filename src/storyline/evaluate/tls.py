"""`storyline eval tls`: timeline summarization (TLS) on Timeline17-layout folders, scored as tilse 0.2.1
scores it (Martschat & Markert 2017, 2018), the measures the TLS literature reports.

A timeline is ``{date: [sentence, ...]}``. Against one reference timeline:

- date F1: F1 of the predicted dates against the reference dates (exact day).
- concat ROUGE-N: the daily summaries of each timeline, in date order, scored as one summary.
- agreement ROUGE-N: each date's summaries compared only with the other timeline's summary of that same
  date; counts are summed over all dates (a date on one side only adds to that side's denominator).
- alignment ROUGE-N (tilse's ``align_date_content_costs_many_to_one``): for precision each predicted date
  is paired with the reference date of least cost, for recall each reference date with the predicted date
  of least cost (many-to-one). The cost of a pair is (1 - 1/(days apart + 1)) x (1 - an approximate
  ROUGE-1 F1 of their summaries on raw whitespace tokens); ties go to the earlier date. A pair's ROUGE hits
  count 1/(days apart + 1) each.

ROUGE-N precision and recall are micro-averaged (counts summed, then divided) and F1 is their harmonic mean;
the n-gram counting is ROUGE-1.5.5's, see ``storyline.evaluate.rouge155``. Where tilse would divide by
zero (an empty predicted timeline), the score is 0.

Reading a Timeline17-layout folder (topics, gold timelines, articles) is here too; running storyline on it
under the standard protocol, and beside DATEWISE, is ``storyline.evaluate.tls_run``."""

from __future__ import annotations

import json
import logging
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from storyline import api
from storyline.errors import InputError
from storyline.evaluate import rouge155
from storyline.model import Article, Published, Skipped, When

log = logging.getLogger(__name__)

Timeline = Mapping[date, Sequence[str]]
METRICS = ("date_f1", "concat_rouge1_f1", "concat_rouge2_f1", "agreement_rouge1_f1", "agreement_rouge2_f1",
           "alignment_rouge1_f1", "alignment_rouge2_f1")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def _score(precision: float, recall: float) -> Score:
    return Score(precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def rouge_score(counts: rouge155.Counts) -> Score:
    """Precision, recall and F1 of ROUGE counts."""
    return _score(_ratio(counts.hit, counts.peer), _ratio(counts.hit, counts.reference))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def date_scores(predicted: Timeline, reference: Timeline) -> Score:
    """Precision, recall and F1 of the predicted dates against the reference dates (same day only)."""
    both = len(set(predicted) & set(reference))
    return _score(_ratio(both, len(predicted)), _ratio(both, len(reference)))


class _Grams:
    """A timeline's n-grams per date as ROUGE-1.5.5 forms them, computed once."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.dates = sorted(timeline)
        self.tokens = {day: rouge155.tokens(timeline[day]) for day in self.dates}

    def of(self, day: date | None, n: int) -> Counter[tuple[str, ...]]:
        return rouge155.ngrams(self.tokens.get(day, []) if day is not None else [], n)

    def all(self, n: int) -> Counter[tuple[str, ...]]:
        return rouge155.ngrams([t for day in self.dates for t in self.tokens[day]], n)


def concat_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """ROUGE-N of all predicted daily summaries, in date order, against all reference ones."""
    counts = rouge155.count(_Grams(predicted).all(n), [_Grams(reference).all(n)])
    return rouge_score(counts)


def agreement_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """ROUGE-N comparing each date's summaries only with the other timeline's summary of the same date."""
    pred, ref = _Grams(predicted), _Grams(reference)
    hit_p = peer = hit_r = model = 0
    for day in set(predicted) | set(reference):
        counts = rouge155.count(pred.of(day, n), [ref.of(day, n)])
        if day in predicted:
            hit_p, peer = hit_p + counts.hit, peer + counts.peer
        if day in reference:
            hit_r, model = hit_r + counts.hit, model + counts.reference
    return _score(_ratio(hit_p, peer), _ratio(hit_r, model))


def alignment_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """ROUGE-N over a many-to-one alignment of dates, each pair's hits weighted by 1/(days apart + 1)."""
    pred, ref = _Grams(predicted), _Grams(reference)
    cost = _Costs(predicted, reference)
    hits_p: list[float] = []
    peer: list[int] = []
    for day in pred.dates:
        match = min(ref.dates, key=lambda r: cost(day, r)) if ref.dates else None
        counts = rouge155.count(pred.of(day, n), [ref.of(match, n)])
        hits_p.append(_closeness(day, match) * counts.hit)
        peer.append(counts.peer)
    hits_r: list[float] = []
    model: list[int] = []
    for day in ref.dates:
        match = min(pred.dates, key=lambda p: cost(p, day)) if pred.dates else None
        counts = rouge155.count(pred.of(match, n), [ref.of(day, n)])
        hits_r.append(_closeness(match, day) * counts.hit)
        model.append(counts.reference)
    return _score(_ratio(sum(hits_p), sum(peer)), _ratio(sum(hits_r), sum(model)))


def _closeness(a: date | None, b: date | None) -> float:
    """1/(days apart + 1), the weight of an aligned pair's hits; an unaligned date has no hits to weigh."""
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1) if a and b else 1.0


class _Costs:
    """tilse's alignment cost of a (predicted date, reference date) pair, cached."""

    def __init__(self, predicted: Timeline, reference: Timeline) -> None:
        self.pred = {day: _bag(predicted[day]) for day in predicted}
        self.ref = {day: _bag(reference[day]) for day in reference}
        self.cache: dict[tuple[date, date], float] = {}

    def __call__(self, p: date, r: date) -> float:
        if (p, r) not in self.cache:
            date_factor = 1 - 1 / (abs(p.toordinal() - r.toordinal()) + 1)
            self.cache[p, r] = date_factor * (1 - _approximate_rouge1(self.pred[p], self.ref[r]))
        return self.cache[p, r]


def _bag(sentences: Iterable[str]) -> Counter[str]:
    """Raw whitespace tokens, without those that are a substring of ``string.punctuation`` (tilse's test)."""
    return Counter(t for sent in sentences for t in sent.split() if t not in string.punctuation)


def _approximate_rouge1(pred: Counter[str], ref: Counter[str]) -> float:
    match = sum(min(k, ref[t]) for t, k in pred.items())
    precision, recall = _ratio(match, sum(pred.values())), _ratio(match, sum(ref.values()))
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(predicted: Timeline, reference: Timeline) -> dict[str, float]:
    """Every measure of a predicted timeline against one reference, under the names in ``METRICS``."""
    figures = {"date_f1": date_scores(predicted, reference).f1}
    for name, measure in (("concat", concat_rouge), ("agreement", agreement_rouge), ("alignment", alignment_rouge)):
        for n in (1, 2):
            figures[f"{name}_rouge{n}_f1"] = measure(predicted, reference, n).f1
    return figures


# --- The standard protocol on a Timeline17-layout folder -------------------------------------------------

LAYOUT = ("DIR/<topic>/InputDocs/<YYYY-MM-DD>/<article>.txt (one article per file, in a folder named after "
          "its publication day) and DIR/<topic>/timelines/<name>.txt (or DIR/<topic>/timelines.jsonl), "
          "as in Timeline17")


@dataclass(frozen=True)
class Gold:
    """One gold timeline of a topic."""

    topic: str
    name: str
    timeline: dict[date, list[str]]

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.name}"

    @property
    def first(self) -> date:
        return min(self.timeline)

    @property
    def last(self) -> date:
        return max(self.timeline)

    @property
    def sentences_per_date(self) -> int:
        """The gold's mean number of sentences per date, rounded (at least 1)."""
        return max(1, round(sum(map(len, self.timeline.values())) / max(1, len(self.timeline))))


def topic_folders(folder: Path, names: Sequence[str] | None = None) -> list[Path]:
    """The topic folders (those holding InputDocs/) of a Timeline17-layout folder, or the folder itself
    when it is one topic; only those named in ``names`` when given."""
    if not folder.is_dir():
        raise InputError(f"No folder at {folder}. Expected a Timeline17-layout folder: {LAYOUT}.")
    found = [folder] if (folder / "InputDocs").is_dir() else sorted(
        p for p in folder.iterdir() if (p / "InputDocs").is_dir())
    if not found:
        raise InputError(f"{folder} holds no topic folder (one with an InputDocs/ folder inside). Expected {LAYOUT}.")
    if names:
        unknown = [n for n in names if n not in {p.name for p in found}]
        if unknown:
            raise InputError(f"No topic {unknown[0]!r} in {folder}. Available: {', '.join(p.name for p in found)}.")
        found = [p for p in found if p.name in names]
    return found


def read_gold(topic: Path) -> list[Gold]:
    """A topic's gold timelines: each ``timelines/<name>.txt`` (tilse's format: a date line, its sentences,
    a line of dashes), else each line of ``timelines.jsonl`` (``[["YYYY-MM-DD", [sentence, ...]], ...]``).
    The .txt files come first: in Timeline17 they are the source, and MJ_bbc's .jsonl copy files the
    sentences of the malformed date "2011-04-0" under 2011-03-03, in place of that date's own sentence."""
    files = sorted((topic / "timelines").glob("*.txt")) if (topic / "timelines").is_dir() else []
    if files:
        return [Gold(topic.name, f.stem, parse_timeline_txt(f.read_text(encoding="utf-8"), f)) for f in files]
    jsonl = topic / "timelines.jsonl"
    if jsonl.is_file():
        lines = [line for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [Gold(topic.name, f"timeline{i}", _parse_jsonl_line(line, jsonl, i)) for i, line in enumerate(lines, 1)]
    raise InputError(f"{topic} has no gold timeline: no timelines/<name>.txt and no timelines.jsonl. "
                     f"Expected {LAYOUT}.")


_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def parse_timeline_txt(text: str, source: Path | str = "timeline") -> dict[date, list[str]]:
    """tilse's timeline format: a ``YYYY-MM-DD`` line, that date's sentences one a line, then a line of
    dashes. A date must end with its dashes line to count (as in tilse). A date line that is no real day
    (Timeline17's MJ_bbc gold has "2011-04-0") is left out with its sentences, and a warning says so."""
    timeline: dict[date, list[str]] = {}
    day: date | None = None
    sentences: list[str] = []
    bad: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if len(line) >= 3 and set(line) == {"-"}:
            if day is not None:
                timeline[day] = sentences
            day, sentences = None, []
        elif _DAY.match(line):
            day = _day_or_none(line)
            bad += [] if day else [line]
        elif line:
            sentences.append(line)
    _warn_bad_days(str(source), bad)
    return timeline


def _day_or_none(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def _parse_day(text: str, source: Path | str) -> date:
    day = _day_or_none(text)
    if day is None:
        raise InputError(f"{source}: {text!r} is not a valid YYYY-MM-DD date. Expected {LAYOUT}.")
    return day


def _parse_jsonl_line(line: str, source: Path, number: int) -> dict[date, list[str]]:
    try:
        entries = [(str(day), [str(sent).strip() for sent in sentences]) for day, sentences in json.loads(line)]
    except (ValueError, TypeError) as e:
        raise InputError(f"{source} line {number} is not a timeline: expected "
                         f'[["YYYY-MM-DD", ["sentence", ...]], ...] ({e}).') from e
    timeline = {day: sentences for text, sentences in entries if (day := _day_or_none(text.strip()))}
    bad = [text.strip() for text, _ in entries if not _day_or_none(text.strip())]
    _warn_bad_days(f"{source} line {number}", bad)
    return timeline


def _warn_bad_days(where: str, bad: list[str]) -> None:
    if bad:
        log.warning("%s: left out %d date(s) that are no real day, with their sentences: %s.", where, len(bad),
                    ", ".join(bad))


def read_articles(topic: Path, *, hide_dates: bool = False) -> list[Article]:
    """Every article under ``<topic>/InputDocs/<YYYY-MM-DD>/`` as storyline reads it (PTB tokenization
    undone), its id ``<YYYY-MM-DD>/<file stem>``, published that day unless ``hide_dates``."""
    cfg = api.build_config()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for day_folder in sorted(p for p in (topic / "InputDocs").iterdir() if p.is_dir()):
        day = _parse_day(day_folder.name, day_folder)
        published = None if hide_dates else Published(
            When(datetime(day.year, day.month, day.day, tzinfo=UTC), "day"), "metadata", 1.0,
            "Timeline17 folder name")
        batch = api.read(day_folder, cfg)
        skipped += batch.skipped
        articles += [replace(a, id=f"{day_folder.name}/{a.id}", published=published) for a in batch.articles]
    if skipped:
        log.warning("%s: %d file(s) not read, e.g. %s: %s", topic.name, len(skipped), skipped[0].source,
                    skipped[0].reason)
    if not articles:
        raise InputError(f"{topic}/InputDocs holds no readable article. Expected {LAYOUT}.")
    return articles
