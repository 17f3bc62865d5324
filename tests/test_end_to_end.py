"""scripts/end_to_end.py: scoring what analyze() gives from a source file against the gold."""

import json
from pathlib import Path

from scripts.end_to_end import match_in_order, match_paragraph, score_document

from .conftest import seed_path

REPO = Path(__file__).resolve().parent.parent


def test_a_gold_paragraph_is_matched_to_the_reader_paragraph_that_holds_its_start():
    reader = ["Ban Thường vụ Tỉnh ủy kết luận như sau:",
              "1. Về kết quả đạt được: Công tác lãnh đạo, chỉ đạo được tăng cường, đạt nhiều kết quả",
              "Tuy nhiên, còn một số hạn chế."]
    assert match_paragraph(reader, "1. Về kết quả đạt được: Công tác lãnh đạo, chỉ đạo được tăng cường") == 1
    # the reader cut the gold paragraph after its first line: the piece that begins it matches
    assert match_paragraph(reader, "Tuy nhiên, còn một số hạn chế. Nguyên nhân chủ yếu là ...") == 2
    assert match_paragraph(reader, "Một đoạn mà người đọc không đưa ra.") is None


def test_a_seed_read_from_its_file_scores_against_its_gold():
    import vnadmin_nlp

    record = json.loads((REPO / "data" / "annotated" / "seed-000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    row = score_document(record, vnadmin_nlp.analyze(seed_path("000")))
    labelled = [p for p in record["paragraphs"] if p.get("label")]
    assert row["paragraphs"] == len(labelled)
    # the seeds are blank-line separated: the reader gives every gold paragraph
    assert row["matched"] == row["paragraphs"]
    assert 0 < row["correct"] <= row["paragraphs"]
    assert [gold for gold, _pred in row["pairs"]] == [p["label"] for p in labelled]
    assert row["gold_ents"][("ORG", "Ban Thường vụ Tỉnh ủy")] > 0
    assert sum((row["gold_ents"] & row["pred_ents"]).values()) > 0.5 * sum(row["gold_ents"].values())


def test_a_recurring_text_is_matched_at_its_own_place_in_reading_order():
    # A form in an appendix repeats the document's motto: its gold paragraph is the second one.
    reader = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Điều 1. Quyết định này có hiệu lực từ ngày ký.",
              "Phụ lục", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "1. Họ và tên:......"]
    gold = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Điều 1. Quyết định này có hiệu lực từ ngày ký.",
            "Phụ lục", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "1. Họ và tên:......", "Một đoạn không có."]
    assert match_in_order(reader, gold) == [0, 1, 2, 3, 4, None]
    assert match_paragraph(reader, gold[3]) == 0  # alone, the first occurrence
