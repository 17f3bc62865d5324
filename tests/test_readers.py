"""Readers registered by suffix (issue 18): each format gives blocks to the one layout step."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from vnadmin_nlp.batch import expand_inputs
from vnadmin_nlp.errors import DocumentReadError
from vnadmin_nlp.io import Block, read_blocks, read_document, register_reader
from vnadmin_nlp.io import readers as readers_module
from vnadmin_nlp.io.readers import reader_for, reader_suffixes

from .conftest import seed_path

HTML_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reader" / "quyet-dinh.html"


def kinds_and_texts(document) -> List[tuple]:
    return [(p.kind, p.text) for p in document.paragraphs]


def test_the_formats_register_themselves_and_decide_what_a_folder_holds(tmp_path):
    assert reader_suffixes()[:4] == (".txt", ".md", ".docx", ".pdf")
    assert {".html", ".htm"} <= set(reader_suffixes())
    assert reader_for("a.DOCX") is readers_module.read_docx
    assert reader_for("notes.rtf") is readers_module.read_text_file  # unclaimed: read as text
    for name in ("a.txt", "b.html", "c.htm", "skip.odt"):
        (tmp_path / name).write_text("QUYẾT ĐỊNH", encoding="utf-8")
    assert [item.doc_id for item in expand_inputs([tmp_path])] == ["a.txt", "b.html", "c.htm"]


def test_an_html_page_is_read_into_header_title_headings_and_closing():
    document = read_document(HTML_FIXTURE)
    assert document.source == "quyet-dinh.html"
    assert document.title == "QUYẾT ĐỊNH Về việc ban hành Kế hoạch chuyển đổi số tỉnh Quảng Trị năm 2024"
    paragraphs = kinds_and_texts(document)
    # The header table's cells, in reading order; <br> inside a cell is a line break.
    # The motto's two lines are two paragraphs, as every header part is (GUIDELINES §4).
    assert paragraphs[:5] == [
        ("header", "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"),
        ("header", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("header", "Độc lập - Tự do - Hạnh phúc"),
        ("header", "Số: 1520/QĐ-UBND"),
        ("header", "Quảng Trị, ngày 05 tháng 7 năm 2024"),
    ]
    assert paragraphs[5] == ("title", document.title)
    # <title>, <style> and <script> are not text; source line breaks inside a <p> are spaces.
    texts = [text for _, text in paragraphs]
    assert not any("Cổng thông tin" in t or "trackPage" in t or "vertical-align" in t for t in texts)
    assert ("body", "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ "
            "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;") in paragraphs
    # h3/h4 are headings, and give the sections of what follows them; <li> are paragraphs of their own.
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["QUYẾT ĐỊNH:"].kind == "heading"
    article = "Điều 1. Ban hành Kế hoạch chuyển đổi số tỉnh Quảng Trị năm 2024"
    assert by_text[article].kind == "heading" and by_text[article].section == "QUYẾT ĐỊNH:"
    item = by_text["Phát triển hạ tầng số và nền tảng dữ liệu dùng chung;"]
    assert item.kind == "body" and item.section == "QUYẾT ĐỊNH: > " + article
    # The list under "Nơi nhận:" joins it, as "- " lines do in text; the signature block follows.
    assert paragraphs[-3:] == [
        ("recipients", "Nơi nhận:\nNhư Điều 3;\nBộ Thông tin và Truyền thông;\nTT Tỉnh ủy, TT HĐND tỉnh;\n"
                       "Lưu: VT, KGVX."),
        ("signature", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
        ("signature", "Hoàng Nam"),
    ]


def test_html_superscripts_are_footnote_markers_and_an_empty_page_fails(tmp_path):
    page = tmp_path / "note.htm"
    page.write_text("<p><b>BÁO CÁO</b></p><p>Kết quả thực hiện năm 2024<sup>1</sup> đạt kế hoạch.</p>"
                    "<p><sup>1</sup> Số liệu đến ngày 15/12/2024.</p>", encoding="utf-8")
    document = read_document(page)
    assert [p.text for p in document.paragraphs if p.kind == "body"] == ["Kết quả thực hiện năm 2024 đạt kế hoạch."]
    assert [(f.marker, f.text) for f in document.footnotes] == [("1", "Số liệu đến ngày 15/12/2024.")]
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head><body> </body></html>", encoding="utf-8")
    with pytest.raises(DocumentReadError, match="empty.html: the page has no text"):
        read_document(empty)


def test_docx_styles_tables_and_footnotes_become_blocks_without_text_in_between():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("BỘ TÀI CHÍNH")
    table.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("CÔNG VĂN")
    document.add_paragraph("Về việc hướng dẫn quyết toán (*) năm 2024", style="Heading 2")
    document.add_paragraph("Bộ Tài chính hướng dẫn như sau.")
    blocks = readers_module._docx_blocks(document)
    assert [(b.kind, b.lines) for b in blocks] == [
        ("table_cell", ["BỘ TÀI CHÍNH"]), ("table_cell", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
        ("paragraph", ["CÔNG VĂN"]), ("heading", ["Về việc hướng dẫn quyết toán (*) năm 2024"]),
        ("paragraph", ["Bộ Tài chính hướng dẫn như sau."]),
    ]
    assert blocks[3].forced_heading


def test_a_new_format_is_one_registered_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(readers_module, "_READERS", dict(readers_module._READERS))

    @register_reader(".lines")
    def read_lines(path: Path, data: bytes) -> List[Block]:
        return [Block([line], "heading" if line.isupper() else "paragraph")
                for line in data.decode("utf-8").splitlines() if line.strip()]

    path = tmp_path / "plan.lines"
    path.write_text("KẾ HOẠCH\nTriển khai năm 2025\nI. MỤC ĐÍCH\nBảo đảm tiến độ.\n", encoding="utf-8")
    assert ".lines" in reader_suffixes()
    document = read_document(str(path))  # a str path with a registered suffix is a path
    assert kinds_and_texts(document) == [("title", "KẾ HOẠCH Triển khai năm 2025"), ("heading", "I. MỤC ĐÍCH"),
                                         ("body", "Bảo đảm tiến độ.")]
    assert document.paragraphs[-1].section == "I. MỤC ĐÍCH"


def test_read_blocks_is_the_layout_step_of_text_too():
    from vnadmin_nlp.io.reader import text_blocks

    text = seed_path("003").read_text(encoding="utf-8")
    assert read_blocks(text_blocks(text), "s") == read_document(text, source="s")
