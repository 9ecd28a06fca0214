"""Ingest: files, folders, globs and stdin into Articles; every unreadable input listed with a reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from storyline.model import Article
from storyline.read.ingest import Batch, read_inputs
from tests.builders import default_config

# Invented news prose, used wherever the content itself does not matter.
BRIDGE = (
    "The county council voted on Wednesday to close the old iron bridge at Millbrook to lorries, "
    "after inspectors found corrosion in two of its supporting beams. Cars and cyclists may still use it."
)
FERRY = (
    "Ferry crews on the Carrow estuary returned to work on Thursday after a three-day strike over pay, "
    "and the operator said every crossing would run to the normal timetable by the weekend."
)


def read(*paths: str | Path, **ingest: object) -> Batch:
    return read_inputs([str(p) for p in paths], default_config(ingest=ingest).ingest)


def only_article(batch: Batch) -> Article:
    assert batch.skipped == [], batch.skipped
    assert len(batch.articles) == 1, batch.articles
    return batch.articles[0]


def reasons(batch: Batch) -> dict[str, str]:
    """Each skipped source with its reason."""
    return {s.source: s.reason for s in batch.skipped}


# --- plain text and ids ------------------------------------------------------------------------


def test_ingest_txt_uses_file_stem_as_id(tmp_path: Path) -> None:
    path = tmp_path / "bridge-closure.txt"
    path.write_text(BRIDGE, encoding="utf-8")
    article = only_article(read(path))
    assert article.id == "bridge-closure"
    assert article.source == str(path)
    assert article.text == BRIDGE


def test_ingest_id_drops_every_known_suffix(tmp_path: Path) -> None:
    path = tmp_path / "1538.htm.txt"
    path.write_text(BRIDGE, encoding="utf-8")
    assert only_article(read(path)).id == "1538"


def test_ingest_id_keeps_dots_that_are_not_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "v2.1-notes.txt"
    path.write_text(BRIDGE, encoding="utf-8")
    assert only_article(read(path)).id == "v2.1-notes"


def test_ingest_duplicate_stems_get_unique_ids(tmp_path: Path) -> None:
    (tmp_path / "east").mkdir()
    (tmp_path / "west").mkdir()
    (tmp_path / "east" / "report.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "west" / "report.txt").write_text(FERRY, encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"text": FERRY, "id": "report"}), encoding="utf-8")
    batch = read(tmp_path)
    ids = [a.id for a in batch.articles]
    assert len(ids) == 3
    assert len(set(ids)) == 3
    assert all(i.startswith("report") for i in ids)


def test_ingest_stdin_is_read_for_dash() -> None:
    batch = read_inputs(["-"], default_config().ingest, stdin=io.BytesIO(FERRY.encode("utf-8")))
    article = only_article(batch)
    assert article.source == "stdin"
    assert article.text == FERRY


# --- encodings ---------------------------------------------------------------------------------

ACCENTED = "Zoë Marchetti, who runs the café on Quay Street, said the naïve plan à la mairie had failed."


def test_ingest_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"))
    assert only_article(read(path)).text == ACCENTED


def test_ingest_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ACCENTED.encode("utf-16"))  # BOM + native byte order
    assert only_article(read(path)).text == ACCENTED


def test_ingest_utf16_be_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide-be.txt"
    path.write_bytes(b"\xfe\xff" + ACCENTED.encode("utf-16-be"))
    assert only_article(read(path)).text == ACCENTED


def test_ingest_utf16_le_without_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide-le.txt"
    path.write_bytes(ACCENTED.encode("utf-16-le"))
    assert only_article(read(path)).text == ACCENTED


def test_ingest_cp1252_curly_quotes_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_bytes(b"The harbour master said \x93the channel is clear again\x94 after the storm, "
                     b"and boats left at dawn.")
    text = only_article(read(path)).text
    assert "said “the channel is clear again” after" in text


def test_ingest_cp1252_dashes_and_apostrophes_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "dashes.txt"
    path.write_bytes(b"The mill\x92s owners \x96 three brothers from Hale \x97 sold it in May\x85")
    assert only_article(read(path)).text == "The mill’s owners – three brothers from Hale — sold it in May…"


def test_ingest_latin1_accents_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(ACCENTED.encode("latin-1"))
    assert only_article(read(path)).text == ACCENTED


def test_ingest_cp1251_cyrillic_is_decoded(tmp_path: Path) -> None:
    text = "Городской совет в среду одобрил план ремонта старого моста через реку."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert only_article(read(path)).text == text


def test_ingest_mojibake_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "moji.txt"
    broken = "The cafÃ© on Quay Street reopened on Monday, its owner said."  # UTF-8 read as cp1252
    path.write_text(broken, encoding="utf-8")
    assert only_article(read(path)).text == "The café on Quay Street reopened on Monday, its owner said."


# --- Penn Treebank tokens ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokenized", "expected"),
    [
        ("Senator Ada Quill -LRB- R-Ariz . -RRB- voted against the bill .",
         "Senator Ada Quill (R-Ariz.) voted against the bill."),
        ("The vote , held on Tuesday , was close .", "The vote, held on Tuesday, was close."),
        ("She called it `` a good start '' for the town .", "She called it “a good start” for the town."),
        ("The mayor did n't say , when asked , if the plan 's cost would rise .",
         "The mayor didn't say, when asked, if the plan's cost would rise."),
    ],
)
def test_ingest_ptb_tokens_are_detokenized(tmp_path: Path, tokenized: str, expected: str) -> None:
    path = tmp_path / "ptb.txt"
    path.write_text(tokenized, encoding="utf-8")
    assert only_article(read(path)).text == expected


def test_ingest_ordinary_text_is_not_detokenized(tmp_path: Path) -> None:
    text = "Senator Ada Quill (R-Ariz.) said ``wait'' was the wrong word , twice."
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    # Only PTB markers ("`` ", " -LRB- ") switch detokenizing on; this text has none of them.
    assert only_article(read(path)).text == text


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>Millbrook bridge closed to lorries | Dale Courier</title>
<meta property="og:title" content="Millbrook bridge closed to lorries">
<meta property="og:site_name" content="Dale Courier">
<meta name="author" content="Ruth Amadi-Soler">
<meta property="article:published_time" content="2022-09-14T07:45:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Millbrook bridge closed to lorries</h1>
<p>{p1}</p>
<p>{p2}</p>
</article>
<footer>Subscribe to our newsletter. Copyright Dale Courier.</footer>
</body></html>
"""


def write_page(tmp_path: Path) -> Path:
    path = tmp_path / "millbrook.html"
    path.write_text(PAGE.format(p1=BRIDGE, p2=FERRY), encoding="utf-8")
    return path


def test_ingest_html_gives_title_outlet_and_byline(tmp_path: Path) -> None:
    article = only_article(read(write_page(tmp_path)))
    assert article.id == "millbrook"
    assert article.title == "Millbrook bridge closed to lorries"
    assert article.outlet == "Dale Courier"
    assert article.byline == "Ruth Amadi-Soler"


def test_ingest_html_keeps_article_text_and_drops_navigation(tmp_path: Path) -> None:
    text = only_article(read(write_page(tmp_path))).text
    assert "inspectors found corrosion" in text
    assert "Ferry crews on the Carrow estuary" in text
    assert "Sport" not in text
    assert "newsletter" not in text


def test_ingest_html_date_comes_from_metadata(tmp_path: Path) -> None:
    published = only_article(read(write_page(tmp_path))).published
    assert published is not None
    assert published.how == "metadata"
    assert published.when.iso() == "2022-09-14"
    assert published.when.granularity == "day"
    assert published.when.start.tzinfo is not None


def test_ingest_html_is_sniffed_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    path.write_text(PAGE.format(p1=BRIDGE, p2=FERRY), encoding="utf-8")
    article = only_article(read(path))
    assert "<p>" not in article.text
    assert article.title == "Millbrook bridge closed to lorries"


STRUCTURED_PAGE = """<!DOCTYPE html>
<html><head><title>Millbrook bridge closed to lorries</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Millbrook bridge closed to lorries</h1>
<p>{p1}</p>
<h2>What drivers can do</h2>
<ul><li>Take the ring road</li><li>Use the Carrow ferry</li></ul>
<p>The council said the closure
would last until the spring,
and that buses could still cross.</p>
<p>Repairs begin in May.</p>
<p>{p2}</p>
</article></body></html>
"""


def test_ingest_html_gives_one_line_per_block_of_the_page(tmp_path: Path) -> None:
    path = tmp_path / "structured.html"
    path.write_text(STRUCTURED_PAGE.format(p1=BRIDGE, p2=FERRY), encoding="utf-8")
    article = only_article(read(path))
    lines = article.text.split("\n")
    assert article.markup
    assert "What drivers can do" in lines
    assert "Take the ring road" in lines and "Use the Carrow ferry" in lines
    # a paragraph's source line breaks are whitespace, as a browser shows them
    assert "The council said the closure would last until the spring, and that buses could still cross." in lines


# --- JSON and JSON Lines -----------------------------------------------------------------------


def write_jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "feed-dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ingest_jsonl_ids_come_from_stem_and_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"text": BRIDGE}), json.dumps({"text": FERRY})])
    batch = read(path)
    assert [a.id for a in batch.articles] == ["feed-dump-1", "feed-dump-2"]
    assert [a.text for a in batch.articles] == [BRIDGE, FERRY]


def test_ingest_jsonl_record_id_is_kept(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"id": "dc-0912", "text": BRIDGE})])
    assert only_article(read(path)).id == "dc-0912"


def test_ingest_jsonl_published_is_parsed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"text": BRIDGE, "published": "2021-11-30T22:10:00-05:00",
                                              "title": "Bridge shut", "outlet": "Dale Courier"})])
    article = only_article(read(path))
    assert article.title == "Bridge shut"
    assert article.outlet == "Dale Courier"
    assert article.published is not None
    assert article.published.how == "metadata"
    assert article.published.when.iso() == "2021-11-30"  # the day as stated, in its own time zone


def test_ingest_jsonl_broken_line_is_skipped_alone(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [
        json.dumps({"text": BRIDGE}),
        '{"text": "The second record was cut off half way',
        json.dumps({"text": FERRY}),
    ])
    batch = read(path)
    assert [a.text for a in batch.articles] == [BRIDGE, FERRY]
    assert len(batch.skipped) == 1
    skipped = batch.skipped[0]
    assert skipped.source.endswith(":2")
    assert "line 2" in skipped.reason
    assert "JSON" in skipped.reason


def test_ingest_jsonl_record_without_text_is_skipped(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"title": "Headline only", "url": "https://x.example/1"}),
                                  json.dumps({"text": "   "}),
                                  json.dumps({"text": FERRY})])
    batch = read(path)
    assert [a.text for a in batch.articles] == [FERRY]
    assert [s.source.rpartition(":")[2] for s in batch.skipped] == ["1", "2"]
    assert all("'text'" in s.reason for s in batch.skipped)


def test_ingest_jsonl_bad_published_value_is_skipped(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, [json.dumps({"text": BRIDGE, "published": "last Tuesday"})])
    batch = read(path)
    assert batch.articles == []
    assert "last Tuesday" in batch.skipped[0].reason


def test_ingest_json_array_gives_one_article_per_object(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": BRIDGE, "title": "Bridge"},
                                {"text": FERRY, "published": "2020-02-29"}]), encoding="utf-8")
    batch = read(path)
    assert batch.skipped == []
    assert [a.id for a in batch.articles] == ["batch-1", "batch-2"]
    assert [a.title for a in batch.articles] == ["Bridge", None]
    assert batch.articles[1].published is not None
    assert batch.articles[1].published.when.iso() == "2020-02-29"


def test_ingest_json_array_skips_items_that_are_not_objects(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"text": BRIDGE}, "just a string", 42]), encoding="utf-8")
    batch = read(path)
    assert [a.text for a in batch.articles] == [BRIDGE]
    assert len(batch.skipped) == 2
    assert all("not an object" in s.reason for s in batch.skipped)


# --- RSS and Atom ------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Carrow Gazette</title><link>https://gazette.example/</link><description>Local news</description>
<item><title>Ferry strike ends</title><link>https://gazette.example/ferry</link><guid>ferry-1</guid>
<pubDate>Thu, 06 Apr 2023 09:15:00 GMT</pubDate>
<description>&lt;p&gt;{ferry}&lt;/p&gt;&lt;p&gt;Union leaders called it a fair deal.&lt;/p&gt;
</description></item>
<item><title>Bridge shut to lorries</title><link>https://gazette.example/bridge</link><guid>bridge-2</guid>
<pubDate>Wed, 05 Apr 2023 23:40:00 -0500</pubDate><description>{bridge}</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Dale Wire</title><id>urn:dale</id>
<updated>2023-04-09T12:00:00Z</updated>
<entry><title>Bridge shut</title><id>urn:dale:1</id><link href="https://wire.example/bridge"/>
<published>2023-04-07T08:00:00Z</published><updated>2023-04-08T08:00:00Z</updated>
<content type="html">&lt;p&gt;{bridge}&lt;/p&gt;</content></entry>
<entry><title>Ferry back</title><id>urn:dale:2</id><link href="https://wire.example/ferry"/>
<updated>2023-04-09T10:00:00Z</updated><summary>{ferry}</summary></entry>
</feed>
"""


def test_ingest_rss_items_become_articles_with_dates(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    batch = read(path)
    assert batch.skipped == []
    assert [a.title for a in batch.articles] == ["Ferry strike ends", "Bridge shut to lorries"]
    assert all(a.outlet == "Carrow Gazette" for a in batch.articles)
    assert batch.articles[0].text == f"{FERRY}\n\nUnion leaders called it a fair deal."
    assert batch.articles[0].url == "https://gazette.example/ferry"
    dates = [a.published.when.iso() if a.published else None for a in batch.articles]
    assert dates[0] == "2023-04-06"


def test_ingest_rss_date_is_the_day_stated_in_its_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    published = read(path).articles[1].published
    assert published is not None
    assert published.how == "metadata"
    # "Wed, 05 Apr 2023 23:40:00 -0500" was published on 5 April where it was written (as JSON
    # records and HTML pages are dated), not on 6 April in UTC.
    assert published.when.iso() == "2023-04-05"


def test_ingest_atom_entries_become_articles_with_dates(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    batch = read(path)
    assert batch.skipped == []
    assert [a.text for a in batch.articles] == [BRIDGE, FERRY]
    assert [a.outlet for a in batch.articles] == ["Dale Wire", "Dale Wire"]
    dates = [a.published.when.iso() if a.published else None for a in batch.articles]
    assert dates == ["2023-04-07", "2023-04-09"]  # published when stated, else updated


def test_ingest_feed_item_ids_start_with_the_file_stem(tmp_path: Path) -> None:
    (tmp_path / "gazette.rss").write_text(RSS.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    (tmp_path / "wire.atom").write_text(ATOM.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    ids = [a.id for a in read(tmp_path).articles]
    assert len(set(ids)) == 4
    assert sorted(i.rpartition("-")[0] for i in ids) == ["gazette", "gazette", "wire", "wire"]


def test_ingest_feed_is_sniffed_from_content(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_text(RSS.format(ferry=FERRY, bridge=BRIDGE), encoding="utf-8")
    batch = read(path)
    assert len(batch.articles) == 2
    assert "<item>" not in batch.articles[0].text


def test_ingest_malformed_feed_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "cut-off.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Carrow Gazette</title></chan',
                    encoding="utf-8")
    batch = read(path)
    assert batch.articles == []
    assert [s.source for s in batch.skipped] == [str(path)]
    reason = batch.skipped[0].reason
    assert "feed" in reason
    assert "no items" in reason


def test_ingest_xml_that_is_not_a_feed_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("Meeting notes, not XML at all.", encoding="utf-8")
    batch = read(path)
    assert batch.articles == []
    assert "not an RSS or Atom feed" in batch.skipped[0].reason


# --- folders, globs, missing paths -------------------------------------------------------------


def make_tree(root: Path) -> None:
    (root / "2023" / "april").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "top.txt").write_text(BRIDGE, encoding="utf-8")
    (root / "2023" / "april" / "deep.txt").write_text(FERRY, encoding="utf-8")
    (root / "2023" / "records.jsonl").write_text(json.dumps({"text": FERRY}) + "\n", encoding="utf-8")
    (root / ".draft.txt").write_text(BRIDGE, encoding="utf-8")
    (root / ".cache" / "old.txt").write_text(BRIDGE, encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.7 not really")
    (root / "2023" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (root / "LICENSE").write_text("Do what you like.", encoding="utf-8")


def test_ingest_folder_is_read_recursively(tmp_path: Path) -> None:
    make_tree(tmp_path)
    batch = read(tmp_path)
    assert sorted(a.id for a in batch.articles) == ["deep", "records-1", "top"]


def test_ingest_folder_lists_hidden_files_as_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path)
    skipped = reasons(read(tmp_path))
    for hidden in (tmp_path / ".draft.txt", tmp_path / ".cache" / "old.txt"):
        assert "hidden" in skipped[str(hidden)]


def test_ingest_folder_lists_unsupported_suffixes_as_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path)
    skipped = reasons(read(tmp_path))
    assert "'.pdf'" in skipped[str(tmp_path / "scan.pdf")]
    assert "'.jpg'" in skipped[str(tmp_path / "2023" / "photo.jpg")]
    assert "(none)" in skipped[str(tmp_path / "LICENSE")]
    assert "name the file itself" in skipped[str(tmp_path / "LICENSE")]


def test_ingest_folder_accounts_for_every_file(tmp_path: Path) -> None:
    make_tree(tmp_path)
    batch = read(tmp_path)
    n_files = sum(1 for p in tmp_path.rglob("*") if p.is_file())
    assert batch.inputs == n_files
    assert len(batch.articles) + len(batch.skipped) == n_files


def test_ingest_empty_folder_is_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    batch = read(tmp_path / "nothing")
    assert batch.articles == []
    assert "no files" in batch.skipped[0].reason


def test_ingest_glob_reads_matching_files(tmp_path: Path) -> None:
    make_tree(tmp_path)
    batch = read(tmp_path / "**" / "*.txt")
    assert sorted(a.id for a in batch.articles) == ["deep", "top"]


def test_ingest_glob_without_matches_is_skipped_with_reason(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.html")
    batch = read(pattern)
    assert batch.articles == []
    assert reasons(batch) == {pattern: "no file matches this pattern."}


def test_ingest_missing_path_is_skipped_with_reason(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "story.txt"
    batch = read(missing, tmp_path / "top.txt")
    assert "no such file" in reasons(batch)[str(missing)]
    assert len(batch.skipped) == 2


def test_ingest_named_file_with_any_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(BRIDGE, encoding="utf-8")
    assert only_article(read(path)).text == BRIDGE


# --- size limit and bad bytes ------------------------------------------------------------------


def test_ingest_oversized_file_is_skipped_naming_the_sizes(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(BRIDGE * 3, encoding="utf-8")
    batch = read(path, max_bytes=200)
    assert batch.articles == []
    reason = batch.skipped[0].reason
    assert "200" in reason  # the limit, not a rounded "0.0 MB"
    assert str(path.stat().st_size) in reason
    assert "max-bytes" in reason


def test_ingest_empty_file_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n \t")
    assert "empty" in read(path).skipped[0].reason


def test_ingest_binary_file_is_skipped_naming_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "chart.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert "PNG" in read(path).skipped[0].reason


def test_ingest_file_with_nul_bytes_is_skipped_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert "binary" in read(path).skipped[0].reason


# --- odd inputs ---------------------------------------------------------------------------------


def test_ingest_utf8_with_a_few_stray_bytes_stays_utf8(tmp_path: Path) -> None:
    text = ("“The ferry will run again on Monday,” the harbour master said — after a week’s repairs. " * 90).encode()
    path = tmp_path / "stray.txt"
    path.write_bytes(text[:3000] + b"\x93" + text[3000:5000] + b"\xe9" + text[5000:7000] + b"\x85" + text[7000:])
    article = only_article(read(path))
    assert "‚Äú" not in article.text and "â€" not in article.text
    assert article.text.count("“The ferry") >= 87  # a stray byte may split one character


def test_ingest_windows_1252_is_not_taken_for_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("“Café owners,” she said – naïvely.".encode("cp1252") * 20)
    assert only_article(read(path)).text.startswith("“Café owners,” she said – naïvely.")


def test_ingest_symlink_loop_in_a_folder_is_skipped_with_reason(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(BRIDGE)
    (folder / "again").symlink_to(folder)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    batch = read(folder)
    reasons = {Path(s.source).name: s.reason for s in batch.skipped}
    assert "symbolic link loop" in reasons["again"]
    assert "broken symbolic link" in reasons["gone.txt"]
    assert len(batch.articles) == 1


def test_ingest_symlink_loop_named_directly_is_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to(tmp_path / "self")
    assert "symbolic link loop" in read(tmp_path / "self").skipped[0].reason


def test_ingest_html_date_found_in_the_page_when_metadata_has_none(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2022-09-14T07:45:00+01:00">', "")
    page = page.replace("</article>", "<p>Filed 14 September 2022.</p></article>")
    path = tmp_path / "undated.html"
    path.write_text(page.format(p1=BRIDGE, p2=FERRY), encoding="utf-8")
    published = only_article(read(path)).published
    assert published is not None and published.when.iso() == "2022-09-14"
    assert published.how == "text" and published.confidence < 1.0
