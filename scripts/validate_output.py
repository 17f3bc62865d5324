"""Annotate a fixed sample of pool documents and check that our own output passes our validator.

    python scripts/validate_output.py                 # 200 documents -> docs/output-validation.md
    python scripts/validate_output.py --documents 20 --output /tmp/check.md

The sample is drawn with a fixed seed from every .txt under ../shared/corpus/pool; the
documents are annotated by `vnadmin annotate` as a user runs it, and the JSONL it writes is
checked by `vnadmin validate --predictions` (labels may be absent, everything else as for gold).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vnadmin_nlp.io.standoff import default_corpus_root  # noqa: E402

SEED = 200


def sample(pool: Path, n: int):
    files = sorted(p for p in pool.rglob("*.txt"))
    return random.Random(SEED).sample(files, min(n, len(files)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "output-validation.md")
    args = parser.parse_args(argv)
    pool = default_corpus_root() / "pool"
    if not pool.is_dir():
        print(f"error: no pool under {pool.parent}", file=sys.stderr)
        return 2
    files = sample(pool, args.documents)
    exe = Path(sys.executable).with_name("vnadmin")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "annotations.jsonl"
        annotate = subprocess.run([str(exe), "annotate", *map(str, files), "-o", str(out)],
                                  capture_output=True, text=True)
        check = subprocess.run([str(exe), "validate", "--predictions", str(out)], capture_output=True, text=True)
        problems = [line for line in check.stdout.splitlines() if not line.startswith("ok:")]
        records = sum(1 for line in out.open(encoding="utf-8") if line.strip()) if out.exists() else 0
    summary = [line for line in annotate.stderr.splitlines() if line.startswith(("annotated", "failed", "entities",
                                                                                  "paragraph labels"))]
    lines = ["# Our output validates", "",
             f"Written by `python scripts/validate_output.py --documents {args.documents}`: {len(files)} pool documents "
             f"drawn with random.Random({SEED}) from every .txt under ../shared/corpus/pool, annotated by `vnadmin "
             "annotate` with the shipped pipeline, the JSONL checked by `vnadmin validate --predictions`.", "",
             f"- documents annotated: {records} of {len(files)} (`vnadmin annotate` exit {annotate.returncode})",
             f"- `vnadmin validate --predictions`: exit {check.returncode}, {len(problems)} problem line(s)"]
    lines += [f"- {line}" for line in summary]
    if problems:
        lines += ["", "Problems:", ""] + [f"    {p}" for p in problems[:50]]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if check.returncode == 0 and annotate.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
