"""The words of time and their calendar arithmetic, for the time-expression grammar (time/grammar.py).

Vocabularies (months, weekdays, seasons, number words, units, modifiers), the tense of the sentence around
an expression (``Context.tense``: the nearest future or past marker), and the helpers that turn a number, a
unit, a month or a weekday into a TIMEX3 value relative to the article's date (the DCT): ``duration``,
``shift``, ``year_of_month`` ("last November"), ``weekday_date`` ("Tuesday", by tense), ``iso_week``. Absolute
dates are read with dateparser (``read_absolute``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from storyline.model import Span

MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
          "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
          "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
           "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
           "a dozen": 12, "half a dozen": 6, "a hundred": 100, "one hundred": 100, "a couple of": 2, "couple of": 2}
VAGUE = {"several", "few", "a few", "some", "many", "a number of", "numerous"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
# unit -> (TIMEX3 duration letter, is a time unit, granularity of a calendar unit)
UNITS = {"second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
         "night": ("D", False), "week": ("W", False), "fortnight": ("2W", False), "month": ("M", False),
         "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False)}

PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
MODS = {"about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "some": "APPROX",
         "almost": "LESS_THAN", "nearly": "LESS_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN",
         "under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "more than": "MORE_THAN",
         "over": "MORE_THAN", "at least": "EQUAL_OR_MORE"}
EDGE_MODS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID",
              "late": "END", "end": "END"}

_FUTURE = re.compile(r"\b(?:(?:will|'ll|shall|would|to)(?: not| still| also| now| then| [a-z]+ly)? "
                     r"(?:be|have(?: been)?) [a-z]+|will|'ll|shall|going to|"
                     r"(?:is|are) (?:to|due|expected|scheduled|set)|plans? to|"
                     r"plann(?:ed|ing) to|set to|as (?:early|soon) as|"
                     r"to be|upcoming|intends? to|expects? to|would|until|planned|scheduled|expected|due|payable|"
                     r"effective)\b", re.I)  # "will be paid", "would still be held": the participle is future
# Words of a company's quarterly results: there "a year ago" is the same quarter a year before.
RESULTS = re.compile(r"\b(?:quarter|net income|net loss|earnings|revenue|a share|per share)\b", re.I)
# Words before a date that make it a deadline or a schedule: the next such date, whatever the tense.
DEADLINE = re.compile(r"\b(?:by|until|till|through|before|payable|effective|due|expires?|expiring|and|to)\s+$", re.I)
_PAST = re.compile(
    r"\b(?:had been (?:due|scheduled|expected|set|planned) to [a-z]+|was|were|had|did|said|told|ago|earlier|"
    r"(?-i:[a-z]{2,}ed)(?<!hundred)(?<!need)(?<!indeed)(?<!speed)|met|went|came|took|gave|made|held|left|saw|began|fell|"
    r"rose|struck|shot|won|lost|sent|brought|bought|thought|found|kept|led|paid|ran|spoke|stood|wrote|broke|chose|"
    r"drove|flew|fought|got|grew|knew|meant|sold|sought|spent|stole|swore|threw|tore|understood|withdrew|became|"
    r"began|built|caught|drew|fled|forgot|froze|hid|rang|sang|sank|slid|swam|taught|wore|woke|overtook|undertook|"
    r"has been|have been)\b", re.I)


@dataclass
class Context:
    text: str
    dct: date | None
    sentence: Span | None = None

    def around(self, start: int, end: int) -> str:
        if self.sentence is not None:
            return self.text[self.sentence.start : self.sentence.end]
        left = max(self.text.rfind(". ", 0, start), self.text.rfind("\n", 0, start), start - 150)
        stops = [i for i in (self.text.find(". ", end), self.text.find("\n", end)) if i >= 0]
        return self.text[max(0, left) : min([*stops, end + 150])]

    def tense(self, start: int, end: int) -> str:
        """'future', 'past' or 'present': the tense marker nearest the expression in its sentence
        ("will", "is to" against "was", "said", a past participle or simple past in -ed)."""
        sentence = self.around(start, end)
        offset = self.text.find(sentence, max(0, start - len(sentence))) if sentence else -1
        here = start - max(offset, 0)
        best: tuple[int, str] | None = None
        for pattern, tense in ((_FUTURE, "future"), (_PAST, "past")):
            for m in pattern.finditer(sentence):
                distance = min(abs(m.start() - here), abs(m.end() - here))
                if best is None or distance < best[0]:
                    best = (distance, tense)
        return best[1] if best else "present"


def tense(text: str, start: int, end: int, sentence: Span | None = None) -> str:
    """The tense ('past', 'present', 'future') of the sentence around ``text[start:end]``."""
    return Context(text, None, sentence).tense(start, end)


# --- value helpers ------------------------------------------------------------------------------

def number(word: str | None) -> float | None:
    """A number word or digits as a number; None for vague amounts ("several")."""
    if word is None:
        return 1
    w = word.lower().replace("-", " ").strip()
    if w in VAGUE:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in NUMBERS:
        return NUMBERS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def fmt_num(n: float | None) -> str:
    if n is None:
        return "X"
    return str(int(n)) if float(n).is_integer() else str(n)


def unit_of(word: str) -> str:
    w = word.lower()
    w = "century" if w.startswith("centur") else w.rstrip("s") if w != "hours" else "hour"
    return w


def duration(n: float | None, unit: str) -> str:
    if unit in ("decade", "century", "quarter"):  # as TimeBank writes them: years and months
        factor, unit = {"decade": (10, "year"), "century": (100, "year"), "quarter": (3, "month")}[unit]
        n = None if n is None else n * factor
    letter, is_time = UNITS[unit]
    if letter == "2W":
        return f"P{fmt_num(None if n is None else 2 * n)}W"
    return f"P{'T' if is_time else ''}{fmt_num(n)}{letter}"


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def shift(dct: date, n: int, unit: str) -> str:
    """The DCT moved by ``n`` units, at that unit's granularity ("P"-less calendar value)."""
    if unit in ("day", "night"):
        return (dct + timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        return iso_week(dct + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        y, m = add_months(dct.year, dct.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        q = (dct.year * 4 + (dct.month - 1) // 3) + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "year":
        return f"{dct.year + n:04d}"
    if unit == "decade":
        return f"{(dct.year // 10 + n):03d}"
    if unit == "century":
        return f"{(dct.year // 100 + n):02d}"
    raise ValueError(f"no calendar unit {unit!r}")


def year_of_month(month: int, ctx: Context, start: int, end: int, which: str | None) -> str:
    """The year of a month named without one: by 'last'/'next'/'this', else by the sentence's tense."""
    if ctx.dct is None:
        return "XXXX"
    d = ctx.dct
    if which == "last":  # "last February" said in March is a year ago; "last May" said in August, this year's
        return str(d.year if month < d.month - 1 else d.year - 1)
    if which == "next":
        return str(d.year if month > d.month else d.year + 1)
    if which == "this":
        return str(d.year)
    if which == "deadline":
        return str(d.year if month >= d.month else d.year + 1)
    if which is None and 1 <= (month - d.month) % 12 <= 2:
        # a month or two ahead is the coming one, whatever the tense: news names a month ten months back
        # with its year or "last" ("in January" said in November is the January to come)
        return str(d.year + (month < d.month))
    tense = ctx.tense(start, end)
    if tense == "past":
        return str(d.year if month <= d.month else d.year - 1)
    if tense == "future":
        return str(d.year if month >= d.month else d.year + 1)
    return str(d.year if abs(month - d.month) <= 6 else d.year - 1 if month > d.month else d.year + 1)


def weekday_date(weekday: int, ctx: Context, start: int, end: int, which: str | None) -> date | None:
    """The day a weekday name points to from the DCT: 'last' strictly before, 'next' strictly after,
    else by tense (future: next on or after the DCT; past or present: latest on or before)."""
    if ctx.dct is None:
        return None
    d = ctx.dct
    back = (d.weekday() - weekday) % 7
    ahead = (weekday - d.weekday()) % 7
    if which == "last":
        return d - timedelta(days=back or 7)
    if which == "next":
        return d + timedelta(days=ahead or 7)
    if which == "this":
        return d + timedelta(days=weekday - d.weekday())
    tense = ctx.tense(start, end)
    if tense == "future":
        return d + timedelta(days=ahead)
    if tense == "past":
        return d - timedelta(days=back)
    return d - timedelta(days=back)  # present tense in news mostly reports: "officials say Tuesday"


@lru_cache(maxsize=4096)
def read_absolute(text: str) -> date | None:
    """A full date ("Aug. 9, 2016", "9 August 2016") read with dateparser."""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                                                 "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed is not None else None


def is_deadline(ctx: Context, start: int, end: int) -> bool:
    """Whether the words before ``start`` make the date a deadline ("by Jan. 14", "payable Dec. 7");
    "through" is one only outside the past tense ("shares bought through Sept. 29" is a period ended)."""
    found = DEADLINE.search(ctx.text[max(0, start - 12) : start])
    if found is None or re.match(r"['’]s\b", ctx.text[end : end + 3]):
        return False  # "a revision to December's figures" is no deadline
    return not (found.group(0).strip().lower() == "through" and ctx.tense(start, end) == "past")


def edge_mod(edge: str | None) -> str | None:
    if not edge:
        return None
    word = re.search(r"early|late|mid|middle|beginning|start|end", edge.lower())
    return EDGE_MODS[word.group(0)] if word else None
