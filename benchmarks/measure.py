"""What every table needs to measure: fresh processes, peak memory, the machine's load."""

from __future__ import annotations

import multiprocessing as mp
import os
import platform
import resource
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Optional, Tuple

REFERENCE = "underthesea word_tokenize"


def peak_rss_mb() -> float:
    """This process's peak resident memory so far.

    On Linux, the high-water mark of its own memory (``VmHWM``): ``ru_maxrss`` of a process
    started by fork and exec (multiprocessing's "spawn") also counts the parent's memory at
    the fork, so a parent that had read the sample made every row look heavier.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if platform.system() == "Darwin" else rss / 1024


def rusage_rss_mb(usage) -> float:
    """Peak resident memory of a waited-for child (``os.wait4``'s rusage)."""
    return usage.ru_maxrss / (1024 * 1024) if platform.system() == "Darwin" else usage.ru_maxrss / 1024


def in_fresh_process(function: Callable, *args):
    """``function(*args)`` in a new spawned interpreter: nothing loaded or cached before, and the
    peak memory it reports is its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def load_average() -> Optional[Tuple[float, float, float]]:
    # Other work on the machine slows every method (not equally): the report says how busy it was.
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def machine() -> str:
    return (f"{os.cpu_count() or 1} CPU core(s), {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, {platform.system()}")


def model_name(model: Optional[Path]) -> str:
    """The pipeline a run loads, as ``vnadmin_nlp.load`` chooses it."""
    from vnadmin_nlp.pipeline import MODEL_ENV_VAR, SHIPPED_MODEL

    if model:
        return str(model)
    if os.environ.get(MODEL_ENV_VAR):
        return os.environ[MODEL_ENV_VAR]
    if (SHIPPED_MODEL / "config.cfg").exists():
        return f"vi_vnadmin_sm/{SHIPPED_MODEL.name} (shipped)"
    return "rule pipeline (no trained model found)"


def fmt_rate(value: Optional[float]) -> str:
    if value is None:
        return "-"
    if value >= 1e6:
        return f"{value / 1e6:.2f} M"
    if value >= 1e3:
        return f"{value / 1e3:.1f} k"
    return f"{value:.0f}"
