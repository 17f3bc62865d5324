"""Scores from counts: precision, recall and F1, paragraph label scores, and the accumulator that
counts predictions against gold.

Kept apart from :mod:`vnadmin_nlp.evaluate` (which runs a pipeline over gold records) so that
code that only scores, such as the transformer's training metrics, does not import the pipeline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Optional

from .labels import ENTITY_LABELS, PARAGRAPH_LABELS


def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


class ScoreAccumulator:
    """Counts over any number of (pipeline, gold records) runs, e.g. the folds of a cross-validation."""

    def __init__(self, labels: Optional[List[str]] = None):
        self.labels = list(labels or ENTITY_LABELS)
        self.counts = defaultdict(Counter)
        self.value_total = self.value_correct = 0
        self.para_gold: List[str] = []
        self.para_pred: List[str] = []

    def add(self, gold_entities: Iterable[list], pred: Dict[tuple, Optional[str]]) -> None:
        """Score one paragraph's predicted ``{(start, end, label): value}`` against gold entities."""
        gold = {(e[0], e[1], e[2]): (e[3] if len(e) > 3 else None) for e in gold_entities}
        for label in self.labels:
            g = {k for k in gold if k[2] == label}
            p = {k for k in pred if k[2] == label}
            self.counts[label]["tp"] += len(g & p)
            self.counts[label]["fp"] += len(p - g)
            self.counts[label]["fn"] += len(g - p)
        for key, value in gold.items():
            if key[2] == "DATE" and value is not None and key in pred:
                self.value_total += 1
                self.value_correct += int(pred[key] == value)

    def add_label(self, gold: str, predicted: str) -> None:
        """Count one paragraph label."""
        self.para_gold.append(gold)
        self.para_pred.append(predicted)

    def add_predictions(self, predictions: Iterable[tuple]) -> None:
        """Count ``(gold item, predicted entities, predicted label or None)`` triples,
        as :func:`vnadmin_nlp.evaluate.predict_records` makes them."""
        for item, pred, label in predictions:
            self.add(item.get("entities", []), pred)
            if label is not None and item.get("label"):
                self.add_label(item["label"], label)

    def scores(self) -> dict:
        entities = {label: prf(self.counts[label]["tp"], self.counts[label]["fp"], self.counts[label]["fn"])
                    for label in self.labels}
        return {
            "entities": entities,
            "date_value_accuracy": self.value_correct / self.value_total if self.value_total else None,
            "date_values_scored": self.value_total,
            "paragraphs": paragraph_scores(self.para_gold, self.para_pred),
        }


def paragraph_scores(gold: List[str], pred: List[str]) -> dict:
    """Accuracy, per-label P/R/F1, macro F1 over labels present in gold, confusion matrix."""
    if not gold:
        return {}
    per_label = {}
    for label in PARAGRAPH_LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        per_label[label] = prf(tp, fp, fn)
    present = [label for label in PARAGRAPH_LABELS if per_label[label]["support"]]
    confusion = {g: {p: sum(1 for x, y in zip(gold, pred) if x == g and y == p) for p in PARAGRAPH_LABELS}
                 for g in PARAGRAPH_LABELS}
    return {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold),
        "macro_f": sum(per_label[label]["f"] for label in present) / len(present),
        "labels": per_label,
        "confusion": confusion,
    }
