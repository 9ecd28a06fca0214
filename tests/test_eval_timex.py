"""`storyline eval timex`'s scoring: value comparison forgives only the one-digit ISO week."""

from __future__ import annotations

from storyline.evaluate.timex import canonical


def test_canonical_pads_week_numbers_only() -> None:
    assert canonical("2000-W7") == canonical("2000-W07") == "2000-W07"
    assert canonical("2000-W7-WE") == "2000-W07-WE"
    assert canonical("2000-W12") == "2000-W12"
    assert canonical("1994") != canonical("1994-XX-XX")
    assert canonical("196") != canonical("196X")
