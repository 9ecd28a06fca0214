"""The HTTP API (storyline serve): every endpoint, every error path, the token rule, the job table."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline import api, config
from storyline.cli import app as cli_app
from storyline.corpus import Corpus
from storyline.errors import ConfigError
from storyline.model import Article
from storyline.read.ingest import Batch, read_contents
from storyline.serve.app import Settings, create_app
from storyline.serve.jobs import Busy, Jobs
from storyline.serve.run import is_loopback, serve
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "docs" / "story.schema.json").read_text())
LOCK = [
    ("lock-1", "Harwick council closes the old Tamsin lock after engineers find cracks",
     "The Harwick regional council voted on Tuesday to close the old Tamsin lock after engineers found deep "
     "cracks in two of its gates. Council leader Mara Ellison said the canal would stay shut until repairs "
     "were approved. Barge crews will have to use the northern channel, adding a day to the journey."),
    ("lock-2", "Tamsin lock closure: Harwick barge crews face long detours",
     "Barge crews in Harwick faced long detours on Wednesday after the council shut the Tamsin lock. Engineers "
     "found cracks in the gates of the old lock last week, council leader Mara Ellison said. Shop owners "
     "near the Tamsin lock said they feared losing customers during the closure."),
]
TOKEN = "s3cret-token"


def _settings(store: Path, *, token: str | None = None, **serve: Any) -> Settings:
    return Settings(cfg=config.load(overrides={"serve": serve} if serve else None), store=store, token=token)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store.duckdb"
    articles = [Article(ident, f"{ident}.txt", text, title) for ident, title, text in LOCK]
    with Corpus(path, cfg=api.build_config()) as corpus:
        corpus.add(Batch(articles=articles, inputs=len(articles)), workers=0)
    return path


@pytest.fixture
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(store)), raise_server_exceptions=False) as c:
        yield c


def _client(store: Path, **kwargs: Any) -> TestClient:
    return TestClient(create_app(_settings(store, **kwargs)), raise_server_exceptions=False)


def _error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "field"} and error["message"]
    if field is not None:
        assert error["field"] == field
    return error


def _blocked_job(c: TestClient) -> threading.Event:
    """Occupy the job table with one job that waits until the returned event is set."""
    release = threading.Event()
    c.app.state.storyline.jobs.submit("test", 1, lambda advance: {"done": release.wait(10)})  # type: ignore[attr-defined]
    return release


# --- the token rule ------------------------------------------------------------------------------

def test_serve_token_missing_gives_401(store: Path) -> None:
    with _client(store, token=TOKEN) as c:
        _error(c.get("/v1/stories"), 401)


def test_serve_token_wrong_gives_401(store: Path) -> None:
    with _client(store, token=TOKEN) as c:
        _error(c.get("/v1/stories", headers={"Authorization": "Bearer nope"}), 401)


def test_serve_token_right_is_served(store: Path) -> None:
    with _client(store, token=TOKEN) as c:
        assert c.get("/v1/stories", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_serve_refuses_other_address_without_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="STORYLINE_TOKEN"):
        serve(host="0.0.0.0", port=8000, store=tmp_path / "s.duckdb", token=None, config=None)


def test_serve_cli_refuses_other_address_without_token(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--store", str(tmp_path / "s.duckdb")],
                                env={"STORYLINE_TOKEN": ""})
    assert result.exit_code == 2 and "STORYLINE_TOKEN" in result.output


def test_serve_cli_takes_token_from_environment(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--openapi", str(out)],
                                env={"STORYLINE_TOKEN": TOKEN})
    assert result.exit_code == 0 and "/v1/analyze" in json.loads(out.read_text())["paths"]


def test_serve_loopback_addresses() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.2", "example.org")] == \
        [True, True, True, False, False, False]


# --- limits and errors ---------------------------------------------------------------------------

def test_serve_body_over_limit_by_length_gives_413(store: Path) -> None:
    with _client(store, max_body_bytes=1000) as c:
        _error(c.post("/v1/analyze", json={"articles": [{"text": "x" * 2000}]}), 413)


def test_serve_body_over_limit_streamed_gives_413(store: Path) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"articles": [{"text": "'
        for _ in range(20):
            yield b"x" * 100
        yield b'"}]}'

    with _client(store, max_body_bytes=1000) as c:
        response = c.post("/v1/analyze", content=chunks(), headers={"Content-Type": "application/json"})
        _error(response, 413)


def test_serve_unsupported_media_type_gives_415(client: TestClient) -> None:
    _error(client.post("/v1/analyze", content=b"some text", headers={"Content-Type": "text/plain"}), 415)


def test_serve_too_many_articles_gives_422(store: Path) -> None:
    with _client(store, max_articles=2) as c:
        _error(c.post("/v1/analyze", json={"articles": [{"text": "a"}] * 3}), 422, "articles")


def test_serve_too_many_files_gives_422(store: Path) -> None:
    with _client(store, max_articles=2) as c:
        files = [("files", (f"a{i}.txt", b"text", "text/plain")) for i in range(3)]
        _error(c.post("/v1/analyze", files=files), 422, "files")


def test_serve_long_text_gives_422_naming_it(store: Path) -> None:
    with _client(store, max_text_chars=100) as c:
        _error(c.post("/v1/analyze", json={"articles": [{"text": "ok"}, {"text": "x" * 101}]}), 422,
               "articles[1].text")


def test_serve_long_title_gives_422_naming_it(store: Path) -> None:
    with _client(store, max_field_chars=50) as c:
        _error(c.post("/v1/analyze", json={"articles": [{"text": "ok", "title": "t" * 51}]}), 422,
               "articles[0].title")


def test_serve_unknown_option_gives_422_naming_it(client: TestClient) -> None:
    _error(client.post("/v1/analyze", json={"articles": [{"text": "ok"}], "options": {"bogus": 1}}), 422,
           "options.bogus")


def test_serve_unknown_stage_option_gives_422(client: TestClient) -> None:
    error = _error(client.post("/v1/analyze", json={"articles": [{"text": "ok"}], "options": {"stages": ["nope"]}}),
                   422, "options")
    assert "Unknown stage 'nope'" in error["message"]


def test_serve_broken_json_gives_422(client: TestClient) -> None:
    _error(client.post("/v1/analyze", content=b"{not json", headers={"Content-Type": "application/json"}), 422,
           "body")


def test_serve_article_of_wrong_type_gives_422_naming_it(client: TestClient) -> None:
    _error(client.post("/v1/analyze", json={"articles": [{"text": 5}]}), 422, "articles[0].text")


def test_serve_too_many_jobs_gives_429_with_retry_after(store: Path) -> None:
    with _client(store, max_jobs=1) as c:
        release = _blocked_job(c)
        try:
            response = c.post("/v1/analyze", json={"articles": [{"text": "ok"}]})
            _error(response, 429)
            assert int(response.headers["Retry-After"]) > 0
        finally:
            release.set()


def test_serve_unknown_job_gives_404(client: TestClient) -> None:
    _error(client.get("/v1/jobs/nope"), 404)


def test_serve_unknown_story_gives_404(client: TestClient) -> None:
    error = _error(client.get("/v1/stories/nope"), 404)
    assert "store.duckdb" not in error["message"]


def test_serve_unknown_route_gives_json_404(client: TestClient) -> None:
    _error(client.get("/v1/nothing"), 404)


def test_serve_unexpected_error_gives_500_without_details(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(use: Any) -> Any:
        raise RuntimeError("boom in /srv/secret/place.py")

    monkeypatch.setattr(client.app.state.storyline, "with_corpus", broken)  # type: ignore[attr-defined]
    response = client.get("/v1/stories")
    _error(response, 500)
    assert "/srv/secret" not in response.text and "Traceback" not in response.text


def test_serve_cors_off_by_default(client: TestClient) -> None:
    response = client.get("/v1/stories", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


# --- the store -----------------------------------------------------------------------------------

def test_serve_stories_lists_the_store(client: TestClient, store: Path) -> None:
    with Corpus(store, read_only=True) as corpus:
        expected = [s.id for s in corpus.stories()]
    assert [s["id"] for s in client.get("/v1/stories").json()] == expected


def test_serve_stories_filter_by_size(client: TestClient) -> None:
    assert client.get("/v1/stories", params={"min_articles": 1000}).json() == []


def test_serve_stories_bad_day_gives_422(client: TestClient) -> None:
    _error(client.get("/v1/stories", params={"since": "yesterday"}), 422, "since")


def test_serve_search_finds_a_story(client: TestClient) -> None:
    found = client.get("/v1/search", params={"q": "Tamsin"}).json()
    assert {a["id"] for a in found["articles"]} == {"lock-1", "lock-2"}


def test_serve_search_without_words_gives_422(client: TestClient) -> None:
    _error(client.get("/v1/search"), 422, "q")


# --- jobs ----------------------------------------------------------------------------------------

def test_serve_job_reports_progress_then_result(client: TestClient) -> None:
    jobs = client.app.state.storyline.jobs  # type: ignore[attr-defined]
    release = threading.Event()

    def work(advance: Any) -> dict[str, Any]:
        advance(1)
        release.wait(10)
        return {"answer": 42}

    job = jobs.submit("test", 2, work)
    time.sleep(0.2)
    running = client.get(f"/v1/jobs/{job.id}").json()
    release.set()
    jobs.wait(job, 10)
    done = client.get(f"/v1/jobs/{job.id}").json()
    assert (running["status"], running["progress"], done["status"], done["result"]) == \
        ("running", {"done": 1, "total": 2}, "done", {"answer": 42})


def test_jobs_result_removed_after_ttl() -> None:
    now = [100.0]
    jobs = Jobs(max_jobs=2, ttl=60, clock=lambda: now[0])
    job = jobs.submit("test", 1, lambda advance: {})
    jobs.wait(job, 10)
    now[0] += 59
    kept = jobs.get(job.id) is not None
    now[0] += 2
    assert (kept, jobs.get(job.id)) == (True, None)
    jobs.close()


def test_jobs_keep_at_most_the_latest_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.serve.jobs.KEPT", 2)
    jobs = Jobs(max_jobs=1, ttl=3600)
    done = []
    for _ in range(3):
        done.append(jobs.submit("test", 1, lambda advance: {}))
        jobs.wait(done[-1], 10)
    first, *rest = done
    assert (jobs.get(first.id), [jobs.get(j.id) is not None for j in rest]) == (None, [True, True])
    jobs.close()


def test_jobs_refuse_beyond_max() -> None:
    jobs = Jobs(max_jobs=1, ttl=60)
    release = threading.Event()
    jobs.submit("test", 1, lambda advance: {"ok": release.wait(10)})
    try:
        with pytest.raises(Busy):
            jobs.submit("test", 1, lambda advance: {})
    finally:
        release.set()
        jobs.close()


def test_jobs_failure_hides_unexpected_error() -> None:
    jobs = Jobs(max_jobs=1, ttl=60)

    def work(advance: Any) -> dict[str, Any]:
        raise RuntimeError("/srv/secret")

    job = jobs.submit("test", 1, work)
    jobs.wait(job, 10)
    assert job.status == "failed" and job.error is not None and "/srv/secret" not in job.error[1]
    jobs.close()


# --- uploads -------------------------------------------------------------------------------------

def test_serve_upload_names_are_never_paths() -> None:
    batch = read_contents([("../../etc/passwd.txt", b"An invented article about a lock on the canal. " * 3)],
                          config.load().ingest)
    assert [(a.id, a.source) for a in batch.articles] == [("passwd", "passwd.txt")]


def test_serve_upload_empty_and_binary_files_are_skipped_with_reasons(store: Path) -> None:
    files = [("files", ("empty.txt", b"", "text/plain")), ("files", ("photo.png", b"\x89PNG\r\n\x1a\nxx", "image/png"))]
    with _client(store, inline_seconds=120) as c:  # answered at once even while the models load
        story = c.post("/v1/analyze", files=files).json()
    assert {s["source"]: s["reason"] for s in story["skipped"]} == {
        "empty.txt": "file is empty.", "photo.png": "binary file (a PNG image), not an article."}


# --- analysis (slow) -----------------------------------------------------------------------------

def _lock_json() -> dict[str, Any]:
    return {"articles": [{"text": text, "title": title, "outlet": "Harwick Post", "published": "2026-03-03"}
                         for _, title, text in LOCK], "options": {"summary_words": 40}}


@pytest.mark.slow
def test_serve_analyze_answers_story_json(store: Path) -> None:
    with _client(store, inline_seconds=120) as c:
        response = c.post("/v1/analyze", json=_lock_json())
    assert response.status_code == 200
    jsonschema.validate(response.json(), SCHEMA)


@pytest.mark.slow
def test_serve_analyze_long_work_is_a_job(store: Path) -> None:
    with _client(store, inline_seconds=0) as c:
        accepted = c.post("/v1/analyze", json=_lock_json())
        assert accepted.status_code == 202
        c.app.state.storyline.jobs.wait(c.app.state.storyline.jobs.get(accepted.json()["id"]), 120)  # type: ignore[attr-defined]
        done = c.get(accepted.headers["Location"]).json()
    assert done["status"] == "done" and len(done["result"]["articles"]) == 2


@pytest.mark.slow
def test_serve_add_articles_then_list_them(tmp_path: Path) -> None:
    with _client(tmp_path / "new.duckdb", inline_seconds=120) as c:
        report = c.post("/v1/articles", json={"articles": [{"text": t, "title": h} for _, h, t in LOCK]}).json()
        listed = c.get("/v1/stories").json()
    assert (report["added"], sum(s["articles"] for s in listed)) == (2, 2)


@pytest.mark.slow
def test_serve_story_briefing_is_story_json(store: Path) -> None:
    with _client(store, inline_seconds=120) as c:
        story_id = c.get("/v1/stories").json()[0]["id"]
        response = c.get(f"/v1/stories/{story_id}")
    assert response.status_code == 200
    jsonschema.validate(response.json(), SCHEMA)


# --- the OpenAPI document ------------------------------------------------------------------------

def test_serve_openapi_document_is_committed(client: TestClient) -> None:
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert client.get("/openapi.json").json() == committed, "run: storyline serve --openapi docs/openapi.json"


# --- the real server -----------------------------------------------------------------------------

@pytest.mark.slow
def test_serve_real_server_on_loopback(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("STORYLINE_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--port", str(port), "--store",
                               str(tmp_path / "store.duckdb")], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/openapi.json", timeout=5) as response:
                    document = json.loads(response.read())
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/v1/stories", timeout=10) as response:
            listed = json.loads(response.read())
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert ("/v1/analyze" in document["paths"], listed) == (True, [])


def test_serve_store_error_names_no_server_path(tmp_path: Path) -> None:
    folder = tmp_path / "hidden-place"
    folder.mkdir()
    with _client(folder) as c:
        response = c.post("/v1/articles", json={"articles": [{"text": "An invented article. " * 10}]})
    assert _error(response, 503)["code"] == "unavailable" and str(tmp_path) not in response.text


def test_serve_store_error_on_listing_gives_503(tmp_path: Path) -> None:
    folder = tmp_path / "hidden-place"
    folder.mkdir()
    with _client(folder) as c:
        response = c.get("/v1/stories")
    assert _error(response, 503)["code"] == "unavailable" and str(tmp_path) not in response.text
