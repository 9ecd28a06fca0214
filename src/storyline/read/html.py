"""HTML: a page's article text, title, outlet, byline and publication day (trafilatura, htmldate), and the
text of an HTML fragment (a feed item's body)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from storyline.errors import InputError
from storyline.model import Article, Published, When


def parse_html(html: str, stem: str, source: str, *, url: str | None = None) -> Article:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                                include_tables=True)
        found = extracted if isinstance(extracted, dict) or extracted is None else extracted.as_dict()
    except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"HTML could not be parsed ({type(e).__name__}: {e}).") from e
    if not found or not (found.get("text") or "").strip():
        raise InputError("no article text found in the HTML page (trafilatura extracted nothing); "
                         "is it an article page?")
    published = page_date(html, url)
    text = body_text(extracted)
    return Article(stem, source, text or found["text"], title=found.get("title"), outlet=found.get("sitename"),
                   byline=found.get("author"), url=url or found.get("url"), published=published, markup=bool(text))


# trafilatura's XML elements that are blocks of the article body
_BODY_BLOCKS = ("p", "head", "item", "quote", "pre", "cell", "row", "list", "table", "div")
_BREAK = "\ue000"  # a block boundary while the body is flattened (a private-use character)


def body_text(extracted: Any) -> str:
    """The article body as trafilatura's XML gives it, one block (paragraph, heading, list item, table
    cell, line of code) a line, with its whitespace collapsed as a browser shows it: the source's line
    breaks inside a paragraph are not breaks. Empty when the extraction carries no body."""
    import copy

    body = getattr(extracted, "body", None)
    if body is None:
        return ""
    body = copy.deepcopy(body)
    for el in body.iter("code"):  # a block of code (it spans lines; code within a sentence does not) keeps its lines
        if "\n" in "".join(el.itertext()).strip():
            el.tag = "pre"
            for node in el.iter():
                node.text = node.text.replace("\n", _BREAK) if node.text else node.text
                node.tail = node.tail.replace("\n", _BREAK) if node.tail and node is not el else node.tail
    for el in body.iter(*_BODY_BLOCKS, "lb"):
        el.text = _BREAK + (el.text or "") if el.tag != "lb" else el.text
        el.tail = _BREAK + (el.tail or "")
    return "\n".join(_lines("".join(body.itertext())))


def _lines(flat: str) -> list[str]:
    """The non-empty lines between block boundaries, whitespace collapsed (newlines included)."""
    return [line for piece in flat.split(_BREAK) if (line := " ".join(piece.split()))]


def page_date(html: str, url: str | None) -> Published | None:
    """The page's publication day as htmldate finds it, the original date rather than an update: from
    the page's metadata first, else by its extensive search of the page (dates in the text, in link
    and image names), which is less certain. storyline's own stated-date signals (URL, dateline, date
    line, stamp: the temporal stage) never corrected htmldate on the design half of the web pages
    (bench/RESULTS.md), so they date only the pages htmldate cannot."""
    from htmldate import find_date

    for extensive, how, confidence in ((False, "metadata", 1.0), (True, "text", 0.8)):
        try:
            date = find_date(html, url=url, extensive_search=extensive, original_date=True, outputformat="%Y-%m-%d")
        except Exception:  # htmldate fails on some malformed pages; the date is then simply unknown
            date = None
        if date:
            where = "HTML metadata (htmldate)" if not extensive else "page (htmldate's extensive search)"
            published = stated_published(date, how, where)
            return replace(published, confidence=confidence) if published else None
    return None


def stated_published(value: str, how: str, where: str) -> Published | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    tz = parsed.tzinfo or UTC
    return Published(When(datetime(parsed.year, parsed.month, parsed.day, tzinfo=tz), "day"), how,  # type: ignore[arg-type]
                     1.0, f"stated in the {where}: {value}")


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
               "article", "figure", "figcaption", "pre")


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's body), one block per paragraph."""
    import lxml.html  # type: ignore[import-untyped]

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml's parser errors on odd fragments: fall back to stripping tags
        return re.sub(r"<[^>]+>", " ", fragment)
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()
