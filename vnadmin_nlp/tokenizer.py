"""Lossless Vietnamese word tokenizer for spaCy, registered as ``vnadmin.Tokenizer.v1``.

Word segmentation comes from underthesea's offline CRF (shipped in its
wheel). Before segmenting, the rule entities (document codes, dates; see
:func:`vnadmin_nlp.patterns.find_rule_entities`) are found and kept whole as
single tokens, because underthesea splits them inconsistently
("82 - KH / BDVTW"). A short list of institutional words ("Tỉnh ủy",
"Thường vụ", ...) is passed to underthesea as fixed words so that names are
not cut across ("Dân vận Tỉnh | ủy").

The tokenizer never changes the text: ``doc.text == text`` always.
"""

from __future__ import annotations

import json
import operator
import re
import struct
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import srsly
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .patterns import find_rule_entities

#: Heads of body names (see ``patterns/orgs.py``) that the CRF glues to the word
#: before them ("Lưu Văn phòng", "Giao Ban"); as fixed words or forced word
#: starts they keep names on word boundaries.
ORG_HEAD_FIXED_WORDS = (
    "Văn phòng", "Công an", "Ủy ban", "Hội đồng", "Ngân hàng", "Kho bạc", "Trung tâm",
    "Liên đoàn", "Công đoàn", "Tổng cục", "Chi cục", "Học viện", "Tòa án", "Viện kiểm sát",
    "Thanh tra", "Kiểm toán",
)
NAME_HEAD_SYLLABLES = frozenset({"Ban", "Sở", "Bộ", "Hội", "Cục", "Báo", "Đài", "Đoàn", "Tổ"})
LEVEL_SYLLABLES = frozenset({"tỉnh", "huyện", "xã", "phường", "quận"})
_ABBREVIATION_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9\-]+$")

#: Words of the institutional vocabulary that must stay whole. Each is an
#: ordinary word of the genre, not a name found in one document.
DEFAULT_FIXED_WORDS = (
    "Tỉnh ủy", "Huyện ủy", "Thị ủy", "Thành ủy", "Đảng ủy", "Quận ủy", "Tỉnh đoàn",
    "Thường vụ", "Thường trực", "Đảng đoàn", "Mặt trận", "Tổ quốc", "Trung ương",
    "Chính phủ", "Quốc hội", "Chính trị", "Bí thư", "Dân vận", "Tuyên giáo",
    "Chấp hành", "Kiểm tra", "Tổ chức", "Nội chính", "Cán sự",
    # "Hội đồng nhân dân | số 87/2015/QH13": kept whole, "nhân dân" never joins "số" (dân số).
    "nhân dân",
) + ORG_HEAD_FIXED_WORDS

_CACHE_SIZE = 20000
_CRF_MODEL_DIR = "ws_crf_vlsp2013_20230727"


def _crf_model_dir() -> Path:
    import underthesea.pipeline.word_tokenize as ws

    return Path(ws.__file__).parent / "models" / _CRF_MODEL_DIR


def read_crfsuite_weights(path: Path) -> Tuple[List[str], Dict[str, float], Dict[Tuple[int, int], float]]:
    """Labels, state weights and transitions of a CRFsuite model file (``lCRF``).

    State weights are returned as ``weight(label 0) - weight(label 1)`` per
    attribute: with two labels only the difference matters for decoding.
    Reading the file ourselves (its layout is CRFsuite's ``crf1dmodel.c``)
    lets the decoder below skip underthesea's per-call featurizer, which
    builds 43 feature strings per syllable and dominated the profile.
    """
    data = Path(path).read_bytes()
    (magic, _size, _type, _version, _n_feat, n_labels, n_attrs, off_feat, off_labels, off_attrs,
     _off_lrefs, _off_arefs) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    if magic != b"lCRF":
        raise ValueError(f"{path}: not a CRFsuite model (magic {magic!r})")

    def strings(offset: int, count: int) -> List[str]:
        # CQDB: header, 256 hash tables, records (id, size, key\0), backward array id -> record.
        chunk, _s, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB":
            raise ValueError(f"{path}: damaged string table at byte {offset}")
        backward = struct.unpack_from(f"<{bwd_size}I", data, offset + bwd_offset)
        out = []
        for i in range(count):
            _id, size = struct.unpack_from("<II", data, offset + backward[i])
            start = offset + backward[i] + 8
            out.append(data[start:start + size - 1].decode("utf8"))
        return out

    labels = strings(off_labels, n_labels)
    attrs = strings(off_attrs, n_attrs)
    chunk, _s, count = struct.unpack_from("<4sII", data, off_feat)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: damaged feature table")
    state: Dict[str, float] = {}
    transitions: Dict[Tuple[int, int], float] = {}
    body = memoryview(data)[off_feat + 12:off_feat + 12 + 20 * count]
    for kind, src, dst, weight in struct.iter_unpack("<IIId", body):
        if kind == 0:  # state feature: attribute src, label dst
            sign = 1.0 if dst == 0 else -1.0
            state[attrs[src]] = state.get(attrs[src], 0.0) + sign * weight
        else:  # transition src -> dst
            transitions[(src, dst)] = weight
    return labels, state, transitions


def _is_title(text: str) -> bool:
    # underthesea_core's istitle: no space-separated part starts with a lower-case letter.
    return all(not part[:1].islower() for part in text.split(" "))


def _is_digit(text: str) -> bool:
    # underthesea_core's isdigit: ASCII digits only ("3.895", "²" are not digits).
    return text.isascii() and text.isdigit()


class _FastCRF:
    """underthesea's word-segmentation CRF, decoded in Python without its featurizer.

    The model's 43 feature templates each read a window of at most three
    consecutive syllables, so a syllable's score (B-W minus I-W) is a sum of
    parts that depend only on one unigram, bigram or trigram and the offset.
    Those parts are computed once per n-gram and cached (bounded), then the
    two-label Viterbi runs over the sums. The tags are the same as
    ``FastCRFSequenceTagger.predict`` (checked on every seed paragraph by
    tests/test_tokenizer.py); sequences shorter than 3 syllables, where the
    sentence edges overlap, go to underthesea's own tagger.
    """

    _MAX_CACHE = 200_000

    def __init__(self, model_dir: Path):
        import joblib

        self.labels, self.weights, transitions = read_crfsuite_weights(model_dir / "models.bin")
        if self.labels[:2] != ["B-W", "I-W"]:
            raise ValueError(f"{model_dir}: unexpected labels {self.labels}")
        self.dictionary = joblib.load(model_dir / "dictionary.bin")
        self.t_bb = transitions.get((0, 0), 0.0)
        self.t_bi = transitions.get((0, 1), 0.0)
        self.t_ib = transitions.get((1, 0), 0.0)
        self.t_ii = transitions.get((1, 1), 0.0)
        self.cache = True
        self._uni: Dict[str, Tuple[float, ...]] = {}
        self._bi: Dict[Tuple[str, str], Tuple[float, ...]] = {}
        self._tri: Dict[Tuple[str, str, str], Tuple[float, ...]] = {}
        self._build_tables()
        self._fallback = None
        self._model_dir = model_dir

    # The model's templates (features.bin), by the window they read.
    _UNI_OFFSETS = (-2, -1, 0, 1, 2)
    _BI_OFFSETS = (-2, -1, 0, 1)
    _TRI_OFFSETS = (-2, -1, 0)

    def _build_tables(self) -> None:
        """Regroup the weights: per n-gram value, the weight at each offset.

        A template's string value (``T[-1,0]=Ban Thường``) contributes to the
        position ``-offset`` syllables away; flags (``.istitle=True``) are
        constants per offset. Values absent from the model weigh nothing.
        """
        by_template: Dict[str, Dict[str, float]] = {}
        for attr, weight in self.weights.items():
            template, _, value = attr.partition("=")
            by_template.setdefault(template, {})[value] = weight

        def table(names: List[str]) -> Dict[str, Tuple[float, ...]]:
            values = set().union(*(by_template.get(n, {}) for n in names))
            return {v: tuple(by_template.get(n, {}).get(v, 0.0) for n in names) for v in values}

        def flag(name: str, value: str) -> float:
            return by_template.get(name, {}).get(value, 0.0)

        uni = [f"T[{k}]" for k in self._UNI_OFFSETS]
        bi = [f"T[{a},{a + 1}]" for a in self._BI_OFFSETS]
        tri = [f"T[{a},{a + 2}]" for a in self._TRI_OFFSETS]
        self._uni_text = table(uni)
        self._uni_lower = table([n + ".lower" for n in uni])
        self._bi_text = table(bi)
        self._bi_lower = table([n + ".lower" for n in bi])
        self._tri_text = table(tri)
        # Flag constants, keyed by the flags' values.
        self._uni_flags = {
            (digit, title, in_dict): tuple(
                flag(n + ".isdigit", str(digit)) + flag(n + ".istitle", str(title))
                + flag(n + ".is_in_dict", str(in_dict)) for n in uni)
            for digit in (True, False) for title in (True, False) for in_dict in (True, False)}
        self._bi_flags = {
            (title, in_dict): tuple(flag(n + ".istitle", str(title)) + flag(n + ".is_in_dict", str(in_dict))
                                    for n in bi)
            for title in (True, False) for in_dict in (True, False)}
        self._tri_flags = {
            (title, in_dict): tuple(flag(n + ".istitle", str(title)) + flag(n + ".is_in_dict", str(in_dict))
                                    for n in tri)
            for title in (True, False) for in_dict in (True, False)}

        def edge(names: List[str], value: str) -> Tuple[float, ...]:
            suffixes = ("", ".lower", ".isdigit", ".istitle", ".is_in_dict")
            return tuple(sum(flag(n + x, value) for x in suffixes) for n in names)

        self._uni_bos, self._uni_eos = edge(uni, "BOS"), edge(uni, "EOS")
        self._bi_bos, self._bi_eos = edge(bi, "BOS"), edge(bi, "EOS")
        self._tri_bos, self._tri_eos = edge(tri, "BOS"), edge(tri, "EOS")

    @staticmethod
    def _add(base: Tuple[float, ...], extra: Optional[Tuple[float, ...]]) -> Tuple[float, ...]:
        return base if extra is None else tuple(map(operator.add, base, extra))

    def _unigram(self, s: str) -> Tuple[float, ...]:
        lower = s.lower()
        part = self._uni_flags[(_is_digit(s), _is_title(s), lower in self.dictionary)]
        part = self._add(self._add(part, self._uni_text.get(s)), self._uni_lower.get(lower))
        # Syllables are a closed set (a few thousand in Vietnamese), so this
        # cache fills on any text and stays on even in cold runs.
        if len(self._uni) < self._MAX_CACHE:
            self._uni[s] = part
        return part

    def _bigram(self, key: Tuple[str, str]) -> Tuple[float, ...]:
        text = key[0] + " " + key[1]
        lower = text.lower()
        title = _is_title(text)
        part = self._bi_flags[(title, lower in self.dictionary)]
        part = self._add(self._add(part, self._bi_text.get(text)), self._bi_lower.get(lower))
        if self.cache and len(self._bi) < self._MAX_CACHE:
            self._bi[key] = part
        return part

    def _trigram(self, key: Tuple[str, str, str]) -> Tuple[float, ...]:
        text = " ".join(key)
        title = _is_title(text)
        part = self._add(self._tri_flags[(title, text.lower() in self.dictionary)],
                         self._tri_text.get(text))
        if self.cache and len(self._tri) < self._MAX_CACHE:
            self._tri[key] = part
        return part

    def tag(self, syllables: List[str]) -> List[str]:
        """B-W / I-W for each syllable, as underthesea's CRF tags them."""
        n = len(syllables)
        if n < 3:
            return self._tag_with_underthesea(syllables)
        uni, bi, tri = self._uni, self._bi, self._tri
        u = [self._uni_bos, self._uni_bos]
        u.extend([uni.get(s) or self._unigram(s) for s in syllables])
        u += [self._uni_eos, self._uni_eos]
        pairs = list(zip(syllables, syllables[1:]))
        b = [self._bi_bos, self._bi_bos]
        b.extend([bi.get(k) or self._bigram(k) for k in pairs])
        b += [self._bi_eos, self._bi_eos]
        triples = list(zip(syllables, syllables[1:], syllables[2:]))
        c = [self._tri_bos, self._tri_bos]
        c.extend([tri.get(k) or self._trigram(k) for k in triples])
        c += [self._tri_eos, self._tri_eos]
        # Score of B-W minus I-W at position i: the parts of the windows around i.
        scores = [
            u0[0] + u1[1] + u2[2] + u3[3] + u4[4] + b0[0] + b1[1] + b2[2] + b3[3] + c0[0] + c1[1] + c2[2]
            for u0, u1, u2, u3, u4, b0, b1, b2, b3, c0, c1, c2 in zip(
                u, u[1:], u[2:], u[3:], u[4:], b, b[1:], b[2:], b[3:], c, c[1:], c[2:])
        ]
        return self._viterbi(scores)

    def clear_cache(self) -> None:
        self._uni.clear()
        self._bi.clear()
        self._tri.clear()

    def _viterbi(self, scores: List[float]) -> List[str]:
        t_bb, t_bi, t_ib, t_ii = self.t_bb, self.t_bi, self.t_ib, self.t_ii
        best_b, best_i = scores[0], 0.0
        back: List[Tuple[bool, bool]] = []  # (B came from B, I came from B)
        for score in scores[1:]:
            from_bb, from_ib = best_b + t_bb, best_i + t_ib
            from_bi, from_ii = best_b + t_bi, best_i + t_ii
            b_from_b = from_bb >= from_ib
            i_from_b = from_bi >= from_ii
            best_b = (from_bb if b_from_b else from_ib) + score
            best_i = from_bi if i_from_b else from_ii
            back.append((b_from_b, i_from_b))
        is_b = best_b >= best_i
        tags = ["B-W" if is_b else "I-W"]
        for b_from_b, i_from_b in reversed(back):
            is_b = b_from_b if is_b else i_from_b
            tags.append("B-W" if is_b else "I-W")
        tags.reverse()
        return tags

    def _tag_with_underthesea(self, syllables: List[str]) -> List[str]:
        if not syllables:
            return []
        if self._fallback is None:
            from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

            model = FastCRFSequenceTagger()
            model.load(str(self._model_dir))
            self._fallback = model
        return list(self._fallback.predict([[s] for s in syllables]))


def _syllable_pattern(fixed_words: Tuple[str, ...]):
    """underthesea's syllable regex with our fixed words first, compiled once.

    ``underthesea...regex_tokenize.tokenize(fixed_words=...)`` rebuilds this
    pattern on every call and leaves it in a module global, which also
    changes later ``word_tokenize`` calls in the same process; compiling our
    own copy avoids both.
    """
    from underthesea.pipeline.word_tokenize import regex_tokenize as rt

    alternatives = list(rt.regex_patterns)
    if fixed_words:
        escaped = [re.sub(" ", r"\\ ", w) for w in fixed_words]
        alternatives.insert(0, "(?P<fixed_words>\\b" + "\\b|\\b".join(escaped) + "\\b)")
    return re.compile(r"(" + "|".join(alternatives) + ")", re.VERBOSE | re.UNICODE)


class _Segmenter:
    """Syllables by underthesea's regex, words by its CRF (decoded by :class:`_FastCRF`)."""

    def __init__(self, fixed_words: Tuple[str, ...], cache: bool = True):
        self.fixed_words = tuple(fixed_words)
        self._pattern = None
        self._crf: Optional[_FastCRF] = None
        self.cache = cache
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._segment)

    def set_cache(self, enabled: bool) -> None:
        """Paragraph, bigram and trigram caches on or off; off empties them (cold runs)."""
        self.cache = enabled
        if self._crf is not None:
            self._crf.cache = enabled
        if not enabled:
            self.clear_cache()

    def segment(self, text: str) -> Tuple[Tuple[Tuple[int, int], ...], ...]:
        """Words of ``text``, each a tuple of syllable ``(start, end)`` spans."""
        return self._cached(text) if self.cache else self._segment(text)

    def clear_cache(self) -> None:
        self._cached.cache_clear()
        if self._crf is not None:
            self._crf.clear_cache()

    def _segment(self, text: str) -> Tuple[Tuple[Tuple[int, int], ...], ...]:
        if self._pattern is None:
            self._pattern = _syllable_pattern(self.fixed_words)
            self._crf = _FastCRF(_crf_model_dir())
            self._crf.cache = self.cache
        spans = [m.span() for m in self._pattern.finditer(text)]
        if not spans:
            return ()
        syllables = [text[s:e] for s, e in spans]
        tags = self._crf.tag(syllables)
        for i, syllable in enumerate(syllables):
            if " " in syllable or _ABBREVIATION_RE.match(syllable):
                # Fixed words and abbreviations (UBND, VPTU) are words of their own.
                tags[i] = "B-W"
                if i + 1 < len(tags):
                    tags[i + 1] = "B-W"
                # "Công an | tỉnh | thành lập": a level word after a body's name
                # stands alone, so the name can end there.
                if i + 2 < len(tags) and syllables[i + 1] in LEVEL_SYLLABLES:
                    tags[i + 2] = "B-W"
            elif syllable in NAME_HEAD_SYLLABLES:
                tags[i] = "B-W"  # "Giao | Ban Dân vận": a body's name starts a word
            elif not any(ch.isalnum() for ch in syllable):
                # Punctuation ("|", "-", "(") is never part of a word, on either side.
                tags[i] = "B-W"
                if i + 1 < len(tags):
                    tags[i + 1] = "B-W"
        words: List[List[Tuple[int, int]]] = []
        for tag, span in zip(tags, spans):
            if tag == "I-W" and words:
                words[-1].append(span)
            else:
                words.append([span])
        return tuple(tuple(w) for w in words)


class VietnameseTokenizer:
    """spaCy tokenizer: Vietnamese words, with codes and dates kept whole.

    Segmented paragraphs are cached (``cache=True``), which makes repeated
    paragraphs (headers, closing formulas, re-runs) free; ``set_cache(False)``
    segments every text anew (the benchmark's cold figures).
    """

    def __init__(self, vocab: Vocab, fixed_words: Iterable[str] = DEFAULT_FIXED_WORDS,
                 protect_rule_entities: bool = True, cache: bool = True):
        self.vocab = vocab
        self.fixed_words = tuple(fixed_words)
        self.protect_rule_entities = protect_rule_entities
        self._segmenter = _Segmenter(self.fixed_words, cache)

    # spaCy needs picklable tokenizers for nlp.pipe(n_process=...).
    def __reduce__(self):
        return (VietnameseTokenizer, (self.vocab, self.fixed_words, self.protect_rule_entities,
                                      self._segmenter.cache))

    def set_cache(self, enabled: bool) -> None:
        """Turn the paragraph and n-gram caches on or off (off also empties them)."""
        self._segmenter.set_cache(enabled)

    def __call__(self, text: str) -> Doc:
        words: List[str] = []
        spaces: List[bool] = []
        # Same result as spacy.util.get_words_and_spaces, without its search
        # through the rest of the text for every word: we know the offsets.
        pos = 0
        length = len(text)
        for start, end in self.word_spans(text):
            if start > pos:
                words.append(text[pos:start])
                spaces.append(False)
            words.append(text[start:end])
            if end < length and text[end] == " ":
                spaces.append(True)
                pos = end + 1
            else:
                spaces.append(False)
                pos = end
        if pos < length:
            words.append(text[pos:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # ------------------------------------------------------------ segmentation
    def word_spans(self, text: str) -> List[Tuple[int, int]]:
        """Character spans of the words of ``text`` (whitespace excluded)."""
        protected = []
        if self.protect_rule_entities:
            protected = [(s, e) for s, e, _l, _v in find_rule_entities(text)]
        spans: List[Tuple[int, int]] = []
        cursor = 0
        for start, end in protected:
            spans.extend(self._free_text_spans(text, cursor, start))
            spans.append((start, end))
            cursor = end
        spans.extend(self._free_text_spans(text, cursor, len(text)))
        return spans

    def _free_text_spans(self, text: str, start: int, end: int) -> List[Tuple[int, int]]:
        chunk = text[start:end]
        if not chunk.strip():
            return []
        spans: List[Tuple[int, int]] = []
        cursor = 0
        for word in self._segmenter.segment(chunk):
            if chunk[cursor:word[0][0]].strip():
                # The syllable regex skipped something that is not space:
                # fall back to whitespace tokens for the rest (always lossless).
                return spans + _whitespace_spans(chunk, cursor, start)
            # A word never spans a line break or a double space.
            group = word[0]
            for s, e in word[1:]:
                if s - group[1] == 1 and chunk[group[1]] == " ":
                    group = (group[0], e)
                else:
                    spans.append((start + group[0], start + group[1]))
                    group = (s, e)
            spans.append((start + group[0], start + group[1]))
            cursor = word[-1][1]
        if chunk[cursor:].strip():
            spans.extend(_whitespace_spans(chunk, cursor, start))
        return spans

    # ------------------------------------------------------------ serialization
    def _config(self) -> dict:
        return {"fixed_words": list(self.fixed_words),
                "protect_rule_entities": self.protect_rule_entities}

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.json_dumps(self._config()).encode("utf8")

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "VietnameseTokenizer":
        cfg = json.loads(data.decode("utf8"))
        self.__init__(self.vocab, cfg["fixed_words"], cfg["protect_rule_entities"])
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._config())

    def from_disk(self, path, *, exclude=tuple()) -> "VietnameseTokenizer":
        cfg = srsly.read_json(Path(path) / "cfg.json")
        self.__init__(self.vocab, cfg["fixed_words"], cfg["protect_rule_entities"])
        return self


def _whitespace_spans(chunk: str, cursor: int, offset: int) -> List[Tuple[int, int]]:
    """Whitespace-separated tokens of ``chunk[cursor:]`` as spans of the full text."""
    return [
        (offset + cursor + m.start(), offset + cursor + m.end())
        for m in re.finditer(r"\S+", chunk[cursor:])
    ]


@registry.tokenizers("vnadmin.Tokenizer.v1")
def create_vietnamese_tokenizer(
    fixed_words: Optional[List[str]] = None, protect_rule_entities: bool = True
) -> Callable:
    """Registered factory for ``[nlp.tokenizer]`` in a config."""

    def make_tokenizer(nlp) -> VietnameseTokenizer:
        words = DEFAULT_FIXED_WORDS if fixed_words is None else fixed_words
        return VietnameseTokenizer(nlp.vocab, words, protect_rule_entities)

    return make_tokenizer


_DEFAULT_TOKENIZER: Optional[VietnameseTokenizer] = None


def segment_words(text: str) -> List[Tuple[int, int]]:
    """Word spans of ``text`` with the default tokenizer settings (no spaCy Doc built)."""
    global _DEFAULT_TOKENIZER
    if _DEFAULT_TOKENIZER is None:
        _DEFAULT_TOKENIZER = VietnameseTokenizer(Vocab())
    return _DEFAULT_TOKENIZER.word_spans(text)
