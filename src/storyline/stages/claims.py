"""Claims: what the sources agree on, and what one of them denies or contradicts.

Sentences that stand on their own (the summary's candidates, ``claims.pool`` per article, fewer when the
articles times the pool pass ``claims.budget``) are embedded
(``language/embed.py``) and grouped greedily: each joins the group of the first, more central sentence it
says the same as (cosine >= ``claims.same``), at most one sentence per article. A group stated by
``claims.min_support`` independent outlets or more (two articles of one outlet count once; an article
without an outlet counts as its own) is a claim; its wording is the sentence closest to the others.

A claim is disputed when

- a sentence with a denial cue ("denied", "rejected", "dismissed", "strenuously denied", "false") either
  follows one of its sentences in the same article ("Turkey said the jet violated its airspace. Russia
  denied its jet had crossed over.") or is close to it in meaning (cosine >= ``claims.dispute``); the
  claim is then worded as the sentence denied, which may be a single source's;
- or two of its sentences give different numbers for the same thing ("11 workers" and "12 workers").

Both sides are cited: the claim's sources, and ``disputed_by``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from storyline.config import Config
from storyline.language import embed
from storyline.model import Citation, Claim, Doc, Story
from storyline.registry import stage
from storyline.summary.candidates import Candidate, find_candidates, pool_size

_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|refut\w+|dismiss(?:es|ed|ing)?|disput(?:es|ed|ing)|"
    r"contradict\w*|(?:is|was|were|are) (?:false|untrue|baseless|groundless)|no evidence|never (?:crossed|entered|"
    r"violated|happened|said))\b", re.I)
_REBUTTAL_WORDS = 15  # a denial this short right after a sentence answers it ("The mayor denied seeing it.")
_NUMBER = re.compile(r"\b(\d[\d,.]*)\s+([a-z]{3,})\b")


@stage("claims", scope="story", requires=("sentences",), provides=("claims",))
def find_claims(story: Story, cfg: Config) -> Story:
    pool = pool_size(len(story.docs), cfg.claims.pool, cfg.claims.budget)
    candidates = find_candidates(story.docs, pool=pool)
    if not candidates:
        return replace(story, claims=())
    vectors = embed.encoder().encode([c.text for c in candidates])
    similar = vectors @ vectors.T
    outlet = {doc.id: doc.article.outlet or doc.id for doc in story.docs}
    last_position: dict[str, int] = {doc.id: -1 for doc in story.docs}  # denials past the candidates answer none
    for cand in candidates:
        last_position[cand.citation.article] = max(last_position[cand.citation.article], cand.position)
    groups = _group(candidates, similar, cfg.claims.same)
    denials = [d for d in _denials(story.docs) if d[2] <= last_position[d[0].article] + 1]
    denial_vectors = embed.encoder().encode([text for _, text, _ in denials]) if denials else np.zeros((0, 1))
    claims: list[Claim] = []
    for members in groups:
        disputed = _disputed(members, candidates, vectors, denials, denial_vectors, cfg.claims.dispute)
        if disputed is not None:  # the sentence denied is the claim, worded as its source put it
            head, against = disputed
            claims.append(_claim([head], candidates, outlet, against))
            members = [m for m in members if m != head]
        conflict = _conflicting_numbers(members, candidates)
        if conflict is not None:
            first, second = conflict
            claims.append(_claim([first], candidates, outlet, (candidates[second].citation,)))
        elif members and len({outlet[candidates[m].citation.article] for m in members}) >= cfg.claims.min_support:
            centre = max(members, key=lambda m: (float(similar[m, members].sum()), -candidates[m].words))
            claims.append(_claim([centre, *[m for m in members if m != centre]], candidates, outlet, ()))
    claims.sort(key=lambda c: (not c.disputed, -c.support, c.sources[0].article, c.sources[0].span.start))
    return replace(story, claims=tuple(claims))


def _claim(members: list[int], candidates: list[Candidate], outlet: dict[str, str],
           against: tuple[Citation, ...]) -> Claim:
    sources = tuple(candidates[m].citation for m in members)
    return Claim(sources, len({outlet[c.article] for c in sources}), against)


def _group(candidates: list[Candidate], similar: Any, same: float) -> list[list[int]]:
    """Greedy grouping, most central sentences first; one sentence per article in a group."""
    centrality = (similar >= same).sum(axis=1)
    order = sorted(range(len(candidates)), key=lambda i: (-int(centrality[i]), i))
    groups: list[list[int]] = []
    for i in order:
        article = candidates[i].citation.article
        home = next((g for g in groups if similar[g[0], i] >= same
                     and all(candidates[m].citation.article != article for m in g)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups


def _denials(docs: Sequence[Doc]) -> list[tuple[Citation, str, int]]:
    """Sentences with a denial cue: (citation, text, index of the sentence in its article)."""
    found = []
    for doc in docs:
        for n, sent in enumerate(doc.sentences):
            text = sent.span.text_of(doc.text)
            if _DENIAL.search(text) and len(text.split()) >= 3:
                found.append((Citation(doc.id, sent.span), text, n))
    return found


def _disputed(members: list[int], candidates: list[Candidate], vectors: Any,
              denials: list[tuple[Citation, str, int]], denial_vectors: Any,
              threshold: float) -> tuple[int, tuple[Citation, ...]] | None:
    """The member a denial answers and the denials, if any: the next sentence of the same article, or
    one close in meaning from another article."""
    for m in members:
        cand = candidates[m]
        against = []
        for k, (citation, _, index) in enumerate(denials):
            follows = (citation.article == cand.citation.article and index == cand.position + 1
                       and len(denials[k][1].split()) <= _REBUTTAL_WORDS)
            close = citation.article != cand.citation.article and float(vectors[m] @ denial_vectors[k]) >= threshold
            if (follows or close) and citation != cand.citation:
                against.append(citation)
        if against:
            return m, tuple(against)
    return None


def _conflicting_numbers(members: list[int], candidates: list[Candidate]) -> tuple[int, int] | None:
    """Two sentences of different articles giving different numbers of the same thing."""
    seen: dict[str, tuple[str, int]] = {}
    for m in members:
        for number, noun in _NUMBER.findall(candidates[m].text):
            value = number.rstrip(".,").replace(",", "")
            if noun in seen and seen[noun][0] != value and \
                    candidates[seen[noun][1]].citation.article != candidates[m].citation.article:
                return seen[noun][1], m
            seen.setdefault(noun, (value, m))
    return None
