"""Keep PyTorch out of thinc's start-up probe: the pipeline we ship never runs PyTorch.

Where PyTorch is installed (the ``transformers`` extra), ``import spacy`` imports thinc, whose
``thinc.compat`` imports ``torch`` only to learn whether it could use it. On our machine that
probe cost every process that loads the shipped pipeline 0.8 s and 220 MB more memory, and
made ``analyze()`` about 8% slower on the benchmark's distinct documents (measured in one pair
of runs; why, not traced); docs/evaluation.md, "Speed and start-up" of the 2026-12-07 third session.

:func:`decline_thinc_probe` answers that one probe "not installed": thinc then runs as in a
default install. Nothing else is declined: ``import torch`` from anywhere else (our
transformer component, the user's own code, before or after) imports PyTorch as usual. What
changes is thinc's own PyTorch layers (``PyTorchWrapper``, spacy-transformers), which would not
work in the same process. To keep them, import ``torch`` before ``vnadmin_nlp`` or set
``VNADMIN_THINC_TORCH=1``.
"""

from __future__ import annotations

import os
import sys

#: Set to 1 to let thinc import PyTorch (for thinc's PyTorch layers in the same process).
KEEP_ENV_VAR = "VNADMIN_THINC_TORCH"
_PROBING_MODULE = "thinc.compat"


class _ThincTorchProbe:
    """A ``sys.meta_path`` finder that fails ``import torch`` only when thinc.compat asks."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torch" or not _imported_by(_PROBING_MODULE):
            return None  # the usual finders decide
        _remove_finder()  # thinc probes once per process
        raise ModuleNotFoundError("PyTorch left out of thinc by vnadmin_nlp (set "
                                  f"{KEEP_ENV_VAR}=1 to keep it)", name="torch")


def _imported_by(module: str) -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == module:
            return True
        frame = frame.f_back
    return False


def _remove_finder() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _ThincTorchProbe)]


def decline_thinc_probe() -> None:
    """Install the finder, unless thinc has already probed (imported before us), PyTorch is
    already imported, or the user asked to keep it."""
    if (_PROBING_MODULE in sys.modules or "torch" in sys.modules or os.environ.get(KEEP_ENV_VAR) == "1"
            or any(isinstance(f, _ThincTorchProbe) for f in sys.meta_path)):
        return
    sys.meta_path.insert(0, _ThincTorchProbe())
