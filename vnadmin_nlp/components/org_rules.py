"""ORG by rule: names built from the closed vocabulary of body types.

This is the rule half of ORG recognition; a trained ``ner`` can run before
it, and by default the rules only add names where the model found none.
"""

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns.orgs import find_org_candidates_in_words
from ._spans import add_entities, char_spans, doc_text, word_bounds
from .extensions import register_extensions


class OrgRuleMatcher:
    """Marks body names (Ban Thường vụ Tỉnh ủy, UBND tỉnh, Sở Y tế, MTTQ ...)."""

    def __init__(self, name: str = "vnadmin_org_rules", overwrite_ents: bool = False):
        self.name = name
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        found = find_org_candidates_in_words(doc_text(doc), lambda: word_bounds(doc))
        spans = char_spans(doc, found, "ORG", self.name)
        add_entities(doc, spans, self.overwrite_ents)
        return doc


@Language.factory(
    "vnadmin_org_rules",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": False},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_org_rule_matcher(nlp: Language, name: str, overwrite_ents: bool) -> OrgRuleMatcher:
    return OrgRuleMatcher(name, overwrite_ents)
