"""`storyline eval quotes`: quotes and speakers against PolNeAR's attribution annotations.

Data: a PolNeAR compartment folder (``dev``, ``train``): ``text/<name>.txt`` and brat standoff files
``attributions/<name>_<annotator>.ann``. An article annotated by several annotators is scored against
one annotation, the alphabetically first annotator's. Each ``E`` line ties a ``Content`` span (possibly
in several pieces) to its ``Source`` (absent for ``Attribution-no-source``) and ``Cue``.

Reading: each article goes through storyline's own stages as a user's article would: clean, sentences,
entities, quotes. The story-scope speakers stage is left out: run on one article (PolNeAR's articles are
independent) it has no other article's roles to add, so it changes nothing. Clean edits the text (it
moves the headline into the title, drops debris, and turns the single line breaks some PolNeAR texts use
between paragraphs into blank lines, which the sentence splitter needs), so every predicted span is
mapped back to the raw text: each cleaned paragraph is found in the raw text (the same words, any white
space between them) and its characters are mapped in order.
A prediction in a paragraph that cannot be found is dropped (``unmapped``); an article clean rejects
(``skipped``) has no predictions, so its attributions count as missed.

Predictions: quotes that share a cue (the pieces of one quotation around "he said", or a quote and its
next paragraph) form one predicted attribution, as PolNeAR gives one Content in pieces.

Scoring, on word tokens (runs of letters and digits; punctuation and quotation marks do not count):
- Each gold attribution is matched to at most one prediction and back, greedily by the number of
  content tokens they share (most first); pairs sharing no token are not matched.
- Exact: a matched pair whose token sets are equal. Precision = exact / predicted, recall = exact / gold.
- Token (proportional overlap, as Johansson and Moschitti 2010 score opinion expressions): precision =
  sum over matched pairs of shared / predicted tokens, divided by the number predicted; recall = sum of
  shared / gold tokens, divided by the number of gold attributions.
- Speaker accuracy: the share of matched gold attributions that have a Source whose prediction names
  the speaker: its speaker span overlaps the Source, or its speaker is the person the Source names
  (the Source's longest run of capitalised words before any comma equals the speaker's name or ends or
  begins it). A prediction with no speaker is wrong.
- Direct: a gold attribution is direct when at least half the words of its content are inside
  quotation marks (straight or curly, paired within each content piece). Recall is over the direct gold
  attributions (matched by any prediction); precision is over the predicted direct quotes, leaving out
  those matched to a gold attribution that is not direct (they count under all attributions).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.errors import InputError
from storyline.model import Article, Doc, Quote, Span

_T_LINE = re.compile(r"^(T\d+)\t(\w[\w-]*) ([\d; ]+)\t", re.M)
_E_LINE = re.compile(r"^E\d+\t(.+)$", re.M)
_WORD = re.compile(r"\w+")
_CAPS = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|al|bin|van|von))*")


@dataclass(frozen=True)
class Attribution:
    """One gold attribution: its content and source spans (the source may be empty)."""

    content: tuple[Span, ...]
    source: tuple[Span, ...]


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    gold: tuple[Attribution, ...]


@dataclass(frozen=True)
class Predicted:
    """One predicted attribution: the quotes sharing a cue."""

    content: tuple[Span, ...]
    speaker: str | None
    speaker_span: Span | None
    direct: bool


def read_ann(ann: str) -> tuple[Attribution, ...]:
    """The attributions of a brat standoff file's text."""
    spans: dict[str, tuple[Span, ...]] = {}
    for match in _T_LINE.finditer(ann):
        pieces = [p.split() for p in match.group(3).split(";")]
        spans[match.group(1)] = tuple(Span(int(a), int(b)) for a, b in pieces)
    found = []
    for match in _E_LINE.finditer(ann):
        roles = dict(part.split(":", 1) for part in match.group(1).split() if ":" in part)
        if "Content" in roles and roles["Content"] in spans:
            found.append(Attribution(spans[roles["Content"]], spans.get(roles.get("Source", ""), ())))
    return tuple(found)


def read_folder(folder: Path, limit: int | None = None) -> list[GoldDoc]:
    """Every annotated article of a PolNeAR compartment folder, sorted by name."""
    texts, anns = folder / "text", folder / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise InputError(f"{folder} is not a PolNeAR folder: it needs text/ and attributions/ (e.g. "
                         f"PolNeAR's data/dev).")
    by_name: dict[str, Path] = {}
    for ann in sorted(anns.glob("*.ann")):
        by_name.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    docs = []
    for path in sorted(texts.glob("*.txt"))[:limit]:
        if path.stem in by_name:
            gold = read_ann(by_name[path.stem].read_text(encoding="utf-8"))
            docs.append(GoldDoc(path.stem, path.read_text(encoding="utf-8"), gold))
    if not docs:
        raise InputError(f"No article in {texts} has an annotation in {anns}.")
    return docs


def predict(docs: Sequence[GoldDoc], cfg: Config) -> tuple[list[list[Predicted]], dict[str, Any]]:
    """Storyline's attributions for each article, in raw-text offsets, and run figures: articles skipped,
    quotes unmapped, milliseconds per article for the quotes stage and for all four stages."""
    from storyline.speech.quotes import find_quotes
    from storyline.stages.clean import clean
    from storyline.stages.entities import find_entities
    from storyline.stages.sentences import split_sentences

    start = time.perf_counter()
    cleaned: list[Doc] = []
    kept: list[int] = []
    for n, gold in enumerate(docs):
        try:
            cleaned.append(clean(Doc(article=Article(gold.name, gold.name, gold.text)), cfg))
            kept.append(n)
        except InputError:
            continue
    parsed = find_entities(split_sentences(cleaned, cfg), cfg)
    middle = time.perf_counter()
    done = [find_quotes(doc, cfg) for doc in parsed]
    end = time.perf_counter()
    predictions: list[list[Predicted]] = [[] for _ in docs]
    unmapped = 0
    for n, doc in zip(kept, done, strict=True):
        to_raw = align(docs[n].text, doc.text)
        mapped = [q for q in (map_quote(q, to_raw) for q in doc.quotes) if q is not None]
        unmapped += len(doc.quotes) - len(mapped)
        predictions[n] = group_quotes(mapped)
    return predictions, {"skipped": len(docs) - len(kept), "unmapped": unmapped,
                         "quotes_ms_per_article": 1000 * (end - middle) / max(1, len(docs)),
                         "stages_ms_per_article": 1000 * (end - start) / max(1, len(docs))}


def align(raw: str, cleaned: str) -> list[int | None]:
    """For each character of ``cleaned``, its offset in ``raw`` (None where its paragraph is not found)."""
    to_raw: list[int | None] = [None] * (len(cleaned) + 1)
    at = 0
    for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", cleaned):
        words = para.group(0).split()
        found = re.compile(r"\s+".join(map(re.escape, words))).search(raw, at)
        if found is None:
            continue
        r = found.start()
        for k in range(para.start(), para.end()):
            if not cleaned[k].isspace():
                while raw[r] != cleaned[k]:
                    r += 1
                to_raw[k] = r
                r += 1
            else:
                to_raw[k] = r
        to_raw[para.end()] = found.end()
        at = found.end()
    return to_raw


def map_quote(quote: Quote, to_raw: list[int | None]) -> Quote | None:
    """``quote`` with its spans in raw-text offsets, or None when they fall outside what was found."""
    span = _map(quote.span, to_raw)
    if span is None:
        return None
    speaker = _map(quote.speaker_span, to_raw) if quote.speaker_span else None
    cue = _map(quote.cue_span, to_raw) if quote.cue_span else None
    return replace(quote, span=span, speaker_span=speaker, cue_span=cue)


def _map(span: Span, to_raw: list[int | None]) -> Span | None:
    start, last = to_raw[span.start], to_raw[span.end - 1] if span.end > span.start else None
    return Span(start, last + 1) if start is not None and last is not None and last >= start else None


def group_quotes(quotes: Iterable[Quote]) -> list[Predicted]:
    """Quotes sharing a cue make one attribution."""
    groups: dict[object, list[Quote]] = {}
    for n, quote in enumerate(quotes):
        key = (quote.cue_span, quote.speaker_span) if quote.cue_span is not None else n
        groups.setdefault(key, []).append(quote)
    return [Predicted(tuple(q.span for q in group), group[0].speaker, group[0].speaker_span,
                      any(q.kind == "direct" for q in group)) for group in groups.values()]


class _Counts:
    def __init__(self) -> None:
        self.gold = self.predicted = self.matched = self.exact_gold = self.exact_pred = 0
        self.shared_of_pred = self.shared_of_gold = 0.0
        self.with_source = self.speaker_right = 0

    def figures(self, prefix: str) -> dict[str, Any]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ep, er = _ratio(self.exact_pred, self.predicted), _ratio(self.exact_gold, self.gold)
        tp, tr = _ratio(self.shared_of_pred, self.predicted), _ratio(self.shared_of_gold, self.gold)
        return {f"{prefix}_gold": self.gold, f"{prefix}_predicted": self.predicted, f"{prefix}_matched": self.matched,
                f"{prefix}_content_precision_exact": ep, f"{prefix}_content_recall_exact": er,
                f"{prefix}_content_f1_exact": f1(ep, er), f"{prefix}_content_precision_token": tp,
                f"{prefix}_content_recall_token": tr, f"{prefix}_content_f1_token": f1(tp, tr),
                f"{prefix}_speaker_accuracy": _ratio(self.speaker_right, self.with_source),
                f"{prefix}_speaker_scored": self.with_source}


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def score(docs: Sequence[GoldDoc], predictions: Sequence[list[Predicted]]) -> dict[str, Any]:
    """Content and speaker figures for all attributions and for direct quotes."""
    everything, direct = _Counts(), _Counts()
    for doc, predicted in zip(docs, predictions, strict=True):
        _score_doc(doc, predicted, everything, direct)
    return {**direct.figures("direct"), **everything.figures("all")}


def _score_doc(doc: GoldDoc, predicted: list[Predicted], everything: _Counts, direct: _Counts) -> None:
    starts = [m.start() for m in _WORD.finditer(doc.text)]
    gold_tokens = [_tokens(starts, a.content) for a in doc.gold]
    pred_tokens = [_tokens(starts, p.content) for p in predicted]
    is_direct = [quoted_share(doc.text, a.content) >= 0.5 for a in doc.gold]
    pairs = _match(gold_tokens, pred_tokens)
    matched_to = {j: i for i, j in pairs}
    everything.gold += len(doc.gold)
    everything.predicted += len(predicted)
    direct.gold += sum(is_direct)
    direct.predicted += sum(p.direct and (j not in matched_to or is_direct[matched_to[j]])
                            for j, p in enumerate(predicted))
    for i, j in pairs:
        g, p = gold_tokens[i], pred_tokens[j]
        shared = len(g & p)
        right = _speaker_right(doc, doc.gold[i], predicted[j]) if doc.gold[i].source else None
        counts = [everything, direct] if is_direct[i] else [everything]
        for n, c in enumerate(counts):
            c.matched += 1
            c.shared_of_gold += shared / len(g)
            c.exact_gold += g == p
            if n == 0 or predicted[j].direct:
                c.shared_of_pred += shared / len(p)
                c.exact_pred += g == p
            if right is not None:
                c.with_source += 1
                c.speaker_right += right


def _tokens(starts: list[int], spans: Iterable[Span]) -> frozenset[int]:
    found: set[int] = set()
    for span in spans:
        found.update(range(bisect_left(starts, span.start), bisect_left(starts, span.end)))
    return frozenset(found)


def _match(gold: list[frozenset[int]], predicted: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold, predicted), greedily by shared tokens, most first."""
    candidates = sorted(((len(g & p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)
                         if g and p and not g.isdisjoint(p)), key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def quoted_share(text: str, pieces: Iterable[Span]) -> float:
    """The share of the words of ``pieces`` that stand inside quotation marks paired within a piece."""
    total = inside = 0
    for piece in pieces:
        quoted = False
        for token in re.finditer(r"[“”\"]|\w+", piece.text_of(text)):
            mark = token.group(0)
            if mark in "“”\"":
                quoted = True if mark == "“" else False if mark == "”" else not quoted
            else:
                total += 1
                inside += quoted
    return inside / total if total else 0.0


def _speaker_right(doc: GoldDoc, gold: Attribution, predicted: Predicted) -> bool:
    span = predicted.speaker_span
    if span is not None and any(span.start < s.end and s.start < span.end for s in gold.source):
        return True
    if predicted.speaker is None:
        return False
    head = doc.text[gold.source[0].start : gold.source[0].end].split(",")[0]
    runs = [m.group(0) for m in _CAPS.finditer(head)]
    if not runs:
        return False
    name, said = max(runs, key=len).casefold(), predicted.speaker.casefold()
    return name == said or said.endswith(" " + name) or name.endswith(" " + said)


def evaluate(folder: Path, cfg: Config, limit: int | None = None) -> dict[str, Any]:
    docs = read_folder(folder, limit)
    predictions, run = predict(docs, cfg)
    return {"documents": len(docs), **score(docs, predictions), **run}
