"""DOC_NUMBER by rule: document codes of both families and short aliases."""

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns.doc_numbers import find_doc_numbers
from ._spans import add_entities, char_spans, doc_text, remember_rule_spans
from .extensions import register_extensions


class DocNumberMatcher:
    """Marks document codes (25-NQ/TW, 145/2020/NĐ-CP) and aliases (Quyết định 218 -> 218)."""

    def __init__(self, name: str = "vnadmin_doc_numbers", overwrite_ents: bool = True):
        self.name = name
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        spans = char_spans(doc, find_doc_numbers(doc_text(doc)), "DOC_NUMBER", self.name)
        remember_rule_spans(doc, spans)
        add_entities(doc, spans, self.overwrite_ents)
        return doc


@Language.factory(
    "vnadmin_doc_numbers",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_doc_number_matcher(nlp: Language, name: str, overwrite_ents: bool) -> DocNumberMatcher:
    return DocNumberMatcher(name, overwrite_ents)
