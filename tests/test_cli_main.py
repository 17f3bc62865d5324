"""The ``vnadmin`` entry point's argument handling (``--dask ADDRESS``), and PyTorch left out of
thinc's start-up probe (vnadmin_nlp.thinc_torch)."""

import os
import subprocess
import sys

import pytest

from vnadmin_nlp.cli import _dask_address_argv
from vnadmin_nlp.thinc_torch import KEEP_ENV_VAR

from .conftest import REPO


@pytest.mark.parametrize("argv, expected", [
    (["annotate", "in/", "--dask", "-o", "o.jsonl"], ["annotate", "in/", "--dask", "-o", "o.jsonl"]),
    (["annotate", "in/", "--dask", "tcp://10.1.2.3:8786", "-o", "o.jsonl"],
     ["annotate", "in/", "--dask", "--scheduler", "tcp://10.1.2.3:8786", "-o", "o.jsonl"]),
    (["annotate", "in/", "--dask", "head.cluster:8786"], ["annotate", "in/", "--dask", "--scheduler", "head.cluster:8786"]),
    (["annotate", "--dask=tls://head:8786", "in/"], ["annotate", "--dask", "--scheduler", "tls://head:8786", "in/"]),
    # An input after --dask is an input, not an address.
    (["annotate", "--dask", "incoming/", "-o", "o.jsonl"], ["annotate", "--dask", "incoming/", "-o", "o.jsonl"]),
    (["annotate", "--dask", "quyet-dinh.docx"], ["annotate", "--dask", "quyet-dinh.docx"]),
])
def test_dask_takes_an_optional_scheduler_address(argv, expected):
    assert _dask_address_argv(argv) == expected


SCRIPT = """
import os, sys
import vnadmin_nlp
result = vnadmin_nlp.analyze("vnadmin_nlp/examples/ket-luan-btv-tinh-uy-bac-giang.txt")
labels = {e.label for e in result.entities}
print("torch" in sys.modules, sorted(labels), len(result.paragraphs))
import torch  # anyone else's import of PyTorch is not declined
import thinc.compat
print(torch.ones(2).sum().item(), thinc.compat.has_torch)
"""


def _run(env_extra=None, prelude=""):
    env = {k: v for k, v in os.environ.items() if k != KEEP_ENV_VAR}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", prelude + SCRIPT], cwd=REPO, capture_output=True, text=True,
                          check=True, env=env).stdout.split()


def test_the_pipeline_runs_without_thinc_importing_pytorch():
    pytest.importorskip("torch")  # only where PyTorch is installed is there anything to leave out
    out = _run()
    assert out[0] == "False"  # loading and annotating never imported PyTorch
    assert "'ORG'," in out and "'DOC_NUMBER'," in out and int(out[-3]) > 10
    assert out[-2:] == ["2.0", "False"]  # torch imports afterwards; thinc ran as without it
    kept = _run({KEEP_ENV_VAR: "1"})
    assert kept[0] == "True" and kept[-1] == "True"  # asked to keep it: thinc imports it
    first = _run(prelude="import torch\n")
    assert first[-1] == "True"  # PyTorch imported before us: thinc sees it
