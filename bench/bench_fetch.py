"""Benchmark for fetching: how long a feed of teaser items takes to read from a loopback server, with and
without the per-host delay.

    PYTHONPATH=src python bench/bench_fetch.py [--items 30] [--runs 5] [--delay 0.1]

What is measured, exactly
-------------------------
A ``ThreadingHTTPServer`` on 127.0.0.1 (nothing else is contacted) serves one RSS feed of ``--items`` items,
each a one-sentence teaser, and each item's page (about 700 characters of invented prose). One untimed read
of a page loads trafilatura and htmldate. Then ``Fetcher.read_url(feed)`` is timed with
``time.perf_counter()`` ``--runs`` times with ``per_host_delay = 0`` (a new Fetcher each run: the feed, then
every item's page, read as ``storyline corpus add`` would), and once with ``per_host_delay = --delay``,
against its floor of ``items x delay`` seconds of waiting. Every run must give ``--items`` articles and no
skipped input, so a run that fails fast cannot look fast.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from storyline import config
from storyline.read.fetch import Fetcher

PROSE = ("The county council voted on Wednesday to close the old iron bridge at Millbrook to lorries, after "
         "inspectors found corrosion in two of its supporting beams. Cars and cyclists may still use it, the "
         "council said, and a temporary weight limit will be enforced by cameras from Monday. Haulage firms "
         "warned that the detour adds forty minutes to each delivery and asked the council to speed up the "
         "repairs, which it expects to finish before the end of next spring. Residents of the lanes beside the "
         "detour have asked for a speed limit while the work goes on. Item {n}.")


def serve(items: int) -> tuple[ThreadingHTTPServer, str]:
    pages = {f"/p/{n}": (f"<!DOCTYPE html><html><head><title>Item {n}</title></head><body><article>"
                         f"<h1>Item {n}</h1><p>{PROSE.format(n=n)}</p></article></body></html>").encode()
             for n in range(items)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/feed":
                body, kind = feed(self.server.server_address[1], items), "application/rss+xml"  # type: ignore[index]
            else:
                body, kind = pages.get(self.path, b""), "text/html"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def feed(port: int, items: int) -> bytes:
    entries = "".join(f"<item><title>Item {n}</title><link>http://127.0.0.1:{port}/p/{n}</link>"
                      f"<description>A teaser.</description></item>" for n in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{entries}</channel></rss>'.encode()


def read_feed(base: str, items: int, delay: float) -> float:
    cfg = config.load(overrides={"fetch": {"per_host_delay": delay}}).fetch
    started = time.perf_counter()
    articles, skipped = Fetcher(cfg).read_url(f"{base}/feed")
    seconds = time.perf_counter() - started
    if len(articles) != items or skipped:
        raise SystemExit(f"expected {items} articles and nothing skipped, got {len(articles)} and {skipped[:3]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.1)
    args = parser.parse_args()
    server, base = serve(args.items)
    try:
        Fetcher(config.load().fetch).read_url(f"{base}/p/0")  # loads trafilatura and htmldate, untimed
        times = [read_feed(base, args.items, 0.0) for _ in range(args.runs)]
        median = statistics.median(times)
        print(f"{args.items}-teaser feed, per_host_delay 0: median {median:.3f} s over {args.runs} runs "
              f"({min(times):.3f}-{max(times):.3f}), {(args.items + 1) / median:.0f} requests/s")
        delayed = read_feed(base, args.items, args.delay)
        print(f"per_host_delay {args.delay:g}: {delayed:.2f} s (floor {args.items * args.delay:.2f} s of waiting)")
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
