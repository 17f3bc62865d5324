"""The ``vnadmin`` command line: thin wrappers over the library."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .collector import collect_less_in_this_process

app = typer.Typer(add_completion=False, help="Read Vietnamese administrative documents: "
                  "document codes, dates, organizations and paragraph labels.")

def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"vnadmin-nlp {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")) -> None:
    """Read Vietnamese administrative documents: document codes, dates, organizations and paragraph labels."""


#: The project's gold folder (its test/ subfolder is the set-aside split).
DEFAULT_GOLD = Path("data/annotated")

MODEL_OPTION = typer.Option(None, "--model", "-m", help="Pipeline directory (default: "
                            "$VNADMIN_MODEL, then the shipped model, then the rule pipeline).")


def _format_help() -> str:
    """``--format``'s help, from the registered output formats (:mod:`vnadmin_nlp.export`)."""
    from .export import EXPORTERS

    named = [f"{e.name} ({e.description})" for e in EXPORTERS.values()]
    return (", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else "".join(named)) + "."


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(..., help="Documents (.txt, .md, .docx, .pdf, .html, and formats "
                                       "that plugins register), folders (searched recursively) or glob "
                                       "patterns ('in/**/*.docx')."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the annotations here "
                                          "(default: print a readable summary of each document)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help=_format_help()),
    entities: bool = typer.Option(False, "--entities", help="csv: one row per entity with its value."),
    model: Optional[Path] = MODEL_OPTION,
    transformer: Optional[Path] = typer.Option(None, "--transformer", help="Local transformer model "
                                               "directory for a transformer-based pipeline."),
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes; each annotates whole documents."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Paragraphs per nlp.pipe batch."),
    resume: bool = typer.Option(False, "--resume", help="Keep the output and skip documents already in "
                                "it (same file content); annotate the rest."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Failed files as JSONL "
                                          "(default: OUT.errors.jsonl)."),
    max_size: float = typer.Option(20.0, "--max-size", help="Refuse files larger than this many MB."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    dask: bool = typer.Option(False, "--dask", metavar="[ADDRESS]", help="Annotate on a Dask cluster: a "
                              "LocalCluster of this machine's cores (or --n-process workers), or, with a "
                              "scheduler address after it (--dask tcp://host:8786), that cluster's workers. "
                              "Needs the dask extra."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="The same as "
                                            "--dask ADDRESS."),
    partition_size: float = typer.Option(4.0, "--partition-size", min=0.001, help="--dask: MB of "
                                         "input per partition at most (one task, one part file)."),
) -> None:
    """Annotate documents: paragraphs with sections and labels, entities with values.

    Every input ends up annotated, already done (--resume) or failed with a reason;
    the exit code is 1 when any failed.
    """
    import logging

    from .batch import check_output, expand_inputs, run_batch
    from .export import EXPORTERS
    from .pipeline import load

    if fmt not in EXPORTERS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(EXPORTERS)}", param_hint="--format")
    if output is None and (fmt != "jsonl" or resume):
        raise typer.BadParameter("--format and --resume need --output", param_hint="--output")
    if output is not None:
        check_output(output, fmt, errors)  # before the model loads: a bad -o should fail at once
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings repeat our one-line errors
    if dask or scheduler:
        _annotate_on_dask(inputs, output, scheduler, fmt=fmt, entities=entities, model=model,
                          transformer=transformer, n_process=n_process, batch_size=batch_size, resume=resume,
                          errors=errors, max_size=max_size, partition_size=partition_size, quiet=quiet)
        return
    nlp = load(model, transformer=transformer) if transformer is not None else load(model)

    def report(result) -> None:
        if result.error is not None:
            typer.echo(f"error: {result.error}", err=True)
        elif output is None and result.record is not None:
            _print_record(result.record)

    summary = run_batch(
        expand_inputs(inputs), output, nlp=nlp, fmt=fmt, entities=entities, resume=resume,
        n_process=n_process, batch_size=batch_size, max_bytes=int(max_size * 1024 * 1024),
        errors_file=errors, progress=not quiet and output is not None and sys.stderr.isatty(),
        on_result=report,
    )
    typer.echo(summary.format(), err=True)
    if not summary.ok:
        raise typer.Exit(code=1)


def _annotate_on_dask(inputs, output, address, *, fmt, entities, model, transformer, n_process, batch_size,
                      resume, errors, max_size, partition_size, quiet) -> None:
    """``annotate --dask``: the same run on a Dask cluster (vnadmin_nlp.dask_runner)."""
    import logging

    from .batch import expand_inputs
    from .dask_runner import require_dask

    if output is None:
        raise typer.BadParameter("--dask needs --output (the records are merged into it)",
                                 param_hint="--output")
    require_dask()  # a VnadminError naming the extra to install (exit code 2)
    from .dask_runner import run_dask

    logging.getLogger("distributed").setLevel(logging.WARNING)  # the scheduler's start/stop lines

    def report(result) -> None:
        if result.error is not None:
            typer.echo(f"error: {result.error}", err=True)

    summary = run_dask(
        expand_inputs(inputs), output, scheduler=address, model=model,
        transformer=transformer, fmt=fmt, entities=entities, resume=resume, batch_size=batch_size,
        max_bytes=int(max_size * 1024 * 1024), errors_file=errors,
        partition_bytes=max(1, int(partition_size * 1024 * 1024)),
        n_workers=n_process if n_process > 1 else None,
        progress=not quiet and sys.stderr.isatty(), on_result=report,
    )
    typer.echo(summary.format(), err=True)
    if not summary.ok:
        raise typer.Exit(code=1)


def _clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with "…" where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def _clip_start(text: str, width: int) -> str:
    """Like :func:`_clip` but keeps the end (of a section path, the most specific heading)."""
    text = " ".join(text.split())
    return text if len(text) <= width else "…" + text[-width:]


def _print_record(record: dict) -> None:
    typer.echo(f"# {record['id']}: {_clip(record['title'], 100)}")
    for i, para in enumerate(record["paragraphs"]):
        typer.echo(f"[{i}] {para['label'] or '-':10s} {_clip(para['text'], 90)}")
        if para["section"]:
            typer.echo(f"     section: {_clip_start(para['section'], 90)}")
        for ent in para["entities"]:
            value = f" = {_value_text(ent[3])}" if len(ent) > 3 and ent[3] else ""
            typer.echo(f"     {ent[2]:10s} {para['text'][ent[0]:ent[1]]}{value}")
    notes = record["footnotes"]
    typer.echo(f"({len(notes)} footnotes, {sum(len(f['entities']) for f in notes)} entities in them)\n")


def _value_text(value) -> str:
    """A DATE's value as it is; a DOC_NUMBER's parts as "kind decision, issuer UBND, ..."."""
    if isinstance(value, dict):
        return ", ".join(f"{key} {part}" for key, part in value.items() if part is not None and key != "number")
    return str(value)


@app.command("import-labelstudio")
def import_labelstudio(
    export: Path = typer.Argument(..., help="Label Studio JSON export of corrected vnadmin tasks."),
    output: Path = typer.Option(..., "--output", "-o", help="Gold JSONL to write."),
    use_predictions: bool = typer.Option(False, "--use-predictions", help="Take the pre-annotations of "
                                         "tasks nobody annotated (default: leave their documents out)."),
) -> None:
    """Turn corrected Label Studio tasks back into gold JSONL for training and fine-tuning."""
    from .export import import_labelstudio as import_tasks

    records = import_tasks(export, output, use_predictions=use_predictions)
    typer.echo(f"{len(records)} document(s) written to {output}", err=True)


@app.command()
def validate(
    files: List[Path] = typer.Argument(..., help="Gold JSONL files or folders of them."),
    predictions: bool = typer.Option(False, "--predictions", help="Allow paragraphs without labels."),
) -> None:
    """Check JSONL files against the guidelines' format; print every problem with file and line."""
    from .io.jsonl import expand_jsonl_paths, iter_jsonl, validate_file

    paths = expand_jsonl_paths(files, include_set_aside=True)  # the test split must validate too
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
    gold: List[Path] = typer.Argument(None, help="Gold JSONL files or folders (default: data/annotated/; "
                                      "with --test: data/annotated/test/)."),
    model: Optional[Path] = MODEL_OPTION,
    test: bool = typer.Option(False, "--test", help="Score the pipeline on the set-aside test documents "
                              "(data/annotated/test/), pooled and per kind, beside the rules, underthesea "
                              "ner and the majority label; trains nothing."),
    by_kind: bool = typer.Option(False, "--by-kind", help="With --cv: leave-one-kind-out (each fold holds "
                                 "out every document of one kind) instead of folds of documents."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    cv: bool = typer.Option(False, "--cv", help="Cross-validate: train one pipeline per fold with "
                            "configs/config.cfg and score the held-out documents (never on both sides)."),
    folds: Optional[int] = typer.Option(None, "--folds", help="With --cv: this many groups of whole "
                                        "documents (default: leave one document out)."),
    seeds_only: bool = typer.Option(False, "--train-on-seeds", help="With --cv: train only on the seed "
                                    "documents (every document is still scored)."),
    report: Optional[Path] = typer.Option(None, "--report", help="With --cv: also write the markdown "
                                          "tables to this file."),
    no_textcat: bool = typer.Option(False, "--no-textcat", help="With --compare-classifiers: leave spaCy's "
                                    "textcat out (it trains a network per fold)."),
    compare_classifiers: bool = typer.Option(False, "--compare-classifiers", help="With --cv: compare "
                                             "the paragraph classifier with spaCy's textcat instead."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="With --cv: training config "
                                          "(default: configs/config.cfg)."),
    settings: List[str] = typer.Option([], "--set", help="With --cv: override a config value, "
                                       "SECTION.KEY=VALUE (repeatable), e.g. "
                                       "components.ner.model.tok2vec.width=40 or system.seed=1."),
) -> None:
    """Score the pipeline on gold data: P/R/F1 per entity label, DATE values, paragraph labels."""
    from .evaluate import evaluate_records, format_cv_report, format_report
    from .io.jsonl import read_gold
    from .pipeline import load

    if test:
        _evaluate_test(gold, model, report, as_json)
        return
    gold = gold or [DEFAULT_GOLD]
    if by_kind and not cv:
        raise typer.BadParameter("--by-kind applies to --cv", param_hint="--by-kind")
    if (config or settings) and (not cv or compare_classifiers):
        # Only the cross-validation trains; silently scoring the shipped model instead would mislead.
        raise typer.BadParameter("--config and --set apply to --cv (without --compare-classifiers)",
                                 param_hint="--set")
    records = read_gold(gold)
    if cv and compare_classifiers:
        from .evaluate import format_classifier_comparison
        from .train import compare_paragraph_classifiers

        scores = compare_paragraph_classifiers(records, k=folds, progress=lambda m: typer.echo(m, err=True),
                                               textcat=not no_textcat, by_kind=by_kind)
        title = ("Leave-one-kind-out" if by_kind else "Leave-one-document-out" if folds is None
                 else f"{folds}-fold by document") + (
            f" comparison of paragraph classifiers ({len(records)} documents; the set-aside test split is not used)")
        text = format_classifier_comparison(scores, title)
        typer.echo(text)
        if report:
            command = "vnadmin evaluate --cv --compare-classifiers " + " ".join(map(str, gold)) + (
                f" --folds {folds}" if folds else "") + (" --by-kind" if by_kind else "") + (
                " --no-textcat" if no_textcat else "")
            report.write_text(f"<!-- written by `{command} --report {report}` -->\n\n{text}\n",
                              encoding="utf-8")
        return
    if cv:
        from .train import cross_validate, doc_group, parse_overrides

        train_on = (lambda r: doc_group(r) == "Party") if seeds_only else None
        result = cross_validate(records, k=folds, train_on=train_on, config_path=config,
                                overrides=parse_overrides(settings), by_kind=by_kind,
                                progress=lambda msg: typer.echo(msg, err=True))
        title = ("Leave-one-kind-out" if by_kind else "Leave-one-document-out" if folds is None
                 else f"{folds}-fold by document") + (
            " cross-validation, trained on the seeds only" if seeds_only else " cross-validation") + (
            f" ({len(records)} documents; the set-aside test split is not used)")
        text = format_cv_report(result, title)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            typer.echo(text)
        if report:
            command = "vnadmin evaluate --cv " + " ".join(map(str, gold)) + (
                f" --folds {folds}" if folds else "") + (" --by-kind" if by_kind else "") + (
                " --train-on-seeds" if seeds_only else "") + (
                f" --config {config}" if config else "") + "".join(f" --set {x}" for x in settings)
            report.write_text(f"<!-- written by `{command} --report {report}` -->\n\n{text}\n",
                              encoding="utf-8")
        return
    nlp = load(model)
    trained_on = set(nlp.meta.get("vnadmin_training_documents") or []) & {r["id"] for r in records}
    scores = evaluate_records(nlp, records)
    if as_json:
        typer.echo(json.dumps(dict(scores, trained_on=sorted(trained_on)), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{len(records)} gold document(s)\n")
        if trained_on:
            # Scores on training documents say little about new ones; never let them pass as held-out.
            typer.echo(f"note: {len(trained_on)} of these documents were in the model's training data; "
                       "these are NOT held-out scores (use --test or --cv)\n")
        typer.echo(format_report(scores))


def _evaluate_test(gold: Optional[List[Path]], model: Optional[Path], report: Optional[Path],
                   as_json: bool) -> None:
    """``vnadmin evaluate --test``: the pipeline on the set-aside test split, per kind."""
    from .evaluate import format_cv_report
    from .io.jsonl import read_gold
    from .pipeline import load
    from .train import score_set_aside

    paths = gold or [DEFAULT_GOLD / "test"]
    records = read_gold(paths, include_set_aside=True)
    if not records:
        typer.echo(f"error: no test documents in {', '.join(map(str, paths))}", err=True)
        raise typer.Exit(code=1)
    nlp = load(model)
    leaked = set(nlp.meta.get("vnadmin_training_documents") or []) & {r["id"] for r in records}
    if leaked:
        typer.echo(f"error: the model was trained on {len(leaked)} test document(s) ({', '.join(sorted(leaked))}); "
                   "retrain without the test split (vnadmin train data/annotated/ leaves it out)", err=True)
        raise typer.Exit(code=1)
    train = read_gold([DEFAULT_GOLD]) if DEFAULT_GOLD.is_dir() else []
    result = score_set_aside(nlp, records, train, progress=lambda m: typer.echo(m, err=True))
    title = (f"Set-aside test: {len(records)} documents never trained on, scored with the "
             f"{'given' if model else 'shipped'} pipeline")
    text = format_cv_report(result, title)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else text)
    if report:
        command = "vnadmin evaluate --test" + "".join(f" {p}" for p in gold or []) + (
            f" --model {model}" if model else "")
        report.write_text(f"<!-- written by `{command} --report {report}` -->\n\n{text}\n", encoding="utf-8")


@app.command()
def train(
    gold: List[Path] = typer.Argument(..., help="Gold JSONL files or folders (standoff files resolved)."),
    output: Path = typer.Option(Path(f"vi_vnadmin_sm/vi_vnadmin_sm-{sys.modules[__package__].__version__}"),
                                "--output", "-o", help="Where to save."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Training config "
                                          "(default: configs/config.cfg)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show spaCy's training log."),
    settings: List[str] = typer.Option([], "--set", help="Override a config value, SECTION.KEY=VALUE "
                                       "(repeatable), e.g. training.max_epochs=20."),
) -> None:
    """Train the whole pipeline (rules + ner + paragraph classifier) with spaCy's training loop."""
    from .io.jsonl import read_gold
    from .train import parse_overrides, train_pipeline

    overrides = parse_overrides(settings)
    records = read_gold(gold)
    typer.echo(f"training on {len(records)} document(s)…", err=True)
    path = train_pipeline(records, output, config_path=config, verbose=verbose, overrides=overrides,
                          meta={"vnadmin_training_documents": [r["id"] for r in records]})
    typer.echo(f"pipeline saved to {path}", err=True)


@app.command()
def finetune(
    new_data: List[Path] = typer.Argument(..., help="Newly annotated JSONL files (the guidelines' format)."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to save the fine-tuned pipeline."),
    base: Optional[Path] = typer.Option(None, "--base", help="Pipeline to continue from "
                                        "(default: the shipped vi_vnadmin_sm pipeline)."),
    gold: List[Path] = typer.Option([], "--gold", help="Original gold data mixed in (default: "
                                    "data/annotated/)."),
    held_out: float = typer.Option(0.25, "--held-out", help="Share of the new data scored before/after."),
    epochs: int = typer.Option(8, "--epochs"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Continue training on new documents (+ the original gold); report scores before and after."""
    from .evaluate import format_report
    from .finetune import finetune as run_finetune

    result = run_finetune(new_data, output, base=base, gold=gold or None, held_out_fraction=held_out,
                          max_epochs=epochs, verbose=verbose)
    typer.echo(f"held out: {', '.join(result['held_out'])}\n\n## before\n{format_report(result['before'])}\n\n"
               f"## after\n{format_report(result['after'])}")
    if result["misaligned_entities"]:
        typer.echo(f"{result['misaligned_entities']} gold entit{'y' if result['misaligned_entities'] == 1 else 'ies'} "
                   "of the new data off the tokenizer's boundaries left out of training (warned above)", err=True)
    if result["replaced_gold"]:
        typer.echo(f"{len(result['replaced_gold'])} base gold document(s) replaced by their new version "
                   "(warned above)", err=True)
    typer.echo(f"fine-tuned pipeline saved to {output} (report: {output / 'finetune_report.json'})", err=True)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(ctx: typer.Context) -> None:
    """Speed on distinct pool documents against underthesea, pyvi, spaCy and a regex pass (the harness
    in the repository's benchmarks/; options as `python scripts/bench.py --help`)."""
    repo = Path(__file__).resolve().parent.parent
    if (repo / "benchmarks" / "harness.py").is_file() and str(repo) not in sys.path:
        sys.path.insert(0, str(repo))  # an editable install from a clone: the harness sits beside us
    try:
        from benchmarks.harness import main as run_harness
    except ImportError:
        # The harness is not part of the installed package: it needs the repository and its corpus.
        typer.echo("error: the benchmark harness lives in the repository's benchmarks/ folder; run "
                   "`python scripts/bench.py` from a clone of vnadmin-nlp", err=True)
        raise typer.Exit(code=2)
    raise typer.Exit(code=run_harness(list(ctx.args)) or 0)


@app.command("export-dataset")
def export_dataset(
    data: List[Path] = typer.Argument(..., help="Gold JSONL files or folders."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for datasets' save_to_disk."),
    validation_fraction: float = typer.Option(0.25, "--validation-fraction", help="Share of documents "
                                              "held out for validation (split by document)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the document split."),
    skip_misaligned: bool = typer.Option(False, "--skip-misaligned", help="Leave gold entities that are "
                                         "off word boundaries out of the BIO tags (warned) instead of failing."),
) -> None:
    """Save the gold data as a Hugging Face `datasets` corpus (train/validation by document)."""
    from .data import export_corpus

    corpus = export_corpus(data, output, validation_fraction=validation_fraction, seed=seed,
                           skip_misaligned=skip_misaligned)
    sizes = ", ".join(f"{name} {len(split)} rows ({len(set(split['doc_id']))} documents)"
                      for name, split in corpus.items())
    typer.echo(f"saved to {output}: {sizes}", err=True)


@app.command("finetune-transformer")
def finetune_transformer(
    model: Path = typer.Option(..., "--model", "-m", help="Local Hugging Face model folder to fine-tune "
                               "(PhoBERT, XLM-R, ...); nothing is downloaded."),
    task: str = typer.Option(..., "--task", help="paragraphs (paragraph labels) or entities (ORG, LOC, "
                             "PERSON; DOC_NUMBER and DATE stay with the rules)."),
    data: List[Path] = typer.Option([Path("data/annotated")], "--data", help="Gold JSONL files or folders."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the fine-tuned model."),
    epochs: float = typer.Option(3.0, "--epochs"),
    batch_size: int = typer.Option(16, "--batch-size"),
    learning_rate: float = typer.Option(5e-5, "--learning-rate"),
    max_length: int = typer.Option(256, "--max-length", help="Pieces per window (capped at the model's)."),
    stride: int = typer.Option(64, "--stride", help="Pieces shared by consecutive windows."),
    labels: Optional[str] = typer.Option(None, "--labels", help="Entity labels to learn, comma-separated "
                                         "(default: ORG,LOC,PERSON)."),
    validation_fraction: float = typer.Option(0.25, "--validation-fraction"),
    seed: int = typer.Option(0, "--seed"),
    skip_misaligned: bool = typer.Option(False, "--skip-misaligned", help="Leave gold entities that are "
                                         "off word boundaries out of training (warned) instead of failing."),
) -> None:
    """Fine-tune a local transformer on the gold data; use it with `annotate --transformer DIR`."""
    import logging

    from .evaluate import format_report
    from .transformer import finetune
    from .transformer.model import TASKS

    if task not in TASKS:  # the library raises ValueError, which would reach the user as a traceback
        raise typer.BadParameter(f"{task!r} is not one of {', '.join(TASKS)}", param_hint="--task")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = finetune(model, task, data, output, epochs=epochs, batch_size=batch_size,
                      learning_rate=learning_rate, max_length=max_length, stride=stride,
                      entity_labels=labels.split(",") if labels else None,
                      validation_fraction=validation_fraction, seed=seed, skip_misaligned=skip_misaligned)
    if report:
        typer.echo(format_report(report))
    typer.echo(f"fine-tuned model saved in {output}", err=True)


_SCHEDULER_ADDRESS_RE = re.compile(r"^(?:[a-z][a-z0-9+]*://\S+|[\w.\-]+:\d+)$")


def _dask_address_argv(argv: List[str]) -> List[str]:
    """``--dask ADDRESS`` and ``--dask=ADDRESS`` as ``--dask --scheduler ADDRESS``.

    Click's options take a value always or never, and ``--dask`` is also used alone (a
    LocalCluster); a scheduler address (tcp://host:8786, host:8786) after it is read as its
    value. Anything else after ``--dask`` (an input path) stays an argument.
    """
    out: List[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--dask="):
            out += ["--dask", "--scheduler", arg.split("=", 1)[1]]
        elif arg == "--dask" and i + 1 < len(argv) and _SCHEDULER_ADDRESS_RE.match(argv[i + 1]):
            out += ["--dask", "--scheduler", argv[i + 1]]
            i += 1
        else:
            out.append(arg)
        i += 1
    return out


def main() -> None:
    """Entry point of the ``vnadmin`` console script."""
    from .errors import VnadminError

    collect_less_in_this_process()  # our own process: fewer collections throughout
    argv = _dask_address_argv(sys.argv[1:])
    try:
        app(args=argv)
    except VnadminError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug of ours: one clear line, the traceback only on request
        if os.environ.get("VNADMIN_DEBUG"):
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (this is a bug in vnadmin-nlp; "
                   "set VNADMIN_DEBUG=1 to see where it happened, and report it)", err=True)
        sys.exit(1)
