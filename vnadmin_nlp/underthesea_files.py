"""underthesea's word-segmentation files, found and read without importing underthesea.

Importing underthesea loads every pipeline it has (about a second); the tokenizer needs only its
CRF model directory and the syllable regex of its ``regex_tokenize`` module.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Tuple

#: The CRF model of underthesea's ``word_tokenize`` (shipped in its wheel).
CRF_MODEL_DIR = "ws_crf_vlsp2013_20230727"


def underthesea_dir() -> Path:
    """Where underthesea is installed, found without importing it (its ``__init__`` loads
    every pipeline it has, about a second; we need only a model file and a regex module)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the word segmenter needs underthesea's CRF model: pip install underthesea")
    return Path(list(spec.submodule_search_locations)[0])


def crf_model_dir() -> Path:
    return underthesea_dir() / "pipeline" / "word_tokenize" / "models" / CRF_MODEL_DIR


@lru_cache(maxsize=1)
def regex_patterns() -> Tuple[str, ...]:
    """underthesea's syllable regex alternatives (``regex_tokenize.regex_patterns``), in order.

    The module's top level only builds strings with ``re``; its imports of underthesea
    serve its ``tokenize`` function, and importing it would import the whole of underthesea
    (its ``__init__`` loads every pipeline). So the module's source is run without those
    imports. Should a future version need them at the top level, it is imported after all.
    """
    path = underthesea_dir() / "pipeline" / "word_tokenize" / "regex_tokenize.py"

    def own_import(node) -> bool:
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        return getattr(node, "level", 0) > 0 or any(n.split(".")[0] == "underthesea" for n in names)

    try:
        tree = ast.parse(path.read_bytes(), str(path))
        tree.body = [node for node in tree.body
                     if not (isinstance(node, (ast.Import, ast.ImportFrom)) and own_import(node))]
        namespace = {"__name__": "_underthesea_regex_tokenize"}
        exec(compile(tree, str(path), "exec"), namespace)
        return tuple(namespace["regex_patterns"])
    except (OSError, SyntaxError, NameError, KeyError, TypeError):
        from underthesea.pipeline.word_tokenize import regex_tokenize

        return tuple(regex_tokenize.regex_patterns)
