"""When two sentences state the same event, and when they contradict each other (the claims stage's rules).

Similar meaning is not enough: "A bomb in the capital killed 12 people in 2010" and "A bomb at the port
killed 30 people in 2005" are close in meaning and are two events. Two sentences state the same event when

- their meanings are close (cosine of all-MiniLM-L6-v2 vectors at or above a threshold);
- their participants are compatible: the named things each names (its named-entity mentions when the
  entities stage ran, its capitalised words but a sentence-opening function word, its numbers other than
  years and counts such as "14 workers") share at least one, unless one of them names none;
- their times are compatible: the years each names overlap, when both name one, and the dates the dates
  stage found in their text (not an article's publication date) agree to their coarser granularity.

Two sentences of one event contradict each other when one asserts what the other denies or negates
(opposite polarity; two denials are the same stance), or when they give different numbers of the same
thing ("11 workers" against "14 workers"). Identical or near-identical sentences never contradict.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Doc
from storyline.summary.candidates import Candidate

DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|refut\w+|dismiss(?:es|ed|ing)?|disput(?:es|ed|ing)|"
    r"contradict\w*|(?:is|was|were|are) (?:false|untrue|baseless|groundless)|no evidence|never (?:crossed|entered|"
    r"violated|happened|said))\b", re.I)
_NEGATION = re.compile(  # a negated verb, not any "no" ("no one was hurt" negates a noun)
    r"\b(?:do|does|did|is|are|was|were|has|have|had|will|would|could|can|should|may|might)(?:\s+not|n't)\b"
    r"|\b(?:ca|wo)n't\b|\bnever\b", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*[\w]|\b[A-Z]\b")
_NUMERAL = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_QUANTITY = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s+([a-z]{3,})\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_CALENDAR = frozenset(w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, "sept") if w)
_WORD = re.compile(r"\w+")
NEAR_IDENTICAL = 0.8  # word-set Jaccard at or above which two sentences say the same words


@dataclass(frozen=True)
class Facets:
    """What the rules compare about one sentence."""

    anchors: frozenset[str]  # named things and numbers, lower case
    years: frozenset[int]
    when: tuple[datetime, str] | None  # the sentence's date and granularity (its article's week when undated)
    negative: bool  # denies or negates
    quantities: tuple[tuple[str, str], ...]  # (noun, value): "14 workers" -> ("workers", "14")
    words: frozenset[str]


def describe(docs: Sequence[Doc], candidates: Sequence[Candidate]) -> list[Facets]:
    """The facets of each candidate sentence, read from its article."""
    by_id = {doc.id: doc for doc in docs}
    return [facets_of(by_id[c.citation.article], c.position, c.text) for c in candidates]


def facets_of(doc: Doc, position: int, text: str) -> Facets:
    """The facets of the sentence at ``position`` in ``doc`` (its text is ``text``)."""
    sent = doc.sentences[position] if position < len(doc.sentences) else None
    anchors = set()
    if sent is not None:
        for mention in doc.mentions:
            if sent.span.start <= mention.span.start and mention.span.end <= sent.span.end:
                anchors.update(_names(mention.alias or mention.name))
    for n, match in enumerate(_CAPITALISED.finditer(text)):
        word = match.group(0).lower()
        if not (n == 0 and match.start() == 0 and word in STOP_WORDS):
            anchors.add(word)
    numbers = {m.group(0).replace(",", "") for m in _NUMERAL.finditer(text)}
    years = frozenset(int(n) for n in numbers if _YEAR.match(n))
    quantities = tuple((noun, value.replace(",", "")) for value, noun in _QUANTITY.findall(text)
                       if not _YEAR.match(value.replace(",", "")))
    counted = {value for _, value in quantities}  # "14 workers" is a figure, which may differ: not a name
    anchors.update(n for n in numbers if not _YEAR.match(n) and n not in counted)
    anchors -= _CALENDAR
    when = None
    if sent is not None and sent.when is not None:  # undated: the week of its article's publication
        when = (sent.when.start, sent.when.granularity if sent.when_how == "text" else "week")
    negative = negates(text)
    words = frozenset(w.lower() for w in _WORD.findall(text))
    return Facets(frozenset(anchors), years, when, negative, quantities, words)


def negates(text: str) -> bool:
    """Whether the sentence denies something or negates a verb."""
    return bool(DENIAL.search(text) or _NEGATION.search(text))


def _names(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name) if w.lower() not in STOP_WORDS}


def same_event(a: Facets, b: Facets) -> bool:
    """Compatible participants and times (the meaning is compared apart, by the caller)."""
    if a.anchors and b.anchors and not a.anchors & b.anchors:
        return False
    if a.years and b.years and not a.years & b.years:
        return False
    return a.when is None or b.when is None or _same_period(a.when, b.when)


def _same_period(a: tuple[datetime, str], b: tuple[datetime, str]) -> bool:
    """Whether the two periods overlap (a day with a day of slack, an undated sentence's week before its
    article's publication, a month, the year of a year, quarter or season; a decade or a century always)."""
    (a_start, a_end), (b_start, b_end) = _period(*a), _period(*b)
    return a_start < b_end and b_start < a_end


def _period(start: datetime, grain: str) -> tuple[datetime, datetime]:
    if grain in ("decade", "century"):
        return datetime.min.replace(tzinfo=start.tzinfo), datetime.max.replace(tzinfo=start.tzinfo)
    if grain in ("year", "quarter", "season"):
        return start.replace(month=1, day=1), start.replace(year=start.year + 1, month=1, day=1)
    if grain == "month":
        following = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1, day=1)
        return start.replace(day=1), following
    if grain == "week":  # an undated sentence: what its article reports happened in the week before
        return start - timedelta(days=7), start + timedelta(days=2)
    return start - timedelta(days=1), start + timedelta(days=2)


def near_identical(a: Facets, b: Facets) -> bool:
    union = a.words | b.words
    return bool(union) and len(a.words & b.words) / len(union) >= NEAR_IDENTICAL


def opposed(a: Facets, b: Facets) -> bool:
    """One asserts what the other denies or negates; never two near-identical sentences."""
    return a.negative != b.negative and not near_identical(a, b)


def conflicting_numbers(a: Facets, b: Facets) -> bool:
    """Different numbers of the same thing (the caller has checked that both state the same event)."""
    values = dict(a.quantities)
    return any(noun in values and values[noun] != value for noun, value in b.quantities)


def group(candidates: Sequence[Candidate], similar: Any, facets: Sequence[Facets], same: float, *,
          events: bool = True) -> list[list[int]]:
    """Greedy grouping, most central sentences first: a sentence joins the first group whose first sentence
    it is close to in meaning (cosine >= ``same``) and, with ``events``, whose every sentence states a
    compatible event; one sentence per article in a group."""
    centrality = (similar >= same).sum(axis=1)
    order = sorted(range(len(candidates)), key=lambda i: (-int(centrality[i]), i))
    groups: list[list[int]] = []
    for i in order:
        article = candidates[i].citation.article
        home = next((g for g in groups if similar[g[0], i] >= same
                     and all(candidates[m].citation.article != article for m in g)
                     and (not events or all(same_event(facets[m], facets[i]) for m in g))), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups
