"""The trained paragraph classifier: TF-IDF n-grams of the paragraph and its section + logistic regression.

Why scikit-learn inside a spaCy component: with a few hundred labelled
paragraphs a linear model over word and character n-grams, with the section
heading as separate features, beats spaCy's ``textcat`` (docs/evaluation.md
has the comparison). It is still a pipeline component: it is fitted in
``initialize`` from the training corpus that ``spacy train`` hands it, scored
by spaCy's ``Scorer``, and saved with the pipeline as plain arrays (no pickle),
so a model directory loads with any scikit-learn 1.x, and without importing scikit-learn
at all: prediction reads the arrays (``tfidf.FittedTfidf``), and the scikit-learn objects
are made only when asked for (``regression``, ``vectorizers``).

Prediction computes the TF-IDF matrix of a batch with ``tfidf.CachedTfidf`` (each distinct
word analyzed once; the same matrix as the vectorizers', compared with scikit-learn's by
tests/test_paragraph_classifier.py), or, with ``fast_tfidf = false``, with scikit-learn's
own ``transform``. The cue searches of a batch run once over the joined batch.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.util import ensure_path

from ..doc_text import doc_text
from ..labels import PARAGRAPH_LABELS
from ..resources import body_words, heading_cues, marker_chars, opening_marker_pattern
from .extensions import register_extensions
from .paragraph_rules import JoinedTexts, LiteralSearch, guess_paragraph_label, guess_paragraph_labels
from . import tfidf
from .tfidf import CachedTfidf, FittedTfidf

_MARKER_RE = re.compile(opening_marker_pattern("paragraph_classifier"))
# The marks that name a list marker's kind (resources/list_markers.json, as _MARKER_RE takes them).
_BULLETS = marker_chars("bullets", "paragraph_classifier")
_ROMAN = marker_chars("roman_numerals", "paragraph_classifier")
_NUM_RE = re.compile(r"\d+")


#: Section-heading cues of the genre, at any level of the section path (``resources/heading_cues.json``,
#: those ``used_by`` "paragraph_classifier", in file order: a cue token for each found).
HEADING_CUES = heading_cues("paragraph_classifier")
#: Words that name a body at the start of a paragraph ("Bộ Tài chính chủ trì ...", "UBND tỉnh ..."):
#: ``resources/body_types.json``, the words ``used_by`` "body_opener".
_BODY_OPENER_RE = re.compile(r"^(?:Các |Giao |Đề nghị )?(?:%s)\b" % "|".join(map(re.escape, body_words("body_opener"))))
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


def _mostly_upper(text: str) -> bool:
    """More than 70% of the text's letters are upper case (and it has letters)."""
    letters = list(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) > 0.7 * len(letters)


def _cue_tokens(raw: str, body: str, section: str, upper: Optional[bool] = None,
                found: Optional[Tuple[bool, ...]] = None) -> str:
    """Binary genre cues as tokens: section-heading cues (nearest and anywhere on the path),
    what the paragraph opens with, its verbs of obligation, achievement and shortcoming,
    and its shape (heading-like, upper case, list marker). ``upper`` (the stripped paragraph
    is mostly upper case) and ``found`` (each of ``_CUE_RES`` searched in ``body``): when
    the caller computed them for a batch."""
    if found is None:
        found = tuple(search(body) for _, search in _CUE_SEARCHES)
    stripped = raw.strip()
    if upper is None:
        upper = _mostly_upper(stripped)
    return _cue_string(section, body, stripped, upper, found, _MARKER_RE.match(stripped),
                       guess_paragraph_label(raw, section, "body"))


def _cue_string(section: str, body: str, stripped: str, upper: bool, found: Tuple[bool, ...],
                marker: Optional["re.Match"], rule: str) -> str:
    """The cue tokens of :func:`_cue_tokens`, from the paragraph's parts computed beforehand:
    ``marker`` (``_MARKER_RE`` matched on ``stripped``), ``rule`` (the cue-rule baseline's label)."""
    cues = list(_path_cues(section))
    if _BODY_OPENER_RE.match(body):
        cues.append("opens_with_body")
    cues.extend(name for (name, _), hit in zip(_CUE_SEARCHES, found) if hit)
    cues += _shape_cues(stripped, upper, marker, rule)
    return " ".join(cues) or "no_cue"


def _shape_cues(stripped: str, upper: bool, marker: Optional["re.Match"], rule: str) -> List[str]:
    """The cue tokens of a paragraph's own shape (heading-like, lead-in, upper case, list marker,
    long) and the cue-rule baseline's label ``rule``, in the order the cue string lists them."""
    cues = []
    if len(stripped) < 90 and not stripped.endswith((".", ";", ":")):
        cues.append("heading_like")
    if stripped.endswith(":"):
        cues.append("lead_in")
    if upper:
        cues.append("upper_case")
    if marker:
        cues.append(_marker_cue(marker))
    if len(stripped) > 400:
        cues.append("long")
    # The cue-rule baseline's own guess, as one more feature the model learns to weigh.
    cues.append("rule_" + rule)
    return cues


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
    _context_views.cache_clear()
    _FOUND_NAMES.clear()
    from .paragraph_rules import _heading_label

    _heading_label.cache_clear()


def paragraph_features(text: str, section: str, doc_type: str = "", context: str = "") -> Dict[str, str]:
    """The views of a paragraph the classifier reads: its body text, its opening, its nearest and
    full section heading (numbers folded, so "năm 2023" and "năm 2024" look alike), the genre's
    cue words as binary tokens, the kind of its document (a "kết luận" reports and directs,
    a "quyết định" decides and assigns: the same words mean different labels), and its place in
    the document (``context``: tokens of :mod:`vnadmin_nlp.structure`, added to the cues)."""
    feats = _features(text, section, doc_type, None)
    if context:
        feats["cues"] += " " + context
    return feats


def paragraph_features_many(texts: List[str], sections: List[str], doc_types: List[str],
                            contexts: Optional[List[str]] = None) -> List[Dict[str, str]]:
    """:func:`paragraph_features` of many paragraphs (the same views, computed faster: the
    per-character work and the cue searches run once over the whole batch)."""
    if not texts:
        return []
    feats = _features_many(texts, sections, doc_types)
    for feat, context in zip(feats, contexts or ()):
        if context:
            feat["cues"] += " " + context
    return feats


def _features_many(texts: List[str], sections: List[str], doc_types: List[str]) -> List[Dict[str, str]]:
    stripped = [text.strip() for text in texts]
    markers = list(map(_MARKER_RE.match, stripped))
    # _MARKER_RE is anchored at the start: its sub removes the match, if any, and nothing else.
    cut = [marker.end() if marker else 0 for marker in markers]
    raw_bodies = [text[k:] if k else text for text, k in zip(stripped, cut)]
    upper = list(map(_mostly_upper, stripped))
    bodies = [_NUM_RE.sub("0", body).lower() for body in raw_bodies]
    # Each cue searched over the whole batch at once (one join, one lowercase), then regrouped
    # by paragraph.
    joined = JoinedTexts(raw_bodies)
    found = np.array([search.many(joined) for _, search in _CUE_SEARCHES], dtype=bool).reshape(-1, len(texts)).T
    rules = guess_paragraph_labels(texts, sections)
    # The cue string of _cue_string, assembled from pieces: per section and document type,
    # per set of cues found (memoized), and the paragraph's own shape.
    names = list(map(_found_names, (found @ (1 << np.arange(found.shape[1]))).tolist()))
    openers = list(map(_BODY_OPENER_RE.match, raw_bodies))
    feats = []
    for i, (section, doc_type, body) in enumerate(zip(sections, doc_types, bodies)):
        heading, path, path_cues, doctype = _context_views(section, doc_type)
        cues = [path_cues] if path_cues else []
        if openers[i]:
            cues.append("opens_with_body")
        if names[i]:
            cues.append(names[i])
        cues += _shape_cues(stripped[i], upper[i], markers[i], rules[i])
        feats.append({
            "text": body,
            "opening": " ".join(body.split(maxsplit=OPENING_WORDS)[:OPENING_WORDS]),
            "heading": heading,
            "section": path,
            "cues": " ".join(cues) + doctype,
        })
    return feats


#: Per set of cues found (bit k: cue k of _CUE_SEARCHES), their names joined.
_FOUND_NAMES: Dict[int, str] = {}


def _found_names(bits: int) -> str:
    names = _FOUND_NAMES.get(bits)
    if names is None:
        names = _FOUND_NAMES[bits] = " ".join(name for k, (name, _) in enumerate(_CUE_SEARCHES) if bits >> k & 1)
    return names


@lru_cache(maxsize=4096)
def _context_views(section: str, doc_type: str) -> Tuple[str, str, str, str]:
    """The views of :func:`_views` that depend on the section and the document type only: the
    heading and section views, the section's cue tokens joined, the document type's cue."""
    heading, path = _section_views(section)
    kind = f"loại {doc_type or 'khác'}"
    return (heading or kind, kind + path, " ".join(_path_cues(section)),
            " doctype_" + (doc_type or "none").replace(" ", "_"))


def _marker_cue(marker: "re.Match") -> str:
    kind = marker.group(0).strip()
    return ("marker_dash" if kind[:1] in _BULLETS else "marker_roman" if kind[:1] in _ROMAN
            else "marker_letter" if kind[:1].isalpha() else "marker_number")


def _features(text: str, section: str, doc_type: str, upper: Optional[bool],
              raw_body: Optional[str] = None, found: Optional[Tuple[bool, ...]] = None) -> Dict[str, str]:
    if raw_body is None:
        raw_body = _MARKER_RE.sub("", text.strip())
    body = _NUM_RE.sub("0", raw_body).lower()
    return _views(body, section, doc_type, _cue_tokens(text, raw_body, section, upper, found))


#: The opening view: the first words of the body text.
OPENING_WORDS = 6


def _views(body: str, section: str, doc_type: str, cues: str) -> Dict[str, str]:
    heading, path = _section_views(section)
    kind = f"loại {doc_type or 'khác'}"
    return {
        "text": body,
        "opening": " ".join(body.split(maxsplit=OPENING_WORDS)[:OPENING_WORDS]),
        "heading": heading or kind,
        "section": kind + path,
        "cues": cues + " doctype_" + (doc_type or "none").replace(" ", "_"),
    }


#: Reader kinds whose paragraphs are always `other` (see ``io.document.PARAGRAPH_KINDS``).
FIXED_OTHER_KINDS = frozenset({"header", "title", "recipients", "signature"})
_OTHER_CATS = {label: float(label == "other") for label in PARAGRAPH_LABELS}


class ParagraphClassifier(Pipe):
    """Sets ``doc.cats`` (one probability per paragraph label) from text, ``Doc._.section`` and
    ``Doc._.doc_type``."""

    def __init__(self, nlp: Language, name: str = "vnadmin_paragraph_classifier", *,
                 c: float = 0.3, char_ngrams: List[int] = (2, 4), word_ngrams: List[int] = (1, 2),
                 class_weight: Optional[str] = "balanced", balance_power: float = 1.0,
                 use_context: bool = True, fast_tfidf: bool = True, scorer: Optional[Callable] = None):
        self.name = name
        self.cfg = {"c": c, "char_ngrams": list(char_ngrams), "word_ngrams": list(word_ngrams),
                    "class_weight": class_weight, "balance_power": balance_power, "use_context": use_context}
        #: TF-IDF at prediction by tfidf.CachedTfidf (True) or scikit-learn's transform (False).
        self.fast_tfidf = fast_tfidf
        self.scorer = scorer
        # What prediction reads, as plain arrays and FittedTfidf blocks: a loaded model needs
        # no scikit-learn (its import costs about a second). ``regression`` and ``vectorizers``
        # give the scikit-learn objects, made on first access.
        self._classes: Optional[np.ndarray] = None
        self._coef: Optional[np.ndarray] = None
        self._intercept: Optional[np.ndarray] = None
        self._blocks: Optional[Dict[str, object]] = None  # name -> fitted vectorizer or FittedTfidf
        self._model = None
        self._fast: Optional[List[CachedTfidf]] = None  # made from the fitted blocks on first use, then kept
        self._coef_t = None
        self._scoring = None
        register_extensions()

    @property
    def labels(self) -> tuple:
        return tuple(PARAGRAPH_LABELS)

    # -- model -------------------------------------------------------------
    def _vectorizer_settings(self) -> Dict[str, dict]:
        """The ``TfidfVectorizer`` settings of each feature block."""
        word = tuple(self.cfg["word_ngrams"])
        char = tuple(self.cfg["char_ngrams"])
        return {
            "text_word": dict(ngram_range=word, sublinear_tf=True, min_df=1),
            "text_char": dict(analyzer="char_wb", ngram_range=char, sublinear_tf=True, min_df=2),
            "opening": dict(ngram_range=(1, 3), sublinear_tf=True),
            "heading": dict(ngram_range=(1, 2), sublinear_tf=True),
            "section": dict(ngram_range=(1, 1), sublinear_tf=True),
            # Unnormalised binary cues keep their full weight beside the n-gram blocks.
            "cues": dict(token_pattern=r"\S+", binary=True, norm=None, lowercase=False),
        }

    def _make_vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        return {name: TfidfVectorizer(**settings) for name, settings in self._vectorizer_settings().items()}

    @property
    def vectorizers(self) -> Optional[Dict[str, object]]:
        """The fitted scikit-learn vectorizers (a loaded model's are made on first access)."""
        if self._blocks is None:
            return None
        return {name: block.to_sklearn() if isinstance(block, FittedTfidf) else block
                for name, block in self._blocks.items()}

    @vectorizers.setter
    def vectorizers(self, vectorizers: Optional[Dict[str, object]]) -> None:
        self._blocks = None if vectorizers is None else dict(vectorizers)
        self._fast = None

    # Not called ``model``: spaCy probes ``hasattr(component, "model")`` while it loads a pipeline
    # (typing's runtime check of its ListenedToComponent protocol, whose members it tries in hash
    # order), and a property of that name imported scikit-learn then, about a second, in some
    # processes and not others.
    @property
    def regression(self):
        """The fitted ``LogisticRegression`` (a loaded model's is made on first access)."""
        if self._model is None and self._coef is not None:
            from sklearn.linear_model import LogisticRegression

            model = LogisticRegression()
            model.classes_, model.coef_, model.intercept_ = self._classes, self._coef, self._intercept
            self._model = model
        return self._model

    @regression.setter
    def regression(self, model) -> None:
        self._model = model
        if model is None:
            self._classes = self._coef = self._intercept = None
        else:
            self._classes, self._coef, self._intercept = model.classes_, model.coef_, model.intercept_
        self._fast = self._coef_t = self._scoring = None

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

    def _contexts(self, contexts: Optional[Iterable[str]], n: int) -> List[str]:
        # A model fitted without context tokens (cfg use_context false, or saved before they
        # existed) is given none, so that its features stay those it was fitted on.
        if not self.cfg.get("use_context") or contexts is None:
            return [""] * n
        return list(contexts)

    def fit(self, texts: List[str], sections: List[str], labels: List[str],
            doc_types: Optional[List[str]] = None, contexts: Optional[List[str]] = None) -> "ParagraphClassifier":
        """Fit on paragraphs with their sections, document types, contexts and gold labels."""
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError(f"{self.name}: training needs at least two paragraph labels, got {set(labels)}")
        self.vectorizers = self._make_vectorizers()
        doc_types = doc_types or [""] * len(texts)
        contexts = self._contexts(contexts, len(texts))
        X = self._matrix([paragraph_features(t, s, d, c) for t, s, d, c in zip(texts, sections, doc_types, contexts)],
                         fit=True)
        model = LogisticRegression(C=self.cfg["c"], max_iter=2000, class_weight=self._class_weights(labels))
        model.fit(X, labels)
        self.regression = model
        return self

    def _class_weights(self, labels: List[str]):
        """The regression's ``class_weight``. "balanced" weighs each label by n / (labels x its
        count), as scikit-learn does, raised to ``balance_power``. At 1 a paragraph of `cause`
        (49 of the 8,213 training paragraphs) weighs about 100 times one of `other` (5,204),
        and `other` loses the narrative paragraphs of news copies to result and task; at 0.5,
        about 10 times."""
        from sklearn.utils.class_weight import compute_class_weight

        power = self.cfg.get("balance_power", 1.0)
        if self.cfg["class_weight"] != "balanced" or power == 1.0:
            return self.cfg["class_weight"]
        classes = np.unique(labels)
        weights = compute_class_weight("balanced", classes=classes, y=labels) ** power
        return dict(zip(classes.tolist(), weights.tolist()))

    def predict_proba(self, texts: Iterable[str], sections: Iterable[str],
                      doc_types: Optional[Iterable[str]] = None,
                      contexts: Optional[Iterable[str]] = None) -> List[Dict[str, float]]:
        """Probabilities of each paragraph label, for paragraphs with their sections (and document
        types and contexts)."""
        texts, sections = list(texts), list(sections)
        doc_types = list(doc_types) if doc_types is not None else [""] * len(texts)
        if not texts:
            return []
        feats = paragraph_features_many(texts, sections, doc_types, self._contexts(contexts, len(texts)))
        if self._coef is None:
            raise ValueError(f"{self.name}: the classifier is not fitted (initialize it or load a model)")
        probs = self._probabilities(self._decision(feats))
        if self._scoring is None:
            classes = list(self._classes)
            self._scoring = [classes.index(label) if label in classes else None for label in self.labels]
        if None not in self._scoring:
            # Every label has a column: one dict per row straight from the reordered rows.
            return list(map(dict, map(partial(zip, self.labels), probs[:, self._scoring].tolist())))
        columns = list(zip(self.labels, self._scoring))
        return [{label: (row[i] if i is not None else 0.0) for label, i in columns} for row in probs.tolist()]

    def _decision(self, feats: List[Dict[str, str]]) -> np.ndarray:
        """The model's decision function (X @ coef.T + intercept) on the paragraphs' features.

        Why not scikit-learn's transform by default: on the 120 distinct pool documents of
        docs/benchmarks.md, ``analyze()`` took 13.8 s with CachedTfidf and 16.4 s with
        scikit-learn's transform (18% more; row "classifier TF-IDF by scikit-learn"), and the
        pipeline loads without importing scikit-learn (about a second).
        """
        if self._coef_t is None:
            self._coef_t = np.ascontiguousarray(self._coef.T)
        if self._fast is None:
            # Settings CachedTfidf does not reproduce (an accent-stripping vectorizer ...) go
            # to scikit-learn too.
            fast = self.fast_tfidf and all(map(CachedTfidf.supports, self._blocks.values()))
            self._fast = [CachedTfidf(block) for block in self._blocks.values()] if fast else []
        if not self._fast:
            return np.asarray(self._matrix(feats) @ self._coef_t) + self._intercept
        fields = [[feat[self._field(name)] for feat in feats] for name in self._blocks]
        return tfidf.decision(self._fast, fields, self._coef_t) + self._intercept

    def _probabilities(self, decision: np.ndarray) -> np.ndarray:
        """``self.regression.predict_proba`` from the decision function, without its per-call
        input validation: the same softmax (or logistic for two classes)."""
        if len(self._classes) <= 2:
            from scipy.special import expit

            # sklearn's _predict_proba_lr on the raveled decision of a binary model.
            prob = expit(decision.ravel())
            return np.vstack([1 - prob, prob]).T
        # sklearn.utils.extmath.softmax, step by step (without its array-API dispatch).
        decision = decision - decision.max(axis=1).reshape((-1, 1))
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape((-1, 1))
        return decision

    def clear_cache(self) -> None:
        """Empty the word- and section-level caches (cold timings; they also bound themselves).
        The feature tables built from the model stay."""
        for block in self._fast or ():
            block.clear_cache()
        clear_feature_caches()

    # -- spaCy pipe API ----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return self._label_batch([doc])[0]

    #: The fewest paragraphs classified together. A batch's TF-IDF has a fixed cost per feature
    #: block (a few numpy calls), so the classifier batches more than the pipeline does
    #: (nlp.batch_size, 128, keeps the tagger's arrays small); it holds finished Docs meanwhile.
    #: One batch per document of fewer paragraphs: analyze() about 4% faster on pool documents.
    MIN_BATCH = 1024

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        batch_size = max(batch_size, self.MIN_BATCH)
        batch: List[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._label_batch(batch)
                batch = []
        yield from self._label_batch(batch)

    def _label_batch(self, docs: List[Doc]) -> List[Doc]:
        extensions = [doc._ for doc in docs]  # each ``doc._`` builds an accessor: once per Doc
        probs = self.predict_proba(list(map(doc_text, docs)), [x.section for x in extensions],
                                   [x.doc_type for x in extensions], [x.context for x in extensions])
        for doc, cats, x in zip(docs, probs, extensions):
            # What the reader knows to be a header, title, recipients list or signature is `other`
            # by the guidelines (§4, Reading), whatever its words say ("KẾT LUẬN ... về tăng cường").
            doc.cats = _OTHER_CATS.copy() if x.kind in FIXED_OTHER_KINDS else cats
        return docs

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   labels: Optional[List[str]] = None) -> None:
        """Fit on the training corpus: every example whose reference has a paragraph label."""
        validate_get_examples(get_examples, "ParagraphClassifier.initialize")
        texts, sections, doc_types, contexts, gold = [], [], [], [], []
        for eg in get_examples():
            cats = eg.reference.cats
            if not cats or max(cats.values()) <= 0:
                continue  # footnotes and unlabelled text
            texts.append(eg.reference.text)
            sections.append(eg.reference._.section)
            doc_types.append(eg.reference._.doc_type)
            contexts.append(eg.reference._.context)
            gold.append(max(cats, key=cats.get))
        self.fit(texts, sections, gold, doc_types, contexts)

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
        if self._coef is None:
            (path / "cfg.json").write_text(json.dumps({"cfg": self.cfg, "fitted": False}), encoding="utf-8")
            return
        meta = {"cfg": self.cfg, "fitted": True, "classes": list(self._classes), "vectorizers": {}}
        arrays = {"coef": self._coef, "intercept": self._intercept}
        for name, vec in self._blocks.items():
            vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
            meta["vectorizers"][name] = {"vocabulary": vocab}
            arrays[f"idf_{name}"] = vec.idf_
        (path / "cfg.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(path / "weights.npz", **arrays)

    def from_disk(self, path, *, exclude=tuple()) -> "ParagraphClassifier":
        """Load the arrays and vocabularies (no scikit-learn: see ``regression`` and ``vectorizers``)."""
        path = ensure_path(path)
        meta = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        # Models saved before context tokens existed were fitted without them.
        self.cfg.update({"use_context": False}, **meta["cfg"])
        if not meta.get("fitted"):
            return self
        with np.load(path / "weights.npz") as saved:
            arrays = {name: saved[name] for name in saved.files}
        # Only the feature blocks the model was fitted with, in their order.
        settings = self._vectorizer_settings()
        self.vectorizers = {
            name: FittedTfidf(settings[name], {term: i for i, term in enumerate(block["vocabulary"])},
                              arrays[f"idf_{name}"])
            for name, block in meta["vectorizers"].items()}
        self._model = None
        self._classes = np.array(meta["classes"])
        self._coef, self._intercept = arrays["coef"], arrays["intercept"]
        self._fast = self._coef_t = self._scoring = None
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
    default_config={"c": 0.3, "char_ngrams": [2, 4], "word_ngrams": [1, 2], "class_weight": "balanced",
                    "balance_power": 1.0, "use_context": True, "fast_tfidf": True},
    default_score_weights={"cats_macro_f": 1.0, "cats_score": None},
)
def make_paragraph_classifier(nlp: Language, name: str, c: float, char_ngrams: List[int],
                              word_ngrams: List[int], class_weight: Optional[str], balance_power: float = 1.0,
                              use_context: bool = True, fast_tfidf: bool = True) -> ParagraphClassifier:
    return ParagraphClassifier(nlp, name, c=c, char_ngrams=char_ngrams, word_ngrams=word_ngrams,
                               class_weight=class_weight, balance_power=balance_power,
                               use_context=use_context, fast_tfidf=fast_tfidf)
