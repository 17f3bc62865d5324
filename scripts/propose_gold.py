"""Propose annotations for raw documents, to be corrected by a person.

    python scripts/propose_gold.py ../shared/corpus/seeds/*.txt -o data/annotated/

Writes one JSONL file per document with paragraphs from the reader, DATE and
DOC_NUMBER from the rules, ORG candidates from the head-word rules and a
paragraph label guessed from the section and cue words. None of it is gold
until a person has read and corrected every paragraph.
"""

import argparse
from pathlib import Path

from vnadmin_nlp.components.paragraph_rules import guess_paragraph_label as guess_label
from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.jsonl import write_jsonl
from vnadmin_nlp.patterns import find_rule_entities
from vnadmin_nlp.patterns.orgs import find_org_candidates

def entities(text: str) -> list:
    ents = [[s, e, label] + ([value] if label == "DATE" and value else [])
            for s, e, label, value in find_rule_entities(text)]
    for s, e in find_org_candidates(text):
        if all(e <= x[0] or s >= x[1] for x in ents):
            ents.append([s, e, "ORG"])
    return sorted(ents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    for path in args.files:
        doc = read_document(path)
        number = path.name.split("_")[0]
        record = {
            "id": f"seed-{number}", "source": path.name, "title": doc.title,
            "paragraphs": [
                {"text": p.text, "label": guess_label(p.text, p.section, p.kind),
                 "section": p.section, "entities": entities(p.text)}
                for p in doc.paragraphs
            ],
            "footnotes": [
                {"marker": f.marker, "text": f.text, "entities": entities(f.text)}
                for f in doc.footnotes
            ],
        }
        out = args.output / f"seed-{number}.jsonl"
        write_jsonl([record], out)
        print(f"{path.name}: {len(doc.paragraphs)} paragraphs, {len(doc.footnotes)} footnotes -> {out}")


if __name__ == "__main__":
    main()
