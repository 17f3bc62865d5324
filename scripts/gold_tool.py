"""Read and correct gold JSONL by entity *text*, so no offset is typed by hand.

    python scripts/gold_tool.py show FILE [--start N] [--end M] [--footnotes]
    python scripts/gold_tool.py validate FILE...

From Python (what annotators use to correct a paragraph)::

    from scripts.gold_tool import GoldFile
    gold = GoldFile("data/annotated/seed-000.jsonl")
    gold.set_label(3, "limitation")
    gold.set_entities(3, [("Ban Thường vụ Tỉnh ủy", "ORG"), ("ngày 03/6/2013", "DATE", "2013-06-03"),
                          ("Tỉnh ủy", "ORG", 2)])   # third item: value, or occurrence number (1-based)
    gold.save()      # validates first; refuses to write an invalid file
"""

import argparse
import json
import sys
from pathlib import Path

from vnadmin_nlp.io.jsonl import validate_file, validate_record


class GoldFile:
    """One JSONL file holding one document; paragraphs addressed by index."""

    def __init__(self, path):
        self.path = Path(path)
        self.record = json.loads(self.path.read_text(encoding="utf-8").strip().splitlines()[0])

    def item(self, index: int, footnote: bool = False) -> dict:
        return self.record["footnotes" if footnote else "paragraphs"][index]

    def set_label(self, index: int, label: str) -> None:
        self.item(index)["label"] = label

    def set_entities(self, index: int, entities, footnote: bool = False) -> None:
        """Replace a paragraph's entities; each is (text, label[, value][, occurrence])."""
        item = self.item(index, footnote)
        text = item["text"]
        result = []
        for spec in entities:
            span_text, label = spec[0], spec[1]
            value, occurrence = None, 1
            for extra in spec[2:]:
                if isinstance(extra, int):
                    occurrence = extra
                else:
                    value = extra
            pos = -1
            for _ in range(occurrence):
                pos = text.find(span_text, pos + 1)
                if pos < 0:
                    raise ValueError(f"{span_text!r} (occurrence {occurrence}) not in paragraph {index}")
            ent = [pos, pos + len(span_text), label]
            if value is not None:
                ent.append(value)
            result.append(ent)
        item["entities"] = sorted(result)

    def save(self) -> None:
        problems = validate_record(self.record)
        if problems:
            raise ValueError("not saved: " + "; ".join(problems[:10]))
        self.path.write_text(json.dumps(self.record, ensure_ascii=False) + "\n", encoding="utf-8")


def show(path, start=0, end=None, footnotes=False) -> None:
    gold = GoldFile(path)
    items = gold.record["footnotes" if footnotes else "paragraphs"]
    for i, item in enumerate(items[start:end], start=start):
        head = f"[{i}] label={item.get('label')} section={item.get('section', '')!r}"
        if footnotes:
            head = f"[{i}] marker={item.get('marker')}"
        print(head)
        print("    " + item["text"].replace("\n", "\n    "))
        for ent in item.get("entities", []):
            extra = f" = {ent[3]}" if len(ent) > 3 else ""
            print(f"      {ent[2]:10s} {item['text'][ent[0]:ent[1]]!r}{extra}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description="Show or validate gold JSONL files.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_show = sub.add_parser("show")
    p_show.add_argument("file")
    p_show.add_argument("--start", type=int, default=0)
    p_show.add_argument("--end", type=int, default=None)
    p_show.add_argument("--footnotes", action="store_true")
    p_val = sub.add_parser("validate")
    p_val.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.command == "show":
        show(args.file, args.start, args.end, args.footnotes)
    else:
        bad = 0
        for f in args.files:
            for err in validate_file(f):
                print(err)
                bad += 1
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
