"""The CLI: outputs written, counts printed, exit codes, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from storyline.cli import app
from tests.conftest import ROOT

runner = CliRunner()
DEMO = ROOT / "samples" / "demo"
ARTICLE = ("The council of Riverton approved a new flood barrier on Tuesday after three days of debate, "
           "the mayor's office said in a statement. Work is due to begin in the spring.")


def test_cli_analyze_demo_writes_all_formats(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"story.json", "report.md", "report.html"}
    story = json.loads((tmp_path / "story.json").read_text())
    assert f"{len(story['articles'])} analysed" in result.output
    assert "1 duplicate(s) kept once" in result.output


def test_cli_demo_sample_exercises_dedupe_and_debris(tmp_path: Path) -> None:
    runner.invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path), "--format", "json"])
    story = json.loads((tmp_path / "story.json").read_text())
    jsonschema.validate(story, json.loads((ROOT / "docs" / "story.schema.json").read_text()))
    assert any(len(a["sources"]) == 2 for a in story["articles"])
    kinds = {r["kind"] for a in story["articles"] for r in a["removed"]}
    assert {"social prompt", "consent notice", "credit line", "photo caption", "date line", "byline"} <= kinds
    assert story["skipped"] == []


def test_cli_format_selects_outputs(tmp_path: Path) -> None:
    article = tmp_path / "in.txt"
    article.write_text(ARTICLE)
    result = runner.invoke(app, ["analyze", str(article), "-o", str(tmp_path / "out"), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.md"]


def test_cli_reads_stdin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "-", "-o", str(tmp_path), "--format", "json"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    story = json.loads((tmp_path / "story.json").read_text())
    assert [a["id"] for a in story["articles"]] == ["stdin"]


def test_cli_unknown_format_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.output and "Traceback" not in result.output


def test_cli_nothing_analysed_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "file is empty" in result.output
