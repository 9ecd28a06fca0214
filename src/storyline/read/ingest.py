"""Ingest: read files, folders, globs or stdin into Articles; list every input that cannot be read
in ``skipped`` with a reason. Plain text, HTML pages (trafilatura, htmldate), JSON/JSONL records and
RSS/Atom feeds (feedparser); any common encoding, mojibake repaired (ftfy)."""

from __future__ import annotations

import email.utils
import errno
import glob
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.model import Article, Published, Skipped, When

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "a gzip archive",
          b"\x7fELF": "an executable", b"RIFF": "a media file"}
_DETOKENIZE = [(r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"), (r"-LCB-", "{"), (r"-RCB-", "}"),
               (r"``\s*", "“"), (r"\s*''", "”"), (r"\(\s+", "("), (r"\s+\)", ")"), (r"\s+([.,;:!?%])", r"\1"),
               (r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"), (r"\$\s+(\d)", r"$\1"), (r"\\/", "/")]


@dataclass
class Batch:
    """What was read: the articles, and every input that was not, with its reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    inputs: int = 0


def read_inputs(paths: Sequence[str | Path], cfg: IngestConfig, *, stdin: BinaryIO | None = None) -> Batch:
    batch = Batch()
    ids: set[str] = set()
    for path, problem in expand_paths(paths, cfg):
        batch.inputs += 1
        if problem:
            batch.skipped.append(Skipped(str(path), problem))
            continue
        try:
            if str(path) == "-":
                if stdin is None:
                    raise InputError("'-' means standard input, but none was given.")
                articles, skipped = parse_bytes(_read_limited(stdin, cfg.max_bytes, "stdin"), "stdin", "stdin", "")
            else:
                articles, skipped = read_file(Path(path), cfg)
        except InputError as e:
            batch.skipped.append(Skipped(str(path), str(e)))
            continue
        batch.skipped.extend(skipped)
        for article in articles:
            batch.articles.append(_unique_id(article, ids))
    return batch


def expand_paths(paths: Iterable[str | Path], cfg: IngestConfig) -> list[tuple[str | Path, str | None]]:
    """Each file to read, or a path with the reason it cannot be read."""
    out: list[tuple[str | Path, str | None]] = []
    readable = HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES | set(cfg.text_suffixes)
    for raw in paths:
        text = str(raw)
        path = Path(text)
        if text == "-" or path.is_file():
            out.append((raw, None))
        elif path.is_dir():
            entries = sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink())
            if not entries:
                out.append((raw, "folder holds no files."))
            for file in entries:
                if problem := _link_problem(file):
                    out.append((file, problem))
                elif any(part.startswith(".") for part in file.relative_to(path).parts):
                    out.append((file, "hidden file; storyline does not read hidden files in folders."))
                elif _suffix(file) not in readable:
                    out.append((file, f"file type {_suffix(file) or '(none)'!r} is not read; storyline reads "
                                      f"{', '.join(sorted(readable))} (name the file itself to read it as text)."))
                else:
                    out.append((file, None))
        elif any(c in text for c in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                out.append((raw, "no file matches this pattern."))
            out.extend(expand_paths(matches, cfg))
        elif path.exists():
            out.append((raw, "not a regular file (a device, socket or pipe)."))
        else:
            out.append((raw, _link_problem(path) or "no such file or folder."))
    return out


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link met inside a folder is not read: it loops, it is broken, or it names a folder
    (not followed, since it could lead back up the tree). A link to a file is read."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises RuntimeError for a loop
        return "symbolic link loop: it leads back to itself; remove the link or name its target."
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop: it leads back to itself; remove the link or name its target."
        return f"broken symbolic link: its target {os.readlink(path)!r} does not exist."
    if path.is_dir() and path.parent.resolve().is_relative_to(target):
        return f"symbolic link loop: it leads back to {target}, a folder that holds it; not followed."
    if path.is_dir():
        return "symbolic link to a folder, not followed inside a folder (it could loop); name the folder to read it."
    return None


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def read_file(path: Path, cfg: IngestConfig) -> tuple[list[Article], list[Skipped]]:
    try:
        size = path.stat().st_size
        if size > cfg.max_bytes:
            raise InputError(f"file is {_size(size)}, over the {_size(cfg.max_bytes)} limit "
                             "(ingest.max_bytes); raise --max-bytes to read it.")
        data = path.read_bytes()
    except PermissionError as e:
        raise InputError("cannot read the file: permission denied.") from e
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}.") from e
    return parse_bytes(data, _stem(path), str(path), _suffix(path))


def _read_limited(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{name} is over the {_size(limit)} limit (ingest.max_bytes).")
    return data


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 100_000 else f"{n_bytes:,} bytes"


_ID_SUFFIXES = HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES | {".txt", ".text"}  # left out of article ids


def _stem(path: Path) -> str:
    name = path.name
    while True:
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or f".{suffix.lower()}" not in _ID_SUFFIXES:
            return name
        name = stem


def _unique_id(article: Article, ids: set[str]) -> Article:
    base, n, new = article.id, 1, article.id
    while new in ids:
        n += 1
        new = f"{base}-{n}"
    ids.add(new)
    return article if new == article.id else replace(article, id=new)


def parse_bytes(data: bytes, stem: str, source: str, suffix: str) -> tuple[list[Article], list[Skipped]]:
    """Read one input's bytes as the kind its suffix names, or the kind its content shows."""
    text = decode(data)
    kind = _kind(text, suffix)
    if kind == "html":
        return [parse_html(text, stem, source)], []
    if kind == "json":
        return parse_records(text, stem, source)
    if kind == "feed":
        return parse_feed(data, stem, source)
    return [Article(stem, source, detokenize(text))], []


def _kind(text: str, suffix: str) -> str:
    head = text.lstrip()[:1000].lower()
    looks_feed = "<rss" in head or "<feed" in head or "<rdf:rdf" in head
    if suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and looks_feed):
        if not looks_feed and not head.startswith("<?xml"):
            raise InputError("not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> element at the top.")
        return "feed" if looks_feed else "html"
    if suffix in HTML_SUFFIXES or (not suffix.startswith(".txt") and re.match(r"<(!doctype|html|head|body)", head)):
        return "html"
    if suffix in JSON_SUFFIXES or (suffix == "" and head[:1] in "{["):
        return "json"
    return "text"


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, else the detected encoding; mojibake repaired."""
    import ftfy

    if not data.strip():
        raise InputError("file is empty.")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not an article.")
    text = _decode_bytes(data)
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text[:20000]) // 100):
        raise InputError("binary file (control bytes throughout), not text.")
    if text.isascii():  # nothing for ftfy to repair, and it is the slowest part of reading
        return text.replace("\r\n", "\n")
    return ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True)


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(f"file starts with a {encoding} byte-order mark but is not valid {encoding}.") from e
    if b"\x00" in data[:4096]:
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        if max(even, odd) > len(data[:4096]) // 4 and min(even, odd) < len(data[:4096]) // 40:
            return data.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
        raise InputError("binary file (it holds NUL bytes), not text.")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    western = data.decode("cp1252", errors="replace")
    if _is_western(western):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot tell the text encoding; save the file as UTF-8.")
    encoding = best.encoding
    if encoding in {"latin_1", "iso8859_1", "iso-8859-1"}:
        encoding = "cp1252"  # a superset for the printable range; what "latin-1" usually means on the web
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode("latin-1")


_STRAY_BYTES = 8  # at most this many bytes outside UTF-8 in a text that is otherwise UTF-8


def _mostly_utf8(data: bytes) -> str | None:
    """The text, when the bytes are UTF-8 but for a few stray bytes (a character pasted from a
    Windows-1252 source into a UTF-8 file), each stray byte read as Windows-1252; ``None`` when the
    bytes are not UTF-8: more stray bytes than the limit, or no more valid multi-byte characters than
    stray bytes (a Windows-1252 text forms almost no valid UTF-8 sequence)."""
    valid: list[str] = []
    stray: list[str] = []
    pos = 0
    while True:
        try:
            valid.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as e:
            if len(stray) + e.end - e.start > _STRAY_BYTES:
                return None
            valid.append(data[pos:pos + e.start].decode("utf-8"))
            stray.append(data[pos + e.start:pos + e.end].decode("cp1252", errors="replace"))
            pos += e.end
    if stray and sum(ord(c) > 127 for part in valid for c in part) <= len(stray):
        return None
    return "".join(part for pair in itertools.zip_longest(valid, stray, fillvalue="") for part in pair)


# Non-ASCII characters that Windows-1252 news text holds besides letters: quotes, dashes, symbols.
_WESTERN_MARKS = frozenset("‘’‚“”„–—…•·†‡‰‹›«»€£¥¢©®™°±§¶×÷¡¿¼½¾\u00a0\u00ad")
_FOREIGN_RUN = re.compile(r"[^\W\d_\x00-\x7f]{3}")  # three non-ASCII letters in a row


def _is_western(text: str) -> bool:
    """Whether bytes read as Windows-1252 (what "latin-1" means on the web) give Latin-script text:
    every non-ASCII character a letter or a typographic mark, and no run of three non-ASCII letters
    (Cyrillic or Greek code pages read this way are all such runs). Tried before charset_normalizer,
    which guesses DOS and Baltic code pages for short Western texts ("café" read as "cafķ")."""
    return not _FOREIGN_RUN.search(text) and all(ord(c) < 128 or c.isalpha() or c in _WESTERN_MARKS
                                                  for c in text)


def detokenize(text: str) -> str:
    """Undo Penn Treebank tokenization (" , ", "-LRB-", "`` ... ''") when the text carries it."""
    if not re.search(r" -LRB- | -RRB- | , .* \.\s*$|`` ", text[:5000], flags=re.M):
        return text
    for pattern, repl in _DETOKENIZE:
        text = re.sub(pattern, repl, text)
    return text


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
            published = _published(date, how, where)
            return replace(published, confidence=confidence) if published else None
    return None


def _published(value: str, how: str, where: str) -> Published | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    tz = parsed.tzinfo or UTC
    return Published(When(datetime(parsed.year, parsed.month, parsed.day, tzinfo=tz), "day"), how,  # type: ignore[arg-type]
                     1.0, f"stated in the {where}: {value}")


def parse_records(text: str, stem: str, source: str) -> tuple[list[Article], list[Skipped]]:
    """A JSON object, a JSON array of objects, or JSON Lines; a broken record is skipped alone."""
    records: list[tuple[str, Any]] = []
    skipped: list[Skipped] = []
    try:
        whole = json.loads(text)
        items = whole if isinstance(whole, list) else [whole]
        records = [(f"{source}#{i + 1}", item) for i, item in enumerate(items)]
    except json.JSONDecodeError:
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{source}:{lineno}", json.loads(line)))
            except json.JSONDecodeError as e:
                skipped.append(Skipped(f"{source}:{lineno}", f"line {lineno} is not valid JSON: {e.msg} "
                                                              f"(column {e.colno})."))
    articles: list[Article] = []
    for where, record in records:
        try:
            articles.append(_record_article(record, stem, where))
        except InputError as e:
            skipped.append(Skipped(where, str(e)))
    return articles, skipped


def _record_article(record: Any, stem: str, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"record is a JSON {type(record).__name__}, not an object with 'text' or 'html'.")
    ident = str(record.get("id") or f"{stem}-{where.rpartition(':')[2].rpartition('#')[2]}")
    fields = {k: record.get(k) for k in ("title", "url", "outlet", "byline", "published")}
    if not all(v is None or isinstance(v, str) for v in fields.values()):
        raise InputError("record fields title, url, outlet, byline and published must be strings.")
    published = _published(fields["published"], "metadata", "record's 'published' field") \
        if fields["published"] else None
    if fields["published"] and published is None:
        raise InputError(f"record's 'published' value {fields['published']!r} is not a date (use YYYY-MM-DD).")
    if isinstance(record.get("text"), str) and record["text"].strip():
        return Article(ident, where, detokenize(record["text"]), fields["title"], fields["outlet"],
                       fields["byline"], fields["url"], published)
    if isinstance(record.get("html"), str) and record["html"].strip():
        article = parse_html(record["html"], ident, where, url=fields["url"])
        return Article(ident, where, article.text, fields["title"] or article.title, fields["outlet"] or article.outlet,
                       fields["byline"] or article.byline, fields["url"] or article.url, published or article.published,
                       article.markup)
    raise InputError("record has neither a non-empty 'text' nor 'html' field.")


def parse_feed(data: bytes, stem: str, source: str) -> tuple[list[Article], list[Skipped]]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        raise InputError(f"feed has no items{problem}.")
    outlet = feed.feed.get("title")
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for n, entry in enumerate(feed.entries, 1):
        key = entry.get("id") or entry.get("link") or entry.get("title") or str(n)
        ident = f"{stem}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        where = f"{source}#item{n}"
        body = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        text = html_fragment_text(body)
        if not text.strip():
            skipped.append(Skipped(where, "feed item has no text (no content or description)."))
            continue
        articles.append(Article(ident, where, text, entry.get("title"), outlet, entry.get("author"),
                                entry.get("link"), _feed_date(entry)))
    return articles, skipped


def _feed_date(entry: Any) -> Published | None:
    """The item's date as it states it, in its own time zone (feedparser's parsed tuple is in UTC,
    which would move an evening item in New York to the next day)."""
    key = "published" if entry.get("published_parsed") else "updated"
    stamp = entry.get(f"{key}_parsed")
    if not stamp:
        return None
    stated = str(entry.get(key) or "")
    try:
        value = datetime.fromisoformat(stated.replace("Z", "+00:00")).isoformat()
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(stated).isoformat()
        except (TypeError, ValueError):
            value = datetime(*stamp[:6]).replace(tzinfo=UTC).isoformat()
    return _published(value, "metadata", "feed item's date")


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
