"""Memory at scale: a large generated text file streamed through ``nlp.pipe``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator, List, Optional

from .corpus import bench_files, read_inputs
from .measure import peak_rss_mb


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

    from vnadmin_nlp.pipeline import load

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
        rss_loaded = peak_rss_mb()
        samples = []
        step = max(1, total_bytes // checkpoints)
        next_mark = step
        done_bytes = n_paras = 0
        start = time.perf_counter()
        for doc in nlp.pipe(iter_text_paragraphs(path), n_process=n_process, batch_size=64):
            done_bytes += len(doc.text.encode("utf8")) + 2
            n_paras += 1
            if done_bytes >= next_mark:
                samples.append((round(done_bytes / 1024 / 1024, 1), round(peak_rss_mb(), 1),
                                round(time.perf_counter() - start, 1)))
                next_mark += step
        elapsed = time.perf_counter() - start
    return {"file_mb": round(total_bytes / 1024 / 1024, 1), "paragraphs": n_paras,
            "seconds": round(elapsed, 1), "mb_per_s": round(total_bytes / 1024 / 1024 / elapsed, 3),
            "rss_after_load_mb": round(rss_loaded, 1), "samples": samples, "n_process": n_process}
