"""What a user of the command line sees on bad input: one clear line naming the path, the right exit
code, never a traceback; and a summary that names every file written and marks cut text.

Commands run through ``main()``, the console script's entry point, so that the error handling a
user gets (``error: ...``, exit code 2) is the one tested.
"""

import json
import sys
from pathlib import Path

import pytest

import vnadmin_nlp
from vnadmin_nlp.io.readers import reader_suffixes
from vnadmin_nlp.cli import main

EXAMPLE = Path(vnadmin_nlp.__file__).parent / "examples" / "ket-luan-btv-tinh-uy-bac-giang.txt"


@pytest.fixture
def vnadmin(monkeypatch, capsys, rule_nlp):
    """Run ``vnadmin ARGS...`` in this process; return ``(exit code, stdout, stderr)``.

    The rule pipeline stands in for the trained model (what is tested is the command line, and
    loading the model would cost seconds per call).
    """
    import vnadmin_nlp.pipeline

    monkeypatch.setattr(vnadmin_nlp.pipeline, "load", lambda *args, **kwargs: rule_nlp)

    def run(*args):
        monkeypatch.setattr(sys, "argv", ["vnadmin", *map(str, args)])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        code = exit_info.value.code
        return (0 if code is None else code), out, err

    return run


# ---------------------------------------------------------------- annotate
def test_annotate_into_an_existing_folder_is_a_clear_error(vnadmin, tmp_path):
    code, out, err = vnadmin("annotate", EXAMPLE, "-o", tmp_path)
    assert code == 2
    assert f"{tmp_path}: is a folder" in err and f"-o {tmp_path / 'annotations.jsonl'}" in err
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_annotate_output_under_a_file_is_a_clear_error(vnadmin, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, out, err = vnadmin("annotate", EXAMPLE, "-o", tmp_path / "afile" / "out.jsonl")
    assert code == 2 and f"{tmp_path / 'afile'} is a file" in err


def test_annotate_a_folder_without_documents_fails_naming_it(vnadmin, tmp_path):
    folder = tmp_path / "incoming"
    (folder / ".hidden").mkdir(parents=True)
    (folder / "notes.odt").write_text("not a supported kind")
    (folder / ".hidden" / "x.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = vnadmin("annotate", folder)
    assert code == 1
    assert f"{folder}: no document in this folder" in err
    assert all(suffix in err for suffix in reader_suffixes())
    assert "1 input(s): 0 annotated, 0 already done, 1 failed" in err


def test_summary_names_the_errors_file_only_when_one_is_written(vnadmin, tmp_path):
    missing = tmp_path / "missing.txt"
    code, out, err = vnadmin("annotate", EXAMPLE, missing)
    assert code == 1 and f"{missing}: no such file" in err
    assert "failed (1):" in err and "errors file" not in err and "listed in" not in err

    out_path = tmp_path / "out.jsonl"
    code, out, err = vnadmin("annotate", EXAMPLE, missing, "-o", out_path, "-q")
    errors_path = tmp_path / "out.jsonl.errors.jsonl"
    assert code == 1 and f"failed (1), listed in {errors_path}:" in err
    assert json.loads(errors_path.read_text())["path"] == str(missing)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "labelstudio"])
def test_summary_names_every_file_written(vnadmin, tmp_path, fmt):
    out_dir = tmp_path / "out"
    code, out, err = vnadmin("annotate", EXAMPLE, "-o", out_dir / "annotations.x", "-f", fmt, "-q")
    assert code == 0, err
    written = sorted(out_dir.iterdir())
    assert len(written) == {"jsonl": 2, "csv": 3, "labelstudio": 4}[fmt]
    summary = err[err.index("files written:"):]
    for path in written:
        assert f"  {path} (" in summary, path
    if fmt == "labelstudio":
        assert "annotations.label_config.xml (Label Studio labelling config" in summary


def test_readable_summary_marks_cut_titles_and_sections(vnadmin, rule_nlp):
    record = vnadmin_nlp.analyze(EXAMPLE, nlp=rule_nlp).to_record()
    code, out, err = vnadmin("annotate", EXAMPLE)
    assert code == 0
    lines = out.splitlines()
    title = " ".join(record["title"].split())
    assert len(title) > 100 and lines[0] == f"# {EXAMPLE.name}: {title[:100]}…"
    long_section = next(p["section"] for p in record["paragraphs"] if len(p["section"]) > 90)
    assert f"     section: …{' '.join(long_section.split())[-90:]}" in lines
    for line in lines:
        if line.startswith("     section: ") and not line.startswith("     section: …"):
            assert len(line) - len("     section: ") <= 90


def test_a_batch_keeps_going_past_missing_empty_and_broken_files(vnadmin, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.docx").write_text("not a Word file")
    out_path = tmp_path / "out.jsonl"
    code, out, err = vnadmin("annotate", tmp_path / "missing.txt", tmp_path / "empty.txt",
                             tmp_path / "broken.docx", EXAMPLE, "-o", out_path, "-q")
    assert code == 1
    assert "4 input(s): 1 annotated, 0 already done, 3 failed" in err
    assert len(out_path.read_text().splitlines()) == 1


# ---------------------------------------------------------------- import-labelstudio
def test_import_labelstudio_bad_inputs(vnadmin, tmp_path):
    code, out, err = vnadmin("import-labelstudio", tmp_path / "nope.json", "-o", tmp_path / "g.jsonl")
    assert code == 2 and f"{tmp_path / 'nope.json'}: cannot be read" in err
    (tmp_path / "empty.json").write_text("")
    code, out, err = vnadmin("import-labelstudio", tmp_path / "empty.json", "-o", tmp_path / "g.jsonl")
    assert code == 2 and f"{tmp_path / 'empty.json'}:0: the file is empty" in err
    (tmp_path / "cut.json").write_text('[{"data": {"text": "x"}}')
    code, out, err = vnadmin("import-labelstudio", tmp_path / "cut.json", "-o", tmp_path / "g.jsonl")
    assert code == 2 and f"{tmp_path / 'cut.json'}:1: invalid JSON" in err
    code, out, err = vnadmin("import-labelstudio", tmp_path / "cut.json", "-o", tmp_path)
    assert code == 2 and f"{tmp_path}: is a folder" in err


# ---------------------------------------------------------------- finetune, export-dataset
def _gold_line(**changes) -> str:
    """The first gold document of the example (seed 000) as one JSONL line, with ``changes``."""
    gold = Path(__file__).resolve().parent.parent / "data" / "annotated" / "seed-000.jsonl"
    record = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    record.update(changes)
    return json.dumps(record, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("command", [["finetune"], ["export-dataset"]])
def test_gold_input_errors_name_file_and_line(vnadmin, tmp_path, command):
    out = tmp_path / "out"
    code, _, err = vnadmin(*command, tmp_path / "nope.jsonl", "-o", out)
    assert code == 2 and str(tmp_path / "nope.jsonl") in err
    (tmp_path / "empty.jsonl").write_text("")
    code, _, err = vnadmin(*command, tmp_path / "empty.jsonl", "-o", out)
    assert code == 2 and f"{tmp_path / 'empty.jsonl'}:0: the file holds no documents" in err
    bad = json.loads(_gold_line())
    bad["paragraphs"][3]["entities"] = [[0, 10_000, "ORG"]]
    (tmp_path / "bad.jsonl").write_text(_gold_line(id="ok") + json.dumps(bad, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    code, _, err = vnadmin(*command, tmp_path / "bad.jsonl", "-o", out)
    assert code == 2 and f"{tmp_path / 'bad.jsonl'}:2: paragraph 3, entity 0" in err
    assert "do not slice" in err
    assert not out.exists()


def test_finetune_refuses_an_output_it_would_wreck(vnadmin, tmp_path):
    (tmp_path / "new.jsonl").write_text(_gold_line(id="new-1"), encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    code, _, err = vnadmin("finetune", tmp_path / "new.jsonl", "-o", tmp_path / "afile")
    assert code == 2 and f"{tmp_path / 'afile'}: is a file" in err
    # A folder of other files would be replaced as a whole by the trained pipeline.
    code, _, err = vnadmin("finetune", tmp_path / "new.jsonl", "-o", tmp_path)
    assert code == 2 and f"{tmp_path}: a folder that holds files but no pipeline" in err
    assert (tmp_path / "afile").read_text() == "x"


def test_finetune_transformer_unknown_task_is_a_usage_error(vnadmin, tmp_path):
    code, _, err = vnadmin("finetune-transformer", "--model", tmp_path, "--task", "foo", "-o", tmp_path / "m")
    assert code == 2 and "'foo' is not one of paragraphs, entities" in err


def test_an_unexpected_error_is_one_line_not_a_traceback(vnadmin, monkeypatch, tmp_path):
    # A bug of ours (here: the reader failing in a way it never should) must still reach the
    # user as one line with exit code 1; VNADMIN_DEBUG=1 shows the traceback.
    import vnadmin_nlp.cli

    def broken(*args, **kwargs):
        raise RuntimeError("set_ents refused token 14")

    monkeypatch.delenv("VNADMIN_DEBUG", raising=False)
    monkeypatch.setattr(vnadmin_nlp.cli, "app", broken)
    code, _out, err = vnadmin("validate", tmp_path)
    assert code == 1
    assert err.strip().splitlines() == [
        "error: unexpected RuntimeError: set_ents refused token 14 (this is a bug in vnadmin-nlp; "
        "set VNADMIN_DEBUG=1 to see where it happened, and report it)"]
    monkeypatch.setenv("VNADMIN_DEBUG", "1")
    with pytest.raises(RuntimeError):
        vnadmin_nlp.cli.main()


def test_propose_gold_names_a_file_it_cannot_propose_and_goes_on(tmp_path):
    # scripts/propose_gold.py (the annotators' first step): an empty file is named on one line,
    # without a traceback, the next file is still proposed, and the exit code says one failed
    import subprocess

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    good = tmp_path / "qd.txt"
    good.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    script = Path(__file__).resolve().parent.parent / "scripts" / "propose_gold.py"
    run = subprocess.run([sys.executable, str(script), str(empty), str(good), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{empty}: not proposed" in run.stderr and "the file is empty" in run.stderr
    assert "Traceback" not in run.stderr
    assert [p.name for p in out.iterdir()] == ["seed-qd.txt.jsonl"]


def test_propose_gold_proposes_the_pipelines_output_or_the_rules_alone(tmp_path):
    # The annotators correct the shipped pipeline's output; --rules keeps the rules' proposal.
    # Both are valid gold files over the same reader paragraphs; only the pipeline marks places.
    import json
    import subprocess

    script = Path(__file__).resolve().parent.parent / "scripts" / "propose_gold.py"
    records = {}
    for name, extra in (("pipeline", []), ("rules", ["--rules"])):
        out = tmp_path / name
        run = subprocess.run([sys.executable, str(script), str(EXAMPLE), "-o", str(out), *extra],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        [path] = out.iterdir()
        check = subprocess.run([sys.executable, "-m", "vnadmin_nlp.cli", "validate", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        records[name] = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    texts = {name: [p["text"] for p in r["paragraphs"]] for name, r in records.items()}
    assert texts["pipeline"] == texts["rules"]
    labels = {name: {e[2] for p in r["paragraphs"] for e in p["entities"]} for name, r in records.items()}
    assert "LOC" in labels["pipeline"] and "LOC" not in labels["rules"]
