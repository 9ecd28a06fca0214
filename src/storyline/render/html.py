"""report.html: one self-contained page (inline CSS, no script, no network); all text escaped."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Story
from storyline.render import claims_shown, cut_articles, date_label, how_found
from storyline.render.json import to_dict
from storyline.render.layout import report_parts

AXIS_WIDTH, AXIS_MARGIN = 760, 40
CHART_HEIGHT, CHART_PAD = 160, 14
# One colour per actor pair on the relations chart (colour-blind safe, Okabe & Ito).
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")


def render(story: Story) -> str:
    env = Environment(loader=PackageLoader("storyline", "render/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    data = to_dict(story)
    dates = {a["id"]: date_label(a["published"], a["published_granularity"]) if a["published"] else None
             for a in data["articles"]}
    scale = time_scale(data["timeline"], data["relations"])
    return env.get_template("report.html.j2").render(
        data=data, axis=time_axis(data["timeline"], scale), chart=relations_chart(data["relations"], data["events"],
                                                                                   scale),
        dates=dates, claims=claims_shown(data["claims"]), cut=cut_articles(data["articles"]), how_found=how_found,
        **report_parts(data))


Scale = tuple[int, int]  # first day (ordinal) and days spanned, shared by the timeline and the relations chart


def time_scale(timeline: list[dict[str, Any]], relations: list[dict[str, Any]]) -> Scale:
    """One time axis for the timeline's dates and the relations' months (a month at its first day)."""
    days = [date.fromisoformat(entry["date"]).toordinal() for entry in timeline]
    days += [date.fromisoformat(p["period"] + "-01").toordinal() for r in relations for p in r["series"]]
    return (min(days), max(1, max(days) - min(days))) if days else (0, 1)


def _x(day: int, scale: Scale) -> float:
    return round(AXIS_MARGIN + (day - scale[0]) * (AXIS_WIDTH - 2 * AXIS_MARGIN) / scale[1], 1)


def time_axis(timeline: list[dict[str, Any]], scale: Scale | None = None) -> list[dict[str, Any]]:
    """Where each timeline entry sits on a horizontal time axis: x in pixels, proportional to its date
    (a month or year entry at its first day), and alternate label rows so neighbours do not collide."""
    if not timeline:
        return []
    scale = scale or time_scale(timeline, [])
    points = []
    for n, entry in enumerate(timeline):
        x = _x(date.fromisoformat(entry["date"]).toordinal(), scale)
        points.append({"x": round(x, 1), "date": entry["date"], "articles": len(entry["articles"]), "row": n % 2,
                       "label": date_label(entry["date"], entry["granularity"])})
    return points


def relations_chart(relations: list[dict[str, Any]], events: list[dict[str, Any]],
                    scale: Scale) -> list[dict[str, Any]]:
    """Each pair's monthly score as a line on the shared time axis (y: 0 in the middle, up is friendlier),
    each point titled with its month, score and events (shown on hover, no script needed)."""
    top = max((abs(p["score"]) for r in relations for p in r["series"]), default=0.0) or 1.0
    middle = CHART_HEIGHT / 2
    lines = []
    for n, relation in enumerate(relations):
        points = []
        for point in relation["series"]:
            x = _x(date.fromisoformat(point["period"] + "-01").toordinal(), scale)
            y = round(middle - point["score"] / top * (middle - CHART_PAD), 1)
            said = "; ".join(_event_line(events[i]) for i in point["events"][:6])
            more = f" (+{len(point['events']) - 6} more)" if len(point["events"]) > 6 else ""
            points.append({"x": x, "y": y, "title": f"{point['period']}: {point['score']:+g} from "
                                                     f"{len(point['events'])} event(s): {said}{more}"})
        lines.append({"name": " – ".join(relation["actors"]), "colour": COLOURS[n % len(COLOURS)], "points": points,
                      "path": " ".join(f"{p['x']},{p['y']}" for p in points)})
    return lines


def _event_line(event: dict[str, Any]) -> str:
    target = event["target"]["name"] if event["target"] else "?"
    return f"{event['source']['name']} {event['code']} {target} [{event['article']}]"
