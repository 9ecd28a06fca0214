"""`storyline eval clusters`: B-cubed and ARI by hand, the stream's order, the gold layouts read from
invented folders, the command's JSON, and a small slice of the development stream."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.evaluate.clusters import (
    GoldArticle,
    adjusted_rand,
    evaluate,
    find_articles,
    half_of,
    score,
    stream_order,
)
from tests.builders import default_config
from tests.conftest import DATA

runner = CliRunner()

FIRE = ["Fire crews in the port town of Kelmarsh fought a blaze at the Kelmarsh harbour warehouse through the "
        "night, the Kelmarsh Fire Service said. No one was hurt.",
        "Investigators said the fire at the Kelmarsh harbour warehouse was started by an electrical fault, the "
        "Kelmarsh Fire Service said on Wednesday.",
        "The owners of the Kelmarsh harbour warehouse destroyed by fire plan to rebuild it, the Kelmarsh Harbour "
        "Board said."]
VOTE = ["Polling stations across the county of Dunmore opened early, and Dunmore Council officials expected a "
        "high turnout in the closely fought council election.",
        "The Dunmore Council election was won by the Green Alliance, Dunmore Council officials said after the "
        "count, with turnout at a record high.",
        "The Green Alliance took control of Dunmore Council after the election and named Anna Kowalski its "
        "leader."]


def test_eval_clusters_bcubed_by_hand() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    figures = score(predicted, gold)
    assert figures["bcubed_precision"] == pytest.approx(0.75)
    assert figures["bcubed_recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-4)
    assert (figures["stories_found"], figures["stories_gold"], figures["articles"]) == (2, 2, 4)


def test_eval_clusters_ari_perfect_and_chance() -> None:
    gold = {k: k[0] for k in ("a1", "a2", "a3", "b1", "b2", "b3")}
    assert adjusted_rand(gold, gold, list(gold)) == pytest.approx(1.0)
    one = {k: "all" for k in gold}
    assert adjusted_rand(one, gold, list(gold)) == pytest.approx(0.0)


def test_eval_clusters_stream_order_undated_last_by_name() -> None:
    def art(name: str, day: date | None) -> GoldArticle:
        return GoldArticle("s", "g", name, None, "text", day)

    order = stream_order([art("z", None), art("b", date(2010, 5, 2)), art("a", None), art("c", date(2010, 5, 1))])
    assert [a.name for a in order] == ["c", "b", "a", "z"]


def test_eval_clusters_reads_the_gold_layouts(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "fire").mkdir(parents=True)
    (plain / "fire" / "one.txt").write_text(FIRE[0])
    t17 = tmp_path / "t17"
    for outlet, day in (("vote_bbc", "2015-05-07"), ("vote_reuters", "2015-05-08")):
        (t17 / outlet / "InputDocs" / day).mkdir(parents=True)
        (t17 / outlet / "InputDocs" / day / "1.htm.txt").write_text(VOTE[0])
        (t17 / outlet / "timelines").mkdir()
        (t17 / outlet / "timelines" / "gold.txt").write_text("2015-05-07\nnot an article\n")
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "a.txt").write_text(VOTE[1])
    naf = tmp_path / "naf" / "corpus_x"
    naf.mkdir(parents=True)
    (naf / "1.xml").write_text('<?xml version="1.0" ?><Document doc_id="1"><token sentence="0">Title</token>'
                               '<token sentence="1">Body</token><token sentence="1">.</token>'
                               '<Markables><TIMEX3 functionInDocument="CREATION_TIME" value="2008-03-01"/>'
                               '</Markables></Document>')
    articles = find_articles([plain, t17, flat, tmp_path / "naf"], default_config().ingest)
    by_story = {a.name: (a.story, a.day) for a in articles}
    assert by_story["plain/fire/one.txt"] == ("plain/fire", None)
    assert by_story["t17/vote_bbc/InputDocs/2015-05-07/1.htm.txt"] == ("t17/vote", date(2015, 5, 7))
    assert by_story["t17/vote_reuters/InputDocs/2015-05-08/1.htm.txt"][0] == "t17/vote"
    assert by_story["flat/a.txt"] == ("flat/flat", None)
    naf_article = next(a for a in articles if a.source == "naf")
    assert (naf_article.title, naf_article.text, naf_article.day) == ("Title", "Body.", date(2008, 3, 1))
    assert len(articles) == 5  # the gold timelines are not articles


def test_eval_clusters_half_is_stable() -> None:
    assert half_of("t17/bpoil") == half_of("t17/bpoil") and {half_of(f"s{i}") for i in range(20)} == {"a", "b"}


def test_eval_clusters_command_writes_json(tmp_path: Path) -> None:
    for story, texts in (("fire", FIRE), ("vote", VOTE)):
        (tmp_path / "gold" / story).mkdir(parents=True)
        for i, text in enumerate(texts):
            (tmp_path / "gold" / story / f"{i}.txt").write_text(text)
    out = tmp_path / "figures.json"
    result = runner.invoke(app, ["eval", "clusters", str(tmp_path / "gold"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "ari", "stories_found", "stories_gold",
                "articles", "per_source"):
        assert key in figures
    assert figures["articles"] == 6 and figures["stories_gold"] == 2 and figures["bcubed_precision"] == 1.0
    bad = runner.invoke(app, ["eval", "clusters", str(tmp_path / "gold"), "--half", "c"])
    assert bad.exit_code == 2 and "--half" in bad.output


@pytest.mark.external
@pytest.mark.slow
def test_eval_clusters_dev_slice_lookalike_pairs(tmp_path: Path) -> None:
    ecb = DATA / "stories" / "ecbplus"
    if not ecb.is_dir():
        pytest.skip(f"the story data are not at {ecb}")
    root = tmp_path / "ecbplus"
    root.mkdir()
    for name in ("ecbplus-01-ecb", "ecbplus-01-ecbplus", "ecbplus-03-ecb", "ecbplus-03-ecbplus"):
        (root / name).symlink_to(ecb / name)
    cfg = default_config()
    figures = evaluate([root], cfg=cfg.cluster, ingest=cfg.ingest)
    assert figures["stories_gold"] == 4
    assert figures["bcubed_f1"] >= 0.75 and figures["bcubed_recall"] >= 0.9
