"""`storyline eval extraction`: snippet scoring as trafilatura scores itself, on an invented page folder,
and the whole web set when ../shared is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.evaluate.extraction import Counts, count, evaluate, figures
from storyline.evaluate.web import half_of
from tests.builders import default_config
from tests.conftest import DATA

runner = CliRunner()

PAGE = """<!DOCTYPE html><html><head><title>Kelmarsh harbour fire</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/weather">Weather</a></nav>
<article><h1>Kelmarsh harbour fire</h1>
<p>Fire crews in the port town of Kelmarsh fought a blaze at the old harbour warehouse through the night,
the fire service said on Tuesday. No one was hurt, and the cause is not yet known.</p>
<h2>Road closures</h2>
<ul><li>Quay Street until Friday</li><li>Harbour Lane for a week</li></ul>
<p>Investigators said the warehouse had stood empty for two years and that its owners planned to rebuild it
once the site was safe.</p>
</article><footer>Sign up for our newsletter</footer></body></html>"""


def make_folder(root: Path) -> Path:
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "fire.html").write_text(PAGE, encoding="utf-8")
    gold = {"https://example.org/fire": {"file": "fire.html",
                                         "with": ["Road closures", "Quay Street until Friday", "stood empty"],
                                         "without": ["Sign up for our newsletter"]}}
    (root / "extraction.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_eval_extraction_counts_snippets_with_whitespace_normalised() -> None:
    gold = {"with": ["the  cause is\nnot", "missing words"], "without": ["Sign up", "Cookie policy"]}
    assert count("No one was hurt, and the cause\tis not yet known. Sign up", gold) == Counts(1, 1, 1)


def test_eval_extraction_figures_from_summed_counts() -> None:
    result = figures(Counts(6, 2, 2))
    assert (result["precision"], result["recall"]) == (0.75, 0.75)
    assert result["f1"] == pytest.approx(0.75)


def test_eval_extraction_halves_are_stable_and_both_used() -> None:
    names = [f"page{n}.html" for n in range(40)]
    assert [half_of(n) for n in names] == [half_of(n) for n in names]
    assert {half_of(n) for n in names} == {"a", "b"}


def test_eval_extraction_keeps_a_pages_headings_and_list_items(tmp_path: Path) -> None:
    result = evaluate(make_folder(tmp_path / "web"), default_config())
    assert result["scores"]["storyline page (all)"]["recall"] == 1.0
    assert result["scores"]["storyline page (all)"]["precision"] == 1.0
    assert set(result["scores"]) >= {"trafilatura page (all)", "storyline page+url (a)", "trafilatura page+url (b)"}


def test_eval_extraction_compares_on_the_pages_in_storylines_languages(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "web")
    other = ("<html><head><title>Hafenbrand</title></head><body><article><p>"
             + "Die Feuerwehr der Hafenstadt hat in der Nacht einen Brand im alten Lagerhaus bekämpft. " * 6
             + "</p></article></body></html>")
    (root / "pages" / "brand.html").write_text(other, encoding="utf-8")
    gold = json.loads((root / "extraction.json").read_text())
    gold["https://example.org/brand"] = {"file": "brand.html", "with": ["Die Feuerwehr der Hafenstadt"],
                                         "without": []}
    (root / "extraction.json").write_text(json.dumps(gold), encoding="utf-8")
    result = evaluate(root, default_config())
    assert list(result["skipped_by_storyline"]) == ["brand.html"]
    assert "language" in result["skipped_by_storyline"]["brand.html"].lower()
    assert result["scores"]["storyline page (all)"]["fn"] == 1
    assert result["scores"]["storyline page (in language)"]["fn"] == 0
    assert result["scores"]["trafilatura page (in language)"]["tp"] == 3
    assert result["pages_in_language"] == 1


def test_eval_extraction_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = runner.invoke(app, ["eval", "extraction", str(make_folder(tmp_path / "web")), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["scores"]["storyline page (all)"]["f1"] == 1.0


def test_eval_extraction_cli_rejects_other_folders(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "extraction", str(tmp_path)])
    assert result.exit_code == 2
    assert "extraction.json" in result.output


@pytest.mark.external
@pytest.mark.slow
def test_eval_extraction_beats_trafilatura_alone_on_real_pages() -> None:
    folder = DATA / "web"
    if not (folder / "extraction.json").is_file():
        pytest.skip(f"the web pages are not at {folder}")
    scores = evaluate(folder, default_config())["scores"]
    ours, theirs = scores["storyline page (all)"], scores["trafilatura page (all)"]
    assert ours["f1"] > theirs["f1"]
    assert ours["recall"] >= theirs["recall"] - 0.015
    ours, theirs = scores["storyline page (in language)"], scores["trafilatura page (in language)"]
    assert ours["f1"] > theirs["f1"]
    assert ours["recall"] >= theirs["recall"] - 0.01
