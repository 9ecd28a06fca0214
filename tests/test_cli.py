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


def test_cli_nothing_analysed_leaves_the_previous_report(tmp_path: Path) -> None:
    article = tmp_path / "in.txt"
    article.write_text(ARTICLE)
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyze", str(article), "-o", str(out), "--format", "md"]).exit_code == 0
    before = (out / "report.md").read_text()
    result = runner.invoke(app, ["analyze", str(tmp_path / "mistyped.txt"), "-o", str(out), "--format", "md"])
    assert result.exit_code == 1
    assert (out / "report.md").read_text() == before
    assert "nothing written" in " ".join(result.output.split())


def test_cli_counts_add_up(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text(" ")
    (tmp_path / "short.txt").write_text("Too short to analyse.")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), str(tmp_path / "short.txt"),
                                 "-o", str(tmp_path / "out")])
    line = " ".join(result.output.split())
    assert "Read 2 input(s) holding 1 article(s): 0 analysed, 1 skipped; 1 input(s) or record(s) could not be " \
           "read (2 skipped in all)." in line


def test_cli_says_when_an_article_is_analysed_only_in_part(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(ARTICLE.replace("Riverton", f"Riverton {n}") for n in range(8)))
    config = tmp_path / "cut.toml"
    config.write_text("[clean]\nmax_chars = 400\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(article), "-o", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "1 article(s) analysed only in part" in output and "cut long: text cut at" in output
    assert "Analysed only in part" in (out / "report.md").read_text()
    assert "Analysed only in part" in (out / "report.html").read_text()
