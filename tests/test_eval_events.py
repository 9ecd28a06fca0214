"""`storyline eval events`: reading PLOVER gold records and scoring types and (source, type, target) triples,
on a small invented gold file built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.evaluate.events import GoldRecord, Prediction, evaluate, main_event, plover_type, read_records, score
from storyline.events.actors import load_dictionary
from storyline.events.coding import Coded
from storyline.model import Actor

RECORDS = [
    {"id": "T-1", "event": "SANCTION", "text": "Estonia imposed sanctions on Latvia on Monday.",
     "source": [{"actorText": "Estonia", "code": "EST"}], "target": [{"actorText": "Latvia", "code": "LVA"}]},
    {"id": "T-2", "event": "CONSULT", "text": "Norway and Finland held talks in Oslo on Tuesday.",
     "source": [{"actorText": "Norway", "code": "NOR"}, {"actorText": "Finland", "code": "FIN"}], "target": ""},
    {"id": "T-3", "event": "DEMAND", "text": "Chile praised Peru for the new border agreement.",
     "source": [{"actorText": "Chile", "code": "CHL"}], "target": [{"actorText": "Peru", "code": "PER"}]},
    {"id": "T-4", "event": "DOCUMENT", "comment": "not an event"},
]


def _write(tmp_path: Path, records: list[dict[str, object]], name: str = "gold.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_eval_events_reads_a_file_and_leaves_out_non_events(tmp_path: Path) -> None:
    records, left_out = read_records(_write(tmp_path, RECORDS))
    assert [r.id for r in records] == ["T-1", "T-2", "T-3"]
    assert left_out == 1
    assert records[1].triples == {("NOR", "CONSULT", "-"), ("FIN", "CONSULT", "-")}


def test_eval_events_reads_a_folder_and_json_lines(tmp_path: Path) -> None:
    _write(tmp_path, RECORDS[:1], "a.json")
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS[1:3]) + "\n", encoding="utf-8")
    records, _ = read_records(tmp_path)
    assert [r.id for r in records] == ["T-1", "T-2", "T-3"]


def test_eval_events_no_records_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No gold records"):
        read_records(tmp_path)


def test_eval_events_scores_types_and_triples(tmp_path: Path) -> None:
    figures = evaluate(_write(tmp_path, RECORDS))
    assert figures["records"] == 3
    assert figures["type_accuracy"] == pytest.approx(2 / 3)  # T-3's praise is SUPPORT, not the gold's DEMAND
    assert (figures["matched_triples"], figures["gold_triples"], figures["system_triples"]) == (3, 4, 4)
    assert figures["triple_precision"] == pytest.approx(0.75)
    assert figures["triple_recall"] == pytest.approx(0.75)
    assert figures["triple_f1"] == pytest.approx(0.75)
    assert {"type_macro_f1", "records_left_out", "per_type"} <= set(figures)


def test_eval_events_score_counts_an_uncoded_record_as_wrong() -> None:
    gold = [GoldRecord("g", "text", "AID", frozenset({("USA", "AID", "HTI")}))]
    figures = score(gold, [Prediction(None, frozenset(), 0)])
    assert (figures["type_accuracy"], figures["triple_recall"], figures["type_macro_f1"]) == (0.0, 0.0, 0.0)


def _coded(code: str, status: str = "happened", reciprocal: bool = False, source: str = "EST",
           target: str | None = "LVA") -> Coded:
    return Coded(code, None, status, Actor(source, source, "GOV", source),  # type: ignore[arg-type]
                 Actor(target, target, "GOV", target) if target else None, 1, 0, reciprocal)


def test_eval_events_future_and_refusals_in_plover_terms() -> None:
    assert plover_type(_coded("AID", "future")) == "AGREE"
    assert plover_type(_coded("SANCTION", "future")) == "THREATEN"
    assert plover_type(_coded("AGREE", "negated")) == "REJECT"
    assert plover_type(_coded("FIGHT", "hypothetical")) == "FIGHT"


def test_eval_events_main_event_reciprocal_and_organizations() -> None:
    dictionary = load_dictionary("")
    pair = [(0, _coded("FIGHT", reciprocal=True)), (0, _coded("FIGHT", reciprocal=True, source="LVA", target="EST"))]
    assert main_event(pair, dictionary).triples == {("EST", "FIGHT", "-"), ("LVA", "FIGHT", "-")}
    un = [(0, _coded("DEMAND", source="UN", target="LVA"))]
    assert main_event(un, dictionary).triples == {("IGO", "DEMAND", "LVA")}
    deeper = [(0, Coded("AID", None, "happened", Actor("x", "EST", None, "x"), None, 4, 3)), *un]
    assert main_event(deeper, dictionary).event == "DEMAND"  # the event nearest the root


def test_eval_events_halves_are_stable_and_reported(tmp_path: Path) -> None:
    from storyline.evaluate.events import half_of

    records, _ = read_records(_write(tmp_path, RECORDS))
    assert [half_of(r) for r in records] == [half_of(r) for r in records]
    assert {half_of(GoldRecord(f"id-{n}", "x", "AGREE", frozenset())) for n in range(20)} == {"a", "b"}
    figures = evaluate(_write(tmp_path, RECORDS), lexicon="rules")
    halves = figures["halves"]
    assert halves["a"]["records"] + halves["b"]["records"] == figures["records"]
    assert figures["lexicon"] == "rules"


def test_eval_events_unknown_lexicon_is_an_error(tmp_path: Path) -> None:
    from storyline.errors import ConfigError

    with pytest.raises(ConfigError, match="Available: both, dictionaries, rules"):
        evaluate(_write(tmp_path, RECORDS), lexicon="cameo")
