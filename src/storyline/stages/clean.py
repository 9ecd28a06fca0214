"""Clean: remove the web debris that survives extraction, keep the article's own sentences intact.

The text is split into blocks (one non-empty line each, hard-wrapped lines re-joined). Each block is
kept or removed with a named reason; removed blocks are recorded in ``Doc.removed`` so a reader can
audit the cleaning. Text extracted from a page's markup keeps its blocks as the page marks them: the
rules that take short lines for headings or highlights apply to plain text only. Header blocks give
the title, byline, dateline and a stated date line. Finally the language is checked and, when
``clean.max_chars`` is set, an over-long text is cut at a paragraph boundary (and noted).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from storyline.config import Config
from storyline.errors import InputError, LanguageError
from storyline.language import nlp
from storyline.model import TRUNCATED, Doc, Removed
from storyline.registry import stage

_TERMINAL = re.compile(r"[.!?…:;\"”’')\]。！？」』]$")
_IMAGE_FILE = re.compile(r"^[\w\s,'’()&+.\-]{1,200}\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg|avif)$", re.I)
_VIDEO_LENGTH = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-–—|]\s*(?:Source|Video|Credit):?\s*.{0,60})?$", re.I)
_HIGHLIGHTS = re.compile(r"^(?:story highlights|highlights|key points|in brief|at a glance)$", re.I)
_SOCIAL = re.compile(
    r"^(?:follow|like|join|subscribe|sign up|share|download|get|read)\b.{0,80}\b(?:twitter|facebook|"
    r"instagram|telegram|youtube|newsletter|linkedin|whatsapp|tiktok|threads|bluesky|our app)\b", re.I)
_CONSENT_TOPIC = re.compile(
    r"\b(?:cookies?|consent|privacy (?:policy|notice|settings)|terms of (?:use|service))\b", re.I)
_CONSENT_ASK = re.compile(r"\b(?:you agree|we use|we and our|accept|by (?:using|continuing|clicking)|partners|"
                          r"manage (?:your )?(?:settings|preferences))\b", re.I)
_CREDIT = re.compile(
    r"(?:contributed (?:to )?(?:this )?(?:report|story|article)(?:ing)?\.?$)"
    r"|(?:^\(?(?:reporting|additional reporting|writing|editing|compiled|translated) by\b)"
    r"|(?:^(?:sources?|credits?|photos?|images?|videos?)\s*:\s*\S.{0,60}$)|(?:^(?:copyright\b|©|\(c\)\s))"
    r"|(?:all rights reserved\.?$)", re.I)
_CAPTION = re.compile(
    r"^(?:an? |the )?(?:file |archive )?(?:photo|image|picture|photograph|handout|screenshot|screengrab|still)"
    r"\b(?: shows| of| taken| from)", re.I)
_PHOTO_CREDIT = re.compile(
    r"(?:[:|]\s*(?:photograph:?\s*|photo:?\s*|image:?\s*)?[A-Z][\w.&' -]{1,40}$"
    r"|\((?:photo|image|picture|photograph)(?: credit)?:[^)]*\)$)")
_CREDIT_NAMES = re.compile(r"\b(?:getty|afp|reuters|ap|epa|pa|shutterstock|alamy|bloomberg|images|photos?|"
                           r"pictures|wire|press|agency|photograph)\b", re.I)
# A photo credit run into the text that follows it, as pages converted one sentence to a line leave it:
# "Photograph: Ana Diaz/Example Images The minister said ...", "(By Tom Reed -- Reuters) The bank ...".
_AGENCIES = (r"(?:Getty Images|Getty|Reuters|AP|AFP|PA|EPA|Rex Features|Rex|Corbis|Alamy|Bloomberg|Xinhua|"
             r"Associated Press|The Associated Press|Handout)")
_CREDIT_MARKER = r"(?:^|(?<=\s))(?:Photograph|Photo|Picture|Image|Illustration)(?: by)?\s?:\s?"
_NEXT_SENTENCE = r"\s+(?=[A-Z0-9“\"‘'])"
_RUN_IN_CREDIT = re.compile(  # "Photograph: Ana Diaz/Example Images", "Photograph: Reuters"
    _CREDIT_MARKER + rf"(?:[^\s/]+(?: [^\s/]+){{0,3}}/[^\s/]+(?:/[^\s/]+)*(?: (?i:images|press|features|photos|"
    rf"pictures))?|{_AGENCIES})" + _NEXT_SENTENCE)
# "Photograph: Ana Diaz The minister ...": a name of one or two words (and "for the <outlet>"), then a sentence;
# only where a sentence could start, since a name is a weaker sign than an agency
_NAMED_CREDIT = [re.compile(r"(?:^|(?<=[.!?] ))" + _CREDIT_MARKER.removeprefix(r"(?:^|(?<=\s))") + name
                            + r"(?: for (?:the )?[A-Z]\w+)?" + _NEXT_SENTENCE)
                 for name in (r"[A-Z][\w.'’-]* [A-Z][\w.'’-]*", r"[A-Z][\w.'’-]*")]
_IN_PARENS = r"\((?P<inside>[^()]{2,60})\)"
_LEADING_CREDIT = re.compile(r"(?:^|(?<=[.!?] ))" + _IN_PARENS + _NEXT_SENTENCE)
_CREDIT_ALONE = re.compile(_IN_PARENS)  # fullmatch: "(The Associated Press)" as a block of its own
_CREDIT_INSIDE = re.compile(
    rf"^(?:(?:by|photo by|photo|video by)\s*:?\s+)?(?:[^()]{{0,40}}?(?:/|\s--?\s|\s-\s|\svia\s))?{_AGENCIES}$", re.I)
_BYLINE = re.compile(r"^by\s+([A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|de|van|von|al|bin|da)){0,7})"
                     r"(?:\s*[,|]\s*.{0,60})?$", re.I)
_NAME_ONLY = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,3}$")
_DATELINE_ALONE = re.compile(r"^(?:(?P<place>[^—–]{0,60}?)\s+)?\(?(?P<outlet>[A-Z][A-Za-z&.]{1,15})\)?\s*[—–]\s*$")
_DATELINE_PREFIX = re.compile(
    r"^(?P<head>[A-Z][\w.'’]*(?:,?\s+[A-Z0-9][\w.'’]*){0,7})\s*"
    r"(?:\((?P<outlet>[A-Za-z][A-Za-z .&]{0,30})\)\s*[—–-]+|[—–]+)\s+(?=\S)")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_LINE = re.compile(
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b)", re.I)
_DATE_LINE_WORDS = re.compile(r"^(?:updated|published|posted|last|modified|on|at|gmt|utc|bst|est|edt|pst|cet|am|pm|"
                              r"mon|tue|wed|thu|fri|sat|sun)\w*$", re.I)
_PLAYER = re.compile(r"\b(?:to play this (?:content|video)|javascript (?:must be|is) (?:turned on|enabled)|"
                     r"flash player|your browser does not support|enable javascript)\b", re.I)
_BOILERPLATE = re.compile(
    r"^(?:advertisement|advert|sponsored|sponsored content|image copyright\b.*|image caption\b.*|media caption\b.*|"
    r"media playback is unsupported.*|(?:read|see) (?:more|also)\s*:.*|related(?: stories| articles| coverage)?\s*:.*|"
    r"more on this story|click here\b.*|share (?:this|on)\b.*|this material may not be published.*|"
    r"last (?:updated|modified)\s*:?.*)$", re.I)
_COMMENT_MARKER = re.compile(r"\b(?:posted by|report abuse|report (?:offensive|this) comment|recommend this comment|"
                             r"reply to this comment|flag as inappropriate)\b", re.I)
_COMMENT_THREAD = 3  # this many comment markers make a reader-comment thread
# The notice or heading that opens a reader-comment section ("Views expressed in the comments do not
# represent ...", "We welcome comments ...", "This discussion is now closed", "12 comments").
_COMMENTS_OPEN = re.compile(
    r"^(?:views expressed in (?:the |these |reader )?comments\b|we welcome (?:your )?comments\b|"
    r"(?:this )?discussion is (?:now )?closed\b|comments (?:are|have been) (?:now )?closed\b|"
    r"comments (?:are|will be) (?:moderated|reviewed)\b|(?:add|post|leave|write) (?:a|your) comment\b|"
    r"join the (?:discussion|conversation)\b|have your say\b|\d+ comments?$|comments(?: \(\d+\))?:?$)", re.I)
_ARTICLE_BEFORE_COMMENTS = 3  # kept blocks needed before a comment-section notice
_HEADLINE_QUESTION = re.compile(r"^[^:]{2,60}: [^\"“”]+\?$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")


@dataclass
class _Block:
    text: str
    kind: str | None = None  # None: kept; otherwise the reason it was removed
    structured: bool = False  # a block the page's markup marks (paragraph, heading, list item, cell)


@dataclass
class _Header:
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date_line: str | None = None
    outlet: str | None = None


def _load_models(cfg: Config) -> None:
    nlp.language_identifier()
    if cfg.clean.tag_captions:
        nlp.tagger(cfg.nlp.model)


@stage("clean", provides=("text", "language"), setup=_load_models)
def clean(doc: Doc, cfg: Config) -> Doc:
    """Strip debris, read the header, check the language, bound the length."""
    markup = doc.article.markup
    lines = split_blocks(doc.article.text, rejoin=not markup)
    blocks = split_credits([_Block(text, structured=markup) for text in lines])
    mark_debris(blocks)
    mark_comments(blocks)
    header = read_header(blocks, doc, header_blocks=cfg.clean.header_blocks)
    mark_headings(blocks, max_words=cfg.clean.heading_max_words)
    if cfg.clean.tag_captions:
        mark_captions(blocks, model=cfg.nlp.model)
    header.outlet = header.outlet or _credit_outlet(blocks)
    kept = [b.text for b in blocks if b.kind is None]
    text = "\n\n".join(kept)
    removed = tuple(Removed(b.kind, b.text) for b in blocks if b.kind is not None)
    if len(text) < cfg.ingest.min_chars:
        check_language(doc.article.text, cfg)  # an article in another language is skipped for that reason
        raise InputError(
            f"article body is only {len(text)} characters after removing {len(removed)} debris block(s); "
            f"need at least {cfg.ingest.min_chars} (ingest.min_chars)."
        )
    language = check_language(text, cfg)
    notes = doc.notes
    if 0 < cfg.clean.max_chars < len(text):
        cut = text.rfind("\n\n", 0, cfg.clean.max_chars)
        cut = cut if cut > 0 else cfg.clean.max_chars
        notes += (f"{TRUNCATED} {cut:,} of {len(text):,} characters (clean.max_chars).",)
        text = text[:cut]
    return replace(
        doc, text=text, language=language, removed=removed, notes=notes,
        title=doc.article.title or header.title, outlet=doc.article.outlet or header.outlet,
        byline=doc.article.byline or header.byline, dateline=header.dateline, date_line=header.date_line,
        sources=doc.sources or (doc.article.source,),
    )


def split_blocks(text: str, *, rejoin: bool = True) -> list[str]:
    """Non-empty lines, whitespace normalised; a line continuing a hard-wrapped sentence is re-joined
    (unless ``rejoin`` is false: text extracted from markup has one block a line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    blocks: list[str] = []
    after_blank = True
    for raw in text.split("\n"):
        line = re.sub(r" {2,}", " ", raw).strip()
        if not line:
            after_blank = True
            continue
        if (rejoin and blocks and not after_blank and line[0].islower() and not _TERMINAL.search(blocks[-1])
                and not _IMAGE_FILE.match(line)):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
        after_blank = False
    return blocks


def _words(text: str) -> int:
    return len(text.split())


def split_credits(blocks: list[_Block]) -> list[_Block]:
    """Take a photo credit run into a block out of it ("photo credit"): the text before the credit (often
    its caption, a full sentence that can stand as one) and the text after it become blocks of their own."""
    out: list[_Block] = []
    for block in blocks:
        text = block.text
        match = _find_credit(text)
        if match is None or _words(text[match.end():]) < 3:
            out.append(block)
            continue
        before = text[:match.start()].strip()
        out.extend([_Block(before)] if before else [])
        out.append(_Block(match.group(0).strip(), "photo credit"))
        out.append(_Block(text[match.end():].strip()))
    return out


def _find_credit(text: str) -> re.Match[str] | None:
    """The first photo credit run into ``text``: an agency credit, else a parenthesised one, else a name."""
    match = _RUN_IN_CREDIT.search(text)
    if match is not None:
        return match
    for lead in _LEADING_CREDIT.finditer(text):
        if _is_credit(lead):
            return lead
    for named in _NAMED_CREDIT:  # two words first ("Ana Diaz"), one if that leaves no sentence after
        match = named.search(text)
        if match is not None:
            return match
    return None


def _is_credit(parens: re.Match[str] | None) -> bool:
    """Whether the text in brackets is a photo credit ("By Tom Reed -- Associated Press", "Ana Diaz/Reuters")."""
    return parens is not None and _CREDIT_INSIDE.match(parens.group("inside").strip()) is not None


def mark_debris(blocks: list[_Block]) -> None:
    """Mark blocks that are debris by their form alone."""
    seen: set[str] = set()
    in_highlights = False
    for i, block in enumerate(blocks):
        if block.kind is not None:  # already taken out (a run-in photo credit)
            continue
        text = block.text
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if (in_highlights and not block.structured and not _TERMINAL.search(text) and _words(text) <= 25
                and not _DATELINE_ALONE.match(text)):
            block.kind = "story highlights"
            continue
        in_highlights = False
        if _HIGHLIGHTS.match(text) and not block.structured:  # on a page, "Key points" heads the page's own list
            block.kind, in_highlights = "story highlights", True
        elif _IMAGE_FILE.match(text):
            block.kind = "image file name"
        elif _VIDEO_LENGTH.match(text):
            block.kind = "video length"
            prev = _previous_kept(blocks, i)
            if prev is not None and _words(prev.text) <= 14 and not re.search(r"[.!?]$", prev.text):
                prev.kind = "video caption"
        elif _words(text) <= 25 and _BOILERPLATE.match(text):
            block.kind = "page furniture"
        elif _words(text) <= 40 and _PLAYER.search(text):
            block.kind = "media player notice"
        elif _words(text) <= 25 and _SOCIAL.match(text):
            block.kind = "social prompt"
        elif _words(text) <= 80 and _CONSENT_TOPIC.search(text) and _CONSENT_ASK.search(text):
            block.kind = "consent notice"
        elif _words(text) <= 40 and _CREDIT.search(text):
            block.kind = "credit line"
        elif _is_credit(_CREDIT_ALONE.fullmatch(text)):
            block.kind = "photo credit"
        elif _words(text) <= 40 and (_CAPTION.match(text) or _has_photo_credit(text)):
            block.kind = "photo caption"
        elif key and key in seen:
            block.kind = "repeated line"
        seen.add(key)


def mark_comments(blocks: list[_Block]) -> None:
    """Reader comments run to the end of the page. They start at a comment-section notice or heading
    ("Views expressed in the comments ...", "Comments (12)") that follows the article, or, without
    one, at a thread of three or more "Posted by: x | date | Report abuse" markers: from just after the
    article's closing credit line, else from the first marker."""
    kept = 0
    for i, block in enumerate(blocks):
        if block.kind is not None:
            continue
        if kept >= _ARTICLE_BEFORE_COMMENTS and _words(block.text) <= 30 and _COMMENTS_OPEN.match(block.text):
            _mark_from(blocks, i)
            return
        kept += 1
    markers = [i for i, b in enumerate(blocks) if b.kind is None and _COMMENT_MARKER.search(b.text)]
    if len(markers) < _COMMENT_THREAD:
        return
    start = markers[0]
    credits = [i for i in range(max(0, start - 10), start) if blocks[i].kind == "credit line"]
    if credits:
        start = credits[-1] + 1
    _mark_from(blocks, start)


def _mark_from(blocks: list[_Block], start: int) -> None:
    for block in blocks[start:]:
        if block.kind is None:
            block.kind = "reader comments"


def _has_photo_credit(text: str) -> bool:
    match = _PHOTO_CREDIT.search(text)
    return bool(match and _CREDIT_NAMES.search(match.group(0)))


def _previous_kept(blocks: list[_Block], i: int) -> _Block | None:
    for block in reversed(blocks[:i]):
        if block.kind is None:
            return block
    return None


def read_header(blocks: list[_Block], doc: Doc, *, header_blocks: int) -> _Header:
    """Take the title, byline, dateline and date line from the first kept blocks."""
    header = _Header()
    kept = [b for b in blocks if b.kind is None][:header_blocks]
    for n, block in enumerate(kept):
        text = block.text
        if (match := _DATELINE_ALONE.match(text)) and _words(text) <= 8:
            block.kind, header.dateline = "dateline", text.rstrip(" —–")
            header.outlet = match.group("outlet")
        elif header.date_line is None and _is_date_line(text):
            block.kind, header.date_line = "date line", text
        elif doc.article.title and _same_text(text, doc.article.title):
            block.kind = "title"
        elif n == 0 and not doc.article.title and _looks_like_title(text):
            block.kind, header.title = "title", text
        elif header.byline is None and (match := _BYLINE.match(text)):
            block.kind, header.byline = "byline", match.group(1)
        elif header.byline is None and n <= 2 and _NAME_ONLY.match(text) and _words(text) <= 4:
            block.kind, header.byline = "byline", text
        elif _words(text) > 8 and _TERMINAL.search(text):
            _strip_dateline_prefix(block, header)
            break
    return header


def _strip_dateline_prefix(block: _Block, header: _Header) -> None:
    match = _DATELINE_PREFIX.match(block.text)
    if not match or _words(match.group("head")) > 8:
        return
    if not match.group("outlet") and not _is_capitals(match.group("head")):
        return  # without "(Outlet)" a dateline is set in capitals ("WEST PALM BEACH —"); else it is the subject
    header.dateline = match.group("head").strip()
    groups = match.groupdict()
    header.outlet = header.outlet or groups.get("outlet")
    block.text = block.text[match.end():]


def _is_capitals(head: str) -> bool:
    """The place of a dateline set in capitals, as news style sets it: "LONDON", "WEST PALM BEACH, Fla."."""
    place = head.split(",")[0]
    return any(c.isalpha() for c in place) and place.upper() == place


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _same_text(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or (min(len(a), len(b)) >= 20 and (b.startswith(a) or a.startswith(b)))


def _looks_like_title(text: str) -> bool:
    if _words(text) > 25:
        return False
    return not re.search(r"[.!]$", text) or text.endswith("]") or _words(text) <= 10


def _is_date_line(text: str) -> bool:
    if _words(text) > 12 or not _DATE_LINE.search(text):
        return False
    rest = _DATE_LINE.sub(" ", text)
    rest = re.sub(r"\(?(?:utc|gmt)?[+-]?\d{1,2}(?::\d{2})?\)?|[\d:,.()|-]+", " ", rest, flags=re.I)
    return all(_DATE_LINE_WORDS.match(w) for w in rest.split())


def mark_headings(blocks: list[_Block], *, max_words: int) -> None:
    """Standalone headings and related-story headlines: short blocks that are not sentences. A block the
    page's markup marks (a heading, a list item, a short paragraph) is the article's own structure: the
    extractor already left the page's navigation and related links out, so it is kept."""
    for block in blocks:
        text = block.text
        if block.kind is None and not block.structured and _words(text) <= max_words and (
                not _TERMINAL.search(text) or _HEADLINE_QUESTION.match(text)):
            block.kind = "heading or related headline"


def mark_captions(blocks: list[_Block], *, model: str) -> None:
    """A one-sentence block right after a heading or image, in the present simple or with no verb
    ("People wave flags as they gather in the square."), is a photo caption."""
    candidates: list[_Block] = []
    for prev, block in itertools.pairwise(blocks):
        if (block.kind is None and prev.kind in {"heading or related headline", "image file name", "video length"}
                and _words(block.text) <= 30 and not _SENTENCE_BREAK.search(block.text)
                and not re.search(r"[\"“”]", block.text)):
            candidates.append(block)
    if not candidates:
        return
    tagged_blocks = nlp.tagger(model).pipe(b.text for b in candidates)
    for block, tagged in zip(candidates, tagged_blocks, strict=True):
        if _reads_as_caption([(tok.tag_, tok.lower_) for tok in tagged]):
            block.kind = "photo caption"


# Verbs of saying, wanting and thinking open news sentences, not descriptions of a picture.
_NOT_CAPTION_VERBS = {"say", "says", "want", "wants", "need", "needs", "believe", "believes", "think", "thinks",
                      "seem", "seems", "remain", "remains", "hope", "hopes", "know", "knows", "accuse", "accuses",
                      "plan", "plans", "expect", "expects", "insist", "insists", "argue", "argues", "claim", "claims",
                      "face", "faces", "continue", "continues", "tell", "tells", "warn", "warns", "deny", "denies"}
_AUX = {"is", "are", "has", "have", "'s", "'re", "does", "do", "am", "'m", "'ve"}
_CONTEXT_WORDS = {"also", "still", "however", "but", "meanwhile", "too", "he", "she", "his", "her", "it", "this"}


def _reads_as_caption(tokens: list[tuple[str, str]]) -> bool:
    """No verb at all, or a first verb in the present simple that describes a scene."""
    if any(word in _CONTEXT_WORDS for _, word in tokens):
        return False
    verbs = [(tag, word) for tag, word in tokens if tag.startswith("VB") or tag == "MD"]
    if not verbs:
        return True
    tag, word = verbs[0]
    return tag in {"VBP", "VBZ"} and word not in _AUX and word not in _NOT_CAPTION_VERBS


def _credit_outlet(blocks: list[_Block]) -> str | None:
    """'Source: Reuters' as the last line names the outlet."""
    for block in reversed(blocks):
        if block.kind == "credit line":
            match = re.match(r"^sources?:\s*([A-Z][\w.& ]{1,40})$", block.text, re.I)
            if match:
                return match.group(1).strip()
        elif block.kind is None:
            return None
    return None


def check_language(text: str, cfg: Config) -> str:
    """The article's language; raises InputError for a confident verdict outside clean.languages.
    Short texts need near-certainty, since a few foreign names can tip the detector; a text whose
    letters are mostly of another script than the analysed languages' is skipped on any verdict."""
    code, prob = nlp.detect_language(text)
    if code in cfg.clean.languages:
        return code
    needed = cfg.clean.language_min_confidence if len(text) >= 300 else max(0.99, cfg.clean.language_min_confidence)
    if prob < needed and not nlp.mostly_other_script(text, cfg.clean.languages):
        return cfg.clean.languages[0]
    raise LanguageError(
        f"article is in language '{code}' (detected with confidence {prob:.2f}); storyline analyses "
        f"{', '.join(cfg.clean.languages)} only for now (clean.languages)."
    )

