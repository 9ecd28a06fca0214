"""Temporal: the article's publication date where the input states it (metadata, a dateline, a date
line near the top). Resolving other time expressions and inferring missing dates come later."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from storyline.config import Config
from storyline.model import Doc, Published, When
from storyline.pipeline import stage

_OFFSET = re.compile(r"\(?\b(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)?", re.I)
_NOISE = re.compile(r"\b(?:updated|published|posted|last modified|modified)\b:?", re.I)


@stage("temporal", requires=("text",), provides=("published",))
def date_article(doc: Doc, cfg: Config) -> Doc:
    if doc.article.published is not None:
        return replace(doc, published=doc.article.published)
    for line, how in ((doc.dateline, "dateline"), (doc.date_line, "text")):
        when = parse_stated_date(line) if line else None
        if when is not None:
            reason = f"stated in the article's {'dateline' if how == 'dateline' else 'date line'}: {line!r}"
            return replace(doc, published=Published(when, how, 1.0, reason))  # type: ignore[arg-type]
    return doc


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
