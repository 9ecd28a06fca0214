"""The temporal stage (foundation part): a publication date read only where the input states it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from storyline.config import Config
from storyline.model import Published, When
from storyline.stages.temporal import date_article, parse_stated_date
from tests.builders import make_doc


@pytest.mark.parametrize(("line", "iso"), [
    ("16 August 2016 14:33 (UTC+04:00)", "2016-08-16"),
    ("Updated: March 3, 2021", "2021-03-03"),
    ("2019-11-05 08:00", "2019-11-05"),
    ("Tue 7 Jan 2020", "2020-01-07"),
])
def test_temporal_parses_stated_date_line(line: str, iso: str) -> None:
    when = parse_stated_date(line)
    assert when is not None and when.iso() == iso and when.granularity == "day"


def test_temporal_keeps_stated_time_zone() -> None:
    when = parse_stated_date("16 August 2016 14:33 (UTC+04:00)")
    assert when is not None and when.start.utcoffset() == timedelta(hours=4)


@pytest.mark.parametrize("line", ["LONDON, Aug 16 (Example Wire)", "Riverton, Eastland", "Tuesday"])
def test_temporal_needs_day_month_and_year(line: str) -> None:
    assert parse_stated_date(line) is None


def test_temporal_metadata_date_wins(cfg: Config) -> None:
    stated = Published(When(datetime(2020, 1, 2, tzinfo=UTC)), "metadata")
    doc = replace(make_doc("text", published=stated), date_line="5 May 2021")
    assert date_article(doc, cfg).published == stated


def test_temporal_date_line_read_with_reason(cfg: Config) -> None:
    doc = date_article(replace(make_doc("text"), date_line="5 May 2021 10:00"), cfg)
    assert doc.published is not None
    assert (doc.published.when.iso(), doc.published.how) == ("2021-05-05", "text")
    assert "5 May 2021" in doc.published.reason


def test_temporal_no_stated_date_stays_null(cfg: Config) -> None:
    assert date_article(make_doc("The council met on Tuesday."), cfg).published is None


def test_temporal_date_in_url_read_with_htmldate(cfg: Config) -> None:
    doc = make_doc("The council met.", url="https://news.example/valley/2021/05/05/council-meets")
    published = date_article(doc, cfg).published
    assert published is not None
    assert (published.when.iso(), published.how) == ("2021-05-05", "metadata")
    assert "URL" in published.reason


@pytest.mark.parametrize(("text", "iso"), [
    ("VALLEYTON | Tue May 4, 2021 4:08 am EDT VALLEYTON (Wire) - The council met.", "2021-05-04"),
    ("Ana Diaz | 17:45 UK time, Wednesday, 5 May 2021 The council met on Tuesday.", "2021-05-05"),
])
def test_temporal_date_stamp_at_the_top(cfg: Config, text: str, iso: str) -> None:
    published = date_article(replace(make_doc(text), text=text), cfg).published
    assert published is not None and (published.when.iso(), published.how) == (iso, "text")


def test_temporal_date_stamp_in_the_title(cfg: Config) -> None:
    """The clean stage may take a headline run into a date stamp for the title; the stamp still dates the article."""
    title = "Council meets Budget on the table Wednesday 5 May 2021 10.15 BST"
    doc = replace(make_doc("The council met."), title=title)
    published = date_article(doc, cfg).published
    assert published is not None and (published.when.iso(), published.how) == ("2021-05-05", "text")


def test_temporal_date_deep_in_the_text_is_no_stamp(cfg: Config) -> None:
    text = "The council met. " * 20 + "On Tue May 4, 2021 4:08 am the lights went out."
    assert date_article(replace(make_doc(text), text=text), cfg).published is None


@pytest.mark.parametrize(("foot", "iso"), [
    ("A version appeared on p9 of the Main section of the Valley Gazette on 22.31 BST on Friday 7 May 2021",
     "2021-05-07"),
    ("A version of this article appears in print on May 7, 2021, on Page A1 of the Valley edition.", "2021-05-07"),
])
def test_temporal_print_edition_note_at_the_foot(cfg: Config, foot: str, iso: str) -> None:
    text = "The council met on Thursday and voted to close the bridge.\n\n" + foot
    published = date_article(replace(make_doc(text), text=text), cfg).published
    assert published is not None and (published.when.iso(), published.how) == (iso, "text")
    assert "print edition" in published.reason and published.confidence < 0.9
