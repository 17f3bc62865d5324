"""DOC_NUMBER and DATE forms found in real documents of the unlabeled pool (issue 15, second
survey), and near misses from the same documents that must stay unmarked.

Every sentence is copied as it stands from ``../shared/corpus/pool/`` (the file is named in a
comment; none is in the set-aside test split), or, once, from ``../shared/corpus/extra/``.
GUIDELINES.md section 4, "Codes and dates of every era and form", records the decisions.
"""

import pytest

from vnadmin_nlp.patterns import FORM_CODE, find_rule_entities


def found(text, label):
    return [(text[s:e], value) for s, e, lab, value in find_rule_entities(text) if lab == label]


def dates(text):
    return found(text, "DATE")


def codes(text):
    return [span for span, _value in found(text, "DOC_NUMBER")]


# --- DATE -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # congbao/nghi-dinh-so-139-2026-nd-cp-469377.txt: a heading in capitals
    ("II. ƯỚC THỰC HIỆN QUÝ I", [("QUÝ I", None)]),
    # news/22651230.txt: the news' quarter-hyphen-year
    ("Nhờ đó, chất lượng dữ liệu quý I-2017 đã cải thiện đáng kể, tỷ lệ sai sót qua giám định tự "
     "động giảm 36% so với quý IV-2016; hệ thống tự động phát hiện",
     [("quý I-2017", "2017-Q1"), ("quý IV-2016", "2016-Q4")]),
])
def test_quarters_in_capitals_and_with_a_hyphen(text, expected):
    assert dates(text) == expected


def test_quarter_title_in_capitals_with_its_year():
    # The title form of "Quý I năm 2026" (congbao/nghi-quyet-so-175-nq-cp-40286.txt), upper-cased
    # as titles print it.
    assert dates("TỪ QUÝ I NĂM 2026") == [("QUÝ I NĂM 2026", "2026-Q1")]


@pytest.mark.parametrize("text, expected", [
    # news/22322605.txt: day.month after "ngày", and after a part of the day
    ("Ngày 19.5, Báo Thanh Niên đăng bài Ai bảo kê các bãi giữ xe trái phép?", [("Ngày 19.5", "--05-19")]),
    ("bị rút giấy phép từ ngày 21.4, nhưng đến nay vẫn hoạt động bình thường", [("ngày 21.4", "--04-21")]),
    # news/22248754.txt
    ("Chiều 11.5, một lãnh đạo Sở TN-MT tỉnh Long An cho biết", [("11.5", "--05-11")]),
])
def test_day_dot_month_in_the_news(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    # congbao/thong-tu-so-19-2022-tt-bkhdt-37763.txt: a form's year that is no number
    ("Chính thức ngày 31/3/năm N+1", [("ngày 31/3", "--03-31")]),
    ("Sơ bộ ngày 25/12/năm N", [("ngày 25/12", "--12-25")]),
])
def test_day_before_a_year_that_is_not_a_number(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    # news/22278897.txt
    ("Đoàn sẽ làm việc với Bán cán sự đảng Bộ Khoa học và Công nghệ từ ngày 30/5-7/6.",
     [("ngày 30/5", "--05-30"), ("7/6", "--06-07")]),
    # congbao/thong-tu-so-20-2024-tt-bkhdt-43261.txt
    ("Năm trước năm báo cáo: Số liệu thực hiện từ ngày 01/4 - 30/6 năm báo cáo;",
     [("ngày 01/4", "--04-01"), ("30/6", "--06-30")]),
])
def test_range_of_days_across_months_gives_two_dates(text, expected):
    assert dates(text) == expected


def test_range_of_two_full_dates_gives_two_dates():
    # news/22339546.txt: an anniversary's range; the second date follows the dash.
    text = "kỷ niệm 70 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2017), có những hành động"
    assert dates(text) == [("27/7/1947", "1947-07-27"), ("27/7/2017", "2017-07-27")]


def test_a_date_wrapped_by_a_table_cell_is_one_date():
    # congbao/nghi-quyet-so-105-nq-cp-469364.txt, read by our reader: a task table's cell wraps
    # its lines inside the date; the paragraph keeps the line breaks and the date is one DATE.
    from vnadmin_nlp.io.readers import read_document
    from tests.conftest import REPO

    path = REPO.parent / "shared" / "corpus" / "pool" / "congbao" / "nghi-quyet-so-105-nq-cp-469364.txt"
    if not path.exists():
        pytest.skip("../shared missing")
    wrapped = [p.text for p in read_document(path).paragraphs
               if "178-QĐ/TW ngày 27 tháng 6 năm\n2024" in p.text]
    assert wrapped, "the reader no longer gives the wrapped cell"
    assert ("ngày 27 tháng 6 năm\n2024", "2024-06-27") in dates(wrapped[0])
    assert dates("Chính phủ\nNghị định\nQuý\nII/2026\n(theo yêu cầu") == [("Quý\nII/2026", "2026-Q2")]


@pytest.mark.parametrize("text, expected", [
    # congbao/nghi-dinh-so-139-2026-nd-cp-469377.txt
    ("Ghi tổng số chợ của toàn quốc và của từng tỉnh, thành phố và vùng kinh tế - xã hội có tại thời "
     "điểm 31 tháng 12 năm trước năm báo cáo.", [("31 tháng 12", "--12-31")]),
    ("+ Ước thực hiện quý I: Thời điểm 20 tháng 3.", [("quý I", None), ("20 tháng 3", "--03-20")]),
])
def test_day_at_a_moment_of_a_report(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    # news/22293911.txt (training gold marks `2016`)
    ("Theo kết quả nghiên cứu của Báo cáo Chỉ số năng lực cạnh tranh cấp tỉnh PCI-2016, 66% trong số "
     "11.000 DN được hỏi xác nhận phải trả loại chi phí không chính thức.", [("2016", "2016")]),
    # news/22262315.txt
    ("Các nhà hoạch định chính sách, chuyên gia kinh tế cho rằng, Năm APEC 2017 là cơ hội để doanh "
     "nghiệp siêu nhỏ, nhỏ và vừa của Việt Nam học hỏi kinh nghiệm", [("2017", "2017")]),
    # news/22339706.txt (training gold marks both)
    ("lần đầu tiên trong lịch sử giành 01 HCV, 01 HCB tại Olympic Rio 2016; đoạt 01 HCV, 01 HCB và 01 "
     "HCĐ tại Paralympic Rio 2016", [("2016", "2016"), ("2016", "2016")]),
    # congbao/van-ban-hop-nhat-so-2007-vbhn-bldtbxh-42065.txt
    ("quốc gia đó không phải là thành viên của Công ước MLC 2006.", [("2006", "2006")]),
    # news/22410466.txt
    ("Nhân tài Đất Việt 2017 'tạo lửa' cho cách mạng 4.0 và khởi nghiệp sáng tạo ở Việt Nam",
     [("2017", "2017")]),
    # congbao/thong-tu-so-04-2023-tt-bkhdt-39703.txt: the datum named by its year
    ("Sơ đồ, bản đồ quy hoạch được thành lập trong hệ quy chiếu, hệ tọa độ quốc gia VN-2000 và trên "
     "nền bản đồ địa hình quốc gia", [("2000", "2000")]),
])
def test_year_in_the_name_of_an_event_index_or_edition(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    # congbao/quyet-dinh-so-982-qd-ttg-469699.txt
    ("b) Tầm nhìn đến 2045", [("2045", "2045")]),
    # congbao/nghi-quyet-so-175-nq-cp-40286.txt
    ("- Đến hết 2025, hoàn thành cơ bản việc xây dựng hạ tầng nhà trạm của Trung tâm dữ liệu quốc gia",
     [("2025", "2025")]),
])
def test_year_after_tam_nhin_den_and_den_het(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    # congbao/thong-tu-so-03-2022-tt-bldtbxh-36975.txt: a year after a word that opens the line
    "Từ 1945 trở về trước",
    # congbao/thong-tu-so-01-2023-tt-bkhdt-39270.txt: a capacity, not a year
    "Công suất đến 2000 m³/ngày đêm",
    # congbao/thong-tu-so-13-2023-tt-bldtbxh-41157.txt: a size
    "- Kích thước: >= (1200 x 2000)mm",
    # congbao/nghi-quyet-so-16-2026-nq-cp-469356.txt: a map's scale is no month
    "Đầu tư xây dựng 05 tuyến đường trục chính thuộc Quy hoạch phân khu xây dựng tỷ lệ 1/2000 Khu vực "
    "trung tâm đô thị Duy Tiên",
    # tvpl/Quyết_định_2135_QĐ-TCHQ_năm_2015.txt: the year inside a form's code
    "Mẫu số 02/TB-XĐTMS-2015 BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN",
])
def test_numbers_that_are_not_dates(text):
    assert dates(text) == []


# --- DOC_NUMBER -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # congbao/thong-tu-lien-tich-so-01-2022-ttlt-vksndtc-tandtc-bca-bqp-bldtbxh-36844.txt: a joint
    # circular's short name is its number and year, not a month
    ("kiến nghị khởi tố (sau đây viết tắt là Thông tư liên tịch số 01/2017) và Thông tư liên tịch số "
     "01/2021/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC ngày 29/11/2021",
     ["01/2017", "01/2021/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC"]),
    # news/21494848.txt: without "số", a number no month has
    ("để đảm bảo Nghị định 155/2016 sẽ là cơ sở pháp lý quan trọng", ["155/2016"]),
    # news/21484662.txt (the full code) and the short form the news then uses
    ("Chính phủ vừa ban hành Nghị quyết 19-2017/NQ-CP ngày 6/2/2017", ["19-2017/NQ-CP"]),
    ("Nghị quyết 19-2017 về năng lực cạnh tranh quốc gia", ["19-2017"]),
])
def test_documents_named_by_number_and_year(text, expected):
    assert codes(text) == expected


def test_ascii_folded_type_word_of_a_crawled_first_line():
    # extra/qd3745-ubnd-tayninh.txt (training gold marks `3745`)
    assert codes("Văn bản Quyet dinh 3745") == ["3745"]
    # tvpl/Văn_bản_Luat_Kinh_doanh.txt: a folded type word without a number is nothing
    assert codes("Văn bản Luat Kinh doanh") == []


@pytest.mark.parametrize("text, expected", [
    # congbao/van-ban-hop-nhat-so-1548-vbhn-bldtbxh-41720.txt: two bodies joined by "&"
    ("Thông tư số 14/2009/TT- BGDĐT và Quyết định số 37/2000/QĐ-BGD&ĐT ngày 29 tháng 8 năm 2000",
     ["14/2009/TT- BGDĐT", "37/2000/QĐ-BGD&ĐT"]),
    # congbao/nghi-quyet-so-24-2026-nq-cp-469471.txt: Ð (U+00D0) for Đ
    ("121/2021/NÐ-CP (nếu có);", ["121/2021/NÐ-CP"]),
    # tvpl/Luật_thi_hành_án_dân_sự_2008.txt: a joint circular's issuers after a slash
    ("[Khoản này được hướng dẫn bởi Thông tư liên tịch 141/2010/TTLT/BQP-BTP có hiệu lực thi hành từ "
     "ngày 03/12/2010]", ["141/2010/TTLT/BQP-BTP"]),
    # congbao/van-ban-hop-nhat-so-1166-vbhn-bldtbxh-41572.txt: a doubled slash
    ("đã được bổ sung bởi Nghị định số 64//2023/NĐ-CP ngày 23 tháng 8 năm 2023 của Chính phủ",
     ["64//2023/NĐ-CP"]),
    # congbao/nghi-quyet-so-6616-2026-nq-cp-469362.txt: a typo in the year, kept as spelled
    ("định số 142/2205/NĐ-CP) được công bố công khai trên các phương tiện thông tin", ["142/2205/NĐ-CP"]),
])
def test_codes_with_unusual_letters_and_separators(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    # congbao/thong-tu-so-01-2023-tt-bkhdt-39270.txt
    ("QCVN 15: 2018/BGTVT.", ["15: 2018/BGTVT"]),
    ("QCVN 61-MT:2016/BTNMT,", ["61-MT:2016/BTNMT"]),
    ("TCCS 18:2015/CHK.", ["18:2015/CHK"]),
])
def test_standards_with_a_spaced_colon_a_letter_code_or_a_base_standard(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    # congbao/quyet-dinh-so-1478-qd-bldtbxh-42752.txt: a web address's escapes are no code
    ("67/1998/Q%C4%90-TTg", []),
    # congbao/nghi-dinh-so-145-2020-nd-cp-32732.txt: forms stay out
    ("theo Mẫu số 02/PLI Phụ lục I ban hành kèm theo Nghị định này.", []),
    # congbao/thong-tu-so-02-2025-tt-bldtbxh-43964.txt
    ("Biểu số 103/LĐVL - Sở “Lao động người nước ngoài làm việc ở Việt Nam được cấp giấy phép”", []),
    # congbao/nghi-dinh-so-188-2025-nd-cp-45593.txt: a form's bare number
    ("Hợp đồng khám bệnh, chữa bệnh bảo hiểm y tế được thực hiện theo Mẫu số 5 Phụ lục ban hành kèm theo",
     []),
    # news/22479688.txt: a count after "Tổng kết", the code after "số"
    ('Đề án "Tổng kết 10 năm thực hiện Chỉ thị số 15-CT/TW của Bộ Chính trị', ["15-CT/TW"]),
    # congbao/nghi-quyet-so-16-2026-nq-cp-469356.txt: "05 tuyến đường", a scale
    ("Đầu tư xây dựng 05 tuyến đường trục chính thuộc Quy hoạch phân khu xây dựng tỷ lệ 1/2000", []),
])
def test_near_misses_are_not_codes(text, expected):
    assert codes(text) == expected


def test_count_before_a_period_is_not_a_code():
    # news/21478425.txt
    text = "kế hoạch phát triển kinh tế - xã hội 5 năm 2016 -2020"
    assert codes(text) == []
    assert dates(text) == [("2016 -2020", "2016/2020")]


@pytest.mark.parametrize("text, expected", [
    # news/22261928.txt: a short name with its year after "năm"
    ("Quy định này áp dụng với nước thải theo Nghị định 154 năm 2016, có hiệu lực từ ngày ban hành", ["154"]),
    # a span of years, and a count of years, stay no code
    ("thực hiện Kế hoạch 5 năm 2021 - 2025 của tỉnh", []),
    ("sau 10 năm thực hiện Nghị quyết 35 năm qua", []),
])
def test_short_name_before_its_year(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, form_codes", [
    # congbao/thong-tu-so-02-2025-tt-bldtbxh-43964.txt: statistical forms numbered after their issuer
    ("Biểu số 104/LĐVL-Sở", ["104/LĐVL-Sở"]),
    ("Biểu số 201/GDNN-Sở và 202/GDNN-Sở của Sở Lao động - Thương binh và Xã hội", ["201/GDNN-Sở", "202/GDNN-Sở"]),
    ("Biểu 301.1/NCC-Sở", ["301.1/NCC-Sở"]),
    # Thông_tư_08_2024_TT-BTNMT.txt
    ("a) Biểu 01/TKKK (Thống kê, kiểm kê diện tích đất đai)", ["01/TKKK"]),
    # Nghị_định_101_2024_NĐ-CP.txt: a list of forms, the sentence's full stop outside
    ("theo Mẫu số 05a/ĐK, 05b/ĐK và Biểu 02.", ["05a/ĐK", "05b/ĐK", "02"]),
])
def test_form_codes_are_kept_whole_but_are_no_entity(text, form_codes):
    found = find_rule_entities(text, form_codes=True)
    assert [text[s:e] for s, e, label, _v in found if label == FORM_CODE] == form_codes
    assert all(label != "DOC_NUMBER" for _s, _e, label, _v in found)
    assert find_rule_entities(text) == [x for x in found if x[2] != FORM_CODE]


def test_no_body_is_found_inside_a_form_code():
    from vnadmin_nlp.pipeline import default_pipeline

    doc = default_pipeline()("Biểu số 201/GDNN-Sở và Biểu số 104/LĐVL-Sở do Sở Lao động - Thương binh và Xã hội tổng hợp")
    assert "201/GDNN-Sở" in [t.text for t in doc] and "104/LĐVL-Sở" in [t.text for t in doc]
    assert all("/" not in ent.text for ent in doc.ents)
    assert [ent.text for ent in doc.ents if ent.label_ == "ORG"] == ["Sở Lao động - Thương binh và Xã hội"]


def test_a_date_after_a_form_word_stays_a_date():
    text = "Phụ lục 15/6/2017 kèm theo"
    assert [(text[s:e], label) for s, e, label, _v in find_rule_entities(text, form_codes=True)] == [
        ("15/6/2017", "DATE")]


@pytest.mark.parametrize("text, expected", [
    # congbao/nghi-quyet-so-17-2026-nq-cp-469464.txt: a table cell cut after the code's hyphen
    ("1\nNghị định số 101/2024/NĐ-\nCP ngày 29 tháng 7 năm 2024\ncủa Chính phủ quy đ", ["101/2024/NĐ-\nCP"]),
    # congbao/thong-tu-so-01-2021-tt-bldtbxh-33806.txt: ... after the slash that ends the year
    ("- QCVN 06:2012/BLĐTBXH được\nban hành tại Thông tư số 04/2012/\nTT-BLĐTBXH ngày 16/02/2012\n- TCVN 2603:1987",
     ["06:2012/BLĐTBXH", "04/2012/\nTT-BLĐTBXH", "2603:1987"]),
    # congbao/nghi-quyet-so-105-nq-cp-469364.txt: a Party code cut after its number's hyphen
    ("Theo yêu cầu\ntại Quy định\nsố 178-\nQĐ/TW, Nghị\nquyết số\n10/NQ-CP\nThường xuyên", ["178-\nQĐ/TW", "10/NQ-CP"]),
    # congbao/van-ban-hop-nhat-so-37-vbhn-bct-469648.txt: the standard's code under its prefix
    ("bảo quản tiền chất thuốc nổ số QCVN\n01:2019/BCT).", ["01:2019/BCT"]),
])
def test_a_code_cut_by_a_table_cells_line_break_is_one_code(text, expected):
    assert codes(text) == expected


def test_no_code_inside_a_web_address():
    # congbao/quyet-dinh-so-1478-qd-bldtbxh-42752.txt: "%20" is an escaped space, not a number's start
    assert codes("TW/Pages/vbpq- toanvan.aspx?ItemID=96229&Keyword= S%E1%BB%91%2042/2015/TT- BL%C4%90TBXH") == []


@pytest.mark.parametrize("text, form_codes", [
    # tvpl/Thông_tư_11_2024_TT-BTNMT.txt: an appendix's tables and diagrams, numbered like documents
    ("cải tạo, phục hồi đất theo quy định tại Bảng số 04/QĐC của Phụ lục I ban hành kèm th", ["04/QĐC"]),
    ("đồ chất lượng đất minh họa chi tiết tại Sơ đồ số 02/CLĐ của Phụ lục II ban hành kèm t", ["02/CLĐ"]),
])
def test_an_appendix_table_or_diagram_code_is_no_entity(text, form_codes):
    found = find_rule_entities(text, form_codes=True)
    assert [text[s:e] for s, e, label, _v in found if label == FORM_CODE] == form_codes
    assert all(label != "DOC_NUMBER" for _s, _e, label, _v in found)


@pytest.mark.parametrize("text, expected", [
    # congbao/thong-tu-so-10-2023-tt-bldtbxh-40270.txt: a table row's label and its score
    ("- Khả năng hướng dẫn thực hiện chủ trương, nghị quyết 5", []),
    # congbao/thong-tu-so-11-2023-tt-bldtbxh-40276.txt
    ("Khả năng kiểm tra thực hiện chủ trương, nghị quyết 89", []),
    # the news names a document in a sentence that goes on (the training gold's news copies)
    ("y đã sớm triển khai nghị định 49 nhưng rất khó", ["49"]),
    ("Thực hiện nghị quyết 39 của Bộ Chính t", ["39"]),
])
def test_a_figure_after_a_rows_label_in_lower_case_is_no_code(text, expected):
    assert codes(text) == expected
