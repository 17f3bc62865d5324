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
