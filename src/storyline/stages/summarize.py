"""Summarize: a short summary of the story, every sentence cited to each article that reports it.

First version, the lead baseline: each article's first real sentence, oldest article first, skipping
what an earlier sentence already said, up to ``summarize.max_words``. (Centrality, redundancy
control and claims come with the summary issue.)"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from storyline.config import Config
from storyline.model import Citation, Doc, Story, SummarySentence
from storyline.pipeline import stage

_SAME = 0.5  # word overlap above which two sentences say the same thing
_CONTEXT_OPENERS = re.compile(r"^(?:he|she|it|they|this|that|these|those|but|and|so|also|his|her|their)\b", re.I)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other: high when one sentence repeats another."""
    return len(a & b) / max(1, min(len(a), len(b)))


def similarity(a: set[str], b: set[str]) -> float:
    """Share of the larger word set found in the other: high only when both say the same thing."""
    return len(a & b) / max(1, len(a), len(b))


def lead_sentences(docs: Iterable[Doc]) -> Iterator[tuple[Citation, str]]:
    """The first sentence of each doc that stands on its own (8+ words, no quote, no pronoun opener)."""
    for doc in docs:
        for sent in doc.sentences:
            text = sent.span.text_of(doc.text)
            if len(text.split()) >= 8 and not _CONTEXT_OPENERS.match(text) and not re.search(r"[\"“”]", text):
                yield Citation(doc.id, sent.span), text
                break


@stage("summarize", scope="story", requires=("sentences",), provides=("summary",))
def summarize(story: Story, cfg: Config) -> Story:
    oldest_first = sorted(story.docs, key=lambda d: (d.published is None, d.published.when.start if d.published
                                                      else None, d.id))
    leads = list(lead_sentences(oldest_first))
    every = [(Citation(doc.id, s.span), words(s.span.text_of(doc.text))) for doc in story.docs for s in doc.sentences]
    chosen: list[tuple[SummarySentence, set[str]]] = []
    used = 0
    for citation, text in leads:
        bag = words(text)
        n_words = len(text.split())
        if any(overlap(bag, b) >= _SAME for _, b in chosen) or used + n_words > cfg.summarize.max_words:
            continue
        support = [c for c, b in every if c.article != citation.article and similarity(bag, b) >= _SAME]
        others = list({c.article: c for c in support}.values())
        chosen.append((SummarySentence((citation, *others)), bag))
        used += n_words
    return replace(story, summary=tuple(s for s, _ in chosen))
