"""Gold JSONL as a Hugging Face ``datasets`` corpus.

One row per text unit (a paragraph or a footnote) of a gold document, in the
layout the Hugging Face hub uses for classification and NER corpora alike::

    doc_id, index, kind ("paragraph" | "footnote"), text, section,
    label       ClassLabel over PARAGRAPH_LABELS (-1 for footnotes: they carry no label),
    tokens      our tokenizer's words (vnadmin.Tokenizer.v1), whitespace left out,
    token_starts, token_ends   character offsets of each word in ``text``,
    ner_tags    ClassLabel BIO tags over ENTITY_LABELS, one per word,
    entities    the gold spans {start, end, label, value} (scoring uses these)

So a paragraph row serves paragraph classification (``text``, ``section``,
``label``) and token classification (``tokens``, ``ner_tags``) at once.
The split into ``train`` and ``validation`` is by document: a document's
paragraphs never sit on both sides.

``datasets`` is imported only inside the functions (it comes with the
``transformers`` extra), so importing this module costs nothing.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .errors import SpanAlignmentError
from .labels import ENTITY_LABELS, PARAGRAPH_LABELS

logger = logging.getLogger("vnadmin_nlp")

PathLike = Union[str, Path]


def bio_tag_names(labels: Sequence[str] = ENTITY_LABELS) -> List[str]:
    """``["O", "B-DOC_NUMBER", "I-DOC_NUMBER", ...]`` in a fixed order."""
    names = ["O"]
    for label in labels:
        names += [f"B-{label}", f"I-{label}"]
    return names


def bio_tags(word_spans: List[Tuple[int, int]], entities: Iterable[list], text: str = "",
             where: str = "") -> List[str]:
    """BIO tag per word for gold ``entities`` ([start, end, label(, value)]).

    An entity whose edges do not fall on word edges is an error (offsets are
    sacred): it names ``where`` (file/document and paragraph).
    """
    tags = ["O"] * len(word_spans)
    starts = {s: i for i, (s, _e) in enumerate(word_spans)}
    ends = {e: i for i, (_s, e) in enumerate(word_spans)}
    for ent in entities:
        start, end, label = ent[0], ent[1], ent[2]
        if start not in starts or end not in ends or ends[end] < starts[start]:
            raise SpanAlignmentError(
                f"{where}: {label} {text[start:end]!r} at {start}-{end} does not fall on word "
                "boundaries of the vnadmin tokenizer (fix the gold, or --skip-misaligned to leave it out)")
        first, last = starts[start], ends[end]
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


def record_rows(record: dict, segment=None, skip_misaligned: bool = False) -> List[dict]:
    """The corpus rows (see the module docstring) of one gold document record.

    ``skip_misaligned``: an entity off word boundaries is logged as a warning
    and left out of ``ner_tags`` (it stays in ``entities``, so scoring counts
    it as missed) instead of raising.
    """
    if segment is None:
        from .tokenizer import segment_words as segment
    rows = []
    doc_id = record["id"]
    units = [("paragraph", i, p) for i, p in enumerate(record["paragraphs"])]
    units += [("footnote", i, f) for i, f in enumerate(record.get("footnotes", []))]
    for kind, index, item in units:
        text = item["text"]
        spans = segment(text)
        entities = item.get("entities", [])
        rows.append({
            "doc_id": doc_id,
            "index": index,
            "kind": kind,
            "text": text,
            "section": item.get("section", "") or "",
            "label": item.get("label") if kind == "paragraph" else None,
            "tokens": [text[s:e] for s, e in spans],
            "token_starts": [s for s, _e in spans],
            "token_ends": [e for _s, e in spans],
            "ner_tags": _tags(spans, entities, text, f"{doc_id} {kind} {index}", skip_misaligned),
            "entities": [{"start": e[0], "end": e[1], "label": e[2],
                          "value": e[3] if len(e) > 3 else None} for e in entities],
        })
    return rows


def _tags(spans, entities, text: str, where: str, skip_misaligned: bool) -> List[str]:
    if not skip_misaligned:
        return bio_tags(spans, entities, text, where)
    kept = []
    for ent in entities:
        try:
            bio_tags(spans, [ent], text, where)
        except SpanAlignmentError as exc:
            logger.warning("left out of the BIO tags: %s", exc)
            continue
        kept.append(ent)
    return bio_tags(spans, kept, text, where)


def split_documents(doc_ids: Sequence[str], validation_fraction: float = 0.25, seed: int = 0,
                    validation_docs: Optional[Iterable[str]] = None) -> Tuple[List[str], List[str]]:
    """Document ids for ``(train, validation)``.

    ``validation_docs`` names them outright; otherwise a seeded shuffle puts
    ``validation_fraction`` of the documents (at least one when there are two
    or more) in validation.
    """
    ids = sorted(set(doc_ids))
    if validation_docs is not None:
        chosen = set(validation_docs)
        unknown = chosen - set(ids)
        if unknown:
            raise ValueError(f"validation documents not in the corpus: {sorted(unknown)}")
        return [i for i in ids if i not in chosen], [i for i in ids if i in chosen]
    if len(ids) < 2 or validation_fraction <= 0:
        return ids, []
    shuffled = ids[:]
    random.Random(seed).shuffle(shuffled)
    n_val = min(len(ids) - 1, max(1, round(validation_fraction * len(ids))))
    val = set(shuffled[:n_val])
    return [i for i in ids if i not in val], [i for i in ids if i in val]


def corpus_features(entity_labels: Sequence[str] = ENTITY_LABELS):
    """The ``datasets.Features`` of the corpus rows."""
    from datasets import ClassLabel, Features, List as DList, Value

    return Features({
        "doc_id": Value("string"),
        "index": Value("int32"),
        "kind": Value("string"),
        "text": Value("string"),
        "section": Value("string"),
        "label": ClassLabel(names=list(PARAGRAPH_LABELS)),
        "tokens": DList(Value("string")),
        "token_starts": DList(Value("int32")),
        "token_ends": DList(Value("int32")),
        "ner_tags": DList(ClassLabel(names=bio_tag_names(entity_labels))),
        "entities": DList({"start": Value("int32"), "end": Value("int32"),
                           "label": Value("string"), "value": Value("string")}),
    })


def _encode(rows: List[dict]) -> Dict[str, list]:
    label_ids = {label: i for i, label in enumerate(PARAGRAPH_LABELS)}
    tag_ids = {tag: i for i, tag in enumerate(bio_tag_names())}
    columns: Dict[str, list] = {key: [] for key in rows[0]} if rows else {}
    for row in rows:
        for key, value in row.items():
            if key == "label":
                # -1 is the datasets convention for "no label" (footnotes).
                value = label_ids[value] if value is not None else -1
            elif key == "ner_tags":
                value = [tag_ids[t] for t in value]
            columns[key].append(value)
    return columns


def load_corpus(paths: Union[PathLike, Iterable[PathLike]], validation_fraction: float = 0.25,
                seed: int = 0, validation_docs: Optional[Iterable[str]] = None,
                skip_misaligned: bool = False):
    """Gold JSONL files or folders -> ``datasets.DatasetDict`` with ``train`` and ``validation``.

    Rows are described in the module docstring; the split is by document
    (:func:`split_documents`). Gold files are validated as they are read, so
    a broken line fails with its file and line. A gold entity off our
    tokenizer's word boundaries is an error naming document and paragraph,
    unless ``skip_misaligned`` (see :func:`record_rows`).
    """
    from datasets import Dataset, DatasetDict

    from .io.jsonl import read_gold

    if isinstance(paths, (str, Path)):
        paths = [paths]
    records = read_gold(list(paths))
    train_ids, val_ids = split_documents([r["id"] for r in records], validation_fraction, seed,
                                         validation_docs)
    features = corpus_features()
    rows = {r["id"]: record_rows(r, skip_misaligned=skip_misaligned) for r in records}
    splits = {}
    for name, ids in (("train", train_ids), ("validation", val_ids)):
        split_rows = [row for doc_id in ids for row in rows[doc_id]]
        columns = _encode(split_rows) if split_rows else {key: [] for key in features}
        splits[name] = Dataset.from_dict(columns, features=features)
    logger.info("corpus: %d train document(s) (%d rows), %d validation document(s) (%d rows): %s",
                len(train_ids), len(splits["train"]), len(val_ids), len(splits["validation"]),
                ", ".join(val_ids))
    return DatasetDict(splits)


def export_corpus(paths: Union[PathLike, Iterable[PathLike]], output: PathLike, **kwargs):
    """:func:`load_corpus` then ``save_to_disk(output)``; returns the DatasetDict."""
    corpus = load_corpus(paths, **kwargs)
    corpus.save_to_disk(str(output))
    return corpus
