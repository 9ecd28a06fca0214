"""`storyline eval extraction`: the article text storyline keeps from real web pages.

The layout is trafilatura's own evaluation set: ``pages/<file>.html`` and ``extraction.json``
(``{url: {"file", "with": [...], "without": [...]}}``: snippets the article text must contain, and
snippets of boilerplate it must not). Scored as trafilatura scores itself: whitespace is normalised in
the text and in the snippets, and a snippet counts when it is a substring of the text. A ``with``
snippet found is a true positive, one missed a false negative; a ``without`` snippet present is a
false positive. Precision, recall and F1 come from the counts summed over the pages.

Two systems on the same pages: ``storyline`` (the title and the text after reading the page and the
clean stage, i.e. what every later stage analyses; a page storyline skips keeps no text) and ``trafilatura``
(``trafilatura.extract`` with its defaults, as a user would call it). Each runs on the page alone, as a
user saving pages has it, and on the page with its URL, as a feed gives it. Every figure is given for
the whole set, for each half of it (split by a hash of the file name, see ``evaluate.web``), and for the
pages in a language storyline analyses (``in language``): a page it skips by its language policy (a German
page among the "English" ones, say) counts as all missed in ``all`` and is left out of both systems'
``in language`` rows, so the two are compared on the same pages. Skipped pages are listed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.config import Config
from storyline.errors import InputError, LanguageError
from storyline.evaluate.web import HALVES, Page, read_html, read_pages
from storyline.model import Doc

GOLD = "extraction.json"
SYSTEMS = ("storyline", "trafilatura")
MODES = ("page", "page+url")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp)


def normalise(text: str) -> str:
    return " ".join(text.split())


def count(text: str | None, gold: dict[str, Any]) -> Counts:
    """One page's counts: ``with`` snippets found (tp) and missed (fn), ``without`` snippets present (fp)."""
    found = normalise(text or "")
    wanted = [normalise(s) for s in gold.get("with", [])]
    unwanted = [normalise(s) for s in gold.get("without", [])]
    tp = sum(s in found for s in wanted)
    return Counts(tp, len(wanted) - tp, sum(s in found for s in unwanted))


def figures(counts: Counts) -> dict[str, Any]:
    precision = counts.tp / (counts.tp + counts.fp) if counts.tp + counts.fp else 0.0
    recall = counts.tp / (counts.tp + counts.fn) if counts.tp + counts.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": counts.tp, "fn": counts.fn, "fp": counts.fp}


def storyline_text(html: str, page: Page, cfg: Config, *, with_url: bool) -> str:
    """What storyline keeps of the page: its title (read apart from the text) and the cleaned text every
    later stage analyses. Raises ``InputError`` with the reason when storyline skips the page."""
    from storyline.read.html import parse_html
    from storyline.stages.clean import clean

    article = parse_html(html, page.path.stem, str(page.path), url=page.url if with_url else None)
    doc = clean(Doc(article=article), cfg)
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def trafilatura_text(html: str, page: Page, *, with_url: bool) -> str | None:
    """trafilatura alone, with its defaults."""
    import trafilatura

    try:
        result: str | None = trafilatura.extract(html, url=page.url if with_url else None)
        return result
    except Exception:  # trafilatura raises assorted lxml errors on broken markup; it then extracted nothing
        return None


@dataclass
class Scored:
    """Counts per page (file name) for each system and mode (``{"storyline page": {file: Counts}}``), and
    the pages storyline skipped with its reason (``{file: reason}``, from the page-alone run), and those of
    them skipped by language."""
    counts: dict[str, dict[str, Counts]]
    skipped: dict[str, str]
    other_language: set[str]


def score_pages(pages: Sequence[Page], cfg: Config, *, progress: Progress | None = None) -> Scored:
    """Score both systems in both modes on every page."""
    scored = Scored({f"{system} {mode}": {} for system in SYSTEMS for mode in MODES}, {}, set())
    for page in pages:
        html = read_html(page.path)
        for mode in MODES:
            with_url = mode == "page+url"
            texts = {"storyline": _storyline_or_skip(html, page, cfg, with_url=with_url, scored=scored),
                     "trafilatura": trafilatura_text(html, page, with_url=with_url) if html else None}
            for system, text in texts.items():
                scored.counts[f"{system} {mode}"][page.path.name] = count(text, page.gold)
        if progress is not None:
            progress(1)
    return scored


def _storyline_or_skip(html: str | None, page: Page, cfg: Config, *, with_url: bool, scored: Scored) -> str | None:
    """storyline's text, or ``None`` with the skip reason recorded (a page storyline skips keeps no text)."""
    if not html:
        scored.skipped[page.path.name] = "the page could not be read"
        return None
    try:
        return storyline_text(html, page, cfg, with_url=with_url)
    except InputError as e:
        if not with_url:
            scored.skipped[page.path.name] = str(e)
            if isinstance(e, LanguageError):
                scored.other_language.add(page.path.name)
        return None


def summarise(pages: Sequence[Page], scored: Scored) -> dict[str, Any]:
    """Precision, recall and F1 per system and mode, over all the pages, over each half, and over the pages in
    a language storyline analyses (``in language``: both systems on the same pages, the pages storyline skips
    by its language policy left out). The pages storyline skipped are listed with its reason."""
    parts = {name: {p.path.name for p in pages if p.half == name} for name in HALVES}
    parts["in language"] = {p.path.name for p in pages if p.path.name not in scored.other_language}
    rows: dict[str, Any] = {}
    for key, per_page in scored.counts.items():
        for part in ("all", *HALVES, "in language"):
            chosen = [c for name, c in per_page.items() if part == "all" or name in parts[part]]
            rows[f"{key} ({part})"] = figures(sum(chosen, Counts()))
    return {"pages": len(pages), "pages_per_half": {name: len(parts[name]) for name in HALVES},
            "pages_in_language": len(parts["in language"]),
            "skipped_by_storyline": dict(sorted(scored.skipped.items())), "scores": rows}


def evaluate(folder: Path, cfg: Config, *, limit: int | None = None, half: str | None = None,
             progress: Progress | None = None) -> dict[str, Any]:
    """Score storyline's cleaned text and trafilatura's on the pages of ``folder``."""
    pages = read_pages(folder, GOLD, limit=limit, half=half)
    return summarise(pages, score_pages(pages, cfg, progress=progress))
