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
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Tuple

import srsly
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

from .patterns import find_rule_entities

#: Heads of body names (see ``patterns/orgs.py``) that the CRF glues to the word
#: before them ("Lưu Văn phòng", "Giao Ban"); as fixed words or forced word
#: starts they keep names on word boundaries.
ORG_HEAD_FIXED_WORDS = (
    "Văn phòng", "Công an", "Ủy ban", "Hội đồng", "Ngân hàng", "Kho bạc", "Trung tâm",
    "Liên đoàn", "Công đoàn", "Tổng cục", "Chi cục", "Học viện", "Tòa án", "Viện kiểm sát",
)
NAME_HEAD_SYLLABLES = frozenset({"Ban", "Sở", "Bộ", "Hội", "Cục", "Báo", "Đài", "Đoàn"})
LEVEL_SYLLABLES = frozenset({"tỉnh", "huyện", "xã", "phường", "quận"})
_ABBREVIATION_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9\-]+$")

#: Words of the institutional vocabulary that must stay whole. Each is an
#: ordinary word of the genre, not a name found in one document.
DEFAULT_FIXED_WORDS = (
    "Tỉnh ủy", "Huyện ủy", "Thị ủy", "Thành ủy", "Đảng ủy", "Quận ủy", "Tỉnh đoàn",
    "Thường vụ", "Thường trực", "Đảng đoàn", "Mặt trận", "Tổ quốc", "Trung ương",
    "Chính phủ", "Quốc hội", "Chính trị", "Bí thư", "Dân vận", "Tuyên giáo",
    "Chấp hành", "Kiểm tra", "Tổ chức", "Nội chính", "Cán sự",
) + ORG_HEAD_FIXED_WORDS

_CACHE_SIZE = 20000


class _Segmenter:
    """Thin wrapper over underthesea's syllable tokenizer and CRF tagger."""

    def __init__(self, fixed_words: Tuple[str, ...]):
        self.fixed_words = list(fixed_words)
        self._model = None
        self.segment = lru_cache(maxsize=_CACHE_SIZE)(self._segment)

    def _load(self):
        if self._model is None:
            from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
            import underthesea.pipeline.word_tokenize as ws

            model = FastCRFSequenceTagger()
            model.load(str(Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"))
            self._model = model
        return self._model

    def _segment(self, text: str) -> Tuple[Tuple[str, ...], ...]:
        """Words of ``text`` as tuples of syllable strings, in order."""
        from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

        syllables = tokenize(
            text, use_character_normalize=False, use_token_normalize=False,
            fixed_words=self.fixed_words,
        )
        if not syllables:
            return ()
        tags = list(self._load().predict([[s] for s in syllables]))
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
        words: List[List[str]] = []
        for tag, syllable in zip(tags, syllables):
            if tag == "I-W" and words:
                words[-1].append(syllable)
            else:
                words.append([syllable])
        return tuple(tuple(w) for w in words)


class VietnameseTokenizer:
    """spaCy tokenizer: Vietnamese words, with codes and dates kept whole."""

    def __init__(self, vocab: Vocab, fixed_words: Iterable[str] = DEFAULT_FIXED_WORDS,
                 protect_rule_entities: bool = True):
        self.vocab = vocab
        self.fixed_words = tuple(fixed_words)
        self.protect_rule_entities = protect_rule_entities
        self._segmenter = _Segmenter(self.fixed_words)

    # spaCy needs picklable tokenizers for nlp.pipe(n_process=...).
    def __reduce__(self):
        return (VietnameseTokenizer, (self.vocab, self.fixed_words, self.protect_rule_entities))

    def __call__(self, text: str) -> Doc:
        words = self.word_spans(text)
        token_texts = [text[s:e] for s, e in words]
        token_texts, spaces = get_words_and_spaces(token_texts, text)
        return Doc(self.vocab, words=token_texts, spaces=spaces)

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
            syllable_spans = []
            for syllable in word:
                found = chunk.find(syllable, cursor)
                if found < 0 or chunk[cursor:found].strip():
                    # underthesea changed or skipped something: fall back to
                    # whitespace tokens for the rest, which is always lossless.
                    return spans + _whitespace_spans(chunk, cursor, start)
                syllable_spans.append((found, found + len(syllable)))
                cursor = found + len(syllable)
            # A word never spans a line break or a double space.
            group = [syllable_spans[0]]
            for s, e in syllable_spans[1:]:
                if chunk[group[-1][1]:s] == " ":
                    group[-1] = (group[-1][0], e)
                else:
                    spans.append((start + group[-1][0], start + group[-1][1]))
                    group = [(s, e)]
            spans.extend((start + s, start + e) for s, e in group)
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
