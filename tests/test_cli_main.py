"""The ``vnadmin`` entry point's argument handling: ``--dask ADDRESS`` and PyTorch left out of
commands that do not need it."""

import subprocess
import sys

import pytest

from vnadmin_nlp.cli import _dask_address_argv

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
import sys
from vnadmin_nlp.cli import _skip_pytorch
_skip_pytorch(sys.argv[1:])
import vnadmin_nlp
result = vnadmin_nlp.analyze("vnadmin_nlp/examples/ket-luan-btv-tinh-uy-bac-giang.txt")
labels = {e.label for e in result.entities}
print("torch" in sys.modules and sys.modules["torch"] is None, sorted(labels), len(result.paragraphs))
"""


def test_annotate_runs_without_importing_pytorch():
    pytest.importorskip("torch")  # only where PyTorch is installed is there anything to leave out
    out = subprocess.run([sys.executable, "-c", SCRIPT, "annotate", "in/"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out[0] == "True"  # declined: thinc ran as without PyTorch
    assert "'ORG'," in out and "'DOC_NUMBER'," in out and int(out[-1]) > 10
    kept = subprocess.run([sys.executable, "-c", SCRIPT, "annotate", "in/", "--transformer", "m/"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout.split()
    assert kept[0] == "False"  # --transformer needs it
