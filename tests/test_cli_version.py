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


def test_the_command_line_sets_its_garbage_collector_and_the_library_does_not(monkeypatch):
    """`vnadmin` raises the collector's thresholds for its own process (cli.GC_THRESHOLDS, measured
    faster on the benchmark); importing and loading the library leaves a user's process as it is."""
    import gc

    import pytest

    from vnadmin_nlp import cli

    before = gc.get_threshold()  # other tests may have run the command line in this process
    try:
        gc.set_threshold(700, 10, 10)  # Python's default
        vnadmin_nlp.load()
        assert gc.get_threshold() == (700, 10, 10)
        monkeypatch.setattr(sys, "argv", ["vnadmin", "--version"])
        with pytest.raises(SystemExit) as stop:
            cli.main()
        assert stop.value.code in (0, None)
        assert gc.get_threshold() == cli.GC_THRESHOLDS != (700, 10, 10)
    finally:
        gc.set_threshold(*before)
