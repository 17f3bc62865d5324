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
from pathlib import Path
from typing import Iterable, List, Optional, Tuple, Union

import spacy

from .errors import GoldFormatError, SpanAlignmentError

logger = logging.getLogger("vnadmin_nlp")

#: The gold data mixed into fine-tuning by default.
DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "data" / "annotated"


def load_new_data(paths: Iterable[Union[str, Path]], nlp) -> List[dict]:
    """Read and check new training documents; any problem raises with file and line, before training.

    Checks the guidelines' format (labels, offsets, values) and that every
    entity falls on the base pipeline's token boundaries.
    """
    from .io.corpus import record_docs
    from .io.jsonl import expand_jsonl_paths, iter_jsonl, validate_file
    from .io.standoff import resolve_file_records

    records = []
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
            try:
                list(record_docs(nlp, record))
            except SpanAlignmentError as exc:
                raise GoldFormatError(path, line_no, str(exc)) from exc
            records.append(record)
    if not records:
        raise GoldFormatError(paths[0], 0, "no documents to fine-tune on")
    return records


def split_held_out(records: List[dict], fraction: float = 0.25) -> Tuple[List[dict], List[dict]]:
    """Hold out whole documents when there are several, else every 4th paragraph of the one document."""
    if len(records) >= 2:
        n_held = max(1, round(len(records) * fraction))
        return records[:-n_held], records[-n_held:]
    [record] = records
    step = max(2, round(1 / fraction))
    held = [p for i, p in enumerate(record["paragraphs"]) if i % step == step - 1]
    kept = [p for i, p in enumerate(record["paragraphs"]) if i % step != step - 1]
    train = dict(record, paragraphs=kept)
    test = dict(record, id=f"{record['id']}#held-out", paragraphs=held, footnotes=[])
    return [train], [test]


def finetune(new_data: Iterable[Union[str, Path]], output: Union[str, Path], *,
             base: Optional[Union[str, Path]] = None, gold: Optional[Iterable[Union[str, Path]]] = None,
             held_out_fraction: float = 0.25, new_weight: int = 3, max_epochs: int = 8,
             verbose: bool = False) -> dict:
    """Continue training ``base`` on ``new_data`` (+ the original gold) and save to ``output``.

    Returns ``{"before": scores, "after": scores, "train_documents": n, "held_out": ids}``,
    the scores being those of :func:`vnadmin_nlp.evaluate.evaluate_records` on
    the held-out part of the new data; also written to
    ``output/finetune_report.json``.

    ``new_weight`` repeats the new documents in the training mix so that a few
    new documents count against a larger original gold set.
    """
    from .evaluate import evaluate_records
    from .io.jsonl import read_gold
    from .pipeline import SHIPPED_MODEL, load
    from .train import train_pipeline

    base = Path(base) if base else SHIPPED_MODEL
    base_nlp = load(base)
    new_records = load_new_data(list(new_data), base_nlp)
    train_new, held_out = split_held_out(new_records, held_out_fraction)
    gold_paths = list(gold) if gold is not None else ([DEFAULT_GOLD] if DEFAULT_GOLD.exists() else [])
    new_ids = {r["id"] for r in new_records}
    original = [r for r in read_gold(gold_paths) if r["id"] not in new_ids] if gold_paths else []
    logger.info("fine-tuning %s on %d new document(s) (+%d original), %d held out",
                base, len(train_new), len(original), len(held_out))
    before = evaluate_records(base_nlp, held_out)
    with tempfile.TemporaryDirectory(prefix="vnadmin-finetune-") as tmp:
        config_path = Path(tmp) / "config.cfg"
        _write_resume_config(base, config_path, max_epochs)
        train_pipeline(original + train_new * new_weight, output, config_path=config_path,
                       dev_records=held_out, verbose=verbose)
    after = evaluate_records(load(output), held_out)
    report = {"base": str(base), "train_documents": len(train_new), "original_documents": len(original),
              "held_out": [r["id"] for r in held_out], "before": before, "after": after}
    (Path(output) / "finetune_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")
    return report


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

