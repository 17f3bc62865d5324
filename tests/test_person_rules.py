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


def _with_ents(nlp, text, ents, kind="body"):
    """``text`` with the given (substring, label) entities set, as the tagger would leave them,
    after the PERSON rules."""
    doc = next(iter(make_docs(nlp, [(text, "", kind)])))
    spans = []
    for part, label in ents:
        start = text.index(part)
        spans.append(doc.char_span(start, start + len(part), label=label))
    doc.ents = spans
    doc = nlp.get_pipe("vnadmin_person_rules")(doc)
    return [(e.text, e.label_) for e in doc.ents]


def test_existing_entities_are_kept_where_the_name_is_not_certain(nlp):
    # a pronoun title and no family name: the tagger's entity stays
    assert _with_ents(nlp, "Sau đó ông Đắc Lộc cho biết", [("Đắc Lộc", "LOC")]) == [("Đắc Lộc", "LOC")]
    # an entity running past the name, and the rules' own labels, stay whatever the name
    assert _with_ents(nlp, "Tổng Bí thư Nguyễn Phú Trọng dẫn đầu",
                      [("Nguyễn Phú Trọng dẫn đầu", "ORG")]) == [("Nguyễn Phú Trọng dẫn đầu", "ORG")]
    assert _with_ents(nlp, "Chủ tịch Ngày 5 tháng 3", [("Ngày 5 tháng 3", "DATE")]) == [("Ngày 5 tháng 3", "DATE")]


@pytest.mark.parametrize("text, ents, kind, expected", [
    # training gold (extra-qd12-2024-ttg, pool-news-22496420, pool-news-21494645, pool-news-22290422):
    # the tagger's LOC or ORG on a signer or a titled name gives way
    ("KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Hồng Hà", [("Trần Hồng Hà", "LOC")], "signature",
     [("Trần Hồng Hà", "PERSON")]),
    ("Đồng quan điểm, đại biểu Trần Hoàng Ngân cho rằng", [("Trần Hoàng Ngân", "LOC")], "body",
     [("Trần Hoàng Ngân", "PERSON")]),
    ("Ngày sinh Nguyên Tổng Bí thư Trường Chinh.", [("Bí thư Trường Chinh", "ORG")], "body",
     [("Trường Chinh", "PERSON")]),
    ("Chủ nhiệm Ủy ban An ninh – Quốc phòng Võ Trọng Việt cho rằng",
     [("Ủy ban An ninh – Quốc phòng Võ Trọng Việt", "ORG")], "body",
     [("Ủy ban An ninh – Quốc phòng", "ORG"), ("Võ Trọng Việt", "PERSON")]),
])
def test_certain_names_replace_the_taggers_org_or_loc(nlp, text, ents, kind, expected):
    assert _with_ents(nlp, text, ents, kind) == expected


@pytest.mark.parametrize("text, kind, expected", [
    # news bylines of the training gold (pool-news-22539352, 22339869, 22662473, 22446828)
    ("Xuân Tùng - Phúc Hằng (TTXVN)", "body", ["Xuân Tùng", "Phúc Hằng"]),
    ("Phi Long/VOV.VN", "body", ["Phi Long"]),
    ("Ngọc Ánh (Thực hiện)", "body", ["Ngọc Ánh"]),
    ("Đức Tuân", "signature", ["Đức Tuân"]),
    ("HOÀNG TRƯỜNG GIANG", "other", ["HOÀNG TRƯỜNG GIANG"]),
    # pool news (unlabelled): a source before its author, the writer's body in brackets
    ("Theo Đình Nam/Chinhphu.vn", "signature", ["Đình Nam"]),
    ("Nguyễn Thị Hồng Vui (Ban Tuyên giáo Tỉnh ủy)", "signature", ["Nguyễn Thị Hồng Vui"]),
    # not bylines: a source, a single name in running text, a heading, a place
    ("Theo VGP", "other", []),
    ("Theo VGP", "signature", []),
    ("Đức Tuân", "body", []),
    ("Tây Nguyên - Nam Bộ", "body", []),
])
def test_news_bylines(nlp, text, kind, expected):
    assert persons(nlp, text, kind) == expected


@pytest.mark.parametrize("text, expected", [
    # news copies refer back to a person by one syllable (training gold pool-news-22290422, 22496420)
    ("Tuy nhiên, ông Chiến băn khoăn, hiện nay nhiều vụ việc kéo dài.", ["Chiến"]),
    ("“Chuyển biến còn chậm”, đại biểu Vượt nói.", ["Vượt"]),
    ("Bộ trưởng Dũng cũng cho biết tiến độ giải ngân đã được cải thiện.", ["Dũng"]),
    # no name: a body after the title, a title inside a word, a family name alone
    ("Chủ tịch Hội đồng quyết định.", []),
    ("sử dụng tài nguyên Internet theo quy hoạch", []),
    ("ông Nguyễn cho biết", []),
])
def test_one_syllable_names_after_titles(nlp, text, expected):
    assert persons(nlp, text) == expected


def test_a_person_named_again_by_the_given_name():
    # pool/news/22469589.txt (training): "đối tượng Nguyễn Thị Lam ..." then "Lam" alone; the person
    # rules find the full name after a title ("bà" here), the document-level step the given name
    # in the other paragraphs
    from vnadmin_nlp.components.person_rules import name_people_again

    nlp = tokenizer_and("vnadmin_person_rules")
    paragraphs = [
        "Tháng 9-2016, bà Nguyễn Thị Lam (30 tuổi, trú tại Đô Lương, Nghệ An) đã bị bắt giam về "
        "hành vi lừa đảo chiếm đoạt tài sản.",
        "Tin tưởng nữ cán bộ ngân hàng nhiệt huyết, nhiều khách hàng đã tới nhà riêng của Lam ký hồ sơ "
        "mà không tới ngân hàng. Sau đó, sổ tiết kiệm được Lam giao tận tay cho họ.",
        # a word that holds the syllable is never cut ("Lam Sơn" runs into a capitalised word, "xã
        # Lam" follows a place word)
        "Trường Lam Sơn và xã Lam được nêu trong Luật Ngân sách nhà nước.",
    ]
    docs = list(nlp.pipe(make_docs(nlp, [(text, "", "body") for text in paragraphs])))
    assert [e.text for e in docs[0].ents if e.label_ == "PERSON"] == ["Nguyễn Thị Lam"]
    assert not [e for e in docs[1].ents if e.label_ == "PERSON"]
    name_people_again(docs)
    assert [(e.text, e.label_) for e in docs[1].ents] == [("Lam", "PERSON"), ("Lam", "PERSON")]
    assert not [e for e in docs[2].ents if e.label_ == "PERSON"]


def test_given_names_are_found_in_whole_documents():
    # the step runs where every path assembles a document's output (analyze, batch, Dask)
    import vnadmin_nlp
    from vnadmin_nlp.io.reader import read_text

    text = ("Nữ cán bộ ngân hàng chiếm đoạt tiền gửi\n\n"
            "Tháng 9-2016, đối tượng Nguyễn Thị Lam đã bị Công an tỉnh Nghệ An bắt giam.\n\n"
            "Khi có nhiều khách hàng thân tín, Lam khai bắt đầu thực hiện kế hoạch chiếm đoạt tài sản.\n")
    result = vnadmin_nlp.analyze(read_text(text))
    last = result.paragraphs[-1]
    assert ("Lam", "PERSON") in [(e.text, e.label) for e in last.entities]


def test_a_given_name_is_taken_only_from_what_looks_like_a_full_name():
    # A form's placeholder "Nguyễn Văn A" gives no "A"; a law's name the tagger took for a person
    # ("Luật Người lao động Việt Nam đi làm việc ở nước ngoài", pool congbao) gives no "Người".
    from spacy.tokens import Span

    from vnadmin_nlp.components.person_rules import name_people_again

    nlp = tokenizer_and("vnadmin_person_rules")
    paragraphs = ["Căn cứ Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng;",
                  "Họ và tên: Nguyễn Văn A",
                  "Người lập biểu ký, ghi rõ họ tên; mục A ghi số lao động."]
    docs = list(nlp.pipe(make_docs(nlp, [(text, "", "body") for text in paragraphs])))
    law = docs[0]
    start = [t.text for t in law].index("Luật Người")  # (one token: the tokenizer keeps the name whole)
    law.ents = [Span(law, start, start + 1, label="PERSON")]  # the tagger's error, as it happens
    docs[1].ents = [Span(docs[1], len(docs[1]) - 1, len(docs[1]), label="PERSON")]
    assert docs[1].ents[0].text == "Nguyễn Văn A"
    name_people_again(docs)
    assert not [e for e in docs[2].ents if e.label_ == "PERSON"]


@pytest.mark.parametrize("text, word", [("Mã thiết bị: CG2", "CG2"), ("Ký hiệu biểu: BCB-TP", "BCB-TP"),
                                        ("Phụ lục H", "H"), ("Đơn vị: VIETNAM", "VIETNAM")])
def test_the_taggers_one_word_names_that_cannot_be_names_go(nlp, text, word):
    # one character, a code with a digit, a word without a lower-case letter: never a PERSON
    from spacy.tokens import Span

    doc = nlp.make_doc(text)
    assert doc[-1].text == word
    doc.ents = [Span(doc, len(doc) - 1, len(doc), label="PERSON")]
    assert [e.text for e in nlp.get_pipe("vnadmin_person_rules")(doc).ents if e.label_ == "PERSON"] == []


def test_a_one_word_foreign_name_stays(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("Chính quyền của Tổng thống Obama")
    doc.ents = [Span(doc, len(doc) - 1, len(doc), label="PERSON")]
    assert [e.text for e in nlp.get_pipe("vnadmin_person_rules")(doc).ents if e.label_ == "PERSON"] == ["Obama"]


def test_a_common_word_opening_a_form_line_is_no_name_unless_the_document_backs_it():
    # "Dùng cho ..." and "Người lập biểu" open lines of forms and tables (pool gazette texts); a
    # news copy names "Nguyễn Văn Mười" in full before "Mười kêu ..." (pool/news/21481602, training).
    from spacy.tokens import Span

    from vnadmin_nlp.components.person_rules import settle_people

    nlp = tokenizer_and("vnadmin_person_rules")
    paragraphs = ["Dùng cho doanh nghiệp nhỏ và vừa", "Người lập biểu",
                  "Ngày 6.8.2016, ông Nguyễn Văn Mười đã bị bắt.", "Mười kêu bé vào nhà chơi."]
    docs = list(nlp.pipe(make_docs(nlp, [(text, "", "body") for text in paragraphs])))
    for doc in (docs[0], docs[1], docs[3]):
        doc.ents = [Span(doc, 0, 1, label="PERSON")]  # the tagger's one-word names
    assert [e.text for e in docs[2].ents if e.label_ == "PERSON"] == ["Nguyễn Văn Mười"]
    settle_people(docs)
    assert [e.text for e in docs[0].ents] == [] and [e.text for e in docs[1].ents] == []
    assert [e.text for e in docs[3].ents if e.label_ == "PERSON"] == ["Mười"]
