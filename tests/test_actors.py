"""The actor dictionary: package defaults, a user's CSV or YAML file, and the people a story identifies."""

from __future__ import annotations

import csv
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.errors import ConfigError
from storyline.events.actors import ActorDictionary, key_of, learn_people, load_dictionary
from storyline.pipeline import Pipeline
from tests.builders import make_doc


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return load_dictionary("")


def _found(dictionary: ActorDictionary, text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(m.entry.kind, m.entry.code, m.entry.sector, text[m.start : m.end]) for m in dictionary.find(text)]


@pytest.mark.parametrize(("form", "kind", "code", "sector", "name"), [
    ("Moscow", "capital", "RUS", "GOV", "Russia"),
    ("the Kremlin", "seat", "RUS", "GOV", "Russia"),
    ("Downing Street", "seat", "GBR", "GOV", "United Kingdom"),
    ("Turkish", "demonym", "TUR", None, "Turkey"),
    ("Russians", "demonym", "RUS", None, "Russia"),
    ("Ivory Coast", "country", "CIV", None, "Ivory Coast"),
    ("NATO", "igo", "NATO", None, "NATO"),
    ("U.N.", "igo", "UN", None, "United Nations"),
    ("military", "sector", None, "MIL", "military"),
    ("foreign minister", "sector", None, "GOV", "government"),
])
def test_actors_default_forms(dictionary: ActorDictionary, form: str, kind: str, code: str | None,
                              sector: str | None, name: str) -> None:
    entry = dictionary.lookup(form)
    assert entry is not None
    assert (entry.kind, entry.code, entry.sector, entry.name) == (kind, code, sector, name)


def test_actors_capitalised_forms_need_capitals(dictionary: ActorDictionary) -> None:
    assert _found(dictionary, "They ate turkey in china bowls.") == []
    assert [f[1] for f in _found(dictionary, "Turkey and China met.")] == ["TUR", "CHN"]


def test_actors_acronym_only_as_written(dictionary: ActorDictionary) -> None:
    assert _found(dictionary, "Let us go.") == []
    assert _found(dictionary, "The US and the U.S. agree.")[0][:2] == ("country", "USA")
    assert [f[1] for f in _found(dictionary, "The US and the U.S. agree.")] == ["USA", "USA"]


def test_actors_longest_form_wins(dictionary: ActorDictionary) -> None:
    assert [f[1:] for f in _found(dictionary, "South Sudan and Sudan")] == [
        ("SSD", None, "South Sudan"), ("SDN", None, "Sudan")]
    assert _found(dictionary, "the Turkish foreign minister")[-1] == ("sector", None, "GOV", "foreign minister")


def test_actors_backed_and_pro_forms_say_nothing(dictionary: ActorDictionary) -> None:
    assert [f[1] for f in _found(dictionary, "pro-Russian and Russian-backed rebels")] == [None]
    assert [f[1] for f in _found(dictionary, "the Saudi-led coalition")] == ["SAU"]


def test_actors_package_forms_mean_one_thing() -> None:
    data = resources.files("storyline.events").joinpath("data")
    meanings: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for name, columns in (("countries.csv", ("name", "capital", "demonyms", "aliases")),
                          ("actors.csv", ("name", "aliases"))):
        lines = [line for line in data.joinpath(name).read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        for row in csv.DictReader(lines):
            for column in columns:
                for form in (f for f in (row[column] or "").split(";") if f.strip()):
                    kind = row.get("kind") or {"capital": "capital", "demonyms": "demonym"}.get(column, "country")
                    meanings[key_of(form)].add((kind, row["code"] or row["sector"]))
    assert {k: v for k, v in meanings.items() if len(v) > 1} == {}


def test_actors_user_csv_extends_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("# my actors\nkind,code,sector,name,aliases\n"
                    "person,ISR,GOV,Ziva Blum,Blum\n"
                    "seat,TUR,MIL,Kara Barracks,\n"
                    "capital,BEL,,Brussels,\n", encoding="utf-8")
    mine = load_dictionary(str(path))
    blum = mine.lookup("Blum")
    assert blum is not None and (blum.code, blum.sector, blum.name) == ("ISR", "GOV", "Israel")
    barracks = mine.lookup("Kara Barracks")
    assert barracks is not None and (barracks.code, barracks.sector) == ("TUR", "MIL")
    assert mine.lookup("Moscow") is not None  # the defaults are still there


def test_actors_user_yaml_extends(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- kind: group\n  code: COL\n  sector: REB\n  name: Frente Sur\n  aliases: [FS]\n",
                    encoding="utf-8")
    entry = load_dictionary(str(path)).lookup("FS")
    assert entry is not None and (entry.kind, entry.code, entry.sector, entry.name) == (
        "group", "COL", "REB", "Frente Sur")


@pytest.mark.parametrize(("text", "message"), [
    ("kind,code,sector,name,aliases\nperson,ISR,GOV,Ziva Blum,\nboss,ISR,GOV,Ana,\n", "line 3: unknown kind 'boss'"),
    ("kind,code,sector,name,aliases\ncapital,XQZ,,Qarth,\n", "line 2: no country or organization has the code"),
    ("kind,code,sector,name,aliases\nperson,ISR,BOSS,Ziva Blum,\n", "line 2: unknown sector 'BOSS'"),
    ("kind,code,name\nperson,ISR,Ziva Blum\n", "must open with the header"),
])
def test_actors_malformed_user_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.csv") as error:
        load_dictionary(str(path))
    assert message in str(error.value)


def test_actors_malformed_yaml_entry_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- kind: person\n  code: ISR\n  name: Ziva Blum\n- kind: country\n  code: bad\n  name: X\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yaml, line 4: code 'bad' is not a code"):
        load_dictionary(str(path))


def test_actors_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read the actor dictionary"):
        load_dictionary(str(tmp_path / "nowhere.csv"))


def _people(texts: list[str], cfg: Config, dictionary: ActorDictionary) -> dict[str, tuple[str | None, str | None]]:
    story = Pipeline(cfg, ["clean", "sentences", "entities", "aliases"]).run_many(
        [make_doc(text, id=f"a{n}") for n, text in enumerate(texts)])
    return {form: (entry.code, entry.sector) for form, entry in learn_people(story.docs, story.entities, dictionary)}


def test_actors_people_learnt_from_titles(cfg: Config, dictionary: ActorDictionary) -> None:
    people = _people(["Turkish President Ahmet Kaya arrived in Athens on Monday for a two-day visit to Greece.",
                      "The talks were opened by Pavel Orlov, the Russian foreign minister, in Geneva on Monday.",
                      "Talks resumed in Geneva with Ivan Petrov, Russia's deputy foreign minister, on Tuesday.",
                      "Kenya's Deputy Prime Minister Jane Mwangi opened the new railway line in Mombasa."],
                     cfg, dictionary)
    assert people["Ahmet Kaya"] == ("TUR", "GOV")
    assert people["Kaya"] == ("TUR", "GOV")  # the surname alone, in any article
    assert people["Pavel Orlov"] == ("RUS", "GOV")
    assert people["Ivan Petrov"] == ("RUS", "GOV")
    assert people["Jane Mwangi"] == ("KEN", "GOV")


def test_actors_former_official_is_an_elite(cfg: Config, dictionary: ActorDictionary) -> None:
    people = _people(["Former Chilean president Rosa Vidal said the reform had come too late for the miners."],
                     cfg, dictionary)
    assert people["Rosa Vidal"] == ("CHL", "ELI")


# -- dated office holders (the Phoenix dictionaries) -------------------------------------------------------------

def test_actors_role_on_picks_the_role_in_force_on_the_day() -> None:
    from datetime import date

    from storyline.events.actors import Entry
    from storyline.events.phoenix import Role, role_on

    governs = Entry("person", "EST", "GOV", "Estonia")
    elder = Entry("person", "EST", "ELI", "Estonia")
    roles = (Role(date(2001, 1, 1), date(2005, 12, 31), governs), Role(None, None, elder))
    assert role_on(roles, date(2003, 6, 1)) == governs
    assert role_on(roles, date(2010, 6, 1)) == elder  # outside the dated role: the undated one
    assert role_on(roles, None) == elder


def test_actors_dated_form_acts_for_its_country_at_the_article_date() -> None:
    from datetime import date

    names = {"EST": ("country", "Estonia"), "LVA": ("country", "Latvia")}
    dated = {key_of("Tamm"): ("EST GOV 2001-01-01 2005-12-31;LVA ELI 2006-01-01 -", "capital")}
    dictionary = ActorDictionary({}, names, dated)
    during = [(m.entry.code, m.entry.sector) for m in dictionary.find("Tamm met the press.", on=date(2003, 1, 1))]
    after = [(m.entry.code, m.entry.sector) for m in dictionary.find("Tamm met the press.", on=date(2008, 1, 1))]
    assert during == [("EST", "GOV")] and after == [("LVA", "ELI")]
    assert dictionary.find("tamm", on=date(2003, 1, 1)) == []  # a name matches capitalised text only


def test_actors_default_dictionary_reads_phoenix_office_holders(dictionary: ActorDictionary) -> None:
    from datetime import date

    assert dictionary.dated  # derived from Phoenix.Countries.actors.txt
    found = [(m.entry.code, m.entry.sector) for m in dictionary.find("Obama spoke.", on=date(2010, 3, 1))]
    assert found == [("USA", "GOV")]


def test_actors_package_forms_win_over_phoenix_ones(dictionary: ActorDictionary) -> None:
    assert _found(dictionary, "Moscow")[0][:3] == ("capital", "RUS", "GOV")


def test_actors_role_outside_every_office_is_an_elite_of_the_nearest_country() -> None:
    from datetime import date

    from storyline.events.actors import Entry
    from storyline.events.phoenix import Role, role_on

    roles = (Role(date(1990, 1, 1), date(1995, 1, 1), Entry("person", "EST", "GOV", "Estonia")),
             Role(date(2001, 1, 1), date(2003, 1, 1), Entry("person", "LVA", "GOV", "Latvia")))
    before = role_on(roles, date(1997, 1, 1))
    assert before is not None and (before.code, before.sector) == ("EST", "ELI")
    after = role_on(roles, date(2010, 1, 1))
    assert after is not None and (after.code, after.sector) == ("LVA", "ELI")


def test_actors_default_dictionary_reads_phoenix_organizations(dictionary: ActorDictionary) -> None:
    found = _found(dictionary, "Hezbollah fighters crossed the line.")
    assert found[0][:3] == ("group", "LBN", "REB")
    amnesty = dictionary.lookup("Amnesty International")
    assert amnesty is not None and amnesty.kind in ("igo", "ngo")
