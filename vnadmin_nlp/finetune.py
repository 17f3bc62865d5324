"""Fine-tuning a trained pipeline on newly annotated documents.

``finetune`` continues training from a base pipeline (by default the shipped
one) with spaCy's training loop: the ``ner`` is *sourced* from the base and
resumed, so it keeps what it knew; the original gold data is mixed in with the
new documents so that old knowledge is not forgotten; the paragraph classifier,
which is a linear model fitted in seconds, is refitted on the same mix. Part
of the new data is held out and scored before and after, so the user sees
what the new documents taught the model.
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple, Union

import spacy

from .errors import GoldFormatError, VnadminError

logger = logging.getLogger("vnadmin_nlp")

#: The gold data mixed into fine-tuning by default.
DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "data" / "annotated"


@dataclass
class NewData:
    """New training documents, where each came from, and what was left out of them."""

    records: List[dict]
    #: ``id -> "path:line"``, to name a document in warnings.
    where: Dict[str, str] = field(default_factory=dict)
    #: One message (with file and line) per gold entity off the tokenizer's boundaries.
    misaligned: List[str] = field(default_factory=list)


def load_new_data(paths: Iterable[Union[str, Path]], nlp) -> List[dict]:
    """Read and check new training documents; any problem raises with file and line, before training.

    Checks the guidelines' format (labels, offsets, values). An entity that
    falls off the base pipeline's token boundaries is warned about (file and
    line) and left out of training, as ``vnadmin train`` does; see
    :func:`read_new_data` for the count.
    """
    return read_new_data(paths, nlp).records


def read_new_data(paths: Iterable[Union[str, Path]], nlp) -> NewData:
    """:func:`load_new_data`, with where each document came from and the entities left out."""
    from .io.jsonl import expand_jsonl_paths, iter_jsonl, validate_file
    from .io.standoff import resolve_file_records

    data = NewData([])
    paths = expand_jsonl_paths(paths)
    if not paths:
        raise GoldFormatError("-", 0, "no JSONL files given to fine-tune on")
    for path in paths:
        if not path.exists():
            raise GoldFormatError(path, 0, "file not found")
        errors = validate_file(path)
        if errors:
            raise errors[0]
        for line_no, record in iter_jsonl(path):
            [record] = resolve_file_records([record]) or [None]
            if record is None:
                continue
            data.where[record["id"]] = f"{path}:{line_no}"
            for label, text in _misaligned_entities(nlp, record):
                # Not fatal, as in `vnadmin train`: the tokenizer may join syllables the annotator
                # split; the span is marked missing in training (nothing learned there).
                message = (f"{path}:{line_no}: {label} {text!r} is not on token boundaries of the base "
                           "pipeline's tokenizer; left out of training")
                logger.warning("%s", message)
                data.misaligned.append(message)
            data.records.append(record)
    if not data.records:
        raise GoldFormatError(paths[0], 0, "no documents to fine-tune on")
    return data


def _misaligned_entities(nlp, record: dict) -> Iterable[Tuple[str, str]]:
    """``(label, text)`` of each gold entity whose offsets do not fall on ``nlp``'s token boundaries."""
    for item in record["paragraphs"] + record.get("footnotes", []):
        if not item.get("entities"):
            continue
        doc = nlp.make_doc(item["text"])
        for start, end, label, *_ in item["entities"]:
            if doc.char_span(start, end, alignment_mode="strict") is None:
                yield label, item["text"][start:end]


def _text_key(record: dict) -> str:
    """A document's text, whitespace-normalized: the same document under another id has the same key."""
    return "\n".join(" ".join(p["text"].split()) for p in record["paragraphs"])


def drop_duplicates_of_new(original: List[dict], new: NewData) -> Tuple[List[dict], List[str]]:
    """The original gold without the documents the new data repeats (same id or same text).

    A document in both would count twice in training, and when held out it would
    be scored after training on it; the new version wins. Returns the kept
    records and one warning per document dropped (naming the new file and line).
    """
    new_by_id = {r["id"]: r for r in new.records}
    new_by_text = {_text_key(r): r for r in new.records}
    kept, warnings = [], []
    for record in original:
        if record["id"] in new_by_id:
            doc_id = record["id"]
            warnings.append(f"{new.where.get(doc_id, doc_id)}: document {doc_id!r} is also in the base gold; "
                            "the new version replaces it")
            continue
        twin = new_by_text.get(_text_key(record))
        if twin is not None:
            warnings.append(f"{new.where.get(twin['id'], twin['id'])}: document {twin['id']!r} has the same "
                            f"text as base gold document {record['id']!r}; the new version replaces it")
            continue
        kept.append(record)
    for message in warnings:
        logger.warning("%s", message)
    return kept, warnings


class _ReportedAlready(logging.Filter):
    """Drops the training corpus's warnings about new documents' entities off token boundaries.

    :func:`read_new_data` has warned about each once, with file and line; the
    corpus would repeat it ``new_weight`` times more (and once more as dev data).
    """

    def __init__(self, ids: Iterable[str]):
        super().__init__()
        self.ids = set(ids)

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not ("not on token boundaries" in str(record.msg) and args and args[0] in self.ids)


def split_held_out(records: List[dict], fraction: float = 0.25) -> Tuple[List[dict], List[dict]]:
    """Hold out whole documents when there are several, else every 4th paragraph of the one document."""
    if not 0 < fraction < 1:
        raise VnadminError(f"the held-out share must be between 0 and 1 (got {fraction})")
    if len(records) >= 2:
        n_held = max(1, round(len(records) * fraction))
        return records[:-n_held], records[-n_held:]
    [record] = records
    step = max(2, round(1 / fraction))
    held = [p for i, p in enumerate(record["paragraphs"]) if i % step == step - 1]
    kept = [p for i, p in enumerate(record["paragraphs"]) if i % step != step - 1]
    if not held:
        raise VnadminError(f"one new document ({record['id']}) with {len(record['paragraphs'])} paragraph(s) "
                           f"is too short to hold 1 paragraph in {step} out for scoring; give a longer "
                           "document or a second one")
    train = dict(record, paragraphs=kept)
    test = dict(record, id=f"{record['id']}#held-out", paragraphs=held, footnotes=[])
    return [train], [test]


def finetune(new_data: Iterable[Union[str, Path]], output: Union[str, Path], *,
             base: Optional[Union[str, Path]] = None, gold: Optional[Iterable[Union[str, Path]]] = None,
             held_out_fraction: float = 0.25, new_weight: int = 3, max_epochs: int = 8,
             verbose: bool = False) -> dict:
    """Continue training ``base`` on ``new_data`` (+ the original gold) and save to ``output``.

    Returns ``{"before": scores, "after": scores, "train_documents": n, "held_out": ids,
    "misaligned_entities": n, "replaced_gold": [messages]}``, the scores being
    those of :func:`vnadmin_nlp.evaluate.evaluate_records` on the held-out part
    of the new data; also written to ``output/finetune_report.json``. Gold
    entities of the new data off the tokenizer's boundaries are left out of
    training with a warning (as in ``vnadmin train``) and counted; documents of
    the original gold that the new data repeats (same id or same text) are
    replaced by the new version, with a warning.

    ``new_weight`` repeats the new documents in the training mix so that a few
    new documents count against a larger original gold set.
    """
    from .evaluate import evaluate_records
    from .io.jsonl import read_gold
    from .pipeline import SHIPPED_MODEL, load
    from .train import train_pipeline

    _check_output(Path(output))
    base = Path(base) if base else SHIPPED_MODEL
    base_nlp = load(base)
    new = read_new_data(list(new_data), base_nlp)
    new_records = new.records
    train_new, held_out = split_held_out(new_records, held_out_fraction)
    gold_paths = list(gold) if gold is not None else ([DEFAULT_GOLD] if DEFAULT_GOLD.exists() else [])
    original, replaced = drop_duplicates_of_new(read_gold(gold_paths), new) if gold_paths else ([], [])
    logger.info("fine-tuning %s on %d new document(s) (+%d original), %d held out",
                base, len(train_new), len(original), len(held_out))
    before = evaluate_records(base_nlp, held_out)
    quiet = _ReportedAlready([r["id"] for r in new_records + train_new + held_out])
    logger.addFilter(quiet)
    try:
        with tempfile.TemporaryDirectory(prefix="vnadmin-finetune-") as tmp:
            config_path = Path(tmp) / "config.cfg"
            _write_resume_config(base, config_path, max_epochs)
            train_pipeline(original + train_new * new_weight, output, config_path=config_path,
                           dev_records=held_out, verbose=verbose)
    finally:
        logger.removeFilter(quiet)
    after = evaluate_records(load(output), held_out)
    report = {"base": str(base), "train_documents": len(train_new), "original_documents": len(original),
              "held_out": [r["id"] for r in held_out], "misaligned_entities": len(new.misaligned),
              "replaced_gold": replaced, "before": before, "after": after}
    (Path(output) / "finetune_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")
    return report


def _check_output(output: Path) -> None:
    """Refuse an output that training would wreck: a file, or a folder that is not a pipeline.

    Training replaces the output folder as a whole; a user's folder of other
    files (``-o data/``) must not be deleted by a typo.
    """
    if output.exists() and not output.is_dir():
        raise VnadminError(f"{output}: is a file; the fine-tuned pipeline is saved as a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / "config.cfg").exists():
        raise VnadminError(f"{output}: a folder that holds files but no pipeline (config.cfg); it would be "
                           "replaced as a whole, so choose a new or empty folder")


def _write_resume_config(base: Path, path: Path, max_epochs: int) -> None:
    """The base pipeline's config with its ner sourced from the base (resumed, not re-initialized)."""
    config = spacy.util.load_config(base / "config.cfg", interpolate=False)
    for name, block in list(config["components"].items()):
        if block.get("factory") in ("ner", "vnadmin_entity_tagger"):
            config["components"][name] = {"source": str(base.resolve())}
    config["training"]["max_epochs"] = max_epochs
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(path)

