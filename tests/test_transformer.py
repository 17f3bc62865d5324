"""The transformer backend, end to end on a tiny model built here (no download):
WordPiece tokenizer trained on the gold texts + a tiny BERT -> fine-tune a few
steps on CPU for both tasks -> save -> the spaCy component -> annotate a seed."""

import json
import os

import pytest
from typer.testing import CliRunner

import vnadmin_nlp
from vnadmin_nlp.cli import app
from vnadmin_nlp.errors import ModelNotFoundError
from vnadmin_nlp.labels import PARAGRAPH_LABELS, RULE_ENTITY_LABELS
from vnadmin_nlp.transformer.metrics import bio_to_spans
from vnadmin_nlp.transformer.windows import best_window_per_word, window_bounds

from .conftest import GOLD_DIR, SEED_GOLD, offline_hub, seed_path

offline_hub()

MAX_LENGTH = 64  # short windows, so that many seed paragraphs need several


def _require(module: str):
    # CI installs the transformers extra: there a missing library must fail, not skip.
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


# ---------------------------------------------------------------- pure functions
def test_window_bounds_cover_every_word_within_budget_with_overlap():
    counts = [1, 3, 2, 1, 1, 4, 2, 2, 1, 1, 3, 1]
    bounds = window_bounds(counts, budget=6, stride=2)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(counts)
    for (s1, e1), (s2, e2) in zip(bounds, bounds[1:]):
        assert s1 < s2 <= e1  # moves forward, leaves no word out
    assert all(sum(counts[s:e]) <= 6 for s, e in bounds)
    assert any(s2 < e1 for (_s1, e1), (s2, _e2) in zip(bounds, bounds[1:]))  # overlaps
    assert window_bounds([9, 1], budget=4, stride=1) == [(0, 1), (1, 2)]  # a long word alone


def test_bio_to_spans():
    tags = ["B-ORG", "I-ORG", "O", "I-LOC", "B-ORG", "B-ORG", "I-LOC"]
    starts, ends = list(range(0, 70, 10)), list(range(5, 75, 10))
    assert bio_to_spans(tags, starts, ends) == [
        (0, 15, "ORG"), (30, 35, "LOC"), (40, 45, "ORG"), (50, 55, "ORG"), (60, 65, "LOC")]


def test_finetune_refuses_a_model_name_it_would_have_to_download(tmp_path):
    _require("transformers")
    from vnadmin_nlp.transformer import finetune

    with pytest.raises(ModelNotFoundError, match="never downloads"):
        finetune("vinai/phobert-base", "paragraphs", GOLD_DIR, tmp_path / "out")


def test_load_with_a_folder_that_is_not_a_finetuned_model(tmp_path):
    with pytest.raises(ModelNotFoundError, match="vnadmin_transformer.json"):
        vnadmin_nlp.load(transformer=tmp_path)


# ---------------------------------------------------------------- the round trip
@pytest.fixture(scope="module")
def one_thread():
    torch = _require("torch")
    _require("transformers")
    _require("datasets")
    # A tiny model trains several times faster on one thread than on many.
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def corpus(one_thread):
    from vnadmin_nlp.data import load_corpus

    return load_corpus(SEED_GOLD)


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory, seed_records, one_thread):
    from vnadmin_nlp.transformer import build_tiny_model

    texts = [p["text"] for r in seed_records for p in r["paragraphs"]]
    return build_tiny_model(texts, tmp_path_factory.mktemp("tiny-base"), vocab_size=1500,
                            max_length=128)


@pytest.fixture(scope="module")
def finetuned(tmp_path_factory, tiny_base, corpus):
    from vnadmin_nlp.transformer import finetune

    out = {}
    for task in ("paragraphs", "entities"):
        out[task] = tmp_path_factory.mktemp(task)
        out[task + "_report"] = finetune(tiny_base, task, corpus, out[task], epochs=2, batch_size=16,
                                         learning_rate=2e-3, max_length=MAX_LENGTH, stride=16)
    return out


def test_long_paragraphs_are_windowed_not_truncated(tiny_base, corpus):
    from transformers import AutoTokenizer

    from vnadmin_nlp.transformer.windows import token_windows

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base), local_files_only=True)
    row = max(corpus["train"], key=lambda r: len(r["tokens"]))
    windows = token_windows(tokenizer, row["tokens"], MAX_LENGTH, 16)
    assert len(windows) > 3
    assert all(len(w.input_ids) <= MAX_LENGTH for w in windows)
    best = best_window_per_word(windows, len(row["tokens"]))
    assert all(choice is not None for choice in best)  # every word gets a prediction
    # Each word is read in a window where it is not at the very edge, when one exists.
    middle = len(row["tokens"]) // 2
    w, _p = best[middle]
    assert windows[w].start < middle < windows[w].end - 1


def test_finetuned_directory_has_model_tokenizer_and_label_map(finetuned):
    for task, labels in (("paragraphs", list(PARAGRAPH_LABELS)),
                         ("entities", ["O", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-PERSON", "I-PERSON"])):
        folder = finetuned[task]
        meta = json.loads((folder / "vnadmin_transformer.json").read_text())
        assert meta["task"] == task and meta["labels"] == labels
        assert meta["validation_docs"] and meta["max_length"] == MAX_LENGTH
        config = json.loads((folder / "config.json").read_text())
        assert [config["id2label"][str(i)] for i in range(len(labels))] == labels
        assert (folder / "tokenizer.json").exists() and not (folder / "checkpoints").exists()
    para = finetuned["paragraphs_report"]["paragraphs"]
    assert para["n"] == sum(para["labels"][label]["support"] for label in PARAGRAPH_LABELS)
    assert 0.0 <= para["accuracy"] <= 1.0
    ents = finetuned["entities_report"]["entities"]
    assert set(ents) == {"ORG", "LOC", "PERSON"}  # the rule labels are not the model's
    assert ents["ORG"]["support"] > 0


def test_spacy_component_labels_paragraphs_and_leaves_rule_entities_alone(finetuned, rule_nlp, tmp_path):
    nlp = vnadmin_nlp.load(transformer=[finetuned["paragraphs"], finetuned["entities"]])
    names = nlp.pipe_names
    assert names[-1] == "vnadmin_transformer_paragraphs"
    assert names.index("vnadmin_transformer_entities") < names.index("vnadmin_org_rules")

    result = vnadmin_nlp.analyze(seed_path("003"), nlp=nlp)
    rules = vnadmin_nlp.analyze(seed_path("003"), nlp=rule_nlp)
    assert len(result.paragraphs) == len(rules.paragraphs) > 5
    assert all(p.label in PARAGRAPH_LABELS for p in result.paragraphs)

    def ruled(doc):
        return [(e.start, e.end, e.label, e.value) for p in doc.paragraphs for e in p.entities
                if e.label in RULE_ENTITY_LABELS]

    assert ruled(result) == ruled(rules) and ruled(result)  # DOC_NUMBER and DATE stay the rules'
    for para in result.paragraphs:
        for ent in para.entities:
            assert para.text[ent.start:ent.end] == ent.text

    doc = nlp.make_doc("Giao Ban Thường vụ Tỉnh ủy chủ trì thực hiện Nghị quyết số 25-NQ/TW")
    doc._.section = "III. TỔ CHỨC THỰC HIỆN"
    doc = nlp(doc)
    assert set(doc.cats) >= set(PARAGRAPH_LABELS)
    assert abs(sum(doc.cats[label] for label in PARAGRAPH_LABELS) - 1.0) < 1e-4

    # A saved pipeline carries its transformers and predicts the same.
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = vnadmin_nlp.load(tmp_path / "pipeline")
    again = reloaded.make_doc(doc.text)
    again._.section = doc._.section
    again = reloaded(again)
    assert again.cats == pytest.approx(doc.cats)
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]


def test_cli_finetune_then_annotate_with_transformer(tiny_base, tmp_path):
    runner = CliRunner()
    out = tmp_path / "ft"
    result = runner.invoke(app, ["finetune-transformer", "--model", str(tiny_base), "--task", "entities",
                                 "--data", str(GOLD_DIR / "seed-003.jsonl"), "--data",
                                 str(GOLD_DIR / "seed-004.jsonl"), "-o", str(out), "--epochs", "1",
                                 "--max-length", "128", "--labels", "ORG"])
    assert result.exit_code == 0, result.output
    assert "ORG" in result.output and json.loads((out / "vnadmin_transformer.json").read_text())[
        "entity_labels"] == ["ORG"]
    annotated = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(seed_path("004")), "--transformer", str(out),
                                 "-o", str(annotated)])
    assert result.exit_code == 0, result.output
    record = json.loads(annotated.read_text().splitlines()[0])
    assert record["paragraphs"] and all(p["label"] in PARAGRAPH_LABELS for p in record["paragraphs"])
