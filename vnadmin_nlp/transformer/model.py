"""A fine-tuned directory: the Hugging Face model and tokenizer plus our label map,
and the prediction code shared by training-time evaluation and the spaCy component.

The directory holds what ``save_pretrained`` writes (``config.json``, the
weights, the tokenizer files) and ``vnadmin_transformer.json``::

    {"task": "paragraphs" | "entities", "labels": [... model output order ...],
     "entity_labels": [...], "max_length": 256, "stride": 64,
     "syllable_joiner": "_" | null, "max_section_pieces": 48,
     "base_model": "...", "scores": {... the report on validation ...}}
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from ..errors import ModelNotFoundError
from .windows import Window, best_window_per_word, pair_windows, token_windows

logger = logging.getLogger("vnadmin_nlp")

META_FILE = "vnadmin_transformer.json"
TASKS = ("paragraphs", "entities")


def read_meta(path: Union[str, Path]) -> dict:
    """The label map and settings of a fine-tuned directory (coded error if absent)."""
    meta_path = Path(path) / META_FILE
    if not meta_path.exists():
        raise ModelNotFoundError(f"{path}: not a vnadmin fine-tuned transformer ({META_FILE} missing); "
                                 "make one with `vnadmin finetune-transformer`")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("task") not in TASKS:
        raise ModelNotFoundError(f"{meta_path}: unknown task {meta.get('task')!r} (one of {TASKS})")
    return meta


def resolve_device(device: str = "auto") -> str:
    """``"cuda"`` when asked or when ``"auto"`` finds a GPU, else ``"cpu"``."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def unit_windows(tokenizer, meta: dict, words: Sequence[str], section_words: Sequence[str] = ()
                 ) -> List[Window]:
    """The model inputs for one paragraph (words from our tokenizer)."""
    if meta["task"] == "paragraphs":
        return pair_windows(tokenizer, section_words, words, meta["max_length"], meta["stride"],
                            meta.get("syllable_joiner"), meta.get("max_section_pieces", 48))
    return token_windows(tokenizer, words, meta["max_length"], meta["stride"], meta.get("syllable_joiner"))


def softmax(row: Sequence[float]) -> List[float]:
    top = max(row)
    exps = [math.exp(x - top) for x in row]
    total = sum(exps)
    return [x / total for x in exps]


def paragraph_probs(window_logits: Sequence[Sequence[float]], labels: Sequence[str]) -> Dict[str, float]:
    """Label probabilities of a paragraph: softmax of its windows' mean logits."""
    n = len(window_logits)
    mean = [sum(w[j] for w in window_logits) / n for j in range(len(labels))]
    return dict(zip(labels, softmax(mean)))


def word_tags(windows: Sequence[Window], window_preds: Sequence[Sequence[int]], n_words: int,
              labels: Sequence[str]) -> List[str]:
    """A BIO tag per word, read from the window where the word has most context."""
    tags = []
    for choice in best_window_per_word(windows, n_words):
        if choice is None:  # cut by the tokenizer's safety truncation
            tags.append("O")
        else:
            w, p = choice
            tags.append(labels[int(window_preds[w][p])])
    return tags


class TransformerModel:
    """A loaded fine-tuned directory that predicts for our words."""

    def __init__(self, path: Union[str, Path], device: str = "auto"):
        from transformers import (AutoModelForSequenceClassification, AutoModelForTokenClassification,
                                  AutoTokenizer)

        self.path = Path(path)
        self.meta = read_meta(self.path)
        self.task = self.meta["task"]
        self.labels: List[str] = list(self.meta["labels"])
        self.device = resolve_device(device)
        # local_files_only: a directory is read as it is, nothing is fetched.
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        auto = AutoModelForSequenceClassification if self.task == "paragraphs" else AutoModelForTokenClassification
        self.model = auto.from_pretrained(str(self.path), local_files_only=True).to(self.device).eval()

    def predict(self, units: Sequence[Tuple[Sequence[str], Sequence[str]]], batch_size: int = 16
                ) -> List[Union[Dict[str, float], List[str]]]:
        """For each ``(words, section_words)``: label probabilities (paragraphs) or a
        BIO tag per word (entities)."""
        all_windows = [unit_windows(self.tokenizer, self.meta, words, section) for words, section in units]
        flat = [w for windows in all_windows for w in windows]
        outputs = self.run_windows(flat, batch_size)
        results, cursor = [], 0
        for (words, _section), windows in zip(units, all_windows):
            outs = outputs[cursor:cursor + len(windows)]
            cursor += len(windows)
            if self.task == "paragraphs":
                results.append(paragraph_probs(outs, self.labels))
            else:
                results.append(word_tags(windows, outs, len(words), self.labels))
        return results

    def run_windows(self, windows: Sequence[Window], batch_size: int = 16) -> list:
        """Logits per window (paragraphs) or the arg-max label per piece (entities)."""
        import torch

        pad_id = self.tokenizer.pad_token_id or 0
        outputs: list = []
        with torch.no_grad():
            for i in range(0, len(windows), batch_size):
                batch = windows[i:i + batch_size]
                width = max(len(w.input_ids) for w in batch)
                ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                types = torch.zeros((len(batch), width), dtype=torch.long)
                for row, w in enumerate(batch):
                    ids[row, :len(w.input_ids)] = torch.tensor(w.input_ids)
                    mask[row, :len(w.input_ids)] = 1
                    if w.token_type_ids is not None:
                        types[row, :len(w.token_type_ids)] = torch.tensor(w.token_type_ids)
                inputs = {"input_ids": ids.to(self.device), "attention_mask": mask.to(self.device)}
                if batch[0].token_type_ids is not None:
                    inputs["token_type_ids"] = types.to(self.device)
                logits = self.model(**inputs).logits.float().cpu()
                if self.task == "paragraphs":
                    outputs.extend(logits.tolist())
                else:
                    outputs.extend(logits.argmax(-1).tolist())
        return outputs


def default_syllable_joiner(tokenizer) -> Optional[str]:
    """``"_"`` for PhoBERT-style tokenizers (pretrained on word-segmented text), else None."""
    return "_" if "phobert" in type(tokenizer).__name__.lower() else None
