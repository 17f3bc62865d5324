"""What a user would otherwise get, scored the same way as our pipeline.

- :class:`UndertheseaNer`: underthesea's ``ner`` (its CRF model ships in the
  wheel), its ORG/LOC/PER output mapped back to character spans;
- :class:`MajorityLabel`: every paragraph gets the most frequent label of the
  training documents.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Tuple

_UNDERTHESEA_LABELS = {"ORG": "ORG", "LOC": "LOC", "PER": "PERSON"}


class UndertheseaNer:
    """underthesea ``ner`` as an entity baseline (ORG, LOC, PERSON)."""

    def __init__(self):
        from underthesea import ner

        self._ner = ner

    def spans(self, text: str) -> List[Tuple[int, int, str]]:
        """Character spans of the entities underthesea tags in ``text``."""
        spans, cursor, current = [], 0, None
        for row in self._ner(text):
            word, tag = row[0], row[-1]
            start = text.find(word, cursor)
            if start < 0:  # underthesea normalised the word; skip it rather than guess
                current = None
                continue
            end = start + len(word)
            cursor = end
            prefix, _, label = tag.partition("-")
            label = _UNDERTHESEA_LABELS.get(label)
            if prefix == "B" and label:
                current = [start, end, label]
                spans.append(current)
            elif prefix == "I" and label and current is not None and current[2] == label:
                current[1] = end
            else:
                current = None
        return [tuple(s) for s in spans]

    def predictions(self, records: Iterable[dict]) -> List[tuple]:
        """``(gold item, predicted entities, None)`` for every paragraph and footnote, for
        :meth:`vnadmin_nlp.evaluate.ScoreAccumulator.add_predictions` (no paragraph labels)."""
        return [(item, {span: None for span in self.spans(item["text"])}, None)
                for record in records
                for item in list(record["paragraphs"]) + list(record.get("footnotes", []))]


class MajorityLabel:
    """The most frequent paragraph label of ``train_records`` for every paragraph."""

    def __init__(self, train_records: Iterable[dict]):
        counts: Dict[str, int] = Counter(p["label"] for r in train_records for p in r["paragraphs"]
                                         if p.get("label"))
        self.label = counts.most_common(1)[0][0] if counts else "other"

    def score_into(self, acc, records: Iterable[dict]) -> None:
        for record in records:
            for para in record["paragraphs"]:
                if para.get("label"):
                    acc.add_label(para["label"], self.label)
