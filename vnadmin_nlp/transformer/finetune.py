"""Fine-tune a local Hugging Face model on the gold data with ``transformers.Trainer``.

Two tasks:

- ``paragraphs``: sequence classification of (section, paragraph) pairs into
  the paragraph labels; a long paragraph is split into windows, each trained
  with the paragraph's label, and predicted as the mean of its windows.
- ``entities``: token classification of our tokenizer's words (BIO tags,
  the first piece of each word carries its tag); long paragraphs are split
  into overlapping windows, never truncated away.

Evaluation runs every epoch on the validation documents with the metrics of
``vnadmin evaluate``; the best epoch is saved with its tokenizer and the
label map (``vnadmin_transformer.json``). Nothing is ever downloaded: the
base model must be a local directory.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Union

from .. import __version__
from ..errors import ModelNotFoundError
from ..labels import ENTITY_LABELS, PARAGRAPH_LABELS, RULE_ENTITY_LABELS
from .metrics import bio_to_spans, entity_report, flat_metrics, paragraph_report
from .model import META_FILE, TASKS, default_syllable_joiner, paragraph_probs, unit_windows, word_tags

logger = logging.getLogger("vnadmin_nlp")

#: Entity labels a transformer learns by default: the rule components own the others.
DEFAULT_ENTITY_LABELS = tuple(label for label in ENTITY_LABELS if label not in RULE_ENTITY_LABELS)


def _section_words(section: str) -> List[str]:
    from ..tokenizer import segment_words

    return [section[s:e] for s, e in segment_words(section)] if section else []


def _units(split, task: str, entity_labels: Sequence[str]) -> List[dict]:
    """Corpus rows -> text units with what training and scoring need."""
    tag_names = split.features["ner_tags"].feature.names
    label_names = split.features["label"].names
    units = []
    for row in split:
        if task == "paragraphs" and row["label"] < 0:
            continue  # footnotes carry no paragraph label
        tags = [tag_names[t] for t in row["ner_tags"]]
        # Labels the model does not learn are "O" for it (the rules find them).
        tags = [t if t == "O" or t[2:] in entity_labels else "O" for t in tags]
        units.append({
            "words": row["tokens"], "section_words": _section_words(row["section"]),
            "starts": row["token_starts"], "ends": row["token_ends"], "tags": tags,
            "label": label_names[row["label"]] if row["label"] >= 0 else None,
            "gold_spans": {(e["start"], e["end"], e["label"]) for e in row["entities"]
                           if e["label"] in entity_labels},
        })
    return units


def _encode_units(tokenizer, meta: dict, units: List[dict]):
    """Windows of every unit as Trainer features, and the window -> unit map."""
    label_ids = {label: i for i, label in enumerate(meta["labels"])}
    rows, owners, all_windows = [], [], []
    for u, unit in enumerate(units):
        windows = unit_windows(tokenizer, meta, unit["words"], unit["section_words"])
        all_windows.append(windows)
        for window in windows:
            row = {"input_ids": window.input_ids, "attention_mask": [1] * len(window.input_ids)}
            if window.token_type_ids is not None:
                row["token_type_ids"] = window.token_type_ids
            if meta["task"] == "paragraphs":
                row["labels"] = label_ids[unit["label"]]
            else:
                seen = set()
                labels = []
                for owner in window.word_ids:
                    if owner is None or owner in seen:
                        labels.append(-100)  # special tokens and non-first pieces: not scored
                    else:
                        seen.add(owner)
                        labels.append(label_ids[unit["tags"][owner]])
                row["labels"] = labels
            rows.append(row)
            owners.append(u)
    return rows, owners, all_windows


def _report(meta: dict, units: List[dict], all_windows, outputs, gold_prob: Optional[float] = None) -> dict:
    """Window outputs -> the ``vnadmin evaluate`` report over the units.

    The report also holds ``selection``: the task's score (macro F1 or entity
    F1) plus a thousandth of a smoother one, the mean probability of the
    gold label (per paragraph; per word piece, given as ``gold_prob``), so
    that epochs with equal F1, common early on, are told apart.
    """
    cursor = 0
    gold, pred, smooth = [], [], []
    for unit, windows in zip(units, all_windows):
        outs = outputs[cursor:cursor + len(windows)]
        cursor += len(windows)
        if meta["task"] == "paragraphs":
            probs = paragraph_probs(outs, meta["labels"])
            gold.append(unit["label"])
            pred.append(max(probs, key=probs.get))
            smooth.append(probs[unit["label"]])
        else:
            tags = word_tags(windows, outs, len(unit["words"]), meta["labels"])
            gold.append(unit["gold_spans"])
            pred.append(set(bio_to_spans(tags, unit["starts"], unit["ends"])))
    if meta["task"] == "paragraphs":
        report = paragraph_report(gold, pred)
        main = report["paragraphs"]["macro_f"] if report["paragraphs"] else 0.0
    else:
        report = entity_report(gold, pred, meta["entity_labels"])
        main = report["entities_micro"]["f"]
        smooth = [gold_prob or 0.0]
    report["selection"] = main + 1e-3 * (sum(smooth) / len(smooth) if smooth else 0.0)
    return report


def _log_trainer_logs(args, state, control, logs=None, **kwargs) -> None:
    """The Trainer's per-epoch logs, sent to the ``vnadmin_nlp`` logger."""
    if logs:
        logger.info("epoch %.2f: %s", state.epoch or 0, ", ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in logs.items()))


def finetune(base_model: Union[str, Path], task: str, data, output: Union[str, Path], *,
             epochs: float = 3.0, batch_size: int = 16, learning_rate: float = 5e-5,
             max_length: int = 256, stride: int = 64, max_steps: int = -1, seed: int = 0,
             validation_fraction: float = 0.25, validation_docs: Optional[Iterable[str]] = None,
             entity_labels: Optional[Sequence[str]] = None, syllable_joiner: Optional[str] = "auto",
             weight_decay: float = 0.01, warmup_ratio: float = 0.1, skip_misaligned: bool = False) -> dict:
    """Fine-tune ``base_model`` (a local directory) for ``task`` and save the best epoch in ``output``.

    ``data`` is gold JSONL (files or folders) or a DatasetDict from
    :func:`vnadmin_nlp.data.load_corpus`. Returns the validation report of the
    saved model, in the format of :func:`vnadmin_nlp.evaluate.evaluate_records`
    (empty when there is no validation document). Uses the GPU when present.
    """
    from datasets import Dataset, DatasetDict
    import torch
    from transformers import (AutoModelForSequenceClassification, AutoModelForTokenClassification,
                              AutoTokenizer, DataCollatorForTokenClassification, DataCollatorWithPadding,
                              PrinterCallback, Trainer, TrainerCallback, TrainingArguments)

    from ..data import bio_tag_names, load_corpus

    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    base = Path(base_model)
    if not (base / "config.json").exists():
        raise ModelNotFoundError(f"{base}: no local Hugging Face model there (config.json missing); "
                                 "vnadmin never downloads: download the model once and pass its folder")
    output = Path(output)
    corpus = data if isinstance(data, DatasetDict) else load_corpus(
        data, validation_fraction=validation_fraction, seed=seed, validation_docs=validation_docs,
        skip_misaligned=skip_misaligned)

    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    limit = getattr(tokenizer, "model_max_length", None)
    if limit and limit < 100_000 and max_length > limit:
        logger.info("max_length %d > the model's %d: using %d", max_length, limit, limit)
        max_length = limit
    entity_labels = list(entity_labels or DEFAULT_ENTITY_LABELS)
    unknown = set(entity_labels) - set(ENTITY_LABELS)
    if unknown:
        raise ValueError(f"unknown entity labels {sorted(unknown)} (known: {', '.join(ENTITY_LABELS)})")
    meta = {
        "task": task,
        "labels": list(PARAGRAPH_LABELS) if task == "paragraphs" else bio_tag_names(entity_labels),
        "entity_labels": entity_labels if task == "entities" else [],
        "max_length": max_length, "stride": stride,
        "syllable_joiner": default_syllable_joiner(tokenizer) if syllable_joiner == "auto" else syllable_joiner,
        # A short window keeps most of its room for the paragraph itself.
        "max_section_pieces": min(48, max_length // 4),
        "base_model": str(base), "vnadmin_nlp_version": __version__,
    }
    train_units = _units(corpus["train"], task, entity_labels)
    val_units = _units(corpus["validation"], task, entity_labels) if "validation" in corpus else []
    train_rows, _, _ = _encode_units(tokenizer, meta, train_units)
    val_rows, _, val_windows = _encode_units(tokenizer, meta, val_units)
    logger.info("%s: %d train windows from %d units, %d validation windows from %d units",
                task, len(train_rows), len(train_units), len(val_rows), len(val_units))

    id2label = dict(enumerate(meta["labels"]))
    auto = AutoModelForSequenceClassification if task == "paragraphs" else AutoModelForTokenClassification
    model = auto.from_pretrained(str(base), num_labels=len(id2label), id2label=id2label,
                                 label2id={v: k for k, v in id2label.items()}, local_files_only=True,
                                 ignore_mismatched_sizes=True)
    collator = (DataCollatorWithPadding(tokenizer) if task == "paragraphs"
                else DataCollatorForTokenClassification(tokenizer))

    class _LogToLogger(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            _log_trainer_logs(args, state, control, logs)

    reports: List[dict] = []

    def compute_metrics(eval_pred) -> dict:
        preds, gold_prob = eval_pred.predictions, None
        if task == "entities":
            preds, probs = preds
            scored = eval_pred.label_ids != -100
            gold_prob = float(probs[scored].mean()) if scored.any() else 0.0
        outputs = preds.tolist()
        if task == "entities":
            # Rows are padded to the longest window of the whole run: trim each back.
            outputs = [row[:len(r["input_ids"])] for row, r in zip(outputs, val_rows)]
        reports.append(_report(meta, val_units, val_windows, outputs, gold_prob))
        return flat_metrics(reports[-1])

    def keep_argmax(logits, labels):
        # Token logits for a whole validation set are large; the metrics need only the
        # arg-max and the probability given to the gold tag.
        probs = logits.softmax(-1).gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        return logits.argmax(-1), probs

    has_eval = bool(val_rows)
    checkpoints = output / "checkpoints"
    args = TrainingArguments(
        output_dir=str(checkpoints),
        eval_strategy="epoch" if has_eval else "no",
        save_strategy="epoch" if has_eval else "no",
        load_best_model_at_end=has_eval,
        metric_for_best_model="selection" if has_eval else None,
        greater_is_better=True,
        save_total_limit=2,
        num_train_epochs=epochs,
        max_steps=max_steps,
        per_device_train_batch_size=batch_size,
        per_device_eval_batch_size=batch_size,
        learning_rate=learning_rate,
        weight_decay=weight_decay,
        warmup_steps=warmup_ratio,  # a float below 1 is a ratio of the total steps
        seed=seed,
        logging_strategy="epoch",
        report_to="none",
        disable_tqdm=not sys.stderr.isatty(),
        dataloader_pin_memory=torch.cuda.is_available(),
    )
    trainer = Trainer(
        model=model, args=args, data_collator=collator, processing_class=tokenizer,
        train_dataset=Dataset.from_list(train_rows),
        eval_dataset=Dataset.from_list(val_rows) if has_eval else None,
        compute_metrics=compute_metrics if has_eval else None,
        preprocess_logits_for_metrics=keep_argmax if task == "entities" else None,
    )
    # Library code logs instead of printing: the Trainer's printer goes, a logger comes in.
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(_LogToLogger())
    trainer.train()
    report: dict = {}
    if has_eval:
        trainer.evaluate()  # the best epoch is loaded back: score that one
        report = reports[-1]
    trainer.save_model(str(output))
    tokenizer.save_pretrained(str(output))
    meta["scores"] = report
    meta["validation_docs"] = sorted(set(corpus["validation"]["doc_id"])) if "validation" in corpus else []
    (output / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    shutil.rmtree(checkpoints, ignore_errors=True)
    logger.info("saved the fine-tuned %s model in %s", task, output)
    return report
