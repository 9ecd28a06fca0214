"""report.md: the briefing as Markdown, every line cited as [article-id]."""

from __future__ import annotations

import re
from typing import Any

from storyline.model import Story
from storyline.render import claims_shown, cut_articles, date_label, how_found
from storyline.render.json import to_dict


def _text(text: Any) -> str:
    """Text from an article, inert in Markdown: its HTML (a <script>, an onerror= attribute) shown as text,
    not markup, and no link or image can form from its brackets."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`"))


def _code(text: str) -> str:
    """A code span that holds ``text`` whatever backticks it has (code spans show HTML as text)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if len(fence) > 1 else f"`{text}`"


def _cites(articles: list[str]) -> str:
    return " ".join(f"[{_text(a)}]" for a in articles)


def _cell(text: Any) -> str:
    return _text(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def render(story: Story) -> str:
    data = to_dict(story)
    out = ["# Story briefing", "",
           f"{len(data['articles'])} articles analysed, {len(data['skipped'])} inputs skipped.", ""]
    cut = cut_articles(data["articles"])
    if cut:
        out += ["**Analysed only in part:** " + "; ".join(f"{_text(c['id'])} ({_text(c['note'])})" for c in cut), ""]
    if data["summary"]:
        out += ["## Summary", ""]
        out += [f"- {_text(s['text'])} {_cites(s['articles'])}" for s in data["summary"]] + [""]
    shown = claims_shown(data["claims"])
    if shown:
        out += ["## What the sources agree and disagree on", ""]
        for c in shown:
            out.append(f"- {_text(c['text'])} {_cites(c['articles'])} ({c['stated_by']})")
            out += [f"  - **Disputed:** {_text(d['text'])} {_cites([d['article']])}" for d in c["disputed_by"]]
        out.append("")
    if data["timeline"]:
        out += ["## Timeline", ""]
        for entry in data["timeline"]:
            out.append(f"- **{date_label(entry['date'], entry['granularity'])}**")
            out += [f"  - {_text(s['text'])} {_cites([s['article']])}" for s in entry["sentences"]]
            if entry["support"]:
                out.append(f"  - *Also reported by {_cites([s['article'] for s in entry['support']])}.*")
            out += [f"  - *Date uncertain for {_cites([w['article']])}: placed from its inferred date "
                    f"(confidence {w['confidence']:.2f}).*" for w in entry["weak_dates"]]
        out.append("")
    if data["relations"]:
        out += ["## Relations over time", "", "Monthly sum of the coded events' intensity (-10 hostile to +10 friendly "
                "per event).", "", "| actors | month | score | events | for example |", "|---|---|---|---|---|"]
        for r in data["relations"]:
            for p in r["series"]:
                first = data["events"][p["events"][0]]
                out.append(f"| {_cell(' – '.join(r['actors']))} | {p['period']} | {p['score']:+g} | {len(p['events'])} "
                           f"| {_cell(first['text'])} {_cites([first['article']])} |")
        out.append("")
    if data["entities"]:
        out += ["## Who and what", "", "| entity | type | mentions | also called | articles |", "|---|---|---|---|---|"]
        for e in data["entities"][:20]:
            others = [a for a in e["aliases"] if a != e["name"]][:5]
            out.append(f"| {_cell(e['name'])} | {e['type']} | {e['mentions']} | {_cell(', '.join(others))} "
                       f"| {len(e['articles'])} |")
        out.append("")
    if data["quotes"]:
        out += ["## Quotes", ""]
        out += [f"- {_cell(q['text'])} — {_cell(' and '.join(q['speakers']) or 'speaker unknown')} "
                f"{_cites([q['article']])}"
                for q in data["quotes"][:30]]
        out.append("")
    out += ["## Sources", "", "| id | title | outlet | published | how the date was found |", "|---|---|---|---|---|"]
    for a in data["articles"]:
        when = date_label(a["published"], a["published_granularity"]) if a["published"] else None
        out.append(f"| {_cell(a['id'])} | {_cell(a['title'])} | {_cell(a['outlet'])} | {_cell(when)} | "
                   f"{_cell(how_found(a))} |")
    out.append("")
    notes = [(a["id"], note) for a in data["articles"] for note in a["notes"]]
    if notes:
        out += ["## Notes", ""]
        out += [f"- {_cites([article_id])} {_text(note)}" for article_id, note in notes]
        out.append("")
    if data["skipped"]:
        out += ["## Skipped inputs", ""]
        out += [f"- {_code(s['source'])}: {_text(s['reason'])}" for s in data["skipped"]]
        out.append("")
    return "\n".join(out)
