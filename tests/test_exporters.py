"""Output formats registered by name (issue 18): a new format is one decorated function."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest
from typer.testing import CliRunner

from vnadmin_nlp import export
from vnadmin_nlp.batch import BatchSummary, check_output, finish_output
from vnadmin_nlp.cli import app
from vnadmin_nlp.errors import VnadminError
from vnadmin_nlp.io.jsonl import write_jsonl

RECORD = {"id": "qd1", "source": "qd1.txt", "title": "QUYẾT ĐỊNH",
          "paragraphs": [{"text": "Căn cứ Luật số 77/2015/QH13.", "label": "other", "section": "",
                          "entities": [[7, 27, "DOC_NUMBER"]]}],
          "footnotes": []}


def test_the_four_formats_are_registered_in_order():
    assert list(export.EXPORTERS) == ["jsonl", "csv", "html", "labelstudio"]
    assert export.exporter("labelstudio").suffix == "json"
    with pytest.raises(VnadminError, match=r"unknown output format 'xml' \(one of jsonl, csv, html, labelstudio\)"):
        export.exporter("xml")


def test_a_new_format_is_one_registered_function(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "EXPORTERS", dict(export.EXPORTERS))

    @export.register_exporter("tsv", suffix="tsv", description="one line per entity")
    def export_tsv(records: List[dict], output: Path, entities: bool = False) -> List[Tuple[Path, str]]:
        lines = ["document\tlabel\ttext"]
        for record in records:
            for item in record["paragraphs"] + record["footnotes"]:
                lines += [f"{record['id']}\t{e[2]}\t{item['text'][e[0]:e[1]]}" for e in item["entities"]]
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [(output, f"TSV, one line per entity: {len(lines) - 1} lines")]

    # The batch runner's end of run writes it from the records, and names the file.
    records_path, output = tmp_path / "out.tsv.records.jsonl", tmp_path / "out.tsv"
    write_jsonl([RECORD], records_path)
    check_output(output, "tsv")
    summary = BatchSummary(inputs=1)
    finish_output(summary, records_path, output, "tsv")
    assert output.read_text(encoding="utf-8") == "document\tlabel\ttext\nqd1\tDOC_NUMBER\tLuật số 77/2015/QH13\n"
    assert (str(output), "TSV, one line per entity: 1 lines") in summary.written
    # A folder as -o gets the registered suffix in its hint.
    with pytest.raises(VnadminError, match=r"annotations\.tsv"):
        check_output(tmp_path, "tsv")


def _words(output: str) -> str:
    """The output's words, without the boxes and line wrapping of typer's rich panels."""
    return " ".join(output.replace("│", " ").split())


def test_the_cli_offers_the_registered_formats():
    result = CliRunner().invoke(app, ["annotate", "x.txt", "-o", "out.x", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of jsonl, csv, html, labelstudio" in _words(result.output)
    help_text = _words(CliRunner().invoke(app, ["annotate", "--help"]).output)
    assert "jsonl (the guidelines' format), csv (one row per paragraph), html (displaCy) or labelstudio" in help_text
