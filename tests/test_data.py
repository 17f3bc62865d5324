"""vnadmin_nlp.data: gold JSONL -> datasets.DatasetDict (paragraph rows with words and BIO tags)."""

import json
import os

import pytest
from typer.testing import CliRunner

from vnadmin_nlp.cli import app
from vnadmin_nlp.data import bio_tag_names, bio_tags, split_documents
from vnadmin_nlp.errors import SpanAlignmentError
from vnadmin_nlp.labels import PARAGRAPH_LABELS
from vnadmin_nlp.transformer.metrics import bio_to_spans

from .conftest import GOLD_DIR, SEED_GOLD, offline_hub

offline_hub()


def _require(module: str):
    # CI installs the transformers extra: there a missing library must fail, not skip.
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="module")
def corpus():
    _require("datasets")
    from vnadmin_nlp.data import load_corpus

    return load_corpus(SEED_GOLD)


def test_split_is_by_document_and_covers_every_unit(corpus, seed_records):
    train_docs = set(corpus["train"]["doc_id"])
    val_docs = set(corpus["validation"]["doc_id"])
    assert train_docs and val_docs and not train_docs & val_docs
    assert train_docs | val_docs == {r["id"] for r in seed_records}
    units = sum(len(r["paragraphs"]) + len(r.get("footnotes", [])) for r in seed_records)
    assert len(corpus["train"]) + len(corpus["validation"]) == units


def test_paragraph_rows_keep_text_section_and_label(corpus, seed_records):
    gold = {r["id"]: r for r in seed_records}
    names = corpus["train"].features["label"].names
    assert names == list(PARAGRAPH_LABELS)
    for split in corpus.values():
        for row in split:
            if row["kind"] == "footnote":
                assert row["label"] == -1  # footnotes carry no paragraph label
                continue
            para = gold[row["doc_id"]]["paragraphs"][row["index"]]
            assert row["text"] == para["text"]
            assert row["section"] == para.get("section", "")
            assert names[row["label"]] == para["label"]


def test_bio_tags_give_back_every_gold_entity_exactly(corpus):
    """Words + tags -> character spans reproduces the gold spans (offsets are sacred)."""
    tag_names = corpus["train"].features["ner_tags"].feature.names
    n = 0
    for split in corpus.values():
        for row in split:
            assert [row["text"][s:e] for s, e in zip(row["token_starts"], row["token_ends"])] == row["tokens"]
            tags = [tag_names[t] for t in row["ner_tags"]]
            spans = set(bio_to_spans(tags, row["token_starts"], row["token_ends"]))
            assert spans == {(e["start"], e["end"], e["label"]) for e in row["entities"]}
            n += len(spans)
    assert n > 500


def test_a_known_paragraph_is_tagged_word_by_word(corpus):
    row = next(r for r in corpus["validation"] if "218-QĐ/TW" in r["text"])
    tag_names = corpus["validation"].features["ner_tags"].feature.names
    tagged = dict(zip(row["tokens"], (tag_names[t] for t in row["ner_tags"])))
    assert tagged["218-QĐ/TW"] == "B-DOC_NUMBER"
    assert tagged["BAN"] == "B-ORG" and tagged["THƯỜNG VỤ"] == "I-ORG"


def test_misaligned_entity_is_an_error_naming_where():
    with pytest.raises(SpanAlignmentError, match="seed-x paragraph 3"):
        bio_tags([(0, 3), (4, 8)], [[1, 8, "ORG"]], "Ban Tỉnh ủy", "seed-x paragraph 3")


def test_misaligned_entities_can_be_left_out_with_a_warning(caplog):
    from vnadmin_nlp.data import record_rows

    record = {"id": "doc-x", "paragraphs": [{"text": "Ban Tỉnh ủy họp", "label": "other", "section": "",
                                             "entities": [[0, 11, "ORG"], [1, 11, "ORG"]]}]}
    with pytest.raises(SpanAlignmentError, match="doc-x paragraph 0"):
        record_rows(record)
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        row = record_rows(record, skip_misaligned=True)[0]
    assert "'an Tỉnh ủy'" in caplog.text
    assert row["ner_tags"][:2] == ["B-ORG", "I-ORG"]  # the aligned one is tagged
    assert len(row["entities"]) == 2  # both stay gold: scoring counts the other as missed


def test_split_documents():
    assert split_documents(["a"]) == (["a"], [])
    train, val = split_documents(list("abcdefgh"), 0.25, seed=1)
    assert len(val) == 2 and not set(train) & set(val)
    assert split_documents(list("abcdefgh"), 0.25, seed=1) == (train, val)  # seeded
    assert split_documents(["a", "b", "c"], validation_docs=["b"]) == (["a", "c"], ["b"])
    with pytest.raises(ValueError, match="zz"):
        split_documents(["a", "b"], validation_docs=["zz"])


def test_bio_tag_names_order():
    assert bio_tag_names(["ORG", "LOC"]) == ["O", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def test_export_dataset_command_saves_a_loadable_corpus(tmp_path):
    datasets = _require("datasets")
    out = tmp_path / "corpus"
    result = CliRunner().invoke(app, ["export-dataset", str(GOLD_DIR / "seed-003.jsonl"),
                                      str(GOLD_DIR / "seed-004.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    saved = datasets.load_from_disk(str(out))
    assert set(saved) == {"train", "validation"}
    assert len(set(saved["train"]["doc_id"])) == 1 and len(set(saved["validation"]["doc_id"])) == 1
    first = saved["train"][0]
    assert first["tokens"] and len(first["tokens"]) == len(first["ner_tags"])
    assert json.loads((out / "dataset_dict.json").read_text())["splits"] == ["train", "validation"]
