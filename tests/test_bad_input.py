"""Bad input, end to end: through ``storyline.analyze`` and through the CLI, every input is either
analysed or listed in ``skipped`` with a reason a user can act on, and nothing raises."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import storyline
from storyline.cli import app
from storyline.model import Story

# All article text below is invented for these tests.
STORM = """Storm closes coast road at Redhaven

The coast road between Redhaven and Port Sallow was closed on Saturday after waves driven by a
strong westerly gale tore away part of the sea wall and left a deep hole in the carriageway. Police
said no one had been hurt, but several cars were trapped for more than an hour until a farmer
towed them clear with a tractor. Engineers from the county council inspected the damage on Sunday
morning and warned that repairs could take at least six weeks. Bus services will run on a longer
inland route in the meantime. Residents of the village of Gullmouth, which can only be reached by
the coast road, have been offered a temporary ferry to the harbour at Redhaven.
"""

LIBRARY = """Old library in Brackley to reopen as community hub

The former public library in Brackley will reopen next spring as a community hub after a charity
won a grant of two million pounds to restore the building, which has stood empty since 2016. The
Brackley Heritage Trust said the Victorian reading room would be repaired and that the ground floor
would house a cafe, a small museum and rooms for local clubs. Trust chair Imogen Faraday said more
than four hundred volunteers had signed up to help run the building. The town council, which sold
the library to the trust for one pound, welcomed the plan. Work on the leaking roof is due to start
in October, and the builders expect to finish before the end of March.
"""

LATIN = """Quayside café owners protest against new parking charges

Owners of a dozen cafés and shops along the quayside in Elmstow closed their doors for an hour on
Thursday in protest against parking charges that the borough council approved last month. The
charges, which begin in June, will cost visitors three pounds an hour in the waterfront car park.
Zoë Marchetti, who runs a crêperie beside the old customs house, said takings had already fallen
since the plan was announced. Her neighbour, the florist Renée Osei, said the façade of every shop
on the quay would be empty by autumn. Council leader Martin Lowe defended the scheme, saying the
money would pay for lighting and for repairs to the harbour wall. A public meeting is planned.
"""

WIDE = """Rail line between Ashby Fold and Kelmoor to reopen after landslide

The railway between Ashby Fold and Kelmoor will reopen on Monday, three weeks after a landslide
buried the track under tonnes of mud and rock, the operator said on Friday. Engineers worked
through the night for most of the past fortnight to clear the cutting and to build a steel barrier
above the line. Northvale Railways said trains would run at reduced speed for the first week while
the barrier is tested. About eleven thousand passengers use the route every weekday, and many have
faced long bus journeys since the slip. The local MP, Priya Ramanathan, welcomed the news but
called for a review of other cuttings that sit below steep and unstable slopes on the network.
"""

FRENCH = """Le conseil municipal de Saint-Aubin-sur-Loire a voté mardi soir la construction d'une nouvelle
médiathèque dans l'ancien bâtiment de la poste, fermé depuis trois ans. Le projet, estimé à quatre
millions d'euros, doit être financé en partie par la région. Le maire, Jacques Lemoine, a déclaré que
les travaux commenceraient au printemps prochain et dureraient environ dix-huit mois. Plusieurs
habitants ont toutefois exprimé leurs inquiétudes lors de la séance publique, estimant que la
commune devait d'abord rénover ses écoles primaires. L'opposition a demandé l'organisation d'un
référendum local sur la question, mais sa proposition a été rejetée par la majorité des élus.
"""

JSONL_GOOD = (
    "Firefighters in Wexcombe spent most of Tuesday night tackling a blaze at a disused paper mill "
    "beside the canal. Nobody was inside the building, which had been empty for ten years, and the "
    "cause of the fire is not yet known, the fire service said on Wednesday morning."
)

MAX_BYTES = 20_000  # above every good file below, under the oversized one


def words(text: str) -> int:
    return len(text.split())


def test_bad_input_articles_are_long_enough_to_mean_something() -> None:
    # A guard on the fixtures themselves: the prose must be real article length, not a stub.
    for text in (STORM, LIBRARY, LATIN, WIDE):
        assert 100 <= words(text) <= 140
    assert 90 <= words(FRENCH) <= 130


# --- the inputs --------------------------------------------------------------------------------


def write_binary(folder: Path, name: str = "scan.png") -> Path:
    path = folder / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(20240607).randbytes(4000))
    return path


def write_empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def write_oversized(folder: Path) -> Path:
    path = folder / "huge.txt"
    path.write_text((STORM + "\n") * 40, encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    return path


def write_latin1(folder: Path) -> Path:
    path = folder / "quayside.txt"
    path.write_bytes(LATIN.encode("latin-1"))
    return path


def write_utf16(folder: Path) -> Path:
    path = folder / "rail.txt"
    path.write_bytes(WIDE.encode("utf-16"))
    return path


def write_french(folder: Path) -> Path:
    path = folder / "mediatheque.txt"
    path.write_text(FRENCH, encoding="utf-8")
    return path


def write_broken_jsonl(folder: Path) -> Path:
    path = folder / "wire.jsonl"
    lines = [json.dumps({"id": "mill-fire", "text": JSONL_GOOD, "published": "2024-03-12"}),
             '{"id": "half", "text": "This record was cut off in the middle of a sent']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_good(folder: Path) -> list[Path]:
    storm, library = folder / "storm.txt", folder / "library.txt"
    storm.write_text(STORM, encoding="utf-8")
    library.write_text(LIBRARY, encoding="utf-8")
    return [storm, library]


def write_bad(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    # In a folder a .png is passed over for its suffix; a misnamed one is caught by its content.
    return {"image": write_binary(folder), "binary": write_binary(folder, "upload.txt"),
            "empty": write_empty(folder), "oversized": write_oversized(folder), "french": write_french(folder)}


def write_mixed(folder: Path) -> dict[str, Path]:
    paths = write_bad(folder)
    paths.update(latin1=write_latin1(folder), utf16=write_utf16(folder), jsonl=write_broken_jsonl(folder))
    paths["storm"], paths["library"] = write_good(folder)
    return paths


def reason_for(story: Story, source: Path | str) -> str:
    found = [s.reason for s in story.skipped if s.source == str(source)]
    assert len(found) == 1, f"{source} not skipped exactly once: {story.skipped}"
    return found[0]


def analysed_ids(story: Story) -> set[str]:
    return {doc.id for doc in story.docs}


# --- the Python API: one bad input at a time ---------------------------------------------------


def test_bad_input_binary_file_is_skipped_as_binary(tmp_path: Path) -> None:
    story = storyline.analyze([write_binary(tmp_path)])
    assert story.docs == ()
    reason = reason_for(story, tmp_path / "scan.png")
    assert "binary" in reason
    assert "PNG" in reason


def test_bad_input_empty_file_is_skipped_as_empty(tmp_path: Path) -> None:
    story = storyline.analyze([write_empty(tmp_path)])
    assert story.docs == ()
    assert "empty" in reason_for(story, tmp_path / "empty.txt")


def test_bad_input_oversized_file_is_skipped_naming_the_limit(tmp_path: Path) -> None:
    path = write_oversized(tmp_path)
    story = storyline.analyze([path], max_bytes=MAX_BYTES)
    assert story.docs == ()
    reason = reason_for(story, path)
    assert "limit" in reason
    assert "max-bytes" in reason or "max_bytes" in reason


def test_bad_input_oversized_file_is_read_under_the_default_limit(tmp_path: Path) -> None:
    story = storyline.analyze([write_oversized(tmp_path)])
    assert story.skipped == ()
    assert analysed_ids(story) == {"huge"}


def test_bad_input_latin1_article_is_analysed(tmp_path: Path) -> None:
    story = storyline.analyze([write_latin1(tmp_path)])
    assert story.skipped == ()
    doc = story.doc("quayside")
    assert doc.language == "en"
    for word in ("cafés", "Zoë Marchetti", "crêperie", "Renée Osei", "façade"):
        assert word in doc.text
    assert doc.sentences


def test_bad_input_utf16_article_is_analysed(tmp_path: Path) -> None:
    story = storyline.analyze([write_utf16(tmp_path)])
    assert story.skipped == ()
    doc = story.doc("rail")
    assert doc.language == "en"
    assert "\x00" not in doc.text
    assert "Northvale Railways said trains would run at reduced speed" in doc.text
    assert any(e.name == "Priya Ramanathan" for e in story.entities)


def test_bad_input_french_article_is_skipped_naming_the_language(tmp_path: Path) -> None:
    story = storyline.analyze([write_french(tmp_path)])
    assert story.docs == ()
    reason = reason_for(story, tmp_path / "mediatheque.txt")
    assert "'fr'" in reason
    assert "language" in reason


def test_bad_input_french_article_is_analysed_when_french_is_allowed(tmp_path: Path) -> None:
    story = storyline.analyze([write_french(tmp_path)], languages=("en", "fr"))
    assert story.skipped == ()
    assert story.doc("mediatheque").language == "fr"


def test_bad_input_broken_jsonl_line_is_skipped_and_the_rest_analysed(tmp_path: Path) -> None:
    path = write_broken_jsonl(tmp_path)
    story = storyline.analyze([path])
    assert analysed_ids(story) == {"mill-fire"}
    reason = reason_for(story, f"{path}:2")
    assert "line 2" in reason
    assert "JSON" in reason


def test_bad_input_good_articles_are_analysed(tmp_path: Path) -> None:
    story = storyline.analyze(write_good(tmp_path))
    assert story.skipped == ()
    assert analysed_ids(story) == {"storm", "library"}


# --- the Python API: a folder holding everything -----------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, dict[str, Path], Story]:
    folder = tmp_path / "inbox"
    paths = write_mixed(folder)
    return folder, paths, storyline.analyze([folder], max_bytes=MAX_BYTES)


def test_bad_input_mixed_folder_analyses_the_good_articles(mixed: tuple[Path, dict[str, Path], Story]) -> None:
    _, _, story = mixed
    assert analysed_ids(story) == {"storm", "library", "quayside", "rail", "mill-fire"}
    assert story.failures == ()


@pytest.mark.parametrize(
    ("name", "key_words"),
    [
        ("image", ("'.png'", "not read")),
        ("binary", ("binary", "PNG")),
        ("empty", ("empty",)),
        ("oversized", ("limit", "max")),
        ("french", ("language", "'fr'")),
    ],
)
def test_bad_input_mixed_folder_skips_each_bad_file_with_its_reason(
    mixed: tuple[Path, dict[str, Path], Story], name: str, key_words: tuple[str, ...]
) -> None:
    _, paths, story = mixed
    reason = reason_for(story, paths[name])
    for word in key_words:
        assert word in reason


def test_bad_input_mixed_folder_skips_the_broken_jsonl_line(mixed: tuple[Path, dict[str, Path], Story]) -> None:
    _, paths, story = mixed
    assert "line 2" in reason_for(story, f"{paths['jsonl']}:2")


def test_bad_input_mixed_folder_skips_nothing_else(mixed: tuple[Path, dict[str, Path], Story]) -> None:
    _, paths, story = mixed
    bad = ("image", "binary", "empty", "oversized", "french")
    expected = {str(paths[n]) for n in bad} | {f"{paths['jsonl']}:2"}
    assert {s.source for s in story.skipped} == expected
    assert all(s.reason.strip() for s in story.skipped)


# --- the CLI -----------------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, ["analyze", *args])
    assert "Traceback" not in result.output
    # Exit codes come through SystemExit; any other exception is a crash the user would see.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def flat(text: str) -> str:
    """Output with line wrapping undone, so a reason split by the terminal width still matches."""
    return re.sub(r"\s+", " ", text)


def read_story_json(out: Path) -> dict[str, object]:
    data = json.loads((out / "story.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_bad_input_cli_mixed_folder_exits_0_and_reports_skips(tmp_path: Path) -> None:
    folder, out = tmp_path / "inbox", tmp_path / "out"
    paths = write_mixed(folder)
    result = invoke(str(folder), "-o", str(out), "--max-bytes", str(MAX_BYTES))
    assert result.exit_code == 0, result.output
    output = flat(result.output)
    assert ": 5 analysed" in output
    assert "6 skipped" in output
    for name in ("image", "binary", "empty", "oversized", "french"):
        assert f"skipped {paths[name]}:" in output
    assert "'fr'" in output


def test_bad_input_cli_mixed_folder_writes_skipped_to_story_json(tmp_path: Path) -> None:
    folder, out = tmp_path / "inbox", tmp_path / "out"
    paths = write_mixed(folder)
    invoke(str(folder), "-o", str(out), "--max-bytes", str(MAX_BYTES), "--format", "json")
    data = read_story_json(out)
    articles = data["articles"]
    skipped = data["skipped"]
    assert isinstance(articles, list) and isinstance(skipped, list)
    assert {a["id"] for a in articles} == {"storm", "library", "quayside", "rail", "mill-fire"}
    by_source = {s["source"]: s["reason"] for s in skipped}
    assert "PNG" in by_source[str(paths["binary"])]
    assert "line 2" in by_source[f"{paths['jsonl']}:2"]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_bad_input_cli_analyses_non_utf8_articles(tmp_path: Path, encoding: str) -> None:
    path = write_latin1(tmp_path) if encoding == "latin-1" else write_utf16(tmp_path)
    out = tmp_path / "out"
    result = invoke(str(path), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    data = read_story_json(out)
    assert data["skipped"] == []
    articles = data["articles"]
    assert isinstance(articles, list) and len(articles) == 1
    assert articles[0]["language"] == "en"


def test_bad_input_cli_oversized_file_is_skipped_with_max_bytes(tmp_path: Path) -> None:
    path = write_oversized(tmp_path)
    good = [str(p) for p in write_good(tmp_path)]
    result = invoke(str(path), *good, "-o", str(tmp_path / "out"), "--max-bytes", str(MAX_BYTES))
    assert result.exit_code == 0, result.output
    output = flat(result.output)
    assert f"skipped {path}:" in output
    assert "limit" in output


def test_bad_input_cli_exits_1_when_nothing_could_be_analysed(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write_bad(folder)
    result = invoke(str(folder), "-o", str(tmp_path / "out"), "--max-bytes", str(MAX_BYTES))
    assert result.exit_code == 1, result.output
    output = flat(result.output)
    assert ": 0 analysed" in output
    assert "5 skipped" in output


def test_bad_input_cli_exits_1_for_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "not-there.txt"
    result = invoke(str(missing), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "no such file" in flat(result.output)


def test_bad_input_cli_exits_2_for_an_unknown_format(tmp_path: Path) -> None:
    good = write_good(tmp_path)
    out = tmp_path / "out"
    result = invoke(str(good[0]), "-o", str(out), "--format", "json,pdf")
    assert result.exit_code == 2, result.output
    assert "pdf" in result.output
    assert not (out / "story.json").exists()


def test_bad_input_cli_exits_2_for_an_unknown_config_key(tmp_path: Path) -> None:
    good = write_good(tmp_path)
    config = tmp_path / "storyline.toml"
    config.write_text("[ingest]\nmax_byte = 5000\n", encoding="utf-8")
    result = invoke(str(good[0]), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.exit_code == 2, result.output
    output = flat(result.output)
    assert "ingest.max_byte" in output
    assert "max_bytes" in output  # the valid key is offered


@pytest.mark.parametrize(("toml", "shown"), [("[ingest]\nmax_byte = 5000\n", "Available in [ingest]:"),
                                            ("[ingestion]\nmax_bytes = 5000\n", "section [ingestion]")],
                         ids=["unknown-key", "unknown-section"])
def test_bad_input_cli_config_error_is_printed_intact(tmp_path: Path, toml: str, shown: str) -> None:
    good = write_good(tmp_path)
    config = tmp_path / "storyline.toml"
    config.write_text(toml, encoding="utf-8")
    result = invoke(str(good[0]), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.exit_code == 2
    # rich must not take "[ingest]" in the message for a style tag and drop it.
    assert shown in flat(result.output)


def test_bad_input_cli_exits_2_for_an_unknown_config_section(tmp_path: Path) -> None:
    good = write_good(tmp_path)
    config = tmp_path / "storyline.toml"
    config.write_text("[ingestion]\nmax_bytes = 5000\n", encoding="utf-8")
    result = invoke(str(good[0]), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "Unknown config section" in result.output
    assert "ingest," in result.output  # the valid sections are offered


def test_bad_input_malformed_html_is_analysed_or_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_text(
        "<html><body><div><p>The council of Riverton approved a new flood barrier on Tuesday after three days "
        "of debate, the mayor said.<p>Work on the barrier is due to begin in the spring and finish within two "
        "years, officials added.<div><span>unclosed")
    (tmp_path / "nav-only.html").write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    story = storyline.analyze(tmp_path)
    assert [d.id for d in story.docs] == ["broken"]
    assert "flood barrier" in story.docs[0].text
    assert [s.source.endswith("nav-only.html") for s in story.skipped] == [True]
