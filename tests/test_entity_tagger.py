"""The trained entity recognizer (a BILUO tagger): decoding, rule spans kept, learning from seed gold."""

import numpy as np
import pytest
import spacy
from spacy.training import Example

from vnadmin_nlp.components.entity_tagger import EntityTagger, _transition_mask, _viterbi, biluo_tags
from vnadmin_nlp.io.corpus import record_docs
from vnadmin_nlp.labels import RULE_ENTITY_LABELS

from .conftest import REPO

TAGS = biluo_tags(["ORG", "LOC"])


def one_hot_scores(path, confidence=0.9):
    scores = np.full((len(path), len(TAGS)), (1 - confidence) / (len(TAGS) - 1), dtype="float32")
    for i, tag in enumerate(path):
        scores[i, TAGS.index(tag)] = confidence
    return scores


def test_valid_paths_are_kept_and_invalid_ones_repaired():
    allowed, start, end = _transition_mask(TAGS)
    valid = ["O", "B-ORG", "I-ORG", "L-ORG", "U-LOC", "O"]
    assert [TAGS[i] for i in _viterbi(np.log(one_hot_scores(valid)), allowed, start, end)] == valid
    # "I-ORG" after "O" and an entity left open at the end cannot be decoded as such.
    scores = one_hot_scores(["O", "I-ORG", "L-ORG", "O", "B-LOC"])
    decoded = [TAGS[i] for i in _viterbi(np.log(scores), allowed, start, end)]
    for prev, tag in zip(["O"] + decoded, decoded + ["O"]):
        if prev[:1] in "BI":
            assert tag[:1] in "IL" and tag[2:] == prev[2:], decoded
        else:
            assert tag == "O" or tag[:1] in "BU", decoded


@pytest.fixture(scope="module")
def trained(seed_records):
    """An entity tagger trained briefly on the paragraphs of seed 003, behind the rule components."""
    from vnadmin_nlp.train import _register

    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnadmin.Tokenizer.v1"}}})
    nlp.add_pipe("vnadmin_doc_numbers")
    nlp.add_pipe("vnadmin_dates")
    nlp.add_pipe("vnadmin_entity_tagger", name="ner", config={"model": {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 48,
                    "depth": 2, "embed_size": 1000, "window_size": 1, "maxout_pieces": 3,
                    "subword_features": True}}})
    record = next(r for r in seed_records if r["id"].endswith("003"))
    examples = [Example(nlp.make_doc(d.text), d) for d in record_docs(nlp, record, RULE_ENTITY_LABELS)]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        for batch in spacy.util.minibatch(examples, 4):
            nlp.update(batch, sgd=optimizer, drop=0.1, annotates=["vnadmin_doc_numbers", "vnadmin_dates"])
    return nlp, examples


def test_tagger_learns_the_training_orgs_and_keeps_the_rule_entities(trained):
    nlp, examples = trained
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, EntityTagger) and set(ner.labels) >= {"ORG"}
    assert "DOC_NUMBER" not in ner.labels  # rule labels are missing in training, never learnt
    assert ner.tags[0] == "O" and "B-ORG" in ner.tags and "U-ORG" in ner.tags
    # Empty paragraphs and whitespace go through without entities.
    assert [list(d.ents) for d in nlp.pipe(["", "   "])] == [[], []]
    gold = {(e.start_char, e.end_char, e.label_) for eg in examples for e in eg.reference.ents
            if e.label_ == "ORG"}
    docs = list(nlp.pipe(eg.reference.text for eg in examples))
    found = {(e.start_char, e.end_char, e.label_) for d in docs for e in d.ents if e.label_ == "ORG"}
    assert len(gold & found) >= 0.8 * len(gold)
    rules_only = list(nlp.pipe((eg.reference.text for eg in examples), disable=["ner"]))
    for doc, ruled in zip(docs, rules_only):
        # Every rule span is still there, unchanged, after the tagger ran.
        assert {(e.start, e.end, e.label_) for e in ruled.ents} <= {(e.start, e.end, e.label_) for e in doc.ents}


def test_tagger_round_trips_through_disk(trained, tmp_path):
    nlp, examples = trained
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    text = examples[0].reference.text
    assert [(e.text, e.label_) for e in loaded(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]
    assert loaded.get_pipe("ner").tags == nlp.get_pipe("ner").tags


def test_two_gold_entities_cut_inside_one_token_are_left_out_together(rule_nlp):
    # pool/news/22677080.txt (training): the segmenter joins "Nepal Rajesh", so LOC "Nepal" and
    # PERSON "Rajesh Kazi Shrestha" both fall inside one token; training leaves both out (missing)
    # and keeps the entity before them, where spaCy's set_ents used to refuse the paragraph.
    text = "Phó Thủ tướng đã tiếp Lãnh sự danh dự Việt Nam tại Nepal Rajesh Kazi Shrestha cùng doanh nghiệp."
    def span(part, label):
        start = text.index(part)
        return [start, start + len(part), label]
    record = {"id": "t", "paragraphs": [{"text": text, "label": "other", "section": "", "entities": [
        span("Việt Nam", "LOC"), span("Nepal", "LOC"), span("Rajesh Kazi Shrestha", "PERSON")]}]}
    tokens = [t.text for t in rule_nlp.make_doc(text)]
    if "Nepal Rajesh" not in tokens:
        pytest.skip("the segmenter now keeps these names apart")
    [doc] = record_docs(rule_nlp, record, strict=False)
    assert [(e.text, e.label_) for e in doc.ents] == [("Việt Nam", "LOC")]
    assert {t.ent_iob_ for t in doc if t.text == "Nepal Rajesh"} == {""}  # missing, not "outside"


@pytest.fixture(scope="module")
def shipped_with():
    """The shipped pipeline loaded with some tagger settings, and the paragraph inputs of the
    bundled example (a real Party conclusion)."""
    from vnadmin_nlp.pipeline import SHIPPED_MODEL, document_inputs
    from vnadmin_nlp import read_document
    import vnadmin_nlp.components  # noqa: F401  (registers the factories)
    import vnadmin_nlp.tokenizer  # noqa: F401

    if not (SHIPPED_MODEL / "config.cfg").exists():
        pytest.skip("no shipped pipeline")
    inputs = document_inputs(read_document(REPO / "vnadmin_nlp/examples/ket-luan-btv-tinh-uy-bac-giang.txt"))
    return lambda **ner: (spacy.load(SHIPPED_MODEL, config={"components": {"ner": ner}}), inputs)


def test_the_shipped_tagger_multiplies_with_numpy_and_finds_what_blis_finds(shipped_with):
    """numpy's BLAS instead of thinc's blis (the factory's ``use_blis = false``): faster on our
    machine, and the entities of a real document are the same to the character."""
    from vnadmin_nlp.pipeline import make_docs

    found = {}
    for use_blis in (False, True):
        nlp, inputs = shipped_with(use_blis=use_blis)
        assert nlp.get_pipe("ner").model.ops.use_blis is use_blis
        docs = nlp.pipe(make_docs(nlp, inputs))
        found[use_blis] = [(e.start_char, e.end_char, e.label_) for doc in docs for e in doc.ents]
    assert len(found[False]) > 20 and {"ORG", "LOC"} <= {label for *_, label in found[False]}
    assert found[False] == found[True]


def test_the_shipped_tagger_finds_the_same_entities_with_its_embeddings_cached(shipped_with):
    """The embedding layer computed once per word form (``cache_embeddings``, the default): the
    scores of a real document are those of the whole model, and so are its entities."""
    from vnadmin_nlp.pipeline import make_docs

    found = {}
    for cached in (True, False):
        nlp, inputs = shipped_with(cache_embeddings=cached)
        ner = nlp.get_pipe("ner")
        assert (ner._embeddings is not None) is cached
        docs = list(nlp.pipe(make_docs(nlp, inputs)))
        found[cached] = [(e.start_char, e.end_char, e.label_) for doc in docs for e in doc.ents]
        if cached:
            tokens = sum(len(doc) for doc in docs)
            forms = len(ner._embeddings._rows)
            assert 0 < forms < tokens / 2  # word forms repeat: each was computed once
            plain = ner.model.predict(docs)
            for mine, theirs in zip(ner._embeddings.predict(docs), plain):
                np.testing.assert_allclose(mine, theirs, atol=1e-4)
    assert len(found[True]) > 20 and found[True] == found[False]


def test_the_shipped_tagger_predicts_on_one_blas_thread_and_gives_the_process_its_setting_back(shipped_with):
    """``blas_threads = 1`` (the default): OpenBLAS's idle threads spin, and on a machine whose other
    core was busy the tagger took six times as long; the limit holds only while it predicts."""
    from threadpoolctl import threadpool_info, threadpool_limits
    from vnadmin_nlp.components.entity_tagger import _blas_controller
    from vnadmin_nlp.pipeline import make_docs

    # numpy's BLAS, which the tagger multiplies with (scipy may bring one more, which it leaves be)
    numpy_blas = {lib.filepath for lib in _blas_controller().select(user_api="blas").lib_controllers
                  if "numpy" in lib.filepath}

    def blas_threads():
        return {lib["num_threads"] for lib in threadpool_info() if lib["filepath"] in numpy_blas}

    if not numpy_blas:
        pytest.skip("numpy has no BLAS of its own that threadpoolctl can see")
    found = {}
    for setting in (1, 0):
        nlp, inputs = shipped_with(blas_threads=setting)
        ner = nlp.get_pipe("ner")
        seen = []
        embed = ner._embeddings.predict
        ner._embeddings.predict = lambda docs: seen.append(blas_threads()) or embed(docs)
        with threadpool_limits(limits=2, user_api="blas"):
            docs = list(nlp.pipe(make_docs(nlp, inputs)))
            assert blas_threads() == {2}  # given back after each batch
        assert seen and all(threads == ({1} if setting else {2}) for threads in seen)
        found[setting] = [(e.start_char, e.end_char, e.label_) for doc in docs for e in doc.ents]
    assert len(found[1]) > 20 and found[1] == found[0]


def test_cached_embeddings_follow_the_weights_through_training(trained):
    """The cache belongs to one set of weights: a training step or averaged parameters
    (``use_params``) empty it, so predictions keep following the model."""
    nlp, examples = trained
    ner = nlp.get_pipe("ner")
    assert ner._embeddings is not None
    docs = [nlp.make_doc(eg.reference.text) for eg in examples[:8]]

    def agrees():
        cached = [s.argmax(axis=1) for s in ner._embeddings.predict(docs)]
        plain = [np.asarray(s).argmax(axis=1) for s in ner.model.predict(docs)]
        return all(np.array_equal(a, b) for a, b in zip(cached, plain))

    ner.predict(docs)
    assert ner._embeddings._rows and agrees()
    before = [np.asarray(s).argmax(axis=1) for s in ner.model.predict(docs)]
    # other embedding weights: each table's rows shifted by one
    shifted = {(node.id, "E"): np.roll(node.get_param("E"), 1, axis=0) for node in ner.model.walk()
               if node.name == "hashembed"}
    with nlp.use_params(shifted):  # as spaCy's training loop evaluates with averaged weights
        assert not ner._embeddings._rows
        changed = [np.asarray(s).argmax(axis=1) for s in ner.model.predict(docs)]
        assert any(not np.array_equal(a, b) for a, b in zip(before, changed))  # other weights indeed
        assert agrees()
    assert not ner._embeddings._rows
    optimizer = nlp.resume_training()
    ner.predict(docs)
    nlp.update(examples[:4], sgd=optimizer, annotates=["vnadmin_doc_numbers", "vnadmin_dates"])
    assert not ner._embeddings._rows
    assert agrees()
