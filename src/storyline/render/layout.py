"""What report.md and report.html share to lay the story out: a short label and a target for every
citation, the date beside each summary sentence, quotes grouped by speaker, entities split by kind.

Everything here reads ``to_dict(story)`` and arranges it; nothing is inferred that the model does not say.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any

from storyline.render import date_label

_SHORT_ID = 10  # ids longer than this are cited by their first 8 characters
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
GROUP_TYPES = frozenset({"NORP"})  # nationalities, religious and political groups: listed apart from who and what


@dataclass(frozen=True)
class Cite:
    """A citation as the report shows it: ``label`` ("CNN, 9 Aug 2016"), ``title`` (the full article id,
    shown on hover) and ``target``, the id of the cited sentence's element in report.html."""

    article: str
    label: str
    title: str
    target: str


@dataclass(frozen=True)
class Segment:
    """A run of an article's text: a sentence (``id`` set, a citation's target) or the text between two."""

    text: str
    id: str | None = None


def short_id(article_id: str) -> str:
    return article_id if len(article_id) <= _SHORT_ID else article_id[:8] + "…"


def article_label(article: dict[str, Any]) -> str:
    """"Outlet, 9 Aug 2016" where known, else the short id for the outlet; an inferred date ends in "?"."""
    name = article["outlet"] or short_id(article["id"])
    if not article["published"]:
        return name
    guess = "?" if article["published_how"] == "inferred" else ""
    return f"{name}, {date_label(article['published'], article['published_granularity'])}{guess}"


def labels(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Each article's label; two articles that would share one are told apart by their ids."""
    plain = {a["id"]: article_label(a) for a in articles}
    shared = Counter(plain.values())
    shorts = Counter(short_id(a["id"]) for a in articles)
    return {i: label if shared[label] == 1 else f"{label} · {short_id(i) if shorts[short_id(i)] == 1 else i}"
            for i, label in plain.items()}


def keys(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Each article's id made safe for an HTML id and a URL fragment, still one per article."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for article in articles:
        key, n = _UNSAFE.sub("_", article["id"]), 1
        while key in taken:
            n += 1
            key = f"{_UNSAFE.sub('_', article['id'])}-{n}"
        taken.add(key)
        out[article["id"]] = key
    return out


class Citer:
    """Citations of a story's articles: each to the sentence holding the cited span, or to the article."""

    def __init__(self, articles: list[dict[str, Any]]) -> None:
        self.labels = labels(articles)
        self.keys = keys(articles)
        self._sentences = {a["id"]: [(s["start"], s["end"]) for s in a["sentences"]] for a in articles}
        self._starts = {i: [start for start, _ in spans] for i, spans in self._sentences.items()}

    def article_target(self, article_id: str) -> str:
        return f"a-{self.keys[article_id]}"

    def sentence_target(self, article_id: str, start: int) -> str:
        return f"s-{self.keys[article_id]}-{start}"

    def sentence_at(self, article_id: str, start: int) -> tuple[int, int] | None:
        """The sentence span holding character ``start`` of the article, if any."""
        i = bisect_right(self._starts[article_id], start) - 1
        if i < 0 or start >= self._sentences[article_id][i][1]:
            return None
        return self._sentences[article_id][i]

    def cite(self, article_id: str, start: int | None = None) -> Cite:
        """A citation of the article, pointing at the sentence that holds ``start`` when given."""
        sentence = self.sentence_at(article_id, start) if start is not None else None
        target = self.sentence_target(article_id, sentence[0]) if sentence else self.article_target(article_id)
        return Cite(article_id, self.labels[article_id], article_id, target)

    def cites(self, sources: list[dict[str, Any]]) -> list[Cite]:
        """One citation per article among ``sources`` (each an ``article`` and a ``start``), the first."""
        seen: dict[str, Cite] = {}
        for source in sources:
            seen.setdefault(source["article"], self.cite(source["article"], source["start"]))
        return list(seen.values())

    def segments(self, article: dict[str, Any]) -> list[Segment]:
        """The article's text cut into its sentences (each with its element id) and the text between."""
        text, out, at = article["text"], [], 0
        for start, end in self._sentences[article["id"]]:
            if start < at:
                continue  # overlaps the sentence before: shown as part of it
            if start > at:
                out.append(Segment(text[at:start]))
            out.append(Segment(text[start:end], self.sentence_target(article["id"], start)))
            at = end
        if at < len(text):
            out.append(Segment(text[at:]))
        return out


@dataclass(frozen=True)
class Dated:
    """The date of what a sentence reports, as the report shows it: ``label`` ("9 Aug 2016", "Aug 2016?"),
    ``how`` (how it was found) and ``guess`` (it rests on an inferred or unsure date)."""

    label: str
    how: str
    guess: bool


def sentence_date(article: dict[str, Any], start: int) -> Dated:
    """The date the dates stage gave the sentence starting at ``start`` (the cited sentence), with how."""
    sent = next((s for s in article["sentences"] if s["start"] <= start < s["end"]), None)
    if sent is None or sent["date"] is None:
        return Dated("date unknown", "no date in the sentence or for its article", False)
    sure = sent["date_confidence"]
    inferred = article["published_how"] == "inferred"
    guess = sure < 1 or (sent["date_how"] == "published" and inferred)
    label = date_label(sent["date"], sent["granularity"]) + ("?" if guess else "")
    confidence = f", confidence {sure:.2f}" if guess else ""
    if sent["date_how"] == "published":
        whose = "the article's inferred date" if inferred else "the article's date"
        return Dated(label, f"from {whose}{confidence}; the sentence names none", guess)
    words = _timex_words(article, sent)
    if words is None:
        return Dated(label, f"named in the sentence{confidence}", guess)
    quoted, anchor = words
    if anchor == "published":
        against = "the article's inferred date" if inferred else "the article's date"
        return Dated(label, f"“{quoted}”, read against {against}{confidence}", guess)
    if anchor in ("text", "event"):
        against = "an earlier date in the article" if anchor == "text" else "a dated event"
        return Dated(label, f"“{quoted}”, read against {against}{confidence}", guess)
    return Dated(label, f"“{quoted}” in the sentence{confidence}", guess)


def _timex_words(article: dict[str, Any], sent: dict[str, Any]) -> tuple[str, str] | None:
    """The first time expression in the sentence whose value is the sentence's date: its words and anchor."""
    iso = sent["date"]
    prefix = {"day": iso, "month": iso[:7], "year": iso[:4]}.get(sent["granularity"], iso)
    for timex in article["timexes"]:
        inside = sent["start"] <= timex["start"] < sent["end"]
        if inside and timex["value"].startswith(prefix) and timex["value"][len(prefix):][:1] in ("", "T"):
            return timex["text"], timex["anchor"]
    return None


def quotes_by_speaker(quotes: list[dict[str, Any]]) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Every quote, grouped by speaker: the most quoted first (ties in order of first quote), each group
    in article order, the quotes of no known speaker last (as speaker None). Words several said together
    are one group named for all of them ("A and B")."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for quote in quotes:
        groups.setdefault(" and ".join(quote.get("speakers") or []) or quote["speaker"], []).append(quote)
    known = sorted((s for s in groups if s is not None), key=lambda s: -len(groups[s]))  # stable: first quote
    return [(s, groups[s]) for s in known] + ([(None, groups[None])] if None in groups else [])


def split_entities(entities: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Who and what (people, places, organisations...) apart from nationalities and groups (NORP)."""
    return ([e for e in entities if e["type"] not in GROUP_TYPES], [e for e in entities if e["type"] in GROUP_TYPES])


def summary_items(data: dict[str, Any], citer: Citer) -> list[dict[str, Any]]:
    """Each summary sentence with its citations and the date of what it reports (its first source's)."""
    articles = {a["id"]: a for a in data["articles"]}
    return [{"text": s["text"], "cites": citer.cites(s["sources"]),
             "when": sentence_date(articles[s["sources"][0]["article"]], s["sources"][0]["start"])}
            for s in data["summary"]]


def weak_entries(timeline: list[dict[str, Any]]) -> list[bool]:
    """For each timeline entry, whether only weakly known article dates put it on its date: then the date
    is shown as a guess ("8 Aug 2016?")."""
    return [bool(entry["articles"]) and {w["article"] for w in entry["weak_dates"]} >= set(entry["articles"])
            for entry in timeline]


def report_parts(data: dict[str, Any]) -> dict[str, Any]:
    """What both reports lay out beyond story.json itself."""
    citer = Citer(data["articles"])
    entities, groups = split_entities(data["entities"])
    return {"citer": citer, "summary": summary_items(data, citer), "speakers": quotes_by_speaker(data["quotes"]),
            "entities": entities, "groups": groups, "timeline_guess": weak_entries(data["timeline"])}
