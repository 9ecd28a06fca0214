"""News organisations (speech/outlets.py): who passes words on rather than says them."""

from __future__ import annotations

import pytest

from storyline.speech.outlets import is_news_outlet


@pytest.mark.parametrize("name", ["the Valley Herald", "Northfield Daily News", "Radio Eastmark", "AP", "A.P.",
                                  "Reuters", "Agence Nordique", "the agency", "Itar-Tass"])
def test_outlets_news_organisations(name: str) -> None:
    assert is_news_outlet(name)


@pytest.mark.parametrize("name", ["Maria Lopez", "the Harbour Council", "Petra Novak", "the ministry", "France"])
def test_outlets_others_are_not_news_organisations(name: str) -> None:
    assert not is_news_outlet(name)


def test_outlets_the_articles_own_outlet_is_one() -> None:
    assert is_news_outlet("the Bugle", "The Bugle")
