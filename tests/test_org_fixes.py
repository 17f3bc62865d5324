"""What the rule components after the tagger do with its ORG: a name the tagger cut is
extended to the knowledge base's whole name, a verb or a person after a name is cut off, a
title, a unit type or a photo credit gives no entity, a bare "Ủy ban" naming a class is not
added.

Sentences are real: from the training gold (data/annotated, never its test split) and the
pool's texts. The tagger's output is preset on the Doc (the spans it gave in cross-validation),
so that each test checks the rules, whatever a retrained tagger finds.
"""

import pytest

from vnadmin_nlp.components.body_ruler import org_edges
from vnadmin_nlp.resources import load_resource

from .conftest import tokenizer_and


@pytest.fixture(scope="module")
def ruler():
    return tokenizer_and("vnadmin_body_ruler")


def run(nlp, text, preset=()):
    """``text`` through ``nlp``'s last component, with ``preset`` ``(text, label)`` entities set
    first as the tagger would have (the first occurrence of each)."""
    doc = nlp.make_doc(text)
    spans = []
    for piece, label in preset:
        start = text.index(piece)
        span = doc.char_span(start, start + len(piece), label=label, alignment_mode="strict")
        assert span is not None, piece
        spans.append(span)
    doc.ents = spans
    doc = nlp.get_pipe(nlp.pipe_names[-1])(doc)
    return [(e.text, e.label_) for e in doc.ents]


def test_a_cut_name_becomes_the_knowledge_base_name(ruler):
    # pool-congbao-thong-tu-so-28-2026-tt-bkhcn-469700: the tagger gave "Bộ Khoa học và"
    assert run(ruler, "Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định",
               [("Bộ Khoa học và", "ORG")]) == [("Bộ Khoa học và Công nghệ", "ORG")]
    # extra-nq116-2026-cp: two pieces of one name
    assert run(ruler, "3. Chính phủ trân trọng đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo",
               [("Chính phủ", "ORG"), ("Ban Tuyên giáo", "ORG"), ("Dân vận Trung ương", "ORG")]) == [
        ("Chính phủ", "ORG"), ("Ban Tuyên giáo và Dân vận Trung ương", "ORG")]
    # extra-ct20-2017-ttg: "Thanh tra [Chính phủ]"
    assert run(ruler, "Tổng Thanh tra Chính phủ phải tăng cường kiểm tra việc thực hiện",
               [("Chính phủ", "ORG")]) == [("Thanh tra Chính phủ", "ORG")]


def test_a_place_the_tagger_took_for_a_person_joins_the_body(ruler):
    # pool-news-21494645: "Nam Định" tagged PERSON after "Tỉnh ủy"
    assert run(ruler, "Bí thư Tỉnh ủy Nam Định đã nêu lên những kết quả",
               [("Tỉnh ủy", "ORG"), ("Nam Định", "PERSON")]) == [("Tỉnh ủy Nam Định", "ORG")]


def test_a_delegation_of_the_assembly_keeps_the_parent(ruler):
    # extra-nq96-2023-qh15: "Đoàn đại biểu Quốc hội" in a law names every delegation: `Quốc hội`
    text = "có thể họp với các Trưởng Đoàn đại biểu Quốc hội hoặc Phó Trưởng Đoàn"
    assert run(ruler, text, [("Quốc hội", "ORG")]) == [("Quốc hội", "ORG")]
    # with its place it is one body: seed-001
    assert run(ruler, "Đoàn đại biểu Quốc hội tỉnh, Thường trực HĐND tỉnh", [("Quốc hội tỉnh", "ORG")])[0] == (
        "Đoàn đại biểu Quốc hội tỉnh", "ORG")


def test_a_person_after_a_body_is_cut_off(ruler):
    # pool-news-22582056
    assert run(ruler, "Phát biểu tại hội thảo, Trưởng Ban Tổ chức Trung ương Phạm Minh Chính cho biết",
               [("Ban Tổ chức Trung ương Phạm Minh Chính", "ORG")]) == [("Ban Tổ chức Trung ương", "ORG")]


def test_a_trailing_verb_or_conjunction_is_cut_off(ruler):
    # extra-nq96-2023-qh15 (a title in capitals)
    text = "ĐỐI VỚI NGƯỜI GIỮ CHỨC VỤ DO QUỐC HỘI, HỘI ĐỒNG NHÂN DÂN BẦU HOẶC PHÊ CHUẨN"
    assert ("HỘI ĐỒNG NHÂN DÂN", "ORG") in run(ruler, text, [("HỘI ĐỒNG NHÂN DÂN BẦU HOẶC", "ORG")])
    # a verb after a name: "trình" (extra-nq96-2023-qh15)
    assert run(ruler, "a) Thường trực Hội đồng nhân dân trình Hội đồng nhân dân quyết định danh sách",
               [("Thường trực Hội đồng nhân dân trình", "ORG")])[0] == ("Thường trực Hội đồng nhân dân", "ORG")
    # where one token holds the name and the verb ("Ban Chỉ đạo trình"), the span is kept
    assert run(ruler, "Văn phòng Ban Chỉ đạo trình Ban Chỉ đạo dự thảo",
               [("Văn phòng Ban Chỉ đạo trình", "ORG")])[0] == ("Văn phòng Ban Chỉ đạo trình", "ORG")
    # a name that ends like a function word keeps it: "giao" of "Ngoại giao" is not listed, and a
    # capitalized last word is part of the name
    assert run(ruler, "2. Bộ Nội vụ phối hợp với Bộ Ngoại giao và các cơ quan chức năng",
               [("Bộ Nội vụ", "ORG"), ("Bộ Ngoại giao", "ORG")]) == [
        ("Bộ Nội vụ", "ORG"), ("Bộ Ngoại giao", "ORG")]


def test_standing_after_a_deputy_title_is_the_title(ruler):
    # pool-congbao-nghi-quyet-so-141-nq-cp-469678: "Phó Thủ tướng Thường trực Chính phủ" gives `Chính phủ`
    assert run(ruler, "Điều 3. Phân công Phó Thủ tướng Thường trực Chính phủ Phạm Gia Túc chỉ đạo",
               [("Thường trực Chính phủ", "ORG")]) == [("Chính phủ", "ORG")]
    # without a deputy, "Thường trực" is the standing body's: kept
    assert run(ruler, "Thường trực Tỉnh ủy chỉ đạo", [("Thường trực Tỉnh ủy", "ORG")]) == [
        ("Thường trực Tỉnh ủy", "ORG")]


def test_a_title_is_no_body(ruler):
    # extra-cv778-tchq-gsql: "Chi cục trưởng" is a title; the Chi cục after it is a body
    out = run(ruler, "Chi cục trưởng Chi cục Hải quan nơi lưu giữ hàng", [("Chi cục", "ORG")])
    assert ("Chi cục", "ORG") not in out


def test_unit_types_bonds_and_slogans_are_no_org(ruler):
    # pool-news-22590247: a unit type (GUIDELINES.md)
    assert run(ruler, "a) Chỉ đạo Ban Thanh tra nhân dân xây dựng chương trình, kế hoạch giám sát",
               [("Ban Thanh tra nhân dân", "ORG")]) == []
    # pool-news-22496420: government bonds; the ruler adds no "Chính phủ" either
    assert run(ruler, "vốn phân bổ rất chậm như vốn trái phiếu Chính phủ mới phân bổ",
               [("Chính phủ", "ORG")]) == []
    assert run(ruler, "vốn phân bổ rất chậm như vốn trái phiếu Chính phủ mới phân bổ") == []
    # pool-news-22414520: a slogan
    assert run(ruler, "yêu cầu xây dựng Chính phủ điện tử gắn kết chặt chẽ với cải cách",
               [("Chính phủ", "ORG")]) == []


def test_a_photo_credit_holds_no_entity(ruler):
    # pool/news/22411181.txt (corpus pool, not annotated): a credit left in a news copy
    text = ("Ban Chỉ đạo Cải cách tư pháp Trung ương chủ trì Phiên họp thứ ba của Ban Chỉ đạo Cải cách "
            "tư pháp Trung ương. Ảnh: Nhan Sáng")
    out = run(ruler, text, [("Ban Chỉ đạo Cải cách", "ORG"), ("Nhan Sáng", "PERSON")])
    assert out == [("Ban Chỉ đạo Cải cách tư pháp Trung ương", "ORG"),
                   ("Ban Chỉ đạo Cải cách tư pháp Trung ương", "ORG")]
    # "(Ảnh: VGP/Lê Sơn)": the credit ends with its capitalized words; the text after keeps its own
    assert run(ruler, "Phó Thủ tướng phát biểu (Ảnh: VGP/Lê Sơn) tại Bộ Tài chính",
               [("VGP", "ORG"), ("Lê Sơn", "PERSON"), ("Bộ Tài chính", "ORG")]) == [("Bộ Tài chính", "ORG")]


def test_a_bare_head_naming_a_class_is_not_added():
    nlp = tokenizer_and("vnadmin_org_rules")
    # extra-nq35-2017-qh14: "các Ủy ban của Quốc hội" gives the parent only
    doc = nlp("Ủy ban Thường vụ Quốc hội, Hội đồng Dân tộc, các Ủy ban của Quốc hội xây dựng kế hoạch")
    assert "Ủy ban" not in [e.text for e in doc.ents]
    doc = nlp("Có kiến nghị của Hội đồng Dân tộc hoặc Ủy ban của Quốc hội;")
    assert "Ủy ban" not in [e.text for e in doc.ents]


def test_the_edges_vocabulary_is_data():
    data = load_resource("org_edges")
    edges = org_edges()
    assert ("trình",) in edges.trailing and ("chương", "trình") in edges.compounds
    assert "trái phiếu chính phủ" in edges.not_org
    assert data["credit_markers"] and all(m.strip() for m in data["credit_markers"])


def test_the_shipped_pipeline(tmp_path):
    import vnadmin_nlp

    nlp = vnadmin_nlp.load()
    # pool/news/22411181.txt: the whole Party body, linked; nothing in the photo credit
    doc = nlp("Ban Chỉ đạo Cải cách tư pháp Trung ương tổ chức Phiên họp thứ ba. Ảnh: Nhan Sáng")
    ents = [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    assert ("Ban Chỉ đạo Cải cách tư pháp Trung ương", "ORG", "bcd-cai-cach-tu-phap-tw") in ents
    assert not [e for e in doc.ents if "Nhan" in e.text or "Sáng" in e.text]
    # pool-congbao-thong-tu-so-28-2026-tt-bkhcn-469700
    doc = nlp("Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định")
    assert ("Bộ Khoa học và Công nghệ", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_an_org_guessed_on_whitespace_alone_does_not_break_the_ruler(ruler):
    # A tagger can guess ORG on a whitespace token (the double space of a copied table row);
    # the ruler leaves it (the records trim it away) instead of failing on the paragraph.
    text = "Ủy ban nhân dân tỉnh  phối hợp với Bộ Tài chính."
    doc = ruler.make_doc(text)
    gap = [t for t in doc if t.is_space]
    assert gap, [t.text for t in doc]
    from spacy.tokens import Span

    doc.ents = [Span(doc, gap[0].i, gap[0].i + 1, label="ORG")]
    doc = ruler.get_pipe(ruler.pipe_names[-1])(doc)
    assert ("Bộ Tài chính", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_a_place_the_tagger_took_from_inside_a_body_name_gives_way_to_the_name(ruler):
    # Unlabelled pool copies (news/22733401, hdnd/VanBanGoc_QĐ_37.2025): the tagger gave a LOC
    # inside the name and no ORG; a place inside a body's name is no LOC of its own.
    text = "Hiện, Bộ Nông nghiệp và Phát triển nông thôn đang xây dựng Kế hoạch triển khai thi hành Luật."
    assert run(ruler, text, [("và Phát triển nông thôn", "LOC")]) == [
        ("Bộ Nông nghiệp và Phát triển nông thôn", "ORG")]
    text = "2. Thanh tra thành phố Hà Nội có tư cách pháp nhân, có con dấu và tài khoản riêng."
    assert run(ruler, text, [("Hà Nội", "LOC")]) == [("Thanh tra thành phố Hà Nội", "ORG")]


@pytest.mark.parametrize("text, preset, expected", [
    # upper-case headings of pool texts and training gold: common words in capitals are no name
    ("THỰC NGHIỆM, THÍ NGHIỆM THEO NGÀNH, NGHỀ", [("NGÀNH", "ORG")], []),
    ("ĐỀ NGHỊ HỖ TRỢ TIỀN THUÊ NHÀ", [("TIỀN THUÊ NHÀ", "ORG")], []),
    ("IV. ĐỊNH MỨC CƠ SỞ VẬT CHẤT", [("VẬT CHẤT", "PERSON")], []),
    ("CHÍNH SÁCH GIẢI QUYẾT VIỆC LÀM VÀ ĐÀO TẠO", [("VIỆC LÀM", "ORG")], []),
    ("QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", [("QUỐC HỘI", "ORG"), ("NƯỚC", "PERSON")],
     [("QUỐC HỘI", "ORG")]),
    # names stay: a body cut by a line break, an abbreviation, a place, a signer
    ("BỘ LAO ĐỘNG - THƯƠNG BINH", [("BỘ LAO ĐỘNG - THƯƠNG BINH", "ORG")],
     [("BỘ LAO ĐỘNG - THƯƠNG BINH", "ORG")]),
    ("theo quy chế của VSDC.", [("VSDC", "ORG")], [("VSDC", "ORG")]),
    ("TRÊN ĐỊA BÀN TỈNH HÀ GIANG", [("HÀ GIANG", "LOC")], [("HÀ GIANG", "LOC")]),
    ("HOÀNG TRƯỜNG GIANG", [("HOÀNG TRƯỜNG GIANG", "PERSON")], [("HOÀNG TRƯỜNG GIANG", "PERSON")]),
])
def test_common_words_in_capitals_are_no_name(ruler, text, preset, expected):
    assert run(ruler, text, preset) == expected


def test_a_central_body_the_tagger_took_for_a_place_or_person_is_an_org(ruler):
    # training gold pool-news-22293911, 22463778: the tagger gave LOC / PERSON
    assert run(ruler, "Theo khảo sát nhanh của VCCI, cho thấy doanh nghiệp lạc quan",
               [("VCCI", "LOC")]) == [("VCCI", "ORG")]
    assert run(ruler, "NHNN cũng đã theo dõi sát diễn biến thị trường", [("NHNN", "PERSON")]) == [
        ("NHNN", "ORG")]
    # a place stays a place
    assert run(ruler, "tại tỉnh Quảng Nam", [("Quảng Nam", "LOC")]) == [("Quảng Nam", "LOC")]


def test_prime_minister_after_a_deputy_is_a_title(ruler):
    # training gold extra-qd12-2024-ttg: "các Phó Thủ tướng Chính phủ" names persons' offices
    assert run(ruler, "- Thủ tướng, các Phó Thủ tướng Chính phủ;", [("Thủ tướng Chính phủ", "ORG")]) == [
        ("Chính phủ", "ORG")]
    # as an authority it stays whole (GUIDELINES §4)
    assert run(ruler, "Thủ tướng Chính phủ quyết định phê duyệt", [("Thủ tướng Chính phủ", "ORG")]) == [
        ("Thủ tướng Chính phủ", "ORG")]


def test_a_class_of_units_before_a_body_is_not_part_of_it(ruler):
    # training gold pool-hdnd-26-nq-hđnd: "các Ban Hội đồng nhân dân tỉnh" (each committee of the council)
    assert run(ruler, "Đề nghị các Ban Hội đồng nhân dân tỉnh tiếp tục giám sát",
               [("Ban Hội đồng nhân dân tỉnh", "ORG")]) == [("Hội đồng nhân dân tỉnh", "ORG")]
    # one named committee stays whole
    assert run(ruler, "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh thẩm tra",
               [("Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh", "ORG")]) == [
        ("Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh", "ORG")]


def test_a_unit_before_its_ministry_across_a_dash_is_one_org(ruler):
    # recipients lists of the training gold (extra-cv19046-btc-tchq, pool-hdnd-VanBanGoc_QĐ_02)
    assert run(ruler, "- Vụ Pháp chế - BTC;", [("Vụ Pháp chế", "ORG")]) == [("Vụ Pháp chế - BTC", "ORG")]
    assert run(ruler, "- Vụ Pháp chế - Bộ Tài chính;", [("Vụ Pháp chế", "ORG"), ("Bộ Tài chính", "ORG")]) == [
        ("Vụ Pháp chế - Bộ Tài chính", "ORG")]
    # two bodies of a list stay two
    assert run(ruler, "Ủy ban nhân dân tỉnh - Sở Tài chính", [("Sở Tài chính", "ORG")]) == [
        ("Ủy ban nhân dân tỉnh", "ORG"), ("Sở Tài chính", "ORG")]


def test_an_enterprise_or_association_with_the_place_closing_its_name_is_one_org():
    # The training news gold and the pool: the tagger gave only the place ("Thái Nguyên" LOC);
    # the name opens with a head (Nhà máy, Tổng công ty, Hiệp hội, Cục) and the place is part of it.
    nlp = tokenizer_and("vnadmin_org_rules")
    cases = [
        ("Nhà máy Gang Thép Thái Nguyên giai đoạn 2 vẫn đang dừng thi công.", "Thái Nguyên",
         "Nhà máy Gang Thép Thái Nguyên"),
        ("Sáng 26/5, Hiệp hội BĐS Việt Nam (VNREA) tổ chức hội thảo.", "Việt Nam", "Hiệp hội BĐS Việt Nam"),
        ("Chánh Thanh tra Cục Hàng hải Việt Nam; Chánh Thanh tra Cục Hàng không Việt Nam;", "Việt Nam",
         "Cục Hàng hải Việt Nam"),
    ]
    for text, place, name in cases:
        doc = run(nlp, text, [(place, "LOC")])
        assert (name, "ORG") in doc and (place, "LOC") not in doc, doc
    # A place that is not inside a rule name stays a place.
    assert run(nlp, "Tổng công ty Thép và tỉnh Thái Nguyên phối hợp.", [("Thái Nguyên", "LOC")]) == [
        ("Tổng công ty Thép", "ORG"), ("Thái Nguyên", "LOC")]


def test_prime_minister_before_a_named_person_is_a_title(ruler):
    # pool-news-22463778 (training news): "Thủ tướng Chính phủ Nguyễn Xuân Phúc" is the person's title,
    # the ORG is "Chính phủ" (GUIDELINES §4); acting alone as the authority it stays whole.
    text = "Đầu tháng 6, Thủ tướng Chính phủ Nguyễn Xuân Phúc đã ký ban hành Chỉ thị về tín dụng."
    assert run(ruler, text, [("Thủ tướng Chính phủ", "ORG"), ("Nguyễn Xuân Phúc", "PERSON")]) == [
        ("Chính phủ", "ORG"), ("Nguyễn Xuân Phúc", "PERSON")]
    text = "Thủ tướng Chính phủ ban hành Chỉ thị về tăng cường công tác thi hành án dân sự."
    assert run(ruler, text, [("Thủ tướng Chính phủ", "ORG")]) == [("Thủ tướng Chính phủ", "ORG")]
