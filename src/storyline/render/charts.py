"""report.html's charts: the timeline and the relations over time, drawn with Altair (Vega-Lite) and rendered
to inline SVG by vl-convert, offline: the data is inline, no font or data is fetched, and links that would leave
the page are cut. Reads story.json's dict (render/json.to_dict) and only lays it out."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any, Literal

import altair as alt
import vl_convert

from storyline.render import date_label

WIDTH, TIMELINE_HEIGHT, RELATIONS_HEIGHT = 640, 150, 190
FONT = "sans-serif"
Y_AXIS_EXTENT = 34  # both charts' y axes take this much room, so their time axes line up on the page
SURE, UNSURE = "sure", "uncertain (inferred)"
# Colour-blind safe (Okabe & Ito): the timeline's sure / uncertain dates, then one colour per actor pair.
CERTAINTY_COLOURS = ("#0072b2", "#d55e00")
PAIR_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
# Tick spacing by the days the axis spans: (at most this many days, d3 time interval, steps tried, label format).
Interval = Literal["day", "month", "year"]
TICKS: tuple[tuple[float, Interval, tuple[int, ...], str], ...] = (
    (60, "day", (1, 2, 7, 14), "%-d %b %Y"), (1100, "month", (1, 2, 3, 6), "%b %Y"),
    (math.inf, "year", (1, 2, 5, 10, 20, 50), "%Y"))
DAYS_PER: dict[Interval, float] = {"day": 1, "month": 30.4, "year": 365.25}
MAX_TICKS = 8
MONTHS_IN = {"month": 1, "quarter": 3, "season": 3, "year": 12, "decade": 120, "century": 1200}

Domain = tuple[date, date]


def draw(timeline: list[dict[str, Any]], relations: list[dict[str, Any]]) -> dict[str, str | None]:
    """story.json's timeline and relations as two SVG charts on one time span ("timeline", "relations");
    None for a chart with nothing to draw."""
    if not timeline and not any(relation["series"] for relation in relations):
        return {"timeline": None, "relations": None}
    domain = chart_domain(timeline, relations)
    return {"timeline": timeline_svg(timeline, domain), "relations": relations_svg(relations, domain)}


def timeline_svg(timeline: list[dict[str, Any]], domain: Domain) -> str | None:
    """The timeline's entries on a time axis (y: the articles telling each): a day as a dot on a stem, a month
    or year as a bar over the whole period (the date is that imprecise), an uncertain date in its own colour.
    None when there is no entry to draw."""
    if not timeline:
        return None
    rows = [_timeline_row(entry) for entry in timeline]
    top = max(row["articles"] for row in rows)
    x = alt.X("start:T", title="Date", scale=_time_scale(domain), axis=_time_axis(domain))
    y = alt.Y("articles:Q", title="Articles", scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(tickMinStep=1, format="d", tickCount=min(top, 4), minExtent=Y_AXIS_EXTENT))
    colour = alt.Color("date:N", title="Date", scale=alt.Scale(domain=[SURE, UNSURE], range=list(CERTAINTY_COLOURS)))
    base = alt.Chart(alt.InlineData(values=rows)).encode(x=x, color=colour, href="link:N", description="title:N")
    periods = base.transform_filter("datum.granularity != 'day'").mark_bar(
        fillOpacity=0.5, stroke="white", strokeWidth=1).encode(x2="end:T", y=y, y2=alt.datum(0))
    days = base.transform_filter("datum.granularity == 'day'")
    stems = days.mark_rule(strokeWidth=2).encode(y=y, y2=alt.datum(0))
    dots = days.mark_circle(size=70, opacity=1).encode(y=y)
    return to_svg(alt.LayerChart(layer=[periods, stems, dots], width=WIDTH, height=TIMELINE_HEIGHT))


def _timeline_row(entry: dict[str, Any]) -> dict[str, Any]:
    """One timeline entry as the chart's data: its period, articles, certainty, link and hover text."""
    title = f"{date_label(entry['date'], entry['granularity'])}: {_count(len(entry['articles']), 'article')}"
    return {"start": entry["date"], "end": period_end(entry["date"], entry["granularity"]).isoformat(),
            "granularity": entry["granularity"], "articles": len(entry["articles"]),
            "date": UNSURE if entry["weak_dates"] else SURE, "link": f"#t-{entry['date']}",
            "title": f"{title}, date uncertain (inferred)" if entry["weak_dates"] else title}


def relations_svg(relations: list[dict[str, Any]], domain: Domain) -> str | None:
    """Each actor pair's monthly score as a line: consecutive months joined, a month with no event left as a gap
    (so a lone month is a point), a point's size the month's events. None when there is no month to draw."""
    rows = [{**point, "pair": " – ".join(relation["actors"]), "segment": f"{n}-{segment}",
             "title": f"{' – '.join(relation['actors'])}, {date_label(point['month'], 'month')}: score "
                      f"{point['score']:+g} from {_count(point['events'], 'event')}"}
            for n, relation in enumerate(relations) for point, segment in _segments(relation["series"])]
    if not rows:
        return None
    pairs = list(dict.fromkeys(row["pair"] for row in rows))
    x = alt.X("month:T", title="Month", scale=_time_scale(domain), axis=_time_axis(domain))
    y = alt.Y("score:Q", title="Relation score (higher = friendlier)", scale=alt.Scale(padding=8),
              axis=alt.Axis(minExtent=Y_AXIS_EXTENT))
    colour = alt.Color("pair:N", title="Actors", sort=pairs,
                       scale=alt.Scale(domain=pairs, range=[PAIR_COLOURS[n % len(PAIR_COLOURS)]
                                                            for n in range(len(pairs))]))
    base = alt.Chart(alt.InlineData(values=rows)).encode(x=x, y=y, color=colour, description="title:N")
    zero = alt.Chart().mark_rule(color="#888", strokeDash=[4, 3]).encode(y=alt.datum(0))
    lines = base.mark_line(strokeWidth=2, aria=False).encode(detail="segment:N")
    points = base.mark_circle(opacity=1).encode(
        size=alt.Size("events:Q", title="Events in the month", scale=alt.Scale(range=[40, 260], zero=False),
                      legend=alt.Legend(values=_legend_counts([row["events"] for row in rows]), format="d")))
    return to_svg(alt.LayerChart(layer=[zero, lines, points], width=WIDTH, height=RELATIONS_HEIGHT))


def _segments(series: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Each month of a series as a row with its segment: a run of consecutive months shares one, a month after
    a gap starts the next (a line joins a segment's months only)."""
    rows, segment, last = [], 0, None
    for point in series:
        year, month = map(int, point["period"].split("-"))
        index = year * 12 + month
        segment += last is not None and index != last + 1
        last = index
        rows.append(({"month": f"{point['period']}-01", "score": point["score"], "events": len(point["events"])},
                     segment))
    return rows


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _legend_counts(counts: list[int], most: int = 5) -> list[int]:
    """At most ``most`` whole event counts for the size legend, from the fewest to the most."""
    distinct = sorted(set(counts))
    if len(distinct) <= most:
        return distinct
    return sorted({distinct[round(n * (len(distinct) - 1) / (most - 1))] for n in range(most)})


def chart_domain(timeline: list[dict[str, Any]], relations: list[dict[str, Any]]) -> Domain:
    """One time span for both charts, so a month on one sits above the same month on the other: from the first
    date to the end of the last period, padded by a twentieth of it (at least two days) each side."""
    spans = [(date.fromisoformat(entry["date"]), period_end(entry["date"], entry["granularity"]))
             for entry in timeline]
    spans += [(date.fromisoformat(f"{p['period']}-01"), period_end(f"{p['period']}-01", "month"))
              for relation in relations for p in relation["series"]]
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    pad = timedelta(days=max(2, (last - first).days // 20))
    return first - pad, last + pad


def period_end(iso: str, granularity: str) -> date:
    """The day after a period that starts on ``iso``: the next day, week, month, quarter, year, ..."""
    day = date.fromisoformat(iso)
    if granularity in ("day", "week"):
        return day + timedelta(days=1 if granularity == "day" else 7)
    months = day.year * 12 + day.month - 1 + MONTHS_IN[granularity]
    return date(months // 12, months % 12 + 1, 1)


def _time_scale(domain: Domain) -> alt.Scale:
    return alt.Scale(type="utc", domain=[d.isoformat() for d in domain], nice=False)


def _time_axis(domain: Domain) -> alt.Axis:
    """Ticks at whole days, months or years, at most MAX_TICKS of them, labelled as a reader says the date;
    labels that would still collide are hidden (labelOverlap)."""
    days = (domain[1] - domain[0]).days
    _, interval, steps, label = next(t for t in TICKS if days <= t[0])
    step = next((s for s in steps if days / (s * DAYS_PER[interval]) <= MAX_TICKS), steps[-1])
    return alt.Axis(format=label, tickCount=alt.TimeIntervalStep(interval=interval, step=step),
                    labelOverlap="greedy", labelSeparation=8, labelBound=True, labelFlush=True, grid=True)


def to_svg(chart: alt.LayerChart) -> str:
    """The chart as an SVG element to inline in report.html: rendered without any network access, its fixed
    size made to scale with the page, any link that would leave the page cut back to its #fragment, and each
    mark's description shown on hover."""
    spec = chart.configure(font=FONT, background="white").configure_axis(labelFontSize=11, titleFontSize=12) \
        .configure_legend(labelFontSize=11, titleFontSize=12, orient="bottom", direction="horizontal",
                          symbolOpacity=1).to_dict()
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    svg = re.sub(r'href="[a-z]+://[^"#]*(#[^"]*)?"', lambda m: f'href="{m.group(1) or "#"}"', svg)
    # each mark's description (its aria-label) also as an SVG <title>: the browser shows it on hover, no script
    svg = re.sub(r'<path aria-label="([^"]*)" role="graphics-symbol"([^>]*)/>',
                 r'<path aria-label="\1" role="graphics-symbol"\2><title>\1</title></path>', svg)
    return re.sub(r'^<svg ([^>]*?)width="(\d+)" height="(\d+)"', r'<svg \1width="100%"', svg, count=1)
