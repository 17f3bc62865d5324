"""Our own output always passes our validator (issue 15, item 7; issue 17, item 6)."""

import subprocess
import sys
from pathlib import Path

import pytest

from vnadmin_nlp.io.jsonl import clean_span, validate_file
from vnadmin_nlp.io.standoff import default_corpus_root

# Real documents whose model spans once ended on a hyphen or an abbreviation's dot
# ("Bộ Lao động -", "TP.") or began with a list hyphen ("- Thương binh và Xã hội").
SAMPLE = ["congbao/thong-tu-so-15-2023-tt-bldtbxh-40971.txt",
          "congbao/van-ban-hop-nhat-so-1548-vbhn-bldtbxh-41720.txt"]


@pytest.mark.parametrize("text, span, expected", [
    ("do Bộ Lao động - Thương binh", "Bộ Lao động -", "Bộ Lao động"),
    ("tại TP. Hồ Chí Minh", "TP.", "TP"),
    ("- Thương binh và Xã hội", "- Thương binh và Xã hội", "Thương binh và Xã hội"),
    ("Ban Quản lý........", "Ban Quản lý........", "Ban Quản lý"),
])
def test_clean_span_trims_edges(text, span, expected):
    start = text.index(span)
    cleaned = clean_span(text, start, start + len(span))
    assert cleaned is not None and text[cleaned[0]:cleaned[1]] == expected


@pytest.mark.parametrize("text, span", [("đo 5 μGal mỗi", "μGal"[1:]), ("a<3b", "<3"), ("..., ", ", ")])
def test_clean_span_drops_spans_that_cut_a_word_or_are_empty(text, span):
    start = text.index(span)
    assert clean_span(text, start, start + len(span)) is None


def test_annotations_of_real_documents_validate(tmp_path):
    pool = default_corpus_root() / "pool"
    paths = [pool / p for p in SAMPLE]
    if not all(p.is_file() for p in paths):
        pytest.skip("the pool corpus is not beside the repository")
    out = tmp_path / "out.jsonl"
    exe = Path(sys.executable).with_name("vnadmin")
    done = subprocess.run([str(exe), "annotate", *map(str, paths), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert validate_file(out, require_labels=False) == []
