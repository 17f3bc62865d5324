"""A cue-based paragraph labeler: the baseline until a trained classifier is shipped.

It reads the paragraph's section (``Doc._.section``) and reader kind
(``Doc._.kind``) and its opening words, and sets ``doc.cats`` to 1.0 for one
label. A trained text classifier replaces it in the shipped model.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..labels import PARAGRAPH_LABELS
from .extensions import register_extensions

#: Cue words in the nearest heading, checked in this order.
SECTION_CUES = (
    ("tổ chức thực hiện", "assignment"), ("nguyên nhân", "cause"), ("hạn chế", "limitation"),
    ("tồn tại", "limitation"), ("bài học", "other"), ("kiến nghị", "other"),
    ("đặc điểm", "other"), ("nhiệm vụ", "task"), ("giải pháp", "task"), ("kết quả", "result"),
)
_MARKER_RE = re.compile(r"^(?:[\dIVX]+(?:\.\d+)*\s*[.\-)]\s*|[a-zđ]\)\s*|[-+•]\s*)")
_LIMITATION_RE = re.compile(r"^(?:Tuy nhiên|Hạn chế|Bên cạnh)")
_CAUSE_RE = re.compile(r"^Nguyên nhân")
_ASSIGNMENT_RE = re.compile(r"\bGiao\b.*\bchủ trì\b|\bcó trách nhiệm\b|\bbáo cáo kết quả\b")
_TASK_RE = re.compile(r"^(?:Tiếp tục|Tăng cường|Đẩy mạnh|Nâng cao|Chú trọng|Quan tâm|Tập trung|"
                      r"Phát huy|Chỉ đạo|Thực hiện|Xây dựng|Đổi mới)")


def guess_paragraph_label(text: str, section: str, kind: str) -> str:
    """The label the cues point to (see the module docstring)."""
    if kind != "body":
        return "other"
    body = _MARKER_RE.sub("", text)
    if _LIMITATION_RE.match(body):
        return "limitation"
    if _CAUSE_RE.match(body):
        return "cause"
    heading = section.split(" > ")[-1].lower() if section else ""
    for cue, label in SECTION_CUES:
        if cue in heading:
            return label
    if _ASSIGNMENT_RE.search(body):
        return "assignment"
    if _TASK_RE.match(body):
        return "task"
    if re.search(r"\bđã\b", body):
        return "result"
    return "other"


class ParagraphRuleLabeler:
    """Sets ``doc.cats`` from section and cue words."""

    def __init__(self, name: str = "vnadmin_paragraph_rules"):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        label = guess_paragraph_label(doc.text, doc._.section, doc._.kind)
        doc.cats = {lab: float(lab == label) for lab in PARAGRAPH_LABELS}
        return doc


@Language.factory(
    "vnadmin_paragraph_rules",
    assigns=["doc.cats"],
    default_config={},
    default_score_weights={"cats_macro_f": 1.0},
)
def make_paragraph_rule_labeler(nlp: Language, name: str) -> ParagraphRuleLabeler:
    return ParagraphRuleLabeler(name)
