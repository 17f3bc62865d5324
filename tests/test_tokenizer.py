"""The Vietnamese tokenizer: lossless, words segmented, rule entities whole, gold aligned."""

import pickle

import spacy

from vnadmin_nlp.io import read_document
from vnadmin_nlp.tokenizer import VietnameseTokenizer

from .conftest import seed_path


def tokens(nlp, text):
    return [t.text for t in nlp.make_doc(text) if not t.is_space]


def test_words_segmented_and_codes_dates_abbreviations_whole(rule_nlp):
    text = ("Ban Thường vụ Tỉnh ủy kết luận Kế hoạch số 82-KH/BDVTW ngày 18/5/2023 của "
            "Ban Dân vận Tỉnh ủy, Nghị định 145/2020/NĐ-CP, UBND, HĐND và MTTQ tỉnh xong trong tháng 8/2013.")
    words = tokens(rule_nlp, text)
    for whole in ["Thường vụ", "Tỉnh ủy", "kết luận", "Kế hoạch", "82-KH/BDVTW", "ngày 18/5/2023",
                  "Dân vận", "145/2020/NĐ-CP", "UBND", "HĐND", "MTTQ", "tháng 8/2013"]:
        assert whole in words, whole
    assert "Dân vận Tỉnh" not in words  # the known underthesea split across a name


def test_numbers_stay_whole(rule_nlp):
    words = tokens(rule_nlp, "diện tích 3.895 km²; dân số khoảng 1,9 triệu người, đạt 96,7%")
    assert "3.895" in words and "1,9" in words and "96,7" in words


def test_lossless_on_every_seed_paragraph(rule_nlp):
    for prefix in ["000", "001", "003", "004"]:
        doc = read_document(seed_path(prefix))
        for para in doc.paragraphs + doc.footnotes:
            assert rule_nlp.make_doc(para.text).text == para.text


def test_lossless_on_odd_whitespace(rule_nlp):
    text = "Nơi nhận:\n- Ban Bí thư,\n-  Đảng đoàn   MTTQ (báo cáo)  "
    assert rule_nlp.make_doc(text).text == text


def test_every_gold_entity_on_token_boundaries(rule_nlp, gold_records):
    total = misaligned = 0
    problems = []
    for record in gold_records:
        for item in record["paragraphs"] + record.get("footnotes", []):
            doc = rule_nlp.make_doc(item["text"])
            for start, end, label, *_ in item["entities"]:
                total += 1
                if doc.char_span(start, end, alignment_mode="strict") is None:
                    misaligned += 1
                    problems.append((record["id"], item["text"][start:end], label))
    assert total > 2000
    # All seed entities align; over all gold, one hyphen-glued name is known to be cut
    # ("Sở Lao động-Thương binh và Xã hội"): training leaves such an entity out, with a warning.
    assert not [p for p in problems if p[0].startswith("seed-")], problems
    assert misaligned <= total * 0.001, problems[:20]


def test_tokenizer_from_config_serialization_and_pickle(tmp_path):
    import vnadmin_nlp.tokenizer  # noqa: F401  registers vnadmin.Tokenizer.v1

    config = {"nlp": {"tokenizer": {"@tokenizers": "vnadmin.Tokenizer.v1",
                                    "fixed_words": ["Tỉnh ủy"], "protect_rule_entities": True}}}
    nlp = spacy.blank("vi", config=config)
    assert isinstance(nlp.tokenizer, VietnameseTokenizer)
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.tokenizer.fixed_words == ("Tỉnh ủy",)
    text = "Nghị quyết số 25-NQ/TW của Tỉnh ủy"
    assert [t.text for t in loaded(text)] == [t.text for t in nlp(text)]
    clone = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in clone(text)] == [t.text for t in nlp(text)]
