"""The gold format validator: every committed file passes, every kind of error is named with file and line."""

import json

import pytest

from vnadmin_nlp.errors import GoldFormatError
from vnadmin_nlp.io.jsonl import read_gold, validate_file

from .conftest import GOLD_DIR

GOOD = {"id": "doc-1", "source": "x.txt", "title": "KẾT LUẬN",
        "paragraphs": [{"text": "Ban Thường vụ Tỉnh ủy kết luận ngày 03/6/2013.", "label": "other",
                        "section": "", "entities": [[0, 21, "ORG"], [31, 45, "DATE", "2013-06-03"]]}],
        "footnotes": []}


def write(tmp_path, *records, raw=None):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records] if raw is None else raw
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bad(tmp_path, **para_changes):
    record = json.loads(json.dumps(GOOD))
    record["paragraphs"][0].update(para_changes)
    errors = validate_file(write(tmp_path, GOOD | {"id": "ok"}, record))
    assert errors, para_changes
    assert all(e.line_no == 2 and str(e.path).endswith("gold.jsonl") for e in errors)
    return " | ".join(e.reason for e in errors)


def test_committed_gold_is_valid():
    files = sorted(GOLD_DIR.glob("*.jsonl"))
    assert len(files) >= 4
    for path in files:
        assert validate_file(path) == [], path


def test_good_record_passes(tmp_path):
    assert validate_file(write(tmp_path, GOOD)) == []


def test_offsets_that_do_not_slice(tmp_path):
    assert "do not slice" in bad(tmp_path, entities=[[40, 99, "ORG"]])


def test_span_with_surrounding_space_or_punctuation(tmp_path):
    assert "starts or ends with space or punctuation" in bad(tmp_path, entities=[[0, 22, "ORG"]])
    assert "starts or ends" in bad(tmp_path, entities=[[31, 46, "DATE"]])


def test_span_cutting_a_word(tmp_path):
    assert "cuts a word" in bad(tmp_path, entities=[[0, 2, "ORG"]])


def test_unknown_labels(tmp_path):
    assert "unknown label 'GPE'" in bad(tmp_path, entities=[[0, 21, "GPE"]])
    assert "unknown label 'results'" in bad(tmp_path, label="results")
    assert "has no 'label'" in bad(tmp_path, label=None)


def test_overlapping_spans(tmp_path):
    assert "overlap" in bad(tmp_path, entities=[[0, 21, "ORG"], [14, 21, "ORG"]])


def test_bad_date_value(tmp_path):
    assert "not a normalized date" in bad(tmp_path, entities=[[31, 45, "DATE", "03/6/2013"]])


def test_not_nfc(tmp_path):
    import unicodedata
    assert "NFC" in bad(tmp_path, text=unicodedata.normalize("NFD", GOOD["paragraphs"][0]["text"]),
                        entities=[])


def test_invalid_json_names_file_and_line(tmp_path):
    path = write(tmp_path, raw=[json.dumps(GOOD), "{not json"])
    errors = validate_file(path)
    assert len(errors) == 1 and errors[0].line_no == 2 and "invalid JSON" in errors[0].reason
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:2: invalid JSON"):
        read_gold([path])


def test_repeated_id(tmp_path):
    errors = validate_file(write(tmp_path, GOOD, GOOD))
    assert [e.line_no for e in errors] == [2] and "repeats line 1" in errors[0].reason
