"""ROUGE-1 and ROUGE-2 n-gram counts exactly as tilse 0.2.1 gets them from the Perl ROUGE-1.5.5.

tilse writes each summary as a SEE-format HTML file (one ``<a ...>sentence</a>`` line per sentence) and runs
``ROUGE-1.5.5.pl -n 2 -x -m -s -f A -t 2``. What that does, and what this module does the same way:

- Text: a sentence is its whitespace-separated tokens joined by single spaces, with ``^`` written as
  ``&circ;``; ROUGE keeps a line's text only up to its first ``<``. All sentences of a summary are joined
  into one text, so bigrams run across sentence boundaries.
- Tokens: runs of ASCII letters and digits, lowercased (ROUGE turns every other byte, hyphens included,
  into a space; non-ASCII letters never belong to a token).
- ``-s``: tokens on the SMART stopword list are dropped before the n-grams are formed.
- ``-m``: a token longer than three characters is replaced by its WordNet 2.0 exception base form if it
  has one ("children" -> "child"), else by the Porter stem as ROUGE's own Perl stemmer computes it (Porter's
  reference Perl code with Chin-Yew Lin's 2004 change to step 4, see ``porter_stem``).
- Counts (``-t 2``, raw): hits are n-grams in common, each clipped to its count in the reference; the peer
  count and reference count are the numbers of n-grams in each. With several references (``-f A``) the
  three are summed over references.

Data files (``data/``): the SMART stopwords and the WordNet exceptions as ROUGE-1.5.5 ships them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Counts:
    """ROUGE-N counts of one peer against its references: n-grams in common (clipped), in the peer and
    in the references. Precision is hit / peer, recall hit / reference."""

    hit: int
    peer: int
    reference: int


def tokens(sentences: Iterable[str]) -> list[str]:
    """The tokens ROUGE-1.5.5 (``-m -s``) forms n-grams from, for a summary given as sentences."""
    stopwords, exceptions = _stopwords(), _exceptions()
    out: list[str] = []
    for sent in sentences:
        text = " ".join(sent.split()).replace("^", "&circ;").partition("<")[0]
        for token in _TOKEN.findall(text):
            token = token.lower()
            if token in stopwords:
                continue
            out.append(_stem(token, exceptions) if len(token) > 3 else token)
    return out


def ngrams(summary_tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """How often each n-gram occurs in a token sequence."""
    return Counter(tuple(summary_tokens[i : i + n]) for i in range(len(summary_tokens) - n + 1))


def count(peer: Counter[tuple[str, ...]], references: Iterable[Counter[tuple[str, ...]]]) -> Counts:
    """ROUGE-N counts of a peer's n-grams against each reference's (ROUGE's ``-f A``: summed)."""
    hit = peer_total = reference_total = 0
    own = sum(peer.values())
    for reference in references:
        hit += sum(min(n, reference[gram]) for gram, n in peer.items() if gram in reference)
        peer_total += own
        reference_total += sum(reference.values())
    return Counts(hit, peer_total, reference_total)


def _stem(token: str, exceptions: dict[str, str]) -> str:
    return exceptions.get(token) or porter_stem(token)


# Porter (1980) as in ROUGE-1.5.5's Perl stemmer: Martin Porter's reference Perl version, with step 4 as
# Chin-Yew Lin changed it in 2004 (after the main suffix list, "ment" and then "ent" are tried again).
_C = "[^aeiou][^aeiouy]*"  # consonant sequence ("y" after a consonant is a vowel)
_V = "[aeiouy][aeiou]*"  # vowel sequence
_M_GT0 = re.compile(f"^({_C})?{_V}{_C}")  # measure > 0
_M_EQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # measure = 1
_M_GT1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # measure > 1
_HAS_VOWEL = re.compile(f"^({_C})?[aeiouy]")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
          "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
          "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile(f"({'|'.join(_STEP2)})$")
_STEP3_RE = re.compile(f"({'|'.join(_STEP3)})$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


@cache  # a pure function of the word, called for every token of every summary scored
def porter_stem(word: str) -> str:
    """The Porter stem of a lowercase word, exactly as ROUGE-1.5.5's Perl stemmer gives it."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    if initial_y:  # an initial y is a consonant: write it Y so the vowel patterns skip it
        word = "Y" + word[1:]
    word = _step1(word)
    word = _replace_suffix(word, _STEP2_RE, _STEP2, _M_GT0)
    word = _replace_suffix(word, _STEP3_RE, _STEP3, _M_GT0)
    word = _step5(_step4(word))
    return "y" + word[1:] if initial_y else word


def _step1(w: str) -> str:
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    if w.endswith("eed"):
        if _M_GT0.search(w[:-3]):
            w = w[:-1]
    elif m := re.search("(ed|ing)$", w):
        stem = w[: m.start()]
        if _HAS_VOWEL.search(stem):
            w = stem
            if re.search("(at|bl|iz)$", w):
                w += "e"
            elif re.search(r"([^aeiouylsz])\1$", w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    if w.endswith("y") and _HAS_VOWEL.search(w[:-1]):
        w = w[:-1] + "i"
    return w


def _replace_suffix(w: str, pattern: re.Pattern[str], table: dict[str, str], condition: re.Pattern[str]) -> str:
    if (m := pattern.search(w)) and condition.search(w[: m.start()]):
        return w[: m.start()] + table[m.group(1)]
    return w


def _step4(w: str) -> str:
    if (m := _STEP4_RE.search(w)) and _M_GT1.search(w[: m.start()]):
        w = w[: m.start()]
    if w.endswith("ment") and _M_GT1.search(w[:-4]):
        w = w[:-4]
    if w.endswith("ent"):
        if _M_GT1.search(w[:-3]):
            w = w[:-3]
    elif (m := re.search("(s|t)(ion)$", w)) and _M_GT1.search(w[: m.start(2)]):
        w = w[: m.start(2)]
    return w


def _step5(w: str) -> str:
    if w.endswith("e"):
        stem = w[:-1]
        if _M_GT1.search(stem) or (_M_EQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _M_GT1.search(w):
        w = w[:-1]
    return w


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(_data_lines("smart_common_words.txt"))


@cache
def _exceptions() -> dict[str, str]:
    pairs = (line.split("\t", 1) for line in _data_lines("wordnet_exceptions.tsv"))
    return {word: base for word, base in pairs}


def _data_lines(name: str) -> list[str]:
    text = (files("storyline.evaluate") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]
