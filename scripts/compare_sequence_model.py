"""Paragraph roles: the shipped independent classifier against a sequence model over a document.

Issue 19 asks to choose, by held-out measurement, between the independent classifier and a
linear-chain CRF over a document's paragraphs. The CRF here reads, for each paragraph, the
classifier's label probabilities (out-of-fold on the training documents, so that it learns how
far to trust them), the document-structure tokens of :mod:`vnadmin_nlp.structure` (neighbours'
shapes, items under a lead-in, plan sub-lines, first in section), the classifier's shape cues
(list marker, lead-in, heading-like, upper case, nearest-heading cue), the document type and
the neighbours' most probable labels; CRFsuite learns the label transitions.

    pip install python-crfsuite
    python scripts/compare_sequence_model.py [--c2 0.1] [-o docs/classifiers-sequence.md]

Both systems are scored on documents they did not train on: 5 folds by document, then
leaving one kind out, over the training gold (the set-aside test is not read).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vnadmin_nlp.components.paragraph_classifier import ParagraphClassifier, paragraph_features  # noqa: E402
from vnadmin_nlp.io.jsonl import read_gold  # noqa: E402
from vnadmin_nlp.labels import PARAGRAPH_LABELS  # noqa: E402
from vnadmin_nlp.scoring import paragraph_scores  # noqa: E402
from vnadmin_nlp.structure import record_contexts  # noqa: E402
from vnadmin_nlp.train import (  # noqa: E402
    document_folds, document_type, kind_folds, shipped_classifier_settings)

#: Cue tokens of the classifier that describe a paragraph's shape and place.
_SHAPE_CUES = ("marker_", "lead_in", "heading_like", "upper_case", "near_", "no_section")


def labelled_rows(record: dict) -> List[tuple]:
    """``(text, section, document type, structure tokens, label)`` of a record's labelled paragraphs."""
    doc_type = document_type(record.get("title") or "")
    return [(p["text"], p.get("section", ""), doc_type, context, p["label"])
            for p, context in zip(record["paragraphs"], record_contexts(record)) if p.get("label")]


def fit_classifier(records: Sequence[dict]) -> ParagraphClassifier:
    rows = [row for record in records for row in labelled_rows(record)]
    return ParagraphClassifier(None, **shipped_classifier_settings()).fit(
        [r[0] for r in rows], [r[1] for r in rows], [r[4] for r in rows], [r[2] for r in rows])


def probabilities(classifier: ParagraphClassifier, record: dict) -> List[Dict[str, float]]:
    rows = labelled_rows(record)
    return classifier.predict_proba([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]) if rows else []


def sequence_features(rows: List[tuple], probs: List[Dict[str, float]]) -> List[Dict[str, float]]:
    out = []
    for i, ((text, section, doc_type, context, _label), prob) in enumerate(zip(rows, probs)):
        features = {f"p_{label}": value for label, value in prob.items()}
        features["top=" + max(prob, key=prob.get)] = 1.0
        features.update({"ctx=" + token: 1.0 for token in context.split()})
        features.update({"cue=" + token: 1.0 for token in paragraph_features(text, section, doc_type)["cues"].split()
                         if token.startswith(_SHAPE_CUES)})
        features["doctype=" + (doc_type or "none")] = 1.0
        if i:
            features["prev_top=" + max(probs[i - 1], key=probs[i - 1].get)] = 1.0
            features["same_section_as_prev"] = float(rows[i - 1][1] == section)
        if i + 1 < len(rows):
            features["next_top=" + max(probs[i + 1], key=probs[i + 1].get)] = 1.0
        features["bias"] = 1.0
        out.append(features)
    return out


def out_of_fold_probabilities(records: Sequence[dict], k: int = 4) -> List[List[Dict[str, float]]]:
    """The classifier's probabilities on each training document from a classifier that did not see it."""
    out: List[List[Dict[str, float]]] = [[] for _ in records]
    for held in document_folds(records, k):
        classifier = fit_classifier([r for i, r in enumerate(records) if i not in held])
        for i in held:
            out[i] = probabilities(classifier, records[i])
    return out


def compare(records: List[dict], folds: List[List[int]], c2: float, progress) -> Dict[str, dict]:
    import pycrfsuite

    gold, independent, sequence = [], [], []
    for number, held in enumerate(folds, start=1):
        progress(f"fold {number}/{len(folds)}")
        train = [r for i, r in enumerate(records) if i not in held]
        test = [records[i] for i in held]
        classifier = fit_classifier(train)
        trainer = pycrfsuite.Trainer(verbose=False)
        for record, probs in zip(train, out_of_fold_probabilities(train)):
            rows = labelled_rows(record)
            if rows:
                trainer.append(sequence_features(rows, probs), [r[4] for r in rows])
        trainer.set_params({"c1": 0.0, "c2": c2, "max_iterations": 200})
        with tempfile.TemporaryDirectory() as tmp:
            model = str(Path(tmp) / "sequence.crfsuite")
            trainer.train(model)
            tagger = pycrfsuite.Tagger()
            tagger.open(model)
            for record in test:
                rows = labelled_rows(record)
                if not rows:
                    continue
                probs = probabilities(classifier, record)
                gold += [r[4] for r in rows]
                independent += [max(p, key=p.get) for p in probs]
                sequence += tagger.tag(sequence_features(rows, probs))
    return {"independent": paragraph_scores(gold, independent), "sequence": paragraph_scores(gold, sequence)}


NAMES = {"independent": "vnadmin_paragraph_classifier (shipped: independent, TF-IDF + cues + logistic regression)",
         "sequence": "linear-chain CRF over the document's paragraphs (classifier probabilities + structure)"}


def table(title: str, scores: Dict[str, dict]) -> List[str]:
    lines = [f"## {title}", "", "| system | accuracy | macro F1 | " + " | ".join(f"F1 {l}" for l in PARAGRAPH_LABELS) + " |",
             "|---|---|---|" + "---|" * len(PARAGRAPH_LABELS)]
    for key, s in scores.items():
        f1 = [f"{s['labels'][label]['f']:.3f}" for label in PARAGRAPH_LABELS]
        lines.append(f"| {NAMES[key]} | {s['accuracy']:.3f} | {s['macro_f']:.3f} | " + " | ".join(f1) + " |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c2", type=float, default=0.1, help="CRFsuite's L2 penalty")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "docs" / "classifiers-sequence.md")
    args = parser.parse_args()
    records = read_gold([REPO / "data" / "annotated"])  # the set-aside test is left out
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    five = compare(records, document_folds(records, 5), args.c2, progress)
    by_kind = compare(records, kind_folds(records), args.c2, progress)
    lines = [f"<!-- written by `python scripts/compare_sequence_model.py --c2 {args.c2}` -->", "",
             f"Held-out paragraph labels over the {len(records)} training documents (the set-aside test "
             "is not read), independent classifier against a sequence model (issue 19, item 2).", ""]
    lines += table("5 folds by document", five) + table("Leaving one kind out", by_kind)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
