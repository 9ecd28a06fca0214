"""Score the cases of tests/golden/tilse/ with the real tilse 0.2.1 and write scores.json.

tests/test_eval_tls.py checks that storyline.evaluate.tls reproduces every score here. Run this again only to
re-check against tilse (it needs tilse and Perl, not storyline):

    python3.11 -m venv /tmp/tilse-venv
    /tmp/tilse-venv/bin/pip install --no-deps tilse==0.2.1   # its other dependencies (spaCy, textacy, numba,
    /tmp/tilse-venv/bin/pip install numpy scipy nltk          #   scikit-learn) are not needed for scoring
    apt-get install -y libxml-parser-perl                      # ROUGE-1.5.5.pl needs XML::Parser and DB_File
    /tmp/tilse-venv/bin/python tests/golden/tilse/make_golden.py

The cases: the invented timelines in cases.json, and, when ../shared/data/timeline17 is beside the checkout,
real Timeline17 gold timelines read at run time (never copied here): a gold timeline against a shifted and
truncated copy of itself, and one outlet's gold timeline of a story against another outlet's. tilse is run
with its defaults (``TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])``: the Perl ROUGE-1.5.5 with
stemming and stopword removal).
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TIMELINE17 = ROOT.parent / "shared" / "data" / "timeline17"
SHIFTED = ("bpoil_bbc", "bbc")  # (topic, gold timeline): scored against a shifted, truncated copy of itself
CROSS = (("bpoil_guardian", "guardian"), ("bpoil_bbc", "bbc"))  # (predicted, reference): two outlets, one story
Timeline = dict[datetime.date, list[str]]


def read_txt(path: Path) -> Timeline:
    """A timeline in Timeline17's text format: a date line, its sentences, a line of dashes."""
    timeline: Timeline = {}
    day, sentences = None, []
    for line in (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines()):
        if line and set(line) == {"-"}:
            if day is not None:
                timeline[day] = sentences
            day, sentences = None, []
        elif len(line) == 10 and line[4] == line[7] == "-" and line.replace("-", "").isdigit():
            day = datetime.date.fromisoformat(line)
        elif line:
            sentences.append(line)
    return timeline


def shifted_copy(gold: Timeline) -> Timeline:
    """Every third date dropped, the others moved 0, 1, -2 or 3 days, one sentence each, some cut short."""
    out: Timeline = {}
    for i, day in enumerate(sorted(gold)):
        if i % 3 == 2 or not gold[day]:
            continue
        words = gold[day][0].split()
        sentence = " ".join(words[: max(1, len(words) // 2)]) if i % 5 == 0 else gold[day][0]
        out.setdefault(day + datetime.timedelta(days=(0, 1, -2, 3)[i % 4]), []).append(sentence)
    return out


def real_cases(timeline17: Path = TIMELINE17) -> dict[str, tuple[Timeline, Timeline]]:
    """The Timeline17 cases as (predicted, reference), or none when the data is not there."""
    if not timeline17.is_dir():
        return {}
    gold = read_txt(timeline17 / SHIFTED[0] / "timelines" / f"{SHIFTED[1]}.txt")
    (p_topic, p_name), (r_topic, r_name) = CROSS
    return {
        f"t17_{SHIFTED[0]}_shifted": (shifted_copy(gold), gold),
        f"t17_{p_topic}_vs_{r_topic}": (read_txt(timeline17 / p_topic / "timelines" / f"{p_name}.txt"),
                                        read_txt(timeline17 / r_topic / "timelines" / f"{r_name}.txt")),
    }


def invented_cases() -> dict[str, tuple[Timeline, Timeline]]:
    """The cases of cases.json as (predicted, reference)."""
    raw = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    return {name: (_dated(case["predicted"]), _dated(case["reference"])) for name, case in raw.items()}


def _dated(timeline: dict[str, list[str]]) -> Timeline:
    return {datetime.date.fromisoformat(day): sentences for day, sentences in timeline.items()}


def tilse_scores(predicted: Timeline, reference: Timeline) -> dict[str, object]:
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation import dates, rouge

    pred, ground_truth = TilseTimeline(predicted), GroundTruth([TilseTimeline(reference)])
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    return {
        "date": dates.evaluate_dates(pred, ground_truth),
        "concat": evaluator.evaluate_concat(pred, ground_truth),
        "agreement": evaluator.evaluate_agreement(pred, ground_truth),
        "align_date_content_costs_many_to_one":
            evaluator.evaluate_align_date_content_costs_many_to_one(pred, ground_truth),
    }


def main() -> None:
    import tilse  # noqa: F401  (fail early, with the instructions above, when tilse is missing)

    cases = {**invented_cases(), **real_cases()}
    if not any(name.startswith("t17_") for name in cases):
        print(f"note: {TIMELINE17} not found; only the invented cases are scored", file=sys.stderr)
    scores = {name: tilse_scores(predicted, reference) for name, (predicted, reference) in cases.items()}
    out = {"tilse": "0.2.1", "rouge": "ROUGE-1.5.5.pl -n 2 -x -m -s -f A -t 2 (tilse's default, 'original')",
           "cases": scores}
    (HERE / "scores.json").write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'scores.json'}: {len(scores)} cases")


if __name__ == "__main__":
    main()
