"""Fine-tuning: bad data rejected with file and line before training; new names and phrasings learned."""

import json

import pytest

from vnadmin_nlp.errors import GoldFormatError
from vnadmin_nlp.finetune import finetune, load_new_data, split_held_out
from vnadmin_nlp.pipeline import SHIPPED_MODEL

from .conftest import GOLD_DIR

NEW_ORG = "Hợp tác xã Nông nghiệp Tân Tiến"  # a kind of body absent from the gold data
# A phrasing of shortcomings that the seed documents never use.
OPENERS = ["Điểm nghẽn lớn nhất là", "Điểm nghẽn kéo dài là", "Điểm nghẽn đáng lo ngại là",
           "Điểm nghẽn dai dẳng là"]
TOPICS = ["tiến độ giải phóng mặt bằng các dự án lưới điện", "việc cấp điện cho các cụm công nghiệp",
          "thủ tục đầu tư các công trình nguồn điện", "nguồn vốn cho chương trình điện nông thôn",
          "công tác phối hợp kiểm tra an toàn điện", "việc đền bù hành lang tuyến đường dây"]


def _paragraph(opener: str, topic: str) -> dict:
    # No cue word of the genre ("chưa", "hạn chế" ...): only "Điểm nghẽn" says it is a limitation.
    text = f"{opener} {topic}, phần việc của {NEW_ORG} bị dồn lại."
    start = text.index(NEW_ORG)
    return {"text": text, "label": "limitation", "section": "II. ĐÁNH GIÁ CHUNG",
            "entities": [[start, start + len(NEW_ORG), "ORG"]]}


def _document(doc_id: str, pairs) -> dict:
    return {"id": doc_id, "title": "", "paragraphs": [_paragraph(o, t) for o, t in pairs], "footnotes": []}


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_bad_offsets_are_rejected_with_file_and_line_before_training(tmp_path, rule_nlp):
    good = _document("new-1", [(OPENERS[0], TOPICS[0])])
    bad = _document("new-2", [(OPENERS[1], TOPICS[1])])
    bad["paragraphs"][0]["entities"] = [[5, 999, "ORG"]]
    path = _write(tmp_path / "new.jsonl", [good, bad])
    with pytest.raises(GoldFormatError) as err:
        load_new_data([path], rule_nlp)
    assert f"{path}:2" in str(err.value) and "do not slice" in str(err.value)


def test_unknown_label_is_rejected(tmp_path, rule_nlp):
    doc = _document("new-1", [(OPENERS[0], TOPICS[0])])
    doc["paragraphs"][0]["label"] = "recommendation"
    path = _write(tmp_path / "new.jsonl", [doc])
    with pytest.raises(GoldFormatError, match=r"new.jsonl:1: .*unknown label 'recommendation'"):
        load_new_data([path], rule_nlp)


def test_held_out_split_keeps_documents_whole():
    docs = [_document(f"d{i}", [(OPENERS[0], TOPICS[i])]) for i in range(4)]
    train, held = split_held_out(docs)
    assert [d["id"] for d in held] == ["d3"] and len(train) == 3
    [one_train], [one_held] = split_held_out([_document("x", [(o, TOPICS[0]) for o in OPENERS])])
    assert len(one_train["paragraphs"]) == 3 and len(one_held["paragraphs"]) == 1


@pytest.mark.slow
@pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").exists(), reason="no shipped model")
def test_finetune_learns_a_new_org_and_a_new_phrasing(tmp_path):
    train_docs = [_document(f"new-{i}", [(OPENERS[i % 3], t) for t in TOPICS[i:i + 3]]) for i in range(3)]
    held = _document("new-held", [(OPENERS[3], TOPICS[5]), (OPENERS[3], TOPICS[0])])
    path = _write(tmp_path / "new.jsonl", train_docs + [held])
    report = finetune([path], tmp_path / "tuned", gold=[GOLD_DIR / "seed-000.jsonl"], max_epochs=4)
    assert report["held_out"] == ["new-held"]
    before, after = report["before"], report["after"]
    assert after["entities"]["ORG"]["r"] == 1.0 > before["entities"]["ORG"]["r"]
    assert after["paragraphs"]["accuracy"] == 1.0 > before["paragraphs"]["accuracy"]
    assert (tmp_path / "tuned" / "finetune_report.json").exists()
