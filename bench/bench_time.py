"""Benchmarks for the time issue: wall time and peak memory of the evaluations and of the seeds.

    python bench/bench_time.py [--data ../shared/data] [--seeds ../shared/seeds] [--runs 3]
                               [--skip tls,timex,pubdate,seeds] [--json bench/results_time.json]

With --skip and an existing --json file, the skipped measures keep their earlier figures (listed under
"kept_from_earlier_run"); every measure records the commit it ran at.

Each measure runs the installed console script as a new process under ``/usr/bin/time -v``:

tls        ``storyline eval tls <data>/timeline17 --json <tmp>``: the 11 timelines with the standard
           protocol (all articles of each topic through the default stages up to the timeline). Run once.
           Target: under 15 minutes on this machine.
timex      ``storyline eval timex <data>/temporal/TempEval3/Training/TBAQ-cleaned --json <tmp>``.
pubdate    ``storyline eval pubdate <data>/timeline17 --json <tmp>`` (dates hidden).
seeds      ``storyline analyze <seeds> -o <tmp> -q`` (every stage, all reports), ``--runs`` times.

Reported for each: wall seconds (median over runs, with min and max), the largest process's peak
RSS (GNU time's "Maximum resident set size"), and the figures the evaluation wrote.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TLS_TARGET_S = 15 * 60


def storyline_command() -> str:
    exe = Path(sys.executable).parent / "storyline"
    if not exe.exists():
        sys.exit(f"No storyline console script beside {sys.executable}; run `make test` or `pip install -e .` first.")
    return str(exe)


def timed(args: list[str]) -> dict[str, Any]:
    """Run ``args`` under /usr/bin/time -v; wall seconds and peak RSS (MB) of the largest process."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed with exit code {done.returncode}:\n{done.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {"wall_s": round(wall, 2), "max_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None}


def evaluation(kind: str, folder: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        result = timed([storyline_command(), "eval", kind, str(folder), "--json", str(out)])
        result["figures"] = json.loads(out.read_text())
    result["figures"].pop("per_timeline", None)
    result["figures"].pop("per_topic", None)
    return result


def seeds(folder: Path, runs: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(timed([storyline_command(), "analyze", str(folder), "-o", tmp, "-q"]))
    walls = [r["wall_s"] for r in results]
    return {"runs": runs, "median_wall_s": statistics.median(walls), "min_wall_s": min(walls),
            "max_wall_s": max(walls), "max_rss_mb": max(r["max_rss_mb"] or 0 for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated: tls, timex, pubdate, seeds")
    parser.add_argument("--json", type=Path, help="write the results here (relative to the repository root)")
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("GNU time (/usr/bin/time) is needed: apt-get install time")
    skip = set(filter(None, args.skip.split(",")))
    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": git.stdout.strip()}
    if "seeds" not in skip:
        results["seeds"] = {**seeds(args.seeds, args.runs), "commit": results["commit"]}
        print(f"seeds: median {results['seeds']['median_wall_s']} s, peak RSS {results['seeds']['max_rss_mb']} MB")
    for kind, folder in (("timex", args.data / "temporal" / "TempEval3" / "Training" / "TBAQ-cleaned"),
                         ("pubdate", args.data / "timeline17"), ("tls", args.data / "timeline17")):
        if kind in skip:
            continue
        results[kind] = {**evaluation(kind, folder), "commit": results["commit"]}
        wall = results[kind]["wall_s"]
        verdict = "met" if wall < TLS_TARGET_S else "NOT MET"
        note = f" (target {TLS_TARGET_S // 60} min: {verdict})" if kind == "tls" else ""
        print(f"eval {kind}: {wall} s, peak RSS {results[kind]['max_rss_mb']} MB{note}")
    if args.json:
        path = args.json if args.json.is_absolute() else ROOT / args.json
        if path.exists() and skip:  # keep the earlier figures of the measures skipped this time
            earlier = json.loads(path.read_text())
            results = {**{k: v for k, v in earlier.items() if k in skip}, **results}
            results["kept_from_earlier_run"] = sorted(skip & earlier.keys())
        path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
