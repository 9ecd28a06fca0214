"""`storyline eval events`: coded events against PLOVER gold standard records.

Each record's text is analysed as one article (sentences, entities, aliases and the events stage's coder, all
records together as one story). The record's predicted type is that of the sentence's main event: the event
whose trigger is nearest the root of the parse (the first sentence's, when a record holds two). Scoring:

- ``type_accuracy``: the share of records whose predicted type is the gold type (a record with no event
  counts as wrong); ``type_macro_f1``: the mean over the gold's types of each type's F1.
- ``triple_precision``, ``triple_recall``, ``triple_f1``: (source country, type, target country) triples of
  the main event against the record's (a record with several sources or targets has one triple per pair; no
  target is "-"), summed over the records.

storyline's output is put in PLOVER's terms before scoring, as the PLOVER manual defines them: an action
reported as future is an intention, AGREE when cooperative and THREATEN when hostile; an agreement or a
concession negated ("would not meet the demands") is a refusal, REJECT; a meeting (CONSULT) and a reciprocal
event ("A and B clashed": storyline's A->B and B->A) have all their actors as sources and no target; an
international organization's code is IGO, intergovernmental or not, as the gold records code them.

Each record is dated by its ``date`` (the day an office holder's role is looked up on). The records fall in two
halves by a hash of their id (``half_of``): design choices are made on half "a", and the figures of both halves
are reported (``halves``), their difference being an estimate of the gap to records not seen. ``lexicon``
chooses the event words: the CAMEO dictionaries, the hand list, or both (``storyline.events.lexicon``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from storyline import config
from storyline.errors import InputError
from storyline.events.actors import ActorDictionary, load_dictionary
from storyline.events.coding import Coded
from storyline.events.lexicon import PLOVER_TYPES, SOURCES, load_lexicon, polarity
from storyline.model import Article, Doc, Published, Story, When

Triple = tuple[str, str, str]
_SUFFIXES = (".json", ".jsonl", ".txt")


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    event: str
    triples: frozenset[Triple]
    date: str = ""


@dataclass(frozen=True)
class Prediction:
    event: str | None
    triples: frozenset[Triple]
    events: int  # every event coded in the record


def read_records(path: Path) -> tuple[list[GoldRecord], int]:
    """The gold records in a file (a JSON array, one JSON object, or JSON Lines) or in a folder of such files,
    and how many records were left out (no text, or a type that is not one of PLOVER's 18)."""
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in _SUFFIXES) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"No gold records at {path}: give a PLOVER gold file (JSON) or a folder holding them.")
    records: list[GoldRecord] = []
    left_out = 0
    for file in files:
        for raw in _json_objects(file):
            record = _record(raw)
            if record is None:
                left_out += 1
            else:
                records.append(record)
    if not records:
        raise InputError(f"No PLOVER gold records with a text and an event type in {path}.")
    return records, left_out


def _json_objects(file: Path) -> Iterable[dict[str, Any]]:
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise InputError(f"{file} is neither JSON nor JSON Lines: {e}.") from e
    return [d for d in (data if isinstance(data, list) else [data]) if isinstance(d, dict)]


def _record(raw: dict[str, Any]) -> GoldRecord | None:
    text, event = raw.get("text"), raw.get("event")
    if not isinstance(text, str) or not text.strip() or event not in PLOVER_TYPES:
        return None
    sources = _codes(raw.get("source")) or {"-"}
    targets = _codes(raw.get("target")) or {"-"}
    triples = frozenset((s, str(event), t) for s in sources for t in targets)
    return GoldRecord(str(raw.get("id", "")), text.strip(), str(event), triples, str(raw.get("date") or ""))


def half_of(record: GoldRecord) -> str:
    """"a" or "b", by the first byte of the SHA-1 of the record's id (its text when it has none)."""
    return "ab"[hashlib.sha1((record.id or record.text).encode("utf-8")).digest()[0] % 2]


def _codes(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {str(a["code"]) for a in actors if isinstance(a, dict) and a.get("code")}


def predict(records: Sequence[GoldRecord], cfg: config.Config, lexicon: str = SOURCES[0]) -> list[Prediction]:
    """Run storyline over the records' texts and read off each record's main event."""
    from storyline.stages.aliases import merge_aliases
    from storyline.stages.entities import find_entities
    from storyline.stages.events import code_story
    from storyline.stages.sentences import split_sentences

    docs = [Doc(article=Article(f"r{n}", record.id or f"record {n}", record.text), text=record.text, language="en",
                published=_published(record.date)) for n, record in enumerate(records)]
    story = merge_aliases(Story(docs=tuple(find_entities(split_sentences(docs, cfg), cfg))), cfg)
    found: dict[str, list[tuple[int, Coded]]] = {doc.id: [] for doc in story.docs}
    for doc, sent, coded in code_story(story, cfg, lexicon=load_lexicon(lexicon)):
        found[doc.id] += [(doc.sentences.index(sent), event) for event in coded]
    dictionary = load_dictionary(cfg.events.actors)
    return [main_event(found[doc.id], dictionary) for doc in story.docs]


def main_event(coded: list[tuple[int, Coded]], dictionary: ActorDictionary) -> Prediction:
    """The main event of a record in PLOVER's terms: its type and its (source, type, target) triples."""
    if not coded:
        return Prediction(None, frozenset(), 0)
    sentence, main = min(coded, key=lambda item: (item[1].depth, item[0], item[1].trigger))
    group = [e for n, e in coded if n == sentence and e.trigger == main.trigger and e.code == main.code]
    event = plover_type(main)
    if main.reciprocal or main.code == "CONSULT":  # PLOVER: all who meet, and both sides of a clash, are sources
        sides = [e.source for e in group] + [e.target for e in group if e.target is not None]
        triples = {(_code(actor.country, dictionary), event, "-") for actor in sides}
    else:
        triples = {(_code(e.source.country, dictionary), event,
                    _code(e.target.country, dictionary) if e.target else "-") for e in group}
    return Prediction(event, frozenset(triples), len(coded))


def plover_type(event: Coded) -> str:
    """PLOVER codes an action reported in the future tense as an intention (AGREE or THREATEN; a THREATEN when
    made conditional on what another does: "will withdraw unless ..."), and a commitment or concession an actor
    does not make as a refusal (REJECT)."""
    if event.status == "negated" and event.code in ("AGREE", "CONCEDE"):
        return "REJECT"
    if event.status != "future":
        return event.code
    return "AGREE" if polarity(event.code) > 0 and not event.unless else "THREATEN"


def _code(country: str | None, dictionary: ActorDictionary) -> str:
    """The gold records code every named international organization IGO (the UN, the EU, the Red Cross,
    Amnesty International alike) and keep NGO for local or unnamed groups, which the dictionary does not hold."""
    if dictionary.kind_of(country) in ("igo", "ngo"):
        return "IGO"
    return country or "?"


def score(records: Sequence[GoldRecord], predictions: Sequence[Prediction]) -> dict[str, Any]:
    right = sum(p.event == r.event for r, p in zip(records, predictions, strict=True))
    matched = sum(len(r.triples & p.triples) for r, p in zip(records, predictions, strict=True))
    n_gold, n_system = sum(len(r.triples) for r in records), sum(len(p.triples) for p in predictions)
    precision = matched / n_system if n_system else 0.0
    recall = matched / n_gold if n_gold else 0.0
    per_type = _per_type(records, predictions)
    return {
        "records": len(records),
        "records_coded": sum(p.event is not None for p in predictions),
        "events": sum(p.events for p in predictions),
        "type_accuracy": right / len(records) if records else 0.0,
        "type_macro_f1": sum(t["f1"] for t in per_type.values()) / len(per_type) if per_type else 0.0,
        "triple_precision": precision, "triple_recall": recall, "triple_f1": _f1(precision, recall),
        "gold_triples": n_gold, "system_triples": n_system, "matched_triples": matched,
        "per_type": per_type,
    }


def _per_type(records: Sequence[GoldRecord], predictions: Sequence[Prediction]) -> dict[str, dict[str, Any]]:
    gold = Counter(r.event for r in records)
    predicted = Counter(p.event for p in predictions if p.event is not None)
    correct = Counter(r.event for r, p in zip(records, predictions, strict=True) if r.event == p.event)
    out = {}
    for kind in sorted(gold):
        precision = correct[kind] / predicted[kind] if predicted[kind] else 0.0
        recall = correct[kind] / gold[kind]
        out[kind] = {"gold": gold[kind], "predicted": predicted[kind], "correct": correct[kind],
                     "f1": _f1(precision, recall)}
    return out


def _published(date: str) -> Published | None:
    """The record's date as a publication date (None when it has none or it is not YYYY-MM-DD)."""
    from datetime import datetime

    try:
        day = datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Published(When(day, "day"), "metadata")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: Path, *, limit: int | None = None, cfg: config.Config | None = None,
             lexicon: str = SOURCES[0]) -> dict[str, Any]:
    records, left_out = read_records(path)
    records = records[:limit]
    started = time.perf_counter()
    predictions = predict(records, cfg or config.load(), lexicon)
    figures = score(records, predictions)
    figures["lexicon"] = lexicon
    figures["halves"] = {}
    for half in "ab":
        chosen = [(r, p) for r, p in zip(records, predictions, strict=True) if half_of(r) == half]
        part = score([r for r, _ in chosen], [p for _, p in chosen])
        figures["halves"][half] = {k: part[k] for k in ("records", "type_accuracy", "triple_f1")}
    a, b = figures["halves"]["a"], figures["halves"]["b"]
    figures["half_gap_type_accuracy"] = abs(a["type_accuracy"] - b["type_accuracy"])
    figures["half_gap_triple_f1"] = abs(a["triple_f1"] - b["triple_f1"])
    figures["records_left_out"] = left_out
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return figures
