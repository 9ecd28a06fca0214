"""`storyline eval mds`: multi-document summarization (MDS), scored as DUC scored it, with reference systems.

Layouts (``find_clusters``):

1. DUC-style: ``DIR/<cluster>/docs/<document>`` (anything storyline reads: .txt, .html, ...),
   ``DIR/<cluster>/models/<summary>`` (one human model summary per plain-text file) and, optionally,
   ``DIR/<cluster>/topic.txt`` (the query, given to storyline as ``focus`` when storyline has that option).
   A DIR that itself holds docs/ and models/ is one cluster.
2. Timeline17: ``DIR/<topic>/InputDocs/<YYYY-MM-DD>/<article>.txt`` and ``DIR/<topic>/timelines/<name>.txt``
   (read with ``storyline.evaluate.tls``). Each date of each gold timeline is a cluster: the articles published
   from ``window`` days before to ``window`` days after it (at most ``max_articles``, the closest in time
   first), its gold entry (PTB tokenization undone, as for the articles) the one model summary. Clusters with
   fewer than 3 articles are skipped and counted. With one model, jackknifing changes nothing.

Systems, given the same cleaned texts and sentences (from storyline's own run), each cut to ``word_limit`` words:
``storyline`` (default stages up to "summarize"), sumy 0.13.0's ``lexrank`` and ``textrank`` (English Snowball
stemmer and stop words; best-rated sentences up to the limit, in document order; their sentence graphs computed
with numpy, same matrices as sumy's Python loops, which take minutes on 1,000 sentences) and DUC's ``lead``
(the most recent document's first sentences). Scores: ROUGE-1.5.5 ``-n 2 -2 4 -U -l <word_limit> -f A -p 0.5``
without stopword removal, on rouge-score 0.1.2's tokens (lowercased runs of a-z and 0-9, Porter-stemmed when longer
than 3 characters): see ``SETTINGS``."""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rouge_score import tokenizers  # type: ignore[import-untyped]
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence  # type: ignore[import-untyped]
from sumy.nlp.stemmers import Stemmer  # type: ignore[import-untyped]
from sumy.summarizers.lex_rank import LexRankSummarizer  # type: ignore[import-untyped]
from sumy.summarizers.text_rank import TextRankSummarizer  # type: ignore[import-untyped]
from sumy.utils import get_stop_words  # type: ignore[import-untyped]

from storyline import api
from storyline.config import Config
from storyline.errors import InputError
from storyline.evaluate import rouge155, tls
from storyline.model import Article, Doc, Story
from storyline.pipeline import Pipeline
from storyline.read.ingest import detokenize

WORD_LIMIT = 250
WINDOW_DAYS = 2
MAX_ARTICLES = 25
MIN_ARTICLES = 3
SKIP_GAP = 4
SYSTEMS = ("storyline", "lexrank", "textrank", "lead")
METRICS = ("rouge1_recall", "rouge1_f1", "rouge2_recall", "rouge2_f1", "rougesu4_recall", "rougesu4_f1")
SETTINGS = (
    "ROUGE-1.5.5 -n 2 -2 4 -U -l {limit} -f A -p 0.5, stopwords kept; tokens: rouge-score 0.1.2 (lowercase, "
    "runs of a-z0-9) with its Porter stemmer on tokens longer than 3 characters; peers and models cut to their "
    "first {limit} whitespace-separated words; ROUGE-SU4: skip bigrams with at most 4 words between the pair "
    "plus unigrams, over the whole summary, counted as ROUGE-1.5.5 counts them (its last token adds no "
    "unigram); several models: counts pooled (-f A), jackknifed (M scores against M-1 models, averaged; one "
    "model: the score against it); F1 = 2PR/(P+R); figures are means over clusters")
LAYOUTS = ("a DUC-style folder, DIR/<cluster>/docs/<document>, DIR/<cluster>/models/<summary>.txt and optional "
           "DIR/<cluster>/topic.txt (docs/ and models/ in DIR itself for one cluster), or a Timeline17 folder, "
           "DIR/<topic>/InputDocs/<YYYY-MM-DD>/<article>.txt and DIR/<topic>/timelines/<name>.txt")

Grams = Counter[tuple[str, ...]]


# --- ROUGE ---------------------------------------------------------------------------------------------

Score = tls.Score  # precision, recall, F1


def truncate(text: str, limit: int) -> str:
    """The first ``limit`` whitespace-separated words (ROUGE-1.5.5's ``-l``)."""
    return " ".join(text.split()[:limit])


@cache
def _tokenizer() -> Any:
    return tokenizers.DefaultTokenizer(use_stemmer=True)


def tokens(text: str) -> list[str]:
    """rouge-score's tokens: lowercased runs of a-z0-9, Porter-stemmed when longer than 3 characters."""
    return [str(t) for t in _tokenizer().tokenize(text)]


def skip_bigrams(toks: Sequence[str], gap: int = SKIP_GAP) -> Grams:
    """ROUGE-1.5.5's ``-2 gap -u`` units: each token but the last as a unigram, and each ordered pair with at
    most ``gap`` tokens between."""
    grams: Grams = Counter()
    for i in range(len(toks) - 1):
        grams[(toks[i],)] += 1
        for j in range(i + 1, min(len(toks), i + gap + 2)):
            grams[(toks[i], toks[j])] += 1
    return grams


GRAMS: dict[str, Callable[[Sequence[str]], Grams]] = {
    "rouge1": lambda t: rouge155.ngrams(t, 1), "rouge2": lambda t: rouge155.ngrams(t, 2), "rougesu4": skip_bigrams}


def pooled(peer: Grams, models: Sequence[Grams]) -> Score:
    """ROUGE-1.5.5's ``-f A``: hits (clipped per model), model and peer counts summed over the models."""
    counts = rouge155.count(peer, models)
    return tls.rouge_score(counts)


def jackknife(peer: Grams, models: Sequence[Grams]) -> Score:
    """With M > 1 models, the mean of the M scores against M-1 of them; with one, the score against it."""
    if len(models) < 2:
        return pooled(peer, models)
    scores = [pooled(peer, [*models[:i], *models[i + 1 :]]) for i in range(len(models))]
    return Score(*(math.fsum(getattr(s, f) for s in scores) / len(scores) for f in ("precision", "recall", "f1")))


def rouge(peer: str, models: Sequence[str], limit: int) -> dict[str, float]:
    """Recall and F1 of ROUGE-1, ROUGE-2 and ROUGE-SU4, both sides cut to ``limit`` words."""
    peer_tokens = tokens(truncate(peer, limit))
    model_tokens = [tokens(truncate(m, limit)) for m in models]
    out: dict[str, float] = {}
    for name, grams in GRAMS.items():
        score = jackknife(grams(peer_tokens), [grams(m) for m in model_tokens])
        out[f"{name}_recall"], out[f"{name}_f1"] = score.recall, score.f1
    return out


# --- systems -------------------------------------------------------------------------------------------

def sentences(doc: Doc) -> list[str]:
    return [text for s in doc.sentences if (text := " ".join(s.span.text_of(doc.text).split()))]


def storyline_summary(story: Story) -> str:
    return " ".join(story.cited_text(s.sources[0]) for s in story.summary)


def _oldest_first(doc: Doc) -> tuple[bool, float, str]:
    """Dated documents (by the date the reader found) oldest first, then the undated ones by id."""
    published = doc.article.published
    return published is None, published.when.start.timestamp() if published else 0.0, doc.id


def lead_summary(docs: Sequence[Doc], limit: int) -> str:
    """The first ``limit`` words of the most recent document, sentence by sentence."""
    def newest(doc: Doc) -> tuple[bool, float, str]:
        undated, when, ident = _oldest_first(doc)
        return not undated, when, ident
    return truncate(" ".join(sentences(max(docs, key=newest))), limit) if docs else ""


class _Words:
    """The tokenizer sumy's Sentence asks for words (sumy's own needs NLTK's punkt data)."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text))


class _FastLexRank(LexRankSummarizer):  # type: ignore[misc]
    """sumy's LexRank with its idf and its thresholded idf-modified-cosine matrix computed with numpy."""

    @staticmethod
    def _compute_idf(sentences: list[list[str]]) -> dict[str, float]:
        df = Counter(t for s in sentences for t in set(s))
        return {t: math.log(len(sentences) / (1 + n)) for t, n in df.items()}

    def _create_matrix(self, sentences: list[list[str]], threshold: float, tf_metrics: list[dict[str, float]],
                       idf_metrics: dict[str, float]) -> np.ndarray[Any, Any]:
        column = {t: i for i, t in enumerate(idf_metrics)}
        weights = np.zeros((len(sentences), len(column)))
        for row, tf in enumerate(tf_metrics):
            for term, value in tf.items():
                weights[row, column[term]] = value * idf_metrics[term]
        norms = np.sqrt((weights**2).sum(axis=1))
        scale = np.outer(norms, norms)
        cosine = np.divide(weights @ weights.T, scale, out=np.zeros_like(scale), where=scale > 0)
        matrix = (cosine > threshold).astype(float)
        degrees = matrix.sum(axis=1)
        return matrix / np.where(degrees == 0, 1, degrees)[:, None]


class _FastTextRank(TextRankSummarizer):  # type: ignore[misc]
    """sumy's TextRank with its word-overlap matrix computed with numpy."""

    def _create_matrix(self, document: Any) -> np.ndarray[Any, Any]:
        words = [self._to_words_set(s) for s in document.sentences]
        column: dict[str, int] = {}
        counts = np.zeros((len(words), len({w for ws in words for w in ws})))
        for row, ws in enumerate(words):
            for w in ws:
                counts[row, column.setdefault(w, len(column))] += 1
        rank = counts @ counts.T
        logs = np.array([math.log(len(ws)) if ws else 0.0 for ws in words])
        norm = logs[:, None] + logs[None, :]
        flat = np.isclose(norm, 0.0)
        weights = np.where(rank == 0, 0.0, np.where(flat, rank, rank / np.where(flat, 1.0, norm)))
        weights /= weights.sum(axis=1)[:, None] + self._ZERO_DIVISION_PREVENTION
        n, damping = len(words), float(self.damping)
        return np.full((n, n), (1.0 - damping) / n) + damping * weights


@cache
def summarizer(name: str) -> Any:
    kinds: dict[str, Any] = {"lexrank": _FastLexRank, "textrank": _FastTextRank}
    made = kinds[name](Stemmer("english"))
    made.stop_words = get_stop_words("english")
    return made


def sumy_document(docs: Sequence[Doc]) -> Any:
    words = _Words()
    return ObjectDocumentModel([Paragraph([Sentence(t, words) for t in sentences(d)]) for d in docs if d.sentences])


def sumy_summary(docs: Sequence[Doc], name: str, limit: int) -> str:
    """sumy's best-rated sentences until they reach ``limit`` words, in document order, cut to ``limit``."""
    def enough(ranked: Sequence[Any]) -> list[Any]:
        kept, words = [], 0
        for info in ranked:
            if words >= limit:
                break
            kept.append(info)
            words += len(str(info.sentence).split())
        return kept
    chosen = summarizer(name)(sumy_document(docs), enough)
    return truncate(" ".join(str(s) for s in chosen), limit)


# --- layouts -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cluster:
    """One cluster: its documents (files, or articles as read), its model summaries and its query."""

    name: str
    size: int
    inputs: Callable[[], Sequence[Path | Article]]
    models: tuple[str, ...]
    topic: str | None = None


def find_clusters(folder: Path, *, window: int = WINDOW_DAYS,
                  max_articles: int = MAX_ARTICLES) -> tuple[str, list[Cluster], int]:
    """The layout's name, its clusters (sorted by name) and how many clusters were left out as too small."""
    if not folder.is_dir():
        raise InputError(f"No folder at {folder}. Expected {LAYOUTS}.")
    children = sorted(p for p in folder.iterdir() if p.is_dir())
    if _is_duc(folder) or any(_is_duc(p) for p in children):
        return "duc", [_duc_cluster(p) for p in ([folder] if _is_duc(folder) else filter(_is_duc, children))], 0
    if (folder / "InputDocs").is_dir() or any((p / "InputDocs").is_dir() for p in children):
        return ("timeline17", *_timeline17_clusters(folder, window, max_articles))
    raise InputError(f"{folder} has neither layout: no docs/ and models/ folders and no InputDocs/ folder. "
                     f"Expected {LAYOUTS}.")


def _is_duc(path: Path) -> bool:
    return (path / "docs").is_dir() or (path / "models").is_dir()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []


def _duc_cluster(path: Path) -> Cluster:
    docs = [p for p in _files(path / "docs") if p.read_bytes().strip()]
    if not docs:
        raise InputError(f"Cluster {path.name}: {path / 'docs'} holds no document with any text. Expected {LAYOUTS}.")
    models = tuple(text for p in _files(path / "models") if (text := p.read_text(encoding="utf-8", errors="replace"))
                   .strip())
    if not models:
        raise InputError(f"Cluster {path.name}: {path / 'models'} holds no model summary (one human summary per "
                         f"plain-text file). Expected {LAYOUTS}.")
    topic_file = path / "topic.txt"
    topic = " ".join(topic_file.read_text(encoding="utf-8", errors="replace").split()) if topic_file.is_file() else ""
    return Cluster(path.name, len(docs), lambda: docs, models, topic or None)


class _TopicArticles:
    """A Timeline17 topic's articles as storyline reads them (``tls.read_articles``), one topic kept at a time."""

    def __init__(self) -> None:
        self.topic: Path | None = None
        self.articles: list[Article] = []

    def near(self, topic: Path, day: date, window: int, most: int) -> list[Article]:
        if topic != self.topic:
            self.topic, self.articles = topic, tls.read_articles(topic)
        dated = [(abs((a.published.when.start.date() - day).days), a.id, a) for a in self.articles if a.published]
        return [a for gap, _, a in sorted(dated, key=lambda x: x[:2]) if gap <= window][: most or None]


def _timeline17_clusters(folder: Path, window: int, max_articles: int) -> tuple[list[Cluster], int]:
    reader, clusters, small = _TopicArticles(), [], 0
    for topic in tls.topic_folders(folder):
        per_day = {d: len(_files(p)) for p in (topic / "InputDocs").iterdir() if (d := _day(p.name))}
        for gold in tls.read_gold(topic):
            for day, entry in sorted(gold.timeline.items()):
                size = sum(n for d, n in per_day.items() if abs((d - day).days) <= window)
                if size < MIN_ARTICLES:
                    small += 1
                    continue
                model = detokenize("\n".join(entry))
                clusters.append(Cluster(f"{gold.key}/{day}", min(size, max_articles or size),
                                        partial(reader.near, topic, day, window, max_articles), (model,)))
    return clusters, small


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


# --- the evaluation ------------------------------------------------------------------------------------

_OVERFLOW = 40  # words storyline's summary may run past the limit before it is cut to it


def storyline_config(word_limit: int, topic: str | None = None) -> Config:
    """storyline's default stages up to "summarize", a ``word_limit`` summary, the topic as focus if it can."""
    stages = list(api.build_config().pipeline.stages)
    # asked for a little more than the limit and cut like the baselines, whose sentence lists run past it
    options: dict[str, Any] = {"stages": stages[: stages.index("summarize") + 1],
                               "summary_words": word_limit + _OVERFLOW}
    if topic and "focus" in api.OPTIONS:
        options["focus"] = topic
    return api.build_config(**options)


def summarize_cluster(cluster: Cluster, pipeline: Pipeline, word_limit: int) -> tuple[Story, dict[str, str]]:
    """One storyline run over the cluster (its cfg set on the shared pipeline), and every system's summary."""
    pipeline.cfg = storyline_config(word_limit, cluster.topic)
    story = api.run(api.read(cluster.inputs(), pipeline.cfg), pipeline.cfg, pipeline=pipeline)
    docs = sorted(story.docs, key=_oldest_first)
    return story, {"storyline": truncate(storyline_summary(story), word_limit),
                   "lexrank": sumy_summary(docs, "lexrank", word_limit),
                   "textrank": sumy_summary(docs, "textrank", word_limit), "lead": lead_summary(docs, word_limit)}


def evaluate(folder: Path, *, word_limit: int = WORD_LIMIT, window: int = WINDOW_DAYS,
             max_articles: int = MAX_ARTICLES, limit: int | None = None,
             console: Console | None = None) -> dict[str, Any]:
    """Every system's summary of every cluster (the first ``limit``, sorted), scored; see the module doc."""
    layout, clusters, small = find_clusters(folder, window=window, max_articles=max_articles)
    clusters = clusters[:limit]
    if not clusters:
        raise InputError(f"No cluster with {MIN_ARTICLES} or more articles in {folder}. Expected {LAYOUTS}.")
    scores: list[dict[str, dict[str, float]]] = []
    scored: list[Cluster] = []
    articles: list[int] = []
    started = time.perf_counter()
    with Pipeline(storyline_config(word_limit)) as pipeline, _progress(console, len(clusters)) as advance:
        pipeline.start(max(c.size for c in clusters))
        for cluster in clusters:
            advance(cluster.name)
            story, summaries = summarize_cluster(cluster, pipeline, word_limit)
            if layout == "duc" and not story.docs:
                reason = story.skipped[0].reason if story.skipped else "nothing read"
                raise InputError(f"Cluster {cluster.name}: no document could be analysed ({reason}).")
            if len(story.docs) < (MIN_ARTICLES if layout == "timeline17" else 1):
                small += 1
                continue
            scores.append({name: rouge(text, cluster.models, word_limit) for name, text in summaries.items()})
            scored.append(cluster)
            articles.append(len(story.docs))
    figures = _figures(layout, scores, scored, word_limit)
    figures.update(skipped_clusters=small, articles_per_cluster=_mean(articles),
                   seconds=round(time.perf_counter() - started, 1))
    if layout == "timeline17":
        figures.update(window_days=window, max_articles=max_articles)
    return figures


def _figures(layout: str, scores: list[dict[str, dict[str, float]]], clusters: list[Cluster],
             word_limit: int) -> dict[str, Any]:
    systems = {name: {m: _mean([s[name][m] for s in scores]) for m in METRICS} for name in SYSTEMS}
    lexrank = systems["lexrank"]["rouge2_f1"]
    return {
        "layout": layout, "clusters": len(scores), "word_limit": word_limit,
        "models_per_cluster": _mean([len(c.models) for c in clusters]),
        "jackknifed": any(len(c.models) > 1 for c in clusters),
        "focus": "topic given as focus" if "focus" in api.OPTIONS and any(c.topic for c in clusters) else "none",
        "settings": SETTINGS.format(limit=word_limit), "systems": systems,
        "storyline_vs_lexrank_rouge2_f1": systems["storyline"]["rouge2_f1"] / lexrank if lexrank else None,
    }


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


@contextmanager
def _progress(console: Console | None, total: int) -> Iterator[Callable[[str], None]]:
    """A bar over the clusters on ``console``; the function it yields names the cluster now summarized."""
    if console is None:
        yield lambda name: None
        return
    with Progress(TextColumn("summarizing {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("", total=total)
        done = iter(range(total))
        yield lambda name: bar.update(task, description=name, completed=next(done))
        bar.update(task, description="done", completed=total)
