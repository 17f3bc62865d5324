"""What a user of underthesea alone would run: ``word_tokenize`` over every line of a folder's files.

    python benchmarks/underthesea_plain.py FOLDER

The benchmark times this as a whole process (interpreter start-up and model
loading included) beside ``vnadmin annotate FOLDER -o OUT.jsonl``. It imports
nothing from vnadmin_nlp, so neither its start-up nor its reading is ours.
"""

import sys
from pathlib import Path

from underthesea import word_tokenize


def main(folder: str) -> None:
    words = 0
    for path in sorted(Path(folder).rglob("*.txt")):
        with open(path, encoding="utf8") as handle:
            for line in handle:
                if line.strip():
                    words += len(word_tokenize(line))
    print(f"{words} words", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
