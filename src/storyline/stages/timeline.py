"""Timeline: the story's key dates, each with a short account of what happened, cited to every
article that reports it.

Dates are chosen by how often and how independently the articles refer to them: a day scores one
point for each article with a sentence dated to it by its own time expression ("on 9 August"), two
when that article appeared two days or more later (a day still named afterwards mattered), and one
and a half for each other article published that day (the news of the day). On Timeline17 these
weights did better than 0, 0.5 or 1 for either, and about as well as 2 or 3.
For each chosen date the candidate sentences are the ones dated to it plus the opening sentences of
the articles published on it; they are ranked by how central they are among the candidates (word
overlap with the date's other candidates, counted once per article), and picked without repeating
what an earlier pick said. Every pick also cites the other articles with a sentence saying the same.
A sentence placed on its date from a weakly known publication date (its article's date inferred with
less confidence than ``timeline.sure``, itself or through "in December" read against it) makes its
entry uncertain: the entry names that article in ``weak_dates``, or with ``timeline.weak_dates = "omit"``
the sentence is left out (and the entry, when nothing else is left).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from storyline.config import Config
from storyline.model import Citation, Doc, Story, TimelineEntry, When
from storyline.registry import stage

_SAME = 0.5  # word overlap above which two sentences say the same thing


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other: high when one sentence repeats another."""
    return len(a & b) / max(1, min(len(a), len(b)))


def similarity(a: set[str], b: set[str]) -> float:
    """Share of the larger word set found in the other: high only when both say the same thing."""
    return len(a & b) / max(1, len(a), len(b))

_PUBLISHED_WEIGHT = 1.5  # an article published on a day counts this much towards the day's score
_LATER_DAYS, _LATER_BONUS = 2, 1.0  # an article still naming a day this many days on counts this much more
_LEAD_SENTENCES = 6  # opening sentences of an article that report its day's news (Timeline17: 6 beat 1, 3, 10, all)
_MIN_WORDS, _MAX_WORDS = 6, 60
_FULL_WORDS = 30  # sentences shorter than this are ranked down in proportion (on Timeline17: 30 beat 20, 25, 40)
_QUOTE_OPEN = re.compile(r"^[\"“']")


@dataclass(frozen=True)
class _Candidate:
    citation: Citation
    text: str
    bag: frozenset[str]


@stage("timeline", scope="story", requires=("sentences", "dates"), provides=("timeline",))
def build_timeline(story: Story, cfg: Config) -> Story:
    granularities = ("day", "month") if cfg.timeline.months else ("day",)
    scores, when_of = score_dates(story.docs, granularities)
    since = date.fromisoformat(cfg.timeline.since) if cfg.timeline.since else None
    until = date.fromisoformat(cfg.timeline.until) if cfg.timeline.until else None
    keys = [k for k in scores if (since is None or k[0] >= since) and (until is None or k[0] <= until)]
    ranked = _choose(sorted(keys, key=lambda k: (-scores[k], k[1] != "day", k[0])), cfg.timeline.max_dates)
    candidates = collect_candidates(story.docs, set(ranked))
    idf = _idf(story.docs)
    entries = []
    for key in sorted(ranked):
        chosen = pick_sentences(candidates.get(key, []), cfg.timeline.sentences_per_date, idf)
        if chosen:
            support = _support(chosen, candidates.get(key, []))
            entries.append(TimelineEntry(when_of[key], tuple(c.citation for c in chosen), tuple(support)))
    return replace(story, timeline=weigh_dates(story.docs, entries, sure=cfg.timeline.sure,
                                                   omit=cfg.timeline.weak_dates == "omit"))


def weigh_dates(docs: tuple[Doc, ...], entries: list[TimelineEntry], *, sure: float,
                omit: bool) -> tuple[TimelineEntry, ...]:
    """Each entry with the articles whose weak date placed one of its sentences named in ``weak_dates``;
    with ``omit``, those sentences (and such support) left out instead, and entries left empty dropped."""
    weak = {Citation(doc.id, sent.span) for doc in docs for sent in doc.sentences
            if sent.when is not None and sent.when_confidence < sure}
    out = []
    for entry in entries:
        if omit:
            kept = tuple(c for c in entry.sentences if c not in weak)
            if kept:
                out.append(replace(entry, sentences=kept, support=tuple(c for c in entry.support if c not in weak)))
        else:
            named = tuple(dict.fromkeys(c.article for c in entry.sentences if c in weak))
            out.append(replace(entry, weak_dates=named))
    return tuple(out)


Key = tuple[date, str]  # the first day of the period, and its granularity


def _choose(ranked: list[Key], n: int) -> list[Key]:
    """The first ``n`` dates, leaving out a month when a day in it is already chosen (and the reverse)."""
    chosen: list[Key] = []
    for key in ranked:
        month = key[0].replace(day=1)
        if any(c[0].replace(day=1) == month and key[1] != c[1] for c in chosen):
            continue
        chosen.append(key)
        if len(chosen) == n:
            break
    return chosen


def score_dates(docs: tuple[Doc, ...], granularities: tuple[str, ...] = ("day",)) -> tuple[
        dict[Key, float], dict[Key, When]]:
    """Each date's score: the articles whose sentences the text dates to it, plus a fraction for the
    articles published on it (days only)."""
    mentioned: dict[Key, dict[str, float]] = defaultdict(dict)
    published: dict[Key, set[str]] = defaultdict(set)
    when_of: dict[Key, When] = {}
    for doc in docs:
        day = doc.published.when.start.date() if doc.published is not None else None
        for sent in doc.sentences:
            if sent.when is not None and sent.when_how == "text" and sent.when.granularity in granularities:
                key = (sent.when.start.date(), sent.when.granularity)
                later = day is not None and (day - key[0]).days >= _LATER_DAYS
                mentioned[key][doc.id] = 1.0 + (_LATER_BONUS if later else 0.0)
                when_of.setdefault(key, sent.when)
        if day is not None and doc.published is not None and doc.published.when.granularity == "day":
            published[(day, "day")].add(doc.id)
            when_of.setdefault((day, "day"), doc.published.when)
    scores = {key: sum(mentioned[key].values()) + _PUBLISHED_WEIGHT * len(published[key] - set(mentioned[key]))
              for key in when_of}
    return scores, when_of


def collect_candidates(docs: tuple[Doc, ...], keys: set[Key]) -> dict[Key, list[_Candidate]]:
    """Sentences dated to each date by their own words, and the opening sentences of a day's articles."""
    found: dict[Key, list[_Candidate]] = defaultdict(list)
    for doc in docs:
        published: Key | None = (doc.published.when.start.date(), "day") if doc.published is not None else None
        for n, sent in enumerate(doc.sentences):
            key: Key | None = (sent.when.start.date(), sent.when.granularity) if sent.when is not None else None
            if key is not None and key in keys and sent.when_how == "text":
                target = key
            elif published is not None and published in keys and n < _LEAD_SENTENCES and sent.when_how == "published":
                target = published
            else:
                continue
            text = sent.span.text_of(doc.text)
            if _MIN_WORDS <= len(text.split()) <= _MAX_WORDS and not _QUOTE_OPEN.match(text):
                found[target].append(_Candidate(Citation(doc.id, sent.span), text, frozenset(words(text))))
    return found


def _idf(docs: tuple[Doc, ...]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(words(doc.text))
    n = max(1, len(docs))
    return {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}


def pick_sentences(candidates: list[_Candidate], k: int, idf: dict[str, float]) -> list[_Candidate]:
    """The ``k`` most central candidates (see ``_centrality``; short sentences ranked down), none repeating
    an earlier pick."""
    central = _centrality(candidates, idf)
    ranked = sorted(range(len(candidates)), key=lambda i: (-central[i], candidates[i].citation.article,
                                                          candidates[i].citation.span))
    chosen: list[_Candidate] = []
    for cand in (candidates[i] for i in ranked):
        if len(chosen) >= k:
            break
        if all(overlap(set(cand.bag), set(c.bag)) < _SAME for c in chosen):
            chosen.append(cand)
    return chosen


def _centrality(candidates: list[_Candidate], idf: dict[str, float]) -> list[float]:
    """Each candidate's idf-weighted word overlap with the other articles' candidates, as a share of its own
    words' weight and averaged over those candidates, times min(1, words / _FULL_WORDS)."""
    articles: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter(c.citation.article for c in candidates)
    for c in candidates:
        articles[c.citation.article].update(c.bag)
    pooled: Counter[str] = Counter()
    for bag in articles.values():
        pooled.update(bag)
    out = []
    for c in candidates:
        own = articles[c.citation.article]
        others = len(candidates) - sizes[c.citation.article]
        if not c.bag:
            out.append(0.0)
            continue
        # fsum: the same total whatever order the set yields its words in (ties then break the same way)
        weight = math.fsum(idf.get(w, 1.0) for w in c.bag)
        shared = math.fsum(idf.get(w, 1.0) * (pooled[w] - own[w]) for w in c.bag)
        out.append(shared / (weight * max(1, others)) * _length_factor(c))
    return out


def _length_factor(c: _Candidate) -> float:
    # a share favours short sentences; one under _FULL_WORDS words tells less of what happened
    return min(1.0, len(c.text.split()) / _FULL_WORDS)


def _support(chosen: list[_Candidate], candidates: list[_Candidate]) -> list[Citation]:
    """One citation per other article that dates something to the same date: its sentence closest to
    the picks."""
    picked = {c.citation.article for c in chosen}
    best: dict[str, tuple[float, _Candidate]] = {}
    for cand in candidates:
        if cand.citation.article in picked:
            continue
        score = max(similarity(set(p.bag), set(cand.bag)) for p in chosen)
        if cand.citation.article not in best or score > best[cand.citation.article][0]:
            best[cand.citation.article] = (score, cand)
    return [cand.citation for _, cand in sorted(best.values(), key=lambda item: -item[0])]
