"""Which documents the benchmark measures: the fixed sample of the pool, the seeds, a folder.

The main table runs on distinct documents (no text seen twice), because
repeating a few documents lets every cache answer from memory and overstates
speed. The sample is drawn once from ``../shared/corpus/pool`` by
:func:`choose_pool_sample` and kept in ``benchmarks/pool_sample.txt``, so
every run measures the same files; ``python scripts/bench.py --write-sample``
draws it again (same rule, same seed, same list while the pool is unchanged).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
#: The shared corpus next to the repository; sample paths are relative to it.
CORPUS_ROOT = REPO.parent / "shared" / "corpus"
POOL = CORPUS_ROOT / "pool"
POOL_SAMPLE_FILE = Path(__file__).resolve().parent / "pool_sample.txt"
#: The seed documents of the shared corpus (the secondary, repeated table).
DEFAULT_SEEDS = CORPUS_ROOT / "seeds"
#: The seed shipped with the package, used when ../shared is not there.
PACKAGED_EXAMPLES = REPO / "vnadmin_nlp" / "examples"

#: The rule of the pool sample: as many documents from each of the pool's folders (its four
#: layouts: gazette PDFs, crawled legal database, People's Council texts, news copies), none
#: longer than SAMPLE_MAX_CHARS (the largest laws and gazettes would make one run last an hour
#: and weigh more than all the rest), drawn with a fixed seed.
SAMPLE_FOLDERS = ("congbao", "hdnd", "news", "tvpl")
SAMPLE_PER_FOLDER = 30
SAMPLE_MAX_CHARS = 100_000
SAMPLE_SEED = 16

DOC_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
#: Files that describe a folder rather than being one of its documents (shared/corpus/extra/SOURCES.md).
FOLDER_NOTES = {"README", "SOURCES", "LICENSE", "CHANGELOG"}


# ---------------------------------------------------------------- the pool sample
def pool_sizes(pool: Path = POOL) -> List[Tuple[str, int]]:
    """``(path relative to the pool, characters)`` of every pool document, from its SOURCES.tsv."""
    with open(pool / "SOURCES.tsv", encoding="utf8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(row[0], int(row[1])) for row in rows if row]


def choose_pool_sample(pool: Path = POOL, per_folder: int = SAMPLE_PER_FOLDER,
                       max_chars: int = SAMPLE_MAX_CHARS, seed: int = SAMPLE_SEED) -> List[str]:
    """The sample's documents, as paths relative to the corpus root (``pool/news/x.txt``), sorted."""
    sizes = pool_sizes(pool)
    chosen: List[str] = []
    for folder in SAMPLE_FOLDERS:
        candidates = sorted(path for path, chars in sizes
                            if path.startswith(folder + "/") and chars <= max_chars)
        if len(candidates) < per_folder:
            raise ValueError(f"{pool / folder}: {len(candidates)} documents of at most "
                             f"{max_chars:,} characters, {per_folder} wanted")
        chosen += random.Random(seed).sample(candidates, per_folder)
    prefix = pool.name
    return sorted(f"{prefix}/{path}" for path in chosen)


def write_pool_sample(paths: Sequence[str], target: Path = POOL_SAMPLE_FILE,
                      pool: Path = POOL) -> None:
    sizes = dict(pool_sizes(pool))
    total = sum(sizes[p.split("/", 1)[1]] for p in paths)
    header = [
        "# The benchmark's sample of distinct documents (benchmarks/corpus.py, choose_pool_sample).",
        f"# {len(paths)} documents, {total:,} characters (pool/SOURCES.tsv): {SAMPLE_PER_FOLDER} from "
        f"each of {', '.join(SAMPLE_FOLDERS)},",
        f"# drawn with random.Random({SAMPLE_SEED}).sample from the sorted files of at most "
        f"{SAMPLE_MAX_CHARS:,} characters.",
        "# Paths are relative to ../shared/corpus. Redraw: python scripts/bench.py --write-sample",
    ]
    target.write_text("\n".join(header + list(paths)) + "\n", encoding="utf8")


def load_pool_sample(sample_file: Path = POOL_SAMPLE_FILE,
                     corpus_root: Path = CORPUS_ROOT) -> List[Path]:
    """The sample's files; an error naming what is missing when the corpus is not there."""
    from vnadmin_nlp.errors import VnadminError

    lines = sample_file.read_text(encoding="utf8").splitlines()
    files = [corpus_root / line.strip() for line in lines if line.strip() and not line.startswith("#")]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise VnadminError(f"{len(missing)} of the {len(files)} documents of {sample_file} are not "
                           f"in {corpus_root} (first: {missing[0]}); measure a folder of yours with "
                           "--folder DIR")
    return files


def evenly_spaced(items: Sequence, count: int) -> list:
    """``count`` items spread over ``items`` (the sorted sample: every folder keeps its share)."""
    if count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


# ---------------------------------------------------------------- any folder, the seeds
def bench_files(folder: Optional[Path] = None) -> List[Path]:
    """The documents of ``folder`` (default: the seeds, else the packaged example)."""
    if folder is None:
        folder = DEFAULT_SEEDS if DEFAULT_SEEDS.exists() else PACKAGED_EXAMPLES
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES
                   and p.stem.upper() not in FOLDER_NOTES)
    if not files:
        from vnadmin_nlp.errors import VnadminError

        raise VnadminError(f"{folder}: no documents (.txt, .md, .docx, .pdf) to benchmark")
    return files


def read_inputs(files: Sequence[Path]) -> List[Tuple[str, str, str]]:
    """``(text, section, kind)`` of every paragraph and footnote of ``files``, in order."""
    from vnadmin_nlp.io import read_document

    inputs: List[Tuple[str, str, str]] = []
    for path in files:
        document = read_document(path)
        inputs.extend((p.text, p.section, p.kind) for p in document.paragraphs)
        inputs.extend((f.text, "", "footnote") for f in document.footnotes)
    return inputs


def document_chars(path: Path) -> int:
    """A document's characters as every row counts them: its paragraphs and footnotes as read."""
    return sum(len(text) for text, _s, _k in read_inputs([path]))
