"""Package a trained pipeline as the spaCy model package ``vi_vnadmin_sm`` shipped in the wheel.

    vnadmin train data/annotated/          # writes vi_vnadmin_sm/vi_vnadmin_sm-VERSION/ (the default -o)
    python scripts/package_model.py        # meta (sources, held-out scores, license), __init__.py

    python scripts/package_model.py /tmp/other_pipeline   # package another trained pipeline instead

spaCy's own ``spacy package`` logic (:func:`spacy.cli.package.package`, no sdist or wheel)
lays the package out from the pipeline directory: ``vi_vnadmin_sm/__init__.py`` (``load()``,
``__version__``), ``vi_vnadmin_sm/meta.json`` and the pipeline in
``vi_vnadmin_sm/vi_vnadmin_sm-VERSION/``. This script then replaces the repository's
``vi_vnadmin_sm/`` package with it (the only copy of the weights; older ``vi_vnadmin_sm-*``
directories are removed). The version is the library's (``vnadmin_nlp.__version__``); the
meta names the training documents by source (from the pipeline's
``vnadmin_training_documents``), the held-out scores of docs/test-set.md and
docs/cv-all-5fold.md as they stand, and the license (MIT, see LICENSE).

The vnadmin-nlp wheel carries the package (pyproject.toml), so ``pip install`` gives the
trained pipeline: ``vnadmin_nlp.load()`` and ``spacy.load("vi_vnadmin_sm")``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional

import srsly

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "vi_vnadmin_sm"
LANG, NAME = "vi", "vnadmin_sm"
PACKAGE_DIR = ROOT / PACKAGE
TEST_REPORT = ROOT / "docs" / "test-set.md"
CV_REPORT = ROOT / "docs" / "cv-all-5fold.md"

INIT_PY = '''"""vi_vnadmin_sm: the trained vnadmin-nlp pipeline as a spaCy model package.

    import spacy
    nlp = spacy.load("vi_vnadmin_sm")        # or vi_vnadmin_sm.load(), or vnadmin_nlp.load()

Built by scripts/package_model.py (spaCy's ``spacy package`` layout); installed with the
vnadmin-nlp library, whose registered tokenizer and components the pipeline uses.
"""

from pathlib import Path

from spacy.util import get_model_meta, load_model_from_init_py

_meta = get_model_meta(Path(__file__).parent)

__version__ = _meta["version"]

#: The pipeline directory (config.cfg, meta.json, the components' weights).
MODEL_DIR = Path(__file__).parent / f"{_meta['lang']}_{_meta['name']}-{__version__}"


def load(**overrides):
    return load_model_from_init_py(__file__, **overrides)
'''


def library_version() -> str:
    from vnadmin_nlp import __version__

    return __version__


# --- the training documents, by source ---------------------------------------------------------

def training_sources(document_ids: List[str]) -> List[Dict[str, str]]:
    """One source per group of gold documents, with the number of documents (their ids are in
    the meta's ``vnadmin_training_documents``)."""
    seeds = [d for d in document_ids if d.startswith("seed-")]
    state = [d for d in document_ids if d.startswith("extra-")]
    pool = [d for d in document_ids if d.startswith("pool-")]
    other = [d for d in document_ids if d not in seeds + state + pool]
    common = {"license": "MIT (our annotations)", "author": "vnadmin-nlp developers"}
    sources = []
    if seeds:
        sources.append({"name": f"vnadmin-nlp gold, seeds: {len(seeds)} Party documents "
                                "(data/annotated/seed-*.jsonl, text included)", **common})
    if state:
        sources.append({"name": f"vnadmin-nlp gold, State documents: {len(state)} documents "
                                "(data/annotated/extra/, standoff: text not redistributed)", **common})
    if pool:
        by_source = Counter(d.split("-")[1] for d in pool)
        detail = ", ".join(f"{k} {v}" for k, v in sorted(by_source.items()))
        sources.append({"name": f"vnadmin-nlp gold, pool documents: {len(pool)} documents ({detail}; "
                                "data/annotated/pool/, standoff: text not redistributed)", **common})
    if other:
        sources.append({"name": f"other gold documents: {len(other)}", **common})
    return sources


# --- held-out scores from the reports in docs/ ---------------------------------------------------

def _cells(line: str) -> List[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def markdown_tables(text: str) -> List[tuple]:
    """(heading, header cells, rows as dicts) for every table, under the nearest heading above it."""
    tables, heading, lines, i = [], "", text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif (line.startswith("|") and i + 1 < len(lines)
              and re.match(r"^\|[\s:|-]+\|$", lines[i + 1].strip())):
            header, rows, i = _cells(line), [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(dict(zip(header, _cells(lines[i]))))
                i += 1
            tables.append((heading, header, rows))
            continue
        i += 1
    return tables


def _number(cell: str) -> Optional[float]:
    match = re.match(r"^\s*(-?\d+(?:\.\d+)?)", cell or "")
    return float(match.group(1)) if match else None


def held_out_scores(path: Path) -> Optional[dict]:
    """The pooled ("all") scores of a ``vnadmin evaluate --test``/``--cv`` report: paragraph
    accuracy and macro F1 of the trained pipeline, P/R/F1/support per entity label."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    command = re.search(r"<!-- written by `([^`]*)`", text)
    title = re.search(r"^## (.+)$", text, re.M)
    folds = re.search(r"^(\d+) fold\(s\)|^(\d+) folds", text, re.M)
    held = re.search(r"held out per fold: (.+)$", text, re.M)
    scores: dict = {"source": str(path.relative_to(ROOT))}
    if command:
        scores["command"] = command.group(1)
    if title:
        scores["title"] = title.group(1).strip()
    if folds:
        scores["folds"] = int(folds.group(1) or folds.group(2))
    if held:
        scores["documents"] = sum(len(part.split(", ")) for part in held.group(1).split("; "))
    for heading, header, rows in markdown_tables(text):
        if heading.lower().startswith("by document kind") and "kind" in header:
            row = next((r for r in rows if r.get("kind") == "all"), None)
            if row:
                scores["paragraphs"] = int(_number(row.get("paragraphs")) or 0)
        elif heading.startswith("all documents: entities") and "entities" not in scores:
            scores["entities"] = {
                r["label"]: {"p": _number(r.get("P")), "r": _number(r.get("R")), "f": _number(r.get("F1")),
                             "support": int(_number(r.get("support")) or 0)}
                for r in rows if r.get("label")}
        elif heading.startswith("all documents: paragraph labels") and "paragraph_accuracy" not in scores:
            row = next((r for r in rows if r.get("system", "").startswith("vnadmin")), None)
            if row:
                scores["paragraph_accuracy"] = _number(row.get("accuracy"))
                scores["paragraph_macro_f1"] = _number(row.get("macro F1"))
                n = re.search(r"n=(\d+)", heading)
                if n and "paragraphs" not in scores:
                    scores["paragraphs"] = int(n.group(1))
    return scores if "entities" in scores or "paragraph_accuracy" in scores else None


def performance(scores: Optional[dict]) -> dict:
    """spaCy's flat ``performance`` (shown in the package README) from the set-aside test."""
    if not scores:
        return {}
    perf = {}
    if scores.get("paragraph_accuracy") is not None:
        perf["paragraph_acc"] = scores["paragraph_accuracy"]
        perf["paragraph_macro_f"] = scores["paragraph_macro_f1"]
    entities = scores.get("entities", {})
    for label, s in entities.items():
        perf[f"ents_{label.lower()}_f"] = s["f"]
    if entities:
        perf["ents_per_type"] = {label: {k: s[k] for k in ("p", "r", "f")} for label, s in entities.items()}
    return perf


# --- building --------------------------------------------------------------------------------------

def package_meta(pipeline_dir: Path, version: str) -> dict:
    meta = srsly.read_json(pipeline_dir / "meta.json")
    documents = meta.get("vnadmin_training_documents", [])
    test, cv = held_out_scores(TEST_REPORT), held_out_scores(CV_REPORT)
    meta.update({
        "lang": LANG,
        "name": NAME,
        "version": version,
        "description": "vnadmin-nlp's trained pipeline for Vietnamese administrative documents: "
                       "DOC_NUMBER and DATE by rule, ORG/LOC/PERSON by a trained entity tagger, "
                       "paragraph labels by a trained classifier. Needs the vnadmin-nlp library "
                       "(its tokenizer and components), installed with it."
                       + (f" Accuracy (held out): {test['title']} ({test['source']})." if test else ""),
        "author": "vnadmin-nlp developers",
        "license": "MIT",
        "sources": training_sources(documents),
        "performance": performance(test),
        # Held-out only: the set-aside test documents (never trained on) and the cross-validation
        # of the training recipe. Refreshed by `vnadmin evaluate --test/--cv --report`, then this script.
        "scores": {key: value for key, value in (("test_set", test), ("cv_5fold", cv)) if value},
    })
    if not documents:
        print(f"warning: {pipeline_dir}/meta.json names no training documents", file=sys.stderr)
    return meta


def default_input(version: str) -> Path:
    """Where ``vnadmin train`` writes by default, else the package's current pipeline."""
    fresh = PACKAGE_DIR / f"{LANG}_{NAME}-{version}"
    if (fresh / "config.cfg").exists():
        return fresh
    existing = sorted(PACKAGE_DIR.glob(f"{LANG}_{NAME}-*/config.cfg"))
    if not existing:
        raise SystemExit(f"no trained pipeline in {PACKAGE_DIR}: run `vnadmin train data/annotated/` first "
                         "or name a pipeline directory")
    return existing[-1].parent


def build(pipeline_dir: Path, version: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """Package ``pipeline_dir`` and replace ``package_dir`` with the result; returns the new
    pipeline directory inside the package."""
    from spacy.cli.package import package

    import vnadmin_nlp  # noqa: F401  (registers the components spaCy loads to read the meta)

    pipeline_dir = Path(pipeline_dir).resolve()
    if not (pipeline_dir / "config.cfg").exists():
        raise SystemExit(f"{pipeline_dir}: no spaCy pipeline there (config.cfg missing)")
    with tempfile.TemporaryDirectory(prefix="vnadmin-package-") as tmp:
        source = Path(tmp) / "pipeline"  # a copy: the input may be the package's own directory
        shutil.copytree(pipeline_dir, source, ignore=shutil.ignore_patterns("README.md"))
        meta_path = Path(tmp) / "meta.json"
        srsly.write_json(meta_path, package_meta(source, version))
        out = Path(tmp) / "out"
        out.mkdir()
        package(source, out, meta_path=meta_path, name=NAME, version=version,
                create_sdist=False, create_wheel=False, force=True, silent=True)
        model_name_v = f"{LANG}_{NAME}-{version}"
        built = out / model_name_v / PACKAGE
        meta = srsly.read_json(out / model_name_v / "meta.json")  # with spaCy's requirements, vectors
        # One meta in both places: spacy.load(name) and spacy.load(directory) report the same.
        srsly.write_json(built / "meta.json", meta)
        srsly.write_json(built / model_name_v / "meta.json", meta)
        (built / "__init__.py").write_text(INIT_PY, encoding="utf-8")
        keep = {"_build.py"}  # the setuptools hook named in pyproject.toml
        package_dir.mkdir(exist_ok=True)
        for old in package_dir.iterdir():
            if old.name in keep:
                continue
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        for item in built.iterdir():
            target = package_dir / item.name
            shutil.copytree(item, target) if item.is_dir() else shutil.copy2(item, target)
    return package_dir / model_name_v


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pipeline", nargs="?", type=Path, default=None,
                        help="trained pipeline directory (default: where `vnadmin train` writes, "
                             "vi_vnadmin_sm/vi_vnadmin_sm-VERSION/)")
    parser.add_argument("--version", default=None, help="package version (default: the library's)")
    args = parser.parse_args(argv)
    version = args.version or library_version()
    source = args.pipeline or default_input(version)
    model_dir = build(source, version)
    meta = srsly.read_json(PACKAGE_DIR / "meta.json")
    print(f"{PACKAGE} {meta['version']} from {source}: {model_dir.relative_to(ROOT)}")
    print(f"  pipeline: {', '.join(meta['pipeline'])}")
    print(f"  sources: {'; '.join(s['name'] for s in meta.get('sources') or [])}")
    scores = ", ".join(meta.get("scores", {})) or "none (docs/test-set.md, docs/cv-all-5fold.md missing)"
    print(f"  scores: {scores}")
    print("pip install -e . (or build the wheel) to install it; spacy.load(\"vi_vnadmin_sm\") then loads it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
