"""Every row of the guidelines' DATE table with its value, and every 'Not DATE' case."""

import pytest

from vnadmin_nlp.patterns.dates import find_dates


def dates(text):
    return [(text[s:e], v) for s, e, v in find_dates(text)]


@pytest.mark.parametrize("text, expected", [
    ("Bắc Giang, ngày 29 tháng 8 năm 2023", [("ngày 29 tháng 8 năm 2023", "2023-08-29")]),
    ("ngày 03/6/2013", [("ngày 03/6/2013", "2013-06-03")]),
    ("xong trong tháng 8/2013", [("tháng 8/2013", "2013-08")]),
    ("xong trong quý III/2021", [("quý III/2021", "2021-Q3")]),
    ("Đến năm 2022", [("năm 2022", "2022")]),
    ("giai đoạn 2021-2025, giai đoạn 2010 - 2023",
     [("giai đoạn 2021-2025", "2021/2025"), ("giai đoạn 2010 - 2023", "2010/2023")]),
    ("nhiệm kỳ 2024-2029", [("nhiệm kỳ 2024-2029", "2024/2029")]),
    ("Từ năm 2013 đến nay", [("năm 2013", "2013")]),
    ("xong trước ngày 15/11 hằng năm", [("ngày 15/11", "--11-15")]),
    ("trong quý II, III/2015", [("quý II, III/2015", "2015-Q2/2015-Q3")]),
])
def test_guideline_table(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Năm 2022, số tổ chức cơ sở đảng", [("Năm 2022", "2022")]),
    ("Nhiệm kỳ 2015-2020: Nghị quyết", [("Nhiệm kỳ 2015-2020", "2015/2020")]),
    ("tháng 12 năm 2023", [("tháng 12 năm 2023", "2023-12")]),
    ("ký ngày 5-3-2021", [("ngày 5-3-2021", "2021-03-05")]),
    ("quý 3 năm 2021", [("quý 3 năm 2021", "2021-Q3")]),
    ("10 năm (2013-2023)", [("2013-2023", "2013/2023")]),
    ("tổng kết vào quý III/2025.", [("quý III/2025", "2025-Q3")]),
])
def test_other_forms_of_the_genre(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "sau 10 năm thực hiện", "trong 05 năm qua", "hằng năm tổ chức", "định kỳ sơ kết",
    "trong thời gian tới", "đến nay", "trong những năm qua", "Bộ Chính trị khóa XI",
    "10/10 huyện ủy", "526/536 đại biểu",
])
def test_not_dates(text):
    assert dates(text) == []


def test_invalid_calendar_date_gets_no_value():
    assert dates("ngày 31/02/2023") == [("ngày 31/02/2023", None)]
    assert dates("ngày 29/02/2023") == [("ngày 29/02/2023", None)]
    assert dates("ngày 29/02/2024") == [("ngày 29/02/2024", "2024-02-29")]


def test_impossible_month_or_period_is_not_a_date():
    assert dates("tháng 13/2020") == []
    assert dates("giai đoạn 2025-2021") == []


@pytest.mark.parametrize("text, expected", [
    # Titles in upper case (People's Council resolutions, old laws).
    ("HỘI ĐỒNG NHÂN DÂN TỈNH BÀ RỊA-VŨNG TÀU KHÓA VI, NHIỆM KỲ 2016-2021", [("NHIỆM KỲ 2016-2021", "2016/2021")]),
    ("TRÊN ĐỊA BÀN TỈNH HÀ GIANG GIAI ĐOẠN 2018 - 2020", [("GIAI ĐOẠN 2018 - 2020", "2018/2020")]),
    ("CẢI TẠO XÃ HỘI CHỦ NGHĨA TRƯỚC NGÀY 01 THÁNG 7 NĂM 1991", [("NGÀY 01 THÁNG 7 NĂM 1991", "1991-07-01")]),
    # A typed date with spaces around its slashes.
    ("có hiệu lực thi hành từ ngày 17 / 5 /2025 và thay thế", [("ngày 17 / 5 /2025", "2025-05-17")]),
    # News: the day of the event, without the part of the day.
    ("Sáng 22/5, Phó Thủ tướng Trương Hòa Bình đã làm việc", [("22/5", "--05-22")]),
    ("Toàn cảnh cuộc họp chiều 5-7 do Phó Thủ tướng chủ trì", [("5-7", "--07-05")]),
    ("“hôm nay (3/6), chúng ta thống nhất", [("3/6", "--06-03")]),
    # A quarter without a year is a date with no value.
    ("GDP quý II tăng 6,17%", [("quý II", None)]),
])
def test_dates_of_other_layouts_and_eras(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", ["tỷ lệ 1/3 số hộ", "từ 5-7 ngày", "sáng nay làm việc", "quý II/2021 và"])
def test_event_days_and_quarters_need_their_cue(text):
    assert all(value != "--03-01" and value != "--07-05" for _, value in dates(text))
    assert ("quý II", None) not in dates(text)


# Issue 15: dates of every form, modelled on the pool's sentences.
@pytest.mark.parametrize("text, expected", [
    # a day and month before a year that is not a number
    ("- Báo cáo năm: Ngày 31 tháng 3 năm kế tiếp sau năm báo cáo.", [("Ngày 31 tháng 3", "--03-31")]),
    ("từ ngày 15 tháng 12 năm trước đến hết ngày 14 tháng 12 năm báo cáo",
     [("ngày 15 tháng 12", "--12-15"), ("ngày 14 tháng 12", "--12-14")]),
    ("theo tỷ giá hạch toán tháng 6 năm hiện hành", [("tháng 6", "--06")]),
    # a day of every month, without value
    ("gửi Bộ Tài chính trước ngày 25 để tổng hợp", [("ngày 25", None)]),
    ("- Báo cáo tháng: Ngày 24 tháng báo cáo.", [("Ngày 24", None)]),
    # a quarter of a year that is not a number, a quarter with a spaced slash
    ("các chỉ tiêu thực hiện trong Quý I năm trước năm báo cáo", [("Quý I", None)]),
    ("Quý IV/ 2026", [("Quý IV/ 2026", "2026-Q4")]),
    # ranges of days: one DATE without value; "ngày" after a count stays out
    ("là ngày 11-13/5/2022 (trước thời hạn", [("ngày 11-13/5/2022", None)]),
    ("nổi bật tuần từ 6-10/2", [("6-10/2", None)]),
    ("Trong 2 ngày 14 -15/5, Tổng Bí thư", [("14 -15/5", None)]),
    # laws cited with their year, names with commas, "Bộ luật"
    ("Luật Quản lý, sử dụng tài sản công 2025 có hiệu lực", [("2025", "2025")]),
    ("Bộ luật Lao động 2019. Mục 1.", [("2019", "2019")]),
    ("Luật phòng, chống ma túy 2008;", [("2008", "2008")]),
    # bare years after words that make them one
    ("tăng 16,4% so với cùng kỳ 2016; khách du lịch", [("2016", "2016")]),
    ("năm 2016 là 79% và dự toán 2017 thu nội địa",
     [("năm 2016", "2016"), ("2017", "2017")]),
    ("áp dụng từ năm tài chính 2025", [("2025", "2025")]),
    ("theo giá so sánh 2010", [("2010", "2010")]),
    ("từ năm 2014 đến 2016, đã tạo", [("năm 2014", "2014"), ("2016", "2016")]),
    # a year after a code keeps its "năm": the digits before it are the code's
    ("Luật Hải quan số 29/2001/QH10 năm 2001 và", [("năm 2001", "2001")]),
])
def test_forms_of_every_era(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "Nghỉ trọn 02 ngày 30", "trong 15 ngày kể từ ngày nhận", "Kích thước (50 x 2000) mm",
    "có từ 2000 công nhân lao động", "phòng, chống dịch COVID-19", "theo tiêu chuẩn ISO 9001:2015",
    "Điện thoại: 0912-345-678", "theo Điều 5-7 của Luật", "ngày ... tháng ... năm ...",
    "Từ ngày …/…/… đến ngày …/…/…", "tỷ lệ 1/2.000 hoặc 1/500", "QCVN 02: 2019",
])
def test_look_alikes_are_not_dates(text):
    assert dates(text) == []


def test_a_date_after_a_document_number_keeps_its_lead_word():
    assert dates("Kết luận số 166 ngày 29/3/2017 của Văn phòng") == [("ngày 29/3/2017", "2017-03-29")]
    assert dates("Quyết định số 11 ngày 26 tháng 5 năm 2014") == [("ngày 26 tháng 5 năm 2014", "2014-05-26")]


@pytest.mark.parametrize("text, expected", [
    # news copies in the pool (pool/news/22623978, 22248754, 22262315 ...): the day of the event
    # after "sáng nay", "hôm qua", as after "sáng"
    ("Sáng nay, 27/6, tại Hà Nội, Quân ủy Trung ương", [("27/6", "--06-27")]),
    ("Hôm qua 11.5, ông Võ Văn Hoan, Chủ tịch", [("11.5", "--05-11")]),
    ("quý 3 năm 2017 diễn ra hôm qua (4/7) tại Hà Nội", [("quý 3 năm 2017", "2017-Q3"), ("4/7", "--07-04")]),
    # "qua" and "nay" that are no part of the day: no date
    ("Quốc hội thông qua 5/7 nội dung", []),
    ("từ nay 3/4 số hộ đã có điện", []),
])
def test_the_day_of_the_event_after_today_or_yesterday(text, expected):
    assert dates(text) == expected
