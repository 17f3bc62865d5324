""".txt files that hold HTML markup: a converter's markdown with <div>, <p>, <br>, <table> and
<b>/<u>/<span> in it (pool/hdnd, e.g. VanBanGoc_70.2024 and VanBanGoc_QĐ_24.2025), read as the same
text without its tags; plain text that only mentions "<" is read as it always was."""

from __future__ import annotations

import re

from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.reader import read_text
from vnadmin_nlp.io.readers import has_html_markup, markup_text

TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")

# The shape of pool/hdnd/VanBanGoc_70.2024.txt: markdown, its header and title wrapped in
# <div align="center">, the signature in <div align="right">; the code's year and kind in a <span>.
DIV_MARKDOWN = """<div align="center">

ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 70<span>/2024/QĐ-UBND</span>
Hà Nội, ngày 12 tháng 12 năm 2024
</div>

---

<div align="center">
**QUYẾT ĐỊNH**
Ban hành Quy định một số nội dung quản lý nhà nước về giá hàng hóa, dịch vụ trên địa bàn thành phố Hà Nội
**ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI**
</div>

*Căn cứ Luật Giá ngày 19 tháng 6 năm 2023;*

---

<div align="center"><u>QUYẾT ĐỊNH:</u></div>

**Điều 1.** Ban hành kèm theo Quyết định này “Quy định một số nội dung quản lý nhà nước về giá”.

**Điều 2.** Quyết định này có hiệu lực từ ngày **22 tháng 12 năm 2024**.

**Nơi nhận:**
- Như Điều 3;
- Lưu: VT, KTTH.

<div align="right">
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

**Trần Sỹ Thanh**
</div>
"""

# The shape of pool/hdnd/VanBanGoc_QĐ_24.2025.txt: the header in <p>/<b>/<br />, the number and
# date in a <table>, title and headings in <h2>-<h4>, the preamble one <p> with a <br /> a line.
P_TABLE_HEADER = """<p align="center">
  <b>ỦY BAN NHÂN DÂN<br />
  THÀNH PHỐ HÀ NỘI</b>
</p>

<p align="right">
  <b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br />
  Độc lập - Tự do - Hạnh phúc</b>
</p>

<table>
<tr>
  <td>Số: 24/2025/QĐ-UBND</td>
  <td align="right">Hà Nội, ngày <i>28 tháng 02 năm 2025</i></td>
</tr>
</table>

<h2 align="center">QUYẾT ĐỊNH</h2>

<h3 align="center">Về việc quy định chức năng, nhiệm vụ, quyền hạn <br />của Sở Xây dựng</h3>

<h4 align="center">ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI</h4>

<p>Căn cứ Luật Thủ đô ngày 28 tháng 6 năm 2024;<br />
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;</p>

<h3 align="center">QUYẾT ĐỊNH:</h3>

**Điều 1. Vị trí và chức năng**

1. Sở Xây dựng thành phố Hà Nội là cơ quan chuyên môn thuộc Ủy ban nhân dân thành phố Hà Nội.
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_with_divs_is_read_as_the_same_markdown_without_its_tags(tmp_path):
    document = read_document(_write(tmp_path, "VanBanGoc_70.2024.txt", DIV_MARKDOWN))
    without_tags = re.sub(r"</?(?:div|span|u)\b[^>]*>", "", DIV_MARKDOWN)
    assert document == read_text(without_tags, source="VanBanGoc_70.2024.txt")
    texts = [p.text for p in document.paragraphs]
    assert not any(TAG_RE.search(text) for text in texts)
    # the <span> is inline: the code stays one run of text, in the header
    assert [p.kind for p in document.paragraphs if "Số: 70/2024/QĐ-UBND" in p.text] == ["header"]
    assert document.title.startswith("QUYẾT ĐỊNH Ban hành Quy định một số nội dung quản lý nhà nước về giá")
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["QUYẾT ĐỊNH:"].kind == "heading"  # the <div> around it is a block of its own
    article = by_text["Điều 2. Quyết định này có hiệu lực từ ngày 22 tháng 12 năm 2024."]
    assert article.section == "QUYẾT ĐỊNH:"
    assert [(p.kind, p.text) for p in document.paragraphs[-3:]] == [
        ("recipients", "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, KTTH."),
        ("signature", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
        ("signature", "Trần Sỹ Thanh"),
    ]


def test_a_header_set_in_paragraphs_and_a_table_gives_header_title_and_headings(tmp_path):
    document = read_document(_write(tmp_path, "VanBanGoc_QĐ_24.2025.txt", P_TABLE_HEADER))
    assert not any(TAG_RE.search(p.text) for p in document.paragraphs)
    assert [(p.kind, p.text) for p in document.paragraphs[:6]] == [
        ("header", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
        # the motto's two lines, set apart by <br>, are two paragraphs (GUIDELINES §4)
        ("header", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("header", "Độc lập - Tự do - Hạnh phúc"),
        ("header", "Số: 24/2025/QĐ-UBND"),  # a table cell is a paragraph of its own
        ("header", "Hà Nội, ngày 28 tháng 02 năm 2025"),
        ("title", "QUYẾT ĐỊNH Về việc quy định chức năng, nhiệm vụ, quyền hạn của Sở Xây dựng"),
    ]
    # A <br /> at the end of a source line is that line break; each preamble clause after it is a
    # paragraph of its own, as the gold of these decisions has them (pool-hdnd-VanBanGoc_QĐ_02.2025).
    preamble = [p.text for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert preamble == ["Căn cứ Luật Thủ đô ngày 28 tháng 6 năm 2024;",
                        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"]
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["QUYẾT ĐỊNH:"].kind == "heading"  # an <h3>
    article = by_text["Điều 1. Vị trí và chức năng"]
    assert article.kind == "heading" and article.section == "QUYẾT ĐỊNH:"


def test_tags_in_a_markdown_table_row_keep_the_row_on_one_line():
    # pool/hdnd/VanBanGoc_QĐ_36.2025.txt sets recipients and signature side by side in a table
    text = ("| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n"
            "| - Như Điều 2; | <b>CHỦ TỊCH</b> |\n"
            "| - Các Bộ: NN&MT, Tư pháp; | <br>(đã ký)<br> |\n")
    assert markup_text(text).strip().split("\n") == [
        "| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |",
        "| - Như Điều 2; | CHỦ TỊCH |",
        "| - Các Bộ: NN&MT, Tư pháp; |  (đã ký)  |",
    ]


def test_line_breaks_blocks_and_headings_of_markup_in_text():
    def text(markup: str) -> str:
        return markup_text(markup).strip("\n")

    assert text("Số: 70<span>/2024/QĐ-UBND</span>") == "Số: 70/2024/QĐ-UBND"
    assert text("TM. ỦY BAN NHÂN DÂN<br/>\nCHỦ TỊCH") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert text("TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert text("PHÓ CHỦ TỊCH<br><br>\nLê Hồng Sơn") == "PHÓ CHỦ TỊCH\n\nLê Hồng Sơn"
    assert re.split(r"\n\n+", text("<p>Điều 1.</p><p>Điều 2.</p>")) == ["Điều 1.", "Điều 2."]
    assert text('<h2 align="center">\n  QUYẾT ĐỊNH\n</h2>') == "## QUYẾT ĐỊNH"
    assert text("<!-- TIẾP TỤC NỘI DUNG -->Hết.") == "Hết."


def test_what_is_html_markup_and_what_only_mentions_angle_brackets():
    for markup in ('<div align="center">ỦY BAN NHÂN DÂN</div>', "TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH",
                   "<p>Căn cứ Luật Giá;</p>", "Hà Nội, ngày <u>28</u> tháng 02",
                   "<CENTER>QUYẾT ĐỊNH</CENTER>", '*<img src="chu-ky.png" alt="Đã ký"/>*'):
        assert has_html_markup(markup), markup
    for plain in ("Nếu a < b và c > d thì ...", "Gỗ tự thiết đường kính cột < 30 cm", "- <NNT>;",
                  "<Tên cơ quan, tổ chức>", "<<Tên đơn vị>>", "Giá trị x <b và y> z", "</div> không mở",
                  "Chỉ số <p> được ghi trong bảng"):
        assert not has_html_markup(plain), plain


def test_plain_text_that_mentions_angle_brackets_is_read_as_text(tmp_path):
    text = ("QUYẾT ĐỊNH\n\nVề việc ban hành tiêu chí\n\n"
            "Điều 1. Nhà có đường kính cột < 30 cm được xếp loại a < b; mẫu ghi <Tên cơ quan> và <NNT>.\n")
    document = read_document(_write(tmp_path, "plain.txt", text))
    assert document == read_text(text, source="plain.txt")
    assert any("< 30 cm" in p.text and "<Tên cơ quan> và <NNT>" in p.text for p in document.paragraphs)


def test_a_whole_page_saved_as_text_is_read_as_the_page(tmp_path):
    page = ("<!DOCTYPE html>\n<html><head><title>Cổng thông tin</title></head><body>\n"
            "<p><b>QUYẾT ĐỊNH</b></p>\n<p>Về việc ban hành Kế hoạch\nchuyển đổi số năm 2024</p>\n"
            "<h3>Điều 1. Phạm vi</h3><p>Kế hoạch áp dụng với các sở, ngành.</p></body></html>")
    as_text = read_document(_write(tmp_path, "trang.txt", page))
    as_html = read_document(_write(tmp_path, "trang.html", page))
    assert [(p.kind, p.text, p.section) for p in as_text.paragraphs] == \
        [(p.kind, p.text, p.section) for p in as_html.paragraphs]
    assert as_text.title == "QUYẾT ĐỊNH Về việc ban hành Kế hoạch chuyển đổi số năm 2024"


def test_inline_tags_do_not_cut_a_run_in_an_html_page(tmp_path):
    page = _write(tmp_path, "so.html",
                  '<div><p>Số: 70<span>/2024/QĐ-UBND</span></p>'
                  '<p>Hà Nội, ngày <b>12</b> tháng <font>12</font> năm <a href="#">2024</a></p></div>')
    assert [p.text for p in read_document(page).paragraphs] == [
        "Số: 70/2024/QĐ-UBND", "Hà Nội, ngày 12 tháng 12 năm 2024"]


def test_a_code_with_a_space_before_its_year_part_stays_whole_in_a_crawled_header():
    # pool/hdnd/VanBanGoc_70.2024.txt, its tags gone: "Số: 70 /2024/QĐ-UBND" on one header line
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 70 /2024/QĐ-UBND\nHà Nội, ngày 12 tháng 12 năm 2024\n"
            "QUYẾT ĐỊNH\nBan hành Quy định một số nội dung quản lý nhà nước về giá\n"
            "Điều 1. Ban hành kèm theo Quyết định này Quy định một số nội dung quản lý nhà nước về giá.\n"
            "Điều 2. Quyết định này có hiệu lực từ ngày 22 tháng 12 năm 2024.\n")
    document = read_text(text, source="VanBanGoc_70.2024.txt")
    assert [p.kind for p in document.paragraphs if p.text == "Số: 70 /2024/QĐ-UBND"] == ["header"]
    assert not any(p.text.startswith("/2024") for p in document.paragraphs)
