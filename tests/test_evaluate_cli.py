"""`vnadmin evaluate` says when it scores documents the model trained on, and `--test` refuses a
model that trained on the set-aside split."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vnadmin_nlp.pipeline import SHIPPED_MODEL

REPO = Path(__file__).resolve().parents[1]
VNADMIN = str(Path(sys.executable).with_name("vnadmin"))


def _run(*args):
    return subprocess.run([VNADMIN, *args], cwd=REPO, capture_output=True, text=True, timeout=900)


@pytest.mark.skipif(not (SHIPPED_MODEL / "meta.json").exists(), reason="no trained pipeline")
def test_evaluate_says_when_it_scores_training_documents():
    done = _run("evaluate", "data/annotated/seed-000.jsonl")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "were in the model's training data" in done.stdout and "NOT held-out" in done.stdout


@pytest.mark.skipif(not (SHIPPED_MODEL / "meta.json").exists(), reason="no trained pipeline")
def test_evaluate_test_refuses_a_model_trained_on_the_test_split(tmp_path):
    test_ids = [json.loads(p.read_text(encoding="utf-8").splitlines()[0])["id"]
                for p in sorted((REPO / "data" / "annotated" / "test").glob("*.jsonl"))]
    assert len(test_ids) >= 12
    model = tmp_path / "leaky"
    shutil.copytree(SHIPPED_MODEL, model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["vnadmin_training_documents"] = list(meta.get("vnadmin_training_documents", [])) + test_ids[:1]
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    done = _run("evaluate", "--test", "--model", str(model))
    assert done.returncode == 1
    assert "trained on 1 test document" in done.stderr and test_ids[0] in done.stderr
    assert "Traceback" not in done.stderr


def test_training_refuses_the_set_aside_documents():
    from vnadmin_nlp.errors import VnadminError
    from vnadmin_nlp.io.jsonl import read_gold
    from vnadmin_nlp.train import train_pipeline

    records = read_gold([REPO / "data" / "annotated" / "test"], include_set_aside=True)[:1]
    if not records:
        pytest.skip("the pool corpus is not beside the repository")
    with pytest.raises(VnadminError, match="set-aside test split"):
        train_pipeline(records, REPO / "unused-output")
    assert not (REPO / "unused-output").exists()


def test_folders_leave_the_set_aside_split_out():
    from vnadmin_nlp.io.jsonl import expand_jsonl_paths

    gold = REPO / "data" / "annotated"
    default = expand_jsonl_paths([gold])
    every = expand_jsonl_paths([gold], include_set_aside=True)
    assert not any("test" in p.relative_to(gold).parts[:-1] for p in default)
    assert len(every) - len(default) == len(list((gold / "test").glob("*.jsonl"))) >= 12
