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


# ---------------------------------------------------------------- fast featurization
# Prediction computes the TF-IDF matrix with its own code (components/tfidf.py, FastFeatures);
# these tests hold it to scikit-learn's own transform, on real seed paragraphs and on
# constructed text that exercises the edge cases (case folding, underscores, digits, symbols,
# characters outside the vocabulary's alphabet, spacing).

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


#: Batch-size thresholds of the fast featurization, forced each way: every document in Python;
#: every batch in numpy (and the defaults).
FAST_PATHS = {"python": {"SMALL_BATCH": 10 ** 9}, "numpy": {"SMALL_BATCH": 0}, "default": {}}


@pytest.fixture(params=sorted(FAST_PATHS))
def fast_path(request, monkeypatch):
    from vnadmin_nlp.components import tfidf

    for name, value in FAST_PATHS[request.param].items():
        for block in (tfidf._TokenBlock, tfidf._CharWbBlock):
            if hasattr(block, name):
                monkeypatch.setattr(block, name, value)
    return request.param


def test_fast_matrix_equals_sklearn_transform(shipped_classifier, seeds, fast_path):
    paragraphs = [p for r in seeds for p in r["paragraphs"]]
    feats = _views(paragraphs)[0]
    reference = shipped_classifier._matrix(feats)  # the vectorizers' own transform, stacked
    fast = shipped_classifier.fast_features()
    assert fast.single and not any(type(b).__name__ == "_SklearnBlock" for _, b in fast.blocks)
    assert fast.openings == {"opening": ("text", 6)}
    coef_t = np.ascontiguousarray(shipped_classifier.model.coef_.T)
    # A whole batch, a small one, one of a few paragraphs, the constructed ones alone.
    for start, stop in ((0, len(feats)), (0, 7), (40, 52), (len(paragraphs), len(feats))):
        batch = feats[start:stop]
        got = fast.matrix(batch)
        want = reference[start:stop]
        assert got.shape == want.shape
        assert (abs(got - want) > 1e-12).nnz == 0
        assert set(zip(*got.nonzero())) == set(zip(*want.nonzero()))
        # The decision function block by block (cached fields cached) is the product's.
        fast.clear_cache()
        for _ in range(2):  # cold, then with the per-text caches filled
            assert np.allclose(fast.decision(batch, coef_t), want @ coef_t, rtol=0, atol=1e-12)
    # The single-paragraph path gives the same rows.
    for i in list(range(0, len(paragraphs), 9)) + list(range(len(paragraphs), len(feats))):
        columns, values = fast.row(feats[i])
        row = reference[i].toarray().ravel()
        assert sorted(columns.tolist()) == sorted(row.nonzero()[0].tolist())
        assert np.allclose(values, row[columns], rtol=0, atol=1e-12)


def test_other_vectorizer_settings_keep_their_own_transform(shipped_classifier, seeds):
    # A vectorizer whose settings the fast blocks do not reproduce is transformed by itself,
    # in the matrix and in the decision function alike.
    import copy

    from scipy.sparse import hstack

    from vnadmin_nlp.components.tfidf import FastFeatures

    feats = _views([p for r in seeds for p in r["paragraphs"]][:30])[0]
    vectorizers = dict(shipped_classifier.vectorizers)
    vectorizers["heading"] = copy.copy(vectorizers["heading"])
    vectorizers["heading"].strip_accents = "unicode"
    fast = FastFeatures(vectorizers, shipped_classifier._field, openings={"opening": ("text", 6)})
    assert [type(b).__name__ for _, b in fast.blocks].count("_SklearnBlock") == 1 and not fast.single
    want = hstack([v.transform([f[shipped_classifier._field(n)] for f in feats])
                   for n, v in vectorizers.items()]).tocsr()
    assert (abs(fast.matrix(feats) - want) > 1e-12).nnz == 0
    coef_t = np.ascontiguousarray(shipped_classifier.model.coef_.T)
    assert np.allclose(fast.decision(feats, coef_t), want @ coef_t, rtol=0, atol=1e-12)


def test_regex_classes_are_the_str_predicates():
    # tfidf.char_classes stands for re's \w, \d and \s (and str.split's whitespace) by str
    # predicates: the equivalence, on every code point.
    import re

    from vnadmin_nlp.components.tfidf import DECIMAL, SPACE, WORD, char_classes

    points = np.arange(0x110000, dtype=np.int64)
    classes = char_classes(points)
    text = "".join(map(chr, range(0x110000)))
    for pattern, bit in ((r"\w", WORD), (r"\d", DECIMAL), (r"\s", SPACE)):
        matched = np.zeros(0x110000, dtype=bool)
        matched[[m.start() for m in re.finditer(pattern, text)]] = True
        assert np.array_equal(matched, (classes & bit) != 0), pattern
    spaces = np.flatnonzero(classes & SPACE)
    assert all(len(("a" + chr(c) + "b").split()) == 2 for c in spaces.tolist())
    # Lowercasing never makes or removes whitespace (the opening view relies on it).
    assert all(chr(c).lower() == chr(c) for c in spaces.tolist())


def test_hash_tables_and_distinct_keys():
    from vnadmin_nlp.components.tfidf import _distinct, _IntTable

    rng = np.random.RandomState(0)
    for size in (0, 1, 7, 3000):
        keys = np.unique(rng.randint(0, 2 ** 62, size))
        values = rng.randint(0, 10 ** 6, len(keys))
        table = _IntTable(keys, values)
        queries = np.concatenate([keys, rng.randint(0, 2 ** 62, 500), keys[: size // 2]])
        known = dict(zip(keys.tolist(), values.tolist()))
        assert table.get(queries).tolist() == [known.get(k, -1) for k in queries.tolist()]
    for size in (0, 1, 5, 3000, 20000):  # the sorting path and the hashing path
        keys = rng.randint(0, size // 3 + 1, size) * 1_000_003 - 7
        first, inverse = _distinct(keys)
        assert keys[first][inverse].tolist() == keys.tolist()
        assert len(set(keys[first].tolist())) == len(first) == len(set(keys.tolist()))


def test_range_numbers_equal_python_numbers():
    from vnadmin_nlp.components.tfidf import _Alphabet, code_points

    alphabet = _Alphabet("abcdđêếợ0 ")
    text = "abc đêế xyz ợ0 aaaa bđ"
    digits = alphabet.digits(code_points(text))
    prefix = alphabet.prefix(digits)
    starts, ends = zip(*[(s, e) for s in range(len(text)) for e in range(s + 1, min(len(text), s + 8) + 1)])
    got = alphabet.numbers(prefix, np.array(starts), np.array(ends)).tolist()
    for (start, end), number in zip(zip(starts, ends), got):
        piece = text[start:end]
        if set(piece) <= set(alphabet.digit):
            assert number == alphabet.number(piece)
        # Any other character is the digit "unknown", which no vocabulary string holds.
        expected = 0
        for char in piece:
            expected = expected * alphabet.base + alphabet.digit.get(char, alphabet.unknown)
        assert number == expected


def test_fast_probabilities_equal_sklearn_predict_proba(shipped_classifier, seeds):
    paragraphs = [p for r in seeds for p in r["paragraphs"]]
    feats, texts, sections, doc_types = _views(paragraphs)
    model = shipped_classifier.model
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
    assert _mostly_upper(texts) == expected
    assert [_mostly_upper([t])[0] for t in texts] == expected


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


def test_folded_bodies_equal_the_regex(monkeypatch):
    from vnadmin_nlp.components import paragraph_classifier as pc

    texts = ["Năm 2023, 15/12 và 0.5%", "12. Mục 3", "IV. 2024", "a) 1 2 3", "٣٤ và １２ và 𝟘𝟙",
             "", "1", "x\x00 12 \x01 345", "Không có số"] + TRICKY_PARAGRAPHS
    stripped = [t.strip() for t in texts]
    markers = [pc._MARKER_RE.match(t) for t in stripped]
    cut = [m.end() if m else 0 for m in markers]
    expected = [pc._NUM_RE.sub("0", pc._MARKER_RE.sub("", t)) for t in stripped]
    assert pc._Batch(stripped).folded_bodies(cut) == expected
    # No free character to mark dropped digits with: the regex itself.
    monkeypatch.setattr(pc, "_FILLERS", "\x00")
    assert pc._Batch(stripped).folded_bodies(cut) == expected


def test_reader_titles_headers_and_signatures_are_other():
    import vnadmin_nlp

    result = vnadmin_nlp.analyze(str(Path(__file__).resolve().parents[1] / "vnadmin_nlp" / "examples"
                                     / "ket-luan-btv-tinh-uy-bac-giang.txt"))
    fixed = [p for p in result.paragraphs if p.kind in ("header", "title", "recipients", "signature")]
    assert fixed and all(p.label == "other" for p in fixed)
    assert any(p.label != "other" for p in result.paragraphs if p.kind == "body")
