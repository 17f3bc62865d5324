"""The batch runner: every input accounted for, same result from .docx and .txt, resumable output."""

import io
import json
import os
import random
import re
import unicodedata
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from typer.testing import CliRunner

import vnadmin_nlp
from vnadmin_nlp import batch
from vnadmin_nlp.batch import JsonlAppender, expand_inputs, run_batch
from vnadmin_nlp.cli import app
from vnadmin_nlp.io.jsonl import validate_file

from .conftest import GOLD_DIR as REPO_DATA, SEEDS, seed_path

runner = CliRunner()


# ---------------------------------------------------------------- building inputs
def docx_from_text(text: str, path: Path) -> None:
    """A .docx as an office would type the .txt: one Word paragraph per block, wrapped
    lines as line breaks, ``**bold**`` as bold runs, ``#### x`` as a "Heading 4" paragraph."""
    import docx

    document = docx.Document()
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        if not block.strip():
            continue
        heading = re.match(r"^(#{1,6})\s+", block)
        if heading:
            para = document.add_paragraph(style=f"Heading {len(heading.group(1))}")
            block = block[heading.end():]
        else:
            para = document.add_paragraph()
        pieces = block.split("**") if block.count("**") % 2 == 0 else [block]
        for i, piece in enumerate(pieces):
            if piece:
                para.add_run(piece).bold = i % 2 == 1
    document.save(str(path))


def tiny_pdf(with_text: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_bad_files(folder: Path) -> dict:
    """Ten and more kinds of bad input; name -> a word the error must contain."""
    rng = random.Random(0)
    folder.mkdir(parents=True, exist_ok=True)
    seed_text = seed_path("000").read_text(encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"\n  \n\t\n")
    (folder / "junk.txt").write_bytes(rng.randbytes(4096))
    (folder / "controls.txt").write_bytes(bytes(range(1, 32)) * 60)  # valid UTF-8, still junk
    (folder / "legacy-cp1258.txt").write_bytes(
        unicodedata.normalize("NFD", seed_text[:2000]).encode("cp1258", errors="replace"))
    (folder / "not-a-zip.docx").write_text("KẾT LUẬN\n\nnot a Word file", encoding="utf-8")
    good_docx = folder / "whole.tmpdocx"
    docx_from_text(seed_text[:3000], good_docx)
    data = good_docx.read_bytes()
    good_docx.unlink()
    (folder / "cut-off.docx").write_bytes(data[: len(data) // 2])
    pdf = tiny_pdf()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "scanned.pdf").write_bytes(pdf)  # a PDF without a text layer
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: refused before it is read
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        (folder / "unreadable.txt").write_text(seed_text, encoding="utf-8")
        (folder / "unreadable.txt").chmod(0)
        unreadable = "Permission denied"
    else:  # root reads anything; a link loop is unreadable for everyone
        os.symlink("unreadable-loop.txt", folder / "unreadable.txt")
        os.symlink("unreadable.txt", folder / "unreadable-loop.txt")
        unreadable = "cannot be read"
    os.symlink("nowhere.txt", folder / "dangling-link.txt")
    (folder / "vanished.txt").write_text(seed_text, encoding="utf-8")  # removed after listing
    expected = {
        "empty.txt": "empty", "blank.md": "empty", "junk.txt": "binary", "controls.txt": "binary",
        "legacy-cp1258.txt": "not UTF-8", "not-a-zip.docx": "not a zip", "cut-off.docx": "not a readable .docx",
        "truncated.pdf": "damaged PDF", "scanned.pdf": "no text layer", "huge.txt": "too large",
        "unreadable.txt": unreadable, "dangling-link.txt": "no such file", "vanished.txt": "no such file",
    }
    if unreadable == "cannot be read":
        expected["unreadable-loop.txt"] = "cannot be read"
    return expected


@pytest.fixture
def vanishing(monkeypatch):
    """Make ``vanished.txt`` disappear between listing the folder and reading it."""
    real = batch.expand_inputs

    def listing_then_delete(inputs):
        files = real(inputs)
        for item in files:
            if item.path.name == "vanished.txt" and item.path.exists():
                item.path.unlink()
        return files

    monkeypatch.setattr(batch, "expand_inputs", listing_then_delete)


def records_by_id(path: Path) -> dict:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def content(record: dict) -> dict:
    return {k: record[k] for k in ("title", "paragraphs", "footnotes")}


# ---------------------------------------------------------------- the "done when" check
@pytest.mark.skipif(not SEEDS.exists(), reason="../shared seeds not available")
def test_seeds_docx_versions_and_bad_files_all_accounted_for(tmp_path, vanishing):
    folder = tmp_path / "in"
    expected_bad = make_bad_files(folder / "bad")
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 4
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        (folder / "txt").mkdir(parents=True, exist_ok=True)
        (folder / "txt" / seed.name).write_text(text, encoding="utf-8")
        (folder / "docx").mkdir(exist_ok=True)
        docx_from_text(text, folder / "docx" / (seed.stem + ".docx"))
    (folder / "utf16").mkdir()
    (folder / "utf16" / "003-utf16.txt").write_bytes(seed_path("003").read_text(encoding="utf-8").encode("utf-16"))
    n_inputs = len(expected_bad) + 2 * len(seeds) + 1

    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(folder), "-o", str(out)])
    assert result.exit_code == 1, result.output  # some files failed
    assert f"{n_inputs} input(s): 9 annotated, 0 already done, {len(expected_bad)} failed" in result.output

    # Every bad file: one line in the errors file naming it, with the reason.
    errors = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    assert sorted(Path(e["path"]).name for e in errors) == sorted(expected_bad)
    for err in errors:
        name = Path(err["path"]).name
        assert name in err["error"] and "\n" not in err["error"]
        assert expected_bad[name] in err["error"], err
        assert f"error: {err['error']}" in result.output

    # Annotated + failed = inputs; the output is valid prediction JSONL.
    records = records_by_id(out)
    assert len(records) + len(errors) == n_inputs
    assert validate_file(out, require_labels=False) == []
    for seed in seeds:
        txt, docx_record = records[f"txt/{seed.name}"], records[f"docx/{seed.stem}.docx"]
        assert len(txt["paragraphs"]) > 10
        assert content(docx_record) == content(txt), seed.name
        assert txt["sha256"] != docx_record["sha256"]
    assert content(records["utf16/003-utf16.txt"]) == content(records[f"txt/{seeds[2].name}"])
    # The "#### 5. Tổ chức thực hiện" heading of seed 004 came through the Word heading style.
    seed4 = records[f"docx/{seeds[3].stem}.docx"]
    assert any(p["text"] == "5. Tổ chức thực hiện" for p in seed4["paragraphs"])

    # --resume over a finished run: nothing to do, the same bytes (vanished.txt is gone for good).
    first = out.read_bytes()
    resumed = runner.invoke(app, ["annotate", str(folder), "-o", str(out), "--resume", "-q"])
    assert resumed.exit_code == 1
    assert f"0 annotated, 9 already done, {len(expected_bad) - 1} failed" in resumed.output
    assert out.read_bytes() == first


def test_rerun_and_interrupted_resume_give_identical_output(tmp_path, rule_nlp):
    folder = tmp_path / "in"
    make_bad_files(folder)
    (folder / "vanished.txt").unlink()
    for prefix in ("000", "003"):
        path = seed_path(prefix)
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    docx_from_text(seed_path("003").read_text(encoding="utf-8"), folder / "003.docx")
    files = expand_inputs([folder])

    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = run_batch(files, one, nlp=rule_nlp)
    second = run_batch(files, two, nlp=rule_nlp)
    assert first.annotated == 3 and first.annotated + len(first.failed) == first.inputs == len(files)
    assert second.to_dict()["failed"] == first.to_dict()["failed"]
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / "one.jsonl.errors.jsonl").read_bytes() == (tmp_path / "two.jsonl.errors.jsonl").read_bytes()

    # A run killed while writing its second line: one whole line and a torn one.
    lines = one.read_bytes().splitlines(keepends=True)
    crashed = tmp_path / "crashed.jsonl"
    crashed.write_bytes(lines[0] + lines[1][: len(lines[1]) // 2])
    resumed = run_batch(files, crashed, nlp=rule_nlp, resume=True)
    assert resumed.skipped == 1 and resumed.annotated == 2
    assert crashed.read_bytes() == one.read_bytes()


def test_n_process_gives_the_same_records(tmp_path, rule_nlp):
    files = expand_inputs([seed_path("003"), seed_path("004"), tmp_path / "missing.txt"])
    single, multi = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    run_batch(files, single, nlp=rule_nlp, n_process=1)
    summary = run_batch(files, multi, nlp=rule_nlp, n_process=2, batch_size=8)
    assert summary.annotated == 2 and [f.path for f in summary.failed] == [str(tmp_path / "missing.txt")]
    assert multi.read_bytes() == single.read_bytes()


def test_batch_records_equal_analyze(rule_nlp):
    results = list(batch.annotate_files(expand_inputs([seed_path("001")]), rule_nlp))
    assert len(results) == 1 and results[0].error is None
    record = results[0].record
    expected = vnadmin_nlp.analyze(seed_path("001"), nlp=rule_nlp).to_record()
    assert content(record) == content(expected)
    assert len(record["footnotes"]) == 38 and record["id"] == seed_path("001").name


def test_changed_file_replaces_its_record_on_resume(tmp_path, rule_nlp):
    doc = tmp_path / "a.txt"
    text = seed_path("003").read_text(encoding="utf-8")
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(expand_inputs([doc]), out, nlp=rule_nlp)
    doc.write_text(text.replace("Quyết định 218", "Quyết định 219"), encoding="utf-8")
    summary = run_batch(expand_inputs([doc]), out, nlp=rule_nlp, resume=True)
    assert summary.annotated == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    assert any("Quyết định 219" in p["text"] for p in records[0]["paragraphs"])


def test_expand_inputs_folders_globs_ids(tmp_path):
    (tmp_path / "a" / "sub").mkdir(parents=True)
    for rel in ["a/x.txt", "a/x.docx", "a/sub/y.md", "a/.hidden/z.txt", "a/~$lock.docx", "a/notes.odt", "b/x.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("t")
    files = expand_inputs([tmp_path / "a", str(tmp_path / "b" / "*.txt"), tmp_path / "a" / "x.txt",
                           str(tmp_path / "none" / "*.pdf")])
    assert [f.doc_id for f in files] == ["sub/y.md", "x.docx", "x.txt", "x.txt~2", "*.pdf"]
    assert files[3].path == tmp_path / "b" / "x.txt"
    assert files[4].problem and "no file matches" in files[4].problem
    summary = run_batch(files[4:], None, nlp=spacy.blank("xx"))
    assert summary.failed[0].reason.endswith("*.pdf: no file matches this pattern")


@Language.component("explodes_on_boom")
def _explodes_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("component failure")
    return doc


def test_a_pipeline_failure_costs_only_its_document(tmp_path):
    nlp = spacy.blank("xx")
    nlp.add_pipe("explodes_on_boom")
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("BÁO CÁO\n\nMột đoạn văn bình thường.\n", encoding="utf-8")
    bad.write_text("BÁO CÁO\n\nĐoạn này có BOOM.\n", encoding="utf-8")
    results = list(batch.annotate_files(expand_inputs([good, bad, good.with_name("c.txt")]), nlp))
    assert [r.error is None for r in results] == [True, False, False]
    assert "bad.txt: the pipeline failed (ValueError" in results[1].error
    assert "c.txt: no such file" in results[2].error


def test_appender_writes_whole_lines_only(tmp_path):
    path = tmp_path / "o.jsonl"
    with JsonlAppender(path) as out:
        out.append({"id": "a", "sha256": "1", "text": "x" * 100_000})
    path.write_bytes(path.read_bytes() + b'{"id": "b", "sha')  # torn by a crash
    with JsonlAppender(path, resume=True) as out:
        assert out.done == {"1"}
        out.append({"id": "c", "sha256": "3"})
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == ["a", "c"]


def test_cli_annotate_formats_need_output_and_quiet_exit_zero(tmp_path):
    result = runner.invoke(app, ["annotate", str(seed_path("003")), "--format", "csv"])
    assert result.exit_code != 0 and "--output" in result.output
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["annotate", str(seed_path("003")), "-o", str(out), "-f", "csv", "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("document,source,part,index,section,label")
    assert (tmp_path / "o.csv.records.jsonl").exists()
    assert (tmp_path / "o.csv.errors.jsonl").read_text() == ""


def test_word_document_with_header_table_heading_style_and_footnote(tmp_path, rule_nlp):
    """What offices send: issuer and motto in a table, a "Heading 2", a real Word footnote."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("1. Nhiệm vụ", style="Heading 2")
    para = document.add_paragraph("Thực hiện Nghị quyết số 25-NQ/TW của Tỉnh ủy")
    para.add_run()._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{w}" w:id="1"/>'))
    para.add_run(", hoàn thành trước ngày 30/9/2024.")
    notes = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
             '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Theo Quyết định số 12/QĐ-UBND.'
             '</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(tmp_path / "kh.docx"))

    [result] = batch.annotate_files(expand_inputs([tmp_path / "kh.docx"]), rule_nlp)
    record = result.record
    assert [p["text"] for p in record["paragraphs"]] == [
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH", "1. Nhiệm vụ",
        "Thực hiện Nghị quyết số 25-NQ/TW của Tỉnh ủy, hoàn thành trước ngày 30/9/2024."]
    assert record["paragraphs"][4]["section"] == "1. Nhiệm vụ"
    assert record["footnotes"][0]["marker"] == "1"
    assert [e[2] for e in record["footnotes"][0]["entities"]] == ["DOC_NUMBER"]
    body = record["paragraphs"][4]
    assert ["DATE", "2024-09-30"] in [e[2:] for e in body["entities"]]


def test_scripts_csv_per_document_and_corpus_stats(tmp_path, capsys):
    from scripts import annotate_folder, corpus_stats

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "003.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    assert annotate_folder.main([str(folder), "-o", str(tmp_path / "csv")]) == 1
    with (tmp_path / "csv" / "003.txt.csv").open(encoding="utf-8-sig") as handle:
        rows = list(__import__("csv").DictReader(handle))
    assert len(rows) > 10 and all(row["document"] == "003.txt" for row in rows)
    assert "empty.txt" in (tmp_path / "csv" / "errors.jsonl").read_text()

    out = tmp_path / "gold.md"
    assert corpus_stats.main([str(p) for p in sorted((REPO_DATA).glob("seed-00[03].jsonl"))]
                             + ["-o", str(out), "--top", "5"]) == 0
    report = out.read_text(encoding="utf-8")
    assert "| seed-000 |" in report and "| seed-003 |" in report
    assert "| 124-KH/TU | 3 | 1 |" in report  # seed 000 cites its own plan three times
    stats = corpus_stats.compute_stats(corpus_stats.load_records([str(REPO_DATA / "seed-000.jsonl")]))
    top_code, mentions, documents = stats["top"]["DOC_NUMBER"][0]
    assert documents == 1 and mentions == max(n for _, n, _ in stats["top"]["DOC_NUMBER"])


def test_fresh_caches_and_worker_processes_keep_every_record(tmp_path, rule_nlp):
    # Emptying the tokenizer caches before each document (the benchmark's cold runs) and
    # handing whole documents to worker processes must not change a single record.
    files = expand_inputs([seed_path("000"), seed_path("003"), seed_path("004")])
    plain = [r.record for r in batch.annotate_files(files, rule_nlp)]
    fresh = [r.record for r in batch.annotate_files(files, rule_nlp, fresh_caches=True)]
    pooled = [r.record for r in batch.annotate_files(files, rule_nlp, n_process=2, fresh_caches=True)]
    assert len(plain) == 3 and all(r is not None and r["paragraphs"] for r in plain)
    assert fresh == plain and pooled == plain


def test_progress_bar_moves_within_a_large_document(tmp_path, rule_nlp, monkeypatch):
    """The bar counts bytes of input and moves as paragraphs are annotated, not once per document."""
    import tqdm

    bars = []

    class FakeBar:
        def __init__(self, total=None, **kwargs):
            self.total, self.updates = total, []
            bars.append(self)

        def update(self, n):
            self.updates.append(n)

        def set_postfix_str(self, *args, **kwargs):
            pass

        def close(self):
            pass

    monkeypatch.setattr(tqdm, "tqdm", FakeBar)
    text = seed_path("000").read_text(encoding="utf-8")
    large = tmp_path / "large.txt"
    large.write_text(text + "\n\n" + "\n\n".join(text.split("\n\n")[1:]) * 9, encoding="utf-8")
    seen_before_done = []
    summary = run_batch(expand_inputs([large, seed_path("000")]), tmp_path / "out.jsonl", nlp=rule_nlp,
                        batch_size=8, progress=True,
                        on_result=lambda r: seen_before_done.append(len(bars[0].updates)))
    assert summary.annotated == 2 and summary.paragraphs > 150
    [bar] = bars
    size = large.stat().st_size
    assert bar.total == size + seed_path("000").stat().st_size
    assert sum(bar.updates) == bar.total
    # Many steps before the large document was finished, each well under its size.
    assert seen_before_done[0] >= 10 and max(bar.updates[:seen_before_done[0]]) < size / 5


def test_empty_folder_is_one_failed_input_naming_it(tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "sub" / "scan.tif").write_bytes(b"II*\x00")
    files = expand_inputs([tmp_path / "docs"])
    assert len(files) == 1 and files[0].problem.startswith(f"{tmp_path / 'docs'}: no document in this folder")
    summary = run_batch(files, None, nlp=spacy.blank("xx"))
    assert not summary.ok and ".docx" in summary.failed[0].reason
    assert "failed (1):" in summary.format() and "listed in" not in summary.format()


def test_summary_lists_every_file_written(tmp_path, rule_nlp):
    out = tmp_path / "tasks.json"
    summary = run_batch(expand_inputs([seed_path("000"), tmp_path / "missing.txt"]), out, nlp=rule_nlp,
                        fmt="labelstudio")
    named = {path for path, _ in summary.written}
    assert named == {str(p) for p in tmp_path.iterdir()} == {
        str(out), str(tmp_path / "tasks.label_config.xml"), str(tmp_path / "tasks.json.records.jsonl"),
        str(tmp_path / "tasks.json.errors.jsonl")}
    text = summary.format()
    assert all(f"  {path} (" in text for path in named)
    assert f"failed (1), listed in {tmp_path / 'tasks.json.errors.jsonl'}:" in text
    assert summary.to_dict()["written"][0]["path"] == str(out)


def test_an_output_folder_is_refused_before_any_work(tmp_path, rule_nlp):
    from vnadmin_nlp.errors import VnadminError

    with pytest.raises(VnadminError, match=f"{tmp_path}: is a folder"):
        run_batch(expand_inputs([seed_path("000")]), tmp_path, nlp=rule_nlp)
    (tmp_path / "out.csv.records.jsonl").mkdir()
    with pytest.raises(VnadminError, match="out.csv.records.jsonl: is a folder"):
        run_batch(expand_inputs([seed_path("000")]), tmp_path / "out.csv", nlp=rule_nlp, fmt="csv")
    assert not (tmp_path / "out.csv").exists()


def _blas_threads():
    from threadpoolctl import threadpool_info

    return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]


def test_pool_workers_multiply_on_one_blas_thread():
    """Each worker of ``-n N`` keeps numpy's BLAS to one thread: N workers with a BLAS thread per
    core each spun against each other (docs/benchmarks.md, the ``-n 2`` row)."""
    import multiprocessing as mp

    from vnadmin_nlp.batch import _init_worker

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the pool forks its workers where it can; this checks that path")
    with mp.get_context("fork").Pool(1, initializer=_init_worker, initargs=(None, 0, False, False)) as pool:
        threads = pool.apply(_blas_threads)
    assert threads and all(n == 1 for n in threads)


def test_run_batch_collects_less_often_while_annotating_and_gives_the_setting_back(rule_nlp):
    # The library raises the collector's thresholds only for its own call (collector.py), as
    # analyze() does; a caller's own setting is back afterwards.
    import gc

    from vnadmin_nlp.collector import GC_THRESHOLDS

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    seen = []
    try:
        summary = run_batch(expand_inputs([seed_path("003")]), None, nlp=rule_nlp,
                            on_result=lambda result: seen.append(gc.get_threshold()))
        assert summary.annotated == 1 and seen == [GC_THRESHOLDS]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
