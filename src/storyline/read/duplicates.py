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
    """The articles seen so far; ``find`` names the one a new article copies, if any."""

    def __init__(self, *, min_containment: float) -> None:
        self.min_containment = min_containment
        self._lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=NUM_PERM)
        self._prints: dict[str, Fingerprint] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def find(self, fp: Fingerprint) -> str | None:
        """The id of the earlier article ``fp`` copies (the most alike, then the first added), or None."""
        best: tuple[float, int, str] | None = None
        for key in self._lsh.query(fp.minhash()):
            score = containment(fp, self._prints[key])
            if score >= self.min_containment:
                order = self._order[key]
                if best is None or (score, -order) > (best[0], -best[1]):
                    best = (score, order, key)
        return best[2] if best else None

    def add(self, key: str, fp: Fingerprint) -> None:
        if key in self._prints:
            return
        self._order[key] = len(self._prints)
        self._prints[key] = fp
        self._lsh.insert(key, fp.minhash(), check_duplication=False)
