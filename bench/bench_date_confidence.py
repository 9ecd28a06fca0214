"""Fit the confidence of inferred publication dates, and measure its calibration on held-out data.

    PYTHONPATH=src python bench/bench_date_confidence.py [--timeline17 DIR] [--tbaq DIR] [--json FILE]

Dates every article of Timeline17 (by story, as `eval pubdate --by-story`) and of TempEval-3's TBAQ (one
collection) with the dates hidden, recording for each inferred date the evidence that decided it
(`storyline.time.confidence.Evidence`). Then fits a logistic regression from that evidence to "the date is within
7 days of the truth" on half A (the Timeline17 stories at even positions in name order, and the even TBAQ
articles) and prints the calibration table on half B (the rest). The coefficients printed are the ones to
copy into `storyline.time.confidence._WEIGHTS`. Stated dates keep the confidence their source gives (1.0, 0.9 or 0.85).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from itertools import groupby
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np

from storyline import api
from storyline.evaluate import pubdate
from storyline.model import Doc, Published
from storyline.pipeline import Pipeline
from storyline.stages import dates
from storyline.time.confidence import Evidence, features

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def dump(folder: Path, *, by_story: bool) -> list[dict[str, Any]]:
    """One row per article: collection, error in days (None: undated), how, confidence, evidence."""
    current: dict[str, str] = {}
    evidence: dict[str, dict[str, Any]] = {}
    infer, confidence_of = dates.infer_date, dates.__dict__["confidence_of"]

    def recording_infer(doc: Doc, index: dates.EventIndex) -> Published | None:
        current["id"] = doc.id
        evidence.pop(doc.id, None)
        return infer(doc, index)

    def recording_confidence(found: Evidence) -> float:
        evidence[current["id"]] = dataclasses.asdict(found)
        return float(confidence_of(found))

    with (patch.object(dates, "infer_date", recording_infer),
          patch.object(dates, "confidence_of", recording_confidence)):
        layout, items = pubdate.find_items(folder)
        cfg = api.build_config(stages=pubdate.STAGES)
        grouping = pubdate.story_of if by_story and layout == "timeline17" else (lambda name: name)
        items = sorted(items, key=lambda item: grouping(item.collection))
        collections = [list(g) for _, g in groupby(items, key=lambda item: grouping(item.collection))]
        rows = []
        with Pipeline(cfg) as pipeline:
            pipeline.start(max(len(c) for c in collections))
            for collection in collections:
                evidence.clear()
                outcomes = pubdate.date_collection(collection, cfg, pipeline=pipeline)
                for n, (item, outcome) in enumerate(zip(collection, outcomes, strict=True)):
                    p = outcome.published
                    rows.append({"collection": item.collection, "error": outcome.error_days,
                                 "how": p.how if p else None, "confidence": p.confidence if p else None,
                                 "evidence": evidence.get(f"a{n:05d}") if p and p.how == "inferred" else None})
        return rows


def fit(rows: list[dict[str, Any]], l2: float = 1.0) -> list[float]:
    """Logistic regression (Newton's method, L2 on all but the bias) of within-7-days on the features."""
    x = np.array([features(Evidence(**r["evidence"])) for r in rows])
    y = np.array([r["error"] is not None and r["error"] <= 7 for r in rows], float)
    w = np.zeros(x.shape[1])
    penalty = np.diag([0.0] + [l2] * (x.shape[1] - 1))
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        w -= np.linalg.solve(x.T @ (x * (p * (1 - p))[:, None]) + penalty + 1e-6 * np.eye(len(w)),
                             x.T @ (p - y) + penalty @ w)
    return [round(float(v), 3) for v in w]


def table(rows: list[dict[str, Any]], weights: list[float] | None) -> dict[str, Any]:
    """The calibration table of `eval pubdate`, with inferred dates rescored by ``weights`` if given."""
    outcomes = []
    for r in rows:
        confidence = r["confidence"]
        if weights is not None and r["evidence"] is not None:
            z = sum(w * f for w, f in zip(weights, features(Evidence(**r["evidence"])), strict=True))
            confidence = 1 / (1 + math.exp(-z))
        error = r["error"]
        outcomes.append((confidence, error))
    figures: dict[str, Any] = {"articles": len(rows), "calibration": []}
    for low, high in pubdate.BANDS:
        inside = [e for c, e in outcomes if c is not None and pubdate.band_of(c) == (low, high)]
        figures["calibration"].append({"band": f"[{low:.1f},{high:.1f}]", "articles": len(inside),
                                       "share": round(len(inside) / len(rows), 3),
                                       "within_7_days": round(sum(e <= 7 for e in inside) / len(inside), 3)
                                       if inside else None})
    sure = [e for c, e in outcomes if c is not None and c >= pubdate.HIGH]
    figures["high_confidence_within_7_days"] = round(sum(e <= 7 for e in sure) / len(sure), 3) if sure else None
    figures["high_confidence_share"] = round(len(sure) / len(rows), 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeline17", type=Path, default=DATA / "timeline17")
    parser.add_argument("--tbaq", type=Path, default=DATA / "temporal/TempEval3/Training/TBAQ-cleaned")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    t17, tbaq = dump(args.timeline17, by_story=True), dump(args.tbaq, by_story=False)
    stories = sorted({pubdate.story_of(r["collection"]) for r in t17})
    half_a = set(stories[::2])
    a17 = [r for r in t17 if pubdate.story_of(r["collection"]) in half_a]
    b17 = [r for r in t17 if pubdate.story_of(r["collection"]) not in half_a]
    weights = fit([r for r in (*a17, *tbaq[::2]) if r["evidence"] is not None])
    figures = {"half_a": sorted(half_a), "weights": weights,
               "timeline17_half_b": table(b17, weights), "tbaq_half_b": table(tbaq[1::2], weights),
               "timeline17_all_as_run": table(t17, None), "tbaq_all_as_run": table(tbaq, None)}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
