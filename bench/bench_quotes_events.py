"""Benchmark for the quotes-and-events issue: articles per second of the ``quotes`` and ``events`` stages
over the Timeline17 articles, and peak memory.

    python bench/bench_quotes_events.py [--data ../shared/data/timeline17] [--json bench/results_quotes_events.json]
                                        [--topics H1N1_bbc MJ_bbc ...]

What is measured, exactly
-------------------------
Each Timeline17 topic folder is one story, run in a fresh child process (as a user would run one story).
The child reads the topic's articles (as ``eval tls`` reads them:
detokenized, dated by their folder) and runs the stages the two read (clean, dedupe, sentences, entities,
temporal, timex, aliases, dates), untimed; then times, with ``time.perf_counter()``, the ``quotes`` stage
over every article, then the ``events`` stage over the story (first call: it loads the parser it needs;
that load is inside the time). Articles per second = all articles / the sum of the stage's seconds over the
topics. Peak memory is each child's ``getrusage`` max RSS (the whole process: the story and the models);
the largest is reported. Counts of quotes (by kind) and events (by status) are reported beside the speed,
so a stage that finds nothing cannot look fast.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from storyline import api
from storyline.evaluate import tls
from storyline.pipeline import available_stages

before = ["clean", "dedupe", "sentences", "entities", "temporal", "timex", "aliases", "dates"]
cfg = api.build_config(stages=before)
story = api.run(api.read(tls.read_articles(Path(sys.argv[1])), cfg), cfg)
cfg = api.build_config()
stages = available_stages()
started = time.perf_counter()
docs = tuple(stages["quotes"].func(doc, cfg) for doc in story.docs)
quotes_s = time.perf_counter() - started
story = replace(story, docs=docs)
started = time.perf_counter()
story = stages["events"].func(story, cfg)
events_s = time.perf_counter() - started
print(json.dumps({"articles": len(docs), "words": sum(len(d.text.split()) for d in docs),
                  "quotes_s": round(quotes_s, 3), "events_s": round(events_s, 3),
                  "quotes": dict(Counter(q.kind for d in docs for q in d.quotes)),
                  "quotes_with_speaker": sum(q.speaker is not None for d in docs for q in d.quotes),
                  "events": dict(Counter(e.status for e in story.events)),
                  "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "timeline17")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--topics", nargs="*", default=None, help="Only these topic folders (a quick check).")
    args = parser.parse_args()
    topics = sorted(p for p in args.data.iterdir() if (p / "InputDocs").is_dir()
                    and (args.topics is None or p.name in args.topics))
    per_topic: dict[str, Any] = {}
    for topic in topics:
        done = subprocess.run([sys.executable, "-c", CHILD, str(topic)], capture_output=True, text=True, check=True)
        per_topic[topic.name] = figures = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{topic.name}: {figures['articles']} articles; quotes {figures['quotes_s']} s, events "
              f"{figures['events_s']} s; peak RSS {figures['rss_mb']} MB", flush=True)
    articles = sum(f["articles"] for f in per_topic.values())
    total: dict[str, Any] = {"articles": articles, "words": sum(f["words"] for f in per_topic.values())}
    for name in ("quotes", "events"):
        seconds = sum(f[f"{name}_s"] for f in per_topic.values())
        total[f"{name}_seconds"] = round(seconds, 1)
        total[f"{name}_articles_per_s"] = round(articles / seconds, 1) if seconds else None
    total["quotes_found"] = sum(sum(f["quotes"].values()) for f in per_topic.values())
    total["quotes_with_speaker"] = sum(f["quotes_with_speaker"] for f in per_topic.values())
    total["events_found"] = sum(sum(f["events"].values()) for f in per_topic.values())
    total["peak_rss_mb"] = max(f["rss_mb"] for f in per_topic.values())
    print(json.dumps(total))
    if args.json is not None:
        path = args.json if args.json.is_absolute() else ROOT / args.json
        path.write_text(json.dumps({"command": " ".join(["python", "bench/bench_quotes_events.py", *sys.argv[1:]]),
                                    "total": total, "topics": per_topic}, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
