"""Bytes to text: byte-order marks, UTF-8 (also with a few stray bytes), UTF-16 without a mark, Windows-1252
and the encodings charset_normalizer detects; mojibake repaired (ftfy); binary files refused."""

from __future__ import annotations

import itertools
import re

from storyline.errors import InputError

_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "a gzip archive",
          b"\x7fELF": "an executable", b"RIFF": "a media file"}


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, else the detected encoding; mojibake repaired."""
    import ftfy

    if not data.strip():
        raise InputError("file is empty.")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not an article.")
    text = _decode_bytes(data)
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text[:20000]) // 100):
        raise InputError("binary file (control bytes throughout), not text.")
    if text.isascii():  # nothing for ftfy to repair, and it is the slowest part of reading
        return text.replace("\r\n", "\n")
    return ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True)


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(f"file starts with a {encoding} byte-order mark but is not valid {encoding}.") from e
    if b"\x00" in data[:4096]:
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        if max(even, odd) > len(data[:4096]) // 4 and min(even, odd) < len(data[:4096]) // 40:
            return data.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
        raise InputError("binary file (it holds NUL bytes), not text.")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    western = data.decode("cp1252", errors="replace")
    if _is_western(western):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot tell the text encoding; save the file as UTF-8.")
    encoding = best.encoding
    if encoding in {"latin_1", "iso8859_1", "iso-8859-1"}:
        encoding = "cp1252"  # a superset for the printable range; what "latin-1" usually means on the web
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode("latin-1")


_STRAY_BYTES = 8  # at most this many bytes outside UTF-8 in a text that is otherwise UTF-8


def _mostly_utf8(data: bytes) -> str | None:
    """The text, when the bytes are UTF-8 but for a few stray bytes (a character pasted from a
    Windows-1252 source into a UTF-8 file), each stray byte read as Windows-1252; ``None`` when the
    bytes are not UTF-8: more stray bytes than the limit, or no more valid multi-byte characters than
    stray bytes (a Windows-1252 text forms almost no valid UTF-8 sequence)."""
    valid: list[str] = []
    stray: list[str] = []
    pos = 0
    while True:
        try:
            valid.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as e:
            if len(stray) + e.end - e.start > _STRAY_BYTES:
                return None
            valid.append(data[pos:pos + e.start].decode("utf-8"))
            stray.append(data[pos + e.start:pos + e.end].decode("cp1252", errors="replace"))
            pos += e.end
    if stray and sum(ord(c) > 127 for part in valid for c in part) <= len(stray):
        return None
    return "".join(part for pair in itertools.zip_longest(valid, stray, fillvalue="") for part in pair)


# Non-ASCII characters that Windows-1252 news text holds besides letters: quotes, dashes, symbols.
_WESTERN_MARKS = frozenset("‘’‚“”„–—…•·†‡‰‹›«»€£¥¢©®™°±§¶×÷¡¿¼½¾\u00a0\u00ad")
_FOREIGN_RUN = re.compile(r"[^\W\d_\x00-\x7f]{3}")  # three non-ASCII letters in a row


def _is_western(text: str) -> bool:
    """Whether bytes read as Windows-1252 (what "latin-1" means on the web) give Latin-script text:
    every non-ASCII character a letter or a typographic mark, and no run of three non-ASCII letters
    (Cyrillic or Greek code pages read this way are all such runs). Tried before charset_normalizer,
    which guesses DOS and Baltic code pages for short Western texts ("café" read as "cafķ")."""
    return not _FOREIGN_RUN.search(text) and all(ord(c) < 128 or c.isalpha() or c in _WESTERN_MARKS
                                                  for c in text)
