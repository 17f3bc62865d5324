"""The set-aside test read the way a user reads it: source file -> reader -> pipeline.

``vnadmin evaluate --test`` scores the pipeline on the gold paragraphs, with the gold sections:
it measures the model, not what a user gets, because the user's paragraphs and sections come from
our reader. This script runs ``vnadmin_nlp.analyze()`` on each test document's source file and
scores what comes out against the gold:

- **paragraph labels**: each gold paragraph is matched to the reader's paragraph that holds its
  first 40 characters, or whose text begins it, in reading order (as ``scripts/reader_structure.py``
  matches them);
  the matched paragraph's label is the prediction. A gold paragraph the reader did not give
  (cut elsewhere, run into another one) counts as wrong.
- **entities**: per document, the multiset of (label, text) of the gold entities against those the
  pipeline finds in the reader paragraphs that hold a gold paragraph's start or a piece of one
  (text the gold deletes, such as photo captions, is left out on both sides).

    python scripts/end_to_end.py                      # -> docs/test-end-to-end.md
    python scripts/end_to_end.py --output -           # print only

It reads only the test split and trains nothing; nothing here is tuned to its result.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import vnadmin_nlp  # noqa: E402
from vnadmin_nlp.io.jsonl import read_gold  # noqa: E402
from vnadmin_nlp.io.standoff import default_corpus_root  # noqa: E402
from vnadmin_nlp.labels import PARAGRAPH_LABELS  # noqa: E402
from vnadmin_nlp.train import record_kind  # noqa: E402
from scripts.reader_structure import match_in_order, match_paragraph  # noqa: E402,F401  (matched as there)

_WS = re.compile(r"\s+")
ENTITY_LABELS = ("DOC_NUMBER", "DATE", "ORG", "LOC", "PERSON")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def score_document(record: dict, annotated) -> dict:
    """Label hits, matches and entity counts of one test document."""
    reader_texts = [_norm(p.text) for p in annotated.paragraphs]
    labelled = [p for p in record["paragraphs"] if p.get("label")]
    in_order = match_in_order(reader_texts, [p["text"] for p in record["paragraphs"]])
    matched = [i for p, i in zip(record["paragraphs"], in_order) if p.get("label")]
    hits = [i is not None and (annotated.paragraphs[i].label or "other") == p["label"]
            for p, i in zip(labelled, matched)]
    pairs = [(p["label"], (annotated.paragraphs[i].label or "other") if i is not None else None)
             for p, i in zip(labelled, matched)]
    gold_ents = Counter((e[2], _norm(p["text"][e[0]:e[1]])) for p in record["paragraphs"]
                        for e in p.get("entities", []))
    # The reader paragraphs that hold a gold paragraph's start, or a piece of one (the reader
    # may cut a gold paragraph in two): text the gold deleted (photo captions) is left out.
    gold_texts = [_norm(p["text"]) for p in record["paragraphs"]]
    holding = {i for i in in_order if i is not None}
    holding |= {i for i, text in enumerate(reader_texts) if text and any(text in gold for gold in gold_texts)}
    pred_ents = Counter((e.label, _norm(e.text)) for i in sorted(holding)
                        for e in annotated.paragraphs[i].entities if e.label in ENTITY_LABELS)
    return {"paragraphs": len(labelled), "matched": sum(i is not None for i in matched),
            "correct": sum(hits), "pairs": pairs, "gold_ents": gold_ents, "pred_ents": pred_ents}


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def report(rows: Dict[str, dict], kinds: Dict[str, str]) -> str:
    by_kind: Dict[str, List[str]] = defaultdict(list)
    for doc_id, kind in kinds.items():
        by_kind[kind].append(doc_id)
    lines = [
        "<!-- written by `python scripts/end_to_end.py` -->", "",
        f"## Set-aside test, end to end: {len(rows)} documents read from their source files", "",
        "The shipped pipeline through `vnadmin_nlp.analyze()`, as a user runs it: our reader's "
        "paragraphs and sections, not the gold ones (`vnadmin evaluate --test`, docs/test-set.md, "
        "scores the gold paragraphs with the gold sections). A gold paragraph is matched to the "
        "reader's paragraph that holds its first 40 characters or whose text begins it, searched in "
        "reading order from the one that held the gold paragraph before it; one the "
        "reader does not give counts as wrong. Entities: per document, the (label, text) pairs of "
        "the gold against those found in the reader paragraphs that hold a gold paragraph's start or a "
        "piece of one.", "",
        "| kind | documents | gold paragraphs | matched by the reader | label accuracy | per-document mean |"
        + "".join(f" {label} F1 |" for label in ENTITY_LABELS),
        "|---|---:|---:|---:|---:|---:|" + "---:|" * len(ENTITY_LABELS),
    ]
    for kind in ["all"] + sorted(by_kind):
        ids = list(rows) if kind == "all" else by_kind[kind]
        n = sum(rows[i]["paragraphs"] for i in ids)
        matched = sum(rows[i]["matched"] for i in ids)
        correct = sum(rows[i]["correct"] for i in ids)
        per_doc = [rows[i]["correct"] / rows[i]["paragraphs"] for i in ids if rows[i]["paragraphs"]]
        cells = []
        for label in ENTITY_LABELS:
            tp = n_pred = n_gold = 0
            for i in ids:
                gold = Counter({k: v for k, v in rows[i]["gold_ents"].items() if k[0] == label})
                pred = Counter({k: v for k, v in rows[i]["pred_ents"].items() if k[0] == label})
                tp += sum((gold & pred).values())
                n_pred += sum(pred.values())
                n_gold += sum(gold.values())
            cells.append(f" {_f1(tp, n_pred, n_gold):.3f} ({n_gold}) |" if n_gold else " – |")
        lines.append(f"| {kind} | {len(ids)} | {n} | {matched / n:.1%} | {correct / n:.3f} | "
                     f"{sum(per_doc) / len(per_doc):.3f} |" + "".join(cells))
    pairs = [pair for row in rows.values() for pair in row["pairs"]]
    lines += ["", "Label F1 end to end (gold label against the label of the matched reader paragraph):", "",
              "| label | P | R | F1 | support |", "|---|---|---|---|---|"]
    for label in PARAGRAPH_LABELS:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        n_pred = sum(1 for _g, p in pairs if p == label)
        n_gold = sum(1 for g, _p in pairs if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        lines.append(f"| {label} | {precision:.3f} | {recall:.3f} | {_f1(tp, n_pred, n_gold):.3f} | {n_gold} |")
    macro = [_f1(sum(1 for g, p in pairs if g == lab and p == lab), sum(1 for _g, p in pairs if p == lab),
                 sum(1 for g, _p in pairs if g == lab)) for lab in PARAGRAPH_LABELS
             if any(g == lab for g, _p in pairs)]
    lines += ["", f"Macro F1 over the labels present: {sum(macro) / len(macro):.3f}.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(REPO / "docs" / "test-end-to-end.md"),
                        help="where to write the Markdown table ('-': print only)")
    args = parser.parse_args(argv)
    corpus = Path(default_corpus_root())
    test_dir = REPO / "data" / "annotated" / "test"
    records = read_gold([test_dir], include_set_aside=True)
    if not records:
        print(f"no test documents under {test_dir}", file=sys.stderr)
        return 1
    nlp = vnadmin_nlp.load()
    rows, kinds = {}, {}
    for n, record in enumerate(records, start=1):
        source = record.get("source", "")
        path = corpus / source
        if not path.is_file():
            print(f"{record['id']}: source {path} not found; left out", file=sys.stderr)
            continue
        print(f"  {n}/{len(records)} {record['id']}", file=sys.stderr)
        rows[record["id"]] = score_document(record, vnadmin_nlp.analyze(path, nlp=nlp))
        kinds[record["id"]] = record_kind(record)
    text = report(rows, kinds)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(text)
        print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
