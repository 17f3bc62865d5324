"""Scoring a pipeline against gold JSONL: entities by exact character span, DATE values,
paragraph labels; and the reports of those scores.

The scores themselves are computed in :mod:`vnadmin_nlp.scoring` (re-exported here); this module
runs the pipeline over the gold records.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from spacy.language import Language

from .io.document import document_type
from .labels import PARAGRAPH_LABELS
from .pipeline import make_docs
from .records import doc_entities, paragraph_label
from .scoring import ScoreAccumulator, paragraph_scores, prf  # noqa: F401  (re-exported: train, callers)


def _gold_kind(para: dict, index: int, n: int) -> str:
    # Gold JSONL keeps no reader kind: a paragraph with a section is body
    # text or a heading, one without is preamble or closing text.
    return "body" if para.get("section") else "body" if 0 < index < n - 1 else "other"


def predict_records(nlp: Language, records: Iterable[dict]) -> List[tuple]:
    """``(gold item, {(start, end, label): value}, predicted label)`` for every paragraph and
    footnote of the gold ``records``; the label is None for footnotes. Predicting once lets
    several accumulators (all documents, one group) count the same predictions."""
    from .components.body_ruler import document_header
    from .components.extensions import register_extensions
    from .components.person_rules import settle_people
    from .structure import record_contexts

    register_extensions()
    out = []
    for record in records:
        items = []
        paragraphs = record["paragraphs"]
        doc_type = document_type(record.get("title") or "")
        contexts = record_contexts(record)
        header = document_header([p["text"] for p in paragraphs])
        for i, (para, context) in enumerate(zip(paragraphs, contexts)):
            items.append((para, (para["text"], para.get("section", ""),
                                 _gold_kind(para, i, len(paragraphs)), doc_type, context, header)))
        for note in record.get("footnotes", []):
            items.append((note, (note["text"], "", "footnote", doc_type, "", header)))
        docs = list(nlp.pipe(make_docs(nlp, [ctx for _, ctx in items])))
        settle_people(docs)  # the document-level step of records.annotated_document
        for (item, ctx), doc in zip(items, docs):
            label = None if ctx[2] == "footnote" else paragraph_label(doc) or "other"
            out.append((item, {(e.start, e.end, e.label): e.value for e in doc_entities(doc)}, label))
    return out


def evaluate_records(nlp: Language, records: Iterable[dict],
                     labels: Optional[List[str]] = None) -> dict:
    """Predict every paragraph and footnote of the gold ``records`` and score.

    Returns per-label entity P/R/F1, DATE value accuracy over DATE spans found
    exactly, and paragraph label accuracy, per-label and macro F1.
    """
    acc = ScoreAccumulator(labels)
    acc.add_predictions(predict_records(nlp, records))
    return acc.scores()


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


_SYSTEM_NAMES = {"model": "vnadmin (trained)", "rules": "vnadmin rules only",
                 "underthesea": "underthesea ner", "majority": "majority label"}


def format_cv_report(result: dict, title: str = "Cross-validation") -> str:
    """Markdown tables of a :func:`vnadmin_nlp.train.cross_validate` result, per document group."""
    scores = result["scores"]
    lines = [f"## {title}", "",
             f"{len(result['folds'])} fold(s); held out per fold: "
             + "; ".join(", ".join(f) for f in result["folds"]), ""]
    lines += format_kind_table(result)
    for group in scores["model"]:
        model = scores["model"][group]
        n_docs = "all documents" if group == "all" else f"{group} documents"
        lines += [f"### {n_docs}: entities (exact spans, pooled over held-out documents)", "",
                  "| label | P | R | F1 | F1 ner without ORG rules | F1 rules only | F1 underthesea ner | support |",
                  "|---|---|---|---|---|---|---|---|"]
        for label, s in model["entities"].items():
            if not s["support"] and not s["fp"]:
                continue
            rules_f = scores["rules"][group]["entities"][label]["f"]
            under = scores.get("underthesea", {}).get(group)
            under_f = (f"{under['entities'][label]['f']:.3f}"
                       if under and label in ("ORG", "LOC", "PERSON") else "–")
            ner_only = scores.get("ner_only", {}).get(group)
            ner_f = f"{ner_only['entities'][label]['f']:.3f}" if ner_only else "–"
            lines.append(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {ner_f} | {rules_f:.3f} | "
                         f"{under_f} | {s['support']} |")
        if model["date_value_accuracy"] is not None:
            lines += ["", f"DATE value accuracy {model['date_value_accuracy']:.3f} "
                          f"(over {model['date_values_scored']} DATE spans found exactly)."]
        para = model["paragraphs"]
        if para:
            rules_p = scores["rules"][group]["paragraphs"]
            major = scores.get("majority", {}).get(group, {}).get("paragraphs")
            lines += ["", f"### {n_docs}: paragraph labels (n={para['n']})", "",
                      "| system | accuracy | macro F1 |", "|---|---|---|",
                      f"| {_SYSTEM_NAMES['model']} | {para['accuracy']:.3f} | {para['macro_f']:.3f} |",
                      f"| cue rules (baseline) | {rules_p['accuracy']:.3f} | {rules_p['macro_f']:.3f} |"]
            if major:
                lines.append(f"| {_SYSTEM_NAMES['majority']} | {major['accuracy']:.3f} | {major['macro_f']:.3f} |")
            lines += ["", "| label | P | R | F1 | support |", "|---|---|---|---|---|"]
            for label, s in para["labels"].items():
                lines.append(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['support']} |")
            lines += ["", "Confusion matrix (rows gold, columns predicted):", "",
                      "| gold \\ predicted | " + " | ".join(PARAGRAPH_LABELS) + " |",
                      "|---" * (len(PARAGRAPH_LABELS) + 1) + "|"]
            for g in PARAGRAPH_LABELS:
                lines.append(f"| {g} | " + " | ".join(str(para["confusion"][g][p]) for p in PARAGRAPH_LABELS)
                             + " |")
        lines.append("")
    return "\n".join(lines)


def format_kind_table(result: dict) -> List[str]:
    """Markdown lines: one row per document kind (and all), paragraph and entity F1 side by side
    with the baselines, so that a weak kind shows at a glance."""
    scores = result["scores"]
    labels = ["DOC_NUMBER", "DATE", "ORG", "LOC", "PERSON"]
    lines = ["### By document kind", "",
             "| kind | paragraphs | accuracy | macro F1 | majority acc. | "
             + " | ".join(f"{label} F1" for label in labels) + " | ORG F1 underthesea |",
             "|---|---|---|---|---|" + "---|" * len(labels) + "---|"]
    for group, model in scores["model"].items():
        para = model.get("paragraphs") or {}
        major = scores.get("majority", {}).get(group, {}).get("paragraphs") or {}
        under = scores.get("underthesea", {}).get(group)
        ents = " | ".join(
            f"{model['entities'][label]['f']:.3f} ({model['entities'][label]['support']})"
            if model["entities"][label]["support"] else "–" for label in labels)
        under_org = f"{under['entities']['ORG']['f']:.3f}" if under and under["entities"]["ORG"]["support"] else "–"
        lines.append(f"| {group} | {para.get('n', 0)} | {para.get('accuracy', 0):.3f} | {para.get('macro_f', 0):.3f} | "
                     f"{major.get('accuracy', 0):.3f} | {ents} | {under_org} |")
    lines += ["", "Entity cells: F1 (gold spans)."]
    per_document = result.get("per_document")
    if per_document:
        values = sorted(per_document.values())
        lines.append(f"Paragraph accuracy per document: mean {sum(values) / len(values):.3f} over {len(values)} "
                     f"documents (lowest {values[0]:.3f}, median {values[len(values) // 2]:.3f}, highest {values[-1]:.3f}).")
    lines.append("")
    return lines


def format_classifier_comparison(scores: Dict[str, dict], title: str) -> str:
    """Markdown table of :func:`vnadmin_nlp.train.compare_paragraph_classifiers` output."""
    names = {"sklearn": "vnadmin_paragraph_classifier (TF-IDF n-grams + genre cues + document structure "
                        "+ logistic regression)",
             "sklearn_no_context": "the same without the document-structure context",
             "textcat": "spaCy textcat (TextCatEnsemble: CNN + bag of words), section prefixed to the text",
             "majority": "majority label"}
    lines = [f"## {title}", "", "| classifier | accuracy | macro F1 | "
             + " | ".join(f"F1 {label}" for label in PARAGRAPH_LABELS) + " |",
             "|---|---|---|" + "---|" * len(PARAGRAPH_LABELS)]
    for key, s in scores.items():
        per = " | ".join(f"{s['labels'][label]['f']:.3f}" for label in PARAGRAPH_LABELS)
        lines.append(f"| {names.get(key, key)} | {s['accuracy']:.3f} | {s['macro_f']:.3f} | {per} |")
    lines.append("")
    return "\n".join(lines)
