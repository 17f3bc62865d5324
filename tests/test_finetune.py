"""Fine-tuning: bad data rejected with file and line before training; new names and phrasings learned."""

import json

import pytest

from vnadmin_nlp.errors import GoldFormatError, VnadminError
from vnadmin_nlp.finetune import drop_duplicates_of_new, finetune, load_new_data, read_new_data, split_held_out
from vnadmin_nlp.io.jsonl import read_gold
from vnadmin_nlp.pipeline import SHIPPED_MODEL

from .conftest import GOLD_DIR

NEW_ORG = "Tổ hợp tác Nông nghiệp Tân Tiến"  # a kind of body absent from the gold data and the rules
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


def _cut_a_word(nlp, record: dict) -> str:
    """Add to ``record`` an ORG that ends inside a token of ``nlp`` (the tokenizer joins syllables into
    words; an annotator may mark only the first syllable); return the text marked."""
    for para in record["paragraphs"]:
        taken = [(e[0], e[1]) for e in para["entities"]]
        for token in nlp.make_doc(para["text"]):
            end = token.idx + len(token.text)
            if " " in token.text and all(e <= token.idx or s >= end for s, e in taken):
                cut = token.idx + token.text.index(" ")
                para["entities"] = sorted(para["entities"] + [[token.idx, cut, "ORG"]])
                return para["text"][token.idx:cut]
    raise AssertionError("no multi-syllable token found")


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


def test_entities_off_token_boundaries_are_warned_counted_and_left_to_training(tmp_path, rule_nlp, caplog):
    # As `vnadmin train` does: one entity the tokenizer cuts does not abort the run.
    [seed] = read_gold([GOLD_DIR / "seed-000.jsonl"])
    record = dict(seed, id="new-1")
    cut = _cut_a_word(rule_nlp, record)
    path = _write(tmp_path / "new.jsonl", [_document("new-0", [(OPENERS[0], TOPICS[0])]), record])
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        data = read_new_data([path], rule_nlp)
    assert [r["id"] for r in data.records] == ["new-0", "new-1"]
    assert data.misaligned == [f"{path}:2: ORG {cut!r} is not on token boundaries of the base pipeline's "
                               "tokenizer; left out of training"]
    assert data.misaligned[0] in caplog.text
    assert load_new_data([path], rule_nlp) == data.records  # the record is kept as written


def test_new_documents_repeating_the_base_gold_are_warned_and_replace_it(tmp_path, rule_nlp, caplog):
    gold = read_gold([GOLD_DIR / "seed-000.jsonl", GOLD_DIR / "seed-003.jsonl"])
    same_text = dict(gold[0], id="renamed-000")
    same_id = dict(gold[1], title="corrected")
    path = _write(tmp_path / "new.jsonl", [_document("new-0", [(OPENERS[0], TOPICS[0])]), same_text, same_id])
    new = read_new_data([path], rule_nlp)
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        kept, warnings = drop_duplicates_of_new(gold, new)
    assert kept == []
    assert warnings == [
        f"{path}:2: document 'renamed-000' has the same text as base gold document 'seed-000'; "
        "the new version replaces it",
        f"{path}:3: document 'seed-003' is also in the base gold; the new version replaces it"]
    assert all(w in caplog.text for w in warnings)
    assert drop_duplicates_of_new(gold, read_new_data([_write(tmp_path / "other.jsonl", [
        _document("new-0", [(OPENERS[0], TOPICS[0])])])], rule_nlp)) == (gold, [])


def test_held_out_share_and_a_too_short_document_are_clear_errors():
    with pytest.raises(VnadminError, match="between 0 and 1"):
        split_held_out([_document("d", [(OPENERS[0], TOPICS[0])])] * 2, 0)
    with pytest.raises(VnadminError, match=r"one new document \(x\) with 2 paragraph\(s\) is too short"):
        split_held_out([_document("x", [(OPENERS[0], TOPICS[0]), (OPENERS[1], TOPICS[1])])])


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
    from vnadmin_nlp.pipeline import load

    # One entity the tokenizer cuts: warned, left out, counted; training goes on (as `vnadmin train`).
    _cut_a_word(load(SHIPPED_MODEL), train_docs[0])
    path = _write(tmp_path / "new.jsonl", train_docs + [held])
    report = finetune([path], tmp_path / "tuned", gold=[GOLD_DIR / "seed-000.jsonl"], max_epochs=4)
    assert report["held_out"] == ["new-held"]
    assert report["misaligned_entities"] == 1 and report["replaced_gold"] == []
    before, after = report["before"], report["after"]
    assert after["entities"]["ORG"]["r"] == 1.0 > before["entities"]["ORG"]["r"]
    assert after["paragraphs"]["accuracy"] == 1.0 > before["paragraphs"]["accuracy"]
    assert (tmp_path / "tuned" / "finetune_report.json").exists()


def test_cli_reports_entities_left_out_and_gold_replaced(tmp_path, monkeypatch, rule_nlp):
    from typer.testing import CliRunner

    import vnadmin_nlp.finetune
    from vnadmin_nlp.cli import app
    from vnadmin_nlp.evaluate import evaluate_records

    # The command's report, without the training behind it (the slow test above trains).
    scores = evaluate_records(rule_nlp, [_document("new-held", [(OPENERS[3], TOPICS[5])])])
    monkeypatch.setattr(vnadmin_nlp.finetune, "finetune", lambda *a, **k: {
        "held_out": ["new-held"], "before": scores, "after": scores, "misaligned_entities": 2,
        "replaced_gold": ["new.jsonl:1: document 'seed-000' is also in the base gold; ..."]})
    result = CliRunner().invoke(app, ["finetune", "new.jsonl", "-o", str(tmp_path / "tuned")])
    assert result.exit_code == 0, result.output
    assert "2 gold entities of the new data off the tokenizer's boundaries left out of training" in result.output
    assert "1 base gold document(s) replaced by their new version" in result.output
