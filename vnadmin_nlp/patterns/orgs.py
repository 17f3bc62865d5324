"""Rule candidates for ORG: the closed vocabulary of Vietnamese public bodies.

A name opens with a *head* (the kind of body: Ban, Sở, Bộ, Ủy ban, Tỉnh ủy,
UBND ...), goes on with capitalised words (Ban *Dân vận*, Sở *Y tế*, Bộ *Nội
vụ*), a few lower-case words that belong to names ("Ban *cán sự đảng*",
"Ủy ban *nhân dân*"), and may end with an administrative level and place
("UBND *tỉnh*", "Ban Thường vụ Tỉnh ủy *Bắc Giang*"). The guidelines' "Not
ORG" cases are excluded: generic plurals ("các cấp ủy"), level qualifiers
after a name ("HĐND *các cấp*"), people's titles ("*Chủ tịch* UBND"),
"Tỉnh ủy viên" (a person), "Hội nghị" (a meeting).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple


#: Heads that name a body on their own (a name may still follow).
STANDALONE_HEADS = (
    "Tỉnh ủy", "Huyện ủy", "Thị ủy", "Thành ủy", "Quận ủy", "Đảng ủy", "Tỉnh đoàn",
    "UBND", "HĐND", "HDND", "UBMTTQ", "MTTQ", "Chính phủ", "Quốc hội", "Bộ Chính trị",
    "Ban Bí thư", "Ban Chấp hành", "Ban Thường vụ", "Ban cán sự đảng", "Đảng đoàn",
    "Thủ tướng Chính phủ", "Mặt trận Tổ quốc", "Ủy ban nhân dân", "Hội đồng nhân dân",
    "Văn phòng", "Thường trực", "Công an", "Đảng bộ", "Ủy ban Kiểm tra", "Công đoàn",
    "Kho bạc Nhà nước", "Ngân hàng Nhà nước", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
    "Liên đoàn Lao động", "Ủy ban", "Hội đồng", "Tổng cục", "Chi cục",
)
#: Heads that need a capitalised name after them ("Sở Y tế", "Ban Dân vận",
#: "Hội Nông dân", "Báo Bắc Giang"), because alone they are ordinary words.
NAMED_HEADS = (
    "Ban", "Bộ", "Sở", "Hội", "Đoàn", "Báo", "Đài", "Trường", "Viện", "Cục",
    "Trung tâm", "Học viện", "Ngân hàng", "Tòa án", "Chi bộ", "Bộ Chỉ huy",
)
#: Lower-case words that continue a name.
NAME_LOWER_WORDS = ("nhân dân", "cán sự đảng", "đảng")
#: Level words that may close a name, optionally followed by a place name.
LEVEL_WORDS = ("tỉnh", "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "quận")
#: Capitalised words that start ordinary words, never a body's name.
NOT_NAMES = ("Hội nghị", "Ban hành", "Báo cáo", "Trường hợp", "Đoàn kết", "Bộ đội",
             "Hội nhập", "Hội viên", "Đoàn viên", "Đảng viên", "Tỉnh ủy viên",
             "Huyện ủy viên", "Ban đầu", "Hội thảo", "Hội thi", "Hội diễn", "Viện dẫn")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_STANDALONE_RE = re.compile(rf"(?:{_alt(STANDALONE_HEADS)})(?![\w])")
_NAMED_RE = re.compile(rf"(?:{_alt(NAMED_HEADS)})(?![\w])")
_LOWER_NAME_RE = re.compile(rf"(?:{_alt(NAME_LOWER_WORDS)})(?![\w])")
_LEVEL_RE = re.compile(rf"(?:{_alt(LEVEL_WORDS)})(?![\w])")
_NOT_NAME_RE = re.compile(rf"^(?:{_alt(NOT_NAMES)})(?![\w])")


def _is_cap_word(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def find_org_candidates(text: str, words: Optional[List[Tuple[int, int]]] = None) -> List[Tuple[int, int]]:
    """Character spans of body names found by the head-word rules.

    ``words`` are the word spans of ``text`` (from the tokenizer); names are
    built from whole words so that "Ban Chấp hành Trung ương" is read as
    Ban + "Chấp hành" + "Trung ương".
    """
    if words is None:
        from ..tokenizer import segment_words

        words = segment_words(text)
    ends = {e: i for i, (_s, e) in enumerate(words)}
    spans: List[Tuple[int, int]] = []
    i = 0
    while i < len(words):
        start = words[i][0]
        if spans and start < spans[-1][1]:
            i += 1
            continue
        standalone = _STANDALONE_RE.match(text, start)
        head = standalone or _NAMED_RE.match(text, start)
        if not head or head.end() not in ends or _NOT_NAME_RE.match(text, start):
            i += 1
            continue
        needs_name = standalone is None  # "Sở", "Ban" alone are ordinary words
        j = ends[head.end()] + 1
        named = False
        while j < len(words):
            word = text[words[j][0]:words[j][1]]
            lower = _LOWER_NAME_RE.match(text, words[j][0])
            if _is_cap_word(word) and not _NOT_NAME_RE.match(text, words[j][0]):
                j += 1
                named = True
            elif lower and lower.end() in ends:
                j = ends[lower.end()] + 1
                named = True
            else:
                break
        if needs_name and not named:
            i += 1
            continue
        if j < len(words):
            level = _LEVEL_RE.match(text, words[j][0])
            if level and level.end() in ends:
                j = ends[level.end()] + 1
                while j < len(words) and _is_cap_word(text[words[j][0]:words[j][1]]):
                    j += 1
        end = words[j - 1][1]
        if re.match(r" viên(?![\w])", text[end:end + 6]):
            i = j
            continue  # "Tỉnh ủy viên" is a person, not a body
        spans.append((start, end))
        i = j
    return spans
