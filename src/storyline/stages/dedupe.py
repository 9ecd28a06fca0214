"""Dedupe: the same article read twice (syndication, a re-post) is kept once, with every source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from storyline.config import Config
from storyline.model import Doc, Story
from storyline.read.duplicates import DuplicateIndex, fingerprint
from storyline.registry import stage


def find_duplicates(docs: list[Doc], *, min_containment: float) -> dict[int, int]:
    """Map the index of each duplicate doc to the index of the doc that keeps it: the longest of the
    copies found for one article (read/duplicates.py: MinHash LSH, no limit on their number)."""
    index = DuplicateIndex(min_containment=min_containment)
    group: dict[int, int] = {}
    for i, doc in enumerate(docs):
        fp = fingerprint(doc.text)
        hit = index.find(fp)
        if hit is None:
            index.add(str(i), fp)
            group[i] = i
        else:
            group[i] = int(hit)
    members: dict[int, list[int]] = defaultdict(list)
    for i, first in group.items():
        members[first].append(i)
    keeper: dict[int, int] = {}
    for copies in members.values():
        keep = max(copies, key=lambda i: (len(docs[i].text), -i))
        keeper.update((i, keep) for i in copies if i != keep)
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
