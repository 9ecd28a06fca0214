"""All I/O lives here: reading inputs (ingest)."""
