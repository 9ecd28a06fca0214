"""The event coder, used by the events stage: the actor dictionary (``actors``, ``data/``), the trigger
lexicon (``lexicon``), who did what to whom from the parse (``arguments``) and the PLOVER coding
(``coding``)."""
