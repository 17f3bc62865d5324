"""The trained pipeline ships as the spaCy model package vi_vnadmin_sm, inside the vnadmin-nlp wheel."""

import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import spacy

import vnadmin_nlp
from vnadmin_nlp.pipeline import SHIPPED_MODEL

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "vi_vnadmin_sm"
TRAINED = {"ner", "vnadmin_paragraph_classifier"}


def _pyproject_version() -> str:
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version = "):
            return line.split("=", 1)[1].strip().strip('"')
    raise AssertionError("no version in pyproject.toml")


def test_meta_names_version_sources_scores_license():
    meta = json.loads((PACKAGE_DIR / "meta.json").read_text(encoding="utf-8"))
    assert (meta["lang"], meta["name"], meta["license"]) == ("vi", "vnadmin_sm", "MIT")
    # Tied to the library's version: after a version bump, run scripts/package_model.py.
    assert meta["version"] == vnadmin_nlp.__version__ == _pyproject_version()
    assert SHIPPED_MODEL == PACKAGE_DIR / f"vi_vnadmin_sm-{meta['version']}"
    assert json.loads((SHIPPED_MODEL / "meta.json").read_text(encoding="utf-8")) == meta
    assert meta["sources"] and any("seeds" in s["name"] for s in meta["sources"])
    assert meta["vnadmin_training_documents"]
    if (ROOT / "docs" / "test-set.md").exists():
        assert meta["scores"]["test_set"]["paragraph_accuracy"] > 0
        assert meta["performance"]["ents_org_f"] > 0
    # ONE copy of the weights in the repository.
    assert not (ROOT / "models" / "vnadmin_pipeline").exists()
    assert [p.name for p in PACKAGE_DIR.glob("vi_vnadmin_sm-*")] == [SHIPPED_MODEL.name]


def test_spacy_load_by_name_gives_the_trained_pipeline():
    nlp = spacy.load("vi_vnadmin_sm")
    assert TRAINED <= set(nlp.pipe_names)
    assert (nlp.meta["name"], nlp.meta["version"]) == ("vnadmin_sm", vnadmin_nlp.__version__)
    assert Path(nlp.path).resolve() == SHIPPED_MODEL.resolve()
    assert vnadmin_nlp.load().pipe_names == nlp.pipe_names


def _wheel(tmp_path: Path) -> Path:
    """``pip wheel --no-deps`` of a copy of the project (no build/ left in the working tree)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.cfg", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    for package in ("vnadmin_nlp", "vi_vnadmin_sm"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(out)],
                   check=True, timeout=600)
    (wheel,) = out.glob("vnadmin_nlp-*.whl")
    return wheel


@pytest.mark.slow  # about 10 s: builds the wheel (pip, with build isolation)
def test_wheel_carries_the_model_and_loads_it_by_name(tmp_path):
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    model = f"vi_vnadmin_sm/{SHIPPED_MODEL.name}"
    expected = {f"vi_vnadmin_sm/{p.relative_to(PACKAGE_DIR).as_posix()}"
                for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert expected - names == set()
    resources = {f"vnadmin_nlp/resources/{p.name}" for p in (ROOT / "vnadmin_nlp" / "resources").iterdir()
                 if p.is_file() and p.suffix != ".pyc"}
    assert resources - names == set()  # the library's data files too
    for required in ("config.cfg", "meta.json", "ner/model", "vnadmin_paragraph_classifier/weights.npz",
                     "vocab/strings.json", "tokenizer/cfg.json"):
        assert f"{model}/{required}" in names
    assert "vi_vnadmin_sm/__init__.py" in names and "vi_vnadmin_sm/meta.json" in names
    assert f"vi_vnadmin_sm-{vnadmin_nlp.__version__}.egg-info/PKG-INFO" in names  # for spacy.load(name)
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)

    # A clean copy: the wheel unpacked first on sys.path, run from elsewhere, as pip would install it.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(site)!r})
        import importlib.metadata, spacy, vi_vnadmin_sm, vnadmin_nlp
        nlp = spacy.load("vi_vnadmin_sm")
        found = importlib.metadata.distribution("vi_vnadmin_sm").locate_file("")  # the wheel's egg-info
        for path in (str(found), vi_vnadmin_sm.__file__, vnadmin_nlp.__file__, str(nlp.path)):
            assert path.startswith({str(site)!r}), path
        assert vnadmin_nlp.load().pipe_names == nlp.pipe_names
        print(" ".join(nlp.pipe_names))
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert TRAINED <= set(run.stdout.split())
