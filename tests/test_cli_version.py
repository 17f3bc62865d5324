"""`vnadmin --version` prints the library's version."""

import subprocess
import sys
from pathlib import Path

import vnadmin_nlp


def test_version_option_prints_the_package_version():
    exe = Path(sys.executable).with_name("vnadmin")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert out.stdout.strip() == f"vnadmin-nlp {vnadmin_nlp.__version__}"
