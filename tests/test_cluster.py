"""Story clustering on invented signals: look-alike stories parted by their names or their days, merges
reported, the state restored from stored assignments, labels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from storyline.config import ClusterConfig
from storyline.corpus.cluster import StoryClusterer, describe, story_id_for
from storyline.corpus.signals import Signal, lead_text, main_entities, make_signals
from tests.builders import default_config

DIM = 384


def cfg(**changes: float) -> ClusterConfig:
    return replace(default_config().cluster, **changes)  # type: ignore[arg-type]


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def topic(seed: int) -> np.ndarray:
    return unit(np.random.default_rng(seed).normal(size=DIM))


def near(base: np.ndarray, seed: int, noise: float = 0.4) -> np.ndarray:
    """A vector at cosine of about 0.9 to ``base`` (noise 0.4 over 384 dimensions)."""
    return unit(base + noise * np.random.default_rng(seed).normal(size=DIM) / np.sqrt(DIM) * 1.2)


def lookalike(base: np.ndarray, seed: int, cos: float) -> np.ndarray:
    """A second topic at cosine ``cos`` to ``base``: same kind of event, other words."""
    other = topic(seed)
    other = unit(other - (other @ base) * base)
    return unit(cos * base + np.sqrt(1 - cos * cos) * other)


def stream(prefix: str, base: np.ndarray, names: tuple[str, ...], start: date | None, n: int = 6,
           seed: int = 0) -> list[Signal]:
    return [Signal(f"{prefix}{i}", near(base, seed + i), names,
                   start + timedelta(days=i) if start else None) for i in range(n)]


def cluster(signals: list[Signal], settings: ClusterConfig) -> dict[str, set[str]]:
    clusterer = StoryClusterer(settings)
    for signal in signals:
        clusterer.add(signal)
    return {sid: set(ids) for sid, ids in clusterer.stories().items()}


def groups(stories: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(ids) for ids in stories.values()}


def test_cluster_lookalikes_parted_by_their_names() -> None:
    quake = topic(1)
    other = lookalike(quake, 2, 0.5)
    first = stream("a", quake, ("kelmarsh", "dunmore county"), None, seed=10)
    second = stream("b", other, ("port aldwin", "red crescent"), None, seed=20)
    assert groups(cluster(first + second, cfg())) == {frozenset(s.article_id for s in first),
                                                      frozenset(s.article_id for s in second)}
    same_names = [replace(s, entities=first[0].entities) for s in second]
    assert len(cluster(first + same_names, cfg())) == 1  # the names alone kept them apart


def test_cluster_time_gap_parts_a_borderline_story() -> None:
    base = topic(3)
    names = ("harbour board",)
    early = stream("a", base, names, date(2010, 1, 1), seed=30)
    settings = cfg(threshold=1.75, merge_threshold=1.8, time_weight=0.1)
    soon = Signal("soon", near(base, 99), names, date(2010, 1, 10))
    late = Signal("late", near(base, 99), names, date(2019, 1, 10))
    assert len(cluster([*early, soon], settings)) == 1
    assert len(cluster([*early, late], settings)) == 2


def test_cluster_merge_reported_when_centroids_converge() -> None:
    left, right = topic(4), topic(5)
    names = ("harbour board", "kelmarsh")
    clusterer = StoryClusterer(cfg(threshold=1.3, merge_threshold=1.5))
    a = clusterer.add(Signal("a", left, names, None))
    b = clusterer.add(Signal("b", right, names, None))
    assert a.created and b.created and a.story_id != b.story_id
    merges: list[tuple[str, str]] = []
    for i in range(12):
        merges.extend(clusterer.add(Signal(f"m{i}", unit(left + right + 0.1 * topic(50 + i)), names, None)).merged)
    assert merges and set(merges[0]) == {a.story_id, b.story_id}
    assert any("a" in ids and "b" in ids for ids in clusterer.stories().values())


def test_cluster_story_ids_deterministic_and_from_founder() -> None:
    signals = stream("a", topic(6), ("kelmarsh",), date(2011, 5, 1)) + stream("b", topic(7), ("dunmore",), None)
    first, second = cluster(signals, cfg()), cluster(signals, cfg())
    assert first == second
    assert story_id_for("a0") in first and story_id_for("b0") in first


def test_cluster_restore_gives_the_same_state() -> None:
    signals = (stream("a", topic(8), ("kelmarsh",), date(2012, 1, 1), n=8)
               + stream("b", topic(9), ("dunmore",), date(2012, 1, 3), n=8, seed=40))
    clusterer = StoryClusterer(cfg())
    assigned = [(signal, clusterer.add(signal).story_id) for signal in signals]
    story_of = {aid: sid for sid, ids in clusterer.stories().items() for aid in ids}
    restored = StoryClusterer.restore(cfg(), [(signal, story_of[signal.article_id]) for signal, _ in assigned])
    assert {k: sorted(v) for k, v in restored.stories().items()} == \
           {k: sorted(v) for k, v in clusterer.stories().items()}
    probe = Signal("probe", near(topic(9), 77), ("dunmore",), date(2012, 1, 20))
    assert restored.add(probe) == clusterer.add(probe)


def test_cluster_restore_beyond_the_index_window() -> None:
    settings = cfg(window=6)
    signals = [s for i in range(4) for s in stream(f"t{i}", topic(20 + i), (f"name {i}",), date(2013, 1, 1 + i),
                                                   n=5, seed=60 + 10 * i)]
    clusterer = StoryClusterer(settings)
    for signal in signals:
        clusterer.add(signal)
    story_of = {aid: sid for sid, ids in clusterer.stories().items() for aid in ids}
    restored = StoryClusterer.restore(settings, [(s, story_of[s.article_id]) for s in signals])
    assert len(clusterer.stories()) == 4
    for probe in (Signal("p0", near(topic(20), 5), ("name 0",), date(2013, 2, 1)),  # an old story, by name
                  Signal("p3", near(topic(23), 6), ("name 3",), date(2013, 2, 1))):
        assert restored.add(probe) == clusterer.add(probe)
        assert not clusterer.add(replace(probe, article_id=probe.article_id + "b")).created


def test_cluster_rejects_a_vector_of_the_wrong_size() -> None:
    from storyline.errors import InputError

    with pytest.raises(InputError, match="384"):
        StoryClusterer(cfg()).add(Signal("x", np.ones(10, dtype=np.float32), (), None))


def test_cluster_describe_labels_with_the_central_title() -> None:
    signals = stream("a", topic(10), ("kelmarsh", "harbour board", "gulf of kel", "kfs"), None, n=3)
    label, names = describe(signals, ["Fire at the Kelmarsh harbour", None, "Harbour fire: the board meets"])
    assert label in {"Fire at the Kelmarsh harbour", "Harbour fire: the board meets"}
    assert names == ("Kelmarsh", "Harbour Board", "Gulf of Kel", "KFS")
    label, _ = describe(signals, [None, None, None])
    assert "Kelmarsh" in label


def test_signals_main_entities_fold_titles_and_sentence_starts() -> None:
    text = ("Actress Tara Reid entered the Promises Treatment Center on Tuesday, her agent Jack Ketsoyan said. "
            "Officials at Promises Treatment Center declined to comment. Reid, 33, has been there before. "
            "President Anna Kowalski of Dunmore praised Reid. officials said little.")
    names = main_entities(text)
    assert names[0] in {"tara reid", "promises treatment center"}
    assert "tara reid" in names and "reid" not in names  # "Reid" counted with "Tara Reid"
    assert "anna kowalski" in names and not any(n.startswith("president") for n in names)
    assert "officials" not in names  # a sentence's first word the text also writes in lower case


def test_signals_make_signals_unit_vectors_and_days() -> None:
    day = date(2016, 8, 9)
    signals = make_signals([("x", "Harbour fire", "Fire crews in Kelmarsh fought a blaze all night.", day),
                            ("y", None, "Polling stations in Dunmore opened early.", None)])
    assert [s.article_id for s in signals] == ["x", "y"] and signals[0].day == day and signals[1].day is None
    assert all(abs(float(np.linalg.norm(s.vector)) - 1.0) < 1e-4 and s.vector.shape == (DIM,) for s in signals)
    assert "kelmarsh" in signals[0].entities
    assert lead_text("Harbour fire", "Crews fought it.") == "Harbour fire. Crews fought it."
