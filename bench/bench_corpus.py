"""Corpus mode (issue 14): speed and memory of ``storyline corpus add``, and ``corpus show`` of a story of ~50 articles.

Run from anywhere (relative paths are resolved against the repository root, the parent of bench/):

    python bench/bench_corpus.py [--data ../shared/data/timeline17] [--sizes 1000,10000] [--extra 1000]
                                 [--grow-to N --step 1000 --until HH:MM] [--resume]
                                 [--workers 2] [--work DIR] [--keep] [--json bench/results_corpus.json]

The issue's targets: on 2 cores at least 10 articles/s sustained for Timeline17-length articles (mean 1,174
words); at 1k, 10k and 100k articles the throughput, peak memory (under 4 GB at 100k), store size and the
scaling exponent b of wall time = a * N^b (at most 1.1); ``corpus show`` of a 50-article story under 2 s once built.

The articles
------------
Real: the 2,602 Timeline17 files ``<data>/<topic>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt``, one sentence a line,
as JSONL records ``{"id": "<topic>-<date>-<n>", "title": null, "text": <the file's lines joined by newlines>,
"published": "<date of the folder>"}`` (Timeline17 has no headlines; ingest detokenizes the text).
Varied copies, only for a size over 2,602: a real article of at least 4 sentences is drawn at random (the
"base"); the copy keeps a random half of the base's sentences (rounded down) and fills up to the base's word count
with sentences drawn at random from other articles of the same topic (Timeline17 folder), all shuffled; id
``<base id>~v<k>``, the base's date. No copy holds more than about half of any one article's word 5-grams, so
the near-duplicate check (containment >= 0.8) keeps it as a new article: the volume is analysed, not dropped.
A size <= 2,602 is a random sample of real articles only (so the 1k figures, stories and copies found, are on
real text); a larger size is every real article plus copies. Each set is sorted by date (the order a stream
brings them; ties in random order), written as JSONL parts of at most 4 MB (ingest.max_bytes is 5 MB) in a
folder under ``--work`` (default: a new temporary folder outside the repository, removed unless ``--keep``).
Random choices use ``--seed``.

What is measured, exactly
-------------------------
startup
    ``corpus add`` of 16 real articles into a fresh store: process start, imports, model loads in the main
    process and the workers, store creation. Subtracted from the wall times below for the "sustained" rate.
add N (each of --sizes)
    ``/usr/bin/time -v <this python> -m storyline.cli corpus add <folder> --store <fresh file> --workers W
    --quiet`` with ``PYTHONPATH=<repo>/src``, once. Wall seconds by ``perf_counter`` around the subprocess
    (everything: reading the JSONL, preparing in W worker processes, dedupe, clustering, DuckDB writes).
    Reported: articles/s = inputs / wall; sustained articles/s = inputs / (wall - startup wall); CPU seconds
    (user+sys of the tree, GNU time) per article; memory three ways: GNU time's maximum resident set size (the
    largest single process, main or a worker), and this script's samples of the whole process tree every 0.5 s
    from /proc: peak summed RSS (counts pages shared after fork more than once) and peak summed PSS (shares
    them out: what the run occupies); store size = the DuckDB file plus its .wal, after the process ended;
    counts read from the store (articles, copies, skipped, stories, the largest story).
grow (--grow-to N)
    One fresh store grown ``--step`` articles at a time, one ``corpus add`` (measured as above) per step, up to N
    or until the UTC time ``--until`` (no step starts after it): every real article plus copies up to N, in random
    order, each step sorted by date. Each step's CPU seconds and wall time say what adding costs with a store of
    that size (its state loaded at each start included); the cumulative CPU and wall give the scaling exponent.
    CPU seconds (user+sys, workers included) are the load-robust figure on a shared machine: other jobs stretch
    the wall time far more than the CPU time. This is how the figures of a busy machine were taken.
incremental
    ``--extra`` more copies (new variants, not in the largest set) added to the largest size's store, measured
    as above: the rate with a big store already there (loading its state included).
scaling exponent
    Least squares of log(time) on log(N): over the fresh sizes run (wall, wall minus startup, CPU; two sizes:
    the line through both points) and over the grow steps (cumulative wall and cumulative CPU against the store
    size). Sizes not run (100k by default: ~3 hours at 10/s) are extrapolated from the fit, time as a * N^b, peak
    PSS and store size linearly from the two largest sizes, and labelled "extrapolated".
show
    On the largest store (the grown one if any, else the largest fresh one after the incremental add), the
    story of ``corpus stories --json`` whose article count is closest to 50. The store is copied twice so each
    way starts from the same state. Subprocess: ``corpus show <id> --store <copy 1> -o <tmp>`` (json, md,
    html), first (builds the briefing: the pipeline over the story's articles) and second (the kept briefing),
    each wall time by ``perf_counter`` and CPU seconds (``_cpu``, GNU time). In-process (this script):
    ``Corpus(<copy 2>)`` opened (timed apart), then ``.show(id)`` twice, each timed, with the CPU seconds of
    this process and its reaped children (getrusage).

``--resume`` keeps the startup and fresh-size results already in the --json file when they were measured
with the same src/storyline/corpus/*.py (sha256 recorded), and runs the rest. The machine may be shared: the
1-minute load and the CPU seconds other processes used during each run are recorded, with a fixed
pure-Python loop's time before and after (bench_analyze.calibrate).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_analyze import MB, ROOT, calibrate, resolve, run_timed, source_state

PART_BYTES = 4_000_000
STARTUP_ARTICLES = 16
SHOW_TARGET = 50
MIN_BASE_LINES = 4
Record = dict[str, Any]


# --- the articles ------------------------------------------------------------------------------

def load_real(data: Path) -> list[Record]:
    records = []
    for path in sorted(data.glob("*/InputDocs/*/*.htm.txt")):
        topic, day = path.parts[-4], path.parts[-2]
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        lines = [line for line in lines if line]
        records.append({"id": f"{topic}-{day}-{path.name.split('.')[0]}", "topic": topic, "published": day,
                        "lines": lines})
    if not records:
        sys.exit(f"no Timeline17 files under {data}")
    return records


def make_copy(base: Record, donors: list[Record], k: int, rng: random.Random) -> Record:
    """Half the base's sentences, filled up to its word count from other articles of the topic, shuffled."""
    lines = rng.sample(base["lines"], len(base["lines"]) // 2)
    target = sum(len(line.split()) for line in base["lines"])
    words = sum(len(line.split()) for line in lines)
    others = [d for d in donors if d["id"] != base["id"] and d["lines"]]
    while words < target and others:
        line = rng.choice(rng.choice(others)["lines"])
        lines.append(line)
        words += len(line.split())
    rng.shuffle(lines)
    return {"id": f"{base['id']}~v{k}", "topic": base["topic"], "published": base["published"], "lines": lines}


def make_copies(real: list[Record], n: int, start: int, rng: random.Random) -> list[Record]:
    by_topic: dict[str, list[Record]] = {}
    for r in real:
        by_topic.setdefault(r["topic"], []).append(r)
    bases = [r for r in real if len(r["lines"]) >= MIN_BASE_LINES]
    return [make_copy(base, by_topic[base["topic"]], start + i, rng)
            for i, base in enumerate(rng.choice(bases) for _ in range(n))]


def dated(records: list[Record], rng: random.Random) -> list[Record]:
    records = list(records)
    rng.shuffle(records)
    return sorted(records, key=lambda r: r["published"])


def write_parts(records: list[Record], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    part, size, out = 0, 0, None
    for r in records:
        line = json.dumps({"id": r["id"], "title": None, "text": "\n".join(r["lines"]),
                           "published": r["published"]}) + "\n"
        if out is None or size + len(line.encode()) > PART_BYTES:
            if out is not None:
                out.close()
            part, size = part + 1, 0
            out = open(folder / f"part-{part:05d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        out.write(line)
        size += len(line.encode())
    if out is not None:
        out.close()
    return folder


def words(records: list[Record]) -> float:
    return sum(len(line.split()) for r in records for line in r["lines"]) / max(1, len(records))


# --- the runs ----------------------------------------------------------------------------------

def storyline_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", *args]


def store_stats(store: Path) -> dict[str, Any]:
    import duckdb

    db = duckdb.connect(str(store), read_only=True)
    try:
        def one(sql: str) -> Any:
            row = db.execute(sql).fetchone()
            return row[0] if row else None

        stats = {k: one(f"SELECT count(*) FROM {k}") for k in ("articles", "copies", "skipped", "stories")}
        stats["stored_inputs"] = one("SELECT count(*) FROM inputs")  # articles + copies, all adds so far
        stats["largest_story"] = one("SELECT max(articles) FROM stories")
        stats["stories_of_5_or_more"] = one("SELECT count(*) FROM stories WHERE articles >= 5")
    finally:
        db.close()
    wal = store.with_name(store.name + ".wal")
    stats["store_mb"] = (store.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / MB
    return stats


def add(folder: Path, store: Path, n: int, workers: int, label: str) -> dict[str, Any]:
    load1, calib0 = os.getloadavg()[0], calibrate()
    print(f"{label}: corpus add of {n} articles into {store.name} ...", file=sys.stderr, flush=True)
    r = run_timed(storyline_cmd("corpus", "add", str(folder), "--store", str(store), "--workers", str(workers),
                                "--quiet"), sample=True)
    if r["returncode"] not in (0, 1):
        sys.exit(f"{label} failed (exit {r['returncode']}):\n{r['stderr'][-4000:]}")
    cpu = (r.get("user_s") or 0) + (r.get("sys_s") or 0)
    out = {"inputs": n, "wall_s": r["wall_s"], "articles_per_s": n / r["wall_s"], "cpu_s": cpu,
           "cpu_s_per_article": cpu / n, "time_max_rss_mb": r.get("max_rss_mb"),
           "tree_peak_rss_mb": r["tree_peak_rss_mb"], "tree_peak_pss_mb": r["tree_peak_pss_mb"],
           "tree_peak_processes": r["tree_peak_processes"], "load1_at_start": load1,
           "other_cpu_s": r["other_cpu_s"], "calibration_ms_before": calib0, "calibration_ms_after": calibrate(),
           "returncode": r["returncode"], "stderr_tail": r["stderr"][-2000:], **store_stats(store)}
    print(f"  {out['wall_s']:.1f} s = {out['articles_per_s']:.2f} articles/s, {out['cpu_s_per_article']:.3f} CPU s "
          f"per article, peak PSS {out['tree_peak_pss_mb']:.0f} MB (GNU time max RSS {out['time_max_rss_mb']:.0f} MB), "
          f"store {out['store_mb']:.1f} MB; {out['articles']} articles, {out['copies']} copies, "
          f"{out['stories']} stories; other processes used {out['other_cpu_s']:.0f} CPU s meanwhile",
          file=sys.stderr, flush=True)
    return out


def fit(points: list[tuple[float, float]]) -> dict[str, float] | None:
    """(a, b) of y = a * x^b by least squares on logs."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    b = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    return {"a": math.exp(my - b * mx), "b": b, "points": len(pts)}


def cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children (user+sys)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def show(store: Path, work: Path) -> dict[str, Any]:
    listed = subprocess.run(storyline_cmd("corpus", "stories", "--store", str(store), "--json"),
                            capture_output=True, text=True, check=True)
    stories = json.loads(listed.stdout)
    story = min(stories, key=lambda s: (abs(s["articles"] - SHOW_TARGET), s["id"]))
    res: dict[str, Any] = {"story": story["id"], "articles": story["articles"], "label": story["label"]}
    sub, inproc = work / "show-sub.duckdb", work / "show-in.duckdb"
    shutil.copy(store, sub)
    shutil.copy(store, inproc)
    print(f"show: story {story['id']} ({story['articles']} articles) ...", file=sys.stderr, flush=True)
    for i in (1, 2):
        with tempfile.TemporaryDirectory(prefix="bench-show-") as out:
            r = run_timed(storyline_cmd("corpus", "show", story["id"], "--store", str(sub), "-o", out))
        if r["returncode"] != 0:
            sys.exit(f"corpus show failed:\n{r['stderr'][-4000:]}")
        name = "first" if i == 1 else "second"
        res[f"subprocess_{name}_s"] = r["wall_s"]
        res[f"subprocess_{name}_cpu"] = (r.get("user_s") or 0) + (r.get("sys_s") or 0)
        res[f"subprocess_{name}_max_rss_mb"] = r.get("max_rss_mb")
    from storyline.corpus.corpus import Corpus

    t0 = time.perf_counter()
    corpus = Corpus(inproc)
    res["inprocess_open_s"] = time.perf_counter() - t0
    try:
        for name in ("first", "second"):
            t0, c0 = time.perf_counter(), cpu_seconds()
            briefing = corpus.show(story["id"])
            res[f"inprocess_{name}_s"] = time.perf_counter() - t0
            res[f"inprocess_{name}_cpu"] = cpu_seconds() - c0
        res["briefing_docs"] = len(briefing.docs)
    finally:
        corpus.close()
    print("  " + ", ".join(f"{k} {v:.2f}" for k, v in res.items() if k.endswith(("_s", "_cpu"))), file=sys.stderr)
    return res


# --- main --------------------------------------------------------------------------------------

def code_state() -> dict[str, Any]:
    state = source_state()
    corpus = ROOT / "src" / "storyline" / "corpus"
    state["sha256"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
                       for p in sorted(corpus.glob("*.py"))}
    return state


def write(res: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(res, indent=1, default=str) + "\n")


def extrapolate(points: list[tuple[int, float]], pss: list[tuple[int, float]], store: list[tuple[int, float]],
                want: list[int], *, unit: str = "wall_s") -> dict[str, Any]:
    """Each size of ``want`` not among ``points``: time (``unit``) from the fitted power law, peak PSS and
    store size linearly from the two largest sizes measured."""
    out: dict[str, Any] = {}
    law = fit(points)
    if law is None or len(pss) < 2:
        return out
    (n1, m1), (n2, m2) = sorted(pss)[-2:]
    n_store, mb_store = max(store)
    for n in want:
        if n in {x for x, _ in points}:
            continue
        spent = law["a"] * n ** law["b"]
        out[str(n)] = {"extrapolated": True, unit: spent, f"articles_per_{unit}": n / spent,
                       "tree_peak_pss_mb": m2 + (m2 - m1) / (n2 - n1) * (n - n2), "store_mb": mb_store * n / n_store}
    return out


def grow(real: list[Record], args: argparse.Namespace, work: Path, res: dict[str, Any], out_path: Path,
         rng: random.Random) -> Path:
    """One store grown by --step articles per ``corpus add`` up to --grow-to (or until --until)."""
    pool = real + make_copies(real, max(0, args.grow_to - len(real)), 2_000_000, rng)
    rng.shuffle(pool)
    store = work / "store-grown.duckdb"
    steps: list[dict[str, Any]] = res.setdefault("grow", {"step": args.step, "steps": []})["steps"]
    for start in range(0, args.grow_to, args.step):
        if args.until and time.strftime("%H:%M", time.gmtime()) >= args.until:
            print(f"grow: stopped before step {len(steps) + 1}: past --until {args.until} UTC", file=sys.stderr)
            res["grow"]["stopped_by_until"] = args.until
            break
        records = dated(pool[start : start + args.step], rng)
        folder = write_parts(records, work / f"grow-{start + len(records)}")
        step = add(folder, store, len(records), args.workers, f"grow {start} -> {start + len(records)}")
        step.update({"before": start, "after": start + len(records), "real": sum("~" not in r["id"] for r in records)})
        steps.append(step)
        shutil.rmtree(folder, ignore_errors=True)
        write(res, out_path)
    return store


def scaling(res: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    startup = res["startup"]["wall_s"]
    fresh = sorted((int(n), r) for n, r in res["add"].items())
    if len(fresh) >= 2:
        out["fresh_fit_wall"] = fit([(n, r["wall_s"]) for n, r in fresh])
        out["fresh_fit_wall_minus_startup"] = fit([(n, r["wall_s"] - startup) for n, r in fresh])
        out["fresh_fit_cpu"] = fit([(n, r["cpu_s"]) for n, r in fresh])
    steps = res.get("grow", {}).get("steps", [])
    if len(steps) >= 2:
        walls = [sum(s["wall_s"] for s in steps[: i + 1]) for i in range(len(steps))]
        cpus = [sum(s["cpu_s"] for s in steps[: i + 1]) for i in range(len(steps))]
        sizes = [s["after"] for s in steps]
        out["grow_fit_cumulative_wall"] = fit(list(zip(sizes, walls, strict=True)))
        out["grow_fit_cumulative_cpu"] = fit(list(zip(sizes, cpus, strict=True)))
        out["grow_cpu_s_per_article_first_last"] = [steps[0]["cpu_s_per_article"], steps[-1]["cpu_s_per_article"]]
        out["extrapolated_from_grow_cpu"] = extrapolate(
            list(zip(sizes, cpus, strict=True)), [(s["after"], s["tree_peak_pss_mb"]) for s in steps],
            [(s["after"], s["store_mb"]) for s in steps], [10_000, 100_000], unit="cpu_s")
        out["extrapolated_from_grow_cpu"]["note"] = ("cpu_s: CPU seconds (user+sys, workers included) from the "
                                                     "cumulative-CPU fit; / 2 cores = the best wall on an idle machine")
    if len(fresh) >= 2:
        out["extrapolated_from_fresh_wall"] = extrapolate(
            [(n, r["wall_s"]) for n, r in fresh], [(n, r["tree_peak_pss_mb"]) for n, r in fresh],
            [(n, r["store_mb"]) for n, r in fresh], [1000, 10_000, 100_000])
    return out


def resumed(path: Path, state: dict[str, Any]) -> dict[str, Any]:
    """The startup and fresh-size results of an earlier run of the same corpus code, to keep."""
    if not path.exists():
        return {}
    old = json.loads(path.read_text())
    if old.get("source_start", {}).get("sha256") != state["sha256"]:
        sys.exit(f"--resume: {path} was measured with other corpus code (sha256 of src/storyline/corpus/*.py differ)")
    return {"startup": old["startup"], "add": old.get("add", {}), "resumed_from": old["date"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                 epilog="See the module docstring for exactly what is measured.")
    ap.add_argument("--data", default="../shared/data/timeline17", help="Timeline17 folder (default: %(default)s)")
    ap.add_argument("--sizes", default="1000,10000",
                    help="corpus sizes added each into a fresh store, comma-separated (default: %(default)s)")
    ap.add_argument("--extra", type=int, default=1000, help="articles added to the largest fresh store (0: skip)")
    ap.add_argument("--grow-to", type=int, default=0, help="also grow one store to this size, --step at a time")
    ap.add_argument("--step", type=int, default=1000,
                    help="articles per corpus add when growing (default: %(default)s)")
    ap.add_argument("--until", default=None, metavar="HH:MM", help="start no grow step after this UTC time")
    ap.add_argument("--workers", type=int, default=2, help="corpus add --workers (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=14, help="random seed for sampling and copies")
    ap.add_argument("--work", type=Path, default=None,
                    help="folder for the JSONL sets and stores (default: a new temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--no-show", action="store_true", help="skip the corpus show measurement")
    ap.add_argument("--resume", action="store_true",
                    help="keep the startup and fresh sizes already in --json (same corpus code); run the rest")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="set this variable for every storyline subprocess (e.g. OPENBLAS_NUM_THREADS=1)")
    ap.add_argument("--show-store", type=Path, default=None, metavar="STORE",
                    help="instead: only the corpus show measurement, on this existing store (left unchanged)")
    ap.add_argument("--rescore", action="store_true",
                    help="instead: recompute the scaling fits in --json from the runs it holds (nothing is run)")
    ap.add_argument("--json", default="bench/results_corpus.json", help="results file (default: %(default)s)")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    out_path = resolve(args.json)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    for pair in args.env:
        name, _, value = pair.partition("=")
        os.environ[name] = value
    if args.rescore:
        res = json.loads(out_path.read_text())
        res["scaling"] = scaling(res)
        res["rescored"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        write(res, out_path)
        print(json.dumps(res["scaling"], indent=1))
        return
    if args.show_store:
        with tempfile.TemporaryDirectory(prefix="bench-corpus-show-") as tmp:
            res = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "argv": sys.argv, "source": code_state(),
                   "store": str(args.show_store.resolve()), "show": show(args.show_store.resolve(), Path(tmp))}
        write(res, out_path)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-corpus-")) if args.work is None else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", file=sys.stderr)
    res: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "nproc": os.cpu_count(),
                           "argv": sys.argv, "workers": args.workers, "seed": args.seed, "env": args.env,
                           "source_start": code_state(), "add": {}}
    if args.resume:
        res.update(resumed(out_path, res["source_start"]))
    try:
        rng = random.Random(args.seed)
        real = load_real(resolve(args.data))
        res["real_articles"], res["real_mean_words"] = len(real), words(real)
        small = dated(rng.sample(real, STARTUP_ARTICLES), rng)
        if "startup" not in res:
            res["startup"] = add(write_parts(small, work / "startup"), work / "startup.duckdb", len(small),
                                 args.workers, "startup")
        copies_made = 0
        for n in sizes:
            if n <= len(real):
                records = dated(rng.sample(real, n), rng)
            else:
                records = dated(real + make_copies(real, n - len(real), copies_made, rng), rng)
                copies_made += n - len(real)
            if str(n) in res["add"]:
                continue
            folder = write_parts(records, work / f"set-{n}")
            res["add"][str(n)] = add(folder, work / f"store-{n}.duckdb", n, args.workers, f"add {n}")
            res["add"][str(n)].update({"mean_words": words(records), "real": sum("~" not in r["id"] for r in records)})
            write(res, out_path)
        largest = work / f"store-{sizes[-1]}.duckdb" if sizes else None
        if args.extra and largest is not None and largest.exists():
            extra = dated(make_copies(real, args.extra, copies_made + 1_000_000, rng), rng)
            res["incremental"] = add(write_parts(extra, work / "set-extra"), largest, args.extra, args.workers,
                                     f"incremental +{args.extra} on the {sizes[-1]} store")
            res["incremental"]["onto"] = sizes[-1]
            write(res, out_path)
        if args.grow_to:
            largest = grow(real, args, work, res, out_path, rng)
        res["scaling"] = scaling(res)
        write(res, out_path)
        if not args.no_show and largest is not None and largest.exists():
            res["show"] = show(largest, work)
        res["source_end"] = code_state()
        res["source_changed_during_run"] = res["source_start"]["sha256"] != res["source_end"]["sha256"]
        write(res, out_path)
        print(json.dumps({k: res[k] for k in ("scaling", "show") if k in res}, indent=1, default=str))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
