"""Survey the unlabeled pool: what each document is and which structures it shows.

    python scripts/pool_survey.py                                   # ../shared/corpus/pool -> docs/pool-survey.md
    python scripts/pool_survey.py --corpus DIR --tsv docs/pool-survey.tsv --output docs/pool-survey.md

For every document: kind (from the title words and the number code, see
``vnadmin_nlp/resources/document_kinds.json``), issuer (the first header line
naming a body), level (central, province, district, commune), year, length,
and counts of the structures that matter for annotation: plan items with
"Đơn vị chủ trì / phối hợp / Thời gian thực hiện", Điều articles, assessment
headings (results, limitations, causes), a recipients list, table rows, a
document attached after the signature ("Ban hành kèm theo ..."). The markdown
summary (counts per folder and kind, and the candidates for annotation) is what
new gold documents are chosen from; the TSV lists every document.

Reads raw text only (no pipeline), so it surveys the 42 M characters in seconds.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vnadmin_nlp.io.document import document_kind  # noqa: E402
from vnadmin_nlp.io.reader import decode_bytes  # noqa: E402
from vnadmin_nlp.resources import (body_words, char_class, document_kinds, heading_cues,  # noqa: E402
                                   marker_chars, sentence_case, title_word_kinds, title_words)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "pool"

# A number code: Party "25-NQ/TW", State "01/QĐ-UBND", "145/2020/NĐ-CP", old "64-CP".
CODE_RE = re.compile(r"\b\d{1,5}(?:/(?P<year>(?:19|20)\d\d))?[/-](?P<type>[A-ZĐa-zđ]{1,6})[-/](?P<issuer>[A-ZĐa-zđ0-9&.\-]{1,20})")
DATE_YEAR_RE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d\d)", re.I)


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in words)


# The vocabulary is the package's (vnadmin_nlp/resources/, see its README): body heads that open
# an issuer line (in capitals), limitation cues, and the title words looked for in news copies
# and after "kèm theo".
ISSUER_RE = re.compile(
    r"^\s*((?:%s)[A-ZÀ-ỸĐ ,\-–&]*)" % _alternation(word.upper() for word in body_words("survey_issuer")), re.M)
#: Issuer codes of a provincial body: anywhere in the code (UBND, HĐND), or as a word of it (TU, SỞ).
PROVINCE_CODE_RE = re.compile("|".join(
    [re.escape(code.upper()) for code in body_words("survey_province_code")]
    + [r"\b%s\b" % re.escape(code.upper()) for code in body_words("survey_province_code_word")]))
#: Title words a news copy names its document by ("Chỉ thị", "Kế hoạch" ...) -> the document kind.
NEWS_KINDS = {sentence_case(word): kind for word, kind in title_word_kinds("survey_news")}
NEWS_KIND_RE = re.compile(r"\b(%s)\b" % _alternation(NEWS_KINDS))
#: The Roman numerals of numbered headings, as a regex class.
_ROMAN = char_class(marker_chars("roman_numerals", "survey"))
STRUCTURES = {
    "items": re.compile(r"(?:Đơn vị|Cơ quan) (?:chủ trì|thực hiện)|Thời gian (?:thực hiện|hoàn thành)|Đơn vị phối hợp", re.I),
    "dieu": re.compile(r"^\s*Điều\s+\d+\s*[.:]", re.M),
    "result_h": re.compile(r"^\s*(?:[%s]+|\d+|[a-d])[.)\-–]\s*(?:Kết quả|Những kết quả|Ưu điểm|Những mặt làm được)"
                           % _ROMAN, re.M | re.I),
    "limit_h": re.compile(r"(?:%s)" % _alternation(phrase for phrase, _ in heading_cues("survey_limitation")), re.I),
    "cause_h": re.compile(r"^\s*(?:[%s]+|\d+|[a-d]|\*)?[.)\-–]?\s*(?:Nguyên nhân|\* Nguyên nhân)" % _ROMAN, re.M | re.I),
    "tasks_h": re.compile(r"(?:NHIỆM VỤ|Nhiệm vụ), (?:GIẢI PHÁP|giải pháp)", re.I),
    "recipients": re.compile(r"Nơi nhận", re.I),
    "table_rows": re.compile(r"^\s*\|.*\|\s*$|^.*\t.*\t.*$", re.M),
    "attached": re.compile(r"(?:Ban hành )?[Kk]èm theo (?:%s)"
                           % _alternation(sentence_case(word) for word in title_words("survey_attached")), re.I),
}


def _code_types():
    """Type abbreviation of a number code -> kind ("QĐ" -> decision), from document_kinds.json."""
    by_code = {}
    for k in document_kinds():
        for code in k["codes"]:
            by_code.setdefault(code.split("-")[0].upper(), k["kind"])
    return by_code


CODE_TYPES = _code_types()


def title_kind(lines):
    """The kind named by the first line that opens with a title word (skipping header lines)."""
    for line in lines[:60]:
        head = line.strip().lstrip("#* ")
        # "QUYẾT ĐỊNH:" is the adoption formula, not a title.
        if head.endswith(":") and len(head) < 16:
            continue
        kind = document_kind(head)
        if kind:
            return kind, line.strip()
    return "", ""


def survey_text(rel: str, text: str) -> dict:
    lines = text.splitlines()
    head = "\n".join(lines[:80])
    codes = list(CODE_RE.finditer(head))
    code = codes[0] if codes else None
    kind, title = title_kind(lines)
    code_kind = CODE_TYPES.get(code.group("type").upper()) if code else None
    if not kind and code_kind:
        kind = code_kind
    if not kind and re.search(r"\bV/v\b", head):
        kind = "official_letter"
    issuer_m = ISSUER_RE.search(head)
    # Crawled headers run the issuer into the motto ("QUỐC HỘI ------- CỘNG HÒA ..."): cut there.
    issuer = re.split(r"\s*-{3,}|\s+CỘNG HÒA|\s+CỘNG HOÀ", issuer_m.group(1))[0].strip(" ,-–") if issuer_m else ""
    issuer_code = code.group("issuer") if code else ""
    if kind == "resolution" and ("HĐND" in issuer_code.upper() or "HỘI ĐỒNG NHÂN DÂN" in head.upper()):
        kind = "hdnd_resolution"
    if not kind and rel.startswith("news/"):
        m = NEWS_KIND_RE.search(head)
        kind = NEWS_KINDS[m.group(1)] if m else ""
    upper_head = (issuer + " " + issuer_code + " " + head[:600]).upper()
    if re.search(r"(?:NHÂN DÂN|ĐẢNG ỦY|ĐẢNG UỶ)\s+(?:XÃ|PHƯỜNG|THỊ TRẤN)\b", issuer.upper()):
        level = "commune"
    elif re.search(r"\b(?:HUYỆN|QUẬN|THỊ XÃ)\b", issuer.upper()) or re.search(r"\bHU\b|HĐND HUYỆN", upper_head):
        level = "district"
    elif re.search(r"\b(?:TỈNH|THÀNH PHỐ)\b", issuer.upper()) or PROVINCE_CODE_RE.search(issuer_code.upper()):
        level = "province"
    elif issuer or issuer_code:
        level = "central"
    else:
        level = ""
    years = [int(code.group("year"))] if code and code.group("year") else []
    years += [int(y) for y in DATE_YEAR_RE.findall(head)]
    row = {
        "path": rel, "folder": rel.split("/")[0], "kind": kind or "unknown", "title": title[:90],
        "code": code.group(0) if code else "", "issuer": issuer[:60], "level": level,
        "year": str(years[0]) if years else "", "chars": len(text), "lines": len(lines),
    }
    for name, pattern in STRUCTURES.items():
        row[name] = len(pattern.findall(text))
    return row


def survey(corpus: Path):
    rows = []
    for path in sorted(corpus.rglob("*.txt")):
        rel = path.relative_to(corpus).as_posix()
        if rel.upper() in ("README.TXT",):
            continue
        try:
            text = decode_bytes(path.read_bytes(), str(path))
        except Exception as err:  # a file the reader rejects is listed, not skipped silently
            print(f"{rel}: not read ({err})", file=sys.stderr)
            continue
        rows.append(survey_text(rel, text))
    return rows


def assessment_score(row) -> int:
    return (row["result_h"] > 0) + (row["limit_h"] > 0) + (row["cause_h"] > 0)


def markdown(rows) -> str:
    out = ["# Pool survey", "",
           "Written by `python scripts/pool_survey.py` over `../shared/corpus/pool/` (raw text, heuristics: "
           "kind from title words and the number code, issuer from the first header line naming a body). "
           "The full table is `docs/pool-survey.tsv`; this page summarizes it.", ""]
    out += [f"{len(rows)} documents, {sum(r['chars'] for r in rows):,} characters.", ""]
    kinds = sorted({r["kind"] for r in rows})
    folders = sorted({r["folder"] for r in rows})
    out += ["## Documents per kind and folder", "",
            "| kind | " + " | ".join(folders) + " | all | median chars |",
            "|---|" + "---|" * (len(folders) + 2)]
    for kind in kinds:
        sel = [r for r in rows if r["kind"] == kind]
        chars = sorted(r["chars"] for r in sel)
        cells = [str(sum(1 for r in sel if r["folder"] == f)) for f in folders]
        out.append(f"| {kind} | " + " | ".join(cells) + f" | {len(sel)} | {chars[len(chars) // 2]:,} |")
    out += ["", "## Structures", "", "| structure | documents showing it |", "|---|---|"]
    for name in STRUCTURES:
        out.append(f"| {name} | {sum(1 for r in rows if r[name])} |")
    out.append(f"| assessment (results, limitations and causes) | {sum(1 for r in rows if assessment_score(r) == 3)} |")
    levels = Counter(r["level"] or "?" for r in rows)
    out += ["", "## Levels", "", " · ".join(f"{k}: {v}" for k, v in levels.most_common()), ""]
    issuers = Counter(r["issuer"] for r in rows if r["issuer"])
    out += [f"{len(issuers)} distinct issuer lines; most frequent: "
            + "; ".join(f"{k} ({v})" for k, v in issuers.most_common(12)), ""]
    years = Counter((r["year"][:3] + "0s") if r["year"] else "?" for r in rows)
    out += ["Decades: " + " · ".join(f"{k}: {v}" for k, v in sorted(years.items())), ""]
    out += ["## Candidates for annotation", "",
            "Per kind, documents of 3,000 to 40,000 characters, those with assessment headings or plan items first.", ""]
    by_kind = defaultdict(list)
    for r in rows:
        if 3000 <= r["chars"] <= 40000:
            by_kind[r["kind"]].append(r)
    for kind in kinds:
        cands = sorted(by_kind[kind], key=lambda r: (-assessment_score(r), -(r["items"] > 0), r["chars"]))[:12]
        if not cands:
            continue
        out += [f"### {kind}", "", "| path | chars | issuer | year | items | Điều | assess | attached |", "|---|---|---|---|---|---|---|---|"]
        for r in cands:
            out.append(f"| {r['path']} | {r['chars']:,} | {r['issuer'][:40]} | {r['year']} | {r['items']} | {r['dieu']} "
                       f"| {assessment_score(r)} | {r['attached']} |")
        out.append("")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the pool folder (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "pool-survey.md")
    parser.add_argument("--tsv", type=Path, default=REPO / "docs" / "pool-survey.tsv")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: {args.corpus} is not a folder (the pool is under ../shared/corpus/pool)", file=sys.stderr)
        return 2
    rows = survey(args.corpus)
    if not rows:
        print(f"error: no .txt documents under {args.corpus}", file=sys.stderr)
        return 2
    args.tsv.parent.mkdir(parents=True, exist_ok=True)
    with args.tsv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    args.output.write_text(markdown(rows), encoding="utf-8")
    print(f"{len(rows)} documents surveyed -> {args.output}, {args.tsv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
