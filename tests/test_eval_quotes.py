"""`storyline eval quotes`: reading PolNeAR's brat files, mapping cleaned offsets back, and the scoring,
on a small invented article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import InputError
from storyline.evaluate.quotes import (
    Attribution,
    GoldDoc,
    Predicted,
    align,
    evaluate,
    group_quotes,
    quoted_share,
    read_ann,
    read_folder,
    score,
)
from storyline.model import Quote, Span
from tests.builders import default_config
from tests.conftest import DATA

TEXT = ("Bridge To Reopen In Spring.\n\n"
        "“The bridge will reopen in the spring,” Maria Lopez said on Tuesday.\n"
        "Tom Brown said that the repairs would cost more than planned.\n"
        "The council believes the town can pay for it.\n")


def _find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _ann(text: str) -> str:
    quote = _find(text, "“The bridge will reopen in the spring,”")
    lopez, said = _find(text, "Maria Lopez"), _find(text, "said on")
    report, brown = _find(text, "that the repairs would cost more than planned"), _find(text, "Tom Brown")
    belief = _find(text, "the town can pay for it")
    return (f"T1\tContent {quote[0]} {quote[1]}\t{text[quote[0]:quote[1]]}\n"
            f"T2\tSource {lopez[0]} {lopez[1]}\tMaria Lopez\n"
            f"T3\tCue {said[0]} {said[0] + 4}\tsaid\n"
            "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
            f"T5\tContent {report[0]} {report[1]}\t{text[report[0]:report[1]]}\n"
            f"T6\tSource {brown[0]} {brown[1]}\tTom Brown\n"
            "E2\tAttribution:T7 Content:T5 Source:T6\n"
            f"T8\tContent {belief[0]} {belief[1]}\t{text[belief[0]:belief[1]]}\n"
            "E3\tAttribution-no-source:T9 Content:T8\n"
            "#1\tAnnotatorNotes T1\ta note\n")


@pytest.fixture
def polnear(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "nyt_2016-01-01_bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "nyt_2016-01-01_bridge_b2.ann").write_text(_ann(TEXT), encoding="utf-8")
    (tmp_path / "attributions" / "nyt_2016-01-01_bridge_a1.ann").write_text(_ann(TEXT), encoding="utf-8")
    return tmp_path


def test_eval_quotes_reads_pieces_sources_and_no_source() -> None:
    ann = ("T1\tContent 10 20;30 40\tsome words ... more words\nof a second line\n"
           "T2\tSource 0 5\tJones\nE1\tAttribution:T3 Content:T1 Source:T2 Cue:T4\n"
           "T5\tContent 50 60\tmore\nE2\tAttribution-no-source:T6 Content:T5\n")
    assert read_ann(ann) == (Attribution((Span(10, 20), Span(30, 40)), (Span(0, 5),)),
                             Attribution((Span(50, 60),), ()))


def test_eval_quotes_folder_takes_the_first_annotator(polnear: Path) -> None:
    (polnear / "attributions" / "nyt_2016-01-01_bridge_b2.ann").write_text("", encoding="utf-8")
    docs = read_folder(polnear)
    assert [d.name for d in docs] == ["nyt_2016-01-01_bridge"] and len(docs[0].gold) == 3


def test_eval_quotes_folder_of_another_layout_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a PolNeAR folder"):
        read_folder(tmp_path)


def test_eval_quotes_direct_means_mostly_inside_marks() -> None:
    text = 'He said "we will win this" and left. They called it "bold" after the long and tiring vote.'
    assert quoted_share(text, [Span(0, 26)]) == pytest.approx(4 / 6)
    assert quoted_share(text, [Span(37, len(text))]) < 0.5


def test_eval_quotes_align_maps_cleaned_paragraphs_back() -> None:
    raw = "Headline Here.\n\nFirst line of text.\nSecond  line, here."
    cleaned = "First line of text.\n\nSecond line, here."
    to_raw = align(raw, cleaned)
    start = cleaned.index("Second")
    assert to_raw[start] == raw.index("Second")
    assert to_raw[cleaned.index("here.")] == raw.index("here.")


def test_eval_quotes_pieces_sharing_a_cue_are_one_attribution() -> None:
    quotes = [Quote(Span(0, 10), "A", "said", "direct", Span(12, 13), Span(14, 18)),
              Quote(Span(20, 30), "A", "said", "direct", Span(12, 13), Span(14, 18)),
              Quote(Span(40, 50), None, None, "direct")]
    assert [p.content for p in group_quotes(quotes)] == [(Span(0, 10), Span(20, 30)), (Span(40, 50),)]


def test_eval_quotes_scores_exact_token_and_speaker() -> None:
    text = "“We will rebuild the bridge soon,” Maria Lopez said. Tom Brown said the bridge is unsafe."
    quote, lopez = _find(text, "“We will rebuild the bridge soon,”"), _find(text, "Maria Lopez")
    clause, brown = _find(text, "the bridge is unsafe"), _find(text, "Tom Brown")
    gold = GoldDoc("d", text, (Attribution((Span(*quote),), (Span(*lopez),)),
                               Attribution((Span(*clause),), (Span(*brown),))))
    predicted = [Predicted((Span(*quote),), "Maria Lopez", Span(*lopez), True),
                 Predicted((Span(clause[0], clause[1] - 7),), "Jo Smith", Span(0, 2), False)]
    figures = score([gold], [predicted])
    assert figures["direct_content_f1_exact"] == figures["direct_speaker_accuracy"] == 1.0
    assert figures["all_content_precision_exact"] == figures["all_content_recall_exact"] == 0.5
    assert figures["all_content_recall_token"] == pytest.approx((1 + 3 / 4) / 2)
    assert figures["all_speaker_accuracy"] == 0.5


def test_eval_quotes_speaker_right_by_the_name_the_source_gives() -> None:
    text = "Lopez, the mayor, spoke. “We will rebuild the bridge,” said Maria Lopez at noon."
    quote = _find(text, "“We will rebuild the bridge,”")
    gold = GoldDoc("d", text, (Attribution((Span(*quote),), (Span(0, 16),)),))
    predicted = [Predicted((Span(*quote),), "Maria Lopez", Span(*_find(text, "Maria Lopez")), True)]
    assert score([gold], [predicted])["direct_speaker_accuracy"] == 1.0


def test_eval_quotes_end_to_end_through_the_stages(polnear: Path) -> None:
    figures = evaluate(polnear, default_config())
    assert figures["documents"] == 1 and figures["skipped"] == figures["unmapped"] == 0
    assert (figures["all_gold"], figures["direct_gold"]) == (3, 1)
    assert figures["direct_content_f1_exact"] == figures["direct_speaker_accuracy"] == 1.0
    assert figures["all_content_recall_exact"] == figures["all_speaker_accuracy"] == 1.0
    assert figures["quotes_ms_per_article"] >= 0


def test_eval_quotes_cli_writes_json(polnear: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", "quotes", str(polnear), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["direct_speaker_accuracy"] == 1.0


def test_eval_quotes_cli_bad_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "quotes", str(tmp_path)])
    assert result.exit_code == 2


@pytest.mark.external
@pytest.mark.slow
def test_eval_quotes_polnear_dev_sample() -> None:
    folder = DATA / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR is not at {folder}")
    figures = evaluate(folder, default_config(), limit=10)
    assert figures["documents"] == 10 and figures["all_gold"] > 0 and figures["unmapped"] == 0
