"""Corpus mode: the store, idempotent adds, copies at any count, briefings equal to `analyze`, bad input
in a large batch, one writer at a time, older stores, export and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import storyline
from storyline import api, codec
from storyline.cli import app
from storyline.corpus import Corpus
from storyline.corpus.store import StoreError
from tests.loopback import Route, Site, page, rss

BRIDGE = [
    ("bridge-1", "Harwick council closes the old Tamsin bridge after engineers find cracks",
     "The Harwick regional council voted on Tuesday to close the old Tamsin bridge after engineers found deep "
     "cracks in two of its piers. Council leader Mara Ellison said the crossing would stay shut until repairs "
     "were approved. Commuters will have to use the northern ring road, adding twenty minutes to the journey."),
    ("bridge-2", "Tamsin bridge closure: Harwick commuters face long detours",
     "Commuters in Harwick faced long detours on Wednesday after the council shut the Tamsin bridge. Engineers "
     "found cracks in the piers of the old crossing last week, council leader Mara Ellison said. Shop owners "
     "near the Tamsin bridge said they feared losing customers during the closure."),
    ("bridge-3", "Harwick to build a new Tamsin crossing, council leader says",
     "Harwick council leader Mara Ellison said on Thursday that a new Tamsin crossing would be built within "
     "two years, after cracks forced the closure of the old bridge. Repairs would cost more than a new bridge, "
     "Ellison said, and the council will vote on the plan next month."),
]
FERRY = ("ferry-1", "Orlen ferry strike halts crossings to the Vessa islands",
         "Ferry crews in the port of Orlen walked out on Monday, halting all crossings to the Vessa islands. The "
         "Orlen seafarers' union said the strike over pay would last three days. Island shops reported shortages "
         "of bread and fuel as the stoppage began, and the harbour master asked travellers to stay at home.")


def _write(folder: Path, items: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, title, text in items:
        (folder / f"{name}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return folder


def _add(store: Path, *paths: str | Path) -> storyline.corpus.AddReport:
    cfg = api.build_config()
    with Corpus(store, cfg=cfg) as corpus:
        return corpus.add(api.read([str(p) for p in paths], cfg), workers=0)


def _state(store: Path) -> tuple[list[tuple[str, str]], list[tuple[str, int]], int]:
    with Corpus(store, read_only=True) as corpus:
        articles = corpus.store.rows("SELECT id, story FROM articles ORDER BY seq")
        stories = corpus.store.rows("SELECT id, articles FROM stories ORDER BY id")
        copies = corpus.store.one("SELECT count(*) FROM copies")
    return articles, stories, copies


def test_corpus_add_twice_changes_nothing(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", [*BRIDGE, FERRY])
    store = tmp_path / "s.duckdb"
    first = _add(store, folder)
    assert (first.added, first.copies, len(first.skipped)) == (4, 0, 0)
    before = _state(store)
    again = _add(store, folder)
    assert (again.added, again.copies, again.unchanged) == (0, 0, 4)
    assert _state(store) == before


def test_corpus_keeps_three_hundred_copies_once_and_counts_outlets(tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    _, title, text = BRIDGE[0]
    for n in range(300):
        record = {"id": f"copy{n}", "title": title if n % 2 else f"{title} ({n})", "text": text,
                  "outlet": f"Outlet {n % 7}"}
        (folder / f"copy{n:03d}.json").write_text(json.dumps(record), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    report = _add(store, folder)
    assert (report.added, report.copies) == (1, 299)
    with Corpus(store, read_only=True) as corpus:
        (info,) = corpus.stories()
        assert (info.articles, info.outlets) == (1, 7)
        story = corpus.show(info.id)
    assert len(story.docs) == 1 and len(story.docs[0].sources) == 300


def test_corpus_show_equals_analyze_on_the_same_articles(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", BRIDGE)
    store = tmp_path / "s.duckdb"
    _add(store, folder)
    with Corpus(store) as corpus:
        infos = corpus.stories()
        assert [i.articles for i in infos] == [3], "the three bridge articles are one story"
        shown = corpus.show(infos[0].id)
        again = corpus.show(infos[0].id)
    expected = storyline.analyze([str(folder)], processes=1)
    assert codec.to_data(shown) == codec.to_data(expected)
    assert again == shown


def test_corpus_bad_inputs_in_a_large_batch_are_listed_and_the_rest_added(tmp_path: Path) -> None:
    good = [(f"good{n}", f"Harwick council meeting number {n} on the Tamsin bridge",
             BRIDGE[n % 3][2] + f" This was meeting number {n}, about item {n * 7} on the agenda.") for n in range(40)]
    folder = _write(tmp_path / "in", good)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    store = tmp_path / "s.duckdb"
    report = _add(store, folder)
    assert report.added + report.copies == 40
    reasons = {Path(s).name.split(":")[0]: r for s, r, _ in Corpus(store, read_only=True).skipped()}
    assert set(reasons) >= {"binary.txt", "empty.txt", "broken.json"}
    assert "JSON" in reasons["broken.json"] and reasons["empty.txt"] and reasons["binary.txt"]


def test_corpus_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    with Corpus(store):
        code = f"from storyline.corpus import Corpus\nCorpus({str(store)!r})"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "in use by another storyline process" in result.stderr


def test_corpus_store_from_an_older_schema_is_refused_with_what_to_do(tmp_path: Path) -> None:
    store = tmp_path / "old.duckdb"
    db = duckdb.connect(str(store))
    db.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    db.close()
    with pytest.raises(StoreError, match=r"older storyline .* corpus export"):
        Corpus(store)


def test_corpus_refuses_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    store = tmp_path / "other.duckdb"
    db = duckdb.connect(str(store))
    db.execute("CREATE TABLE sales (n INTEGER)")
    db.close()
    with pytest.raises(StoreError, match="not a storyline corpus store"):
        Corpus(store)


def test_corpus_export_jsonl_adds_to_a_new_store_as_it_was(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", [*BRIDGE, FERRY])
    store = tmp_path / "s.duckdb"
    _add(store, folder)
    with Corpus(store, read_only=True) as corpus:
        assert corpus.export(tmp_path / "all.jsonl") == 4
        assert corpus.export(tmp_path / "all.parquet", format="parquet") == 4
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'all.parquet'}'").fetchall() == [(4,)]
    copy = tmp_path / "copy.duckdb"
    report = _add(copy, tmp_path / "all.jsonl")
    assert report.added == 4
    assert len(_state(copy)[1]) == len(_state(store)[1])


def test_corpus_add_takes_paths_from_python(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", [FERRY])
    with storyline.Corpus(tmp_path / "s.duckdb") as corpus:
        report = corpus.add([folder], workers=0)
    assert (report.inputs, report.added) == (1, 1)


def test_corpus_find_names_stories_and_articles(tmp_path: Path) -> None:
    _add(tmp_path / "s.duckdb", _write(tmp_path / "in", [*BRIDGE, FERRY]))
    with Corpus(tmp_path / "s.duckdb", read_only=True) as corpus:
        stories, articles = corpus.find("Vessa")
    assert [a[0] for a in articles] == ["ferry-1"]
    assert len(stories) == 1 and stories[0].articles == 1


def test_corpus_cli_adds_lists_shows_and_reports_skipped(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", [*BRIDGE, FERRY])
    (folder / "empty.txt").write_text("", encoding="utf-8")
    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    added = runner.invoke(app, ["corpus", "add", str(folder), "--store", store, "--workers", "0"])
    assert added.exit_code == 0, added.output
    assert "4 added" in added.output
    listed = runner.invoke(app, ["corpus", "stories", "--store", store, "--json"])
    stories = json.loads(listed.stdout)
    assert sum(s["articles"] for s in stories) == 4
    big = max(stories, key=lambda s: s["articles"])
    shown = runner.invoke(app, ["corpus", "show", big["id"], "--store", store, "-o", str(tmp_path / "out")])
    assert shown.exit_code == 0, shown.output
    assert json.loads((tmp_path / "out" / "story.json").read_text())["articles"]
    skipped = runner.invoke(app, ["corpus", "skipped", "--store", store])
    assert "empty.txt" in skipped.stdout
    missing = runner.invoke(app, ["corpus", "show", "nope", "--store", store])
    assert missing.exit_code == 2 and "No story 'nope'" in missing.output


def _stream(folder: Path, n: int) -> Path:
    """``n`` invented articles on a few stories, different enough not to be copies."""
    places = ["Harwick", "Orlen", "Vessa", "Tamsin", "Brell"]
    items = []
    for i in range(n):
        place = places[i % len(places)]
        items.append((f"a{i:04d}", f"{place} report {i}: council weighs plan number {i}",
                      f"Officials in {place} met on day {i} to weigh plan number {i}, which covers item {i * 13} of "
                      f"the budget. The {place} mayor said plan {i} would cost {i * 3 + 7} million. Residents asked "
                      f"about {i * 5 + 1} homes and {i % 9 + 2} schools named in plan {i}."))
    return _write(folder, items)


@pytest.mark.slow
def test_corpus_killed_during_add_finishes_on_rerun_with_nothing_lost_or_doubled(tmp_path: Path) -> None:
    import signal
    import time

    folder = _stream(tmp_path / "in", 400)
    whole = tmp_path / "whole.duckdb"
    _add(whole, folder)
    crashed = tmp_path / "crashed.duckdb"
    command = [sys.executable, "-m", "storyline.cli", "corpus", "add", str(folder), "--store", str(crashed),
               "--workers", "0", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:  # kill once some batches are committed
        wal = Path(f"{crashed}.wal")
        if crashed.exists() and ((wal.exists() and wal.stat().st_size > 200_000) or crashed.stat().st_size > 2_000_000):
            break
        time.sleep(0.05)
    killed = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert killed, "the add finished before it could be killed; make the stream longer"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _state(crashed) == _state(whole)


@pytest.mark.slow
def test_corpus_on_a_dask_cluster_makes_the_same_store(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    folder = _stream(tmp_path / "in", 60)
    local = tmp_path / "local.duckdb"
    _add(local, folder)
    cfg = api.build_config()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, Corpus(tmp_path / "dask.duckdb",
                                                                             cfg=cfg) as corpus:
        report = corpus.add(api.read([str(folder)], cfg), scheduler=cluster.scheduler_address)
    assert report.added + report.copies == 60
    assert _state(tmp_path / "dask.duckdb") == _state(local)


def _serve_pages(site: Site) -> None:
    """The bridge articles as pages: the feed carries teasers, whose pages are fetched."""
    for name, title, text in BRIDGE:
        site.routes[f"/{name}.html"] = Route(page(title, text))


def test_corpus_adds_a_feed_url_from_a_loopback_server_and_lists_failures(site: Site, tmp_path: Path) -> None:
    from storyline.corpus.inputs import read_any

    _serve_pages(site)
    site.routes["/feed.xml"] = Route(rss([(title, site.url(f"/{name}.html"), text) for name, title, text in BRIDGE]),
                                     headers={"Content-Type": "application/rss+xml"})
    cfg = api.build_config()
    cfg = replace(cfg, fetch=replace(cfg.fetch, per_host_delay=0.0))
    batch = read_any([site.url("/feed.xml"), site.url("/missing.html")], cfg)
    with Corpus(tmp_path / "s.duckdb", cfg=cfg) as corpus:
        report = corpus.add(batch, workers=0)
        assert report.added == 3
        reasons = [reason for _, reason, _ in corpus.skipped()]
    assert any("404" in reason for reason in reasons), reasons


def test_corpus_watch_adds_only_what_is_new(site: Site, tmp_path: Path) -> None:
    from storyline.corpus.inputs import watch_feeds

    _serve_pages(site)
    items = [(title, site.url(f"/{name}.html"), text) for name, title, text in BRIDGE]
    site.routes["/feed.xml"] = Route(rss(items[:2]), headers={"Content-Type": "application/rss+xml"})
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local\n{site.url('/feed.xml')}\n", encoding="utf-8")
    cfg = api.build_config()
    cfg = replace(cfg, fetch=replace(cfg.fetch, per_host_delay=0.0))
    reports: list[storyline.corpus.AddReport] = []
    with Corpus(tmp_path / "s.duckdb", cfg=cfg) as corpus:
        watch_feeds(corpus, feeds, every="1s", once=True, workers=0, report=reports.append)
        site.routes["/feed.xml"] = Route(rss(items), headers={"Content-Type": "application/rss+xml"})
        watch_feeds(corpus, feeds, every="1s", once=True, workers=0, report=reports.append)
        total = corpus.store.one("SELECT count(*) FROM articles")
    assert sum(r.added for r in reports) == 3 == total
    assert reports[-1].added == 1


def test_corpus_worker_start_runs_before_numpy_loads() -> None:
    """A spawned worker imports storyline.corpus.worker to find its initializer: if that loads numpy, the
    one-BLAS-thread setting comes too late and two workers run four BLAS threads on two cores."""
    code = ("import sys, storyline.corpus.worker; "
            "print(sorted(m for m in ('numpy', 'duckdb', 'spacy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
