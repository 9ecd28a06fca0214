"""The actor dictionary: who a name in the text acts for.

The defaults are package data: ``data/countries.csv`` (ISO 3166 alpha-3 code, name, capital, demonyms, other
names) and ``data/actors.csv`` (seats of government, IGOs, NGOs, armed groups, and the common nouns that name a
sector: "military", "rebels", "foreign minister"), with the sector nouns and the dated office holders of the
public Phoenix dictionaries (``storyline.events.phoenix``) where those say nothing. A user file in
``actors.csv``'s format, CSV or YAML (``events.actors``), extends them; a form it defines replaces the default
one. The people a story identifies ("Turkish President X", "X, the Russian foreign minister") are learnt from
its text (``learn_people``).

Forms match whole words. A form with a capital letter matches only capitalised text ("Turkey", not "turkey");
a form in capitals only (an acronym: "US", "EU") matches only as written; a lower-case form matches any case.
A form right after "pro-" or "anti-", or before "-backed", "-born", "-speaking" and the like ("Russian-backed
rebels"), is not a match: it does not say who acts ("Saudi-led" does).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.events import phoenix
from storyline.events.phoenix import Role, role_on
from storyline.model import Doc, Entity, Mention

KINDS = ("country", "capital", "demonym", "seat", "igo", "ngo", "group", "sector", "person")
SECTORS = frozenset({"GOV", "JUD", "LEG", "MIL", "COP", "OPP", "PTY", "REB", "PRM", "SPY", "UAF", "CVL", "ELI",
                     "BUS", "EDU", "MED", "LAB", "AGR", "JRN", "REF", "REL", "SOC", "CRM"})
ORGANIZATIONS = frozenset({"igo", "ngo", "group"})  # named for themselves, not for a country
COUNTRY_FORMS = frozenset({"country", "capital", "demonym", "seat", "person"})  # named for their country
_COLUMNS = ("kind", "code", "sector", "name", "aliases")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,9}")
_TOKEN = re.compile(r"[^\W_]+")
_JOIN = re.compile(r"[\s.'’&-]{1,2}")  # what may separate two words of one form ("U.S.", "Guinea-Bissau")
_BEFORE = re.compile(r"(?:\b(?:pro|anti|non|ex)-)$", re.I)
_AFTER = re.compile(r"^-(?:backed|sponsored|supported|funded|armed|trained|allied|leaning|born|speaking|style|made)\b")
# Words a title may hold besides the sector nouns ("Deputy Prime Minister", "top military commander").
TITLE_WORDS = frozenset({
    "deputy", "vice", "acting", "interim", "first", "chief", "senior", "top", "former", "foreign", "defence",
    "defense", "interior", "finance", "economy", "energy", "trade", "justice", "health", "state", "head",
    "army", "navy", "military", "opposition", "rebel", "presidential", "national", "security", "adviser",
    "advisor", "affairs", "secretary", "general", "of", "the", "supreme", "grand", "spiritual", "de", "facto",
    "assistant", "under", "permanent", "special", "representative", "press", "its", "his", "her", "their",
    "new", "outgoing", "incoming", "then", "president", "prime", "minister", "premier",
})
Key = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """What a form stands for: its ``kind``, the ``code`` of the country or organization it acts for, its
    ``sector`` (None when the form does not say) and the ``name`` the output gives it."""

    kind: str
    code: str | None
    sector: str | None
    name: str
    origin: str = ""


@dataclass(frozen=True)
class Match:
    """A dictionary form found in a text: characters ``[start, end)``."""

    start: int
    end: int
    entry: Entry


def key_of(form: str) -> Key:
    """A form's lookup key: its lower-cased words, without a leading "the"."""
    words = tuple(_TOKEN.findall(form.lower()))
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def _case_rule(form: str) -> str:
    letters = "".join(_TOKEN.findall(form))
    if letters == letters.lower():
        return "any"
    if len(letters) >= 2 and letters == letters.upper():
        return letters  # an acronym: only as written
    return "capital"


class ActorDictionary:
    """Forms and what they stand for; ``find(text, on=day)`` lists the longest forms found, left to right. A
    dated form (``dated``: the office holders of ``storyline.events.phoenix``) stands for its role on ``day``."""

    def __init__(self, forms: Mapping[Key, tuple[Entry, str]], names: Mapping[str, tuple[str, str]],
                 dated: Mapping[Key, tuple[str, str]] | None = None) -> None:
        self.forms = dict(forms)
        self.names = dict(names)  # code -> (kind, name) for countries and organizations
        self.dated = dict(dated or {})  # key -> (its roles as phoenix_people.csv writes them, case rule)
        self._roles: dict[str, tuple[Role, ...]] = {}
        # Every key and every start of one: how far a form may reach from a word, without trying each length.
        self.prefixes = {k[:n] for k in (*self.forms, *self.dated) for n in range(1, len(k) + 1)}
        self.title_words = TITLE_WORDS | {w for k, (e, _) in self.forms.items() if e.kind == "sector" for w in k}

    def kind_of(self, code: str | None) -> str | None:
        """``country``, ``igo``, ``ngo`` or ``group`` for a code the dictionary knows."""
        return self.names[code][0] if code in self.names else None

    def lookup(self, form: str) -> Entry | None:
        found = self._hit(key_of(form), None)
        surface = re.sub(r"^the\s+", "", form.strip())
        return found[0] if found and _case_ok(found[1], surface) else None

    def with_entries(self, extra: Iterable[tuple[str, Entry]]) -> ActorDictionary:
        """A copy with more forms (the people a story identifies); a new form replaces an old one."""
        forms = dict(self.forms)
        for form, entry in extra:
            if key_of(form):
                forms[key_of(form)] = (entry, _case_rule(form))
        return ActorDictionary(forms, self.names, self.dated)

    def _hit(self, key: Key, day: date | None) -> tuple[Entry, str] | None:
        found = self.forms.get(key)
        if found is None and key in self.dated:
            text, rule = self.dated[key]
            if text not in self._roles:
                self._roles[text] = phoenix.parse_roles(text, self.names)
            entry = role_on(self._roles[text], day)
            return (entry, rule) if entry is not None else None
        return found

    def find(self, text: str, *, on: date | None = None) -> list[Match]:
        words = list(_TOKEN.finditer(text))
        lower = [w.group(0).lower() for w in words]
        found: list[Match] = []
        i = 0
        while i < len(words):
            match = self._longest_at(text, words, lower, i, on)
            if match is None:
                i += 1
                continue
            found.append(match[0])
            i += match[1]
        return found

    def _longest_at(self, text: str, words: list[re.Match[str]], lower: list[str], i: int,
                    day: date | None) -> tuple[Match, int] | None:
        reach = 0
        while i + reach < len(words) and tuple(lower[i : i + reach + 1]) in self.prefixes:
            reach += 1
        for n in range(reach, 0, -1):
            hit = self._hit(tuple(lower[i : i + n]), day)
            if hit is None:
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            joined = all(_JOIN.fullmatch(text[words[j].end() : words[j + 1].start()]) for j in range(i, i + n - 1))
            if joined and _case_ok(hit[1], text[start:end]) and not _BEFORE.search(text[max(0, start - 5) : start]) \
                    and not _AFTER.match(text[end : end + 14]):
                return Match(start, end, hit[0]), n
        return None


def _case_ok(rule: str, surface: str) -> bool:
    if rule == "any":
        return True
    if rule == "capital":
        return surface[:1].isupper()
    return "".join(_TOKEN.findall(surface)) == rule


@lru_cache(maxsize=8)
def load_dictionary(user_file: str = "") -> ActorDictionary:
    """The default dictionary, extended by ``user_file`` (CSV or YAML) when one is given. Cached per process."""
    data = resources.files("storyline.events").joinpath("data")
    names: dict[str, tuple[str, str]] = {}
    forms: dict[Key, tuple[Entry, str]] = {}
    countries = data.joinpath("countries.csv").read_text(encoding="utf-8")
    _add(forms, _country_entries(_csv_rows(countries, "countries.csv"), names))
    actors = data.joinpath("actors.csv").read_text(encoding="utf-8")
    _add(forms, _actor_entries(_csv_rows(actors, "actors.csv"), names))
    organizations = _actor_entries(_csv_rows(phoenix.organizations_text(), "phoenix_organizations.csv"), names)
    for form, entry in (*organizations, *phoenix.agents()):  # the public dictionaries, where ours say nothing
        if key_of(form):
            forms.setdefault(key_of(form), (entry, _case_rule(form)))
    if user_file:
        _add(forms, _actor_entries(_user_rows(Path(user_file)), names))
    dated = {key_of(form): (roles, _case_rule(form)) for form, roles in phoenix.people() if key_of(form)}
    return ActorDictionary(forms, names, dated)


def _add(forms: dict[Key, tuple[Entry, str]], entries: Iterable[tuple[str, Entry]]) -> None:
    for form, entry in entries:
        if key_of(form):
            forms[key_of(form)] = (entry, _case_rule(form))


Row = tuple[str, dict[str, str]]  # (origin "file, line N", the row's cells)


def _csv_rows(text: str, origin: str) -> Iterator[Row]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return
    header = next(csv.reader([lines[0][1]]))
    for n, line in lines[1:]:
        cells = next(csv.reader([line]))
        if len(cells) > len(header):
            raise ConfigError(f"{origin}, line {n}: {len(cells)} cells, but the header has {len(header)} "
                              f"({', '.join(header)}). Quote a cell that holds a comma.")
        yield f"{origin}, line {n}", {h.strip(): c.strip() for h, c in zip(header, cells, strict=False)}


def _user_rows(path: Path) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"Cannot read the actor dictionary {path} (events.actors): {e.strerror}.") from e
    if path.suffix.lower() in (".yaml", ".yml"):
        yield from _yaml_rows(text, str(path))
        return
    if path.suffix.lower() != ".csv":
        raise ConfigError(f"The actor dictionary {path} (events.actors) must be a .csv, .yaml or .yml file.")
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    missing = [c for c in _COLUMNS if c not in [h.strip() for h in first.split(",")]]
    if missing:
        raise ConfigError(f"The actor dictionary {path} must open with the header {','.join(_COLUMNS)}; "
                          f"missing: {', '.join(missing)}.")
    yield from _csv_rows(text, str(path))


def _yaml_rows(text: str, origin: str) -> Iterator[Row]:
    import yaml  # type: ignore[import-untyped]  # PyYAML ships no type hints

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"The actor dictionary {origin} is not valid YAML: {e}") from e
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(f"The actor dictionary {origin} must be a YAML list of entries ({', '.join(_COLUMNS)}).")
    for node in root.value:
        where = f"{origin}, line {node.start_mark.line + 1}"
        if not isinstance(node, yaml.MappingNode):
            raise ConfigError(f"{where}: each entry must be a mapping with the keys {', '.join(_COLUMNS)}.")
        row = yaml.safe_load(yaml.serialize(node))
        aliases = row.get("aliases") or []
        row["aliases"] = ";".join(map(str, aliases)) if isinstance(aliases, list) else str(aliases)
        yield where, {str(k): "" if v is None else str(v) for k, v in row.items()}


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _country_entries(rows: Iterable[Row], names: dict[str, tuple[str, str]]) -> Iterator[tuple[str, Entry]]:
    for origin, row in rows:
        code, name = row.get("code", ""), row.get("name", "")
        names[code] = ("country", name)
        for form in (name, *_split(row.get("aliases"))):
            yield form, Entry("country", code, None, name, origin)
        for form in _split(row.get("capital")):
            yield form, Entry("capital", code, "GOV", name, origin)
        for form in _split(row.get("demonyms")):
            yield form, Entry("demonym", code, None, name, origin)
            if re.search(r"(?:an|i)$", form):
                yield form + "s", Entry("demonym", code, None, name, origin)


def _actor_entries(rows: Iterable[Row], names: dict[str, tuple[str, str]]) -> Iterator[tuple[str, Entry]]:
    for origin, row in rows:
        kind, code, sector, name = (row.get(c, "") for c in ("kind", "code", "sector", "name"))
        _check_row(origin, kind, code, sector, name, names)
        if kind == "country" or (kind in ORGANIZATIONS and code not in names):
            names[code] = ("country" if kind == "country" else kind, name)
        shown = name if kind in ORGANIZATIONS or kind == "sector" or kind == "country" else names[code][1]
        entry = Entry(kind, code or None, sector or ("GOV" if kind == "capital" else None), shown, origin)
        for form in (name, *_split(row.get("aliases"))):
            yield form, entry


def _check_row(origin: str, kind: str, code: str, sector: str, name: str, names: Mapping[str, Any]) -> None:
    if kind not in KINDS:
        raise ConfigError(f"{origin}: unknown kind {kind!r}. Available: {', '.join(KINDS)}.")
    if not name:
        raise ConfigError(f"{origin}: the name is empty; every entry needs one.")
    if sector and sector not in SECTORS:
        raise ConfigError(f"{origin}: unknown sector {sector!r}. Available: {', '.join(sorted(SECTORS))}.")
    if kind == "sector":
        if code or not sector:
            raise ConfigError(f"{origin}: a sector entry has no code and needs a sector; got code {code!r}, "
                              f"sector {sector!r}.")
        return
    if not _CODE.fullmatch(code):
        raise ConfigError(f"{origin}: code {code!r} is not a code: use an ISO 3166 alpha-3 code (RUS) or an "
                          "organization's code in capitals (NATO).")
    if kind in COUNTRY_FORMS - {"country"} and code not in names:
        raise ConfigError(f"{origin}: no country or organization has the code {code!r}; add it (a country, igo, "
                          "ngo or group row) before this row.")


# -- the people a story identifies -------------------------------------------------------------------------------

_APPOSITION = re.compile(r"^\s*,\s*(?:the |a |an )?(?P<phrase>[^,;.()\"“”]{3,80}?)\s*(?=[,;.)]|$| who\b| and\b)")


def learn_people(docs: Iterable[Doc], entities: Iterable[Entity],
                 dictionary: ActorDictionary) -> list[tuple[str, Entry]]:
    """(form, entry) for each person the story names with a title that says whom they act for: "Turkish
    President X", "Kenya's Deputy Prime Minister X", "X, the Russian foreign minister", "X, president of
    Turkey". The entity's every form without a title is taught, and the surname alone when no other person
    learnt shares it; a person seen acting for two countries keeps the one most mentions give."""
    entity_of = {(c.article, c.span): e for e in entities for c in e.mentions}
    votes: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for mention in doc.mentions:
            if mention.label not in ("PERSON", "ORG"):  # the recognizer takes some names for organizations
                continue
            found = title_of(doc.text, mention, dictionary)
            if found is not None and mention.label == "ORG" and not _personal_title(doc.text, mention):
                found = None  # an organization in apposition to "the X government" is not a person
            entity = entity_of.get((doc.id, mention.span))
            name = entity.name if entity else mention.name
            forms[name].update({mention.name, *(_plain_forms(entity) if entity else ())})
            if found is not None:
                votes[name][found] += 1
    persons = {m.name for doc in docs for m in doc.mentions if m.label == "PERSON"} | {
        e.name for e in entities if e.type == "PERSON"}
    surnames = Counter(name.split()[-1] for name in votes if " " in name)
    people = []
    for name, counts in votes.items():
        (code, sector), _ = counts.most_common(1)[0]
        entry = Entry("person", code, sector, dictionary.names[code][1], "learnt from the story")
        surname = name.split()[-1]
        if name in persons and surnames[surname] == 1 and dictionary.lookup(surname) is None:
            forms[name].add(surname)  # the recognizer may miss the surname alone, or call it a place
        people += [(form, entry) for form in sorted(forms[name])]
    return people


_PERSONAL = re.compile(r"\b(?:president|minister|premier|chancellor|spokes(?:man|woman|person)|ambassador|envoy|"
                       r"secretary|general|commander|leader|king|queen|emir|sultan|chief|governor|mayor|senator|"
                       r"judge|prosecutor|director|head)\b", re.I)


def _personal_title(text: str, mention: Mention) -> bool:
    """Whether the words around a name hold a title only a person has ("foreign minister", not "ministry")."""
    return bool(_PERSONAL.search(text[max(0, mention.span.start - 60) : mention.span.end + 80]))


def _plain_forms(entity: Entity) -> set[str]:
    words = set(entity.name.split())
    return {a for a in entity.aliases if set(a.split()) <= words}


def title_of(text: str, mention: Mention, dictionary: ActorDictionary) -> tuple[str, str | None] | None:
    """(code, sector) that the title beside a person's name gives, before it or in an apposition after it."""
    start = mention.span.start + max(0, mention.span.text_of(text).rfind(mention.name))  # "President X" as one span
    before = text[max(0, start - 80) : start]
    matches = [m for m in dictionary.find(before) if m.entry.kind != "sector"]
    if matches:
        last = matches[-1]
        gap = before[last.end :]
        if gap.startswith(".") and "." in before[last.start : last.end]:
            gap = gap[1:]  # "U.S. Secretary of State"
        if not re.search(r"[.;:!?\"“”()\[\]]", gap) and _is_title(gap, dictionary):
            return _title_sector(last, gap, dictionary, before[max(0, last.start - 12) : last.start])
    apposition = _APPOSITION.match(text[mention.span.end : mention.span.end + 100])
    if apposition:
        phrase = apposition.group("phrase")
        matches = [m for m in dictionary.find(phrase) if m.entry.kind != "sector"]
        if len(matches) == 1:
            rest = phrase[: matches[0].start] + " " + phrase[matches[0].end :]
            if _is_title(rest, dictionary):
                return _title_sector(matches[0], rest, dictionary)
    return None


def _is_title(words: str, dictionary: ActorDictionary) -> bool:
    """Whether ``words`` are only title words with at least one sector noun ("Deputy Prime Minister")."""
    tokens = [t.lower() for t in _TOKEN.findall(re.sub(r"['’]s\b", " ", words))]
    if not tokens or len(tokens) > 6 or not all(t in dictionary.title_words for t in tokens):
        return False
    return any(m.entry.kind == "sector" for m in dictionary.find(" ".join(tokens)))


def _title_sector(match: Match, title: str, dictionary: ActorDictionary,
                  lead: str = "") -> tuple[str, str | None] | None:
    """(code, sector) from a title; a former office holder ("Former Chilean president X") is an elite."""
    code = match.entry.code
    if code is None or match.entry.kind in ("sector", "capital"):
        return None
    sectors = [m.entry.sector for m in dictionary.find(title.lower()) if m.entry.kind == "sector"]
    former = re.search(r"\b(?:former|ex)\b", title, re.I) or re.search(r"\b(?:former|ex-?)\s*$", lead, re.I)
    return code, "ELI" if former else (sectors[-1] if sectors else None)


def read_text_table(text: str) -> list[dict[str, str]]:
    """Rows of a small CSV table without comment lines (the package's intensity and trigger tables)."""
    lines = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(lines))]
