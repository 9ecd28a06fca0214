"""`storyline eval claims`: MEANTIME's event mentions read per sentence, and pairs scored across articles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from storyline.evaluate.claims import read_document
from tests.conftest import DATA

MEANTIME = DATA / "temporal" / "meantime_newsreader_english_oct15" / "intra_cross-doc_annotation"
_DOC = """<Document doc_id="7" doc_name="x" lang="en">
<token sentence="0" t_id="1">Title</token>
<token sentence="1" t_id="2">May</token><token sentence="1" t_id="3">1</token>
<token sentence="2" t_id="4">Kell</token><token sentence="2" t_id="5">bought</token>
<token sentence="2" t_id="6">Marlow</token><token sentence="2" t_id="7">.</token>
<token sentence="3" t_id="8">It</token><token sentence="3" t_id="9">rained</token>
<token sentence="3" t_id="10">.</token>
<Markables>
<EVENT_MENTION m_id="1"><token_anchor t_id="5"/></EVENT_MENTION>
<TIMEX3 m_id="2" functionInDocument="CREATION_TIME" value="2010-05-01"/>
<EVENT m_id="3" instance_id="OTH1"/>
</Markables>
<Relations><REFERS_TO r_id="1"><source m_id="1"/><target m_id="3"/></REFERS_TO></Relations>
</Document>"""


def test_eval_claims_reads_each_sentence_event_instances(tmp_path: Path) -> None:
    path = tmp_path / "7.xml"
    path.write_text(_DOC, encoding="utf-8")
    gold = read_document(path)
    assert gold.article.text == "Kell bought Marlow.\n\nIt rained."  # title and date line left out
    assert [events for _, events in gold.sentences] == [frozenset({"OTH1"}), frozenset()]
    assert gold.article.published is not None and gold.article.published.when.iso() == "2010-05-01"
    span = gold.sentences[0][0]
    assert gold.article.text[span.start:span.end] == "Kell bought Marlow."
    ET.fromstring(_DOC)  # the invented file is well formed


@pytest.mark.external
@pytest.mark.slow
def test_eval_claims_scores_a_few_meantime_articles() -> None:
    if not MEANTIME.is_dir():
        pytest.skip(f"MEANTIME is not at {MEANTIME}")
    from storyline.evaluate.claims import evaluate

    figures = evaluate(MEANTIME, limit=4)
    assert set(figures["by_corpus"]) == {"corpus_airbus", "corpus_apple", "corpus_gm", "corpus_stock"}
    for name in ("pairwise_precision", "pairwise_recall", "pairwise_f1"):
        assert 0.0 <= figures[name] <= 1.0
    assert figures["candidates"] > 0
