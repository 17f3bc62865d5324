"""Vietnamese text in legacy 8-bit encodings: detect it and convert it to Unicode NFC.

Archives keep many documents typed before Unicode, in one of three encodings:

* **TCVN3 (ABC)**, fonts ``.VnTime``, ``.VnArial``...: one byte per precomposed
  lower-case letter; only the seven bare letters Ă Â Ê Ô Ơ Ư Đ have capitals, so
  capitals with a tone were typed in the capitals fonts (``.VnTimeH``), which
  draw the lower-case codes as capitals;
* **VNI** (VNI-Windows), fonts ``VNI-Times``...: a base letter followed by a
  byte for its diacritic and tone, a few letters as one byte;
* **Windows-1258** (cp1258): Windows' own code page, tones as combining marks.

The byte tables are data (``resources/legacy_encodings.json``); this module only
reads them. Detection is conservative: an encoding is used only when the text
it gives reads as Vietnamese syllables (:func:`plausibility`), so that other
8-bit text keeps the reader's "not UTF-8" error instead of turning into
confident mojibake.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

from ..resources import load_resource

logger = logging.getLogger("vnadmin_nlp")

#: Bytes judged per candidate encoding: enough words for a clear verdict, cheap on big files.
SAMPLE_BYTES = 64 * 1024
#: At least this many words with non-ASCII letters before any verdict (a short
#: fragment of Latin-1 text can look Vietnamese by chance).
MIN_MARKED_WORDS = 3
#: Share of those words that must be valid Vietnamese syllables. Real legacy
#: documents score close to 1 (a few foreign names, typos); a wrong table
#: leaves symbols and impossible vowel clusters in most words.
MIN_VALID_SHARE = 0.85

# The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Punctuation that may cling to either end of a word; anything else non-ASCII
# inside a token counts against the decoding that produced it.
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?…–—-/*%"

# Windows-1252, the code page Word and Windows use for the bytes of 8-bit
# fonts: legacy tables leave the other bytes to it. Its five undefined bytes
# become U+FFFD, which the plausibility check counts as an error.
_CP1252_C1 = {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)}
_C1_TO_CP1252 = str.maketrans({chr(b): ch for b, ch in _CP1252_C1.items()})
# The characters that stand for single bytes in a .docx run set in an 8-bit font.
_CP1252_CHARS_RE = re.compile(
    "[%s]+" % re.escape("".join(bytes([b]).decode("cp1252", errors="ignore") for b in range(256)))
)


@dataclass(frozen=True)
class LegacyEncoding:
    """One legacy encoding, as described in ``legacy_encodings.json``."""

    key: str
    label: str
    fonts: Tuple[str, ...] = ()
    capitals_font_suffix: str = ""
    table: Dict[str, str] = field(default_factory=dict)  # byte string (as Latin-1) -> Unicode
    codec: Optional[str] = None

    @property
    def _pattern(self) -> "re.Pattern[str]":
        return _table_pattern(self.key)

    @property
    def caseless(self) -> FrozenSet[str]:
        """Lower-case letters of the table that have no capital in it (TCVN3's toned letters)."""
        return _caseless_letters(self.key)

    def decode(self, data: bytes) -> str:
        """``data`` read in this encoding, as Unicode NFC."""
        if self.codec:
            text = data.decode(self.codec, errors="replace")
        else:
            # Latin-1 maps each byte to the code point of the same value, so the
            # table's byte sequences can be replaced with one regex pass.
            text = self._pattern.sub(lambda m: self.table[m.group()], data.decode("latin-1"))
            text = text.translate(_C1_TO_CP1252)
            if self.caseless:
                text = restore_capitals(text, self.caseless)
        return unicodedata.normalize("NFC", text)

    def decode_chars(self, text: str) -> str:
        """Text from a .docx run set in this encoding's font: each Windows-1252
        character stands for one byte; other characters (already Unicode) are kept."""
        return _CP1252_CHARS_RE.sub(lambda m: self.decode(m.group().encode("cp1252")), text)

    def owns_font(self, font: str) -> bool:
        """Whether ``font`` is one of this encoding's fonts (by name prefix)."""
        return any(font.startswith(prefix) for prefix in self.fonts)


@lru_cache(maxsize=None)
def legacy_encodings() -> Tuple[LegacyEncoding, ...]:
    """The encodings of ``legacy_encodings.json``, in the file's order (ties go to the first)."""
    found = []
    for key, spec in load_resource("legacy_encodings")["encodings"].items():
        table = {bytes.fromhex(k).decode("latin-1"): v for k, v in spec.get("map", {}).items()}
        found.append(LegacyEncoding(
            key=key, label=spec["label"], fonts=tuple(spec.get("fonts", ())),
            capitals_font_suffix=spec.get("capitals_font_suffix", ""), table=table, codec=spec.get("codec"),
        ))
    return tuple(found)


def _encoding(key: str) -> LegacyEncoding:
    return next(enc for enc in legacy_encodings() if enc.key == key)


@lru_cache(maxsize=None)
def _table_pattern(key: str) -> "re.Pattern[str]":
    # Longest sequences first, so that VNI's "a" + mark wins over a bare "a".
    keys = sorted(_encoding(key).table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)) if keys else re.compile(r"(?!)")


@lru_cache(maxsize=None)
def _caseless_letters(key: str) -> FrozenSet[str]:
    values = set(_encoding(key).table.values())
    return frozenset(ch for ch in values if ch.islower() and ch.upper() not in values)


# ---------------------------------------------------------------- capitals
_WORD_RE = re.compile(r"[^\W\d_]+")


def _reads_as_capitals(text: str, caseless: FrozenSet[str]) -> bool:
    """Capitals typed in a capitals font: every cased letter (one the encoding can
    write in both cases) is upper case, at least two of them, and some letter is caseless."""
    cased = [ch for ch in text if ch.isalpha() and ch not in caseless]
    return (any(ch in caseless for ch in text) and len(cased) >= 2
            and all(ch.isupper() for ch in cased))


def restore_capitals(text: str, caseless: FrozenSet[str]) -> str:
    """Upper-case the caseless letters of lines and words written in capitals.

    TCVN3 has no code for "Ế": a title typed in ``.VnTimeH`` is stored as
    ``KÕT LUËN`` and reads "KếT LUậN". A line whose cased letters are all
    capitals, with at least two words holding caseless letters, is a capitals
    line ("CỦA BAN THƯỜNG VỤ TỈNH ỦY"); elsewhere a single word needs two
    capitals of its own ("KẾT"), so that "Số: 12/QĐ-UBND" or "Đà" stay as typed.
    A capital with a tone at the start of an ordinary word ("Ủy ban") cannot be
    told from a lower-case one and stays lower case.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not any(ch in caseless for ch in line):
            continue
        words = [w for w in _WORD_RE.findall(line) if any(ch in caseless for ch in w)]
        if len(words) >= 2 and _reads_as_capitals(line, caseless):
            lines[i] = line.upper()
        else:
            # str.islower() first: it settles most words at C speed (no capital, nothing to restore).
            lines[i] = _WORD_RE.sub(
                lambda m: m.group() if m.group().islower() or not _reads_as_capitals(m.group(), caseless)
                else m.group().upper(), line)
    return "\n".join(lines)


# ---------------------------------------------------------------- plausibility
@dataclass(frozen=True)
class Plausibility:
    """How Vietnamese a text reads: words with non-ASCII letters, how many of them
    are valid syllables, and how many words are among the most frequent ones."""

    marked: int
    valid: int
    frequent: int

    @property
    def share(self) -> float:
        return self.valid / self.marked if self.marked else 1.0

    @property
    def plausible(self) -> bool:
        return self.marked >= MIN_MARKED_WORDS and self.share >= MIN_VALID_SHARE


@lru_cache(maxsize=None)
def _syllable_re() -> "re.Pattern[str]":
    parts = load_resource("legacy_encodings")["syllable"]

    def alt(items: List[str]) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    return re.compile(f"(?:{alt(parts['onsets'])})?(?:{alt(parts['nuclei'])})(?:{alt(parts['codas'])})?")


@lru_cache(maxsize=None)
def _frequent_words() -> FrozenSet[str]:
    return frozenset(load_resource("legacy_encodings")["frequent_words"])


def is_vietnamese_syllable(word: str) -> bool:
    """Whether lower-case ``word`` is onset + vowel cluster + coda with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word)
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _syllable_re().fullmatch(toneless) is not None


def plausibility(text: str) -> Plausibility:
    """Score ``text`` as Vietnamese (see :class:`Plausibility`)."""
    marked = valid = frequent = 0
    frequent_words = _frequent_words()
    for token in text.split():
        word = token.strip(_EDGE_PUNCT).lower()
        if word in frequent_words:
            frequent += 1
        if not word or word.isascii():
            continue  # ASCII words (numbers, codes, toneless syllables) fit every encoding alike
        marked += 1
        valid += is_vietnamese_syllable(word)
    return Plausibility(marked, valid, frequent)


# ---------------------------------------------------------------- plain text
def detect_legacy(data: bytes) -> Optional[LegacyEncoding]:
    """The legacy encoding in which ``data`` reads as Vietnamese, or None.

    Every encoding decodes a sample; among the plausible ones the best share of
    valid syllables wins, then the most frequent words.
    """
    sample = data[:SAMPLE_BYTES]
    best: Optional[Tuple[Tuple[float, int], LegacyEncoding]] = None
    for enc in legacy_encodings():
        score = plausibility(enc.decode(sample))
        if score.plausible and (best is None or (score.share, score.frequent) > best[0]):
            best = ((score.share, score.frequent), enc)
    return best[1] if best else None


def decode_legacy(data: bytes, name: str = "<bytes>") -> Optional[str]:
    """``data`` converted to Unicode NFC if it is Vietnamese in a legacy encoding, else None.

    The conversion is logged as a warning naming ``name`` and the encoding, so
    that a batch run shows which inputs were converted.
    """
    enc = detect_legacy(data)
    if enc is None:
        return None
    logger.warning("%s: legacy encoding %s converted to Unicode", name, enc.label)
    return enc.decode(data)


# ---------------------------------------------------------------- .docx runs
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DocxFonts = Callable[[object], str]
# One plan per python-docx Document while it lives; keyed by id() because
# Document defines __eq__ and so cannot be a dict key itself.
_DOCX_PLANS: Dict[int, Tuple["weakref.ref", "_DocxPlan"]] = {}


def _rfonts_name(rpr) -> str:
    """The font named by a w:rPr, if any: hAnsi first, since Word sets the bytes
    0x80-0xFF that carry Vietnamese letters in the hAnsi font."""
    if rpr is None:
        return ""
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        return ""
    return fonts.get(_W + "hAnsi") or fonts.get(_W + "ascii") or ""


def _style_fonts(document) -> Tuple[Dict[str, Tuple[str, str]], str, str]:
    """Style id -> (font, basedOn); the default paragraph style; the document default font."""
    styles: Dict[str, Tuple[str, str]] = {}
    default_style = default_font = ""
    try:
        root = document.styles.element
    except Exception:  # a package without styles: runs name their fonts or have none
        return styles, default_style, default_font
    for style in root.iter(_W + "style"):
        style_id = style.get(_W + "styleId") or ""
        based = style.find(_W + "basedOn")
        based_on = based.get(_W + "val") if based is not None else ""
        styles[style_id] = (_rfonts_name(style.find(_W + "rPr")), based_on)
        if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true"):
            default_style = style_id
    defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    default_font = _rfonts_name(defaults)
    return styles, default_style, default_font


def _run_font_resolver(document) -> _DocxFonts:
    """A function giving the font of a w:r, as Word resolves it: the run's own
    font, its character style, its paragraph's style, the default style, the document default."""
    styles, default_style, default_font = _style_fonts(document)

    def style_font(style_id: str) -> str:
        seen = set()
        while style_id and style_id not in seen:  # basedOn chains; a loop in a broken file ends here
            seen.add(style_id)
            font, style_id = styles.get(style_id, ("", ""))
            if font:
                return font
        return ""

    def run_font(run) -> str:
        rpr = run.find(_W + "rPr")
        font = _rfonts_name(rpr)
        if not font and rpr is not None:
            rstyle = rpr.find(_W + "rStyle")
            font = style_font(rstyle.get(_W + "val")) if rstyle is not None else ""
        if font:
            return font
        para = run.getparent()
        while para is not None and para.tag != _W + "p":
            para = para.getparent()
        pstyle = para.find(f"{_W}pPr/{_W}pStyle") if para is not None else None
        return (style_font(pstyle.get(_W + "val")) if pstyle is not None else "") \
            or style_font(default_style) or default_font

    return run_font


@dataclass
class _DocxPlan:
    run_font: _DocxFonts
    converting: Tuple[LegacyEncoding, ...]


def _docx_plan(document) -> _DocxPlan:
    """Which legacy fonts of ``document`` to convert, decided once per document.

    A run's font alone is not proof: converters to Unicode often leave the old
    font names. The runs in an encoding's fonts are converted only when the
    conversion makes their text read more like Vietnamese than it does as is.
    """
    cached = _DOCX_PLANS.get(id(document))
    if cached is not None and cached[0]() is document:
        return cached[1]
    run_font = _run_font_resolver(document)
    texts: Dict[str, List[str]] = {enc.key: [] for enc in legacy_encodings() if enc.fonts}
    for t in document.element.body.iter(_W + "t"):
        run = t.getparent()
        font = run_font(run) if run is not None and run.tag == _W + "r" else ""
        for enc in legacy_encodings():
            if enc.fonts and enc.owns_font(font):
                texts[enc.key].append(t.text or "")
    converting = []
    for enc in legacy_encodings():
        raw = "".join(texts.get(enc.key, ()))
        if raw and plausibility(enc.decode_chars(raw)).share > plausibility(raw).share:
            converting.append(enc)
            logger.warning("legacy encoding %s converted to Unicode in .docx runs of its fonts", enc.label)
    plan = _DocxPlan(run_font, tuple(converting))
    key = id(document)
    _DOCX_PLANS[key] = (weakref.ref(document, lambda _ref: _DOCX_PLANS.pop(key, None)), plan)
    return plan


def docx_run_text(t_element, document) -> str:
    """The text of a w:t element of ``document`` (python-docx), converted to Unicode
    where its run is set in a TCVN3 or VNI font (see :func:`_docx_plan`).

    Capitals fonts (``.VnTimeH``) show lower-case codes as capitals, so their
    text is upper-cased.
    """
    text = t_element.text or ""
    if not text:
        return text
    plan = _docx_plan(document)
    if not plan.converting:
        return text
    run = t_element.getparent()
    if run is None or run.tag != _W + "r":
        return text
    font = plan.run_font(run)
    for enc in plan.converting:
        if enc.owns_font(font):
            converted = enc.decode_chars(text)
            if enc.capitals_font_suffix and font.endswith(enc.capitals_font_suffix):
                converted = converted.upper()
            return converted
    return text
