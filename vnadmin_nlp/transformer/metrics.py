"""Scores for a fine-tuned transformer, computed as ``vnadmin evaluate`` computes them:
entities by exact character span (per label P/R/F1), paragraph labels by
accuracy, per-label P/R/F1 and macro F1 (:mod:`vnadmin_nlp.scoring`)."""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Sequence, Tuple

from ..scoring import paragraph_scores, prf


def bio_to_spans(tags: Sequence[str], starts: Sequence[int], ends: Sequence[int]
                 ) -> List[Tuple[int, int, str]]:
    """Character spans ``(start, end, label)`` from word BIO tags.

    An ``I-X`` that does not continue an ``X`` starts a new entity, as
    seqeval's lenient mode does: a model half-way through training should
    still be scored on what it found.
    """
    spans = []
    current = None  # [first word, last word, label]
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and current and current[2] == label and current[1] == i - 1:
            current[1] = i
            continue
        if current:
            spans.append((starts[current[0]], ends[current[1]], current[2]))
            current = None
        if prefix in ("B", "I"):
            current = [i, i, label]
    if current:
        spans.append((starts[current[0]], ends[current[1]], current[2]))
    return spans


def entity_report(gold: Iterable[Iterable[tuple]], pred: Iterable[Iterable[tuple]],
                  labels: Sequence[str]) -> dict:
    """The ``vnadmin evaluate`` report (entities only) for spans per text unit."""
    counts: Dict[str, Counter] = {label: Counter() for label in labels}
    for g_spans, p_spans in zip(gold, pred):
        for label in labels:
            g = {s for s in g_spans if s[2] == label}
            p = {s for s in p_spans if s[2] == label}
            counts[label]["tp"] += len(g & p)
            counts[label]["fp"] += len(p - g)
            counts[label]["fn"] += len(g - p)
    total = sum(counts.values(), Counter())
    return {
        "entities": {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()},
        "entities_micro": prf(total["tp"], total["fp"], total["fn"]),
        "date_value_accuracy": None, "date_values_scored": 0, "paragraphs": {},
    }


def paragraph_report(gold: List[str], pred: List[str]) -> dict:
    """The ``vnadmin evaluate`` report (paragraph labels only)."""
    return {"entities": {}, "date_value_accuracy": None, "date_values_scored": 0,
            "paragraphs": paragraph_scores(gold, pred)}


def flat_metrics(report: dict) -> Dict[str, float]:
    """Scalars for the Trainer's log and best-checkpoint choice."""
    flat: Dict[str, float] = {}
    if "selection" in report:
        flat["selection"] = report["selection"]
    para = report.get("paragraphs")
    if para:
        flat["accuracy"] = para["accuracy"]
        flat["macro_f"] = para["macro_f"]
    if report.get("entities_micro"):
        micro = report["entities_micro"]
        flat.update(ents_p=micro["p"], ents_r=micro["r"], ents_f=micro["f"])
        for label, s in report["entities"].items():
            flat[f"{label}_f"] = s["f"]
    return flat
