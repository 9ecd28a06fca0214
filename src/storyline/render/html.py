"""report.html: one self-contained page (inline CSS and SVG, no script, no network); all text escaped."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storyline.model import Story
from storyline.render import claims_shown, cut_articles, date_label, how_found
from storyline.render.json import to_dict
from storyline.render.layout import report_parts


def render(story: Story) -> str:
    env = Environment(loader=PackageLoader("storyline", "render/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    data = to_dict(story)
    dates = {a["id"]: date_label(a["published"], a["published_granularity"]) if a["published"] else None
             for a in data["articles"]}
    return env.get_template("report.html.j2").render(
        data=data, charts=draw_charts(data), dates=dates,
        timeline_dates=[date_label(entry["date"], entry["granularity"]) for entry in data["timeline"]],
        claims=claims_shown(data["claims"]), cut=cut_articles(data["articles"]), how_found=how_found,
        **report_parts(data))


def draw_charts(data: dict[str, Any]) -> dict[str, Markup | None]:
    """The charts as inline SVG, marked safe: vl-convert escapes the text it draws."""
    from storyline.render import charts  # altair takes about 0.6 s of CPU to import: only when a chart is drawn

    drawn = charts.draw(data["timeline"], data["relations"])
    return {name: Markup(svg) if svg else None for name, svg in drawn.items()}
