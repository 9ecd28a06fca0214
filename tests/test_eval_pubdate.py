"""`storyline eval pubdate`: publication dates measured with the dates hidden, on tiny invented
collections in the two layouts (Timeline17 folders and TimeML files)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import api
from storyline.cli import app
from storyline.config import Config
from storyline.evaluate import pubdate
from storyline.evaluate.pubdate import Outcome, date_collection, find_items, read_article, score
from storyline.model import Published, When
from tests.conftest import DATA

runner = CliRunner()

MAIN = ("articles", "skipped", "coverage", "exact", "within_1_day", "within_7_days")
SHARES = ("coverage", "stated", "exact", "within_1_day", "within_7_days", "exact_of_dated",
          "within_1_day_of_dated", "within_7_days_of_dated")

FIRE_STATED = ("16 August 2016\n\nFire crews in the port town of Kelmarsh fought a blaze at the old harbour "
               "warehouse through the night, the fire service said. No one was hurt, and the cause is not yet known.\n")
FIRE_FOLLOW_UP = ("Investigators said on Wednesday that the fire at the Kelmarsh harbour warehouse on 16 August 2016 "
                  "was started by an electrical fault in a storage room. The owners plan to rebuild it.\n")
FIRE_UNDATED = ("Residents of Kelmarsh gathered at the harbour to thank the firefighters who saved the neighbouring "
                "homes. Volunteers served tea and cake to the tired crews.\n")
VOTE_STATED = ("Published 7 May 2015\n\nPolling stations across the county of Dunmore opened at seven in the "
               "morning, and officials expected a high turnout in the closely fought council election.\n")

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{name}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>
<TEXT>
{text}
</TEXT>
</TimeML>
"""
BRIDGE_VOTE = ("The town council of Brackley voted on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2014-03-04\">"
               "March 4, 2014</TIMEX3> to close the old bridge to traffic, the mayor said. Repairs to the stone "
               "arches are expected to take most of a year.")
BRIDGE_VISIT = ("Engineers inspected the Brackley bridge on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2014-03-05\">"
                "Wednesday</TIMEX3>, after the council voted to close it, and said the repairs to the arches "
                "would start soon.")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_timeline17(root: Path) -> Path:
    """Two topics: a stated date line, a follow-up that names the day, an undatable article, an
    input too short to analyse and a duplicate filed a day later."""
    docs = root / "timeline17"
    _write(docs / "harbour_fire/InputDocs/2016-08-16/11.htm.txt", FIRE_STATED)
    _write(docs / "harbour_fire/InputDocs/2016-08-17/12.htm.txt", FIRE_FOLLOW_UP)
    _write(docs / "harbour_fire/InputDocs/2016-08-20/13.htm.txt", FIRE_UNDATED)
    _write(docs / "vote_count/InputDocs/2015-05-07/21.htm.txt", VOTE_STATED)
    _write(docs / "vote_count/InputDocs/2015-05-08/22.htm.txt", "Short note.\n")
    _write(docs / "vote_count/InputDocs/2015-05-09/23.htm.txt", VOTE_STATED)
    return docs


def make_timeml(root: Path) -> Path:
    folder = root / "timeml"
    _write(folder / "APW20140304.0001.tml", TIMEML.format(name="APW20140304.0001", dct="2014-03-04", text=BRIDGE_VOTE))
    _write(folder / "APW20140305.0002.tml", TIMEML.format(name="APW20140305.0002", dct="2014-03-05", text=BRIDGE_VISIT))
    return folder


def _run_cli(folder: Path, out: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", "pubdate", str(folder), "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures: dict[str, Any] = json.loads(out.read_text())
    return figures


@pytest.fixture(scope="module")
def t17_figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("t17")
    return _run_cli(make_timeline17(root), root / "figures.json")


@pytest.fixture(scope="module")
def timeml_figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("tml")
    return _run_cli(make_timeml(root), root / "figures.json")


def _outcome(truth: str, day: str | None, granularity: str = "day", **kw: Any) -> Outcome:
    if day is None:
        return Outcome(date.fromisoformat(truth), None, **kw)
    start = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Outcome(date.fromisoformat(truth), Published(When(start, granularity), "inferred", 0.5), **kw)  # type: ignore[arg-type]


def test_pubdate_json_names_every_metric(t17_figures: dict[str, Any]) -> None:
    for name in (*SHARES, "articles", "skipped", "by_how", "per_topic"):
        assert name in t17_figures, name
    assert all(0.0 <= t17_figures[name] <= 1.0 for name in SHARES)
    assert set(t17_figures["by_how"]) == {"metadata", "dateline", "text", "inferred"}
    assert all(set(row) == {"articles", "exact", "within_7_days"} for row in t17_figures["by_how"].values())


def test_pubdate_per_topic_has_main_figures(t17_figures: dict[str, Any]) -> None:
    assert set(t17_figures["per_topic"]) == {"harbour_fire", "vote_count"}
    for row in t17_figures["per_topic"].values():
        assert all(name in row for name in MAIN)
    assert t17_figures["articles"] == 6
    assert sum(row["articles"] for row in t17_figures["per_topic"].values()) == 6


def test_pubdate_skipped_input_counts_as_undated(t17_figures: dict[str, Any]) -> None:
    vote = t17_figures["per_topic"]["vote_count"]
    assert vote["skipped"] == 1 and t17_figures["skipped"] == 1
    assert vote["coverage"] <= 2 / 3
    assert t17_figures["coverage"] <= 5 / 6


def test_pubdate_merged_duplicate_keeps_its_own_truth(t17_figures: dict[str, Any]) -> None:
    vote = t17_figures["per_topic"]["vote_count"]
    assert t17_figures["merged"] == 1
    assert vote["exact"] == pytest.approx(1 / 3)  # the copy filed two days later takes the kept one's date
    assert vote["within_7_days"] == pytest.approx(2 / 3)


def test_pubdate_stated_date_line_is_exact(tmp_path: Path) -> None:
    _, items = find_items(make_timeline17(tmp_path) / "harbour_fire")
    outcomes = date_collection(items, api.build_config(stages=pubdate.STAGES))
    stated = outcomes[0]
    assert stated.published is not None and stated.published.how == "text"
    assert stated.error_days == 0


def test_pubdate_coverage_counts_undated_as_misses() -> None:
    outcomes = [_outcome("2016-08-16", "2016-08-16"), _outcome("2016-08-17", None),
                _outcome("2016-08-18", None, skipped=True), _outcome("2016-08-19", "2016-08-21")]
    figures = score(outcomes)
    assert figures["coverage"] == 0.5 and figures["skipped"] == 1
    assert figures["exact"] == 0.25 and figures["exact_of_dated"] == 0.5
    assert figures["within_1_day"] == 0.25 and figures["within_7_days"] == 0.5
    assert figures["within_7_days_of_dated"] == 1.0
    assert figures["by_how"]["inferred"] == {"articles": 2, "exact": 0.5, "within_7_days": 1.0}
    assert figures["by_how"]["dateline"] == {"articles": 0, "exact": None, "within_7_days": None}


def test_pubdate_month_counts_only_on_its_first_day() -> None:
    figures = score([_outcome("2016-08-16", "2016-08-01", "month"), _outcome("2016-08-01", "2016-08-01", "month")])
    assert figures["exact"] == 0.5 and figures["within_7_days"] == 0.5


def test_pubdate_timeml_text_only_and_dates_hidden(tmp_path: Path, cfg: Config) -> None:
    _, items = find_items(make_timeml(tmp_path))
    article = read_article(items[0], "a00000", cfg)
    assert items[0].truth == date(2014, 3, 4)
    assert (article.id, article.source, article.published) == ("a00000", "a00000", None)
    assert article.text.strip().startswith("The town council of Brackley") and "APW" not in article.text


def test_pubdate_timeml_figures(timeml_figures: dict[str, Any]) -> None:
    assert timeml_figures["layout"] == "timeml" and timeml_figures["articles"] == 2
    assert timeml_figures["stated"] == 0.0
    assert "per_topic" not in timeml_figures
    assert all(0.0 <= timeml_figures[name] <= 1.0 for name in ("coverage", "exact", "within_1_day", "within_7_days"))


def test_pubdate_neither_layout_is_usage_error(tmp_path: Path) -> None:
    _write(tmp_path / "notes" / "a.txt", "Nothing to evaluate here.")
    result = runner.invoke(app, ["eval", "pubdate", str(tmp_path / "notes")])
    assert result.exit_code == 2
    assert "neither TimeML (.tml) files nor <topic>/InputDocs/ folders" in result.output
    assert "Traceback" not in result.output


@pytest.mark.external
def test_pubdate_real_timeline17_quick_check() -> None:
    folder = DATA / "timeline17"
    if not folder.is_dir():
        pytest.skip(f"Timeline17 is not at {folder}")
    figures = pubdate.evaluate(folder, limit=25)
    assert figures["articles"] == 25 and figures["layout"] == "timeline17"
    assert all(0.0 <= figures[name] <= 1.0 for name in SHARES)


def test_pubdate_by_story_dates_one_outlet_from_another(tmp_path: Path) -> None:
    docs = tmp_path / "t17"
    _write(docs / "fire_gazette/InputDocs/2016-08-16/1.htm.txt", FIRE_STATED)
    _write(docs / "fire_herald/InputDocs/2016-08-17/2.htm.txt",
           "Fire crews fought a blaze at the old Kelmarsh harbour warehouse on Tuesday night, the fire service said. "
           "No one was hurt in the fire at the warehouse.\n")
    alone = pubdate.evaluate(docs)
    together = pubdate.evaluate(docs, by_story=True)
    assert (alone["grouping"], alone["collections"]) == ("topic", 2)
    assert (together["grouping"], together["collections"]) == ("story", 1)
    assert set(together["per_topic"]) == {"fire_gazette", "fire_herald"}
    assert alone["per_topic"]["fire_herald"]["within_7_days"] == 0.0
    assert together["per_topic"]["fire_herald"]["within_7_days"] == 1.0


WEB_PAGE = """<!DOCTYPE html><html><head><title>Kelmarsh harbour fire</title>
<meta property="article:published_time" content="{day}T08:00:00+00:00"></head><body>
<article><h1>Kelmarsh harbour fire</h1>
<p>Fire crews in the port town of Kelmarsh fought a blaze at the old harbour warehouse through the night,
the fire service said. No one was hurt, and the cause is not yet known.</p>
<p>Investigators said the warehouse had stood empty for two years and that its owners planned to rebuild it
once the site was safe.</p></article></body></html>"""


def make_web(root: Path) -> Path:
    (root / "pages").mkdir(parents=True)
    gold = {}
    for n, (stated, truth) in enumerate([("2016-08-16", "2016-08-16"), ("2016-08-17", "2016-08-20")]):
        (root / "pages" / f"p{n}.html").write_text(WEB_PAGE.format(day=stated), encoding="utf-8")
        gold[f"https://example.org/{n}"] = {"file": f"p{n}.html", "date": truth}
    (root / "dates.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_eval_pubdate_reads_the_web_page_layout(tmp_path: Path) -> None:
    figures = pubdate.evaluate(make_web(tmp_path / "web"))
    assert figures["layout"] == "web"
    for system in ("storyline", "htmldate"):
        for mode in ("page", "page+url"):
            row = figures["scores"][f"{system} {mode} (all)"]
            assert (row["pages"], row["accuracy"], row["coverage"]) == (2, 0.5, 1.0)


@pytest.mark.external
@pytest.mark.slow
def test_eval_pubdate_dates_real_pages_as_well_as_htmldate() -> None:
    folder = DATA / "web"
    if not (folder / "dates.json").is_file():
        pytest.skip(f"the web pages are not at {folder}")
    scores = pubdate.evaluate(folder, limit=30)["scores"]
    for mode in ("page", "page+url"):
        assert scores[f"storyline {mode} (all)"]["accuracy"] >= scores[f"htmldate {mode} (all)"]["accuracy"]
