"""Fewer cyclic garbage collections while we annotate.

Annotating allocates millions of short-lived objects (tokens, spans, feature strings), and with
Python's default thresholds (700, 10, 10) every full collection walks the pipeline's large tables
and caches again. Measured on the benchmark's 120 distinct pool documents (docs/evaluation.md):
``analyze()`` one document at a time, fresh processes alternated, 9.3-10.4 s with the defaults
against 8.7-9.4 s with these thresholds; ``vnadmin annotate`` as a whole process, median 11.6 s
against 10.6 s; the same peak memory. Cycles are still collected, only less often.

The command line sets them for its own process, and so do the worker processes of ``-n N``; the
library (``analyze()``, ``batch.run_batch``) raises them only for the length of its own call
(:func:`fewer_collections`) and gives the user's setting back.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

#: The collector's thresholds while annotating (Python's default: 700, 10, 10).
GC_THRESHOLDS = (20_000, 10, 10)


def collect_less_in_this_process() -> None:
    """:data:`GC_THRESHOLDS` for the rest of this process: for a process of our own (the command
    line, a worker of ``-n N``), never for a library caller's."""
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """:data:`GC_THRESHOLDS` for a ``with`` block, the caller's thresholds again after it (unless
    they are already at least as high)."""
    before = gc.get_threshold()
    if before[0] >= GC_THRESHOLDS[0]:
        yield
        return
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
