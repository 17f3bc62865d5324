"""Rule data and finders for the entities that rules get exactly right.

``find_rule_entities`` is shared by the rule components and by the tokenizer,
which keeps every span it returns whole as one token.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from .dates import find_dates
from .doc_numbers import find_codes, find_doc_numbers

RuleEntity = Tuple[int, int, str, Optional[str]]


#: The label of a form's code ("Mẫu số 01/TB-ĐKT") among the spans the tokenizer keeps whole:
#: no entity (the components take only their own labels).
FORM_CODE = "FORM_CODE"


def find_rule_entities(text: str, form_codes: bool = False) -> List[RuleEntity]:
    """DOC_NUMBER and DATE spans ``(start, end, label, value)`` without overlap; with
    ``form_codes``, the codes of forms too (label :data:`FORM_CODE`), as the tokenizer keeps them.

    A document code wins over a date inside it (the year in 145/2020/NĐ-CP).
    """
    codes, forms = find_codes(text)
    entities: List[RuleEntity] = [(s, e, "DOC_NUMBER", None) for s, e in codes]
    for start, end, value in find_dates(text):
        if all(end <= s or start >= e for s, e, _l, _v in entities):
            entities.append((start, end, "DATE", value))
    if form_codes:  # a date wins over a form's code
        entities.extend((start, end, FORM_CODE, None) for start, end in forms
                        if all(end <= s or start >= e for s, e, _l, _v in entities))
    return sorted(entities)


def clear_caches() -> None:
    """Forget the last paragraphs' number starts (for cold timings; the cache holds 64 paragraphs)."""
    from . import _scan

    _scan.start_digits.cache_clear()


__all__ = ["FORM_CODE", "clear_caches", "find_dates", "find_doc_numbers", "find_rule_entities", "RuleEntity"]
