"""Training the pipeline with spaCy's own machinery, and cross-validating it by document.

``train_pipeline`` turns gold records into DocBins, reads ``configs/config.cfg``
and runs spaCy's ``init_nlp`` + training loop (the same code ``spacy train``
runs). ``cross_validate`` trains one model per fold, never with a document on
both sides, and scores the held-out documents with :mod:`vnadmin_nlp.evaluate`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Union

import spacy
from spacy.language import Language

from .errors import VnadminError
from .io.document import document_kind, document_type
from .labels import RULE_ENTITY_LABELS

logger = logging.getLogger("vnadmin_nlp")

#: The training config in the repository.
TRAIN_CONFIG = Path(__file__).resolve().parent.parent / "configs" / "config.cfg"


class TrainingError(VnadminError):
    """Training could not start (config or data problem)."""

    code = "E007"


def _register() -> None:
    # Registers factories, the tokenizer and vnadmin.Corpus.v1 even when entry points are stale.
    from . import components, tokenizer  # noqa: F401
    from .io import corpus  # noqa: F401


def load_training_config(config_path: Union[str, Path, None] = None, overrides: Optional[Dict] = None):
    """The training config (``configs/config.cfg`` by default) with ``overrides`` applied."""
    from thinc.api import ConfigValidationError

    path = Path(config_path) if config_path else TRAIN_CONFIG
    if not path.exists():
        raise TrainingError(f"{path}: training config not found (it ships in the repository's configs/)")
    try:
        return spacy.util.load_config(path, overrides=overrides or {}, interpolate=False)
    except ConfigValidationError as err:
        raise TrainingError(f"{path}: cannot apply the overrides {sorted(overrides or {})}: "
                            f"{err.desc or err}") from None


def parse_overrides(settings: Sequence[str]) -> Dict[str, object]:
    """``["components.ner.model.tok2vec.width=40", "system.seed=1"]`` as config overrides.

    Values are read as JSON where they parse (numbers, ``true``, ``null``,
    lists), else kept as strings, as spaCy's own ``--section.key value`` does.
    """
    out: Dict[str, object] = {}
    for setting in settings:
        key, sep, raw = setting.partition("=")
        key = key.strip()
        if not sep or not key or "." not in key:
            raise TrainingError(f"{setting!r}: expected SECTION.KEY=VALUE, e.g. "
                                "components.ner.model.tok2vec.width=40")
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out


def _tokenizer_nlp(config) -> Language:
    """A blank pipeline with the config's tokenizer, for turning gold into Docs."""
    _register()
    return spacy.blank(config["nlp"]["lang"], config={"nlp": {"tokenizer": config["nlp"]["tokenizer"]}})


#: The project's set-aside test split (see data/annotated/GUIDELINES.md and ``vnadmin evaluate --test``).
SET_ASIDE_FOLDER = Path(__file__).resolve().parent.parent / "data" / "annotated" / "test"


def set_aside_ids(folder: Path = SET_ASIDE_FOLDER) -> set:
    """Ids of the set-aside test documents (empty when the folder is not there, e.g. installed)."""
    ids = set()
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line).get("id"))
    return ids


def train_pipeline(records: List[dict], output: Union[str, Path], *,
                   config_path: Union[str, Path, None] = None, dev_records: Optional[List[dict]] = None,
                   overrides: Optional[Dict] = None, verbose: bool = False,
                   meta: Optional[Dict] = None) -> Path:
    """Train the pipeline on ``records`` (gold JSONL records) and save it to ``output``.

    ``dev_records`` are scored during training (default: the training records,
    which only shows that training converges); the model saved is the last one,
    so the result does not depend on the dev data. Deterministic for a fixed
    ``system.seed`` (default 0).
    """
    from .io.corpus import write_docbin

    if not records:
        raise TrainingError("no training documents")
    leaked = sorted({r.get("id") for r in records} & set_aside_ids())
    if leaked:
        # The set-aside split predicts unseen documents only while nothing ever trains on it.
        raise TrainingError(f"{len(leaked)} training document(s) belong to the set-aside test split "
                            f"(data/annotated/test/): {', '.join(leaked[:5])}; train on data/annotated/, "
                            "which leaves the split out")
    config = load_training_config(config_path, overrides)
    nlp_tok = _tokenizer_nlp(config)
    with tempfile.TemporaryDirectory(prefix="vnadmin-data-") as tmp:
        # Our own gold may hold an entity the tokenizer cuts (rare): it is left out with a warning.
        train_path = write_docbin(nlp_tok, records, Path(tmp) / "train.spacy", RULE_ENTITY_LABELS, strict=False)
        # Without dev records the training file serves as dev file: no need to convert the same gold twice.
        dev_path = train_path if not dev_records else write_docbin(
            nlp_tok, dev_records, Path(tmp) / "dev.spacy", RULE_ENTITY_LABELS, strict=False)
        train_from_docbins(train_path, dev_path, output, config_path=config_path, overrides=overrides,
                           verbose=verbose)
    if meta:
        _update_meta(Path(output), meta)
    return Path(output)


def train_from_docbins(train_path: Path, dev_path: Path, output: Union[str, Path], *,
                       config_path: Union[str, Path, None] = None, overrides: Optional[Dict] = None,
                       verbose: bool = False) -> Path:
    """spaCy's ``init_nlp`` + training loop on ``.spacy`` files; the last model is saved to ``output``."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    _register()
    output = Path(output)
    all_overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    all_overrides.update(overrides or {})
    config = load_training_config(config_path, all_overrides)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="vnadmin-train-") as tmp, ExitStack() as quiet:
        if not verbose:  # spaCy's console logger prints through wasabi; keep it for --verbose
            sink = quiet.enter_context(open(os.devnull, "w"))
            quiet.enter_context(redirect_stdout(sink))
            quiet.enter_context(redirect_stderr(sink))
        nlp = init_nlp(config, use_gpu=-1)
        train_loop(nlp, Path(tmp), use_gpu=-1, stdout=sys.stdout, stderr=sys.stderr)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(Path(tmp) / "model-last", output)
    _tidy_saved_model(output)
    logger.info("trained %s in %.0f s", output, time.time() - started)
    return output


def _tidy_saved_model(model_dir: Path) -> None:
    """Drop what would mislead a reader of the saved model.

    The config names the temporary DocBins it was trained on (they are gone).
    meta.json's ``performance`` is spaCy's last evaluation, which with our
    ``eval_frequency`` is the one at step 0, before any training: held-out
    scores live in docs/ instead (``vnadmin evaluate --cv``).
    """
    config_path = model_dir / "config.cfg"
    config = spacy.util.load_config(config_path, interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(config_path)
    meta_path = model_dir / "meta.json"
    if meta_path.exists():
        import srsly

        meta = srsly.read_json(meta_path)
        meta.pop("performance", None)
        srsly.write_json(meta_path, meta)


def _update_meta(path: Path, extra: Dict) -> None:
    import srsly

    meta_path = path / "meta.json"
    meta = srsly.read_json(meta_path) if meta_path.exists() else {}
    meta.update(extra)
    srsly.write_json(meta_path, meta)


def document_folds(records: Sequence[dict], k: Optional[int] = None) -> List[List[int]]:
    """Held-out record indices per fold: leave-one-document-out, or ``k`` groups of whole documents."""
    n = len(records)
    if k is None or k >= n:
        return [[i] for i in range(n)]
    return [list(range(i, n, k)) for i in range(k)]


def kind_folds(records: Sequence[dict], min_documents: int = 3) -> List[List[int]]:
    """Leave-one-kind-out: one fold per document kind (:func:`record_kind`), all its documents held
    out. Kinds with fewer than ``min_documents`` documents share one fold (each is still reported
    on its own), so that a run costs one training per real kind."""
    by_kind: Dict[str, List[int]] = {}
    for i, record in enumerate(records):
        by_kind.setdefault(record_kind(record), []).append(i)
    folds = [by_kind[kind] for kind in sorted(by_kind) if len(by_kind[kind]) >= min_documents]
    rare = sorted(i for kind in by_kind if len(by_kind[kind]) < min_documents for i in by_kind[kind])
    return folds + ([rare] if rare else [])


def cross_validate(records: List[dict], *, k: Optional[int] = None, config_path=None,
                   overrides: Optional[Dict] = None, train_on: Optional[Callable[[dict], bool]] = None,
                   progress: Optional[Callable[[str], None]] = None,
                   baselines: bool = True, by_kind: bool = False) -> dict:
    """Train one pipeline per fold and score the held-out documents; a document is never on both sides.

    ``train_on`` restricts the training side (e.g. seeds only) while every
    document is still scored once. Returns the pooled scores of the trained
    pipeline, of the rule pipeline, and of the baselines (underthesea ``ner``
    for ORG/LOC/PERSON, the majority paragraph label of the training side),
    each also split by document kind (:func:`record_kind`). ``by_kind`` holds out one kind per
    fold (leave-one-kind-out) instead of ``k`` groups of documents.
    """
    from .baselines import MajorityLabel

    folds = kind_folds(records) if by_kind else document_folds(records, k)
    held_out = _HeldOutScores(records, baselines)
    with tempfile.TemporaryDirectory(prefix="vnadmin-cv-") as tmp:
        for fold_no, held in enumerate(folds, start=1):
            train = [r for i, r in enumerate(records) if i not in held and (train_on is None or train_on(r))]
            test = [records[i] for i in held]
            if progress:
                progress(f"fold {fold_no}/{len(folds)}: train on {len(train)} documents, "
                         f"test on {', '.join(r['id'] for r in test)}")
            model_dir = train_pipeline(train, Path(tmp) / f"fold{fold_no}", config_path=config_path,
                                       overrides=overrides)
            nlp = spacy.load(model_dir)
            majority = MajorityLabel(train) if baselines else None
            for record in test:
                held_out.add(nlp, record, majority)
            shutil.rmtree(model_dir)
    return {"folds": [[records[i]["id"] for i in held] for held in folds], "scores": held_out.scores()}


class _HeldOutScores:
    """The scores of every system on held-out records, pooled and per document kind: the trained
    pipeline, its ``ner`` without the ORG rules, the rule pipeline, and the baselines (underthesea
    ``ner``, the majority label of the training side). What :func:`cross_validate` and
    :func:`score_set_aside` report."""

    def __init__(self, records: List[dict], baselines: bool = True):
        from .baselines import UndertheseaNer
        from .evaluate import ScoreAccumulator
        from .pipeline import build_rule_pipeline

        self.groups = ["all"] + sorted({record_kind(r) for r in records})
        self.systems = ["model", "ner_only", "rules"] + (["underthesea", "majority"] if baselines else [])
        self.acc = {(s, g): ScoreAccumulator() for s in self.systems for g in self.groups}
        self.rules = build_rule_pipeline()
        self.under = UndertheseaNer() if baselines else None

    def add(self, nlp: Language, record: dict, majority=None) -> list:
        """Score every system on one record; returns the trained pipeline's predictions."""
        from .evaluate import predict_records

        # Predict once per system; the same predictions count for "all" and for the record's kind.
        predictions = {"model": predict_records(nlp, [record]), "rules": predict_records(self.rules, [record])}
        with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n == "vnadmin_org_rules"]):
            predictions["ner_only"] = predict_records(nlp, [record])
        if self.under is not None:
            predictions["underthesea"] = self.under.predictions([record])
        for group in ("all", record_kind(record)):
            for system, preds in predictions.items():
                self.acc[(system, group)].add_predictions(preds)
            if majority is not None:
                majority.score_into(self.acc[("majority", group)], [record])
        return predictions["model"]

    def scores(self) -> dict:
        return {s: {g: self.acc[(s, g)].scores() for g in self.groups} for s in self.systems}


def score_set_aside(nlp: Language, test: List[dict], train: List[dict],
                    progress: Optional[Callable[[str], None]] = None) -> dict:
    """Score a trained pipeline on the set-aside test documents, with the same systems as
    :func:`cross_validate` (rules only, ``ner`` without the ORG rules, underthesea ``ner``, the
    majority label of ``train``), pooled and per kind. Trains nothing; the result has
    cross_validate's shape (one "fold": the test documents) and each document's paragraph accuracy."""
    from .baselines import MajorityLabel

    held_out, majority = _HeldOutScores(test), MajorityLabel(train)
    per_document: Dict[str, float] = {}
    for n, record in enumerate(test, start=1):
        if progress:
            progress(f"scoring {record['id']} ({n}/{len(test)})")
        predictions = held_out.add(nlp, record, majority)
        labelled = [(item["label"], label) for item, _, label in predictions
                    if label is not None and item.get("label")]
        if labelled:
            per_document[record["id"]] = sum(g == p for g, p in labelled) / len(labelled)
    return {"folds": [[r["id"] for r in test]], "per_document": per_document, "scores": held_out.scores()}


#: Kinds a record's ``group`` may name beyond the title kinds of resources/document_kinds.json.
_EXTRA_KINDS = ("news", "old")


def record_kind(record: dict) -> str:
    """The document kind of a gold record: its ``group`` when that names a kind (pool gold), else
    the kind its title (or, without one, its first paragraphs) names, else ``other``."""
    from .resources import document_kinds

    group = record.get("group")
    if group in _EXTRA_KINDS or group in {k["kind"] for k in document_kinds()}:
        return group
    heads = [record.get("title") or ""] + [p.get("text", "") for p in record.get("paragraphs", [])[:8]]
    for head in heads:
        kind = document_kind(head)
        if kind:
            return kind
    return "other"


def doc_group(record: dict) -> str:
    """``Party`` or ``State``: the record's ``group``; seeds (Party documents) have none."""
    return record.get("group") or ("Party" if str(record.get("id", "")).startswith("seed-") else "State")


def section_prefixed(records: List[dict]) -> List[dict]:
    """Records whose paragraph text starts with its document type and nearest section heading (for
    spaCy's textcat, which reads nothing but the text); entities dropped, footnotes left out."""
    out = []
    for record in records:
        paragraphs = []
        doc_type = document_type(record.get("title") or "")
        for para in record["paragraphs"]:
            heading = para.get("section", "").split(" > ")[-1]
            context = " | ".join(x for x in (doc_type, heading) if x)
            paragraphs.append({"text": f"{context} | {para['text']}" if context else para["text"],
                               "label": para.get("label"), "section": "", "entities": []})
        out.append({"id": record["id"], "paragraphs": paragraphs, "footnotes": []})
    return out


def _textcat_fold(nlp_tok: Language, train: List[dict], test: List[dict], config_path: Path) -> List[str]:
    """spaCy's ``textcat`` trained on ``train`` (section prefixed to the text), its labels on ``test``."""
    from .io.corpus import write_docbin

    with tempfile.TemporaryDirectory(prefix="vnadmin-textcat-") as tmp:
        tr = write_docbin(nlp_tok, section_prefixed(train), Path(tmp) / "train.spacy")
        model = train_from_docbins(tr, tr, Path(tmp) / "model", config_path=config_path)
        docs = spacy.load(model).pipe(p["text"] for r in section_prefixed(test) for p in r["paragraphs"]
                                      if p.get("label"))
        return [max(d.cats, key=d.cats.get) for d in docs]


def _labelled_paragraphs(records: List[dict]) -> List[tuple]:
    """``(paragraph, document type, context)`` for every labelled paragraph of ``records``."""
    from .structure import record_contexts

    out = []
    for record in records:
        doc_type = document_type(record.get("title") or "")
        for para, context in zip(record["paragraphs"], record_contexts(record)):
            if para.get("label"):
                out.append((para, doc_type, context))
    return out


def shipped_classifier_settings() -> dict:
    """The paragraph classifier's settings in the training config (configs/config.cfg): the
    shipped one's, for studies that fit the classifier alone."""
    settings = dict(load_training_config()["components"]["vnadmin_paragraph_classifier"])
    settings.pop("factory", None)
    return settings


def compare_paragraph_classifiers(records: List[dict], *, k: Optional[int] = None,
                                  progress: Optional[Callable[[str], None]] = None,
                                  textcat: bool = True, by_kind: bool = False) -> dict:
    """Cross-validate (by document, or leave-one-kind-out) the shipped classifier with and without
    the document-structure context (:mod:`vnadmin_nlp.structure`) against spaCy's ``textcat``
    (unless ``textcat`` is false: it trains a network per fold), all given the section, and the
    majority label; returns paragraph scores per system."""
    from .baselines import MajorityLabel
    from .components.paragraph_classifier import ParagraphClassifier
    from .evaluate import paragraph_scores

    textcat_config = TRAIN_CONFIG.parent / "textcat.cfg"
    nlp_tok = _tokenizer_nlp(load_training_config(textcat_config))
    settings = {name: value for name, value in shipped_classifier_settings().items() if name != "use_context"}
    gold: List[str] = []
    preds: Dict[str, List[str]] = {"sklearn": [], "sklearn_no_context": [], "majority": []}
    if textcat:
        preds["textcat"] = []
    folds = kind_folds(records) if by_kind else document_folds(records, k)
    for fold_no, held in enumerate(folds, start=1):
        train = [r for i, r in enumerate(records) if i not in held]
        test = [records[i] for i in held]
        if progress:
            progress(f"classifiers, fold {fold_no}/{len(folds)}")
        paras = _labelled_paragraphs(train)
        test_paras = _labelled_paragraphs(test)
        columns = [[p[0]["text"] for p in test_paras], [p[0].get("section", "") for p in test_paras],
                   [p[1] for p in test_paras]]
        for name, use_context in (("sklearn", True), ("sklearn_no_context", False)):
            clf = ParagraphClassifier(None, use_context=use_context, **settings).fit(
                [p["text"] for p, _, _ in paras], [p.get("section", "") for p, _, _ in paras],
                [p["label"] for p, _, _ in paras], [d for _, d, _ in paras], [c for _, _, c in paras])
            probs = clf.predict_proba(*columns, [c for _, _, c in test_paras])
            preds[name] += [max(c, key=c.get) for c in probs]
        test_paras = [p for p, _, _ in test_paras]
        if textcat:
            preds["textcat"] += _textcat_fold(nlp_tok, train, test, textcat_config)
        majority = MajorityLabel(train).label
        preds["majority"] += [majority] * len(test_paras)
        gold += [p["label"] for p in test_paras]
    return {name: paragraph_scores(gold, pred) for name, pred in preds.items()}
