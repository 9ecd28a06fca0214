"""The quotes stage: who said what, directly or in reported speech, with the speaker resolved (speech/quotes.py)."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Doc
from storyline.registry import stage
from storyline.speech.quotes import find_quotes


@stage("quotes", requires=("sentences", "mentions"), provides=("quotes",))
def quote_article(doc: Doc, cfg: Config) -> Doc:
    """The doc with its quotes and their speakers, resolved within the article."""
    return find_quotes(doc, cfg)
