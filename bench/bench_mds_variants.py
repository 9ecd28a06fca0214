"""Development harness for the summary issue: ``eval mds`` on Timeline17 with the stages run once per cluster and
the summary's selection re-run under variants of its settings, and a count of summary sentences that repeat one
another.

    python bench/bench_mds_variants.py prepare [--every 1] [--offset 0] [--cache /tmp/mds-cache]
    python bench/bench_mds_variants.py variants [--cache /tmp/mds-cache] [--json FILE]

``prepare`` runs exactly what ``storyline eval mds ../shared/data/timeline17`` runs (``evaluate.mds.find_clusters``
and ``summarize_cluster``: the default stages up to "summarize", 250 words, window 2 days, at most 25 articles),
scores every system, and keeps each cluster's story and its sentence vectors in ``--cache``. ``--every 3`` takes
every third cluster (the 84 of earlier rounds); ``--offset 1`` the third after those. ``variants`` re-runs only the
summarize stage on the kept stories under each setting in ``VARIANTS`` and reports ROUGE-1/2 F1 against LexRank on
the same clusters, on all of them and on each half of the topics (``HALVES``: tune on one, report on the other), and
the repeats per summary (``repeats``: pairs of summary sentences with a cosine of meaning >= 0.55 or sharing most of
their content words).
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import re
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline import api
from storyline.evaluate import mds
from storyline.language import embed
from storyline.model import Story
from storyline.pipeline import Pipeline
from storyline.stages import summarize as summarize_stage
from storyline.stages.summarize import summarize

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "timeline17"
HALVES = ({"bpoil", "mj"}, {"finan", "h1n1", "haiti"})
SAME = 0.55  # the cosine of meaning at or above which the summary's own settings say two sentences say the same
NEAR = 0.45  # a lower bar: on the seeds, pairs from 0.45 to 0.55 include real repeats ("ties restored" twice)
OVERLAP = 0.6  # share of the shorter sentence's content words found in the other
_STOP = frozenset(mds.get_stop_words("english"))
# (name, summarize settings changed); every run asks for 250 + 40 words and is cut to 250, as eval mds does.
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("cosine cap 0.55 alone (as before)", {"_words": False}),
    ("cosine cap 0.55 + word overlap", {}),
    ("cosine cap 0.50 + word overlap", {"repeat": 0.50}),
    ("cosine cap 0.45 + word overlap", {"repeat": 0.45}),
    ("cosine cap 0.40 + word overlap", {"repeat": 0.40}),
    ("cosine cap 0.50 alone", {"repeat": 0.50, "_words": False}),
    ("own date stated x1.1", {"dated": 1.1}),
    ("own date stated x1.25", {"dated": 1.25}),
]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def repeats(texts: list[str], vectors: Any) -> dict[str, int]:
    """Pairs of the sentences that say the same: by meaning (cosine >= SAME) or by words (OVERLAP)."""
    words = [content_words(t) for t in texts]
    by_meaning = by_words = either = near = 0
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            cos = float(vectors[i] @ vectors[j])
            shared = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
            by_meaning += cos >= SAME
            near += cos >= NEAR
            by_words += shared >= OVERLAP
            either += cos >= SAME or shared >= OVERLAP
    return {"meaning": by_meaning, "words": by_words, "either": either, "near": near}


def summary_texts(story: Story, limit: int) -> list[str]:
    """The summary's sentences that the cut to ``limit`` words keeps (a cut one counts when any word is kept)."""
    kept, words = [], 0
    for sent in story.summary:
        if words >= limit:
            break
        text = story.cited_text(sent.sources[0])
        kept.append(text)
        words += len(text.split())
    return kept


def prepare(cache: Path, every: int, offset: int = 0) -> None:
    """Each cluster's story, scores and new sentence vectors kept in its own file as it is done, the topics
    taken in turn so that a run cut short still covers every topic."""
    cache.mkdir(parents=True, exist_ok=True)
    _, clusters, _ = mds.find_clusters(DATA)
    chosen = list(enumerate(clusters))[offset::every]
    by_topic: dict[str, list[tuple[int, mds.Cluster]]] = {}
    for n, cluster in chosen:
        by_topic.setdefault(topic(cluster.name), []).append((n, cluster))
    queues = list(by_topic.values())
    order = [q[i] for i in range(max(map(len, queues))) for q in queues if i < len(q)]
    started, seen = time.perf_counter(), set(embed.encoder()._cache)
    with Pipeline(mds.storyline_config(mds.WORD_LIMIT)) as pipeline:
        pipeline.start(max(c.size for _, c in chosen))
        for done, (n, cluster) in enumerate(order):
            if (cache / f"{n:03d}.pkl").exists():
                continue
            story, summaries = mds.summarize_cluster(cluster, pipeline, mds.WORD_LIMIT)
            if len(story.docs) < mds.MIN_ARTICLES:
                continue
            scores = {name: mds.rouge(text, cluster.models, mds.WORD_LIMIT) for name, text in summaries.items()}
            vectors = {t: v for t, v in embed.encoder()._cache.items() if t not in seen}
            seen.update(vectors)
            (cache / f"{n:03d}.pkl").write_bytes(pickle.dumps(
                {"name": cluster.name, "models": cluster.models, "scores": scores, "story": story,
                 "vectors": vectors}))
            print(f"{done + 1}/{len(order)} {cluster.name} {time.perf_counter() - started:.0f} s", file=sys.stderr)


def topic(name: str) -> str:
    return name.split("_")[0].lower()


def run_variants(cache: Path) -> dict[str, Any]:
    kept = [pickle.loads(p.read_bytes()) for p in sorted(cache.glob("[0-9]*.pkl"))]
    encoder = embed.encoder()
    for cluster in kept:
        encoder._cache.update(cluster.pop("vectors"))
    out: dict[str, Any] = {"clusters": len(kept), "halves": [sorted(h) for h in HALVES], "variants": {}}
    lexrank = [c["scores"]["lexrank"] for c in kept]
    out["variants"]["before (the stored eval mds run)"] = _figures(
        [_row(c["name"], c["story"], c["scores"]["storyline"], encoder) for c in kept], lexrank)
    for name, options in VARIANTS:
        cfg = mds.storyline_config(mds.WORD_LIMIT)
        words = options.get("_words", True)
        cfg = replace(cfg, summarize=replace(cfg.summarize, **{k: v for k, v in options.items() if k != "_words"}))
        summarize_stage._REPEAT_WORDS = 0.6 if words else 2.0  # 2.0: never met, the word check off
        rows = []
        for cluster in kept:
            story = summarize(cluster["story"], cfg)
            text = mds.truncate(mds.storyline_summary(story), mds.WORD_LIMIT)
            rows.append(_row(cluster["name"], story, mds.rouge(text, cluster["models"], mds.WORD_LIMIT), encoder))
        out["variants"][name] = _figures(rows, lexrank)
        print(name, json.dumps(out["variants"][name]), file=sys.stderr)
    return out


def _row(name: str, story: Story, rouge: dict[str, float], encoder: Any) -> dict[str, Any]:
    texts = summary_texts(story, mds.WORD_LIMIT)
    return {"topic": topic(name), "rouge": rouge, "repeats": repeats(texts, encoder.encode(texts)) if texts else {},
            "dated": sum(s.sources[0] in _stated(story) for s in story.summary), "sentences": len(story.summary)}


def _stated(story: Story) -> set[Any]:
    """The sentences that state their own date."""
    return {_cite(doc.id, s.span) for doc in story.docs for s in doc.sentences
            if s.when is not None and s.when_how == "text"}


def _cite(article: str, span: Any) -> Any:
    from storyline.model import Citation
    return Citation(article, span)


def _figures(rows: list[dict[str, Any]], lexrank: list[dict[str, float]]) -> dict[str, Any]:
    def part(keep: set[str] | None) -> dict[str, float]:
        idx = [i for i, r in enumerate(rows) if keep is None or r["topic"] in keep]
        r2 = _mean([rows[i]["rouge"]["rouge2_f1"] for i in idx])
        lr2 = _mean([lexrank[i]["rouge2_f1"] for i in idx])
        return {"clusters": len(idx), "rouge1_f1": round(_mean([rows[i]["rouge"]["rouge1_f1"] for i in idx]), 4),
                "rouge2_f1": round(r2, 4), "rouge2_recall": round(_mean([rows[i]["rouge"]["rouge2_recall"]
                                                                           for i in idx]), 4),
                "lexrank_rouge2_f1": round(lr2, 4), "x_lexrank": round(r2 / lr2, 3) if lr2 else math.nan}
    reps = [r["repeats"] for r in rows if r["repeats"]]
    return {"all": part(None), "half_a": part(HALVES[0]), "half_b": part(HALVES[1]),
            "repeat_pairs": {k: sum(r[k] for r in reps) for k in ("meaning", "words", "either", "near")},
            "summaries_with_a_repeat": sum(r["either"] > 0 for r in reps),
            "own_date_share": round(sum(r["dated"] for r in rows) / max(1, sum(r["sentences"] for r in rows)), 3)}


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("prepare", "variants"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/mds-cache"))
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--offset", type=int, default=0, help="with --every N: start at this cluster (0 to N-1)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.cache, args.every, args.offset)
        return
    out = run_variants(args.cache)
    text = json.dumps(out, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    api.build_config()  # fail early on a broken install
    main()
