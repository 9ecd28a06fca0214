"""storyline: turn the articles written about a news story into a briefing a reader can trust."""

from storyline.api import analyze
from storyline.model import Article, Story

__all__ = ["Article", "Story", "analyze"]
__version__ = "0.1.0"
