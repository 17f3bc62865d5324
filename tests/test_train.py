"""Training with spaCy's loop, folds by document, and the shipped pipeline."""

import json

import pytest
import spacy

from vnadmin_nlp.pipeline import SHIPPED_MODEL, load
from vnadmin_nlp.train import (TrainingError, document_folds, doc_group, load_training_config, parse_overrides,
                               section_prefixed, train_pipeline)

from .conftest import seed_path


def test_folds_keep_documents_whole_and_cover_each_once():
    records = [{"id": f"d{i}"} for i in range(19)]
    for k in (None, 5):
        folds = document_folds(records, k)
        held = [i for fold in folds for i in fold]
        assert sorted(held) == list(range(19))
        assert len(folds) == (19 if k is None else 5)


def test_groups_and_textcat_input():
    assert doc_group({"id": "seed-000"}) == "Party"
    assert doc_group({"id": "extra-qd12", "group": "State"}) == "State"
    [record] = section_prefixed([{"id": "x", "paragraphs": [
        {"text": "Tiếp tục đẩy mạnh", "label": "task", "section": "A > III. NHIỆM VỤ", "entities": []}]}])
    assert record["paragraphs"][0]["text"] == "III. NHIỆM VỤ | Tiếp tục đẩy mạnh"
    [record] = section_prefixed([{"id": "x", "title": "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY", "paragraphs": [
        {"text": "Tiếp tục đẩy mạnh", "label": "task", "section": "", "entities": []}]}])
    assert record["paragraphs"][0]["text"] == "kết luận | Tiếp tục đẩy mạnh"


@pytest.mark.parametrize("title, kind", [
    ("KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về kết quả", "kết luận"),
    ("Quyết định ban hành mức trợ giúp", "quyết định"),
    ("V/v hướng dẫn thực hiện Luật Hải quan", "công văn"),
    ("", ""),
    ("Về việc sắp xếp thôn, tổ dân phố", ""),
])
def test_document_type_from_title(title, kind):
    from vnadmin_nlp.io.document import document_type

    assert document_type(title) == kind


def test_config_overrides_from_the_command_line():
    overrides = parse_overrides(["components.ner.model.tok2vec.width=24", "system.seed=3",
                                 "components.vnadmin_paragraph_classifier.class_weight=balanced"])
    assert overrides == {"components.ner.model.tok2vec.width": 24, "system.seed": 3,
                         "components.vnadmin_paragraph_classifier.class_weight": "balanced"}
    config = load_training_config(None, overrides)
    assert config["components"]["ner"]["model"]["tok2vec"]["width"] == 24
    assert config["system"]["seed"] == 3
    with pytest.raises(TrainingError, match="SECTION.KEY=VALUE"):
        parse_overrides(["width40"])
    with pytest.raises(TrainingError, match="components.nerr"):
        load_training_config(None, parse_overrides(["components.nerr.model.width=40"]))


@pytest.mark.slow
def test_training_is_deterministic_and_gives_the_whole_pipeline(gold_records, tmp_path):
    [seed] = [r for r in gold_records if r["id"] == "seed-000"]
    overrides = {"training.max_epochs": 2}
    first = spacy.load(train_pipeline([seed], tmp_path / "a", overrides=overrides))
    second = spacy.load(train_pipeline([seed], tmp_path / "b", overrides=overrides))
    assert first.pipe_names == ["vnadmin_doc_numbers", "vnadmin_dates", "ner", "vnadmin_rule_guard",
                                "vnadmin_org_rules", "vnadmin_body_ruler", "vnadmin_person_rules",
                                "vnadmin_paragraph_classifier"]
    assert set(first.get_pipe("ner").labels) >= {"ORG", "LOC", "PERSON"}
    # The saved config does not point at the temporary training files.
    assert "vnadmin-data" not in (tmp_path / "a" / "config.cfg").read_text(encoding="utf8")
    # meta.json carries no step-0 "performance" that a reader would take for the model's scores.
    assert "performance" not in json.loads((tmp_path / "a" / "meta.json").read_text(encoding="utf8"))
    text = "Giao Ban Tuyên giáo Tỉnh ủy chủ trì, báo cáo Ban Thường vụ Tỉnh ủy trước ngày 15/12/2024."
    a, b = first(text), second(text)
    assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
    assert a.cats == pytest.approx(b.cats)


@pytest.mark.skipif(not (SHIPPED_MODEL / "config.cfg").exists(), reason="no shipped model")
def test_shipped_pipeline_is_the_default_and_keeps_rule_entities(rule_nlp):
    nlp = load()
    assert "ner" in nlp.pipe_names and "vnadmin_paragraph_classifier" in nlp.pipe_names
    from vnadmin_nlp import analyze

    trained = analyze(seed_path("001"), nlp=nlp)
    rules = analyze(seed_path("001"), nlp=rule_nlp)
    for label in ("DOC_NUMBER", "DATE"):
        got = [(i, e.start, e.end, e.value) for i, p in enumerate(trained.paragraphs) for e in p.entities
               if e.label == label]
        want = [(i, e.start, e.end, e.value) for i, p in enumerate(rules.paragraphs) for e in p.entities
                if e.label == label]
        assert got == want and want
    labels = {p.label for p in trained.paragraphs}
    assert {"result", "limitation", "task"} <= labels
