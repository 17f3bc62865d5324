"""A table printed in the official gazette's PDF text gives each cell, and each wrapped piece of a
cell, a line of its own. Its rows are found by their numbers counting up from 1, and each row is
one paragraph (GUIDELINES §4, task tables), as is the header row above them."""

import pytest

from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.layout import _table_rows
from vnadmin_nlp.io.standoff import default_corpus_root


def test_numbered_rows_are_found_from_their_numbers_alone():
    lines = ["Căn cứ Luật Tổ chức Chính phủ;", "TT", "Tên nhiệm vụ", "Cơ quan", "chủ trì",
             "1", "Rà soát văn bản", "Bộ Tư pháp",
             "2", "2", "Xây dựng cơ sở dữ liệu", "Bộ Công an",  # a second number column repeats it
             "I", "NHÓM NHIỆM VỤ KHÁC",
             "3", "Tổng kết thi hành", "Bộ Nội vụ", "Quý IV/2026",
             None, "Điều 2. Hiệu lực thi hành"]
    rows, repeated_heads = _table_rows(lines)
    assert rows == {1: 5, 5: 8, 8: 12, 12: 14, 14: 18} and repeated_heads == set()


def test_the_header_row_printed_again_after_a_page_break_is_found():
    # the header row "TT" / "Tên nhiệm vụ" at the top of the next page, inside row 2
    lines = ["TT", "Tên nhiệm vụ", "1", "Rà soát văn bản", "2", "Xây dựng cơ sở dữ liệu", "",
             "TT", "Tên nhiệm vụ", "3", "Tổng kết thi hành", "4", "Báo cáo", None, "Điều 2. Hiệu lực"]
    rows, repeated_heads = _table_rows(lines)
    assert repeated_heads == {7, 8}
    assert rows[0] == 2 and rows[4] == 9  # row 2 still spans the copy; the reader leaves its lines out
    # the same words in a row's own text, not after a page break, stay
    assert _table_rows(["TT", "Tên nhiệm vụ", "1", "a", "TT", "Tên nhiệm vụ", "2", "b", "3", "c"])[1] == set()


def test_two_numbers_or_a_count_that_skips_are_no_table():
    assert _table_rows(["1", "Mẫu số 01", "Báo cáo", "2", "Mẫu số 02", "Báo cáo"]) == ({}, set())
    assert _table_rows(["1", "a", "3", "b", "5", "c"]) == ({}, set())


def test_a_gazette_task_table_is_read_one_row_a_paragraph():
    # pool/congbao/nghi-quyet-so-97-nq-cp-469324 (training gold): an appendix of 29 numbered tasks.
    path = default_corpus_root() / "pool" / "congbao" / "nghi-quyet-so-97-nq-cp-469324.txt"
    if not path.is_file():
        pytest.skip("the pool corpus is not beside the repository")
    paragraphs = read_document(path).paragraphs
    texts = [" ".join(p.text.split()) for p in paragraphs]  # a row keeps its cells on their lines
    header = paragraphs[texts.index(next(t for t in texts if t.startswith("TT Tên nhiệm vụ")))]
    assert header.text.startswith("TT\nTên nhiệm vụ\n")
    assert header.section.startswith("Phụ lục DANH MỤC CÁC NHIỆM VỤ BỔ SUNG")
    rows = [p for p in paragraphs if p.text.split(None, 1)[0].isdigit() and p.section.startswith("Phụ lục")]
    numbers = [int(p.text.split(None, 1)[0]) for p in rows]
    assert numbers[:29] == list(range(1, 30))
    first = rows[0]
    assert first.kind == "body" and "\nBộ Nội vụ\n" in first.text
    assert " ".join(first.text.split()).startswith("1 Thực hiện nghiêm quy định")
