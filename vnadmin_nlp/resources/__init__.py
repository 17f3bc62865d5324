"""Vocabulary kept as data (medspacy's ``resources/`` style), read once per process.

Each JSON file here holds one list the library needs; modules read it through
:func:`load_resource` instead of keeping their own copy.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_resource(name: str):
    """The parsed content of ``resources/<name>.json`` (cached: one read per process)."""
    path = RESOURCES_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def document_kinds() -> list:
    """The kinds of document, in matching order (see ``document_kinds.json``)."""
    return load_resource("document_kinds")["kinds"]
