"""ORG by rule: names built from the closed vocabulary of body types.

This is the rule half of ORG recognition; a trained ``ner`` can run before
it, and by default the rules only add names where the model found none, or found only a place
that closes the name.
"""

from typing import List

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..patterns.orgs import find_org_candidates_in_words
from ..resources import body_words, every_words
from ._spans import add_entities, char_spans, doc_text, word_bounds
from .extensions import register_extensions

#: ``doc.spans`` key of the ORG this component found.
RULE_ORGS_KEY = "vnadmin_org_rules"

#: Before a bare head ("các Ủy ban", "mỗi Hội đồng"): every body of the kind, no ORG.
_PLURAL_BEFORE = frozenset(every_words())
#: After a bare head: "Ủy ban của Quốc hội" names the class of the Assembly's committees
#: (GUIDELINES.md: it gives the parent only).
_CLASS_AFTER = "của"


def _class_use(text: str, start: int, end: int, heads: frozenset) -> bool:
    """A bare head ("Ủy ban", "Hội đồng") that names every body of its kind: after a plural
    word ("các Ủy ban") or before "của" ("Ủy ban của Quốc hội")."""
    if text[start:end] not in heads:
        return False
    before = text[max(0, start - 8):start].split()
    after = text[end:end + 6].split()
    return bool(before and before[-1].lower() in _PLURAL_BEFORE) or bool(after and after[0] == _CLASS_AFTER)


def _without_places_inside(ents: List[Span], names: List[Span]) -> List[Span]:
    """``ents`` less the places that close a body's name found by rule ("Nhà máy Gang Thép
    [Thái Nguyên]", "Sở Y tế [Hà Nội]"): a place inside an ORG is part of it (GUIDELINES.md §3),
    so the name is taken whole. Only a LOC that lies wholly after the name's head goes."""
    places = [e for e in ents if e.label_ == "LOC"]
    if not places:
        return ents
    inside = {(e.start, e.end) for e in places for name in names if name.start < e.start and e.end <= name.end}
    return [e for e in ents if (e.start, e.end) not in inside] if inside else ents


class OrgRuleMatcher:
    """Marks body names (Ban Thường vụ Tỉnh ủy, UBND tỉnh, Sở Y tế, MTTQ ...)."""

    def __init__(self, name: str = "vnadmin_org_rules", overwrite_ents: bool = False):
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.heads = frozenset(body_words("org_standalone"))
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = find_org_candidates_in_words(text, lambda: word_bounds(doc))
        if found:
            found = [(s, e) for s, e in found if not _class_use(text, s, e, self.heads)]
        spans = char_spans(doc, found, "ORG", self.name)
        if spans:
            existing = _without_places_inside(list(doc.ents), spans)
            before = {(e.start, e.end) for e in existing}
            add_entities(doc, spans, self.overwrite_ents, existing)
            # The body ruler extends the tagger's cut names, never the rules' own: it tells them
            # apart by this group (the spans this component added to doc.ents).
            ours = {(s.start, s.end) for s in spans} - before
            kept = [e for e in doc.ents if (e.start, e.end) in ours]
            if kept:
                doc.spans[RULE_ORGS_KEY] = kept
        return doc


@Language.factory(
    "vnadmin_org_rules",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": False},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_org_rule_matcher(nlp: Language, name: str, overwrite_ents: bool) -> OrgRuleMatcher:
    return OrgRuleMatcher(name, overwrite_ents)
