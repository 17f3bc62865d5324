"""The secondary table: the seed documents (or a folder) repeated to about ``target_chars``.

Every method sees the same paragraphs and is timed as the best of ``repeats``
passes. Throughput is reported as characters/s and paragraphs/s and as a ratio
to underthesea ``word_tokenize`` (the reference, ratio 1.0).

Repeating a few documents flatters every cache, which is why the main table
(:mod:`benchmarks.distinct`) runs on distinct documents instead. Here every
method that has a cache is measured twice: *cold* (all caches emptied before
each copy of the text, so no paragraph is ever seen twice; the n-gram caches
fill over one copy's documents) and *warm* (caches kept, the repeated text hits
them). The batch rows are stricter still: the caches are emptied before every
document.

Memory: with ``isolate=True`` each method runs in a fresh spawned process and
its peak RSS is reported, which includes loading the model. Without isolation
(the tests) no memory figure is given: a shared process's peak says nothing
about one method.

Peers that are not installed (pyvi) are skipped with a note.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from .corpus import bench_files, read_inputs
from .measure import REFERENCE, importable, in_fresh_process, model_name, peak_rss_mb

logger = logging.getLogger("benchmarks")


def repeat_count(unique_chars: int, target_chars: int) -> int:
    """How many copies of the unique text make about ``target_chars`` characters."""
    return max(1, round(target_chars / max(1, unique_chars)))


# ---------------------------------------------------------------- methods
# Each method takes the bench job and returns a callable that processes a list
# of paragraph texts; loading (models, pipelines) happens before timing.

@dataclass
class Job:
    """What one method is run on."""

    files: List[str]
    copies: int
    repeats: int
    time_budget: float
    model: Optional[str] = None
    n_process: int = 1


def _load_pipeline(job: Job):
    from vnadmin_nlp.pipeline import load

    return load(job.model)


def _method_pipeline(job: Job, cache: bool):
    """Reader + tokenizer + every component, as ``vnadmin annotate`` runs them."""
    from vnadmin_nlp.batch import clear_pipeline_caches
    from vnadmin_nlp.components.extensions import register_extensions
    from vnadmin_nlp.io import read_document
    from vnadmin_nlp.pipeline import document_inputs, make_docs

    nlp = _load_pipeline(job)
    register_extensions()
    files = [Path(f) for f in job.files]

    def run(_texts):  # reads the files itself: the reader is part of what is timed
        n_chars = n_paras = 0
        for _ in range(job.copies):
            if not cache:
                clear_pipeline_caches(nlp)
            for path in files:
                inputs = document_inputs(read_document(path))
                for _doc in nlp.pipe(make_docs(nlp, inputs)):
                    pass
                # Counted from the inputs: doc.text would rebuild every text inside the timing.
                n_chars += sum(len(text) for text, *_rest in inputs)
                n_paras += len(inputs)
        return n_chars, n_paras

    return run, True


def _method_batch(job: Job, cache: bool):
    """``vnadmin annotate``'s batch runner (reader, pipeline, output records) over the files
    repeated ``copies`` times, with ``job.n_process`` worker processes."""
    from vnadmin_nlp.batch import InputFile, annotate_files

    nlp = _load_pipeline(job)
    items = [InputFile(Path(f), f"{i}-{Path(f).name}") for i in range(job.copies) for f in job.files]

    def run(_texts):
        n_chars = n_paras = 0
        for result in annotate_files(items, nlp, n_process=job.n_process, fresh_caches=not cache):
            if result.error:
                raise RuntimeError(result.error)
            for item in result.record["paragraphs"] + result.record["footnotes"]:
                n_chars += len(item["text"])
                n_paras += 1
        return n_chars, n_paras

    return run, True


def _method_tokenizer(job: Job, cache: bool):
    """Our tokenizer alone (word segmentation, codes and dates whole), building Docs."""
    from vnadmin_nlp.batch import clear_pipeline_caches

    nlp = _load_pipeline(job)
    tokenizer = nlp.tokenizer
    per_file = [[t for t, _s, _k in read_inputs([Path(f)])] for f in job.files]

    def run(_texts):
        n_chars = n_paras = 0
        for _ in range(job.copies):
            if not cache:
                clear_pipeline_caches(nlp)
            for texts in per_file:
                for text in texts:
                    tokenizer(text)
                    n_chars += len(text)
                n_paras += len(texts)
        return n_chars, n_paras

    return run, True


def _method_underthesea_word_tokenize(job: Job, cache: bool):
    from underthesea import word_tokenize

    word_tokenize("Khởi động")  # loads the CRF model before timing

    def run(texts):
        for text in texts:
            word_tokenize(text)
        return None

    return run, False


def _method_underthesea_ner(job: Job, cache: bool):
    from underthesea import ner

    ner("Khởi động")

    def run(texts):
        for text in texts:
            ner(text)
        return None

    return run, False


def _method_pyvi(job: Job, cache: bool):
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("Khởi động")

    def run(texts):
        for text in texts:
            ViTokenizer.tokenize(text)
        return None

    return run, False


def _method_spacy_blank(job: Job, cache: bool):
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})

    def run(texts):
        for text in texts:
            nlp.make_doc(text)
        return None

    return run, False


_FLOOR_RE = re.compile(r"\w+|[^\w\s]")


def _method_regex(job: Job, cache: bool):
    def run(texts):
        for text in texts:
            _FLOOR_RE.findall(text)
        return None

    return run, False


@dataclass
class Method:
    name: str
    make: Callable
    cache: bool = False
    n_process: int = 1
    needs: Optional[str] = None  # module that must be importable
    note: str = ""


def default_methods(n_process: int = 2) -> List[Method]:
    """Every measured method, in the order of the report."""
    methods = [
        Method("vnadmin pipeline (reader + all components), cold", _method_pipeline),
        Method("vnadmin pipeline (reader + all components), warm", _method_pipeline, cache=True),
        Method("vnadmin batch annotate, 1 process, cold", _method_batch, n_process=1),
    ]
    if n_process > 1:
        methods.append(Method(f"vnadmin batch annotate, {n_process} processes, cold",
                              _method_batch, n_process=n_process))
    methods += [
        Method("vnadmin tokenizer, cold", _method_tokenizer),
        Method("vnadmin tokenizer, warm", _method_tokenizer, cache=True),
        Method(REFERENCE, _method_underthesea_word_tokenize, needs="underthesea"),
        Method("underthesea ner", _method_underthesea_ner, needs="underthesea",
               note="CRF model shipped in the wheel; runs offline"),
        Method("pyvi ViTokenizer.tokenize", _method_pyvi, needs="pyvi"),
        Method('spacy.blank("vi"), no pyvi', _method_spacy_blank),
        Method(r"regex pass \w+|[^\w\s] (floor)", _method_regex),
    ]
    return methods


# ---------------------------------------------------------------- running
@dataclass
class Result:
    """One method's best pass."""

    name: str
    chars_per_s: Optional[float] = None
    paras_per_s: Optional[float] = None
    chars: int = 0
    paragraphs: int = 0
    seconds: float = 0.0
    passes: int = 0
    peak_rss_mb: Optional[float] = None
    ratio: Optional[float] = None
    note: str = ""
    skipped: bool = False


def run_method(method: Method, job: Job) -> Result:
    """Time ``method`` on the bench text: best of ``job.repeats`` passes.

    A slow method processes paragraphs until ``job.time_budget`` seconds are
    spent in a pass, and its throughput is computed on what it processed.
    """
    if method.needs and not importable(method.needs):
        return Result(method.name, skipped=True, note=f"skipped: {method.needs} not installed "
                      "(pip install 'vnadmin-nlp[bench]')")
    job = Job(**{**asdict(job), "n_process": method.n_process})
    run, whole_text = method.make(job, method.cache)
    texts = [t for t, _s, _k in read_inputs([Path(f) for f in job.files])] * job.copies
    best: Optional[Tuple[float, int, int]] = None
    passes = 0
    for _ in range(job.repeats):
        if whole_text:
            start = time.perf_counter()
            n_chars, n_paras = run(texts)
            elapsed = time.perf_counter() - start
        else:
            elapsed, n_chars, n_paras = _timed_in_slices(run, texts, job.time_budget)
        passes += 1
        if best is None or n_chars / elapsed > best[1] / best[0]:
            best = (elapsed, n_chars, n_paras)
    elapsed, n_chars, n_paras = best
    return Result(method.name, n_chars / elapsed, n_paras / elapsed, n_chars, n_paras,
                  elapsed, passes, note=method.note)


def _timed_in_slices(run, texts: List[str], budget: float) -> Tuple[float, int, int]:
    """Run over ``texts`` in slices, stopping after the slice that passes ``budget`` s."""
    slice_size = 50
    elapsed = 0.0
    n_chars = n_paras = 0
    for i in range(0, len(texts), slice_size):
        batch = texts[i:i + slice_size]
        start = time.perf_counter()
        counts = run(batch)
        elapsed += time.perf_counter() - start
        if counts is None:
            counts = (sum(map(len, batch)), len(batch))
        n_chars += counts[0]
        n_paras += counts[1]
        if elapsed > budget:
            break
    return elapsed, n_chars, n_paras


def _run_isolated(method: Method, job: Job) -> Result:
    result = run_method(method, job)
    result.peak_rss_mb = peak_rss_mb()
    return result


@dataclass
class BenchReport:
    """Everything the markdown report shows."""

    results: List[Result]
    files: List[str]
    unique_chars: int
    unique_paragraphs: int
    copies: int
    repeats: int
    cores: int
    isolated: bool
    model: str
    agreement: Optional[dict] = None
    targets: Dict[str, Optional[bool]] = field(default_factory=dict)


def run_repeated(folder: Optional[Path] = None, target_chars: int = 1_000_000, repeats: int = 3,
              time_budget: float = 15.0, model: Optional[Path] = None, n_process: int = 2,
              isolate: bool = True, methods: Optional[List[Method]] = None,
              agreement: bool = True) -> BenchReport:
    """Measure every method on the same text and compute ratios to the reference.

    ``isolate`` runs each method in a fresh process (honest peak memory; each
    pays its own model loading, which is not timed).
    """
    files = bench_files(folder)
    inputs = read_inputs(files)
    unique_chars = sum(len(t) for t, _s, _k in inputs)
    copies = repeat_count(unique_chars, target_chars)
    job = Job([str(f) for f in files], copies, repeats, time_budget,
              str(model) if model else None)
    methods = methods if methods is not None else default_methods(n_process)
    results: List[Result] = []
    for method in methods:
        logger.info("bench (repeated): %s", method.name)
        if isolate:
            result = in_fresh_process(_run_isolated, method, job)
        else:
            result = run_method(method, job)
        results.append(result)
    reference = next((r for r in results if r.name == REFERENCE and not r.skipped), None)
    for result in results:
        if reference and result.chars_per_s:
            result.ratio = result.chars_per_s / reference.chars_per_s
    report = BenchReport(results, [str(f) for f in files], unique_chars, len(inputs), copies,
                         repeats, os.cpu_count() or 1, isolate, model_name(model))
    if agreement:
        from .agreement import word_boundary_agreement

        report.agreement = word_boundary_agreement([t for t, _s, _k in inputs])
    report.targets = check_targets(report)
    return report


def _find(results: List[Result], prefix: str) -> Optional[Result]:
    return next((r for r in results if r.name.startswith(prefix) and not r.skipped), None)


def check_targets(report: BenchReport) -> Dict[str, Optional[bool]]:
    """The issue's targets on the cold figures of the repeated text; None where a figure is missing."""
    results = report.results
    tok = _find(results, "vnadmin tokenizer, cold")
    pipe = _find(results, "vnadmin pipeline (reader + all components), cold")
    ner = _find(results, "underthesea ner")
    targets: Dict[str, Optional[bool]] = {}
    targets["tokenizer >= 3x word_tokenize (cold)"] = tok.ratio >= 3 if tok and tok.ratio else None
    targets["pipeline >= 2x word_tokenize (cold)"] = pipe.ratio >= 2 if pipe and pipe.ratio else None
    targets["pipeline >= 50x underthesea ner (cold)"] = (
        pipe.chars_per_s >= 50 * ner.chars_per_s if pipe and ner else None)
    if report.agreement:
        targets["agreement >= 98% of words (by-design differences excluded)"] = (
            report.agreement["agreement_excluding_by_design"] >= 0.98)
    return targets


def target_figures(report: BenchReport) -> Dict[str, str]:
    """The measured figure behind each target, for the report (``"6.30x"``)."""
    results = report.results
    tok = _find(results, "vnadmin tokenizer, cold")
    pipe = _find(results, "vnadmin pipeline (reader + all components), cold")
    ner = _find(results, "underthesea ner")
    figures = {}
    if tok and tok.ratio:
        figures["tokenizer >= 3x word_tokenize (cold)"] = f"{tok.ratio:.2f}x"
    if pipe and pipe.ratio:
        figures["pipeline >= 2x word_tokenize (cold)"] = f"{pipe.ratio:.2f}x"
    if pipe and ner and ner.chars_per_s:
        figures["pipeline >= 50x underthesea ner (cold)"] = f"{pipe.chars_per_s / ner.chars_per_s:.1f}x"
    if report.agreement:
        figures["agreement >= 98% of words (by-design differences excluded)"] = (
            f"{report.agreement['agreement_excluding_by_design']:.2%}")
    return figures


