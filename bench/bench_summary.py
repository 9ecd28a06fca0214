"""Benchmark for the summary issue: time and peak memory of the summary (and the claims) on the seeds and
on one Timeline17 topic of about 300 articles.

    python bench/bench_summary.py [--seeds ../shared/seeds] [--topic ../shared/data/timeline17/bpoil_bbc]
                                  [--runs 5] [--json bench/results_summary.json]

What is measured, exactly
-------------------------
For each input, in a fresh child process: the articles are read and run through the stages the summary
reads (clean, dedupe, sentences, entities, temporal, timex, aliases, dates: the sentences and their
dates), untimed. Then the ``summarize`` stage alone and the ``claims`` stage alone are run ``--runs``
times each on that story and timed with ``time.perf_counter()``, the sentence model's per-process cache
of vectors emptied before each run. The first summary run also loads the sentence model ("first");
later runs have it loaded ("warm", the median reported). Peak memory is the child's ``getrusage`` max
RSS at the end (the whole process: the story, spaCy, the sentence model), and before the summary runs.

Targets (the issue): seeds under 2 s warm; a 300-article topic under 20 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from storyline import api, embed
from storyline.stages.claims import find_claims
from storyline.stages.summarize import summarize

paths, runs = sys.argv[1:-1], int(sys.argv[-1])
before = ["clean", "dedupe", "sentences", "entities", "temporal", "timex", "aliases", "dates"]
story = api.run(api.read(paths, api.build_config(stages=before)), api.build_config(stages=before))
cfg = api.build_config()
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {"articles": len(story.docs), "sentences": sum(len(d.sentences) for d in story.docs),
       "rss_before_mb": round(rss(), 1)}
for name, stage in (("summarize", summarize), ("claims", find_claims)):
    times = []
    for _ in range(runs):
        embed.encoder().clear_cache()  # warm = the model loaded, every sentence encoded again
        started = time.perf_counter()
        stage(story, cfg)
        times.append(time.perf_counter() - started)
    out[name] = {"first_s": round(times[0], 3), "warm_s": [round(t, 3) for t in times[1:]]}
out["rss_after_mb"] = round(rss(), 1)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--topic", type=Path, default=ROOT.parent / "shared" / "data" / "timeline17" / "bpoil_bbc")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results: dict[str, Any] = {"command": " ".join(["python", "bench/bench_summary.py", *sys.argv[1:]])}
    for label, folder, target in (("seeds", args.seeds, 2.0), ("timeline17 topic", args.topic, 20.0)):
        files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
        done = subprocess.run([sys.executable, "-c", CHILD, *files, str(args.runs)], capture_output=True, text=True,
                              check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        for name in ("summarize", "claims"):
            warm = figures[name]["warm_s"]
            figures[name]["warm_median_s"] = round(statistics.median(warm), 3) if warm else None
        figures["target_s"] = target
        results[label] = figures
        summ, claims = figures["summarize"], figures["claims"]
        print(f"{label}: {figures['articles']} articles, {figures['sentences']} sentences; summary first "
              f"{summ['first_s']} s, warm median {summ['warm_median_s']} s; claims first {claims['first_s']} s, "
              f"warm median {claims['warm_median_s']} s; peak RSS {figures['rss_after_mb']} MB "
              f"({figures['rss_before_mb']} MB before the summary); target {target} s")
    if args.json is not None:
        path = args.json if args.json.is_absolute() else ROOT / args.json
        path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
