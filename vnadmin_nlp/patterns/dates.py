"""Patterns for DATE, with normalisation to the guidelines' values.

Values: a day ``2013-06-03``, a month ``2013-08``, a quarter ``2021-Q3``, a
year ``2022``, a period ``2021/2025``, a day without year ``--11-15``, a
month without year ``--04``, and several quarters ``2015-Q2/2015-Q3``. An expression that is not a real
calendar date (``31/02/2023``) is still found but gets no value (None).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Dict, List, Match, Optional, Sequence, Tuple

from ._scan import LeadTable, literal_positions, matches_at, start_digits

# Lead words belong to the span when they stand right before the expression;
# the first letter may be capitalised at a sentence start.
# Titles are printed in upper case: "NGÀY 25 THÁNG 3 NĂM 2021", "GIAI ĐOẠN 2017 - 2025".
_NGAY = r"(?:[Nn]gày|NGÀY)"
_THANG = r"(?:[Tt]háng|THÁNG)"
_NAM = r"(?:[Nn]ăm|NĂM)"  # upper case in titles: "KẾ HOẠCH SỬ DỤNG ĐẤT NĂM 2022"
_QUY = r"(?:[Qq]uý|QUÝ)"  # upper case in titles: "ƯỚC THỰC HIỆN QUÝ I", "QUÝ II/2021"
_PERIOD = r"(?:[Gg]iai đoạn|GIAI ĐOẠN|[Nn]hiệm kỳ|NHIỆM KỲ|[Nn]ăm|NĂM)"
# The words inside a date written out ("ngày 25 tháng 3 năm 2021"), in either case.
_IN_THANG = r"(?:tháng|THÁNG)"
_IN_NAM = r"(?:năm|NĂM)"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_DAY = r"\d{1,2}"
_MONTH = r"\d{1,2}"
_SEP = r"[/.\-]"
_DASH = r"\s?[-–—]\s?"
_ROMAN_Q = r"(?:IV|III|II|I)"
_END = r"(?![\w/])"
_START = r"(?<![\w/.\-])"

#: "ngày 29 tháng 8 năm 2023" -> 2023-08-29
DAY_MONTH_YEAR_WORDS = re.compile(
    rf"{_START}{_NGAY} ({_DAY}) {_IN_THANG} ({_MONTH}),? {_IN_NAM} ({_YEAR}){_END}")
#: "ngày 03/6/2013", "03/6/2013", "03-6-2013", "03.6.2013" -> 2013-06-03
DAY_MONTH_YEAR_NUMERIC = re.compile(
    rf"{_START}(?:{_NGAY} )?({_DAY})({_SEP})({_MONTH})\2({_YEAR}){_END}")
#: "ngày 17 / 5 /2025": a typed date with spaces around its slashes, only after "ngày"
DAY_MONTH_YEAR_SPACED = re.compile(
    rf"{_START}{_NGAY} ({_DAY}) ?/ ?({_MONTH}) ?/ ?({_YEAR}){_END}")
#: "tháng 8 năm 2023" -> 2023-08
MONTH_YEAR_WORDS = re.compile(rf"{_START}{_THANG} ({_MONTH}),? {_IN_NAM} ({_YEAR}){_END}")
#: "tháng 8/2013", "8/2013" -> 2013-08; not a map's scale, "tỷ lệ 1/2000"
MONTH_YEAR_NUMERIC = re.compile(rf"(?<![Tt][ỷỉ] lệ ){_START}(?:{_THANG} )?({_MONTH})[/\-]({_YEAR}){_END}")
#: "quý III/2021", "quý 3 năm 2021", "quý II, III/2015", "Quý IV/ 2026", the news' "quý I-2017",
#: a title's "QUÝ I NĂM 2021" -> 2021-Q3, 2015-Q2/2015-Q3, 2026-Q4, 2017-Q1, 2021-Q1
QUARTER = re.compile(
    rf"{_START}{_QUY} ((?:{_ROMAN_Q}|[1-4])(?:(?:, ?| và | - ){_ROMAN_Q}|(?:, ?| và | - )[1-4])*)"
    rf"(?: ?/ ?| {_IN_NAM} |{_DASH})({_YEAR}){_END}")
#: "giai đoạn 2021-2025", "nhiệm kỳ 2024-2029", "2010 - 2023" -> 2021/2025
PERIOD = re.compile(rf"{_START}(?:{_PERIOD} )?({_YEAR}){_DASH}({_YEAR}){_END}")
#: "năm 2022" -> 2022 (a bare year needs the lead word)
YEAR = re.compile(rf"{_START}{_NAM} ({_YEAR}){_END}")
#: "ngày 15/11" (no year) -> --11-15; needs "ngày", a bare "10/10" is a count; the news write
#: "ngày 19.5" too
DAY_MONTH = re.compile(rf"{_START}{_NGAY} ({_DAY})[/\-.]({_MONTH}){_END}(?![/\-.]\d)")
#: The same day before the end of a range of days ("từ ngày 30/5-7/6": the end is found by
#: ``_RANGE_END``), or before a year that is not a number, as a form writes it ("ngày 31/3/năm
#: N+1", like "ngày 31 tháng 3 năm kế tiếp") -> --05-30, --03-31
DAY_MONTH_OPEN = re.compile(rf"{_START}{_NGAY} ({_DAY})/({_MONTH})(?=-{_DAY}/{_MONTH}{_END}|/{_IN_NAM}\b)")
#: "ngày 31 tháng 12" (no year, e.g. a yearly deadline) -> --12-31; also before a year that is
#: not written as a number: "ngày 31 tháng 3 năm kế tiếp", "ngày 14 tháng 12 năm báo cáo",
#: "ngày 31 tháng 12 năm …" (a form) -> --03-31, --12-14, --12-31
DAY_MONTH_WORDS = re.compile(rf"{_START}{_NGAY} ({_DAY}) {_IN_THANG} ({_MONTH}){_END}(?!,? {_IN_NAM} ?\d)")
#: "trước ngày 25" (a day of every month), "Ngày 24 tháng báo cáo": a DATE without value
DAY_ONLY = re.compile(
    rf"{_START}{_NGAY} ({_DAY}){_END}(?![/\-.]\d| ?[/\-–]| {_IN_THANG}(?: ?[\d.…]|\s*$)|,? \d)")
#: "ngày 11-13/5/2022", "tuần từ 6-10/2", "14 -15/5": a range of days, one DATE without value
DAY_RANGE = re.compile(
    rf"{_START}(?:{_NGAY} )?({_DAY}) ?[-–] ?({_DAY})/({_MONTH})(?:/({_YEAR}))?{_END}(?![/\-]\d)")
#: "sáng 22/5", "Chiều 21/6" (news: the day of the event, no year) -> --05-22; the part of
#: the day is not a lead word and stays out of the span. "Sáng nay, 27/6", "hôm qua (4/7)",
#: "Hôm qua 11.5" too: after "nay"/"qua" the part of the day or "hôm" must come before
#: (see _event_day), so "thông qua 5/7 ..." is no date.
DAY_MONTH_OF_EVENT = re.compile(
    rf"(?:(?<=[Ss]áng )|(?<=[Cc]hiều )|(?<=[Tt]rưa )|(?<=[Tt]ối )|(?<=[Đđ]êm )|(?<=nay \()|(?<=nay )"
    rf"|(?<=nay, )|(?<=qua \()|(?<=qua )|(?<=qua, ))"
    rf"({_DAY})[/\-.]({_MONTH}){_END}(?![/\-.]\d)")
_TODAY_BEFORE = re.compile(r"(?:[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Đđ]êm|[Hh]ôm)(?: hôm)? (?:nay|qua),? \(?\Z")
#: "quý II tăng 6,17%" (a quarter without a year): a DATE with no value
#: "quý I năm trước", "quý II năm báo cáo" (the year is not a number) are DATEs without value too
QUARTER_NO_YEAR = re.compile(
    rf"{_START}{_QUY} ({_ROMAN_Q}|[1-4]){_END}(?!\s?(?:/|{_IN_NAM} \d|,? (?:{_ROMAN_Q}|[1-4])\b))")
#: "tháng 4" (no year, in a document about that month) -> --04; not "4 tháng" (a count),
#: not "tháng 4/2026" or "tháng 4 năm 2026" (full months, found above)
#: "tháng 6 năm hiện hành", "tháng 12 năm trước" (the year is not a number) -> --06, --12
MONTH_ONLY = re.compile(
    rf"(?<!\d )(?<!\d){_START}{_THANG} ({_MONTH}){_END}(?![/\-]\d|,? năm ?\d|\s?[-–—]\s?\d)")
#: "Luật Hải quan 2014", "Bộ luật Lao động 2019", "Luật Quản lý, sử dụng tài sản công 2025":
#: a law cited with its year -> 2014
LAW_YEAR = re.compile(rf"(?:\bLuật|(?<=Bộ )luật) (?:[^\W\d]+,? ){{1,12}}?({_YEAR}){_END}")
#: A year without lead word after words that make it one: "so với cùng kỳ 2016", "dự toán
#: 2017", "năm tài chính 2024", "năm ngân sách 2026", "kỳ tính thuế 2025", "giá so sánh 2010",
#: "tầm nhìn đến 2050", "Đến hết 2025" (not "đến" alone: "Công suất đến 2000 m³")
BARE_YEAR = re.compile(
    rf"(?:(?<=cùng kỳ )|(?<=dự toán )|(?<=tài chính )|(?<=ngân sách )|(?<=tính thuế )|(?<=so sánh )"
    rf"|(?<=cố định )|(?<=nhìn đến )|(?<=[Đđ]ến hết ))({_YEAR}){_END}(?![.,]\d| ?%)")
#: A day at a moment of a report, without "ngày": "Tại thời điểm 31 tháng 12 năm báo cáo",
#: "Thời điểm 20 tháng 3", "thời điểm 31 tháng 12 năm 2020" -> --12-31, --03-20, 2020-12-31
#: ("thời điểm" stays out of the span)
DAY_MONTH_AT_MOMENT = re.compile(
    rf"(?:(?<=[Tt]hời điểm )|(?<=THỜI ĐIỂM ))({_DAY}) {_IN_THANG} ({_MONTH})(?:,? {_IN_NAM} ({_YEAR}))?{_END}"
    rf"(?!,? {_IN_NAM} ?\d)")
#: A year in the name of an event, an index, a convention or an edition, after an acronym or a
#: capitalised name inside a sentence: "Năm APEC 2017", "PCI-2016", "Công ước MLC 2006", "VSIC
#: 2025", "Olympic Rio 2016", "Nhân tài Đất Việt 2017", "mùa Xuân 1975" -> 2017 ...; see
#: ``_name_year`` for the word before it. Not after a word that opens a sentence ("Từ 1945 trở
#: về trước"), nor after "số" ("SỐ 2017" numbers something).
NAME_YEAR = re.compile(rf"(?<=[^\W\d_][ \-])({_YEAR}){_END}(?![.,]\d| ?%)")
#: The word before such a year, with the character before the word and the space or hyphen after
#: it.
_WORD_BEFORE = re.compile(r"(^|[^\W\d_]\s|.)([^\W\d_]+)([ \-])$", re.DOTALL)
#: Further years listed after a year: "năm 2012, 2013 và 2014", "từ năm 2014 đến 2016"
#: -> 2013, 2014; 2016
_LISTED_YEAR = re.compile(rf"(?:, | và |, và | hoặc | đến | đến hết )({_YEAR}){_END}(?![.,]\d)")
#: A number before "năm" makes it a duration ("5 năm 2016-2020", "3 năm 2012"):
#: then "năm" belongs to the duration and the date is the year part only. The number stands
#: alone: in "Luật Hải quan số 29/2001/QH10 năm 2001" the digits are a code's.
_DURATION_BEFORE = re.compile(r"(?<![\w/.\-])\d{1,3}\s$")
_FOUR_DIGITS = re.compile(r"\d{4}")

_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _day(year: str, month: str, day: str) -> Optional[str]:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _month(year: str, month: str) -> Optional[str]:
    return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def _quarters(spec: str, year: str) -> Optional[str]:
    parts = re.split(r", ?| và | - ", spec)
    values = []
    for part in parts:
        number = _ROMAN_VALUES.get(part) or (int(part) if part.isdigit() else 0)
        if not 1 <= number <= 4:
            return None
        values.append(f"{year}-Q{number}")
    return "/".join(values)


def _name_year(match: Match) -> object:
    """The year of ``NAME_YEAR`` when the word before it is a name, else False (no date)."""
    start = match.start()
    word = _WORD_BEFORE.search(match.string, max(0, start - 40), start)
    if word is None:
        return False
    before, name, separator = word.groups()
    if name in ("số", "Số", "SỐ"):
        return False
    if len(name) >= 2 and name.isupper() and (before == "" or not before.isalnum() and before not in "/.-"):
        return match.group(1)  # an acronym, or a word of a title in capitals: "APEC 2017", "PCI-2016"
    if separator == " " and name[0].isupper() and len(before) == 2:
        return match.group(1)  # a capitalised name after another word: "Olympic Rio 2016"
    return False


def _name_year_starts(text: str, digits: Sequence[int]) -> List[int]:
    """Offsets of the numbers that open after a letter and a space or a hyphen ("APEC 2017",
    "PCI-2016"): where ``NAME_YEAR`` can match."""
    starts = [d for d in digits if d >= 2 and text[d - 1] == " " and text[d - 2].isalpha()]
    if "-" in text:
        starts.extend(index + 1 for index in literal_positions(text, "-")
                      if index >= 1 and text[index - 1].isalpha() and text[index + 1:index + 2].isdigit())
        starts.sort()
    return starts


#: After a day without year, the end of a range of days: "từ ngày 01/4 - 30/6", "ngày 30/5-7/6"
#: -> the second DATE "30/6" (--06-30), "7/6" (--06-07).
_RANGE_END = re.compile(rf"\s?[-–]\s?(({_DAY})/({_MONTH})){_END}(?![/\-.]\d)")
#: The second full date of a range of two, which ``_START`` does not take after the dash: an
#: anniversary's "(3/7/1957-3/7/2017)" -> the second DATE "3/7/2017" (2017-07-03).
_FULL_DATE_RANGE_END = re.compile(rf"\s?[-–]\s?(({_DAY})({_SEP})({_MONTH})\3({_YEAR})){_END}")


def _free(kept: Sequence[Tuple[int, int, Optional[str]]], start: int, end: int) -> bool:
    """Whether ``start``-``end`` overlaps none of the spans ``kept``."""
    return all(e <= start or s >= end for s, e, _v in kept)


def _period(first: str, last: str) -> Optional[str]:
    return f"{first}/{last}" if int(first) <= int(last) else None


def _day_no_year(month: str, day: str) -> Optional[str]:
    # 2000 is a leap year, so 29/2 stays valid when no year is stated.
    return f"--{int(month):02d}-{int(day):02d}" if _day("2000", month, day) else None


#: The lead words of the patterns above, with the space that follows them:
#: each stands right before the digit that opens the expression.
_LEADS = LeadTable({
    "ngày": ("Ngày ", "ngày ", "NGÀY "),
    "tháng": ("Tháng ", "tháng ", "THÁNG "),
    "năm": ("Năm ", "năm ", "NĂM "),
    "period": ("Giai đoạn ", "giai đoạn ", "GIAI ĐOẠN ", "Nhiệm kỳ ", "nhiệm kỳ ", "NHIỆM KỲ ", "Năm ", "năm ",
               "NĂM "),
    "event": ("Sáng ", "sáng ", "Chiều ", "chiều ", "Trưa ", "trưa ", "Tối ", "tối ", "Đêm ", "đêm ",
              "nay ", "nay, ", "qua ", "qua, "),
    "bare year": ("cùng kỳ ", "dự toán ", "tài chính ", "ngân sách ", "tính thuế ", "so sánh ", "cố định ",
                  "nhìn đến ", "đến hết ", "Đến hết "),
    "moment": ("thời điểm ", "Thời điểm ", "THỜI ĐIỂM "),
})

#: "quý", "Quý" and "QUÝ" end with one of these: a quarter starts one character before.
_QUY_LITERALS = ("uý ", "UÝ ")

#: Where a rule can start: right after a lead word of a group of ``_LEADS``;
#: there or at the opening digit itself (the lead word is optional); or at a
#: literal word shifted by an offset ("uý " of "quý"/"Quý", "Luật ").
_AFTER_LEAD = "after lead"
_AFTER_LEAD_OR_AT_DIGIT = "after lead or at digit"
_AT_LITERAL = "at literal"
_AT_DIGIT_AFTER = "at digit after lead"  # the lead word stays out of the span
_AT_DIGIT_AFTER_WORDS = "at digit after lead words"  # the same, leads of several words
_AT_RANGE = "at a range of days"  # where _RANGE_START matches, or at "ngày" before it
_AT_YEAR_AFTER_NAME = "at a number after a word"  # see _name_year_starts

#: (pattern, function from match to value, whether it needs a valid value, where it can start).
#: A pattern whose value is None and that "needs" one is not a date at all:
#: "13/2020" is no month. Full day dates are kept without a value instead, so
#: a typo in a document still shows as a date.
_RULES = (
    (DAY_MONTH_YEAR_WORDS, lambda m: _day(m.group(3), m.group(2), m.group(1)), False,
     (_AFTER_LEAD, "ngày")),
    (DAY_MONTH_YEAR_NUMERIC, lambda m: _day(m.group(4), m.group(3), m.group(1)), False,
     (_AFTER_LEAD_OR_AT_DIGIT, "ngày")),
    (DAY_MONTH_YEAR_SPACED, lambda m: _day(m.group(3), m.group(2), m.group(1)), False, (_AFTER_LEAD, "ngày")),
    (MONTH_YEAR_WORDS, lambda m: _month(m.group(2), m.group(1)), True, (_AFTER_LEAD, "tháng")),
    (QUARTER, lambda m: _quarters(m.group(1), m.group(2)), True, (_AT_LITERAL, _QUY_LITERALS, -1)),
    (PERIOD, lambda m: _period(m.group(1), m.group(2)), True, (_AFTER_LEAD_OR_AT_DIGIT, "period")),
    (MONTH_YEAR_NUMERIC, lambda m: _month(m.group(2), m.group(1)), True,
     (_AFTER_LEAD_OR_AT_DIGIT, "tháng")),
    (YEAR, lambda m: m.group(1), True, (_AFTER_LEAD, "năm")),
    (DAY_MONTH, lambda m: _day_no_year(m.group(2), m.group(1)), True, (_AFTER_LEAD, "ngày")),
    (DAY_MONTH_OPEN, lambda m: _day_no_year(m.group(2), m.group(1)), True, (_AFTER_LEAD, "ngày")),
    (DAY_MONTH_WORDS, lambda m: _day_no_year(m.group(2), m.group(1)), True, (_AFTER_LEAD, "ngày")),
    (MONTH_ONLY, lambda m: f"--{int(m.group(1)):02d}" if 1 <= int(m.group(1)) <= 12 else None, True,
     (_AFTER_LEAD, "tháng")),
    (LAW_YEAR, lambda m: m.group(1), True, (_AT_LITERAL, "uật ", -1)),
    (DAY_MONTH_OF_EVENT, lambda m: _event_day(m), True, (_AT_DIGIT_AFTER, "event")),
    (QUARTER_NO_YEAR, lambda m: None, False, (_AT_LITERAL, _QUY_LITERALS, -1)),
    (DAY_RANGE, lambda m: None if _day_range(m) else False, False, (_AT_RANGE,)),
    (DAY_ONLY, lambda m: None if 1 <= int(m.group(1)) <= 31 else False, False, (_AFTER_LEAD, "ngày")),
    (BARE_YEAR, lambda m: m.group(1), True, (_AT_DIGIT_AFTER_WORDS, "bare year")),
    (NAME_YEAR, _name_year, True, (_AT_YEAR_AFTER_NAME,)),
    (DAY_MONTH_AT_MOMENT, lambda m: _day(m.group(3), m.group(2), m.group(1)) if m.group(3)
     else _day_no_year(m.group(2), m.group(1)), True, (_AT_DIGIT_AFTER_WORDS, "moment")),
)
#: Rules whose span is only the captured year, not the words before it.
_GROUP_SPAN_RULES = {LAW_YEAR}


#: Where a DAY_RANGE can start without its lead word: a number opening after a space or
#: punctuation, a dash, a day and a slash.
_RANGE_START = re.compile(r"\d(?<![\w/.\-]\d)\d? ?[-–] ?\d\d?/")


def _range_starts(text: str) -> List[int]:
    """Offsets where DAY_RANGE can match: each range's first digit, and "ngày " before it."""
    starts = []
    for match in _RANGE_START.finditer(text):
        start = match.start()
        if start >= 5 and text[start - 5:start] in ("ngày ", "Ngày ", "NGÀY "):
            starts.append(start - 5)
        starts.append(start)
    return starts


def _event_day(match: Match):
    """The value of a DAY_MONTH_OF_EVENT match; False (no date) after "nay"/"qua" that are not
    "sáng nay", "hôm qua" ... ("thông qua 5/7 nội dung")."""
    before = match.string[max(0, match.start() - 16):match.start()]
    if before.endswith(("nay ", "nay, ", "nay (", "qua ", "qua, ", "qua (")) and not _TODAY_BEFORE.search(before):
        return False
    return _day_no_year(match.group(2), match.group(1))


def _day_range(match: Match) -> bool:
    """Whether "6-10/2(/2017)" is a range of real days: first before last, a real month."""
    first, last, month = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return 1 <= first < last <= 31 and 1 <= month <= 12


#: ``_RULES`` as the scan needs it: (pattern, where, what), unpacked once.
_PLAN = tuple((pattern, where, tuple(what)) for pattern, _v, _n, (where, *what) in _RULES)
_NO_MATCHES = tuple(() for _rule in _RULES)


def _rule_matches(text: str) -> Sequence[Sequence[Match]]:
    """For each rule of ``_RULES``, what ``pattern.finditer(text)`` gives, trying the
    pattern only where it can start (see ``_scan``)."""
    digits = start_digits(text)
    if not digits and "uý " not in text and "UÝ " not in text and "-" not in text:
        # Every rule but QUARTER_NO_YEAR has a number opening after a space or punctuation,
        # or, for NAME_YEAR, after a hyphen ("PCI-2016").
        return _NO_MATCHES
    lead_ends: Dict[str, List[int]] = {}
    leads = _LEADS.starts(text, digits, lead_ends)
    matches: List[Sequence[Match]] = []
    literals: Dict[Tuple, List[int]] = {}
    for pattern, where, what in _PLAN:
        if where == _AFTER_LEAD:
            candidates = leads[what[0]]
        elif where == _AFTER_LEAD_OR_AT_DIGIT:
            after_lead = leads[what[0]]
            candidates = sorted(after_lead + list(digits)) if after_lead else digits
        elif where == _AT_LITERAL:
            candidates = literals.get(what)
            if candidates is None:
                literal, offset = what
                if isinstance(literal, tuple):  # several spellings: their positions merged
                    candidates = sorted(p for one in literal for p in literal_positions(text, one, offset))
                else:
                    candidates = literal_positions(text, literal, offset)
                literals[what] = candidates
        elif where == _AT_DIGIT_AFTER:
            # The lead's end is the digit: its start plus its length up to the space.
            candidates = [text.index(" ", start) + 1 for start in leads[what[0]]]
            if "nay (" in text or "qua (" in text:
                candidates += [d for d in digits if d >= 5 and text.startswith(("nay (", "qua ("), d - 5)]
                candidates.sort()
        elif where == _AT_DIGIT_AFTER_WORDS:
            candidates = lead_ends[what[0]]
        elif where == _AT_YEAR_AFTER_NAME:
            candidates = _name_year_starts(text, digits)
        else:  # _AT_RANGE
            candidates = _range_starts(text) if "-" in text or "–" in text else ()
        matches.append(matches_at(pattern, text, candidates) if candidates else ())
    return matches


def find_dates(text: str) -> List[Tuple[int, int, Optional[str]]]:
    """Character spans of dates in ``text`` with their normalised values.

    Earlier rules in ``_RULES`` win over later ones; spans never overlap. A line break inside a
    paragraph reads as a space: a gazette wraps its lines and a table its cells anywhere in a
    date ("ngày 27 tháng 6 năm\n2024", "ngày\n22 tháng 8 năm 2025", a deadline cell's
    "Quý\nII/2026"), and the date is still one date, its span the same characters.
    """
    return _dates_in(text.replace("\n", " ") if "\n" in text else text)


def _dates_in(text: str) -> List[Tuple[int, int, Optional[str]]]:
    """:func:`find_dates` over a text without line breaks."""
    found: List[Tuple[int, int, Optional[str], int]] = []
    for priority, matches in enumerate(_rule_matches(text)):
        if not matches:
            continue  # most rules, in most paragraphs
        pattern, to_value, needs_value, _where = _RULES[priority]
        for match in matches:
            value = to_value(match)
            if value is False or value is None and needs_value:
                continue  # False: not a date at all, whatever the rule
            start = match.start(1) if pattern in _GROUP_SPAN_RULES else match.start()
            # _DURATION_BEFORE ends at ``start`` (or before a line break there),
            # so looking 3 characters back finds it as the whole prefix would.
            if text[start:start + 4].lower() == "năm " and _DURATION_BEFORE.search(
                    text, max(0, start - 5), start):
                start += 4
            elif (pattern is DAY_RANGE or pattern is DAY_ONLY) and text[start:start + 5].lower() == "ngày " \
                    and _DURATION_BEFORE.search(text, max(0, start - 5), start):
                # "Trong 2 ngày 14-15/5": "ngày" counts days, the date is what follows;
                # "nghỉ 02 ngày 30" is no date at all. (A full date keeps its "ngày" after a
                # number: "Kết luận số 166 ngày 29/3/2017".)
                if pattern is DAY_ONLY:
                    continue
                start += 5
            found.append((start, match.end(), value, priority))
    if not found:
        return []
    # Longest first, then rule priority; keep what does not overlap.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))
    kept: List[Tuple[int, int, Optional[str]]] = []
    for start, end, value, _ in found:
        if _free(kept, start, end):
            kept.append((start, end, value))
    for start, end, value in list(kept):
        if value and value.startswith("--") and len(value) == 7:
            ending = _RANGE_END.match(text, end)
            if ending is not None:
                range_end = _day_no_year(ending.group(3), ending.group(2))
                if range_end and _free(kept, ending.start(1), ending.end()):
                    kept.append((ending.start(1), ending.end(1), range_end))
            continue
        if value and len(value) == 10:  # a full date, maybe the first of a range of two
            ending = _FULL_DATE_RANGE_END.match(text, end)
            if ending is not None and _free(kept, ending.start(1), ending.end()):
                kept.append((ending.start(1), ending.end(1),
                             _day(ending.group(5), ending.group(4), ending.group(2))))
            continue
        while value and _FOUR_DIGITS.fullmatch(value):
            listed = _LISTED_YEAR.match(text, end)
            if not listed or not _free(kept, listed.start(1), listed.end()):
                break
            start, end, value = listed.start(1), listed.end(), listed.group(1)
            kept.append((start, end, value))
    return sorted(kept)
