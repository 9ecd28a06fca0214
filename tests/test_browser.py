"""report.html in a real browser (Debian's chromium, headless, driven by Playwright): the seeds' report
opened, a summary citation clicked, the cited sentence scrolled into view, its article opened and the
sentence highlighted; the charts screenshot, not blank, with their axis titles.

Chromium comes from Debian (``apt-get install chromium``), never from ``playwright install``; when it cannot
be installed the tests skip and say why."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.external]

CHROMIUM = Path("/usr/bin/chromium")
TESSERACT = Path("/usr/bin/tesseract")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
INSTALL_SECONDS = 900  # one apt-get step; chromium and its libraries are about 100 MB
HIGHLIGHT = "rgb(255, 224, 102)"  # .sent:target's background in templates/report.html.j2 (#ffe066)
CHARTS = {"timeline-chart": "Date", "relations-chart": "Month"}  # each chart's x-axis title


def apt_install(package: str, binary: Path) -> str | None:
    """Install a Debian package unless ``binary`` is already there; None when it is there, else why not."""
    if binary.exists():
        return None
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return f"{binary} is missing and apt-get cannot install {package} here (needs Debian and root)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", package]
    for step in (install, ["apt-get", "update", "-q"], install):  # the package lists may be missing or stale
        try:
            done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=INSTALL_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return f"{' '.join(step)} took more than {INSTALL_SECONDS} s"
        if done.returncode == 0 and binary.exists():
            return None
    tail = " ".join(done.stderr.strip().splitlines()[-2:])
    return f"apt-get could not install {package} (exit {done.returncode}): {tail}"


@pytest.fixture(scope="session")
def chromium() -> Path:
    reason = apt_install("chromium", CHROMIUM)
    if reason:
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is a dev extra: pip install -e '.[dev]'")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def seed_report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-report")
    result = CliRunner().invoke(app, ["analyze", str(seeds_dir), "-o", str(out), "--format", "html", "-q"])
    assert result.exit_code == 0, result.output
    return out / "report.html"


@pytest.fixture
def page(browser: Any, seed_report: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(seed_report.as_uri())
    yield page
    context.close()


def test_browser_citation_shows_the_cited_sentence_highlighted(page: Any) -> None:
    from playwright.sync_api import expect

    link = page.locator("ul.summary a.cite").first
    target = link.get_attribute("href")
    assert target and target.startswith("#s-"), f"the first summary citation should name a sentence, not {target}"
    link.click()
    sentence = page.locator(f'[id="{target[1:]}"]')
    expect(sentence).to_be_in_viewport()
    assert sentence.evaluate("e => e.closest('details').open"), "the cited sentence's article should open"
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT


def test_browser_only_the_cited_sentence_is_highlighted(page: Any) -> None:
    page.locator("ul.summary a.cite").first.click()
    backgrounds = page.locator(".sent").evaluate_all("all => all.map(e => getComputedStyle(e).backgroundColor)")
    assert backgrounds.count(HIGHLIGHT) == 1


def test_browser_every_citation_leads_to_a_sentence_of_the_page(page: Any) -> None:
    missing = page.evaluate("""() => [...document.querySelectorAll('a.cite')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))""")
    assert page.locator("a.cite").count() > 50 and missing == []


@pytest.mark.parametrize(("chart", "title"), CHARTS.items())
def test_browser_chart_is_drawn_with_its_axis_title(page: Any, chart: str, title: str) -> None:
    figure = page.locator(f"figure.chart#{chart}")
    assert figure.count() == 1, f"the seeds' report has no <figure id={chart!r}>"
    drawing = figure.locator("svg").first
    drawing.scroll_into_view_if_needed()
    png = drawing.screenshot()
    assert _colours(page, png) > 2, f"the screenshot of {chart} is blank"
    if apt_install("tesseract-ocr", TESSERACT) is None:
        words = _read_words(png)
        assert _below_ticks(words, title), f"OCR found no {title!r} under the time axis of {chart}: {words}"
    else:
        box = figure.locator("svg text", has_text=re.compile(rf"^\s*{title}\s*$")).first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, f"no visible axis title {title!r} in {chart}"


def test_browser_relations_chart_titles_its_score_axis(page: Any) -> None:
    figure = page.locator("figure.chart#relations-chart")
    assert figure.count() == 1, "the seeds' report has no relations chart"
    title = figure.locator("svg text", has_text=re.compile(r"^\s*Relation score"))
    box = title.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0


def _colours(page: Any, png: bytes) -> int:
    """How many colours the PNG has, counted by the browser itself (no imaging library needed)."""
    data = base64.b64encode(png).decode()
    return int(page.context.new_page().evaluate("""async (data) => {
        const img = new Image(); img.src = "data:image/png;base64," + data; await img.decode();
        const canvas = new OffscreenCanvas(img.width, img.height), g = canvas.getContext("2d");
        g.drawImage(img, 0, 0);
        const px = new Uint32Array(g.getImageData(0, 0, img.width, img.height).data.buffer);
        return new Set(px).size; }""", data))


def _read_words(png: bytes) -> list[tuple[str, int, int]]:
    """The words tesseract reads in the PNG, each with its top and bottom in pixels."""
    done = subprocess.run([str(TESSERACT), "-", "-", "--psm", "11", "tsv"], input=png, capture_output=True,
                          timeout=60, check=True)
    rows = [line.split("\t") for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]]
    return [(row[11].strip(), int(row[7]), int(row[7]) + int(row[9])) for row in rows
            if len(row) == 12 and row[11].strip()]


def _below_ticks(words: list[tuple[str, int, int]], title: str) -> bool:
    """``title`` is read just under the time axis's tick labels (the years), as an x-axis title is, not
    farther down or beside the chart as a legend's title would be."""
    ticks = [(top, bottom) for word, top, bottom in words if re.fullmatch(r"\d{4}", word)]
    if not ticks:
        return False
    below, line = max(bottom for _, bottom in ticks), max(bottom - top for top, bottom in ticks)
    return any(word == title and below <= top <= below + 2 * line for word, top, _ in words)
