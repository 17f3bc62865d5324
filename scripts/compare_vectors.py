"""Would word vectors trained on the pool help the paragraph classifier? A study, not shipped.

    pip install -e ".[vectors]"                         # floret: only this script needs it
    python scripts/compare_vectors.py --unit word --alpha 0,2 [--by-kind]

1. Trains floret vectors (fastText mode, skipgram, no subwords) on the pool, ``extra/`` and the
   seeds, lower-cased, digits as 0, without the set-aside test's source files: on syllables
   (split at spaces and punctuation) or on our tokenizer's words (``--unit word``).
2. Cross-validates the shipped classifier settings (configs/config.cfg) over the training gold,
   5 folds by document or one kind left out (``--by-kind``), with the paragraph's mean vector
   (L2-normalised, times ``alpha``) beside its TF-IDF blocks; ``alpha`` 0 is the classifier as
   shipped.

Every score is on documents the fold did not train on; the set-aside test is not read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vnadmin_nlp.components.paragraph_classifier import ParagraphClassifier  # noqa: E402
from vnadmin_nlp.io.jsonl import read_gold  # noqa: E402
from vnadmin_nlp.io.standoff import default_corpus_root  # noqa: E402
from vnadmin_nlp.scoring import paragraph_scores  # noqa: E402
from vnadmin_nlp.tokenizer import segment_words  # noqa: E402
from vnadmin_nlp.train import (_labelled_paragraphs, document_folds, kind_folds,  # noqa: E402
                               shipped_classifier_settings)

REPO = Path(__file__).resolve().parents[1]
_SYLLABLE = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+|[^\w\s]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=None)
def units(text: str, unit: str) -> tuple:
    """The lower-cased units of ``text`` the vectors are trained on and looked up by."""
    if unit == "word":
        return tuple(_DIGIT.sub("0", text[s:e].lower().replace(" ", "_")) for s, e in segment_words(text))
    return tuple(_DIGIT.sub("0", u) for u in _SYLLABLE.findall(text.lower()))


def train_vectors(unit: str, dim: int, folder: Path):
    import floret

    root = default_corpus_root()
    set_aside = {json.loads(line)["source"] for path in (REPO / "data/annotated/test").glob("*.jsonl")
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    corpus = folder / "corpus.txt"
    with corpus.open("w", encoding="utf-8") as out:
        for path in sorted(root.glob("pool/*/*.txt")) + sorted(root.glob("extra/*.txt")) + sorted(root.glob("seeds/*.txt")):
            if path.relative_to(root).as_posix() in set_aside:
                continue
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                found = units(line, unit) if len(line) >= 10 else ()
                if len(found) >= 3:
                    out.write(" ".join(found) + "\n")
    units.cache_clear()
    model = floret.train_unsupervised(str(corpus), model="skipgram", dim=dim, epoch=5, minCount=5, thread=2,
                                      minn=0, maxn=0, mode="fasttext", verbose=0)
    return {word: model.get_word_vector(word) for word in model.words}, dim


class VectorClassifier(ParagraphClassifier):
    """The shipped classifier with a paragraph's mean vector as one more block of features."""

    table: dict = {}
    dim = 0
    unit = "syllable"
    alpha = 0.0

    def _dense(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            found = [self.table[u] for u in units(text, self.unit) if u in self.table]
            if found:
                mean = np.mean(found, axis=0)
                norm = np.linalg.norm(mean)
                out[row] = mean / norm if norm else mean
        return out

    def _matrix(self, feats, fit=False):
        from scipy.sparse import csr_matrix, hstack

        matrix = super()._matrix(feats, fit)
        if not self.alpha:
            return matrix
        return hstack([matrix, csr_matrix(self._dense([f["text"] for f in feats]) * self.alpha)]).tocsr()

    def _decision(self, feats):
        return np.asarray(self._matrix(feats) @ self._coef.T) + self._intercept


def cross_validate(records, folds, alpha: float) -> dict:
    settings = {k: v for k, v in shipped_classifier_settings().items() if k != "use_context"}
    gold, pred = [], []
    for held in folds:
        train = _labelled_paragraphs([r for i, r in enumerate(records) if i not in held])
        test = _labelled_paragraphs([records[i] for i in held])
        clf = VectorClassifier(None, use_context=False, **settings)
        clf.alpha = alpha
        clf.fit([p["text"] for p, _, _ in train], [p.get("section", "") for p, _, _ in train],
                [p["label"] for p, _, _ in train], [d for _, d, _ in train])
        probs = clf.predict_proba([p["text"] for p, _, _ in test], [p.get("section", "") for p, _, _ in test],
                                  [d for _, d, _ in test])
        pred += [max(c, key=c.get) for c in probs]
        gold += [p["label"] for p, _, _ in test]
    return paragraph_scores(gold, pred)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unit", choices=("syllable", "word"), default="syllable")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--alpha", default="0,2", help="weights of the vector block, comma-separated (0: none)")
    parser.add_argument("--by-kind", action="store_true", help="leave one kind out instead of 5 folds")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        VectorClassifier.table, VectorClassifier.dim = train_vectors(args.unit, args.dim, Path(folder))
    VectorClassifier.unit = args.unit
    records = read_gold([REPO / "data/annotated"])  # the training gold: the set-aside test is skipped
    folds = kind_folds(records) if args.by_kind else document_folds(records, 5)
    for alpha in (float(a) for a in args.alpha.split(",")):
        scores = cross_validate(records, folds, alpha)
        print(f"{args.unit} vectors, alpha {alpha:g}, {'leave one kind out' if args.by_kind else '5 folds'}: "
              f"accuracy {scores['accuracy']:.4f}, macro F1 {scores['macro_f']:.4f} (n={scores['n']})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
