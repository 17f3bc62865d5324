"""Propose annotations for raw documents, to be corrected by a person.

    python scripts/propose_gold.py ../shared/corpus/seeds/*.txt -o data/annotated/

Writes one JSONL file per document with paragraphs from the reader, DATE and
DOC_NUMBER from the rules, ORG candidates from the head-word rules and a
paragraph label guessed from the section and cue words. None of it is gold
until a person has read and corrected every paragraph.
"""

import argparse
import re
from pathlib import Path

from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.jsonl import write_jsonl
from vnadmin_nlp.patterns import find_rule_entities
from vnadmin_nlp.patterns.orgs import find_org_candidates

SECTION_CUES = [
    ("tổ chức thực hiện", "assignment"), ("nguyên nhân", "cause"), ("hạn chế", "limitation"),
    ("bài học", "other"), ("kiến nghị", "other"), ("đặc điểm", "other"),
    ("nhiệm vụ", "task"), ("giải pháp", "task"), ("kết quả", "result"),
]


def guess_label(text: str, section: str, kind: str) -> str:
    if kind != "body":
        return "other"
    body = re.sub(r"^[\d.\-)\s]+|^-\s*", "", text)
    if re.match(r"(Tuy nhiên|Hạn chế|Bên cạnh)", body):
        return "limitation"
    if re.match(r"Nguyên nhân", body):
        return "cause"
    last = section.split(" > ")[-1].lower() if section else ""
    for cue, label in SECTION_CUES:
        if cue in last:
            return label
    if re.search(r"\bGiao\b.*chủ trì|có trách nhiệm", body):
        return "assignment"
    if re.match(r"(Tiếp tục|Tăng cường|Đẩy mạnh|Nâng cao|Chú trọng|Quan tâm|Tập trung|Phát huy|Chỉ đạo)", body):
        return "task"
    if re.search(r"\bđã\b", body):
        return "result"
    return "other"


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
