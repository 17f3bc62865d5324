"""Fine-tune a local Hugging Face model on the gold data and use it in the spaCy pipeline.

Needs the ``transformers`` extra (``pip install "vnadmin-nlp[transformers]"``).
Nothing here imports torch or transformers until it is used, and nothing is
ever downloaded: models are local directories.

- :func:`finetune` (``vnadmin finetune-transformer``): paragraph labels or entities;
- :func:`add_transformer` / ``vnadmin_nlp.load(transformer=DIR)``: the
  ``vnadmin_transformer`` spaCy component;
- :func:`build_tiny_model`: a tiny local BERT for tests and trials.
"""

from .component import TransformerComponent, add_transformer
from .finetune import finetune
from .tiny import build_tiny_model

__all__ = ["TransformerComponent", "add_transformer", "build_tiny_model", "finetune"]
