"""Summarize: a short summary of the whole story, every sentence cited to each article that reports it.

Extractive. The candidates are sentences that stand on their own, among the first ``summarize.pool``
of each article (the lead carries the news; fewer per article when the articles times the pool pass
``summarize.budget``, so that a large story stays quick): 8 to 60 words, no quotation marks (a quote out of its
context is a fragment), not opening on a word that needs the sentence before ("He", "But", "This"),
not a byline or a caption (the clean stage removed those). Each is embedded with all-MiniLM-L6-v2
(``language/embed.py``: cosine similarity of meaning, so paraphrases meet) and scored by

- support: how many other articles hold a sentence that says the same (cosine >= ``summarize.same``);
  a fact many sources report is a main point;
- coverage: its mean, over the other articles, of its cosine with their closest sentence;
- position: the lead of an article carries its news (1 for its first five sentences, then falling);
- with ``summarize.focus``, its cosine with the question, which then leads: the score becomes
  (0.01 + cosine) x the square root of the rest.

With ``summarize.dated`` above 1, a sentence that states its own date (a time expression of its own, not
only its article's date) scores that much more.

Selection is greedy maximal marginal relevance (``summarize.diversity`` trades score for novelty), and
a sentence that repeats one already chosen is never taken: the summary says nothing twice. It repeats
it when their cosine is at or above ``summarize.repeat``, or when most of the shorter's content words
(``_REPEAT_WORDS`` of its words of four letters or more) are the other's. It stops at
``summarize.max_words`` words (or ``summarize.max_sentences`` sentences when that is set) and reads in
the order of what it reports: by the sentence's date, then by article.
Each summary sentence cites itself first, then the closest sentence of every other article saying the same,
when it states the same event (compatible participants and times, as the claims stage asks).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.config import Config
from storyline.language import embed
from storyline.model import Citation, Story, SummarySentence
from storyline.registry import stage
from storyline.summary import agreement
from storyline.summary.candidates import Candidate, find_candidates, pool_size

_LEAD = 5  # sentences of an article that count as its lead
_REPEAT_WORDS = 0.6  # share of the shorter sentence's content words in the other at which it repeats it


@stage("summarize", scope="story", requires=("sentences",), provides=("summary",))
def summarize(story: Story, cfg: Config) -> Story:
    candidates = find_candidates(story.docs, pool=pool_size(len(story.docs), cfg.summarize.pool,
                                                            cfg.summarize.budget))
    if not candidates:
        return replace(story, summary=())
    model = embed.encoder()
    vectors = model.encode([c.text for c in candidates])
    similar = vectors @ vectors.T  # cosines: the rows are unit length
    scores, support = _scores(candidates, similar, cfg.summarize.same)
    support = _same_event(story, candidates, support)
    if cfg.summarize.dated != 1:
        scores = [s * (cfg.summarize.dated if c.stated else 1.0) for s, c in zip(scores, candidates, strict=True)]
    if cfg.summarize.focus.strip():  # the summary answers the question: relevance leads, the story's weight follows
        relevance = vectors @ model.encode([cfg.summarize.focus])[0]
        scores = [math.sqrt(s) * (0.01 + max(0.0, float(r))) for s, r in zip(scores, relevance, strict=True)]
    chosen = _select(candidates, similar, scores, cfg)
    ordered = sorted(chosen, key=lambda i: (candidates[i].when is None, candidates[i].when or _NEVER,
                                            candidates[i].citation.article, candidates[i].citation.span.start))
    return replace(story, summary=tuple(SummarySentence((candidates[i].citation, *support[i])) for i in ordered))


_NEVER = datetime.max.replace(tzinfo=UTC)


def _scores(candidates: list[Candidate], similar: Any, same: float) -> tuple[list[float], list[list[Citation]]]:
    """Each candidate's score and, to cite beside it, the closest sentence of each other article that
    says the same."""
    by_article: dict[str, list[int]] = {}
    for i, cand in enumerate(candidates):
        by_article.setdefault(cand.citation.article, []).append(i)
    n = len(candidates)
    coverage = np.zeros(n)
    support_count = np.zeros(n)
    support: list[list[Citation]] = [[] for _ in range(n)]
    article_of = np.array([c.citation.article for c in candidates])
    for article, members in sorted(by_article.items()):
        block = similar[:, members]
        best = block.max(axis=1)
        closest = block.argmax(axis=1)
        own = article_of == article
        coverage += np.where(own, 0.0, best)
        says_same = (best >= same) & ~own
        support_count += says_same
        for row in np.flatnonzero(says_same):
            support[row].append(candidates[members[closest[row]]].citation)
    n_other = max(1, len(by_article) - 1)
    scores = []
    for i, cand in enumerate(candidates):
        position = 1.0 if cand.position < _LEAD else 0.5 + 0.5 / (1 + cand.position - _LEAD)
        breadth = 1 + math.log1p(support_count[i]) / math.log1p(n_other)
        scores.append(float(breadth * max(0.01, coverage[i] / n_other) * position))
    return scores, support


def _same_event(story: Story, candidates: list[Candidate], support: list[list[Citation]]) -> list[list[Citation]]:
    """Each candidate's citations, keeping those that state the same event (``summary/agreement.py``:
    compatible participants and times); the scores are left as they were."""
    facets = agreement.describe(story.docs, candidates)
    index = {c.citation: i for i, c in enumerate(candidates)}
    return [[c for c in cites if agreement.same_event(facets[i], facets[index[c]])] for i, cites in enumerate(support)]


def _select(candidates: list[Candidate], similar: Any, scores: list[float], cfg: Config) -> list[int]:
    """Greedy maximal marginal relevance within the length limit; nothing said twice."""
    top = max(scores) or 1.0
    relevance = [s / top for s in scores]
    diversity, repeat = cfg.summarize.diversity, cfg.summarize.repeat
    max_sentences = cfg.summarize.max_sentences
    words_of = [_content_words(c.text) for c in candidates]
    chosen: list[int] = []
    closest = np.zeros(len(candidates))  # each candidate's highest cosine with a chosen sentence
    words = 0
    remaining = set(range(len(candidates)))
    while remaining and (not max_sentences or len(chosen) < max_sentences):
        room = cfg.summarize.max_words - words
        fits = [i for i in remaining if closest[i] < repeat and (max_sentences or candidates[i].words <= room)
                and not any(_shares_words(words_of[i], words_of[j]) for j in chosen)]
        if not fits:
            break
        pick = max(fits, key=lambda i: ((1 - diversity) * relevance[i] - diversity * closest[i], -i))
        chosen.append(pick)
        words += candidates[pick].words
        remaining.discard(pick)
        closest = np.maximum(closest, similar[pick])
    return chosen


def _content_words(text: str) -> frozenset[str]:
    """The sentence's words of four letters or more, lower-cased (function words are mostly shorter)."""
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4)


def _shares_words(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether most of the shorter sentence's content words are the other's."""
    return bool(a and b) and len(a & b) >= _REPEAT_WORDS * min(len(a), len(b))
