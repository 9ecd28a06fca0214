"""Reading input: files, folders, globs, standard input, HTML pages, JSON records and feeds, in any common
encoding (``ingest``), and pages and feeds at http(s) URLs (``fetch``), turned into ``Article``s or listed
as skipped with the reason."""
