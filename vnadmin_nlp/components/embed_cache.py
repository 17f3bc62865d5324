"""The entity tagger's token embeddings, computed once per word form rather than once per token.

The tagger's first layer (spaCy's ``MultiHashEmbed``: hashed embeddings of a
token's NORM, PREFIX, SUFFIX and SHAPE, then a maxout and a layer norm)
gives each token a vector that depends on those four attributes alone, not
on its neighbours. A folder of documents repeats a few thousand word forms
most of the time, so the vectors are kept per form, keyed by the four
attribute ids, and only new forms go through the layer.

A fast path beside the model, not part of it: the weights and their
serialization are spaCy's. The cache holds the vectors of one set of
weights; the tagger empties it whenever its weights may change (training
steps, averaged parameters, loading). On the benchmark's 120 pool documents
the entities are the same with and without it (tests/test_entity_tagger.py
checks the bundled example); timings in docs/benchmarks.md.
"""

from typing import Dict, List, Optional, Sequence

import numpy as np
from spacy.attrs import IDS
from spacy.tokens import Doc
from thinc.api import Model

#: Odd 64-bit constants that mix the four attribute ids into one key (the ids are spaCy's
#: 64-bit string hashes already; a clash between two forms' keys is as unlikely as a clash
#: between two strings' hashes).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)


def _embed_layers(model: Model) -> Optional[Model]:
    """The embedding chain of a ``spacy.Tagger.v2`` over ``HashEmbedCNN``/``MultiHashEmbed``,
    or None for any other architecture (the cache then stays off)."""
    try:
        tok2vec = model.get_ref("tok2vec")
        embed = tok2vec.get_ref("embed")
    except (KeyError, ValueError):
        return None
    if (len(model.layers) != 2 or model.layers[0] is not tok2vec or len(tok2vec.layers) != 2
            or tok2vec.layers[0] is not embed or not embed.layers
            or embed.layers[0].name != "extract_features"):
        return None
    return embed


class EmbeddingCache:
    """Per-form vectors of a tagger's embedding layer, and the tagger's scores built on them."""

    #: Past this many forms the cache is emptied before the next batch (memory stays flat:
    #: 100,000 forms of a 40-wide layer are 16 MB).
    max_forms = 100_000

    def __init__(self, model: Model):
        embed = _embed_layers(model)
        if embed is None:
            raise ValueError("the embedding cache needs spacy.Tagger.v2 over a MultiHashEmbed tok2vec")
        self._columns = [IDS[name] for name in embed.layers[0].attrs["columns"]]
        self._after_features = embed.layers[1:]
        self._encode = model.layers[0].layers[1]
        self._output = model.layers[1]
        self._rows: Dict[int, int] = {}
        #: The vectors, one row per form; rows past ``len(self._rows)`` are spare room.
        self._vectors = np.zeros((0, 0), dtype="float32")

    @staticmethod
    def supports(model: Model) -> bool:
        return _embed_layers(model) is not None

    def clear(self) -> None:
        self._rows = {}
        self._vectors = np.zeros((0, 0), dtype="float32")

    def predict(self, docs: Sequence[Doc]) -> List[np.ndarray]:
        """The tagger's scores for ``docs``: what ``model.predict(docs)`` gives."""
        return self._output.predict(self._encode.predict(self.embed(docs)))

    def embed(self, docs: Sequence[Doc]) -> List[np.ndarray]:
        """The embedding layer's output for each Doc, read from the cache."""
        features = [doc.to_array(self._columns).reshape(len(doc), len(self._columns)) for doc in docs]
        lengths = [len(f) for f in features]
        table = np.concatenate(features) if features else np.zeros((0, len(self._columns)), np.uint64)
        keys = np.bitwise_xor.reduce(table * _MIX[: table.shape[1]], axis=1, initial=0)
        forms, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if len(self._rows) + len(forms) > self.max_forms:
            self.clear()
        get = self._rows.get
        rows = np.fromiter((get(key, -1) for key in forms.tolist()), dtype=np.int64, count=len(forms))
        new = np.flatnonzero(rows < 0)
        if len(new):
            rows[new] = self._add(forms[new], table[first[new]])
        vectors = self._vectors[rows[inverse.ravel()]]
        return np.split(vectors, np.cumsum(lengths)[:-1])

    def _add(self, keys: np.ndarray, features: np.ndarray) -> np.ndarray:
        # The layers after the feature extractor, on the new forms' attribute ids as one sequence.
        found = [np.ascontiguousarray(features)]
        for layer in self._after_features:
            found = layer.predict(found)
        vectors = np.asarray(found[0], dtype="float32")
        start, end = len(self._rows), len(self._rows) + len(keys)
        if end > len(self._vectors):
            # room doubles, so copying the table costs no more than filling it
            grown = np.zeros((max(end, 2 * len(self._vectors), 1024), vectors.shape[1]), dtype="float32")
            if start:
                grown[:start] = self._vectors[:start]
            self._vectors = grown
        self._vectors[start:end] = vectors
        self._rows.update(zip(keys.tolist(), range(start, end)))
        return np.arange(start, end)
