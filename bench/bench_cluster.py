"""Speed and memory of story clustering: make_signals on real articles, then StoryClusterer.add on a
synthetic stream of growing size.

    python bench/bench_cluster.py [--data ../shared/data] [--articles 256] [--sizes 5000,10000,20000,40000]
                                  [--memory 100000] [--json bench/results_cluster.json]

- signals: ``make_signals`` over ``--articles`` Timeline17 articles (read and detokenized, 64 a batch), in
  this process with one BLAS thread (``OMP_NUM_THREADS=1`` is set before numpy loads): CPU ms per article
  (median of the batches), their mean length in words.
- scaling: a stream of N signals made from the real ones (each copy k: the vector's numbers permuted by
  a permutation of its own, so that copies are as far apart as unrelated articles, plus noise; every name
  suffixed with the copy number so that copies make new stories, the day shifted k * 60 days), added in
  order; CPU seconds per 1,000 adds at each size and the exponent of total time against N (least squares on
  log-log; 1.0 is linear, 2.0 all-pairs).
- memory: the peak RSS after adding ``--memory`` signals (the signals themselves included), and the
  wall seconds of ``StoryClusterer.restore`` from those signals and their stories.
Quality is not measured here (synthetic copies say nothing of it): ``storyline eval clusters`` does that.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import resource
import statistics
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from storyline.config import load
from storyline.corpus.cluster import StoryClusterer
from storyline.corpus.signals import Signal, make_signals
from storyline.evaluate.clusters import find_articles

ROOT = Path(__file__).resolve().parent.parent


def real_signals(data: Path, n: int) -> tuple[list[Signal], dict[str, Any]]:
    cfg = load()
    articles = find_articles([data / "timeline17"], cfg.ingest)
    step = max(1, len(articles) // n)
    chosen = articles[::step][:n]
    make_signals([(a.name, a.title, a.text, a.day) for a in chosen[:8]])  # load the model first
    signals: list[Signal] = []
    per_article: list[float] = []
    for start in range(0, len(chosen), 64):
        batch = chosen[start : start + 64]
        t0 = time.process_time()
        signals.extend(make_signals([(a.name, a.title, a.text, a.day) for a in batch]))
        per_article.append((time.process_time() - t0) / len(batch) * 1000)
    words = statistics.mean(len(a.text.split()) for a in chosen)
    return signals, {"articles": len(chosen), "mean_words": round(words), "cpu_ms_per_article":
                     round(statistics.median(per_article), 1)}


def synthetic(signals: list[Signal], n: int) -> list[Signal]:
    rng = np.random.default_rng(0)
    out: list[Signal] = []
    turns: dict[int, Any] = {}
    for i in range(n):
        copy, base = divmod(i, len(signals))
        s = signals[base]
        turn = turns.setdefault(copy, rng.permutation(s.vector.shape[0]) if copy else np.arange(s.vector.shape[0]))
        vector = s.vector[turn] + rng.normal(scale=0.02, size=s.vector.shape).astype(np.float32)
        day = s.day + timedelta(days=60 * copy) if s.day else None
        out.append(Signal(f"{copy}:{s.article_id}", vector / np.linalg.norm(vector),
                          tuple(f"{name} {copy}" for name in s.entities), day))
    out.sort(key=lambda s: (s.day is None, s.day, s.article_id))
    return out


def stream_seconds(stream: list[Signal]) -> tuple[float, int]:
    seconds, clusterer = run_stream(stream)
    return seconds, len(clusterer.stories())


def run_stream(stream: list[Signal]) -> tuple[float, StoryClusterer]:
    clusterer = StoryClusterer(load().cluster)
    t0 = time.process_time()  # CPU time: the machine is shared, and the clusterer runs on one thread
    for signal in stream:
        clusterer.add(signal)
    return time.process_time() - t0, clusterer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=256)
    parser.add_argument("--sizes", default="5000,10000,20000,40000")
    parser.add_argument("--memory", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    signals, figures = real_signals(args.data, args.articles)
    print("signals", figures, flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        seconds, stories = stream_seconds(synthetic(signals, n))
        rows.append({"articles": n, "seconds": round(seconds, 1), "ms_per_add": round(seconds / n * 1000, 2),
                     "stories": stories})
        print("scaling", rows[-1], flush=True)
    slope = float(np.polyfit(np.log([r["articles"] for r in rows]), np.log([r["seconds"] for r in rows]), 1)[0])
    result: dict[str, Any] = {"signals": figures, "scaling": rows, "exponent": round(slope, 3)}
    if args.memory:
        stream = synthetic(signals, args.memory)
        seconds, clusterer = run_stream(stream)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        story_of = {aid: sid for sid, ids in clusterer.stories().items() for aid in ids}
        t0 = time.perf_counter()
        StoryClusterer.restore(load().cluster, [(s, story_of[s.article_id]) for s in stream])
        result["memory"] = {"articles": args.memory, "seconds": round(seconds, 1),
                            "stories": len(clusterer.stories()), "peak_rss_mb": round(peak_mb),
                            "restore_seconds": round(time.perf_counter() - t0, 1)}
        print("memory", result["memory"], flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    result["commit"] = commit.stdout.strip()
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
