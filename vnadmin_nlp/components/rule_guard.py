"""Keeps the rule labels (DOC_NUMBER, DATE) exactly as the rules found them.

The trained ``ner`` runs after the rule components and respects their spans,
but it also knows their labels (it sees them preset during training) and could
add a DATE or DOC_NUMBER of its own elsewhere. The rules are exact for these
labels, so this guard, placed after the ``ner``, drops any such entity that
the rule components did not record.
"""

from spacy.language import Language
from spacy.tokens import Doc

from ..labels import RULE_ENTITY_LABELS
from ._spans import RULE_SPANS_KEY


class RuleLabelGuard:
    """Drops DOC_NUMBER/DATE entities that did not come from the rule components."""

    def __init__(self, name: str = "vnadmin_rule_guard"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        current = doc.ents
        if not current:
            return doc
        from_rules = {(s.start, s.end, s.label_) for s in doc.spans.get(RULE_SPANS_KEY, [])}
        ents = [e for e in current
                if e.label_ not in RULE_ENTITY_LABELS or (e.start, e.end, e.label_) in from_rules]
        if len(ents) != len(current):
            doc.ents = ents
        return doc


@Language.factory(
    "vnadmin_rule_guard",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_rule_label_guard(nlp: Language, name: str) -> RuleLabelGuard:
    return RuleLabelGuard(name)
