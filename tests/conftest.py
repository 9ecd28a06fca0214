"""Shared fixtures: where ../shared is, and a ready config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import Config
from tests.builders import default_config
from tests.loopback import Site, serve

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from current output.")


@pytest.fixture
def cfg() -> Config:
    return default_config()


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}; clone next to shared/ to run this test")
    return SEEDS


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A loopback HTTP server whose routes the test sets (tests/loopback.py)."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # every request goes straight to the loopback server
    yield from serve()
