"""A statistics report of an annotated corpus (a script to adapt).

    python scripts/corpus_stats.py annotated.jsonl [more.jsonl ...] [-o report.md] [--top 20]
    python scripts/corpus_stats.py incoming/ -o report.md            # annotates the documents first

Reports, in markdown: totals; the paragraph-label distribution per document;
the organizations (ORG) and document codes (DOC_NUMBER) cited most often, with
how many documents cite each. Inputs ending in .jsonl are read as the
guidelines' JSONL (``vnadmin annotate`` output or gold); anything else is
annotated with the batch runner (``--model`` as everywhere).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List

from vnadmin_nlp.labels import ENTITY_LABELS, PARAGRAPH_LABELS


def load_records(inputs: List[str], model=None) -> List[dict]:
    """Records from JSONL files, or from annotating the other inputs."""
    from vnadmin_nlp.batch import expand_inputs, run_batch
    from vnadmin_nlp.io.jsonl import read_gold

    jsonl = [item for item in inputs if item.endswith(".jsonl")]
    documents = [item for item in inputs if not item.endswith(".jsonl")]
    # read_gold validates, and resolves standoff gold into plain records.
    records = read_gold(jsonl, require_labels=False) if jsonl else []
    if documents:
        from vnadmin_nlp.pipeline import load

        summary = run_batch(expand_inputs(documents), None, nlp=load(model),
                            on_result=lambda r: r.record is not None and records.append(r.record))
        for failure in summary.failed:
            print(f"error: {failure.reason}", file=sys.stderr)
    return records


def compute_stats(records: List[dict], top: int = 20) -> Dict:
    """Totals, labels per document, and the most cited organizations and document codes."""
    entity_totals: Counter = Counter()
    mentions = {"ORG": Counter(), "DOC_NUMBER": Counter()}
    cited_by = {"ORG": Counter(), "DOC_NUMBER": Counter()}
    per_document = []
    for record in records:
        labels = Counter(p.get("label") or "-" for p in record["paragraphs"])
        per_document.append((record["id"], len(record["paragraphs"]), labels))
        seen = {"ORG": set(), "DOC_NUMBER": set()}
        for item in record["paragraphs"] + record.get("footnotes", []):
            for ent in item.get("entities", []):
                entity_totals[ent[2]] += 1
                if ent[2] in mentions:
                    # Case and spacing vary between mentions of one body; count them together.
                    name = " ".join(item["text"][ent[0]:ent[1]].split())
                    mentions[ent[2]][name] += 1
                    seen[ent[2]].add(name)
        for label, names in seen.items():
            cited_by[label].update(names)
    return {
        "documents": len(records),
        "paragraphs": sum(n for _, n, _ in per_document),
        "entities": entity_totals,
        "per_document": per_document,
        "top": {label: [(name, n, cited_by[label][name]) for name, n in mentions[label].most_common(top)]
                for label in mentions},
    }


def format_markdown(stats: Dict) -> str:
    labels = list(PARAGRAPH_LABELS) + (["-"] if any("-" in c for _, _, c in stats["per_document"]) else [])
    lines = ["# Corpus statistics", "",
             f"{stats['documents']} documents, {stats['paragraphs']} paragraphs; entities: "
             + ", ".join(f"{label} {stats['entities'][label]}" for label in ENTITY_LABELS if stats["entities"][label]),
             "", "## Paragraph labels per document", "",
             "| document | paragraphs | " + " | ".join(labels) + " |",
             "|---|---:|" + "---:|" * len(labels)]
    for doc_id, n, counts in stats["per_document"]:
        lines.append(f"| {doc_id} | {n} | " + " | ".join(str(counts.get(label, 0)) for label in labels) + " |")
    titles = {"ORG": "Most frequent organizations", "DOC_NUMBER": "Most cited document codes"}
    for label, title in titles.items():
        lines += ["", f"## {title}", "", "| # | text | mentions | documents |", "|---:|---|---:|---:|"]
        lines += [f"| {i} | {name} | {n} | {docs} |" for i, (name, n, docs) in enumerate(stats["top"][label], 1)]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="JSONL files, or documents/folders/globs to annotate")
    parser.add_argument("-o", "--output", type=Path, default=None, help="write the markdown here (default: print)")
    parser.add_argument("--top", type=int, default=20, help="how many organizations and codes to list")
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args(argv)
    records = load_records(args.inputs, args.model)
    if not records:
        print("error: no documents", file=sys.stderr)
        return 1
    report = format_markdown(compute_stats(records, args.top))
    if args.output:
        args.output.write_text(report, encoding="utf-8")
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
