"""Benchmark the pipeline and tokenizer against underthesea, pyvi, spaCy and a regex pass.

    python scripts/bench.py                      # seeds repeated to ~1 M chars -> docs/benchmarks.md
    python scripts/bench.py --quick --output /tmp/bench.md
    python scripts/bench.py --folder my_docs/ --model models/vnadmin_pipeline
    python scripts/bench.py --scale 50           # also stream a generated 50 MB file (memory)

Thin over :mod:`vnadmin_nlp.bench`; ``vnadmin bench`` is the same command, except
that this script writes docs/benchmarks.md unless ``--output`` is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vnadmin_nlp.cli import main

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"

if __name__ == "__main__":
    args = sys.argv[1:]
    if not any(a in ("--output", "-o") or a.startswith("--output=") for a in args):
        args += ["--output", str(DEFAULT_OUTPUT)]
    sys.argv = [sys.argv[0], "bench", *args]
    main()
