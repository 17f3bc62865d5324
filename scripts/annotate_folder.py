"""Annotate a folder of documents into one CSV per document (a script to adapt).

    python scripts/annotate_folder.py incoming/ -o annotated_csv/ [--entities] [--model DIR]

Each document ``incoming/sub/x.docx`` becomes ``annotated_csv/sub/x.docx.csv``:
one row per paragraph with its label and section (``--entities``: one row per
entity with its normalized value). Files that cannot be read are listed at the
end and in ``annotated_csv/errors.jsonl``; the exit code is 1 if any failed.
Everything here is the library's batch runner and CSV export; change the
``write_one`` function to write something else per document.
"""

import argparse
import logging
import sys
from pathlib import Path

from vnadmin_nlp.batch import expand_inputs, run_batch, write_errors
from vnadmin_nlp.export import write_csv
from vnadmin_nlp.pipeline import load


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="files, folders or glob patterns")
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder for the CSV files")
    parser.add_argument("--entities", action="store_true", help="one row per entity instead of per paragraph")
    parser.add_argument("--model", type=Path, default=None, help="pipeline directory (default: load()'s order)")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    def write_one(result) -> None:
        if result.record is None:
            print(f"error: {result.error}", file=sys.stderr)
            return
        target = args.output / (result.input.doc_id + ".csv")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_csv([result.record], target, entities=args.entities)

    args.output.mkdir(parents=True, exist_ok=True)
    summary = run_batch(expand_inputs(args.inputs), None, nlp=load(args.model), n_process=args.n_process,
                        on_result=write_one, progress=sys.stderr.isatty())
    if summary.failed:
        errors_path = args.output / "errors.jsonl"
        write_errors(summary.failed, errors_path)
        summary.errors_file = str(errors_path)  # the summary points to it only when it exists
    print(summary.format(), file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
