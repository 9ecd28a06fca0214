"""Speech's helpers: quotation marks and cue words (``cues``), the quote finder (``quotes``), speaker
resolution by name, role or pronoun (``resolver``, ``roles``), used by the quotes and speakers stages."""
