"""``vnadmin annotate --dask``: the local run's records from a LocalCluster of 2 worker processes,
every input accounted for, resume across parts, and a lost worker costing one partition only."""

import functools
import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnadmin_nlp.batch import expand_inputs, run_batch
from vnadmin_nlp.cli import app
from vnadmin_nlp.errors import VnadminError

from .conftest import REPO

distributed = pytest.importorskip("distributed")

from vnadmin_nlp import dask_runner  # noqa: E402
from vnadmin_nlp.dask_runner import merge_parts, parts_dir_for, run_dask  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
#: Short documents (6-17 kB) of different kinds: directives, decisions, a ministry's letter.
EXTRA = ["ct20-2017-ttg.txt", "ct23-2017-ttg.txt", "cv778-tchq-gsql.txt", "qd12-2024-ttg.txt",
         "qd1056-ct.txt"]
#: Small partitions, so that these ~60 kB make several parts.
PARTITION_BYTES = 15_000

runner = CliRunner()


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    """The bundled example, a few documents of the shared corpus (when present), an empty file."""
    folder = tmp_path_factory.mktemp("dask_docs")
    for path in sorted((REPO / "vnadmin_nlp" / "examples").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for name in EXTRA:
        if (CORPUS / "extra" / name).exists():
            shutil.copy(CORPUS / "extra" / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")  # fails: "the file is empty"
    return folder


@pytest.fixture(scope="module")
def local_run(docs, tmp_path_factory):
    """The local batch runner's records and summary for ``docs``: what every Dask run must give."""
    from vnadmin_nlp.pipeline import load

    out = tmp_path_factory.mktemp("dask_local") / "local.jsonl"
    summary = run_batch(expand_inputs([docs]), out, nlp=load())
    return read_jsonl(out), summary


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 worker processes, one thread each, on 127.0.0.1, no dashboard."""
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                       dashboard_address=None, worker_dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def read_jsonl(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_accounting(summary, n_inputs: int) -> None:
    assert summary.inputs == n_inputs
    assert summary.annotated + summary.skipped + len(summary.failed) == n_inputs
    assert [Path(f.path).name for f in summary.failed] == ["empty.txt"]
    assert "empty" in summary.failed[0].reason


def kill_own_worker_once(marker: str, number: int) -> None:
    """``before_partition``: the worker running partition 1 dies (SIGKILL) the first time only."""
    if number == 1 and not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------- on the cluster
@pytest.mark.slow
def test_dask_run_gives_the_local_records(docs, local_run, client, tmp_path):
    records, local_summary = local_run
    out = tmp_path / "out.jsonl"
    files = expand_inputs([docs])
    summary = run_dask(files, out, client=client, partition_bytes=PARTITION_BYTES)

    assert read_jsonl(out) == records  # same ids, texts, labels, entities, hashes, in input order
    check_accounting(summary, len(files))
    assert summary.annotated == local_summary.annotated == len(records)
    assert (summary.paragraphs, summary.entities, summary.labels) == \
        (local_summary.paragraphs, local_summary.entities, local_summary.labels)
    # Several parts were written, merged, then removed; the summary names them and every other file.
    assert not parts_dir_for(out).exists()
    written = dict(summary.written)
    parts_line = written[str(parts_dir_for(out)) + os.sep]
    assert int(parts_line.split()[0]) >= 3
    assert str(out) in written and str(out) + ".errors.jsonl" in written
    errors = read_jsonl(Path(summary.errors_file))
    assert [Path(e["path"]).name for e in errors] == ["empty.txt"]
    # The pipeline was loaded once per worker process, not once per partition.
    loads = client.run(dask_runner.pipeline_loads)
    assert loads and all(n == 1 for counts in loads.values() for n in counts.values())


@pytest.mark.slow
def test_resume_skips_what_is_in_out_or_in_a_part(docs, local_run, client, tmp_path):
    records, _ = local_run
    out = tmp_path / "out.jsonl"
    files = expand_inputs([docs])
    first = run_dask(files, out, client=client, partition_bytes=PARTITION_BYTES, keep_parts=True)
    parts = sorted(parts_dir_for(out).glob("part-*.jsonl"))
    assert len(parts) >= 3 and sum(len(read_jsonl(p)) for p in parts) == len(records)
    assert all(str(p) in dict(first.written) for p in parts)

    # Everything is in OUT: nothing to do, no task submitted.
    again = run_dask(files, out, client=client, partition_bytes=PARTITION_BYTES, resume=True, keep_parts=True)
    check_accounting(again, len(files))
    assert (again.annotated, again.skipped) == (0, len(records))
    assert read_jsonl(out) == records

    # An interrupted run: parts 0 and 2 written, OUT not merged yet. The rerun skips their
    # documents, annotates the rest and merges all into input order.
    for part in sorted(parts_dir_for(out).glob("part-*.jsonl"))[1::2]:
        part.unlink()
    out.write_text("")
    in_parts = sum(len(read_jsonl(p)) for p in parts_dir_for(out).glob("part-*.jsonl"))
    assert 0 < in_parts < len(records)
    resumed = run_dask(files, out, client=client, partition_bytes=PARTITION_BYTES, resume=True)
    check_accounting(resumed, len(files))
    assert resumed.skipped == in_parts and resumed.annotated == len(records) - in_parts
    assert read_jsonl(out) == records
    assert not parts_dir_for(out).exists()


@pytest.mark.slow
def test_a_lost_worker_reruns_its_partition_only(docs, local_run, client, tmp_path):
    records, _ = local_run
    out = tmp_path / "out.jsonl"
    marker = tmp_path / "killed"
    files = expand_inputs([docs])
    summary = run_dask(files, out, client=client, partition_bytes=PARTITION_BYTES,
                       before_partition=functools.partial(kill_own_worker_once, str(marker)))
    assert marker.exists()  # a worker did die in partition 1 ...
    assert read_jsonl(out) == records  # ... and the output is complete all the same
    check_accounting(summary, len(files))
    assert summary.annotated == len(records)


@pytest.mark.slow
def test_cli_on_a_scheduler(docs, local_run, client, tmp_path):
    records, _ = local_run
    out = tmp_path / "cli.jsonl"
    result = runner.invoke(app, ["annotate", str(docs), "-o", str(out), "--scheduler",
                                 client.scheduler.address, "--partition-size", "0.015", "-q"])
    assert result.exit_code == 1, result.output  # the empty file failed
    assert read_jsonl(out) == records
    assert "empty.txt" in result.output and str(parts_dir_for(out)) in result.output


# ---------------------------------------------------------------- without a cluster
def test_dask_needs_an_output(docs):
    result = runner.invoke(app, ["annotate", str(docs), "--dask"])
    assert result.exit_code == 2 and "--output" in result.output


def test_a_clear_error_without_dask(monkeypatch, tmp_path):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(VnadminError, match=r"pip install 'vnadmin-nlp\[dask\]'"):
        run_dask([], tmp_path / "out.jsonl")


def test_merge_puts_parts_in_input_order_and_newer_records_win(tmp_path):
    def write(path, ids, tag):
        path.write_text("".join(json.dumps({"id": i, "sha256": f"{i}{tag}", "tag": tag}) + "\n" for i in ids))

    order = {name: i for i, name in enumerate("abcdef")}
    out, parts = tmp_path / "out.jsonl", tmp_path / "parts"
    parts.mkdir()
    write(out, ["x", "c"], "out")  # x: not among the inputs (kept, first); c: superseded by a part
    write(parts / "part-00000.jsonl", ["a", "d"], "old")
    write(parts / "part-00001.jsonl", ["b", "c", "e"], "new")
    write(parts / "part-00002.jsonl", ["d", "f"], "newer")  # d changed since part 0 was written
    repeated = merge_parts(out, sorted(parts.iterdir()), order, keep_existing=True)
    got = [(r["id"], r["tag"]) for r in read_jsonl(out)]
    assert got == [("x", "out"), ("a", "old"), ("b", "new"), ("c", "new"), ("d", "old"), ("d", "newer"),
                   ("e", "new"), ("f", "newer")]
    assert repeated  # run_dask then keeps the last record of d (keep_latest_per_id)
