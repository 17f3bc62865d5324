"""The paragraph classifier component: fitting, section context, held-out accuracy, serialization."""

import pytest
import spacy

from vnadmin_nlp.baselines import MajorityLabel
from vnadmin_nlp.components.paragraph_classifier import ParagraphClassifier, paragraph_features
from vnadmin_nlp.labels import PARAGRAPH_LABELS


def _paragraphs(records):
    return [p for r in records for p in r["paragraphs"] if p.get("label")]


@pytest.fixture(scope="module")
def seeds(gold_records):
    seeds = [r for r in gold_records if r["id"].startswith("seed-")]
    if len(seeds) < 4:
        pytest.skip("needs the four seed gold files")
    return seeds


def test_features_fold_numbers_and_markers_and_use_nearest_heading():
    feats = paragraph_features("2. Năm 2023, toàn tỉnh đã hoàn thành", "Phần I > IV- HẠN CHẾ, NGUYÊN NHÂN")
    assert feats["text"].startswith("năm 0, toàn tỉnh")
    assert feats["heading"] == "hạn chế, nguyên nhân"
    assert paragraph_features("x", "")["heading"] == "loại khác"
    ket_luan = paragraph_features("x", "", "kết luận")
    assert ket_luan["heading"] == "loại kết luận" and "doctype_kết_luận" in ket_luan["cues"].split()


def test_held_out_document_beats_majority_label(seeds):
    train, test = seeds[:3], seeds[3]
    paras = _paragraphs(train)
    clf = ParagraphClassifier(None).fit([p["text"] for p in paras], [p["section"] for p in paras],
                                        [p["label"] for p in paras])
    test_paras = _paragraphs([test])
    probs = clf.predict_proba([p["text"] for p in test_paras], [p["section"] for p in test_paras])
    predicted = [max(c, key=c.get) for c in probs]
    accuracy = sum(p == g["label"] for p, g in zip(predicted, test_paras)) / len(test_paras)
    majority = MajorityLabel(train).label
    majority_accuracy = sum(g["label"] == majority for g in test_paras) / len(test_paras)
    assert accuracy > majority_accuracy + 0.15
    assert all(set(c) == set(PARAGRAPH_LABELS) and abs(sum(c.values()) - 1) < 1e-6 for c in probs)


def test_section_changes_the_label(seeds):
    paras = _paragraphs(seeds)
    clf = ParagraphClassifier(None).fit([p["text"] for p in paras], [p["section"] for p in paras],
                                        [p["label"] for p in paras])
    text = "Công tác phối hợp giữa các cơ quan trong việc triển khai chương trình."
    [as_limitation] = clf.predict_proba([text], ["II- HẠN CHẾ, KHUYẾT ĐIỂM"])
    [as_task] = clf.predict_proba([text], ["III- NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI"])
    assert as_limitation["limitation"] > as_task["limitation"]
    assert as_task["task"] > as_limitation["task"]


def test_component_round_trips_through_disk_and_bytes(seeds, tmp_path):
    nlp = spacy.blank("xx")
    clf = nlp.add_pipe("vnadmin_paragraph_classifier")
    paras = _paragraphs(seeds)
    clf.fit([p["text"] for p in paras], [p["section"] for p in paras], [p["label"] for p in paras])
    doc = nlp.make_doc(paras[5]["text"])
    doc._.section = paras[5]["section"]
    expected = clf(doc).cats
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    doc2 = loaded.make_doc(paras[5]["text"])
    doc2._.section = paras[5]["section"]
    assert loaded("x") is not None
    assert loaded.get_pipe("vnadmin_paragraph_classifier")(doc2).cats == pytest.approx(expected)
    again = ParagraphClassifier(None).from_bytes(clf.to_bytes())
    assert again.predict_proba([doc.text], [doc._.section])[0] == pytest.approx(expected)


def test_unfitted_classifier_says_so():
    with pytest.raises(ValueError, match="not fitted"):
        ParagraphClassifier(None).predict_proba(["a"], [""])
