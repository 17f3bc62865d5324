"""``vnadmin_transformer``: a fine-tuned transformer inside the spaCy pipeline.

It loads a directory written by :func:`vnadmin_nlp.transformer.finetune`
and, according to the task it was trained for, sets

- ``doc.cats`` (paragraphs): a probability for every paragraph label, which
  replaces the cue-based or CNN labels (the component runs last);
- ``doc.ents`` (entities): its spans win over ORG/LOC/PERSON from other
  components but never over the rule labels (DOC_NUMBER, DATE by default),
  which stay the rule components' (the component runs before the ORG rules,
  which then only add names the model missed).

The model is loaded on first use, not when the pipeline is built; saved
with ``nlp.to_disk`` the directory is copied into the pipeline, so a saved
pipeline carries its transformer.
"""

from __future__ import annotations

import logging
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from ..components.extensions import register_extensions
from ..errors import ModelNotFoundError
from ..labels import PARAGRAPH_LABELS, RULE_ENTITY_LABELS
from .metrics import bio_to_spans
from .model import META_FILE, read_meta

logger = logging.getLogger("vnadmin_nlp")


class TransformerComponent:
    """Paragraph labels or entities from a fine-tuned Hugging Face model."""

    def __init__(self, nlp: Language, name: str = "vnadmin_transformer", model_dir: Optional[str] = None,
                 rule_labels: Sequence[str] = RULE_ENTITY_LABELS, batch_size: int = 16,
                 device: str = "auto"):
        self.name = name
        self.model_dir = Path(model_dir) if model_dir else None
        self.rule_labels = tuple(rule_labels)
        self.batch_size = batch_size
        self.device = device
        self._tokenizer = nlp.tokenizer
        self._model = None
        self._section_words = lru_cache(maxsize=2048)(self._segment)
        register_extensions()

    @property
    def model(self):
        """The loaded :class:`~vnadmin_nlp.transformer.model.TransformerModel` (loaded on first use)."""
        if self._model is None:
            if self.model_dir is None:
                raise ModelNotFoundError(f"{self.name}: no model_dir given")
            from .model import TransformerModel

            self._model = TransformerModel(self.model_dir, self.device)
            logger.info("%s: loaded the %s model from %s on %s", self.name, self._model.task,
                        self.model_dir, self._model.device)
        return self._model

    def _segment(self, section: str) -> tuple:
        return tuple(t.text for t in self._tokenizer(section) if not t.is_space) if section else ()

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            units = [([t.text for t in doc if not t.is_space], self._section_words(doc._.section))
                     for doc in batch]
            predictions = self.model.predict(units, self.batch_size)
            for doc, prediction in zip(batch, predictions):
                if self.model.task == "paragraphs":
                    doc.cats.update({label: float(prediction.get(label, 0.0)) for label in PARAGRAPH_LABELS})
                else:
                    self._set_entities(doc, prediction)
                yield doc

    def _set_entities(self, doc: Doc, tags: List[str]) -> None:
        tokens = [t for t in doc if not t.is_space]
        # Token indices stand in for character offsets: spans come out on token edges.
        found = bio_to_spans(tags, [t.i for t in tokens], [t.i + 1 for t in tokens])
        new = [Span(doc, start, end, label=label) for start, end, label in found
               if label not in self.rule_labels]
        ruled = [e for e in doc.ents if e.label_ in self.rule_labels]
        new = [s for s in new if all(s.end <= e.start or s.start >= e.end for e in ruled)]
        others = [e for e in doc.ents if e.label_ not in self.rule_labels
                  and all(e.end <= s.start or e.start >= s.end for s in new)]
        doc.ents = sorted(ruled + others + new, key=lambda s: s.start)

    # ------------------------------------------------------------ serialization
    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Copy the fine-tuned directory into the saved pipeline."""
        path = Path(path)
        if self.model_dir is None:
            return
        if path.resolve() != self.model_dir.resolve():
            shutil.copytree(self.model_dir, path, dirs_exist_ok=True)

    def from_disk(self, path, *, exclude=tuple()) -> "TransformerComponent":
        """Read the fine-tuned directory saved with the pipeline (loaded on first use)."""
        path = Path(path)
        read_meta(path)  # fail now, with the path, if it is not one
        self.model_dir = path
        self._model = None
        return self


@Language.factory(
    "vnadmin_transformer",
    assigns=["doc.cats", "doc.ents"],
    default_config={"model_dir": None, "rule_labels": list(RULE_ENTITY_LABELS), "batch_size": 16,
                    "device": "auto"},
    default_score_weights={"cats_macro_f": 1.0, "ents_f": 1.0},
)
def make_transformer_component(nlp: Language, name: str, model_dir: Optional[str], rule_labels: List[str],
                               batch_size: int, device: str) -> TransformerComponent:
    return TransformerComponent(nlp, name, model_dir, rule_labels, batch_size, device)


def add_transformer(nlp: Language, model_dir: Union[str, Path, Sequence[Union[str, Path]]],
                    **config) -> Language:
    """Add a ``vnadmin_transformer`` for each fine-tuned directory to ``nlp``.

    A paragraph model goes last (its labels win); an entity model goes before
    ``vnadmin_org_rules`` when the pipeline has it, else last. ``config``
    overrides the factory's settings (``device``, ``batch_size``, ``rule_labels``).
    """
    dirs = [model_dir] if isinstance(model_dir, (str, Path)) else list(model_dir)
    for directory in dirs:
        directory = Path(directory)
        if not (directory / META_FILE).exists():
            raise ModelNotFoundError(f"{directory}: not a vnadmin fine-tuned transformer "
                                     f"({META_FILE} missing); make one with `vnadmin finetune-transformer`")
        task = read_meta(directory)["task"]
        name = f"vnadmin_transformer_{task}"
        if name in nlp.pipe_names:
            raise ValueError(f"{name} is already in the pipeline: give one model per task")
        where = {}
        if task == "entities" and "vnadmin_org_rules" in nlp.pipe_names:
            where = {"before": "vnadmin_org_rules"}
        nlp.add_pipe("vnadmin_transformer", name=name, config={"model_dir": str(directory.resolve()), **config},
                     **where)
    return nlp
