"""Standoff gold: annotations that point into source texts we may not redistribute.

The State documents in ``shared/corpus/extra/`` come from public repositories;
their text stays there. Our repository keeps, one document per line::

    {"id": "extra-qd12", "source": "extra/qd12-2024-ttg.txt", "sha256": "<hex of the source bytes>",
     "group": "State",
     "title": [[start, end], ...],
     "paragraphs": [{"segments": [[start, end], [start, end, ""]], "label": "assignment",
                     "section": [3, 7], "entities": [[start, end, "ORG"], ...]}],
     "footnotes": [{"marker": "1", "segments": [...], "entities": [...]}]}

- ``segments`` are character ranges of the decoded source text (``decode_bytes``
  of the file, before NFC); a paragraph's text is its segments joined by one
  space (or by the third item of a segment: ``""`` for none, ``"\n"`` for a kept
  line break), each segment's whitespace runs collapsed to one space and its
  ends stripped; the result is NFC-normalised.
- ``section`` lists the indices of the heading paragraphs above it; the resolved
  section is their texts joined by ``" > "``, as the reader writes it.
- entity offsets refer to the resolved paragraph text, as in the plain format.

:func:`resolve_record` turns such a line into the guidelines' plain record;
:func:`make_standoff` turns a plain record back into standoff form by aligning
each text to the source.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from ..errors import VnadminError

logger = logging.getLogger("vnadmin_nlp")

#: Environment variable naming the folder that holds ``extra/`` (default: ../shared/corpus).
CORPUS_ENV_VAR = "VNADMIN_CORPUS"
SECTION_SEPARATOR = " > "
_WS_RE = re.compile(r"\s+")


class StandoffError(VnadminError):
    """A standoff record that cannot be resolved against its source."""

    code = "E005"


class SourceMissing(StandoffError):
    """The source text of a standoff record is not available here."""

    code = "E006"


def is_standoff(record: object) -> bool:
    """Whether a JSONL record is in standoff form (points into a source by hash)."""
    if not (isinstance(record, dict) and "sha256" in record):
        return False
    paragraphs = record.get("paragraphs")
    # Predictions carry a content hash too, but their paragraphs hold text, not segments.
    return not (isinstance(paragraphs, list) and paragraphs and isinstance(paragraphs[0], dict)
                and "text" in paragraphs[0])


def default_corpus_root() -> Path:
    """``$VNADMIN_CORPUS``, else ``../shared/corpus`` beside the repository."""
    env = os.environ.get(CORPUS_ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_source(record: dict, corpus_root: Optional[Path] = None) -> str:
    """The decoded source text a standoff record points to, after checking its hash."""
    from .reader import decode_bytes

    root = Path(corpus_root) if corpus_root else default_corpus_root()
    path = root / record.get("source", "")
    if not record.get("source") or not path.is_file():
        raise SourceMissing(f"{record.get('id')}: source {record.get('source')!r} not found under {root}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.get("sha256"):
        raise StandoffError(f"{record.get('id')}: {path} has sha256 {digest[:12]}…, the annotation was made "
                            f"on {str(record.get('sha256'))[:12]}…; the source changed")
    return decode_bytes(data, str(path))


def join_segments(source: str, segments: Sequence[Sequence]) -> str:
    """The text a list of segments denotes (see the module docstring)."""
    parts: List[str] = []
    for i, seg in enumerate(segments):
        if not (isinstance(seg, (list, tuple)) and len(seg) in (2, 3)
                and all(isinstance(x, int) and not isinstance(x, bool) for x in seg[:2])):
            raise StandoffError(f"segment {seg!r} must be [start, end] or [start, end, separator]")
        start, end = seg[0], seg[1]
        if not 0 <= start < end <= len(source):
            raise StandoffError(f"segment {seg!r} does not slice the source (length {len(source)})")
        if i:
            parts.append(seg[2] if len(seg) == 3 else " ")
        parts.append(_WS_RE.sub(" ", source[start:end]).strip())
    return unicodedata.normalize("NFC", "".join(parts).strip())


def resolve_record(record: dict, source: str) -> dict:
    """The guidelines' plain record for a standoff record, given its source text."""
    paragraphs = []
    texts: List[str] = []
    for i, para in enumerate(record.get("paragraphs") or []):
        try:
            text = join_segments(source, para["segments"])
        except (KeyError, TypeError) as exc:
            raise StandoffError(f"paragraph {i}: needs 'segments'") from exc
        except StandoffError as exc:
            raise StandoffError(f"paragraph {i}: {exc}") from exc
        texts.append(text)
        section_ids = para.get("section", [])
        if not isinstance(section_ids, list) or any(
                not isinstance(j, int) or not 0 <= j < i for j in section_ids):
            raise StandoffError(f"paragraph {i}: 'section' must list indices of earlier paragraphs")
        out = {"text": text, "label": para.get("label"),
               "section": SECTION_SEPARATOR.join(texts[j] for j in section_ids),
               "entities": para.get("entities", [])}
        if para.get("kind"):
            out["kind"] = para["kind"]
        paragraphs.append(out)
    footnotes = []
    for i, note in enumerate(record.get("footnotes") or []):
        try:
            text = join_segments(source, note["segments"])
        except (KeyError, TypeError, StandoffError) as exc:
            raise StandoffError(f"footnote {i}: {exc}") from exc
        footnotes.append({"marker": note.get("marker"), "text": text, "entities": note.get("entities", [])})
    title = join_segments(source, record["title"]) if record.get("title") else ""
    resolved = {"id": record.get("id"), "source": record.get("source"), "title": title,
                "paragraphs": paragraphs, "footnotes": footnotes}
    for key in ("group", "meta"):
        if key in record:
            resolved[key] = record[key]
    return resolved


#: What the reader takes off inside a paragraph: markdown emphasis around words, a converter's HTML
#: emphasis ("ngày <u>28</u> tháng <u>02</u>"), an essay's bracketed note numbers (its
#: references become footnotes) and superscript footnote markers ("thú y¹.").
_EMPHASIS = r"[*_]+|</?(?:u|b|i|em|strong)>"
_SKIPPED_MARKS_RE = re.compile(_EMPHASIS + r"|\s*\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*")


def align_text(source: str, text: str, start: int = 0) -> List[list]:
    """Segments of ``source`` (from ``start`` on) that :func:`join_segments` turns into ``text``.

    Greedy left-to-right alignment: characters of ``text`` are matched in order,
    whitespace matches any whitespace run, and wherever the source holds something
    the text does not (a page header, a footnote marker), a new segment begins
    at the start of the word that failed to match.
    """
    segments: List[list] = []
    src_of: Dict[int, int] = {}       # text index -> source index, inside the open segment
    i, j, n = 0, start, len(text)
    seg_start: Optional[int] = None   # source index where the open segment starts
    seg_text_start = 0
    sep = " "
    while i < n:
        ch = text[i]
        if ch == "\n":
            # A kept line break (signature, recipients): always a segment boundary.
            if seg_start is not None:
                segments.append(_segment(seg_start, _rstrip(source, j), sep))
                seg_start = None
            sep = "\n"
            i += 1
            continue
        if seg_start is not None and ch == " " and j < len(source) and source[j].isspace():
            while j < len(source) and source[j].isspace():
                j += 1
            i += 1
            continue
        if seg_start is not None and j < len(source) and source[j] == ch:
            src_of[i] = j
            i += 1
            j += 1
            continue
        skipped = _SKIPPED_MARKS_RE.match(source, j) if seg_start is not None else None
        if skipped is not None and not text.startswith(skipped.group().strip(), i):
            # A converter's emphasis ("| **7** | **Sở Tư pháp** |") or a note's number ("nghiên
            # cứu [1].") that the reader took off: the segment stops before it and the next starts
            # right after it, at its place (searching the words again could find a later copy of
            # them: "| 7 | Sở Tư pháp |" unbolded further on, "cứu." in a later sentence).
            end = _rstrip(source, j)
            closed = end > seg_start  # nothing to close when the marks open the segment
            if closed:
                segments.append(_segment(seg_start, end, sep))
            j = skipped.end()
            after_space = text[i - 1:i] == " "  # the text's space before the marks is read already
            if ch == " " or after_space:
                while j < len(source) and source[j].isspace():
                    j += 1
            if ch == " ":
                i += 1
                sep = " "
            elif closed:
                sep = " " if after_space else ""
            seg_start, seg_text_start, src_of = j, i, {}
            continue
        if ch == " ":
            # The text has a space where the source has something else: close the segment there.
            if seg_start is not None:
                segments.append(_segment(seg_start, _rstrip(source, j), sep))
                seg_start, sep = None, " "
            i += 1
            continue
        k = -1
        if seg_start is not None:
            word = text.rfind(" ", 0, i) + 1
            if word > seg_text_start and word in src_of:
                # Restart the whole word where it occurs whole, so a word is not cut without need.
                k = _find_words(source, text, word, j)
            if k >= 0:
                segments.append(_segment(seg_start, _rstrip(source, src_of[word]), sep))
                i, sep = word, " "
            else:
                segments.append(_segment(seg_start, _rstrip(source, j), sep))
                sep = " " if text[i - 1] == " " else ""
            seg_start = None
        if k < 0:
            k = _find_words(source, text, i, j)
        if k < 0:
            k = source.find(text[i:i + 24].split(" ")[0], j)
        if k < 0:
            raise StandoffError(f"cannot find {text[i:i + 40]!r} in the source after offset {j}")
        seg_start, seg_text_start, j = k, i, k
        src_of = {}
    if seg_start is not None:
        segments.append(_segment(seg_start, _rstrip(source, j), sep))
    if segments and len(segments[0]) == 3:
        segments[0] = segments[0][:2]
    return segments


_WORD_GAP = rf"(?:{_EMPHASIS})*\s+(?:{_EMPHASIS})*"


def _find_words(source: str, text: str, i: int, j: int) -> int:
    """Where the words of ``text`` from ``i`` on resume in ``source`` after ``j``: the earliest
    place where the most following words (6, 3, then 1) occur together, so that a short
    word is not matched inside unrelated earlier text."""
    words = text[i:].split("\n")[0].split(" ")
    for n in (6, 3, 1):
        if len(words) < n or (n > 1 and len(words) == 1):
            continue
        # between two words, a converter's emphasis may close or open ("| **6** | **Sở Y tế** |")
        pattern = _WORD_GAP.join(re.escape(w) for w in words[:n] if w)
        if not pattern:
            return -1
        if words[0][:1].isalnum():
            # a whole word: "1. Đối với" is not the end of "2.1. Đối với" further on
            pattern = r"(?<![\w.])" + pattern
        found = re.compile(pattern).search(source, j)
        if found:
            return found.start()
    return -1


def _find_run(source: str, text: str, start: int) -> Optional[List[list]]:
    """``text`` as one unbroken run of the source (whitespace free), at or after ``start``."""
    if "\n" in text or not text.strip():
        return None
    pattern = r"\s+".join(re.escape(w) for w in text.split(" ") if w)
    found = re.compile(pattern).search(source, start)
    return [[found.start(), found.end()]] if found else None


def _rstrip(source: str, end: int) -> int:
    while end > 0 and source[end - 1].isspace():
        end -= 1
    return end


def _segment(start: int, end: int, sep: str) -> list:
    return [start, end] if sep == " " else [start, end, sep]


def make_standoff(record: dict, source: str, source_name: str, sha256: str,
                  group: str = "State") -> dict:
    """Standoff form of a plain record whose texts all come from ``source``, checked by resolving."""
    cursor = 0
    out_paragraphs = []
    index_of_text: Dict[str, int] = {}
    for i, para in enumerate(record["paragraphs"]):
        segments = _align_from(source, para["text"], cursor, f"paragraph {i}")
        cursor = segments[-1][1]
        section_ids = _section_indices(para.get("section", ""), index_of_text, i)
        item = {"segments": segments, "label": para.get("label"), "section": section_ids,
                "entities": para.get("entities", [])}
        if para.get("kind"):
            item["kind"] = para["kind"]
        out_paragraphs.append(item)
        index_of_text[para["text"]] = i
    out_notes = []
    for i, note in enumerate(record.get("footnotes", [])):
        out_notes.append({"marker": note.get("marker"),
                          "segments": _align_from(source, note["text"], 0, f"footnote {i}"),
                          "entities": note.get("entities", [])})
    title = _align_from(source, record["title"], 0, "title") if record.get("title") else []
    standoff = {"id": record["id"], "source": source_name, "sha256": sha256, "group": group,
                "title": title, "paragraphs": out_paragraphs, "footnotes": out_notes}
    check = resolve_record(standoff, source)
    for i, (a, b) in enumerate(zip(check["paragraphs"], record["paragraphs"])):
        if a["text"] != b["text"] or a["section"] != b.get("section", ""):
            raise StandoffError(f"paragraph {i}: standoff does not resolve to the same text/section")
    return standoff


def _align_from(source: str, text: str, cursor: int, where: str) -> List[list]:
    """Align ``text`` at or after ``cursor``; fall back to the whole source (reordered footnotes)."""
    for start in (cursor, 0):
        run = _find_run(source, text, start)
        if run and join_segments(source, run) == unicodedata.normalize("NFC", text):
            return run
    for start in (cursor, 0):
        try:
            segments = align_text(source, text, start)
        except StandoffError:
            continue
        if segments and join_segments(source, segments) == unicodedata.normalize("NFC", text):
            return segments
    raise StandoffError(f"{where}: text is not made of source pieces: {text[:60]!r}")


def _section_indices(section: str, index_of_text: Dict[str, int], i: int) -> List[int]:
    """The indices of the earlier paragraphs whose texts, joined by the separator, make ``section``.

    A heading may hold the separator itself ("... ngõ > 100 m được chia lớp ... như sau:"): at
    each point the longest earlier paragraph that the section goes on with is taken."""
    if not section:
        return []
    ids = []
    pos = 0
    while True:
        ends = [end for end in _separator_ends(section, pos) if section[pos:end] in index_of_text]
        if not ends:
            rest = section[pos:].split(SECTION_SEPARATOR)[0]
            raise StandoffError(f"paragraph {i}: section heading {rest[:60]!r} is not an earlier paragraph")
        end = ends[-1]
        ids.append(index_of_text[section[pos:end]])
        if end == len(section):
            return ids
        pos = end + len(SECTION_SEPARATOR)


def _separator_ends(section: str, pos: int) -> List[int]:
    """Where a heading that starts at ``pos`` may end: before each later separator, or at the end."""
    ends = []
    k = section.find(SECTION_SEPARATOR, pos)
    while k >= 0:
        ends.append(k)
        k = section.find(SECTION_SEPARATOR, k + 1)
    return ends + [len(section)]


def resolve_file_records(records: List[dict], corpus_root: Optional[Union[str, Path]] = None) -> List[dict]:
    """Resolve standoff records (plain ones pass through); a missing source is skipped with a warning."""
    out = []
    missing = []
    for record in records:
        if not is_standoff(record):
            out.append(record)
            continue
        try:
            out.append(resolve_record(record, load_source(record, corpus_root)))
        except SourceMissing:
            missing.append(record.get("id"))
    if missing:
        logger.warning("%d standoff document(s) skipped: their source texts are not here (%s); "
                       "set %s to the folder holding extra/", len(missing), ", ".join(map(str, missing[:5])),
                       CORPUS_ENV_VAR)
    return out
