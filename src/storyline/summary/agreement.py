"""When two sentences state the same event, and when they contradict each other (the claims stage's rules).

Similar meaning is not enough: "A bomb in the capital killed 12 people in 2010" and "A bomb at the port
killed 30 people in 2005" are close in meaning and are two events. Two sentences state the same event when

- their meanings are close (cosine of all-MiniLM-L6-v2 vectors at or above a threshold);
- their participants are compatible: the named things each names (its named-entity mentions when the
  entities stage ran, its capitalised words but a sentence-opening function word, its numbers other than
  years and counts such as "14 workers") share at least one, unless one of them names none;
- their times are compatible: the years each names overlap, when both name one, and the dates the dates
  stage found in their text (not an article's publication date) agree to their coarser granularity.

Two sentences of one event contradict each other when one asserts what the other denies or negates about
the same things (opposite polarity of the main clause, half the content words shared; two denials are the
same stance; "denied the request" denies an action, not a proposition), or when they give different exact
figures of the same thing on the same day ("11 workers" against "14 workers"; "at least 60" is no exact
figure, and a toll reported on two days is two times). Identical or near-identical sentences never
contradict.
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

_DISPUTED = r"(?:claims?|allegations?|accusations?|reports?|charges?|suggestions?|rumou?rs?|assertions?|figures?)"
_GRANTED = (r"(?:requests?|access|entry|permission|bail|visas?|applications?|appeals?|motions?|licen[cs]es?|"
            r"passage|service|benefits?|treatment|rights?|funding|asylum|parole|citizenship|a chance|the chance)")
DENIAL = re.compile(  # denying a proposition, not refusing something ("denied the request", "denied access")
    r"\bden(?:y|ies|ied|ying)\b(?!(?:\s+[\w']+){0,3}?\s+" + _GRANTED + r"\b)"
    r"|\bplead(?:s|ed)? not guilty\b"
    r"|\b(?:reject|dismiss|refut|disput|contradict)\w*\s+(?:the\s+|these\s+|those\s+|such\s+|his\s+|her\s+|their\s+)?"
    + _DISPUTED + r"|\b(?:is|was|were|are) (?:false|untrue|baseless|groundless)\b|\bno evidence\b", re.I)
_NEGATION = re.compile(  # a negated verb, not any "no" ("no one was hurt" negates a noun)
    r"\b(?:do|does|did|is|are|was|were|has|have|had|will|would|could|can|should|may|might)(?:\s+not|\s?n't)\b"
    r"|\b(?:ca|wo)\s?n't\b|\bnever\b(?!-|\s+(?:before|been\s+seen|seen))", re.I)
_SUBORDINATE = re.compile(  # where a clause that is not the sentence's main assertion begins
    r"\b(?:who|whom|whose|which|although|though|while|whereas|if|unless|because|whether|but)\b|\?", re.I)
_OPENING_CLAUSE = re.compile(r"^\W*(?:although|though|while|whereas|if|unless|because|when|as)\b[^,]*,", re.I)
_NEGATED = re.compile(  # the verb a negation bears on, past adverbs and auxiliaries
    r"(?:\bnot|n't|\bnever)\s+(?:(?:now|yet|also|even|always|ever|really|so|be|been|being|have|had|to)\s+)*"
    r"([a-z]{2,})", re.I)
_CONDITION = re.compile(r"^\W*(?:if|unless)\b", re.I)
_HEDGE = re.compile(r"(?:at least|more than|less than|fewer than|over|under|nearly|almost|about|around|some|up to|"
                    r"upwards? of|roughly|approximately|as many as|as much as)\s+\W?$", re.I)
_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*[\w]|\b[A-Z]\b")
_NUMERAL = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_QUANTITY = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s+(thousand|million|billion|trillion))?\s+([a-z]{3,})\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_CALENDAR = frozenset(w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, "sept") if w)
_WORD = re.compile(r"\w+")
NEAR_IDENTICAL = 0.8  # share of the shorter sentence's words in the other at which both say the same words
SAME_PROPOSITION = 0.5  # share of the shorter sentence's content words in the other: the same things
_NEGATIONS = frozenset({"not", "never", "no", "denied", "denies", "deny", "denying"})
_FUNCTION = frozenset(STOP_WORDS) | _NEGATIONS | {"t", "s", "said", "says", "say"}


@dataclass(frozen=True)
class Facets:
    """What the rules compare about one sentence."""

    anchors: frozenset[str]  # named things and numbers, lower case
    years: frozenset[int]
    when: tuple[datetime, str] | None  # the sentence's date and granularity (its article's week when undated)
    negative: bool  # its main clause denies or negates
    assertive: bool  # it asserts: no denial or negation anywhere in it, and no opening condition ("If ...")
    negated: frozenset[str]  # what its main clause negates, as word stems ("did not cross" -> "cross")
    denial: bool  # its main clause denies a proposition ("denied that ...", "pleaded not guilty")
    quantities: tuple[tuple[str, float], ...]  # exact figures: "14 workers" -> ("workers", 14.0)
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
    quantities = _quantities(text)
    counted = {m.group(1).replace(",", "") for m in _QUANTITY.finditer(text)}  # "14 workers": a figure, not a name
    anchors.update(n for n in numbers if not _YEAR.match(n) and n not in counted)
    anchors -= _CALENDAR
    when = None
    if sent is not None and sent.when is not None:  # undated: the week of its article's publication
        when = (sent.when.start, sent.when.granularity if sent.when_how == "text" else "week")
    negative = negates(text)
    words = frozenset(w.lower() for w in _WORD.findall(text.replace("n't", " not")))
    assertive = not (DENIAL.search(text) or _NEGATION.search(text) or _CONDITION.match(text))
    main = _main_clause(text)
    negated = frozenset(_stem(m.group(1)) for m in _NEGATED.finditer(main))
    return Facets(frozenset(anchors), years, when, negative, assertive, negated, bool(DENIAL.search(main)),
                  quantities, words)


def negates(text: str) -> bool:
    """Whether the sentence's main clause denies something or negates a verb (a negation inside a relative,
    conditional or concessive clause, "a man who had not been to Mexico", or in a question does not count)."""
    main = _main_clause(text)
    return bool(DENIAL.search(main) or _NEGATION.search(main))


def denies(text: str) -> bool:
    """Whether the sentence's main clause denies a proposition ("denied that ...", "rejected the claims")."""
    return bool(DENIAL.search(_main_clause(text)))


def _main_clause(text: str) -> str:
    """The sentence up to its first relative, conditional or concessive clause, past an opening one; empty
    for a question."""
    text = text.strip()
    if text.rstrip("\"'”’ ").endswith("?"):
        return ""
    main = _OPENING_CLAUSE.sub("", text)
    cut = _SUBORDINATE.search(main)
    return main[: cut.start()] if cut else main


def _quantities(text: str) -> tuple[tuple[str, float], ...]:
    """Exact figures of things: "14 workers" -> ("workers", 14.0), "$7 billion deal" -> ("deal", 7e9); a year, a
    hedged figure ("at least 60 people", "more than 100") and a figure of a function word are left out."""
    found = []
    for match in _QUANTITY.finditer(text):
        value, magnitude, noun = match.group(1).replace(",", ""), match.group(2), match.group(3)
        if _YEAR.match(value) or noun in STOP_WORDS or _HEDGE.search(text[: match.start()]):
            continue
        try:
            found.append((noun, float(value) * _MAGNITUDE.get(magnitude or "", 1.0)))
        except ValueError:
            continue
    return tuple(found)


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
    """One says the other's words: most of the shorter one's words are in the other."""
    shorter = min(len(a.words), len(b.words))
    return bool(shorter) and len(a.words & b.words) / shorter >= NEAR_IDENTICAL


def same_proposition(a: Facets, b: Facets) -> bool:
    """Whether the two say something of the same things: half the shorter one's content words (neither
    function words nor negations) are in the other."""
    mine, theirs = a.words - _FUNCTION, b.words - _FUNCTION
    shorter = min(len(mine), len(theirs))
    return bool(shorter) and len(mine & theirs) / shorter >= SAME_PROPOSITION


def _stem(word: str) -> str:
    return word.lower()[:5]


def _against(negative: Facets, positive: Facets) -> bool:
    """The negative side denies a proposition, or negates a verb the positive side asserts."""
    if not (negative.negative and positive.assertive):
        return False
    return negative.denial or bool(negative.negated & {_stem(w) for w in positive.words})


def opposed(a: Facets, b: Facets) -> bool:
    """One asserts what the other denies or negates: opposite polarity about the same things (a sentence
    that reports a denial anywhere, "Smith, who denies the charge, ...", asserts nothing against it); never
    two near-identical sentences."""
    same_words = near_identical(a, b) and a.words & _NEGATIONS == b.words & _NEGATIONS  # one sentence, twice
    return (_against(a, b) or _against(b, a)) and same_proposition(a, b) and not same_words


def conflicting_numbers(a: Facets, b: Facets) -> bool:
    """Different exact figures of the same thing at the same time (the caller has checked that both state
    the same event): a toll reported on two days is two figures of two times, not a contradiction."""
    if a.when is not None and b.when is not None and not _same_day(a.when, b.when):
        return False
    values: dict[str, set[float]] = {}
    for noun, value in a.quantities:
        values.setdefault(noun, set()).add(value)
    theirs: dict[str, set[float]] = {}
    for noun, value in b.quantities:
        theirs.setdefault(noun, set()).add(value)
    return any(noun in values and not values[noun] & mine for noun, mine in theirs.items())


def _same_day(a: tuple[datetime, str], b: tuple[datetime, str]) -> bool:
    day = {"day", "week"}  # an undated sentence's time is its article's day
    return a[1] in day and b[1] in day and a[0].date() == b[0].date()
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
