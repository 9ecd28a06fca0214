"""report.html: one self-contained page (inline CSS, no script, no network); all text escaped."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Story
from storyline.render.json import to_dict


def render(story: Story) -> str:
    env = Environment(loader=PackageLoader("storyline", "render/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("report.html.j2").render(data=to_dict(story))
