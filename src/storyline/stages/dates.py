"""Dates: every article dated, every time expression resolved, every sentence dated.

A story stage after ``temporal`` (the dates the inputs state) and ``timex`` (time expressions).

An article without a stated date is dated by constraints, each from one of its relative time
expressions read against an event it reports that has an absolute date somewhere in the collection
(in another article, or in its own text). A sentence matches an event sentence when they share rare
words (idf-weighted). "talks in Tesselburg Tuesday" matched to "talks were held in Tesselburg on 9 March
2021" (a Tuesday) puts the article in the week from 9 March; "last month's flood" matched to a flood dated
February 2021 puts it in March 2021; "last year's closure" matched to November 2020 puts it in 2021; a
present-tense opening sentence matched to an event dated elsewhere puts it on that day. The article's
own latest named day votes too (moved to the first day on or after it that falls on a weekday the
article names). Then the year, the month within it and the day within that with the most weight win
(top down). With no clue at all, the most similar surely dated articles vote. An inferred date has
``how="inferred"``, a confidence and a one-line reason. The confidence is the chance that the date is
within a week of the truth, read from the evidence that decided it (``Evidence``, ``confidence_of``).

Then each article's time expressions are resolved again against its final date, and each sentence gets
the date of what it reports: its own time expression (a day, month or year), else the article's date.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from storyline.config import Config
from storyline.model import Doc, Granularity, Published, Span, Story, Timex, When
from storyline.registry import stage
from storyline.time.confidence import Evidence, confidence_of
from storyline.time.grammar import tag
from storyline.time.timewords import add_months, tense

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_RELATIVE = re.compile(r"^(?:(?P<which>last|this|next|past|previous)\s+(?P<unit>month|year)|"
                       r"(?P<n>\w+)[- ](?P<unit2>months?|years?)\s+ago)$", re.I)
_BOUND = re.compile(r"\b(?:by|until|till|before|after|since|from)\s+(?:the\s+)?$", re.I)
_DEICTIC = {"yesterday": -1, "today": 0, "tonight": 0, "last night": -1, "this morning": 0, "tomorrow": 1}
_AFTER = re.compile(r"^\s+(?:after|since)\b", re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_STOP = frozenset({
    "that", "this", "with", "from", "have", "were", "they", "their", "there", "which", "when", "what",
    "about", "after", "before", "would", "could", "should", "been", "also", "into", "than", "then", "them",
    "these", "those", "will", "said", "says", "told", "while", "where", "other", "more", "most", "some",
    "such", "only", "over", "under", "being", "both", "each", "just", "very", "upon", "across",
    "against", "among", "within", "without", "since", "until", "because", "however", "although", "between",
    "following", "during", "through", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "week", "month", "year", "years", "months", "weeks",
})
_MIN_SIMILARITY = 0.2  # idf-weighted share of a sentence's words found in the event sentence
_OPENING = 5  # opening sentences whose weekdays ("said on Tuesday") name the article's own day
_LEAD = 2  # opening sentences whose present tense reports the article's own day
_ROUNDS = 2
_TRUSTED = 0.5  # an inferred date at least this likely to be within a week dates other articles' events
_NEWS_DAYS = 7  # an event this close to its article's date was news when that article appeared
_HISTORY = timedelta(days=60)  # a day this long before the collection's first stated date is history
_OWN_WEIGHT = 1.0  # the weight of the article's own latest named day among the constraints
_NEIGHBOURS = 3  # surely dated articles most like an undated one that vote on its date
_MIN_COSINE = 0.1  # how alike (cosine) a neighbour must be to vote
_NEIGHBOUR_DAYS = 1  # a neighbour's vote covers its date and this many days either side
_BAG_CHARS = 3000  # the opening of an article that is compared with its neighbours


@stage("dates", scope="story", requires=("published", "timexes", "sentences"), provides=("dates",))
def date_articles(story: Story, cfg: Config) -> Story:
    docs = list(story.docs)
    stated = {doc.id for doc in docs if doc.published is not None}
    original = {doc.id: doc for doc in docs}  # as read: relative expressions not yet resolved
    for _ in range(_ROUNDS):  # each round, the articles dated surely in the last one date events for the next
        index = EventIndex(docs)
        docs = [doc if doc.id in stated or _trusted(doc) else
                _with_date(original[doc.id], infer_date(original[doc.id], index) or doc.published) for doc in docs]
    return replace(story, docs=tuple(date_sentences(doc) for doc in docs))


def _trusted(doc: Doc) -> bool:
    """Dated surely enough that its relative expressions date events for other articles."""
    published = doc.published
    return published is not None and published.when.granularity == "day" and (
        published.how != "inferred" or published.confidence >= _TRUSTED)


def _with_date(doc: Doc, published: Published | None) -> Doc:
    """The doc with its new date and, for a day, its time expressions resolved against it."""
    if published is None:
        return doc
    if published.when.granularity != "day":
        return replace(doc, published=published)
    dct = published.when.start.date()
    return replace(doc, published=published, timexes=tuple(tag(doc.text, dct, [s.span for s in doc.sentences])))


def _when(day: date, granularity: Granularity = "day") -> When:
    return When(datetime(day.year, day.month, day.day, tzinfo=UTC), granularity)


def _day_of(timex: Timex) -> date | None:
    match = _DAY.match(timex.value)
    if match is None or timex.type not in ("DATE", "TIME"):
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class Reading:
    """One article as the dating reads it: the sentence and tense of each time expression, and the
    content words of each sentence, each found once (the stage asks for them many times)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._starts = [s.span.start for s in doc.sentences]
        self._mention_starts = [m.span.start for m in doc.mentions]  # mentions are in text order
        self._tenses: dict[Span, str] = {}
        self._words: dict[Span, frozenset[str]] = {}

    def sentence_of(self, timex: Timex) -> Span | None:
        i = bisect_right(self._starts, timex.span.start) - 1
        sentences = self.doc.sentences
        return sentences[i].span if i >= 0 and timex.span.start < sentences[i].span.end else None

    def tense_of(self, timex: Timex) -> str:
        if timex.span not in self._tenses:
            self._tenses[timex.span] = tense(self.doc.text, timex.span.start, timex.span.end, self.sentence_of(timex))
        return self._tenses[timex.span]

    def words(self, span: Span) -> frozenset[str]:
        """The content words of a sentence, each person named once by surname ("Ana Diaz" is "diaz"),
        so that a full name does not weigh more than the place or the act the sentences share."""
        if span not in self._words:
            doc = self.doc
            text = span.text_of(doc.text)
            inside = doc.mentions[bisect_left(self._mention_starts, span.start) : bisect_left(self._mention_starts,
                                                                                                  span.end)]
            for mention in reversed(inside):
                if mention.label == "PERSON" and mention.span.end <= span.end:
                    start, end = mention.span.start - span.start, mention.span.end - span.start
                    text = text[:start] + mention.name.split()[-1] + text[end:]
            self._words[span] = content_words(text)
        return self._words[span]

    def past_days(self) -> list[tuple[date, Timex]]:
        """Absolute days the article names outside the future tense."""
        return [(d, t) for t in self.doc.timexes if t.anchor == "none" and (d := _day_of(t)) is not None
                and self.tense_of(t) != "future"]

    def past_weekdays(self, before: int | None = None) -> set[int]:
        """Weekdays (0 = Monday) named outside the future tense, before character ``before`` if given."""
        return {int(m.group(1)) - 1 for t in self.doc.timexes if (before is None or t.span.start < before)
                and (m := _WEEKDAY.match(t.value)) and self.tense_of(t) != "future"}


# --- events: sentences with an absolute date ------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """A sentence that dates what it reports: a day, or a month or year when that is all it says."""

    start: date
    granularity: Granularity
    article: str
    text: str
    words: frozenset[str]
    reported: date | None = None  # the date of the article that dates it, when that is trusted

    def describe(self) -> str:
        shown = {"day": "%d %B %Y", "month": "%B %Y"}.get(self.granularity, "%Y")
        return f"{self.start:{shown}} (article '{self.article}')"


class EventIndex:
    """Every dated event sentence of the collection, found again by shared rare words."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        self._docs = list(docs)
        self.readings = {doc.id: Reading(doc) for doc in self._docs}
        self.events: list[Event] = []
        df: Counter[str] = Counter()
        n_sentences = 0
        for doc in self._docs:
            reading = self.readings[doc.id]
            for sent in doc.sentences:
                df.update(reading.words(sent.span))
                n_sentences += 1
            self.events.extend(_events_of(reading))
        # squared, so that a rare word shared ("Tesselburg") outweighs several common ones ("the minister said")
        self.idf = {w: (math.log((n_sentences + 1) / (c + 1)) + 1) ** 2 for w, c in df.items()}
        stated = [d.published.when.start.date() for d in self._docs if d.published is not None
                  and d.published.how != "inferred"]
        self.first = min(stated, default=None)
        self._neighbours = _NeighbourIndex([d for d in self._docs if _trusted(d)])
        self._masses = [math.fsum(self.idf.get(w, 1.0) for w in e.words) or 1.0 for e in self.events]
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for n, event in enumerate(self.events):
            for word in event.words:
                self._by_word[word].append(n)

    def neighbours(self, doc: Doc) -> list[tuple[Doc, float]]:
        return self._neighbours.nearest(doc)

    def matches(self, words: frozenset[str], text: str, *, exclude: str | None = None) -> list[tuple[Event, float]]:
        """Events whose sentence holds enough of the rare ``words`` of ``text``, with the share held."""
        total = math.fsum(self.idf.get(w, 1.0) for w in words)
        shared: defaultdict[int, float] = defaultdict(float)
        for word in sorted(words):  # a fixed order: the same sums, the same ties, on every run
            for n in self._by_word.get(word, ()):
                shared[n] += self.idf.get(word, 1.0)
        found = [(self.events[n], weight / min(total, self._masses[n])) for n, weight in shared.items()
                 if weight >= _MIN_SIMILARITY * min(total, self._masses[n])]
        return [(e, s) for e, s in found if s >= _MIN_SIMILARITY and e.article != exclude and e.text != text
                and len(words & e.words) >= 2]


class _NeighbourIndex:
    """Surely dated articles, found again by the rare words they share with another article: news of
    the same day is told in the same words."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        df: Counter[str] = Counter()
        self.vectors = [_bag(doc) for doc in docs]
        for vector in self.vectors:
            df.update(vector)
        n = len(docs)
        self.idf = {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}
        self.norms = [math.sqrt(sum((c * self.idf[w]) ** 2 for w, c in v.items())) or 1.0 for v in self.vectors]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            for word in vector:
                self.postings[word].append(i)

    def nearest(self, doc: Doc, k: int = _NEIGHBOURS) -> list[tuple[Doc, float]]:
        """The ``k`` most similar surely dated articles (cosine of idf-weighted word counts)."""
        if not self.docs:
            return []
        vector = _bag(doc)
        norm = math.sqrt(sum((c * self.idf.get(w, 1.0)) ** 2 for w, c in vector.items())) or 1.0
        scores: defaultdict[int, float] = defaultdict(float)
        for word, count in vector.items():
            weight = count * self.idf.get(word, 1.0) ** 2
            for i in self.postings.get(word, ()):
                scores[i] += weight * self.vectors[i][word]
        ranked = sorted(((s / (norm * self.norms[i]), i) for i, s in scores.items()), reverse=True)
        return [(self.docs[i], score) for score, i in ranked[:k] if self.docs[i].id != doc.id]


def _bag(doc: Doc) -> Counter[str]:
    return Counter(w.lower()[:6] for w in _WORD.findall(doc.text[:_BAG_CHARS]) if w.lower() not in _STOP)


def _events_of(reading: Reading) -> list[Event]:
    """Sentences naming an absolute date (or one resolved against a stated publication date)."""
    doc = reading.doc
    trusted = _trusted(doc)
    reported = doc.published.when.start.date() if trusted and doc.published is not None else None
    events = []
    for timex in doc.timexes:
        if timex.anchor != "none" and not trusted:
            continue
        when = calendar_when(timex)
        span = reading.sentence_of(timex) if when is not None else None
        if when is not None and span is not None:
            events.append(Event(when.start.date(), when.granularity, doc.id, span.text_of(doc.text),
                                reading.words(span), reported))
    return events


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of four letters or more, cut to their first six letters (a crude stem:
    "restoring" and "restore", "presidents" and "president" meet), stop words left out."""
    return frozenset(w.lower()[:6] for w in _WORD.findall(text) if w.lower() not in _STOP)


# --- constraints ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Constraint:
    """The article's date lies in [first, last] (at ``granularity``), worth ``weight``, because ``why``."""

    first: date
    last: date
    granularity: Granularity
    weight: float
    why: str
    kind: str = "own"  # own, weekday, deictic, opening, relative, elapsed, neighbour: see Evidence


def infer_date(doc: Doc, index: EventIndex) -> Published | None:
    """The article's own latest named day (when it is not old history for this collection) and the
    constraints from events dated elsewhere vote; an article never predates the latest day it reports."""
    reading = Reading(doc)
    own = infer_from_text(doc, reading)
    floor = max((day for day, _ in reading.past_days()), default=None)
    if own is not None and index.first is not None and floor is not None and floor < index.first - _HISTORY:
        own = None  # "the 11 September 2001" in a 2010 story bounds the date but does not give it
    constraints = [c for c in find_constraints(reading, index) if floor is None or c.last >= floor]
    if own is not None:
        day = own.when.start.date()
        constraints.append(Constraint(day, day, "day", _OWN_WEIGHT, own.reason, "own"))
    if not constraints:  # nothing explicit: the surely dated articles that tell the same news
        constraints = [c for c in neighbour_constraints(reading, index) if floor is None or c.last >= floor]
    best = _best(constraints)
    if best is None:
        return _not_before(doc)
    chosen, evidence = best
    day = chosen.when.start.date()
    near = sum(abs((n.published.when.start.date() - day).days) <= _NEWS_DAYS for n, cosine in index.neighbours(doc)
               if cosine >= _MIN_COSINE and n.published is not None) if chosen.when.granularity == "day" else 0
    confidence = confidence_of(replace(evidence, near=near))
    return replace(own if own is not None and chosen.when == own.when else chosen, confidence=confidence)


def find_constraints(reading: Reading, index: EventIndex) -> Iterable[Constraint]:
    doc = reading.doc
    for timex in doc.timexes:
        span = reading.sentence_of(timex)
        if span is None:
            continue
        said = timex.span.text_of(doc.text)
        future = reading.tense_of(timex) == "future"
        sentence = span.text_of(doc.text)
        weekday = _WEEKDAY.match(timex.value)
        relative = _RELATIVE.match(said)
        deictic = _DEICTIC.get(said.lower())
        for event, similarity in index.matches(reading.words(span), sentence):
            if event.article == doc.id and event.text == sentence:
                continue
            about = f"it says {said!r} of an event dated {event.describe()}"
            if weekday and event.granularity == "day" and event.start.weekday() == int(weekday.group(1)) - 1:
                first, last = (event.start - timedelta(days=6), event.start) if future else (
                    event.start, event.start + timedelta(days=6))
                yield Constraint(first, last, "day", 2 * similarity, about, "weekday")
            elif deictic is not None and event.granularity == "day":
                day = event.start - timedelta(days=deictic)  # "yesterday" is the day before the article's
                yield Constraint(day, day, "day", 2 * similarity, about, "deictic")
            elif relative and event.granularity in ("day", "month"):
                yield from _relative(relative, event, similarity, about)
            elif (timex.type == "DURATION" and event.granularity != "year" and not future
                  and _AFTER.match(doc.text[timex.span.end:])):
                yield from _elapsed(timex, event, similarity, said)
    for sent in doc.sentences[:_LEAD]:
        text = sent.span.text_of(doc.text)
        if tense(doc.text, sent.span.start, sent.span.end, sent.span) != "present":
            continue
        for event, similarity in index.matches(reading.words(sent.span), text, exclude=doc.id):
            news = event.reported is not None and abs((event.reported - event.start).days) <= _NEWS_DAYS
            if event.granularity == "day" and news:
                why = f"its opening reports as current an event dated {event.describe()}"
                yield Constraint(event.start, event.start + timedelta(days=1), "day", similarity, why, "opening")


def neighbour_constraints(reading: Reading, index: EventIndex) -> Iterable[Constraint]:
    """The dates of the surely dated articles most like this one, each with a day's slack; within that
    slack, a weekday the article's opening names ("said on Tuesday") is its own day."""
    doc = reading.doc
    opening = doc.sentences[_OPENING].span.start if len(doc.sentences) > _OPENING else None
    named = reading.past_weekdays(before=opening)
    for neighbour, cosine in index.neighbours(doc):
        if cosine >= _MIN_COSINE and neighbour.published is not None:
            day = neighbour.published.when.start.date()
            why = f"it tells the same news as article '{neighbour.id}' of {day:%d %B %Y} (similarity {cosine:.2f})"
            slack = timedelta(days=_NEIGHBOUR_DAYS)
            yield Constraint(day - slack, day + slack, "day", cosine, why, "neighbour")
            for k in range(-_NEIGHBOUR_DAYS, _NEIGHBOUR_DAYS + 1):
                other = day + timedelta(days=k)
                if other.weekday() in named:
                    yield Constraint(other, other, "day", cosine / 2, f"{why}; its opening names {other:%A}",
                                     "neighbour")


def _relative(relative: re.Match[str], event: Event, similarity: float, about: str) -> Iterable[Constraint]:
    unit = (relative.group("unit") or relative.group("unit2") or "").lower().rstrip("s")
    which = (relative.group("which") or "").lower()
    n = {"last": 1, "past": 1, "previous": 1, "this": 0, "next": -1}.get(which)
    if n is None:
        n = _NUMBERS.get((relative.group("n") or "").lower())
    if n is None:
        return
    if unit == "month":
        y, m = add_months(event.start.year, event.start.month, n)
        first = date(y, m, 1)
        y2, m2 = add_months(y, m, 1)
        yield Constraint(first, date(y2, m2, 1) - timedelta(days=1), "month", similarity, about, "relative")
    else:
        yield Constraint(date(event.start.year + n, 1, 1), date(event.start.year + n, 12, 31), "year", similarity,
                         about, "relative")


def _elapsed(timex: Timex, event: Event, similarity: float, said: str) -> Iterable[Constraint]:
    """'nine months after the shootdown': the sentence's time is the event's plus the duration."""
    match = re.fullmatch(r"P(\d+)([MY])", timex.value)
    if match is None:
        return
    months = int(match.group(1)) * (12 if match.group(2) == "Y" else 1)
    y, m = add_months(event.start.year, event.start.month, months)
    first = date(y, m, 1)
    y2, m2 = add_months(y, m, 1)
    why = f"it says {said!r} after an event dated {event.describe()}"
    yield Constraint(first, date(y2, m2, 1) - timedelta(days=1), "month", similarity, why, "elapsed")


def _best(constraints: list[Constraint]) -> tuple[Published, Evidence] | None:
    """Top down: the year with the most weight, then the month within it, then the day within that,
    each chosen among the constraints at least that fine; the earliest wins a tie. A coarse but
    consistent reading ("last month") so outweighs a stray fine one. The date comes with the evidence
    that decided its finest level (``confidence_of`` reads a confidence from it)."""
    chosen: tuple[Published, Evidence] | None = None
    within = constraints
    for granularity in ("year", "month", "day"):
        fine = [c for c in within if _FINENESS[c.granularity] >= _FINENESS[granularity]]
        scores: defaultdict[date, float] = defaultdict(float)
        for c in fine:
            for key in _periods(c.first, c.last, granularity):
                scores[key] += c.weight
        if not scores:
            break
        best = max(scores.values())
        key = min(k for k, v in scores.items() if v == best)
        agreeing = [c for c in fine if key in _periods(c.first, c.last, granularity)]
        strongest = max(agreeing, key=lambda c: (_FINENESS[c.granularity], c.weight))
        evidence = Evidence(strongest.kind, granularity, len(agreeing), len({c.kind for c in agreeing}), best,
                            best / (math.fsum(c.weight for c in fine) or 1.0), any(c.kind == "own" for c in agreeing))
        others = f" (and {len(agreeing) - 1} more clue(s))" if len(agreeing) > 1 else ""
        chosen = Published(_when(key, granularity), "inferred", 0.0, strongest.why + others), evidence
        within = agreeing
    return chosen


_FINENESS = {"year": 0, "month": 1, "day": 2}


def _periods(first: date, last: date, granularity: Granularity) -> set[date]:
    if granularity == "day":
        return {first + timedelta(days=k) for k in range((last - first).days + 1)}
    if granularity == "month":
        out, (y, m) = set(), (first.year, first.month)
        while (y, m) <= (last.year, last.month):
            out.add(date(y, m, 1))
            y, m = add_months(y, m, 1)
        return out
    return {date(y, 1, 1) for y in range(first.year, last.year + 1)}


# --- the article's own text alone -----------------------------------------------------------------

def infer_from_text(doc: Doc, reading: Reading | None = None) -> Published | None:
    """The latest day the article names outside the future tense, moved forward to a weekday it names."""
    reading = reading or Reading(doc)
    days = reading.past_days()
    weekdays = reading.past_weekdays()
    if not days:
        return None
    latest, timex = max(days, key=lambda item: item[0])
    named = timex.span.text_of(doc.text)
    ahead = [latest + timedelta(days=(w - latest.weekday()) % 7) for w in weekdays]
    if not ahead:
        return Published(_when(latest), "inferred", 0.45, f"the latest day it names is {named!r}")
    day = max(ahead)
    names = ", ".join(sorted({d.strftime("%A") for d in ahead}))
    if day == latest:
        return Published(_when(day), "inferred", 0.6,
                         f"the latest day it names is {named!r}, a {latest:%A}, and it names that weekday")
    return Published(_when(day), "inferred", 0.5, f"the latest day it names is {named!r} ({latest:%A}); the "
                                                  f"weekdays it names ({names}) put its own day on the {day:%A} after")


def _not_before(doc: Doc) -> Published | None:
    """Only a lower bound: the latest absolute month or year the article names."""
    named = [(w, t) for t in doc.timexes if t.anchor == "none" and (w := calendar_when(t)) is not None]
    if not named:
        return None
    when, timex = max(named, key=lambda item: item[0].start)
    reason = (f"names no day and nothing dated elsewhere; the latest date it names is "
              f"{timex.span.text_of(doc.text)!r}, so it appeared then or later")
    return Published(when, "inferred", confidence_of(Evidence("not_before", when.granularity, 1, 1, 0.0, 0.0, False)),
                     reason)


# --- sentences -----------------------------------------------------------------------------------

def date_sentences(doc: Doc) -> Doc:
    """Each sentence dated by its first calendar time expression, else by the article's date; a date
    that rests on the article's date (its own, or a relative expression read against it) is as sure
    as the article's date."""
    by_sentence: dict[int, tuple[When, float]] = {}
    starts = [s.span.start for s in doc.sentences]
    own = doc.published.confidence if doc.published is not None else 1.0
    for timex in doc.timexes:
        when = calendar_when(timex)
        if when is not None and _BOUND.search(doc.text[max(0, timex.span.start - 12) : timex.span.start]):
            continue  # "by October", "since 2015": a bound on the time, not the time of what happened
        i = bisect_right(starts, timex.span.start) - 1
        if when is not None and i >= 0 and timex.span.start < doc.sentences[i].span.end:
            by_sentence.setdefault(i, (when, own if timex.anchor == "published" else 1.0))
    sentences = []
    for i, sent in enumerate(doc.sentences):
        if i in by_sentence:
            when, sure = by_sentence[i]
            sentences.append(replace(sent, when=when, when_how="text", when_confidence=sure))
        elif doc.published is not None:
            sentences.append(replace(sent, when=doc.published.when, when_how="published", when_confidence=own))
        else:
            sentences.append(sent)
    return replace(doc, sentences=tuple(sentences))


def calendar_when(timex: Timex) -> When | None:
    """A DATE/TIME value placed on the calendar at day, month or year granularity."""
    if timex.type not in ("DATE", "TIME"):
        return None
    day = _day_of(timex)
    if day is not None:
        return _when(day)
    month = _MONTH.match(timex.value)
    if month and 1 <= int(month.group(2)) <= 12:
        return _when(date(int(month.group(1)), int(month.group(2)), 1), "month")
    year = _YEAR.match(timex.value)
    if year and 1000 <= int(year.group(1)) <= 2999:
        return _when(date(int(year.group(1)), 1, 1), "year")
    return None
