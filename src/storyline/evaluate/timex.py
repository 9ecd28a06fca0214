"""`storyline eval timex`: time expressions found and normalised, scored as in TempEval-3.

Spans: strict (same extent) and relaxed (overlapping) precision, recall and F1. Values: accuracy over
the relaxed matches, and value F1 = relaxed F1 x value accuracy (TempEval-3's attribute F1).

Values are compared as strings after one formatting repair: ISO week numbers are two digits, and some
gold values write them with one ("2000-W7" is read as "2000-W07"). Nothing else is forgiven: "1994" does
not match "1994-XX-XX", nor "196" "196X"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.evaluate.timeml import TimeMLDoc, read_timeml, timeml_files
from storyline.time.grammar import tag


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(docs: Iterable[TimeMLDoc]) -> dict[str, Any]:
    n_sys = n_gold = strict = relaxed_sys = relaxed_gold = matched = right_value = right_type = 0
    for doc in docs:
        system = tag(doc.text, doc.dct)
        n_sys += len(system)
        n_gold += len(doc.timexes)
        gold_spans = {g.span for g in doc.timexes}
        strict += sum(t.span in gold_spans for t in system)
        relaxed_sys += sum(any(_overlap(t.span, g.span) for g in doc.timexes) for t in system)
        for g in doc.timexes:
            hits = [t for t in system if _overlap(t.span, g.span)]
            if hits:
                relaxed_gold += 1
                best = max(hits, key=lambda t: min(t.span.end, g.span.end) - max(t.span.start, g.span.start))
                matched += 1
                right_value += canonical(best.value) == canonical(g.value)
                right_type += best.type == g.type
    sp, sr = (strict / n_sys if n_sys else 0.0), (strict / n_gold if n_gold else 0.0)
    rp, rr = (relaxed_sys / n_sys if n_sys else 0.0), (relaxed_gold / n_gold if n_gold else 0.0)
    value_accuracy = right_value / matched if matched else 0.0
    return {
        "documents": None, "gold_timexes": n_gold, "system_timexes": n_sys,
        "strict_span_precision": sp, "strict_span_recall": sr, "strict_span_f1": _f1(sp, sr),
        "relaxed_span_precision": rp, "relaxed_span_recall": rr, "relaxed_span_f1": _f1(rp, rr),
        "value_accuracy": value_accuracy, "type_accuracy": right_type / matched if matched else 0.0,
        "value_f1": _f1(rp, rr) * value_accuracy,
    }


def canonical(value: str) -> str:
    """A TIMEX3 value with its ISO week number written with two digits."""
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)


def _overlap(a: Any, b: Any) -> bool:
    return bool(a.start < b.end and b.start < a.end)


def evaluate(folder: Path, limit: int | None = None) -> dict[str, Any]:
    files = timeml_files(folder)[:limit]
    figures = score(read_timeml(f) for f in files)
    figures["documents"] = len(files)
    return figures
