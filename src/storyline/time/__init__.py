"""Time's helpers: the time-expression grammar (``grammar``) and its vocabularies and calendar arithmetic
(``timewords``), used by the timex, temporal and dates stages."""
