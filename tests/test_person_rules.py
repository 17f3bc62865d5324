"""PERSON by rule: signers and named people (lines from the training gold, never its test split)."""

import pytest

import vnadmin_nlp.components.person_rules  # noqa: F401  (registers the factory)
from vnadmin_nlp.pipeline import make_docs

from .conftest import tokenizer_and


@pytest.fixture(scope="module")
def nlp():
    """Our tokenizer and the PERSON rules alone."""
    return tokenizer_and("vnadmin_person_rules")


def persons(nlp, text, kind="body"):
    doc = next(nlp.pipe(make_docs(nlp, [(text, "", kind)])))
    return [e.text for e in doc.ents if e.label_ == "PERSON"]


@pytest.mark.parametrize("text, kind, expected", [
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nCao Anh Tuấn", "signature", ["Cao Anh Tuấn"]),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Sỹ Thanh", "other", ["Trần Sỹ Thanh"]),
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nLê Thị Thu Hồng", "body", ["Lê Thị Thu Hồng"]),
    ("Phạm Thị Thanh Trà", "other", ["Phạm Thị Thanh Trà"]),     # name alone (extra-ct21-2026-ttg)
    ("(Đã ký) Võ Văn Kiệt", "other", ["Võ Văn Kiệt"]),
    ("Hoàng Thị Hoa (TTXVN)", "other", ["Hoàng Thị Hoa"]),        # byline: the agency left out
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ", "signature", []),          # title lines are no name
])
def test_signers(nlp, text, kind, expected):
    assert persons(nlp, text, kind) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ngày 8/2, Tổng Bí thư Nguyễn Phú Trọng dẫn đầu Đoàn công tác Trung ương.", ["Nguyễn Phú Trọng"]),
    ("Sáng 22/5, Phó Thủ tướng Trương Hòa Bình đã trình bày Báo cáo.", ["Trương Hòa Bình"]),
    ("Phát biểu kết luận, đồng chí Nguyễn Thị Kim Ngân cho rằng, hội thảo này rất cần thiết.",
     ["Nguyễn Thị Kim Ngân"]),
    ("Bộ trưởng Bộ Tài chính Đinh Tiến Dũng cho biết, tăng trưởng kinh tế ổn định.", ["Đinh Tiến Dũng"]),
    ("Thứ trưởng Bộ Công Thương Hoàng Quốc Vượng cho biết có 6 nhà máy.", ["Hoàng Quốc Vượng"]),
    ("Ủy viên Bộ Chính trị: Chủ tịch Quốc hội Nguyễn Thị Kim Ngân; Phó Chủ tịch Thường trực "
     "Quốc hội Tòng Thị Phóng chủ trì.", ["Nguyễn Thị Kim Ngân", "Tòng Thị Phóng"]),
    ("Ngày sinh Nguyên Tổng Bí thư Trường Chinh.", ["Trường Chinh"]),
    ("người học trò xuất sắc của Chủ tịch Hồ Chí Minh; nhà chính trị tài ba", ["Hồ Chí Minh"]),
    ("Cùng dự buổi làm việc có các đồng chí: Phạm Minh Chính, Ủy viên Bộ Chính trị, Bí thư "
     "Trung ương Đảng; Võ Văn Thưởng, Ủy viên Bộ Chính trị.", ["Phạm Minh Chính", "Võ Văn Thưởng"]),
])
def test_named_people(nlp, text, expected):
    assert persons(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Chủ tịch UBND tỉnh chỉ đạo các sở, ngành thực hiện.",
    "Bộ trưởng Bộ Y tế chịu trách nhiệm thi hành Quyết định này.",
    "Ban Chấp hành Đảng bộ tỉnh lãnh đạo toàn diện.",
    "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam quyết định.",
    "Thủ tướng Chính phủ giao Bộ Tài chính hướng dẫn.",
    "ông bà con cháu trong tỉnh Bà Rịa - Vũng Tàu",
    "BAN THƯỜNG VỤ TỈNH ỦY",
])
def test_not_names(nlp, text):
    assert persons(nlp, text) == []


def test_existing_entities_are_kept(nlp):
    doc = nlp.make_doc("Tổng Bí thư Nguyễn Phú Trọng dẫn đầu")
    doc.ents = [doc.char_span(12, 28, label="ORG")]
    doc = nlp.get_pipe("vnadmin_person_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Nguyễn Phú Trọng", "ORG")]
