"""report.html: one self-contained page (inline CSS, no script, no network); all text escaped."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Story
from storyline.render import claims_shown, date_label
from storyline.render.json import to_dict

AXIS_WIDTH, AXIS_MARGIN = 760, 40


def render(story: Story) -> str:
    env = Environment(loader=PackageLoader("storyline", "render/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    data = to_dict(story)
    dates = {a["id"]: date_label(a["published"], a["published_granularity"]) if a["published"] else None
             for a in data["articles"]}
    return env.get_template("report.html.j2").render(data=data, axis=time_axis(data["timeline"]), dates=dates,
                                                     claims=claims_shown(data["claims"]))


def time_axis(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where each timeline entry sits on a horizontal time axis: x in pixels, proportional to its date
    (a month or year entry at its first day), and alternate label rows so neighbours do not collide."""
    if not timeline:
        return []
    days = [date.fromisoformat(entry["date"]).toordinal() for entry in timeline]
    first, span = min(days), max(1, max(days) - min(days))
    points = []
    for n, (entry, day) in enumerate(zip(timeline, days, strict=True)):
        x = AXIS_MARGIN + (day - first) * (AXIS_WIDTH - 2 * AXIS_MARGIN) / span
        points.append({"x": round(x, 1), "date": entry["date"], "articles": len(entry["articles"]), "row": n % 2,
                       "label": date_label(entry["date"], entry["granularity"])})
    return points
