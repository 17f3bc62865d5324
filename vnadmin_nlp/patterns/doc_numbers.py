"""Patterns for DOC_NUMBER: the number code (số, ký hiệu) of a document.

Each pattern is general to the genre, with examples. Matches are character
spans over a paragraph's text; the component turns them into entities.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Match, Sequence, Tuple

from ..resources import sentence_case, title_words
from ._scan import LeadTable, matches_at, start_digits

#: Letters that text copied from some PDFs or sites has in place of the capitals of codes, with
#: the letter each stands for: Cyrillic ("40/2026/NĐ-СР") and the Icelandic eth Ð for Đ
#: ("102/2017/NÐ-CP"). The codes keep them as spelled; ``doc_number_parts`` reads them as these.
LOOK_ALIKES = {"Ð": "Đ", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
               "Р": "P", "С": "C", "Т": "T", "Х": "X"}
# The capitals of codes: Latin, Đ, Ư ("21-NQ/TƯ"), and their look-alikes.
_UP = "A-ZĐƯ" + "".join(LOOK_ALIKES)
# One segment of a type/issuer code: an upper-case letter, then letters and
# digits ("NQ", "QĐi", "TTg", "BCSD", "QH14", "UBND"); an issuer of two bodies joined by "&"
# is one segment ("QĐ-BGD&ĐT", "TTLT-BTC-BNN&PTNT").
_SEG = rf"[{_UP}][A-Za-z0-9{_UP}đ]*(?:&[{_UP}][A-Za-z0-9{_UP}đ]*)*"
# A segment that opens with two capitals ("CP", "TTg", "HĐBT"): what an issuer or a type
# code is, unlike a word ("Khu", "Bít").
_SEG2 = rf"[{_UP}][{_UP}][A-Za-z0-9{_UP}đ]*(?:&[{_UP}][A-Za-z0-9{_UP}đ]*)*"
# The hyphen between type and issuer; copied text sometimes spaces it
# ("35/NQ - CP", "01/2014/TT- TTCP") or sets an en dash for it ("Chỉ thị số 40 – CT/TW", as a
# news copy prints it every time), and a gazette's table cell may end its line with it
# ("Nghị định số 101/2024/NĐ-" / "CP ngày 29 tháng 7 năm 2024"): the code is still one code.
_HYPHEN = r"(?:-| -| ?- | ?– ?|-\n)"
_CODE = rf"{_SEG}(?:{_HYPHEN}{_SEG})*"
_NUM = r"\d{1,6}[a-z]?"  # "25", "348a"
#: A number with a sub-number, as the Government numbers some 2026 resolutions: "66.13/2026/NQ-CP".
_NUM_DOT = r"\d{1,6}(?:\.\d{1,3})?[a-z]?"
_LEFT = r"(?<![\w/.\-%])"  # not glued to a longer token on the left, nor a web address's escape
# nor on the right; "%" is a web address's escape ("67/1998/Q%C4%90-TTg" is no code "67/1998/Q")
_RIGHT = r"(?![\w/%]|-[A-Za-zĐđ0-9])"

# The slash after the number; a form filled in by hand or a copied text spaces it ("Số: 69
# /2024/QĐ-UBND", "Văn bản số 8411/ STC-TCHCSN"), doubles it by a typo ("Nghị định số
# 64//2023/NĐ-CP", "Thông tư số 19/2022//TT-BKHĐT") or, in a gazette's table cell, ends its line
# with it ("Thông tư số 04/2012/" / "TT-BLĐTBXH"), and the code is still one code.
_SLASH = r"(?:/| /|/ |//|/\n)"

#: Party style NUMBER-TYPE/ISSUER: "25-NQ/TW", "01-QĐi/TU", "30-KH/BCSD-BDVTU",
#: "348a-CV/BDVTW", and with the slash spaced in a copy: "49-CT /TW".
PARTY_CODE = re.compile(rf"{_LEFT}{_NUM}{_HYPHEN}{_SEG}{_SLASH}{_CODE}{_RIGHT}")

#: NUMBER-YEAR/TYPE-ISSUER, as the Government numbers some resolutions: "19-2017/NQ-CP".
NUMBER_YEAR_CODE = re.compile(rf"{_LEFT}{_NUM}-(?:19|20)\d\d/{_CODE}{_RIGHT}")

#: State style NUMBER/YEAR/TYPE-ISSUER: "145/2020/NĐ-CP", "12/2024/QĐ-TTg",
#: laws "45/2019/QH14" (type and issuer fused), "66.13/2026/NQ-CP", and with the slash after
#: the year spaced in a copy: "148/2025 /NĐ-CP". The year keeps the source's typos ("Nghị định
#: số 142/2205/NĐ-CP", "Thông tư 279/20116/TT-BTC", "117/215/NĐ-CP"): digits between two
#: slashes before a type-issuer code are that code's year, whatever they say. A joint circular
#: may slash its issuers: "141/2010/TTLT/BQP-BTP".
STATE_CODE_WITH_YEAR = re.compile(
    rf"{_LEFT}{_NUM_DOT}{_SLASH}\d{{2,6}}{_SLASH}{_SEG}(?:(?:{_HYPHEN}|/){_SEG})*{_RIGHT}")

#: State style NUMBER/TYPE-ISSUER: "01/QĐ-UBND", "33/CT-TTg", "6896/UBND-NC",
#: "19046/BTC-TCHQ". The hyphen is required so that "10/10" or a fraction
#: never matches.
STATE_CODE = re.compile(rf"{_LEFT}{_NUM}{_SLASH}{_SEG}(?:{_HYPHEN}{_SEG})+{_RIGHT}")

#: A national technical standard cited by its code, without the "QCVN"/"TCVN" before it:
#: "QCVN 34:2022/BTTTT" gives "34:2022/BTTTT", "TCVN 5574:2018" gives "5574:2018".
#: The colon may be spaced in a copy ("QCVN 15: 2018/BGTVT"), the number may carry a letter
#: code ("QCVN 61-MT:2016/BTNMT"); a base standard (tiêu chuẩn cơ sở) is cited the same way:
#: "TCCS 18:2015/CHK" gives "18:2015/CHK". A copy may wrap the line after the prefix ("QCVN" /
#: "01:2019/BCT") or space the slash ("QCVN 28:2010/ BTNMT").
_STANDARD_NUMBER = r"\d{1,5}(?:-(?:\d{1,3}|[A-Z]{1,4}))?: ?(?:19|20)\d\d"
STANDARD_CODE = re.compile(rf"(?:(?<=QCVN )|(?<=QCVN\n)|(?<=TCCS )|(?<=TCCS\n))"
                           rf"(?:{_STANDARD_NUMBER}(?: ?/ ?{_CODE})?){_RIGHT}|"
                           rf"(?:(?<=TCVN )|(?<=TCVN\n))(?:{_STANDARD_NUMBER}){_RIGHT}")

#: NUMBER/TYPE without issuer is a code only right after "số"/"Số:":
#: "Công văn số 1234/UBND".
BARE_STATE_CODE = re.compile(rf"(?<=[Ss]ố )(?:{_NUM}/[A-ZĐ]{{2,}}[A-Za-zĐđ]*){_RIGHT}|"
                             rf"(?<=[Ss]ố: )(?:{_NUM}/[A-ZĐ]{{2,}}[A-Za-zĐđ]*){_RIGHT}")

#: Document type words that can name a document by a bare number, as written in a sentence
#: (``resources/document_kinds.json``, the title words ``used_by`` "citation").
#: The news also writes the nouns among them in lower case ("triển khai nghị định 49"); not the
#: words that are verbs as well ("quyết định 01 đơn vị", "quy định 2 loại"): the title words
#: ``used_by`` "citation_lower_case".
DOC_TYPE_WORDS = tuple(sentence_case(word) for word in title_words("citation")) + tuple(
    word.lower() for word in title_words("citation_lower_case"))


def _ascii_folded(word: str) -> str:
    """``word`` without its tone and vowel marks, as crawled titles write it: "Quyết định" ->
    "Quyet dinh"."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


#: The same words folded to ASCII, as a crawler's first line has them: "Văn bản Quyet dinh
#: 3745" (only the words that change: "Luật" -> "Luat", not "Kế hoạch" twice).
_FOLDED_TYPE_WORDS = tuple(folded for folded in map(_ascii_folded, DOC_TYPE_WORDS)
                           if folded not in DOC_TYPE_WORDS)
#: A type word of a sentence, in its own spelling or folded; a joint document keeps its type
#: word before "liên tịch" ("Thông tư liên tịch số 06/2018", "Kế hoạch liên tịch số ...").
_TYPE_WORD = r"(?:%s)(?: liên tịch)?" % "|".join(DOC_TYPE_WORDS + _FOLDED_TYPE_WORDS)
#: "số", "so" after a folded type word ("Quyet dinh so 3745").
_SO = r"(?: số| so)"

#: Alias "Quyết định 218", "Quy định 4054", "Nghị quyết số 25": the number
#: only. Not when the number counts something ("Kế hoạch 5 năm"), is a date
#: or continues as a full code; a number of two digits or more before "năm" and one
#: year is the document of that year ("Nghị định 154 năm 2016"; not "Kế hoạch 5 năm
#: 2021 - 2025", a span of years).
ALIAS = re.compile(
    r"(?<![\w])%s%s? (\d{1,6}[a-z]?)(?![\w/\-.,]\d|[\w/\-]"
    r"|\s*(?:năm(?<!\d\d năm)|năm(?! (?:19|20)\d\d\b(?!\s*[-–/]))|tháng|ngày|%%|người|lần)\b)"
    % (_TYPE_WORD, _SO)
)

#: A code of any era right after "số" or a document type word, in a form no pattern above
#: takes without it: the Government's codes from before 2000, NUMBER-ISSUER or NUMBER/ISSUER
#: ("Nghị định số 64-CP", "Quyết định 218-TTg", "số 35-HĐBT", "Quyết định 135/TTg", "Chỉ thị
#: 12/CT"), codes with two slashes ("Kế hoạch liên tịch số 02/KHLT/UBND-UBMTTQ", "Sắc lệnh số
#: 102/SL/L004"), and a type glued to the number by a typo ("Nghị quyết số 89NQ-HĐND",
#: "Quyết định số 33/2015QĐ-TTg"). The code is group 1. The issuer must open with two
#: capitals, so "số 4-Khu" is no code; forms ("mẫu số 10-MST") are dropped by
#: :func:`find_doc_numbers`.
_LEAD_WORD = r"%s(?: số| SỐ| so)?|[Ss]ố|SỐ" % _TYPE_WORD
_ANY_CODE = (rf"{_NUM}(?:/(?:19|20)\d\d)?(?:[-/]{_SEG2}|{_SEG2}(?=[-/][{_UP}]))"
             rf"(?:(?:{_SLASH}|{_HYPHEN}){_SEG})*{_RIGHT}")
LEAD_CODE = re.compile(rf"(?<![\w])(?:{_LEAD_WORD}):? ({_ANY_CODE})")

#: A document named by its number and year after its type word and "số":
#: "Nghị quyết số 01/2017 của Chính phủ", "Thông tư liên tịch số 06/2018" give "01/2017",
#: "06/2018" (group 1), not a month. Without "số" the number must be one no month has:
#: "Nghị định 43/2014 quy định", and the Government's NUMBER-YEAR written short in the news,
#: "Nghị quyết 19-2017" ("Kế hoạch 5/2017" is left to the dates: it may be a month).
_NOT_A_MONTH = r"(?!(?:19|20)\d\d)(?:1[3-9]|[2-9]\d|\d{3,4})"  # 13 and over, not a year
#: Types whose documents no one names by a month (a decree, a law, a resolution: "Nghị định
#: 01/2017 sửa đổi"), unlike a plan or a report ("Báo cáo 6/2017"): any number before the year
#: (``resources/document_kinds.json``, the title words ``used_by`` "citation_by_year").
_BY_YEAR_WORD = r"(?:%s)(?: liên tịch)?" % "|".join(
    sentence_case(word) for word in title_words("citation_by_year"))
ALIAS_WITH_YEAR = re.compile(
    rf"(?<![\w])(?:{_TYPE_WORD}(?:{_SO} (\d{{1,4}}/(?:19|20)\d\d)| ({_NOT_A_MONTH}[/\-](?:19|20)\d\d))"
    rf"|{_BY_YEAR_WORD} (\d{{1,2}}/(?:19|20)\d\d))"
    rf"(?![\w/\-]|[.,]\d| ?/)")

#: A number and year after "số" with no type word right before it: the document was named
#: earlier in the sentence ("các luật liên quan đến đầu tư xây dựng cơ bản số 38/2009") or its
#: type word is spaced apart ("Thông tư  liên tịch số 01/2021"). Over the pool, every such
#: "số N/YYYY" is a document's number (no issue of a periodical, no month); a count out of a
#: total is not ("tổng số 120/2020 hộ", "tỷ số 480/2000 phiếu").
NUMBER_YEAR_AFTER_SO = re.compile(rf"(?<![\w])(?<!tổng )(?<!Tổng )(?<!tỷ )(?<!tỉ )(?:[Ss]ố|SỐ):? "
                                  rf"(\d{{1,4}}/(?:19|20)\d\d)(?![\w/\-]|[.,]\d| ?/| (?:người|hộ|phiếu|đại biểu)\b)")

CODE_PATTERNS = (PARTY_CODE, NUMBER_YEAR_CODE, STATE_CODE_WITH_YEAR, STATE_CODE, BARE_STATE_CODE, STANDARD_CODE)
#: Patterns whose match includes a lead word: the code is their group 1.
LEAD_PATTERNS = (LEAD_CODE, ALIAS_WITH_YEAR, NUMBER_YEAR_AFTER_SO)

#: Further codes of the same form in a list after a code found by ``LEAD_CODE``:
#: "Nghị định số 64-CP, 65-CP và 66-CP".
_LISTED_CODE = re.compile(rf"(?:, |; | và |, và | hoặc )({_ANY_CODE})")
#: A form is numbered like a document ("Mẫu số 01/TB-ĐKT", "Biểu số 201/GDNN-Sở", "mẫu số
#: 10-MST"), and so are an appendix's tables and diagrams ("Bảng số 04/QĐC", "Sơ đồ số 02/CLĐ"):
#: a code right after these words, or listed after such a code, is not a DOC_NUMBER.
_FORM_BEFORE = re.compile(r"(?:[Mm]ẫu|MẪU|[Bb]iểu|BIỂU|[Pp]hụ lục|PHỤ LỤC|[Bb]ảng kê|[Bb]ản kê|[Bb]ảng|BẢNG"
                          r"|[Ss]ơ đồ|SƠ ĐỒ)(?: số| SỐ)?:? ?<?$")
_LISTED_AFTER = re.compile(r">?(?:, |; | và |, và | hoặc )<?")
#: A form's code, whatever its shape, after the same words and in a list after one: what runs
#: from a digit to the next space ("Biểu số 104/LĐVL-Sở", "Biểu 301.1/NCC-Sở", "Mẫu số 05a/ĐK").
_FORM_WORDS = ("[Mm]ẫu|MẪU|[Bb]iểu|BIỂU|[Pp]hụ lục|PHỤ LỤC|[Bb]ảng kê|[Bb]ản kê|[Bb]ảng số|BẢNG SỐ"
               "|[Ss]ơ đồ|SƠ ĐỒ")
_FORM_CODE = re.compile(r"(?<!\w)(?:%s)(?: số| SỐ)?:? ?(\d[\w./\-–]*[\w])" % _FORM_WORDS)
_LISTED_FORM_CODE = re.compile(r"(?:, |; | và |, và | hoặc )(\d[\w./\-–]*[\w])")
#: A cheap test before the search: text without these has no form word.
_FORM_HINTS = ("ẫu", "ẪU", "iểu", "IỂU", "lục", "LỤC", "ản kê", "ảng", "ẢNG", "ơ đồ", "Ơ ĐỒ")

#: What stands between the start of an alias or a lead code and its number: a document
#: type word, with or without "số", and the space before the number; or "số" alone.
_TYPE_LEADS = [word + joint for word in DOC_TYPE_WORDS + _FOLDED_TYPE_WORDS
               for joint in ("", " liên tịch")]
_LEADS = LeadTable({"alias": [word + " " for word in _TYPE_LEADS]
                             + [word + " số " for word in _TYPE_LEADS]
                             + [word + " so " for word in _TYPE_LEADS],
                    "lead": [word + " SỐ " for word in _TYPE_LEADS]
                            + [word + " số: " for word in _TYPE_LEADS]
                            + [word + " SỐ: " for word in _TYPE_LEADS]
                            + [word + ": " for word in _TYPE_LEADS]
                            + ["số ", "Số ", "SỐ ", "số: ", "Số: ", "SỐ: "]})
#: What every code pattern has from its first character: a number opening
#: after a space or punctuation, then a slash or a hyphen (spaced or not).
#: The codes are tried only where this matches.
_CODE_START = re.compile(rf"\d(?<![\w/.\-]\d)\d{{0,5}}(?:\.\d{{1,3}})?[a-z]?(?:{_SLASH}|{_HYPHEN}|:)")


_N_CODES = len(CODE_PATTERNS)
_NO_MATCHES = tuple(() for _pattern in CODE_PATTERNS + (ALIAS,) + LEAD_PATTERNS)


def _pattern_matches(text: str) -> Sequence[Sequence[Match]]:
    """For each of ``CODE_PATTERNS``, then ``ALIAS``, then each of ``LEAD_PATTERNS``, what
    ``pattern.finditer(text)`` gives, trying the pattern only where it can start (see ``_scan``)."""
    digits = start_digits(text)
    if not digits:
        return _NO_MATCHES  # every code and alias has a number opening after a space or punctuation
    leads = _LEADS.starts(text, digits)
    alias_starts = leads["alias"]
    lead_starts = leads["lead"]
    # Every code has a slash, but a standard's (TCVN 5574:2018, TCCS 02:2016).
    if "/" in text or "CVN" in text or "TCCS" in text:
        # A match of _CODE_START ends at a slash, hyphen or space, so no code
        # can start inside one: finditer sees every place where a code starts.
        starts = [m.start() for m in _CODE_START.finditer(text)]
    else:
        starts = None
    if not (starts or alias_starts or lead_starts):
        return _NO_MATCHES
    matches: List[Sequence[Match]] = list(_NO_MATCHES)
    if starts:
        matches[:_N_CODES] = [matches_at(pattern, text, starts) for pattern in CODE_PATTERNS]
    if alias_starts:
        matches[_N_CODES] = matches_at(ALIAS, text, alias_starts)
        matches[_N_CODES + 2] = matches_at(ALIAS_WITH_YEAR, text, alias_starts)
    if alias_starts or lead_starts:
        candidates = sorted(alias_starts + lead_starts) if alias_starts and lead_starts else (
            alias_starts or lead_starts)
        matches[_N_CODES + 1] = matches_at(LEAD_CODE, text, candidates)
    if lead_starts:
        matches[_N_CODES + 3] = matches_at(NUMBER_YEAR_AFTER_SO, text, lead_starts)
    return matches


def find_doc_numbers(text: str) -> List[Tuple[int, int]]:
    """Character spans of document codes and aliases in ``text``, in order, without overlap.

    Forms numbered like documents ("Mẫu số 01/TB-ĐKT" and the codes listed after it) are left out.
    """
    return find_codes(text)[0]


def find_codes(text: str) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]:
    """The spans of :func:`find_doc_numbers`, and those of the forms' codes it leaves out
    ("Biểu số 104/LĐVL-Sở"): no DOC_NUMBER, but a code the tokenizer keeps whole, so that no
    body is found inside it ("Sở")."""
    kept, forms = _document_codes(text)
    if any(hint in text for hint in _FORM_HINTS):
        for match in _FORM_CODE.finditer(text):
            forms.append(match.span(1))
            listed = _LISTED_FORM_CODE.match(text, match.end())
            while listed is not None:
                forms.append(listed.span(1))
                listed = _LISTED_FORM_CODE.match(text, listed.end())
        forms = [span for span in _without_overlaps(forms)
                 if all(span[1] <= start or end <= span[0] for start, end in kept)]
    return kept, forms


#: The end of the text: what a table cell's figure has after it.
_TEXT_END = re.compile(r"\s*$")


def _cell_figure(text: str, alias: Match) -> bool:
    """An alias in lower case whose number ends the text is a table's figure after a row's
    label ("Hướng dẫn thực hiện chủ trương, nghị quyết 5": a score), not a document: the news
    names one in a sentence that goes on ("triển khai nghị định 49 nhưng ...")."""
    return alias.group()[:1].islower() and _TEXT_END.match(text, alias.end(1)) is not None


def _document_codes(text: str) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]:
    """Document codes, and the codes of the patterns above that number a form."""
    *codes, aliases, lead_codes, aliases_with_year, numbers_after_so = _pattern_matches(text)
    spans = [m.span() for matches in codes for m in matches]
    spans.extend(m.span(1) for m in numbers_after_so)
    if aliases:
        spans.extend(m.span(1) for m in aliases if not _cell_figure(text, m))
    if aliases_with_year:
        spans.extend(next(m.span(g) for g in (1, 2, 3) if m.start(g) >= 0) for m in aliases_with_year)
    for match in lead_codes:
        spans.append(match.span(1))
        listed = _LISTED_CODE.match(text, match.end())
        while listed is not None:
            spans.append(listed.span(1))
            listed = _LISTED_CODE.match(text, listed.end())
    if not spans:
        return [], []
    kept, forms = [], []
    form_end = -1
    for start, end in _without_overlaps(spans):
        if _FORM_BEFORE.search(text, max(0, start - 16), start) or (
                form_end >= 0 and _LISTED_AFTER.fullmatch(text, form_end, start) is not None):
            form_end = end
            forms.append((start, end))
            continue
        kept.append((start, end))
    return kept, forms


def _without_overlaps(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Keep the earliest, then longest span of any overlapping group."""
    result: List[Tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result
