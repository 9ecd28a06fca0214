"""The dates stage: publication dates inferred from the text and the collection, sentences dated."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storyline.config import Config
from storyline.model import Doc, Published, Story, When
from storyline.pipeline import Pipeline
from tests.builders import make_article

STAGES = ["clean", "sentences", "entities", "temporal", "timex", "dates"]
FILLER = "Farmers in the valley said the water level had fallen faster than anyone could remember."


def _doc(id: str, text: str, day: tuple[int, int, int] | None = None) -> Doc:
    published = Published(When(datetime(*day, tzinfo=UTC)), "metadata") if day else None
    return Doc(article=make_article(f"{text}\n\n{FILLER}", id=id, published=published))


def _run(cfg: Config, *docs: Doc) -> Story:
    return Pipeline(cfg, STAGES).run_many(list(docs))


def _published(story: Story, id: str) -> Published:
    published = story.doc(id).published
    assert published is not None, f"{id} got no date"
    return published


def test_dates_text_latest_named_day(cfg: Config) -> None:
    story = _run(cfg, _doc("a", "The dam was closed on 3 March 2021 and engineers began an inspection."))
    published = _published(story, "a")
    assert (published.when.iso(), published.how) == ("2021-03-03", "inferred")
    assert "3 March 2021" in published.reason


def test_dates_text_moves_to_a_named_weekday(cfg: Config) -> None:
    # 3 March 2021 was a Wednesday; the article also names Friday: it is from Friday 5 March.
    text = "The dam was closed on 3 March 2021. Engineers said on Friday that the cracks were deeper than feared."
    assert _published(_run(cfg, _doc("a", text)), "a").when.iso() == "2021-03-05"


def test_dates_collection_weekday_of_an_event_dated_elsewhere(cfg: Config) -> None:
    dated = _doc("dated", "The emergency meeting on the Greymoor dam was held in Tesselburg on 9 March 2021.",
                 (2021, 10, 1))
    relative = _doc("relative", "Ministers met in Tesselburg on Tuesday for an emergency meeting on the Greymoor dam.")
    published = _published(_run(cfg, dated, relative), "relative")
    assert published.when.iso() == "2021-03-09"  # a Tuesday: the article is from that week, on the day
    assert "dated" in published.reason and "Tuesday" in published.reason


def test_dates_collection_last_month_of_an_event_dated_elsewhere(cfg: Config) -> None:
    dated = _doc("dated", "The Greymoor dam burst its banks on 14 February 2021 after the storm.", (2021, 2, 15))
    relative = _doc("relative", "Repairs to the Greymoor dam, whose banks burst last month, will cost millions.")
    published = _published(_run(cfg, dated, relative), "relative")
    assert (published.when.iso(), published.when.granularity) == ("2021-03-01", "month")


def test_dates_collection_last_year_of_an_event_in_the_same_text(cfg: Config) -> None:
    text = ("Trade fell after last year's closure of the Greymoor dam. The Greymoor dam closure came in "
            "November 2020, after the storm.")
    published = _published(_run(cfg, _doc("a", text)), "a")
    assert (published.when.start.year, published.when.granularity) == (2021, "year")


def test_dates_collection_months_after_a_dated_event(cfg: Config) -> None:
    dated = _doc("dated", "The Greymoor dam collapse came in November 2020, flooding three villages.", (2021, 1, 5))
    relative = _doc("relative", "Nine months after the Greymoor dam collapse flooded three villages, rebuilding began.")
    published = _published(_run(cfg, dated, relative), "relative")
    assert (published.when.iso(), published.when.granularity) == ("2021-08-01", "month")


def test_dates_opening_in_present_tense_reports_its_own_day(cfg: Config) -> None:
    dated = _doc("dated", "The minister visited the Greymoor dam site in Tesselburg on 9 March 2021.", (2021, 3, 10))
    today = _doc("today", "The minister is at the Greymoor dam site in Tesselburg to inspect the repairs.")
    assert _published(_run(cfg, dated, today), "today").when.iso() == "2021-03-09"


def test_dates_no_evidence_leaves_the_date_null(cfg: Config) -> None:
    story = _run(cfg, _doc("a", "Engineers said the cracks were deeper than they had feared."))
    assert story.doc("a").published is None


def test_dates_stated_date_is_kept(cfg: Config) -> None:
    story = _run(cfg, _doc("a", "The dam was closed on 3 March 2021.", (2021, 3, 4)))
    assert (_published(story, "a").when.iso(), _published(story, "a").how) == ("2021-03-04", "metadata")


def test_dates_sentences_take_their_own_date_or_the_articles(cfg: Config) -> None:
    text = "The dam was closed on 3 March 2021. Repairs must be finished by October. Engineers are worried."
    doc = _run(cfg, _doc("a", text, (2021, 3, 4))).doc("a")
    dated = [(s.span.text_of(doc.text)[:12], s.when.iso() if s.when else None, s.when_how) for s in doc.sentences]
    assert dated[0] == ("The dam was ", "2021-03-03", "text")
    assert dated[1] == ("Repairs must", "2021-03-04", "published")  # "by October" bounds it, does not date it
    assert dated[2][1:] == ("2021-03-04", "published")


def test_dates_relative_expressions_resolved_against_the_inferred_date(cfg: Config) -> None:
    text = "The dam was closed on Wednesday, 3 March 2021. Engineers said yesterday that the cracks were deep."
    doc = _run(cfg, _doc("a", text)).doc("a")
    values = {t.span.text_of(doc.text): t.value for t in doc.timexes}
    assert values["yesterday"] == "2021-03-02"


def test_dates_collection_yesterday_of_an_event_dated_elsewhere(cfg: Config) -> None:
    dated = _doc("dated", "The Greymoor dam gates were opened in Tesselburg on 9 March 2021.", (2021, 3, 9))
    relative = _doc("relative", "The Greymoor dam gates were opened in Tesselburg yesterday, flooding fields.")
    published = _published(_run(cfg, dated, relative), "relative")
    assert (published.when.iso(), published.how) == ("2021-03-10", "inferred")


def test_dates_sentence_read_against_a_weak_date_is_as_weak(cfg: Config) -> None:
    weak = Published(When(datetime(2021, 8, 15, tzinfo=UTC)), "inferred", 0.3, "weak clue")
    text = "The truce agreed in December held. The dam was closed on 3 March 2021 after the floods."
    story = _run(cfg, Doc(article=make_article(f"{text}\n\n{FILLER}", id="w", published=weak)))
    doc = story.doc("w")
    sure = {s.span.text_of(doc.text)[:9]: (s.when_how, s.when_confidence) for s in doc.sentences}
    assert sure["The truce"] == ("text", 0.3)  # "in December" rests on the weak date
    assert sure["The dam w"] == ("text", 1.0)  # a full date does not
    assert sure["Farmers i"] == ("published", 0.3)


def test_dates_confidence_rises_with_agreeing_evidence() -> None:
    from storyline.time.confidence import Evidence, confidence_of

    similar_only = Evidence("neighbour", "day", 1, 1, 0.31, 1.0, False)
    own_and_event = Evidence("weekday", "day", 3, 2, 3.0, 0.8, True, near=2)
    year_only = Evidence("relative", "year", 1, 1, 0.5, 1.0, False)
    assert confidence_of(own_and_event) >= 0.8 > 0.5 > confidence_of(similar_only) > confidence_of(year_only)
    assert confidence_of(replace(similar_only, near=3)) > confidence_of(similar_only)  # the similar articles agree
