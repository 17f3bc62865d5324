"""Annotate many documents at once without losing one.

The batch runner behind ``vnadmin annotate``::

    from vnadmin_nlp.batch import expand_inputs, run_batch
    files = expand_inputs(["incoming/", "more/*.docx"])
    summary = run_batch(files, "out.jsonl", nlp=vnadmin_nlp.load(), resume=True)
    print(summary.format())

* Inputs are files, folders (recursive: every suffix a reader is registered
  for, ``.txt .md .docx .pdf .html .htm``, see :mod:`vnadmin_nlp.io.readers`) and glob
  patterns; every input is accounted for: annotated, skipped (already in the
  output, by the SHA-256 of its bytes, with ``resume``) or failed with a
  one-line reason naming the file.
* Paragraphs of all documents stream through one ``nlp.pipe(...,
  as_tuples=True)``, one ``Doc`` per paragraph or footnote. With ``n_process``
  above 1, whole documents go to worker processes instead (each holds the
  pipeline once and sends back only the finished record): spaCy's own
  ``nlp.pipe(n_process=...)`` ships every Doc back to the main process, which
  then spends more time rebuilding Docs than the workers save.
* Each finished document is appended to the JSONL output as one line with a
  single ``write`` on an ``O_APPEND`` descriptor and flushed to disk, so an
  interrupted run leaves whole lines only; ``resume`` also drops a torn last
  line (power loss) before it continues.
* Other formats (csv, html, labelstudio) are exported from those JSONL
  records when the run ends; the records stay in ``OUT.records.jsonl`` so that
  ``resume`` works for them too.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

from spacy.language import Language

from .collector import collect_less_in_this_process, fewer_collections
from .errors import DocumentReadError, VnadminError
from .export import export_paths, export_records, exporter
from .io.jsonl import HASH_KEY, JsonlAppender  # noqa: F401  (HASH_KEY: part of this module's API)
from .io.readers import read_bytes, read_file_bytes, reader_suffixes

logger = logging.getLogger("vnadmin_nlp")

#: Larger files are refused before they are read: an administrative document is
#: at most a few MB even as .pdf, and a 50 MB "text" is a dump or a mistake that
#: would hold the whole run for an hour.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PathLike = Union[str, Path]


# ---------------------------------------------------------------- inputs
@dataclass
class InputFile:
    """One input of a batch: its path and the id its record gets.

    ``problem`` is set when the input is known to fail before reading (a glob
    pattern that matches nothing).
    """

    path: Path
    doc_id: str
    problem: Optional[str] = None


def expand_inputs(inputs: Iterable[PathLike]) -> List[InputFile]:
    """Files as given, folders searched recursively, glob patterns expanded.

    Ids are the path relative to the folder given (``sub/a.docx``) or the file
    name, so that ``a.txt`` and ``a.docx`` in one folder stay apart; a clash
    between different inputs gets ``~2``, ``~3``. A file reached twice is kept
    once. Hidden files and folders (``.git``, ``~$`` lock files of Word) are
    skipped in folders. Paths that do not exist are kept: they fail when read,
    so that the summary accounts for every input.
    """
    found: List[InputFile] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(_folder_inputs(path))
        elif path.exists() or path.is_symlink():
            found.append(InputFile(path, path.name))
        elif glob.has_magic(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches:
                found.append(InputFile(path, path.name, f"{item}: no file matches this pattern"))
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    found.extend(_folder_inputs(match_path))
                else:
                    found.append(InputFile(match_path, match_path.name))
        else:
            found.append(InputFile(path, path.name))
    return _unique(found)


def _folder_inputs(folder: Path) -> List[InputFile]:
    """The documents of a folder, or one failed input naming it when it holds none.

    A folder without a document is most likely a wrong path or a wrong kind of
    file (.doc, .odt); passing over it silently would end the run with nothing
    done and exit code 0.
    """
    files = _folder_files(folder)
    if files:
        return files
    suffixes = ", ".join(reader_suffixes())
    return [InputFile(folder, folder.name or str(folder),
                      f"{folder}: no document in this folder (looked for {suffixes}, in subfolders too; "
                      "hidden files are skipped)")]


def _folder_files(folder: Path) -> List[InputFile]:
    suffixes = reader_suffixes()
    files = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        # Broken links are kept (they fail with a reason); folders are not documents.
        if path.suffix.lower() in suffixes and (path.is_symlink() or path.is_file()):
            files.append(InputFile(path, rel.as_posix()))
    return files


def _unique(files: List[InputFile]) -> List[InputFile]:
    seen_paths: Set[str] = set()
    ids: Counter = Counter()
    result = []
    for item in files:
        key = os.path.abspath(item.path)
        if key in seen_paths:
            continue
        seen_paths.add(key)
        ids[item.doc_id] += 1
        if ids[item.doc_id] > 1:
            item.doc_id = f"{item.doc_id}~{ids[item.doc_id]}"
        result.append(item)
    return result


# ---------------------------------------------------------------- results
@dataclass
class FileResult:
    """What became of one input: a record, a skip (already done) or an error."""

    input: InputFile
    sha256: Optional[str] = None
    record: Optional[dict] = None
    error: Optional[str] = None
    skipped: bool = False


@dataclass
class FileFailure:
    """A failed input and the one-line reason (which names the file)."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        code = self.reason[1:5] if self.reason.startswith("[E") else None
        return {"path": self.path, "code": code, "error": self.reason}


@dataclass
class BatchSummary:
    """Counts of a batch run. ``annotated + skipped + len(failed) == inputs``."""

    inputs: int = 0
    annotated: int = 0
    skipped: int = 0
    failed: List[FileFailure] = field(default_factory=list)
    paragraphs: int = 0
    footnotes: int = 0
    entities: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    output: Optional[str] = None
    errors_file: Optional[str] = None
    #: Every file the run wrote, ``(path, what it holds)``, so that none appears unannounced.
    written: List[Tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, result: FileResult) -> None:
        if result.error is not None:
            self.failed.append(FileFailure(str(result.input.path), result.error))
        elif result.skipped:
            self.skipped += 1
        else:
            self.annotated += 1
            record = result.record or {}
            self.paragraphs += len(record.get("paragraphs", []))
            self.footnotes += len(record.get("footnotes", []))
            for item in record.get("paragraphs", []) + record.get("footnotes", []):
                self.entities.update(ent[2] for ent in item.get("entities", []))
            self.labels.update(p.get("label") or "-" for p in record.get("paragraphs", []))

    def to_dict(self) -> dict:
        return {
            "inputs": self.inputs, "annotated": self.annotated, "skipped": self.skipped,
            "failed": [f.to_dict() for f in self.failed], "paragraphs": self.paragraphs,
            "footnotes": self.footnotes, "entities": dict(sorted(self.entities.items())),
            "labels": dict(sorted(self.labels.items())), "seconds": round(self.seconds, 2),
            "output": self.output, "errors_file": self.errors_file,
            "written": [{"path": path, "what": what} for path, what in self.written],
        }

    def format(self) -> str:
        """A few lines for people."""
        rate = self.annotated / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.inputs} input(s): {self.annotated} annotated, {self.skipped} already done, "
            f"{len(self.failed)} failed ({self.seconds:.1f} s, {rate:.1f} documents/s)",
            f"paragraphs: {self.paragraphs}, footnotes: {self.footnotes}",
            "entities: " + (", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) or "none"),
            "paragraph labels: " + (", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())) or "none"),
        ]
        if self.written:
            lines.append("files written:")
            lines.extend(f"  {path} ({what})" for path, what in self.written)
        if self.failed:
            # Point at the errors file only when this run wrote one (not without --output).
            where = f", listed in {self.errors_file}" if self.errors_file else ""
            lines.append(f"failed ({len(self.failed)}){where}:")
            lines.extend(f"  {f.reason}" for f in self.failed)
        return "\n".join(lines)


# ---------------------------------------------------------------- reading
def read_input(item: InputFile, max_bytes: Optional[int] = DEFAULT_MAX_BYTES):
    """``(sha256, bytes)`` of an input; a :class:`DocumentReadError` naming the file if it cannot be."""
    path = item.path
    if item.problem:
        raise DocumentReadError(item.problem)
    data = read_file_bytes(path, max_bytes)
    return hashlib.sha256(data).hexdigest(), data


def _read_document(item: InputFile, data: bytes):
    """Bytes to :class:`Document`; anything the reader did not foresee is still one line naming the file."""
    try:
        return read_bytes(item.path, data, source=str(item.path))
    except VnadminError:
        raise
    except Exception as exc:  # a parser library failing in a way the reader did not foresee
        raise DocumentReadError(f"{item.path}: cannot be read ({type(exc).__name__}: {exc})") from exc


# ---------------------------------------------------------------- annotating
class _Pending:
    """A document whose paragraph Docs are still coming out of ``nlp.pipe``."""

    def __init__(self, result: FileResult):
        self.result = result
        self.document = None
        self.expected = 0
        self.docs: list = []
        self.chars = 0  # characters of text to annotate, and annotated so far (progress)
        self.chars_done = 0

    @property
    def complete(self) -> bool:
        return self.document is None or len(self.docs) >= self.expected


def annotate_files(
    files: Sequence[InputFile],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = 64,
    max_bytes: Optional[int] = DEFAULT_MAX_BYTES,
    skip_hashes: Iterable[str] = (),
    fresh_caches: bool = False,
    on_progress: Optional[Callable[[int, float], None]] = None,
    read: Optional[Callable[[InputFile], Tuple[str, bytes]]] = None,
) -> Iterator[FileResult]:
    """Yield one :class:`FileResult` per input, in input order.

    Files are read lazily while ``nlp.pipe`` works, so memory holds only the
    documents in flight. If the pipeline itself fails on some text, the rest
    is annotated one document at a time so that only that document fails.
    ``n_process > 1`` annotates whole documents in that many worker processes
    (see :func:`_pool_files`). ``fresh_caches`` empties the pipeline's caches
    before every document, so each is segmented as unseen text (benchmarks).
    ``on_progress(index, share)`` is called as paragraphs come out of the
    pipeline, with the input's index in ``files`` and the share of its text
    annotated so far, so that a large document moves a progress bar before it
    is finished (in one process only; worker processes report whole documents).
    ``read(item) -> (sha256, bytes)`` replaces :func:`read_input` (``max_bytes``
    then does not apply), e.g. for bytes read elsewhere (the Dask runner); one
    process only.
    """
    from .components.extensions import register_extensions

    register_extensions()
    skip = set(skip_hashes)
    if read is not None and (n_process > 1 or fresh_caches):
        raise ValueError("read= works in one process, without fresh_caches")
    if n_process > 1:
        yield from _pool_files(files, nlp, n_process, max_bytes, skip, fresh_caches)
        return
    if fresh_caches:
        for item in files:
            yield _annotate_fresh(item, nlp, max_bytes, skip, fresh_caches)
        return
    emitted = 0
    try:
        for result in _pipe_files(files, nlp, batch_size, max_bytes, skip, on_progress, read):
            emitted += 1
            yield result
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        logger.warning("the pipeline failed (%s: %s); going on one document at a time",
                       type(exc).__name__, exc)
        for item in files[emitted:]:
            yield _annotate_one(item, nlp, max_bytes, skip, read)


def _pipe_files(files, nlp, batch_size, max_bytes, skip, on_progress=None, read=None) -> Iterator[FileResult]:
    from .pipeline import make_docs

    entries: Dict[int, _Pending] = {}

    def paragraph_docs():
        for index, item in enumerate(files):
            entry = _Pending(FileResult(item))
            entries[index] = entry
            _prepare(entry, max_bytes, skip, read)
            if entry.document is None:
                continue
            inputs = _doc_inputs(entry.document)
            entry.expected = len(inputs)
            entry.chars = sum(len(item[0]) for item in inputs)
            for i, doc in enumerate(make_docs(nlp, inputs)):
                yield doc, (index, i)

    next_index = 0

    def finished():
        nonlocal next_index
        while next_index in entries and entries[next_index].complete:
            yield _finish(entries.pop(next_index))
            next_index += 1

    for doc, (index, _) in nlp.pipe(paragraph_docs(), as_tuples=True, batch_size=batch_size):
        entry = entries[index]
        entry.docs.append(doc)
        if on_progress is not None and entry.chars:
            entry.chars_done += len(doc.text)
            on_progress(index, entry.chars_done / entry.chars)
        yield from finished()
    yield from finished()


# Worker state of a document pool: the pipeline and settings, set once per process.
_WORKER: dict = {}


def _init_worker(nlp, max_bytes, skip, fresh_caches) -> None:
    from threadpoolctl import threadpool_limits

    from .components.extensions import register_extensions

    # One BLAS thread per worker: numpy's OpenBLAS (the entity tagger's products) keeps a thread
    # per core in every process, and n workers on n cores then spin against each other
    # (`-n 2` on our 2 cores: 12.9 s against 7.2 s with blis, docs/benchmarks.md). Dask's
    # workers are started with one already (its nanny sets OPENBLAS_NUM_THREADS=1).
    threadpool_limits(limits=1, user_api="blas")
    collect_less_in_this_process()  # the worker is ours, as the command line's process is
    register_extensions()
    _WORKER.update(nlp=nlp, max_bytes=max_bytes, skip=skip, fresh_caches=fresh_caches)


def _annotate_in_worker(item: InputFile) -> FileResult:
    return _annotate_fresh(item, _WORKER["nlp"], _WORKER["max_bytes"], _WORKER["skip"],
                           _WORKER["fresh_caches"])


def _annotate_fresh(item: InputFile, nlp: Language, max_bytes, skip, fresh_caches: bool) -> FileResult:
    """One document on its own, after emptying the caches if ``fresh_caches``."""
    if fresh_caches:
        clear_pipeline_caches(nlp)
    return _annotate_one(item, nlp, max_bytes, skip)


def _pool_files(files, nlp, n_process, max_bytes, skip, fresh_caches) -> Iterator[FileResult]:
    """Whole documents annotated in ``n_process`` workers, results in input order.

    Workers are forked where the platform allows it, so they share the loaded
    pipeline instead of unpickling a copy each; elsewhere (spawn) the pipeline
    is pickled to each worker once.
    """
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    context = mp.get_context(method)
    with context.Pool(n_process, initializer=_init_worker,
                      initargs=(nlp, max_bytes, skip, fresh_caches)) as pool:
        # chunksize 1: documents differ a lot in size, so hand them out one at a time.
        yield from pool.imap(_annotate_in_worker, files, chunksize=1)


def clear_pipeline_caches(nlp) -> None:
    """Empty the tokenizer's, the rule finders' and the components' caches: the next text is
    processed as unseen (the benchmark's cold passes, ``fresh_caches``; nothing else calls it).
    What was loaded stays: the CRF tables and the classifier's feature tables are built once
    per process or component and kept, so a cold pass times processing, not loading."""
    from .doc_text import clear_caches as clear_span_caches
    from .patterns import clear_caches as clear_finder_caches

    clear_finder_caches()
    clear_span_caches()
    if hasattr(nlp.tokenizer, "clear_cache"):  # our tokenizer; spaCy's own keeps no such cache
        nlp.tokenizer.clear_cache()
    for _name, component in nlp.pipeline:
        if hasattr(component, "clear_cache"):
            component.clear_cache()


def _prepare(entry: _Pending, max_bytes, skip, read=None) -> None:
    result = entry.result
    try:
        result.sha256, data = read(result.input) if read is not None else read_input(result.input, max_bytes)
        if result.sha256 in skip:
            result.skipped = True
            return
        entry.document = _read_document(result.input, data)
    except VnadminError as exc:
        result.error = str(exc)


def _doc_inputs(document) -> list:
    from .pipeline import document_inputs

    return document_inputs(document)


def _finish(entry: _Pending) -> FileResult:
    from .records import document_record

    result = entry.result
    if entry.document is not None:
        result.record = document_record(entry.document, entry.docs, result.input.doc_id, result.sha256)
    return result


def _annotate_one(item: InputFile, nlp: Language, max_bytes, skip, read=None) -> FileResult:
    from .pipeline import make_docs

    entry = _Pending(FileResult(item))
    _prepare(entry, max_bytes, skip, read)
    if entry.document is None:
        return entry.result
    try:
        entry.docs = list(nlp.pipe(make_docs(nlp, _doc_inputs(entry.document))))
    except Exception as exc:
        entry.result.error = f"[E000] {item.path}: the pipeline failed ({type(exc).__name__}: {exc})"
        return entry.result
    return _finish(entry)


# ---------------------------------------------------------------- output
def keep_latest_per_id(path: PathLike) -> int:
    """Rewrite a JSONL file (atomically) keeping the last record of each id; return how many went.

    A resumed run appends a new record when a file changed since the first
    run; the stale one goes here.
    """
    from .io.jsonl import iter_jsonl, write_jsonl

    path = Path(path)
    records = [record for _, record in iter_jsonl(path)]
    last = {r.get("id"): i for i, r in enumerate(records)}
    kept = [r for i, r in enumerate(records) if last[r.get("id")] == i]
    if len(kept) < len(records):
        write_jsonl(kept, path)
    return len(records) - len(kept)


def records_path_for(output: PathLike, fmt: str) -> Path:
    """Where the JSONL records of a run live: the output itself, or ``OUT.records.jsonl``."""
    output = Path(output)
    return output if fmt == "jsonl" else output.with_name(output.name + ".records.jsonl")


def errors_path_for(output: PathLike) -> Path:
    """The default machine-readable errors file of an output: ``OUT.errors.jsonl``."""
    output = Path(output)
    return output.with_name(output.name + ".errors.jsonl")


def output_paths(output: PathLike, fmt: str, errors_file: Optional[PathLike] = None) -> List[Path]:
    """Every file a run into ``output`` writes: the output, its records, its config, its errors file."""
    paths = [Path(output)] + [path for path in export_paths(output, fmt) if path != Path(output)]
    records = records_path_for(output, fmt)
    if records not in paths:
        paths.append(records)
    paths.append(Path(errors_file) if errors_file else errors_path_for(output))
    return paths


def check_output(output: PathLike, fmt: str = "jsonl", errors_file: Optional[PathLike] = None) -> None:
    """Raise a :class:`VnadminError` naming the path if a run could not write its files there.

    Checked before any document is read, so that a long run does not fail at its end
    (and ``-o some/folder/`` gets an answer instead of a traceback).
    """
    suffix = exporter(fmt).suffix  # an unknown format is refused here, naming the known ones
    for path in output_paths(output, fmt, errors_file):
        if path.is_dir():
            hint = (f"; give a file name, e.g. -o {Path(output) / ('annotations.' + suffix)}"
                    if path == Path(output) else "")
            raise VnadminError(f"{path}: is a folder, the output must be a file{hint}")
        parent = next((p for p in path.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise VnadminError(f"{path}: cannot be written ({parent} is a file, not a folder)")


def run_batch(
    files: Sequence[InputFile],
    output: Optional[PathLike],
    *,
    nlp: Optional[Language] = None,
    fmt: str = "jsonl",
    entities: bool = False,
    resume: bool = False,
    n_process: int = 1,
    batch_size: int = 64,
    max_bytes: Optional[int] = DEFAULT_MAX_BYTES,
    errors_file: Optional[PathLike] = None,
    progress: bool = False,
    on_result=None,
) -> BatchSummary:
    """Annotate ``files`` (see :func:`expand_inputs`) into ``output`` and return the summary.

    ``fmt`` is a registered output format (:data:`vnadmin_nlp.export.EXPORTERS`: jsonl, csv, html,
    labelstudio; ``entities`` makes csv one row per
    entity). ``output=None`` writes nothing (use ``on_result``, called with
    each :class:`FileResult`, to see the records). Failed files are listed in
    ``errors_file`` (default ``OUT.errors.jsonl``; one JSON object per failed
    file, empty when none failed). Every file written is in ``summary.written``.
    ``progress`` shows a bar over the inputs' bytes (a large document moves it
    paragraph by paragraph) with documents done and ETA on stderr; the caller
    decides (on a TTY, not ``--quiet``). An output that cannot be written
    raises a :class:`VnadminError` naming the path.
    """
    if output is not None:
        check_output(output, fmt, errors_file)
    else:
        exporter(fmt)  # an unknown format is refused before any document is read
    if nlp is None:
        from .pipeline import load

        nlp = load()
    started = time.perf_counter()
    summary = BatchSummary(inputs=len(files))
    appender = None
    if output is not None:
        records_path = records_path_for(output, fmt)
        with _writing(records_path):
            appender = JsonlAppender(records_path, resume=resume)
        summary.output = str(output)
    bar = _ProgressBar(files) if progress else None
    # As analyze() does: fewer garbage collections while annotating, the caller's setting after
    # (the command line has already raised them for its whole process).
    with fewer_collections():
        try:
            results = annotate_files(files, nlp, n_process=n_process, batch_size=batch_size,
                                     max_bytes=max_bytes, skip_hashes=appender.done if appender else (),
                                     on_progress=bar.advance if bar is not None else None)
            for index, result in enumerate(results):
                if result.record is not None and appender is not None:
                    with _writing(appender.path):
                        appender.append(result.record)
                if result.error is not None:
                    logger.info("%s", result.error)  # the summary and the errors file list it
                summary.add(result)
                if on_result is not None:
                    on_result(result)
                if bar is not None:
                    bar.finished(index)
        finally:
            if bar is not None:
                bar.close()
            if appender is not None:
                appender.close()
    if appender is not None:
        finish_output(summary, appender.path, output, fmt, entities=entities, errors_file=errors_file,
                      dedupe=max(appender.ids.values(), default=0) > 1)
    summary.seconds = time.perf_counter() - started
    return summary


def finish_output(summary: BatchSummary, records_path: PathLike, output: PathLike, fmt: str = "jsonl", *,
                  entities: bool = False, errors_file: Optional[PathLike] = None,
                  dedupe: bool = False) -> None:
    """The end of a run into ``output`` whose JSONL records are complete in ``records_path``.

    ``dedupe`` keeps the last record of each id (a resumed run appended a changed file again);
    other formats are exported from the records; the errors file is written. Each file goes
    into ``summary.written``. Shared by :func:`run_batch` and the Dask runner.
    """
    records_path = Path(records_path)
    if dedupe:
        dropped = keep_latest_per_id(records_path)
        logger.info("%s: replaced %d record(s) of files that changed", records_path, dropped)
    if fmt == "jsonl":
        summary.written.append((str(output), "the annotations, JSONL"))
    else:
        from .io.jsonl import iter_jsonl

        records = [record for _, record in iter_jsonl(records_path)]
        with _writing(output):
            exported = export_records(records, output, fmt, entities=entities)
        summary.written.extend((str(path), what) for path, what in exported)
        summary.written.append((str(records_path), "the JSONL records of the export; --resume reads them"))
    errors_path = Path(errors_file) if errors_file else errors_path_for(output)
    with _writing(errors_path):
        write_errors(summary.failed, errors_path)
    summary.errors_file = str(errors_path)
    n_failed = len(summary.failed)
    summary.written.append((str(errors_path), f"the failed files as JSONL: {n_failed} line(s)" if n_failed
                            else "the failed files as JSONL: empty, none failed"))


class _writing:
    """Turn an OS error while writing ``path`` into one line naming it (full disk, no permission)."""

    def __init__(self, path: PathLike):
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, OSError):
            name = str(exc.filename or self.path)
            name = name[:-4] if name.endswith(".tmp") else name  # files are written via NAME.tmp
            raise VnadminError(f"{name}: cannot be written ({exc.strerror or exc})") from exc
        return False


class _ProgressBar:
    """A progress bar over the bytes of the inputs, moved paragraph by paragraph.

    Counting documents stalls on a large one; bytes are the measure of work
    known before anything is read (text, .docx and .pdf alike). Within a
    document the bar moves by the share of its text annotated so far.
    """

    def __init__(self, files: Sequence[InputFile]):
        from tqdm import tqdm

        self.sizes = [_file_size(item.path) for item in files]
        self.shown = [0] * len(files)
        self.documents = 0
        self.bar = tqdm(total=sum(self.sizes), unit="B", unit_scale=True, unit_divisor=1024,
                        dynamic_ncols=True)
        self.bar.set_postfix_str(f"0/{len(files)} documents", refresh=False)

    def advance(self, index: int, share: float) -> None:
        target = round(self.sizes[index] * min(share, 1.0))
        if target > self.shown[index]:
            self.bar.update(target - self.shown[index])
            self.shown[index] = target

    def finished(self, index: int) -> None:
        self.advance(index, 1.0)
        self.documents += 1
        self.bar.set_postfix_str(f"{self.documents}/{len(self.sizes)} documents")

    def close(self) -> None:
        self.bar.close()


def _file_size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)  # an empty file still counts as one step
    except OSError:
        return 1  # missing: it fails at once, but still moves the bar


def write_errors(failed: List[FileFailure], path: PathLike) -> None:
    """The machine-readable errors file: one ``{"path", "code", "error"}`` object per line."""
    from .io.jsonl import write_jsonl

    write_jsonl([f.to_dict() for f in failed], path)
