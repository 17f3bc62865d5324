"""The text of a Doc, built once: ``Doc.text`` joins every token anew on each call.

The tokenizer, which has the text already, records it (:func:`remember_text`);
the components read it with :func:`doc_text`. A neutral module so that the
tokenizer does not import the components.
"""

import weakref
from typing import Dict, Optional, Sequence, Tuple

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

#: The text of each Doc, so that it is built once per Doc rather than once per
#: component (``Doc.text`` joins every token
#: anew on each call). Keys are weak: a Doc leaves when it is freed. A Doc's
#: text never changes (retokenizing keeps it), and the token count guards the
#: rare Doc refilled in place (``Doc.from_bytes``).
_TEXTS: "weakref.WeakKeyDictionary[Doc, Tuple[int, str]]" = weakref.WeakKeyDictionary()
#: Token text with its trailing whitespace, by (orth hash, trailing space): a
#: dict look-up costs a fraction of the StringStore's, and joining these at C
#: speed is half the time of ``Doc.text``. Emptied when large; orth hashes do
#: not depend on the vocab.
_TOKEN_TEXT: Dict[Tuple[int, int], str] = {}
_TOKEN_TEXT_MAX = 100_000


def remember_text(doc: Doc, text: str) -> None:
    """Record that ``doc.text`` is ``text`` (a tokenizer that has the text can save the rebuild)."""
    _TEXTS[doc] = (len(doc), text)


#: ``Doc.user_data`` key of the rule entities the tokenizer found, with the token count they
#: were found for (see :func:`remember_rule_entities`).
RULE_ENTITIES_KEY = ("vnadmin", "rule_entities")


def remember_rule_entities(doc: Doc, entities: Sequence[tuple]) -> None:
    """Leave on ``doc`` the rule entities ``(start, end, label, value)`` found in its text, so
    that the rule components take them instead of searching the text again."""
    doc.user_data[RULE_ENTITIES_KEY] = (len(doc), tuple(entities))


def remembered_rule_entities(doc: Doc) -> Optional[Tuple[tuple, ...]]:
    """The rule entities the tokenizer left on ``doc``, or None (another tokenizer, or a Doc
    changed since)."""
    known = doc.user_data.get(RULE_ENTITIES_KEY)
    return known[1] if known is not None and known[0] == len(doc) else None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (see ``_TEXTS``) and faster than spaCy's join over Tokens."""
    known = _TEXTS.get(doc)
    if known is not None and known[0] == len(doc):
        return known[1]
    text = _build_text(doc)
    _TEXTS[doc] = (len(doc), text)
    return text


def _build_text(doc: Doc) -> str:
    if not len(doc):
        return ""
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    keys = list(zip(orths, spaces))
    try:
        return "".join(map(_TOKEN_TEXT.__getitem__, keys))
    except KeyError:
        if len(_TOKEN_TEXT) > _TOKEN_TEXT_MAX:
            _TOKEN_TEXT.clear()
        strings = doc.vocab.strings
        for orth, space in set(keys).difference(_TOKEN_TEXT):
            _TOKEN_TEXT[orth, space] = strings[orth] + " " if space else strings[orth]
        return "".join(map(_TOKEN_TEXT.__getitem__, keys))


def clear_caches() -> None:
    """Forget the texts and token strings (for cold timings; both also bound themselves)."""
    _TEXTS.clear()
    _TOKEN_TEXT.clear()
