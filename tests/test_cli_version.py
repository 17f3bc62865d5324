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
    """`vnadmin` raises the collector's thresholds for its own process (collector.GC_THRESHOLDS, measured
    faster on the benchmark); importing and loading the library leaves a user's process as it is."""
    import gc

    import pytest

    from vnadmin_nlp import cli, collector

    before = gc.get_threshold()  # other tests may have run the command line in this process
    try:
        gc.set_threshold(700, 10, 10)  # Python's default
        vnadmin_nlp.load()
        assert gc.get_threshold() == (700, 10, 10)
        monkeypatch.setattr(sys, "argv", ["vnadmin", "--version"])
        with pytest.raises(SystemExit) as stop:
            cli.main()
        assert stop.value.code in (0, None)
        assert gc.get_threshold() == collector.GC_THRESHOLDS != (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_analyze_collects_garbage_less_often_only_while_it_runs(monkeypatch):
    """analyze() raises the collector's thresholds for the length of its call and gives the user's
    back; the bundled example (a real Party conclusion) gets the same annotation either way."""
    import gc

    from vnadmin_nlp import collector, pipeline

    example = Path(vnadmin_nlp.__file__).parent / "examples" / "ket-luan-btv-tinh-uy-bac-giang.txt"
    seen = []
    annotate = pipeline.annotate_document
    monkeypatch.setattr(pipeline, "annotate_document",
                        lambda *args: seen.append(gc.get_threshold()) or annotate(*args))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        fewer = vnadmin_nlp.analyze(example)
        assert gc.get_threshold() == (700, 10, 10) and seen == [collector.GC_THRESHOLDS]
        gc.set_threshold(collector.GC_THRESHOLDS[0] * 2, 10, 10)  # a user's higher setting is kept
        higher = vnadmin_nlp.analyze(example)
        assert seen[-1] == gc.get_threshold() == (collector.GC_THRESHOLDS[0] * 2, 10, 10)
    finally:
        gc.set_threshold(*before)
    assert len(fewer.paragraphs) > 10 and fewer == higher

