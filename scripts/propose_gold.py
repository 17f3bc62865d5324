"""Propose annotations for raw documents, to be corrected by a person.

    python scripts/propose_gold.py ../shared/corpus/seeds/*.txt -o data/annotated/
    python scripts/propose_gold.py ../shared/corpus/extra/qd12-2024-ttg.txt --standoff -o data/annotated/extra/
    python scripts/propose_gold.py ../shared/corpus/pool/hdnd/54-2017-nq-hđnd.txt --standoff --group hdnd_resolution -o data/annotated/test/

With ``--standoff`` the file written holds no source text: paragraphs point into
the source by character segments and the source's sha256 (see
``vnadmin_nlp/io/standoff.py``); the id is ``extra-<file stem>`` for ``extra/``
and ``pool-<folder>-<file stem>`` for the pool, and ``source`` is the path under
the corpus root (``../shared/corpus``). ``--group`` records the document's kind
(see ``vnadmin_nlp/resources/document_kinds.json``), used by evaluation by kind.

Writes one JSONL file per document with paragraphs from the reader, and the entities and
paragraph labels of the shipped pipeline (``vnadmin_nlp.load()``; ``VNADMIN_MODEL`` picks
another), so that the annotator corrects the pipeline's output. ``--rules`` proposes from the
rules alone instead: DATE and DOC_NUMBER from the patterns, ORG candidates from the head-word
rules and a label guessed from the section and cue words. None of it is gold until a person has
read and corrected every paragraph.
"""

import argparse
import hashlib
import sys
from pathlib import Path

from vnadmin_nlp.components.paragraph_rules import guess_paragraph_label as guess_label
from vnadmin_nlp.errors import VnadminError
from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.jsonl import write_jsonl
from vnadmin_nlp.io.reader import decode_bytes
from vnadmin_nlp.io.standoff import default_corpus_root, make_standoff
from vnadmin_nlp.patterns import find_rule_entities
from vnadmin_nlp.patterns.orgs import find_org_candidates
from vnadmin_nlp.pipeline import annotate_document

def pipeline_entities(entities) -> list:
    """The gold form of the pipeline's entities: ``[start, end, label]``, a DATE with its value."""
    return [[e.start, e.end, e.label] + ([e.value] if e.label == "DATE" and e.value else [])
            for e in entities]


def entities(text: str) -> list:
    ents = [[s, e, label] + ([value] if label == "DATE" and value else [])
            for s, e, label, value in find_rule_entities(text)]
    for s, e in find_org_candidates(text):
        if all(e <= x[0] or s >= x[1] for x in ents):
            ents.append([s, e, "ORG"])
    return sorted(ents)



def _corpus_relative(path: Path) -> str:
    """The path under the corpus root ("pool/hdnd/x.txt"); folder/name when outside it."""
    try:
        return path.resolve().relative_to(default_corpus_root().resolve()).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--standoff", action="store_true", help="write standoff annotations (no source text)")
    parser.add_argument("--group", default="State", help="document kind recorded in a standoff record (default: State)")
    parser.add_argument("--rules", action="store_true",
                        help="propose from the rules alone, not from the shipped pipeline")
    args = parser.parse_args()
    if not args.rules:
        from vnadmin_nlp import load

        args.nlp = load()
    args.output.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.files:
        try:
            _propose(path, args)
        except VnadminError as error:
            # (a reader's text the standoff form cannot point back into, an unreadable file):
            # named, and the other files go on
            print(f"{path}: not proposed: {error}", file=sys.stderr)
            failed += 1
    if failed:
        sys.exit(f"{failed} of {len(args.files)} file(s) not proposed")


def _propose(path: Path, args: argparse.Namespace) -> None:
    """Write the proposal for one file."""
    doc = read_document(path)
    source_name = _corpus_relative(path)
    if args.standoff:
        parts = source_name.split("/")
        doc_id = f"extra-{path.stem}" if parts[0] == "extra" else "-".join(parts[:-1] + [path.stem])
    else:
        doc_id = f"seed-{path.name.split('_')[0]}"
    if args.rules:
        paragraphs = [{"text": p.text, "label": guess_label(p.text, p.section, p.kind),
                       "section": p.section, "entities": entities(p.text)} for p in doc.paragraphs]
        footnotes = [{"marker": f.marker, "text": f.text, "entities": entities(f.text)}
                     for f in doc.footnotes]
    else:
        annotated = annotate_document(args.nlp, doc, doc_id)
        paragraphs = [{"text": p.text, "label": p.label, "section": p.section,
                       "entities": pipeline_entities(p.entities)} for p in annotated.paragraphs]
        footnotes = [{"marker": f.marker, "text": f.text, "entities": pipeline_entities(f.entities)}
                     for f in annotated.footnotes]
    record = {"id": doc_id, "source": path.name, "title": doc.title, "paragraphs": paragraphs,
              "footnotes": footnotes}
    if args.standoff:
        data = path.read_bytes()
        record = make_standoff(record, decode_bytes(data, str(path)), source_name,
                               hashlib.sha256(data).hexdigest(), args.group)
    out = args.output / f"{doc_id}.jsonl"
    write_jsonl([record], out)
    print(f"{path.name}: {len(doc.paragraphs)} paragraphs, {len(doc.footnotes)} footnotes -> {out}")


if __name__ == "__main__":
    main()
