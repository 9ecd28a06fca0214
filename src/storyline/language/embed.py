"""Sentence embeddings: all-MiniLM-L6-v2, whose files storyline ships in ``language/minilm/``.

The model's weights (safetensors) and WordPiece tokenizer (``tokenizers``) are read from the package's
data (see minilm/README.md for their source and licence); nothing is downloaded. The forward pass, a
6-layer BERT encoder followed by mean pooling and L2 normalisation (the model's sentence-transformers
recipe), runs in numpy: importing torch and sentence-transformers costs 8 to 10 seconds here, which
would triple the time of a small run, while this costs well under one. ``tests/test_embed.py`` checks
the vectors against sentence-transformers' own when it is installed.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import ConfigError

_MAX_TOKENS = 128  # the model takes 256; news sentences are far shorter, and the cost grows with length
_BATCH = 32
_CACHE = 200_000  # vectors kept per process (1.5 KB each)
_HEADS = 12
_LINEAR = ("dense.weight", "query.weight", "key.weight", "value.weight")  # weights of x @ W.T + b layers
_EPS = 1e-12
MODEL_DIR = Path(__file__).resolve().parent / "minilm"  # all-MiniLM-L6-v2's files


class Encoder:
    """all-MiniLM-L6-v2 in numpy: ``encode(texts)`` gives unit-length float32 rows of 384 dimensions."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(folder / "model.safetensors"))
        # dense layers' weights transposed once, contiguous: x @ W.T on a transposed view is many times slower
        self.w: dict[str, Any] = {k: np.ascontiguousarray(v.T) if k.endswith(_LINEAR) else v
                                  for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self.tokenizer.no_padding()
        self._cache: dict[str, Any] = {}
        self.layers = sum(1 for key in self.w if key.endswith("attention.self.query.weight"))

    def encode(self, texts: list[str]) -> Any:
        """One unit-length row per text (sentences sorted by length and batched, returned in order). Texts
        encoded before in this process are not encoded again (the summary and the claims share many)."""
        width = self.w["embeddings.word_embeddings.weight"].shape[1]
        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if new:
            if len(self._cache) + len(new) > _CACHE:
                self._cache.clear()
            self._cache.update(zip(new, self._encode(new), strict=True))
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, width), dtype=np.float32)

    def clear_cache(self) -> None:
        """Forget the vectors encoded so far (a benchmark measuring the encoding itself needs this)."""
        self._cache.clear()

    def _encode(self, texts: list[str]) -> Any:
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1.0
            out[batch] = self._forward(ids, mask)
        return out

    def _forward(self, ids: Any, mask: Any) -> Any:
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * np.finfo(np.float32).min  # padding gets no attention
        for n in range(self.layers):
            x = self._layer(x, blocked, f"encoder.layer.{n}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), _EPS)

    def _layer(self, x: Any, blocked: Any, p: str) -> Any:
        w = self.w
        batch, length, width = x.shape
        size = width // _HEADS

        def heads(name: str) -> Any:
            y = _linear(x, w[f"{p}attention.self.{name}.weight"], w[f"{p}attention.self.{name}.bias"])
            return y.reshape(batch, length, _HEADS, size).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + blocked  # a Python float keeps float32
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = _linear(context, w[f"{p}attention.output.dense.weight"], w[f"{p}attention.output.dense.bias"])
        x = _layer_norm(x + attended, w[f"{p}attention.output.LayerNorm.weight"],
                        w[f"{p}attention.output.LayerNorm.bias"])
        hidden = _gelu(_linear(x, w[f"{p}intermediate.dense.weight"], w[f"{p}intermediate.dense.bias"]))
        out = _linear(hidden, w[f"{p}output.dense.weight"], w[f"{p}output.dense.bias"])
        return _layer_norm(x + out, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"])


def _linear(x: Any, weight_t: Any, bias: Any) -> Any:
    """x @ W.T + b with W stored transposed; the leading axes flattened so that one matrix product runs."""
    return (x.reshape(-1, x.shape[-1]) @ weight_t + bias).reshape(*x.shape[:-1], weight_t.shape[1])


def _layer_norm(x: Any, gain: Any, bias: Any) -> Any:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * gain + bias


def _gelu(x: Any) -> Any:
    """GELU by its tanh form: within 1e-3 of the erf form, and several times faster in numpy."""
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The model, loaded once per process from the package's data."""
    folder = MODEL_DIR
    if not (folder / "model.safetensors").is_file():
        raise ConfigError(f"The sentence model's weights are missing from {folder}: reinstall storyline "
                          "(`pip install --force-reinstall storyline`); they ship with the package.")
    return Encoder(folder)
