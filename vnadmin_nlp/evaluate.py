"""Scoring predictions against gold JSONL: entities by exact character span, DATE values,
paragraph labels."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Optional

from spacy.language import Language

from .labels import ENTITY_LABELS, PARAGRAPH_LABELS
from .pipeline import doc_entities, make_docs, paragraph_label


def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def _gold_kind(para: dict, index: int, n: int) -> str:
    # Gold JSONL keeps no reader kind: a paragraph with a section is body
    # text or a heading, one without is preamble or closing text.
    return "body" if para.get("section") else "body" if 0 < index < n - 1 else "other"


def evaluate_records(nlp: Language, records: Iterable[dict],
                     labels: Optional[List[str]] = None) -> dict:
    """Predict every paragraph and footnote of the gold ``records`` and score.

    Returns per-label entity P/R/F1, DATE value accuracy over DATE spans found
    exactly, and paragraph label accuracy, per-label and macro F1.
    """
    from .components.extensions import register_extensions

    register_extensions()
    labels = list(labels or ENTITY_LABELS)
    counts = defaultdict(Counter)
    value_total = value_correct = 0
    para_gold: List[str] = []
    para_pred: List[str] = []
    for record in records:
        items = []
        paragraphs = record["paragraphs"]
        for i, para in enumerate(paragraphs):
            items.append((para, (para["text"], para.get("section", ""), _gold_kind(para, i, len(paragraphs)))))
        for note in record.get("footnotes", []):
            items.append((note, (note["text"], "", "footnote")))
        docs = nlp.pipe(make_docs(nlp, [ctx for _, ctx in items]))
        for (item, ctx), doc in zip(items, docs):
            gold = {(e[0], e[1], e[2]): (e[3] if len(e) > 3 else None) for e in item.get("entities", [])}
            pred = {(e.start, e.end, e.label): e.value for e in doc_entities(doc)}
            for label in labels:
                g = {k for k in gold if k[2] == label}
                p = {k for k in pred if k[2] == label}
                counts[label]["tp"] += len(g & p)
                counts[label]["fp"] += len(p - g)
                counts[label]["fn"] += len(g - p)
            for key, value in gold.items():
                if key[2] == "DATE" and value is not None and key in pred:
                    value_total += 1
                    value_correct += int(pred[key] == value)
            if ctx[2] != "footnote" and item.get("label"):
                para_gold.append(item["label"])
                para_pred.append(paragraph_label(doc) or "other")
    entities = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}
    return {
        "entities": entities,
        "date_value_accuracy": value_correct / value_total if value_total else None,
        "date_values_scored": value_total,
        "paragraphs": paragraph_scores(para_gold, para_pred),
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


def format_report(scores: dict) -> str:
    """A plain-text table of the scores."""
    lines = ["Entities (exact character spans)", f"{'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}"]
    for label, s in scores["entities"].items():
        lines.append(f"{label:12s} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['support']:8d}")
    if scores["date_value_accuracy"] is not None:
        lines.append(f"DATE value accuracy: {scores['date_value_accuracy']:.3f} "
                     f"(over {scores['date_values_scored']} DATE spans found exactly)")
    para = scores.get("paragraphs")
    if para:
        lines += ["", f"Paragraph labels: accuracy {para['accuracy']:.3f}, macro F1 {para['macro_f']:.3f} "
                  f"(n={para['n']})", f"{'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}"]
        for label, s in para["labels"].items():
            lines.append(f"{label:12s} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['support']:8d}")
        lines += ["", "Confusion (rows gold, columns predicted)",
                  " " * 12 + "".join(f"{p[:6]:>7s}" for p in PARAGRAPH_LABELS)]
        for g in PARAGRAPH_LABELS:
            lines.append(f"{g:12s}" + "".join(f"{para['confusion'][g][p]:7d}" for p in PARAGRAPH_LABELS))
    return "\n".join(lines)
