"""The word segmenter's CRF decoded two ways, on the syllables of distinct pool documents.

``python -m benchmarks.crf_decoders [N]`` times, on the paragraphs of the first N documents of
the benchmark's pool sample (default 40):

* our decoder (``crf_decoder.FastCRF.begins``): n-gram parts read from the model file once,
  cached per n-gram, a two-label Viterbi in Python;
* the compiled path underthesea itself uses: ``underthesea_core.CRFFeaturizer`` (43 feature
  strings per syllable) then ``CRFTagger.tag`` (CRFsuite in Rust). python-crfsuite would need
  the same feature strings, built in Python.

and checks that both give the same tags. The figures are quoted in ``FastCRF``'s docstring.
"""

from __future__ import annotations

import sys
import time

from vnadmin_nlp import tokenizer, underthesea_files
from vnadmin_nlp.io.reader import read_document

from .corpus import load_pool_sample


def syllable_sequences(count: int):
    segmenter = tokenizer._Segmenter(tokenizer.DEFAULT_FIXED_WORDS, cache=False)
    segmenter._load()
    sequences = []
    for path in load_pool_sample()[:count]:
        for paragraph in read_document(path).paragraphs:
            found = [syllable for _gap, syllable in segmenter._fast_pattern.findall(paragraph.text) if syllable]
            if found:
                sequences.append(found)
    return segmenter._crf, sequences


def main(count: int = 40) -> None:
    import joblib
    from underthesea_core import CRFFeaturizer, CRFTagger

    ours, sequences = syllable_sequences(count)
    model = underthesea_files.crf_model_dir()
    tagger = CRFTagger()
    tagger.load(str(model / "models.bin"))
    featurizer = CRFFeaturizer(joblib.load(model / "features.bin"), joblib.load(model / "dictionary.bin"))
    n = sum(map(len, sequences))

    start = time.perf_counter()
    python_tags = [ours.begins(s) for s in sequences]
    python_s = time.perf_counter() - start
    start = time.perf_counter()
    features = featurizer.process([[[syllable] for syllable in s] for s in sequences])
    featurize_s = time.perf_counter() - start
    start = time.perf_counter()
    compiled_tags = [tagger.tag(x) for x in features]
    tag_s = time.perf_counter() - start

    same = sum(bool(a) == (b == "B-W") for p, c in zip(python_tags, compiled_tags) for a, b in zip(p, c))
    print(f"{len(sequences):,} paragraphs, {n:,} syllables of {count} pool documents")
    print(f"ours (Python, cached n-gram parts): {python_s:.2f} s")
    print(f"underthesea_core: featurize {featurize_s:.2f} s + tag {tag_s:.2f} s = {featurize_s + tag_s:.2f} s")
    print(f"same tags: {same:,} of {n:,}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
