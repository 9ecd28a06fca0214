"""`storyline eval claims`: does the claims stage put together sentences that state the same event?

Gold: MEANTIME's cross-document event coreference (``intra_cross-doc_annotation/<corpus>/*.xml``). An
EVENT_MENTION is linked by a REFERS_TO relation to an EVENT instance whose ``instance_id`` is shared by the
mentions of that event in every article of the corpus. Each corpus's 30 articles are analysed as one story
(clean, sentences, entities, temporal, timex, dates; the publication date is the annotated creation time; the title
and the date line are left out of the text).

Scored sentences: the claims stage's candidates (the sentences that stand on their own among the first
``claims.pool`` of each article). A candidate holds the event instances of the mentions inside it; one
with no event mention is a negative for every pair. A pair is two candidates of different articles (the
claims stage puts at most one sentence of an article in a group, so pairs within an article are not
scored): gold when they share an event instance, predicted when the grouping puts them together.
``pairwise_precision``, ``pairwise_recall`` and ``pairwise_f1`` sum the pairs over the corpora; ``groups``
counts the predicted groups of two sentences or more. The ``meaning_only_*`` figures are the grouping
by meaning alone (no participant or time check), for comparison. ``design`` (airbus, apple: the corpora the
rule was designed on) and ``held_out`` (gm, stock) are reported apart.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline import config
from storyline.errors import InputError
from storyline.language import embed
from storyline.model import Article, Doc, Published, Span, When
from storyline.pipeline import Pipeline
from storyline.summary import agreement
from storyline.summary.candidates import find_candidates, pool_size

DESIGN = ("corpus_airbus", "corpus_apple")
HELD_OUT = ("corpus_gm", "corpus_stock")
_STAGES = ["clean", "sentences", "entities", "temporal", "timex", "dates"]
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]'’]|'s|n't)")
_NO_SPACE_AFTER = re.compile(r"([(\[$]) ")


@dataclass(frozen=True)
class GoldDoc:
    article: Article
    sentences: tuple[tuple[Span, frozenset[str]], ...]  # each sentence's span in the text and its event instances


@dataclass
class Counts:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0
    groups: int = 0
    candidates: int = 0

    def add(self, other: Counts) -> None:
        for name in ("true_positive", "predicted", "gold", "groups", "candidates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def read_document(path: Path) -> GoldDoc:
    """One MEANTIME article: its text (sentences from the third on: the first is the title, the second the
    date line) and each sentence's event instances."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise InputError(f"Cannot read MEANTIME file {path}: {e}. Give the intra_cross-doc_annotation folder.") from e
    words: dict[int, list[str]] = {}
    for token in root.iter("token"):
        words.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    events = _sentence_events(root)
    text, spans = "", []
    for n in sorted(words)[2:]:
        sentence = _detokenize(" ".join(words[n]))
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{sentence}" if text else sentence
        spans.append((Span(start, start + len(sentence)), frozenset(events.get(n, ()))))
    title = _detokenize(" ".join(words[min(words)])) if words else None
    article = Article(root.get("doc_id", path.stem), str(path), text, title=title, outlet="Wikinews",
                      published=_creation_time(root))
    return GoldDoc(article, tuple(spans))


def _sentence_events(root: ET.Element) -> dict[int, set[str]]:
    """Each sentence's event instances: its EVENT_MENTIONs' REFERS_TO targets' instance ids."""
    sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in root.iter("token")}
    instance = {e.get("m_id", ""): e.get("instance_id", "") for e in root.iter("EVENT")}
    mention_sentences = {m.get("m_id", ""): {sentence_of[a.get("t_id", "")] for a in m.iter("token_anchor")}
                         for m in root.iter("EVENT_MENTION")}
    events: dict[int, set[str]] = {}
    for relation in root.iter("REFERS_TO"):
        target = relation.find("target")
        event = instance.get(target.get("m_id", "") if target is not None else "")
        if not event:
            continue
        for source in relation.iter("source"):
            for n in mention_sentences.get(source.get("m_id", ""), ()):
                events.setdefault(n, set()).add(event)
    return events


def _detokenize(text: str) -> str:
    text = text.replace("``", '"').replace("''", '"')
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def _creation_time(root: ET.Element) -> Published | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and re.match(r"\d{4}-\d\d-\d\d", timex.get("value", "")):
            day = datetime.strptime(timex.get("value", "")[:10], "%Y-%m-%d").replace(tzinfo=UTC)
            return Published(When(day), "metadata", 1.0, "MEANTIME's creation time")
    return None


def _score_story(docs: Sequence[Doc], gold_docs: Sequence[GoldDoc], cfg: Any, *, events: bool) -> Counts:
    candidates = find_candidates(docs, pool=pool_size(len(docs), cfg.claims.pool, cfg.claims.budget))
    gold_by_id = {g.article.id: g for g in gold_docs}
    instances = [_instances(gold_by_id[c.citation.article], c.citation.span) for c in candidates]
    vectors = embed.encoder().encode([c.text for c in candidates]) if candidates else None
    similar = vectors @ vectors.T if vectors is not None else None
    facets = agreement.describe(docs, candidates)
    groups = agreement.group(candidates, similar, facets, cfg.claims.same, events=events) if candidates else []
    group_of = {m: n for n, g in enumerate(groups) for m in g}
    counts = Counts(groups=sum(len(g) > 1 for g in groups), candidates=len(candidates))
    for i in range(len(candidates)):
        for j in range(i + 1, len(candidates)):
            if candidates[i].citation.article == candidates[j].citation.article:
                continue
            is_gold = bool(instances[i] & instances[j])
            is_predicted = group_of[i] == group_of[j]
            counts.gold += is_gold
            counts.predicted += is_predicted
            counts.true_positive += is_gold and is_predicted
    return counts


def _instances(gold: GoldDoc, span: Span) -> frozenset[str]:
    found: set[str] = set()
    for sentence, events in gold.sentences:
        if sentence.start < span.end and span.start < sentence.end:
            found |= events
    return frozenset(found)


def evaluate(folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """The figures for each corpus folder under ``folder``, the design and held-out halves, and all."""
    corpora = sorted(p for p in folder.iterdir() if p.is_dir() and list(p.glob("*.xml"))) if folder.is_dir() else []
    if not corpora:
        raise InputError(f"No MEANTIME corpus folders (<corpus>/*.xml) under {folder}. Give "
                         "meantime_newsreader_english_oct15/intra_cross-doc_annotation.")
    per: dict[str, tuple[Counts, Counts]] = {}
    for corpus in corpora:
        gold_docs = [read_document(p) for p in sorted(corpus.glob("*.xml"))[:limit]]
        cfg = config.load()
        story = Pipeline(cfg, _STAGES).run_many([Doc(article=g.article) for g in gold_docs])
        per[corpus.name] = (_score_story(story.docs, gold_docs, cfg, events=True),
                            _score_story(story.docs, gold_docs, cfg, events=False))
    figures = _figures(list(per.values()))
    figures["design"] = _figures([c for name, c in per.items() if name in DESIGN])
    figures["held_out"] = _figures([c for name, c in per.items() if name in HELD_OUT])
    figures["by_corpus"] = {name: _figures([c]) for name, c in per.items()}
    return figures


def _figures(counts: list[tuple[Counts, Counts]]) -> dict[str, Any]:
    event, meaning = Counts(), Counts()
    for e, m in counts:
        event.add(e)
        meaning.add(m)
    out = _prf(event, "pairwise")
    out.update(groups=event.groups, candidates=event.candidates, gold_pairs=event.gold,
               predicted_pairs=event.predicted)
    out.update(_prf(meaning, "meaning_only"))
    return out


def _prf(counts: Counts, prefix: str) -> dict[str, float]:
    p = counts.true_positive / counts.predicted if counts.predicted else 0.0
    r = counts.true_positive / counts.gold if counts.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {f"{prefix}_precision": round(p, 4), f"{prefix}_recall": round(r, 4), f"{prefix}_f1": round(f, 4)}
