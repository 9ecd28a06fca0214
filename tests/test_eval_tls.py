"""`storyline eval tls`: the TLS measures reproduce tilse 0.2.1's scores (tests/golden/tilse/), hand-computed
cases, the Timeline17 layout, and the command on a tiny invented Timeline17-layout folder."""

from __future__ import annotations

import importlib.util
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import InputError
from storyline.evaluate import rouge155, tls, tls_run
from storyline.model import Doc, Published, When
from storyline.pipeline import Pipeline
from tests.builders import default_config, make_article
from tests.conftest import DATA, ROOT

GOLDEN = ROOT / "tests" / "golden" / "tilse"
TIMELINE17 = DATA / "timeline17"
MEASURES = {"concat": tls.concat_rouge, "agreement": tls.agreement_rouge,
            "align_date_content_costs_many_to_one": tls.alignment_rouge}
TOLERANCE = 1e-12  # the same arithmetic as tilse in the same order: equal to the last bit in practice
runner = CliRunner()


def _make_golden() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_GOLDEN = _make_golden()
SCORES: dict[str, Any] = json.loads((GOLDEN / "scores.json").read_text())["cases"]


def _check_against_tilse(name: str, predicted: tls.Timeline, reference: tls.Timeline) -> None:
    expected = SCORES[name]
    checks = [(tls.date_scores(predicted, reference), expected["date"], "date")]
    for key, measure in MEASURES.items():
        for n in (1, 2):
            checks.append((measure(predicted, reference, n), expected[key][f"rouge_{n}"], f"{key} rouge_{n}"))
    for ours, theirs, what in checks:
        assert ours.precision == pytest.approx(theirs["precision"], abs=TOLERANCE), f"{name} {what} precision"
        assert ours.recall == pytest.approx(theirs["recall"], abs=TOLERANCE), f"{name} {what} recall"
        assert ours.f1 == pytest.approx(theirs["f_score"], abs=TOLERANCE), f"{name} {what} F1"


@pytest.mark.parametrize("name", sorted(MAKE_GOLDEN.invented_cases()))
def test_eval_tls_reproduces_tilse_on_invented_timelines(name: str) -> None:
    predicted, reference = MAKE_GOLDEN.invented_cases()[name]
    _check_against_tilse(name, predicted, reference)


@pytest.mark.external
@pytest.mark.parametrize("name", sorted(n for n in SCORES if n.startswith("t17_")))
def test_eval_tls_reproduces_tilse_on_timeline17_golds(name: str) -> None:
    cases = MAKE_GOLDEN.real_cases(TIMELINE17)
    if not cases:
        pytest.skip(f"Timeline17 is not at {TIMELINE17}")
    _check_against_tilse(name, *cases[name])


def test_eval_tls_golden_covers_every_case() -> None:
    assert set(MAKE_GOLDEN.invented_cases()) <= set(SCORES)
    assert any(n.startswith("t17_") for n in SCORES), "scores.json was made without the Timeline17 cases"


D = date(2021, 1, 10)


def _day(offset: int) -> date:
    return date.fromordinal(D.toordinal() + offset)


def test_eval_tls_date_f1_exact_days() -> None:
    predicted = {_day(0): ["a"], _day(1): ["b"], _day(5): ["c"]}
    reference = {_day(0): ["a"], _day(2): ["b"]}
    got = tls.date_scores(predicted, reference)
    assert (got.precision, got.recall, got.f1) == pytest.approx((1 / 3, 1 / 2, 0.4))


def test_eval_tls_date_f1_empty_prediction_is_zero() -> None:
    assert tls.date_scores({}, {D: ["a"]}).f1 == 0.0


def test_eval_tls_alignment_weighs_hits_by_distance() -> None:
    # Two days apart: all 3 unigrams and 2 bigrams match, each counting 1/3.
    predicted, reference = {_day(2): ["Storm floods harbour"]}, {D: ["Storm floods harbour"]}
    assert tls.alignment_rouge(predicted, reference, 1).f1 == pytest.approx(1 / 3)
    assert tls.alignment_rouge(predicted, reference, 2).f1 == pytest.approx(1 / 3)


def test_eval_tls_alignment_many_to_one_and_ties_to_earlier_date() -> None:
    predicted = {_day(-1): ["Storm floods harbour"], _day(0): ["Storm"]}
    reference = {D: ["Storm floods harbour"]}
    got = tls.alignment_rouge(predicted, reference, 1)
    # Precision: both predicted dates align to D: (3 hits x 1/2 + 1 hit x 1) / 4 unigrams.
    assert got.precision == pytest.approx(0.625)
    # Recall: both predicted dates cost 0 for D (same words; same day), the earlier wins: 3 x 1/2 / 3.
    assert got.recall == pytest.approx(0.5)
    assert got.f1 == pytest.approx(2 * 0.625 * 0.5 / 1.125)


def test_eval_tls_agreement_compares_same_days_only() -> None:
    predicted = {D: ["Storm floods harbour"], _day(1): ["Storm floods harbour"]}
    reference = {D: ["Storm floods town"], _day(3): ["Harbour reopens"]}
    got = tls.agreement_rouge(predicted, reference, 1)
    assert (got.precision, got.recall) == pytest.approx((2 / 6, 2 / 5))


def test_eval_tls_empty_prediction_scores_zero() -> None:
    assert set(tls.score({}, {D: ["Storm floods harbour"]}).values()) == {0.0}


def test_eval_tls_rouge_tokens_drop_stopwords_and_stem() -> None:
    # "the", "and", "to" and "went" are SMART stopwords; "children" and "mice" are WordNet exceptions; "é" and
    # "-" split tokens; ROUGE reads a sentence only up to its first "<".
    tokens = rouge155.tokens(["The children and mice went to the café-bar", "<b>ignored"])
    assert tokens == ["child", "mouse", "caf", "bar"]


def test_eval_tls_porter_stem_as_rouge_perl() -> None:
    stems = {w: rouge155.porter_stem(w) for w in ("agreement", "yelling", "relational", "hopping", "floods")}
    assert stems == {"agreement": "agreem", "yelling": "yell", "relational": "relat", "hopping": "hop",
                     "floods": "flood"}


def test_eval_tls_timeline_txt_leaves_out_impossible_dates(caplog: pytest.LogCaptureFixture) -> None:
    text = "2011-03-03\nTrial delayed .\n-----\n2011-04-0\nJury selection .\n-----\n2011-05-02\nOpening .\nNo dashes"
    with caplog.at_level(logging.WARNING):
        timeline = tls.parse_timeline_txt(text)
    assert timeline == {date(2011, 3, 3): ["Trial delayed ."]}
    assert "2011-04-0" in caplog.text


def test_eval_tls_folder_without_inputdocs_says_layout(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"InputDocs.*Timeline17"):
        tls.topic_folders(tmp_path)


def test_eval_tls_missing_folder_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No folder at"):
        tls.topic_folders(tmp_path / "nowhere")


def test_eval_tls_unknown_topic_lists_available(tmp_path: Path) -> None:
    _write_topic(tmp_path / "alpha")
    with pytest.raises(InputError, match="Available: alpha"):
        tls.topic_folders(tmp_path, ["beta"])


def test_eval_tls_topic_without_gold_is_input_error(tmp_path: Path) -> None:
    (tmp_path / "alpha" / "InputDocs").mkdir(parents=True)
    with pytest.raises(InputError, match="no gold timeline"):
        tls.read_gold(tmp_path / "alpha")


def test_eval_tls_articles_dated_by_folder_and_detokenized(tmp_path: Path) -> None:
    _write_topic(tmp_path / "alpha")
    articles = tls.read_articles(tmp_path / "alpha")
    first = articles[0]
    assert first.id == "2021-03-01/1"
    assert first.published is not None and first.published.when.iso() == "2021-03-01"
    assert "-LRB-" not in first.text and " ," not in first.text
    assert all(a.published is None for a in tls.read_articles(tmp_path / "alpha", hide_dates=True))


@pytest.mark.slow
def test_eval_tls_cli_writes_both_protocols_beside_datewise(tmp_path: Path) -> None:
    _write_topic(tmp_path / "data" / "alpha")
    _write_topic(tmp_path / "data" / "beta")
    rerun = {"alpha": dict.fromkeys(tls.METRICS, 0.1), "beta": dict.fromkeys(tls.METRICS, 0.3)}
    (tmp_path / "data" / tls_run.DATEWISE_FILE).write_text(json.dumps({"timelines": rerun}))
    out = tmp_path / "tls.json"
    result = runner.invoke(app, ["eval", "tls", str(tmp_path / "data"), "--topic", "beta", "--limit", "1",
                                 "--json", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "DATEWISE" in result.output and "no-help R1" in result.output
    figures = json.loads(out.read_text())
    assert figures["timelines"] == 1 and "no keyword filter" in figures["keywords"]
    for protocol in ("standard", "no_help"):
        assert list(figures[protocol]["per_timeline"]) == ["beta/gold"]
        for name in tls.METRICS:
            assert 0.0 <= figures[protocol][name] <= 1.0, name
            assert figures[protocol][name] == figures[protocol]["per_timeline"]["beta/gold"][name]
    # the range protocol leaves out the article of 2021-03-05, after the gold's last date
    assert (figures["standard"]["per_timeline"]["beta/gold"]["articles"],
            figures["no_help"]["per_timeline"]["beta/gold"]["articles"]) == (3, 4)
    assert figures["datewise"]["per_timeline"] == {"beta/gold": rerun["beta"]}
    assert figures["datewise"]["date_f1"] == pytest.approx(0.3)


def test_eval_tls_cli_unknown_protocol_exits_2(tmp_path: Path) -> None:
    _write_topic(tmp_path / "alpha")
    result = runner.invoke(app, ["eval", "tls", str(tmp_path), "--protocol", "oracle"])
    assert result.exit_code == 2
    assert "Available: standard, no_help" in result.output


def test_eval_tls_datewise_averaged_over_the_same_timelines(tmp_path: Path) -> None:
    rerun = {"alpha": {**dict.fromkeys(tls.METRICS, 0.2), "date_f1": 0.5},
             "gamma/other": {**dict.fromkeys(tls.METRICS, 0.4), "date_f1": 0.7}, "delta": {"date_f1": 0.9}}
    (tmp_path / tls_run.DATEWISE_FILE).write_text(json.dumps({"timelines": rerun}))
    got = tls_run.read_datewise(tmp_path, ["alpha/gold", "gamma/other", "beta/gold"])
    assert got is not None and got["timelines"] == 2 and set(got["per_timeline"]) == {"alpha/gold", "gamma/other"}
    assert got["date_f1"] == pytest.approx(0.6) and got["alignment_rouge1_f1"] == pytest.approx(0.3)
    assert tls_run.read_datewise(tmp_path, ["beta/gold"]) is None
    assert tls_run.read_datewise(tmp_path / "other" / "nowhere", ["alpha/gold"]) is None


def test_eval_tls_datewise_bad_file_is_input_error(tmp_path: Path) -> None:
    (tmp_path / tls_run.DATEWISE_FILE).write_text("[1, 2]")
    with pytest.raises(InputError, match="not a DATEWISE rerun file"):
        tls_run.read_datewise(tmp_path, ["alpha/gold"])


def test_eval_tls_comparison_rows_per_system_and_timeline() -> None:
    row = {**dict.fromkeys(tls.METRICS, 0.1)}
    run = {**row, "timelines": 1, "per_timeline": {"alpha/gold": row}}
    means, rows = tls_run.comparison({"standard": run, "no_help": run, "datewise": run})
    assert list(means["date_f1"]) == ["storyline standard", "storyline no help", "DATEWISE rerun (standard, keywords)"]
    assert list(rows) == ["alpha/gold", "mean"]
    assert rows["alpha/gold"]["DATEWISE dF1"] == 0.1 and len(rows["alpha/gold"]) == 9


def test_eval_tls_standard_protocol_keeps_the_gold_range() -> None:
    vote = "The regional council voted on 3 May 2021 to close the old river crossing after engineers found cracks."
    reopen = "The river crossing reopened on 20 May 2021 after repairs that took two weeks and much money."
    docs = [Doc(article=make_article(text, id=id, published=Published(When(datetime(2021, 5, day, tzinfo=UTC)),
                                                                      "metadata")))
            for id, text, day in (("a", vote, 4), ("b", vote.replace("regional", "county"), 5), ("c", reopen, 21))]
    story = Pipeline(default_config(), ["clean", "sentences", "temporal", "timex", "dates"]).run_many(docs)
    assert [d.id for d in tls_run.in_range(story, date(2021, 5, 1), date(2021, 5, 5)).docs] == ["a", "b"]
    free = tls_run.predict(story, max_dates=3, sentences_per_date=1)
    ranged = tls_run.predict(story, max_dates=3, sentences_per_date=1, since=date(2021, 5, 10),
                             until=date(2021, 5, 25))
    assert date(2021, 5, 3) in free  # named by two articles, but before the range
    assert list(ranged) == [date(2021, 5, 20)]


def test_eval_tls_cli_bad_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "tls", str(tmp_path)])
    assert result.exit_code == 2
    assert "InputDocs" in result.output


@pytest.mark.external
def test_eval_tls_timeline17_txt_and_jsonl_agree() -> None:
    """The .txt golds are read; the .jsonl copies agree but for MJ_bbc's "2011-04-0" entry, which the .jsonl
    files the sentences of under 2011-03-03 (replacing that date's own sentence)."""
    if not TIMELINE17.is_dir():
        pytest.skip(f"Timeline17 is not at {TIMELINE17}")
    for topic in tls.topic_folders(TIMELINE17):
        (from_txt,) = tls.read_gold(topic)
        jsonl = (topic / "timelines.jsonl").read_text(encoding="utf-8").splitlines()[0]
        from_jsonl = tls._parse_jsonl_line(jsonl, topic, 1)
        if topic.name == "MJ_bbc":
            assert from_jsonl.pop(date(2011, 3, 3))[0] == "2011-04-0"
            from_txt.timeline.pop(date(2011, 3, 3))
        assert from_jsonl == from_txt.timeline, topic.name


ARTICLES = {
    "2021-03-01": ["Heavy rain floods the lower town of Marlow Bay , forcing 300 families from their homes .\n"
                   "The mayor -LRB- Ann Cole -RRB- says the river has never been higher .\n"],
    "2021-03-02": ["Engineers warn that the old river dam could fail within days .\nThe army is sent to help .\n",
                   "Residents of Marlow Bay spend a second night in the school hall .\nThe rain does n't stop .\n"],
    "2021-03-05": ["The regional government announces a relief fund for the flooded districts .\n"
                   "Repairs to the dam will start next month , officials say .\n"],
}
GOLD = ("2021-03-01\nRain floods Marlow Bay and 300 families leave their homes .\n--------------------------------\n"
        "2021-03-04\nA relief fund for the flooded districts is announced .\n--------------------------------\n")


def _write_topic(topic: Path) -> None:
    """A tiny topic in the Timeline17 layout, invented: PTB-tokenized articles in day folders and one gold."""
    for day, texts in ARTICLES.items():
        (topic / "InputDocs" / day).mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(texts, 1):
            (topic / "InputDocs" / day / f"{i}.htm.txt").write_text(text, encoding="utf-8")
    (topic / "timelines").mkdir(parents=True, exist_ok=True)
    (topic / "timelines" / "gold.txt").write_text(GOLD, encoding="utf-8")
