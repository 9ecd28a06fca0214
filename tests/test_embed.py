"""The sentence model: numpy's forward pass gives sentence-transformers' vectors, and paraphrases meet."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest

from storyline.language import embed

SENTENCES = [
    "The council voted on Tuesday to close the old bridge after engineers found deep cracks.",
    "Engineers found deep cracks in the old bridge, so the council voted to shut it.",
    "Tickets for the new ferry will cost two euros.",
    "Short.",
]


def test_embed_vectors_are_unit_length() -> None:
    vectors = embed.encoder().encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embed_paraphrases_meet_and_other_facts_do_not() -> None:
    v = embed.encoder().encode(SENTENCES)
    assert float(v[0] @ v[1]) > 0.7
    assert float(v[0] @ v[2]) < 0.3


def test_embed_weights_are_all_minilm_l6_v2() -> None:
    digest = hashlib.sha256((embed.MODEL_DIR / "model.safetensors").read_bytes()).hexdigest()
    assert digest == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def test_embed_matches_sentence_transformers() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    st = pytest.importorskip(
        "sentence_transformers",
        reason="sentence-transformers is not installed (pip install -e '.[crosscheck]' to compare vectors with it)")

    reference = st.SentenceTransformer(str(embed.MODEL_DIR), device="cpu")
    expected = reference.encode(SENTENCES, normalize_embeddings=True)
    assert np.abs(embed.encoder().encode(SENTENCES) - expected).max() < 2e-3
