"""The main table: every document of a sample processed once, as a user's folder would be.

No document is seen twice, so the caches of our tokenizer and components help
only as much as they would on new documents. Every row runs in the same
invocation so that the ratios compare like with like:

- in-process rows run each in a fresh spawned process (nothing loaded or cached
  before; its peak RSS is its own); loading the model is not timed, one pass;
- whole-process rows (``vnadmin annotate`` and a plain underthesea script) are
  timed with ``subprocess`` from start to exit: start-up, model loading,
  reading and writing included; their peak RSS comes from ``os.wait4``.

Every row is rated on the same characters: each document's paragraphs and
footnotes as our reader gives them (:func:`benchmarks.corpus.document_chars`),
whatever text the method itself reads. Rows that time documents one by one keep
each document's seconds, so their ratio to underthesea ``ner`` (too slow for
the whole sample, run on a subset) is taken on exactly the documents ``ner`` saw.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from statistics import median
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .corpus import document_chars, evenly_spaced, read_inputs
from .measure import REFERENCE, importable, in_fresh_process, model_name, peak_rss_mb, rusage_rss_mb

logger = logging.getLogger("benchmarks")

NER = "underthesea ner"
ANALYZE = "vnadmin_nlp.analyze(path), one document at a time"
PIPE = "nlp.pipe over all paragraphs"
TOKENIZER = "vnadmin tokenizer (nlp.tokenizer) per paragraph"
#: analyze() with the classifier's TF-IDF by scikit-learn's own transform: what
#: components/tfidf.py's CachedTfidf must beat to be kept (issue 16).
ANALYZE_SKLEARN_TFIDF = "analyze(path), classifier TF-IDF by scikit-learn (fast_tfidf = false)"
ANNOTATE = "vnadmin annotate FOLDER -o OUT.jsonl"
PLAIN_SCRIPT = "plain script: underthesea word_tokenize per line"
PLAIN_SCRIPT_PATH = Path(__file__).resolve().parent / "underthesea_plain.py"


@dataclass
class DistinctJob:
    """What every row is run on."""

    files: List[str]
    chars: List[int]  # per document, as every row counts them
    ner_subset: List[int]  # indices into ``files``
    model: Optional[str] = None


@dataclass
class Row:
    """One method over the sample (or, for ``ner``, its subset)."""

    name: str
    documents: int = 0
    chars: int = 0
    seconds: float = 0.0
    #: Seconds per document (index into the sample), for rows timed one document at a time.
    per_document: Dict[int, float] = field(default_factory=dict)
    peak_rss_mb: Optional[float] = None
    ratio: Optional[float] = None  # to word_tokenize in-process
    ratio_ner: Optional[float] = None
    ratio_ner_same_documents: bool = False
    note: str = ""
    skipped: bool = False

    @property
    def chars_per_s(self) -> Optional[float]:
        return self.chars / self.seconds if self.seconds and not self.skipped else None

    def rate_on(self, indices: Sequence[int], chars: Sequence[int]) -> Optional[float]:
        """Characters/s on the documents ``indices`` only; None unless each was timed."""
        if not indices or any(i not in self.per_document for i in indices):
            return None
        return sum(chars[i] for i in indices) / sum(self.per_document[i] for i in indices)


# ---------------------------------------------------------------- in-process rows
# Each takes the job and returns its Row; whatever it loads is loaded before timing.

def _loaded_pipeline(job: DistinctJob):
    """The pipeline, loaded and run once on a line: the CRF model and some modules load on
    first use, and that is loading, not processing."""
    from vnadmin_nlp import analyze, load

    nlp = load(job.model)
    analyze("QUYẾT ĐỊNH\n\nVề việc khởi động.", nlp=nlp)
    return nlp


def _analyze_each(job: DistinctJob, nlp, name: str) -> Row:
    """``analyze()`` on each document of the job, one at a time, timed document by document."""
    from vnadmin_nlp import analyze

    row = Row(name)
    for index, path in enumerate(job.files):
        start = time.perf_counter()
        analyze(path, nlp=nlp)
        row.per_document[index] = time.perf_counter() - start
    return _totals(row, job)


def _row_analyze(job: DistinctJob) -> Row:
    """The public API on paths: reading, tokenizing, entities, classifier, result objects."""
    return _analyze_each(job, _loaded_pipeline(job), ANALYZE)


def _row_analyze_sklearn_tfidf(job: DistinctJob) -> Row:
    """``analyze`` as above, the classifier's features computed by scikit-learn's transform."""
    from vnadmin_nlp import analyze

    nlp = _loaded_pipeline(job)
    classifier = nlp.get_pipe("vnadmin_paragraph_classifier")
    classifier.fast_tfidf, classifier._fast = False, None
    analyze("QUYẾT ĐỊNH\n\nVề việc khởi động.", nlp=nlp)  # scikit-learn's import is loading
    return _analyze_each(job, nlp, ANALYZE_SKLEARN_TFIDF)


def _row_pipe(job: DistinctJob) -> Row:
    """One ``nlp.pipe`` stream over every paragraph of the sample, read beforehand."""
    from vnadmin_nlp import read_document
    from vnadmin_nlp.pipeline import document_inputs, make_docs

    nlp = _loaded_pipeline(job)
    inputs = [item for path in job.files for item in document_inputs(read_document(path))]
    start = time.perf_counter()
    for _doc in nlp.pipe(make_docs(nlp, inputs)):
        pass
    row = Row(PIPE, len(job.files), sum(job.chars), time.perf_counter() - start)
    row.note = f"{len(inputs):,} paragraphs and footnotes, reading not timed"
    return row


def _row_tokenizer(job: DistinctJob) -> Row:
    tokenizer = _loaded_pipeline(job).tokenizer
    return _per_paragraph(TOKENIZER, job, tokenizer)


def _row_word_tokenize(job: DistinctJob) -> Row:
    from underthesea import word_tokenize

    word_tokenize("Khởi động")  # loads the CRF model before timing
    return _per_paragraph(REFERENCE, job, word_tokenize)


def _row_ner(job: DistinctJob) -> Row:
    from underthesea import ner

    ner("Khởi động")
    row = _per_paragraph(NER, job, ner, job.ner_subset)
    row.note = (f"too slow for the whole sample: {row.documents} document(s) spread over it "
                "(the ratios to ner are taken on these documents)")
    return row


def _row_pyvi(job: DistinctJob) -> Row:
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("Khởi động")
    return _per_paragraph("pyvi ViTokenizer.tokenize", job, ViTokenizer.tokenize)


def _row_spacy_blank(job: DistinctJob) -> Row:
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    return _per_paragraph('spacy.blank("vi"), no pyvi', job, nlp.make_doc)


_FLOOR_RE = re.compile(r"\w+|[^\w\s]")


def _row_regex(job: DistinctJob) -> Row:
    return _per_paragraph(r"regex pass \w+|[^\w\s] (floor)", job, _FLOOR_RE.findall)


def _per_paragraph(name: str, job: DistinctJob, process: Callable[[str], object],
                   indices: Optional[Sequence[int]] = None) -> Row:
    """``process`` every paragraph, document by document (read before timing)."""
    indices = range(len(job.files)) if indices is None else indices
    row = Row(name)
    for index in indices:
        texts = [text for text, _s, _k in read_inputs([Path(job.files[index])])]
        start = time.perf_counter()
        for text in texts:
            process(text)
        row.per_document[index] = time.perf_counter() - start
    return _totals(row, job)


def _totals(row: Row, job: DistinctJob) -> Row:
    row.documents = len(row.per_document)
    row.chars = sum(job.chars[i] for i in row.per_document)
    row.seconds = sum(row.per_document.values())
    return row


@dataclass
class InProcessMethod:
    name: str
    measure: Callable[[DistinctJob], Row]
    needs: Optional[str] = None  # a module that must be importable
    #: The rows the targets compare are run several times (``run_distinct``'s ``runs``), alternating
    #: with each other, and each document's median counts: one run moves by a few percent with the
    #: machine's other load, about the targets' margin.
    repeated: bool = False


def in_process_methods() -> List[InProcessMethod]:
    """The in-process rows, in the order of the report."""
    return [
        InProcessMethod(ANALYZE, _row_analyze, repeated=True),
        InProcessMethod(ANALYZE_SKLEARN_TFIDF, _row_analyze_sklearn_tfidf, needs="sklearn"),
        InProcessMethod(PIPE, _row_pipe),
        InProcessMethod(TOKENIZER, _row_tokenizer),
        InProcessMethod(REFERENCE, _row_word_tokenize, needs="underthesea", repeated=True),
        InProcessMethod(NER, _row_ner, needs="underthesea", repeated=True),
        InProcessMethod("pyvi ViTokenizer.tokenize", _row_pyvi, needs="pyvi"),
        InProcessMethod('spacy.blank("vi"), no pyvi', _row_spacy_blank),
        InProcessMethod(r"regex pass \w+|[^\w\s] (floor)", _row_regex),
    ]


def _measure_isolated(method: InProcessMethod, job: DistinctJob) -> Row:
    row = method.measure(job)
    row.peak_rss_mb = peak_rss_mb()
    return row


def _median_row(runs: List[Row]) -> Row:
    """One row from several runs of a method timed document by document: each document's median
    seconds, the highest peak RSS."""
    row = runs[0]
    if len(runs) > 1:
        row.per_document = {i: median(run.per_document[i] for run in runs) for i in row.per_document}
        row.seconds = sum(row.per_document.values())
        row.peak_rss_mb = max((run.peak_rss_mb for run in runs if run.peak_rss_mb), default=None)
        totals = ", ".join(f"{run.seconds:.2f}" for run in runs)
        row.note = "; ".join(filter(None, [row.note, f"each document's median of {len(runs)} runs "
                                                      f"(totals {totals} s), alternating with the other "
                                                      "repeated rows"]))
    return row


# ---------------------------------------------------------------- whole-process rows
def vnadmin_command() -> List[str]:
    """The installed ``vnadmin`` next to this interpreter, else the same entry point through it."""
    script = Path(sys.executable).parent / "vnadmin"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from vnadmin_nlp.cli import main; main()"]


def _timed_process(command: List[str], workdir: Path) -> Tuple[float, float]:
    """Seconds from start to exit and peak RSS (MB) of ``command``; raises when it fails.

    Meant to run in a small fresh process (:func:`in_fresh_process`): a child's peak RSS starts
    from its parent's at fork, so a parent holding a loaded pipeline would be counted in it.
    """
    stderr_path = workdir / "stderr.txt"
    with open(stderr_path, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4, not wait: it also gives this child's own peak memory.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}: "
                           f"{stderr_path.read_text(encoding='utf8', errors='replace')[-2000:]}")
    return seconds, rusage_rss_mb(usage)


def _link_folder(files: Sequence[str], folder: Path) -> None:
    """The sample as one folder (links, numbered so equal names in different folders stay apart)."""
    folder.mkdir()
    for index, path in enumerate(files):
        (folder / f"{index:03d}-{Path(path).name}").symlink_to(Path(path).resolve())


#: Runs of each row the targets compare (``analyze()``, underthesea's ``word_tokenize`` and
#: ``ner``, ``vnadmin annotate`` in one process and the plain script): a single run moves by a few
#: percent with the machine's other load, about the targets' margin, so each is run this many
#: times, alternating with the others, and the median counts.
RUNS = 3


def _annotate_command(job: DistinctJob, folder: Path, output: Path, extra: Sequence[str]) -> List[str]:
    model = ["--model", job.model] if job.model else []
    return [*vnadmin_command(), "annotate", str(folder), "-o", str(output), *model, *extra]


def _checked_annotate(job: DistinctJob, name: str, command: List[str], output: Path,
                      workdir: Path) -> Tuple[float, float]:
    """Seconds and peak RSS of one ``vnadmin annotate`` run, checked to have written every record."""
    logger.info("bench (distinct): %s", name)
    seconds, rss = in_fresh_process(_timed_process, command, workdir)
    with open(output, encoding="utf8") as handle:
        written = sum(1 for _line in handle)
    if written != len(job.files):
        raise RuntimeError(f"{name}: {written} records for {len(job.files)} documents")
    return seconds, rss


def whole_process_rows(job: DistinctJob, n_process: int, runs: int = RUNS) -> List[Row]:
    """``vnadmin annotate`` (1 and ``n_process`` processes) and the plain underthesea script; the
    one-process annotate and the plain script are run ``runs`` times each, alternating, and their
    median counts (see RUNS)."""
    total = sum(job.chars)
    plain_note = None
    if not importable("underthesea"):
        plain_note = "skipped: underthesea not installed"
    elif any(Path(f).suffix.lower() != ".txt" for f in job.files):
        plain_note = "skipped: it reads .txt files only"
    runs = max(1, runs)

    def repeated(timings: Sequence[Tuple[float, float]]) -> str:
        seconds = ", ".join(f"{s:.2f}" for s, _ in timings)
        return f"median of {runs} runs ({seconds} s), alternating with the other" if runs > 1 else ""

    with tempfile.TemporaryDirectory(prefix="vnadmin-bench-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "sample"
        _link_folder(job.files, folder)
        single: List[Tuple[float, float]] = []
        plain: List[Tuple[float, float]] = []
        for run in range(runs):
            output = workdir / f"out-single-{run}.jsonl"
            single.append(_checked_annotate(job, ANNOTATE, _annotate_command(job, folder, output, []),
                                            output, workdir))
            if plain_note is None:
                logger.info("bench (distinct): %s", PLAIN_SCRIPT)
                command = [sys.executable, str(PLAIN_SCRIPT_PATH), str(folder)]
                plain.append(in_fresh_process(_timed_process, command, workdir))
        note = "whole process: start-up and model loading included"
        rows = [Row(ANNOTATE, len(job.files), total, median([s for s, _ in single]),
                    peak_rss_mb=max(r for _, r in single),
                    note="; ".join(filter(None, [note, repeated(single)])))]
        others = []
        if n_process > 1:
            others.append((f"{ANNOTATE} -n {n_process}", ["-n", str(n_process)]))
            if importable("distributed"):
                # A LocalCluster of n_process worker processes (vnadmin_nlp.dask_runner).
                others.append((f"{ANNOTATE} --dask -n {n_process}", ["--dask", "-n", str(n_process)]))
        for number, (name, extra) in enumerate(others):
            output = workdir / f"out-{number}.jsonl"
            seconds, rss = _checked_annotate(job, name, _annotate_command(job, folder, output, extra),
                                             output, workdir)
            row_note = note + "; peak RSS of the main process only"
            if "--dask" in extra:
                row_note += "; Dask workers, each loading the model once"
            rows.append(Row(name, len(job.files), total, seconds, peak_rss_mb=rss, note=row_note))
        if plain_note is not None:
            rows.append(Row(PLAIN_SCRIPT, skipped=True, note=plain_note))
        else:
            rows.append(Row(PLAIN_SCRIPT, len(job.files), total, median([s for s, _ in plain]),
                            peak_rss_mb=max(r for _, r in plain),
                            note="; ".join(filter(None, [
                                "`python benchmarks/underthesea_plain.py FOLDER`: whole process, start-up "
                                "included; the reference of the whole-process rows", repeated(plain)]))))
    return rows


# ---------------------------------------------------------------- the run
@dataclass
class DistinctReport:
    """Everything the main table shows."""

    rows: List[Row]
    files: List[str]
    chars: List[int]
    ner_subset: List[int]
    description: str  # where the documents come from
    isolated: bool
    model: str
    n_process: int
    targets: Dict[str, Tuple[Optional[bool], str]] = field(default_factory=dict)
    #: Seconds to import the package and load the pipeline in a fresh process (best of 3), as
    #: shipped and, where PyTorch is installed, with thinc let import it.
    startup: Dict[str, float] = field(default_factory=dict)
    #: Runs of the rows the targets compare (see RUNS); the median counts.
    runs: int = 1

    def row(self, name: str) -> Optional[Row]:
        return next((r for r in self.rows if r.name == name and not r.skipped), None)


def run_distinct(files: Sequence[Path], description: str, model: Optional[Path] = None,
                 n_process: int = 2, isolate: bool = True, ner_documents: int = 8,
                 methods: Optional[List[InProcessMethod]] = None,
                 whole_processes: bool = True, runs: int = RUNS) -> DistinctReport:
    """Measure every row on ``files``, each document once, and compute the ratios."""
    files = [Path(f).resolve() for f in files]
    chars = [document_chars(f) for f in files]
    ner_subset = [files.index(f) for f in evenly_spaced(files, ner_documents)]
    job = DistinctJob([str(f) for f in files], chars, ner_subset, str(model) if model else None)
    runs = max(1, runs)
    measured: Dict[str, List[Row]] = {}
    methods = list(methods if methods is not None else in_process_methods())
    for run in range(runs):
        for method in methods:
            if (run and not method.repeated) or (method.needs and not importable(method.needs)):
                continue
            logger.info("bench (distinct): %s%s", method.name, f" (run {run + 1})" if method.repeated else "")
            measured.setdefault(method.name, []).append(
                in_fresh_process(_measure_isolated, method, job) if isolate else method.measure(job))
    rows: List[Row] = []
    for method in methods:
        if method.name in measured:
            rows.append(_median_row(measured[method.name]))
        else:
            rows.append(Row(method.name, skipped=True, note=f"skipped: {method.needs} not installed "
                            "(pip install 'vnadmin-nlp[bench]')"))
    startup = {}
    if whole_processes:
        rows += whole_process_rows(job, n_process, runs)
        startup = startup_seconds(model)
    report = DistinctReport(rows, [str(f) for f in files], chars, ner_subset, description, isolate,
                            model_name(model), n_process, startup=startup, runs=runs)
    add_ratios(report)
    report.targets = check_targets(report)
    return report


_STARTUP_SCRIPT = """
import sys, time
start = time.perf_counter()
import vnadmin_nlp
vnadmin_nlp.load(sys.argv[1] or None)
print(time.perf_counter() - start)
"""

#: The start-up cases: as a user gets it, and where PyTorch is installed, with thinc let import
#: it (what every process paid before vnadmin_nlp.thinc_torch).
_SHIPPED, _THINC_TORCH = "as shipped", "thinc importing PyTorch"


def startup_seconds(model: Optional[Path] = None, tries: int = 3) -> Dict[str, float]:
    """Import ``vnadmin_nlp`` and ``load()`` the pipeline in a fresh interpreter, best of ``tries``:
    as shipped, and, where PyTorch is installed, with thinc let import it."""
    from vnadmin_nlp.thinc_torch import KEEP_ENV_VAR

    cases = {_SHIPPED: {}}
    if importable("torch"):
        cases[_THINC_TORCH] = {KEEP_ENV_VAR: "1"}
    out = {}
    for case, env in cases.items():
        times = []
        for _ in range(tries):
            done = subprocess.run([sys.executable, "-c", _STARTUP_SCRIPT, str(model or "")],
                                  capture_output=True, text=True, check=True, env={**os.environ, **env})
            times.append(float(done.stdout.split()[-1]))
        out[case] = min(times)
    return out


def add_ratios(report: DistinctReport) -> None:
    """Ratios to ``word_tokenize`` (whole sample) and to ``ner`` (on its documents when possible)."""
    reference = report.row(REFERENCE)
    ner = report.row(NER)
    ner_rate = ner.chars_per_s if ner else None
    for row in report.rows:
        if row.skipped or not row.chars_per_s:
            continue
        if reference and reference.chars_per_s:
            row.ratio = row.chars_per_s / reference.chars_per_s
        if ner_rate:
            same = row.rate_on(report.ner_subset, report.chars)
            row.ratio_ner = (same or row.chars_per_s) / ner_rate
            row.ratio_ner_same_documents = same is not None


def check_targets(report: DistinctReport) -> Dict[str, Tuple[Optional[bool], str]]:
    """The issue's targets on distinct documents: (met, the measured figure); None: not measured."""
    analyze, tokenizer = report.row(ANALYZE), report.row(TOKENIZER)

    def target(row: Optional[Row], value: Optional[float], minimum: float, fmt: str):
        if row is None or value is None:
            return None, ""
        return value >= minimum, fmt.format(value)

    annotate, plain = report.row(ANNOTATE), report.row(PLAIN_SCRIPT)
    whole = (plain.seconds / annotate.seconds) if annotate and plain and annotate.seconds else None
    peaks = [r.peak_rss_mb for r in (analyze, report.row(PIPE)) if r and r.peak_rss_mb]
    sklearn_tfidf = report.row(ANALYZE_SKLEARN_TFIDF)
    gain = (sklearn_tfidf.seconds / analyze.seconds - 1) if analyze and sklearn_tfidf and analyze.seconds else None
    # Issue 16's targets (single process, distinct documents); the tokenizer's from issue 6.
    return {
        "tokenizer >= 3x word_tokenize": target(tokenizer, tokenizer and tokenizer.ratio, 3, "{:.2f}x"),
        "analyze >= 1.5x word_tokenize": target(analyze, analyze and analyze.ratio, 1.5, "{:.2f}x"),
        "analyze >= 20x underthesea ner (same documents)": target(
            analyze, analyze and analyze.ratio_ner, 20, "{:.1f}x"),
        "whole-process vnadmin annotate >= 1.5x the word_tokenize script": target(
            annotate, whole, 1.5, "{:.2f}x"),
        "peak memory <= 600 MB": (max(peaks) <= 600, f"{max(peaks):.0f} MB") if peaks else (None, ""),
        "classifier's CachedTfidf >= 10% faster analyze() than scikit-learn's transform": target(
            sklearn_tfidf, gain, 0.10, "{:.0%}"),
        "import + load() <= 1.5 s": ((report.startup[_SHIPPED] <= 1.5,
                                      " / ".join(f"{s:.2f} s {case}" for case, s in report.startup.items()))
                                     if report.startup else (None, "")),
    }
