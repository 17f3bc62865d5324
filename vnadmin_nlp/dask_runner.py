"""Annotate on a Dask cluster: ``vnadmin annotate FILES -o OUT.jsonl --dask [ADDRESS]``.

Imported only with ``--dask``; needs the ``dask`` extra (``pip install 'vnadmin-nlp[dask]'``)::

    from vnadmin_nlp.batch import expand_inputs
    from vnadmin_nlp.dask_runner import run_dask
    summary = run_dask(expand_inputs(["incoming/"]), "out.jsonl", scheduler="tcp://host:8786", resume=True)

How a run goes (the batch runner's functions do the reading, annotating and writing):

* The client reads each input once (size limit, SHA-256 of its bytes). A file
  that cannot be read fails at once; with ``resume`` a file whose hash is in
  OUT or in a part already written is skipped. The rest is cut into
  partitions of at most ``partition_bytes`` of input (a few MB; a small input
  is cut finer, about 4 partitions per worker thread), in input order.
* A partition goes to a worker with the bytes of its files, so workers need
  no access to the inputs or the output. The worker annotates it with
  :func:`vnadmin_nlp.batch.annotate_files` (one ``nlp.pipe`` over its
  paragraphs, a failing document fails alone) using the pipeline it loaded
  once (:func:`worker_pipeline`, a per-process cache keyed by model path).
* The client writes each finished partition to ``OUT.parts/part-NNNNN.jsonl``
  atomically (``write_jsonl``: a temporary file renamed into place), so a
  part is either whole or absent. A worker lost mid-partition makes the
  scheduler run that partition again elsewhere (``retries`` more for errors
  raised by the task); its part is written once, when it comes back.
* At the end the parts are merged into OUT in input order (after the records
  an earlier run left in OUT, with ``resume``), the parts are removed, and
  the errors file and other formats are written as in a local run
  (:func:`vnadmin_nlp.batch.finish_output`). An interrupted run leaves its
  parts: ``--resume`` skips their documents and merges them.

Accounting is the local run's: annotated + skipped + failed = inputs; a
partition that fails on the cluster even after its retries fails its
documents, each with the reason, and the run goes on.
"""

from __future__ import annotations

import functools
import heapq
import logging
import os
import re
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .batch import (
    DEFAULT_MAX_BYTES, BatchSummary, FileResult, InputFile, PathLike, _file_size, _ProgressBar, _writing,
    annotate_files, check_output, finish_output, read_input, records_path_for,
)
from .errors import VnadminError
from .io.jsonl import JsonlAppender, iter_jsonl, write_jsonl

logger = logging.getLogger("vnadmin_nlp")

#: Input bytes per partition: a few MB, so that a partition takes seconds to minutes and
#: its bytes and records travel in one message of reasonable size.
DEFAULT_PARTITION_BYTES = 4 * 1024 * 1024
PART_NAME = "part-{:05d}.jsonl"
_PART_RE = re.compile(r"^part-(\d+)\.jsonl$")

INSTALL_HINT = "pip install 'vnadmin-nlp[dask]' (or: pip install 'dask[distributed]')"


def require_dask() -> None:
    """Raise a :class:`VnadminError` saying how to install Dask when it is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise VnadminError("--dask needs Dask's distributed scheduler, which is not installed: "
                           + INSTALL_HINT) from exc


def parts_dir_for(output: PathLike) -> Path:
    """Where the parts of a run into ``output`` are written: ``OUT.parts/``."""
    output = Path(output)
    return output.with_name(output.name + ".parts")


# ---------------------------------------------------------------- worker side
#: Pipelines loaded in this process, by (model, transformer): read by tests through ``client.run``.
_LOADS: Counter = Counter()


@functools.lru_cache(maxsize=2)
def worker_pipeline(model: Optional[str], transformer: Optional[str]):
    """The pipeline of this worker process, loaded on its first partition and kept."""
    from .components.extensions import register_extensions
    from .pipeline import load

    register_extensions()
    _LOADS[(model, transformer)] += 1
    return load(model, transformer=transformer) if transformer else load(model)


def pipeline_loads() -> Dict[str, int]:
    """How many times this process loaded each pipeline (``client.run(pipeline_loads)``)."""
    return {f"{model}|{transformer}": n for (model, transformer), n in _LOADS.items()}


def annotate_partition(
    number: int,
    documents: List[Tuple[InputFile, str, bytes]],
    model: Optional[str],
    transformer: Optional[str],
    batch_size: int = 64,
    before: Optional[Callable[[int], None]] = None,
) -> List[FileResult]:
    """Annotate one partition on a worker: ``(input, sha256, bytes)`` in, one result per input out.

    ``before(number)`` runs first (tests use it to lose a worker).
    """
    if before is not None:
        before(number)
    nlp = worker_pipeline(model, transformer)
    table = {item.doc_id: (sha, data) for item, sha, data in documents}
    return list(annotate_files([item for item, _, _ in documents], nlp, batch_size=batch_size,
                               read=lambda item: table[item.doc_id]))


# ---------------------------------------------------------------- client side
def run_dask(
    files: Sequence[InputFile],
    output: PathLike,
    *,
    scheduler: Optional[str] = None,
    model: Optional[PathLike] = None,
    transformer: Optional[PathLike] = None,
    fmt: str = "jsonl",
    entities: bool = False,
    resume: bool = False,
    batch_size: int = 64,
    max_bytes: Optional[int] = DEFAULT_MAX_BYTES,
    errors_file: Optional[PathLike] = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    n_workers: Optional[int] = None,
    retries: int = 2,
    keep_parts: bool = False,
    progress: bool = False,
    on_result: Optional[Callable[[FileResult], None]] = None,
    client=None,
    before_partition: Optional[Callable[[int], None]] = None,
) -> BatchSummary:
    """Annotate ``files`` into ``output`` on a Dask cluster; the summary of :func:`run_batch`.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``); default: a
    ``LocalCluster`` of ``n_workers`` processes (default: the machine's cores), one
    thread each, started and closed here. ``client``: an existing ``distributed.Client``
    instead of both. ``model``/``transformer`` are loaded by each worker (default:
    ``$VNADMIN_MODEL`` as the client sees it, then what the worker's install ships).
    ``partition_bytes``: input bytes per partition at most; a small input is cut
    finer, into about 4 partitions per worker thread. ``keep_parts`` keeps ``OUT.parts/`` after the merge. Other arguments as in
    :func:`vnadmin_nlp.batch.run_batch`.
    """
    from .pipeline import MODEL_ENV_VAR

    check_output(output, fmt, errors_file)
    require_dask()
    from distributed import wait

    started = time.perf_counter()
    output = Path(output)
    records_path = records_path_for(output, fmt)
    parts_dir = parts_dir_for(output)
    if parts_dir.exists() and not parts_dir.is_dir():
        raise VnadminError(f"{parts_dir}: is a file; the parts of a --dask run go into this folder")
    model = model or os.environ.get(MODEL_ENV_VAR) or None
    model_arg = str(Path(model).resolve()) if model else None
    transformer_arg = str(Path(transformer).resolve()) if transformer else None

    # What is done already: hashes (and ids) in OUT and in the parts of an interrupted run.
    done: set = set()
    with _writing(records_path):
        # resume: repairs a torn last line and reads the hashes; otherwise: empties OUT.
        appender = JsonlAppender(records_path, resume=resume)
        appender.close()
    done |= appender.done
    old_parts = _existing_parts(parts_dir)
    if not resume:
        for _, path in old_parts:
            path.unlink()
        old_parts = []
    for _, path in old_parts:
        scan = JsonlAppender(path, resume=True)
        scan.close()
        done |= scan.done
    for tmp in parts_dir.glob("part-*.jsonl.tmp") if parts_dir.is_dir() else ():
        tmp.unlink()  # a part that was being written when the client stopped
    next_number = max((n for n, _ in old_parts), default=-1) + 1

    order = {item.doc_id: i for i, item in enumerate(files)}
    summary = BatchSummary(inputs=len(files), output=str(output))
    bar = _ProgressBar(files) if progress else None
    new_parts: List[Tuple[int, Path]] = []

    def account(result: FileResult) -> None:
        if result.error is not None:
            logger.info("%s", result.error)
        summary.add(result)
        if on_result is not None:
            on_result(result)
        if bar is not None:
            bar.finished(order[result.input.doc_id])

    own_cluster = own_client = None
    limit = part_bytes = 0
    total_bytes = sum(_file_size(item.path) for item in files)
    try:
        pending: Dict[object, Tuple[int, List[Tuple[InputFile, str]]]] = {}

        def collect(future) -> None:
            number, meta = pending.pop(future)
            try:
                results = future.result()
            except Exception as exc:  # lost workers beyond the scheduler's allowed failures, a broken worker
                reason = f"partition {number} failed on the cluster ({type(exc).__name__}: {exc})"
                logger.warning("%s", reason)
                results = [FileResult(item, sha256=sha, error=f"[E000] {item.path}: {reason}")
                           for item, sha in meta]
            finally:
                future.release()
            records = [r.record for r in results if r.record is not None]
            if records:
                path = parts_dir / PART_NAME.format(number)
                with _writing(path):
                    parts_dir.mkdir(parents=True, exist_ok=True)
                    write_jsonl(records, path)
                new_parts.append((number, path))
            for result in results:
                account(result)

        def start() -> None:
            """Connect (the first document to annotate: a rerun with nothing left to do starts no cluster)."""
            nonlocal client, own_client, own_cluster, limit, part_bytes
            if client is None:
                own_client, own_cluster = _connect(scheduler, n_workers)
                client = own_client
            threads = sum(client.nthreads().values()) or 1
            # Partitions in flight: the workers stay busy, the client's memory stays bounded.
            limit = 2 * threads + 1
            # A small input still makes about 4 partitions per worker thread, so that all work.
            part_bytes = max(1, min(partition_bytes, total_bytes // (4 * threads)))

        def submit(batch: List[Tuple[InputFile, str, bytes]]) -> None:
            nonlocal next_number
            future = client.submit(annotate_partition, next_number, batch, model_arg, transformer_arg,
                                   batch_size, before_partition, retries=retries, pure=False)
            pending[future] = (next_number, [(item, sha) for item, sha, _ in batch])
            next_number += 1
            while len(pending) >= limit:
                finished, _ = wait(list(pending), return_when="FIRST_COMPLETED")
                for future in finished:
                    collect(future)

        batch: List[Tuple[InputFile, str, bytes]] = []
        size = 0
        for item in files:
            try:
                sha, data = read_input(item, max_bytes)
            except VnadminError as exc:
                account(FileResult(item, error=str(exc)))
                continue
            if sha in done:
                account(FileResult(item, sha256=sha, skipped=True))
                continue
            if not limit:
                start()
            batch.append((item, sha, data))
            size += len(data)
            if size >= part_bytes:
                submit(batch)
                batch, size = [], 0
        if batch:
            submit(batch)
        while pending:
            finished, _ = wait(list(pending), return_when="FIRST_COMPLETED")
            for future in finished:
                collect(future)
    finally:
        if bar is not None:
            bar.close()
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()

    parts = sorted(old_parts + new_parts)
    with _writing(records_path):
        duplicated = merge_parts(records_path, [path for _, path in parts], order, keep_existing=resume)
    if parts:
        if keep_parts:
            summary.written.extend((str(path), f"partition {n}, merged into {records_path}")
                                   for n, path in parts)
        else:
            for _, path in parts:
                path.unlink()
            _remove_if_empty(parts_dir)
            summary.written.append((str(parts_dir) + os.sep, f"{len(parts)} JSONL part(s), one per "
                                    f"partition: merged into {records_path}, then removed"))
    by_path = {str(item.path): i for i, item in reversed(list(enumerate(files)))}
    summary.failed.sort(key=lambda f: by_path.get(f.path, len(files)))  # input order, as in a local run
    finish_output(summary, records_path, output, fmt, entities=entities, errors_file=errors_file,
                  dedupe=duplicated)
    summary.seconds = time.perf_counter() - started
    return summary


def _connect(scheduler: Optional[str], n_workers: Optional[int]):
    """``(client, cluster)``: a client of ``scheduler``, or of a new LocalCluster (then also returned)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise VnadminError(f"--dask {scheduler}: cannot reach the scheduler ({exc})") from exc
    # On this machine only; the dashboard (with bokeh installed) on a free port: client.dashboard_link.
    cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    try:
        return Client(cluster), cluster
    except BaseException:
        cluster.close()
        raise


def _existing_parts(parts_dir: Path) -> List[Tuple[int, Path]]:
    if not parts_dir.is_dir():
        return []
    found = []
    for path in parts_dir.iterdir():
        match = _PART_RE.match(path.name)
        if match and path.is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # something else is in there: leave it


def merge_parts(records_path: PathLike, parts: Sequence[PathLike], order: Dict[str, int],
                keep_existing: bool = False) -> bool:
    """Write ``records_path`` (atomically) from its own records and ``parts``; True if an id repeats.

    With ``keep_existing`` the records already in ``records_path`` come first, less those
    whose id a part holds (a file that changed). The parts follow, merged into input order
    (``order``: id -> position; each part is in input order already, so this streams).
    A repeated id (a part of an interrupted run and a newer one) is left for
    ``keep_latest_per_id``: the later part wins.
    """
    records_path = Path(records_path)
    part_ids = set()
    for part in parts:
        scan = JsonlAppender(part, resume=True)
        scan.close()
        part_ids.update(scan.ids)
    ids: Counter = Counter()

    def existing() -> Iterator[dict]:
        if keep_existing and records_path.exists():
            for _, record in iter_jsonl(records_path):
                if record.get("id") not in part_ids:
                    yield record

    def keyed(stream_no: int, path: PathLike) -> Iterator[Tuple[int, int, dict]]:
        key = -1
        for _, record in iter_jsonl(path):
            key = order.get(record.get("id"), key)  # an id not among the inputs stays where it was
            yield key, stream_no, record

    def merged() -> Iterator[dict]:
        for record in existing():
            ids[record.get("id")] += 1
            yield record
        streams = [keyed(i, path) for i, path in enumerate(parts)]
        for _, _, record in heapq.merge(*streams, key=lambda t: (t[0], t[1])):
            ids[record.get("id")] += 1
            yield record

    write_jsonl(merged(), records_path)
    return max(ids.values(), default=0) > 1

