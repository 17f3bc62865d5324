"""The benchmark runs end to end (quick mode), and the speed work kept results identical.

No test here asserts a time.
"""

import sys
from pathlib import Path

import pytest

from vnadmin_nlp.bench import (PACKAGED_EXAMPLES, REFERENCE, BenchReport, Result, bench_files,
                               check_targets, format_markdown, iter_text_paragraphs, read_inputs,
                               word_boundary_agreement)
from vnadmin_nlp.io import read_document

from .conftest import REPO, seed_path


def seed_paragraphs():
    texts = []
    for prefix in ["000", "001", "003", "004"]:
        doc = read_document(seed_path(prefix))
        texts += [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]
    return texts


@pytest.mark.slow  # about 30 s: it runs every peer once
def test_quick_script_writes_a_report_with_every_method(tmp_path):
    import subprocess

    out = tmp_path / "bench.md"
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--quick",
                           "--n-process", "1", "--output", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf8")
    for name in ["vnadmin pipeline (reader + all components), cold", "vnadmin batch annotate, 1 process, cold",
                 "vnadmin tokenizer, cold",
                 "vnadmin tokenizer, warm", REFERENCE, "underthesea ner", 'spacy.blank("vi")',
                 "regex pass", "pyvi"]:
        assert name in text, name
    assert "CPU core(s)" in text and "Agreement excluding the by-design differences" in text
    # The reference row is the unit of every ratio.
    reference_row = next(line for line in text.splitlines() if line.startswith(f"| {REFERENCE} |"))
    assert "| 1.00 |" in reference_row


def test_absent_peer_is_skipped_with_a_note():
    from vnadmin_nlp.bench import Job, Method, run_method

    job = Job([str(p) for p in bench_files(PACKAGED_EXAMPLES)], 1, 1, 0.1)
    result = run_method(Method("missing peer", lambda j, c: None, needs="no_such_module_xyz"), job)
    assert result.skipped and "not installed" in result.note
    report = BenchReport([result], job.files, 1, 1, 1, 1, 2, False, "rule pipeline")
    assert "| missing peer | - |" in format_markdown(report)


def test_targets_are_read_from_the_cold_rows():
    rows = [Result(REFERENCE, 100.0, ratio=1.0), Result("vnadmin tokenizer, cold", 250.0, ratio=2.5),
            Result("vnadmin tokenizer, warm", 5000.0, ratio=50.0),
            Result("vnadmin pipeline (reader + all components), cold", 300.0, ratio=3.0),
            Result("underthesea ner", 5.0)]
    report = BenchReport(rows, [], 1, 1, 1, 1, 2, False, "rule pipeline")
    targets = check_targets(report)
    assert targets["tokenizer >= 3x word_tokenize (cold)"] is False  # warm 50x does not count
    assert targets["pipeline >= 2x word_tokenize (cold)"] is True
    assert targets["pipeline >= 50x underthesea ner (cold)"] is True
    report.results.append(Result(REFERENCE, 100.0, ratio=1.0))
    report.targets = targets
    text = format_markdown(report)
    assert "- pipeline >= 50x underthesea ner (cold): met (60.0x)" in text
    assert "- tokenizer >= 3x word_tokenize (cold): NOT met (2.50x)" in text


def test_agreement_with_underthesea_counts_codes_and_dates_as_by_design():
    text = ("Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 82-KH/BDVTW ngày 18/5/2023 về công tác "
            "dân vận của hệ thống chính trị.")
    result = word_boundary_agreement([text])
    assert result["reference_words"] > 10
    assert result["by_design"].get("code or date kept whole", 0) >= 1
    assert result["agreement_excluding_by_design"] >= result["agreement"]


def test_streaming_reader_yields_blank_line_blocks(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Đoạn một\ndòng hai\n\n\nĐoạn ba\n", encoding="utf8")
    assert list(iter_text_paragraphs(path)) == ["Đoạn một\ndòng hai", "Đoạn ba"]


def test_bench_inputs_are_the_reader_paragraphs():
    inputs = read_inputs([seed_path("000")])
    doc = read_document(seed_path("000"))
    assert [t for t, _s, _k in inputs] == [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]


# ------------------------------------------------------------ speed work keeps results
def test_fast_crf_tags_exactly_as_underthesea_on_every_seed_paragraph():
    """The Python decoder of underthesea's CRF must reproduce its tags (the speed work's premise)."""
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    from vnadmin_nlp.tokenizer import DEFAULT_FIXED_WORDS, _crf_model_dir, _FastCRF, _syllable_pattern

    reference = FastCRFSequenceTagger()
    reference.load(str(_crf_model_dir()))
    fast = _FastCRF(_crf_model_dir())
    pattern = _syllable_pattern(DEFAULT_FIXED_WORDS)
    checked = 0
    for text in seed_paragraphs():
        syllables = [m.group() for m in pattern.finditer(text)]
        if syllables:
            assert fast.tag(syllables) == list(reference.predict([[s] for s in syllables])), text[:80]
            checked += len(syllables)
    assert checked > 10000


def test_syllables_match_underthesea_regex_tokenize():
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    from vnadmin_nlp.tokenizer import DEFAULT_FIXED_WORDS, _syllable_pattern

    pattern = _syllable_pattern(DEFAULT_FIXED_WORDS)
    for text in seed_paragraphs()[:60]:
        expected = tokenize(text, use_character_normalize=False, use_token_normalize=False,
                            fixed_words=list(DEFAULT_FIXED_WORDS))
        assert [m.group() for m in pattern.finditer(text)] == expected


@pytest.mark.parametrize("cache", [True, False])
def test_tokenizer_cache_switch_keeps_tokens_and_survives_pickle(cache):
    import pickle

    from spacy.vocab import Vocab

    from vnadmin_nlp.tokenizer import VietnameseTokenizer

    text = "Ban Dân vận Tỉnh ủy ban hành Kế hoạch số 82-KH/BDVTW ngày 18/5/2023."
    tokenizer = VietnameseTokenizer(Vocab())
    expected = [t.text for t in tokenizer(text)]
    tokenizer.set_cache(cache)
    assert [t.text for t in tokenizer(text)] == expected
    clone = pickle.loads(pickle.dumps(tokenizer))
    assert clone._segmenter.cache is cache
    assert [t.text for t in clone(text)] == expected


def test_shipped_docs_report_was_written_by_the_script():
    path = REPO / "docs" / "benchmarks.md"
    if not path.exists():
        pytest.skip("docs/benchmarks.md not generated yet")
    assert "Generated by `python scripts/bench.py" in path.read_text(encoding="utf8")


def test_bench_files_rejects_an_empty_folder(tmp_path):
    from vnadmin_nlp.errors import VnadminError

    with pytest.raises(VnadminError, match=str(tmp_path)):
        bench_files(Path(tmp_path))


def test_punctuation_split_from_words_is_by_design_and_folder_notes_are_not_documents(tmp_path):
    # underthesea joins a table bar to a name ("Tuyên Quang |"); ours never joins punctuation to a word.
    result = word_boundary_agreement(["| Tuyên Quang | Hà Nội | Bắc Giang |"])
    assert result["by_design"].get("punctuation is never part of a word", 0) >= 1
    assert result["other_differences"] == 0
    (tmp_path / "SOURCES.md").write_text("| document | origin |\n", encoding="utf8")
    (tmp_path / "qd1.txt").write_text("QUYẾT ĐỊNH\n\nVề việc thành lập.\n", encoding="utf8")
    assert [p.name for p in bench_files(tmp_path)] == ["qd1.txt"]
