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
# idf and l2 norm. For a batch, the documents are joined into one array of code points and
# analyzed in numpy: tokens and words are runs of character classes, a token or an n-gram
# is a number (its characters' digits in the vocabulary's alphabet, see _Alphabet), looked
# up in a hash table of the vocabulary's numbers (_IntTable), for all documents at once; the
# counts per (document, column) come from one sort or one sparse product. Small batches (and
# single paragraphs) are cheaper in plain Python dicts, with per-word caches. The linear
# model's decision function is summed block by block (FastFeatures.decision) without
# building the whole matrix. They replace the vectorizers only at prediction; training still
# runs scikit-learn itself, and a vectorizer with settings these classes do not reproduce
# keeps its own transform (_SklearnBlock). tests/test_paragraph_classifier.py holds every
# path to scikit-learn's transform.

#: Entries a word-level cache holds before it is emptied (memory stays flat on long runs).
_MAX_CACHE = 200_000
#: Numbers built from characters or tokens stay below this (exact in int64, with room).
_KEY_LIMIT = 2.0 ** 62

# ---------------------------------------------------------------- character classes
#: Bits of a code point's class: 0 means "not classified yet"; KNOWN is set once it is.
KNOWN, ALPHA, UPPER, SPACE, WORD, DECIMAL = 1, 2, 4, 8, 16, 32
#: Class of each code point classified so far (grown on demand; a pure function of the code
#: point, emptied only by :func:`clear_char_classes` for cold timings).
_CLASSES = np.zeros(0, dtype=np.uint8)


def _classify(char: str) -> int:
    # The str predicates that Python's re uses for its Unicode classes: \s is str.isspace (the
    # whitespace str.split splits on), \w is str.isalnum or "_", \d is str.isdecimal
    # (tests/test_paragraph_classifier.py checks the equivalence on every code point).
    alpha = char.isalpha()
    return (KNOWN | ALPHA * alpha | UPPER * (alpha and char.isupper()) | SPACE * char.isspace()
            | WORD * (char.isalnum() or char == "_") | DECIMAL * char.isdecimal())


def char_classes(points: np.ndarray) -> np.ndarray:
    """The class bits (``ALPHA``, ``UPPER`` (an upper-case letter), ``SPACE``, ``WORD`` (re's
    ``\\w``), ``DECIMAL`` (re's ``\\d``)) of each code point (int64), by ``str``'s own predicates."""
    global _CLASSES
    table = _CLASSES
    top = int(points.max()) + 1 if len(points) else 0
    if top > len(table):
        grown = np.zeros(min(0x110000, max(top, 2 * len(table))), dtype=np.uint8)
        grown[:len(table)] = table
        table = _CLASSES = grown
    classes = table.take(points)
    if not classes.all():
        # Each new code point once (a presence table, cheaper than sorting the text).
        present = np.zeros(top, dtype=bool)
        present[points] = True
        for code in np.flatnonzero(present & (table[:top] == 0)).tolist():
            table[code] = _classify(chr(code))
        classes = table.take(points)
    return classes


def clear_char_classes() -> None:
    """Forget the classified code points (for cold timings)."""
    global _CLASSES
    _CLASSES = np.zeros(0, dtype=np.uint8)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text``, one per character (as ``len`` counts them), as int64
    (numpy indexes with int64 several times faster than with uint32)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _runs(mask: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the maximal runs of True in ``mask``."""
    step = np.diff(mask.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(step == 1), np.flatnonzero(step == -1)


def _distinct(keys: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``(first, inverse)``: the position of one occurrence of each distinct key, and for each
    key the index of its own among them. A few thousand keys are sorted; more are hashed
    (sorting int64 costs about 20 ns a key here, and grows; hashing, a fixed few hundred
    microseconds, then less)."""
    n = len(keys)
    if n < 5000:
        order = np.argsort(keys, kind="stable")
        new = np.ones(n, dtype=bool)
        np.not_equal(keys.take(order[1:]), keys.take(order[:-1]), out=new[1:])
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.cumsum(new) - 1
        return order[new], inverse
    bits = max(4, (2 * n).bit_length())
    mask = (1 << bits) - 1
    table = np.full(1 << bits, -1, dtype=np.int64)  # the position of the key held in each slot
    slots = _hash(keys, bits)
    owner = np.empty(n, dtype=np.int64)
    pending = np.arange(n)
    while len(pending):
        # Keys meeting an empty slot claim it (one of them wins); then every key compares
        # with the slot's key: the same key is found, another one probes the next slot.
        empty = np.flatnonzero(table.take(slots) < 0)
        table[slots.take(empty)] = pending.take(empty)
        held = table.take(slots)
        same = keys.take(held) == keys.take(pending)
        found = np.flatnonzero(same)
        owner[pending.take(found)] = held.take(found)
        going = np.flatnonzero(~same)
        pending, slots = pending.take(going), (slots.take(going) + 1) & mask
    first = np.flatnonzero(owner == np.arange(n))
    index = np.empty(n, dtype=np.int64)
    index[first] = np.arange(len(first))
    return first, index.take(owner)


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing


def _hash(keys: np.ndarray, bits: int) -> np.ndarray:
    return ((keys.astype(np.uint64) * _MULTIPLIER) >> np.uint64(64 - bits)).astype(np.int64)


class _Alphabet:
    """The characters of a vocabulary as digits 1..size, any other character as the digit
    ``unknown`` (size + 1), so that a string is a number in an odd base above both (leading
    digit never 0: strings of different lengths are different numbers; a string holding an
    unknown character is the number of no vocabulary string).

    The number of any range of a digit array comes from one prefix sum (``prefix``): with
    ``q[i] = sum(d[j] * base**-j for j < i)`` modulo 2**64 (an odd base is invertible),
    ``number(d[s:e]) = (q[e] - q[s]) * base**(e - 1)`` modulo 2**64, which is the number
    itself when it is below 2**64."""

    def __init__(self, chars):
        chars = sorted(set(chars))
        self.unknown = len(chars) + 1
        self.base = len(chars) + 3 - len(chars) % 2  # odd, above every digit
        self.digit = {c: i for i, c in enumerate(chars, 1)}
        self.table = np.full(max(map(ord, chars), default=0) + 2, self.unknown, dtype=np.int64)
        self.table[[ord(c) for c in chars]] = np.arange(1, len(chars) + 1)
        self._powers = np.ones(1, dtype=np.uint64)
        self._inverses = np.ones(1, dtype=np.uint64)

    def number(self, text: str) -> int:
        key = 0
        for char in text:
            key = key * self.base + self.digit[char]
        return key

    def digits(self, points: np.ndarray) -> np.ndarray:
        # The table's last entry is unknown: every code point past the alphabet lands there.
        return self.table.take(np.minimum(points, len(self.table) - 1))

    def longest(self) -> int:
        """The most digits a number may have and stay below ``_KEY_LIMIT``."""
        length = 0
        while float(self.base) ** (length + 1) < _KEY_LIMIT:
            length += 1
        return length

    #: Powers kept between batches (a table of the model's constants): up to this many.
    KEPT_POWERS = 1 << 20

    def powers(self, size: int) -> Tuple[np.ndarray, np.ndarray]:
        """``base**i`` and ``base**-i`` modulo 2**64 for i below (at least) ``size``, uint64."""
        if len(self._powers) >= size:
            return self._powers, self._inverses
        grown = max(size, min(2 * len(self._powers), self.KEPT_POWERS))
        powers = np.full(grown, self.base, dtype=np.uint64)
        powers[0] = 1
        np.cumprod(powers, out=powers)  # wraps modulo 2**64
        inverses = np.full(grown, pow(self.base, -1, 2 ** 64), dtype=np.uint64)
        inverses[0] = 1
        np.cumprod(inverses, out=inverses)
        if grown <= self.KEPT_POWERS:  # a huge batch's do not stay in memory
            self._powers, self._inverses = powers, inverses
        return powers, inverses

    def prefix(self, digits: np.ndarray) -> np.ndarray:
        """``q`` (see the class docstring), of length ``len(digits) + 1``."""
        _, inverses = self.powers(len(digits) + 1)
        q = np.zeros(len(digits) + 1, dtype=np.uint64)
        np.cumsum(digits.astype(np.uint64) * inverses[:len(digits)], out=q[1:])
        return q

    def numbers(self, prefix: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The number of each range of the digits ``prefix`` was made from, modulo 2**64 (as
        int64: the number itself where it is below 2**63)."""
        powers, _ = self.powers(int(ends.max()) if len(ends) else 0)
        return ((prefix.take(ends) - prefix.take(starts)) * powers.take(ends - 1)).view(np.int64)


class _IntTable:
    """A hash table from distinct non-negative int64 keys to non-negative int64 values, looked
    up for a whole array at once. Cuckoo hashing: every key sits in one of its two slots, so
    a look-up is two gathers and a few comparisons, a fixed handful of numpy calls whatever
    the batch (a binary search costs about 14 steps a key; linear probing, a loop of rounds)."""

    EMPTY = -1
    MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                   0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)

    def __init__(self, keys, values):
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values, dtype=np.int64)
        # At most about 40% full: cuckoo insertion then succeeds (else: other hash functions,
        # then ever larger tables).
        bits = max(4, int(2.5 * len(keys)).bit_length())
        for attempt in range(30):
            first, second = self.MULTIPLIERS[(2 * attempt) % 6], self.MULTIPLIERS[(2 * attempt + 1) % 6]
            if self._build(keys, values, bits + attempt // 3, first, second):
                return
        raise ValueError("no cuckoo table found for these keys")  # pragma: no cover - never seen

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        """Each key's two slots, as two rows."""
        return ((keys.astype(np.uint64) * self.multipliers) >> self.shift).astype(np.int64)

    def _build(self, keys, values, bits, first, second) -> bool:
        self.bits = bits
        self.multipliers = np.array([[first], [second]], dtype=np.uint64)
        self.shift = np.uint64(64 - bits)
        size = 1 << bits
        table_keys, table_values = [self.EMPTY] * size, [-1] * size
        one, two = self._slots(keys).tolist()
        home = {}  # key -> its two slots
        for key, value, a, b in zip(keys.tolist(), values.tolist(), one, two):
            home[key] = (a, b)
            slot = a
            for _ in range(64):
                if table_keys[slot] == self.EMPTY:
                    table_keys[slot], table_values[slot] = key, value
                    break
                # Evict the occupant to its other slot.
                table_keys[slot], key = key, table_keys[slot]
                table_values[slot], value = value, table_values[slot]
                a, b = home[key]
                slot = b if slot == a else a
            else:
                return False
        self.keys = np.array(table_keys, dtype=np.int64)
        self.values = np.array(table_values, dtype=np.int64)
        return True

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 for a key not in the table."""
        keys = np.asarray(keys, dtype=np.int64)
        slots = self._slots(keys)
        # A key sits in at most one of its slots: the matching slot's value, else -1.
        hit = self.keys.take(slots) == keys
        values = self.values.take(slots)
        return np.where(hit[0], values[0], np.where(hit[1], values[1], -1))


class _Text:
    """A batch of documents (lowercased when the blocks lowercase) joined by a newline into
    one array of code points, with its whitespace-separated words and its tokens (runs of
    two or more word characters) as position ranges; shared by the blocks that read the
    same field. The newline is whitespace and no word character: no word or token spans two
    documents."""

    def __init__(self, docs: List[str], lowercase: bool):
        if lowercase:
            docs = [doc.lower() for doc in docs]
        self.n_docs = len(docs)
        self.points = code_points("\n".join(docs))
        sizes = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs)) + 1
        self.doc_starts = np.cumsum(sizes) - sizes
        self.classes = char_classes(self.points)
        self._words: Optional[tuple] = None
        self._tokens: Optional[tuple] = None
        self._digits: Dict[int, Tuple[np.ndarray, np.ndarray]] = {}
        self._token_numbers: Dict[int, np.ndarray] = {}

    def digits(self, alphabet: "_Alphabet") -> Tuple[np.ndarray, np.ndarray]:
        """The digits of the text in ``alphabet``, and their prefix sum (``_Alphabet.prefix``);
        made once per alphabet (blocks built on one alphabet share them)."""
        found = self._digits.get(id(alphabet))
        if found is None:
            digits = alphabet.digits(self.points)
            found = self._digits[id(alphabet)] = (digits, alphabet.prefix(digits))
        return found

    def token_numbers(self, alphabet: "_Alphabet") -> np.ndarray:
        """The number of each token (``tokens``) in ``alphabet``, modulo 2**64."""
        found = self._token_numbers.get(id(alphabet))
        if found is None:
            starts, ends, _, _ = self.tokens()
            found = self._token_numbers[id(alphabet)] = alphabet.numbers(self.digits(alphabet)[1], starts, ends)
        return found

    def first_words_end(self, count: int) -> np.ndarray:
        """Per document: where its first ``count`` words end (its start when it has none)."""
        _, ends, _, indptr = self.words()
        held = np.minimum(np.diff(indptr), count)
        if not len(ends):
            return self.doc_starts
        return np.where(held > 0, ends.take(np.maximum(indptr[:-1] + held - 1, 0)), self.doc_starts)

    def _ranges(self, mask: np.ndarray, shortest: int) -> tuple:
        starts, ends = _runs(mask)
        if shortest > 1:
            keep = np.flatnonzero(ends - starts >= shortest)
            starts, ends = starts.take(keep), ends.take(keep)
        # Ranges are in order: a document's are those from the first at or after its start.
        indptr = np.append(np.searchsorted(starts, self.doc_starts), len(starts))
        owner = np.repeat(np.arange(self.n_docs), np.diff(indptr))
        return starts, ends, owner, indptr

    def words(self) -> tuple:
        """``(starts, ends, document, indptr)`` of the words (``str.split``'s), in order;
        ``indptr``: where each document's words begin."""
        if self._words is None:
            self._words = self._ranges((self.classes & SPACE) == 0, 1)
        return self._words

    def tokens(self) -> tuple:
        """``(starts, ends, document, indptr)`` of the matches of ``(?u)\\b\\w\\w+\\b``, in
        order: the maximal runs of word characters that hold two or more."""
        if self._tokens is None:
            self._tokens = self._ranges((self.classes & WORD) != 0, 2)
        return self._tokens


def _text(docs: List[str], lowercase: bool, shared: Optional[dict]) -> _Text:
    if shared is None:
        return _Text(docs, lowercase)
    key = (id(docs), lowercase)
    if key not in shared:
        shared[key] = _Text(docs, lowercase)
    return shared[key]


def _tf_idf(counts: np.ndarray, columns: np.ndarray, idf: np.ndarray, binary: bool, sublinear: bool) -> np.ndarray:
    """The tf-idf weight of each count: tf is 1 (binary), 1 + log(count) (sublinear) or the
    count, times the column's idf."""
    if binary:
        data = np.ones(len(counts))
    elif sublinear and len(counts):
        # Counts are whole numbers: log from a table of the few values they take (np.log on
        # every entry is several times slower).
        whole = counts.astype(np.int64)
        data = (np.log(np.arange(1, int(whole.max()) + 1, dtype=np.float64)) + 1.0).take(whole - 1)
    else:
        data = np.array(counts, dtype=np.float64)
    return data * idf.take(columns)


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

    def counts(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        """``(indptr, indices, counts)`` of the documents' term counts (CSR arrays);
        ``shared``: a per-batch dict where blocks reading the same field share work;
        ``source``: see ``_TokenBlock.counts`` (other blocks read ``docs``)."""
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

    def _word_grams(self, doc: str) -> Dict[str, int]:
        """sklearn's "word" analyzer: ``token_pattern`` tokens of the (lowercased) document,
        then each longer n-gram of them joined by one space, counted (binary: each 1)."""
        tokens = self.findall(doc.lower() if self.lowercase else doc)
        grams = tokens if self.min_n == 1 else []
        if self.max_n > 1:
            grams = list(grams)
            for n in range(max(self.min_n, 2), min(self.max_n, len(tokens)) + 1):
                grams.extend(map(" ".join, zip(*[tokens[i:] for i in range(n)])))
        if self.binary:
            return dict.fromkeys(grams, 1)  # every tf is 1: the terms are enough (and cheaper)
        return Counter(grams)

    def _dict_counts(self, found: List[Dict[str, int]]):
        """CSR arrays of documents' counts given as dicts, term -> count (terms outside the
        vocabulary dropped)."""
        sizes = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        total = int(sizes.sum())
        # dict.get over every term at C speed; -1 marks a term outside the vocabulary.
        columns = np.fromiter(map(self.vocabulary.get, chain.from_iterable(found), repeat(-1, total)),
                              dtype=np.int64, count=total)
        counts = np.fromiter(chain.from_iterable(c.values() for c in found), dtype=np.float64, count=total)
        indptr = np.zeros(len(found) + 1, dtype=np.int64)
        if total:
            known = columns >= 0
            kept = np.add.reduceat(np.append(known, False), np.cumsum(sizes) - sizes, dtype=np.int64)
            kept[sizes == 0] = 0  # reduceat gives an empty range its one entry
            np.cumsum(kept, out=indptr[1:])
            known = np.flatnonzero(known)
            return indptr, columns.take(known), counts.take(known)
        return indptr, columns, counts

    def weights(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        """``(indptr, indices, data)`` of the tf-idf rows, as the vectorizer's ``transform``."""
        indptr, indices, data = self.counts(docs, shared, source)
        data = _tf_idf(np.asarray(data, dtype=np.float64), indices, self.idf, self.binary, self.sublinear)
        if self.norm == "l2" and len(data):
            rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(indptr) - 1))
            norms[norms == 0.0] = 1.0  # an all-zero row stays zero, as in sklearn's normalize
            data /= norms[rows]
        return indptr, indices, data

    def decision(self, docs: List[str], coef: np.ndarray, shared: Optional[dict] = None,
                 source: Optional[tuple] = None) -> np.ndarray:
        """This block's part of the linear model's decision function: its tf-idf rows @ ``coef``
        (the model's coefficients of this block's columns, one column per class)."""
        indptr, indices, data = self.counts(docs, shared, source)
        indptr = np.asarray(indptr, dtype=np.int64)
        data = _tf_idf(np.asarray(data, dtype=np.float64), indices, self.idf, self.binary, self.sublinear)
        part = _rows_dot(indptr, indices, data, coef)
        if self.norm == "l2" and len(data):
            # Dividing the row's dot product by its norm (instead of each weight first)
            # changes only the rounding.
            norms = np.sqrt(_row_sums(data * data, indptr))
            norms[norms == 0.0] = 1.0
            part /= norms[:, None]
        return part


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The sum of each CSR row's ``values`` (along the first axis)."""
    # reduceat sums values[indptr[i]:indptr[i + 1]], but gives an empty row its one entry at
    # indptr[i]; a zero row appended gives the trailing empty rows an index in range.
    padded = np.concatenate((values, np.zeros((1,) + values.shape[1:])))
    sums = np.add.reduceat(padded, indptr[:-1], axis=0)
    sums[indptr[:-1] == indptr[1:]] = 0.0
    return sums


def _rows_dot(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """The CSR matrix ``(data, indices, indptr)`` @ ``coef``."""
    if len(data) > 5000:
        from scipy.sparse import csr_matrix

        return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(coef))) @ coef
    # Small: numpy directly, without scipy's per-call checks.
    return _row_sums(coef.take(indices, axis=0) * data[:, None], indptr)


class _SklearnBlock(_Block):
    """Any other vectorizer: its own ``transform`` (correct, not faster)."""

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.size = len(vectorizer.vocabulary_)

    def weights(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        from scipy.sparse import csr_matrix

        matrix = csr_matrix(self.vectorizer.transform(docs))
        return matrix.indptr, matrix.indices, matrix.data

    def decision(self, docs: List[str], coef: np.ndarray, shared: Optional[dict] = None,
                 source: Optional[tuple] = None) -> np.ndarray:
        indptr, indices, data = self.weights(docs)
        return _rows_dot(np.asarray(indptr, dtype=np.int64), indices, data, coef)


def _count_pairs(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int):
    """CSR arrays of how often each (row, column) pair occurs."""
    keys = rows * n_columns + columns
    # Sorted (numpy sorts int32 about twice as fast as int64), then each run of equal keys
    # counted (np.unique's steps, without its overhead).
    keys = np.sort(keys.astype(np.int32) if n_rows * n_columns < 2 ** 31 else keys)
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    first = np.flatnonzero(first)
    counts = np.diff(np.append(first, len(keys)))
    keys = keys.take(first).astype(np.int64)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // n_columns, minlength=n_rows), out=indptr[1:])
    return indptr, keys % n_columns, counts.astype(np.float64)


class _WordBlock(_Block):
    """Word n-grams of any other ``token_pattern``'s tokens (sklearn's "word" analyzer), per
    document in Python; a field that repeats over paragraphs (the cue tokens) is cached
    whole."""

    def __init__(self, vectorizer, cache_whole: bool = False):
        super().__init__(vectorizer)
        # The matches of \S+ are the words str.split gives (re's \s is str.isspace), faster.
        self.findall = (str.split if vectorizer.token_pattern == r"\S+"
                        else re.compile(vectorizer.token_pattern).findall)
        self.cache_whole = cache_whole
        self._cache: Dict[str, Counter] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _word_grams(self, doc: str) -> Dict[str, int]:
        if not self.cache_whole:
            return super()._word_grams(doc)
        cache = self._cache
        found = cache.get(doc)
        if found is None:
            if len(cache) >= _MAX_CACHE:
                cache.clear()
            found = cache[doc] = super()._word_grams(doc)
        return found

    def counts(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        return self._dict_counts([self._word_grams(doc) for doc in docs])


class _TokenBlock(_Block):
    """Word n-grams of sklearn's default tokens (runs of two or more word characters).

    Each token of the batch is found as a run of word characters (``_Text.tokens``) and
    becomes a number (its characters in the alphabet of the vocabulary's tokens), looked up
    in a hash table of the vocabulary's tokens: the token's index among them, -1 for a token
    that no vocabulary entry contains (longer than the longest, or with a character outside
    the alphabet). An n-gram is then a number too (its tokens' indices in base "number of
    tokens"), looked up in a hash table of the vocabulary's n-grams, for the whole batch at
    once."""

    DEFAULT_PATTERN = r"(?u)\b\w\w+\b"

    def __init__(self, vectorizer, alphabet: Optional["_Alphabet"] = None):
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
        self.longest_token = max(map(len, self.tokens), default=0)
        # A shared alphabet (see FastFeatures) must hold this vocabulary's characters and keep
        # its numbers small enough; else the block makes its own.
        if (alphabet is None or not set("".join(self.tokens)) <= set(alphabet.digit)
                or float(alphabet.base) ** self.longest_token >= _KEY_LIMIT):
            alphabet = _Alphabet("".join(self.tokens))
        self.alphabet = alphabet
        # n-gram and token numbers must fit in int64 (else the plain per-document path is used).
        self.usable = (float(self.base) ** max(by_n, default=1) < _KEY_LIMIT
                       and float(self.alphabet.base) ** self.longest_token < _KEY_LIMIT
                       and all(self.tokens))
        if not self.usable:
            return
        self.token_table = _IntTable([self.alphabet.number(token) for token in self.tokens],
                                     np.arange(len(self.tokens)))
        self.unigrams = np.full(self.base, -1, dtype=np.int64)
        self.lookup: Dict[int, _IntTable] = {}
        for n, (numbers, columns) in by_n.items():
            numbers = np.array(numbers, dtype=np.int64).reshape(len(numbers), n)
            columns = np.array(columns, dtype=np.int64)
            if n == 1:
                self.unigrams[numbers[:, 0]] = columns
                continue
            keys = np.zeros(len(numbers), dtype=np.int64)
            for k in range(n):
                keys = keys * self.base + numbers[:, k]
            self.lookup[n] = _IntTable(keys, columns)

    @classmethod
    def supports(cls, vectorizer) -> bool:
        return vectorizer.analyzer == "word" and vectorizer.token_pattern == cls.DEFAULT_PATTERN

    def _token_numbers(self, text: _Text, first_words: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray]:
        """The index among the vocabulary's tokens (-1: none) of each token of the batch (of
        each document's first ``first_words`` words only, when given), and the document it
        belongs to."""
        starts, ends, owner, _ = text.tokens()
        numbers = text.token_numbers(self.alphabet)
        if first_words is not None:
            # Tokens never span whitespace: those of the first words end by the last one's end.
            keep = np.flatnonzero(ends <= text.first_words_end(first_words).take(owner))
            starts, ends, owner, numbers = starts.take(keep), ends.take(keep), owner.take(keep), numbers.take(keep)
        # A token longer than the longest of the vocabulary is none of them (and its number
        # may have wrapped around modulo 2**64).
        tokens = np.full(len(starts), -1, dtype=np.int64)
        fits = np.flatnonzero(ends - starts <= self.longest_token)
        tokens[fits] = self.token_table.get(numbers.take(fits))
        return tokens, owner

    #: Below this many characters a batch is analyzed document by document in Python (the
    #: numpy path costs a fixed few hundred microseconds a batch; re costs per character: they
    #: break even around a thousand characters here).
    SMALL_BATCH = 1000

    def counts(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        """See ``_Block.counts``; ``source``: ``(texts, k)`` where each of ``docs`` is the
        first ``k`` words of its text joined by single spaces: its tokens are then those of
        the text's first ``k`` words, found in the texts' own analysis."""
        if source is not None and sum(map(len, source[0])) >= self.SMALL_BATCH:
            tokens, owner = self._token_numbers(_text(source[0], self.lowercase, shared), source[1])
        elif sum(map(len, docs)) < self.SMALL_BATCH:
            return self._dict_counts([self._word_grams(doc) for doc in docs])
        else:
            tokens, owner = self._token_numbers(_text(docs, self.lowercase, shared))
        rows, columns = [], []
        known = tokens >= 0
        if self.min_n == 1:
            where = np.flatnonzero(known)
            found = self.unigrams.take(tokens.take(where))
            hit = np.flatnonzero(found >= 0)
            rows.append(owner.take(where.take(hit)))
            columns.append(found.take(hit))
        # valid[i]: the n tokens from i are all known (an n-gram holding an unknown token is
        # in no vocabulary entry) and in the same document.
        valid = known
        for n in range(2, self.max_n + 1):
            count = len(tokens) - n + 1
            if count <= 0:
                break
            valid = valid[:-1] & known[n - 1:] & (owner[:count] == owner[n - 1:])
            if n < self.min_n or n not in self.lookup:
                continue
            start = np.flatnonzero(valid)
            keys = tokens.take(start)
            for k in range(1, n):
                keys = keys * self.base + tokens.take(start + k)
            found = self.lookup[n].get(keys)
            hit = np.flatnonzero(found >= 0)
            rows.append(owner.take(start.take(hit)))
            columns.append(found.take(hit))
        if not rows:
            return np.zeros(len(docs) + 1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        return _count_pairs(np.concatenate(rows), np.concatenate(columns), len(docs), self.size)


class _CharWbBlock(_Block):
    """Character n-grams inside words padded with a space (sklearn's "char_wb" analyzer).

    The analyzer treats each whitespace-separated word on its own, so a document's counts
    are the sum of its words' counts: one sparse product (documents x distinct words, a
    repeated word as repeated entries, which add up) @ (distinct words x n-grams). Each
    character becomes its digit in the vocabulary's alphabet (see ``_Alphabet``); words are
    told apart by the number their padded digits make (two words with the same digits have
    the same in-vocabulary n-grams: an unknown digit is in no entry; a word too long for a
    number is taken on its own). The n-grams of the batch's distinct words are found at once
    in numpy: the padded words in a row, separated by an unknown digit, and each window of
    n known digits a number, looked up in a hash table of the vocabulary's n-grams."""

    SEPARATOR = "\n"

    def __init__(self, vectorizer, alphabet: Optional[_Alphabet] = None):
        super().__init__(vectorizer)
        chars = set("".join(self.vocabulary))
        # A shared alphabet (see FastFeatures) must hold the vocabulary's characters and keep
        # its numbers (n-grams, padded words of a few characters) small enough.
        longest = max(self.max_n + 2, max(map(len, self.vocabulary), default=0))
        if alphabet is None or not chars <= set(alphabet.digit) or float(alphabet.base) ** longest >= _KEY_LIMIT:
            alphabet = _Alphabet(chars)
        self.alphabet = alphabet
        self.space = self.alphabet.digit[" "]
        self.longest_word = self.alphabet.longest() - 2  # padded with a space on each side
        keys = [self.alphabet.number(term) for term in self.vocabulary]
        self.table = _IntTable(keys, np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(keys)))
        self._word_columns: Dict[str, List[int]] = {}

    @classmethod
    def supports(cls, vectorizer) -> bool:
        alphabet = set("".join(vectorizer.vocabulary_))
        # The numbers of the n-grams and of the (padded) words must fit (see _Alphabet).
        return (vectorizer.analyzer == "char_wb" and " " in alphabet and "" not in vectorizer.vocabulary_
                and float(len(alphabet) + 3) ** max(vectorizer.ngram_range[1] + 2,
                                                    max(map(len, vectorizer.vocabulary_), default=0)) < _KEY_LIMIT)

    def clear_cache(self) -> None:
        self._word_columns.clear()

    def _column_counts(self, doc: str) -> Counter:
        """One document's n-gram counts by column: each distinct word's n-gram columns
        (repeats kept) are cached, and the document's counts are those of its words' columns
        together."""
        words = (doc.lower() if self.lowercase else doc).split()
        cache = self._word_columns
        if len(cache) >= _MAX_CACHE:
            cache.clear()
        for word in words:
            if word not in cache:
                cache[word] = self._columns_of(word)
        return Counter(chain.from_iterable(map(cache.__getitem__, words)))

    def doc_counts(self, doc: str) -> Tuple[np.ndarray, np.ndarray]:
        found = self._column_counts(doc)
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

    def counts(self, docs: List[str], shared: Optional[dict] = None, source: Optional[tuple] = None):
        # (Batches of any size: the numpy path is faster than word by word in Python even for
        # one paragraph, the words' n-grams not cached yet.)
        text = _text(docs, self.lowercase, shared)
        starts, ends, _, indptr = text.words()
        digits, prefix = text.digits(self.alphabet)
        lengths = ends - starts
        # Each word's number: its padded digits (space, word, space); a long word, one of its own.
        short = np.flatnonzero(lengths <= self.longest_word)
        keys = -1 - np.arange(len(starts))
        first, last = starts.take(short), ends.take(short)
        powers, _ = self.alphabet.powers(int(lengths.max()) + 2 if len(lengths) else 0)
        word = self.alphabet.numbers(prefix, first, last).view(np.uint64)
        space = np.uint64(self.space)
        padded = (space * powers.take(last - first + 1) + word * np.uint64(self.alphabet.base) + space)
        keys[short] = padded.view(np.int64)
        first, distinct = _distinct(keys)
        n_words = len(first)
        rows, columns = self._word_ngrams(digits, starts.take(first), lengths.take(first))
        # One sparse product (documents x distinct words) @ (distinct words x n-grams): a
        # repeated word is a repeated entry, and integer counts summed in float64 are exact
        # (faster here than writing out every occurrence's n-grams and sorting them).
        from scipy.sparse import csr_matrix

        by_doc = csr_matrix((np.ones(len(starts)), distinct, indptr), shape=(len(docs), n_words))
        # CSR by word directly (a stable sort by word), cheaper than scipy's COO conversion.
        word_indptr = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_words), out=word_indptr[1:])
        by_word = csr_matrix((np.ones(len(columns)), columns.take(np.argsort(rows, kind="stable")), word_indptr),
                             shape=(n_words, self.size))
        product = by_doc @ by_word
        return product.indptr, product.indices, product.data

    def _word_ngrams(self, digits: np.ndarray, starts: np.ndarray, lengths: np.ndarray):
        """(word, column) of every in-vocabulary n-gram occurrence of each word (given by the
        range of its digits)."""
        if not len(starts):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # The padded words in a row, each followed by an unknown digit: space, word, space, unknown.
        padded = lengths + 2
        spans = padded + 1
        offsets = np.cumsum(spans) - spans
        row = np.full(int(spans.sum()), self.alphabet.unknown, dtype=np.int64)
        row[offsets] = self.space
        row[offsets + padded - 1] = self.space
        inside = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        row[np.repeat(offsets + 1, lengths) + inside] = digits.take(np.repeat(starts, lengths) + inside)
        known = row != self.alphabet.unknown
        # sklearn's _char_wb_ngrams: every window of each n shorter than the padded word,
        # and once n reaches its length, the whole padded word once: for n = length that
        # is the single window, and longer n have none (their windows cross an unknown
        # digit). A word shorter than min_n gets its whole padded form (below). The windows
        # of every n are looked up at once.
        window_starts, window_ends = [], []
        valid = known
        for n in range(1, self.max_n + 1):
            if n > 1:
                valid = valid[:-1] & known[n - 1:]
            if n >= self.min_n:
                window_starts.append(np.flatnonzero(valid))
                window_ends.append(window_starts[-1] + n)
        window_starts = np.concatenate(window_starts)
        found = self.table.get(self.alphabet.numbers(self.alphabet.prefix(row), window_starts,
                                                     np.concatenate(window_ends)))
        hit = np.flatnonzero(found >= 0)
        owner = np.repeat(np.arange(len(starts)), spans)
        rows, columns = [owner.take(window_starts.take(hit))], [found.take(hit)]
        short = np.flatnonzero(padded < self.min_n)
        if len(short):
            whole = [(k, row[s:s + p]) for k, s, p in zip(short.tolist(), offsets[short].tolist(),
                                                        padded[short].tolist())]
            whole = [(k, _horner(word, self.alphabet.base)) for k, word in whole
                     if not (word == self.alphabet.unknown).any()]
            found = self.table.get(np.array([key for _, key in whole], dtype=np.int64))
            rows.append(np.array([k for k, _ in whole], dtype=np.int64)[found >= 0])
            columns.append(found[found >= 0])
        return np.concatenate(rows), np.concatenate(columns)


def _horner(digits: np.ndarray, base: int) -> int:
    key = 0
    for digit in digits.tolist():
        key = key * base + digit
    return key


class FittedTfidf:
    """A fitted ``TfidfVectorizer`` as a saved pipeline holds it (settings, vocabulary, idf),
    without importing scikit-learn: what :class:`FastFeatures` reads. Loading a pipeline so
    skips scikit-learn's import (about a second); :meth:`to_sklearn` gives the real
    vectorizer, built once on first use (training, tests, a block FastFeatures does not
    reproduce)."""

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


class FastFeatures:
    """The classifier's feature matrix for a batch of paragraphs, equal to
    ``ParagraphClassifier._matrix`` (hstack of the vectorizers' transforms), and the linear
    model's decision function on it.
    ``field_of`` maps a vectorizer's name to the feature view (field) it reads."""

    #: Fields that repeat over a document's paragraphs: their part of the decision function is
    #: kept per distinct text (emptied by ``clear_cache``).
    CACHED_FIELDS = ("heading", "section", "cues")

    def __init__(self, vectorizers: Dict[str, object], field_of: Callable[[str], str],
                 openings: Optional[Dict[str, Tuple[str, int]]] = None):
        #: field -> (source field, k): the field is the first k words of the source field
        #: joined by single spaces; its tokens are taken from the source's analysis.
        self.openings = dict(openings or {})
        # One alphabet for the token and char_wb blocks of each source field: the batch's
        # digits and their prefix sum are then made once for all of them.
        chars: Dict[str, set] = {}
        for name, vectorizer in vectorizers.items():
            source = self.openings.get(field_of(name), (field_of(name),))[0]
            if _Block.supports(vectorizer) and (_CharWbBlock.supports(vectorizer) or _TokenBlock.supports(vectorizer)):
                chars.setdefault(source, set()).update("".join(vectorizer.vocabulary_))
        alphabets = {source: _Alphabet(found) for source, found in chars.items()}
        self.blocks = []
        for name, vectorizer in vectorizers.items():
            field = field_of(name)
            alphabet = alphabets.get(self.openings.get(field, (field,))[0])
            if not _Block.supports(vectorizer):
                block = _SklearnBlock(vectorizer)
            elif _CharWbBlock.supports(vectorizer):
                block = _CharWbBlock(vectorizer, alphabet)
            elif (_TokenBlock.supports(vectorizer)
                  and (block := _TokenBlock(vectorizer, alphabet)).usable):
                pass
            elif vectorizer.analyzer == "word" and re.compile(vectorizer.token_pattern).groups == 0:
                block = _WordBlock(vectorizer, cache_whole=field in self.CACHED_FIELDS)
            else:
                block = _SklearnBlock(vectorizer)
            self.blocks.append((field, block))
        self.n_features = sum(block.size for _, block in self.blocks)
        self.offsets = np.cumsum([0] + [block.size for _, block in self.blocks])[:-1].tolist()
        #: Per block of a cached field: its decision part for each distinct text seen.
        self._decisions: Dict[int, Dict[str, np.ndarray]] = {}
        # For the single-document path: every block's settings, per column or per block.
        self.single = not any(isinstance(block, _SklearnBlock) for _, block in self.blocks)
        if self.single:
            self.idf = np.concatenate([block.idf for _, block in self.blocks])
            self.binary = np.array([block.binary for _, block in self.blocks])
            self.sublinear = np.array([block.sublinear for _, block in self.blocks])
            self.l2 = np.array([block.norm == "l2" for _, block in self.blocks])

    def clear_cache(self) -> None:
        for _, block in self.blocks:
            block.clear_cache()
        self._decisions.clear()
        clear_char_classes()

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
            indptr, indices, data = block.weights(self._column(feats, field, columns), shared,
                                                  self._source(feats, field, columns))
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

    @staticmethod
    def _column(feats: List[Dict[str, str]], field: str, columns: Dict[str, List[str]]) -> List[str]:
        # One list per field and batch: blocks reading the same field share its analysis
        # (keyed by the list's identity).
        if field not in columns:
            columns[field] = [f[field] for f in feats]
        return columns[field]

    def _source(self, feats, field: str, columns) -> Optional[tuple]:
        if field not in self.openings:
            return None
        source, count = self.openings[field]
        return self._column(feats, source, columns), count

    def decision(self, feats: List[Dict[str, str]], coef_t: np.ndarray) -> np.ndarray:
        """``matrix(feats) @ coef_t`` (``coef_t``: the model's coefficients, one row per feature),
        summed block by block without building the matrix (the same sums, in another order:
        equal to within rounding). A cached field's part is computed once per distinct text."""
        decision = np.zeros((len(feats), coef_t.shape[1]))
        columns: Dict[str, List[str]] = {}
        shared: dict = {}
        for number, ((field, block), offset) in enumerate(zip(self.blocks, self.offsets)):
            self._column(feats, field, columns)
            coef = coef_t[offset:offset + block.size]
            if field not in self.CACHED_FIELDS:
                decision += block.decision(columns[field], coef, shared, self._source(feats, field, columns))
                continue
            known = self._decisions.setdefault(number, {})
            distinct = list(dict.fromkeys(columns[field]))
            new = [text for text in distinct if text not in known]
            if new:
                if len(known) >= _MAX_CACHE:
                    known.clear()
                known.update(zip(new, block.decision(new, coef)))
            # The distinct texts' parts stacked, then spread over the batch's rows.
            position = dict(zip(distinct, range(len(distinct))))
            rows = np.fromiter(map(position.__getitem__, columns[field]), dtype=np.int64, count=len(feats))
            decision += np.array([known[text] for text in distinct]).take(rows, axis=0)
        return decision
