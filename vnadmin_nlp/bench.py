"""Speed benchmark: our pipeline and tokenizer against the peers, on the same text.

Every method sees the same paragraphs (the seed documents, or the files of a
folder, repeated to about ``target_chars`` characters) and is timed as the
best of ``repeats`` passes. Throughput is reported as characters/s and
paragraphs/s and as a ratio to underthesea ``word_tokenize`` (the reference,
ratio 1.0).

Caches: the bench text repeats the same paragraphs, and our tokenizer keeps
paragraph and n-gram caches, so repeats after the first are nearly free.
Every method that has a cache is therefore measured twice: *cold* (all caches
emptied before each copy of the text, so no paragraph is ever seen twice; the
n-gram caches fill over one copy's documents as they would over any folder of
new documents) and *warm* (caches kept, the repeated text hits them). The
batch rows are stricter still: the caches are emptied before every document.
The targets are checked on the cold figures.

Memory: with ``isolate=True`` each method runs in a fresh spawned process and
its peak RSS (``resource.getrusage``) is reported, which includes loading the
model. Without isolation (the quick mode used by the tests) no memory figure
is given, because a shared process's peak says nothing about one method.

Peers that are not installed (pyvi) are skipped with a note.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import platform
import re
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple

logger = logging.getLogger("vnadmin_nlp")

REPO = Path(__file__).resolve().parent.parent
#: The seed documents of the shared corpus, next to the repository.
DEFAULT_SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
#: The seed shipped with the package, used when ../shared is not there.
PACKAGED_EXAMPLES = Path(__file__).resolve().parent / "examples"
REFERENCE = "underthesea word_tokenize"
DOC_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
#: Files that describe a folder rather than being one of its documents (shared/corpus/extra/SOURCES.md).
FOLDER_NOTES = {"README", "SOURCES", "LICENSE", "CHANGELOG"}


# ---------------------------------------------------------------- bench text
def bench_files(folder: Optional[Path] = None) -> List[Path]:
    """The documents of ``folder`` (default: the seeds, else the packaged example)."""
    if folder is None:
        folder = DEFAULT_SEEDS if DEFAULT_SEEDS.exists() else PACKAGED_EXAMPLES
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES
                   and p.stem.upper() not in FOLDER_NOTES)
    if not files:
        from .errors import VnadminError

        raise VnadminError(f"{folder}: no documents (.txt, .md, .docx, .pdf) to benchmark")
    return files


def read_inputs(files: List[Path]) -> List[Tuple[str, str, str]]:
    """``(text, section, kind)`` of every paragraph and footnote of ``files``, in order."""
    from .io import read_document

    inputs: List[Tuple[str, str, str]] = []
    for path in files:
        document = read_document(path)
        inputs.extend((p.text, p.section, p.kind) for p in document.paragraphs)
        inputs.extend((f.text, "", "footnote") for f in document.footnotes)
    return inputs


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
    from .pipeline import load

    return load(job.model)


def _method_pipeline(job: Job, cache: bool):
    """Reader + tokenizer + every component, as ``vnadmin annotate`` runs them."""
    from .batch import clear_pipeline_caches
    from .components.extensions import register_extensions
    from .io import read_document
    from .pipeline import document_inputs, make_docs

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
    from .batch import InputFile, annotate_files

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
    from .batch import clear_pipeline_caches

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


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if platform.system() == "Darwin" else rss / 1024


def run_method(method: Method, job: Job) -> Result:
    """Time ``method`` on the bench text: best of ``job.repeats`` passes.

    A slow method processes paragraphs until ``job.time_budget`` seconds are
    spent in a pass, and its throughput is computed on what it processed.
    """
    if method.needs:
        try:
            __import__(method.needs)
        except ImportError:
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


def _run_isolated(args) -> Result:
    method, job = args
    result = run_method(method, job)
    result.peak_rss_mb = _peak_rss_mb()
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
    scale: Optional[dict] = None
    targets: Dict[str, Optional[bool]] = field(default_factory=dict)
    load_average: Optional[Tuple[float, float, float]] = None


def run_bench(folder: Optional[Path] = None, target_chars: int = 1_000_000, repeats: int = 3,
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
        logger.info("bench: %s", method.name)
        if isolate:
            with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
                result = pool.submit(_run_isolated, (method, job)).result()
        else:
            result = run_method(method, job)
        results.append(result)
    reference = next((r for r in results if r.name == REFERENCE and not r.skipped), None)
    for result in results:
        if reference and result.chars_per_s:
            result.ratio = result.chars_per_s / reference.chars_per_s
    report = BenchReport(results, [str(f) for f in files], unique_chars, len(inputs), copies,
                         repeats, os.cpu_count() or 1, isolate, _model_name(model))
    if agreement:
        report.agreement = word_boundary_agreement([t for t, _s, _k in inputs])
    report.targets = check_targets(report)
    # Other work on the machine slows every method (not equally): say so in the report.
    report.load_average = os.getloadavg() if hasattr(os, "getloadavg") else None
    return report


def _model_name(model: Optional[Path]) -> str:
    from .pipeline import MODEL_ENV_VAR, SHIPPED_MODEL

    if model:
        return str(model)
    if os.environ.get(MODEL_ENV_VAR):
        return os.environ[MODEL_ENV_VAR]
    if (SHIPPED_MODEL / "config.cfg").exists():
        return "models/vnadmin_pipeline (shipped)"
    return "rule pipeline (no trained model found)"


def _find(results: List[Result], prefix: str) -> Optional[Result]:
    return next((r for r in results if r.name.startswith(prefix) and not r.skipped), None)


def check_targets(report: BenchReport) -> Dict[str, Optional[bool]]:
    """The issue's targets on the cold figures; None where a figure is missing."""
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


# ---------------------------------------------------------------- agreement
def _reference_spans(text: str, words: List[str]) -> Optional[List[Tuple[int, int]]]:
    """Character spans of underthesea's words in ``text``; None if they cannot be aligned."""
    spans = []
    cursor = 0
    for word in words:
        start = None
        for syllable in word.split(" "):
            found = text.find(syllable, cursor)
            if found < 0 or text[cursor:found].strip():
                return None
            start = found if start is None else start
            cursor = found + len(syllable)
        spans.append((start, cursor))
    return spans


def word_boundary_agreement(texts: Iterable[str], examples: int = 15) -> dict:
    """How many of underthesea ``word_tokenize``'s words our tokenizer also has.

    A reference word counts as agreeing when one of our words has exactly its
    span. Differences inside a document code or date (ours keeps them whole),
    or where a body name or abbreviation is kept whole (fixed words, forced
    name starts), are by design and counted apart.
    """
    from underthesea import word_tokenize

    from .patterns import find_rule_entities
    from .tokenizer import segment_words

    texts = list(texts)
    # Reference first: our tokenizer must not change underthesea's state.
    reference = [word_tokenize(t, use_token_normalize=False) for t in texts]
    total = agree = unaligned = 0
    by_design: Dict[str, int] = {}
    design_examples: Dict[str, List[str]] = {}
    other_examples: List[str] = []
    other = 0
    for text, ref_words in zip(texts, reference):
        ref = _reference_spans(text, ref_words)
        if ref is None:
            unaligned += 1
            continue
        ours = segment_words(text)
        our_set = set(ours)
        entities = [(s, e) for s, e, _l, _v in find_rule_entities(text)]
        for start, end in ref:
            total += 1
            if (start, end) in our_set:
                agree += 1
                continue
            reason = _by_design_reason(text, start, end, entities, ours)
            if reason:
                by_design[reason] = by_design.get(reason, 0) + 1
                bucket = design_examples.setdefault(reason, [])
                if len(bucket) < examples:
                    bucket.append(_show_difference(text, start, end, ours))
            else:
                other += 1
                if len(other_examples) < examples:
                    other_examples.append(_show_difference(text, start, end, ours))
    n_design = sum(by_design.values())
    return {
        "reference_words": total,
        "agree": agree,
        "agreement": agree / total if total else 0.0,
        "by_design": by_design,
        "agreement_excluding_by_design": agree / (total - n_design) if total > n_design else 0.0,
        "other_differences": other,
        "paragraphs_unaligned": unaligned,
        "by_design_examples": design_examples,
        "other_examples": other_examples,
    }


_ABBR = re.compile(r"^[A-ZĐ][A-ZĐ0-9\-]+$")


def _by_design_reason(text: str, start: int, end: int, entities, ours) -> Optional[str]:
    from .tokenizer import DEFAULT_FIXED_WORDS, NAME_HEAD_SYLLABLES

    if any(start < e and end > s for s, e in entities):
        return "code or date kept whole"
    word = text[start:end]
    if any(part and not any(c.isalnum() for c in part) for part in word.split(" ")) and " " in word:
        # "| document", "Quang |": our tokenizer never joins punctuation to a word.
        return "punctuation is never part of a word"
    overlapping = [text[s:e] for s, e in ours if s < end and e > start]
    if any(f in word or f in o for f in DEFAULT_FIXED_WORDS for o in overlapping):
        return "institutional word or body name kept whole"
    for s, e in ours:
        # "Giao | Ban Dân vận": a body's head starts a word when a name follows it.
        if start < s < end and text[s:e].split(" ")[0] in NAME_HEAD_SYLLABLES \
                and text[e:e + 1] == " " and text[e + 1:e + 2].isupper():
            return "body name starts a word (Ban, Sở, Bộ ...)"
    if not word.isupper() and any(_ABBR.match(p) for p in word.split(" ")):
        # Upper-case headings split by the same rule are not counted here.
        return "abbreviation is a word of its own (UBND, MTTQ ...)"
    return None


def _show_difference(text: str, start: int, end: int, ours) -> str:
    overlapping = [text[s:e] for s, e in ours if s < end and e > start]
    return f"{text[start:end]!r} -> {' | '.join(overlapping)}"


# ---------------------------------------------------------------- scale
def iter_text_paragraphs(path: Path) -> Iterator[str]:
    """Blank-line separated blocks of a plain-text file, read line by line (streaming)."""
    block: List[str] = []
    with open(path, encoding="utf8") as handle:
        for line in handle:
            if line.strip():
                block.append(line.rstrip("\n"))
            elif block:
                yield "\n".join(block)
                block = []
    if block:
        yield "\n".join(block)


def run_scale(size_mb: float = 50.0, folder: Optional[Path] = None, model: Optional[Path] = None,
              n_process: int = 1, workdir: Optional[Path] = None, checkpoints: int = 10) -> dict:
    """Stream a generated ``size_mb`` MB text file through the pipeline; RSS along the way.

    The file (the bench paragraphs repeated) is written to ``workdir`` (a
    temporary folder by default) and deleted afterwards; nothing is kept.
    """
    import tempfile

    from .pipeline import load

    inputs = read_inputs(bench_files(folder))
    unit = "\n\n".join(t for t, _s, _k in inputs) + "\n\n"
    unit_bytes = len(unit.encode("utf8"))
    copies = max(1, round(size_mb * 1024 * 1024 / unit_bytes))
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "scale.txt"
        with open(path, "w", encoding="utf8") as handle:
            for _ in range(copies):
                handle.write(unit)
        total_bytes = path.stat().st_size
        nlp = load(model)
        rss_loaded = _peak_rss_mb()
        samples = []
        step = max(1, total_bytes // checkpoints)
        next_mark = step
        done_bytes = n_paras = 0
        start = time.perf_counter()
        for doc in nlp.pipe(iter_text_paragraphs(path), n_process=n_process, batch_size=64):
            done_bytes += len(doc.text.encode("utf8")) + 2
            n_paras += 1
            if done_bytes >= next_mark:
                samples.append((round(done_bytes / 1024 / 1024, 1), round(_peak_rss_mb(), 1),
                                round(time.perf_counter() - start, 1)))
                next_mark += step
        elapsed = time.perf_counter() - start
    return {"file_mb": round(total_bytes / 1024 / 1024, 1), "paragraphs": n_paras,
            "seconds": round(elapsed, 1), "mb_per_s": round(total_bytes / 1024 / 1024 / elapsed, 3),
            "rss_after_load_mb": round(rss_loaded, 1), "samples": samples, "n_process": n_process}


# ---------------------------------------------------------------- report
def _fmt_rate(value: Optional[float]) -> str:
    if value is None:
        return "-"
    if value >= 1e6:
        return f"{value / 1e6:.2f} M"
    if value >= 1e3:
        return f"{value / 1e3:.1f} k"
    return f"{value:.0f}"


def format_markdown(report: BenchReport, command: str = "python scripts/bench.py") -> str:
    """The report as markdown (docs/benchmarks.md is this, written by the script)."""
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{command}`; do not edit by hand.",
        "",
        f"- Machine: {report.cores} CPU core(s), {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {platform.system()}",
        f"- Load average at the end of the run (1, 5, 15 min): "
        f"{', '.join(f'{x:.1f}' for x in report.load_average) if report.load_average else 'unknown'}"
        + (" (above the core count: other work shared the CPU and the figures are noisy)"
           if report.load_average and report.load_average[0] > report.cores else ""),
        f"- Pipeline: {report.model}",
        f"- Text: {len(report.files)} document(s), {report.unique_paragraphs} paragraphs and "
        f"footnotes, {report.unique_chars:,} unique characters, repeated {report.copies}x "
        f"(about {report.unique_chars * report.copies:,} characters)",
        f"- Each figure is the best of {report.repeats} pass(es). Slow methods stop a pass after "
        "their time budget and are rated on what they processed (column *chars measured*).",
        "- *cold*: every cache (tokenizer, rule finders, classifier) emptied before each copy of "
        "the text, so no paragraph is seen twice; the n-gram caches fill over one copy's "
        "documents as over any folder of new documents. The batch rows empty them before every "
        "document. *warm*: caches kept; the repeated bench text then hits them, so warm figures "
        "overstate speed on real, non-repeating input. **The targets use the cold figures.**",
        f"- Memory: {'peak RSS of a fresh process per method (model loading included)' if report.isolated else 'not measured (methods shared one process)'}.",
        "",
        f"| method | chars/s | paragraphs/s | ratio to {REFERENCE} | peak RSS (MB) | chars measured | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in report.results:
        if r.skipped:
            lines.append(f"| {r.name} | - | - | - | - | - | {r.note} |")
            continue
        rss = f"{r.peak_rss_mb:.0f}" if r.peak_rss_mb else "-"
        ratio = f"{r.ratio:.2f}" if r.ratio else "-"
        paras = f"{r.paras_per_s:.0f}" if r.paras_per_s is not None else "-"
        lines.append(f"| {r.name} | {_fmt_rate(r.chars_per_s)} | {paras} | {ratio} | "
                     f"{rss} | {r.chars:,} | {r.note} |")
    lines += ["", "## Targets (single process, cold)", ""]
    measured = target_figures(report)
    for name, ok in report.targets.items():
        figure = f" ({measured[name]})" if measured.get(name) else ""
        lines.append(f"- {name}: {'met' if ok else 'NOT met' if ok is False else 'not measured'}{figure}")
    procs = [r for r in report.results if r.name.startswith("vnadmin batch annotate") and not r.skipped]
    if len(procs) > 1 and procs[0].chars_per_s:
        lines += ["", "## Processes", ""]
        for r in procs:
            lines.append(f"- {r.name}: {_fmt_rate(r.chars_per_s)} chars/s "
                         f"({r.chars_per_s / procs[0].chars_per_s:.2f}x of one process)")
        lines.append(f"- on {report.cores} core(s). Each worker annotates whole documents and sends back "
                     "only their records; the main process reads nothing but results.")
    if report.agreement:
        a = report.agreement
        lines += [
            "", f"## Word boundaries against {REFERENCE}", "",
            f"On the unique bench paragraphs: {a['reference_words']:,} reference words, "
            f"{a['agree']:,} with exactly the same span in ours ({a['agreement']:.2%}).",
            f"By design ({sum(a['by_design'].values()):,} words): "
            + (", ".join(f"{k}: {v}" for k, v in a["by_design"].items()) or "none") + ".",
            f"**Agreement excluding the by-design differences: "
            f"{a['agreement_excluding_by_design']:.2%}**; other differences: "
            f"{a['other_differences']}; paragraphs that could not be aligned: "
            f"{a['paragraphs_unaligned']}.",
            "",
            "Examples (reference word -> our words over the same characters):",
            "",
        ]
        for reason, examples in a["by_design_examples"].items():
            lines.append(f"- {reason}: " + "; ".join(f"`{x}`" for x in examples[:6]))
        if a["other_examples"]:
            lines.append("- other: " + "; ".join(f"`{x}`" for x in a["other_examples"][:10]))
    if report.scale:
        s = report.scale
        lines += [
            "", "## Scale: streaming a generated file", "",
            f"A {s['file_mb']} MB text file (the bench paragraphs repeated) streamed "
            f"paragraph by paragraph through `nlp.pipe` (n_process={s['n_process']}): "
            f"{s['paragraphs']:,} paragraphs in {s['seconds']} s ({s['mb_per_s']} MB/s). "
            f"Peak RSS after loading the pipeline: {s['rss_after_load_mb']} MB; along the way "
            "(the tokenizer's caches are bounded, so memory must level off once they are full; "
            "the text repeats, so this run measures memory, not speed):",
            "", "| MB processed | peak RSS (MB) | seconds |", "|---:|---:|---:|",
        ]
        for mb, rss, secs in s["samples"]:
            lines.append(f"| {mb} | {rss} | {secs} |")
    return "\n".join(lines) + "\n"
