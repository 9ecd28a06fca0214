"""Ingest: read files, folders, globs or stdin into Articles; list every input that cannot be read
in ``skipped`` with a reason. Plain text, HTML pages (trafilatura, htmldate), JSON/JSONL records and
RSS/Atom feeds (feedparser); any common encoding, mojibake repaired (ftfy)."""

from __future__ import annotations

import email.utils
import errno
import glob
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.model import Article, Published, Skipped
from storyline.read.encoding import decode
from storyline.read.html import html_fragment_text, parse_html, stated_published

__all__ = ["Batch", "decode", "expand_paths", "html_fragment_text", "iter_inputs", "parse_bytes", "parse_html",
           "read_contents", "read_file", "read_inputs"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
_DETOKENIZE = [(r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"), (r"-LCB-", "{"), (r"-RCB-", "}"),
               (r"``\s*", "“"), (r"\s*''", "”"), (r"\(\s+", "("), (r"\s+\)", ")"), (r"\s+([.,;:!?%])", r"\1"),
               (r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"), (r"\$\s+(\d)", r"$\1"), (r"\\/", "/")]


@dataclass
class Batch:
    """What was read: the articles, and every input that was not, with its reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    inputs: int = 0

    def extend(self, other: Batch) -> None:
        self.articles.extend(other.articles)
        self.skipped.extend(other.skipped)
        self.inputs += other.inputs


def read_inputs(paths: Sequence[str | Path], cfg: IngestConfig, *, stdin: BinaryIO | None = None) -> Batch:
    batch = Batch()
    for read in iter_inputs(expand_paths(paths, cfg), cfg, stdin=stdin):
        batch.extend(read)
    return batch


def iter_inputs(expanded: Iterable[tuple[str | Path, str | None]], cfg: IngestConfig, *,
                stdin: BinaryIO | None = None) -> Iterator[Batch]:
    """Read the inputs ``expand_paths`` found one at a time: one ``Batch`` per input, read only when
    asked for (so a caller holds one input at a time), article ids unique across all of them."""
    ids: set[str] = set()
    for path, problem in expanded:
        if problem:
            yield Batch(skipped=[Skipped(str(path), problem)], inputs=1)
            continue
        try:
            if str(path) == "-":
                if stdin is None:
                    raise InputError("'-' means standard input, but none was given.")
                articles, skipped = parse_bytes(_read_limited(stdin, cfg.max_bytes, "stdin"), "stdin", "stdin", "")
            else:
                articles, skipped = read_file(Path(path), cfg)
        except InputError as e:
            yield Batch(skipped=[Skipped(str(path), str(e))], inputs=1)
            continue
        yield Batch([_unique_id(article, ids) for article in articles], skipped, 1)


def read_contents(contents: Sequence[tuple[str, bytes]], cfg: IngestConfig) -> Batch:
    """Read inputs given as (file name, bytes) pairs, such as uploaded files, as ``read_inputs`` reads
    files: the same size limit, decoding and reading by kind, and the same skip reasons. Only the
    name's last part is used (for the article id and its kind); no path is ever opened."""
    batch = Batch()
    ids: set[str] = set()
    for name, data in contents:
        batch.inputs += 1
        path = Path(name.replace("\\", "/").rpartition("/")[2] or "upload")
        try:
            if len(data) > cfg.max_bytes:
                raise InputError(f"file is {_size(len(data))}, over the {_size(cfg.max_bytes)} limit "
                                 "(ingest.max_bytes).")
            articles, skipped = parse_bytes(data, _stem(path), path.name, _suffix(path))
        except InputError as e:
            batch.skipped.append(Skipped(path.name, str(e)))
            continue
        batch.skipped.extend(skipped)
        batch.articles.extend(_unique_id(article, ids) for article in articles)
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


def detokenize(text: str) -> str:
    """Undo Penn Treebank tokenization (" , ", "-LRB-", "`` ... ''") when the text carries it."""
    if not re.search(r" -LRB- | -RRB- | , .* \.\s*$|`` ", text[:5000], flags=re.M):
        return text
    for pattern, repl in _DETOKENIZE:
        text = re.sub(pattern, repl, text)
    return text


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
    published = stated_published(fields["published"], "metadata", "record's 'published' field") \
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


def parse_feed(data: bytes, stem: str, source: str, *, keep_empty: bool = False) -> tuple[list[Article], list[Skipped]]:
    """Each feed item an Article. With ``keep_empty`` an item with no text but a link is kept with
    empty text (the caller fetches its page) instead of being skipped."""
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
        if not text.strip() and not (keep_empty and entry.get("link")):
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
    return stated_published(value, "metadata", "feed item's date")
