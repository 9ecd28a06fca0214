"""`storyline eval mds`: multi-document summarization scored as DUC scored it, on a tiny invented DUC-style
collection; the ROUGE counting on hand-computable examples and against rouge-score."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from rouge_score import rouge_scorer  # type: ignore[import-untyped]
from sumy.nlp.stemmers import Stemmer  # type: ignore[import-untyped]
from sumy.summarizers.lex_rank import LexRankSummarizer  # type: ignore[import-untyped]
from sumy.summarizers.text_rank import TextRankSummarizer  # type: ignore[import-untyped]
from sumy.utils import get_stop_words  # type: ignore[import-untyped]
from typer.testing import CliRunner

from storyline.cli import app
from storyline.evaluate import mds
from storyline.model import Article, Doc, Published, Sentence, Span, When

runner = CliRunner()

BRIDGE = {
    "docs/LNT20190304.0011.txt": (
        "LANTRY, March 4 - The old iron bridge over the river Ferrow in the town of Lantry collapsed early on "
        "Monday morning, a day after heavy rain swelled the river. No one was on the bridge when it fell, the town "
        "council said. Engineers had warned last year that the supports were badly rusted.\n"),
    "docs/LNT20190305.0020.txt": (
        "Divers searched the river Ferrow on Tuesday for a delivery van that may have been on the Lantry bridge "
        "when it collapsed. The driver, Tomas Reule, was later found safe at home, his employer said. The council "
        "closed both banks of the river to walkers while the wreck is cleared.\n"),
    "docs/LNT20190306.0007.txt": (
        "The mayor of Lantry, Ines Kavell, promised on Wednesday that a new bridge over the Ferrow would be built "
        "within two years. Until then a ferry will carry people across the river, and buses will run a long "
        "detour through the village of Osk. Shop owners said the detour would cost them customers.\n"),
    "docs/LNT20190308.0031.txt": (
        "An inquiry into the collapse of the Lantry bridge opened on Friday. Engineers told the inquiry that "
        "rust in the supports and the flood on Sunday together brought the bridge down. The council admitted "
        "it had delayed the repairs to save money.\n"),
    "models/A.txt": ("The iron bridge over the river Ferrow in Lantry collapsed on Monday after heavy rain. No one "
                     "was hurt. Engineers had warned that its supports were rusted, and an inquiry heard that the "
                     "council delayed repairs to save money. The mayor promised a new bridge within two years.\n"),
    "models/B.txt": ("Lantry's old bridge fell into the flooded Ferrow on Monday. A van driver feared lost was found "
                     "safe. A ferry and bus detour replace the bridge until a new one is built, and an inquiry "
                     "blamed rust and the flood.\n"),
    "topic.txt": "Why did the Lantry bridge collapse, and what will replace it?\n",
}
FESTIVAL = {
    "docs/ORV20200811.0002.txt": (
        "ORVALE, Aug 11 - More than ten thousand people came to the lantern festival in the hill town of Orvale "
        "on Saturday night, the largest crowd in its forty-year history. Paper lanterns were floated on the lake "
        "after sunset, and the streets were closed to cars.\n"),
    "docs/ORV20200812.0009.txt": (
        "Organisers of the Orvale lantern festival said on Sunday that volunteers had collected every lantern "
        "from the lake by morning. The festival director, Maren Solt, thanked the town's fire brigade, which "
        "watched the lake all night. Hotels in Orvale were full for the whole weekend.\n"),
    "docs/ORV20200814.0015.txt": (
        "Shops and restaurants in Orvale reported their busiest weekend of the year during the lantern festival. "
        "The town council said it would add a second night next year because of the crowds. Some residents "
        "complained about the noise and the parked cars on their streets.\n"),
    "models/A.txt": ("A record crowd of more than ten thousand people attended Orvale's lantern festival, floating "
                     "paper lanterns on the lake. Volunteers cleared the lake by morning, businesses had their "
                     "busiest weekend, and the council plans a second night next year.\n"),
    "models/B.txt": ("Orvale's forty-year-old lantern festival drew its largest crowd ever. The fire brigade watched "
                     "the lake, hotels were full, and despite complaints about noise the festival will grow to two "
                     "nights.\n"),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def make_duc(root: Path) -> Path:
    _write(root / "d001_bridge", BRIDGE)
    _write(root / "d002_festival", FESTIVAL)
    return root


@pytest.fixture(scope="module")
def duc_figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = make_duc(tmp_path_factory.mktemp("duc"))
    out = root / "figures.json"
    result = runner.invoke(app, ["eval", "mds", str(root), "--word-limit", "60", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "lexrank" in result.output
    figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return figures


def test_mds_su4_counts_hand_example() -> None:
    # ROUGE-1.5.5 -2 4 -u: every token but the last as a unigram, pairs at most 4 tokens apart
    assert mds.skip_bigrams(["a", "b", "c"]) == {("a",): 1, ("b",): 1, ("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}
    seven = mds.skip_bigrams(list("abcdefg"))
    assert ("a", "f") in seven and ("a", "g") not in seven  # 4 tokens between a and f, 5 between a and g
    assert sum(seven.values()) == 6 + (5 + 5 + 4 + 3 + 2 + 1)
    same = mds.rouge("a b c", ["a b c"], 250)
    assert same["rougesu4_recall"] == same["rougesu4_f1"] == 1.0
    half = mds.rouge("a b", ["a b c"], 250)  # peer: a, ab (2); model: a, b, ab, ac, bc (5); hits 2
    assert half["rougesu4_recall"] == pytest.approx(2 / 5)
    assert half["rougesu4_f1"] == pytest.approx(2 * 1.0 * 0.4 / 1.4)


def test_mds_rouge_1_2_match_rouge_score_for_one_model() -> None:
    model = "The ferry Calder sank off Pellmarsh on Tuesday; rescuers pulled 40 people from the freezing water."
    peer = "Rescuers pulled forty people from the water after the ferry Calder was sinking near Pellmarsh."
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True).score(model, peer)
    ours = mds.rouge(peer, [model], 250)
    for n in (1, 2):
        assert ours[f"rouge{n}_recall"] == pytest.approx(theirs[f"rouge{n}"].recall)
        assert ours[f"rouge{n}_f1"] == pytest.approx(theirs[f"rouge{n}"].fmeasure)


def test_mds_jackknife_three_models_hand_computed() -> None:
    # peer "a b"; models "a", "b", "c d". Leave out "a": hits 1 of 3 model unigrams, precision 1/(2*2);
    # leave out "b": the same; leave out "c d": hits 2 of 2, precision 2/4.
    scores = mds.rouge("a b", ["a", "b", "c d"], 250)
    assert scores["rouge1_recall"] == pytest.approx((1 / 3 + 1 / 3 + 1) / 3)
    assert scores["rouge1_f1"] == pytest.approx((2 / 7 + 2 / 7 + 2 / 3) / 3)
    assert mds.rouge("a b", ["c d"], 250)["rouge1_recall"] == 0.0


def test_mds_word_limit_truncation() -> None:
    assert mds.truncate("one  two\nthree four", 3) == "one two three"
    assert mds.truncate("one two", 5) == "one two"
    # words past the limit are not scored, in the peer or in the models
    scores = mds.rouge("a b z z z", ["a b y y"], 2)
    assert scores["rouge1_recall"] == scores["rouge1_f1"] == 1.0


def _doc(ident: str, text: str, day: date | None) -> Doc:
    published = Published(When(datetime(day.year, day.month, day.day, tzinfo=UTC)), "metadata") if day else None
    spans = tuple(Sentence(Span(m.start(), m.end())) for m in re.finditer(r"\S[^.]*\.?", text))
    return Doc(article=Article(ident, ident, text, published=published), text=text, sentences=spans)


def test_mds_lead_takes_the_most_recent_document() -> None:
    older = _doc("b", "The bridge fell on Monday. No one was hurt", date(2019, 3, 4))
    newer = _doc("a", "An inquiry opened on Friday. Rust was blamed", date(2019, 3, 8))
    assert mds.lead_summary([older, newer], 250) == "An inquiry opened on Friday. Rust was blamed"
    assert mds.lead_summary([older, newer], 3) == "An inquiry opened"
    undated = [_doc("x1", "First words here. More", None), _doc("x2", "Last by name. Here", None)]
    assert mds.lead_summary(undated, 250) == "Last by name. Here"


def test_mds_fast_graphs_choose_what_sumy_chooses() -> None:
    docs = [_doc(name, text, None) for name, text in BRIDGE.items() if name.startswith("docs/")]
    document = mds.sumy_document(docs)
    for name, stock in (("lexrank", LexRankSummarizer), ("textrank", TextRankSummarizer)):
        reference = stock(Stemmer("english"))
        reference.stop_words = get_stop_words("english")
        assert mds.summarizer(name)(document, 4) == reference(document, 4)


def test_mds_sumy_summary_reaches_the_word_limit() -> None:
    docs = [_doc("a", "The bridge over the Ferrow fell on Monday after rain. No one was hurt in the fall. "
                      "The council had delayed repairs to the bridge. A ferry will carry people across the river",
                 None)]
    for name in ("lexrank", "textrank"):
        summary = mds.sumy_summary(docs, name, 12)
        assert len(summary.split()) == 12


def test_mds_duc_figures_names_and_ranges(duc_figures: dict[str, Any]) -> None:
    assert duc_figures["layout"] == "duc"
    assert duc_figures["clusters"] == 2
    assert duc_figures["word_limit"] == 60
    assert duc_figures["models_per_cluster"] == 2 and duc_figures["jackknifed"] is True
    assert "-2 4 -U -l 60 -f A" in duc_figures["settings"]
    assert set(duc_figures["systems"]) == set(mds.SYSTEMS)
    for system in duc_figures["systems"].values():
        assert set(system) == set(mds.METRICS)
        assert all(0.0 <= value <= 1.0 for value in system.values())
        assert system["rouge1_recall"] > 0.1  # every system picks some of the story's words
    assert "storyline_vs_lexrank_rouge2_f1" in duc_figures


def test_mds_one_cluster_folder(tmp_path: Path) -> None:
    _write(tmp_path, FESTIVAL)
    layout, clusters, _ = mds.find_clusters(tmp_path)
    assert layout == "duc" and [c.name for c in clusters] == [tmp_path.name]
    assert clusters[0].size == 3 and len(clusters[0].models) == 2 and clusters[0].topic is None
    _, both, _ = mds.find_clusters(make_duc(tmp_path / "two"))
    assert [c.topic for c in both] == ["Why did the Lantry bridge collapse, and what will replace it?", None]


def test_mds_timeline17_clusters_by_gold_date(tmp_path: Path) -> None:
    topic = tmp_path / "flood_gazette"
    for day, n in (("2019-03-03", 1), ("2019-03-04", 2), ("2019-03-06", 1), ("2019-03-20", 1)):
        for i in range(n):
            _write(topic / "InputDocs" / day, {f"{i}.htm.txt": BRIDGE["docs/LNT20190304.0011.txt"]})
    _write(topic / "timelines", {"gazette.txt": "2019-03-04\nThe Lantry bridge collapsed , officials said .\n"
                                                "----------\n2019-03-20\nA ferry started .\n----------\n"})
    layout, clusters, small = mds.find_clusters(tmp_path, window=2)
    assert layout == "timeline17" and small == 1  # 2019-03-20 has one article within two days
    assert [(c.name, c.size, c.models) for c in clusters] == [
        ("flood_gazette/gazette/2019-03-04", 4, ("The Lantry bridge collapsed, officials said.",))]
    ids = [a.id if isinstance(a, Article) else a for a in clusters[0].inputs()]
    assert ids == ["2019-03-04/0", "2019-03-04/1", "2019-03-03/0", "2019-03-06/0"]
    _, capped, _ = mds.find_clusters(tmp_path, window=2, max_articles=3)
    assert len(capped[0].inputs()) == 3


@pytest.mark.parametrize(("files", "message"), [
    ({"notes/readme.txt": "nothing here"}, "neither layout"),
    ({"c1/docs/a.txt": BRIDGE["docs/LNT20190304.0011.txt"]}, "no model summary"),
    ({"c1/docs/a.txt": "  \n", "c1/models/A.txt": "A summary."}, "no document with any text"),
])
def test_mds_bad_input_is_a_usage_error(tmp_path: Path, files: dict[str, str], message: str) -> None:
    _write(tmp_path, files)
    result = runner.invoke(app, ["eval", "mds", str(tmp_path)])
    assert result.exit_code == 2
    assert "error:" in result.output and message in " ".join(result.output.split())
    assert "Traceback" not in result.output
