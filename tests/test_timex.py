"""The timex stage: time expressions found and normalised, each anchoring rule on its own."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.time.grammar import tag

THU = date(2016, 8, 11)  # a Thursday


def values(text: str, dct: date | None = THU) -> list[tuple[str, str]]:
    return [(t.span.text_of(text), t.value) for t in tag(text, dct)]


def value_of(text: str, phrase: str, dct: date | None = THU) -> str:
    found = [v for s, v in values(text, dct) if s == phrase]
    assert found, f"{phrase!r} not found in {values(text, dct)}"
    return found[0]


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The ministers met in the city on 9 August 2016.", "9 August 2016", "2016-08-09"),
    ("The ministers met on Aug. 9, 2016, in the city.", "Aug. 9, 2016", "2016-08-09"),
    ("The talks began on Tuesday, August 9, 2016.", "Tuesday, August 9, 2016", "2016-08-09"),
    ("The report is dated 2016-08-09.", "2016-08-09", "2016-08-09"),
    ("Exports fell in August 2016.", "August 2016", "2016-08"),
    ("Exports fell in 2015 and recovered.", "2015", "2015"),
    ("Trade grew through the 1990s.", "the 1990s", "199"),
    ("Profits rose in the third quarter of 2015.", "the third quarter of 2015", "2015-Q3"),
    ("Sales fell in the summer of 2015.", "the summer of 2015", "2015-SU"),
])
def test_timex_reads_absolute_forms(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The ministers met on Tuesday.", "Tuesday", "2016-08-09"),           # past: latest on or before
    ("The ministers will meet on Tuesday.", "Tuesday", "2016-08-16"),     # future: next on or after
    ("The ministers met last Tuesday.", "last Tuesday", "2016-08-09"),
    ("The ministers will meet next Tuesday.", "next Tuesday", "2016-08-16"),
    ("The minister said on Thursday that talks would go on.", "Thursday", "2016-08-11"),  # the DCT itself
])
def test_timex_anchors_weekdays_by_tense(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(("text", "dct", "value"), [
    ("The jet was shot down last November.", date(2016, 8, 16), "2015-11"),
    ("The jet was shot down last November.", date(2016, 12, 5), "2015-11"),  # the month just gone is "last month"
    ("Trade collapsed last May.", date(2016, 8, 16), "2016-05"),
])
def test_timex_last_month_name_is_the_one_before(text: str, dct: date, value: str) -> None:
    assert [v for _, v in values(text, dct)] == [value]


@pytest.mark.parametrize(("text", "value"), [
    ("The jet was shot down in November.", "2015-11"),   # past tense, a month after the DCT's: last year's
    ("The leaders will meet in November.", "2016-11"),   # future tense: this year's
    ("The embargo was lifted in June.", "2016-06"),
])
def test_timex_month_without_year_follows_tense(text: str, value: str) -> None:
    assert [v for _, v in values(text)] == [value]


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The minister spoke yesterday.", "yesterday", "2016-08-10"),
    ("The minister speaks today.", "today", "2016-08-11"),
    ("The minister speaks tomorrow.", "tomorrow", "2016-08-12"),
    ("The minister speaks tonight.", "tonight", "2016-08-11TNI"),
    ("The minister spoke three days ago.", "three days ago", "2016-08-08"),
    ("The minister spoke two weeks ago.", "two weeks ago", "2016-W30"),
    ("The minister spoke a year ago.", "a year ago", "2015"),
    ("Prices rose this week.", "this week", "2016-W32"),
    ("Prices rose last month.", "last month", "2016-07"),
    ("Prices will rise next year.", "next year", "2017"),
    ("Prices rose earlier this year.", "earlier this year", "2016"),
    ("Prices will rise in the coming days.", "the coming days", "FUTURE_REF"),
    ("Prices are rising now.", "now", "PRESENT_REF"),
    ("Prices rose recently.", "recently", "PAST_REF"),
    ("Profits fell in the second quarter.", "the second quarter", "2016-Q2"),
    ("Profits fell in the fourth quarter.", "the fourth quarter", "2015-Q4"),  # not yet come this year
    ("Profits fell in the latest quarter.", "the latest quarter", "2016-Q2"),
    ("Tourists stayed away last summer.", "last summer", "2015-SU"),
    ("The vote will be at 3 p.m. on Tuesday.", "3 p.m. on Tuesday", "2016-08-16T15:00"),
])
def test_timex_anchors_deictic_expressions_to_the_dct(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(("text", "phrase", "value", "kind"), [
    ("Talks lasted nine months.", "nine months", "P9M", "DURATION"),
    ("The feud lasted two decades.", "two decades", "P20Y", "DURATION"),
    ("The siege lasted three hours.", "three hours", "PT3H", "DURATION"),
    ("The feud lasted several years.", "several years", "PXY", "DURATION"),
    ("The council meets every week.", "every week", "P1W", "SET"),
])
def test_timex_marks_durations_and_sets_off_the_calendar(text: str, phrase: str, value: str, kind: str) -> None:
    found = [t for t in tag(text, THU) if t.span.text_of(text) == phrase]
    assert [(t.value, t.type) for t in found] == [(value, kind)]


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The boy must be returned by 14 January.", "14 January", "2017-01-14"),  # a deadline: the next one
    ("The dividend is payable Dec. 7 to holders of record.", "Dec. 7", "2016-12-07"),
    ("Talks were extended to Nov. 16, officials said.", "Nov. 16", "2016-11-16"),
    ("The minister said the deal would be signed by October.", "October", "2016-10"),
])
def test_timex_deadline_points_to_the_next_such_date(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


def test_timex_event_anchored_duration_keeps_the_duration_only() -> None:
    text = "Nine months after the shootdown, the leaders met again."
    assert values(text) == [("Nine months", "P9M")]


def test_timex_without_dct_leaves_relative_values_open() -> None:
    text = "The ministers met on Tuesday, and the jet was downed last November."
    assert values(text, None) == [("Tuesday", "XXXX-WXX-2"), ("last November", "XXXX-11")]


@pytest.mark.parametrize("text", ["The plan drew 2000 people to the square.", "It cost $2016.",
                                  "She is 45 years old.", "About three-quarters of the budget went to roads."])
def test_timex_ignores_numbers_that_are_not_times(text: str) -> None:
    assert values(text) == []


def test_timex_amount_per_unit_is_a_set() -> None:
    text = "Rent costs $900 a month."
    assert [(t.span.text_of(text), t.type, t.value) for t in tag(text, THU)] == [("a month", "SET", "P1M")]


_VALUE = re.compile(r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF|P(?:T?(?:\d+(?:\.\d+)?|X)[YMWDHS]|(?:\d+|X)DE)"
                    r"|(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:\d|WE))?|-Q[1-4X]"
                    r"|-(?:SP|SU|FA|WI))?(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?|\d{2,3}|XXXX-WXX-\d)$")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))))
def test_timex_never_raises_and_values_are_iso(text: str, dct: date | None) -> None:
    for timex in tag(text, dct):
        assert 0 <= timex.span.start < timex.span.end <= len(text)
        assert _VALUE.match(timex.value), timex.value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["on Tuesday", "last November", "in 2015", "three days ago", "next week", "the",
                                 "ministers", "met", "will", "said", "9 August 2016", "in the summer", "now", ",",
                                 "nine months after", "every year", "at 3 p.m.", "the 1990s", "Q3 2016"]),
                max_size=25),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))
def test_timex_values_valid_on_newsy_text(words: list[str], dct: date) -> None:
    text = " ".join(words)
    for timex in tag(text, dct):
        assert _VALUE.match(timex.value), (timex.value, text)


# --- rules added with the TempEval-3 error analysis (each a general reading, not a file's quirk) -----

FRI = date(2000, 1, 7)  # a Friday
MON = date(1989, 10, 30)  # a Monday


@pytest.mark.parametrize(("text", "phrase", "dct", "value"), [
    # a participle after "will be" / "would still be" is future, not a past marker
    ("The increased dividend will be paid Dec. 14 to holders.", "Dec. 14", date(1989, 10, 26), "1989-12-14"),
    ("The summit would still be held on April 24, he said.", "April 24", date(1999, 2, 10), "1999-04-24"),
    # "United" is no past-tense verb
    ("The father would be traveling to the United States Thursday.", "Thursday", FRI, "2000-01-13"),
    ("He could come as early as Tuesday.", "Tuesday", FRI, "2000-01-11"),
    ("Talks are set to resume Monday.", "Monday", FRI, "2000-01-10"),
    # a scheduled time that has passed
    ("The offer had been due to expire Friday evening.", "Friday evening", MON, "1989-10-27TEV"),
])
def test_timex_tense_markers(text: str, phrase: str, dct: date, value: str) -> None:
    assert value_of(text, phrase, dct) == value


@pytest.mark.parametrize(("text", "phrase", "dct", "value"), [
    ("Crowds rallied in the square Friday night.", "Friday night", FRI, "2000-01-07TNI"),
    ("The blast came Tuesday morning.", "Tuesday morning", FRI, "2000-01-04TMO"),
    ("The offer was extended until 5 p.m. EST Nov. 9.", "5 p.m. EST Nov. 9", MON, "1989-11-09T17:00"),
    ("The blast occurred at about 10:35 a.m. (0735 GMT) Friday.", "10:35 a.m. (0735 GMT) Friday", date(1998, 8, 8),
     "1998-08-07T10:35"),
])
def test_timex_times_of_a_named_day(text: str, phrase: str, dct: date, value: str) -> None:
    assert value_of(text, phrase, dct) == value


@pytest.mark.parametrize(("text", "phrase", "dct", "value"), [
    # a month or two ahead is the coming one whatever the tense, across the year's end too
    ("Officials invited the leaders to a ceremony on March 12.", "March 12", date(1999, 2, 16), "1999-03-12"),
    ("They agreed to meet again in January.", "January", date(2016, 11, 20), "2017-01"),
    ("The ratification began in February this year.", "February this year", date(1998, 12, 3), "1998-02"),
    ("The rebels struck in July last year.", "July last year", date(1998, 2, 19), "1997-07"),
    # "through" a day in a past sentence closes a period; in a present one it is a deadline
    ("The company had bought shares through Sept. 29.", "Sept. 29", MON, "1989-09-29"),
    ("The sale runs through Jan. 14.", "Jan. 14", MON, "1990-01-14"),
    ("After a revision to December's figures, growth slowed.", "December", date(1998, 2, 6), "1997-12"),
])
def test_timex_month_years(text: str, phrase: str, dct: date, value: str) -> None:
    assert value_of(text, phrase, dct) == value


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("Three days later, the index recovered.", "Three days", "P3D"),
    ("A day earlier, trucks crossed the border.", "A day", "P1D"),
    ("Officials have raised concerns in recent weeks.", "recent weeks", "PXW"),
    ("They lived in the camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("The talks lasted five and a half hours.", "five and a half hours", "PT5H30M"),
    ("A minute and a half later, the pilot called.", "A minute and a half", "PT1M30S"),
    ("Revenue was $76 million for the year ended March 31.", "the year", "P1Y"),
])
def test_timex_more_durations(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The marchers parade each July.", "each July", "XXXX-07"),
    ("Prosecutors may soon seek an indictment.", "soon", "FUTURE_REF"),
    ("Growth slowed in the first half of 2016.", "the first half of 2016", "2016-H1"),
    ("Growth will pick up in the second half of this year.", "the second half of this year", "2016-H2"),
])
def test_timex_sets_refs_and_halves(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase) == value


def test_timex_soon_in_as_soon_as_is_no_expression() -> None:
    assert "soon" not in [s for s, _ in values("Trading resumed as soon as the market opened.")]
