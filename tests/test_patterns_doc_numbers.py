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


@pytest.mark.parametrize("text, expected", [
    # pool news 22558282, 21487149, 22257460 and 22261928: lower-case nouns, a low number
    # before the year after a type no one names by a month, a technical regulation
    ("nhà mạng này đã sớm triển khai nghị định 49 nhưng rất khó", ["49"]),
    ("So với các nghị quyết 19 trước, danh mục các", ["19"]),
    ("khoản 16 Điều 2 Nghị định 01/2017 sửa đổi, bổ sung", ["01/2017"]),
    ("Nhưng theo Quy chuẩn 11/2015 của Bộ Tài nguyên và Môi trường", ["11/2015"]),
])
def test_aliases_as_the_news_write_them(text, expected):
    assert codes(text) == expected


def test_a_party_code_with_an_en_dash_is_one_code():
    # pool/news/21478549 prints every "Chỉ thị 40 – CT/TW" so (7 times), pool/hdnd "2074 - TB/TU"
    assert codes("Hai năm trước, khi Chỉ thị 40 – CT/TW của Ban Bí thư về tăng cường") == ["40 – CT/TW"]
    assert codes("theo Thông báo số 2074 - TB/TU ngày") == ["2074 - TB/TU"]
    from vnadmin_nlp.patterns.doc_number_parts import doc_number_parts
    parts = doc_number_parts("40 – CT/TW")
    assert (parts.number, parts.type, parts.issuer, parts.kind) == ("40", "CT", "TW", "directive")
    # a range of years with an en dash is no code
    assert codes("giai đoạn 2016 – 2020 và Hà Nội – TP HCM") == []


@pytest.mark.parametrize("text", [
    # pool congbao nghi-dinh-so-188-2025: "quyết định" is a verb as well; a report of a month
    "a) Ủy ban nhân dân cấp tỉnh quyết định 01 đơn vị đại diện ký",
    "Báo cáo 6/2017 của Ủy ban nhân dân tỉnh", "quy định 2 loại hồ sơ",
])
def test_verbs_and_monthly_reports_are_not_aliases(text):
    assert codes(text) == []


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


# Issue 15: codes of every era and form, modelled on the pool's sentences.
@pytest.mark.parametrize("text, expected", [
    # Government codes from before 2000: NUMBER-ISSUER, NUMBER/ISSUER after "số" or a type word
    ("trợ cấp hằng tháng theo Quyết định số 206-CP ngày 30 tháng 5 năm 1979", ["206-CP"]),
    ("được hướng dẫn bởi Nghị định 89-CP năm 1994 có hiệu lực", ["89-CP"]),
    ("Căn cứ Quyết định số 218-TTg của Thủ tướng", ["218-TTg"]),
    ("chế độ đối với cán bộ xã và Quyết định số 111-HĐBT ngày 13 tháng 10", ["111-HĐBT"]),
    ("khoản 7 Điều 2 Quyết định số 87-CT ngày 01 tháng 3 năm 1985", ["87-CT"]),
    ("Nội dung hướng dẫn Điều này tại Nghị định 89/CP được bổ sung", ["89/CP"]),
    ("thực hiện Quyết định 135/TTg và Chỉ thị 12/CT", ["135/TTg", "12/CT"]),
    ("NGHỊ ĐỊNH CỦA CHÍNH PHỦ SỐ 61-CP NGÀY 05 THÁNG 7 NĂM 1994", ["61-CP"]),
    ("Số: 61-CP", ["61-CP"]),
    # old codes listed after the first one
    ("các Nghị định số 87-CP, 88-CP và 89-CP của Chính phủ", ["87-CP", "88-CP", "89-CP"]),
    # Party codes of the Central Committee written with Ư, and a spaced slash
    ("Bộ Chính trị ban hành Nghị quyết số 21-NQ/TƯ, ngày 22-11-2012", ["21-NQ/TƯ"]),
    ("Căn cứ Chỉ thị số 49-CT /TW ngày 28 tháng 6 năm 2025", ["49-CT /TW"]),
    ("Thông tư 22-TC/TCT của Bộ Tài chính", ["22-TC/TCT"]),
    # two slashes, an old decree-law
    ("Kế hoạch liên tịch số 02/KHLT/UBND-UBMTTQ của UBND", ["02/KHLT/UBND-UBMTTQ"]),
    ("công bố theo Sắc lệnh số 102/SL/L004 ngày 20 tháng 5 năm 1957", ["102/SL/L004"]),
    # numbers with a sub-number, a spaced slash after the year
    ("Nghị quyết số 66.13/2026/NQ-CP ngày 27 tháng 01 năm 2026", ["66.13/2026/NQ-CP"]),
    ("Phụ lục III ban hành kèm theo Nghị định số 148/2025 /NĐ-CP", ["148/2025 /NĐ-CP"]),
    # Cyrillic letters copied from a PDF in place of Latin ones
    ("khoản 1 Điều 22 Nghị định số 40/2026/NĐ-\u0421\u0420 quy định", ["40/2026/NĐ-\u0421\u0420"]),
    # a type glued to the number by a typo
    ("(Ban hành kèm theo Nghị quyết số 89NQ-HĐND ngày 14 tháng 7 năm 2017", ["89NQ-HĐND"]),
    ("và Quyết định số 33/2015QĐ-TTg ngày 10/8/2015", ["33/2015QĐ-TTg"]),
    ("Quy định ban hành kèm theo Quyết định 499QĐ/ĐC năm 1995", ["499QĐ/ĐC"]),
    # a document named by number and year
    ("triển khai thực hiện Nghị quyết số 01/2017 của Chính phủ", ["01/2017"]),
])
def test_codes_of_every_era(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text", [
    "theo quy định tại Điều 5-7 của Luật", "Điện thoại: 0912-345-678", "phòng, chống dịch COVID-19",
    "theo tiêu chuẩn ISO 9001:2015", "Khu số 4-Khu đô thị mới", "điện áp số 110KV trở xuống",
    "Phụ lục số 03 - Tỷ lệ phần trăm", "Quốc lộ số 1A",
    # forms are numbered like documents but are not DOC_NUMBERs
    "Tờ khai đăng ký thuế mẫu số 10-MST ban hành kèm theo", "theo Mẫu số 01/PLI Phụ lục I",
    "Biểu số 201/GDNN-Sở", "theo Mẫu số 01/TB-ĐĐKD, 02/TB-ĐĐKD và 03/TB-ĐĐKD ban hành",
    "Mẫu số: 15/BB- XMHĐ", "theo các mẫu số 24a/QĐC, 24b/QĐC",
    # a blank number in a form
    "Căn cứ Nghị định số.../2021/NĐ-CP ngày... tháng... năm",
])
def test_look_alikes_are_not_codes(text):
    assert codes(text) == []


def test_lead_patterns_give_what_finditer_gives():
    """The lead patterns are tried only after their lead words; the codes (group 1) are those
    of a plain ``finditer``."""
    from vnadmin_nlp.patterns import doc_numbers as dn

    texts = ["Nghị định số 64-CP, Nghị định 89/CP, số 35-HĐBT và Số: 12/CT; Chỉ thị số 49-CT /TW",
             "Nghị quyết số 01/2017 của Chính phủ, Quyết định số 33/2015QĐ-TTg, số 4-Khu, SỐ 61-CP",
             "mẫu số 10-MST, Kế hoạch liên tịch số 02/KHLT/UBND-UBMTTQ, Luật số 45/2019/QH14"]
    for text in texts:
        found = dn._pattern_matches(text)[len(dn.CODE_PATTERNS) + 1:]
        for pattern, matches in zip(dn.LEAD_PATTERNS, found):
            assert [m.span(1) for m in matches] == [m.span(1) for m in pattern.finditer(text)]


def test_number_and_year_after_so_without_a_type_word_right_before_it():
    # pool/news/22257460 (gold: "38/2009") and a joint circular of the pool whose type words are
    # spaced apart ("Thông tư  liên tịch"); a count out of a total is no document.
    text = "các luật liên quan đến đầu tư xây dựng cơ bản số 38/2009. Thứ 3. Giấy chứng nhận"
    assert [text[s:e] for s, e in find_doc_numbers(text)] == ["38/2009"]
    text = "theo quy định Thông tư  liên tịch số 01/2017 và Thông tư  liên tịch số 01/2021."
    assert [text[s:e] for s, e in find_doc_numbers(text)] == ["01/2017", "01/2021"]
    for text in ("Tổng số 120/2020 hộ đã được hỗ trợ", "đạt số 480/2000 phiếu tán thành"):
        assert find_doc_numbers(text) == []
