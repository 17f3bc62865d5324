"""Read a raw administrative document into a :class:`Document`.

The reader follows section 2 of the annotation guidelines:

* text is normalised (NFC, one kind of line ending, no BOM, tabs as spaces);
* a *block* is text between blank lines; a block that starts in lower case
  continues an earlier block that a page break cut (the body paragraph or the
  footnote it belongs to);
* footnotes (blocks opening with superscript digits) go to ``footnotes``, and
  their inline markers are removed from the body;
* markdown emphasis and heading marks that some sources carry are stripped;
* the title, the header lines above it, headings, "Nơi nhận" and the
  signature block are kept as paragraphs of their own, and every paragraph
  gets the path of headings above it as its ``section``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Union

from ..errors import DocumentReadError
from .document import Document, Footnote, Paragraph
from .layout import DOC_TYPE_WORDS, LayoutBlock, segment
from .legacy_encodings import decode_legacy, docx_run_text

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Words that open the title line of each kind of document (defined in layout).
_TITLE_RE = re.compile(r"^(?:%s)\b(?!\s*:)" % "|".join(DOC_TYPE_WORDS))

# Numbering markers of headings and list items, with their depth in the
# hierarchy (smaller is higher). Uppercase unnumbered headings sit at 2.5.
_MARKERS = [
    (re.compile(r"^(?:Phần|PHẦN)\s+(?:thứ|THỨ)\s+\w+", re.U), 0.0),
    (re.compile(r"^(?:Chương|CHƯƠNG)\s+[IVXLC\d]+\b"), 1.0),
    (re.compile(r"^(?:Mục|MỤC)\s+\d+\b"), 2.0),
    (re.compile(r"^[IVXLC]+\s*[.\-–)]\s*(?=\S)"), 3.0),
    (re.compile(r"^(?:Điều|ĐIỀU)\s+\d+\b"), 4.0),
]
_ARABIC_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\s*[.\-–)]\s*|\s+)(?=\S)")
_LETTER_RE = re.compile(r"^[a-zđ]\)\s*(?=\S)")
_LIST_ITEM_RE = re.compile(r"^[-+•–]\s")
UPPER_HEADING_LEVEL = 2.5

# A paragraph is finished when it ends with terminal punctuation (maybe
# followed by closing quotes or brackets).
_FINISHED_RE = re.compile(r"[.!?;:…](?:[\"”»’')\]]*)$")
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?", re.I)
_SIGNATURE_RE = re.compile(r"^(?:T/M|TM\.?|KT\.?|Q\.|TUQ\.|TL\.|THAY MẶT)\s+[A-ZĐÀ-Ỹ]")
_DECORATION_RE = re.compile(r"^[\W_]+$", re.U)
# A document issued with this one and printed after its signature ("KẾ HOẠCH ... (Ban hành kèm
# theo Quyết định số ...)", "QUY ĐỊNH ...", "Chương I", "Điều 1.", "I. MỤC ĐÍCH"): it starts a
# part of its own with its own sections; it is not closing text.
_ATTACHED_START_RE = re.compile(
    r"^[\s_*#>]*(?:\(?\s*(?:[Bb]an hành )?[Kk]èm theo\b"
    r"|(?:KẾ HOẠCH|QUY ĐỊNH|QUY CHẾ|CHƯƠNG TRÌNH|ĐỀ ÁN|PHỤ LỤC|Phụ lục|DANH MỤC|DANH SÁCH|HƯỚNG DẪN|ĐIỀU LỆ|"
    r"PHƯƠNG ÁN|NỘI QUY|TIÊU CHÍ|BẢNG|BIỂU|Biểu|MẪU SỐ|Mẫu số)(?:\s|$|:)"
    r"|(?:Chương|CHƯƠNG|Phần|PHẦN)\s+(?:[IVXLC]+|\d+|MỘT|THỨ|I)\b"
    r"|Điều\s+1\s*[.:]"
    r"|I\s*[.\-–]\s+\S)"
)
# Units whose superscript is an exponent, not a footnote marker.
_UNIT_BEFORE_SUPERSCRIPT = re.compile(r"(?:\d|\b)(?:k?m|cm|mm|ha)$")


@dataclass
class _Block:
    lines: List[str]
    kind: str = "text"  # "text" or "footnote"
    marker: str = ""
    forced_heading: bool = False
    role: Optional[str] = None  # "closing" where the layout module knows it
    parts: List[List[str]] = field(default_factory=list)

    @property
    def first_line(self) -> str:
        return self.lines[0] if self.lines else ""


# ---------------------------------------------------------------- decoding
def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode document bytes: UTF-8 (with or without BOM) or UTF-16 with BOM, else
    Vietnamese in a legacy 8-bit encoding (TCVN3, VNI, Windows-1258; see
    :mod:`.legacy_encodings`), converted to Unicode with a warning.

    Anything else raises :class:`DocumentReadError` naming ``name``.
    """
    if not data.strip():
        raise DocumentReadError(f"{name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentReadError(f"{name}: invalid UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise DocumentReadError(f"{name}: binary data, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        legacy = decode_legacy(data, name)
        if legacy is None:
            raise DocumentReadError(
                f"{name}: not UTF-8 or UTF-16 text (invalid byte at offset {exc.start}), nor Vietnamese "
                "in TCVN3, VNI or Windows-1258; convert it to UTF-8 first"
            ) from exc
        text = legacy
    if _looks_binary(text[:4096]):
        raise DocumentReadError(f"{name}: binary data, not a text document")
    return text


# Control characters other than the line breaks and tabs ("\t\n\v\f\r" are 9 to 13).
_CONTROL_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(sample: str) -> bool:
    """Control characters other than line breaks and tabs: junk that happens to be valid UTF-8."""
    controls = len(_CONTROL_CHAR_RE.findall(sample))  # counted by the regex engine, not char by char
    return controls > max(8, len(sample) // 100)


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line endings, tabs and odd spaces as plain spaces, no BOM."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u200b", "")
    text = text.replace("\u2028", "\n").replace("\f", "\n\n")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- markdown
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC_RE = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_SPACES_RE = re.compile(r" {2,}")


def _strip_markdown(lines: List[str]) -> tuple:
    """Remove emphasis marks and heading marks; say whether '#' marked a heading."""
    forced = bool(lines) and bool(_MD_HEADING_RE.match(lines[0]))
    # Most blocks carry no markdown: each substitution runs only where its
    # mark occurs (the emphasis patterns, with their look-behinds, would
    # otherwise try every position of every paragraph).
    lines = [_MD_HEADING_RE.sub("", line) if line.startswith("#") else line for line in lines]
    joined = "\n".join(lines)
    if "*" in joined:
        joined = _BOLD_RE.sub(r"\1", joined)
        joined = _ITALIC_RE.sub(r"\1", joined)
        joined = joined.replace("**", "")
    lines = [(_SPACES_RE.sub(" ", line) if "  " in line else line).strip() for line in joined.split("\n")]
    return [line for line in lines if line], forced


_FOOTNOTE_START_RE = re.compile(r"^([%s]+)\s*" % SUPERSCRIPT_DIGITS)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def _split_blocks(text: str) -> List[_Block]:
    blocks: List[_Block] = []
    for raw in _BLANK_LINE_RE.split(text):
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        lines, forced = _strip_markdown(lines)
        lines = [line for line in lines if not _DECORATION_RE.match(line)]
        if not lines:
            continue
        block = _Block(lines=lines, forced_heading=forced)
        match = _FOOTNOTE_START_RE.match(lines[0])
        if match:
            block.kind = "footnote"
            block.marker = match.group(1).translate(_SUPER_TO_DIGIT)
            rest = lines[0][match.end():]
            block.lines = ([rest] if rest else []) + lines[1:]
        block.parts = [block.lines]
        blocks.append(block)
    return blocks


# ---------------------------------------------------------------- helpers
def _is_upper_block(text: str) -> bool:
    # Stops at the first lower-case letter: body paragraphs are rejected within a few characters.
    letters = 0
    for char in text:
        if char.isalpha():
            if not char.isupper():
                return False
            letters += 1
    return letters >= 3


def _starts_lowercase(text: str) -> bool:
    if _LETTER_RE.match(text):
        return False  # "a) ..." is a list marker, not a continuation
    return bool(text) and text[0].isalpha() and text[0].islower()


def _is_finished(text: str) -> bool:
    return bool(_FINISHED_RE.search(text.rstrip()))


def _marker_level(text: str) -> Optional[float]:
    for pattern, level in _MARKERS:
        if pattern.match(text):
            return level
    match = _ARABIC_RE.match(text)
    if match:
        return 5.0 + match.group(1).count(".")
    if _LETTER_RE.match(text):
        return 9.0
    return None


def _joins_as_word(left: str, right: str) -> bool:
    """Do the last syllable of ``left`` and the first of ``right`` form one word?

    Used only to decide which of two unfinished paragraphs a cut-off block
    continues; it asks underthesea's offline word segmenter.
    """
    left_words, right_words = left.split(), right.split()
    if not left_words or not right_words:
        return False
    pair = f"{left_words[-1]} {right_words[0]}"
    from underthesea import word_tokenize  # lazy: heavy import, rare use

    tokens = word_tokenize(pair + " " + " ".join(right_words[1:3]))
    return bool(tokens) and tokens[0].lower() == pair.lower()


def _block_text(lines: List[str]) -> str:
    """Wrapped lines joined with spaces; a list (lines after the first all "- ...") keeps its lines."""
    if len(lines) > 1 and all(_LIST_ITEM_RE.match(line) for line in lines[1:]):
        return "\n".join(lines)
    return " ".join(lines)


_SUPERSCRIPTS_RE = re.compile("[%s]+" % SUPERSCRIPT_DIGITS)


def _strip_footnote_markers(text: str) -> str:
    if not any(digit in text for digit in SUPERSCRIPT_DIGITS):
        return text  # the usual paragraph; str's search is much faster than a regex scan

    def repl(match: re.Match) -> str:
        before = text[: match.start()]
        if _UNIT_BEFORE_SUPERSCRIPT.search(before):
            return match.group(0)
        return ""

    return _SUPERSCRIPTS_RE.sub(repl, text)


# ---------------------------------------------------------------- reading
def _find_title(blocks: List[_Block]) -> tuple:
    """Return (start, end) block indices of the title, or (None, None)."""
    for i, block in enumerate(blocks[:15]):
        if block.kind != "text" or not _TITLE_RE.match(block.first_line):
            continue
        if not _is_upper_block(block.first_line):
            continue
        end = i + 1
        only_type_word = len(block.lines) == 1
        while end < len(blocks) and blocks[end].kind == "text":
            text = " ".join(blocks[end].lines)
            if _is_upper_block(text) and not _SIGNATURE_RE.match(text):
                end += 1
                continue
            if _marker_level(text) is not None:
                break  # "Phần thứ nhất", "I. ...": the body has begun
            if _starts_lowercase(text):
                end += 1
            elif only_type_word and not _is_finished(text) and len(text.split()) <= 80:
                end += 1
            break
        return i, end
    return None, None


def _merge_continuations(blocks: List[_Block]) -> List[_Block]:
    """Attach page-break continuations and footnote list items to their owner."""
    out: List[_Block] = []
    last_body: Optional[_Block] = None
    last_note: Optional[_Block] = None
    prev: Optional[_Block] = None
    for block in blocks:
        text = " ".join(block.lines)
        if block.kind == "footnote":
            out.append(block)
            last_note = prev = block
            continue
        if prev is not None and prev.kind == "footnote" and _LIST_ITEM_RE.match(text):
            # "- Nhiệm kỳ 2015-2020: ..." right under a footnote belongs to it.
            prev.parts.append(block.lines)
            continue
        if _starts_lowercase(text) and (last_body or last_note):
            target = _continuation_target(text, last_body, last_note)
            target.parts[-1] = target.parts[-1] + block.lines
            prev = target
            continue
        out.append(block)
        last_body = prev = block
    return out


def _continuation_target(text: str, body: Optional[_Block], note: Optional[_Block]) -> _Block:
    if body is None or note is None:
        return body or note  # type: ignore[return-value]
    body_text = " ".join(body.parts[-1])
    note_text = " ".join(note.parts[-1])
    body_open, note_open = not _is_finished(body_text), not _is_finished(note_text)
    if body_open != note_open:
        return body if body_open else note
    if body_open and note_open:
        if _joins_as_word(note_text, text) and not _joins_as_word(body_text, text):
            return note
    return body


_HEADING_NUMBER_RE = re.compile(r"^(?:(?:Điều|ĐIỀU)\s+\d+|[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\s*[.\-–)]\s*")
_SENTENCE_INSIDE_RE = re.compile(r"\.\s+[A-ZĐÀ-Ỹ]")


def _at_most_words(text: str, limit: int) -> bool:
    # At most limit cuts: a long body paragraph is not split into all its words.
    return len(text.split(None, limit)) <= limit


def _is_heading(text: str, level: Optional[float], next_level: Optional[float], forced: bool) -> bool:
    if forced:
        return True
    if level is None:
        return _is_upper_block(text) and _at_most_words(text, 40)
    if level <= 2.0:
        return _at_most_words(text, 40)
    body = _HEADING_NUMBER_RE.sub("", text, count=1)
    if not _at_most_words(text, 40) or text.rstrip().endswith((".", ";")) or _SENTENCE_INSIDE_RE.search(body):
        return False
    # A heading has something under it: the next item is not a sibling or a
    # higher-level item.
    return next_level is None or next_level > level


def read_text(text: str, source: Optional[str] = None) -> Document:
    """Read a document from its raw text (see the module docstring).

    Texts whose layout lost the paragraph breaks (gazette PDF extracts,
    crawled one-paragraph-per-line pages, one-line web copies) are first cut
    into blocks by :mod:`vnadmin_nlp.io.layout`.
    """
    text = normalize_text(text)
    layout_blocks = segment(text)
    if layout_blocks is not None:
        return _read_layout_blocks(layout_blocks, source)
    blocks = _split_blocks(text)
    if not blocks:
        raise DocumentReadError(f"{source or '<text>'}: the document has no text")

    title_start, title_end = _find_title(blocks)
    header = blocks[:title_start] if title_start is not None else []
    title_blocks = blocks[title_start:title_end] if title_start is not None else []
    rest = blocks[title_end:] if title_start is not None else blocks

    paragraphs: List[Paragraph] = []
    footnotes: List[Footnote] = []
    for block in _merge_continuations(header):
        paragraphs.append(Paragraph(_block_text(block.lines), "", "header"))
    title = " ".join(" ".join(b.lines) for b in title_blocks)
    if title:
        paragraphs.append(Paragraph(title, "", "title"))

    _append_parts(_merge_continuations(rest), footnotes, paragraphs)
    return Document(title=title, paragraphs=paragraphs, footnotes=footnotes, source=source)


def _split_closing(merged: List[_Block], footnotes: List[Footnote]) -> tuple:
    """(body, closing, attached) blocks; footnote blocks go to ``footnotes``.

    ``attached`` holds the blocks from the start of a document printed after the
    signature (see ``_ATTACHED_START_RE``) to the end; empty when there is none.
    """
    body: List[_Block] = []
    closing: List[_Block] = []
    for index, block in enumerate(merged):
        if block.kind == "footnote":
            note_text = "\n".join(_block_text(part) for part in block.parts if part)
            footnotes.append(Footnote(block.marker, note_text))
            continue
        block_text = " ".join(" ".join(p) for p in block.parts)
        if not closing and (block.role == "closing" or body and (
            _RECIPIENTS_RE.match(block_text) or _SIGNATURE_RE.match(block_text)
        )):
            closing.append(block)
        elif closing and _ATTACHED_START_RE.match(block_text):
            return body, closing, merged[index:]
        elif closing:
            closing.append(block)
        else:
            body.append(block)
    return body, closing, []


def _append_parts(merged: List[_Block], footnotes: List[Footnote], paragraphs: List[Paragraph]) -> None:
    """Body, closing, and each document attached after a signature, in order, as paragraphs.

    An attached document (a plan, regulation or programme issued by the decision above it)
    opens with its title lines ("KẾ HOẠCH", its subject in upper case, "(Ban hành kèm theo
    Quyết định số ...)"): they become title paragraphs, and its body gets sections of its own.
    """
    while merged:
        body, closing, merged = _split_closing(merged, footnotes)
        paragraphs.extend(_body_paragraphs(body))
        _append_closing(closing, paragraphs)
        n_title = _attached_title_length(merged)
        for block in merged[:n_title]:
            paragraphs.append(Paragraph(" ".join(_block_text(p) for p in block.parts), "", "title"))
        merged = merged[n_title:]


def _attached_title_length(blocks: List[_Block]) -> int:
    """How many leading blocks of an attached document are its title: the title word, the
    upper-case subject lines and the "(Ban hành kèm theo ...)" line; none before a heading."""
    n = 0
    for block in blocks:
        text = " ".join(" ".join(p) for p in block.parts).strip()
        opener = n == 0 and not re.match(r"^(?:Chương|CHƯƠNG|Phần|PHẦN|Điều|I\s*[.\-–])", text)
        if opener or _is_upper_block(text) and not re.match(r"^(?:CHƯƠNG|PHẦN|[IVX]+\s*[.\-–])", text) \
                or re.match(r"^\(?\s*(?:[Bb]an hành )?[Kk]èm theo\b", text) \
                or n and re.match(r"^(?:Về|về|V/v)\s", text) and not text.endswith((".", ";")):
            n += 1
            if opener and not _ATTACHED_START_RE.match(text):
                break
            continue
        break
    return n


def _body_paragraphs(body: List[_Block]) -> List[Paragraph]:
    """Body blocks as paragraphs: headings recognised, each given its section path."""
    paragraphs: List[Paragraph] = []
    body_texts = [
        _strip_footnote_markers(" ".join(_block_text(p) for p in b.parts)) for b in body
    ]
    levels = [None if b.role == "row" else _marker_level(t) for b, t in zip(body, body_texts)]
    stack: List[tuple] = []  # (level, heading text)
    for i, (block, btext) in enumerate(zip(body, body_texts)):
        if block.role == "row":
            # A table row ("| 1 | Đất nông nghiệp | ...") is never a heading.
            paragraphs.append(Paragraph(btext, " > ".join(t for _, t in stack), "body"))
            continue
        level = levels[i]
        next_level = levels[i + 1] if i + 1 < len(body) else None
        if (i + 1 < len(body) and next_level is None and body[i + 1].role != "row"
                and _is_upper_block(body_texts[i + 1])):
            next_level = UPPER_HEADING_LEVEL
        heading = _is_heading(btext, level, next_level, block.forced_heading)
        if heading and level is None:
            level = UPPER_HEADING_LEVEL
        if heading or (level is not None and btext.endswith(":") and next_level is not None
                       and next_level > level):
            while stack and stack[-1][0] >= level:
                stack.pop()
            section = " > ".join(t for _, t in stack)
            paragraphs.append(Paragraph(btext, section, "heading" if heading else "body"))
            stack.append((level, btext))
            continue
        if level is not None:
            # A numbered item closes the sibling heading above it ("7. Bộ Công an"
            # is not the section of "8. Bộ Văn hóa ...").
            while stack and stack[-1][0] >= level:
                stack.pop()
        section = " > ".join(t for _, t in stack)
        paragraphs.append(Paragraph(btext, section, "body"))
    return paragraphs


def _read_layout_blocks(layout_blocks: List[LayoutBlock], source: Optional[str]) -> Document:
    """Paragraphs from blocks the layout module cut: its header and title roles are kept.

    A header or title met after body text starts a new part (a plan issued
    with its decision): the body so far is closed and sections start afresh.
    """
    paragraphs: List[Paragraph] = []
    footnotes: List[Footnote] = []
    title = ""
    pending: List[_Block] = []

    def flush() -> None:
        _append_parts(_merge_continuations(pending), footnotes, paragraphs)
        pending.clear()

    for layout_block in layout_blocks:
        lines, forced = _strip_markdown(layout_block.lines)
        lines = [line for line in lines if not _DECORATION_RE.match(line)]
        if not lines:
            continue
        if layout_block.role in ("header", "title"):
            flush()
            text = " ".join(lines)
            paragraphs.append(Paragraph(text, "", layout_block.role))
            if layout_block.role == "title" and not title:
                title = text
            continue
        if layout_block.role == "part":
            # An appendix ("Biểu số 1 ...") after the signature: a fresh body
            # that opens with this heading.
            flush()
            forced = True
        forced = forced or layout_block.role == "heading"
        block = _Block(lines=lines, forced_heading=forced, role=layout_block.role)
        block.parts = [block.lines]
        pending.append(block)
    flush()
    if not paragraphs:
        raise DocumentReadError(f"{source or '<text>'}: the document has no text")
    return Document(title=title, paragraphs=paragraphs, footnotes=footnotes, source=source)


def _append_closing(closing: List[_Block], paragraphs: List[Paragraph]) -> None:
    """Recipients list and signature block: line structure kept, no section."""
    i = 0
    while i < len(closing):
        block = closing[i]
        lines = [line for part in block.parts for line in part]
        text = "\n".join(lines)
        if _RECIPIENTS_RE.match(text):
            # "Nơi nhận:" and the list under it form one paragraph.
            while i + 1 < len(closing) and _LIST_ITEM_RE.match(closing[i + 1].first_line):
                i += 1
                lines += [line for part in closing[i].parts for line in part]
            paragraphs.append(Paragraph("\n".join(lines), "", "recipients"))
        elif _is_upper_block(text):
            # Consecutive uppercase lines (T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ) are one block.
            while i + 1 < len(closing) and _is_upper_block(closing[i + 1].first_line):
                i += 1
                lines += [line for part in closing[i].parts for line in part]
            paragraphs.append(Paragraph("\n".join(lines), "", "signature"))
        else:
            paragraphs.append(Paragraph(text, "", "signature"))
        i += 1


_DOCX_MAGIC = b"PK\x03\x04"


def read_document(path_or_text: Union[str, Path], source: Optional[str] = None) -> Document:
    """Read a document from a file path (.txt, .md, .docx, .pdf) or from raw text.

    A ``str`` that names an existing file is read as that file; any other
    ``str`` with a line break, or that does not look like a path, is taken as
    the document's text. Problems raise :class:`DocumentReadError` naming the
    file.
    """
    if isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        path = Path(path_or_text)
        return read_text(load_text(path), source=source or path.name)
    return read_text(str(path_or_text), source=source)


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    if Path(value).exists():
        return True
    return bool(re.search(r"\.(txt|md|docx|pdf)$", value, re.I))


def load_text(path: Path) -> str:
    """Raw text of a file, by its kind; errors name the file."""
    return text_from_bytes(path, read_file_bytes(path))


def read_file_bytes(path: Path, max_bytes: Optional[int] = None) -> bytes:
    """The bytes of a document file; a :class:`DocumentReadError` naming the file if it cannot be read
    (missing or vanished, a folder, unreadable, or over ``max_bytes``)."""
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise DocumentReadError(
                    f"{path}: too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB, "
                    "raise it with --max-size if this is really one document)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentReadError(f"{path}: no such file (missing, or removed during the run)") from exc
    except IsADirectoryError as exc:
        raise DocumentReadError(f"{path}: is a directory, not a document") from exc
    except OSError as exc:
        raise DocumentReadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def text_from_bytes(path: Union[str, Path], data: bytes) -> str:
    """Raw text of a file's bytes, by the kind its name says; errors name the file.

    Split from :func:`load_text` so that a caller that already holds the bytes
    (the batch runner hashes them for ``--resume``) decodes exactly what it hashed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path, data)
    if suffix == ".pdf":
        return _pdf_text(path, data)
    return decode_bytes(data, str(path))


def _docx_text(path: Path, data: bytes) -> str:
    if not data.startswith(_DOCX_MAGIC):
        raise DocumentReadError(f"{path}: not a .docx file (it is not a zip archive)")
    import io

    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a dependency
        raise DocumentReadError(f"{path}: reading .docx needs python-docx") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        text = _docx_blocks_text(document)
    except Exception as exc:  # python-docx and lxml raise several kinds
        raise DocumentReadError(f"{path}: not a readable .docx ({exc})") from exc
    if not text.strip():
        raise DocumentReadError(f"{path}: the document has no text")
    return text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_blocks_text(document) -> str:
    """The body as the reader's text: one block per paragraph, in order.

    Table cells (the issuer / national-motto header is a table in most
    administrative .docx) give their paragraphs in reading order; "Heading N"
    styles become markdown heading marks, which the reader takes as headings;
    Word footnotes become superscript markers in the text and ``¹ text`` blocks
    at the end, as in the plain-text sources.
    """
    notes = _docx_footnotes(document)
    numbers: dict = {}
    blocks: List[str] = []

    def para_text(p_el) -> str:
        out = []
        for el in p_el.iter():
            tag = el.tag
            if tag == _W + "t":
                out.append(docx_run_text(el, document))  # legacy TCVN3/VNI fonts to Unicode
            elif tag == _W + "tab":
                out.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag == _W + "footnoteReference":
                note_id = el.get(_W + "id")
                if note_id in notes:
                    numbers.setdefault(note_id, len(numbers) + 1)
                    out.append(str(numbers[note_id]).translate(_DIGIT_TO_SUPER))
        return "".join(out)

    def heading_marks(p_el) -> str:
        style = p_el.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(_W + "val") if style is not None else ""
        match = re.match(r"(?i)heading\s*(\d)", style_id or "")
        return "#" * int(match.group(1)) + " " if match else ""

    def walk(container) -> None:
        for child in container.iterchildren():
            if child.tag == _W + "p":
                text = para_text(child)
                if text.strip():
                    blocks.append(heading_marks(child) + text)
            elif child.tag == _W + "tbl":
                for cell in child.iter(_W + "tc"):
                    walk(cell)
            elif child.tag == _W + "sdt":  # content controls wrap ordinary paragraphs
                content = child.find(_W + "sdtContent")
                if content is not None:
                    walk(content)

    walk(document.element.body)
    for note_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        blocks.append(str(number).translate(_DIGIT_TO_SUPER) + " " + notes[note_id])
    return "\n\n".join(blocks)


_DIGIT_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def _docx_footnotes(document) -> dict:
    """Footnote id -> text (paragraphs joined by line breaks), from word/footnotes.xml."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            notes = {}
            for note in root.iter(_W + "footnote"):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paras = ["".join(t.text or "" for t in p.iter(_W + "t")) for p in note.iter(_W + "p")]
                notes[note.get(_W + "id")] = "\n".join(p.strip() for p in paras if p.strip())
            return notes
    return {}


def _pdf_text(path: Path, data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise DocumentReadError(f"{path}: not a PDF file")
    import io

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises several kinds on damaged files
        raise DocumentReadError(f"{path}: damaged PDF ({exc})") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentReadError(f"{path}: the PDF has no text layer")
    return text
