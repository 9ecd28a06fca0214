"""Dedupe: the same article read twice (syndication, a re-post) is kept once, with both sources."""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np

from storyline.config import Config
from storyline.model import Doc, Story
from storyline.registry import stage

_SHINGLE = 5
_SAMPLE = 4  # keep the 5-grams whose hash is divisible by this: the same sample in every text
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingles(text: str) -> set[int]:
    """A fixed quarter of the hashed word 5-grams of ``text`` (lower-cased, punctuation ignored).
    Containment measured on the sample estimates it on the whole at a quarter of the memory.
    Each word is hashed once (CRC-32); a 5-gram's hash combines its words' hashes (vectorised)."""
    words = re.findall(r"\w+", text.lower())
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - _SHINGLE + 1)
    grams = np.zeros(n, dtype=np.uint64)
    for k in range(min(_SHINGLE, len(words))):  # a text under 5 words is one shorter gram
        grams = grams * _PRIME + hashes[k : k + n]
    grams = (grams ^ (grams >> np.uint64(29))) * _MIX  # spread the bits before sampling
    grams ^= grams >> np.uint64(32)
    return set(grams[grams % np.uint64(_SAMPLE) == 0].tolist())


def find_duplicates(docs: list[Doc], *, min_containment: float) -> dict[int, int]:
    """Map the index of each duplicate doc to the index of the doc that keeps it (the longer one)."""
    sets = [shingles(doc.text) for doc in docs]
    index: dict[int, list[int]] = defaultdict(list)
    for i, grams in enumerate(sets):
        for g in grams:
            index[g].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if 1 < len(holders) <= 50:  # a 5-gram in more than 50 articles is boilerplate, not a copy
            for a in range(len(holders)):
                for b in range(a + 1, len(holders)):
                    shared[holders[a], holders[b]] += 1
    keeper: dict[int, int] = {}
    for (a, b), count in sorted(shared.items(), key=lambda item: -item[1]):
        if count / max(1, min(len(sets[a]), len(sets[b]))) < min_containment:
            continue
        keep, drop = (a, b) if len(docs[a].text) >= len(docs[b].text) else (b, a)
        while keep in keeper:
            keep = keeper[keep]
        if drop not in keeper and drop != keep:
            keeper[drop] = keep
    return keeper


@stage("dedupe", scope="story", requires=("text",), provides=("dedupe",))
def dedupe(story: Story, cfg: Config) -> Story:
    docs = list(story.docs)
    keeper = find_duplicates(docs, min_containment=cfg.dedupe.min_containment)
    for drop, keep in sorted(keeper.items()):
        kept, dropped = docs[keep], docs[drop]
        docs[keep] = replace(
            kept,
            sources=tuple(dict.fromkeys(kept.sources + dropped.sources)),
            notes=(*kept.notes, f"same article as '{dropped.id}' ({dropped.article.source}); kept once."),
            published=kept.published or dropped.published,
            outlet=kept.outlet or dropped.outlet,
            title=kept.title or dropped.title,
        )
    return replace(story, docs=tuple(doc for i, doc in enumerate(docs) if i not in keeper))
