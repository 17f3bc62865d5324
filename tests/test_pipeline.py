"""load(), analyze(), the CLI, and the rule scores on the gold seeds."""

import json

from typer.testing import CliRunner

import vnadmin_nlp
from vnadmin_nlp.cli import app
from vnadmin_nlp.evaluate import evaluate_records
from vnadmin_nlp.io.jsonl import validate_file

from .conftest import GOLD_DIR, seed_path

runner = CliRunner()


def test_load_gives_a_spacy_pipeline_with_our_components():
    nlp = vnadmin_nlp.load()
    for name in ["vnadmin_doc_numbers", "vnadmin_dates"]:
        assert name in nlp.pipe_names
    doc = nlp("Thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng")
    found = {(e.text, e.label_, e._.value) for e in doc.ents}
    assert ("25-NQ/TW", "DOC_NUMBER", ("25", None, "NQ", "TW", "resolution", "party")) in found
    assert ("ngày 03/6/2013", "DATE", "2013-06-03") in found


def test_analyze_a_seed_document(rule_nlp):
    result = vnadmin_nlp.analyze(seed_path("001"), nlp=rule_nlp)
    assert result.title.startswith("BÁO CÁO")
    assert len(result.footnotes) == 38
    header = result.paragraphs[3]
    assert [(e.text, e.label, e.value) for e in header.entities] == [
        ("ngày 29 tháng 8 năm 2023", "DATE", "2023-08-29")]
    record = result.to_record()
    assert record["paragraphs"][1]["entities"] == [[3, 12, "DOC_NUMBER", {
        "number": "442", "year": None, "type": "BC", "issuer": "TU", "kind": "report", "family": "party"}]]
    assert all(p["label"] for p in record["paragraphs"])


def test_cli_annotate_writes_valid_jsonl(tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(seed_path("003")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert validate_file(out) == []
    record = json.loads(out.read_text(encoding="utf-8"))
    texts = [p["text"] for p in record["paragraphs"]]
    assert any("Quyết định 218" in t for t in texts)


def test_cli_annotate_prints_entities_and_labels_and_reports_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["annotate", str(seed_path("000")), str(empty)])
    assert result.exit_code == 1
    assert "DOC_NUMBER 124-KH/TU" in result.output
    assert "empty.txt: the file is empty" in result.output


def test_cli_validate_and_its_errors(tmp_path):
    result = runner.invoke(app, ["validate", str(GOLD_DIR)])
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "paragraphs": [{"text": "UBND tỉnh", "label": "other", '
                      '"entities": [[0, 40, "ORG"]]}]}\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "broken.jsonl:1:" in result.output and "do not slice" in result.output


def test_cli_evaluate_refuses_config_overrides_without_cv():
    # Without --cv nothing is trained: the overrides would be ignored without a word.
    result = runner.invoke(app, ["evaluate", str(GOLD_DIR), "--set", "system.seed=1"])
    assert result.exit_code == 2
    assert "--config and --set apply to --cv" in result.output


def test_rules_meet_the_targets_on_the_gold_seeds(rule_nlp, gold_records):
    seeds = [r for r in gold_records if r["id"].startswith("seed-")]
    assert len(seeds) == 4
    scores = evaluate_records(rule_nlp, seeds)
    assert scores["entities"]["DOC_NUMBER"]["f"] >= 0.97
    assert scores["entities"]["DATE"]["f"] >= 0.97
    assert scores["date_value_accuracy"] >= 0.97
