"""Time expressions: find every one in an article and normalise it to a TIMEX3 value.

Finding is a small grammar of regular expressions (dates, months, weekdays, seasons, quarters, years,
decades, times of day, durations, sets, and the deictic words: today, now, recently). Normalising
anchors a relative expression to the article's publication date (the DCT), with the sentence's tense
deciding the direction: "Tuesday" in a past-tense sentence is the latest Tuesday on or before the
DCT, in a future-tense one the next on or after it; "last November" is the November before the DCT's
month. Absolute forms ("9 August 2016", "Aug. 9, 2016") are read with dateparser. Without a DCT a
relative value keeps its open parts as X ("XXXX-11"); the temporal stage re-resolves it once the
publication date is known or inferred. The vocabularies, the tense test and the calendar arithmetic live in
time/timewords.py; this module is the grammar (``tag``); stages/timex.py is the stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import Span, Timex, TimexAnchor, TimexType
from storyline.time.timewords import (
    DEADLINE,
    MODS,
    MONTHS,
    ORDINALS,
    PART_CODE,
    RESULTS,
    SEASON_MONTH,
    SEASONS,
    WEEKDAYS,
    Context,
    duration,
    edge_mod,
    is_deadline,
    month_number,
    number,
    read_absolute,
    shift,
    unit_of,
    weekday_date,
    year_of_month,
)

# --- vocabulary ---------------------------------------------------------------------------------

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_NUMWORD = (r"(?:\d{1,3}(?:\.\d+)?(?!\d)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
            r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
            r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|half a dozen|"
            r"dozen|a hundred|one hundred|hundred|an?|several|a few|few|some|many|a couple of|couple of|a number of|"
            r"numerous)")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|"
         r"centur(?:y|ies))")
_UNIT_SINGULAR = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century)"
_PART = r"(?:morning|afternoon|evening|night)"
_APPROX = (r"(?:(?P<approx>about|around|almost|nearly|roughly|approximately|more than|less than|fewer than|at least|"
           r"at most|over|under|up to|some|only|just)\s+)?")
_EDGE = r"(?P<edge>(?:the )?(?:(?:very )?(?:early|late|mid|middle|beginning|start|end)(?:[- ]| of (?:the )?)))?"

@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    type: TimexType
    value: str
    anchor: TimexAnchor = "none"
    mod: str | None = None


Rule = Callable[[re.Match[str], Context], _Found | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def rule(pattern: str, flags: int = re.I) -> Callable[[Rule], Rule]:
    compiled = re.compile(pattern, flags)

    def register(func: Rule) -> Rule:
        _RULES.append((compiled, func))
        return func

    return register


# --- the grammar ---------------------------------------------------------------------------------
# Each rule maps a match to a value; the longest non-overlapping matches win.

@rule(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY}),?\s+(?P<year>{_YEAR})\b"
      rf"|\b(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_MONTH}),?\s+(?P<year2>{_YEAR})\b")
def _full_date(m: re.Match[str], ctx: Context) -> _Found | None:
    found = read_absolute(m.group(0))
    if found is None:
        return None
    return _Found(m.start(), m.end(), "DATE", found.isoformat())


@rule(r"\b(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"
      r"|\b(?P<m2>0?[1-9]|1[0-2])/(?P<d2>0?[1-9]|[12]\d|3[01])/(?P<y2>(?:1[6-9]|20)\d\d)\b")
def _numeric_date(m: re.Match[str], ctx: Context) -> _Found | None:
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"),
                                                                                   m.group("d2"))
    try:
        return _Found(m.start(), m.end(), "DATE", date(int(y), int(mo), int(d)).isoformat())
    except ValueError:
        return None


@rule(rf"\b(?:(?P<which>last|next|this|coming|past)\s+)?(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\s+"
      rf"(?P<day>{_DAY})\b(?!,?\s+{_YEAR}\b)(?!\s*(?:%|percent))"
      rf"|\b(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_MONTH})\b(?!,?\s+{_YEAR}\b)")
def _day_month(m: re.Match[str], ctx: Context) -> _Found | None:
    month_word = m.group("month") or m.group("month2")
    if month_word.lower() == "may" and not m.group("wd") and not m.group("wd2") and m.group("day2"):
        return None  # "7 may" is rarely a date
    month = month_number(month_word)
    day = int(re.match(r"\d+", m.group("day") or m.group("day2")).group(0))  # type: ignore[union-attr]
    which = (m.group("which") or "").lower() or None
    if which is None and is_deadline(ctx, m.start(), m.end()):
        which = "deadline"  # "by Jan. 14", "payable Dec. 7": the next such day
    year = year_of_month(month, ctx, m.start(), m.end(), {"coming": "next", "past": "last"}.get(which or "", which))
    if year.isdigit() and ctx.dct is not None and which is None and month == ctx.dct.month:
        # later this month is this month's, whatever the tense; earlier this month only if not future
        future = ctx.tense(m.start(), m.end()) == "future"
        year = str(ctx.dct.year + (1 if future and day < ctx.dct.day else 0))
    try:
        value = date(int(year), month, day).isoformat() if year.isdigit() else f"XXXX-{month:02d}-{day:02d}"
    except ValueError:
        return None
    return _Found(m.start(), m.end(), "DATE", value, "published" if ctx.dct is not None else "none")


@rule(rf"\b{_EDGE}(?P<month>{_MONTH})(?:,?\s+|\s+of\s+)(?P<year>{_YEAR})\b")
def _month_year(m: re.Match[str], ctx: Context) -> _Found | None:
    return _Found(m.start(), m.end(), "DATE", f"{m.group('year')}-{month_number(m.group('month')):02d}",
                  mod=edge_mod(m.group("edge")))


@rule(rf"\b{_EDGE}(?:(?P<which>last|next|this|coming|past)\s+)?(?P<month>January|February|March|April|June|July|"
      rf"August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?!\s+\d)"
      rf"(?:\s+(?P<which4>this|last|next) year\b)?"
      rf"|\b(?P<which2>last|next|this|coming)\s+(?P<month2>May)\b|\b(?:in|since|until|by|during|of)\s+(?P<month3>May)\b(?!\s+\d)",
      flags=0)
def _month(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("month3"):
        word, which, start = m.group("month3"), None, m.start("month3")
    elif m.group("month2"):
        word, which, start = m.group("month2"), m.group("which2").lower(), m.start()
    else:
        word, which, start = m.group("month"), (m.group("which") or "").lower() or None, m.start()
    which = {"coming": "next", "past": "last"}.get(which or "", which)
    if which is None and is_deadline(ctx, start, m.end()):
        which = "deadline"  # "by October": a deadline, the next such month
    month = month_number(word)
    year = year_of_month(month, ctx, m.start(), m.end(), which)
    if m.group("which4") and ctx.dct is not None:  # "February this year", "July last year"
        year = str(ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m.group("which4")])
    return _Found(start, m.end(), "DATE", f"{year}-{month:02d}", "published" if ctx.dct else "none",
                  edge_mod(m.group("edge")))


@rule(rf"\b(?:(?P<which>last|next|this|coming|past)\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?\b(?!,?\s+{_MONTH})"
      rf"|\b(?P<wd2>{_WEEKDAY})\s+(?P<which2>last|next)\b", flags=0)
def _weekday(m: re.Match[str], ctx: Context) -> _Found | None:
    which = (m.group("which") or m.group("which2") or "").lower() or None
    which = {"coming": "next", "past": "last"}.get(which or "", which)
    weekday = WEEKDAYS[(m.group("wd") or m.group("wd2")).lower()]
    day = weekday_date(weekday, ctx, m.start(), m.end(), which)
    value = day.isoformat() if day else f"XXXX-WXX-{weekday + 1}"
    if m.group("part"):  # "Friday night": the day and its part (TIMEX3's MO, AF, EV, NI)
        return _Found(m.start(), m.end(), "TIME", f"{value}T{PART_CODE[m.group('part').lower()]}", "published")
    return _Found(m.start(), m.end(), "DATE", value, "published")


@rule(rf"\b{_EDGE}(?:(?P<which>this|last|next|the coming|the past|the previous|the)\s+)?(?P<season>{_SEASON})"
      rf"(?:(?:\s+of)?\s+(?P<year>{_YEAR}))?\b")
def _season(m: re.Match[str], ctx: Context) -> _Found | None:
    code = SEASONS[m.group("season").lower()]
    which = (m.group("which") or "").lower().replace("the ", "").replace("the", "")
    if m.group("year"):
        return _Found(m.start(), m.end(), "DATE", f"{m.group('year')}-{code}", mod=edge_mod(m.group("edge")))
    if not which and not m.group("edge"):
        return None  # "summer" alone is often not a date ("summer camps")
    if ctx.dct is None:
        return _Found(m.start(), m.end(), "DATE", f"XXXX-{code}", "none", edge_mod(m.group("edge")))
    year = ctx.dct.year
    month = SEASON_MONTH[code]
    if which in ("last", "past", "previous"):
        year -= 1 if month >= ctx.dct.month - 2 else 0
    elif which in ("next", "coming"):
        year += 1 if month <= ctx.dct.month else 0
    return _Found(m.start(), m.end(), "DATE", f"{year}-{code}", "published", edge_mod(m.group("edge")))


@rule(rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last)[- ]quarter"
      rf"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<year>{_YEAR})|(?P<which>this|last|next) year))?\b"
      rf"|\b(?P<q>Q[1-4])\s+(?P<year2>{_YEAR})\b"
      rf"|\b(?P<which3>this|last|next|the|the (?:current|latest|most recent|previous|past|coming|year-earlier|year-ago|"
      rf"same))\s+(?:quarter|(?<=latest )period|(?<=year-earlier )period|(?<=year-ago )period)\b"
      rf"|\bthe\s+(?P<year3>{_YEAR})\s+(?P<ord3>first|second|third|fourth)[- ]quarter\b"
      rf"|\bthe\s+(?:year-earlier|year-ago)\s+(?P<ord4>first|second|third|fourth)[- ]quarter\b")
def _quarter(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("q"):
        return _Found(m.start(), m.end(), "DATE", f"{m.group('year2')}-{m.group('q').upper()}")
    if m.group("year3"):
        return _Found(m.start(), m.end(), "DATE", f"{m.group('year3')}-Q{ORDINALS[m.group('ord3').lower()]}")
    if m.group("ord4"):
        year = f"{ctx.dct.year - 1}" if ctx.dct else "XXXX"
        return _Found(m.start(), m.end(), "DATE", f"{year}-Q{ORDINALS[m.group('ord4').lower()]}", "published")
    if m.group("which3"):
        if ctx.dct is None:
            return _Found(m.start(), m.end(), "DATE", "XXXX-QX", "none")
        w = m.group("which3").lower()
        if w == "the same":
            return None
        n = {"last": -1, "the previous": -1, "the past": -1, "the latest": -1, "the most recent": -1, "the": -1,
             "next": 1,
             "the coming": 1, "the year-earlier": -5, "the year-ago": -5}.get(w, 0)  # a year before the last reported
        return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, n, "quarter"), "published")
    q = ORDINALS[m.group("ord").lower()]
    if m.group("year"):
        return _Found(m.start(), m.end(), "DATE", f"{m.group('year')}-Q{q}")
    if ctx.dct is None:
        return _Found(m.start(), m.end(), "DATE", f"XXXX-Q{q}", "none")
    in_year = ctx.dct.year + {"last": -1, "next": 1}.get((m.group("which") or "").lower(), 0)
    if not m.group("which") and q > (ctx.dct.month - 1) // 3 + 1 and ctx.tense(m.start(), m.end()) != "future":
        in_year -= 1  # a past quarter named without a year: last year's
    return _Found(m.start(), m.end(), "DATE", f"{in_year}-Q{q}", "published")


@rule(rf"\b(?:the\s+)?(?P<which>first|second|last|latter)\s+(?:half|two quarters)\s+of\s+"
      rf"(?:(?:fiscal\s+)?(?P<year>{_YEAR})|(?P<rel>this|last|next|the) year)\b")
def _half_year(m: re.Match[str], ctx: Context) -> _Found | None:
    """"the first half of 2016" is 2016-H1; "the second half of this year", H2 of the DCT's year."""
    half = 1 if m.group("which").lower() == "first" else 2
    if m.group("year"):
        return _Found(m.start(), m.end(), "DATE", f"{m.group('year')}-H{half}")
    rel = m.group("rel").lower()
    if ctx.dct is None or rel == "the":
        return _Found(m.start(), m.end(), "DATE", f"XXXX-H{half}", "none")
    year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[rel]
    return _Found(m.start(), m.end(), "DATE", f"{year}-H{half}", "published")


@rule(rf"\b{_EDGE}(?:(?:fiscal|calendar)(?:\s+year)?\s+|the\s+year\s+)?"
      rf"(?<![$£€#])(?<!\d[,.])(?P<year>{_YEAR})(?:/(?:\d\d))?\b(?![,.]\d|\s*(?:%|percent|people|troops|soldiers|"
      rf"dollars|yen|euros|points|shares|barrels|tons|tonnes|km|miles|feet|metres|meters|cases|deaths)\b|-\d|\s*[-–]\s*\d)")
def _year(m: re.Match[str], ctx: Context) -> _Found | None:
    return _Found(m.start(), m.end(), "DATE", m.group("year"), mod=edge_mod(m.group("edge")))


_TENS = {"ten": 1, "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8,
         "ninety": 9}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@rule(r"\b(?:the year )?(?P<cent>nineteen|eighteen)[- ](?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
      r"(?:[- ](?P<ones>one|two|three|four|five|six|seven|eight|nine))?\b"
      r"|\b(?:the year )?two thousand(?: and (?P<ones2>one|two|three|four|five|six|seven|eight|nine))?\b")
def _spelled_year(m: re.Match[str], ctx: Context) -> _Found | None:
    """Years as transcripts spell them: "nineteen ninety-six", "the year two thousand"."""
    if m.group("cent"):
        century = 19 if m.group("cent").lower() == "nineteen" else 18
        year = century * 100 + _TENS[m.group("tens").lower()] * 10 + _ONES.get((m.group("ones") or "").lower(), 0)
    else:
        if not m.group(0).lower().startswith("the year") and not m.group("ones2"):
            return None  # "two thousand" alone is more often a number
        year = 2000 + _ONES.get((m.group("ones2") or "").lower(), 0)
    return _Found(m.start(), m.end(), "DATE", str(year))


_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25), "new year's day": (1, 1),
             "new year's eve": (12, 31), "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
             "valentine's day": (2, 14), "boxing day": (12, 26)}


@rule(r"\b(?:(?P<which>last|this|next)\s+)?(?P<name>Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|"
      r"Fourth of July|Halloween|Valentine's Day|Boxing Day|Thanksgiving(?: Day)?|Election Day)\b", flags=0)
def _holiday(m: re.Match[str], ctx: Context) -> _Found | None:
    """Holidays with a fixed rule: Christmas, New Year's Day, Thanksgiving (fourth Thursday of November),
    Election Day (the Tuesday after the first Monday of November)."""
    name = m.group("name").lower()
    which = (m.group("which") or "").lower() or None
    month = 11 if name.startswith(("thanksgiving", "election")) else _HOLIDAYS[name][0]
    year = year_of_month(month, ctx, m.start(), m.end(), which)
    if not year.isdigit():
        return _Found(m.start(), m.end(), "DATE", "XXXX", "none")
    y = int(year)
    if name.startswith("thanksgiving"):
        first = date(y, 11, 1)
        day = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    elif name.startswith("election"):
        first = date(y, 11, 2)
        day = first + timedelta(days=(1 - first.weekday()) % 7)
    else:
        day = date(y, *_HOLIDAYS[name])
    return _Found(m.start(), m.end(), "DATE", day.isoformat(), "published")


@rule(rf"\b(?:the\s+)?{_EDGE}(?:(?P<c>1[6-9]|20)(?P<d>\d)0|'(?P<d2>\d)0)'?s\b"
      rf"|\b(?:the\s+)?(?P<cent>\d{{1,2}})(?:st|nd|rd|th)\s+century\b"
      rf"|\b(?:the\s+)?(?P<centw>nineteenth|twentieth|twenty-first|eighteenth)\s+century\b")
def _decade(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("cent") or m.group("centw"):
        n = int(m.group("cent")) if m.group("cent") else {"eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                                                          "twenty-first": 21}[m.group("centw").lower()]
        return _Found(m.start(), m.end(), "DATE", f"{n - 1:02d}")
    if m.group("d2"):
        return _Found(m.start(), m.end(), "DATE", f"19{m.group('d2')}", mod=edge_mod(m.group("edge")))
    return _Found(m.start(), m.end(), "DATE", f"{m.group('c')}{m.group('d')}", mod=edge_mod(m.group("edge")))


@rule(r"\b(?P<word>today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow|"
      rf"(?P<ly>last|yesterday|tomorrow|this)\s+(?P<part>{_PART}))\b")
def _deictic_day(m: re.Match[str], ctx: Context) -> _Found | None:
    word = m.group("word").lower()
    if ctx.dct is None:
        return _Found(m.start(), m.end(), "DATE", "XXXX-XX-XX", "none")
    offset = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
              "last": -1}.get(m.group("ly").lower() if m.group("ly") else word, 0)
    day = (ctx.dct + timedelta(days=offset)).isoformat()
    part = m.group("part") or ("tonight" if word == "tonight" else None)
    if part:
        return _Found(m.start(), m.end(), "TIME", f"{day}T{PART_CODE[part.lower()]}", "published")
    return _Found(m.start(), m.end(), "DATE", day, "published")


@rule(r"\b(?:now|currently|current|at present|at the moment|these days|nowadays|right now|"
      r"(?P<past>recently|lately|the past|"
      r"the (?:past|last) (?:few|several|couple of) (?:days|weeks|months|years|decades|quarters))|"
      r"(?P<future>the future|the near future|(?:the )?coming (?:days|weeks|months|years))|"
      r"(?P<vague>(?:recent|past) (?P<unit>days|weeks|months|years|decades|quarters)))\b")
def _ref(m: re.Match[str], ctx: Context) -> _Found | None:
    word = m.group(0).lower()
    if word == "now" and re.match(r"\s*(?:that|,)", ctx.text[m.end():]):
        return None
    if m.group("vague"):  # "in recent weeks": some weeks ("in the coming days" points forward: FUTURE_REF)
        return _Found(m.start(), m.end(), "DURATION", duration(None, unit_of(m.group("unit"))))
    value = "PAST_REF" if m.group("past") else "FUTURE_REF" if m.group("future") else "PRESENT_REF"
    return _Found(m.start(), m.end(), "DATE", value, "published")


@rule(r"\b(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?P<unit>year|quarter|month|week)(?=\s+(?:ended|ending)\b)")
def _period_ended(m: re.Match[str], ctx: Context) -> _Found | None:
    """"the year ended March 31", "the quarter ending Sept. 30": a period of that length (the date that
    follows is its own expression)."""
    return _Found(m.start(), m.end(), "DURATION", duration(1, m.group("unit").lower()))


@rule(r"(?<!as )\bsoon\b(?!\s+(?:after|afterwards?|as|before|thereafter|enough))")
def _soon(m: re.Match[str], ctx: Context) -> _Found | None:
    return _Found(m.start(), m.end(), "DATE", "FUTURE_REF", "published")


@rule(r"\b(?P<edge>(?:earlier|later|early|late|the (?:end|start|beginning|middle) of)\s+)?(?P<which>this|last|next|"
      r"the (?:current|coming|previous|past|same|following)|the)\s+(?P<unit>week(?:end)?|month|year|decade|century)\b")
def _this_unit(m: re.Match[str], ctx: Context) -> _Found | None:
    which = m.group("which").lower()
    unit = m.group("unit").lower()
    edge = (m.group("edge") or "").strip().lower()
    mod = {"earlier": None, "later": None, "early": "START", "late": "END"}.get(edge, edge_mod(edge))
    if which in ("the past", "the previous") and not edge and unit != "weekend":
        return _Found(m.start(), m.end(), "DURATION", duration(1, unit), "none")
    if which in ("the same", "the following") or (which == "the" and unit != "weekend"):
        return None  # relative to another date in the text; left to a later version
    if which == "the":  # "the weekend": the one this week's news is about
        which = "last" if ctx.tense(m.start(), m.end()) == "past" and ctx.dct and ctx.dct.weekday() < 5 else "this"
        if ctx.dct is not None and which == "last":
            return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, -1, "week") + "-WE", "published")
    n = -1 if which in ("last",) else 1 if which in ("next", "the coming") else 0
    if ctx.dct is None:
        return _Found(m.start(), m.end(), "DATE", "XXXX", "none", mod)
    if unit == "weekend":
        return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, n, "week") + "-WE", "published", mod)
    return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, n, unit), "published", mod)


@rule(rf"\b{_APPROX}(?P<n>{_NUMWORD})[- ](?P<unit>{_UNIT})\s+(?P<dir>ago|earlier|before|later|after|from now|hence)\b")
def _ago(m: re.Match[str], ctx: Context) -> _Found | None:
    unit = unit_of(m.group("unit"))
    n = number(m.group("n"))
    direction = m.group("dir").lower()
    mod = MODS.get((m.group("approx") or "").lower())
    if direction in ("before", "after") or (direction in ("earlier", "later") and unit not in ("year", "decade",
                                                                                              "century")):
        # "nine months after the shootdown", "three days later": a duration tied to an event (or to the
        # story's own time, not the publication date); placed when the event is dated
        return _Found(m.start(), m.start("dir") - 1, "DURATION", duration(n, unit), "none", mod)
    sign = -1 if direction in ("ago", "earlier") else 1
    if (sign < 0 and unit == "year" and n == 1 and ctx.dct is not None
            and RESULTS.search(ctx.around(m.start(), m.end()))):
        # quarterly results: "profit fell from $5 million a year earlier" is the same quarter last year
        return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, -5, "quarter"), "published", mod)
    if ctx.dct is None or n is None or not float(n).is_integer() or unit in ("second", "minute", "hour"):
        return _Found(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "published")
    return _Found(m.start(), m.end(), "DATE", shift(ctx.dct, sign * int(n), unit), "published")


@rule(rf"\b(?P<lead>(?:the|this|that|a|an)\s+)?(?:(?P<span>past|last|next|previous|coming|first|final|following)\s+)?"
      rf"{_APPROX}(?P<n>{_NUMWORD})(?P<half> 1/2|[- ]and[- ]a[- ]half)?[- ](?:(?:more|other)[- ])?(?P<unit>{_UNIT})"
      rf"(?P<half2> and a half)?(?:[- ]long|[- ]old)?\b"
      rf"|\b(?P<bare>years|decades|months|weeks|days|hours|minutes|centuries)\b"
      rf"|\b(?P<lead2>the\s+)?(?P<span2>past|last|next|previous|coming)\s+(?P<unit2>{_UNIT_SINGULAR})\b(?<!week)(?<!month)"
      rf"(?<!year)(?<!decade)(?<!century)")
def _duration(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("bare"):
        word = m.group("bare").lower()
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:for|in|over|within|recent|past|coming|next)\s+$", before):
            return _Found(m.start(), m.end(), "DURATION", duration(None, unit_of(word)))
        return None
    if m.group("unit2"):
        return _Found(m.start(), m.end(), "DURATION", duration(1, unit_of(m.group("unit2"))))
    unit = unit_of(m.group("unit"))
    n = number(m.group("n"))
    word = m.group("n").lower()
    if word in ("a", "an") and not m.group("span") and not m.group("approx"):
        if ctx.text[m.end() : m.end() + 4].lower().startswith(" ago"):
            return None
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        if re.search(r"(?:once|twice|times|per|\d|dollars|euros|pounds|cents)\s+$", before):
            return _Found(m.start(), m.end(), "SET", duration(1, unit))
    if re.search(r"[- ]old$", m.group(0)) or re.match(r"\s+old\b", ctx.text[m.end():]):
        return None  # an age
    if unit == "quarter" and (re.search(r"-quarters?$", m.group(0)) or re.match(r"\s+of\b", ctx.text[m.end():])):
        return None  # a fraction ("three-quarters of")
    start = m.start() if (m.group("lead") and m.group("lead").strip().lower() == "the") or m.group("span") else (
        m.start("approx") if m.group("approx") else m.start("n"))
    mod = MODS.get((m.group("approx") or "").lower())
    if (m.group("half") or m.group("half2")) and n is not None:
        return _Found(start, m.end(), "DURATION", _and_a_half(n, unit), "none", mod)
    return _Found(start, m.end(), "DURATION", duration(n, unit), "none", mod)


_HALF = {"year": ("6M", False), "day": ("12H", True), "hour": ("30M", True), "minute": ("30S", True)}


def _and_a_half(n: float, unit: str) -> str:
    """'2 1/2 years' is P2Y6M, 'five and a half hours' PT5H30M: the half in the next unit down."""
    if unit not in _HALF:
        return duration(n + 0.5, unit)
    whole = duration(n, unit)
    half, is_time = _HALF[unit]
    return f"{whole}{'T' if is_time and 'T' not in whole else ''}{half}"


@rule(rf"\b(?P<every>every|each|per)\s+(?:(?P<n>{_NUMWORD})\s+)?(?P<unit>{_UNIT}|{_WEEKDAY}|{_MONTH})(?!\s+\d)\b"
      r"|\b(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly)\b")
def _set(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("adv"):
        unit = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
                "annually": "year", "hourly": "hour", "nightly": "day"}[m.group("adv").lower()]
        return _Found(m.start(), m.end(), "SET", duration(1, unit))
    word = m.group("unit")
    if word.lower() in WEEKDAYS:
        return _Found(m.start(), m.end(), "SET", f"XXXX-WXX-{WEEKDAYS[word.lower()] + 1}")
    if word.lower().rstrip(".") in MONTHS:  # "each July"
        return _Found(m.start(), m.end(), "SET", f"XXXX-{month_number(word):02d}")
    n = number(m.group("n")) if m.group("n") else 1
    return _Found(m.start(), m.end(), "SET", duration(n, unit_of(word)))


@rule(r"\b(?:(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap])\.?m\b\.?(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|BST))?"
      r"|(?P<h2>[01]?\d|2[0-3]):(?P<min2>[0-5]\d)\s+(?P<tz2>[ECMP][SD]T|GMT|UTC|BST)\b"
      rf"|(?P<word>noon|midday|midnight)\b)(?:\s*\([^()\n]{{1,20}}\))?"
      rf"(?:,?\s+(?:on\s+)?(?:(?P<day>{_WEEKDAY}|today|yesterday|tomorrow)\b|(?P<month>{_MONTH})\s+(?P<md>{_DAY})\b))?")
def _clock(m: re.Match[str], ctx: Context) -> _Found | None:
    if m.group("word"):
        hour, minute = (0, 0) if m.group("word").lower() == "midnight" else (12, 0)
    else:
        hour = int(m.group("h") or m.group("h2"))
        minute = int(m.group("min") or m.group("min2") or 0)
        ap = (m.group("ap") or "").lower()
        if ap == "p" and hour < 12:
            hour += 12
        elif ap == "a" and hour == 12:
            hour = 0
    day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    named = (m.group("day") or "").lower()
    if named in WEEKDAYS:
        on = weekday_date(WEEKDAYS[named], ctx, m.start(), m.end(), None)
        day = on.isoformat() if on else f"XXXX-WXX-{WEEKDAYS[named] + 1}"
    elif named and ctx.dct:
        day = (ctx.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(named, 0))).isoformat()
    elif m.group("month"):  # "until 5 p.m. EST Nov. 9": that day's time
        month, mday = month_number(m.group("month")), int(re.match(r"\d+", m.group("md")).group(0))  # type: ignore[union-attr]
        deadline = DEADLINE.search(ctx.text[max(0, m.start() - 12) : m.start()]) is not None
        year = year_of_month(month, ctx, m.start(), m.end(), "deadline" if deadline else None)
        try:
            day = date(int(year), month, mday).isoformat() if year.isdigit() else f"XXXX-{month:02d}-{mday:02d}"
        except ValueError:
            return None
    return _Found(m.start(), m.end(), "TIME", f"{day}T{hour:02d}:{minute:02d}", "published" if ctx.dct else "none")


# --- the tagger -------------------------------------------------------------------------------------

def tag(text: str, dct: date | None = None, sentences: Sequence[Span] = ()) -> list[Timex]:
    """Every time expression in ``text`` with its TIMEX3 value, relative ones anchored to ``dct``."""
    spans = sorted(sentences)
    found: list[_Found] = []
    for pattern, func in _RULES:
        for match in pattern.finditer(text):
            ctx = Context(text, dct, _sentence_at(spans, match.start()))
            item = func(match, ctx)
            if item is not None and item.end > item.start:
                found.append(item)
    found.sort(key=lambda f: (-(f.end - f.start), f.start))
    taken: list[_Found] = []
    for item in found:
        if all(item.end <= t.start or item.start >= t.end for t in taken):
            taken.append(item)
    return [Timex(Span(f.start, f.end), f.type, f.value, f.anchor, f.mod) for f in sorted(taken, key=lambda f: f.start)]


def _sentence_at(spans: Sequence[Span], offset: int) -> Span | None:
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return spans[lo] if lo < len(spans) and spans[lo].start <= offset else None
