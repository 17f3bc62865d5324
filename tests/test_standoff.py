"""Standoff gold: annotations that point into a source text by segments and hash."""

import hashlib
import json
import logging

import pytest

from vnadmin_nlp.io.jsonl import read_gold, validate_file
from vnadmin_nlp.io.standoff import (
    StandoffError, align_text, default_corpus_root, join_segments, make_standoff, resolve_record,
)

# A gazette-style source: a page header and a signature stamp inside a wrapped paragraph,
# a footnote marker glued to a year.
SOURCE = (
    "THỦ TƯỚNG CHÍNH PHỦ\n"
    "Số: 12/CT-TTg\n\n"
    "I. NHIỆM VỤ\n"
    "1. Bộ Tài chính chủ trì, phối hợp với Ủy ban nhân dân các\n"
    "CÔNG BÁO/Số 5/Ngày 02-06-2026    17\n"
    "tỉnh hoàn thành trước năm 2027¹, báo cáo Thủ tướng\n"
    "Ký bởi: Cổng Thông tin điện tử Chính phủ\n"
    "Chính phủ.\n"
    "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n"
)
PARA = ("1. Bộ Tài chính chủ trì, phối hợp với Ủy ban nhân dân các tỉnh hoàn thành trước năm 2027, "
        "báo cáo Thủ tướng Chính phủ.")


def _record():
    ent = PARA.index("Bộ Tài chính")
    year = PARA.index("năm 2027")
    return {
        "id": "extra-test", "source": "test.txt", "title": "",
        "paragraphs": [
            {"text": "I. NHIỆM VỤ", "label": "other", "section": "", "entities": []},
            {"text": PARA, "label": "assignment", "section": "I. NHIỆM VỤ",
             "entities": [[ent, ent + 12, "ORG"], [year, year + 8, "DATE", "2027"]]},
            {"text": "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG", "label": "other", "section": "", "entities": []},
        ],
        "footnotes": [],
    }


def test_align_skips_page_header_stamp_and_marker():
    segments = align_text(SOURCE, PARA)
    assert join_segments(SOURCE, segments) == PARA
    pieces = " | ".join(SOURCE[s:e] for s, e, *_ in segments)
    assert "CÔNG BÁO" not in pieces and "Ký bởi" not in pieces and "¹" not in pieces
    # the comma after the removed marker joins with no space
    assert any(len(seg) == 3 and seg[2] == "" for seg in segments)


def test_align_rejects_text_not_in_source():
    with pytest.raises(StandoffError):
        align_text(SOURCE, "Bộ Quốc phòng chủ trì")


def test_standoff_round_trip_keeps_text_sections_entities_and_line_breaks():
    record = _record()
    digest = hashlib.sha256(SOURCE.encode()).hexdigest()
    standoff = make_standoff(record, SOURCE, "extra/test.txt", digest)
    assert "Bộ Tài chính" not in json.dumps(standoff, ensure_ascii=False)  # no source text inside
    assert standoff["paragraphs"][1]["section"] == [0]
    resolved = resolve_record(standoff, SOURCE)
    for got, want in zip(resolved["paragraphs"], record["paragraphs"]):
        assert got["text"] == want["text"]
        assert got["section"] == want["section"]
        assert got["entities"] == want["entities"]


def _write_corpus(tmp_path, source_text):
    corpus = tmp_path / "corpus"
    (corpus / "extra").mkdir(parents=True)
    (corpus / "extra" / "test.txt").write_text(source_text, encoding="utf-8")
    return corpus


def test_validate_and_read_resolve_against_corpus(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path, SOURCE)
    monkeypatch.setenv("VNADMIN_CORPUS", str(corpus))
    digest = hashlib.sha256(SOURCE.encode()).hexdigest()
    gold = tmp_path / "gold" / "extra-test.jsonl"
    gold.parent.mkdir()
    gold.write_text(json.dumps(make_standoff(_record(), SOURCE, "extra/test.txt", digest),
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert validate_file(gold) == []
    [record] = read_gold([tmp_path / "gold"])
    assert record["paragraphs"][1]["text"] == PARA


def test_changed_source_is_an_error_with_file_and_line(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path, SOURCE.replace("2027", "2028"))
    monkeypatch.setenv("VNADMIN_CORPUS", str(corpus))
    digest = hashlib.sha256(SOURCE.encode()).hexdigest()
    gold = tmp_path / "extra-test.jsonl"
    gold.write_text("\n" + json.dumps(make_standoff(_record(), SOURCE, "extra/test.txt", digest)) + "\n",
                    encoding="utf-8")
    [error] = validate_file(gold)
    assert error.line_no == 2 and "sha256" in str(error) and str(gold) in str(error)


def test_bad_segment_is_reported(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path, SOURCE)
    monkeypatch.setenv("VNADMIN_CORPUS", str(corpus))
    standoff = make_standoff(_record(), SOURCE, "extra/test.txt", hashlib.sha256(SOURCE.encode()).hexdigest())
    standoff["paragraphs"][1]["segments"][0] = [10, 100000]
    gold = tmp_path / "extra-test.jsonl"
    gold.write_text(json.dumps(standoff) + "\n", encoding="utf-8")
    [error] = validate_file(gold)
    assert "paragraph 1" in str(error) and "does not slice" in str(error)


def test_missing_source_skips_with_one_warning(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("VNADMIN_CORPUS", str(tmp_path / "nowhere"))
    standoff = make_standoff(_record(), SOURCE, "extra/test.txt", hashlib.sha256(SOURCE.encode()).hexdigest())
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "extra-test.jsonl").write_text(json.dumps(standoff) + "\n", encoding="utf-8")
    (gold / "extra-test2.jsonl").write_text(json.dumps(dict(standoff, id="extra-test2")) + "\n",
                                            encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="vnadmin_nlp"):
        assert read_gold([gold]) == []
    [warning] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "2 standoff document(s) skipped" in warning and "VNADMIN_CORPUS" in warning


def test_a_heading_that_holds_the_section_separator():
    # pool/hdnd/VanBanGoc_71.2024.txt (training): a lettered lead-in "... ngõ > 100 m ... như sau:"
    # heads the layers under it; its " > " is no boundary between two headings
    source = ("Điều 1. Sửa đổi như sau:\n"
              "d. Đối với thửa đất có cạnh tiếp giáp với ngõ > 100 m được chia lớp như sau:\n"
              "- Lớp 1: Tính từ chỉ giới hè đến 100 m.\n")
    heading = "d. Đối với thửa đất có cạnh tiếp giáp với ngõ > 100 m được chia lớp như sau:"
    record = {"id": "t", "title": "", "paragraphs": [
        {"text": "Điều 1. Sửa đổi như sau:", "label": "other", "section": "", "entities": []},
        {"text": heading, "label": "other", "section": "Điều 1. Sửa đổi như sau:", "entities": []},
        {"text": "- Lớp 1: Tính từ chỉ giới hè đến 100 m.", "label": "other",
         "section": "Điều 1. Sửa đổi như sau: > " + heading, "entities": []},
    ]}
    standoff = make_standoff(record, source, "extra/t.txt", hashlib.sha256(source.encode()).hexdigest())
    assert [p["section"] for p in standoff["paragraphs"]] == [[], [0], [0, 1]]
    assert resolve_record(standoff, source)["paragraphs"][2]["section"] == record["paragraphs"][2]["section"]


def test_a_numbered_item_in_bold_aligns_to_its_own_number_not_a_later_sub_number():
    # pool/hdnd/VanBanGoc_QĐ_01.2025.txt: "**1.** Đối với những dự án ..." in Điều 3, and "2.1. Đối với
    # ..." in the appendix; "1. Đối với" used to match the end of "2.1." and the alignment failed (E005).
    from vnadmin_nlp.io.standoff import align_text, join_segments

    source = ("Điều 3. Xử lý chuyển tiếp\n\n**1.** Đối với những dự án đã phê duyệt\n\nPhụ lục\n\n"
              "2.1. Đối với nhà ở riêng lẻ\n")
    segments = align_text(source, "1. Đối với những dự án đã phê duyệt", 20)
    assert join_segments(source, segments) == "1. Đối với những dự án đã phê duyệt"
    assert segments[-1][1] < source.index("Phụ lục")



@pytest.mark.parametrize("pool_file, around, text", [
    # hdnd/VanBanGoc_70.2024.txt (a converted decision): its appendix rows of bodies are in bold,
    # the reader's text is without the marks, and the same row comes again unbolded further on.
    ("hdnd/VanBanGoc_70.2024.txt", "| **6** | **Sở Y tế** |", "| 6 | Sở Y tế |"),
    # news/21470284.txt (an essay): the reader's text keeps "nghiên cứu." without the note number
    # (the references become footnotes); "cứu." comes again in a later sentence.
    ("news/21470284.txt", "các nước nghiên cứu [1].", "các nước nghiên cứu."),
    # hdnd/VanBanGoc_QĐ_18.2025.txt: a header's date underlined in HTML; the same date comes again
    # in a preamble clause further on.
    ("hdnd/VanBanGoc_QĐ_18.2025.txt", "ngày <u>28</u> tháng <u>02</u> năm 2025", "ngày 28 tháng 02 năm 2025"),
    # hdnd/quy_dinh_giet_mo_test.txt: a footnote marker after the last word; "thú y." comes
    # again at the end of an article further on.
    ("hdnd/quy_dinh_giet_mo_test.txt", "vệ sinh thú y¹.", "vệ sinh thú y."),
])
def test_text_the_reader_took_marks_off_aligns_at_its_own_place(pool_file, around, text):
    path = default_corpus_root() / "pool" / pool_file
    if not path.exists():
        pytest.skip("the pool corpus is not beside the repository")
    source = path.read_text(encoding="utf-8")
    start = source.index(around)
    segments = align_text(source, text, max(0, start - 40))
    assert join_segments(source, segments) == text
    assert start <= segments[0][0] and segments[-1][1] <= start + len(around)
