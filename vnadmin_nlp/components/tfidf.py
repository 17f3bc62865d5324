"""Fast TF-IDF featurization: the matrix scikit-learn's fitted vectorizers give, computed faster.

Used by :class:`~vnadmin_nlp.components.paragraph_classifier.ParagraphClassifier` at
prediction time; training still runs scikit-learn itself.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain, repeat
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np

# scikit-learn's vectorizers analyze every document in Python (the char_wb analyzer makes
# about three n-gram strings per character) and count the n-grams in a dict, one block at a
# time. The classes below compute the same matrix: the same tokens, n-grams, counts, tf,
# idf and l2 norm. For a batch, words are analyzed once per distinct word and n-grams are
# numbers looked up in sorted arrays, for all documents at once (numpy, a sparse product);
# for a single paragraph, plain dicts with per-word caches are cheaper. They replace the
# vectorizers only at prediction; training still runs scikit-learn itself, and a vectorizer
# with settings these classes do not reproduce keeps its own transform (_SklearnBlock).
# tests/test_paragraph_classifier.py holds them to scikit-learn's transform.

#: Entries a word-level cache holds before it is emptied (memory stays flat on long runs).
_MAX_CACHE = 200_000


class _Block:
    """The counts one fitted ``TfidfVectorizer`` makes, and its tf-idf weighting."""

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.vocabulary = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.size = len(self.vocabulary)
        self.lowercase = vectorizer.lowercase
        self.binary = vectorizer.binary
        self.sublinear = vectorizer.sublinear_tf
        self.norm = vectorizer.norm
        self.min_n, self.max_n = vectorizer.ngram_range

    @staticmethod
    def supports(vectorizer) -> bool:
        """Whether the vectorizer's settings are ones this fast path reproduces exactly."""
        return (vectorizer.input == "content" and vectorizer.preprocessor is None
                and vectorizer.tokenizer is None and vectorizer.stop_words is None
                and vectorizer.strip_accents is None and vectorizer.use_idf
                and vectorizer.norm in ("l2", None) and np.dtype(vectorizer.dtype) == np.float64
                and getattr(vectorizer, "idf_", None) is not None
                and 1 <= vectorizer.ngram_range[0] <= vectorizer.ngram_range[1])

    def counts(self, docs: List[str], shared: Optional[dict] = None):
        """``(indptr, indices, counts)`` of the documents' term counts (CSR arrays);
        ``shared``: a per-batch dict where blocks reading the same field share work."""
        raise NotImplementedError

    def clear_cache(self) -> None:
        pass

    def doc_counts(self, doc: str) -> Tuple[np.ndarray, np.ndarray]:
        """Columns and counts of one document's terms (the single-document path)."""
        found = self._word_grams(doc)
        size = len(found)
        columns = np.fromiter(map(self.vocabulary.get, found, repeat(-1, size)), dtype=np.int64, count=size)
        counts = np.fromiter(found.values(), dtype=np.float64, count=size)
        known = columns >= 0
        return columns[known], counts[known]

    def _word_grams(self, doc: str) -> Counter:
        """sklearn's "word" analyzer: ``token_pattern`` tokens of the (lowercased) document,
        then each longer n-gram of them joined by one space, counted."""
        tokens = self.findall(doc.lower() if self.lowercase else doc)
        grams = tokens if self.min_n == 1 else []
        if self.max_n > 1:
            grams = list(grams)
            for n in range(max(self.min_n, 2), min(self.max_n, len(tokens)) + 1):
                grams.extend(map(" ".join, zip(*[tokens[i:] for i in range(n)])))
        return Counter(grams)

    def weights(self, docs: List[str], shared: Optional[dict] = None):
        """``(indptr, indices, data)`` of the tf-idf rows, as the vectorizer's ``transform``."""
        indptr, indices, data = self.counts(docs, shared)
        data = np.array(data, dtype=np.float64)
        if self.binary:
            data[:] = 1.0
        if self.sublinear:
            np.log(data, out=data)
            data += 1.0
        data *= self.idf[indices]
        if self.norm == "l2" and len(data):
            rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(indptr) - 1))
            norms[norms == 0.0] = 1.0  # an all-zero row stays zero, as in sklearn's normalize
            data /= norms[rows]
        return indptr, indices, data


class _SklearnBlock(_Block):
    """Any other vectorizer: its own ``transform`` (correct, not faster)."""

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.size = len(vectorizer.vocabulary_)

    def weights(self, docs: List[str], shared: Optional[dict] = None):
        from scipy.sparse import csr_matrix

        matrix = csr_matrix(self.vectorizer.transform(docs))
        return matrix.indptr, matrix.indices, matrix.data


def code_points(text: str) -> np.ndarray:
    """The code points of ``text``, one per character (as ``len`` counts them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _count_pairs(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int):
    """CSR arrays of how often each (row, column) pair occurs."""
    keys, counts = np.unique(rows * n_columns + columns, return_counts=True)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // n_columns, minlength=n_rows), out=indptr[1:])
    return indptr, keys % n_columns, counts.astype(np.float64)


class _WordBlock(_Block):
    """Word n-grams of ``token_pattern`` tokens (sklearn's "word" analyzer), looked up
    per distinct document: for short fields that repeat over paragraphs (heading, section
    path, cue tokens), which are cached whole."""

    def __init__(self, vectorizer, cache_whole: bool = False):
        super().__init__(vectorizer)
        self.findall = re.compile(vectorizer.token_pattern).findall
        self.cache_whole = cache_whole
        self._cache: Dict[str, Counter] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _word_grams(self, doc: str) -> Counter:
        if not self.cache_whole:
            return super()._word_grams(doc)
        cache = self._cache
        found = cache.get(doc)
        if found is None:
            if len(cache) >= _MAX_CACHE:
                cache.clear()
            found = cache[doc] = super()._word_grams(doc)
        return found

    def counts(self, docs: List[str], shared: Optional[dict] = None):
        counters = [self._word_grams(doc) for doc in docs]
        sizes = np.fromiter(map(len, counters), dtype=np.int64, count=len(counters))
        total = int(sizes.sum())
        # dict.get over every term at C speed; -1 marks a term outside the vocabulary.
        columns = np.fromiter(map(self.vocabulary.get, chain.from_iterable(counters), repeat(-1, total)),
                              dtype=np.int64, count=total)
        counts = np.fromiter(chain.from_iterable(c.values() for c in counters), dtype=np.float64, count=total)
        rows = np.repeat(np.arange(len(counters)), sizes)
        known = columns >= 0
        indptr = np.zeros(len(counters) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows[known], minlength=len(counters)), out=indptr[1:])
        return indptr, columns[known], counts[known]


class _Words:
    """A batch of documents as whitespace-separated words: the distinct words (in order of
    appearance) and, for every word occurrence, the number of its distinct word; shared by
    the blocks that read the same field."""

    def __init__(self, docs: List[str], lowercase: bool):
        split = [(doc.lower() if lowercase else doc).split() for doc in docs]
        self.distinct = list(dict.fromkeys(chain.from_iterable(split)))
        index = dict(zip(self.distinct, range(len(self.distinct))))
        sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        self.indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.indptr[1:])
        self.occurrences = np.fromiter(map(index.__getitem__, chain.from_iterable(split)),
                                       dtype=np.int64, count=int(self.indptr[-1]))


def _words(docs: List[str], lowercase: bool, shared: Optional[dict]) -> _Words:
    if shared is None:
        return _Words(docs, lowercase)
    key = (id(docs), lowercase)
    if key not in shared:
        shared[key] = _Words(docs, lowercase)
    return shared[key]


class _TokenBlock(_Block):
    """Word n-grams of sklearn's default tokens (runs of two or more word characters),
    for long fields (the paragraph text, its opening).

    Tokens never span whitespace, so the tokens of a text are those of its
    whitespace-separated words in order: each distinct word is tokenized once (cached), as
    numbers (the index of the token among the vocabulary's tokens, -1 for a token that no
    vocabulary entry contains). An n-gram is then a number too (its tokens' numbers in
    base "number of tokens"), looked up in the sorted numbers of the vocabulary's n-grams,
    for the whole batch at once."""

    DEFAULT_PATTERN = r"(?u)\b\w\w+\b"

    def __init__(self, vectorizer):
        super().__init__(vectorizer)
        self.findall = re.compile(vectorizer.token_pattern).findall
        self.tokens: Dict[str, int] = {}
        by_n: Dict[int, Tuple[list, list]] = {}
        for term, column in self.vocabulary.items():
            # Default tokens hold no space: an n-gram splits back into its n tokens.
            parts = term.split(" ")
            numbers, columns = by_n.setdefault(len(parts), ([], []))
            numbers.append([self.tokens.setdefault(part, len(self.tokens)) for part in parts])
            columns.append(column)
        self.base = max(1, len(self.tokens))
        # n-gram numbers must fit in int64 (else the plain per-document path is used).
        self.usable = float(self.base) ** max(by_n, default=1) < 2.0 ** 62
        self.unigrams = np.full(self.base, -1, dtype=np.int64)
        self.lookup: Dict[int, Tuple[np.ndarray, np.ndarray]] = {}
        for n, (numbers, columns) in by_n.items():
            numbers = np.array(numbers, dtype=np.int64).reshape(len(numbers), n)
            columns = np.array(columns, dtype=np.int64)
            if n == 1:
                self.unigrams[numbers[:, 0]] = columns
                continue
            keys = np.zeros(len(numbers), dtype=np.int64)
            for k in range(n):
                keys = keys * self.base + numbers[:, k]
            order = np.argsort(keys)
            self.lookup[n] = (keys[order], columns[order])
        self._chunks: Dict[str, List[int]] = {}

    @classmethod
    def supports(cls, vectorizer) -> bool:
        return vectorizer.analyzer == "word" and vectorizer.token_pattern == cls.DEFAULT_PATTERN

    def clear_cache(self) -> None:
        self._chunks.clear()

    def counts(self, docs: List[str], shared: Optional[dict] = None):
        words = _words(docs, self.lowercase, shared)
        chunks = self._chunks
        if len(chunks) >= _MAX_CACHE:
            chunks.clear()
        token_number = self.tokens.get
        findall = self.findall
        for word in words.distinct:
            if word not in chunks:
                # A word of word characters only (str.isalnum is re's \w, less "_") is one
                # token when it has two or more characters; anything else goes to the regex.
                if word.isalnum():
                    chunks[word] = [token_number(word, -1)] if len(word) > 1 else []
                else:
                    chunks[word] = [token_number(token, -1) for token in findall(word)]
        per_word = [chunks[word] for word in words.distinct]
        word_sizes = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
        word_starts = np.zeros(len(per_word) + 1, dtype=np.int64)
        np.cumsum(word_sizes, out=word_starts[1:])
        flat = np.fromiter(chain.from_iterable(per_word), dtype=np.int64, count=int(word_starts[-1]))
        # The documents' token sequences: each word occurrence's run of tokens, in order.
        occurrences = words.occurrences
        sizes = word_sizes[occurrences]
        total = int(sizes.sum())
        run_start = np.repeat(word_starts[occurrences] - (np.cumsum(sizes) - sizes), sizes)
        tokens = flat[run_start + np.arange(total)]
        doc_of_occurrence = np.repeat(np.arange(len(docs)), np.diff(words.indptr))
        owner = np.repeat(doc_of_occurrence, sizes)
        rows, columns = [], []
        if self.min_n == 1:
            known = np.nonzero(tokens >= 0)[0]
            found = self.unigrams[tokens[known]]
            hit = found >= 0
            rows.append(owner[known[hit]])
            columns.append(found[hit])
        # unknown[i]: how many unknown tokens precede position i (an n-gram holding one is
        # in no vocabulary entry).
        unknown = np.zeros(total + 1, dtype=np.int64)
        np.cumsum(tokens < 0, out=unknown[1:])
        for n in range(max(self.min_n, 2), self.max_n + 1):
            count = total - n + 1
            if count <= 0 or n not in self.lookup:
                continue
            valid = (unknown[n:n + count] == unknown[:count]) & (owner[:count] == owner[n - 1:n - 1 + count])
            start = np.nonzero(valid)[0]
            keys = tokens[start]
            for k in range(1, n):
                keys = keys * self.base + tokens[start + k]
            known_keys, known_columns = self.lookup[n]
            where = np.minimum(np.searchsorted(known_keys, keys), len(known_keys) - 1)
            hit = known_keys[where] == keys
            rows.append(owner[start[hit]])
            columns.append(known_columns[where[hit]])
        if not rows:
            return np.zeros(len(docs) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        return _count_pairs(np.concatenate(rows), np.concatenate(columns), len(docs), self.size)


class _CharWbBlock(_Block):
    """Character n-grams inside words padded with a space (sklearn's "char_wb" analyzer).

    The analyzer treats each whitespace-separated word on its own, so a document's counts
    are the sum of its words' counts: one sparse product (documents x distinct words, a
    repeated word as repeated entries, which add up) @ (distinct words x n-grams). The
    n-grams of the batch's distinct words are found at once in numpy: the padded words are
    joined by a separator, each character becomes its index in the vocabulary's alphabet (0
    for any other character, the separator included), and each window of n characters
    becomes a number in base "alphabet size + 1", looked up in the sorted numbers of the
    vocabulary's n-grams; a window holding a 0 is in no entry."""

    SEPARATOR = "\n"

    def __init__(self, vectorizer):
        super().__init__(vectorizer)
        alphabet = sorted(set("".join(self.vocabulary)))
        self.base = len(alphabet) + 1
        self.table = np.zeros(max(map(ord, alphabet), default=0) + 1, dtype=np.int64)
        self.table[[ord(c) for c in alphabet]] = np.arange(1, len(alphabet) + 1)
        digit = {c: i for i, c in enumerate(alphabet, 1)}
        keys = []
        for term in self.vocabulary:
            key = 0
            for char in term:
                key = key * self.base + digit[char]
            keys.append(key)
        # Leading digits are never 0, so n-grams of different lengths get different numbers.
        keys = np.array(keys, dtype=np.int64)
        order = np.argsort(keys)
        self.keys = keys[order]
        self.columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(keys))[order]
        self._word_columns: Dict[str, List[int]] = {}

    @classmethod
    def supports(cls, vectorizer) -> bool:
        alphabet = set("".join(vectorizer.vocabulary_))
        return (vectorizer.analyzer == "char_wb" and cls.SEPARATOR not in alphabet
                and float(len(alphabet) + 1) ** max(vectorizer.ngram_range[1],
                                                    max(map(len, vectorizer.vocabulary_), default=0)) < 2.0 ** 62)

    def clear_cache(self) -> None:
        self._word_columns.clear()

    def doc_counts(self, doc: str) -> Tuple[np.ndarray, np.ndarray]:
        # One document: each distinct word's n-gram columns (repeats kept) are cached, and
        # the document's counts are those of its words' columns together.
        words = (doc.lower() if self.lowercase else doc).split()
        cache = self._word_columns
        if len(cache) >= _MAX_CACHE:
            cache.clear()
        for word in words:
            if word not in cache:
                cache[word] = self._columns_of(word)
        found = Counter(chain.from_iterable(map(cache.__getitem__, words)))
        size = len(found)
        return (np.fromiter(found, dtype=np.int64, count=size),
                np.fromiter(found.values(), dtype=np.float64, count=size))

    def _columns_of(self, word: str) -> List[int]:
        """The in-vocabulary n-gram columns of one word, repeats kept: sklearn's
        ``_char_wb_ngrams`` for that word, in plain Python (cheaper than arrays for one)."""
        padded = " " + word + " "
        length = len(padded)
        grams = [padded[i:i + n] for n in range(self.min_n, min(self.max_n, length - 1) + 1)
                 for i in range(length - n + 1)]
        if self.max_n >= length:
            grams.append(padded)  # once some n reaches the padded length: the whole word, once
        get = self.vocabulary.get
        return [column for column in map(get, grams) if column is not None]

    def counts(self, docs: List[str], shared: Optional[dict] = None):
        from scipy.sparse import csr_matrix

        words = _words(docs, self.lowercase, shared)
        n_words = len(words.distinct)
        by_doc = csr_matrix((np.ones(len(words.occurrences)), words.occurrences, words.indptr),
                            shape=(len(docs), n_words))
        rows, columns = self._word_ngrams(words.distinct)
        # CSR by word directly (a stable sort by row), cheaper than scipy's COO conversion.
        word_indptr = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_words), out=word_indptr[1:])
        by_word = csr_matrix((np.ones(len(rows)), columns[np.argsort(rows, kind="stable")], word_indptr),
                             shape=(n_words, self.size))
        # Integer counts summed in float64: exact.
        product = by_doc @ by_word
        return product.indptr, product.indices, product.data

    def _word_ngrams(self, words: List[str]) -> Tuple[np.ndarray, np.ndarray]:
        """(word, column) of every in-vocabulary n-gram occurrence of each word."""
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        joined = " " + (" " + self.SEPARATOR + " ").join(words) + " "
        points = code_points(joined)
        table = self.table
        digits = np.where(points < len(table), table[np.minimum(points, len(table) - 1)], 0)
        padded = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        owner = np.repeat(np.arange(len(words)), padded + 1)[:len(points)]
        zeros = np.zeros(len(points) + 1, dtype=np.int64)
        np.cumsum(digits == 0, out=zeros[1:])
        rows, columns = [], []
        # sklearn's _char_wb_ngrams: every window of each n shorter than the padded word,
        # and once n reaches its length, the whole padded word once: for n = length that
        # is the single window, and longer n have none. A word shorter than min_n gets
        # its whole padded form (below).
        for n in range(self.min_n, self.max_n + 1):
            count = len(points) - n + 1
            if count <= 0:
                break
            start = np.nonzero(zeros[n:n + count] == zeros[:count])[0]
            keys = digits[start]
            for k in range(1, n):
                keys = keys * self.base + digits[start + k]
            self._hits(keys, owner[start], rows, columns)
        short = np.nonzero(padded < self.min_n)[0]
        if len(short):
            found = [(int(k), self.vocabulary.get(" " + words[k] + " ")) for k in short]
            found = [(k, c) for k, c in found if c is not None]
            rows.append(np.array([k for k, _ in found], dtype=np.int64))
            columns.append(np.array([c for _, c in found], dtype=np.int64))
        return np.concatenate(rows), np.concatenate(columns)

    def _hits(self, keys, owners, rows, columns) -> None:
        where = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        hit = self.keys[where] == keys
        rows.append(owners[hit])
        columns.append(self.columns[where[hit]])


class FastFeatures:
    """The classifier's feature matrix for a batch of paragraphs, equal to
    ``ParagraphClassifier._matrix`` (hstack of the vectorizers' transforms).
    ``field_of`` maps a vectorizer's name to the feature view (field) it reads."""

    #: Fields that repeat over a document's paragraphs and are cached whole.
    CACHED_FIELDS = ("heading", "section", "cues")

    def __init__(self, vectorizers: Dict[str, object], field_of: Callable[[str], str]):
        self.blocks = []
        for name, vectorizer in vectorizers.items():
            field = field_of(name)
            if not _Block.supports(vectorizer):
                block = _SklearnBlock(vectorizer)
            elif _CharWbBlock.supports(vectorizer):
                block = _CharWbBlock(vectorizer)
            elif (field not in self.CACHED_FIELDS and _TokenBlock.supports(vectorizer)
                  and (block := _TokenBlock(vectorizer)).usable):
                pass
            elif vectorizer.analyzer == "word" and re.compile(vectorizer.token_pattern).groups == 0:
                block = _WordBlock(vectorizer, cache_whole=field in self.CACHED_FIELDS)
            else:
                block = _SklearnBlock(vectorizer)
            self.blocks.append((field, block))
        self.n_features = sum(block.size for _, block in self.blocks)
        # For the single-document path: every block's settings, per column or per block.
        self.single = not any(isinstance(block, _SklearnBlock) for _, block in self.blocks)
        if self.single:
            self.offsets = np.cumsum([0] + [block.size for _, block in self.blocks])[:-1].tolist()
            self.idf = np.concatenate([block.idf for _, block in self.blocks])
            self.binary = np.array([block.binary for _, block in self.blocks])
            self.sublinear = np.array([block.sublinear for _, block in self.blocks])
            self.l2 = np.array([block.norm == "l2" for _, block in self.blocks])

    def clear_cache(self) -> None:
        for _, block in self.blocks:
            block.clear_cache()

    def row(self, feat: Dict[str, str]) -> Tuple[np.ndarray, np.ndarray]:
        """``(columns, values)`` of one paragraph's feature row: the row ``matrix`` gives,
        computed with plain dicts instead of whole-batch arrays (cheaper for one document)."""
        columns, counts, sizes = [], [], []
        for (field, block), offset in zip(self.blocks, self.offsets):
            block_columns, block_counts = block.doc_counts(feat[field])
            columns.append(block_columns + offset)
            counts.append(block_counts)
            sizes.append(len(block_columns))
        columns = np.concatenate(columns)
        data = np.concatenate(counts)
        block_of = np.repeat(np.arange(len(sizes)), sizes)
        data[self.binary[block_of]] = 1.0
        sublinear = self.sublinear[block_of]
        data[sublinear] = np.log(data[sublinear]) + 1.0
        data *= self.idf[columns]
        norms = np.sqrt(np.bincount(block_of, weights=data * data, minlength=len(sizes)))
        norms[(norms == 0.0) | ~self.l2] = 1.0
        data /= norms[block_of]
        return columns, data

    def matrix(self, feats: List[Dict[str, str]]):
        """The CSR feature matrix of the paragraphs' feature views."""
        from scipy.sparse import csr_matrix

        n_docs = len(feats)
        parts = []
        offset = 0
        row_lengths = np.zeros(n_docs, dtype=np.int64)
        columns: Dict[str, List[str]] = {}
        shared: dict = {}
        for field, block in self.blocks:
            if field not in columns:
                columns[field] = [f[field] for f in feats]
            indptr, indices, data = block.weights(columns[field], shared)
            parts.append((offset, np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64),
                          np.asarray(data, dtype=np.float64)))
            row_lengths += np.diff(parts[-1][1])
            offset += block.size
        # Interleave the blocks row by row: row r holds block 0's entries of r, then block 1's ...
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(row_lengths, out=indptr[1:])
        total = int(indptr[-1])
        all_indices = np.empty(total, dtype=np.int64)
        all_data = np.empty(total, dtype=np.float64)
        filled = indptr[:-1].copy()
        for offset, block_indptr, indices, data in parts:
            lengths = np.diff(block_indptr)
            rows = np.repeat(np.arange(n_docs), lengths)
            within = np.arange(len(indices)) - block_indptr[:-1][rows]
            where = filled[rows] + within
            all_indices[where] = indices + offset
            all_data[where] = data
            filled += lengths
        return csr_matrix((all_data, all_indices, indptr), shape=(n_docs, self.n_features))


