"""Online story clustering: each new article joins the story it belongs to or starts one.

No all-pairs comparison: an approximate nearest-neighbour index (usearch, HNSW) over the vectors
of the latest ``window`` articles gives the ``neighbours`` nearest of them, and each entity of the
article names the few stories that mentioned it most recently (so stories older than the window are
still found); the stories of both are the candidates. A candidate story is scored by

    score = cos(article, story centroid) + entity_weight * entity_fit - time_weight * log1p(gap / 30 days)

- ``entity_fit``: how typical the article's entities are of the story, in [0, 1]: the article's entities
  weighted by their inverse document frequency so far, each counting the share of the story's articles
  that name it (so two earthquakes in two places, or two celebrities in rehab, part on their names);
- ``gap``: days from the article's day to the nearest day of the story's span (0 inside it, or when
  either has no day).

The article joins the best candidate scoring at least ``threshold``, else starts a story. Then the story
it joined is compared, by the same score between centroids and entities, with the other candidates;
one at ``merge_threshold`` or above is merged into it (the larger story's id survives) and the merge is
reported. Story ids are ``s`` + 12 hex digits of the hash of the founding article's id: deterministic for
the same input order.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from storyline.config import ClusterConfig
from storyline.corpus.signals import Signal
from storyline.errors import InputError

_RECENT = 4  # stories remembered per entity for blocking
_DIM = 384
_MAIN = 8  # a story's main entities


@dataclass(frozen=True)
class Assignment:
    """Where one added article went: its story, whether it founded it, and the merges it caused."""

    story_id: str
    created: bool
    merged: tuple[tuple[str, str], ...] = ()


@dataclass
class _Story:
    story_id: str
    total: Any  # float32 sum of the article vectors
    articles: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)  # articles naming each entity
    first: date | None = None
    last: date | None = None
    _main: list[tuple[str, int]] = field(default_factory=list)
    _main_at: int = -1

    def main(self) -> list[tuple[str, int]]:
        """The story's most named entities and their article counts: recounted at each article while the
        story is small, then each time it grows by a tenth (so the cost per article stays constant)."""
        size = len(self.articles)
        if not self._main or (size < 32 and self._main_at != size) or size >= self._main_at * 1.1:
            self._main = self.entities.most_common(_MAIN)
            self._main_at = size
        return self._main

    def centroid(self) -> Any:
        norm = float(np.linalg.norm(self.total))
        return self.total / norm if norm else self.total

    def absorb(self, signal: Signal) -> None:
        self.total += signal.vector
        self.articles.append(signal.article_id)
        self.entities.update(tuple(dict.fromkeys(signal.entities)))
        if signal.day is not None:
            self.first = min(self.first or signal.day, signal.day)
            self.last = max(self.last or signal.day, signal.day)


class RecentIndex:
    """Approximate nearest neighbours (usearch HNSW, inner product) among the latest articles: two
    generations of at most ``window // 2`` articles each; when the newer is full the older is dropped,
    so between ``window // 2`` and ``window`` articles are searched and the cost of an add stays bounded
    however large the corpus grows. Older stories are still reached through their names."""

    def __init__(self, window: int) -> None:
        self.half = max(1, window // 2)
        self.generations: list[Any] = [self._new()]

    @staticmethod
    def _new() -> Any:
        from usearch.index import Index

        return Index(ndim=_DIM, metric="ip", dtype="f32", expansion_add=64)

    def add(self, key: int, vector: Any) -> None:
        if len(self.generations[-1]) >= self.half:
            self.generations = [self.generations[-1], self._new()]
        self.generations[-1].add(key, vector, threads=1)

    def restore(self, keys: Sequence[int], vectors: Sequence[Any], total: int) -> None:
        """Hold what ``add`` would hold after ``total`` articles, given the latest of them in order."""
        if not total:
            return
        newer = (total - 1) // self.half * self.half
        offset = total - len(keys)
        self.generations = []
        for start, end in ((newer - self.half, newer), (newer, total)):
            index = self._new()
            if end > max(start, offset):
                chunk = slice(max(start, offset) - offset, end - offset)
                index.add(np.asarray(keys[chunk], dtype=np.uint64), np.stack(vectors[chunk]), threads=1)
            self.generations.append(index)

    def nearest(self, vector: Any, k: int) -> list[int]:
        """The keys of up to ``k`` nearest articles, the nearest first."""
        found: list[tuple[float, int]] = []
        for index in self.generations:
            if len(index):
                matches = index.search(vector, min(k, len(index)), threads=1)
                found.extend(zip(np.asarray(matches.distances).tolist(), np.asarray(matches.keys).tolist(),
                                 strict=True))
        return [int(key) for _, key in sorted(found)[:k]]


def story_id_for(article_id: str) -> str:
    return "s" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


class StoryClusterer:
    """Stories found online; ``add`` one article at a time in publication order."""

    def __init__(self, cfg: ClusterConfig) -> None:
        self.cfg = cfg
        self._index = RecentIndex(cfg.window)
        self._article_story: list[int] = []  # article key -> story slot (before merges)
        self._slots: list[_Story | None] = []
        self._parent: list[int] = []  # merged slot -> the slot it went into
        self._by_id: dict[str, int] = {}
        self._df: Counter[str] = Counter()
        self._recent: dict[str, list[int]] = {}  # a short list costs a seventh of a deque
        self._n = 0

    # --- public ---------------------------------------------------------------------------------

    def add(self, signal: Signal) -> Assignment:
        vector = _unit(signal.vector)
        signal = Signal(signal.article_id, vector, signal.entities, signal.day)
        self._df.update(set(signal.entities))
        self._n += 1
        candidates = self._candidates(signal)
        scored = sorted(((self._score(signal, self._story(s)), s) for s in candidates), reverse=True)
        if scored and scored[0][0] >= self.cfg.threshold:
            slot, created = scored[0][1], False
        else:
            slot, created = self._new_story(signal.article_id), True
        self._place(signal, slot)
        merged = self._merge_around(slot, [s for _, s in scored if s != slot])
        return Assignment(self._story(self._root(slot)).story_id, created, tuple(merged))

    @classmethod
    def restore(cls, cfg: ClusterConfig, assigned: Iterable[tuple[Signal, str]]) -> StoryClusterer:
        """The state after the stored signals were assigned to the stored stories, rebuilt in one pass."""
        self = cls(cfg)
        keys: deque[int] = deque(maxlen=cfg.window)
        vectors: deque[Any] = deque(maxlen=cfg.window)
        for signal, story_id in assigned:
            vector = _unit(signal.vector)
            signal = Signal(signal.article_id, vector, signal.entities, signal.day)
            slot = self._by_id.get(story_id)
            if slot is None:
                slot = self._new_story(signal.article_id, story_id)
            self._df.update(set(signal.entities))
            self._n += 1
            keys.append(len(self._article_story))
            vectors.append(vector)
            self._absorb(signal, slot)
        self._index.restore(list(keys), list(vectors), len(self._article_story))
        return self

    def stories(self) -> dict[str, list[str]]:
        """Story id -> its article ids, in the order they were added."""
        return {story.story_id: list(story.articles) for story in self._slots if story is not None}

    # --- scoring --------------------------------------------------------------------------------

    def _candidates(self, signal: Signal) -> list[int]:
        found: dict[int, None] = {}
        for key in self._index.nearest(signal.vector, self.cfg.neighbours):
            found[self._root(self._article_story[key])] = None
        for name in signal.entities:
            for slot in self._recent.get(name, ()):
                found[self._root(slot)] = None
        return list(found)

    def _score(self, signal: Signal, story: _Story) -> float:
        content = float(signal.vector @ story.centroid())
        fit = self._entity_fit(signal.entities, story)
        gap = _gap(signal.day, signal.day, story.first, story.last)
        return content + self.cfg.entity_weight * fit - self.cfg.time_weight * math.log1p(gap / 30)

    def _entity_fit(self, names: Sequence[str], story: _Story) -> float:
        """The strongest name the article shares with the story, in [0, 1]: for each of the article's
        names, the share of the story's articles naming it times its rarity (inverse document frequency
        so far) relative to the article's rarest name; the best of these."""
        if not names:
            return 0.0
        size = len(story.articles)
        rarity = [self._idf(name) for name in names]
        top = max(rarity)
        return max(min(1.0, story.entities[name] / size) * r / top for name, r in zip(names, rarity, strict=True))

    def _idf(self, name: str) -> float:
        return math.log((self._n + 1) / (self._df[name] + 1)) + 1.0

    def _pair_score(self, a: _Story, b: _Story) -> float:
        """The score of two stories as one: centroids, each one's main entities in the other, time."""
        content = float(a.centroid() @ b.centroid())
        fit = min(self._entity_fit([n for n, _ in a.main()], b), self._entity_fit([n for n, _ in b.main()], a))
        gap = _gap(a.first, a.last, b.first, b.last)
        return content + self.cfg.entity_weight * fit - self.cfg.time_weight * math.log1p(gap / 30)

    # --- state ----------------------------------------------------------------------------------

    def _new_story(self, article_id: str, story_id: str | None = None) -> int:
        slot = len(self._slots)
        sid = story_id or story_id_for(article_id)
        if sid in self._by_id:
            raise InputError(f"Story id {sid!r} is given twice (article {article_id!r}): article ids must be "
                             "unique in a corpus.")
        self._slots.append(_Story(sid, np.zeros(_DIM, dtype=np.float32)))
        self._parent.append(slot)
        self._by_id[sid] = slot
        return slot

    def _place(self, signal: Signal, slot: int) -> None:
        self._index.add(len(self._article_story), signal.vector)
        self._absorb(signal, slot)

    def _absorb(self, signal: Signal, slot: int) -> None:
        self._article_story.append(slot)
        self._story(slot).absorb(signal)
        for name in signal.entities:
            recent = self._recent.setdefault(name, [])
            if slot in recent:
                recent.remove(slot)
            recent.append(slot)
            if len(recent) > _RECENT:
                del recent[0]

    def _merge_around(self, slot: int, others: list[int]) -> list[tuple[str, str]]:
        merged: list[tuple[str, str]] = []
        for other in others:
            here, there = self._root(slot), self._root(other)
            if here == there:
                continue
            if self._pair_score(self._story(here), self._story(there)) >= self.cfg.merge_threshold:
                merged.append(self._merge(here, there))
        return merged

    def _merge(self, a: int, b: int) -> tuple[str, str]:
        big, small = (a, b) if len(self._story(a).articles) >= len(self._story(b).articles) else (b, a)
        keep, gone = self._story(big), self._story(small)
        keep.total += gone.total
        keep.articles.extend(gone.articles)
        keep.entities.update(gone.entities)
        keep._main = []  # refreshed on next use
        days = [d for d in (keep.first, keep.last, gone.first, gone.last) if d is not None]
        keep.first, keep.last = (min(days), max(days)) if days else (None, None)
        self._parent[small] = big
        self._slots[small] = None
        self._by_id[gone.story_id] = big
        return gone.story_id, keep.story_id

    def _root(self, slot: int) -> int:
        while self._parent[slot] != slot:
            self._parent[slot] = self._parent[self._parent[slot]]
            slot = self._parent[slot]
        return slot

    def _story(self, slot: int) -> _Story:
        story = self._slots[self._root(slot)]
        assert story is not None  # a root slot always holds its story
        return story


def _gap(a_first: date | None, a_last: date | None, b_first: date | None, b_last: date | None) -> float:
    """Days between two spans (0 when they overlap or either is undated)."""
    if a_first is None or a_last is None or b_first is None or b_last is None:
        return 0.0
    return float(max((b_first - a_last).days, (a_first - b_last).days, 0))


def _unit(vector: Any) -> Any:
    v = np.asarray(vector, dtype=np.float32).reshape(-1)
    if v.shape != (_DIM,):
        raise InputError(f"A story vector must have {_DIM} numbers, got {v.shape}: make it with make_signals.")
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def describe(signals: Sequence[Signal], titles: Sequence[str | None]) -> tuple[str, tuple[str, ...]]:
    """A short readable label for a story and its main entities (the most named first)."""
    counts: Counter[str] = Counter(name for signal in signals for name in dict.fromkeys(signal.entities))
    main = tuple(_display(name) for name, n in counts.most_common(5) if n > 1 or len(signals) == 1)
    usable = [(i, t) for i, t in enumerate(titles) if t and t.strip()]
    if usable:
        centre = _unit(np.sum([_unit(signals[i].vector) for i, _ in usable], axis=0))
        best = max(usable, key=lambda it: float(_unit(signals[it[0]].vector) @ centre))[1]
        words = best.split()
        return (" ".join(words[:12]) + (" …" if len(words) > 12 else "")), main
    return (" · ".join(main[:3]) if main else "untitled story"), main


def _display(name: str) -> str:
    """'bp' -> 'BP', 'u.s' -> 'U.S', 'gulf of mexico' -> 'Gulf of Mexico' (names are stored lower-cased)."""
    words = name.split()
    joiners = {"of", "de", "del", "la", "al", "bin", "van", "von", "der", "du", "da", "&"}
    return " ".join(w if w in joiners else w.upper() if (len(words) == 1 and len(w) <= 3) or "." in w
                    else w.capitalize() for w in words)
