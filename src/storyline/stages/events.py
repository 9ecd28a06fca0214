"""Events: who did what to whom, coded with PLOVER types.

Not built yet: this stage runs and yields no events, so ``events[]`` and ``relations[]`` are
present and empty until the actor-events issue fills them."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Story
from storyline.pipeline import stage


@stage("events", scope="story", requires=("mentions",), provides=("events", "relations"))
def code_events(story: Story, cfg: Config) -> Story:
    return story
