"""report.md: the briefing as Markdown, every line cited as [article-id]."""

from __future__ import annotations

from typing import Any

from storyline.model import Story
from storyline.render import claims_shown, date_label
from storyline.render.json import to_dict


def _cites(articles: list[str]) -> str:
    return " ".join(f"[{a}]" for a in articles)


def _cell(text: Any) -> str:
    return str(text if text is not None else "—").replace("|", "\\|").replace("\n", " ")


def render(story: Story) -> str:
    data = to_dict(story)
    out = ["# Story briefing", "",
           f"{len(data['articles'])} articles analysed, {len(data['skipped'])} inputs skipped.", ""]
    if data["summary"]:
        out += ["## Summary", ""]
        out += [f"- {s['text']} {_cites(s['articles'])}" for s in data["summary"]] + [""]
    shown = claims_shown(data["claims"])
    if shown:
        out += ["## What the sources agree and disagree on", ""]
        for c in shown:
            out.append(f"- {c['text']} {_cites(c['articles'])} ({c['stated_by']})")
            out += [f"  - **Disputed:** {d['text']} [{d['article']}]" for d in c["disputed_by"]]
        out.append("")
    if data["timeline"]:
        out += ["## Timeline", ""]
        for entry in data["timeline"]:
            out.append(f"- **{date_label(entry['date'], entry['granularity'])}**")
            out += [f"  - {s['text']} [{s['article']}]" for s in entry["sentences"]]
            if entry["support"]:
                out.append(f"  - *Also reported by {_cites([s['article'] for s in entry['support']])}.*")
        out.append("")
    if data["relations"]:
        out += ["## Relations over time", "", "Monthly sum of the coded events' intensity (-10 hostile to +10 friendly "
                "per event).", "", "| actors | month | score | events | for example |", "|---|---|---|---|---|"]
        for r in data["relations"]:
            for p in r["series"]:
                first = data["events"][p["events"][0]]
                out.append(f"| {_cell(' – '.join(r['actors']))} | {p['period']} | {p['score']:+g} | {len(p['events'])} "
                           f"| {_cell(first['text'])} [{first['article']}] |")
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
        out += [f"- {_cell(q['text'])} — {q['speaker'] or 'speaker unknown'} [{q['article']}]"
                for q in data["quotes"][:30]]
        out.append("")
    out += ["## Sources", "", "| id | title | outlet | published | how |", "|---|---|---|---|---|"]
    for a in data["articles"]:
        when = date_label(a["published"], a["published_granularity"]) if a["published"] else None
        how = a["published_how"]
        if how == "inferred":
            how = f"inferred: {a['published_reason']}"
        out.append(f"| {_cell(a['id'])} | {_cell(a['title'])} | {_cell(a['outlet'])} | {_cell(when)} | {_cell(how)} |")
    out.append("")
    if data["skipped"]:
        out += ["## Skipped inputs", ""]
        out += [f"- `{s['source']}`: {s['reason']}" for s in data["skipped"]]
        out.append("")
    return "\n".join(out)
