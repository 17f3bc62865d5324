"""The guidelines' JSONL format: read, write and validate, with strict offset checks.

One document per line::

    {"id": ..., "source": ..., "title": ...,
     "paragraphs": [{"text", "label", "section", "entities": [[start, end, label(, value)]]}],
     "footnotes": [{"marker", "text", "entities"}]}

Every problem is reported with the file and line it is on. Records are written by
:func:`write_jsonl` (a whole file, atomically) or :class:`JsonlAppender` (one document at a
time, as a run goes), which encode each line the same way (:func:`jsonl_line`).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import unicodedata
from pathlib import Path
from collections import Counter
from typing import Iterable, Iterator, List, Optional, Set, Tuple, Union

from ..errors import GoldFormatError, VnadminError
from ..labels import ENTITY_LABELS, PARAGRAPH_LABELS
from .standoff import SourceMissing, StandoffError, is_standoff, load_source, resolve_file_records, resolve_record

logger = logging.getLogger("vnadmin_nlp")

# What a span may not start or end with.
_EDGE_CHARS = frozenset(" \t\n\r.,;:!?()[]{}\"'“”‘’«»-–—/|")


def _cuts_word(text: str, start: int, end: int) -> bool:
    """Whether the span [start, end) begins or ends inside a word of ``text``."""
    return start > 0 and text[start - 1].isalnum() or end < len(text) and text[end].isalnum()


def clean_span(text: str, start: int, end: int) -> Optional[Tuple[int, int]]:
    """The span without the spaces and punctuation at its edges, as the format requires, or None
    when nothing is left or it cuts a word (a model's span may end on a token that is not a
    whole word: "Bộ Lao động -", "TP.")."""
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    return None if start >= end or _cuts_word(text, start, end) else (start, end)
DATE_VALUE_RE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-Q[1-4]|--\d{2}(?:-\d{2})?|\d{4}/\d{4}"
    r"|\d{4}-Q[1-4](?:/\d{4}-Q[1-4])+)$"
)


def iter_jsonl(path: Union[str, Path]) -> Iterator[Tuple[int, dict]]:
    """Yield ``(line_number, record)`` for each non-empty line; bad JSON raises GoldFormatError."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(path, 0, f"cannot open ({exc.strerror})") from exc
    with handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(path, line_no, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
            yield line_no, record


def validate_record(record: dict, require_labels: bool = True) -> List[str]:
    """Problems with one document record, as messages (empty when valid)."""
    problems: List[str] = []
    if not isinstance(record, dict):
        return ["a line must hold a JSON object (one document)"]
    if not isinstance(record.get("id"), str) or not record.get("id"):
        problems.append("'id' must be a non-empty string")
    for key in ("title", "source"):
        if key in record and record[key] is not None and not isinstance(record[key], str):
            problems.append(f"'{key}' must be a string")
    if isinstance(record.get("title"), str) and not _is_nfc(record["title"]):
        problems.append("'title' is not Unicode NFC")
    paragraphs = record.get("paragraphs")
    if not isinstance(paragraphs, list) or not paragraphs:
        problems.append("'paragraphs' must be a non-empty list")
        paragraphs = []
    for i, para in enumerate(paragraphs):
        where = f"paragraph {i}"
        if not isinstance(para, dict) or not isinstance(para.get("text"), str):
            problems.append(f"{where}: needs a 'text' string")
            continue
        label = para.get("label")
        if label is None and require_labels:
            problems.append(f"{where}: has no 'label' (one of {', '.join(PARAGRAPH_LABELS)})")
        elif label is not None and label not in PARAGRAPH_LABELS:
            problems.append(f"{where}: unknown label {label!r} (one of {', '.join(PARAGRAPH_LABELS)})")
        if not isinstance(para.get("section", ""), str):
            problems.append(f"{where}: 'section' must be a string")
        elif not _is_nfc(para.get("section", "")):
            problems.append(f"{where}: section is not Unicode NFC")
        problems.extend(_check_text_and_entities(para, where))
    footnotes = record.get("footnotes", [])
    if not isinstance(footnotes, list):
        problems.append("'footnotes' must be a list")
        footnotes = []
    for i, note in enumerate(footnotes):
        where = f"footnote {i}"
        if not isinstance(note, dict) or not isinstance(note.get("text"), str):
            problems.append(f"{where}: needs a 'text' string")
            continue
        problems.extend(_check_text_and_entities(note, where))
    return problems


def _is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def _check_text_and_entities(item: dict, where: str) -> List[str]:
    text = item["text"]
    problems = []
    if not text.strip():
        problems.append(f"{where}: text is empty")
    if not _is_nfc(text):
        problems.append(f"{where}: text is not Unicode NFC")
    entities = item.get("entities", [])
    if not isinstance(entities, list):
        return problems + [f"{where}: 'entities' must be a list"]
    spans = []
    for j, ent in enumerate(entities):
        ewhere = f"{where}, entity {j} {ent!r}"
        if not isinstance(ent, list) or len(ent) not in (3, 4):
            problems.append(f"{ewhere}: must be [start, end, label] or [start, end, label, value]")
            continue
        start, end, label = ent[0], ent[1], ent[2]
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            problems.append(f"{ewhere}: offsets must be integers")
            continue
        if not 0 <= start < end <= len(text):
            problems.append(f"{ewhere}: offsets do not slice the text (length {len(text)})")
            continue
        if label not in ENTITY_LABELS:
            problems.append(f"{ewhere}: unknown label {label!r} (one of {', '.join(ENTITY_LABELS)})")
        span_text = text[start:end]
        if span_text[0] in _EDGE_CHARS or span_text[-1] in _EDGE_CHARS:
            problems.append(f"{ewhere}: span {span_text!r} starts or ends with space or punctuation")
        if _cuts_word(text, start, end):
            problems.append(f"{ewhere}: span {span_text!r} cuts a word")
        if len(ent) == 4:
            value = ent[3]
            if label == "DATE" and value is not None and not (
                isinstance(value, str) and DATE_VALUE_RE.match(value)
            ):
                problems.append(f"{ewhere}: DATE value {value!r} is not a normalized date")
        spans.append((start, end, j))
    spans.sort()
    for (s1, e1, j1), (s2, e2, j2) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append(f"{where}: entities {j1} and {j2} overlap")
    return problems


def validate_file(path: Union[str, Path], require_labels: bool = True,
                  corpus_root: Optional[Path] = None, warn_missing: bool = True) -> List[GoldFormatError]:
    """All problems in a JSONL file, each a :class:`GoldFormatError` with file and line.

    Standoff lines are resolved against their source first (hash checked); a missing
    source is logged as a warning, not counted as a problem.
    """
    errors: List[GoldFormatError] = []
    seen_ids = {}
    try:
        for line_no, record in iter_jsonl(path):
            if is_standoff(record):
                try:
                    record = resolve_record(record, load_source(record, corpus_root))
                except SourceMissing as exc:
                    if warn_missing:
                        logger.warning("%s:%d: not checked: %s", path, line_no, exc)
                    seen_ids[record.get("id")] = line_no
                    continue
                except StandoffError as exc:
                    errors.append(GoldFormatError(path, line_no, str(exc)))
                    continue
            for problem in validate_record(record, require_labels):
                errors.append(GoldFormatError(path, line_no, problem))
            doc_id = record.get("id") if isinstance(record, dict) else None
            if isinstance(doc_id, str):
                if doc_id in seen_ids:
                    errors.append(GoldFormatError(path, line_no, f"id {doc_id!r} repeats line {seen_ids[doc_id]}"))
                seen_ids[doc_id] = line_no
    except GoldFormatError as exc:
        errors.append(exc)
    if not seen_ids and not errors:
        errors.append(GoldFormatError(path, 0, "the file holds no documents"))
    return errors


def read_gold(paths: Iterable[Union[str, Path]], require_labels: bool = True,
              corpus_root: Optional[Path] = None, include_set_aside: bool = False) -> List[dict]:
    """Load and validate JSONL files (or folders of them); raise the first problem found.

    Standoff records come back resolved into the plain format; those whose source
    text is missing are left out, with one warning. A folder's set-aside test
    documents (its ``test/`` subfolder) are left out unless ``include_set_aside``.
    """
    records = []
    for path in expand_jsonl_paths(paths, include_set_aside=include_set_aside):
        # A missing source is reported once, by resolve_file_records below.
        errors = validate_file(path, require_labels, corpus_root, warn_missing=False)
        if errors:
            raise errors[0]
        records.extend(record for _, record in iter_jsonl(path))
    return resolve_file_records(records, corpus_root)


#: The subfolder of a gold folder that holds the set-aside test documents: never trained on,
#: never cross-validated, scored only by ``vnadmin evaluate --test``.
SET_ASIDE_DIR = "test"


def expand_jsonl_paths(paths: Iterable[Union[str, Path]], include_set_aside: bool = False) -> List[Path]:
    """Files as given; folders give their ``*.jsonl`` files (subfolders too), sorted.

    A folder's ``test/`` subfolder (the set-aside test split) is skipped unless
    ``include_set_aside``; naming the test folder itself, or a file, always includes it.
    """
    result: List[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            result.extend(sorted(p for p in path.rglob("*.jsonl")
                                 if include_set_aside or SET_ASIDE_DIR not in p.relative_to(path).parts[:-1]))
        else:
            result.append(path)
    return result


#: Key under which an output record keeps the SHA-256 of its file's bytes (``--resume`` reads it).
HASH_KEY = "sha256"


def jsonl_line(record: dict) -> str:
    """One record as a JSONL line: UTF-8 text as it is (no ``\\u`` escapes), ending in a newline."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_jsonl(records: Iterable[dict], path: Union[str, Path]) -> None:
    """Write records one per line, atomically (a temporary file renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(jsonl_line(record))
    tmp.replace(path)


class JsonlAppender:
    """Append records to a JSONL file one whole line at a time.

    Each line goes out in one ``write`` on an ``O_APPEND`` descriptor, so readers (and a
    resumed run) only ever see whole lines, even after the process is killed: the line is in
    the kernel's cache once ``write`` returns. The file is synced to disk once, on
    :meth:`close`, not after every line: only a crash of the machine itself can lose lines
    written since, and a resumed run redoes their documents (a torn last line is cut off).
    Syncing every line cost 4.7 ms a document, 5% of ``vnadmin annotate`` on the benchmark's
    120 pool documents. With ``resume`` the existing file is kept, a torn last line is cut
    off, and the hashes of its records (:data:`HASH_KEY`) are available as :attr:`done`;
    without it the file starts empty.
    """

    def __init__(self, path: Union[str, Path], resume: bool = False):
        self.path = Path(path)
        self.done: Set[str] = set()
        self.ids: Counter = Counter()
        if resume and self.path.exists():
            self._repair_and_scan()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(b"")
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)

    def _repair_and_scan(self) -> None:
        data = self.path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut < len(data):
            logger.warning("%s: dropping a torn last line (%d bytes) left by an interrupted run",
                           self.path, len(data) - cut)
            with self.path.open("r+b") as handle:
                handle.truncate(cut)
        for line_no, line in enumerate(data[:cut].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise VnadminError(f"{self.path}:{line_no}: not a JSONL line ({exc.msg}); "
                                   "cannot resume into this file") from exc
            if isinstance(record, dict):
                if record.get(HASH_KEY):
                    self.done.add(record[HASH_KEY])
                self.ids[record.get("id")] += 1

    def append(self, record: dict) -> None:
        view = memoryview(jsonl_line(record).encode("utf-8"))
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.ids[record.get("id")] += 1

    def close(self) -> None:
        if self._fd >= 0:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                if exc.errno != errno.EINVAL:  # a pipe or terminal has nothing to sync
                    raise
            finally:
                os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> "JsonlAppender":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def entity_text(item: dict, entity: list) -> str:
    """The text an entity's offsets slice out of its paragraph or footnote."""
    return item["text"][entity[0]:entity[1]]


def record_entities(record: dict, label: Optional[str] = None) -> Iterator[Tuple[str, list]]:
    """Yield ``(text, entity)`` for all entities of a record's paragraphs and footnotes."""
    for item in list(record.get("paragraphs", [])) + list(record.get("footnotes", [])):
        for ent in item.get("entities", []):
            if label is None or ent[2] == label:
                yield item["text"], ent
