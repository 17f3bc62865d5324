"""The ``vnadmin`` command line: thin wrappers over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, help="Read Vietnamese administrative documents: "
                  "document codes, dates, organizations and paragraph labels.")

MODEL_OPTION = typer.Option(None, "--model", "-m", help="Pipeline directory (default: "
                            "$VNADMIN_MODEL, then the shipped model, then the rule pipeline).")


def _expand_inputs(inputs: List[Path]) -> List[Path]:
    files: List[Path] = []
    for path in inputs:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"}))
        else:
            files.append(path)
    return files


@app.command()
def annotate(
    inputs: List[Path] = typer.Argument(..., help="Documents (.txt, .md, .docx, .pdf) or folders."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the guidelines' JSONL here "
                                          "(default: print a readable summary)."),
    model: Optional[Path] = MODEL_OPTION,
) -> None:
    """Annotate documents: paragraphs with sections and labels, entities with values."""
    from .errors import VnadminError
    from .io import read_document
    from .io.jsonl import write_jsonl
    from .pipeline import annotate_document, load

    nlp = load(model)
    records, failed = [], []
    for path in _expand_inputs(inputs):
        try:
            result = annotate_document(nlp, read_document(path), path.stem)
        except VnadminError as exc:
            failed.append((path, str(exc)))
            typer.echo(f"error: {exc}", err=True)
            continue
        records.append(result.to_record())
        if output is None:
            _print_summary(result)
    if output is not None:
        write_jsonl(records, output)
        typer.echo(f"{len(records)} document(s) written to {output}; {len(failed)} failed", err=True)
    if failed:
        raise typer.Exit(code=1)


def _print_summary(result) -> None:
    typer.echo(f"# {result.id}: {result.title[:100]}")
    for i, para in enumerate(result.paragraphs):
        text = para.text.replace("\n", " ")
        typer.echo(f"[{i}] {para.label or '-':10s} {text[:90]}{'…' if len(text) > 90 else ''}")
        if para.section:
            typer.echo(f"     section: {para.section[-90:]}")
        for ent in para.entities:
            value = f" = {ent.value}" if ent.value else ""
            typer.echo(f"     {ent.label:10s} {ent.text}{value}")
    typer.echo(f"({len(result.footnotes)} footnotes, "
               f"{sum(len(f.entities) for f in result.footnotes)} entities in them)\n")


@app.command()
def validate(
    files: List[Path] = typer.Argument(..., help="Gold JSONL files or folders of them."),
    predictions: bool = typer.Option(False, "--predictions", help="Allow paragraphs without labels."),
) -> None:
    """Check JSONL files against the guidelines' format; print every problem with file and line."""
    from .io.jsonl import expand_jsonl_paths, iter_jsonl, validate_file

    paths = expand_jsonl_paths(files)
    if not paths:
        typer.echo("error: no JSONL files found", err=True)
        raise typer.Exit(code=1)
    bad = 0
    for path in paths:
        errors = validate_file(path, require_labels=not predictions)
        for err in errors:
            typer.echo(str(err))
        bad += len(errors)
        if not errors:
            n = sum(1 for _ in iter_jsonl(path))
            typer.echo(f"ok: {path} ({n} document(s))")
    if bad:
        typer.echo(f"{bad} problem(s)", err=True)
        raise typer.Exit(code=1)


@app.command()
def evaluate(
    gold: List[Path] = typer.Argument(..., help="Gold JSONL files or folders."),
    model: Optional[Path] = MODEL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score the pipeline on gold data: P/R/F1 per entity label, DATE value accuracy, paragraph labels."""
    from .evaluate import evaluate_records, format_report
    from .io.jsonl import read_gold
    from .pipeline import load

    records = read_gold(gold)
    scores = evaluate_records(load(model), records)
    if as_json:
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{len(records)} gold document(s)\n")
        typer.echo(format_report(scores))


def main() -> None:
    """Entry point of the ``vnadmin`` console script."""
    from .errors import VnadminError

    try:
        app()
    except VnadminError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
