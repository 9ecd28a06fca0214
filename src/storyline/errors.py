"""Errors. Messages are written at the raise site: what failed, the offending value, what to do."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input cannot be read or analysed (the run goes on without it)."""


class LanguageError(InputError):
    """An input is in a language storyline does not analyse (clean.languages)."""


class ConfigError(StorylineError):
    """A configuration value, option or pipeline layout is invalid."""


class StageError(StorylineError):
    """A stage failed on one article."""

    def __init__(self, message: str, *, stage: str, article_id: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.article_id = article_id
