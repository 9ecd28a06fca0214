"""Benchmarks for the foundation issue: seeds cold, seeds warm, timeline17 throughput.

Run from anywhere (relative paths, --json included, are resolved against the repository root, the
parent of bench/):

    python bench/bench_analyze.py [--data ../shared/data/timeline17] [--seeds ../shared/seeds]
                                  [--runs 5] [--limit N] [--json FILE] [--skip cold,warm,throughput]
    python bench/bench_analyze.py --profile 100      # cProfile of the throughput workload, 1 process

What is measured, exactly
-------------------------
seeds cold
    ``storyline analyze <seeds> -o <fresh tmpdir> -q`` (the console script installed beside the Python
    running this script) as a new subprocess under ``/usr/bin/time -v``, ``--runs`` times. Every stage in
    defaults.toml runs and json, md and html reports are written. Wall seconds are taken with
    ``time.perf_counter()`` around the subprocess (process start, imports, model load, analysis,
    report writing, exit); max RSS is GNU time's "Maximum resident set size", i.e. the largest single
    process. Reported: median wall s, min and max wall s, median max RSS (MB = 2**20 bytes).

seeds warm
    In one fresh child process: ``storyline.analyze(seeds)`` once (untimed except as "first call",
    which loads the models), then ``--runs`` more calls, each timed with ``perf_counter()``. Default
    options (all stages; 5 articles so processes=0 picks 1 process). No reports are written. Reported:
    median s, min, max, and the first call's time.

timeline17 throughput
    One child process (under ``/usr/bin/time -v``) that lists ``<data>/*/InputDocs/*/*.htm.txt``
    sorted (first ``--limit`` files if given) and calls
    ``storyline.analyze(files, stages=("clean", "dedupe", "sentences", "entities"), processes=2)``.
    The timed span is that one call: reading the files, clean, dedupe, sentences, entities, including
    starting the worker processes and loading the models in them. Not timed: the child's imports of
    storyline. Run once (it is long); ``--throughput-runs`` repeats it.
    Reported: inputs (files given), articles analysed (``len(story.docs)``, after dedupe), duplicates
    merged, skipped, failures, wall s, inputs/s (files given / wall; the figure the 15 articles/s target
    is checked against), analysed/s, and words/s (words of the cleaned text of the analysed articles,
    ``len(doc.text.split())``, / wall).
    Memory, three ways: (1) GNU time's max RSS (largest single process of the tree: the child or any of
    its reaped workers); (2) inside the child, ``getrusage`` RUSAGE_SELF and RUSAGE_CHILDREN max RSS
    (main process; largest worker); (3) this script samples the whole process tree every 0.5 s from
    /proc and reports the peak of the summed RSS and of the summed PSS (PSS splits pages shared after
    fork, so it is the honest "memory the run occupies"; summed RSS double-counts them).
    Also: the child's CPU seconds (user+sys, GNU time, workers included) per input file, a figure the
    other load on a shared machine disturbs far less than wall time; nproc / that is the rate an idle
    machine could reach at best. The 1-minute load average is recorded before each run, the CPU
    seconds used by other processes during it (from /proc/stat, minus the child's own), and the time
    of a fixed pure-Python loop before and after it (the virtual CPUs' speed varies from run to run).

``--commit REV`` benchmarks src/ as committed at REV (a ``git archive`` in a temporary folder, first
on PYTHONPATH for this script and every child), so edits made to the working tree meanwhile do not
leak into the figures. Every result also records the git commit, whether src/ was dirty, and whether any file under src/
changed during the benchmark (then the runs measured different code, and a warning is printed).

--phases
    One throughput run (processes=2, ``--limit`` honoured) with the wall time of each phase: reading
    (main process), each worker pool (clean; sentences+entities) and each story stage (dedupe, main
    process). It wraps private pipeline helpers, so it may need updating when those change.

--profile N
    Runs the throughput workload over the first N files in this process under cProfile with
    processes=1 (worker processes are invisible to cProfile) and prints the per-stage cumulative times
    and the top functions by cumulative and by own time.

Only the standard library and storyline are used. The machine may be shared: medians are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("clean", "dedupe", "sentences", "entities")
PATTERN = "*/InputDocs/*/*.htm.txt"
TIME = "/usr/bin/time"
MB = 2**20

# Targets of the foundation issue.
TARGET_COLD_S = 10.0
TARGET_WARM_S = 2.0
TARGET_RATE = 15.0


def resolve(path: str) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p).resolve()


def data_files(data: Path, limit: int | None) -> list[Path]:
    files = sorted(data.glob(PATTERN))
    return files[:limit] if limit else files


def storyline_exe() -> str:
    beside = Path(sys.executable).parent / "storyline"
    if beside.exists():
        return str(beside)
    found = shutil.which("storyline")
    if not found:
        sys.exit("cannot find the `storyline` console script beside this Python or on PATH")
    return found


# --- GNU time and the process tree -------------------------------------------------------------

def parse_gnu_time(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            out["max_rss_mb"] = int(line.rsplit(":", 1)[1]) * 1024 / MB
        elif line.startswith("Elapsed (wall clock) time"):
            clock = line.split("):", 1)[1].strip().split(":")
            out["time_wall_s"] = sum(float(x) * 60**i for i, x in enumerate(reversed(clock)))
        elif line.startswith("User time (seconds):"):
            out["user_s"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("System time (seconds):"):
            out["sys_s"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("Percent of CPU this job got:"):
            out["cpu_percent"] = float(line.rsplit(":", 1)[1].strip().rstrip("%") or 0)
    return out


def split_time_output(stderr: str) -> tuple[str, str]:
    """(the command's own stderr, GNU time's report)."""
    marker = "\tCommand being timed:"
    i = stderr.rfind(marker)
    return (stderr, "") if i < 0 else (stderr[:i], stderr[i:])


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return pids


def _mem_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak summed RSS and PSS of a process and all its descendants, sampled every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = self.peak_procs = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = _tree(self.pid)
            mems = [_mem_kb(p) for p in pids]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(m[0] for m in mems))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(m[1] for m in mems))
            self.peak_procs = max(self.peak_procs, sum(1 for m in mems if m[0]))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def calibrate() -> float:
    """Milliseconds for a fixed pure-Python loop (best of 3): how fast this machine's CPU is right now.
    On a shared virtual machine the same work can take 30 % more CPU time from one run to the next."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def cpu_ticks() -> tuple[int, int]:
    """(busy, steal) clock ticks of all CPUs since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    return user + nice + system + irq + softirq + steal, steal


def run_timed(cmd: list[str], *, sample: bool = False) -> dict[str, Any]:
    """Run ``cmd`` under /usr/bin/time -v; wall from perf_counter, the rest from GNU time. Also the
    CPU seconds the whole machine was busy meanwhile, so the share taken by other work is known."""
    use_time = os.access(TIME, os.X_OK)
    full = [TIME, "-v", *cmd] if use_time else cmd
    busy0, steal0 = cpu_ticks()
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    busy1, steal1 = cpu_ticks()
    if sampler:
        sampler.stop()
    own_err, report = split_time_output(stderr) if use_time else (stderr, "")
    result: dict[str, Any] = {"wall_s": wall, "returncode": proc.returncode, "stdout": stdout,
                              "stderr": own_err, **parse_gnu_time(report)}
    tick = os.sysconf("SC_CLK_TCK")
    result["machine_busy_s"] = (busy1 - busy0) / tick
    result["steal_s"] = (steal1 - steal0) / tick
    result["other_cpu_s"] = max(0.0, result["machine_busy_s"] - result.get("user_s", 0) - result.get("sys_s", 0))
    if sampler:
        result["tree_peak_rss_mb"] = sampler.peak_rss_kb * 1024 / MB
        result["tree_peak_pss_mb"] = sampler.peak_pss_kb * 1024 / MB
        result["tree_peak_processes"] = sampler.peak_procs
    return result


def child_json(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError("the child printed no BENCH_JSON line")


def fail(what: str, result: dict[str, Any]) -> None:
    sys.exit(f"{what} failed (exit {result['returncode']}):\n{result['stderr'][-4000:]}")


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def source_state() -> dict[str, Any]:
    """The commit, whether src/ has uncommitted changes, and the newest mtime under src/: another
    person editing src/ during a run makes its figures belong to no single version."""
    snapshot = os.environ.get("BENCH_SNAPSHOT")
    if snapshot:
        commit, path = snapshot.split("=", 1)
        return {"commit": commit, "src_dirty": False, "snapshot": path,
                "src_newest_mtime": max(p.stat().st_mtime for p in Path(path).rglob("*.py"))}
    src = ROOT / "src"
    mtimes = [p.stat().st_mtime for p in src.rglob("*.py")] if src.exists() else [0.0]
    return {"commit": git("rev-parse", "--short", "HEAD"), "src_dirty": bool(git("status", "--porcelain", "src")),
            "src_newest_mtime": max(mtimes)}


# --- the three measurements --------------------------------------------------------------------

def bench_cold(seeds: Path, runs: int) -> dict[str, Any]:
    exe = storyline_exe()
    walls: list[float] = []
    rss: list[float] = []
    loads: list[float] = []
    others: list[float] = []
    for i in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-cold-") as out:
            r = run_timed([exe, "analyze", str(seeds), "-o", out, "-q"])
        if r["returncode"] != 0:
            fail("seeds cold", r)
        walls.append(r["wall_s"])
        loads.append(os.getloadavg()[0])
        others.append(r["other_cpu_s"])
        rss.append(r.get("max_rss_mb", float("nan")))
        print(f"  cold run {i + 1}/{runs}: {r['wall_s']:.2f} s, max RSS {rss[-1]:.0f} MB, "
              f"other processes used {others[-1]:.1f} CPU s meanwhile", file=sys.stderr)
    return {"runs": runs, "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
            "median_max_rss_mb": statistics.median(rss), "walls_s": walls, "max_rss_mb": rss, "load1_after": loads,
            "other_cpu_s": others,
            "command": f"{exe} analyze {seeds} -o <tmpdir> -q"}


def bench_warm(seeds: Path, runs: int) -> dict[str, Any]:
    r = run_timed([sys.executable, __file__, "--_child", "warm", "--seeds", str(seeds), "--runs", str(runs)])
    if r["returncode"] != 0:
        fail("seeds warm", r)
    out = child_json(r["stdout"])
    times = out["times_s"]
    return {"runs": runs, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "first_call_s": out["first_call_s"], "times_s": times, "articles": out["articles"],
            "skipped": out["skipped"], "max_rss_mb": r.get("max_rss_mb"), "module": out["module"]}


def bench_throughput(data: Path, limit: int | None, runs: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--_child", "throughput", "--data", str(data)]
    if limit:
        cmd += ["--limit", str(limit)]
    results = []
    for i in range(runs):
        load1 = os.getloadavg()[0]
        calib0 = calibrate()
        r = run_timed(cmd, sample=True)
        calib1 = calibrate()
        if r["returncode"] != 0:
            fail("timeline17 throughput", r)
        out = child_json(r["stdout"])
        out.update({
            "process_wall_s": r["wall_s"], "time_max_rss_mb": r.get("max_rss_mb"),
            "user_s": r.get("user_s"), "sys_s": r.get("sys_s"), "cpu_percent": r.get("cpu_percent"),
            "tree_peak_rss_mb": r["tree_peak_rss_mb"], "tree_peak_pss_mb": r["tree_peak_pss_mb"],
            "tree_peak_processes": r["tree_peak_processes"], "load1_at_start": load1,
            "other_cpu_s": r["other_cpu_s"], "steal_s": r["steal_s"],
            "calibration_ms_before": calib0, "calibration_ms_after": calib1,
            "cpu_s_per_input": ((r.get("user_s") or 0) + (r.get("sys_s") or 0)) / out["inputs"],
        })
        print(f"  throughput run {i + 1}/{runs}: {out['inputs']} files in {out['wall_s']:.1f} s "
              f"= {out['inputs_per_s']:.1f}/s; other processes used {out['other_cpu_s']:.0f} CPU s meanwhile; "
              f"{out['cpu_s_per_input']:.3f} CPU s/input; calibration loop {calib0:.0f} -> {calib1:.0f} ms",
              file=sys.stderr)
        results.append(out)
    med = statistics.median
    summary = {k: results[0][k] for k in ("inputs", "analysed", "duplicates_merged", "skipped", "failures",
                                           "words", "stages", "processes", "skipped_reasons")}
    for key in ("wall_s", "inputs_per_s", "analysed_per_s", "words_per_s", "process_wall_s",
                "time_max_rss_mb", "self_max_rss_mb", "children_max_rss_mb", "tree_peak_rss_mb",
                "tree_peak_pss_mb", "user_s", "sys_s", "cpu_percent", "cpu_s_per_input", "other_cpu_s",
                "steal_s"):
        values = [r[key] for r in results if r.get(key) is not None]
        summary[key] = med(values) if values else None
    summary["tree_peak_processes"] = max(r["tree_peak_processes"] for r in results)
    summary["runs"] = runs
    summary["per_run"] = [{k: v for k, v in r.items() if k != "skipped_reasons"} for r in results]
    return summary


# --- children ----------------------------------------------------------------------------------

def child_warm(seeds: Path, runs: int) -> None:
    import storyline

    t0 = time.perf_counter()
    story = storyline.analyze(seeds)
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        story = storyline.analyze(seeds)
        times.append(time.perf_counter() - t0)
    print("BENCH_JSON " + json.dumps({"first_call_s": first, "times_s": times, "articles": len(story.docs),
                                      "skipped": len(story.skipped), "module": storyline.__file__}))


def child_throughput(data: Path, limit: int | None) -> None:
    import resource

    import storyline

    files = data_files(data, limit)
    if not files:
        sys.exit(f"no files match {data}/{PATTERN}")
    t0 = time.perf_counter()
    story = storyline.analyze(files, stages=STAGES, processes=2)
    wall = time.perf_counter() - t0
    words = sum(len(doc.text.split()) for doc in story.docs)
    self_ru = resource.getrusage(resource.RUSAGE_SELF)
    kids_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    reasons: dict[str, int] = {}
    for s in story.skipped:
        key = s.reason.split(";")[0].split(":")[0][:80]
        reasons[key] = reasons.get(key, 0) + 1
    print("BENCH_JSON " + json.dumps({
        "inputs": len(files), "analysed": len(story.docs),
        "duplicates_merged": sum(max(0, len(d.sources) - 1) for d in story.docs),
        "skipped": len(story.skipped), "failures": len(story.failures),
        "failure_examples": [f"{f.article_id} {f.stage}: {f.error}"[:200] for f in story.failures[:5]],
        "skipped_reasons": reasons, "words": words, "wall_s": wall,
        "inputs_per_s": len(files) / wall, "analysed_per_s": len(story.docs) / wall, "words_per_s": words / wall,
        "self_max_rss_mb": self_ru.ru_maxrss * 1024 / MB, "children_max_rss_mb": kids_ru.ru_maxrss * 1024 / MB,
        "children_cpu_s": kids_ru.ru_utime + kids_ru.ru_stime, "self_cpu_s": self_ru.ru_utime + self_ru.ru_stime,
        "stages": list(STAGES), "processes": 2,
    }))


def profile(data: Path, n: int, top: int) -> None:
    import cProfile
    import io
    import pstats

    import storyline

    files = data_files(data, n)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    story = storyline.analyze(files, stages=STAGES, processes=1)
    prof.disable()
    wall = time.perf_counter() - t0
    print(f"cProfile: {len(files)} files, stages={','.join(STAGES)}, processes=1: {wall:.1f} s wall "
          f"({len(files) / wall:.1f} files/s under the profiler), {len(story.docs)} analysed, "
          f"{len(story.skipped)} skipped\n")
    stats = pstats.Stats(prof)
    # Per stage: the registered stage functions' cumulative time.
    from storyline.pipeline import available_stages

    funcs = {(info.func.__code__.co_filename, info.func.__code__.co_firstlineno, info.func.__name__): name
             for name, info in available_stages().items() if name in STAGES}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())  # total own time
    print("per stage (cumulative s, share of profiled time):")
    for key, name in funcs.items():
        if key in raw:
            cum = raw[key][3]
            print(f"  {name:10s} {cum:7.2f} s  {100 * cum / total:5.1f} %   ({raw[key][1]} calls)")
    for order in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        print(f"\ntop {top} by {order}:")
        print(buf.getvalue().strip())


def phases(data: Path, limit: int | None) -> None:
    """Wall time of each phase of one throughput run (processes=2), by wrapping the pipeline's private
    helpers (api.read, pipeline._map_docs, pipeline._call_story_stage); if those are renamed this
    says so and stops."""
    import storyline
    from storyline import api, pipeline

    spans: list[tuple[str, float]] = []

    def timed(mod: Any, name: str, label: Any, consume: bool = False) -> None:
        func = getattr(mod, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            out = func(*a, **k)
            if consume:  # a generator: the work happens while it is consumed
                out = list(out)
            spans.append((label(a), time.perf_counter() - t0))
            return iter(out) if consume else out

        setattr(mod, name, wrapper)

    try:
        timed(api, "read", lambda a: "read (main process)")
        timed(pipeline, "_map_docs", lambda a: "worker pool: " + "+".join(i.name for i in a[0]), consume=True)
        timed(pipeline, "_call_story_stage", lambda a: "main process: " + a[0].name)
    except AttributeError as e:
        sys.exit(f"--phases relies on storyline internals that changed: {e}")
    files = data_files(data, limit)
    t0 = time.perf_counter()
    storyline.analyze(files, stages=STAGES, processes=2)
    wall = time.perf_counter() - t0
    print(f"phases of one run: {len(files)} files, stages={','.join(STAGES)}, processes=2")
    for label, secs in spans:
        print(f"  {label:38s} {secs:7.1f} s  {100 * secs / wall:5.1f} %")
    print(f"  {'total analyze()':38s} {wall:7.1f} s  ({len(files) / wall:.1f} files/s; "
          f"unaccounted {wall - sum(s for _, s in spans):.1f} s)")


# --- report ------------------------------------------------------------------------------------

def met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def table(res: dict[str, Any]) -> str:
    rows = [("measure", "median", "runs", "detail", "target", "")]
    if "cold" in res:
        c = res["cold"]
        rows.append(("seeds cold (wall)", f"{c['median_s']:.2f} s", str(c["runs"]),
                     f"min {c['min_s']:.2f}, max {c['max_s']:.2f}", f"< {TARGET_COLD_S:g} s",
                     met(c["median_s"] < TARGET_COLD_S)))
        rows.append(("seeds cold (max RSS)", f"{c['median_max_rss_mb']:.0f} MB", str(c["runs"]), "", "-", ""))
    if "warm" in res:
        w = res["warm"]
        rows.append(("seeds warm", f"{w['median_s']:.3f} s", str(w["runs"]),
                     f"min {w['min_s']:.3f}, max {w['max_s']:.3f}; first call {w['first_call_s']:.2f} s",
                     f"< {TARGET_WARM_S:g} s", met(w["median_s"] < TARGET_WARM_S)))
    if "throughput" in res:
        t = res["throughput"]
        n = str(t["runs"])
        rows += [
            ("timeline17 inputs/s", f"{t['inputs_per_s']:.1f} /s", n,
             f"{t['inputs']} files in {t['wall_s']:.1f} s", f">= {TARGET_RATE:g} /s",
             met(t["inputs_per_s"] >= TARGET_RATE)),
            ("timeline17 analysed/s", f"{t['analysed_per_s']:.1f} /s", n,
             f"{t['analysed']} analysed, {t['duplicates_merged']} dup merged, {t['skipped']} skipped, "
             f"{t['failures']} failures", "", ""),
            ("timeline17 words/s", f"{t['words_per_s']:.0f} /s", n, f"{t['words']} cleaned words", "", ""),
            ("peak RSS, largest process", f"{t['time_max_rss_mb']:.0f} MB", n, "/usr/bin/time -v", "report", ""),
            ("peak RSS, main / worker", f"{t['self_max_rss_mb']:.0f} / {t['children_max_rss_mb']:.0f} MB", n,
             "getrusage SELF / CHILDREN", "", ""),
            ("peak tree RSS sum / PSS sum", f"{t['tree_peak_rss_mb']:.0f} / {t['tree_peak_pss_mb']:.0f} MB", n,
             f"/proc every 0.5 s, up to {t['tree_peak_processes']} processes", "", ""),
            ("CPU (user+sys) / wall", f"{(t['user_s'] or 0) + (t['sys_s'] or 0):.0f} s / {t['process_wall_s']:.0f} s",
             n, f"{t['cpu_percent']:.0f} % CPU, whole child process", "", ""),
            ("CPU used by other processes", f"{t['other_cpu_s']:.0f} s", n,
             f"of {(os.cpu_count() or 1) * t['process_wall_s']:.0f} CPU s available during the run; steal "
             f"{t['steal_s']:.0f} s", "", ""),
            ("CPU s per input", f"{t['cpu_s_per_input']:.3f} s", n,
             f"=> at most {(os.cpu_count() or 1) / t['cpu_s_per_input']:.1f} /s on {os.cpu_count()} idle cores",
             "", ""),
        ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_on_snapshot(rev: str) -> int:
    """Re-run this script with src/ at ``rev`` first on PYTHONPATH (the editable install's .pth entry
    comes after PYTHONPATH, so the snapshot wins, in every child process too)."""
    commit = git("rev-parse", "--short", rev)
    if not commit:
        sys.exit(f"--commit: git cannot resolve {rev!r}")
    with tempfile.TemporaryDirectory(prefix=f"bench-src-{commit}-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        src = Path(tmp) / "src"
        env = {**os.environ, "BENCH_SNAPSHOT": f"{commit}={src / 'storyline'}",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
        print(f"benchmarking src/ at commit {commit} from {src}", file=sys.stderr)
        return subprocess.run([sys.executable, *sys.argv], env=env).returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                 epilog="See the module docstring for exactly what is measured.")
    ap.add_argument("--data", default="../shared/data/timeline17", help="timeline17 folder (default: %(default)s)")
    ap.add_argument("--seeds", default="../shared/seeds", help="seed articles folder (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=5, help="runs for seeds cold and warm (default: %(default)s)")
    ap.add_argument("--throughput-runs", type=int, default=1, help="timeline17 runs (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N timeline17 files (sorted)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: cold, warm, throughput")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--profile", type=int, metavar="N", default=None,
                    help="instead: cProfile the throughput workload over the first N files, 1 process")
    ap.add_argument("--phases", action="store_true",
                    help="instead: wall time of each pipeline phase (read, worker pools, story stages), one run")
    ap.add_argument("--top", type=int, default=15, help="lines of profile output (default: %(default)s)")
    ap.add_argument("--commit", default=None, metavar="REV",
                    help="benchmark src/ as committed at REV (git archive into a temporary folder put first on "
                         "PYTHONPATH), not the working tree, which someone may be editing")
    ap.add_argument("--_child", choices=["warm", "throughput"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    data, seeds = resolve(args.data), resolve(args.seeds)
    if args.commit and not os.environ.get("BENCH_SNAPSHOT"):
        sys.exit(run_on_snapshot(args.commit))

    if args._child == "warm":
        return child_warm(seeds, args.runs)
    if args._child == "throughput":
        return child_throughput(data, args.limit)
    if args.profile:
        return profile(data, args.profile, args.top)
    if args.phases:
        return phases(data, args.limit)

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    res: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"), "nproc": os.cpu_count(),
        "python": platform.python_version(), "platform": platform.platform(),
        "loadavg_start": os.getloadavg(), "argv": sys.argv, "data": str(data), "seeds": str(seeds),
        "source_start": source_state(),
    }
    if "cold" not in skip:
        print(f"seeds cold: {args.runs} runs of `storyline analyze {seeds} -o <tmpdir> -q` ...", file=sys.stderr)
        res["cold"] = bench_cold(seeds, args.runs)
    if "warm" not in skip:
        print(f"seeds warm: 1 + {args.runs} calls of storyline.analyze(seeds) in one process ...", file=sys.stderr)
        res["warm"] = bench_warm(seeds, args.runs)
    if "throughput" not in skip:
        n = len(data_files(data, args.limit))
        print(f"timeline17: {n} files, stages={','.join(STAGES)}, processes=2 ...", file=sys.stderr)
        res["throughput"] = bench_throughput(data, args.limit, args.throughput_runs)
    res["loadavg_end"] = os.getloadavg()
    res["source_end"] = end = source_state()
    start = res["source_start"]
    res["source_changed_during_run"] = changed = (start["commit"] != end["commit"]
                                                  or start["src_newest_mtime"] != end["src_newest_mtime"])
    print(f"\nstoryline benchmarks  {res['date']}  nproc={res['nproc']}  Python {res['python']}  "
          f"commit {start['commit']}{' (src dirty)' if start['src_dirty'] else ''}  "
          f"load avg (1 min) at start {res['loadavg_start'][0]:.2f}, at end {res['loadavg_end'][0]:.2f}")
    if changed:
        print("WARNING: src/ changed while the benchmark ran; runs measured different code.")
    print(table(res))
    if "throughput" in res and res["throughput"]["skipped_reasons"]:
        print("\nskipped (timeline17), by reason:")
        for reason, count in sorted(res["throughput"]["skipped_reasons"].items(), key=lambda kv: -kv[1]):
            print(f"  {count:5d}  {reason}")
    if args.json:
        args.json = resolve(str(args.json))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
