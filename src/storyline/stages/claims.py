"""Claims: what the sources agree on, and what one of them denies or contradicts.

Sentences that stand on their own (the summary's candidates, ``claims.pool`` per article, fewer when the
articles times the pool pass ``claims.budget``) are embedded (``language/embed.py``) and grouped greedily:
each joins the group of the first, more central sentence it says the same as (cosine >= ``claims.same``)
when it states the same event as every sentence of that group: compatible participants and times
(``summary/agreement.py``: the named things and numbers each names share one, the years and dates agree; an
undated sentence is dated by its article's week), at most one sentence per article. A group stated by
``claims.min_support`` articles of distinct outlets or more (two articles of one outlet count once; an article
without an outlet counts as its own) is a claim; its wording is the sentence closest to the others.
``support`` counts the distinct known outlets, ``unknown_outlets`` the supporting articles without one.

A claim is disputed when a sentence of the same event says the opposite (``summary/agreement.py``):

- a short denial right after one of its sentences in the same article ("Opposition members said the mayor
  ignored the report. The mayor denied ever seeing it."), answering a sentence that asserts;
- a sentence of another article close in meaning (cosine >= ``claims.dispute``), of the same event, and of
  opposite polarity about the same things: one asserts, the other denies or negates (two denials are one
  stance, and identical sentences never dispute each other); the claim is then worded as the sentence denied;
- or two of its sentences give different exact figures of the same thing on the same day ("11 workers" and
  "14 workers").

Both sides are cited: the claim's sources, and ``disputed_by``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from storyline.config import Config
from storyline.language import embed
from storyline.model import Citation, Claim, Doc, Story
from storyline.registry import stage
from storyline.summary import agreement
from storyline.summary.agreement import Facets
from storyline.summary.candidates import Candidate, find_candidates, pool_size

_REBUTTAL_WORDS = 15  # a denial this short right after a sentence answers it ("The mayor denied seeing it.")


@stage("claims", scope="story", requires=("sentences",), provides=("claims",))
def find_claims(story: Story, cfg: Config) -> Story:
    pool = pool_size(len(story.docs), cfg.claims.pool, cfg.claims.budget)
    candidates = find_candidates(story.docs, pool=pool)
    if not candidates:
        return replace(story, claims=())
    vectors = embed.encoder().encode([c.text for c in candidates])
    similar = vectors @ vectors.T
    facets = agreement.describe(story.docs, candidates)
    outlet = {doc.id: doc.outlet or doc.article.outlet for doc in story.docs}  # clean may find it in the text
    groups = agreement.group(candidates, similar, facets, cfg.claims.same)
    answers = _Answers(story.docs, candidates, vectors, facets, cfg.claims.dispute)
    claims: list[Claim] = []
    for members in groups:
        disputed = answers.find(members)
        if disputed is not None:  # the sentence denied is the claim, worded as its source put it
            head, against = disputed
            claims.append(_claim([head], candidates, outlet, against))
            members = [m for m in members if m != head]
        conflict = _conflicting_numbers(members, candidates, facets)
        if conflict is not None:
            first, second = conflict
            claims.append(_claim([first], candidates, outlet, (candidates[second].citation,)))
        elif members and _independent(members, candidates, outlet) >= cfg.claims.min_support:
            centre = max(members, key=lambda m: (float(similar[m, members].sum()), -candidates[m].words))
            claims.append(_claim([centre, *[m for m in members if m != centre]], candidates, outlet, ()))
    claims.sort(key=lambda c: (not c.disputed, -(c.support + c.unknown_outlets), c.sources[0].article,
                               c.sources[0].span.start))
    return replace(story, claims=tuple(claims))


def _independent(members: list[int], candidates: list[Candidate], outlet: dict[str, str | None]) -> int:
    """Distinct known outlets, plus each article whose outlet is unknown."""
    articles = {candidates[m].citation.article for m in members}
    return len({outlet[a] for a in articles if outlet[a]}) + sum(1 for a in articles if not outlet[a])


def _claim(members: list[int], candidates: list[Candidate], outlet: dict[str, str | None],
           against: tuple[Citation, ...]) -> Claim:
    sources = tuple(candidates[m].citation for m in members)
    articles = {c.article for c in sources}
    known = {outlet[a] for a in articles if outlet[a]}
    return Claim(sources, len(known), against, unknown_outlets=sum(1 for a in articles if not outlet[a]))


class _Answers:
    """The sentences that deny or negate something (any sentence of an article up to one past its last
    candidate), and which claim sentence each answers."""

    def __init__(self, docs: Sequence[Doc], candidates: list[Candidate], vectors: Any, facets: list[Facets],
                 threshold: float) -> None:
        last = {doc.id: -1 for doc in docs}
        for cand in candidates:
            last[cand.citation.article] = max(last[cand.citation.article], cand.position)
        self.found: list[tuple[Citation, str, int, Facets]] = []
        for doc in docs:
            for n, sent in enumerate(doc.sentences[: last[doc.id] + 2]):
                text = sent.span.text_of(doc.text)
                if len(text.split()) >= 3 and agreement.negates(text):
                    self.found.append((Citation(doc.id, sent.span), text, n, agreement.facets_of(doc, n, text)))
        self.vectors = embed.encoder().encode([f[1] for f in self.found]) if self.found else np.zeros((0, 1))
        self.candidates, self.candidate_vectors, self.facets = candidates, vectors, facets
        self.threshold = threshold

    def find(self, members: list[int]) -> tuple[int, tuple[Citation, ...]] | None:
        """The first member some sentence answers, and the sentences answering it."""
        for m in members:
            cand, mine = self.candidates[m], self.facets[m]
            against = []
            for k, (citation, text, index, theirs) in enumerate(self.found):
                if citation == cand.citation:
                    continue
                if citation.article == cand.citation.article:  # the next sentence answers it: no names needed
                    answers = (index == cand.position + 1 and len(text.split()) <= _REBUTTAL_WORDS
                               and agreement.denies(text) and mine.assertive)
                else:
                    answers = (agreement.same_event(mine, theirs)
                               and float(self.candidate_vectors[m] @ self.vectors[k]) >= self.threshold
                               and agreement.opposed(mine, theirs))
                if answers:
                    against.append(citation)
            if against:
                return m, tuple(against)
        return None


def _conflicting_numbers(members: list[int], candidates: list[Candidate],
                         facets: list[Facets]) -> tuple[int, int] | None:
    """Two sentences of different articles giving different numbers of the same thing."""
    for n, first in enumerate(members):
        for second in members[n + 1:]:
            if (candidates[first].citation.article != candidates[second].citation.article
                    and agreement.conflicting_numbers(facets[first], facets[second])):
                return first, second
    return None
