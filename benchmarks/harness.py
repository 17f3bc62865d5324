"""The benchmark's command line: run the tables asked for and write docs/benchmarks.md.

    python scripts/bench.py --seeds --scale 50   # the full run: pool sample, seeds table, 50 MB stream
    python scripts/bench.py --quick -o /tmp/bench.md   # 20 documents of the sample: checks it all works
    python scripts/bench.py --folder DIR -o docs/benchmarks-state.md   # every document of DIR once
    python scripts/bench.py --write-sample        # redraw benchmarks/pool_sample.txt (same rule, seed)
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from pathlib import Path
from typing import List, Optional

from .corpus import (CORPUS_ROOT, POOL, POOL_SAMPLE_FILE, PACKAGED_EXAMPLES, REPO, bench_files,
                     choose_pool_sample, evenly_spaced, load_pool_sample, write_pool_sample)
from .measure import load_average, model_name

DEFAULT_OUTPUT = REPO / "docs" / "benchmarks.md"
QUICK_DOCUMENTS = 20


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python scripts/bench.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT,
                        help="where the markdown report goes (default: docs/benchmarks.md)")
    parser.add_argument("--folder", type=Path, help="measure every document of this folder once, "
                        "instead of the pool sample")
    parser.add_argument("--documents", type=int, help="only this many documents of the sample, "
                        "spread over it")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCUMENTS} documents, ner on 2; "
                        "the seeds table (with --seeds) on the packaged example only")
    parser.add_argument("--ner-documents", type=int, default=8, help="documents underthesea ner runs on")
    parser.add_argument("--n-process", type=int, default=2, help="processes of the several-process row")
    parser.add_argument("--model", type=Path, help="pipeline to measure (default: as vnadmin_nlp.load)")
    parser.add_argument("--no-isolate", dest="isolate", action="store_false",
                        help="run the in-process rows in this process (no memory figures)")
    parser.add_argument("--seeds", action="store_true", help="add the secondary table: the seed "
                        "documents repeated to about --chars characters")
    parser.add_argument("--chars", type=int, default=1_000_000,
                        help="seeds table: repeat to this many characters")
    parser.add_argument("--runs", type=int, default=None,
                        help="distinct table: runs of the rows the targets compare, alternating, the "
                             "median counts (default 3; 1 with --quick)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="seeds table: passes per method, the best counts")
    parser.add_argument("--budget", type=float, default=15.0,
                        help="seeds table: seconds per pass of a slow method")
    parser.add_argument("--scale", type=float, default=0.0,
                        help="also stream a generated file of this many MB")
    parser.add_argument("--write-sample", action="store_true",
                        help=f"redraw {POOL_SAMPLE_FILE.name} and stop")
    return parser.parse_args(argv)


def sample_files(args: argparse.Namespace) -> tuple:
    """The documents of the distinct table and how the report names them."""
    if args.folder:
        files = bench_files(args.folder)
        description = f"every document of `{args.folder}`"
    else:
        files = load_pool_sample()
        description = (f"the fixed sample of `../shared/{CORPUS_ROOT.name}/{POOL.name}` listed in "
                       f"`benchmarks/{POOL_SAMPLE_FILE.name}` (how it was drawn: its header)")
    count = args.documents or (QUICK_DOCUMENTS if args.quick else None)
    if count and count < len(files):
        files = evenly_spaced(files, count)
        description += f", {count} of them spread over it"
    return files, description


def main(argv: Optional[List[str]] = None) -> None:
    from .distinct import RUNS, run_distinct
    from .report import RunInfo, format_report

    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.write_sample:
        write_pool_sample(choose_pool_sample())
        print(f"{POOL_SAMPLE_FILE} written", file=sys.stderr)
        return
    _log_progress()
    run = RunInfo("python scripts/bench.py" + (f" {shlex.join(argv)}" if argv else ""),
                  model_name(args.model), load_start=load_average())
    files, description = sample_files(args)
    runs = args.runs if args.runs is not None else (1 if args.quick else RUNS)
    distinct = run_distinct(files, description, args.model, args.n_process, args.isolate,
                            ner_documents=2 if args.quick else args.ner_documents, runs=runs)
    repeated = None
    if args.seeds:
        from .repeated import run_repeated

        if args.quick:  # the packaged example once: enough to run every method
            repeated = run_repeated(PACKAGED_EXAMPLES, 20_000, 1, 0.5, args.model, args.n_process, False)
        else:
            repeated = run_repeated(None, args.chars, args.repeats, args.budget, args.model,
                                    args.n_process, args.isolate)
    scale = None
    if args.scale:
        from .scale import run_scale

        scale = run_scale(args.scale, model=args.model)
    run.load_end = load_average()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(format_report(run, distinct, repeated, scale), encoding="utf8")
    print(f"report written to {args.output}", file=sys.stderr)


def _log_progress() -> None:
    logger = logging.getLogger("benchmarks")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # underthesea configures the root logger: each line would show twice
