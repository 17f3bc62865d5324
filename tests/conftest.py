import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GOLD_DIR = REPO / "data" / "annotated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed_path(prefix: str) -> Path:
    """A seed document from ../shared, or the bundled copy of seed 000."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.exists() else []
    if matches:
        return matches[0]
    if prefix == "000":
        return REPO / "vnadmin_nlp" / "examples" / "ket-luan-btv-tinh-uy-bac-giang.txt"
    pytest.skip(f"seed {prefix} not available (../shared missing)")


@pytest.fixture(scope="session")
def rule_nlp():
    from vnadmin_nlp.pipeline import build_rule_pipeline

    return build_rule_pipeline()


@pytest.fixture(scope="session")
def gold_records():
    from vnadmin_nlp.io.jsonl import read_gold

    return read_gold([GOLD_DIR])


#: The four seed gold files: tests that need only the seeds do not depend on other gold.
SEED_GOLD = sorted(GOLD_DIR.glob("seed-*.jsonl"))


@pytest.fixture(scope="module")
def seed_records():
    from vnadmin_nlp.io.jsonl import read_gold

    return read_gold(SEED_GOLD)


def offline_hub() -> None:
    """Nothing may be fetched from a model hub while testing."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def tokenizer_and(component: str):
    """Our tokenizer with one component alone (to test a rule component by itself)."""
    from vnadmin_nlp.pipeline import build_rule_pipeline

    nlp = build_rule_pipeline()
    for name in list(nlp.pipe_names):
        nlp.remove_pipe(name)
    nlp.add_pipe(component)
    return nlp
