"""Write annotated records in the formats people use, and read corrected ones back.

All functions take the guidelines' JSONL records (``AnnotatedDocument.to_record()``
or lines of a JSONL file):

* :func:`write_csv`: one row per paragraph (and footnote) with its label and
  section, or with ``entities=True`` one row per entity with its normalized value;
* :func:`write_html`: a displaCy rendering of the entities, each paragraph
  with its label and section;
* :func:`to_labelstudio` / :func:`write_labelstudio`: Label Studio tasks (one
  per paragraph or footnote) with our annotations as pre-annotations, and the
  labelling config to import them with;
* :func:`from_labelstudio` / :func:`import_labelstudio`: the way back, a Label
  Studio JSON export of corrected tasks into gold JSONL for fine-tuning.

The output formats of ``vnadmin annotate --format`` are registered by name
(:func:`register_exporter`, :data:`EXPORTERS`): a new format is one decorated function.

Every file is written atomically (a temporary file renamed into place).
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

from .errors import GoldFormatError, VnadminError
from .labels import ENTITY_LABELS, PARAGRAPH_LABELS

logger = logging.getLogger("vnadmin_nlp")

PathLike = Union[str, Path]

PARAGRAPH_COLUMNS = ["document", "source", "part", "index", "section", "label", "text", "entities"]
ENTITY_COLUMNS = ["document", "source", "part", "index", "section", "paragraph_label",
                  "start", "end", "entity", "text", "value"]

# displaCy colours per entity label (its defaults know ORG and DATE but not DOC_NUMBER).
ENTITY_COLORS = {"DOC_NUMBER": "#f6c177", "DATE": "#bfe1d9", "ORG": "#7aecec",
                 "LOC": "#ff9561", "PERSON": "#aa9cfc"}
LABEL_COLORS = {"result": "#2e7d32", "limitation": "#c62828", "cause": "#ef6c00",
                "task": "#1565c0", "assignment": "#6a1b9a", "other": "#757575"}


def _atomic_write_text(path: PathLike, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)


def _parts(record: dict):
    """``(part, index, section, label, item)`` for each paragraph, then each footnote."""
    for i, para in enumerate(record.get("paragraphs", [])):
        yield "paragraph", i, para.get("section", ""), para.get("label"), para
    for i, note in enumerate(record.get("footnotes", [])):
        yield "footnote", i, "", None, note


# ---------------------------------------------------------------- CSV
def csv_rows(records: Iterable[dict], entities: bool = False) -> List[dict]:
    """The rows :func:`write_csv` writes, as dicts keyed by column."""
    rows = []
    for record in records:
        for part, index, section, label, item in _parts(record):
            base = {"document": record.get("id"), "source": record.get("source") or "",
                    "part": part, "index": index, "section": section}
            if not entities:
                ents = "; ".join(f"{e[2]}: {item['text'][e[0]:e[1]]}" for e in item.get("entities", []))
                rows.append({**base, "label": label or "", "text": item["text"], "entities": ents})
                continue
            for ent in item.get("entities", []):
                rows.append({**base, "paragraph_label": label or "", "start": ent[0], "end": ent[1],
                             "entity": ent[2], "text": item["text"][ent[0]:ent[1]],
                             "value": _csv_value(ent[3] if len(ent) > 3 else None)})
    return rows


def _csv_value(value) -> str:
    """A DATE's value as it is, a DOC_NUMBER's parts as JSON, nothing as ""."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


def write_csv(records: Iterable[dict], path: PathLike, entities: bool = False) -> int:
    """Write paragraphs (or, with ``entities``, entities) as UTF-8 CSV with a BOM; return the row count.

    The BOM makes Excel read Vietnamese correctly; pandas and the csv module skip it
    with ``encoding="utf-8-sig"``.
    """
    rows = csv_rows(records, entities)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=ENTITY_COLUMNS if entities else PARAGRAPH_COLUMNS,
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _atomic_write_text(path, buffer.getvalue())
    return len(rows)


# ---------------------------------------------------------------- HTML
def render_html(records: Iterable[dict], title: str = "vnadmin-nlp annotations") -> str:
    """A standalone HTML page: per document, each paragraph rendered by displaCy with its label."""
    from spacy import displacy

    options = {"ents": list(ENTITY_LABELS), "colors": ENTITY_COLORS}
    body = []
    for record in records:
        body.append(f"<section class='document'><h2>{html.escape(record.get('title') or record.get('id', ''))}</h2>"
                    f"<p class='meta'>{html.escape(str(record.get('id')))} · "
                    f"{html.escape(record.get('source') or '')}</p>")
        for part, index, section, label, item in _parts(record):
            ents = [{"start": e[0], "end": e[1], "label": e[2]} for e in item.get("entities", [])]
            rendered = displacy.render({"text": item["text"], "ents": ents, "title": None},
                                       style="ent", manual=True, page=False, jupyter=False,
                                       options=options)
            badge = f"footnote {item.get('marker', '')}" if part == "footnote" else (label or "-")
            color = LABEL_COLORS.get(label or "", "#9e9e9e")
            section_html = f"<div class='section'>{html.escape(section)}</div>" if section else ""
            body.append(f"<div class='paragraph'>{section_html}"
                        f"<span class='label' style='background:{color}'>{html.escape(badge)}</span>"
                        f"{rendered}</div>")
        body.append("</section>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:auto}"
             ".paragraph{margin:0.8em 0;border-left:3px solid #ddd;padding-left:0.6em}"
             ".section{color:#666;font-size:0.8em}.meta{color:#666}"
             ".label{color:#fff;border-radius:3px;padding:0 0.4em;font-size:0.8em;margin-right:0.4em}"
             ".entities{display:inline}")
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1>\n"
            + "\n".join(body) + "\n</body></html>\n")


def write_html(records: Iterable[dict], path: PathLike) -> None:
    """Write :func:`render_html` of the records to ``path``."""
    _atomic_write_text(path, render_html(list(records)))


# ---------------------------------------------------------------- Label Studio
ENTITY_FROM_NAME = "entities"
LABEL_FROM_NAME = "paragraph_label"


def labelstudio_config() -> str:
    """The Label Studio labelling config that :func:`to_labelstudio` tasks are made for."""
    ents = "\n".join(f'    <Label value="{label}" background="{ENTITY_COLORS[label]}"/>'
                     for label in ENTITY_LABELS)
    choices = "\n".join(f'    <Choice value="{label}"/>' for label in PARAGRAPH_LABELS)
    return (
        "<View>\n"
        '  <Header value="$section"/>\n'
        f'  <Labels name="{ENTITY_FROM_NAME}" toName="text">\n{ents}\n  </Labels>\n'
        '  <Text name="text" value="$text"/>\n'
        f'  <Choices name="{LABEL_FROM_NAME}" toName="text" choice="single" showInline="true">\n'
        f"{choices}\n  </Choices>\n"
        "</View>\n"
    )


def to_labelstudio(records: Iterable[dict], model_version: str = "vnadmin-nlp") -> List[dict]:
    """Label Studio tasks, one per paragraph or footnote, with our annotations as predictions.

    ``data`` carries what is needed to rebuild the documents (id, source,
    title, part, index, section, footnote marker, how many paragraphs or
    footnotes the document has) and the DATE values by offsets, so that
    :func:`from_labelstudio` gives back the same records when nothing was
    changed, and knows when an export lacks some of a document's tasks.
    """
    tasks = []
    for record in records:
        for part, index, section, label, item in _parts(record):
            results = []
            values = {}
            for n, ent in enumerate(item.get("entities", [])):
                start, end = ent[0], ent[1]
                results.append({
                    "id": f"e{n}", "from_name": ENTITY_FROM_NAME, "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": end, "text": item["text"][start:end], "labels": [ent[2]]},
                })
                if len(ent) > 3 and ent[3] is not None:
                    values[f"{start}:{end}"] = ent[3]
            if label:
                results.append({"id": "p", "from_name": LABEL_FROM_NAME, "to_name": "text",
                                "type": "choices", "value": {"choices": [label]}})
            data = {"text": item["text"], "section": section, "document": record.get("id"),
                    "source": record.get("source"), "title": record.get("title", ""),
                    "part": part, "index": index, "values": values,
                    # how many of this part the document has: a task missing from an export is seen
                    "count": len(record.get("paragraphs" if part == "paragraph" else "footnotes", []))}
            if part == "footnote":
                data["marker"] = item.get("marker", "")
            tasks.append({"data": data, "predictions": [{"model_version": model_version, "result": results}]})
    return tasks


def labelstudio_config_path(path: PathLike) -> Path:
    """Where :func:`write_labelstudio` puts the labelling config of tasks written to ``path``."""
    path = Path(path)
    return path.with_name(path.stem + ".label_config.xml")


def write_labelstudio(records: Iterable[dict], path: PathLike) -> Path:
    """Write the tasks as JSON to ``path`` and the labelling config next to it; return the config's path."""
    path = Path(path)
    _atomic_write_text(path, json.dumps(to_labelstudio(records), ensure_ascii=False, indent=1) + "\n")
    config = labelstudio_config_path(path)
    _atomic_write_text(config, labelstudio_config())
    return config


def from_labelstudio(tasks: List[dict], source: str = "<tasks>",
                     use_predictions: bool = False) -> List[dict]:
    """Rebuild JSONL records from Label Studio tasks (an export of corrected tasks).

    Each task's latest annotation that was not cancelled is taken; a task with
    none falls back to its predictions only with ``use_predictions``, otherwise
    its document is left out (logged), since gold needs every paragraph read.
    A document some of whose tasks are not in the export (Label Studio's plain
    export holds only annotated tasks) is left out too (logged), rather than
    rebuilt without them. Offsets are checked against the text; DATE values
    and DOC_NUMBER parts come from the task's ``values`` when the span is
    unchanged, else from the date rules and the code's spelling. Problems
    raise :class:`GoldFormatError` naming ``source`` and the task.
    """
    from .io.jsonl import validate_record

    documents: Dict[str, dict] = {}
    parts: Dict[str, List[tuple]] = defaultdict(list)
    incomplete: Dict[str, int] = defaultdict(int)
    seen: Dict[str, Dict[Tuple[str, int], str]] = defaultdict(dict)  # (part, index) -> the task holding it
    counts: Dict[str, Dict[str, int]] = defaultdict(dict)  # part -> how many the document has
    for number, task in enumerate(tasks, start=1):
        where = f"task {task.get('id', number)}"
        data = task.get("data") or {}
        doc_id = data.get("document")
        if not doc_id or data.get("part") not in ("paragraph", "footnote") or "text" not in data:
            raise GoldFormatError(source, number, f"{where}: not a vnadmin task (data.document/part/text missing)")
        documents.setdefault(doc_id, {"id": doc_id, "source": data.get("source"), "title": data.get("title", "")})
        key = (data["part"], int(data.get("index", 0)))
        if key in seen[doc_id]:
            raise GoldFormatError(source, number, f"{where}: {key[0]} {key[1]} of document {doc_id} is also "
                                  f"{seen[doc_id][key]} (were the tasks imported twice?)")
        seen[doc_id][key] = where
        if isinstance(data.get("count"), int):
            counts[doc_id][data["part"]] = max(counts[doc_id].get(data["part"], 0), data["count"])
        result = _chosen_result(task, use_predictions, source, number, where)
        if result is None:
            incomplete[doc_id] += 1
            continue
        entities, label = _entities_and_label(result, data, f"{where}")
        parts[doc_id].append((data["part"], key[1], data, entities, label, number))
    records = []
    for doc_id, head in documents.items():
        missing = _missing_parts(seen[doc_id], counts[doc_id])
        if incomplete[doc_id] or missing:
            logger.warning("%s: document %s left out: %s", source, doc_id, "; ".join(
                ([f"{incomplete[doc_id]} task(s) without an annotation"] if incomplete[doc_id] else [])
                + ([f"{len(missing)} task(s) not in the export ({', '.join(missing[:5])}"
                    f"{', ...' if len(missing) > 5 else ''}): export all tasks, not only the annotated ones"]
                   if missing else [])))
            continue
        record = dict(head, paragraphs=[], footnotes=[])
        for part, index, data, entities, label, number in sorted(parts[doc_id], key=lambda p: (p[0] != "paragraph", p[1])):
            if part == "paragraph":
                record["paragraphs"].append({"text": data["text"], "label": label,
                                             "section": data.get("section", ""), "entities": entities})
            else:
                record["footnotes"].append({"marker": data.get("marker", ""), "text": data["text"],
                                            "entities": entities})
        problems = validate_record(record, require_labels=True)
        if problems:
            raise GoldFormatError(source, 0, f"document {doc_id}: {problems[0]}")
        records.append(record)
    return records


def _missing_parts(seen: Dict[Tuple[str, int], str], counts: Dict[str, int]) -> List[str]:
    """The paragraphs and footnotes of a document that no task of the export holds.

    Tasks carry how many of their part the document has (``data.count``);
    tasks written before that are checked for gaps in their indices only.
    """
    missing = []
    for part in ("paragraph", "footnote"):
        indices = {index for p, index in seen if p == part}
        expected = max(counts.get(part, 0), max(indices) + 1 if indices else 0)
        missing += [f"{part} {i}" for i in range(expected) if i not in indices]
    return missing


def _chosen_result(task: dict, use_predictions: bool, source: str = "<tasks>", number: int = 0,
                   where: str = "task") -> Optional[list]:
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if annotations:
        latest = max(annotations, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0))
        return latest.get("result") or []
    if use_predictions and task.get("predictions"):
        prediction = task["predictions"][-1]
        if not isinstance(prediction, dict):  # Label Studio's plain JSON export gives prediction ids only
            raise GoldFormatError(source, number, f"{where}: the export holds its predictions' ids, "
                                  "not their results: export with predictions in full (an export snapshot with "
                                  "serialization_options predictions only_id false), or annotate the task")
        return prediction.get("result") or []
    return None


def _entities_and_label(result: list, data: dict, where: str):
    from .patterns.dates import find_dates
    from .patterns.doc_number_parts import doc_number_parts

    text = data["text"]
    values = data.get("values") or {}
    entities, label = [], None
    for region in result:
        value = region.get("value") or {}
        if region.get("type") == "choices":
            choices = value.get("choices") or []
            label = choices[0] if choices else None
            continue
        if region.get("type") != "labels":
            continue
        start, end, labels = value.get("start"), value.get("end"), value.get("labels") or []
        if not isinstance(start, int) or not isinstance(end, int) or not labels:
            raise GoldFormatError("<tasks>", 0, f"{where}: a region without offsets or label: {region}")
        if "text" in value and text[start:end] != value["text"]:
            raise GoldFormatError("<tasks>", 0, f"{where}: region {value['text']!r} does not match the "
                                  f"text at {start}:{end} ({text[start:end]!r})")
        ent = [start, end, labels[0]]
        if labels[0] == "DATE":
            date_value = values.get(f"{start}:{end}")
            if date_value is None:
                found = [v for s, e, v in find_dates(text[start:end]) if s == 0 and e == end - start]
                date_value = found[0] if found else None
            if date_value is not None:
                ent.append(date_value)
        elif labels[0] == "DOC_NUMBER":
            parts = values.get(f"{start}:{end}")
            ent.append(parts if isinstance(parts, dict) else doc_number_parts(text[start:end], text[:start])._asdict())
        entities.append(ent)
    entities.sort(key=lambda e: (e[0], e[1]))
    return entities, label


def import_labelstudio(export_path: PathLike, output: PathLike, use_predictions: bool = False) -> List[dict]:
    """Read a Label Studio JSON export and write gold JSONL to ``output``; return the records."""
    from .io.jsonl import write_jsonl

    export_path, output = Path(export_path), Path(output)
    if output.is_dir():  # checked first: reading a large export to fail at the end helps nobody
        raise VnadminError(f"{output}: is a folder, the output must be a file, "
                           f"e.g. {output / (export_path.stem + '.jsonl')}")
    try:
        text = export_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VnadminError(f"{export_path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise GoldFormatError(export_path, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                              "a Label Studio JSON export is UTF-8") from exc
    if not text.strip():
        raise GoldFormatError(export_path, 0, "the file is empty (a Label Studio JSON export is a list of tasks)")
    try:
        tasks = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(export_path, exc.lineno, f"invalid JSON ({exc.msg})") from exc
    if not isinstance(tasks, list):
        raise GoldFormatError(export_path, 1, "a Label Studio JSON export is a list of tasks")
    try:
        records = from_labelstudio(tasks, str(export_path), use_predictions)
    except GoldFormatError as exc:
        if exc.path == "<tasks>":
            raise GoldFormatError(export_path, exc.line_no, exc.reason) from exc
        raise
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(records, output)
    except OSError as exc:
        raise VnadminError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
    return records


# ---------------------------------------------------------------- registry
@dataclass
class Exporter:
    """An output format: the function that writes it and what else it writes beside the output."""

    name: str
    suffix: str  #: the file name suffix suggested for its output ("annotations.csv")
    description: str  #: a few words for ``--format``'s help
    write: Callable[..., List[Tuple[Path, str]]]
    extra_paths: Callable[[Path], List[Path]] = lambda output: []


#: Output formats by name, in the order they were registered: ``vnadmin annotate --format`` offers these.
EXPORTERS: Dict[str, Exporter] = {}


def register_exporter(name: str, suffix: str, description: str,
                      extra_paths: Optional[Callable[[Path], List[Path]]] = None):
    """Register ``write(records, output, entities=False) -> [(path, what it holds), ...]`` as the
    output format ``name``; ``extra_paths(output)`` lists the files it writes beside ``output``.

    Used as a decorator; see docs/extending.md.
    """
    def decorate(write: Callable[..., List[Tuple[Path, str]]]) -> Callable[..., List[Tuple[Path, str]]]:
        EXPORTERS[name] = Exporter(name, suffix, description, write, extra_paths or (lambda output: []))
        return write

    return decorate


def exporter(fmt: str) -> Exporter:
    """The registered format ``fmt``; a :class:`VnadminError` naming the known ones otherwise."""
    try:
        return EXPORTERS[fmt]
    except KeyError:
        raise VnadminError(f"unknown output format {fmt!r} (one of {', '.join(EXPORTERS)})") from None


@register_exporter("jsonl", suffix="jsonl", description="the guidelines' format")
def export_jsonl(records: List[dict], output: Path, entities: bool = False) -> List[Tuple[Path, str]]:
    from .io.jsonl import write_jsonl

    output.parent.mkdir(parents=True, exist_ok=True)  # as the other formats do
    write_jsonl(records, output)
    return [(output, "the annotations, JSONL")]


@register_exporter("csv", suffix="csv", description="one row per paragraph")
def export_csv(records: List[dict], output: Path, entities: bool = False) -> List[Tuple[Path, str]]:
    rows = write_csv(records, output, entities=entities)
    return [(output, f"CSV, one row per {'entity' if entities else 'paragraph or footnote'}: {rows} rows")]


@register_exporter("html", suffix="html", description="displaCy")
def export_html(records: List[dict], output: Path, entities: bool = False) -> List[Tuple[Path, str]]:
    write_html(records, output)
    return [(output, "HTML page, displaCy rendering")]


@register_exporter("labelstudio", suffix="json", description="tasks with pre-annotations",
                   extra_paths=lambda output: [labelstudio_config_path(output)])
def export_labelstudio(records: List[dict], output: Path, entities: bool = False) -> List[Tuple[Path, str]]:
    config = write_labelstudio(records, output)
    return [(output, "Label Studio tasks, JSON"),
            (config, "Label Studio labelling config to import the tasks with")]


def export_paths(output: PathLike, fmt: str) -> List[Path]:
    """The files :func:`export_records` writes for ``output`` in ``fmt``."""
    return [Path(output)] + exporter(fmt).extra_paths(Path(output))


def export_records(records: List[dict], output: PathLike, fmt: str,
                   entities: bool = False) -> List[Tuple[Path, str]]:
    """Write ``records`` to ``output`` in the registered format ``fmt`` (see :data:`EXPORTERS`).

    Returns every file written as ``(path, what it holds)``, so that callers can
    name them all to the user (Label Studio's config is written beside the tasks).
    """
    return exporter(fmt).write(records, Path(output), entities=entities)
