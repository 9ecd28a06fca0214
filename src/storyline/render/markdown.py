"""report.md: the briefing as Markdown, every line cited by its article's short label ([Outlet, 9 Aug 2016]),
which the Sources table ties to the article's id."""

from __future__ import annotations

import re
from typing import Any

from storyline.model import Story
from storyline.render import claims_shown, cut_articles, date_label, how_found
from storyline.render.json import to_dict
from storyline.render.layout import report_parts


def _text(text: Any) -> str:
    """Text from an article, inert in Markdown: its HTML (a <script>, an onerror= attribute) shown as text,
    not markup, and no link or image can form from its brackets."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`"))


def _code(text: str) -> str:
    """A code span that holds ``text`` whatever backticks it has (code spans show HTML as text)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if len(fence) > 1 else f"`{text}`"


def _cites(labels: list[str]) -> str:
    return " ".join(f"[{_text(label)}]" for label in labels)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _cell(text: Any) -> str:
    return _text(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def render(story: Story) -> str:
    data = to_dict(story)
    parts = report_parts(data)
    labels: dict[str, str] = parts["citer"].labels
    out = ["# Story briefing", "",
           f"{len(data['articles'])} articles analysed, {len(data['skipped'])} inputs skipped.", ""]
    cut = cut_articles(data["articles"])
    if cut:
        out += ["**Analysed only in part:** " + "; ".join(f"{_cites([labels[c['id']]])} ({_text(c['note'])})"
                                                          for c in cut), ""]
    out += _summary(parts["summary"]) + _claims(data, labels) + _timeline(data, labels, parts["timeline_guess"])
    out += _relations(data, labels)
    out += _entities(parts["entities"], parts["groups"]) + _quotes(parts["speakers"], labels)
    out += _sources(data, labels)
    notes = [(a["id"], note) for a in data["articles"] for note in a["notes"]]
    if notes:
        out += ["## Notes", ""]
        out += [f"- {_cites([labels[article_id]])} {_text(note)}" for article_id, note in notes]
        out.append("")
    if data["skipped"]:
        out += ["## Skipped inputs", ""]
        out += [f"- {_code(s['source'])}: {_text(s['reason'])}" for s in data["skipped"]]
        out.append("")
    return "\n".join(out)


def _summary(summary: list[dict[str, Any]]) -> list[str]:
    if not summary:
        return []
    out = ["## Summary", "", "Each sentence as its source words it, after the date of what it reports; a date ending "
           "in “?” is a guess, and says how it was made.", ""]
    out += [f"- **{_text(s['when'].label)}** {_text(s['text'])} {_cites([c.label for c in s['cites']])} "
            f"*({_text(s['when'].how)})*" for s in summary]
    return [*out, ""]


def _claims(data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    shown = claims_shown(data["claims"])
    if not shown:
        return []
    out = ["## What the sources agree and disagree on", ""]
    for c in shown:
        out.append(f"- {_text(c['text'])} {_cites([labels[a] for a in c['articles']])} ({c['stated_by']})")
        out += [f"  - **Disputed:** {_text(d['text'])} {_cites([labels[d['article']]])}" for d in c["disputed_by"]]
    return [*out, ""]


def _timeline(data: dict[str, Any], labels: dict[str, str], guesses: list[bool]) -> list[str]:
    if not data["timeline"]:
        return []
    out = ["## Timeline", ""]
    for entry, guess in zip(data["timeline"], guesses, strict=True):
        out.append(f"- **{date_label(entry['date'], entry['granularity'])}{'?' if guess else ''}**")
        out += [f"  - {_text(s['text'])} {_cites([labels[s['article']]])}" for s in entry["sentences"]]
        if entry["support"]:
            also = list(dict.fromkeys(labels[s["article"]] for s in entry["support"]))
            out.append(f"  - *Also reported by {_cites(also)}.*")
        out += [f"  - *Date uncertain for {_cites([labels[w['article']]])}: placed from its inferred date "
                f"(confidence {w['confidence']:.2f}).*" for w in entry["weak_dates"]]
    return [*out, ""]


def _relations(data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    if not data["relations"]:
        return []
    out = ["## Relations over time", "", "Monthly sum of the coded events' intensity (-10 hostile to +10 friendly "
           "per event).", "", "| actors | month | score | events | for example |", "|---|---|---|---|---|"]
    for r in data["relations"]:
        for p in r["series"]:
            first = data["events"][p["events"][0]]
            out.append(f"| {_cell(' – '.join(r['actors']))} | {p['period']} | {p['score']:+g} | {len(p['events'])} "
                       f"| {_cell(first['text'])} {_cites([labels[first['article']]])} |")
    return [*out, ""]


def _entities(entities: list[dict[str, Any]], groups: list[dict[str, Any]]) -> list[str]:
    out = []
    if entities:
        shown = len(entities) > 20
        more = [f"The 20 most mentioned of {len(entities)}; story.json lists them all.", ""] if shown else []
        out += ["## Who and what", "", *more, "| entity | type | mentions | also called | articles |",
                "|---|---|---|---|---|"]
        for e in entities[:20]:
            others = [a for a in e["aliases"] if a != e["name"]][:5]
            out.append(f"| {_cell(e['name'])} | {e['type']} | {e['mentions']} | {_cell(', '.join(others))} "
                       f"| {len(e['articles'])} |")
        out.append("")
    if groups:
        out += ["### Nationalities and groups", "",
                " · ".join(f"{_text(e['name'])} ({_count(e['mentions'], 'mention')} in "
                           f"{_count(len(e['articles']), 'article')})" for e in groups), ""]
    return out


def _quotes(speakers: list[tuple[str | None, list[dict[str, Any]]]], labels: dict[str, str]) -> list[str]:
    if not speakers:
        return []
    total = sum(len(quotes) for _, quotes in speakers)
    out = ["## Quotes", "", f"{'All ' if total > 1 else ''}{_count(total, 'quote')}, by speaker (most quoted first), "
           "each in article order; "
           "*reported* marks indirect speech.", ""]
    for speaker, quotes in speakers:
        out += [f"### {_text(speaker or 'Speaker unknown')} ({len(quotes)})", ""]
        out += [f"- {'*reported:* ' if q['kind'] == 'indirect' else ''}{_text(q['text'])} "
                f"{_cites([labels[q['article']]])}" for q in quotes]
        out.append("")
    return out


def _sources(data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    out = ["## Sources", "", "| cited as | id | title | outlet | published | how the date was found |",
           "|---|---|---|---|---|---|"]
    for a in data["articles"]:
        when = date_label(a["published"], a["published_granularity"]) if a["published"] else None
        out.append(f"| {_cell(labels[a['id']])} | {_cell(a['id'])} | {_cell(a['title'])} | {_cell(a['outlet'])} "
                   f"| {_cell(when)} | {_cell(how_found(a))} |")
    return [*out, ""]
