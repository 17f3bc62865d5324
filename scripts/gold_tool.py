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

Standoff files (data/annotated/extra/*.jsonl, no source text inside) open the
same way: the text is resolved from ../shared/corpus on load and re-aligned to
the source on save. Paragraph structure can be corrected too::

    gold.split(5, "2. Giao Bộ Tài chính")   # paragraph 5 ends before that text; a new one starts there
    gold.merge(7)                           # paragraph 8 joins paragraph 7 (one space between)
    gold.delete(9)                          # e.g. a page header left in the body
    gold.set_section(10, [2, 6])            # section = texts of heading paragraphs 2 and 6
"""

import argparse
import json
import sys
from pathlib import Path

from vnadmin_nlp.io.jsonl import validate_file, validate_record
from vnadmin_nlp.io.standoff import SECTION_SEPARATOR, is_standoff, load_source, make_standoff, resolve_record


class GoldFile:
    """One JSONL file holding one document; paragraphs addressed by index."""

    def __init__(self, path):
        self.path = Path(path)
        record = json.loads(self.path.read_text(encoding="utf-8").strip().splitlines()[0])
        self.standoff = record if is_standoff(record) else None
        if self.standoff:
            self.source = load_source(record)
            record = resolve_record(record, self.source)
        self.record = record

    def split(self, index: int, at_text: str) -> None:
        """Split paragraph ``index`` before the first occurrence of ``at_text`` (entities move along)."""
        para = self.item(index)
        pos = para["text"].find(at_text)
        if pos <= 0:
            raise ValueError(f"{at_text!r} not inside paragraph {index} (after its start)")
        left, right = para["text"][:pos].rstrip(), para["text"][pos:]
        shift = len(para["text"]) - len(right)
        first = [e for e in para["entities"] if e[1] <= len(left)]
        second = [[e[0] - shift, e[1] - shift] + e[2:] for e in para["entities"] if e[0] >= pos]
        if len(first) + len(second) != len(para["entities"]):
            raise ValueError(f"paragraph {index}: an entity straddles the split point")
        new = dict(para, text=right, entities=second)
        para.update(text=left, entities=first)
        self.record["paragraphs"].insert(index + 1, new)

    def merge(self, index: int, sep: str = " ") -> None:
        """Join paragraph ``index + 1`` onto paragraph ``index``."""
        para, nxt = self.item(index), self.record["paragraphs"].pop(index + 1)
        shift = len(para["text"]) + len(sep)
        para["entities"] = para["entities"] + [[e[0] + shift, e[1] + shift] + e[2:] for e in nxt["entities"]]
        para["text"] = para["text"] + sep + nxt["text"]

    def delete(self, index: int) -> None:
        """Drop a paragraph (page header, stamp, stray line)."""
        self.record["paragraphs"].pop(index)

    def set_section(self, index: int, heading_indices) -> None:
        """Set a paragraph's section to the texts of the given (earlier) heading paragraphs."""
        self.item(index)["section"] = SECTION_SEPARATOR.join(
            self.item(j)["text"] for j in heading_indices)

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
        record = self.record
        if self.standoff:
            record = make_standoff(record, self.source, self.standoff["source"], self.standoff["sha256"],
                                   self.standoff.get("group", "State"))
        self.path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


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
