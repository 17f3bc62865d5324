"""The trained paragraph classifier: TF-IDF n-grams of the paragraph and its section + logistic regression.

Why scikit-learn inside a spaCy component: with a few hundred labelled
paragraphs a linear model over word and character n-grams, with the section
heading as separate features, beats spaCy's ``textcat`` (docs/evaluation.md
has the comparison). It is still a pipeline component: it is fitted in
``initialize`` from the training corpus that ``spacy train`` hands it, scored
by spaCy's ``Scorer``, and saved with the pipeline as plain arrays (no pickle),
so a model directory loads with any scikit-learn 1.x.

Prediction does not run the vectorizers: the same TF-IDF matrix is computed for a
whole batch at once (see "fast featurization" below), about five times faster, with
the same probabilities (tests/test_paragraph_classifier.py compares them).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.util import ensure_path

from ..labels import PARAGRAPH_LABELS
from .extensions import register_extensions
from .paragraph_rules import LiteralSearch, guess_paragraph_label

_MARKER_RE = re.compile(r"^(?:[\dIVXLC]+(?:\.\d+)*\s*[.\-)/]\s*|[a-zđ]\)\s*|[-+•*]\s*)")
_NUM_RE = re.compile(r"\d+")


#: Section-heading cues of the genre, at any level of the section path.
HEADING_CUES = (
    ("tổ chức thực hiện", "assignment"), ("trách nhiệm", "assignment"), ("thi hành", "assignment"),
    ("hiệu lực", "other"), ("nguyên nhân", "cause"), ("hạn chế", "limitation"), ("tồn tại", "limitation"),
    ("khuyết điểm", "limitation"), ("yếu kém", "limitation"), ("bài học", "other"), ("kiến nghị", "other"),
    ("đề xuất", "other"), ("đặc điểm", "other"), ("tình hình", "result"), ("kết quả", "result"),
    ("nhiệm vụ", "task"), ("giải pháp", "task"), ("mục tiêu", "task"), ("định hướng", "task"),
    ("phương hướng", "task"), ("mục đích", "other"), ("phạm vi", "other"), ("đối tượng", "other"),
    ("giải thích", "other"), ("nguyên tắc", "task"), ("quy định chung", "other"),
)
#: Words that name a body at the start of a paragraph ("Bộ Tài chính chủ trì ...", "UBND tỉnh ...").
_BODY_OPENER_RE = re.compile(r"^(?:Các |Giao |Đề nghị )?(?:Bộ|Sở|Ban|Ủy ban|Uỷ ban|UBND|Ngân hàng|Văn phòng|"
                             r"Thanh tra|Tổng cục|Cục|Chi cục|Hội đồng|Mặt trận|Đảng ủy|Đảng đoàn|Tỉnh ủy|"
                             r"Huyện ủy|Công an|Kiểm toán|Tòa án|Viện|Chính phủ|Thủ tướng|Quốc hội|Hội|Đoàn|"
                             r"Chủ tịch|Thủ trưởng|Người đứng đầu|Bộ trưởng|Giám đốc|Cơ quan)\b")
_CUE_RES = (
    ("assign_verb", re.compile(r"\b(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|giao|báo cáo|"
                               r"tham mưu|hướng dẫn|theo dõi|đôn đốc|thi hành)\b", re.I)),
    ("deadline", re.compile(r"\b(?:trước ngày|trước tháng|trước năm|định kỳ|hằng năm|hàng năm|thời hạn)\b")),
    ("past", re.compile(r"\bđã\b")),
    ("achieved", re.compile(r"\b(?:đạt|tăng|giảm|hoàn thành|được nâng lên|chuyển biến)\b")),
    ("negative", re.compile(r"\b(?:chưa|còn|hạn chế|yếu kém|bất cập|khó khăn|vướng mắc|thiếu)\b")),
    ("cause", re.compile(r"(?:\bnguyên nhân\b|\blà do\b|\bdo\b)", re.I)),
    ("imperative", re.compile(r"^(?:Tiếp tục|Tăng cường|Đẩy mạnh|Nâng cao|Chú trọng|Quan tâm|Tập trung|Phát huy|"
                              r"Chỉ đạo|Thực hiện|Xây dựng|Đổi mới|Rà soát|Nghiên cứu|Triển khai|Hoàn thiện|"
                              r"Kiện toàn|Bảo đảm|Đảm bảo|Phấn đấu|Khẩn trương|Chủ động|Tổ chức)\b")),
    ("normative", re.compile(r"\b(?:phải|không được|nghiêm cấm|có quyền|được)\b")),
    ("however", re.compile(r"^(?:Tuy nhiên|Bên cạnh|Song|Mặt khác)\b")),
    ("legal_basis", re.compile(r"^(?:Căn cứ|Xét|Theo đề nghị)\b")),
)


#: ``pattern.search(body) is not None`` for every cue of ``_CUE_RES``, found faster (same answers).
_CUE_SEARCHES = tuple((name, LiteralSearch(pattern)) for name, pattern in _CUE_RES)
#: Per code point, for the upper-case cue: 0 not classified yet, else 4 + 1 (a letter, by
#: ``str.isalpha``) + 2 (an upper-case letter, by ``str.isupper``). Grown on demand.
_CHAR_CLASS = np.zeros(0, dtype=np.uint8)


@lru_cache(maxsize=4096)
def _path_cues(section: str) -> Tuple[str, ...]:
    # A pure function of the section, and sections repeat over a document's paragraphs.
    cues = []
    path = section.lower().split(" > ") if section else []
    for level, heading in enumerate(reversed(path)):
        for cue, label in HEADING_CUES:
            if cue in heading:
                cues.append(f"path_{label}")
                if level == 0:
                    cues.append(f"near_{label}")
    if not path:
        cues.append("no_section")
    return tuple(cues)


def _mostly_upper(texts: List[str]) -> List[bool]:
    """For each text: more than 70% of its letters are upper case (and it has letters).
    Counted for the whole batch at once in numpy, by code point."""
    global _CHAR_CLASS
    if not texts:
        return []
    points = _code_points("".join(texts))
    table = _CHAR_CLASS
    if len(points) and int(points.max()) >= len(table):
        grown = np.zeros(min(0x110000, max(int(points.max()) + 1, 2 * len(table))), dtype=np.uint8)
        grown[:len(table)] = table
        table = _CHAR_CLASS = grown
    classes = table[points]
    missing = np.unique(points[classes == 0])
    if len(missing):
        for code in missing.tolist():
            char = chr(code)
            table[code] = 4 + char.isalpha() + 2 * (char.isalpha() and char.isupper())
        classes = table[points]
    owner = np.repeat(np.arange(len(texts)), np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    letters = np.bincount(owner, weights=classes & 1, minlength=len(texts))
    upper = np.bincount(owner, weights=(classes >> 1) & 1, minlength=len(texts))
    # Counts are exact in float64, and 0.7 * count is the float Python computes.
    return ((letters > 0) & (upper > 0.7 * letters)).tolist()


def _cue_tokens(raw: str, body: str, section: str, upper: Optional[bool] = None,
                found: Optional[Tuple[bool, ...]] = None) -> str:
    """Binary genre cues as tokens: section-heading cues (nearest and anywhere on the path),
    what the paragraph opens with, its verbs of obligation, achievement and shortcoming,
    and its shape (heading-like, upper case, list marker). ``upper`` (the stripped paragraph
    is mostly upper case) and ``found`` (each of ``_CUE_RES`` searched in ``body``): when
    the caller computed them for a batch."""
    cues = list(_path_cues(section))
    if _BODY_OPENER_RE.match(body):
        cues.append("opens_with_body")
    if found is None:
        found = tuple(search(body) for _, search in _CUE_SEARCHES)
    cues.extend(name for (name, _), hit in zip(_CUE_SEARCHES, found) if hit)
    stripped = raw.strip()
    if len(stripped) < 90 and not stripped.endswith((".", ";", ":")):
        cues.append("heading_like")
    if stripped.endswith(":"):
        cues.append("lead_in")
    if upper is None:
        upper = _mostly_upper([stripped])[0]
    if upper:
        cues.append("upper_case")
    marker = _MARKER_RE.match(stripped)
    if marker:
        kind = marker.group(0).strip()
        cues.append("marker_dash" if kind[:1] in "-+•*" else "marker_roman" if kind[:1] in "IVXLC"
                    else "marker_letter" if kind[:1].isalpha() else "marker_number")
    if len(stripped) > 400:
        cues.append("long")
    # The cue-rule baseline's own guess, as one more feature the model learns to weigh.
    cues.append("rule_" + guess_paragraph_label(raw, section, "body"))
    return " ".join(cues) or "no_cue"


@lru_cache(maxsize=4096)
def _section_views(section: str) -> Tuple[str, str]:
    """The nearest heading (numbers and list marker folded) and the folded section path."""
    heading = section.split(" > ")[-1] if section else ""
    return (_NUM_RE.sub("0", _MARKER_RE.sub("", heading)).lower(),
            " > " + _NUM_RE.sub("0", section).lower() if section else "")


def clear_feature_caches() -> None:
    """Empty the section-level caches of the feature functions (for cold timings)."""
    _path_cues.cache_clear()
    _section_views.cache_clear()
    global _CHAR_CLASS
    _CHAR_CLASS = np.zeros(0, dtype=np.uint8)
    from .paragraph_rules import _heading_label

    _heading_label.cache_clear()


def paragraph_features(text: str, section: str, doc_type: str = "") -> Dict[str, str]:
    """The views of a paragraph the classifier reads: its body text, its opening, its nearest and
    full section heading (numbers folded, so "năm 2023" and "năm 2024" look alike), the genre's
    cue words as binary tokens, and the kind of its document (a "kết luận" reports and directs,
    a "quyết định" decides and assigns: the same words mean different labels)."""
    return _features(text, section, doc_type, None)


def paragraph_features_many(texts: List[str], sections: List[str], doc_types: List[str]) -> List[Dict[str, str]]:
    """:func:`paragraph_features` of many paragraphs (the same views, computed faster)."""
    stripped = [text.strip() for text in texts]
    upper = _mostly_upper(stripped)
    raw_bodies = [_MARKER_RE.sub("", text) for text in stripped]
    # Each cue searched over the whole batch at once, then regrouped by paragraph.
    found = list(zip(*[search.many(raw_bodies) for _, search in _CUE_SEARCHES]))
    return [_features(t, s, d, u, b, f)
            for t, s, d, u, b, f in zip(texts, sections, doc_types, upper, raw_bodies, found)]


def _features(text: str, section: str, doc_type: str, upper: Optional[bool],
              raw_body: Optional[str] = None, found: Optional[Tuple[bool, ...]] = None) -> Dict[str, str]:
    if raw_body is None:
        raw_body = _MARKER_RE.sub("", text.strip())
    body = _NUM_RE.sub("0", raw_body).lower()
    heading, path = _section_views(section)
    kind = f"loại {doc_type or 'khác'}"
    cues = _cue_tokens(text, raw_body, section, upper, found) + " doctype_" + (doc_type or "none").replace(" ", "_")
    return {
        "text": body,
        "opening": " ".join(body.split(maxsplit=6)[:6]),
        "heading": heading or kind,
        "section": kind + path,
        "cues": cues,
    }


# ---------------------------------------------------------------- fast featurization
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


def _code_points(text: str) -> np.ndarray:
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
        points = _code_points(joined)
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


class _FastFeatures:
    """The classifier's feature matrix for a batch of paragraphs, equal to
    ``ParagraphClassifier._matrix`` (hstack of the vectorizers' transforms)."""

    #: Fields that repeat over a document's paragraphs and are cached whole.
    CACHED_FIELDS = ("heading", "section", "cues")

    def __init__(self, vectorizers: Dict[str, object]):
        self.blocks = []
        for name, vectorizer in vectorizers.items():
            field = ParagraphClassifier._field(name)
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


class ParagraphClassifier(Pipe):
    """Sets ``doc.cats`` (one probability per paragraph label) from text, ``Doc._.section`` and
    ``Doc._.doc_type``."""

    def __init__(self, nlp: Language, name: str = "vnadmin_paragraph_classifier", *,
                 c: float = 0.3, char_ngrams: List[int] = (2, 5), word_ngrams: List[int] = (1, 2),
                 class_weight: Optional[str] = "balanced", scorer: Optional[Callable] = None):
        self.name = name
        self.cfg = {"c": c, "char_ngrams": list(char_ngrams), "word_ngrams": list(word_ngrams),
                    "class_weight": class_weight}
        self.vectorizers = None
        self.model = None
        self.scorer = scorer
        self._fast: Optional[_FastFeatures] = None  # built from the fitted vectorizers on first use
        self._coef_t = None
        self._scoring = None
        register_extensions()

    @property
    def labels(self) -> tuple:
        return tuple(PARAGRAPH_LABELS)

    # -- model -------------------------------------------------------------
    def _make_vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        word = tuple(self.cfg["word_ngrams"])
        char = tuple(self.cfg["char_ngrams"])
        return {
            "text_word": TfidfVectorizer(ngram_range=word, sublinear_tf=True, min_df=1),
            "text_char": TfidfVectorizer(analyzer="char_wb", ngram_range=char, sublinear_tf=True, min_df=2),
            "opening": TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
            "heading": TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            "section": TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True),
            # Unnormalised binary cues keep their full weight beside the n-gram blocks.
            "cues": TfidfVectorizer(token_pattern=r"\S+", binary=True, norm=None, lowercase=False),
        }

    @staticmethod
    def _field(name: str) -> str:
        return "text" if name.startswith("text_") else name

    def _matrix(self, feats: List[Dict[str, str]], fit: bool = False):
        from scipy.sparse import hstack

        blocks = []
        for name, vec in self.vectorizers.items():
            column = [f[self._field(name)] for f in feats]
            blocks.append(vec.fit_transform(column) if fit else vec.transform(column))
        return hstack(blocks).tocsr()

    def fit(self, texts: List[str], sections: List[str], labels: List[str],
            doc_types: Optional[List[str]] = None) -> "ParagraphClassifier":
        """Fit on paragraphs with their sections, document types and gold labels."""
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError(f"{self.name}: training needs at least two paragraph labels, got {set(labels)}")
        self.vectorizers = self._make_vectorizers()
        doc_types = doc_types or [""] * len(texts)
        X = self._matrix([paragraph_features(t, s, d) for t, s, d in zip(texts, sections, doc_types)], fit=True)
        model = LogisticRegression(C=self.cfg["c"], max_iter=2000, class_weight=self.cfg["class_weight"])
        model.fit(X, labels)
        self.model = model
        self._fast = self._scoring = None
        return self

    def predict_proba(self, texts: Iterable[str], sections: Iterable[str],
                      doc_types: Optional[Iterable[str]] = None) -> List[Dict[str, float]]:
        """Probabilities of each paragraph label, for paragraphs with their sections (and document types)."""
        texts, sections = list(texts), list(sections)
        doc_types = list(doc_types) if doc_types is not None else [""] * len(texts)
        if not texts:
            return []
        feats = paragraph_features_many(texts, sections, doc_types)
        if self.model is None:
            raise ValueError(f"{self.name}: the classifier is not fitted (initialize it or load a model)")
        probs = self._probabilities(self._decision(feats))
        if self._scoring is None:
            classes = list(self.model.classes_)
            self._scoring = [classes.index(label) if label in classes else None for label in self.labels]
        columns = list(zip(self.labels, self._scoring))
        return [{label: (row[i] if i is not None else 0.0) for label, i in columns} for row in probs.tolist()]

    def _decision(self, feats: List[Dict[str, str]]) -> np.ndarray:
        """The model's decision function (X @ coef.T + intercept) on the paragraphs' features,
        X computed by the fast featurization (one row directly for a single paragraph)."""
        if self._fast is None:
            self._fast = _FastFeatures(self.vectorizers)
            self._coef_t = np.ascontiguousarray(self.model.coef_.T)
        if len(feats) == 1 and self._fast.single:
            columns, values = self._fast.row(feats[0])
            return (values @ self._coef_t[columns] + self.model.intercept_).reshape(1, -1)
        return np.asarray(self._fast.matrix(feats) @ self._coef_t) + self.model.intercept_

    def _probabilities(self, decision: np.ndarray) -> np.ndarray:
        """``self.model.predict_proba`` from the decision function, without its per-call
        input validation: the same softmax (or logistic for two classes)."""
        from scipy.special import expit

        if len(self.model.classes_) <= 2:
            # sklearn's _predict_proba_lr on the raveled decision of a binary model.
            prob = expit(decision.ravel())
            return np.vstack([1 - prob, prob]).T
        # sklearn.utils.extmath.softmax, step by step (without its array-API dispatch).
        decision = decision - decision.max(axis=1).reshape((-1, 1))
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape((-1, 1))
        return decision

    def clear_cache(self) -> None:
        """Empty the word- and section-level caches (cold timings; they also bound themselves)."""
        if self._fast is not None:
            self._fast.clear_cache()
        clear_feature_caches()

    # -- spaCy pipe API ----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        [doc.cats] = self.predict_proba([doc.text], [doc._.section], [doc._.doc_type])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        batch: List[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._label_batch(batch)
                batch = []
        yield from self._label_batch(batch)

    def _label_batch(self, docs: List[Doc]) -> List[Doc]:
        probs = self.predict_proba([d.text for d in docs], [d._.section for d in docs],
                                   [d._.doc_type for d in docs])
        for doc, cats in zip(docs, probs):
            doc.cats = cats
        return docs

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   labels: Optional[List[str]] = None) -> None:
        """Fit on the training corpus: every example whose reference has a paragraph label."""
        validate_get_examples(get_examples, "ParagraphClassifier.initialize")
        texts, sections, doc_types, gold = [], [], [], []
        for eg in get_examples():
            cats = eg.reference.cats
            if not cats or max(cats.values()) <= 0:
                continue  # footnotes and unlabelled text
            texts.append(eg.reference.text)
            sections.append(eg.reference._.section)
            doc_types.append(eg.reference._.doc_type)
            gold.append(max(cats, key=cats.get))
        self.fit(texts, sections, gold, doc_types)

    def update(self, examples, *, drop: float = 0.0, sgd=None, losses=None):
        # Fitted once in initialize(); nothing to do per batch.
        return losses if losses is not None else {}

    @property
    def is_trainable(self) -> bool:
        return False

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, float]:
        examples = [eg for eg in examples if eg.reference.cats and max(eg.reference.cats.values()) > 0]
        return Scorer.score_cats(examples, "cats", labels=self.labels, multi_label=False, **kwargs)

    # -- serialization: arrays and JSON, no pickle ------------------------
    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model is None:
            (path / "cfg.json").write_text(json.dumps({"cfg": self.cfg, "fitted": False}), encoding="utf-8")
            return
        meta = {"cfg": self.cfg, "fitted": True, "classes": list(self.model.classes_), "vectorizers": {}}
        arrays = {"coef": self.model.coef_, "intercept": self.model.intercept_}
        for name, vec in self.vectorizers.items():
            vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
            meta["vectorizers"][name] = {"vocabulary": vocab}
            arrays[f"idf_{name}"] = vec.idf_
        (path / "cfg.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(path / "weights.npz", **arrays)

    def from_disk(self, path, *, exclude=tuple()) -> "ParagraphClassifier":
        from sklearn.linear_model import LogisticRegression

        path = ensure_path(path)
        meta = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        self.cfg.update(meta["cfg"])
        if not meta.get("fitted"):
            return self
        arrays = np.load(path / "weights.npz")
        # Only the feature blocks the model was fitted with, in their order.
        made = self._make_vectorizers()
        self.vectorizers = {name: made[name] for name in meta["vectorizers"]}
        for name, vec in self.vectorizers.items():
            vocab = meta["vectorizers"][name]["vocabulary"]
            vec.vocabulary_ = {term: i for i, term in enumerate(vocab)}
            vec.idf_ = arrays[f"idf_{name}"]
        model = LogisticRegression()
        model.classes_ = np.array(meta["classes"])
        model.coef_ = arrays["coef"]
        model.intercept_ = arrays["intercept"]
        self.model = model
        self._fast = self._scoring = None
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        import tempfile

        import srsly

        with tempfile.TemporaryDirectory() as tmp:
            self.to_disk(tmp)
            files = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
        return srsly.msgpack_dumps(files)

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "ParagraphClassifier":
        import tempfile

        import srsly

        with tempfile.TemporaryDirectory() as tmp:
            for name, content in srsly.msgpack_loads(data).items():
                (Path(tmp) / name).write_bytes(content)
            return self.from_disk(tmp)


@Language.factory(
    "vnadmin_paragraph_classifier",
    assigns=["doc.cats"],
    default_config={"c": 0.3, "char_ngrams": [2, 5], "word_ngrams": [1, 2], "class_weight": "balanced"},
    default_score_weights={"cats_macro_f": 1.0, "cats_score": None},
)
def make_paragraph_classifier(nlp: Language, name: str, c: float, char_ngrams: List[int],
                              word_ngrams: List[int], class_weight: Optional[str]) -> ParagraphClassifier:
    return ParagraphClassifier(nlp, name, c=c, char_ngrams=char_ngrams, word_ngrams=word_ngrams,
                               class_weight=class_weight)
