"""Every row of the guidelines' DOC_NUMBER table, the aliases and the counts that are not codes."""

import pytest

from vnadmin_nlp.patterns import find_rule_entities
from vnadmin_nlp.patterns.doc_numbers import find_doc_numbers


def codes(text):
    return [text[s:e] for s, e in find_doc_numbers(text)]


@pytest.mark.parametrize("text, expected", [
    ("Số 442-BC/TU", ["442-BC/TU"]),
    ("Nghị quyết số 25-NQ/TW ngày 03/6/2013", ["25-NQ/TW"]),
    ("Quyết định số 01/QĐ-UBND", ["01/QĐ-UBND"]),
    ("Kế hoạch số 30-KH/BCSD-BDVTU", ["30-KH/BCSD-BDVTU"]),
    ("Chỉ thị số 33/CT-TTg", ["33/CT-TTg"]),
    ("Luật số 45/2019/QH14, Nghị định 145/2020/NĐ-CP", ["45/2019/QH14", "145/2020/NĐ-CP"]),
    ("Quy định số 01-QĐi/TU, Công văn 6896/UBND-NC", ["01-QĐi/TU", "6896/UBND-NC"]),
])
def test_guideline_table(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Công văn số 348a-CV/BDVTW ngày 06/9/2021", ["348a-CV/BDVTW"]),
    ("Công văn số 19046/BTC-TCHQ của Bộ Tài chính", ["19046/BTC-TCHQ"]),
    ("Quyết định số 12/2024/QĐ-TTg và Thông tư 01/2020/TT-BNV", ["12/2024/QĐ-TTg", "01/2020/TT-BNV"]),
    ("theo Công văn số 1234/UBND của tỉnh", ["1234/UBND"]),
    # copied text with a spaced hyphen: still one code
    ("Nghị quyết số 35/NQ - CP ngày 16-5-2016", ["35/NQ - CP"]),
    ("Thông tư số 01/2014/TT- TTCP ngày 23-4-2014", ["01/2014/TT- TTCP"]),
    ("theo mục 5/NQ - Các bộ, ngành", []),
])
def test_other_codes_of_both_families(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Qua 10 năm thực hiện Quyết định 218 đã tạo sự chuyển biến", ["218"]),
    ("gắn với Quy định 4054 của Ban Thường vụ", ["4054"]),
    ("theo Quyết định 99, các cơ quan", ["99"]),
    ("thực hiện Nghị quyết số 25 của Trung ương", ["25"]),
])
def test_aliases_give_the_number_only(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text", [
    "526/536 đại biểu tán thành", "sau 10 năm thực hiện", "10/10 huyện ủy, thành ủy",
    "ngày 03/6/2013", "tháng 8/2013", "Kế hoạch 5 năm 2021-2025", "đạt tỷ lệ 96,7%",
    "Nghị quyết Đại hội XIII", "3.895 km²",
])
def test_counts_dates_and_numbers_are_not_codes(text):
    assert codes(text) == []


def test_year_inside_a_code_is_not_a_date():
    ents = find_rule_entities("Nghị định 145/2020/NĐ-CP ngày 14/12/2020")
    assert [(label, value) for _s, _e, label, value in ents] == [
        ("DOC_NUMBER", None), ("DATE", "2020-12-14")]


@pytest.mark.parametrize("text, expected", [
    ("Số: 69 /2024/QĐ-UBND", ["69 /2024/QĐ-UBND"]),           # form filled in by hand
    ("Văn bản số 8411/ STC-TCHCSN ngày 31 tháng 12", ["8411/ STC-TCHCSN"]),
    ("công nghệ FTTH/xPON QCVN 34:2022/BTTTT - Dịch vụ", ["34:2022/BTTTT"]),   # national standards
    ("Sửa đổi 1:2024 QCVN 126:2021 /BTTTT (không áp dụng", ["126:2021 /BTTTT"]),
    ("thiết kế theo TCVN 5574:2018 về kết cấu", ["5574:2018"]),
])
def test_codes_spaced_by_hand_and_standards(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text", ["526 / 536 đại biểu", "tỷ lệ 10 / 20 xã", "lúc 10:30 ngày", "QCVN về an toàn"])
def test_spaced_slashes_and_colons_alone_are_not_codes(text):
    assert codes(text) == []
