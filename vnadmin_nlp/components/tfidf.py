"""TF-IDF featurization of fitted vectorizers, with the analysis cached per word.

Why not scikit-learn's ``transform`` at prediction: its char_wb analyzer builds every
n-gram string of every word again for each paragraph, in Python, and importing
scikit-learn costs about a second of start-up. Words repeat over a folder, so this module
analyzes each distinct word once (the same n-grams as scikit-learn's analyzers), keeps the
vocabulary columns it hits, and computes tf, idf and the l2 norm for a whole batch in numpy.
The result is scikit-learn's matrix (tests/test_paragraph_classifier.py compares them);
The classifier's ``fast_tfidf = false`` runs scikit-learn's ``transform`` instead (see
``ParagraphClassifier`` for the measured gain).
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Dict, List, Sequence

import numpy as np

#: Distinct words (or texts) a block remembers before it forgets them all (memory stays flat).
_MAX_CACHE = 200_000
#: Texts of a word-analyzer block up to this length are remembered whole (see _unit_hits).
_SHORT_TEXT = 160


class FittedTfidf:
    """A fitted ``TfidfVectorizer`` as a saved pipeline holds it (settings, vocabulary, idf),
    without importing scikit-learn; :meth:`to_sklearn` gives the real vectorizer, made once."""

    #: ``TfidfVectorizer().get_params()`` of scikit-learn 1.x (tests/test_load_once.py checks).
    DEFAULTS = {
        "analyzer": "word", "binary": False, "decode_error": "strict", "dtype": np.float64,
        "encoding": "utf-8", "input": "content", "lowercase": True, "max_df": 1.0, "max_features": None,
        "min_df": 1, "ngram_range": (1, 1), "norm": "l2", "preprocessor": None, "smooth_idf": True,
        "stop_words": None, "strip_accents": None, "sublinear_tf": False,
        "token_pattern": r"(?u)\b\w\w+\b", "tokenizer": None, "use_idf": True, "vocabulary": None,
    }

    def __init__(self, settings: dict, vocabulary: Dict[str, int], idf: np.ndarray):
        unknown = set(settings) - set(self.DEFAULTS)
        if unknown:
            raise TypeError(f"not a TfidfVectorizer setting: {sorted(unknown)}")
        self.settings = dict(settings)
        vars(self).update(self.DEFAULTS, **self.settings)
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self._sklearn = None

    def to_sklearn(self):
        """The scikit-learn vectorizer with these settings, vocabulary and idf (made once)."""
        if self._sklearn is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vectorizer = TfidfVectorizer(**self.settings)
            vectorizer.vocabulary_ = self.vocabulary_
            vectorizer.idf_ = self.idf_
            self._sklearn = vectorizer
        return self._sklearn

    def transform(self, docs):
        return self.to_sklearn().transform(docs)


class CachedTfidf:
    """The transform of one fitted vectorizer (word or char_wb analyzer, no preprocessor,
    tokenizer or stop words: :meth:`supports`), as (rows, columns, values) of a batch."""

    def __init__(self, vectorizer):
        self.vocabulary: Dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.size = len(self.idf)
        self.lowercase = vectorizer.lowercase
        self.binary, self.sublinear = vectorizer.binary, vectorizer.sublinear_tf
        self.l2 = vectorizer.norm == "l2"
        self.min_n, self.max_n = vectorizer.ngram_range
        self.char_wb = vectorizer.analyzer == "char_wb"
        self.token_re = None if self.char_wb else re.compile(vectorizer.token_pattern)
        #: word (char_wb) or whole text (word analyzer) -> the columns its n-grams hit.
        self._columns: Dict[str, tuple] = {}

    @staticmethod
    def supports(vectorizer) -> bool:
        return (vectorizer.analyzer in ("word", "char_wb") and vectorizer.preprocessor is None
                and vectorizer.tokenizer is None and vectorizer.stop_words is None
                and vectorizer.strip_accents is None and vectorizer.norm in ("l2", None)
                and vectorizer.use_idf
                and (vectorizer.analyzer == "char_wb" or re.compile(vectorizer.token_pattern).groups <= 1))

    def clear_cache(self) -> None:
        self._columns.clear()

    def _ngrams(self, items: Sequence[str], join: str) -> List[str]:
        # scikit-learn's _word_ngrams and _char_wb_ngrams: n-grams for n in min_n..max_n,
        # a unit shorter than n giving one (short) n-gram in the char_wb case.
        grams = list(items) if self.min_n == 1 and not self.char_wb else []
        for n in range(max(self.min_n, 1 if self.char_wb else 2), self.max_n + 1):
            if self.char_wb:
                grams.extend(items[i:i + n] for i in range(max(len(items) - n + 1, 1)))
                if len(items) <= n:
                    break
            else:
                grams.extend(map(join.join, zip(*[items[k:] for k in range(n)])))
        return grams

    def _hits(self, unit: str) -> tuple:
        """The vocabulary columns of a unit's n-grams, with repeats."""
        grams = (self._ngrams(" " + unit + " ", "") if self.char_wb
                 else self._ngrams(self.token_re.findall(unit), " "))
        return tuple([column for column in map(self.vocabulary.get, grams) if column is not None])

    def _units(self, docs: List[str]):
        """The units analyzed on their own, with the row of the document each comes from:
        words for char_wb (its n-grams never cross a word), whole texts for word n-grams."""
        if self.lowercase:
            docs = [doc.lower() for doc in docs]
        if not self.char_wb:
            return docs, np.arange(len(docs), dtype=np.int64)
        words = [doc.split() for doc in docs]
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(docs))
        return list(chain.from_iterable(words)), np.repeat(np.arange(len(docs), dtype=np.int64), lengths)

    def _unit_hits(self, unit: str) -> tuple:
        if not self.char_wb and len(unit) > _SHORT_TEXT:
            return self._hits(unit)  # a paragraph's body rarely repeats: not remembered
        # Words, and short texts (headings, section paths, cue strings: they repeat over a
        # document's paragraphs), are remembered.
        hits = self._columns.get(unit)
        if hits is None:
            if len(self._columns) >= _MAX_CACHE:
                self._columns.clear()
            hits = self._columns[unit] = self._hits(unit)
        return hits

    def weights(self, docs: List[str]):
        """``(rows, columns, values)`` of the TF-IDF matrix of ``docs``, row-sorted."""
        units, unit_rows = self._units(docs)
        # Each distinct unit is analyzed (or looked up) once per batch; its columns are then
        # spread over its occurrences in numpy.
        distinct = list(dict.fromkeys(units))  # in order of first occurrence
        index = dict(zip(distinct, range(len(distinct))))
        ids = np.fromiter(map(index.__getitem__, units), dtype=np.int64, count=len(units))
        hits = [self._unit_hits(unit) for unit in distinct]
        sizes = np.fromiter(map(len, hits), dtype=np.int64, count=len(hits))
        firsts = np.cumsum(sizes) - sizes
        # The (row, column) keys in 32 bits where they fit: the char_wb block spreads millions
        # of them, and np.unique sorts 32-bit keys in half the time.
        key_type = np.int32 if len(docs) * self.size < 2 ** 31 else np.int64
        flat = np.fromiter(chain.from_iterable(hits), dtype=key_type, count=int(sizes.sum()))
        spread = sizes[ids]
        rows = np.repeat(unit_rows.astype(key_type), spread)
        offsets = np.arange(int(spread.sum()), dtype=np.int64) - np.repeat(np.cumsum(spread) - spread, spread)
        columns = flat[np.repeat(firsts[ids], spread) + offsets]
        keys, counts = np.unique(rows * key_type(self.size) + columns, return_counts=True)
        rows, columns = np.divmod(keys.astype(np.int64), self.size)
        values = np.ones(len(keys)) if self.binary else counts.astype(np.float64)
        if self.sublinear and not self.binary:
            values = np.log(values) + 1.0
        values *= self.idf[columns]
        if self.l2:
            norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(docs)))
            values /= norms[rows]
        return rows, columns, values


def decision(blocks: List[CachedTfidf], fields: List[List[str]], coef_t: np.ndarray) -> np.ndarray:
    """``X @ coef_t`` for the hstack X of the blocks' matrices over their fields' texts."""
    from scipy.sparse import csr_matrix  # scikit-learn's own dependency: 0.05 s to import

    n_docs = len(fields[0]) if fields else 0
    out = np.zeros((n_docs, coef_t.shape[1]))
    offset = 0
    for block, docs in zip(blocks, fields):
        rows, columns, values = block.weights(docs)
        # Sparse times dense: no (entries x labels) array in between; 15% faster than spreading
        # the weights over the entries in numpy, on the benchmark's batches.
        out += csr_matrix((values, (rows, columns)), shape=(n_docs, block.size)) @ coef_t[offset:offset + block.size]
        offset += block.size
    return out
