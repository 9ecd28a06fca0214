"""The reports a person can check: citations lead to the cited sentence, short labels with the full id on
hover, every quote grouped by speaker, nationalities apart, and each summary sentence's date with how it
was found (a guess shown as a guess). Invented text throughout."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from storyline.model import (
    Citation,
    Doc,
    Entity,
    Published,
    Quote,
    Sentence,
    Span,
    Story,
    SummarySentence,
    Timex,
    When,
)
from storyline.render import html, markdown
from storyline.render.json import to_dict
from storyline.render.layout import Citer, labels, quotes_by_speaker, sentence_date
from tests.builders import make_article, make_story

MAY_3 = When(datetime(2021, 5, 3, tzinfo=UTC))
TEXT = "The ferry resumed on Monday. Crowds came. “It is back,” Lena Ortiz said."


def _article(id: str = "a", outlet: str | None = None, published: Published | None = None) -> dict[str, object]:
    return {"id": id, "outlet": outlet, "published": published.when.iso() if published else None,
            "published_granularity": published.when.granularity if published else None,
            "published_how": published.how if published else None, "sentences": [], "text": ""}


def _dated_story(sent: Sentence, *, timex: Timex | None = None, published: Published | None = None) -> Story:
    """One article whose first sentence (the summary's) is ``sent``."""
    published = published or Published(MAY_3, "metadata")
    doc = Doc(article=make_article(TEXT, id="ferry-report", outlet="Harbour News"), text=TEXT,
              outlet="Harbour News", published=published,
              sentences=(sent, Sentence(Span(29, 41)), Sentence(Span(42, 72))),
              timexes=(timex,) if timex else ())
    return Story(docs=(doc,), summary=(SummarySentence((Citation("ferry-report", Span(0, 28)),)),))


def test_report_html_gives_each_sentence_an_element_with_a_stable_id() -> None:
    page = html.render(_dated_story(Sentence(Span(0, 28))))
    assert '<span class="sent" id="s-ferry-report-0">The ferry resumed on Monday.</span> ' in page
    assert '<span class="sent" id="s-ferry-report-42">“It is back,” Lena Ortiz said.</span>' in page


def test_report_html_article_text_survives_the_cut_into_sentences() -> None:
    article = to_dict(_dated_story(Sentence(Span(0, 28))))["articles"][0]
    segments = Citer([article]).segments(article)
    assert "".join(s.text for s in segments) == TEXT
    assert [s.id for s in segments if s.id] == ["s-ferry-report-0", "s-ferry-report-29", "s-ferry-report-42"]


def test_report_html_cites_the_sentence_that_holds_a_quote() -> None:
    story = _dated_story(Sentence(Span(0, 28)))
    doc = replace(story.docs[0], quotes=(Quote(Span(42, 55), "Lena Ortiz", "said"),))
    page = html.render(replace(story, docs=(doc,)))
    quotes = page.split("<h2>Quotes</h2>")[1].split("<h2>")[0]
    assert 'href="#s-ferry-report-42" title="ferry-report">[Harbour News, 3 May 2021]</a>' in quotes


def test_report_html_summary_citation_leads_to_its_sentence() -> None:
    page = html.render(_dated_story(Sentence(Span(0, 28))))
    summary = page.split("<h2>Summary</h2>")[1].split("<h2>")[0]
    assert re.findall(r'href="#([^"]+)"', summary) == ["s-ferry-report-0"]


def test_report_cites_the_article_when_no_sentence_holds_the_span() -> None:
    citer = Citer([{**_article("a"), "sentences": [{"start": 0, "end": 10}]}])
    assert citer.cite("a", 4).target == "s-a-0"
    assert citer.cite("a", 12).target == "a-a"


def test_report_labels_cite_outlet_and_date() -> None:
    sure = Published(MAY_3, "metadata")
    found = labels([_article("long-file-name-1", "Harbour News", sure)])
    assert found == {"long-file-name-1": "Harbour News, 3 May 2021"}


def test_report_labels_mark_an_inferred_date_as_a_guess() -> None:
    guess = Published(When(datetime(2021, 5, 1, tzinfo=UTC), "month"), "inferred", 0.4)
    assert labels([_article("a", "Harbour News", guess)])["a"] == "Harbour News, May 2021?"


def test_report_labels_fall_back_to_a_short_id() -> None:
    assert labels([_article("20210503-ferry-resumes-at-dawn")])["20210503-ferry-resumes-at-dawn"] == "20210503…"


def test_report_labels_tell_apart_two_articles_that_would_share_one() -> None:
    sure = Published(MAY_3, "metadata")
    found = labels([_article("ferry-one", "Harbour News", sure), _article("ferry-two", "Harbour News", sure)])
    assert found == {"ferry-one": "Harbour News, 3 May 2021 · ferry-one",
                     "ferry-two": "Harbour News, 3 May 2021 · ferry-two"}


def test_report_html_shows_the_full_id_on_hover() -> None:
    story = _dated_story(Sentence(Span(0, 28)))
    page = html.render(replace(story, docs=(replace(story.docs[0], outlet=None),)))
    assert 'title="ferry-report">[ferry-re…, 3 May 2021]</a>' in page


def test_report_keys_stay_distinct_when_ids_differ_only_in_unsafe_characters() -> None:
    citer = Citer([_article("x/y"), _article("x_y")])
    assert citer.article_target("x/y") == "a-x_y" and citer.article_target("x_y") == "a-x_y-2"


def test_report_quotes_grouped_by_speaker_most_quoted_first_unknown_last() -> None:
    quotes = [{"speaker": s, "n": n} for n, s in enumerate(["Ortiz", None, "Brand", "Brand", "Ortiz", "Brand"])]
    groups = quotes_by_speaker(quotes)
    assert [(s, [q["n"] for q in qs]) for s, qs in groups] == [("Brand", [2, 3, 5]), ("Ortiz", [0, 4]), (None, [1])]


def test_report_quotes_said_together_are_one_group_named_for_every_speaker() -> None:
    quotes = [{"speaker": "Ortiz", "speakers": ["Ortiz", "Brand"], "n": 0},
              {"speaker": "Ortiz", "speakers": [], "n": 1}]
    assert [(s, [q["n"] for q in qs]) for s, qs in quotes_by_speaker(quotes)] == [("Ortiz and Brand", [0]),
                                                                                  ("Ortiz", [1])]


def _quoted_story(count: int) -> Story:
    text = " ".join(f"“Line {n} holds,” Ortiz said." for n in range(count))
    found = list(re.finditer(r"(“[^”]+”) Ortiz said\.", text))
    doc = Doc(article=make_article(text, id="q"), text=text,
              sentences=tuple(Sentence(Span(m.start(), m.end())) for m in found),
              quotes=tuple(Quote(Span(*m.span(1)), None if n == 3 else "Lena Ortiz", "said")
                           for n, m in enumerate(found)))
    return Story(docs=(doc,))


def test_report_markdown_shows_every_quote_by_speaker_with_counts() -> None:
    out = markdown.render(_quoted_story(40)).split("## Quotes")[1].split("\n## ")[0]
    assert "### Lena Ortiz (39)" in out and "### Speaker unknown (1)" in out
    assert out.index("### Lena Ortiz") < out.index("### Speaker unknown")
    assert sum(line.startswith("- “Line") for line in out.splitlines()) == 40


def test_report_html_shows_every_quote_by_speaker_with_counts() -> None:
    page = html.render(_quoted_story(40)).split("<h2>Quotes</h2>")[1].split("<h2>")[0]
    assert 'Lena Ortiz <span class="meta">(39)</span>' in page
    assert page.count('class="cite"') == 40


def _entity_story() -> Story:
    story = make_story()
    norp = Entity("norp:tesselian", "Tesselian", "NORP", ("Tesselian",), (Citation("a", Span(0, 3)),) * 9)
    return replace(story, entities=(norp, *story.entities))


def test_report_markdown_lists_nationalities_apart_from_who_and_what() -> None:
    out = markdown.render(_entity_story())
    who = out.split("## Who and what")[1].split("###")[0]
    assert "Tesselian" not in who and "| Ana Diaz |" in who
    assert "### Nationalities and groups\n\nTesselian (9 mentions in 1 article)" in out


def test_report_html_lists_nationalities_apart_from_who_and_what() -> None:
    page = html.render(_entity_story())
    who = page.split("<h2>Who and what</h2>")[1].split("<h3>")[0]
    assert "Tesselian" not in who and "<td>Ana Diaz</td>" in who
    assert "Tesselian" in page.split("<h3>Nationalities and groups</h3>")[1].split("</p>")[0]


def test_report_dates_a_summary_sentence_from_its_named_day() -> None:
    sent = Sentence(Span(0, 28), When(datetime(2021, 5, 3, tzinfo=UTC)), "text", 1.0)
    story = _dated_story(sent, timex=Timex(Span(21, 27), "DATE", "2021-05-03", "published"))
    line = markdown.render(story).split("## Summary")[1].split("## ")[0].splitlines()[-2]
    assert line == ("- **3 May 2021** The ferry resumed on Monday. [Harbour News, 3 May 2021] "
                    "*(“Monday”, read against the article's date)*")


def test_report_marks_a_summary_date_read_against_an_inferred_date_as_a_guess() -> None:
    guess = Published(MAY_3, "inferred", 0.56)
    sent = Sentence(Span(0, 28), When(datetime(2021, 5, 3, tzinfo=UTC)), "text", 0.56)
    article = to_dict(_dated_story(sent, timex=Timex(Span(21, 27), "DATE", "2021-05-03", "published"),
                                   published=guess))["articles"][0]
    dated = sentence_date(article, 0)
    assert (dated.label, dated.guess) == ("3 May 2021?", True)
    assert dated.how == "“Monday”, read against the article's inferred date, confidence 0.56"


def test_report_marks_a_summary_date_taken_from_an_inferred_article_date_as_a_guess() -> None:
    guess = Published(When(datetime(2021, 5, 1, tzinfo=UTC), "month"), "inferred", 0.39)
    sent = Sentence(Span(0, 28), guess.when, "published", 0.39)
    page = html.render(_dated_story(sent, published=guess))
    summary = page.split("<h2>Summary</h2>")[1].split("<h2>")[0]
    assert '<span class="when guess">May 2021?</span> The ferry resumed on Monday.' in summary
    assert "(from the article&#39;s inferred date, confidence 0.39; the sentence names none)" in summary


def test_report_shows_a_sure_article_date_without_a_question_mark() -> None:
    sent = Sentence(Span(0, 28), MAY_3, "published", 1.0)
    article = to_dict(_dated_story(sent))["articles"][0]
    assert sentence_date(article, 0).label == "3 May 2021"
    assert sentence_date(article, 0).how == "from the article's date; the sentence names none"


def test_report_html_every_link_leads_to_an_element_of_the_page() -> None:
    for story in (make_story(), _quoted_story(5), _entity_story()):
        page = html.render(story)
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        assert ids >= set(re.findall(r'href="#([^"]+)"', page))


@given(st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=12), st.data())
def test_report_html_sentences_keep_the_text_whole_with_unique_ids(lengths: list[int], data: st.DataObject) -> None:
    text = "".join(data.draw(st.text("ab. \n<&", min_size=n, max_size=n)) for n in lengths)
    cuts = [sum(lengths[:i]) for i in range(len(lengths) + 1)]
    kept = [(cuts[i], cuts[i + 1]) for i in range(len(lengths)) if data.draw(st.booleans())]
    article = {**_article("x"), "text": text, "sentences": [{"start": s, "end": e} for s, e in kept]}
    segments = Citer([article]).segments(article)
    assert "".join(s.text for s in segments) == text
    ids = [s.id for s in segments if s.id]
    assert len(ids) == len(set(ids)) == len(kept)


def test_report_timeline_date_placed_only_by_weak_dates_is_a_guess() -> None:
    out = markdown.render(make_story()).split("## Timeline")[1].split("\n## ")[0]
    assert "- **3 May 2021**" in out and "- **16 Aug 2021?**" in out


def test_report_html_timeline_date_placed_only_by_weak_dates_is_a_guess() -> None:
    page = html.render(make_story())
    assert '<td class="date doubt">16 Aug 2021?</td>' in page and '<td class="date">3 May 2021</td>' in page
