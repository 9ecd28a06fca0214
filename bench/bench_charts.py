"""What drawing report.html's charts with Altair / vl-convert costs (issue 17, "Charts"), before and after.

Run from the repository root:

    python bench/bench_charts.py [--seeds ../shared/seeds] [--before REV] [--runs 5] [--analyze-runs 3]

What is measured, exactly
-------------------------
1. ``html.render(story)`` of the seeds' Story, each run in a fresh Python process: ``cold`` is the first call
   (for the new code: importing altair and starting vl-convert's JavaScript engine included), ``warm`` the
   median of 3 more calls in the same process; wall (perf_counter) and CPU (process_time, all threads). The
   Story is analysed once and handed to every child as codec JSON, so the pipeline is not timed. ``before`` is
   the source of ``--before`` (git archive of its src/ into a temporary folder), ``after`` the working tree.
2. The whole ``storyline analyze <seeds> -o <tmp> --format html`` as a user runs it, ``--analyze-runs`` times
   each for before and after, alternating: wall and the children's CPU (user + sys, getrusage).
Each figure is the median over the runs. The machine is shared: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from storyline.codec import from_data
from storyline.model import Story
story = from_data(Story, json.loads(open(sys.argv[1]).read()))
def timed():
    wall, cpu = time.perf_counter(), time.process_time()
    from storyline.render import html
    html.render(story)
    return time.perf_counter() - wall, time.process_time() - cpu
cold = timed()
warm = [timed() for _ in range(3)]
print(json.dumps({"cold_wall": cold[0], "cold_cpu": cold[1],
                  "warm_wall": sorted(w for w, _ in warm)[1], "warm_cpu": sorted(c for _, c in warm)[1]}))
"""


def source_of(rev: str, into: Path) -> Path:
    """src/ of git revision ``rev`` unpacked under ``into``."""
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def story_json(seeds: Path, into: Path) -> Path:
    """The seeds' Story, analysed once by the working tree, as codec JSON."""
    from storyline import api
    from storyline.codec import to_data

    path = into / "story.codec.json"
    path.write_text(json.dumps(to_data(api.analyze([str(seeds)]))))
    return path


def render_runs(src: Path, story: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    results = [json.loads(subprocess.run([sys.executable, "-c", CHILD, str(story)], env=env, check=True,
                                         capture_output=True, text=True).stdout) for _ in range(runs)]
    return {key: round(statistics.median(r[key] for r in results), 3) for key in results[0]}


def analyze_once(src: Path, seeds: Path, out: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "storyline.cli", "analyze", str(seeds), "-o", str(out), "--format", "html"],
                   env=env, check=True, capture_output=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="../shared/seeds")
    parser.add_argument("--before", default="5829931")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--analyze-runs", type=int, default=3)
    args = parser.parse_args()
    seeds = (ROOT / args.seeds).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"before": source_of(args.before, Path(tmp) / "before"), "after": ROOT / "src"}
        story = story_json(seeds, Path(tmp))
        report: dict[str, object] = {"load_average": os.getloadavg()}
        for name, src in sources.items():
            report[f"render_{name}"] = render_runs(src, story, args.runs)
        walls: dict[str, list[tuple[float, float]]] = {name: [] for name in sources}
        for _ in range(args.analyze_runs):
            for name, src in sources.items():
                walls[name].append(analyze_once(src, seeds, Path(tmp) / name))
        for name, runs in walls.items():
            report[f"analyze_{name}"] = {"wall": round(statistics.median(w for w, _ in runs), 2),
                                         "cpu": round(statistics.median(c for _, c in runs), 2)}
        report["load_average_end"] = os.getloadavg()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
