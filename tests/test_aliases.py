"""Entity alias merging within and across articles (built from hand-made mentions, no model)."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Doc, Mention, Span, Story
from storyline.stages.aliases import merge_aliases
from tests.builders import make_doc


def _doc(id: str, *mentions: tuple[str, str] | tuple[str, str, str]) -> Doc:
    found = []
    for n, m in enumerate(mentions):
        name, label = m[0], m[1]
        alias = m[2] if len(m) > 2 else name  # type: ignore[misc]
        found.append(Mention(Span(n * 10, n * 10 + len(name)), label, name, alias))
    return Doc(article=make_doc("x", id=id).article, text="x" * 500, mentions=tuple(found))


def _entities(cfg: Config, *docs: Doc) -> dict[str, tuple[str, set[str], int]]:
    story = merge_aliases(Story(docs=docs), cfg)
    return {e.name: (e.type, set(e.aliases), len(e.mentions)) for e in story.entities}


def test_aliases_surname_and_title_join_full_name_within_article(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("Ana Diaz", "PERSON"), ("Diaz", "PERSON", "Mayor Diaz")))
    assert got == {"Ana Diaz": ("PERSON", {"Ana Diaz", "Diaz", "Mayor Diaz"}, 2)}


def test_aliases_surname_joins_full_name_from_other_article(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("Ana Diaz", "PERSON")), _doc("b", ("Diaz", "PERSON", "Ms Diaz")))
    assert set(got) == {"Ana Diaz"}


def test_aliases_ambiguous_surname_stays_apart_across_articles(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("Ana Diaz", "PERSON")), _doc("b", ("Luis Diaz", "PERSON")),
                    _doc("c", ("Diaz", "PERSON")))
    assert set(got) == {"Ana Diaz", "Luis Diaz", "Diaz"}


def test_aliases_person_never_merges_with_place(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("George Riverton", "PERSON")),
                    _doc("b", ("Riverton", "GPE"), ("Riverton", "GPE")))
    assert got["Riverton"][0] == "GPE"
    assert got["George Riverton"][2] == 1


def test_aliases_minority_label_follows_majority(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("Diaz", "PERSON"), ("Diaz", "PERSON")), _doc("b", ("Diaz", "ORG")))
    assert got == {"Diaz": ("PERSON", {"Diaz"}, 3)}


def test_aliases_surname_tagged_org_joins_person(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("Ana Diaz", "PERSON")), _doc("b", ("Diaz", "ORG")))
    assert set(got) == {"Ana Diaz"}


def test_aliases_acronym_joins_spelled_out_organisation(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("River Basin Authority", "ORG")), _doc("b", ("RBA", "ORG")))
    assert got == {"River Basin Authority": ("ORG", {"River Basin Authority", "RBA"}, 2)}


def test_aliases_case_variants_are_one_entity(cfg: Config) -> None:
    got = _entities(cfg, _doc("a", ("ISIS", "ORG"), ("Isis", "ORG")))
    assert len(got) == 1
