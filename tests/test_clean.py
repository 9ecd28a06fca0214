"""The clean stage: each kind of debris goes, the article's sentences stay."""

from __future__ import annotations

import pytest

from storyline.config import Config
from storyline.errors import InputError
from storyline.stages.clean import clean, split_blocks
from tests.builders import default_config, make_doc

BODY = ("The water authority said on Monday that the reservoir had reached its lowest level in a decade, "
        "and officials warned that rationing could begin within weeks if no rain fell.")
BODY2 = ("Farmers in the valley have already cut their planting by a third, according to the regional "
         "growers' association, which asked the government for emergency relief.")


def cleaned(text: str, cfg: Config, **kw: object) -> tuple[str, dict[str, list[str]]]:
    doc = clean(make_doc(text, **kw), cfg)  # type: ignore[arg-type]
    removed: dict[str, list[str]] = {}
    for r in doc.removed:
        removed.setdefault(r.kind, []).append(r.text)
    return doc.text, removed


@pytest.mark.parametrize(("debris", "kind"), [
    ("reservoir at dawn_00012345.jpg", "image file name"),
    ("02:49 - Source: Example TV", "video length"),
    ("Follow us on Twitter @ExampleNews", "social prompt"),
    ("By using Example you agree that Example and partners may use cookies for personalisation", "consent notice"),
    ("Example TV's Ana Diaz and Tom Reed contributed to this report.", "credit line"),
    ("(Reporting by Ana Diaz; Editing by Tom Reed)", "credit line"),
    ("Source: Example Wire", "credit line"),
    ("A file image of the reservoir.", "photo caption"),
    ("The dam's spillway in March: Getty Images", "photo caption"),
    ("Advertisement", "page furniture"),
    ("Read more: Why the valley ran dry", "page furniture"),
    ("Media playback is unsupported on your device", "page furniture"),
    ("To play this content JavaScript must be turned on and the latest Flash player installed.",
     "media player notice"),
])
def test_clean_removes_debris_kind(debris: str, kind: str, cfg: Config) -> None:
    text, removed = cleaned(f"{BODY}\n\n{debris}\n\n{BODY2}", cfg)
    assert debris not in text
    assert removed.get(kind) == [debris]
    assert BODY in text and BODY2 in text


def test_clean_removes_video_caption_before_video_length(cfg: Config) -> None:
    text, removed = cleaned(f"reservoir_001.jpg\nDrought hits the valley\n03:10 - Source: Example TV\n\n{BODY}", cfg)
    assert removed["video caption"] == ["Drought hits the valley"]
    assert text == BODY


def test_clean_removes_story_highlights_block(cfg: Config) -> None:
    raw = f"Story highlights\n\nReservoir at record low\n\nRationing possible within weeks\n\n{BODY}\n\n{BODY2}"
    text, removed = cleaned(raw, cfg)
    assert removed["story highlights"] == ["Story highlights", "Reservoir at record low",
                                           "Rationing possible within weeks"]
    assert text.startswith("The water authority")


def test_clean_removes_standalone_related_headline(cfg: Config) -> None:
    text, removed = cleaned(f"{BODY}\n\nWhy the valley ran dry\n\n{BODY2}", cfg)
    assert "Why the valley ran dry" not in text
    assert removed["heading or related headline"] == ["Why the valley ran dry"]


def test_clean_removes_present_tense_caption_after_heading(cfg: Config) -> None:
    caption = "Farmers walk across a cracked field near the river."
    text, removed = cleaned(f"{BODY}\n\nLife in the valley\n\n{caption}\n\n{BODY2}", cfg)
    assert removed.get("photo caption") == [caption]
    assert BODY2 in text


def test_clean_keeps_past_tense_sentence_after_heading(cfg: Config) -> None:
    sentence = "The authority closed two pumping stations last year."
    text, _ = cleaned(f"{BODY}\n\nLife in the valley\n\n{sentence}\n\n{BODY2}", cfg)
    assert sentence in text


def test_clean_removes_reader_comment_thread(cfg: Config) -> None:
    comments = ["Great piece, the council should resign. Posted by: riverfan | May 3, 2021 9:02 PM | Report abuse",
                "Nobody asked the farmers. Posted by: valleygirl | May 3, 2021 9:15 PM | Report abuse",
                "What about the fish? Posted by: angler7 | May 4, 2021 7:40 AM | Report abuse"]
    credit = "Ana Diaz contributed to this report."
    text, removed = cleaned("\n\n".join([BODY, BODY2, credit, "First!", *comments]), cfg)
    assert text == f"{BODY}\n\n{BODY2}"
    assert removed["reader comments"] == ["First!", *comments]


BODY3 = "The growers' association will meet the minister on Thursday to discuss the relief package."


@pytest.mark.parametrize("notice", ["Views expressed in the comments do not represent those of the Valley Post.",
                                    "We welcome comments that add to the story.", "Comments (14)",
                                    "This discussion is now closed."])
def test_clean_removes_comment_section_after_its_notice(cfg: Config, notice: str) -> None:
    comment = "Typical. Nobody ever listens to the farmers until it is far too late for any of us."
    text, removed = cleaned("\n\n".join([BODY, BODY2, BODY3, notice, comment, "Sign up for our trading platform"]), cfg)
    assert text == f"{BODY}\n\n{BODY2}\n\n{BODY3}"
    assert removed["reader comments"] == [notice, comment, "Sign up for our trading platform"]


def test_clean_keeps_comment_words_inside_the_article(cfg: Config) -> None:
    line = "The ministry said it would welcome comments from growers before the rules take effect."
    quoted = "“We welcome comments from anyone affected,” the minister said."
    text, _ = cleaned("\n\n".join([BODY, BODY2, BODY3, line, quoted, BODY3.replace("Thursday", "Friday")]), cfg)
    assert line in text and quoted in text and "Friday" in text


def test_clean_keeps_single_posted_by_mention(cfg: Config) -> None:
    line = "The notice, posted by the authority on its website, was later removed."
    text, _ = cleaned(f"{BODY}\n\n{line}\n\n{BODY2}", cfg)
    assert line in text


def test_clean_drops_repeated_line_once(cfg: Config) -> None:
    text, removed = cleaned(f"{BODY}\n\n{BODY2}\n\n{BODY2}", cfg)
    assert text.count(BODY2) == 1
    assert removed["repeated line"] == [BODY2]


def test_clean_reads_title_date_line_and_byline(cfg: Config) -> None:
    doc = clean(make_doc(f"Valley braces for rationing\n\n3 May 2021 10:15 (UTC+02:00)\n\nBy Ana Diaz\n\n{BODY}"), cfg)
    assert (doc.title, doc.byline, doc.date_line) == ("Valley braces for rationing", "Ana Diaz",
                                                      "3 May 2021 10:15 (UTC+02:00)")
    assert doc.text == BODY


def test_clean_strips_dateline_and_reads_outlet(cfg: Config) -> None:
    doc = clean(make_doc(f"RIVERTON, Oct 3 (Example Wire) - {BODY}"), cfg)
    assert doc.text == BODY
    assert doc.dateline == "RIVERTON, Oct 3"
    assert doc.outlet == "Example Wire"


def test_clean_reads_standalone_dateline_line(cfg: Config) -> None:
    doc = clean(make_doc(f"Riverton, Eastland EXTV  — \n\n{BODY}"), cfg)
    assert doc.text == BODY
    assert doc.outlet == "EXTV"


def test_clean_keeps_short_blocks_a_page_marks(cfg: Config) -> None:
    text = f"{BODY}\nWhat drivers can do\nTake the ring road\nRepairs begin in May\nKey points\nNo lorries\n{BODY2}"
    kept, removed = cleaned(text, cfg, markup=True)
    assert "What drivers can do\n\nTake the ring road\n\nRepairs begin in May\n\nKey points\n\nNo lorries" in kept
    assert "heading or related headline" not in removed and "story highlights" not in removed


def test_clean_removes_short_headings_in_plain_text(cfg: Config) -> None:
    _, removed = cleaned(f"{BODY}\n\nWhat drivers can do\n\n{BODY2}", cfg)
    assert removed["heading or related headline"] == ["What drivers can do"]


def test_clean_keeps_a_mixed_case_subject_before_a_dash(cfg: Config) -> None:
    doc = clean(make_doc(f"Ana Diaz — a former minister — said {BODY[4:]}"), cfg)
    assert doc.text.startswith("Ana Diaz — a former minister")
    assert doc.dateline is None


def test_clean_strips_a_dateline_in_capitals(cfg: Config) -> None:
    doc = clean(make_doc(f"RIVERTON — {BODY}"), cfg)
    assert (doc.text, doc.dateline) == (BODY, "RIVERTON")


def test_clean_rejoins_hard_wrapped_lines(cfg: Config) -> None:
    assert split_blocks("The authority said the level\nhad fallen again.\n\nNext paragraph.") == [
        "The authority said the level had fallen again.", "Next paragraph."]


def test_clean_rejects_text_left_empty(cfg: Config) -> None:
    with pytest.raises(InputError, match="characters after removing"):
        clean(make_doc("Follow us on Twitter @ExampleNews\n\nphoto_01.jpg"), cfg)


def test_clean_keeps_short_english_text_full_of_foreign_names(cfg: Config) -> None:
    text = "Herr Müller und Frau Schäfer met Señor García in Düsseldorf on Tuesday, officials said."
    assert clean(make_doc(text), cfg).language == "en"


def test_clean_rejects_other_language(cfg: Config) -> None:
    french = ("Le gouvernement a annoncé lundi de nouvelles mesures pour limiter la consommation d'eau dans la "
              "vallée, où les agriculteurs craignent une saison catastrophique après un hiver sans pluie.")
    with pytest.raises(InputError, match="'fr'"):
        clean(make_doc(french), cfg)


def test_clean_keeps_the_whole_text_by_default(cfg: Config) -> None:
    paragraphs = [f"{BODY[:-1]} in district {n}." for n in range(400)]
    doc = clean(make_doc("\n\n".join(paragraphs)), cfg)
    assert len(doc.text) > 50_000 and doc.text.endswith("district 399.")
    assert not doc.notes


def test_clean_skips_an_article_in_another_script_for_its_language(cfg: Config) -> None:
    lines = ["河谷地区的水库水位降到十年来的最低点", "供水部门周一表示", "如果几周内仍不下雨",
             "官员们警告说可能开始限量供水", "农民已经把种植面积减少了三分之一"]
    chinese = "\n".join(f"{line}第{n}号" for n in range(4) for line in lines)  # lines, no sentence ends
    with pytest.raises(InputError, match="'zh'"):
        clean(make_doc(chinese), cfg)


def test_clean_cuts_overlong_text_at_paragraph_and_notes_it() -> None:
    cfg = default_config(clean={"max_chars": 400})
    paragraphs = [f"{BODY[:-1]} in district {n}." for n in range(6)]
    doc = clean(make_doc("\n\n".join(paragraphs)), cfg)
    assert len(doc.text) <= 400
    assert doc.text.endswith(".")
    assert any("clean.max_chars" in note for note in doc.notes)


# --- photo credits run into the text (pages converted one sentence to a line) ------------------------

CAPTION = "Cattle drink at a shrinking pond near the reservoir."


@pytest.mark.parametrize("credit", [
    "Photograph: Ana Diaz/Example Images", "Photograph: Reuters", "Photo: Ana Diaz/Wire/Getty Images",
    "(By Tom Reed -- Associated Press)", "(Ana Diaz/Reuters)", "(Getty Images)", "Photograph: Ana Diaz",
    "Photograph: Ana Diaz for the Gazette", "Photograph: Reservoircam",
])
def test_clean_takes_out_a_photo_credit_run_into_the_text(credit: str, cfg: Config) -> None:
    text, removed = cleaned(f"{BODY2}\n{CAPTION}\n{credit} {BODY}", cfg)
    assert removed["photo credit"] == [credit]
    assert text == f"{BODY2}\n\n{CAPTION}\n\n{BODY}"


@pytest.mark.parametrize("credit", ["Photograph: Ana Diaz/AFP", "(By Tom Reed -- Associated Press)"])
def test_clean_splits_a_block_at_a_photo_credit_inside_it(credit: str, cfg: Config) -> None:
    text, removed = cleaned(f"{BODY2}\n{CAPTION} {credit} {BODY}", cfg)
    assert removed["photo credit"] == [credit]
    assert text == f"{BODY2}\n\n{CAPTION}\n\n{BODY}"


def test_clean_takes_out_a_parenthesised_credit_standing_alone(cfg: Config) -> None:
    text, removed = cleaned(f"{BODY2}\n(The Associated Press)\n{BODY}", cfg)
    assert removed["photo credit"] == ["(The Associated Press)"]
    assert text == f"{BODY2}\n\n{BODY}"


@pytest.mark.parametrize("aside", [
    "(The authority declined to comment on Monday)",  # an aside, not a credit
    "(Sources told Reuters)",  # an agency named, but not as a credit
    "The exhibition Photo: A History",  # a name-like credit inside a sentence
])
def test_clean_keeps_an_aside_that_only_looks_like_a_credit(aside: str, cfg: Config) -> None:
    text, removed = cleaned(f"{BODY2}\n{aside} {BODY}", cfg)
    assert "photo credit" not in removed
    assert f"{aside} {BODY}" in text
