"""Read an administrative document's blocks into a :class:`Document`.

Every input format gives :class:`Block` objects (its reader, registered by file suffix in
:mod:`.readers`, makes them), and :func:`read_blocks` is the one layout step that turns them
into paragraphs, sections and footnotes. Raw text is cut into blocks by :func:`text_blocks`
(blank lines, or :mod:`.layout` for the layouts that lost them); structured formats (.docx,
.html) give their paragraphs, headings, list items, table cells and footnotes as blocks directly.

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
from typing import List, Optional

from ..errors import DocumentReadError
from .document import Document, Footnote, Paragraph
from ..resources import char_class, marker_chars, title_words
from .layout import (ATTACHED_NOTE_RE, DECORATION_RE, DOC_TYPE_WORDS, LONE_BULLETS, NUMBER_LINE_RE,
                     PASSED_FORMULA_RE, PREAMBLE_RE, TABLE_ROW_RE, UNIT_LABEL_RE, continues_cut_value,
                     is_article_with_title, is_finished, is_header_line, is_issuer_line, is_signer_name,
                     is_signer_title, opens_header_part, segment)
from .legacy_encodings import decode_legacy

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Words that open the title line of each kind of document (defined in layout).
_TITLE_RE = re.compile(r"^(?:%s)\b(?!\s*:)" % "|".join(DOC_TYPE_WORDS))

# Roman numerals of headings ("II.", "Chương IV") and of items ("II-"), and the bullets of list
# items (resources/list_markers.json, those used by the layout).
_ROMAN = char_class(marker_chars("roman_numerals", "layout_heading"))
_ITEM_ROMAN = char_class(marker_chars("roman_numerals", "layout"))
_BULLETS = char_class(marker_chars("bullets", "layout"))

# Numbering markers of headings and list items, with their depth in the
# hierarchy (smaller is higher). Uppercase unnumbered headings sit at 2.5.
_ARTICLE_LEVEL = 4.0
#: The longest article heading, in words (other numbered headings: 40).
_ARTICLE_TITLE_WORDS = 80
_ARTICLE_STOP_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s")
_MARKERS = [
    (re.compile(r"^(?:Phần|PHẦN)\s+(?:thứ|THỨ)\s+\w+", re.U), 0.0),
    (re.compile(r"^(?:Chương|CHƯƠNG)\s+[%s\d]+\b" % _ROMAN), 1.0),
    (re.compile(r"^(?:Mục|MỤC)\s+\d+\b"), 2.0),
    (re.compile(r"^[%s]+\s*[.\-–)]\s*(?=\S)" % _ROMAN), 3.0),
    (re.compile(r"^(?:Điều|ĐIỀU)\s+\d+\b"), _ARTICLE_LEVEL),
]
_ARABIC_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\s*[.\-–)]\s*|\s+)(?=\S)")
_LETTER_RE = re.compile(r"^[a-zđ](?:\)\s*(?=\S)|\.\s+(?=[A-ZĐÀ-Ỹ]))")  # "a) ...", "a. Hệ ..."
#: A sub-point under a lettered point, as tax circulars number them: "g.1) ...", "g.1.2.1) ...".
_LETTER_SUB_RE = re.compile(r"^[a-zđ]((?:\.\d{1,2})+)\)\s*(?=\S)")
_LIST_ITEM_RE = re.compile(r"^[%s]\s" % _BULLETS)
UPPER_HEADING_LEVEL = 2.5
#: Above every numbered heading: the adoption formula, over the articles of its part.
ADOPTION_LEVEL = -1.0
_ADOPTION_RE = re.compile(r"^(?:QUYẾT NGHỊ|QUYẾT ĐỊNH|NGHỊ QUYẾT)\s*:$")

_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?", re.I)
_SIGNATURE_RE = re.compile(r"^(?:T/M|TM\.?|KT\.?|Q\.|TUQ\.|TL\.|THAY MẶT)\s+[A-ZĐÀ-Ỹ]")
# A document issued with this one and printed after its signature ("KẾ HOẠCH ... (Ban hành kèm
# theo Quyết định số ...)", "QUY ĐỊNH ...", "Chương I", "Điều 1.", "I. MỤC ĐÍCH"): it starts a
# part of its own with its own sections; it is not closing text.
_ATTACHED_START_RE = re.compile(
    r"^[\s_*#>]*(?:\(?\s*(?:[Bb]an hành )?[Kk]èm theo\b"
    # the title word of a document issued with this one (resources/document_kinds.json, the
    # words used by "attached_title"), or of an appendix, form or list
    r"|(?:%s|PHỤ LỤC|Phụ lục|DANH MỤC|DANH SÁCH|ĐIỀU LỆ|"
    r"PHƯƠNG ÁN|NỘI QUY|TIÊU CHÍ|BẢNG|BIỂU|Biểu|MẪU SỐ|Mẫu số)(?:\s|$|:)"
    r"|(?:Mẫu|MẪU)\s+[A-Z]{0,4}\d"  # a form's code without "số" ("Mẫu AP02", "Mẫu 02")
    r"|(?:Chương|CHƯƠNG|Phần|PHẦN)\s+(?:[%s]+|\d+|MỘT|THỨ|I)\b"
    r"|Điều\s+1\s*[.:]"
    r"|I\s*[.\-–]\s+\S)" % ("|".join(title_words("attached_title")), _ROMAN)
)
# Units whose superscript is an exponent, not a footnote marker.
_UNIT_BEFORE_SUPERSCRIPT = re.compile(r"(?:\d|\b)(?:k?m|cm|mm|ha)$")


#: What a reader says a block is. A heading is taken as a heading whatever its text; a list
#: item joins the recipients list it follows; a footnote goes to ``footnotes`` (``marker`` is
#: its number). Paragraphs and table cells are judged by their text (most .docx set the issuer
#: and national-motto header in a table).
BLOCK_KINDS = ("paragraph", "heading", "list_item", "table_cell", "footnote")
#: The role of a block that :mod:`.layout` cut and placed in the body (its ``None``): set, so that
#: :func:`read_blocks` does not look for a title the layout module has already placed.
LAYOUT_BODY = "body"


@dataclass
class Block:
    """A paragraph-to-be, as a reader gives it: its lines, its kind (:data:`BLOCK_KINDS`) and,
    where :mod:`.layout` knows it, its role (``header``, ``title``, ``heading``, ``closing``,
    ``part``, ``row``, or :data:`LAYOUT_BODY`). Blocks without any role leave finding the header
    and the title to :func:`read_blocks`.

    ``parts`` are the line groups that page-break continuations add to the block while it is read.
    """

    lines: List[str]
    kind: str = "paragraph"
    marker: str = ""
    forced_heading: bool = False
    role: Optional[str] = None
    parts: List[List[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.forced_heading = self.forced_heading or self.kind == "heading"
        if not self.parts:
            self.parts = [self.lines]

    @property
    def first_line(self) -> str:
        return self.lines[0] if self.lines else ""

    @property
    def text(self) -> str:
        """The block's lines as one line of text, its page-break continuations included."""
        return " ".join(" ".join(part) for part in self.parts)


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
_UNDERSCORE_ITALIC_RE = re.compile(r"(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])", re.S)
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
    if "_" in joined:
        joined = _UNDERSCORE_ITALIC_RE.sub(r"\1", joined)  # "_Căn cứ Luật ..._" (not a blank "____")
    lines = [(_SPACES_RE.sub(" ", line) if "  " in line else line).strip() for line in joined.split("\n")]
    return [line for line in lines if line], forced


_FOOTNOTE_START_RE = re.compile(r"^([%s]+)\s*" % SUPERSCRIPT_DIGITS)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def _split_blocks(text: str, kind: str = "paragraph", marker: str = "") -> List[Block]:
    """Blocks of normalised text cut at blank lines, markdown marks removed; a block that opens with
    superscript digits is a footnote. ``kind`` and ``marker`` are what the reader knows of the text
    (see :func:`blocks_from_text`)."""
    blocks: List[Block] = []
    for lines in _line_groups(text):
        lines, forced = _strip_markdown(lines)
        lines = [line for line in lines if not DECORATION_RE.match(line)]
        if not lines:
            continue
        match = None if kind == "footnote" else _FOOTNOTE_START_RE.match(lines[0])
        if match:
            rest = lines[0][match.end():]
            blocks.append(Block(([rest] if rest else []) + lines[1:], "footnote",
                                match.group(1).translate(_SUPER_TO_DIGIT), forced_heading=forced))
        else:
            # Only the first block of a heading is the heading: the text after a blank line is its own.
            block_kind = "paragraph" if blocks and kind == "heading" else kind
            for k, part in enumerate(_list_items(lines) if kind == "paragraph" else [lines]):
                blocks.append(Block(part, block_kind, marker, forced_heading=forced and k == 0))
    if not blocks and kind == "footnote":
        blocks.append(Block([], kind, marker))  # a footnote without text keeps its number
    return blocks


def _line_groups(text: str) -> List[List[str]]:
    """The text's non-empty lines, grouped at blank lines; an issuer printed as a markdown heading
    ("### ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") is one line, so the lines under it without a blank line
    between ("*Căn cứ Luật Thủ đô ...*") are a group of their own. Other headings keep the lines
    under them: a title's wrapped second line, the sentence of a lone "### Điều 1."."""
    groups = []
    for lines in _cut_at_line_breaks(text):
        if (len(lines) > 1 and _MD_HEADING_RE.match(lines[0]) and not _MD_HEADING_RE.match(lines[1])
                and is_issuer_line(_MD_HEADING_RE.sub("", lines[0]))):
            groups += [lines[:1], lines[1:]]
        else:
            groups.append(lines)
    return groups


_MD_LINE_BREAK_RE = re.compile(r"(?: {2,}|\\)$")
_LEADING_EMPHASIS_RE = re.compile(r"^[*_]+")
#: A line in bold alone ("**b) Khối Trung tâm chuyên khoa**"): written as a heading.
_BOLD_LINE_RE = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")


def _cut_at_line_breaks(text: str) -> List[List[str]]:
    """The text's non-empty lines (stripped), grouped at blank lines and cut before a list item
    or a header's number line ("Số: 13 /2025/QĐ-UBND", under the issuer's lines) that follows a
    markdown line break, a markdown heading or a line in bold alone: in "1. Trình Ủy ban nhân dân
    Thành phố␣␣" / "a) Dự thảo ...;" the writer broke the line on purpose, so the lead-in is not a
    wrapped sentence running into its first item, and "#### Điều 2. Đối tượng áp dụng" / "1. Sở,
    ban, ngành ..." is a heading over its clauses. A recipients list stays whole. A markdown
    heading of an article with its title is one line ("### Điều 4. Điều khoản thi hành" / "Quyết
    định này có hiệu lực ..."), and the parts of a header are cut apart wherever the text runs them on
    ("CỘNG HÒA ... VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc", "Số: 38 /2025/QĐ-UBND␣␣" / "Hà Nội,
    ngày ...": see layout.opens_header_part)."""
    groups = []
    seen = 0  # lines before this block: a header's parts are in the first lines
    for raw in _BLANK_LINE_RE.split(text):
        raw_lines = [line for line in raw.split("\n") if line.strip()]
        parts: List[List[str]] = []
        for k, line in enumerate(raw_lines):
            if not parts or _cuts_before(raw_lines[k - 1] if k else "", line, parts[-1][0], seen + k):
                parts.append([line.strip()])
            else:
                parts[-1].append(line.strip())
        groups += parts
        seen += len(raw_lines)
    return groups


def _cuts_before(prev: str, line: str, part_start: str, index: int) -> bool:
    """Does ``line`` (the text's line ``index``, after ``prev`` in the part that opens with
    ``part_start``) open a part of its own? See :func:`_cut_at_line_breaks`."""
    # An amended text quoted under its lead-in opens with its quote mark ("như sau:␣␣" /
    # "**"Điều 3.** Chánh Văn phòng ...").
    item = _LEADING_EMPHASIS_RE.sub("", line.strip()).lstrip("\"“")
    broken = _MD_LINE_BREAK_RE.search(prev) or _MD_HEADING_RE.match(prev) or _BOLD_LINE_RE.match(prev)
    opens = _marker_level(item) is not None or _LIST_ITEM_RE.match(item) or NUMBER_LINE_RE.match(item)
    if broken and opens and not _RECIPIENTS_RE.match(_LEADING_EMPHASIS_RE.sub("", part_start)):
        return True
    if _MD_HEADING_RE.match(prev) and not _MD_HEADING_RE.match(line) and is_article_with_title(prev):
        return True
    return index < _HEADER_LINES and opens_header_part(_EMPHASIS_MARKS_RE.sub("", item))


#: The document's header (issuer, motto, number, place and date) is in its first lines; below
#: them a form's own header stays with the form (an appendix's "CỘNG HÒA ..." / "Độc lập ...").
_HEADER_LINES = 12
#: Emphasis inside a header line ("Hà Nội, ngày _16_ tháng _4_ năm 2025").
_EMPHASIS_MARKS_RE = re.compile(r"[*_]")


def _list_items(lines: List[str]) -> List[List[str]]:
    """A block's lines cut before each list item or preamble clause that follows a finished line:
    a markdown list ("2. Việc sử dụng ... sau đây:" / "a) Mua sắm ...;" / "b) Sửa chữa ...") is
    one paragraph per item (GUIDELINES §4, Reading), a preamble one per clause ("Căn cứ ...;" /
    "Căn cứ ...;"). A recipients list ("Nơi nhận:" / "- Như Điều 3;") stays whole."""
    if len(lines) < 2 or _RECIPIENTS_RE.match(lines[0]):
        return [lines]
    parts = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        # a preamble's clauses follow ";" or ","; after a lead-in's ":" a "Thực hiện ..." is its text
        # ("a) Tham mưu, giúp Ủy ban nhân dân Thành phố:" / "Thực hiện quản lý nhà nước ...")
        if is_finished(prev) and (_marker_level(line) is not None or _LIST_ITEM_RE.match(line)
                                   or PREAMBLE_RE.match(line) and not prev.endswith(":")):
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


_EMPTY_QUOTE_LINE_RE = re.compile(r"^[ \t]*>[ \t]*$", re.M)
_QUOTE_MARK_RE = re.compile(r"^[ \t]*>[ \t]?", re.M)


def text_blocks(text: str) -> List[Block]:
    """The blocks of a document's raw text.

    Text whose layout lost the paragraph breaks (gazette PDF extracts, crawled
    one-paragraph-per-line pages, one-line web copies) is cut by
    :mod:`vnadmin_nlp.io.layout`, which also places its header and title;
    other text is cut at blank lines. Markdown marks are removed either way.
    """
    text = normalize_text(text)
    if _EMPTY_QUOTE_LINE_RE.search(text):
        # Markdown quotes (a converted decision quotes the text it amends): "> " opens each line of
        # the quote and ">" alone is its blank line. Only where such blank lines show quoting, so
        # that "> 3.000" (more than 3,000) in a table stays as it is.
        text = _QUOTE_MARK_RE.sub("", text)
    if "![" in text:
        text = _MD_IMAGE_RE.sub("", text)  # a converter's image (a seal, a form's picture) is no text
    if _SIGNED_MARK_START_RE.search(text):
        # A copy's note that the original is signed ("Nguyễn Văn An (Đã ký)", "(đã ký, đóng dấu)" on
        # its own line between the signer's title and name, "[daky]"): no text of the document
        # (GUIDELINES §4). Alone on its line, it leaves the line empty: the title and the name
        # under it are two paragraphs, as where nothing stood between them.
        text = _SIGNED_MARK_RE.sub("", text)
    text = _header_table_as_columns(text)
    layout_blocks = segment(text)
    if layout_blocks is None:
        return _split_blocks(text)
    blocks = []
    for layout_block in layout_blocks:
        lines, forced = _strip_markdown(layout_block.lines)
        lines = _without_decoration(lines)
        if lines:
            blocks.append(Block(lines, forced_heading=forced, role=layout_block.role or LAYOUT_BODY))
    return blocks


#: A signed copy's mark, with the spaces before it and its emphasis (a form's "(Ký tên, đóng dấu)"
#: is the form's text).
_SIGNED_MARK_RE = re.compile(r"[ \t]*[*_]*(?:\(\s*[Đđ]ã ký\b[^()\n]{0,30}\)|\[daky\])[*_]*", re.IGNORECASE)
#: Where such a mark can start: searched first, since the mark's optional spaces and emphasis make
#: the full pattern try every position of a text that has none (most texts: 7 ms for 70 on the
#: benchmark's 120 documents).
_SIGNED_MARK_START_RE = re.compile(r"\(\s*[Đđ]ã ký|\[daky\]", re.IGNORECASE)
#: A markdown image, with or without its address ("![Ký tên, đóng dấu đỏ]", "![mẫu 02](https://...)").
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\))?")


def _without_decoration(lines: List[str]) -> List[str]:
    """The lines without rules and ornaments ("---", "***"); a bullet mark alone on its line stays
    with the line under it ("-" / "Mức chi: ..." is the item "- Mức chi: ...")."""
    return [line for k, line in enumerate(lines)
            if not DECORATION_RE.match(line) or (line in LONE_BULLETS and k + 1 < len(lines))]


_MD_TABLE_RULE_RE = re.compile(r"^[\s|:\-]+$")


def _header_table_as_columns(text: str) -> str:
    """A header set as a markdown table at the top of a converted document ("| ỦY BAN NHÂN DÂN |
    Độc lập - Tự do - Hạnh phúc |" ...) read column by column: the issuer's cells, then the
    motto's, each column a block of its own, as the page shows them."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and TABLE_ROW_RE.match(lines[end].strip()):
        end += 1
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in lines[start:end] if not _MD_TABLE_RULE_RE.match(line)]
    if not rows or not any(is_header_line(cell) for row in rows for cell in row):
        return text
    columns = ["\n".join(row[k] for row in rows if k < len(row) and row[k]) for k in range(max(map(len, rows)))]
    return "\n".join(lines[:start] + ["\n\n".join(column for column in columns if column)] + lines[end:])


def blocks_from_text(text: str, kind: str = "paragraph", marker: str = "") -> List[Block]:
    """Blocks of one paragraph of a structured format (a Word paragraph, an HTML element), whose
    reader knows its kind (:data:`BLOCK_KINDS`) and, for a footnote, its number.

    The text is normalised and cut as raw text is (:func:`text_blocks` for the blank-line layout):
    lines trimmed, markdown marks and lines of decoration removed, a blank line starts a new
    block, and a paragraph that opens with superscript digits is a footnote (a PDF converted to
    Word sets its footnotes so).
    """
    return _split_blocks(normalize_text(text), kind, marker)


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
    if _LETTER_RE.match(text) or _LETTER_SUB_RE.match(text):
        return False  # "a) ...", "g.1) ..." are list markers, not a continuation
    return bool(text) and text[0].isalpha() and text[0].islower()


def _marker_level(text: str) -> Optional[float]:
    for pattern, level in _MARKERS:
        if pattern.match(text):
            return level
    match = _ARABIC_RE.match(text)
    if match:
        return 5.0 + match.group(1).count(".")
    if _LETTER_RE.match(text):
        return 9.0
    match = _LETTER_SUB_RE.match(text)
    if match:
        return 9.0 + match.group(1).count(".") / 2  # "g.1)" under "g)", "g.1.1)" under "g.1)"
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
        # A note's number never starts with 0: "96⁰", "25⁰C" are degrees.
        if match.group(0)[0] == "⁰" or _UNIT_BEFORE_SUPERSCRIPT.search(before):
            return match.group(0)
        return ""

    return _SUPERSCRIPTS_RE.sub(repl, text)


# ---------------------------------------------------------------- reading
def _find_title(blocks: List[Block]) -> tuple:
    """Return (start, end) block indices of the title, or (None, None)."""
    for i, block in enumerate(blocks[:15]):
        if block.kind == "footnote" or not _TITLE_RE.match(block.first_line):
            continue
        if not _is_upper_block(block.first_line):
            continue
        end = i + 1
        only_type_word = len(block.lines) == 1
        while end < len(blocks) and blocks[end].kind != "footnote":
            text = " ".join(blocks[end].lines)
            if _is_upper_block(text) and not _SIGNATURE_RE.match(text) and not (
                    is_issuer_line(text) and any(not _is_upper_block(line) for b in blocks[i:end] for line in b.lines)):
                end += 1  # (the issuer under a title that has its subject is no more title)
                continue
            if _marker_level(text) is not None:
                break  # "Phần thứ nhất", "I. ...": the body has begun
            if _starts_lowercase(text):
                end += 1
            elif only_type_word and not is_finished(text) and len(text.split()) <= 80:
                end += 1
            break
        return i, end
    return None, None


def _merge_continuations(blocks: List[Block]) -> List[Block]:
    """Attach page-break continuations and footnote list items to their owner."""
    out: List[Block] = []
    last_body: Optional[Block] = None
    last_note: Optional[Block] = None
    prev: Optional[Block] = None
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
        if last_body is not None and prev is last_body and continues_cut_value(" ".join(last_body.parts[-1]), text):
            last_body.parts[-1] = last_body.parts[-1] + block.lines  # "... Tờ trình số" / "34/TTr-UBND ..."
            continue
        if _starts_lowercase(text) and (last_body or last_note):
            target = _continuation_target(text, last_body, last_note)
            target.parts[-1] = target.parts[-1] + block.lines
            prev = target
            continue
        out.append(block)
        last_body = prev = block
    return out


def _continuation_target(text: str, body: Optional[Block], note: Optional[Block]) -> Block:
    if body is None or note is None:
        return body or note  # type: ignore[return-value]
    body_text = " ".join(body.parts[-1])
    note_text = " ".join(note.parts[-1])
    body_open, note_open = not is_finished(body_text), not is_finished(note_text)
    if body_open != note_open:
        return body if body_open else note
    if body_open and note_open:
        if _joins_as_word(note_text, text) and not _joins_as_word(body_text, text):
            return note
    return body


_HEADING_NUMBER_RE = re.compile(r"^(?:(?:Điều|ĐIỀU)\s+\d+|[%s]+|\d{1,2}(?:\.\d{1,2})*)\s*[.\-–)]\s*" % _ROMAN)
_SENTENCE_INSIDE_RE = re.compile(r"\.\s+[A-ZĐÀ-Ỹ]")
#: A part's or chapter's word and number ("Chương I. ", "PHẦN 3. "), taken off before its title is read.
_PART_NUMBER_RE = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+\w+\s*[.:\-–]?\s*")


def _at_most_words(text: str, limit: int) -> bool:
    # At most limit cuts: a long body paragraph is not split into all its words.
    return len(text.split(None, limit)) <= limit


def _is_heading(text: str, level: Optional[float], next_level: Optional[float], forced: bool) -> bool:
    if forced:
        return True
    if level is None:
        # a table's unit label ("ĐVT: Triệu đồng") is in capitals but heads nothing
        return _is_upper_block(text) and _at_most_words(text, 40) and not UNIT_LABEL_RE.match(text)
    body = _HEADING_NUMBER_RE.sub("", text, count=1)
    if level <= 2.0:
        # a part or chapter heading, unless it is prose that names one ("Chương 3 của Nghị quyết
        # quy định về hình thức phản biện xã hội. Chương 4 quy định ...")
        title = _PART_NUMBER_RE.sub("", text, count=1)
        return _at_most_words(text, 40) and not (text.rstrip().endswith(".") and _SENTENCE_INSIDE_RE.search(title))
    # An article's title may be long when it names the text it amends ("Điều 1. Sửa đổi, bổ sung
    # một số điều của Thông tư số 27/2018/TT-BLĐTBXH ngày ... quy định về ..."), above its items.
    # Only with its stop: "Điều 62 Luật Đất đai số 45/2013/QH13; ..." is a wrapped reference.
    longest = _ARTICLE_TITLE_WORDS if level == _ARTICLE_LEVEL and _ARTICLE_STOP_RE.match(text) else 40
    if not _at_most_words(text, longest) or text.rstrip().endswith((".", ";")) or _SENTENCE_INSIDE_RE.search(body):
        return False
    # A heading has something under it: the next item is not a sibling or a
    # higher-level item.
    return next_level is None or next_level > level


def read_text(text: str, source: Optional[str] = None) -> Document:
    """Read a document from its raw text (see the module docstring and :func:`text_blocks`)."""
    return read_blocks(text_blocks(text), source)


def read_blocks(blocks: List[Block], source: Optional[str] = None) -> Document:
    """The layout step: a reader's blocks to paragraphs with kinds and sections, and footnotes.

    Where no block has a role, the header and title are found first (the title's cue words
    among the first blocks). A header or title met after body text starts a new part (a plan
    issued with its decision): the body so far is closed and sections start afresh.
    """
    if not any(block.role for block in blocks):
        blocks = _with_header_and_title(blocks)
    paragraphs: List[Paragraph] = []
    footnotes: List[Footnote] = []
    title = ""
    pending: List[Block] = []
    # The heading of the appendix being read ("Phụ lục II DANH MỤC ...") and of the form in it
    # ("Mẫu số 01"): every paragraph of an appendix lies under them, the header lines of a form
    # printed in it included (GUIDELINES §4, forms in an appendix).
    appendix, form = "", ""

    def under() -> str:
        return " > ".join(filter(None, (appendix, form)))

    def flush() -> None:
        nonlocal appendix, form
        merged = _merge_continuations(pending)
        opened = _append_parts(merged, footnotes, paragraphs, under())
        if opened is not None:
            appendix, form = opened, ""
        if appendix and merged and len(merged[-1].lines) == 1 and _FORM_CODE_RE.match(merged[-1].lines[0]):
            form = merged[-1].lines[0]  # "Mẫu số 01" alone above a form's own header: the form's heading
        pending.clear()

    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.role == "part" and _APPENDIX_TITLE_RE.match(" ".join(block.lines)):
            # An appendix the layout found ("Phụ lục II" alone on its line, crawled text): its
            # title lines and note are read as those of an appendix attached after a signature.
            flush()
            end = index
            while end < len(blocks) and blocks[end].role not in ("part", "row") and (
                    _is_appendix_subject(" ".join(blocks[end].lines))
                    or ATTACHED_NOTE_RE.match(" ".join(blocks[end].lines))):
                end += 1
            appendix, form = _append_attached_title(blocks[index - 1:end], paragraphs), ""
            index = end
            continue
        if block.role in ("header", "title"):
            flush()
            text = " ".join(block.lines)
            if block.role == "title" and not _APPENDIX_TITLE_RE.match(text):
                appendix, form = "", ""
            paragraphs.append(Paragraph(text, under(), block.role))
            if block.role == "title" and not title:
                title = text
            continue
        if block.role == "part":
            # An appendix ("Biểu số 1 ...") after the signature: a fresh body
            # that opens with this heading.
            flush()
            block.forced_heading = True
        block.forced_heading = block.forced_heading or block.role == "heading"
        pending.extend(_adoption_apart(block))
    flush()
    if not paragraphs and not footnotes:
        raise DocumentReadError(f"{source or '<text>'}: the document has no text")
    return Document(title=title, paragraphs=paragraphs, footnotes=footnotes, source=source)


#: The adoption formula run into the last preamble clause ("Sau khi có ý kiến của ..., QUYẾT NGHỊ:").
_ADOPTION_TAIL_RE = re.compile(r"(?<=[,;.])\s+((?:QUYẾT NGHỊ|QUYẾT ĐỊNH|NGHỊ QUYẾT)\s*:)\s*$")


def _adoption_apart(block: Block) -> List[Block]:
    """The block, or the clause and the adoption formula run into it as two blocks: the formula is
    a heading of its own, which heads the articles (GUIDELINES §4)."""
    if len(block.parts) != 1 or block.role == "row" or not block.lines:
        return [block]
    match = _ADOPTION_TAIL_RE.search(block.lines[-1])
    if match is None:
        return [block]
    clause = block.lines[:-1] + [block.lines[-1][:match.start()]]
    if not "".join(clause).strip(" .…,;"):
        return [block]  # a form's blank clause ("……(4)...., QUYẾT ĐỊNH:") is no preamble
    return [Block(clause, block.kind, block.marker, block.forced_heading, block.role),
            Block([match.group(1)], block.kind, forced_heading=True, role=block.role)]


def _with_header_and_title(blocks: List[Block]) -> List[Block]:
    """The blocks with the header lines above the title and the title itself (one block, however
    many lines it was set on) given their roles; unchanged when no title is found."""
    title_start, title_end = _find_title(blocks)
    if title_start is None:
        return blocks
    # Header lines keep a list's line breaks; a cut-off line that continues one is left out.
    header = [Block([_block_text(block.lines)], role="header")
              for block in _merge_continuations(blocks[:title_start])]
    title = " ".join(" ".join(block.lines) for block in blocks[title_start:title_end])
    # The issuer printed under the title, above the preamble ("### ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ
    # NỘI" in a converted decision): a header line, not the heading of the preamble.
    issuer_end = title_end
    while issuer_end < len(blocks) and issuer_end < title_end + 2 and blocks[issuer_end].kind != "footnote" \
            and is_issuer_line(" ".join(blocks[issuer_end].lines)):
        issuer_end += 1
    issuer = [Block([_block_text(block.lines)], role="header") for block in blocks[title_end:issuer_end]]
    return header + [Block([title], role="title")] + issuer + blocks[issuer_end:]


def _split_closing(merged: List[Block], footnotes: List[Footnote]) -> tuple:
    """(body, closing, attached) blocks; footnote blocks go to ``footnotes``.

    ``attached`` holds the blocks from the start of a document printed after the
    signature (see ``_ATTACHED_START_RE``) to the end; empty when there is none.
    """
    body: List[Block] = []
    closing: List[Block] = []
    for index, block in enumerate(merged):
        if block.kind == "footnote":
            note_text = "\n".join(_block_text(part) for part in block.parts if part)
            footnotes.append(Footnote(block.marker, note_text))
            continue
        block_text = block.text
        if not closing and (block.role == "closing" or body and (
            _RECIPIENTS_RE.match(block_text) or _SIGNATURE_RE.match(block_text)
            # a signer's title alone over the name ("CHỦ TỊCH" / "Nguyễn Ngọc Tuấn"); the next block's
            # text only when the title is there
            or is_signer_title(block_text) and is_signer_name(_next_text(merged, index))
        )):
            closing.append(block)
        elif closing and _ATTACHED_START_RE.match(block_text):
            return body, closing, merged[index:]
        elif closing:
            closing.append(block)
        else:
            body.append(block)
    return body, closing, []


def _next_text(blocks: List[Block], index: int) -> str:
    """The text of the first block after ``index`` that is no footnote ("" at the end)."""
    for block in blocks[index + 1:]:
        if block.kind != "footnote":
            return block.text
    return ""


def _append_parts(merged: List[Block], footnotes: List[Footnote], paragraphs: List[Paragraph],
                  root: str = "") -> Optional[str]:
    """Body, closing, and each document attached after a signature, in order, as paragraphs.

    An attached document (a plan, regulation or programme issued by the decision above it)
    opens with its title lines ("KẾ HOẠCH", its subject in upper case, "(Ban hành kèm theo
    Quyết định số ...)"): they become title paragraphs, and its body gets sections of its own.
    An appendix ("Phụ lục II" and its "DANH MỤC ..." title) is rather one heading, over all
    that follows it (GUIDELINES §4). ``root`` is the section the first body lies under (an
    appendix read so far); the heading of the last appendix opened here is returned, ``""``
    when another kind of document was attached last, ``None`` when none was.
    """
    opened: Optional[str] = None
    while merged:
        body, closing, rest = _split_closing(merged, footnotes)
        cut = _next_appendix(body) if opened is not None or root else None
        if cut:
            # "Phụ lục II" in an appendix, no signature between: the next appendix, a part of its own.
            body, closing, rest = body[:cut], [], body[cut:] + closing + rest
        merged = rest
        paragraphs.extend(_body_paragraphs(body, root))
        _append_closing(closing, paragraphs, root)
        n_title = _attached_title_length(merged)
        if n_title:
            root = opened = _append_attached_title(merged[:n_title], paragraphs)
        merged = merged[n_title:]
    return opened


#: The title of an appendix ("Phụ lục", "PHỤ LỤC II", "Phụ lục số 01", "Phụ lục I.2"), alone or
#: with its upper-case subject or "(ban hành) kèm theo ..." after it; not a reference in prose
#: ("Phụ lục I ban hành kèm theo Nghị định này quy định ...": no heading is that long).
_APPENDIX_TITLE_RE = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:SỐ|số))?(?:\s+[\d%s]+[a-zA-Z]?(?:\.\d+)*)?\.?"
    r"(?:\s*$|\s+[A-ZĐÀ-Ỹ]{2}|\s*\(|\s+(?:ban hành\s+)?kèm theo)" % _ROMAN)
#: A list attached without "Phụ lục" ("DANH SÁCH CÁC ĐƠN VỊ ..." / "(kèm theo Quyết định ...)"):
#: an appendix too, its title one heading over its rows.
_LIST_TITLE_RE = re.compile(r"^(?:DANH MỤC|DANH SÁCH)\s")
#: The longest appendix title, its subject and note on the same line included, in words.
_APPENDIX_TITLE_WORDS = 100
#: A form's code alone ("Mẫu số 01", "Mẫu số 02/TNCN", "Mẫu AP02", "Biểu số 3").
_FORM_CODE_RE = re.compile(r"^(?:Mẫu|MẪU|Biểu|BIỂU)(?:\s+(?:số|SỐ))?\s+[\w./\-]{1,12}$")


def _next_appendix(body: List[Block]) -> Optional[int]:
    """The index of the first block after the first that opens an appendix ("Phụ lục II" alone or
    with its subject), or None; a sentence that names one ("Phụ lục II ban hành kèm theo Thông tư
    này.") opens none."""
    for k, block in enumerate(body[1:], 1):
        if block.kind == "footnote" or block.role == "row":
            continue
        text = block.text.strip()
        if (_at_most_words(text, _APPENDIX_TITLE_WORDS) and _APPENDIX_TITLE_RE.match(text)
                and (not is_finished(text) or _at_most_words(text, 3))):
            return k
    return None


def _is_appendix_subject(text: str) -> bool:
    """A line of an appendix's subject under its "Phụ lục" ("DANH MỤC CÁC NHIỆM VỤ ..."): in
    capitals, unnumbered (not its first heading, "I. NHIỆM VỤ CHUNG"), not the note; or the
    wrapped end of a title set in lower case ("Phụ lục I. Các biểu mẫu về người lao động Việt Nam" /
    "đi làm việc ở nước ngoài theo hợp đồng")."""
    return (_is_upper_block(text) and _marker_level(text) is None or _starts_lowercase(text)) \
        and not ATTACHED_NOTE_RE.match(text)


def _append_attached_title(blocks: List[Block], paragraphs: List[Paragraph]) -> str:
    """The title lines of an attached document, as paragraphs; the heading an appendix's title
    makes (its "Phụ lục" line and the subject lines under it, one heading), or ``""``."""
    texts = [" ".join(_block_text(p) for p in block.parts) for block in blocks]
    if not (_at_most_words(texts[0], _APPENDIX_TITLE_WORDS)
            and (_APPENDIX_TITLE_RE.match(texts[0]) or _LIST_TITLE_RE.match(texts[0]))):
        paragraphs.extend(Paragraph(text, "", "title") for text in texts)
        return ""
    # Line by line: the title and its note may be one block of lines (no blank line between).
    lines = [[line.strip() for part in block.parts for line in part if line.strip()] for block in blocks]
    heading: List[str] = []
    for block_lines in lines:
        while block_lines and (not heading or _is_appendix_subject(block_lines[0])):
            heading.append(block_lines.pop(0))
        if block_lines:
            break
    paragraphs.append(Paragraph(" ".join(heading), "", "heading"))
    paragraphs.extend(Paragraph(_block_text(rest), "", "title") for rest in lines if rest)
    return " ".join(heading)


def _attached_title_length(blocks: List[Block]) -> int:
    """How many leading blocks of an attached document are its title: the title word, the
    upper-case subject lines and the "(Ban hành kèm theo ...)" line; none before a heading."""
    n = 0
    for block in blocks:
        text = block.text.strip()
        opener = n == 0 and not re.match(r"^(?:Chương|CHƯƠNG|Phần|PHẦN|Điều|I\s*[.\-–])", text)
        if opener or _is_upper_block(text) and not re.match(r"^(?:CHƯƠNG|PHẦN|[%s]+\s*[.\-–])" % _ITEM_ROMAN, text) \
                or ATTACHED_NOTE_RE.match(text) \
                or n and re.match(r"^(?:Về|về|V/v)\s", text) and not text.endswith((".", ";")):
            n += 1
            if opener and not _ATTACHED_START_RE.match(text):
                break
            continue
        break
    return n


def _body_paragraphs(body: List[Block], root: str = "") -> List[Paragraph]:
    """Body blocks as paragraphs: headings recognised, each given its section path (under
    ``root``, the heading of the appendix the body belongs to, when there is one)."""
    paragraphs: List[Paragraph] = []
    # A table row keeps its cells on lines of their own (GUIDELINES §4: cells may be joined by
    # line breaks): run together, one cell's words would read as the next one's sentence.
    body_texts = [
        _strip_footnote_markers("\n".join(line for p in b.parts for line in p) if b.role == "row"
                                else " ".join(_block_text(p) for p in b.parts)) for b in body
    ]
    levels = [None if b.role == "row" else _marker_level(t) for b, t in zip(body, body_texts)]
    stack: List[tuple] = [(float("-inf"), root)] if root else []  # (level, heading text)
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
            # The adoption formula ("QUYẾT NGHỊ:") heads all the articles after it, their parts
            # and chapters included (GUIDELINES §4); any other heading in capitals sits at 2.5.
            level = ADOPTION_LEVEL if _ADOPTION_RE.match(btext) else UPPER_HEADING_LEVEL
        # A numbered lead-in ("b) Chi tổ chức các hội nghị ...:") is the section of the items
        # under it, numbered or dashed ("- Chủ trì cuộc họp: ...").
        if next_level is not None:
            items_follow = level is not None and next_level > level
        else:
            items_follow = level is not None and i + 1 < len(body) and bool(_LIST_ITEM_RE.match(body_texts[i + 1]))
        if heading or (level is not None and btext.endswith(":") and items_follow):
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
        if not root and PASSED_FORMULA_RE.match(btext):
            section = ""  # the closing formula after the last article closes the document (GUIDELINES §4)
        paragraphs.append(Paragraph(btext, section, "body"))
    return paragraphs


def _append_closing(closing: List[Block], paragraphs: List[Paragraph], root: str = "") -> None:
    """Recipients list and signature block: line structure kept, no section; in an appendix (a
    form's own "Nơi nhận" and signer), the appendix's heading, as for the rest of the form."""
    i = 0
    while i < len(closing):
        block = closing[i]
        lines = [line for part in block.parts for line in part]
        text = "\n".join(lines)
        if _RECIPIENTS_RE.match(text):
            # "Nơi nhận:" and the list under it form one paragraph.
            while i + 1 < len(closing) and (closing[i + 1].kind == "list_item"
                                            or _LIST_ITEM_RE.match(closing[i + 1].first_line)):
                i += 1
                lines += [line for part in closing[i].parts for line in part]
            paragraphs.append(Paragraph("\n".join(lines), root, "recipients"))
        elif _is_upper_block(text):
            # Consecutive uppercase lines (T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ) are one block.
            while i + 1 < len(closing) and _is_upper_block(closing[i + 1].first_line):
                i += 1
                lines += [line for part in closing[i].parts for line in part]
            paragraphs.append(Paragraph("\n".join(lines), root, "signature"))
        else:
            paragraphs.append(Paragraph(text, root, "signature"))
        i += 1
