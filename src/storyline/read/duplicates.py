"""Near-duplicates at any count: MinHash signatures of word 5-grams and locality-sensitive hashing
(datasketch), so finding the copies of an article never compares all pairs.

A re-post with another headline, a syndicated copy with a footer, the same wire story under three
outlets' names: their 5-grams are nearly all shared. ``fingerprint`` reduces an article to a 128-value
MinHash signature and the number of its distinct 5-grams; ``DuplicateIndex`` finds, through MinHash LSH,
the earlier articles that could be copies, and keeps those for which the estimated share of the shorter
article's 5-grams found in the other (containment) reaches ``min_containment``. A short article quoted
whole inside a longer one is a copy of it; two articles that share a paragraph are not.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
_SCHEME = "affine32"  # datasketch 2 hashing scheme; signatures stored in a corpus keep it
_SHINGLE = 5
_LSH_THRESHOLD = 0.4  # Jaccard at which LSH proposes a pair; containment then decides
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MASK = np.uint64(0xFFFFFFFF)
_START = 1024  # article slots first allocated; doubled when full
_MERGE_FROM = 1024  # articles inserted before the band table is first sorted


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """An article's MinHash signature (``NUM_PERM`` uint32 values) and its count of distinct 5-grams."""

    hashes: Any  # numpy uint32 array
    size: int

    def to_bytes(self) -> bytes:
        return bytes(np.asarray(self.hashes, dtype=np.uint32).tobytes())

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype=np.uint32).copy(), size)

    def minhash(self) -> MinHash:
        return MinHash(num_perm=NUM_PERM, hashvalues=self.hashes, scheme=_SCHEME)


def gram_hashes(text: str) -> Any:
    """The distinct 32-bit hashes of the word 5-grams of ``text`` (lower-cased, punctuation ignored;
    a text under five words is one shorter gram). Words are hashed once (CRC-32), grams combined in numpy."""
    words = re.findall(r"\w+", text.lower())
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - _SHINGLE + 1)
    grams = np.zeros(n, dtype=np.uint64)
    for k in range(min(_SHINGLE, len(words))):
        grams = grams * _PRIME + hashes[k : k + n]
    grams = (grams ^ (grams >> np.uint64(29))) * _MIX
    grams ^= grams >> np.uint64(32)
    return np.unique(grams & _MASK)


def fingerprint(text: str) -> Fingerprint:
    """The MinHash signature of ``text``'s word 5-grams."""
    grams = gram_hashes(text)
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=_identity, scheme=_SCHEME)
    minhash.update_batch(grams.tolist())
    return Fingerprint(minhash.hashvalues.astype(np.uint32), len(grams))


def _identity(value: int) -> int:
    return value


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """The estimated share of the smaller article's 5-grams found in the other (from the signatures'
    Jaccard estimate and the two sizes)."""
    jaccard = float(np.mean(np.asarray(a.hashes) == np.asarray(b.hashes)))
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(a.size, b.size)))


class DuplicateIndex:
    """The articles seen so far; ``find`` names the one a new article copies, if any.

    The candidates are exactly those of datasketch's ``MinHashLSH`` with the same threshold (its bands and
    rows: two signatures are candidates when all the values of one band are equal), kept compactly: the
    signatures in one numpy array and each band's values hashed into a sorted numpy table, about 1 KB an
    article where ``MinHashLSH`` holds about 10 KB of Python objects (bench/RESULTS.md, corpus memory)."""

    def __init__(self, *, min_containment: float) -> None:
        self.min_containment = min_containment
        self._ids: list[str] = []
        self._slots: dict[str, int] = {}
        self._signatures = np.zeros((_START, NUM_PERM), dtype=np.uint32)
        self._sizes = np.zeros(_START, dtype=np.int64)
        self._bands = BandTable(*banding())

    def __len__(self) -> int:
        return len(self._ids)

    def find(self, fp: Fingerprint) -> str | None:
        """The id of the earlier article ``fp`` copies (the most alike, then the first added), or None."""
        best: tuple[float, int] | None = None
        hashes = np.asarray(fp.hashes, dtype=np.uint32)
        for slot in self._candidates(hashes):
            score = containment(fp, Fingerprint(self._signatures[slot], int(self._sizes[slot])))
            if score >= self.min_containment and (best is None or (score, -slot) > (best[0], -best[1])):
                best = (score, slot)
        return self._ids[best[1]] if best else None

    def add(self, key: str, fp: Fingerprint) -> None:
        if key in self._slots:
            return
        slot = len(self._ids)
        if slot == len(self._sizes):
            self._signatures = np.concatenate([self._signatures, np.zeros_like(self._signatures)])
            self._sizes = np.concatenate([self._sizes, np.zeros_like(self._sizes)])
        hashes = np.asarray(fp.hashes, dtype=np.uint32)
        self._signatures[slot] = hashes
        self._sizes[slot] = fp.size
        self._ids.append(key)
        self._slots[key] = slot
        self._bands.insert(slot, self._bands.keys(hashes))

    def _candidates(self, hashes: Any) -> list[int]:
        """The articles sharing all the values of at least one band with ``hashes``, in the order added."""
        slots = np.asarray(sorted(self._bands.query(self._bands.keys(hashes))), dtype=np.int64)
        if not len(slots):
            return []
        bands, rows = self._bands.bands, self._bands.rows
        same = self._signatures[slots, : bands * rows].reshape(-1, bands, rows) == hashes[: bands * rows].reshape(
            bands, rows)
        return [int(s) for s in slots[same.all(axis=2).any(axis=1)]]


@cache
def banding() -> tuple[int, int]:
    """datasketch's bands and rows for the LSH threshold (its optimal choice for NUM_PERM values)."""
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class BandTable:
    """Band keys (64-bit hashes of a band's values and its number) -> article slots: a sorted numpy table,
    with the latest inserts in a dict until they are merged in (when they reach a sixteenth of the table)."""

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self._keys = np.zeros(0, dtype=np.uint64)
        self._slots = np.zeros(0, dtype=np.int32)
        self._recent: dict[int, list[int]] = {}
        self._recent_articles = 0

    def keys(self, hashes: Any) -> Any:
        """One uint64 key per band of a signature."""
        values = np.asarray(hashes[: self.bands * self.rows], dtype=np.uint64).reshape(self.bands, self.rows)
        key = np.arange(1, self.bands + 1, dtype=np.uint64) * _MIX
        for k in range(self.rows):
            key = (key ^ values[:, k]) * _PRIME
            key ^= key >> np.uint64(31)
        return key * _MIX ^ ((key * _MIX) >> np.uint64(32))

    def insert(self, slot: int, keys: Any) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(slot)
        self._recent_articles += 1
        if self._recent_articles >= max(_MERGE_FROM, len(self._keys) // (16 * self.bands)):
            self._merge()

    def query(self, keys: Any) -> set[int]:
        found: set[int] = set()
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        for start, end in zip(lo[hi > lo].tolist(), hi[hi > lo].tolist(), strict=True):
            found.update(self._slots[start:end].tolist())
        for key in keys.tolist():
            found.update(self._recent.get(key, ()))
        return found

    def _merge(self) -> None:
        pairs = [(key, slot) for key, slots in self._recent.items() for slot in slots]
        keys = np.concatenate([self._keys, np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))])
        slots = np.concatenate([self._slots, np.fromiter((s for _, s in pairs), dtype=np.int32, count=len(pairs))])
        order = np.argsort(keys, kind="stable")
        self._keys, self._slots = keys[order], slots[order]
        self._recent, self._recent_articles = {}, 0
