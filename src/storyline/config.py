"""Configuration: one typed object built once from defaults.toml, then a file, then CLI flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError


@dataclass(frozen=True)
class IngestConfig:
    max_bytes: int
    min_chars: int
    text_suffixes: tuple[str, ...]


@dataclass(frozen=True)
class FetchConfig:
    timeout: float
    max_bytes: int
    user_agent: str
    contact: str
    per_host_delay: float
    max_redirects: int
    fetch_teasers: bool
    teaser_chars: int
    max_items: int

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_bytes < 1 or self.max_items < 1:
            raise ConfigError(f"fetch.timeout must be above 0 and fetch.max_bytes and fetch.max_items at least 1; "
                              f"got {self.timeout}, {self.max_bytes} and {self.max_items}.")
        if self.per_host_delay < 0 or self.max_redirects < 0 or self.teaser_chars < 0:
            raise ConfigError(f"fetch.per_host_delay, fetch.max_redirects and fetch.teaser_chars must be at least 0; "
                              f"got {self.per_host_delay}, {self.max_redirects} and {self.teaser_chars}.")
        try:
            self.user_agent.format(version="", contact="")
        except (KeyError, IndexError, ValueError) as e:
            raise ConfigError(f"fetch.user_agent may hold only the placeholders {{version}} and {{contact}}; "
                              f"got {self.user_agent!r}.") from e


@dataclass(frozen=True)
class CleanConfig:
    max_chars: int
    heading_max_words: int
    header_blocks: int
    tag_captions: bool
    languages: tuple[str, ...]
    language_min_confidence: float


@dataclass(frozen=True)
class DedupeConfig:
    min_containment: float


@dataclass(frozen=True)
class NlpConfig:
    model: str
    batch_size: int


@dataclass(frozen=True)
class EntitiesConfig:
    labels: tuple[str, ...]


@dataclass(frozen=True)
class QuotesConfig:
    indirect: bool
    min_words: int
    pronoun_window: int

    def __post_init__(self) -> None:
        if self.min_words < 1 or self.pronoun_window < 0:
            raise ConfigError(f"quotes.min_words must be at least 1 and quotes.pronoun_window at least 0; got "
                              f"{self.min_words} and {self.pronoun_window}.")


@dataclass(frozen=True)
class SummarizeConfig:
    max_words: int
    max_sentences: int
    focus: str
    same: float
    diversity: float
    pool: int
    budget: int
    repeat: float
    dated: float

    def __post_init__(self) -> None:
        if self.max_words < 1 or self.max_sentences < 0 or self.pool < 1 or self.budget < 1:
            raise ConfigError("summarize.max_words, summarize.pool and summarize.budget must be at least 1 and "
                              f"summarize.max_sentences at least 0 (0: limit by words); got {self.max_words}, "
                              f"{self.pool}, {self.budget} and {self.max_sentences}.")
        if not (0 < self.same <= 1 and 0 < self.repeat <= 1 and 0 <= self.diversity <= 1):
            raise ConfigError(f"summarize.same and summarize.repeat must be in (0, 1] and summarize.diversity in "
                              f"[0, 1]; got {self.same}, {self.repeat} and {self.diversity}.")
        if self.dated < 1:
            raise ConfigError(f"summarize.dated must be at least 1 (1: a known date counts for nothing); got "
                              f"{self.dated}.")


@dataclass(frozen=True)
class ClaimsConfig:
    same: float
    min_support: int
    dispute: float
    pool: int
    budget: int

    def __post_init__(self) -> None:
        if not (0 < self.same <= 1 and 0 < self.dispute <= 1) or min(self.min_support, self.pool, self.budget) < 1:
            raise ConfigError(f"claims.same and claims.dispute must be in (0, 1], claims.min_support, claims.pool and "
                              f"claims.budget at least 1; got {self.same}, {self.dispute}, {self.min_support}, "
                              f"{self.pool}, {self.budget}.")


@dataclass(frozen=True)
class TimelineConfig:
    max_dates: int
    sentences_per_date: int
    since: str
    until: str
    months: bool
    sure: float = 0.8
    weak_dates: str = "mark"

    def __post_init__(self) -> None:
        for key in ("since", "until"):
            value = getattr(self, key)
            try:
                if value:
                    date.fromisoformat(value)
            except ValueError as e:
                raise ConfigError(f"timeline.{key} must be a day as YYYY-MM-DD (or empty), got {value!r}.") from e
        if self.max_dates < 1 or self.sentences_per_date < 1:
            raise ConfigError("timeline.max_dates and timeline.sentences_per_date must be at least 1.")
        if not 0 <= self.sure <= 1 or self.weak_dates not in ("mark", "omit"):
            raise ConfigError(f"timeline.sure must be in [0, 1] and timeline.weak_dates 'mark' or 'omit'; got "
                              f"{self.sure} and {self.weak_dates!r}.")


@dataclass(frozen=True)
class EventsConfig:
    actors: str

    def __post_init__(self) -> None:
        if self.actors and not self.actors.lower().endswith((".csv", ".yaml", ".yml")):
            raise ConfigError(f"events.actors must name a .csv, .yaml or .yml file (or be empty); got {self.actors!r}.")


@dataclass(frozen=True)
class RelationsConfig:
    min_events: int
    most: int
    sure: float = 0.8

    def __post_init__(self) -> None:
        if self.min_events < 1 or self.most < 1:
            raise ConfigError(f"relations.min_events and relations.most must be at least 1; got {self.min_events} "
                              f"and {self.most}.")
        if not 0 <= self.sure <= 1:
            raise ConfigError(f"relations.sure must be in [0, 1]; got {self.sure}.")


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float
    merge_threshold: float
    entity_weight: float
    time_weight: float
    neighbours: int
    window: int

    def __post_init__(self) -> None:
        if self.window < 2:
            raise ConfigError(f"cluster.window must be at least 2 articles; got {self.window}.")
        if self.neighbours < 1 or self.entity_weight < 0 or self.time_weight < 0:
            raise ConfigError(f"cluster.neighbours must be at least 1, cluster.entity_weight and cluster.time_weight "
                              f"at least 0; got {self.neighbours}, {self.entity_weight} and {self.time_weight}.")


@dataclass(frozen=True)
class CorpusConfig:
    slice: int

    def __post_init__(self) -> None:
        if self.slice < 1:
            raise ConfigError(f"corpus.slice must be at least 1 article; got {self.slice}.")


@dataclass(frozen=True)
class ServeConfig:
    max_body_bytes: int
    max_articles: int
    max_text_chars: int
    max_field_chars: int
    max_jobs: int
    job_ttl: float
    inline_seconds: float
    cors_origins: tuple[str, ...]

    def __post_init__(self) -> None:
        if min(self.max_body_bytes, self.max_articles, self.max_text_chars, self.max_field_chars, self.max_jobs) < 1:
            raise ConfigError("serve.max_body_bytes, serve.max_articles, serve.max_text_chars, serve.max_field_chars "
                              "and serve.max_jobs must be at least 1.")
        if self.job_ttl < 0 or self.inline_seconds < 0:
            raise ConfigError(f"serve.job_ttl and serve.inline_seconds must be 0 or more; got {self.job_ttl} and "
                              f"{self.inline_seconds}.")


@dataclass(frozen=True)
class PipelineConfig:
    stages: tuple[str, ...]
    processes: int


@dataclass(frozen=True)
class Config:
    ingest: IngestConfig
    fetch: FetchConfig
    clean: CleanConfig
    dedupe: DedupeConfig
    nlp: NlpConfig
    entities: EntitiesConfig
    quotes: QuotesConfig
    summarize: SummarizeConfig
    claims: ClaimsConfig
    timeline: TimelineConfig
    events: EventsConfig
    relations: RelationsConfig
    cluster: ClusterConfig
    corpus: CorpusConfig
    pipeline: PipelineConfig
    serve: ServeConfig


Overrides = dict[str, dict[str, Any]]


def read_defaults() -> Overrides:
    text = resources.files("storyline").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load(path: str | Path | None = None, *, overrides: Overrides | None = None) -> Config:
    """Merge defaults.toml, then the TOML file at ``path``, then ``overrides`` ({section: {key: value}})."""
    merged = read_defaults()
    layers: list[tuple[str, Overrides]] = []
    if path is not None:
        try:
            layers.append((str(path), tomllib.loads(Path(path).read_text(encoding="utf-8"))))
        except OSError as e:
            raise ConfigError(f"Cannot read config file {path}: {e.strerror}. Check the path.") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"Config file {path} is not valid TOML: {e}.") from e
    if overrides:
        layers.append(("command-line options", overrides))
    for origin, layer in layers:
        _merge(merged, layer, origin)
    return _build(merged)


def _merge(base: Overrides, layer: Overrides, origin: str) -> None:
    for section, values in layer.items():
        if section not in base:
            raise ConfigError(
                f"Unknown config section [{section}] in {origin}. Available: {', '.join(sorted(base))}."
            )
        if not isinstance(values, dict):
            raise ConfigError(f"[{section}] in {origin} must be a table of keys, got {values!r}.")
        for key, value in values.items():
            if key not in base[section]:
                raise ConfigError(
                    f"Unknown config key '{section}.{key}' in {origin}. "
                    f"Available in [{section}]: {', '.join(sorted(base[section]))}."
                )
            default = base[section][key]
            if not _same_kind(default, value):
                raise ConfigError(
                    f"Config key '{section}.{key}' in {origin} must be {type(default).__name__}, "
                    f"got {value!r}."
                )
            base[section][key] = value


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def _build(merged: Overrides) -> Config:
    sections: dict[str, Any] = {}
    for section_field in fields(Config):
        cls = section_field.type
        section_cls = globals()[cls] if isinstance(cls, str) else cls
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in merged[section_field.name].items()}
        sections[section_field.name] = section_cls(**values)
    return Config(**sections)
