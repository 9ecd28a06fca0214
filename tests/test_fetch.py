"""Fetch: pages and feeds from a loopback HTTP server this module starts; no test touches another address."""

from __future__ import annotations

import gzip
import socket
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from storyline.config import FetchConfig
from storyline.errors import ConfigError, InputError
from storyline.model import Article, Skipped
from storyline.read.fetch import Fetcher, is_url, parse_every, read_feed_list, user_agent, watch
from tests.builders import default_config
from tests.loopback import Route, Site, page, rss

# Invented news prose.
BRIDGE = (
    "The county council voted on Wednesday to close the old iron bridge at Millbrook to lorries, after "
    "inspectors found corrosion in two of its supporting beams. Cars and cyclists may still use it, the "
    "council said, and a temporary weight limit of seven tonnes will be enforced by cameras from Monday. "
    "Haulage firms warned that the detour through Oakfield adds forty minutes to each delivery and asked "
    "the council to speed up the repairs, which it expects to finish before the end of next spring. "
    "Residents of the lanes beside the detour have asked for a speed limit while the work goes on."
)
FERRY = (
    "Ferry crews on the Carrow estuary returned to work on Thursday after a three-day strike over pay, "
    "and the operator said every crossing would run to the normal timetable by the weekend. The union "
    "accepted a rise of four per cent this year and three the next, and the operator agreed to review "
    "rest breaks on the longer night crossings. Passengers who missed sailings can claim refunds online "
    "until the end of the month, the operator said in a statement on its website on Thursday evening. "
    "The strike had stranded hundreds of commuters on both banks, and two schools had closed early."
)
LIBRARY = (
    "The town library at Westby will open on Sundays from next month, after volunteers offered to staff "
    "the reading room and the council found money for heating. The head librarian said the extra day "
    "would help students preparing for examinations and families who work during the week, and that the "
    "children's corner would hold story readings every second Sunday. A survey of readers last autumn "
    "found that weekend opening was the change most of them wanted, ahead of longer evening hours. "
    "The council will decide in the summer whether Sunday opening continues after the trial year ends."
)


def fetch_cfg(**fetch: object) -> FetchConfig:
    return default_config(fetch={"per_host_delay": 0.0, **fetch}).fetch


def fetcher(**fetch: object) -> Fetcher:
    return Fetcher(fetch_cfg(**fetch))


def only_reason(result: tuple[list[Article], list[Skipped]]) -> str:
    articles, skipped = result
    assert articles == [] and len(skipped) == 1, result
    return skipped[0].reason


def test_fetch_page_read_as_html_file(site: Site) -> None:
    site.routes["/news/bridge.html"] = Route(page("Bridge closes to lorries", BRIDGE))
    url = site.url("/news/bridge.html")
    articles, skipped = fetcher().read_url(url)
    assert skipped == []
    [article] = articles
    assert article.source == url and article.url == url
    assert article.title == "Bridge closes to lorries"
    assert "corrosion in two of its supporting beams" in article.text
    assert article.id.startswith("bridge-")


def test_fetch_sends_user_agent_naming_storyline(site: Site) -> None:
    site.routes["/a"] = Route(page("Bridge", BRIDGE))
    fetcher(contact="news-desk@example.org").read_url(site.url("/a"))
    agent = site.requests[0][1]["User-Agent"]
    assert agent.startswith("storyline/") and "(+news-desk@example.org)" in agent


def test_fetch_user_agent_drops_empty_contact() -> None:
    agent = user_agent(fetch_cfg(contact=""))
    assert agent.startswith("storyline/") and "(" not in agent


def test_fetch_gzip_body_read(site: Site) -> None:
    site.routes["/gz"] = Route(gzip.compress(page("Ferry", FERRY)),
                               headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    articles, skipped = fetcher().read_url(site.url("/gz"))
    assert skipped == [] and "three-day strike" in articles[0].text
    assert "gzip" in site.requests[0][1]["Accept-Encoding"]


def test_fetch_declared_charset_honoured(site: Site) -> None:
    body = page("Bridge", BRIDGE.replace("Millbrook", "Millbrook (Милбрук)")).decode().encode("iso-8859-5")
    site.routes["/cyr"] = Route(body, headers={"Content-Type": "text/html; charset=iso-8859-5"})
    [article], _ = fetcher().read_url(site.url("/cyr"))
    assert "Millbrook (Милбрук)" in article.text


def test_fetch_rss_full_items(site: Site) -> None:
    site.routes["/feed.xml"] = Route(rss([("Bridge", site.url("/full/bridge"), BRIDGE),
                                          ("Ferry", site.url("/full/ferry"), FERRY)]),
                                     headers={"Content-Type": "application/rss+xml"})
    articles, skipped = fetcher().read_url(site.url("/feed.xml"))
    assert skipped == []
    assert [a.title for a in articles] == ["Bridge", "Ferry"]
    assert {a.outlet for a in articles} == {"Valley News"}
    assert articles[1].url == site.url("/full/ferry") and "three-day strike" in articles[1].text
    published = articles[0].published
    assert published is not None and published.how == "metadata" and published.when.iso() == "2026-03-04"
    assert len(site.requests) == 1  # full items: no page fetched


def test_fetch_teaser_items_fetch_their_pages(site: Site) -> None:
    site.routes["/teasers.rss"] = Route(rss([("Bridge closes", site.url("/p/bridge"), "The bridge closes."),
                                             ("Ferry strike ends", "/p/ferry", "")]),
                                        headers={"Content-Type": "text/xml"})
    site.routes["/p/bridge"] = Route(page("Bridge (page title)", BRIDGE))
    site.routes["/p/ferry"] = Route(page("Ferry", FERRY))
    articles, skipped = fetcher().read_url(site.url("/teasers.rss"))
    assert skipped == []
    by_title = {a.title: a for a in articles}
    assert set(by_title) == {"Bridge closes", "Ferry strike ends"}  # the feed's titles win
    bridge = by_title["Bridge closes"]
    assert "supporting beams" in bridge.text and bridge.url == site.url("/p/bridge")
    assert bridge.outlet == "Valley News" and bridge.published is not None
    assert by_title["Ferry strike ends"].url == site.url("/p/ferry")  # a relative link joined to the feed's URL


def test_fetch_teasers_off_keeps_teaser(site: Site) -> None:
    site.routes["/t.rss"] = Route(rss([("Bridge", site.url("/p/bridge"), "The bridge closes to lorries.")]),
                                  headers={"Content-Type": "application/rss+xml"})
    articles, _ = fetcher(fetch_teasers=False).read_url(site.url("/t.rss"))
    assert articles[0].text == "The bridge closes to lorries." and site.hits("/p/bridge") == 0


def test_fetch_atom_teaser_page_missing_listed(site: Site) -> None:
    site.routes["/atom"] = Route((
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Estuary Post</title>'
        f'<id>urn:x</id><updated>2026-03-04T10:00:00Z</updated><entry><title>Gone</title><id>urn:1</id>'
        f'<link href="{site.url("/p/gone")}"/><updated>2026-03-04T10:00:00Z</updated><summary>Short.</summary>'
        "</entry></feed>").encode(), headers={"Content-Type": "application/atom+xml"})
    articles, skipped = fetcher().read_url(site.url("/atom"))
    assert articles == []
    assert skipped == [Skipped(site.url("/p/gone"), skipped[0].reason)]
    assert "only a teaser (6 characters)" in skipped[0].reason and "HTTP 404" in skipped[0].reason


def test_fetch_max_items_caps_and_says_so(site: Site) -> None:
    items = [(f"Item {n}", site.url(f"/full/{n}"), BRIDGE) for n in range(5)]
    site.routes["/many"] = Route(rss(items), headers={"Content-Type": "application/rss+xml"})
    articles, skipped = fetcher(max_items=3).read_url(site.url("/many"))
    assert [a.title for a in articles] == ["Item 0", "Item 1", "Item 2"]
    assert "feed has 5 items; only the first 3" in skipped[0].reason


def test_fetch_http_404_listed(site: Site) -> None:
    assert only_reason(fetcher().read_url(site.url("/missing"))) == "HTTP 404 Not Found."


def test_fetch_slow_server_times_out(site: Site) -> None:
    site.routes["/slow"] = Route(page("Slow", BRIDGE), delay=1.0)
    started = time.monotonic()
    reason = only_reason(fetcher(timeout=0.2).read_url(site.url("/slow")))
    assert reason.startswith("timeout after 0.2 s") and time.monotonic() - started < 0.9


def test_fetch_trickling_body_stops_at_deadline(site: Site) -> None:
    site.routes["/trickle"] = Route(page("Slow", BRIDGE), delay=0.1, trickle=20)
    started = time.monotonic()
    reason = only_reason(fetcher(timeout=0.4).read_url(site.url("/trickle")))
    assert reason.startswith("timeout after 0.4 s") and time.monotonic() - started < 1.2


def test_fetch_oversized_body_stops_reading(site: Site) -> None:
    site.routes["/big"] = Route(page("Big", BRIDGE * 200), headers={"Content-Type": "text/html"}, trickle=50)
    reason = only_reason(fetcher(max_bytes=20_000).read_url(site.url("/big")))
    assert reason.startswith("larger than 0.02 MB (fetch.max_bytes)")


def test_fetch_oversized_content_length_refused(site: Site) -> None:
    site.routes["/big"] = Route(page("Big", BRIDGE * 200))
    reason = only_reason(fetcher(max_bytes=20_000).read_url(site.url("/big")))
    assert reason.startswith("larger than 0.02 MB") and "Content-Length is 0.117 MB" in reason


def test_fetch_gzip_bomb_stops_at_limit(site: Site) -> None:
    site.routes["/bomb"] = Route(gzip.compress(b"<html><body>" + b" " * 5_000_000),
                                 headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    assert only_reason(fetcher(max_bytes=100_000).read_url(site.url("/bomb"))).startswith("larger than 0.1 MB")


def test_fetch_image_not_an_article(site: Site) -> None:
    site.routes["/photo"] = Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, headers={"Content-Type": "image/png"})
    assert only_reason(fetcher().read_url(site.url("/photo"))) == "not an article: content type image/png."


def test_fetch_page_without_text_not_an_article(site: Site) -> None:
    site.routes["/empty"] = Route(b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")
    reason = only_reason(fetcher().read_url(site.url("/empty")))
    assert reason.startswith("not an article: no article text found")


def test_fetch_malformed_feed_listed(site: Site) -> None:
    site.routes["/bad.rss"] = Route(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Valley Ne",
                                    headers={"Content-Type": "application/rss+xml"})
    assert only_reason(fetcher().read_url(site.url("/bad.rss"))).startswith("malformed feed: feed has no items")


def test_fetch_redirect_followed(site: Site) -> None:
    site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    site.routes["/new"] = Route(page("Library", LIBRARY))
    [article], _ = fetcher().read_url(site.url("/old"))
    assert article.source == site.url("/old") and article.url == site.url("/new")


def test_fetch_redirect_loop_listed(site: Site) -> None:
    site.routes["/loop1"] = Route(status=302, headers={"Location": "/loop2"})
    site.routes["/loop2"] = Route(status=302, headers={"Location": "/loop1"})
    reason = only_reason(fetcher().read_url(site.url("/loop1")))
    assert reason.startswith("redirect loop:") and site.hits("/loop1") == 1


def test_fetch_redirect_chain_bounded(site: Site) -> None:
    for n in range(5):
        site.routes[f"/r{n}"] = Route(status=302, headers={"Location": f"/r{n + 1}"})
    reason = only_reason(fetcher(max_redirects=2).read_url(site.url("/r0")))
    assert reason.startswith("more than 2 redirects") and site.hits("/r3") == 0


def test_fetch_redirect_to_other_scheme_refused(site: Site) -> None:
    site.routes["/ftp"] = Route(status=302, headers={"Location": "ftp://127.0.0.1/file"})
    assert "scheme ftp: is not http: or https:" in only_reason(fetcher().read_url(site.url("/ftp")))


def test_fetch_non_ascii_path_percent_encoded(site: Site) -> None:
    site.routes["/news/caf%C3%A9%20bridge"] = Route(page("Bridge", BRIDGE))
    articles, skipped = fetcher().read_url(site.url("/news/café bridge"))
    assert skipped == [] and articles[0].source == site.url("/news/café bridge")


def test_fetch_malformed_url_listed() -> None:
    assert only_reason(fetcher().read_url("http://[::1/news")).startswith("not fetched: malformed URL")


def test_fetch_item_without_text_skipped_when_teasers_off(site: Site) -> None:
    site.routes["/t.rss"] = Route(rss([("Bridge", site.url("/p/bridge"), "")]),
                                  headers={"Content-Type": "application/rss+xml"})
    reason = only_reason(fetcher(fetch_teasers=False).read_url(site.url("/t.rss")))
    assert "fetch.fetch_teasers is off" in reason and site.hits("/p/bridge") == 0


def test_fetch_non_http_scheme_refused() -> None:
    reason = only_reason(fetcher().read_url("file:///etc/passwd"))
    assert reason.startswith("not fetched: the scheme file: is not http: or https:")


def test_fetch_connection_refused_listed() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    reason = only_reason(fetcher().read_url(f"http://127.0.0.1:{port}/x"))
    assert reason == f"connection refused by 127.0.0.1:{port}: nothing is listening there."


def test_fetch_dns_failure_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(host: str, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no lookup leaves the machine
    reason = only_reason(fetcher().read_url("http://no-such-host.invalid/news"))
    assert reason.startswith("DNS failure: cannot resolve the host 'no-such-host.invalid'")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_fetch_per_host_delay_between_requests(site: Site) -> None:
    site.routes["/a"] = Route(page("Bridge", BRIDGE))
    clock = FakeClock()
    polite = Fetcher(fetch_cfg(per_host_delay=2.5), clock=clock, sleep=clock.sleep)
    polite.read_url(site.url("/a"))
    assert clock.slept == []  # the first request to a host does not wait
    clock.now += 1.0
    polite.read_url(site.url("/a"))
    assert clock.slept == [pytest.approx(1.5)]  # 2.5 s after the last request, 1 s of it already gone
    clock.now += 10.0
    polite.read_url(site.url("/a"))
    assert len(clock.slept) == 1


def test_fetch_per_host_delay_is_per_host(site: Site) -> None:
    site.routes["/a"] = Route(page("Bridge", BRIDGE))
    clock = FakeClock()
    polite = Fetcher(fetch_cfg(per_host_delay=2.5), clock=clock, sleep=clock.sleep)
    polite.read_url(site.url("/a"))
    polite.read_url(site.url("/a").replace("127.0.0.1", "localhost"))  # another host name, the same loopback
    assert clock.slept == []


def test_fetch_retry_after_pauses_host(site: Site) -> None:
    site.routes["/busy"] = Route(b"busy", 429, headers={"Retry-After": "120"})
    site.routes["/a"] = Route(page("Bridge", BRIDGE))
    clock = FakeClock()
    polite = Fetcher(fetch_cfg(), clock=clock, sleep=clock.sleep)
    assert "wait 120 s (Retry-After)" in only_reason(polite.read_url(site.url("/busy")))
    assert "120 s of that wait are left" in only_reason(polite.read_url(site.url("/a")))
    clock.now += 121
    assert polite.read_url(site.url("/a"))[1] == []
    assert site.hits("/a") == 1


def test_fetch_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("ftp://example.org/a")
    assert not is_url("news/bridge.html") and not is_url("C:\\news\\a.html") and not is_url("-")


def test_fetch_read_feed_list(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\n\nhttps://a.example/rss  # the first\nhttps://b.example/atom\nhttps://a.example/rss\n")
    assert read_feed_list(path) == ["https://a.example/rss", "https://b.example/atom"]


def test_fetch_read_feed_list_bad_line_named(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("https://a.example/rss\nwww.b.example/feed\n")
    with pytest.raises(InputError, match=r"Line 2 of .*feeds.txt is not an http\(s\) URL: 'www.b.example/feed'"):
        read_feed_list(path)


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h", 3600), ("90s", 90), ("1h30m", 5400),
                                               ("0.5h", 1800), (" 2 d ", 172800)])
def test_fetch_parse_every(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["15", "m", "15x", "", "0m", "1h-5m"])
def test_fetch_parse_every_rejects(text: str) -> None:
    with pytest.raises(ConfigError, match="interval"):
        parse_every(text)


def test_fetch_config_rejects_bad_values() -> None:
    with pytest.raises(ConfigError, match=r"fetch\.timeout"):
        replace(fetch_cfg(), timeout=0)
    with pytest.raises(ConfigError, match="placeholders"):
        fetch_cfg(user_agent="storyline/{release}")


class Store:
    """What ``watch`` passed on, and the URLs stored."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[Article], list[Skipped]]] = []

    def add(self, articles: list[Article], skipped: list[Skipped]) -> None:
        self.calls.append((articles, skipped))

    def titles(self) -> list[list[str | None]]:
        return [[a.title for a in articles] for articles, _ in self.calls]


def test_fetch_watch_second_round_adds_nothing(site: Site) -> None:
    site.routes["/feed"] = Route(rss([("Bridge", site.url("/p/bridge"), "Teaser."),
                                      ("Ferry", site.url("/full/ferry"), FERRY)]),
                                 headers={"Content-Type": "application/rss+xml"})
    site.routes["/p/bridge"] = Route(page("Bridge", BRIDGE))
    store, slept = Store(), list[float]()
    watch([site.url("/feed")], fetcher(), store.add, every=900, once=False, sleep=slept.append, rounds=2)
    assert store.titles() == [["Bridge", "Ferry"]] and slept == [900]
    assert site.hits("/feed") == 2 and site.hits("/p/bridge") == 1  # the known item's page is not fetched again


def test_fetch_watch_adds_only_new_item(site: Site) -> None:
    items = [("Bridge", site.url("/full/bridge"), BRIDGE)]
    site.routes["/feed"] = lambda _: Route(rss(items), headers={"Content-Type": "application/rss+xml"})
    store = Store()

    def sleep(_: float) -> None:
        items.insert(0, ("Ferry", site.url("/full/ferry"), FERRY))

    watch([site.url("/feed")], fetcher(), store.add, every=60, once=False, sleep=sleep, rounds=2)
    assert store.titles() == [["Bridge"], ["Ferry"]]


def test_fetch_watch_asks_store_and_uses_etag(site: Site) -> None:
    def feed(handler: BaseHTTPRequestHandler) -> Route:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Route(status=304, headers={})
        return Route(rss([("Bridge", site.url("/full/bridge"), BRIDGE),
                          ("Ferry", site.url("/full/ferry"), FERRY)]),
                     headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    site.routes["/feed"] = feed
    store = Store()
    watch([site.url("/feed")], fetcher(), store.add, every=60, once=False, sleep=lambda _: None, rounds=3,
          seen=lambda url: url.endswith("/bridge"))
    assert store.titles() == [["Ferry"]]
    assert [headers.get("If-None-Match") for _, headers in site.requests] == [None, '"v1"', '"v1"']


def test_fetch_watch_failure_reported_once(site: Site) -> None:
    store = Store()
    watch([site.url("/gone")], fetcher(), store.add, every=60, once=False, sleep=lambda _: None, rounds=3)
    assert store.calls == [([], [Skipped(site.url("/gone"), "HTTP 404 Not Found.")])]
    assert site.hits("/gone") == 3


def test_fetch_watch_once_does_not_sleep(site: Site) -> None:
    site.routes["/feed"] = Route(rss([("Bridge", site.url("/full/bridge"), BRIDGE)]),
                                 headers={"Content-Type": "application/rss+xml"})
    store, slept = Store(), list[float]()
    watch([site.url("/feed")], fetcher(), store.add, every=60, once=True, sleep=slept.append)
    assert store.titles() == [["Bridge"]] and slept == []
