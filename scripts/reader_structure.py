"""How well the reader finds structure: sections and closing parts, over the pool and against gold.

    python scripts/reader_structure.py                       # -> docs/reader-structure.md
    python scripts/reader_structure.py --pool-limit 100      # a quicker look

Two measurements (issue "Paragraph roles on documents we have never seen"):

1. Over the pool (``../shared/corpus/pool``): the share of documents in which the
   reader finds at least one section, and the paragraphs it puts in the closing
   part (recipients and signature). A closing part of more than a few paragraphs
   means the body of an attached plan or regulation was swallowed by the
   signature: those documents are listed.
2. Against every gold document (data/annotated, the set-aside test included; this
   scores the reader, which is rules, not a trained model): of the gold paragraphs
   that have a section, the share the reader gives a non-empty section, and the
   paragraph counts side by side.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vnadmin_nlp.io import read_document  # noqa: E402
from vnadmin_nlp.io.jsonl import read_gold  # noqa: E402
from vnadmin_nlp.io.standoff import SECTION_SEPARATOR, default_corpus_root  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CLOSING_KINDS = ("recipients", "signature")
#: More closing paragraphs than this in one document: the signature swallowed body text.
SWALLOW_THRESHOLD = 8
_WS = re.compile(r"\s+")


def _key(text: str) -> str:
    return _WS.sub(" ", text).strip()[:60]


def match_paragraph(reader_texts: List[str], gold_text: str) -> Optional[int]:
    """Index of the reader paragraph (texts with their spaces collapsed) that holds the start of
    a gold paragraph, or None: the reader may cut paragraphs differently. The reader's paragraph
    holds the gold paragraph's first 40 characters, or the reader cut the gold paragraph after a
    short first line (hard-wrapped PDF text) and holds its beginning."""
    gold = _WS.sub(" ", gold_text).strip()
    key = gold[:40]
    for i, reader in enumerate(reader_texts):
        if key in reader or len(reader) >= 15 and gold.startswith(reader):
            return i
    return None


def match_in_order(reader_texts: List[str], gold_texts: List[str]) -> List[Optional[int]]:
    """:func:`match_paragraph` for a document's gold paragraphs in reading order: each is looked
    for from the reader paragraph that held the gold paragraph before it on (the same one may
    hold both), then, failing that, from the start. A text that recurs (a form's motto and
    fields, a table's row number "1") is so matched to its own place, not to its first occurrence."""
    matched: List[Optional[int]] = []
    cursor = 0
    for gold_text in gold_texts:
        later = match_paragraph(reader_texts[cursor:], gold_text)
        index = cursor + later if later is not None else match_paragraph(reader_texts[:cursor], gold_text)
        if index is not None:
            cursor = index
        matched.append(index)
    return matched


def _innermost(section: str) -> str:
    """The innermost heading of a section path, normalised for comparison."""
    return _key(section.split(SECTION_SEPARATOR)[-1]).lower() if section else ""


def survey_pool(pool: Path, limit=None):
    rows = []
    paths = sorted(pool.rglob("*.txt"))[:limit]
    for n, path in enumerate(paths, start=1):
        if n % 100 == 0:
            print(f"  pool: {n}/{len(paths)}", file=sys.stderr)
        try:
            doc = read_document(path)
        except Exception as err:  # counted and listed, never silently skipped
            rows.append({"path": path.relative_to(pool).as_posix(), "error": str(err)[:80]})
            continue
        kinds = Counter(p.kind for p in doc.paragraphs)
        rows.append({"path": path.relative_to(pool).as_posix(), "paragraphs": len(doc.paragraphs),
                     "with_section": sum(1 for p in doc.paragraphs if p.section),
                     "closing": sum(kinds[k] for k in CLOSING_KINDS), "titles": kinds["title"]})
    return rows


def gold_sections(corpus: Path):
    rows = []
    for record in read_gold([REPO / "data" / "annotated"], include_set_aside=True):
        source = record.get("source", "")
        path = corpus / source if "/" in source else corpus / "seeds" / source
        if not path.is_file():
            continue
        doc = read_document(path)
        reader_texts = [_WS.sub(" ", para.text).strip() for para in doc.paragraphs]
        in_order = match_in_order(reader_texts, [p["text"] for p in record["paragraphs"]])
        gold_with = [p for p in record["paragraphs"] if p.get("section")]
        matched = [i for p, i in zip(record["paragraphs"], in_order) if p.get("section")]
        given = [(doc.paragraphs[i].section if i is not None else "", p["section"])
                 for p, i in zip(gold_with, matched)]
        found = sum(1 for reader, _gold in given if reader)
        # A non-empty section is not always the right one: a false heading gives one to the
        # paragraphs after it. The innermost heading is compared too.
        same = sum(1 for reader, gold in given if reader and _innermost(reader) == _innermost(gold))
        rows.append({"id": record["id"], "gold_paragraphs": len(record["paragraphs"]),
                     "reader_paragraphs": len(doc.paragraphs), "gold_with_section": len(gold_with),
                     "reader_gives_section": found, "reader_same_section": same,
                     "gold_sections": len({p["section"] for p in gold_with}),
                     "reader_sections": len(doc.sections)})
    return rows


def markdown(pool_rows, gold_rows, limit) -> str:
    ok = [r for r in pool_rows if "error" not in r]
    with_sections = sum(1 for r in ok if r["with_section"])
    swallowed = [r for r in ok if r["closing"] > SWALLOW_THRESHOLD]
    out = ["# Reader structure", "",
           "Written by `python scripts/reader_structure.py" + (f" --pool-limit {limit}" if limit else "") + "`.", "",
           "## Pool", "",
           f"- documents read: {len(ok)} (errors: {len(pool_rows) - len(ok)})",
           f"- documents with at least one section: {with_sections} ({with_sections / max(len(ok), 1):.1%})",
           f"- paragraphs: {sum(r['paragraphs'] for r in ok):,}, of which with a section: "
           f"{sum(r['with_section'] for r in ok):,}",
           f"- paragraphs in closing parts (recipients, signature): {sum(r['closing'] for r in ok):,} "
           f"(mean {sum(r['closing'] for r in ok) / max(len(ok), 1):.1f} per document)",
           f"- documents with more than {SWALLOW_THRESHOLD} closing paragraphs: {len(swallowed)}. Read by hand, "
           "the first dozen are appendix forms (templates with their own 'Nơi nhận', signature lines and "
           "filling notes, which are closing text of the form) rather than attached plans taken for a "
           "signature; the table lists them for a closer look.", ""]
    if swallowed:
        out += ["| document | paragraphs | closing |", "|---|---|---|"]
        out += [f"| {r['path']} | {r['paragraphs']} | {r['closing']} |"
                for r in sorted(swallowed, key=lambda r: -r["closing"])[:30]]
        out.append("")
    errors = [r for r in pool_rows if "error" in r]
    if errors:
        out += ["Not read: " + "; ".join(f"{r['path']} ({r['error']})" for r in errors[:20]), ""]
    total_with = sum(r["gold_with_section"] for r in gold_rows)
    total_found = sum(r["reader_gives_section"] for r in gold_rows)
    total_same = sum(r["reader_same_section"] for r in gold_rows)
    out += ["## Gold documents", "",
            f"Gold paragraphs that have a section: {total_with}; the reader gives a non-empty section to "
            f"{total_found} ({total_found / max(total_with, 1):.1%}). A gold paragraph is matched to the reader's "
            "paragraph that holds its first 40 characters, or whose text begins it (the reader may cut paragraphs "
            "differently), searched in reading order from the paragraph that held the gold paragraph before it "
            "(so that a recurring text, a form's motto or a table's row number, is matched at its own place); "
            "one it does not find counts as not given a section.", "",
            f"A non-empty section is not always the right one (a false heading gives one to the paragraphs "
            f"after it): the reader's innermost heading is the gold one for {total_same} "
            f"({total_same / max(total_with, 1):.1%}).", "",
            "| document | gold paragraphs | reader paragraphs | gold with section | reader gives one | "
            "the same innermost heading | gold sections | reader sections |", "|---|---|---|---|---|---|---|---|"]
    for r in gold_rows:
        out.append(f"| {r['id']} | {r['gold_paragraphs']} | {r['reader_paragraphs']} | {r['gold_with_section']} | "
                   f"{r['reader_gives_section']} | {r['reader_same_section']} | {r['gold_sections']} | "
                   f"{r['reader_sections']} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus_root())
    parser.add_argument("--pool-limit", type=int, default=None, help="read only the first N pool documents")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "reader-structure.md")
    args = parser.parse_args(argv)
    pool = args.corpus / "pool"
    if not pool.is_dir():
        print(f"error: no pool under {args.corpus}", file=sys.stderr)
        return 2
    text = markdown(survey_pool(pool, args.pool_limit), gold_sections(args.corpus), args.pool_limit)
    args.output.write_text(text, encoding="utf-8")
    print(text[:1500])
    return 0


if __name__ == "__main__":
    sys.exit(main())
