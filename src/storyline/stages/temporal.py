"""Temporal: the article's publication date where the input states it (metadata, a dateline, a date
line near the top, a date stamp with a clock time run into the title or the first line, a print-edition note at the
foot). Time expressions are the timex stage's; inferring dates that are not stated is the dates stage's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from storyline.config import Config
from storyline.model import Doc, Published, When
from storyline.registry import stage

_OFFSET = re.compile(r"\(?\b(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)?", re.I)
_NOISE = re.compile(r"\b(?:updated|published|posted|last modified|modified)\b:?", re.I)


# A date stamp run into the first line: "LONDON | Tue Apr 27, 2010 4:08 am EDT LONDON (Reuters) - ...",
# "Sunday 26 April 2009 18.45 BST People wear ...": a full date followed by a clock time.
_STAMP_DATE = (r"(?P<date>(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
               r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,?\s+\d{4}))")
_STAMP = re.compile(rf"{_STAMP_DATE}[,\s|-]*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\b"
                    rf"|\b\d{{1,2}}[:.]\d{{2}}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{{2,4}}|\s+UK time)?\s*[,|]?\s*"
                    rf"{_STAMP_DATE.replace('(?P<date>', '(?P<date2>')}")
_STAMP_WITHIN = 250  # characters from the top
# A print-edition note at the foot: "A version of this article appears in print on March 3, 2016, on page
# A1", "A version appeared on p19 of the Main section of the Guardian on Friday 20 August 2010". The web
# article appeared that day or the day before (on Timeline17: 31 and 28 of 67).
_PRINT = re.compile(r"\b(?:appear(?:ed|s)|was printed)\s+(?:in\s+print\s+)?on\s+"
                    r"(?:p(?:age)?\s*\w+\s+of\s+[^\n]{0,80}?\s+on\s+)?(?:[\d.:]+\s*[A-Z]{2,4}\s+on\s+)?"
                    + _STAMP_DATE)
_PRINT_WITHIN = 600  # characters from the foot


@stage("temporal", requires=("text",), provides=("published",))
def date_article(doc: Doc, cfg: Config) -> Doc:
    if doc.article.published is not None:
        return replace(doc, published=doc.article.published)
    in_url = url_date(doc.article.url) if doc.article.url else None
    if in_url is not None:
        return replace(doc, published=Published(in_url, "metadata", 0.9, f"the date in its URL: {doc.article.url}"))
    for line, how in ((doc.dateline, "dateline"), (doc.date_line, "text")):
        when = parse_stated_date(line) if line else None
        if when is not None:
            reason = f"stated in the article's {'dateline' if how == 'dateline' else 'date line'}: {line!r}"
            return replace(doc, published=Published(when, how, 1.0, reason))  # type: ignore[arg-type]
    top = f"{doc.title or ''}\n{doc.text[:_STAMP_WITHIN]}"  # clean may take a stamped headline for the title
    stamp = _STAMP.search(top)
    when = parse_stated_date(stamp.group("date") or stamp.group("date2")) if stamp else None
    if stamp is not None and when is not None:
        reason = f"stated in a date stamp at the top of the article: {stamp.group(0)!r}"
        return replace(doc, published=Published(when, "text", 0.9, reason))
    printed = _PRINT.search(doc.text[-_PRINT_WITHIN:])
    when = parse_stated_date(printed.group("date")) if printed else None
    if printed is not None and when is not None:
        reason = f"its print edition is dated {printed.group('date')!r}; the web article appeared then or a day before"
        return replace(doc, published=Published(when, "text", 0.85, reason))
    return doc


def url_date(url: str) -> When | None:
    """A full date in an article's URL (".../2016/08/09/..."), read with htmldate."""
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    found = extract_url_date(url, Extractor(False, datetime(2100, 1, 1), datetime(1900, 1, 1), False, "%Y-%m-%d"))
    if found is None:
        return None
    day = datetime.strptime(found, "%Y-%m-%d")
    return When(datetime(day.year, day.month, day.day, tzinfo=UTC), "day")


def parse_stated_date(line: str) -> When | None:
    """A full date (day, month and year) stated in ``line``, in the time zone the line gives."""
    import dateparser  # slow to import; only needed here

    tz = UTC
    offset = _OFFSET.search(line)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        tz = timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0)))
        line = line[: offset.start()] + line[offset.end() :]
    line = _NOISE.sub(" ", line)
    parsed = dateparser.parse(
        line, languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                  "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if parsed is None:
        return None
    return When(datetime(parsed.year, parsed.month, parsed.day, tzinfo=tz or UTC), "day")
