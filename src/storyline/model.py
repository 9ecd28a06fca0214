"""The typed data model, all in one place.

Every annotation is a half-open ``[start, end)`` character span into one article's cleaned text
(``Doc.text``). Things that quote an article (the summary, the timeline, quotes, entity mentions)
store a ``Citation`` (article id + span), never a copied string; renderers resolve the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
TimexAnchor = Literal["none", "published", "text", "event"]
TRUNCATED = "text cut at"  # how Doc.notes says an article's text was cut at clean.max_chars
PublishedHow = Literal["metadata", "dateline", "text", "inferred"]
QuoteKind = Literal["direct", "indirect"]
EventStatus = Literal["happened", "negated", "hypothetical", "future"]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Invalid span [{self.start}, {self.end}): need 0 <= start <= end.")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


@dataclass(frozen=True)
class Citation:
    """Where something came from: an article and a span of its cleaned text."""

    article: str
    span: Span


@dataclass(frozen=True)
class When:
    """A point in time with an explicit granularity. ``start`` is timezone-aware and is the first
    instant of the period (the first day of a month or year)."""

    start: datetime
    granularity: Granularity = "day"

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError(f"When.start must be timezone-aware, got naive {self.start.isoformat()}.")

    def iso(self) -> str:
        """The first day of the period as YYYY-MM-DD."""
        return self.start.date().isoformat()


@dataclass(frozen=True)
class Published:
    """An article's publication date and how it was found."""

    when: When
    how: PublishedHow
    confidence: float = 1.0
    reason: str = ""


@dataclass(frozen=True)
class Article:
    """One input article as read, before any processing."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published: Published | None = None
    # The text was extracted from a page's markup, one line per block the page marks (paragraph, heading,
    # list item, table cell): clean trusts that structure rather than taking short lines for debris.
    markup: bool = False


@dataclass(frozen=True)
class Removed:
    """A block the clean stage removed from the article, and why."""

    kind: str
    text: str


@dataclass(frozen=True)
class Timex:
    """A time expression and its TIMEX3 value (TimeML): ``2016-08-09``, ``2015-11``, ``2017-W10``,
    ``2016-Q3``, ``2016-SU``, ``199`` (the 1990s), ``2016-08-09T15:30``, ``P9M`` (a duration),
    ``PRESENT_REF``; an ``X`` stands for what the text leaves open (``XXXX-11`` without a year).
    ``anchor`` says what a relative expression was resolved against: nothing (``none``, the value is
    absolute), the article's publication date, an earlier date in the text, or a dated event."""

    span: Span
    type: TimexType
    value: str
    anchor: TimexAnchor = "none"
    mod: str | None = None  # TimeML mod: EARLY, MID, LATE, START, END, APPROX, MORE_THAN, LESS_THAN, ...


@dataclass(frozen=True)
class Sentence:
    """A sentence and, once the dates stage has run, the date of what it reports: its own time
    expression's (``when_how="text"``) or the article's (``"published"``). ``when_confidence`` is how
    sure that date is: 1 for a date the text names in full; the confidence of the article's date when
    the sentence's date rests on it (the article's own date, or "in December", "on Tuesday" read against it)."""

    span: Span
    when: When | None = None
    when_how: Literal["text", "published"] | None = None
    when_confidence: float = 1.0


@dataclass(frozen=True)
class Mention:
    """One named-entity mention. ``name`` is the fullest form it resolves to inside its article;
    ``alias`` is the surface form including any title before it ("Mr Smith")."""

    span: Span
    label: str
    name: str
    alias: str


@dataclass(frozen=True)
class Quote:
    """Words attributed to someone. ``span`` is the quoted content (for indirect speech, the reported
    clause); ``speaker`` the entity name it resolves to, or None when the text does not make it clear;
    ``speaker_span`` where the text names the speaker (a name, a role or a pronoun). Words several say
    together ("Jo Bloggs and the council said they would …") have every speaker's name in ``speakers``, in
    text order (``speaker`` is the first, ``speaker_span`` covers them all); with one speaker it is empty:
    ``all_speakers`` gives the names either way."""

    span: Span
    speaker: str | None
    cue: str | None
    kind: QuoteKind = "direct"
    speaker_span: Span | None = None
    cue_span: Span | None = None
    speakers: tuple[str, ...] = ()

    @property
    def all_speakers(self) -> tuple[str, ...]:
        """Every speaker's name: ``speakers`` when several spoke, else ``speaker`` alone, else none."""
        return self.speakers or ((self.speaker,) if self.speaker else ())


@dataclass(frozen=True)
class Doc:
    """An article under analysis: its cleaned text and every annotation of it."""

    article: Article
    text: str = ""
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date_line: str | None = None
    language: str | None = None
    published: Published | None = None
    sources: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    notes: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    done: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Entity:
    """An entity merged across the collection; ``name`` is its fullest form."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Citation, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article for c in self.mentions))


@dataclass(frozen=True)
class TimelineEntry:
    """One key date: the sentences that tell what happened (their text is the entry's summary) and
    the other articles' sentences that report the same. ``weak_dates`` names the articles whose weakly
    known publication date placed one of the entry's sentences on this date: the date is uncertain."""

    when: When
    sentences: tuple[Citation, ...]
    support: tuple[Citation, ...] = ()
    weak_dates: tuple[str, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article for c in (*self.sentences, *self.support)))


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence: its wording is the first citation's span; the others report it too."""

    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Claim:
    """A fact the sources state: its clearest wording is the first citation's span; the others state the
    same event. ``support`` counts the distinct known outlets among the sources' articles (two articles of
    one outlet count once); ``unknown_outlets`` counts the sources' articles whose outlet is not known. A
    claim is disputed when a source denies or contradicts it: ``disputed_by`` cites that side."""

    sources: tuple[Citation, ...]
    support: int
    disputed_by: tuple[Citation, ...] = ()
    unknown_outlets: int = 0

    @property
    def disputed(self) -> bool:
        return bool(self.disputed_by)


@dataclass(frozen=True)
class Actor:
    """Who an actor acts for: ``name`` ("Russia"), ``country`` (ISO 3166 alpha-3 or an IGO code such as
    "NATO"), ``sector`` ("GOV", "MIL", "REB", ...; None when unknown); ``text`` is how the article names it."""

    name: str
    country: str | None
    sector: str | None
    text: str


@dataclass(frozen=True)
class Event:
    """An actor doing something to another: a PLOVER ``code``, its ``mode`` where PLOVER defines one,
    a Goldstein-style ``intensity`` (-10 to +10). Only ``status == "happened"`` events count in relations;
    negated, hypothetical and future ones are kept and marked. ``when_how`` says where the date came from,
    ``when_confidence`` how sure it is (as ``Sentence.when_confidence``)."""

    when: When | None
    source: Actor
    target: Actor | None
    code: str
    intensity: float
    citation: Citation
    mode: str | None = None
    status: EventStatus = "happened"
    when_how: Literal["text", "published"] | None = None
    when_confidence: float = 1.0


@dataclass(frozen=True)
class RelationPoint:
    period: str
    score: float
    events: tuple[int, ...]


@dataclass(frozen=True)
class Relation:
    actors: tuple[str, str]
    series: tuple[RelationPoint, ...]


@dataclass(frozen=True)
class Skipped:
    """An input that could not be analysed, and a reason a user can act on."""

    source: str
    reason: str


@dataclass(frozen=True)
class Failure:
    """A stage that raised on one article in corpus mode; the run went on without it."""

    article_id: str
    stage: str
    error: str


@dataclass(frozen=True)
class Story:
    """The whole analysis: the articles kept, what was merged across them, and what was skipped."""

    docs: tuple[Doc, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    failures: tuple[Failure, ...] = ()
    done: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def _by_id(self) -> dict[str, Doc]:
        return {doc.id: doc for doc in self.docs}

    def doc(self, article_id: str) -> Doc:
        try:
            return self._by_id[article_id]
        except KeyError:
            raise KeyError(f"No article with id {article_id!r} in this story.") from None

    def entity_named(self, name: str | None) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None) if name else None

    def cited_text(self, citation: Citation) -> str:
        return citation.span.text_of(self.doc(citation.article).text)
