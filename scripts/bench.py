"""Benchmark the pipeline on distinct documents against underthesea, pyvi, spaCy and a regex pass.

    python scripts/bench.py --seeds --scale 50   # full run -> docs/benchmarks.md (minutes; a quiet machine)
    python scripts/bench.py --quick -o /tmp/bench.md
    python scripts/bench.py --folder my_docs/ --model vi_vnadmin_sm/vi_vnadmin_sm-0.1.0 -o /tmp/mine.md

Thin over :mod:`benchmarks.harness` (``--help`` lists every option); the
harness lives outside the runtime package, in ``benchmarks/``.
"""

import sys
from pathlib import Path

# The repository root, so that the top-level ``benchmarks`` package imports from anywhere.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import main  # noqa: E402

if __name__ == "__main__":
    main()
