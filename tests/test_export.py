"""Exports (csv, html, Label Studio) of real annotations, and the Label Studio round trip."""

import copy
import csv
import json

import pytest
from typer.testing import CliRunner

from vnadmin_nlp.batch import HASH_KEY, annotate_files, expand_inputs
from vnadmin_nlp.cli import app
from vnadmin_nlp.errors import GoldFormatError
from vnadmin_nlp.export import (
    csv_rows, from_labelstudio, import_labelstudio, labelstudio_config, render_html, to_labelstudio,
    write_csv, write_labelstudio,
)
from vnadmin_nlp.io.jsonl import validate_file

from .conftest import FIXTURES, seed_path

runner = CliRunner()


@pytest.fixture(scope="module")
def records(rule_nlp):
    """Our own annotations of two seeds, as the batch runner writes them."""
    results = annotate_files(expand_inputs([seed_path("003"), seed_path("000")]), rule_nlp)
    return [r.record for r in results]


def as_annotated(tasks):
    """What Label Studio exports when a person accepts every pre-annotation."""
    tasks = copy.deepcopy(tasks)
    for number, task in enumerate(tasks, start=1):
        task["id"] = number
        task["annotations"] = [{"id": number, "was_cancelled": False,
                                "result": copy.deepcopy(task["predictions"][0]["result"])}]
    return tasks


def without_hash(record):
    return {k: v for k, v in record.items() if k != HASH_KEY}


def test_csv_paragraph_rows_and_entity_rows(records, tmp_path):
    para_csv, ent_csv = tmp_path / "p.csv", tmp_path / "e.csv"
    n_rows = write_csv(records, para_csv)
    n_ents = write_csv(records, ent_csv, entities=True)
    with para_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert n_rows == len(rows) == sum(len(r["paragraphs"]) + len(r["footnotes"]) for r in records)
    first = records[0]
    # Multi-line paragraphs (the recipients list) survive CSV quoting.
    assert [row["text"] for row in rows[: len(first["paragraphs"])]] == [p["text"] for p in first["paragraphs"]]
    assert [row["label"] for row in rows[: len(first["paragraphs"])]] == [p["label"] or "" for p in first["paragraphs"]]
    assert any(row["section"] and row["label"] for row in rows)
    with ent_csv.open(encoding="utf-8-sig", newline="") as handle:
        ents = list(csv.DictReader(handle))
    assert n_ents == len(ents) == sum(len(i["entities"]) for r in records
                                     for i in r["paragraphs"] + r["footnotes"])
    dated = [e for e in ents if e["entity"] == "DATE"]
    assert dated and all(e["value"] for e in dated)
    for row in ents[:20]:
        assert row["text"] and int(row["start"]) < int(row["end"])
    assert csv_rows(records, entities=True)[0]["document"] == first["id"]


def test_html_shows_entities_labels_and_sections(records):
    page = render_html(records)
    assert page.startswith("<!DOCTYPE html>") and page.count("<section class='document'>") == 2
    doc_number = next(p["text"][e[0]:e[1]] for p in records[1]["paragraphs"] for e in p["entities"]
                      if e[2] == "DOC_NUMBER")
    assert doc_number in page and "DOC_NUMBER" in page
    labelled = next(p for p in records[1]["paragraphs"] if p["label"] and p["section"])
    assert f">{labelled['label']}</span>" in page
    assert "3. Tổ chức thực hiện:" in page  # a section of seed 000


def test_labelstudio_round_trip_gives_back_the_records(records, tmp_path):
    tasks_path = tmp_path / "tasks.json"
    config = write_labelstudio(records, tasks_path)
    assert "<Labels name=\"entities\"" in config.read_text() == labelstudio_config()
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    assert len(tasks) == sum(len(r["paragraphs"]) + len(r["footnotes"]) for r in records)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(as_annotated(tasks), ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["import-labelstudio", str(export), "-o", str(gold)])
    assert result.exit_code == 0, result.output
    assert validate_file(gold) == []
    back = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert back == [without_hash(r) for r in records]


def test_labelstudio_corrections_come_back(records):
    tasks = as_annotated(to_labelstudio(records[:1]))
    # A person relabels one paragraph, deletes one entity and marks a new DATE.
    target = next(t for t in tasks if any(r["type"] == "labels" for r in t["annotations"][0]["result"]))
    result = target["annotations"][0]["result"]
    choice = next(r for r in result if r["type"] == "choices")
    old_label = choice["value"]["choices"][0]
    choice["value"]["choices"] = ["limitation" if old_label != "limitation" else "cause"]
    removed = next(r for r in result if r["type"] == "labels")
    result.remove(removed)
    text = target["data"]["text"] = target["data"]["text"] + " Ngày 15/7/2023."
    start = text.index("15/7/2023")
    result.append({"from_name": "entities", "to_name": "text", "type": "labels",
                   "value": {"start": start, "end": start + 9, "text": "15/7/2023", "labels": ["DATE"]}})
    [record] = from_labelstudio(tasks)
    para = record["paragraphs"][target["data"]["index"]]
    assert para["label"] == choice["value"]["choices"][0]
    assert removed["value"]["start"] not in [e[0] for e in para["entities"] if e[2] == removed["value"]["labels"][0]]
    assert [start, start + 9, "DATE", "2023-07-15"] in para["entities"]


def test_labelstudio_unannotated_tasks_and_bad_regions(records, tmp_path):
    tasks = to_labelstudio(records[:1])
    assert from_labelstudio(tasks) == []  # nobody has read it: not gold
    assert from_labelstudio(tasks, use_predictions=True) == [without_hash(records[0])]
    annotated = as_annotated(tasks)
    region = next(r for t in annotated for r in t["annotations"][0]["result"] if r["type"] == "labels")
    region["value"]["start"] += 1
    export = tmp_path / "bad.json"
    export.write_text(json.dumps(annotated), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="bad.json.*does not match the text"):
        import_labelstudio(export, tmp_path / "gold.jsonl")


def test_import_a_label_studio_export_file():
    """An export as Label Studio writes it (extra fields, a cancelled annotation, two versions)."""
    records = from_labelstudio(json.loads((FIXTURES / "batch" / "labelstudio_export.json").read_text("utf-8")))
    assert len(records) == 1
    record = records[0]
    assert [p["label"] for p in record["paragraphs"]] == ["other", "task"]
    para = record["paragraphs"][1]
    assert [(para["text"][e[0]:e[1]], e[2]) + tuple(e[3:]) for e in para["entities"]] == [
        ("Ủy ban nhân dân tỉnh", "ORG"), ("ngày 30/9/2024", "DATE", "2024-09-30")]


@pytest.mark.parametrize("fmt", ["csv", "html", "labelstudio"])
def test_cli_annotate_exports(fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["annotate", str(seed_path("003")), "-o", str(out), "--format", fmt, "-q"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert "Quyết định 218" in text


def test_export_records_names_every_file_it_writes(records, tmp_path):
    from vnadmin_nlp.export import export_paths, export_records

    for fmt in ("jsonl", "csv", "html", "labelstudio"):
        folder = tmp_path / fmt
        written = export_records(records, folder / "out.x", fmt)
        assert sorted(str(p) for p, _ in written) == sorted(str(p) for p in folder.iterdir())
        assert [p for p, _ in written] == export_paths(folder / "out.x", fmt)
        assert all(what for _, what in written)


def test_import_labelstudio_refuses_a_folder_and_an_empty_export(records, tmp_path):
    from vnadmin_nlp.errors import VnadminError

    export = tmp_path / "export.json"
    export.write_text(json.dumps(as_annotated(to_labelstudio(records[:1])), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(VnadminError, match=f"{tmp_path}: is a folder"):
        import_labelstudio(export, tmp_path)
    export.write_text(" \n")
    with pytest.raises(GoldFormatError, match="export.json:0: the file is empty"):
        import_labelstudio(export, tmp_path / "gold.jsonl")


def as_exported_by_label_studio(tasks, annotated=()):
    """What Label Studio 1.23's plain JSON export (GET /api/projects/ID/export) gives: predictions
    as ids only, and by default only the tasks somebody annotated (``annotated``: their indices)."""
    tasks = as_annotated(tasks)
    for number, task in enumerate(tasks, start=1):
        task["predictions"] = [number]
    return [t for n, t in enumerate(tasks) if n in annotated]


def test_labelstudio_export_without_some_tasks_leaves_the_document_out(records, caplog):
    tasks = to_labelstudio(records[:1])
    assert len(tasks) > 2 and all(t["data"]["count"] == len(records[0]["paragraphs"]) for t in tasks
                                  if t["data"]["part"] == "paragraph")
    # Label Studio's default export: only the two annotated tasks, not a two-paragraph document.
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        assert from_labelstudio(as_exported_by_label_studio(tasks, annotated=(0, 1))) == []
    assert f"{len(tasks) - 2} task(s) not in the export" in caplog.text
    assert "export all tasks" in caplog.text
    # The last paragraphs missing are seen by the count, a gap also in tasks written without it.
    last_missing = as_annotated(tasks)[:-1]
    assert from_labelstudio(last_missing) == []
    old_style = as_annotated(tasks)
    for task in old_style:
        del task["data"]["count"]
    assert from_labelstudio(old_style[:1] + old_style[2:]) == []
    assert from_labelstudio(old_style) == [without_hash(records[0])]


def test_labelstudio_prediction_ids_and_twice_imported_tasks(records, tmp_path):
    tasks = to_labelstudio(records[:1])
    everything = as_exported_by_label_studio(tasks, annotated=range(len(tasks)))
    for task in everything[1:]:
        task["annotations"] = []  # nobody annotated them: --use-predictions needs the predictions' results
    export = tmp_path / "export.json"
    export.write_text(json.dumps(everything, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"export.json:2: task 2: the export holds its predictions' id"):
        import_labelstudio(export, tmp_path / "gold.jsonl", use_predictions=True)
    assert import_labelstudio(export, tmp_path / "gold.jsonl") == []  # without: not gold, as before
    twice = as_annotated(tasks + tasks[:1])
    with pytest.raises(GoldFormatError, match=f"task {len(tasks) + 1}: paragraph 0 of .* is also task 1"):
        from_labelstudio(twice)
