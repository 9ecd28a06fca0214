"""How sure an inferred publication date is: the chance that it is within a week of the truth, read
from the evidence that decided it by a logistic regression fitted on half of Timeline17 and TBAQ
(bench/bench_date_confidence.py; the held-out calibration is in bench/RESULTS.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from storyline.model import Granularity

__all__ = ["Evidence", "confidence_of", "features"]


@dataclass(frozen=True)
class Evidence:
    """What decided an inferred date: the kind of its strongest clue, the granularity reached, how many
    clues (and of how many kinds) agree, the share of the clues' weight that agrees, and whether the
    article's own latest named day is among them."""

    kind: str
    granularity: Granularity
    clues: int
    kinds: int
    weight: float
    agreement: float
    own: bool
    near: int = 0  # how many of the most similar surely dated articles appeared within a week of the date


_KINDS = ("weekday", "deictic", "opening", "relative", "elapsed", "neighbour", "not_before")  # against "own"
# Logistic regression weights over ``features``: fitted by bench/bench_date_confidence.py on half the
# Timeline17 stories and half the TBAQ articles, checked on the other halves (bench/RESULTS.md).
_WEIGHTS = (-0.183,  # bias
            0.644, -0.565, 0.261, -1.092, -0.685, -0.691, -0.278,  # kinds, against the own latest day
            -0.69, -1.364,  # month, year
            0.217, -0.002, 0.262, -2.068, 2.407, 0.795)  # clues, kinds, weight, share, own, near


def features(evidence: Evidence) -> list[float]:
    """The evidence as numbers: a bias, its strongest clue's kind, month or year only, how many clues
    and kinds agree, their weight and share, the article's own day among them, the neighbours near."""
    return [1.0, *(float(evidence.kind == kind) for kind in _KINDS), float(evidence.granularity == "month"),
            float(evidence.granularity == "year"), math.log(max(1, evidence.clues)), evidence.kinds - 1.0,
            min(evidence.weight, 5.0), evidence.agreement, float(evidence.own), float(evidence.near)]


def confidence_of(evidence: Evidence) -> float:
    """The chance that a date found on this evidence is within a week of the truth."""
    z = math.fsum(w * f for w, f in zip(_WEIGHTS, features(evidence), strict=True))
    return round(1 / (1 + math.exp(-z)), 2)
