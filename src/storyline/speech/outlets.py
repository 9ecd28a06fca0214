"""News organisations: a helper of the quotes stage (not a stage). A news organisation that reports words
("…, the agency reported", "according to the newspaper", "told the broadcaster") passes them on: it is not
their speaker. A name is a news organisation's when it holds a word news organisations are named with (News,
Agency, Press, Times, Radio, TV, …, in a few languages), when it is one of the international wire services and
broadcasters, known by short names that say none of that (``WIRES``), or when it is the outlet of the article
itself. Only a name counts: "a Times poll" and "a Post database" are a poll and a database."""

from __future__ import annotations

import re

# Words that name a news organisation, in English and in the languages of the large agencies' names.
_NEWS_WORDS = (r"news|newswire|agency|press|presse|times|post|journal|tribune|herald|gazette|telegraph|chronicle|"
               r"observer|courier|dispatch|bulletin|examiner|inquirer|radio|television|tv|broadcasting|broadcaster|"
               r"channel|newspaper|daily|weekly|magazine|wire|agence|agencia|agenzia|nachrichten|"
               r"noticias|novosti|nouvelles|notizie|haber|ajansi")
_NEWS_WORD = re.compile(rf"\b(?:{_NEWS_WORDS})\b", re.I)
# The international wire services and broadcasters whose names hold none of those words.
WIRES = frozenset({
    "ap", "afp", "reuters", "upi", "dpa", "xinhua", "kyodo", "yonhap", "interfax", "tass", "itar-tass", "ria", "ansa",
    "efe", "anadolu", "bernama", "pti", "ani", "irna", "isna", "mena", "wafa", "sana", "petra", "kuna", "wam", "spa",
    "qna", "apa", "cna", "cnn", "bbc", "npr", "pbs", "abc", "cbs", "nbc", "msnbc", "fox", "bloomberg", "al-jazeera",
    "euronews", "sky", "itv", "rte", "cbc"})
_THE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ARTICLE_NOUNS = re.compile(r"^(?:the\s+)?(?:agency|newspaper|paper|daily|broadcaster|channel|network|"
                            r"news\s+agency|wire\s+service|station|magazine|outlet|tabloid|website)$", re.I)


def is_news_outlet(name: str, own_outlet: str | None = None) -> bool:
    """Whether ``name`` (an entity's name, or the phrase that names it) is a news organisation's; the
    article's own outlet (``own_outlet``) is one."""
    words = " ".join(_THE.sub("", name.strip()).split())
    if not words:
        return False
    if own_outlet and words.casefold() == " ".join(_THE.sub("", own_outlet.strip()).split()).casefold():
        return True
    if _ARTICLE_NOUNS.fullmatch(" ".join(name.split())):  # "the agency", "the newspaper"
        return True
    if words.replace(".", "").replace(" ", "-").casefold() in WIRES:  # "AP", "A.P.", "Itar-Tass", "Al Jazeera"
        return True
    proper = all(w[:1].isupper() or w in ("of", "and", "the", "de", "&") for w in words.split())
    return proper and bool(_NEWS_WORD.search(words))  # a name, not "a Times poll" or "the news that"
