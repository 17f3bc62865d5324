"""A fast trained entity recognizer: a token tagger over BILUO tags with a constrained decode.

Why not spaCy's transition-based ``ner``: on this genre its state-machine
loop costs about 20 µs per token whatever the model width, which alone was
more than the whole pipeline's speed budget (docs/benchmarks.md). A tagger
scores every token in one batched pass of the same CNN (``spacy.Tagger.v2``
over ``HashEmbedCNN``), then a Viterbi pass over the BILUO tags keeps the
sequence well formed (no ``I-ORG`` after ``O``). Trained with spaCy's own
loop like any ``TrainablePipe``: it is spaCy's ``Tagger`` whose gold comes
from the reference entities instead of ``token.tag_``.

Entities already on the Doc (the rule components' DOC_NUMBER/DATE) are kept;
a predicted span that overlaps one is dropped. Gold entities marked missing
(the rule labels in our training data) give no loss.
"""

from contextlib import nullcontext
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples, validate_get_examples
from thinc.api import Model, NumpyOps, SequenceCategoricalCrossentropy

from .embed_cache import EmbeddingCache

OUTSIDE = "O"

DEFAULT_MODEL = {
    "@architectures": "spacy.Tagger.v2",
    "nO": None,
    "normalize": False,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 40,
        "depth": 2,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 2,
        "subword_features": True,
    },
}


def biluo_tags(labels: Iterable[str]) -> List[str]:
    """``O`` then B/I/L/U tags for each entity label, in a stable order."""
    tags = [OUTSIDE]
    for label in sorted(set(labels)):
        tags.extend(f"{prefix}-{label}" for prefix in "BILU")
    return tags


def _transition_mask(tags: Sequence[str]) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Allowed BILUO moves as additive masks (0 allowed, -inf not): between tags, at start, at end."""
    n = len(tags)
    allowed = np.full((n, n), -np.inf, dtype="float32")
    start = np.full(n, -np.inf, dtype="float32")
    end = np.full(n, -np.inf, dtype="float32")
    for j, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if tag == OUTSIDE or prefix in "BU":
            start[j] = 0.0
        if tag == OUTSIDE or prefix in "LU":
            end[j] = 0.0
        for i, prev in enumerate(tags):
            p_prefix, _, p_label = prev.partition("-")
            open_entity = p_prefix in ("B", "I")
            if open_entity:
                ok = prefix in ("I", "L") and label == p_label
            else:
                ok = tag == OUTSIDE or prefix in ("B", "U")
            if ok:
                allowed[i, j] = 0.0
    return allowed, start, end


class EntityTagger(Tagger):
    """Trainable entity recognizer: BILUO tag per token, decoded to ``doc.ents``."""

    def __init__(self, vocab, model: Model, name: str = "ner", *,
                 scorer: Optional[Callable] = None, label_smoothing: float = 0.0, use_blis: bool = False,
                 cache_embeddings: bool = True, blas_threads: int = 1):
        super().__init__(vocab, model, name, overwrite=False, scorer=scorer or score_entities,
                         neg_prefix="!", label_smoothing=label_smoothing)
        if not use_blis and type(model.ops) is NumpyOps and model.ops.use_blis:
            # thinc's CPU default multiplies with blis; numpy's BLAS (OpenBLAS in its wheels)
            # ran this tagger, 40 wide, faster on our machine: the 500k tokens of the benchmark's
            # documents in 2.0 s instead of 2.6 s, the two alternated in one process
            # (docs/evaluation.md). The entities were the same on all 120 documents.
            ops = NumpyOps(use_blis=False)
            for node in model.walk():
                node.ops = ops
        #: BLAS threads while predicting (0: numpy's own setting, a thread per core); see predict.
        self.blas_threads = 0 if use_blis else blas_threads
        self._masks = None
        self._normalized: Optional[bool] = None  # whether the model outputs probabilities (read once)
        #: Token vectors kept per word form (embed_cache.py); None: every token through the model.
        self._embeddings = (EmbeddingCache(model) if cache_embeddings and EmbeddingCache.supports(model)
                            else None)

    # -------------------------------------------------------------- labels
    @property
    def labels(self) -> Tuple[str, ...]:
        """The entity labels (ORG, LOC, ...), as spaCy's ``ner`` gives them."""
        return tuple(sorted({t.partition("-")[2] for t in self.cfg["labels"] if t != OUTSIDE}))

    @property
    def tags(self) -> Tuple[str, ...]:
        """The BILUO tags the model scores, in the order of its outputs."""
        return tuple(self.cfg["labels"])

    def add_label(self, label: str) -> int:
        """Add an entity label (``ORG``): ``O`` and its four BILUO tags join the tag set."""
        if label[:2] in ("B-", "I-", "L-", "U-"):
            label = label[2:]
        wanted = [OUTSIDE] + ([] if label == OUTSIDE else biluo_tags([label])[1:])
        new = [tag for tag in wanted if tag not in self.cfg["labels"]]
        if not new:
            return 0
        if self.model.has_dim("nO") and self.model.get_dim("nO") == len(self.tags):
            raise ValueError(f"{self.name}: cannot add {label!r}: the model is already sized for "
                             f"{len(self.tags)} tags (add labels before initializing)")
        for tag in new:
            self.cfg["labels"].append(tag)
            self.vocab.strings.add(tag)
        self._masks = None
        return 1

    def _gold_tags(self, example: Example) -> List[Optional[str]]:
        known = set(self.tags)
        # "-" is a token whose annotation is missing, None one that does not align: no loss for either.
        return [tag if tag in known else None for tag in example.get_aligned_ner()]

    # -------------------------------------------------------------- training
    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp=None,
                   labels: Optional[Sequence[str]] = None) -> None:
        """Entity labels from the gold (or ``labels``), then the model from a sample."""
        validate_get_examples(get_examples, "EntityTagger.initialize")
        if labels is None:
            labels = sorted({ent.label_ for eg in get_examples() for ent in eg.reference.ents})
        for label in labels:
            self.add_label(label)
        self._require_labels()
        doc_sample, label_sample = [], []
        index = {tag: i for i, tag in enumerate(self.tags)}
        for example in islice(get_examples(), 10):
            doc_sample.append(example.x)
            gold = np.zeros((len(example.x), len(self.tags)), dtype="float32")
            for row, tag in enumerate(self._gold_tags(example)):
                gold[row, index.get(tag, 0)] = 1.0
            label_sample.append(self.model.ops.asarray(gold))
        self.model.initialize(X=doc_sample, Y=label_sample)
        self._forget_embeddings()

    def get_loss(self, examples: Iterable[Example], scores) -> Tuple[float, List]:
        validate_examples(examples, "EntityTagger.get_loss")
        loss_func = SequenceCategoricalCrossentropy(names=self.tags, normalize=False, neg_prefix="!",
                                                    label_smoothing=self.cfg["label_smoothing"])
        truths = [self._gold_tags(eg) for eg in examples]
        d_scores, loss = loss_func(scores, truths)
        if self.model.ops.xp.isnan(loss):
            raise ValueError(f"{self.name}: loss is NaN")
        return float(loss), d_scores

    # -------------------------------------------------------------- prediction
    def predict(self, docs):
        # One BLAS thread by default: OpenBLAS keeps a thread per core spinning while it waits for
        # work, and on a machine whose other core is busy (another process, a second worker) this
        # tagger's small products took six times as long (docs/evaluation.md).
        with _blas_limit(self.blas_threads):
            if self._embeddings is None or not any(len(doc) for doc in docs):
                return super().predict(docs)
            return self._scores2guesses(self._embeddings.predict(docs))

    # The cached vectors belong to one set of weights: forgotten whenever the weights may change.
    def finish_update(self, sgd) -> None:
        self._forget_embeddings()
        super().finish_update(sgd)

    def use_params(self, params: dict):
        # A generator, as spaCy's own: Language.use_params steps it with next(), it is no
        # context manager (training evaluates with the averaged weights through it).
        self._forget_embeddings()
        try:
            with self.model.use_params(params):
                yield
        finally:
            self._forget_embeddings()

    def from_bytes(self, bytes_data, *, exclude=tuple()):
        self._forget_embeddings()
        return super().from_bytes(bytes_data, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()):
        self._forget_embeddings()
        return super().from_disk(path, exclude=exclude)

    def _forget_embeddings(self) -> None:
        if self._embeddings is not None:
            self._embeddings.clear()

    def _scores2guesses(self, scores) -> List[np.ndarray]:
        if self._masks is None or len(self._masks[1]) != len(self.tags):
            self._masks = _transition_mask(self.tags)
        allowed, start, end = self._masks
        scores = [np.asarray(doc_scores) for doc_scores in scores]
        if not scores:
            return []
        # The argmax is almost always a valid sequence: it is taken, and checked, for the whole
        # batch at once (one numpy call each instead of one per paragraph); only the paragraphs
        # with a forbidden move are decoded.
        lengths = np.fromiter(map(len, scores), dtype=np.int64, count=len(scores))
        if not lengths.any():
            return [np.zeros((0,), dtype="int32") for _ in scores]
        greedy = np.concatenate(scores).argmax(axis=1)
        ends = np.cumsum(lengths)
        firsts = ends - lengths
        present = lengths > 0
        bad = np.zeros(len(scores), dtype=bool)
        bad[present] = np.isinf(start[greedy[firsts[present]]]) | np.isinf(end[greedy[ends[present] - 1]])
        moves = np.isinf(allowed[greedy[:-1], greedy[1:]])
        cuts = firsts[present & (firsts > 0)]
        moves[cuts - 1] = False  # no move from one paragraph to the next
        bad[np.searchsorted(ends, np.flatnonzero(moves), side="right")] = True
        guesses = np.split(greedy, ends[:-1])
        for i in np.flatnonzero(bad).tolist():
            guesses[i] = _viterbi(self._log_scores(scores[i]), allowed, start, end)
        return guesses

    def _log_scores(self, doc_scores: np.ndarray) -> np.ndarray:
        # spacy.Tagger.v2 with normalize=false predicts logits (softmax skipped for speed): they are
        # log-probabilities up to a per-token constant, which no path comparison depends on.
        if self._normalized is None:
            self._normalized = any(node.attrs.get("softmax_normalize") for node in self.model.walk())
        return np.log(np.maximum(doc_scores, 1e-9)) if self._normalized else doc_scores

    def set_annotations(self, docs: Iterable[Doc], batch_tag_ids) -> None:
        """Spans from the decoded tags, added around the entities already on each Doc."""
        if isinstance(docs, Doc):
            docs = [docs]
        tags = self.tags
        for doc, tag_ids in zip(docs, batch_tag_ids):
            spans = []
            begin = None
            tag_ids = np.asarray(tag_ids)
            for i, tag_id in zip(np.flatnonzero(tag_ids).tolist(), tag_ids[tag_ids != 0].tolist()):
                prefix, _, label = tags[tag_id].partition("-")
                if prefix == "U":
                    spans.append((i, i + 1, label))
                elif prefix == "B":
                    begin = i
                elif prefix == "L" and begin is not None:
                    spans.append((begin, i + 1, label))
                    begin = None
            if not spans:
                continue
            taken = np.zeros(len(doc), dtype=bool)
            for ent in doc.ents:
                taken[ent.start:ent.end] = True
            new = [Span(doc, s, e, label=label) for s, e, label in spans if not taken[s:e].any()]
            if new:
                doc.set_ents(new, default="unmodified")


@lru_cache(maxsize=1)
def _blas_controller():
    # Made once per process (it lists the BLAS libraries loaded: numpy's, which the tagger
    # multiplies with, is loaded with numpy, before any prediction); each limit then costs microseconds.
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _blas_limit(threads: int):
    """Numpy's BLAS limited to ``threads`` threads for a ``with`` block (0: as it is)."""
    return _blas_controller().limit(limits=threads, user_api="blas") if threads > 0 else nullcontext()


def _viterbi(log_scores: np.ndarray, allowed: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Best BILUO path under the transition constraints."""
    n = log_scores.shape[0]
    back = np.zeros((n, log_scores.shape[1]), dtype="int32")
    best = log_scores[0] + start
    for i in range(1, n):
        candidates = best[:, None] + allowed
        back[i] = candidates.argmax(axis=0)
        best = candidates.max(axis=0) + log_scores[i]
    best = best + end
    path = np.zeros(n, dtype="int32")
    path[-1] = int(best.argmax())
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def score_entities(examples: Iterable[Example], **kwargs) -> dict:
    """``ents_p/r/f`` and per type, as spaCy's ner scorer gives them."""
    return get_ner_prf(examples, **kwargs)


@Language.factory(
    "vnadmin_entity_tagger",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"model": DEFAULT_MODEL, "label_smoothing": 0.0, "use_blis": False,
                    "cache_embeddings": True, "blas_threads": 1},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_tagger(nlp: Language, name: str, model: Model, label_smoothing: float,
                       use_blis: bool, cache_embeddings: bool, blas_threads: int) -> EntityTagger:
    """Factory of :class:`EntityTagger` (``[components.ner] factory = "vnadmin_entity_tagger"``).

    ``use_blis``: multiply with thinc's blis kernels (its CPU default) rather than numpy's BLAS.
    ``cache_embeddings``: compute the embedding layer once per word form (embed_cache.py);
    ignored for a model other than ``spacy.Tagger.v2`` over a MultiHashEmbed tok2vec.
    ``blas_threads``: numpy's BLAS threads while predicting (0 leaves numpy's setting, a thread
    per core); ignored with ``use_blis`` (blis runs on one thread).
    """
    return EntityTagger(nlp.vocab, model, name, label_smoothing=label_smoothing, use_blis=use_blis,
                        cache_embeddings=cache_embeddings, blas_threads=blas_threads)
