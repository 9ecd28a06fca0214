"""One module per stage; importing this package registers them all."""

from storyline.stages import (  # noqa: F401
    aliases,
    claims,
    clean,
    dates,
    dedupe,
    entities,
    events,
    quotes,
    relations,
    sentences,
    speakers,
    summarize,
    temporal,
    timeline,
    timex,
)
