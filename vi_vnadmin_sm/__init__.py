"""vi_vnadmin_sm: the trained vnadmin-nlp pipeline as a spaCy model package.

    import spacy
    nlp = spacy.load("vi_vnadmin_sm")        # or vi_vnadmin_sm.load(), or vnadmin_nlp.load()

Built by scripts/package_model.py (spaCy's ``spacy package`` layout); installed with the
vnadmin-nlp library, whose registered tokenizer and components the pipeline uses.
"""

from pathlib import Path

from spacy.util import get_model_meta, load_model_from_init_py

_meta = get_model_meta(Path(__file__).parent)

__version__ = _meta["version"]

#: The pipeline directory (config.cfg, meta.json, the components' weights).
MODEL_DIR = Path(__file__).parent / f"{_meta['lang']}_{_meta['name']}-{__version__}"


def load(**overrides):
    return load_model_from_init_py(__file__, **overrides)
