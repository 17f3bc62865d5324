"""The paragraph classifier component: fitting, section context, held-out accuracy, serialization."""

from pathlib import Path

import numpy as np
import pytest
import spacy

from vnadmin_nlp.baselines import MajorityLabel
from vnadmin_nlp.components.paragraph_classifier import ParagraphClassifier, paragraph_features
from vnadmin_nlp.labels import PARAGRAPH_LABELS


def _paragraphs(records):
    return [p for r in records for p in r["paragraphs"] if p.get("label")]


@pytest.fixture(scope="module")
def seeds(gold_records):
    seeds = [r for r in gold_records if r["id"].startswith("seed-")]
    if len(seeds) < 4:
        pytest.skip("needs the four seed gold files")
    return seeds


def test_features_fold_numbers_and_markers_and_use_nearest_heading():
    feats = paragraph_features("2. Năm 2023, toàn tỉnh đã hoàn thành", "Phần I > IV- HẠN CHẾ, NGUYÊN NHÂN")
    assert feats["text"].startswith("năm 0, toàn tỉnh")
    assert feats["heading"] == "hạn chế, nguyên nhân"
    assert paragraph_features("x", "")["heading"] == "loại khác"
    ket_luan = paragraph_features("x", "", "kết luận")
    assert ket_luan["heading"] == "loại kết luận" and "doctype_kết_luận" in ket_luan["cues"].split()


def test_held_out_document_beats_majority_label(seeds):
    train, test = seeds[:3], seeds[3]
    paras = _paragraphs(train)
    clf = ParagraphClassifier(None).fit([p["text"] for p in paras], [p["section"] for p in paras],
                                        [p["label"] for p in paras])
    test_paras = _paragraphs([test])
    probs = clf.predict_proba([p["text"] for p in test_paras], [p["section"] for p in test_paras])
    predicted = [max(c, key=c.get) for c in probs]
    accuracy = sum(p == g["label"] for p, g in zip(predicted, test_paras)) / len(test_paras)
    majority = MajorityLabel(train).label
    majority_accuracy = sum(g["label"] == majority for g in test_paras) / len(test_paras)
    assert accuracy > majority_accuracy + 0.15
    assert all(set(c) == set(PARAGRAPH_LABELS) and abs(sum(c.values()) - 1) < 1e-6 for c in probs)


def test_balance_power_softens_the_weight_of_rare_labels(seeds):
    paras = _paragraphs(seeds)
    labels = [p["label"] for p in paras]
    counts = {label: labels.count(label) for label in set(labels)}
    rare, common = min(counts, key=counts.get), max(counts, key=counts.get)
    assert ParagraphClassifier(None)._class_weights(labels) == "balanced"  # scikit-learn's own
    weights = ParagraphClassifier(None, balance_power=0.5)._class_weights(labels)
    full = {label: len(labels) / (len(counts) * n) for label, n in counts.items()}
    assert weights[rare] / weights[common] == pytest.approx((full[rare] / full[common]) ** 0.5)
    assert 1 < weights[rare] / weights[common] < full[rare] / full[common]
    # Fitted with it, the classifier still labels the seeds' paragraphs.
    clf = ParagraphClassifier(None, balance_power=0.5).fit([p["text"] for p in paras],
                                                           [p["section"] for p in paras], labels)
    probs = clf.predict_proba([p["text"] for p in paras], [p["section"] for p in paras])
    assert sum(max(c, key=c.get) == g for c, g in zip(probs, labels)) > 0.8 * len(labels)


def test_section_changes_the_label(seeds):
    paras = _paragraphs(seeds)
    clf = ParagraphClassifier(None).fit([p["text"] for p in paras], [p["section"] for p in paras],
                                        [p["label"] for p in paras])
    text = "Công tác phối hợp giữa các cơ quan trong việc triển khai chương trình."
    [as_limitation] = clf.predict_proba([text], ["II- HẠN CHẾ, KHUYẾT ĐIỂM"])
    [as_task] = clf.predict_proba([text], ["III- NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI"])
    assert as_limitation["limitation"] > as_task["limitation"]
    assert as_task["task"] > as_limitation["task"]


def test_component_round_trips_through_disk_and_bytes(seeds, tmp_path):
    nlp = spacy.blank("xx")
    clf = nlp.add_pipe("vnadmin_paragraph_classifier")
    paras = _paragraphs(seeds)
    clf.fit([p["text"] for p in paras], [p["section"] for p in paras], [p["label"] for p in paras])
    doc = nlp.make_doc(paras[5]["text"])
    doc._.section = paras[5]["section"]
    expected = clf(doc).cats
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    doc2 = loaded.make_doc(paras[5]["text"])
    doc2._.section = paras[5]["section"]
    assert loaded("x") is not None
    assert loaded.get_pipe("vnadmin_paragraph_classifier")(doc2).cats == pytest.approx(expected)
    again = ParagraphClassifier(None).from_bytes(clf.to_bytes())
    assert again.predict_proba([doc.text], [doc._.section])[0] == pytest.approx(expected)


def test_unfitted_classifier_says_so():
    with pytest.raises(ValueError, match="not fitted"):
        ParagraphClassifier(None).predict_proba(["a"], [""])


# ---------------------------------------------------------------- cached TF-IDF
# Prediction computes the TF-IDF matrix with tfidf.CachedTfidf (each distinct word analyzed
# once); these tests hold it to scikit-learn's own transform, on real seed paragraphs and on
# constructed text that exercises the edge cases (case folding, underscores, digits, symbols,
# characters outside the vocabulary, spacing, words shorter than an n-gram).

#: Constructed paragraphs (not corpus text) aimed at the tokenization and case-folding rules.
TRICKY_PARAGRAPHS = [
    "", " ", "a", "Ủy", "I. TÌNH HÌNH CHUNG", "GIAO SỞ TÀI CHÍNH CHỦ TRÌ, PHỐI HỢP",
    "snake_case_word và số_hiệu 12/2024/NĐ-CP; điểm_a, mục_b. khoản 2", "x  y\tz\n\nw",
    "Dấu ı không chấm, İstanbul, Σ lớn và ς cuối, ſ dài, K kelvin", "😀 biểu tượng 𝐀𝐁 toán học",
    "Đã đạt, đã_xong, chưa đạt; Do đó, là do thiếu vốn. Nguyên nhân: do...",
    "Các Bộ, ngành có trách nhiệm báo cáo kết quả trước ngày 15/12 hằng năm.",
    "- Tuy nhiên, còn hạn chế", "+ chủ trì phối hợp", "ĐÃ ĐƯỢC PHẢI",
    "ａｂｃ ＡＢＣ full-width", "word" * 40, "Giao Sở Y tế\nchủ trì",
]


@pytest.fixture(scope="module")
def shipped_classifier():
    from vnadmin_nlp.pipeline import SHIPPED_MODEL

    path = SHIPPED_MODEL / "vnadmin_paragraph_classifier"
    if not (path / "cfg.json").exists():
        pytest.skip("no shipped model")
    return ParagraphClassifier(None).from_disk(path)


def _views(paragraphs):
    from vnadmin_nlp.components.paragraph_classifier import paragraph_features_many

    texts = [p["text"] for p in paragraphs] + TRICKY_PARAGRAPHS
    sections = [p["section"] for p in paragraphs] + ["II- KẾT QUẢ > 1. Năm 2023"] * len(TRICKY_PARAGRAPHS)
    doc_types = ["kết luận"] * len(paragraphs) + [("", "quyết định")[i % 2] for i in range(len(TRICKY_PARAGRAPHS))]
    return paragraph_features_many(texts, sections, doc_types), texts, sections, doc_types


def _csr(rows, columns, values, shape):
    from scipy.sparse import csr_matrix

    return csr_matrix((values, (rows, columns)), shape=shape)


def test_cached_tfidf_equals_sklearn_transform(shipped_classifier, seeds):
    from vnadmin_nlp.components.tfidf import CachedTfidf

    feats = _views([p for r in seeds for p in r["paragraphs"]])[0]
    for name, vectorizer in shipped_classifier.vectorizers.items():
        docs = [f[shipped_classifier._field(name)] for f in feats]
        block = CachedTfidf(vectorizer)
        assert CachedTfidf.supports(vectorizer)
        want = vectorizer.transform(docs)
        for _ in range(2):  # cold, then with every word and short text remembered
            got = _csr(*block.weights(docs), shape=want.shape)
            assert set(zip(*got.nonzero())) == set(zip(*want.nonzero())), name
            assert abs(got - want).max() < 1e-12, name
        # One document at a time gives the same rows.
        for i in range(0, len(docs), 23):
            assert abs(_csr(*block.weights(docs[i:i + 1]), shape=(1, want.shape[1])) - want[i]).max() < 1e-12


def test_char_wb_ngrams_of_short_and_spaced_words():
    # Words shorter than an n-gram, repeated spaces, tabs and line breaks, upper case:
    # scikit-learn's char_wb analysis, fitted here on the same text.
    from sklearn.feature_extraction.text import TfidfVectorizer

    from vnadmin_nlp.components.tfidf import CachedTfidf

    docs = ["a", "ab abc", "Ủy  ban\tnhân\ndân", "x", "", "ĐÃ đã đã"] + TRICKY_PARAGRAPHS
    for settings in (dict(analyzer="char_wb", ngram_range=(1, 5)), dict(analyzer="char_wb", ngram_range=(3, 3)),
                     dict(ngram_range=(1, 3), sublinear_tf=True), dict(ngram_range=(2, 2)),
                     dict(token_pattern=r"\S+", binary=True, norm=None, lowercase=False)):
        vectorizer = TfidfVectorizer(**settings).fit(docs)
        got = _csr(*CachedTfidf(vectorizer).weights(docs), shape=(len(docs), len(vectorizer.vocabulary_)))
        assert abs(got - vectorizer.transform(docs)).max() < 1e-12, settings


def test_decision_is_sklearn_s_with_or_without_the_cache(shipped_classifier, seeds):
    import copy

    feats = _views([p for r in seeds for p in r["paragraphs"]])[0]
    coef_t = shipped_classifier.regression.coef_.T
    want = shipped_classifier._matrix(feats) @ coef_t + shipped_classifier.regression.intercept_
    for fast in (True, False):
        classifier = copy.copy(shipped_classifier)
        classifier.fast_tfidf, classifier._fast = fast, None
        for start, stop in ((0, len(feats)), (0, 1), (40, 52)):
            assert np.allclose(classifier._decision(feats[start:stop]), want[start:stop], rtol=0, atol=1e-12)
        assert (classifier._fast != []) == fast


def test_other_vectorizer_settings_use_sklearn(shipped_classifier, seeds):
    # A vectorizer whose settings CachedTfidf does not reproduce sends prediction to scikit-learn.
    import copy

    from vnadmin_nlp.components.tfidf import CachedTfidf

    feats = _views([p for r in seeds for p in r["paragraphs"]][:30])[0]
    classifier = copy.copy(shipped_classifier)
    vectorizers = dict(shipped_classifier.vectorizers)
    vectorizers["heading"] = copy.copy(vectorizers["heading"])
    vectorizers["heading"].strip_accents = "unicode"
    assert not CachedTfidf.supports(vectorizers["heading"])
    classifier._blocks, classifier._fast = vectorizers, None
    want = classifier._matrix(feats) @ classifier._coef.T + classifier._intercept
    assert np.allclose(classifier._decision(feats), want, rtol=0, atol=1e-12)
    assert classifier._fast == []


def test_fast_probabilities_equal_sklearn_predict_proba(shipped_classifier, seeds):
    paragraphs = [p for r in seeds for p in r["paragraphs"]]
    feats, texts, sections, doc_types = _views(paragraphs)
    model = shipped_classifier.regression
    want = model.predict_proba(shipped_classifier._matrix(feats))
    classes = list(model.classes_)
    batch = shipped_classifier.predict_proba(texts, sections, doc_types)
    one_by_one = [shipped_classifier.predict_proba([t], [s], [d])[0]
                  for t, s, d in zip(texts[::11], sections[::11], doc_types[::11])]
    for got, row in list(zip(batch, want)) + list(zip(one_by_one, want[::11])):
        assert max(abs(got[label] - row[classes.index(label)]) for label in classes) < 1e-12


def test_batch_feature_views_equal_single(seeds):
    from vnadmin_nlp.components.paragraph_classifier import paragraph_features_many

    paragraphs = [p for r in seeds for p in r["paragraphs"]]
    feats, texts, sections, doc_types = _views(paragraphs)
    assert feats == [paragraph_features(t, s, d) for t, s, d in zip(texts, sections, doc_types)]
    # Without the constructed paragraphs (whose "ı", "İ" and "Σ" make the case-insensitive cues
    # scan the texts themselves, not their lowercase), and with the word-run edge cases.
    texts = [p["text"] for p in paragraphs] + [t for t in WORD_EDGE_CASES] + ["GIAO SỞ Y TẾ CHỦ TRÌ"]
    sections = [p["section"] for p in paragraphs] + ["III- NHIỆM VỤ"] * (len(texts) - len(paragraphs))
    batch = paragraph_features_many(texts, sections, ["kết luận"] * len(texts))
    assert batch == [paragraph_features(t, s, "kết luận") for t, s in zip(texts, sections)]


def test_upper_case_cue_counts_letters_as_python_does(seeds):
    from vnadmin_nlp.components.paragraph_classifier import _mostly_upper

    texts = [p["text"].strip() for r in seeds for p in r["paragraphs"]] + TRICKY_PARAGRAPHS

    def naive(text):
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)

    expected = [naive(t) for t in texts]
    assert any(expected) and not all(expected)
    assert [_mostly_upper(t) for t in texts] == expected


def test_literal_search_answers_as_the_regex(seeds):
    import re

    from vnadmin_nlp.components.paragraph_classifier import _CUE_RES
    from vnadmin_nlp.components.paragraph_rules import (_ASSIGNMENT_RE, _PAST_RE, LiteralSearch,
                                                        _is_assignment)

    texts = [p["text"] for r in seeds for p in r["paragraphs"]] + TRICKY_PARAGRAPHS + WORD_EDGE_CASES
    texts += [t.upper() for t in texts[::5]] + [t.replace("i", "ı") for t in texts[::7]]
    patterns = [pattern for _, pattern in _CUE_RES] + [_PAST_RE, re.compile(r"\bGIAO\b", re.I)]
    fast_paths = 0
    for pattern in patterns:
        search = LiteralSearch(pattern)
        fast_paths += search.mode is not None
        expected = [pattern.search(t) is not None for t in texts]
        assert [search(t) for t in texts] == expected, pattern.pattern
        assert search.many(texts) == expected, pattern.pattern
    assert fast_paths >= 8  # the \b-literal cue patterns take the fast path
    assert [_is_assignment(t) for t in texts] == [_ASSIGNMENT_RE.search(t) is not None for t in texts]


#: Constructed edge cases for the cue searches: word boundaries made by underscores, digits,
#: joined syllables, doubled or other spaces between a literal's words, case, list markers.
WORD_EDGE_CASES = [
    "đã", "Đã", "ĐÃ", "đã_xong", "_đã", "đã0", "0đã", "đãđã", "(đã)", "đã.", "-đã-", "x đã y",
    "hoàn thành", "hoàn  thành", "hoàn\tthành", "hoàn\nthành", "hoàn\u00a0thành", "hoànthành",
    "được nâng lên", "được  nâng lên", "không được", "không đượcx", "có trách nhiệm báo cáo kết quả",
    "báo cáo kết quả", "báo cáo kết", "trước ngày", "trước ngày0", "1. đã", "a) đã", "- hạn chế",
    "GIAO Sở", "Chủ Trì, PHỐI HỢP", "Là Do", "NGUYÊN NHÂN: DO",
]


def test_batch_rule_labels_equal_single(seeds):
    from vnadmin_nlp.components.paragraph_rules import guess_paragraph_label, guess_paragraph_labels

    paragraphs = [p for r in seeds for p in r["paragraphs"]]
    texts = [p["text"] for p in paragraphs] + TRICKY_PARAGRAPHS + WORD_EDGE_CASES
    texts += ["  " + t for t in texts[::4]] + ["1. " + t for t in texts[::6]]
    sections = [p["section"] for p in paragraphs] + ["", "II- KẾT QUẢ", "III- NHIỆM VỤ"] * len(texts)
    sections = sections[:len(texts)]
    assert guess_paragraph_labels(texts, sections) == [guess_paragraph_label(t, s, "body")
                                                       for t, s in zip(texts, sections)]


def test_reader_titles_headers_and_signatures_are_other():
    import vnadmin_nlp

    result = vnadmin_nlp.analyze(str(Path(__file__).resolve().parents[1] / "vnadmin_nlp" / "examples"
                                     / "ket-luan-btv-tinh-uy-bac-giang.txt"))
    fixed = [p for p in result.paragraphs if p.kind in ("header", "title", "recipients", "signature")]
    assert fixed and all(p.label == "other" for p in fixed)
    assert any(p.label != "other" for p in result.paragraphs if p.kind == "body")
