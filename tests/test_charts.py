"""report.html's charts (render/charts.py): labelled time axes, gaps drawn as gaps, labels that never overlap,
nothing fetched, nothing drawn when there is nothing to draw. Invented data, built from make_story and to_dict."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import pytest

from storyline.model import Citation, Relation, RelationPoint, Span, Story, TimelineEntry, When
from storyline.render import charts, html
from storyline.render.json import to_dict
from tests.builders import make_story

CHAR_WIDTH = 0.6  # a generous average glyph width, in font sizes, for a sans-serif font


def story_with(timeline: list[tuple[str, str, bool]], relations: dict[tuple[str, str], list[tuple[str, float, int]]],
               ) -> Story:
    """make_story's story with these timeline entries ((date, granularity, weak)) and relation series
    (pair: [(month, score, events)])."""
    entries = tuple(TimelineEntry(When(datetime.fromisoformat(d).replace(tzinfo=UTC), g),  # type: ignore[arg-type]
                                  (Citation("a", Span(0, 41)),), weak_dates=("b",) if weak else ())
                    for d, g, weak in timeline)
    series = tuple(Relation(pair, tuple(RelationPoint(m, s, (0,) * n) for m, s, n in points))
                   for pair, points in relations.items())
    return replace(make_story(), timeline=entries, relations=series)


def draw(story: Story) -> tuple[str | None, str | None]:
    data = to_dict(story)
    drawn = charts.draw(data["timeline"], data["relations"])
    return drawn["timeline"], drawn["relations"]


def axis_labels(svg: str) -> list[list[dict[str, Any]]]:
    """The visible tick labels of each axis, in order: text, x, y, anchor and font size of each."""
    axes = []
    for group in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg):
        labels = []
        for attrs, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", group):
            if 'opacity="0"' in attrs:
                continue  # hidden by Vega's labelOverlap
            x, y = map(float, re.search(r"translate\(([-\d.]+),([-\d.]+)\)", attrs).groups())  # type: ignore[union-attr]
            size = float(re.search(r'font-size="([\d.]+)px"', attrs).group(1))  # type: ignore[union-attr]
            anchor = re.search(r'text-anchor="(\w+)"', attrs).group(1)  # type: ignore[union-attr]
            labels.append({"text": text, "x": x, "y": y, "anchor": anchor, "size": size})
        axes.append(labels)
    return axes


def extent(label: dict[str, Any]) -> tuple[float, float]:
    """Where a label spans horizontally, from its anchor and an estimate of its width."""
    width = len(label["text"]) * label["size"] * CHAR_WIDTH
    start = {"start": label["x"], "middle": label["x"] - width / 2, "end": label["x"] - width}[label["anchor"]]
    return start, start + width


def line_paths(svg: str) -> list[str]:
    """The d attribute of every path the relations chart's line marks draw."""
    groups = re.findall(r'<g class="mark-line role-mark[^>]*>(.*?)</g>', svg)
    return [d for group in groups for d in re.findall(r' d="([^"]*)"', group)]


SPANS = {
    "days": [("2021-05-03", "day", False), ("2021-05-04", "day", False), ("2021-05-09", "day", True)],
    "one date": [("2021-05-03", "day", False)],
    "months": [("2015-11-01", "month", True), ("2016-07-15", "day", False), ("2016-08-09", "day", False),
               ("2016-08-16", "day", False)],
    "years": [("2009-01-01", "year", False), ("2012-03-01", "month", False), ("2018-11-02", "day", False)],
}


def test_charts_timeline_has_a_date_axis_with_time_labels() -> None:
    svg, _ = draw(story_with(SPANS["months"], {}))
    assert svg is not None and ">Date</text>" in svg and ">Articles</text>" in svg
    x_labels = [label["text"] for label in axis_labels(svg)[0]]
    assert "Jan 2016" in x_labels and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in x_labels)


@pytest.mark.parametrize("span", list(SPANS))
def test_charts_timeline_labels_say_the_date_for_every_span(span: str) -> None:
    svg, _ = draw(story_with(SPANS[span], {}))
    assert svg is not None
    x_labels = [label["text"] for label in axis_labels(svg)[0]]
    assert len(x_labels) >= 2
    assert all(re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]{2} )?\d{4}", t) for t in x_labels), x_labels


@pytest.mark.parametrize("span", list(SPANS))
def test_charts_axis_labels_never_overlap(span: str) -> None:
    months = [(f"{d[:7]}", 1.0, 1) for d, _, _ in SPANS[span]]
    timeline_svg, relations_svg = draw(story_with(SPANS[span], {("Ana Diaz", "Riverton"): months}))
    for svg in (timeline_svg, relations_svg):
        assert svg is not None
        x_axis = sorted(extent(label) for label in axis_labels(svg)[0])
        assert all(left[1] <= right[0] for left, right in pairwise(x_axis)), x_axis
        y_axis = sorted(label["y"] for label in axis_labels(svg)[1])
        assert all(b - a >= axis_labels(svg)[1][0]["size"] for a, b in pairwise(y_axis))


def test_charts_relations_has_month_and_score_axes_and_names_the_pair() -> None:
    _, svg = draw(story_with([], {("Ana Diaz", "Riverton"): [("2021-05", 4.0, 1), ("2021-06", -2.0, 2)]}))
    assert svg is not None and ">Month</text>" in svg
    assert ">Relation score (higher = friendlier)</text>" in svg and ">Ana Diaz – Riverton</text>" in svg
    assert "May 2021" in [label["text"] for label in axis_labels(svg)[0]]


def test_charts_relations_months_after_a_gap_start_a_new_line() -> None:
    months = [("2020-01", -4.0, 1), ("2020-02", -8.0, 3), ("2020-05", 3.0, 1), ("2020-06", 6.0, 2)]
    _, svg = draw(story_with([], {("Ana Diaz", "Riverton"): months}))
    assert svg is not None
    joined = [d for d in line_paths(svg) if "L" in d]
    assert len(joined) == 2 and all(d.count("L") == 1 for d in joined)


def test_charts_relations_lone_month_is_a_point_not_a_line() -> None:
    months = [("2020-01", -4.0, 1), ("2020-09", 6.0, 2)]
    _, svg = draw(story_with([], {("Ana Diaz", "Riverton"): months}))
    assert svg is not None
    assert [d for d in line_paths(svg) if "L" in d] == []
    assert len(re.findall(r'aria-roledescription="circle"', svg)) == 2


def test_charts_relations_point_says_its_month_score_and_events_on_hover() -> None:
    _, svg = draw(story_with([], {("Ana Diaz", "Riverton"): [("2021-05", -4.5, 3)]}))
    assert svg is not None and "<title>Ana Diaz – Riverton, May 2021: score -4.5 from 3 events</title>" in svg


def test_charts_timeline_mark_says_its_date_and_doubt_on_hover() -> None:
    svg, _ = draw(story_with([("2015-11-01", "month", True)], {}))
    assert svg is not None and "<title>Nov 2015: 1 article, date uncertain (inferred)</title>" in svg


@pytest.mark.parametrize(("start", "granularity", "end"), [
    ("2016-08-09", "day", "2016-08-10"), ("2016-08-08", "week", "2016-08-15"), ("2015-12-01", "month", "2016-01-01"),
    ("2016-10-01", "quarter", "2017-01-01"), ("2016-01-01", "year", "2017-01-01")])
def test_charts_period_ends_the_day_after_it(start: str, granularity: str, end: str) -> None:
    assert charts.period_end(start, granularity).isoformat() == end


def test_charts_empty_timeline_and_relations_draw_nothing() -> None:
    assert draw(story_with([], {})) == (None, None)


def test_charts_report_without_timeline_or_relations_has_no_figure() -> None:
    page = html.render(story_with([], {}))
    assert "<figure" not in page and "<svg" not in page


def test_charts_report_wraps_each_chart_in_a_figure_without_script() -> None:
    page = html.render(story_with(SPANS["months"], {("Ana Diaz", "Riverton"): [("2015-11", -5.0, 3)]}))
    assert '<figure class="chart" id="timeline-chart">' in page
    assert '<figure class="chart" id="relations-chart">' in page
    assert page.count("<figcaption>") == 2 and "<script" not in page.lower()


def test_charts_fetch_nothing_and_link_only_inside_the_page() -> None:
    timeline_svg, relations_svg = draw(story_with(SPANS["days"], {("Ana Diaz", "Riverton"): [("2021-05", 1.0, 1)]}))
    both = f"{timeline_svg}{relations_svg}"
    urls = set(re.findall(r"[a-z]+://[^\"' )]+", both))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert set(re.findall(r'href="([^"]*)"', both)) == {"#t-2021-05-03", "#t-2021-05-04", "#t-2021-05-09"}


def test_charts_escape_the_names_they_draw() -> None:
    _, svg = draw(story_with([], {("<script>alert(1)</script>", "Riverton"): [("2021-05", 1.0, 1)]}))
    assert svg is not None and "<script" not in svg and "&lt;script&gt;" in svg
