"""Recover paragraphs from the text layouts that lose them.

The reader's own rules (``reader.py``) expect one paragraph per blank-line
separated block, as in the seeds. Three other layouts are common in the
documents users bring, and this module turns each into blocks:

* ``gazette``: text extracted from an official-gazette (Công báo) PDF. Lines
  are hard-wrapped mid-sentence and page headers ("CÔNG BÁO/Số 302/Ngày ..."
  plus the page number) and the digital-signature stamp ("Ký bởi: ...",
  "Cơ quan: ...", "Ngày ký: ...") sit inside the body. The junk lines are
  dropped and wrapped lines re-joined.
* ``lines``: crawled web text with one paragraph per line but the header
  block (issuer, "Số:", place and date, national motto, title) run together
  on one to three lines. The header is split into its parts.
* ``oneline``: a web copy whose whole body is one line. It is split at list
  markers that start an item *in sequence* (``1.`` then ``2.``, ``a)`` then
  ``b)``, ``-`` after a clause end, ``I.``/``II-``, ``Điều 1.``), at headings
  run into the text, and at paragraph openers in long stretches.

Every block is a list of *pieces* of the source text (whitespace-trimmed
substrings, in source order); a paragraph's text is its pieces joined by
single spaces. Nothing is added or reordered, only junk is left out, so an
annotation can always point back into the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ..resources import (body_words, char_class, item_letters, load_resource, marker_chars, place_names,
                         roman_values, sentence_case, title_words)

# ---------------------------------------------------------------- vocabulary (resources/, see its README)
# Words that open the title line of each kind of document (the reader uses them too).
DOC_TYPE_WORDS = title_words("title_line")
# List marks, as the insides of regex classes: bullets ("- ", "• "), the Roman numerals of
# numbered items (I, V, X) and of headings and articles (also L, C), item letters (a-z, đ).
_BULLETS = marker_chars("bullets", "layout")
_BULLET_CLASS = char_class(_BULLETS)
_ITEM_ROMAN_CLASS = char_class(marker_chars("roman_numerals", "layout"))
_HEADING_ROMAN_CLASS = char_class(marker_chars("roman_numerals", "layout_heading"))
_LETTER_RANGE = item_letters()["range"]


def _sentence_alternation(consumer: str) -> str:
    """The title words ``consumer`` uses, as written inside a sentence, as a regex alternation."""
    return "|".join(sentence_case(word) for word in title_words(consumer))

#: Roles a block can be given here; ``None`` leaves the decision to the reader.
ROLES = ("header", "title", "heading", "closing", "part", "row")


@dataclass
class LayoutBlock:
    """A paragraph-to-be: its source pieces and, where the layout tells, its role."""

    lines: List[str]
    role: Optional[str] = None


# ---------------------------------------------------------------- shared patterns
_UPPER = "A-ZĐÀ-ỸÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂƠƯ"
#: A consolidated text glues its footnote's number to the type word ("THÔNG TƯ1"): still a title.
_TITLE_START_RE = re.compile(r"^(?:%s)(?:\b|(?=\d{1,2}$))(?!\s*:)" % "|".join(DOC_TYPE_WORDS))
#: A converted document's markdown around a header line ("**QUYẾT ĐỊNH**", "# QUYẾT ĐỊNH",
#: "*Hà Nội, ngày ...*"): taken off, the line is still a piece of the source.
_LINE_MARKS_RE = re.compile(r"^(?:#{1,6} +)?[*_]*(.*?)[*_]*$")


def _without_marks(line: str) -> str:
    return _LINE_MARKS_RE.match(line.strip()).group(1).strip()


# A paragraph is finished when it ends with terminal punctuation (maybe followed by closing quotes
# or brackets); a line of nothing but rules and ornaments ("---", "***") is decoration.
_FINISHED_RE = re.compile(r"[.!?;:…](?:[\"”»’')\]]*)$")
DECORATION_RE = _DECORATION_RE = re.compile(r"^[\W_]+$", re.U)
# The start of an enumeration item or a structural heading at a line start.
_ITEM_START_RE = re.compile(
    r"^(?:(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[\d%s]+"
    r"|[%s]{1,5}\s*[.\-–)]\s"
    r"|\d{1,2}(?:\.\d{1,2})*[.)]\s"
    r"|\d{1,2}\s*[-–]\s"
    r"|[%s](?:\)\s|\.\s(?=[A-ZĐÀ-Ỹ]))"  # "a) ...", and "a. Hệ đào tạo ..." (a letter, a stop, a capital)
    r"|[%s]\s)" % (_HEADING_ROMAN_CLASS, _HEADING_ROMAN_CLASS, _LETTER_RANGE, _BULLET_CLASS)
)
_MOTTO1_RE = re.compile(r"^CỘNG (?:HÒA|HOÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_MOTTO2_RE = re.compile(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc")
#: The clauses of a preamble (and a letter's addressee), at a line start.
PREAMBLE_RE = _PREAMBLE_RE = re.compile(r"^(?:Căn cứ|Xét |Theo đề nghị|Trên cơ sở|Thực hiện|Kính gửi)")


def is_upper_text(text: str) -> bool:
    """At least three letters, all of them capitals."""
    letters = 0
    for char in text:
        if char.isalpha():
            if not char.isupper():
                return False  # body text fails at its first small letter
            letters += 1
    return letters >= 3


def is_finished(text: str) -> bool:
    """Does the text end a paragraph: terminal punctuation, maybe closing quotes or brackets after it?"""
    return bool(_FINISHED_RE.search(text.rstrip()))


#: "a) ...", "a. Hệ ...", and the sub-points of a tax circular's numbering ("g.1)", "g.1.2.1)").
_LETTER_ITEM_RE = re.compile(r"^[%s](?:(?:\.\d{1,2})*\)|\.\s(?=[A-ZĐÀ-Ỹ]))" % _LETTER_RANGE)


def _starts_lower(text: str) -> bool:
    if _LETTER_ITEM_RE.match(text):
        return False
    if text[:1] == "(" and text[1:2].islower() and text[2:3] != ")":
        return True  # "(đi và về trong ngày) thủ trưởng ...": a bracket inside the sentence, not "(a)"
    return bool(text) and text[0].isalpha() and text[0].islower()


#: A line cut between a lead word and its value: "... Nghị định số" / "14/2026/NĐ-CP);",
#: "... Tờ trình số 34/TTr-UBND ngày" / "09/6/2017 ...", "ngày 26 tháng 01 năm" / "2026 của ...".
#: Each lead is paired with the only value it can take, so a heading that ends in "số"
#: ("... công nghiệp công nghệ số") before "1. ..." or a table's "Tổng số" / "01" stays apart.
_CUT_VALUES = (
    (re.compile(r"(?:^|\s)[Ss]ố$"), re.compile(r"^\d+[a-zđ]?(?:/|-[A-ZĐ])\S")),
    (re.compile(r"(?:^|\s)[Nn]gày$"), re.compile(r"^\d{1,2}(?:[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\s+tháng\s+\d)")),
    (re.compile(r"(?:^|\s)tháng$"), re.compile(r"^\d{1,2}\s+năm\s+\d{4}\b")),
    (re.compile(r"\stháng\s+\d{1,2}\s+năm$"), re.compile(r"^\d{4}\b(?![/.,]\d)")),
    # a level's label and its amount: "..., mức khoán:" / "450.000 đồng/ngày/người.", "...: " / "2%;"
    # (not a sentence that opens with a share: "- Nhân lực ...:" / "100% nhân viên bức xạ ...")
    (re.compile(r":$"), re.compile(r"^\d[\d.,]*\s*(?:(?:nghìn |triệu |tỷ )?đồng|%\s*[;.]?\s*$)")),
)


#: A document code cut after the slash that ends its number (and year): "... Thông tư số
#: 08/2017/" / "TT-BLĐTBXH ngày 10/3/2017" (a gazette's wrap). The line goes on with the code's
#: type or issuer: two capitals or more, then its end or more of the code.
_CUT_CODE = (re.compile(r"(?:^|\s)\d{1,6}[a-zđ]?/(?:\d{4}/)?$"),
             re.compile(r"^[A-ZĐ][A-ZĐ][A-Za-zĐđ0-9&]*(?:[-/][A-ZĐ]\S*)?(?=[\s,;.)]|$)"))


def continues_cut_value(prev: str, line: str) -> bool:
    """Does ``line`` carry on ``prev``, cut right after a lead word ("số", "ngày") before its value,
    or inside a document code after its slash?"""
    prev = prev.rstrip()
    if not line[:1].isdigit():
        head, rest = _CUT_CODE
        return prev.endswith("/") and bool(head.search(prev)) and bool(rest.match(line))
    return any(lead.search(prev) and value.match(line) for lead, value in _CUT_VALUES)


def _has_upper_start(word: str) -> bool:
    word = word.lstrip("“\"'‘(")
    return bool(word) and word[0].isalpha() and word[0].isupper()


# ---------------------------------------------------------------- detection
# A joint issue prints its numbers with a plus ("CÔNG BÁO/Số 11 + 12/Ngày 10-01-2023"); the page
# number may open or end the header's line ("CÔNG BÁO/Số 281/Ngày 21-05-2026 99").
_PAGE_HEADER_RE = re.compile(r"^(?:\d{1,4}\s+)?CÔNG BÁO\s*/\s*Số\s+\d+(?:\s*\+\s*\d+)*\s*/\s*Ngày\s+[\d\-/.]+(?:\s+\d{1,4})?$")
# The digital-signature stamp opens with its signer: "Ký bởi: ..." or "Người ký: ...".
_STAMP_START_RE = re.compile(r"^(?:Ký bởi|Người ký)\s*:")
_STAMP_LINE_RE = re.compile(r"^(?:Ký bởi|Người ký|Cơ quan|Ngày ký|Thời gian ký|Email|Chức vụ)\s*:")
_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*)?\d{1,4}(?:\s*-)?$")
#: A markdown table row, its line stripped ("| ỦY BAN NHÂN DÂN | Độc lập - Tự do - Hạnh phúc |").
TABLE_ROW_RE = _TABLE_ROW_RE = re.compile(r"^\|.*\|$")


def detect_layout(text: str) -> str:
    """Say which layout a normalised text has: ``blocks``, ``gazette``, ``lines`` or ``oneline``."""
    raw_lines = text.split("\n")
    content = [line.strip() for line in raw_lines if line.strip()]
    if not content:
        return "blocks"
    if any(_PAGE_HEADER_RE.match(line) or _STAMP_START_RE.match(line) for line in content):
        return "gazette"
    longest = max(len(line) for line in content)
    if len(content) <= 5 and longest >= 600:
        return "oneline"
    blocks = [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if len(blocks) >= 0.5 * len(content) or len(content) < 8:
        return "blocks"
    prose = [line for line in content if not _TABLE_ROW_RE.match(line)]
    continued = sum(
        1 for prev, line in zip(prose, prose[1:])
        if _starts_lower(line) and not is_finished(prev)
    )
    if prose and continued >= 0.2 * len(prose):
        return "gazette"
    return "lines"


def segment(text: str) -> Optional[List[LayoutBlock]]:
    """Blocks for a text in the ``gazette``, ``lines`` or ``oneline`` layout; ``None`` for ``blocks``."""
    layout = detect_layout(text)
    if layout == "gazette":
        return _gazette_blocks(text)
    if layout == "lines":
        return _crawled_blocks(text)
    if layout == "oneline":
        return _oneline_blocks(text)
    return None


# ---------------------------------------------------------------- gazette PDFs
#: The gazette's heading over the documents of a section of an issue, printed above the issuer
#: of the first ("VĂN BẢN QUY PHẠM PHÁP LUẬT", "VĂN BẢN PHÁP LUẬT KHÁC", "VĂN BẢN HỢP NHẤT - BỘ Y
#: TẾ"): no line of the document (GUIDELINES §4, gazette leftovers).
_GAZETTE_SECTION_RE = re.compile(
    r"^VĂN BẢN (?:QUY PHẠM PHÁP LUẬT|PHÁP LUẬT KHÁC|HỢP NHẤT\s*-(?:\s+[A-ZĐÀ-Ỹ ,\-]+)?)$")


def _drop_gazette_junk(lines: Sequence[str]) -> List[Optional[str]]:
    """Page headers, their page numbers, the gazette's section headings and signature stamps removed.

    Returns the stripped lines with ``""`` for blank lines and ``None`` for
    separators (underscore or dash rules), which end a header or title.
    """
    out: List[Optional[str]] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if _PAGE_HEADER_RE.match(line):
            # The page number printed above the header (the header's own line follows it).
            k = len(out)
            while k and out[k - 1] == "":
                k -= 1
            if k and out[k - 1] and _PAGE_NUMBER_RE.match(out[k - 1]):
                del out[k - 1]
            i += 1
            # The page number printed under (or above) the header, as many times as a converter
            # printed it ("81" / "" / "81"); another number after it is the page's text.
            number = None
            while i < len(lines) and (not lines[i].strip() or _PAGE_NUMBER_RE.match(lines[i].strip())):
                if lines[i].strip():
                    if number is not None and lines[i].strip() != number:
                        break
                    number = lines[i].strip()
                i += 1
            continue
        if _GAZETTE_SECTION_RE.match(line) and not any(out):
            i += 1  # above the first document's issuer: nothing but page headers before it
            continue
        if _STAMP_START_RE.match(line):
            i += 1
            while i < len(lines) and _STAMP_LINE_RE.match(lines[i].strip()):
                i += 1
            continue
        if line and _DECORATION_RE.match(line) and line not in LONE_BULLETS:
            out.append(None)
        else:
            out.append(line)
        i += 1
    return out


def _wrap_width(lines: Sequence[str]) -> int:
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return 80
    return lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]


#: Words after which a wrapped line always goes on (resources/line_wraps.json), and the heads of
#: body names, which go on with a capitalised name ("+ Phòng" / "Tài nguyên và Môi trường").
_LINE_WRAPS = load_resource("line_wraps")
_OPEN_WORDS = frozenset(_LINE_WRAPS["open_words"])
_REFERENCE_WORDS = frozenset(_LINE_WRAPS["reference_words"])
_BODY_HEADS = frozenset(body_words("tokenizer_head"))


#: An article's heading line: its number, then its title ("Điều 17. Đánh dấu kỹ thuật ...").
_ARTICLE_TITLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*\S")
_ARTICLE_HEADING_RE = re.compile(r"^(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[\d%s]+" % _HEADING_ROMAN_CLASS)


def _line_goes_on(prev: str, line: str, first: str = "") -> bool:
    """Does a hard-wrapped ``prev`` end with words that cannot end a heading or a paragraph: an
    open word ("Nghị quyết này đã được" / "Hội đồng ..."), a reference word before its number
    ("tại Khoản" / "2 Điều 11"), a body's head before its name ("+ Phòng" / "Tài nguyên ..."), or
    a place's first syllables that ``line`` completes ("tỉnh Hà" / "Giang")? Not before an item
    or a preamble line, which open their own paragraphs. ``first``: the first line of the
    paragraph ``prev`` ends."""
    words = prev.split()
    if not words:
        return False
    last = words[-1]
    in_reference = last in _OPEN_WORDS or last in _REFERENCE_WORDS or (
        len(words) > 1 and words[-2] in _REFERENCE_WORDS and (last[:1].isdigit() or len(last) == 1))
    if in_reference and _ARTICLE_HEADING_RE.match(line):
        return True  # "... quy định tại (khoản 2)" / "Điều 10 của Thông tư ...": a reference, not an article
    if _ITEM_START_RE.match(line) or _PREAMBLE_RE.match(line):
        return False
    if last in _OPEN_WORDS:
        return True
    if line[:1].isdigit():
        return last in _REFERENCE_WORDS or " ".join(words[-2:]) in _REFERENCE_WORDS
    if not _has_upper_start(line):
        return False
    for k in (1, 2):
        # a head without its name: nothing capitalised before it ("+ Phòng", not "Bộ Công an"),
        # and not at the end of an article's heading, where it is the body's short name
        # ("Điều 14. Chế độ đóng góp ... tại Trung tâm" / "Người sau cai nghiện ...")
        if " ".join(words[-k:]) in _BODY_HEADS:
            return (len(words) == k or not _has_upper_start(words[-k - 1])) \
                and not _ARTICLE_HEADING_RE.match(first or prev)
    next_word = line.split(None, 1)[0].rstrip(",.;:")
    return _has_upper_start(last) and any(" ".join(words[-k:] + [next_word]) in _PLACE_NAMES for k in (1, 2))


def _opens_bracket(lines: Sequence[str]) -> bool:
    """Do ``lines`` leave a bracket open ("(Ban hành kèm theo Thông tư số ... năm 2023")?"""
    text = " ".join(lines)
    return text.count("(") > text.count(")")


def _cut_at_dash(line: str) -> bool:
    """Does ``line`` open with a dash and a small letter, the second half of a compound cut at its
    dash ("... tổ chức xã hội" / "- nghề nghiệp ...")? Not a lettered item ("- a) ...")."""
    return line[:2] in ("- ", "– ") and line[2:3].islower() and line[3:4] != ")"


#: A header's number line ("Số: 24/2025/QĐ-UBND", "Số……../ĐK-….").
NUMBER_LINE_RE = re.compile(r"^Số\s*[:.…\d]")
#: A form's blank to fill ("Họ và tên:......", "Ngày.../.../...").
_FORM_BLANK_RE = re.compile(r"(?:\.{4,}|…{2,})")
#: The note under an attached document's title, bracketed or not: "(Ban hành kèm theo Quyết định
#: số ...)", "Kèm theo Nghị quyết số ...".
ATTACHED_NOTE_RE = re.compile(r"^\(?\s*(?:[Bb]an hành )?[Kk]èm theo\b")


def _continues_compound(prev: str, line: str) -> bool:
    """Does a capitals ``line`` opening with a dash finish a compound that ``prev`` (capitals,
    unfinished) cut at its dash ("... CÁC TỔ CHỨC CHÍNH TRỊ" / "- XÃ HỘI TRÊN ĐỊA BÀN TỈNH")?"""
    return line.startswith("- ") and is_upper_text(line) and is_upper_text(prev) and not is_finished(prev) \
        and not _ITEM_START_RE.match(prev)  # not a list of dashed capitals ("- TCVN 5082:1990" / "- TCVN ...")


#: A table's unit label ("ĐVT:", "Đơn vị tính:"), which a lost table leaves on a line of its own.
UNIT_LABEL_RE = re.compile(r"(?:ĐVT|Đvt|Đơn vị tính|ĐƠN VỊ TÍNH)\s*:?")
#: A number, Arabic or Roman, opening a line (after an article or chapter word cut from it).
_NUMBER_START_RE = re.compile(r"[\d%s]+\b" % _HEADING_ROMAN_CLASS)


#: A document cited by "Số" and its code ("Số 202/TTr-BVHTTDL"), unlike a header's number line
#: ("Số: 126/NQ-CP").
_CITED_CODE_RE = re.compile(r"[Ss]ố \d+[\w.]*/")


def _starts_new_paragraph(prev: str, line: str, width: int, first: str = "") -> bool:
    """Does ``line`` open a paragraph after ``prev`` (the last line of the paragraph that opens
    with ``first``) in hard-wrapped text?"""
    if prev.strip() in LONE_BULLETS and line.strip() in LONE_BULLETS:
        return True  # a table's empty cells ("-" / "-"), not a word cut at its hyphen
    if _starts_lower(line) or prev.endswith("-") or continues_cut_value(prev, line) \
            or (_cut_at_dash(line) and not is_finished(prev)):
        return False  # a wrapped sentence, a word cut at its hyphen ("52-" / "CT/TW") or before its value
    if prev == first and _LONE_MARKER_RE.match(prev.strip()) and not (
            _ITEM_START_RE.match(line) or _LONE_MARKER_RE.match(line.strip())):
        return False  # "Điều 1." alone: the line under it is its text (an empty form's "1." / "2." stay apart)
    if prev == first and UNIT_LABEL_RE.fullmatch(prev.strip()) and ("/" in line or "đồng" in line.lower()):
        return False  # "ĐVT:" / "Nghìn đồng/tháng/sinh viên": a table's unit cut from its label
    if (prev.strip() in _NUMBERED_WORDS and _NUMBER_START_RE.match(line)) \
            or _continues_compound(prev, line):
        return False  # "Điều" / "2. Hội đồng ...": the word cut from its number
    if prev.endswith(":") and _CITED_CODE_RE.match(line):
        return False  # "... tại các Tờ trình:" / "Số 202/TTr-BVHTTDL ngày ...": the documents it lists
    if is_finished(prev):
        return True
    if prev.endswith(")") and ATTACHED_NOTE_RE.match(first):
        ends = {first, prev}  # the note's first and last lines (its middle ones rarely hold a bracket)
        if sum(t.count("(") for t in ends) <= sum(t.count(")") for t in ends):
            return True  # "(Kèm theo Quyết định số ... của Thủ tướng Chính phủ)" closes: a table or form follows
    if _line_goes_on(prev, line, first):
        return False
    if _ITEM_START_RE.match(line) and _ARTICLE_TITLE_RE.match(first):
        # "Điều 17. Đánh dấu kỹ thuật ... tạo ra" / "1. Nhà cung cấp ...": a clause under its article
        return True
    prev_upper, line_upper = is_upper_text(prev), is_upper_text(line)
    if prev_upper != line_upper and len((line if line_upper else prev).split()) >= 2:
        return True  # a capitals heading ends or begins
    if prev_upper and line_upper:
        return bool(_ITEM_START_RE.match(line))
    # Wrapping fills lines: an unfinished line that stops well short of the
    # width ends a heading ("1. Mục đích", "I. Về quan điểm ... điều hành").
    if len(prev) < 0.75 * width:
        return True
    item = _ITEM_START_RE.match(line)
    if item and _has_upper_start(line[item.end():].lstrip()):
        return len(prev) < 0.95 * width
    return bool(item or _PREAMBLE_RE.match(line)) and len(prev) < 0.9 * width


#: The issuer's line under a title, and the lines that continue it: its place, its session.
_ISSUER_LINE_RE = re.compile(r"^(?:HỘI ĐỒNG NHÂN DÂN|[UỦ][YỶ] BAN NHÂN DÂN|%s)\b"
                             % "|".join(re.escape(name.upper()) for name in body_words("enacting_authority")))
_SESSION_RE = re.compile(r"^(?:KHÓA|KHOÁ|KỲ HỌP|TỈNH|THÀNH PHỐ)\b")


def is_issuer_line(text: str) -> bool:
    """Is ``text`` the issuer printed under a title ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "HỘI ĐỒNG
    NHÂN DÂN TỈNH TRÀ VINH", "CHÍNH PHỦ"): a line in capitals opening with an enacting authority?"""
    return is_upper_text(text) and bool(_ISSUER_LINE_RE.match(text))


#: Last words of a title line that the next line continues ("... CỦA" / "ỦY BAN NHÂN DÂN TỈNH"):
#: resources/line_wraps.json, title_joiners.
_TITLE_JOINERS = frozenset(_LINE_WRAPS["title_joiners"])


def _gazette_blocks(text: str) -> List[LayoutBlock]:
    lines = _drop_gazette_junk(text.split("\n"))
    width = _wrap_width([line for line in lines if line])
    blocks: List[LayoutBlock] = []
    phase = "header" if _title_ahead(lines) else "body"
    in_part = False  # a second document (an attached plan or form) has begun under its own motto
    current: Optional[LayoutBlock] = None

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            blocks.append(current)
        current = None

    rows, repeated_heads = _table_rows(lines)
    row_end = 0
    for index, line in enumerate(lines):
        if index < row_end:
            if line and index not in repeated_heads:
                current.lines.append(line)  # a cell of the table row being read
            continue
        if phase == "body" and index in rows:
            close()
            current = LayoutBlock([line], "row")
            row_end = rows[index]
            continue
        if current is not None and current.role == "row":
            close()
        if line is None or line == "":
            if phase in ("header", "title") and current is not None and current.role == "title":
                if line is None:
                    close()
                    phase = "after_title"
            continue
        if phase == "header" and in_part and blocks and blocks[-1].role == "header" and _opens_bracket(blocks[-1].lines):
            blocks[-1].lines.append(line)  # "(Ban hành kèm theo Thông tư số ... năm 2023" / "của Bộ trưởng ...)"
            continue
        if phase == "header" and in_part and (
                _ITEM_START_RE.match(line) or _FORM_BLANK_RE.search(line)
                or not (is_upper_text(line) or is_header_line(line) or ATTACHED_NOTE_RE.match(line))):
            # A form or a table under its own motto ("CỘNG HÒA ..." / "ĐỀ NGHỊ HỖ TRỢ ..." / "1. Họ và
            # tên:......", "Mã" / "Tên gọi"): what is neither in capitals nor a header's line is its
            # body, not more header.
            close()
            phase = "body"
        if phase == "header":
            if _TITLE_START_RE.match(line) and is_upper_text(line):
                close()
                current = LayoutBlock([line], "title")
                phase = "title"
            elif current is None and _continues_issuer(blocks, line):
                blocks[-1].lines.append(line)
            else:
                close()
                blocks.append(LayoutBlock([line], "header"))
            if not in_part:  # the document's own header, under the gazette's lines
                _drop_repeated_issuer(blocks)
            continue
        if phase == "title":
            if _PREAMBLE_RE.match(line) and not (line.startswith("Thực hiện")
                                                 and all(is_upper_text(t) for t in current.lines)):
                # "Căn cứ ..." right under the title: the preamble has begun ("Thực hiện ..."
                # under a title in capitals is its subject: "BÁO CÁO ĐÁNH GIÁ" / "Thực hiện
                # Chương trình ...")
                close()
                phase = "after_title"
            elif len(current.lines) > 1 and is_issuer_line(line) \
                    and current.lines[-1].rsplit(" ", 1)[-1] not in _TITLE_JOINERS:
                # A People's Council prints itself under the title ("HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ
                # VINH" / "KHOÁ IX - KỲ HỌP THỨ 4"), not above it: a header, not more title.
                close()
                current = LayoutBlock([line], "header")
                phase = "issuer"
                continue
        if phase == "issuer":
            if _SESSION_RE.match(line):
                current.lines.append(line)
                continue
            close()
            phase = "after_title"
        if phase == "title":
            if all(is_upper_text(t) for t in current.lines) and not is_upper_text(line):
                current.lines.append(line)  # the subject line under the type word
                continue
            if _continues_compound(current.lines[-1], line):
                current.lines.append(line)
                continue
            if (_ITEM_START_RE.match(line) or _PREAMBLE_RE.match(line)
                    or _opens_title_note(current.lines, line)
                    or is_upper_text(line) and not all(is_upper_text(t) for t in current.lines)):
                close()
                phase = "after_title"
            else:
                current.lines.append(line)
                continue
        if phase == "after_title":
            phase = "body"
            if is_upper_text(line) and not _ITEM_START_RE.match(line) and not line.endswith(":"):
                # The enacting authority ("CHÍNH PHỦ") above the preamble.
                blocks.append(LayoutBlock([line], "header"))
                continue
        # body
        if _MOTTO1_RE.match(line):
            # A second document (the plan a decision issues) starts: its
            # issuer line was taken for body text.
            close()
            if blocks and blocks[-1].role is None and is_upper_text(" ".join(blocks[-1].lines)):
                blocks[-1].role = "header"
            blocks.append(LayoutBlock([line], "header"))
            phase = "header"
            in_part = True
            continue
        if current is None:
            current = LayoutBlock([line])
        elif _starts_new_paragraph(current.lines[-1], line, width, current.lines[0]):
            close()
            current = LayoutBlock([line])
        else:
            current.lines.append(line)
    close()
    return blocks


#: A footnote's number glued to a title's last word ("THÔNG TƯ1", "... đăng ký thuế1"), and what a
#: consolidated text's footnote under it opens with: the documents it consolidates ("Thông tư số
#: 120/2020/TT-BTC ngày ...", "Văn bản này được hợp nhất từ ...").
_GLUED_NOTE_MARK_RE = re.compile(r"[^\W\d_]\d{1,2}$")
_TITLE_NOTE_RE = re.compile(r"^(?:\d{1,2}\s+)?(?:(?:%s) số |Văn bản này được hợp nhất)" % "|".join(
    word[:1] + word[1:].lower() for word in DOC_TYPE_WORDS))


def _opens_title_note(title: List[str], line: str) -> bool:
    """Does ``line`` open the footnote of a title that carries its number?"""
    return bool(_TITLE_NOTE_RE.match(line)) and any(_GLUED_NOTE_MARK_RE.search(piece) for piece in title)


#: The place that ends an issuer's name, on a line of its own ("NGÂN HÀNG NHÀ NƯỚC" / "VIỆT NAM",
#: "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM").
_ISSUER_PLACE_RE = re.compile(r"^(?:VIỆT NAM|TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)(?:\s|$)")


def _continues_issuer(blocks: List[LayoutBlock], line: str) -> bool:
    """Does ``line`` go on with the issuer's name in the header block above it? The issuer's column
    wraps a long name ("BỘ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ HỘI", "BỘ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ
    HỘI"), a joint document's bodies ("TÒA ÁN NHÂN DÂN TỐI CAO -" / "BỘ CÔNG AN - BỘ QUỐC PHÒNG -"),
    its place ("NGÂN HÀNG NHÀ NƯỚC" / "VIỆT NAM"), or a name the gazette's grouping line above gives
    whole ("BỘ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI")."""
    if not blocks or blocks[-1].role != "header" or not is_upper_text(line) or is_header_line(line):
        return False
    above = blocks[-1].lines[-1]
    if not is_upper_text(above) or is_header_line(above):
        return False
    if above.endswith(("-", ",", " VÀ")) or line.startswith("VÀ ") or _ISSUER_PLACE_RE.match(line):
        return True
    if len(blocks) < 2:
        return False
    grouping, so_far = _one_line(blocks[-2].lines), _one_line(blocks[-1].lines)
    return so_far != grouping and grouping.startswith(so_far + " " + _one_line([line]))


def _drop_repeated_issuer(blocks: List[LayoutBlock]) -> None:
    """Leave out a header line in capitals that repeats the one right above it: the gazette prints its
    grouping line ("CHÍNH PHỦ", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") above the document's own
    header, and GUIDELINES §4 deletes it; the text is the same, so the first copy is kept."""
    if len(blocks) >= 2 and blocks[-2].role == "header" and is_upper_text(blocks[-1].lines[0]) \
            and _one_line(blocks[-1].lines) == _one_line(blocks[-2].lines):
        blocks.pop()


def _one_line(lines: List[str]) -> str:
    """``lines`` as one line, each run of spaces one space: how two printings of a name compare."""
    return " ".join(" ".join(lines).split())


# A table printed as a PDF gives one cell (or one wrapped piece of a cell) a line: "TT" / "Tên
# nhiệm vụ" / "Cơ quan" / "chủ trì" / ... / "1" / "Thực hiện nghiêm quy định ..." / "Bộ Nội vụ" /
# ... / "2" / .... Its rows are found by their numbers, alone on their lines and counting up from
# 1; each row is one paragraph (GUIDELINES §4, task tables), and so is the header row above them.
_ROW_NUMBER_RE = re.compile(r"^(\d{1,3})(?:\s{2,}\S.*)?$")  # "7", or "7  Đề án về ..." (a cell set beside it)
#: "I" over "BỘ QUỐC PHÒNG" (a line in capitals): a group of rows, a row of its own.
_GROUP_ROW_RE = re.compile(r"^[%s]{1,5}$" % _HEADING_ROMAN_CLASS)
_HEADER_ROW_START_RE = re.compile(r"^(?:S?TT|Số TT|Số thứ tự)$", re.I)
#: The most lines between two row numbers of a table (a longer stretch is no table's row; a row
#: across a page break has the page's repeated header row in it).
_LONGEST_ROW_LINES = 100
#: What ends a table's last row, whose end no next number marks.
_AFTER_TABLE_RE = re.compile(r"^(?:(?:Điều|Chương|Mục|Phần|Mẫu số|MẪU SỐ|Phụ lục|PHỤ LỤC|Ghi chú)\b|[%s]+\.\s)"
                             % _HEADING_ROMAN_CLASS)


def _table_rows(lines: Sequence[Optional[str]]) -> Tuple[Dict[int, int], Set[int]]:
    """The rows of the numbered tables among the lines: their first line's index -> the index after
    their last line. Only a run of three or more numbers counting up from 1 is a table's; a second
    number column repeating the row's number ("1" / "" / "1" / "001.H/BCB-QP") is no new row.
    Also the lines of the header row that a page break repeats inside the table ("STT" / "Ngành,
    nghề" again at the top of the next page): no cells of the row above, they are left out."""
    numbers = [(i, int(match.group(1))) for i, match in enumerate(_ROW_NUMBER_RE.match(line or "") for line in lines)
               if match]
    runs: List[List[int]] = []
    run: List[Tuple[int, int]] = []
    for i, n in numbers:
        if run and n == run[-1][1] and i - run[-1][0] <= 3:
            continue
        if run and n == run[-1][1] + 1 and i - run[-1][0] <= _LONGEST_ROW_LINES:
            run.append((i, n))
            continue
        if len(run) >= 3:
            runs.append([i for i, _ in run])
        run = [(i, n)] if n == 1 else []
    if len(run) >= 3:
        runs.append([i for i, _ in run])
    rows: Dict[int, int] = {}
    repeated: Set[int] = set()
    for starts in runs:
        longest = max(b - a for a, b in zip(starts, starts[1:]))
        end = starts[-1] + 1
        while end < len(lines) and end - starts[-1] <= longest + 2 and lines[end] is not None \
                and not _AFTER_TABLE_RE.match(lines[end] or "") and not _MOTTO1_RE.match(lines[end] or ""):
            end += 1
        # The header row: from "TT" / "STT" to the first number.
        head = next((k for k in range(starts[0] - 1, max(starts[0] - 16, -1), -1)
                     if lines[k] and _HEADER_ROW_START_RE.match(lines[k])), None)
        first = head if head is not None and None not in lines[head:starts[0]] else starts[0]
        # A group's line among the rows ("I" / "BỘ QUỐC PHÒNG") is a row of its own.
        groups = {k for k in range(first + 1, end - 1)
                  if lines[k] and _GROUP_ROW_RE.match(lines[k]) and is_upper_text(lines[k + 1] or "")}
        cuts = sorted({first, end} | set(starts) | groups)
        rows.update(zip(cuts, cuts[1:]))
        if head is not None:
            repeated.update(_repeated_header(lines, [line for line in lines[head:starts[0]] if line],
                                             starts[0], end))
    return rows, repeated


def _repeated_header(lines: Sequence[Optional[str]], header: List[str], start: int, end: int) -> List[int]:
    """Indexes of the lines between ``start`` and ``end`` that repeat the table's ``header`` lines
    whole and in order, after a page break (blank lines, or a page header's removed lines)."""
    found: List[int] = []
    for k in range(start, end):
        if lines[k] != header[0] or all(lines[max(start, k - 3):k]):
            continue  # not the header's first line, or not after a page break (blank or removed lines)
        taken = [m for m in range(k, min(end, k + 3 * len(header))) if lines[m]][:len(header)]
        if [lines[m] for m in taken] == header:
            found.extend(taken)
    return found


def _title_ahead(lines: Sequence[Optional[str]]) -> bool:
    seen = [line for line in lines if line][:25]
    return any(_TITLE_START_RE.match(line) and is_upper_text(line) for line in seen)


# ---------------------------------------------------------------- crawled lines
_DASHES_RE = re.compile(r"^[-–—_=*.]{3,}\s*")
_NUMBER_RE = re.compile(
    # "Số: 70 /2024/QĐ-UBND": a converter may leave a space before the code's year part.
    r"^(?:[%s][a-zđà-ỹ]*(?:\s[a-zđà-ỹ]+){0,2}\s)?[Ss]ố\s*:?(?:\s*[\w./\-]*\d[\w./\-]*(?:\s+/[\w./\-]+)?)?"
    % _UPPER
)
_DOC_NUMBER_TOKEN_RE = re.compile(r"^[\w./\-]*\d[\w./\-]*")
_PLACE_DATE_RE = re.compile(
    r"^[%s][^\d,:;]{1,40}?,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}" % _UPPER
)
_SUBJECT_RE = re.compile(r"^V/v\b")
_ADDRESSEE_RE = re.compile(r"^Kính gửi\s*:")
_AUTHORITY_HEADS = (
    "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG", "TỔNG CỤC TRƯỞNG", "CỤC TRƯỞNG", "GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN",
)
_GENERIC_AUTHORITIES = tuple(name.upper() for name in body_words("enacting_authority"))


_MOTTO_OR_RULE_STARTS = frozenset("C-–—_=*.")  # first characters of _MOTTO1_RE and _DASHES_RE


def _upper_run(text: str) -> int:
    """Length of the leading run of capitals words (digits and punctuation allowed).

    The run stops before a word with a small letter, a dash rule, or the
    national motto.
    """
    end = 0
    for match in re.finditer(r"\S+", text):
        word = match.group(0)
        # The rest of the text is copied out only for a word that can open
        # the motto ("CỘNG") or a dash rule, not for every word.
        if match.start() > 0 and word[0] in _MOTTO_OR_RULE_STARTS:
            rest = text[match.start():]
            # "... CỦA QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": the country's name in
            # the title, not the motto that follows it
            after_nuoc = text[:match.start()].rstrip().upper().endswith("NƯỚC")
            if (_MOTTO1_RE.match(rest) and not after_nuoc) or _DASHES_RE.match(rest):
                break
        if any(c.isalpha() and c.islower() for c in word):
            break
        if not any(c.isalnum() for c in word) and not word.endswith(":"):
            break
        end = match.end()
    return end


_COUNTRY_NAMES = ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def _split_authority(title: str, issuer: str) -> Tuple[str, str]:
    """``(title, authority)``: the enacting authority that crawling glued to the title's end."""
    candidates = [issuer] if issuer else []
    candidates += list(_GENERIC_AUTHORITIES)
    # "QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": the authority with the country's name
    candidates += [name + " NƯỚC " + country for name in candidates for country in _COUNTRY_NAMES]
    best = ""
    words = title.split(" ")
    # The title's last k words, for k = 2 .. 12, joined once for all candidates.
    tails = [(k, tail, tail + " ") for k in range(2, min(len(words) - 1, 12) + 1)
             for tail in [" ".join(words[-k:])]]
    for name in candidates:
        if not name:
            continue
        for head in ("",) + tuple(h + " " for h in _AUTHORITY_HEADS):
            full = head + name
            # The crawl sometimes cut the authority short ("CHỦ TỊCH UỶ BAN
            # NHÂN DÂN TỈNH"): any start of it, two words or more, counts.
            for k, tail, tail_and_space in tails:
                if (tail == full or full.startswith(tail_and_space) and k >= 3) and len(tail) > len(best):
                    best = tail
    if best:
        return title[: -len(best)].rstrip(), best
    return title, ""


def _header_pieces(lines: List[str]) -> Tuple[List[LayoutBlock], int, str]:
    """Split the run-together header lines.

    Returns the header and title blocks, the index of the first line left for
    the body, and the text left over from the last header line (body text the
    crawl glued to the title, "" if none).
    """
    blocks: List[LayoutBlock] = []
    issuer = ""
    title_found = False
    i = 0
    rest = ""
    while i < len(lines) and i < 10:
        rest = _without_marks(lines[i])
        i += 1
        while rest:
            rest = _DASHES_RE.sub("", rest).strip()
            if not rest:
                break
            match = _MOTTO1_RE.match(rest) or _MOTTO2_RE.match(rest)
            if match:
                blocks.append(LayoutBlock([match.group(0)], "header"))
                rest = rest[match.end():].strip()
                continue
            match = _NUMBER_RE.match(rest)
            if match and not title_found:
                piece = match.group(0)
                rest = rest[match.end():].strip()
                pieces = [piece]
                if not re.search(r"\d", piece) and not rest and i < len(lines):
                    # "Nghị quyết số:" / "132/2020/QH14" on the next line.
                    token = _DOC_NUMBER_TOKEN_RE.match(lines[i].strip())
                    if token:
                        pieces.append(token.group(0))
                        rest = lines[i].strip()[token.end():].strip()
                        i += 1
                blocks.append(LayoutBlock(pieces, "header"))
                continue
            match = _PLACE_DATE_RE.match(rest)
            if match:
                blocks.append(LayoutBlock([match.group(0)], "header"))
                rest = rest[match.end():].strip()
                continue
            if _SUBJECT_RE.match(rest):
                blocks.append(LayoutBlock([rest], "title"))
                title_found = True
                rest = ""
                continue
            if _ADDRESSEE_RE.match(rest):
                blocks.append(LayoutBlock([rest], "header"))
                rest = ""
                break
            if _TITLE_START_RE.match(rest) and not title_found:
                end = _upper_run(rest)
                title, authority = _split_authority(rest[:end].strip(), issuer)
                pieces = [title]
                if title in DOC_TYPE_WORDS and not rest[end:].strip():
                    # The type word alone, its subject on the lines under it in sentence case
                    # (a converted decision: "QUYẾT ĐỊNH" / "Về việc sửa đổi, bổ sung ..." / "quy
                    # định một số nội dung ...").
                    while i < len(lines) and len(pieces) < 7:
                        subject = _without_marks(lines[i])
                        if not _continues_subject(subject, pieces[-1]):
                            break
                        pieces.append(subject)
                        i += 1
                blocks.append(LayoutBlock(pieces, "title"))
                if authority:
                    blocks.append(LayoutBlock([authority], "header"))
                title_found = True
                rest = rest[end:].strip()
                break
            end = _upper_run(rest)
            if end and not title_found and is_upper_text(rest[:end]):
                piece = rest[:end].strip()
                if blocks and blocks[-1].lines == [issuer] and is_issuer_line(issuer) \
                        and _SESSION_RE.match(piece) and not is_issuer_line(piece):
                    # the issuer's place on the next line ("HỘI ĐỒNG NHÂN DÂN" / "THÀNH PHỐ HÀ NỘI"): one
                    # issuer, as the header's columns print it
                    blocks[-1].lines.append(piece)
                    issuer = " ".join(blocks[-1].lines)
                else:
                    issuer = issuer or piece
                    blocks.append(LayoutBlock([piece], "header"))
                rest = rest[end:].strip()
                continue
            if not blocks and not title_found:
                # The crawler's own label line ("Quyết định 1056/QĐ-CT").
                blocks.append(LayoutBlock([rest], "header"))
                rest = ""
                continue
            break
        if rest or title_found and (i >= len(lines) or not _header_like(lines[i])):
            break
    return blocks, i, rest


_UPPER_SUBJECT_RE = re.compile(r"^(?:VỀ|V/V)\s")


def _continues_subject(line: str, prev: str) -> bool:
    """Does ``line`` go on with a title's subject set under its type word? Not a rule, the issuer
    in capitals, a site note in brackets, a preamble, an item or a number line."""
    if prev in DOC_TYPE_WORDS and _UPPER_SUBJECT_RE.match(line):
        return True  # the subject in capitals ("NGHỊ QUYẾT" / "VỀ SỬA ĐỔI, BỔ SUNG ...")
    if not line or _DECORATION_RE.match(line) or is_upper_text(line) or line.startswith("[") \
            or _PREAMBLE_RE.match(line) or _ITEM_START_RE.match(line) or re.match(r"[Ss]ố\s*:", line):
        return False
    # the subject's first line, or a line the one before cannot end (it starts in small letters, or
    # the line before ends with an open word: "... ban hành kèm theo" / "Quyết định số 56/2024 ...")
    return prev in DOC_TYPE_WORDS or not is_finished(prev) and (
        _starts_lower(line) or prev.rsplit(None, 1)[-1] in _OPEN_WORDS)


def _header_like(line: str) -> bool:
    line = line.strip()
    return bool(
        _ADDRESSEE_RE.match(line) or _PLACE_DATE_RE.match(line) or _SUBJECT_RE.match(line)
        or _MOTTO1_RE.match(line)
    )


def is_header_line(line: str) -> bool:
    """A line of a document's header block: the national motto (both lines), the number line, the
    place and date, an addressee or a subject line."""
    return bool(_header_like(line) or _MOTTO2_RE.match(line) or NUMBER_LINE_RE.match(line))


def is_article_with_title(line: str) -> bool:
    """Is ``line`` an article's marker with its title, a converter's marks on it or not ("### Điều 4.
    Điều khoản thi hành"; not "### Điều 1." alone, whose text is the line under it)?"""
    return bool(_ARTICLE_TITLE_RE.match(_without_marks(line)))


def opens_header_part(line: str) -> bool:
    """Does ``line`` open a part of a document's header that is a paragraph of its own however the
    text runs it on (GUIDELINES §4: issuer, motto, number, place and date each one): either line of
    the motto, the number line with its colon ("Số: 38 /2025/QĐ-UBND"), a place and date alone
    ("Hà Nội, ngày 30 tháng 6 năm 2025")?"""
    return bool(_MOTTO1_RE.match(line) or _MOTTO2_RE.match(line) or _HEADER_NUMBER_RE.match(line)
                or (len(line) <= _PLACE_DATE_LONGEST and _PLACE_DATE_RE.match(line)))


_HEADER_NUMBER_RE = re.compile(r"^Số\s*:")
#: A place and date line is short; a sentence may open with them ("Hà Nội, ngày 5 tháng 3 năm
#: 2024, Ủy ban ...").
_PLACE_DATE_LONGEST = 70


_BARE_NUMBER_RE = re.compile(r"^(?:\d{1,2}|[%s]{1,4})[.)]?$" % _ITEM_ROMAN_CLASS)
#: A list marker alone on its line, with its stop ("3.", "2.1.", "II.", "b)", "Điều 4."): a
#: marker never ends its paragraph, so the line under it is its text (a PDF extract or a
#: converter cut them apart: "Điều 1." / "Quy định về phí ...", "### 3." / "Tổ chức ...").
_LONE_MARKER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[%s]{1,4}[.)]|[%s]\)|(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?"
                             r"|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[\d%s]+[.:]?|[%s])$"
                             % (_ITEM_ROMAN_CLASS, _LETTER_RANGE, _HEADING_ROMAN_CLASS, _BULLET_CLASS))
#: A bullet mark alone on its line ("-" / "Mức chi: ..."), which is no decoration to drop.
LONE_BULLETS = frozenset(_BULLETS)
# An appendix after the signature: a new part with its own headings.
_APPENDIX_RE = re.compile(r"^(?:Biểu số|BIỂU SỐ|Phụ lục|PHỤ LỤC)(?:\s+[\d%s]+\b|$)" % _ITEM_ROMAN_CLASS)
_BARE_ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]?$")
_SIGNER_RE = re.compile(r"^(?:[%s][a-zđà-ỹ]+\s){1,4}[%s][a-zđà-ỹ]+$" % (_UPPER, _UPPER))
#: A signer's title alone on its line, printed without "TM." or "KT." above it ("CHỦ TỊCH", "PHÓ
#: BÍ THƯ"), as a Council's chair signs its resolutions.
_SIGNER_TITLE_RE = re.compile(r"^(?:PHÓ\s+)?(?:%s|BÍ THƯ|CHÁNH ÁN|VIỆN TRƯỞNG)$" % "|".join(_AUTHORITY_HEADS))


#: A rank or degree the signer's name may carry ("Đại tướng Lương Tam Quang", "PGS.TS ..."): the
#: capitalised titles of the PERSON cues (``resources/person_cues.json``).
_SIGNER_RANK_RE = re.compile(r"^(?:%s)\.?\s+" % "|".join(
    re.escape(title) for title in sorted(load_resource("person_cues")["titles"], key=len, reverse=True)
    if title[:1].isupper()))


def is_signer_title(text: str) -> bool:
    """Is ``text`` a signer's title alone ("CHỦ TỊCH"), as it stands over the signer's name?"""
    return bool(_SIGNER_TITLE_RE.match(text.strip()))


def is_signer_name(text: str) -> bool:
    """Is ``text`` a signer's name ("Nguyễn Ngọc Tuấn"), maybe after a rank ("Đại tướng Lương Tam Quang")?"""
    return bool(_SIGNER_RE.match(_SIGNER_RANK_RE.sub("", text.strip(), count=1)))


# The legal database's notes in square brackets ("[Điều này được hướng dẫn bởi ...]", "[Khoản này
# bị bãi bỏ bởi ...]") stand between the words of a heading or clause ("Chương 2: [note] BÁN NHÀ Ở
# ... [note]"): cut out, each is a paragraph of its own (GUIDELINES §4), and the heading is found.
_SITE_NOTE_RE = re.compile(r"\[[A-ZĐÀ-Ỹ][^\[\]\n]{24,600}\]")


def _split_site_notes(line: str) -> List[str]:
    """The line's text before, between and after its bracketed site notes, and the notes. A note
    inside a sentence ("... quy hoạch xây dựng [Cụm từ này bị thay thế bởi ...] và giấy phép ...")
    is put after it: the sentence is one paragraph again, the note one of its own (GUIDELINES §4)."""
    if "[" not in line:
        return [line]
    parts: List[List[str]] = []  # [text, is_note]
    pos = 0
    for match in _SITE_NOTE_RE.finditer(line):
        _add_text_piece(parts, line[pos:match.start()].strip())
        parts.append([match.group(0), True])
        pos = match.end()
    _add_text_piece(parts, line[pos:].strip())
    return [text for text, _note in parts] or [line]


def _add_text_piece(parts: List[List[str]], text: str) -> None:
    """Append ``text``, or join it to the unfinished sentence that only notes cut it from."""
    if not text:
        return
    last = max((k for k, (_t, note) in enumerate(parts) if not note), default=None)
    if last is not None and last < len(parts) - 1 and not is_finished(parts[last][0]) and (
            _starts_lower(text) or text[:1] in ",.;:)" or _line_goes_on(parts[last][0], text)
            # words in capitals go on in capitals: "LUẬT [...] TÀI NGUYÊN NƯỚC"
            or is_upper_text(parts[last][0].split()[-1]) and is_upper_text(text)):
        parts[last][0] += text if text[:1] in ",.;:)" else " " + text
    else:
        parts.append([text, False])


#: What the legal database's crawl prints after its label of the document before each section
#: of a chapter: "Luật Đất đai 2024. Mục 2. GIÁ ĐẤT", or "... 2025. Mục" / "1. HOẠT ĐỘNG ...".
_LABELLED_SECTION_RE = re.compile(r"(?:Mục|MỤC)(?:\s|$)")


def _without_crawl_label(lines: List[str]) -> List[str]:
    """The lines without the crawl's label of the document (its first line) where the crawl put it
    before a section's heading; a "Mục" left alone takes the line under it, its number and title."""
    label = lines[0] + ". " if lines else ""
    if len(label) < 6 or not any(line.startswith(label) for line in lines[1:]):
        return lines
    out: List[str] = []
    joined = False
    for k, line in enumerate(lines):
        if joined:
            joined = False
            continue
        rest = line[len(label):] if k and line.startswith(label) else None
        if rest is None or not _LABELLED_SECTION_RE.match(rest):
            out.append(line)
        elif rest.strip() in ("Mục", "MỤC") and k + 1 < len(lines):
            out.append(rest.strip() + " " + lines[k + 1])
            joined = True
        else:
            out.append(rest)
    return out


def _crawled_blocks(text: str) -> List[LayoutBlock]:
    lines = [part for line in text.split("\n") if line.strip() for part in _split_site_notes(line.strip())]
    lines = _without_crawl_label(lines)
    blocks, start, rest = _header_pieces(lines)
    after = start
    while after < len(lines) and _DECORATION_RE.match(lines[after]):
        after += 1  # a rule under the title ("---")
    if not rest and after < len(lines) and any(b.role == "title" for b in blocks) \
            and is_issuer_line(_without_marks(lines[after])):
        # The issuer under the title ("### ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"), above the preamble.
        blocks.append(LayoutBlock([_without_marks(lines[after])], "header"))
        start = after + 1
    body_lines = ([rest] if rest else []) + lines[start:]
    body: List[LayoutBlock] = []
    pending: List[str] = []
    for k, line in enumerate(body_lines):
        if _DECORATION_RE.match(line) and line not in LONE_BULLETS:
            continue
        if _BARE_ARTICLE_RE.match(line) or _BARE_NUMBER_RE.match(line):
            pending = [line]  # "Điều 1." or "1" alone: the crawl cut it from its text
            continue
        if _LONE_MARKER_RE.match(_without_marks(line)) and k + 1 < len(body_lines) \
                and not body_lines[k + 1].startswith("["):
            # "### 3." or "**2.1.**", a converter's marks on it (not before a site note, which
            # stands between a point and its text: "d)" / "[Điểm này được sửa đổi ...]" / "Khoản 4 ...")
            pending = [_without_marks(line)]
            continue
        if _APPENDIX_RE.match(line) and not is_finished(line):
            body.append(LayoutBlock(pending + [line], "part"))
            pending = []
            continue
        if _TABLE_ROW_RE.match(line):
            body.append(LayoutBlock(pending + [line], "row"))
            pending = []
            continue
        if _cut_at_dash(line) and body and body[-1].role is None and body[-1].lines \
                and not is_finished(body[-1].lines[-1]) and not pending:
            body[-1].lines[-1] += " " + line  # "tổ chức xã hội" / "- nghề nghiệp": a compound cut at its dash
            continue
        if _ARTICLE_HEADING_RE.match(line) and not pending and body and body[-1].role is None \
                and body[-1].lines and _line_goes_on(body[-1].lines[-1], line):
            # "... quy định tại" / "Điều 13 của Nghị định này.": the crawl cut a sentence before a
            # reference to an article, which is no article of this text (GUIDELINES §4, joins).
            body[-1].lines[-1] += " " + line
            continue
        if pending:
            line = _without_marks(line)  # "## Chương I" / "### QUY ĐỊNH CHUNG": one heading, no marks inside
        pieces = split_inline(line, full=False)
        if pending:
            # One line, so that the reader does not keep "1" / "- ..." as a list.
            pieces[0] = [" ".join(pending + pieces[0][:1])] + pieces[0][1:]
            pending = []
        body.extend(LayoutBlock(p) for p in pieces)
    if pending:
        body.append(LayoutBlock(pending))
    _split_signature(body)
    return blocks + body


def _split_signature(body: List[LayoutBlock]) -> None:
    """A signature line "KT. BỘ TRƯỞNG THỨ TRƯỞNG Đỗ Hoàng Anh Tuấn": titles and signer apart.

    Looked for in the last lines of the body and before an appendix.
    """
    ends = [i for i, b in enumerate(body) if b.role == "part"] + [len(body)]
    for stop in reversed(sorted(set(ends))):
        for i in range(stop - 1, max(stop - 3, -1), -1):
            text = " ".join(body[i].lines)
            end = _upper_run(text)
            name = text[end:].strip()
            if end and is_upper_text(text[:end]) and len(text[:end].split()) >= 2 and _SIGNER_RE.match(name):
                body[i:i + 1] = [LayoutBlock([text[:end].strip()], "closing"), LayoutBlock([name], "closing")]
                break


# ---------------------------------------------------------------- inline splitting
_ROMAN_VALUES = roman_values()
_LETTERS = item_letters()["sequence"]
# Words after which a capitalised word is a name inside the sentence, not the
# start of text after a run-in heading ("trình Thủ tướng", "Ủy ban Thường vụ").
_NAME_LEADS = frozenset(
    "của với cho và trước theo tại trình giao cầu nghị thuộc như là các những gửi đến giúp "
    "hoặc về từ cùng sau trong ngoài bởi do vào lên ra qua để nhằm cáo quyền đạo hợp thị gồm "
    "có được bị toàn mọi mà nơi ở nay này đó sang tới trên dưới giữa hay tức là ban trưởng "
    "tịch tướng đồng cục quan vụ phủ hội nước dân viện án sát toán số năm tháng ngày kỳ khóa "
    "thứ luật định tư quyết thông chức sở phòng hệ thống mục chương điều khoản điểm lệnh bản "
    "tỉnh huyện xã phố thành tập đoàn ngành bộ lý nghiệp chi hành dụng".split()
)
_CLAUSE_END = ".;:!?…"
# Sentences that open this way name a document or an actor next, not a heading.
_NOT_HEADING_START_RE = re.compile(
    r"^(?:Căn cứ|Trên cơ sở|Xét|Theo|Thực hiện|%s|Tại|Trong|Để|"
    r"Nhằm|Cụ thể|Đồng thời|Tuy nhiên|Bên cạnh|Ngoài ra|Đối với|Với|Khi|Nếu|Trường hợp|Các|Những)\b"
    % _sentence_alternation("sentence_opener")
)
# The closing formula of a resolution: "Nghị quyết này được Quốc hội ... thông qua ngày ...".
_ADOPTION_RE = re.compile(r"^(?:%s) này (?:đã )?được Quốc hội" % _sentence_alternation("adoption"))
#: The whole closing formula, by whoever passed the text: "Luật này được Quốc hội ... khóa XV, kỳ
#: họp thứ 6 thông qua ngày ...", "Nghị quyết này đã được Hội đồng nhân dân ... thông qua ngày ...".
PASSED_FORMULA_RE = re.compile(r"^(?:%s) này (?:đã )?được [^.;:]{3,250}? thông qua\b"
                               % _sentence_alternation("adoption"))
# Words that open a clause and never continue a name.
_CLAUSE_OPENERS = frozenset("Để Sau Khi Nếu Trường Căn Thực Đối Việc Về Hiện Ngay Trong Theo".split())
# Bodies and office holders whose name opens a paragraph ("Bộ Tài chính chủ trì ..."); a
# one-syllable head is taken with its space, so that "Bộ" does not open "Bội chi".
_BODY_OPENERS = "|".join(word + " " if " " not in word else word for word in body_words("layout_opener"))
# Sentence openers that start a paragraph; matched at a position
# (``_OPENERS_RE.match(text, pos)``), so no ``^`` anchor.
_OPENERS_RE = re.compile(
    r"(?:Tuy nhiên|Để |Nhằm |Thực trạng|Bên cạnh đó|Ngoài ra|Cùng với đó|Theo đó|Đồng thời|"
    r"Trường hợp|Cụ thể,|Đối với |%s|(?:%s) này )" % (_BODY_OPENERS, _sentence_alternation("sentence_opener"))
)
_SENTENCE_GAP_RE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def _roman(word: str) -> int:
    values = [_ROMAN_VALUES[c] for c in word]
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


class _Sequence:
    """Numbering seen so far, to accept a marker only when it continues a list."""

    def __init__(self) -> None:
        self.roman = 0
        self.article = 0
        self.arabic = 0
        self.sub = 0
        self.letter = -1

    def accept(self, kind: str, value: int, parent: int = 0) -> bool:
        if kind == "roman" and value in (1, self.roman + 1):
            self.roman, self.arabic, self.sub, self.letter = value, 0, 0, -1
            return True
        if kind == "article" and value in (1, self.article + 1):
            self.article, self.arabic, self.sub, self.letter = value, 0, 0, -1
            return True
        if kind == "arabic" and value in (1, self.arabic + 1):
            self.arabic, self.sub, self.letter = value, 0, -1
            return True
        if kind == "sub" and parent == self.arabic and value in (1, self.sub + 1):
            self.sub, self.letter = value, -1
            return True
        if kind == "letter" and value in (0, self.letter + 1):
            self.letter = value
            return True
        return False


# Marker words, by kind; the group that matched says which ("1.2." is a
# sub-item of item 1). Tried on a word with fullmatch.
_MARKER_WORD_RE = re.compile(
    r"(?P<roman>[%s]{1,4})[.\-–]"
    r"|(?P<arabic>\d{1,2})[.)\-–]"
    r"|(?P<parent>\d{1,2})\.(?P<sub>\d{1,2})\."
    r"|(?P<letter>[%s])\)" % (_ITEM_ROMAN_CLASS, _LETTER_RANGE)
)
_ARTICLE_WORDS = ("Điều", "ĐIỀU")
_DASH_MARKERS = tuple(_BULLETS)
# Every marker word but "Điều" ends with one of these, so a word that ends
# otherwise is rejected without a regex (nearly all words of a text).
_MARKER_LAST_CHARS = frozenset(".)" + _BULLETS)
_ARTICLE_NUMBER_RE = re.compile(r"(\d{1,3})\.")
# Characters that show a clause or a quotation: a run-in heading has none.
_HEADING_STOP_CHARS = frozenset(_CLAUSE_END + "()“”\"[]")
_PREAMBLE_CLAUSE_RE = re.compile(r"^(?:Căn cứ|Trên cơ sở|Theo đề nghị|Xét)$")


def _marker(words: List[str], i: int) -> Optional[Tuple[str, int, int, int]]:
    """``(kind, value, parent, width)`` if ``words[i]`` opens a list item, else None."""
    word = words[i]
    if word[-1] not in _MARKER_LAST_CHARS and word not in _ARTICLE_WORDS:
        return None
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word in _ARTICLE_WORDS:
        if i + 2 < len(words):
            match = _ARTICLE_NUMBER_RE.fullmatch(nxt)
            if match and _has_upper_start(words[i + 2]):
                return "article", int(match.group(1)), 0, 2
        return None
    if not _has_upper_start(nxt):
        return None
    if word in _DASH_MARKERS:
        return "dash", 0, 0, 1
    match = _MARKER_WORD_RE.fullmatch(word)
    if match is None:
        return None
    if match.group("roman"):
        return "roman", _roman(match.group("roman")), 0, 1
    if match.group("arabic"):
        return "arabic", int(match.group("arabic")), 0, 1
    if match.group("sub"):
        return "sub", int(match.group("sub")), int(match.group("parent")), 1
    letter = match.group("letter")
    if letter in _LETTERS:
        return "letter", _LETTERS.index(letter), 0, 1
    return None


def _is_name_word(word: str) -> bool:
    """A capitalised word in sentence case ("Thanh", "Phủ"), not capitals ("UBND")."""
    return word[:1].isupper() and any(c.islower() for c in word)


#: Words after which a repeated phrase continues the sentence ("... hoặc Tờ khai phương tiện ...").
_ECHO_BLOCKERS = frozenset({"hoặc", "và", "hay", "với", "của", "cho", "là", "do", "bởi", "mà", "như", "gồm"})


def _echoes_heading(words: List[str], start: int, j: int) -> bool:
    """Whether the capitalised word at ``j`` and the two after it repeat three lower-case words
    of the heading ``words[start:j]``: the text under a heading often opens with its subject
    ("11. Về thời hạn hàng hóa gửi kho ngoại quan | Hàng hóa gửi kho ngoại quan được ..."),
    while a name repeats in its own capitals ("... các đại biểu Hội đồng nhân dân")."""
    if j + 2 >= len(words) or not words[j][:1].isupper() or not words[j - 1].islower() \
            or words[j - 1] in _ECHO_BLOCKERS:
        return False
    phrase = [w.lower() for w in words[j:j + 3]]
    heading = words[start + 1:j]
    return any(heading[k:k + 3] == phrase for k in range(len(heading) - 2))


def _run_in_heading_end(words: List[str], start: int, limit: int = 15, names_doc: bool = True) -> Optional[int]:
    """Index of the word after a heading run into the text that follows it.

    News copies print "Phấn đấu đạt các mục tiêu Chính phủ kiên định ...": a
    short unpunctuated heading, then a sentence with a capital. The heading
    must not end on a word that normally precedes a name ("trình Thủ tướng").
    """
    end = min(len(words), start + limit + 1)
    if not names_doc and _CLAUSE_OPENERS.isdisjoint(words[start + 3:end]) \
            and not any(_echoes_heading(words, start, j) for j in range(start + 3, end)):
        return None  # in a crawled line only a clause opener or an echo can end the heading (see below)
    if _NOT_HEADING_START_RE.match(" ".join(words[start:start + 3])):
        return None
    # Whether words[start + 1:j] hold a name, kept up to date as j grows
    # (one look at each word, not a rescan of the heading for every j).
    name_inside = any(_is_name_word(w) for w in words[start + 1:start + 2])
    for j in range(start + 3, end):
        prev, word = words[j - 1], words[j]
        if not _HEADING_STOP_CHARS.isdisjoint(prev):
            return None
        name_inside = name_inside or _is_name_word(prev)
        if name_inside:
            return None  # headings are in sentence case: "Tổng Thanh tra" is a name
        if word in _CLAUSE_OPENERS and prev.islower() and len(tail_words := words[j:j + 8]) == 8 \
                and not any(w[-1:] in _CLAUSE_END for w in tail_words[:-1]):
            return j  # "... tăng trưởng Về một số giải pháp": "Về" never continues a name
        if not word[:1].isalpha() or not word[0].isupper() or not any(c.islower() for c in word):
            continue  # not a capitalised word ("“Phương", "UBND")
        if not prev[-1:].isalpha() and "/" not in prev:
            continue
        echo = False
        if not names_doc and word not in _CLAUSE_OPENERS:
            # In a line that is already one paragraph, only a clause opener
            # ("... hải quan Thực hiện theo ...") or the heading's own words
            # ("... gửi kho ngoại quan Hàng hóa gửi kho ...") show a heading glued
            # to its text; anything else is likelier a name ("kỳ họp Ủy ban ...").
            echo = _echoes_heading(words, start, j)
            if not echo:
                continue
        if prev.islower():
            if prev in _NAME_LEADS and not echo:
                continue
        elif not (_is_capitals(prev) and word in _CLAUSE_OPENERS):
            continue  # "... qua KVGS Để đảm bảo": an acronym, then a clause opener
        # The text after the heading must run on for a while.
        tail = words[j:j + 8]
        # News copies open the text with "Chỉ thị nêu rõ: ..."; a crawled line
        # must run on without a stop ("... ban hành Quyết định dừng ... KVGS:").
        if len(tail) < 8 or any(w[-1:] in _CLAUSE_END for w in tail[:4 if names_doc else -1]):
            return None
        return j
    return None


def split_inline(text: str, full: bool = True) -> List[List[str]]:
    """Split one line into paragraphs (lists of source pieces); see :func:`split_inline_marked`."""
    return [pieces for pieces, _ in split_inline_marked(text, full)]


def split_inline_marked(text: str, full: bool = True, news: bool = False) -> List[Tuple[List[str], bool]]:
    """Split one line into paragraphs at list markers, run-in headings and openers.

    ``full`` is for a whole body on one line (news copies): every marker in
    sequence, run-in headings after sentences, capitals runs ("QUYẾT NGHỊ:"),
    preamble clauses and paragraph openers count. Otherwise (a crawled line
    that is already one paragraph) only a heading run into its own text and
    sub-items ("2. Về đại lý ... 2.1. Điều kiện ...") split it. Each result
    is a list of source pieces and whether it is an unnumbered run-in heading.

    ``news`` is for the article of a news copy (see :func:`_news_blocks`): capitals runs count only
    after a sentence end, run-in sub-headings are found by :func:`_news_heading_end`, and long
    stretches are cut at sentence ends by :func:`_split_news`.
    """
    # The maximal runs of non-space characters: str.split and re's \s agree
    # on what whitespace is.
    words = text.split()
    if not words:
        return []
    n_words = len(words)
    joined = " ".join(words)  # the line with single spaces (most lines are so already)
    first = _marker(words, 0)
    if not full and not _SUB_ITEM_END_RE.search(joined) and (
            first is None or _run_in_heading_end(words, first[3], names_doc=False) is None):
        # The usual crawled line: no sub-item, and no heading run into the
        # marker that opens it, so it stays whole (as the loop below would find).
        return [([text.strip()], False)]
    headings = set()
    cuts = {0}
    seq = _Sequence()
    last_cut = 0
    i = 0
    if first and not seq.accept(first[0], first[1], first[2]) and first[0] == "arabic":
        seq.arabic = first[1]  # a crawled line opening with item 2: its sub-items are 2.1, 2.2
    # Only the words where a rule below can cut are visited (see _words_to_visit),
    # with the first word and every word a cut jumps to (i == last_cut).
    visit = _words_to_visit(joined, full)
    # The spacing after each word (a news page's blocks joined by a crawler keep two spaces).
    gaps = re.findall(r"(?<=\S)\s+(?=\S)", text) + [""] if news else []
    depth = _quote_depths(words) if news else []
    if news:
        # Sentences that end inside quotation marks ('... ông nói.” Tiếp đó') start a sentence too.
        visit = sorted(set(visit) | {k + 1 for k, w in enumerate(words) if _QUOTED_END_RE.search(w)})
    # A photo credit ends without a stop ("... trên địa bàn. Ảnh: Bá Hoạt Bám sát thực tiễn cuộc
    # sống Tiết xuân ..."): what follows it starts a sentence or a sub-heading.
    after_credit = _credit_ends(words) if news else set()
    visit = sorted(set(visit) | after_credit) if after_credit else visit
    visit_set = set(visit)
    while i < n_words:
        if i != last_cut and i not in visit_set:
            k = bisect_left(visit, i)
            i = visit[k] if k < len(visit) else n_words
            continue
        word = words[i]
        prev = words[i - 1] if i else ""
        prev_end = prev[-1:]  # a word is never empty, so this is its last character
        after_clause = i == 0 or prev_end in _CLAUSE_END
        near_cut = i - last_cut <= 15
        found = _marker(words, i) if i else None
        if found:
            kind, value, parent, width = found
            ok = False
            if kind == "dash":
                ok = full and prev_end in ".;:"
            elif kind == "sub":
                # The first sub-item of the line's own item opens after a heading of any
                # length ("10. Về thủ tục ... sản xuất hàng xuất khẩu 10.1. Thủ tục ...").
                first_sub = not full and value == 1 and i + 1 < n_words and _has_upper_start(words[i + 1])
                ok = (full or parent == seq.arabic) and (after_clause or near_cut or first_sub) \
                    and seq.accept(kind, value, parent)
            elif full and (after_clause or near_cut):
                ok = seq.accept(kind, value, parent)
            if ok:
                cuts.add(i)
                last_cut = i
                i += width
                continue
        # In a news copy a chapter's title in capitals keeps its word and number with it ("... số
        # 75/2015/QH13. | Chương II HÌNH THỨC GIÁM SÁT | Mục 1 ..."): one heading. (The run of
        # capitals starts at its number, "II", or after it, "Chương I | NHỮNG ...".)
        capitals = full and _starts_capitals_run(words, i)
        head = next((i - k for k in (1, 2) if i >= k and words[i - k] in _CHAPTER_WORDS), i) if capitals and news else i
        if capitals and ((after_clause or near_cut or _is_capitals(prev)) if not news else after_clause or head != i):
            cuts.add(head)
            last_cut = i
            j = i
            while j < n_words and _is_capitals(words[j]):
                j += 1
            if j < n_words:
                cuts.add(j)
                last_cut = j
            i = j
            continue
        if full and i and word.startswith("["):
            cuts.add(i)
            j = i
            while j < n_words and not words[j].endswith("]"):
                j += 1
            if j + 1 < n_words:
                cuts.add(j + 1)
            last_cut = i = j + 1
            continue
        if full and i and prev_end == ";" and _PREAMBLE_CLAUSE_RE.match(
                " ".join(words[i:i + 2]) if word == "Căn" else
                " ".join(words[i:i + 3]) if word in ("Trên", "Theo") else word):
            cuts.add(i)
            last_cut = i
        if full and i and prev_end in ".!?" and _ADOPTION_RE.match(" ".join(words[i:i + 6])):
            cuts.add(i)
            last_cut = i
        # A heading run into the text: at a sentence start (news copies), or
        # right after the item marker that opens a line. A crawled line
        # (not full) is split only there, so the search is left out elsewhere.
        sentence_start = i == 0 or prev_end in ".!?…" or i in cuts
        if news:
            # A paper may star its sub-headings ("* Thúc đẩy hoạt động chuyển giao công nghệ Luật
            # Chuyển giao công nghệ gồm ..."): the phrase after the star is read the same way.
            starred = word == "*" and i + 1 < n_words and _has_upper_start(words[i + 1])
            if i in after_credit and not _is_capitals(word):
                # a photo credit ends its caption: what follows it opens a paragraph of its own
                # (not inside a run of capitals, where the credit's own end is unsure)
                cuts.add(i)
                last_cut = i
            if (i == 0 or prev_end in ".!?…" or _QUOTED_END_RE.search(prev) or i in after_credit) and (
                    _has_upper_start(word) or starred):
                j = _spaced_heading_end(words, gaps, i + starred)
                if j is None:
                    j = _news_heading_end(words, i + starred, depth)
                if j is None:
                    j = _closed_heading_end(words, i + starred, depth)
                if j is None:
                    j = _dateline_heading_end(words, i + starred, depth)
                if j is not None:
                    cuts.update((i, j))
                    headings.add(i)
                    last_cut = i = j
                    continue
            i += 1
            continue
        if (full or i == 0) and (
                (full and sentence_start and _has_upper_start(word)) or (i == last_cut and i in cuts)):
            start = i + (_marker_width(words, i) if i in cuts else 0)
            if full or start > 0:
                j = _run_in_heading_end(words, start, names_doc=full)
                if j is not None:
                    cuts.update((i, j))
                    if start == i:
                        headings.add(i)
                    last_cut = j
                    i = j
                    continue
        i += 1
    ordered = sorted(cuts)
    bounds = list(zip(ordered, ordered[1:] + [n_words]))
    pieces = _word_runs(text, words, joined, bounds)
    marked = [([piece], a in headings) for piece, (a, _) in zip(pieces, bounds)]
    if news:
        marked = [(p, flag) for piece, flag in marked for p in ([piece] if flag else _split_news(piece[0]))]
    elif full:
        marked = [(p, flag) for piece, flag in marked for p in _split_long([piece])]
    return marked


_WHITESPACE_SPLIT_RE = re.compile(r"(\s+)")


def _word_runs(text: str, words: List[str], joined: str, bounds: List[Tuple[int, int]]) -> List[str]:
    """The source text of each run of words ``words[a:b]``, with the spacing it has there.

    ``joined`` is the words joined by single spaces.
    """
    if len(bounds) == 1:
        return [text.strip()]  # the whole line: strip() and split() agree on what is space
    if joined == text:
        # The usual line: words one space apart, so a run's text is its words
        # joined, with no need for every word's offset.
        return [" ".join(words[a:b]) for a, b in bounds]
    # Otherwise the offsets come from the lengths of the words and of the
    # whitespace between them (summed in C), not from a match per word.
    parts = _WHITESPACE_SPLIT_RE.split(text)  # word, space, word, ...; "" first if text opens with space
    ends = list(accumulate(map(len, parts)))
    first = 2 if parts[0] == "" else 0  # where word 0 is in parts
    return [text[ends[first + 2 * a] - len(words[a]):ends[first + 2 * (b - 1)]] for a, b in bounds]


# Lower-case letters (Latin, Vietnamese, Greek ...): a word that holds one is never capitals.
_LOWER_LETTERS = "".join(
    c for c in map(chr, range(0x1F00)) if c.isalpha() and c.islower() and not c.isupper()
)
# Where a rule of split_inline_marked can cut, found by regex passes over
# the line with single spaces (each pattern opens with a literal or a
# character set, which the regex engine scans for quickly):
# a word that ends like a marker ("1.", "a)", "II-", "-") or ends a clause
# or sentence (the next word may open an item or a heading) ...
_WORD_END_MARK_RE = re.compile(r"[%s;!?…](?![^ ])" % char_class("".join(sorted(_MARKER_LAST_CHARS))))
_CLAUSE_OR_SENTENCE_END = frozenset(";.!?…")
# ... a word without a lower-case letter, after its space (maybe capitals, "QUYẾT NGHỊ:") ...
_NO_LOWER_WORD_RE = re.compile(r" [^ %s]*(?![^ ])" % _LOWER_LETTERS)
# ... a note in brackets or an article ("Điều 2."), anywhere in a word ...
_BRACKET_OR_ARTICLE_RE = re.compile(r"\[|Điều|ĐIỀU")
# ... and, in a crawled line (not full), only a sub-item ("2.1."), by its end.
_SUB_ITEM_END_RE = re.compile(r"\.\d\d?\.(?![^ ])")


def _words_to_visit(joined: str, full: bool) -> List[int]:
    """Indices, in order, of the words where split_inline_marked may cut.

    A superset (the rules decide), found by the regex passes above over
    ``joined`` (the line's words single-spaced), so the plain words in
    between cost no Python step each.
    """
    marks: List[Tuple[int, int]] = []  # (position in joined, which word: 0 the one there, 1 the next)
    if full:
        for match in _WORD_END_MARK_RE.finditer(joined):
            char = match.group()
            if char in _MARKER_LAST_CHARS:
                marks.append((match.start(), 0))
            if char in _CLAUSE_OR_SENTENCE_END:
                marks.append((match.start(), 1))
        marks.extend((match.start(), 1) for match in _NO_LOWER_WORD_RE.finditer(joined))
        marks.extend((match.start(), 0) for match in _BRACKET_OR_ARTICLE_RE.finditer(joined))
        marks.sort()
    else:
        marks.extend((match.start(), 0) for match in _SUB_ITEM_END_RE.finditer(joined))
    indices = set()
    index = last = 0
    for position, after in marks:
        index += joined.count(" ", last, position)  # a word's index: the spaces before it
        last = position
        indices.add(index + after)
    return sorted(indices)


def _marker_width(words: List[str], i: int) -> int:
    found = _marker(words, i)
    return found[3] if found else 0


def _is_capitals(word: str) -> bool:
    """Two or more letters, all capitals ("QUỐC", "UBND")."""
    letters = 0
    for char in word:
        if char.isalpha():
            if not char.isupper():
                return False  # most words fail at their first letter
            letters += 1
    return letters >= 2


def _starts_capitals_run(words: List[str], i: int) -> bool:
    """Two or more capitals words ("QUỐC HỘI", "QUYẾT NGHỊ:"), not an acronym pair."""
    if not (_is_capitals(words[i]) and i + 1 < len(words) and _is_capitals(words[i + 1])):
        return False
    return i == 0 or not _is_capitals(words[i - 1])


def _split_long(pieces: List[List[str]], limit: int = 700, shortest: int = 150) -> List[List[str]]:
    """Long unmarked stretches: a new paragraph at each sentence that opens like one."""
    out: List[List[str]] = []
    for piece in pieces:
        text = piece[0]
        if len(text) <= limit:
            out.append(piece)
            continue
        starts = [0]
        for match in _SENTENCE_GAP_RE.finditer(text):
            pos = match.end()
            # Matched in place: a slice text[pos:] per sentence would copy the
            # rest of the stretch each time.
            if pos - starts[-1] >= shortest and _OPENERS_RE.match(text, pos):
                starts.append(pos)
        parts = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]
        if len(parts) > 1 and len(parts[-1]) < shortest:
            parts[-2:] = [parts[-2] + " " + parts[-1]]
        out.extend([p] for p in parts if p)
    return out


def _oneline_blocks(text: str) -> List[LayoutBlock]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if _is_news_copy(lines):
        return _news_blocks(lines)
    blocks: List[LayoutBlock] = []
    for line in lines:
        if not line:
            continue
        for piece, heading in split_inline_marked(line, full=True):
            joined = " ".join(piece)
            role = "heading" if heading else None
            if not blocks and is_upper_text(joined) and not joined.endswith(":"):
                role = "header"  # the issuing authority ("QUỐC HỘI") above the preamble
            blocks.append(LayoutBlock(piece, role))
    return blocks


# ---------------------------------------------------------------- news copies
# A newspaper copy of a document (the pool's news/): the headline on the first line, the lead on
# the second, then the whole article on one line, with the paper's sub-headings run into the text
# ("... trách nhiệm Trình bày báo cáo ..."). GUIDELINES §4 "News copies": the headline is the
# title; the article is split into the paragraphs a reader sees, and a sub-heading is a heading.
# The cues are data: resources/news_layout.json, person_cues.json (titles and family names before
# or inside a name), body_types.json and document_kinds.json (names that continue a sentence),
# places.json (places inside a sentence).
_NEWS = load_resource("news_layout")
_PERSON_CUES = load_resource("person_cues")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(word) for word in words)


_NEWS_OPENERS_RE = re.compile(_alternation(_NEWS["paragraph_openers"]))
#: A person's title written short ("GS.", "ThS."): its full stop ends no sentence.
_TITLE_ABBREVIATION_END_RE = re.compile(r"(?<![\w.])(?:%s)\.$" % _alternation(_NEWS["title_abbreviations"]))
_CAPTION_RE = re.compile(_alternation(_NEWS["caption_starts"]))
_INTERVIEW_TURN_RE = re.compile(_alternation(_NEWS["interview_turns"]))
_CAPITALISED_COMMON = frozenset(_NEWS["capitalised_common_words"])
_NEWS_NOT_HEADING_RE = re.compile(r"^(?:%s)(?!\w)" % _alternation(_NEWS["not_heading_starts"]))
_PROSE_RE = re.compile(r"(?<!\w)(?:%s)(?!\w)" % _alternation(_NEWS["prose_words"]))
_SUBJECT_VERB_RE = re.compile(r"(?<!\w)(?:%s)(?!\w)" % _alternation(_NEWS["prose_words"] + _NEWS["subject_verbs"]))
# Lower-case words after which a capitalised word is a name or an object in the same sentence:
# the layout's name leads and the news cues; and a person's title ("Tổng Bí thư", "ông").
_NEWS_NAME_LEADS = _NAME_LEADS | frozenset(_NEWS["name_leads"])
_PERSON_TITLES = frozenset(title.lower() for title in _PERSON_CUES["titles"])


def _after_title(words: Sequence[str], j: int) -> bool:
    """Do the words before ``words[j]`` end with a person's title ("... Tổng Bí thư | Nguyễn")?"""
    return any(" ".join(words[max(0, j - k):j]).lower() in _PERSON_TITLES for k in (1, 2, 3, 4))


_FAMILY_NAMES = frozenset(_PERSON_CUES["family_names"])


_PLACE_NAMES = frozenset(place_names())
# First words of the names a sentence names next ("Chính phủ", "Bộ", "Báo cáo", "Thủ tướng"):
# after a lower-case word such a word is likelier an object than the start of the text under a
# sub-heading, so it ends one only after a number or before a verb ("... Chính phủ đã ...").
_NAME_FIRST_WORDS = frozenset(
    [entry["word"].split()[0] for entry in load_resource("body_types")["words"]]
    + [title.split()[0] for title in _PERSON_CUES["titles"] if title[:1].isupper()]
    + [sentence_case(entry["word"]).split()[0] for entry in load_resource("document_kinds")["title_words"]]
)
_CHAPTER_WORDS = ("Chương", "CHƯƠNG", "Mục", "MỤC", "Phần", "PHẦN")
#: The words a number follows: a chapter's, a section's, a part's, an article's.
_NUMBERED_WORDS = frozenset(_CHAPTER_WORDS + ("Điều", "ĐIỀU"))
_OPEN_QUOTES = "“\"‘"
_QUOTED_END_RE = re.compile(r"[.!?…][”\"’]+$")
_BYLINE_END_RE = re.compile(r"\./\.\s*")


def _is_news_copy(lines: Sequence[str]) -> bool:
    """A headline line (short, not capitals, no final stop), then the lead and the article."""
    if len(lines) < 2 or len(lines[0]) > 300 or is_upper_text(lines[0]):
        return False
    head = lines[0].rstrip("”\"'’")
    # (a headline may trail off: "... của bộ máy..")
    return (not head.endswith((".", ";", ":")) or head.endswith(("..", "…"))) and not _ITEM_START_RE.match(lines[0])


def _quote_depths(words: Sequence[str]) -> List[int]:
    """For each word, whether a quotation is open before it (curly quotes nest, straight ones toggle)."""
    depths: List[int] = []
    depth, straight = 0, False
    for word in words:
        depths.append(1 if depth > 0 or straight else 0)
        depth, straight = _quotes_after(word, depth, straight)
    return depths


def _quotes_after(text: str, depth: int, straight: bool) -> Tuple[int, bool]:
    """The open curly quotations (they nest) and whether a straight one is open, after ``text``."""
    for char in text:
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif char == '"':
            straight = not straight
    return depth, straight


#: The places by their first word as written and the rest in small letters: a paper capitalises
#: a region's inner words at will ("Đồng bằng Sông Cửu Long").
_PLACE_KEYS = frozenset(" ".join(name.split()[:1] + [w.lower() for w in name.split()[1:]]) for name in _PLACE_NAMES)
_LONGEST_PLACE = max(len(name.split()) for name in _PLACE_NAMES)
_PLACE_FIRST_WORDS = frozenset(name.split()[0] for name in _PLACE_NAMES)


def _place_length(words: Sequence[str], j: int) -> int:
    """How many words the longest place starting at ``words[j]`` has (0: none starts there)."""
    if words[j].rstrip(",.;:") not in _PLACE_FIRST_WORDS:
        return 0  # most words start no place: one set look-up instead of eight joins
    return max((k for k in range(1, min(_LONGEST_PLACE, len(words) - j) + 1)
                if " ".join(words[j:j + 1] + [w.lower() for w in words[j + 1:j + k]]).rstrip(",.;:")
                in _PLACE_KEYS), default=0)


def _starts_place(words: Sequence[str], j: int) -> bool:
    return _place_length(words, j) > 0


def _inside_place(words: Sequence[str], j: int) -> bool:
    """Does a place that starts before ``words[j]`` run on over it ("Đồng bằng | Sông Cửu Long")?"""
    return any(_place_length(words, i) > j - i for i in range(max(0, j - _LONGEST_PLACE + 1), j))


#: Clause openers that are also the first syllable of names ("Đối tác", "Trường Chinh"): they
#: open a clause only with the syllable after them.
_CLAUSE_OPENER_PAIRS = {"Đối": "với", "Trường": "hợp", "Thực": "hiện", "Hiện": "nay", "Căn": "cứ",
                        "Ngay": "sau"}


def _opens_clause(words: List[str], j: int) -> bool:
    """Whether ``words[j]`` opens a clause ("Về việc", "Đối với"), never a name ("Đối ngoại")."""
    word = words[j]
    if word not in _CLAUSE_OPENERS:
        return False
    second = _CLAUSE_OPENER_PAIRS.get(word)
    return second is None or j + 1 < len(words) and words[j + 1].rstrip(",") == second


#: A word that opens no sentence: an abbreviation joined to more by a hyphen, or one holding a digit.
_CODE_WORD_RE = re.compile(r"^[%s]+-|.*\d" % _UPPER)

#: A news sub-heading has at most this many words with a comma among them (and 25 without).
_NEWS_HEADING_WORDS = 20


def _names_inside(words: List[str], k: int) -> bool:
    """Is ``words[k]`` a capitalised word that names something (a body, a title, a person), not a
    place nor a common word written with a capital ("Tổ quốc", "Nhà nước")? A paper's sub-heading
    is in sentence case: such a word inside the phrase shows a sentence cut before a name."""
    word = words[k]
    if not _is_name_word(word) or word.rstrip(",.;:") in _CAPITALISED_COMMON \
            or " ".join(words[k:k + 2]).rstrip(",.;:") in _CAPITALISED_COMMON:
        return False
    return not (_starts_place(words, k) or k and _starts_place(words, k - 1))


def _news_heading_end(words: List[str], start: int, depth: List[int], limit: int = 25) -> Optional[int]:
    """Index of the word after a sub-heading that opens the sentence at ``start``, or None.

    A sub-heading is a short title-like phrase without a final stop ("Xử lý nghiêm cán bộ sai
    phạm thể hiện quyết tâm và trách nhiệm") followed by a sentence that starts with a capital
    ("Trình bày báo cáo ..."). It is not cut at a capitalised name inside a sentence: not after
    a comma, a title or "ông/bà/đồng chí" (name leads), not at a family name or a place, not
    inside a quotation, and not after a capitalised word (the name runs on).
    """
    first = words[start]
    if depth[start] or first[:1] in _OPEN_QUOTES + "([*" or _is_capitals(first):
        return None
    if _opens_no_heading(words, start):
        return None
    n_words = len(words)
    for j in range(start + 1, min(n_words, start + limit + 1)):
        prev, word = words[j - 1], words[j]
        if prev[-1:] in _CLAUSE_END or not _HEADING_STOP_CHARS.isdisjoint(prev.strip("“”\"")) or "(" in prev:
            break  # the sentence (or a clause) ends: no sub-heading before it
        if word[:1] in "([":
            break  # "Chỉ số giá tiêu dùng (CPI) ...": a sentence
        if j - start < 3 or not _has_upper_start(word) or depth[j] != depth[start] or _is_capitals(word) \
                or _CODE_WORD_RE.match(word):
            # an acronym or a code after a lower-case word is the sentence's object ("tham gia
            # BHYT", "dịch vụ chụp CT-Scanner", "quý I-2017")
            continue
        bare_prev = prev.rstrip("”\"’")
        if not bare_prev or bare_prev[-1] in ",–-—" or prev in ("–", "-", "—"):
            continue  # "... của cử tri, ông Trần ...": inside the sentence
        if not (bare_prev.islower() or bare_prev[-1].isdigit()):
            break  # a capitalised word before: a name runs on ("chùa Côn Sơn Thủ tướng")
        if word[-1:] == "," and word[:-1].isalpha():
            # a capitalised word and a comma closes a name inside the sentence ("... đại lộ Strip,
            # tuyến đường ...", "Xuất thân từ bang Indiana, ông ..."): a sentence after a
            # sub-heading opens with more than one word before its first comma
            continue
        if any(w.endswith(",") and _has_upper_start(words[k + 1]) for k, w in enumerate(
                words[start:min(j - 1, start + 4)], start)):
            break  # "Sau vụ tai nạn, Công ty ...": an opening adverbial, then the subject
        if j - start > _NEWS_HEADING_WORDS and sum(w.endswith(",") for w in words[start:j]) > 1:
            break  # a longer stretch with commas is a sentence's opening clauses, not a heading
        if _opens_clause(words, j) and bare_prev.islower():
            # "... Cục trưởng, Vụ trưởng Về việc ...": "Về" never continues a name
            tail = words[j:j + 8]
            if len(tail) == 8 and not any(w[-1:] in _CLAUSE_END for w in tail[:-1]) \
                    and not _PROSE_RE.search(" ".join(words[start:j])):
                return j
            continue
        if bare_prev.lower() in _NEWS_NAME_LEADS or _after_title(words, j):
            continue
        if word in _FAMILY_NAMES and j + 1 < n_words and _is_name_word(words[j + 1]):
            continue  # a person's name
        if _starts_place(words, j) or _inside_place(words, j):
            continue
        tail = words[j:j + 8]
        if len(tail) < 8 or any(w[-1:] in _CLAUSE_END for w in tail[:3]):
            continue
        heading = " ".join(words[start:j])
        if any(_names_inside(words, k) for k in range(start + 1, j)):
            return None  # "Đại diện Công ty chế biến thực phẩm | Đông Đô ...": a name runs through
        if _PROSE_RE.search(heading) or _TIME_ADVERBIAL_RE.search(heading):
            # a verb of a sentence, or a time adverbial ("Năm 2016, tỷ lệ ...")
            return None
        if word.lstrip(_OPEN_QUOTES) in _NAME_FIRST_WORDS or word.split("/")[0] in _NAME_FIRST_WORDS:
            if bare_prev[-1].isdigit() or _SUBJECT_VERB_RE.search(" ".join(words[j + 1:j + 5])):
                return j  # "... năm 2017 Chính phủ ban hành", "... kinh tế Chính phủ đã tập trung"
            continue
        # A name that runs on into the subject of the text under the heading ("... di tích chùa
        # Côn Sơn Thủ tướng Chính phủ đã phê duyệt"): the heading ends before the subject.
        k = j + 1
        while k < min(n_words, j + 5) and _has_upper_start(words[k]) and not _is_capitals(words[k]):
            if words[k] in _NAME_FIRST_WORDS and _SUBJECT_VERB_RE.search(" ".join(words[k + 1:k + 5])):
                return k
            k += 1
        return j
    # Only names after lower-case words ("họp Chính phủ", "nghe Báo cáo"): objects, no sub-heading.
    return None


#: The longest sub-heading closed by its own mark (a quotation, a question, an exclamation).
_CLOSED_HEADING_WORDS = 12


def _closed_heading_end(words: List[str], start: int, depth: List[int]) -> Optional[int]:
    """Index of the word after a sub-heading that its own mark closes, or None: a short quotation
    standing alone ("“Nói với dân phải nhất ngôn” | Ở khía cạnh khác, ...") or a short question or
    exclamation ("Phạt hành vi vứt rác có khả thi? | Đó là trăn trở ..."), between a sentence end
    and a sentence that opens with a capital and runs on. A quotation inside prose is followed by
    its speaker after a comma or a dash ("...”, ông A nói"), never by a new sentence without a stop;
    a question in prose sits inside its paragraph, after a longer sentence than a heading is or
    with a comma of its own."""
    first = words[start]
    if depth[start] or _opens_no_heading(words, start):
        return None
    quoted = first[:1] in _OPEN_QUOTES
    for j in range(start + 1, min(len(words), start + _CLOSED_HEADING_WORDS + 1)):
        prev = words[j - 1]
        closed = prev[-1:] in "”\"" if quoted else prev[-1:] in "?!"
        if not closed:
            if prev[-1:] in _CLAUSE_END or (not quoted and prev[-1:] == ","):
                return None  # a sentence, or a clause of one, ends before the mark
            continue
        if j - start < 2 or (quoted and not _HEADING_STOP_CHARS.isdisjoint(prev.rstrip("”\"")[-1:])):
            return None  # a one-word exclamation; a quoted sentence ("...!”")
        tail = words[j:j + 8]
        if len(tail) < 8 or not _has_upper_start(words[j]) or _is_capitals(words[j]) \
                or any(w[-1:] in _CLAUSE_END for w in tail[:3]):
            return None
        return j
    return None


#: A news paragraph's dated lead ("Chiều 19.9.2016,", "Sáng 7/2,", "Ngày 20.5.2016,"): a sentence
#: never runs into it without a stop, so the words before it are a sub-heading.
_DATELINE_RE = re.compile(r"(?:Sáng|Chiều|Trưa|Tối|Đêm|Ngày|Hôm qua|Hôm nay|Rạng sáng)\s+\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?,")


def _dateline_heading_end(words: List[str], start: int, depth: List[int]) -> Optional[int]:
    """Index of a dated lead ("Chiều 19.9.2016, ...") that follows the words at ``start`` without a
    stop: those words are a sub-heading ("Hiếp, giết bé gái 7 tuổi ở Đắk Lắk | Chiều 19.9.2016, Cơ
    quan ..."), commas and names allowed; or None. A bracketed photo credit is no sub-heading."""
    if depth[start] or words[start][:1] in "([" or _opens_no_heading(words, start):
        return None
    for j in range(start + 2, min(len(words) - 1, start + _NEWS_HEADING_WORDS + 1)):
        if words[j - 1][-1:] in ".!?…:;" or depth[j] != depth[start]:
            return None
        if words[j][:1].isupper() and _DATELINE_RE.match(words[j] + " " + words[j + 1]):
            return j
    return None


#: A time adverbial that opens a sentence ("Năm 2016, tỷ lệ ...", "Ngày 15/6/2017, Ủy ban ..."):
#: the words before it are no sub-heading.
_TIME_ADVERBIAL_RE = re.compile(r"\d,(?: |$)")


def _opens_no_heading(words: List[str], start: int) -> bool:
    """Does the sentence at ``start`` open as a news sub-heading never does: with one of the
    openings ``news_layout.json`` lists (``not_heading_starts``; not a document's name, with which
    a paper's sub-heading may open: "Nghị quyết phiên họp Chính phủ ...") or a photo caption?"""
    opening = " ".join(words[start:start + 3])
    return bool(_NEWS_NOT_HEADING_RE.match(opening) or _CAPTION_RE.match(opening))


#: The words that open a photo credit in a news copy ("Ảnh: TTXVN", "(Ảnh: Việt Vũ)"): the
#: one-word credit markers of ``resources/org_edges.json``, whose credits hold no entity.
_CREDIT_WORDS = tuple(marker for marker in load_resource("org_edges")["credit_markers"] if " " not in marker)


def _credit_ends(words: List[str], longest: int = 6) -> set:
    """Indexes of the words right after each photo credit of a news line.

    A credit is "Ảnh:" then the photographer or agency: capitalised names, capitals, "-" and
    "/" ("Ảnh: Doãn Tấn -TTXVN", "Ảnh: Văn Điệp – TTXVN"). It ends at the first capitalised word
    followed by a small one: a name's words are all capitalised, a sentence's or a heading's are
    not ("Ảnh: Bá Hoạt | Bám sát thực tiễn cuộc sống").
    """
    ends = set()
    n_words = len(words)
    for i, word in enumerate(words):
        if word not in _CREDIT_WORDS:
            continue
        k = i + 1
        while k < min(n_words, i + 1 + longest):
            here = words[k]
            if word.startswith("(") and here.endswith(")"):
                k += 1  # "(Ảnh: Việt Vũ)": the bracket closes the credit
                break
            if "/" in here and _is_capitals(here.rsplit("/", 1)[-1]) or (
                    _is_capitals(here) and words[k - 1] in ("-", "–")):
                k += 1  # the agency after the photographer ("Nhan Sáng/TTXVN", "Doãn Tấn - TTXVN")
                break
            if here in ("-", "–") or _is_capitals(here) or "/" in here or (
                    _has_upper_start(here) and k + 1 < n_words and not words[k + 1][:1].islower()):
                k += 1
                continue
            break
        if i + 1 < k < n_words and (_has_upper_start(words[k]) or words[k] == "*") \
                and not words[k - 1].endswith("."):
            ends.add(k)
    return ends


def _spaced_heading_end(words: List[str], gaps: List[str], start: int,
                        limit: int = _NEWS_HEADING_WORDS) -> Optional[int]:
    """Index of the word after a sub-heading that the page set apart by two or more spaces, or None.

    A crawler that joins a news page's blocks into one line leaves the sub-heading's own block
    end as a double space ("... so với Đà Nẵng. Giá trị trung bình Chỉ số cải cách hành chính
    khối bộ, ngành là 80,94%  Bộ Nội vụ cho biết ..."). The phrase from the sentence start to
    that gap is a sub-heading when nothing ends a clause before it and it is title-like: not a
    byline or a photo caption (names only, a name lead, a person's name at its end), not a
    salutation ending in a comma, not an opening adverbial ("Ngày 15/6/2017, ...").
    """
    # (The quotation depth is not asked: a block's end closes any quotation the line left open.)
    if words[start][:1] in _OPEN_QUOTES + "([*" or words[start].lower() in _NEWS_NAME_LEADS \
            or _opens_no_heading(words, start):
        return None
    for j in range(start + 1, min(len(words), start + limit + 1)):
        prev = words[j - 1]
        if len(gaps[j - 1]) < 2:
            if prev[-1:] in _CLAUSE_END:
                return None  # a sentence or clause ends before any gap
            continue
        heading = words[start:j]
        nxt = words[j]
        if prev[-1:] in _CLAUSE_END + ",)”\"'" or not (_has_upper_start(nxt) or nxt[:1] in _OPEN_QUOTES):
            return None
        if len(heading) < 3 or all(_has_upper_start(w) or w in "-–" for w in heading):
            return None  # a byline or a caption's name ("Đức Dũng", "Nguyễn Thị Hồng Vui")
        if _TIME_ADVERBIAL_RE.search(" ".join(heading)):
            return None
        # A caption that ends with the person it shows ("Trưởng Ban Dân nguyện Nguyễn Thanh Hải").
        for k in range(max(start, j - 4), j - 1):
            if words[k] in _FAMILY_NAMES and all(_is_name_word(w) for w in words[k:j]) \
                    and not _starts_place(words, k):
                return None
        return j
    return None


#: The longest quotation a news copy holds, in characters (a longer one was never closed).
_LONGEST_QUOTE = 1500


def _split_news(text: str, shortest: int = 100, longest: int = 700) -> List[List[str]]:
    """An article stretch cut at sentence ends where a reader sees a new paragraph: a sentence
    that opens like one (a new speaker, topic or point; resources/news_layout.json) once the
    paragraph has ``shortest`` characters, any sentence end after ``longest``, a photo caption,
    and the byline after the closing "./.". No cut inside a quotation."""
    starts = [0]
    depth, straight = 0, False
    pos = 0
    closed_at = 0  # where the last quotation closed (or the text began)
    for match in _NEWS_GAP_RE.finditer(text):
        depth, straight = _quotes_after(text[pos:match.start()], depth, straight)
        pos = match.start()
        if not (depth or straight):
            closed_at = pos
        elif pos - closed_at > _LONGEST_QUOTE:
            # a quotation mark the paper never closed ("... về “Chương trình hành động ..."):
            # no quotation runs on that long, so the text after it is read again
            depth, straight, closed_at = 0, False, pos
        cut = match.end()
        before = text[max(0, match.start() - 4):match.start()]
        if before.endswith("./."):
            if len(text) - cut <= 80:
                starts.append(cut)  # the byline ("Ngọc Thành/VOV.VN")
            continue
        if depth or straight or not before[-1:] in ".!?…”\"" or _TITLE_ABBREVIATION_END_RE.search(
                text, max(0, match.start() - 8), match.start()):
            if match.group().startswith("  ") and not (depth or straight) and cut - starts[-1] >= 20:
                starts.append(cut)  # a double space: the end of a photo caption
            continue
        if before[-1] in "”\"" and not re.search(r"[.!?…][”\"]$", before):
            continue
        length = cut - starts[-1]
        # an interview's turns: the question ("PV: ...?") and the answer after it
        turn = _INTERVIEW_TURN_RE.match(text, cut) or before[-1] == "?" and _INTERVIEW_TURN_RE.match(text, starts[-1])
        if _CAPTION_RE.match(text, cut) or turn or length >= shortest and _NEWS_OPENERS_RE.match(text, cut) \
                or length >= longest:
            starts.append(cut)
    parts = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]
    return [[part] for part in parts if part]


_NEWS_GAP_RE = re.compile(r"\s+(?=[“\"*%s])" % _UPPER)


#: A news copy's byline: names joined by dashes or commas, then the agency ("Xuân Tùng - Phúc
#: Hằng (TTXVN)", "Phi Long/VOV.VN", "Tuấn Việt"), alone on the article's last line.
_NAME_WORDS = rf"[{_UPPER}][^\W\d_]*(?: [{_UPPER}][^\W\d_]*){{1,3}}"
_BYLINE = (rf"{_NAME_WORDS}(?:\s*[-–,]\s*{_NAME_WORDS})*"
           rf"(?:\s*(?:\([^()]{{2,30}}\)|/\s*[{_UPPER}][\w.\-]*))?")
_NEWS_BYLINE_RE = re.compile(rf"^{_BYLINE}$")


#: The same byline run into the article's last sentence, after its end.
_TRAILING_BYLINE_RE = re.compile(rf"(?<=[.!?…”\"])\s+({_BYLINE})$")


def _news_blocks(lines: Sequence[str]) -> List[LayoutBlock]:
    """Headline (the title), lead, and the article split (see :func:`split_inline_marked`); the
    byline that ends it is the copy's closing, as a signature ends a document."""
    blocks = [LayoutBlock([lines[0]], "title")]
    for line in lines[1:]:
        if len(line) <= 600:
            blocks.append(LayoutBlock([line]))
            continue
        for piece, heading in split_inline_marked(line, full=True, news=True):
            blocks.append(LayoutBlock(piece, "heading" if heading else None))
    last = blocks[-1]
    if len(blocks) > 2 and last.role is None and len(last.lines) == 1 and len(last.lines[0]) <= 60 \
            and _NEWS_BYLINE_RE.match(last.lines[0]):
        last.role = "closing"
    elif len(blocks) > 2 and last.role is None and len(last.lines) == 1:
        # The byline run into the article's last sentence ("... Điện Biên Phủ. Quang Vũ - Lâm Khánh
        # (TTXVN)"): capitalised names after a sentence's end, with no stop of their own.
        byline = _TRAILING_BYLINE_RE.search(last.lines[0])
        if byline:
            last.lines[0] = last.lines[0][:byline.start()].rstrip()
            blocks.append(LayoutBlock([byline.group(1)], "closing"))
    return blocks
