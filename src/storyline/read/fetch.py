"""Fetch: read pages and RSS/Atom feeds from http(s) URLs into Articles, politely (a timeout, a size
limit, a user agent that names storyline, a delay between requests to one host); every URL that cannot
be read is listed as skipped with the reason. Parsing is ``ingest``'s: a page is read as an HTML file
is, a feed as a feed file, and a feed item that carries only a teaser has its page fetched."""

from __future__ import annotations

import hashlib
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from email.message import Message
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from storyline.config import FetchConfig
from storyline.errors import ConfigError, InputError
from storyline.model import Article, Skipped
from storyline.read.ingest import decode, parse_bytes, parse_feed, parse_html

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/xml": ".xml", "application/xml": ".xml",
          "application/json": ".json", "text/json": ".json", "text/plain": ".txt", "": ""} | dict.fromkeys(
    _FEED_TYPES, ".rss")
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_CHUNK = 65536
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"

Seen = Callable[[str], bool]


def is_url(text: str) -> bool:
    """Whether an input names a URL (``scheme://...``) rather than a path; only http(s) ones are fetched."""
    return bool(_URL.fullmatch(text.strip()))


@dataclass(frozen=True)
class Response:
    """A fetched body: the address it came from after redirects, its media type and declared charset."""

    url: str
    media_type: str
    charset: str | None
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by ``Fetcher.get`` itself, to bound them, spot loops and keep the host delay."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Fetcher:
    """Fetches URLs for one run, keeping for each host the time of its last request."""

    def __init__(self, cfg: FetchConfig, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        self.cfg = cfg
        self.user_agent = user_agent(cfg)
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._paused: dict[str, float] = {}  # host -> when its Retry-After ends
        self._validators: dict[str, dict[str, str]] = {}
        self._opener = urllib.request.build_opener(_NoRedirect())

    def read_url(self, url: str, *, seen: Seen | None = None,
                 if_changed: bool = False) -> tuple[list[Article], list[Skipped]]:
        """A page as one Article, a feed as its items' Articles (items whose URL ``seen`` knows are left
        out, their pages not fetched); a URL that cannot be read as one Skipped with the reason. With
        ``if_changed`` a URL fetched before is asked for only if it changed (nothing is returned if not)."""
        try:
            response = self.get(url, if_changed=if_changed)
            if response is None:
                return [], []
            if _is_feed(response):
                return self._read_feed(url, response, seen)
            return self._read_page(url, response)
        except InputError as e:
            return [], [Skipped(url, str(e))]

    def get(self, url: str, *, if_changed: bool = False) -> Response | None:
        """The body at ``url``, following at most ``fetch.max_redirects`` redirects; ``None`` when
        ``if_changed`` and the server says it is unchanged (HTTP 304). Raises InputError with the reason."""
        visited: list[str] = []
        while True:
            url = _normalise(url)
            if url in visited:
                raise InputError(f"redirect loop: {' -> '.join([*visited, url])}.")
            visited.append(url)
            headers = dict(self._validators.get(url, {})) if if_changed and len(visited) == 1 else {}
            result = self._request(url, headers, remember=if_changed)
            if isinstance(result, Response) or result is None:
                return result
            if len(visited) > self.cfg.max_redirects:
                raise InputError(f"more than {self.cfg.max_redirects} redirects (fetch.max_redirects); "
                                 f"the last pointed to {result}.")
            url = result

    def _request(self, url: str, headers: dict[str, str], *, remember: bool) -> Response | str | None:
        """One request: the Response, the next URL of a redirect, or None for 304 Not Modified."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": _ACCEPT,
                                                       "Accept-Encoding": "gzip", **headers})
        self._wait(url)
        deadline = time.monotonic() + self.cfg.timeout
        try:
            with self._opener.open(request, timeout=self.cfg.timeout) as raw:
                response = self._receive(raw, deadline)
            if remember:
                self._remember(url, raw.headers)
            return response
        except urllib.error.HTTPError as e:
            e.close()
            if e.code == 304:
                return None
            if 300 <= e.code < 400 and e.headers.get("Location"):
                return urljoin(url, str(e.headers["Location"]))
            raise InputError(f"HTTP {e.code} {e.reason}.{self._back_off(url, e)}") from e
        except InputError:
            raise
        except (OSError, http.client.HTTPException) as e:
            raise InputError(_network_reason(e, url, self.cfg)) from e
        finally:
            self._last[_host(url)] = self._clock()

    def _back_off(self, url: str, error: urllib.error.HTTPError) -> str:
        """After HTTP 429 or 503 with ``Retry-After: SECONDS``, no request to the host until then."""
        after = str(error.headers.get("Retry-After") or "").strip()
        if error.code not in (429, 503) or not after.isdigit():
            return ""
        self._paused[_host(url)] = self._clock() + int(after)
        return f" The server asked to wait {after} s (Retry-After); its host is not asked again before then."

    def _wait(self, url: str) -> None:
        paused = self._paused.get(_host(url), 0.0) - self._clock()
        if paused > 0:
            raise InputError(f"not fetched: {_host(url)} asked storyline to wait (HTTP 429 or 503 with "
                             f"Retry-After); {paused:.0f} s of that wait are left.")
        last = self._last.get(_host(url))
        if last is not None:
            wait = last + self.cfg.per_host_delay - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _remember(self, url: str, headers: Message) -> None:
        """The response's validators, so a later ``if_changed`` request can ask only for a changed body."""
        found = {"If-None-Match": headers.get("ETag"), "If-Modified-Since": headers.get("Last-Modified")}
        self._validators[url] = {k: v for k, v in found.items() if v}

    def _receive(self, raw: http.client.HTTPResponse, deadline: float) -> Response:
        headers = raw.headers
        media_type = (headers.get_content_type() if headers.get("Content-Type") else "").lower()
        if media_type not in _TYPES and not media_type.endswith("+xml"):
            raise InputError(f"not an article: content type {media_type}.")
        length = headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.cfg.max_bytes:
            raise InputError(f"larger than {_mb(self.cfg.max_bytes)} (fetch.max_bytes): "
                             f"Content-Length is {_mb(int(length))}.")
        body = _read_body(raw, headers.get("Content-Encoding", "").lower(), self.cfg, deadline)
        return Response(raw.geturl(), media_type, headers.get_content_charset(), body)

    def _read_page(self, url: str, response: Response) -> tuple[list[Article], list[Skipped]]:
        """A page's Article (its source the URL asked for, its url the address after redirects); a JSON
        body gives one Article per record, as a JSON file does."""
        stem = _url_stem(url)
        suffix = _TYPES.get(response.media_type, ".xml")
        try:
            if suffix == ".html" or (suffix == "" and _looks_html(response.body)):
                articles = [parse_html(decode(_to_utf8(response)), stem, url, url=response.url)]
                skipped: list[Skipped] = []
            else:
                articles, skipped = parse_bytes(_to_utf8(response), stem, url, suffix)
        except InputError as e:
            raise InputError(_not_article(str(e))) from e
        return [replace(a, url=a.url or response.url) for a in articles], skipped

    def _read_feed(self, url: str, response: Response, seen: Seen | None) -> tuple[list[Article], list[Skipped]]:
        try:
            articles, skipped = parse_feed(response.body, _url_stem(url), url, keep_empty=True)
        except InputError as e:
            raise InputError(f"malformed feed: {e}") from e
        if len(articles) > self.cfg.max_items:
            skipped.append(Skipped(url, f"feed has {len(articles)} items; only the first {self.cfg.max_items} "
                                        "were read (fetch.max_items)."))
            articles = articles[: self.cfg.max_items]
        articles = [replace(a, url=urljoin(response.url, a.url)) if a.url else a for a in articles]
        kept: list[Article] = []
        for article in articles:
            if article.url and seen is not None and seen(article.url):
                continue
            try:
                kept.append(self._complete(article))
            except InputError as e:
                skipped.append(Skipped(article.url or article.source, str(e)))
        return kept, skipped

    def _complete(self, item: Article) -> Article:
        """A feed item whose text is only a teaser, with its page's text (the feed's fields kept)."""
        url = item.url
        if url is None or (item.text and (not self.cfg.fetch_teasers or len(item.text) >= self.cfg.teaser_chars)):
            return item
        if not self.cfg.fetch_teasers:
            raise InputError("feed item has no text (no content or description), and fetch.fetch_teasers is off "
                             "so its page is not fetched.")
        try:
            response = self.get(url)
            if response is None or _is_feed(response):
                raise InputError("the item's link is a feed, not a page.")
            pages, _ = self._read_page(url, response)
            if len(pages) != 1:
                raise InputError(f"not an article: the item's link holds {len(pages)} records.")
            page = pages[0]
        except InputError as e:
            raise InputError(f"the feed carries only a teaser ({len(item.text)} characters) and its page "
                             f"could not be read: {e}") from e
        return replace(page, id=item.id, source=url, title=item.title or page.title,
                       outlet=item.outlet or page.outlet, byline=item.byline or page.byline, url=url,
                       published=item.published or page.published)


def user_agent(cfg: FetchConfig) -> str:
    """The User-Agent header: fetch.user_agent with storyline's version and fetch.contact filled in."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("storyline")
    except PackageNotFoundError:
        own = "unknown"
    text = cfg.user_agent.format(version=own, contact=cfg.contact)
    return re.sub(r"\s*\(\+?\s*\)", "", text).strip()


def _read_body(raw: http.client.HTTPResponse, encoding: str, cfg: FetchConfig, deadline: float) -> bytes:
    """The body, gzip undone, read in chunks: stopped past ``max_bytes`` or at the deadline."""
    if encoding not in ("", "identity", "gzip", "x-gzip"):
        raise InputError(f"the server sent the body in the {encoding!r} content encoding, which storyline "
                         "did not ask for and cannot read.")
    inflate = zlib.decompressobj(wbits=31) if "gzip" in encoding else None
    parts: list[bytes] = []
    size = 0
    while chunk := raw.read1(_CHUNK):
        if time.monotonic() > deadline:
            raise InputError(f"timeout after {cfg.timeout:g} s (fetch.timeout) while reading the body.")
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, cfg.max_bytes + 1 - size)
            except zlib.error as e:
                raise InputError(f"the body is not valid gzip ({e}).") from e
        size += len(chunk)
        if size > cfg.max_bytes:
            raise InputError(f"larger than {_mb(cfg.max_bytes)} (fetch.max_bytes); reading stopped there.")
        parts.append(chunk)
    return b"".join(parts)


def _network_reason(error: BaseException, url: str, cfg: FetchConfig) -> str:
    """What went wrong on the network, in words a user can act on."""
    cause = error.reason if isinstance(error, urllib.error.URLError) else error
    host = urlsplit(url).netloc
    if isinstance(cause, socket.gaierror):
        return f"DNS failure: cannot resolve the host {urlsplit(url).hostname!r} ({cause.strerror}); check the URL."
    if isinstance(cause, ConnectionRefusedError):
        return f"connection refused by {host}: nothing is listening there."
    if isinstance(cause, TimeoutError):
        return f"timeout after {cfg.timeout:g} s (fetch.timeout): {host} did not answer in time."
    if isinstance(cause, ssl.SSLError | ssl.CertificateError):
        return f"TLS error with {host}: {cause}."
    if isinstance(cause, http.client.HTTPException):
        return f"bad HTTP response from {host} ({type(cause).__name__}: {cause})."
    if isinstance(cause, OSError):
        return f"network error with {host}: {cause.strerror or cause}."
    return f"cannot fetch: {cause}."


def _normalise(url: str) -> str:
    """The URL as sent: an http(s) scheme checked, the host in IDNA, other non-ASCII characters and spaces
    percent-encoded. Raises InputError for another scheme or a malformed URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as e:
        raise InputError(f"not fetched: malformed URL ({e}).") from e
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"not fetched: the scheme {parts.scheme + ':' if parts.scheme else '(none)'} is not "
                         "http: or https:; give a web address, or a file's path without a scheme.")
    if not host:
        raise InputError("not fetched: the URL names no host.")
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port is not None else ""
    path, query = (quote(part, safe="/%:@!$&'()*+,;=~-._?") for part in (parts.path or "/", parts.query))
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _is_feed(response: Response) -> bool:
    if response.media_type in _FEED_TYPES:
        return True
    head = response.body[:2000].lstrip().lower()
    return response.media_type not in ("text/plain", "application/json") and any(r in head for r in _FEED_ROOTS)


def _looks_html(body: bytes) -> bool:
    return bool(re.search(rb"<(!doctype html|html|head|body)\b", body[:4000].lower()))


def _to_utf8(response: Response) -> bytes:
    """The body as UTF-8 when the server declared another charset and the body decodes in it; else as sent
    (ingest's decode detects the encoding)."""
    charset = (response.charset or "").lower()
    if not charset or charset in ("utf-8", "utf8", "us-ascii", "ascii"):
        return response.body
    try:
        return response.body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return response.body


def _not_article(reason: str) -> str:
    return reason if "not an article" in reason else f"not an article: {reason}"


def _url_stem(url: str) -> str:
    """A readable, stable article id for a URL: its last path segment (or host) and a short hash."""
    parts = urlsplit(url)
    segment = parts.path.rstrip("/").rpartition("/")[2].rpartition(".")[0] or \
        parts.path.rstrip("/").rpartition("/")[2] or parts.hostname or "page"
    slug = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")[:60] or "page"
    return f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.3g} MB"


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs in a file, one a line; blank lines and ``#`` comments are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"Cannot read the feeds file {path}: {e.strerror or e}. Check the path.") from e
    except UnicodeDecodeError as e:
        raise InputError(f"The feeds file {path} is not UTF-8 text; save it as UTF-8.") from e
    urls: list[str] = []
    for lineno, line in enumerate(lines, 1):
        text = re.sub(r"(^|\s)#.*", "", line).strip()
        if not text:
            continue
        if not is_url(text) or urlsplit(text).scheme.lower() not in ("http", "https"):
            raise InputError(f"Line {lineno} of {path} is not an http(s) URL: {text!r}. Write one feed URL a "
                             "line (https://...); blank lines and lines starting with # are ignored.")
        if text not in urls:
            urls.append(text)
    if not urls:
        raise InputError(f"The feeds file {path} lists no URL; write one feed URL a line.")
    return urls


def parse_every(text: str) -> float:
    """A polling interval such as ``15m``, ``1h``, ``90s`` or ``1h30m``, in seconds."""
    compact = text.strip().lower().replace(" ", "")
    matches = list(_EVERY.finditer(compact))
    if not compact or "".join(m.group(0) for m in matches) != compact:
        raise ConfigError(f"Cannot read the interval {text!r}: give a number and a unit, s, m, h or d "
                          "(for example 90s, 15m, 1h or 1h30m).")
    seconds = sum(float(m.group(1)) * _UNITS[m.group(2)] for m in matches)
    if seconds <= 0:
        raise ConfigError(f"The interval {text!r} is zero; give a positive one such as 15m.")
    return seconds


def watch(feeds: Sequence[str], fetcher: Fetcher, add: Callable[[list[Article], list[Skipped]], object], *,
          every: float, once: bool, seen: Seen | None = None, sleep: Callable[[float], object] = time.sleep,
          rounds: int | None = None) -> None:
    """Poll each feed every ``every`` seconds and pass its new items to ``add`` (with the failures not
    reported before). An item is new when its URL (or id) was not seen in an earlier round and ``seen``
    (the store) does not know it; a feed unchanged since the last round (HTTP 304) costs no download.
    Stops after one round with ``once``, after ``rounds`` rounds when given, else runs until interrupted."""
    if not once and every <= 0:
        raise ConfigError(f"The polling interval must be positive, got {every} seconds.")
    known: set[str] = set()
    reported: set[Skipped] = set()

    def is_seen(url: str) -> bool:
        return url in known or (seen is not None and seen(url))

    done = 0
    while True:
        for feed in feeds:
            articles, skipped = fetcher.read_url(feed, seen=is_seen, if_changed=True)
            new = [a for a in articles if (a.url or a.id) not in known]
            known.update(a.url or a.id for a in new)
            fresh = [s for s in skipped if s not in reported]
            reported.update(fresh)
            if new or fresh:
                add(new, fresh)
        done += 1
        if once or (rounds is not None and done >= rounds):
            return
        sleep(every)
