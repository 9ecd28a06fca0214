"""The language models, loaded once per process from installed packages, never downloaded: spaCy and
language identification (``nlp``), the sentence model all-MiniLM-L6-v2 in numpy (``embed``, files in
``minilm/``)."""
