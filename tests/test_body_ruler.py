"""The body ruler: ORG and LOC from the knowledge base of public bodies and places, linked.

Sentences are real: from the training gold (data/annotated, never its test split) and the
pool's gazette texts.
"""

import json

import pytest

from vnadmin_nlp.components import body_ruler as br
from vnadmin_nlp.pipeline import build_rule_pipeline
from vnadmin_nlp.resources import RESOURCES_DIR

from .conftest import tokenizer_and


@pytest.fixture(scope="module")
def ruler_only():
    """Our tokenizer and the body ruler alone."""
    return tokenizer_and("vnadmin_body_ruler")


@pytest.fixture(scope="module")
def rules_and_ruler():
    """The rule pipeline with the body ruler after its components."""
    nlp = build_rule_pipeline()
    nlp.add_pipe("vnadmin_body_ruler")
    return nlp


def orgs(doc):
    return [(e.text, e.kb_id_, e._.canonical) for e in doc.ents if e.label_ == "ORG"]


def test_upper_case_header_links_the_ministry(ruler_only):
    # extra-cv19046-btc-tchq: the issuer's header
    doc = ruler_only("BỘ TÀI CHÍNH")
    assert orgs(doc) == [("BỘ TÀI CHÍNH", "bo-tai-chinh", "Bộ Tài chính")]


def test_ministry_in_running_text(ruler_only):
    # pool: congbao thông tư of Bộ Lao động - Thương binh và Xã hội
    doc = ruler_only("Theo đề nghị của Vụ trưởng Vụ Pháp chế, Bộ trưởng Bộ Lao động - Thương binh và Xã hội "
                     "ban hành Thông tư")
    assert ("Bộ Lao động - Thương binh và Xã hội", "bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội") in orgs(doc)
    # pool-congbao-nghi-quyet-so-141-nq-cp-469678
    doc = ruler_only("Điều 5. Bộ trưởng Bộ Công Thương và Thủ trưởng các cơ quan có liên quan chịu trách "
                     "nhiệm thi hành Nghị quyết này./.")
    assert orgs(doc) == [("Bộ Công Thương", "bo-cong-thuong", "Bộ Công Thương")]


def test_local_body_with_its_place(ruler_only):
    # pool-hdnd-85-2017-nq-hđnd: the header, upper case, with the place
    doc = ruler_only("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG KHÓA XVII - KỲ HỌP THỨ NĂM")
    assert orgs(doc) == [("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG", "local:hdnd/tinh/ha-giang",
                          "Hội đồng nhân dân tỉnh Hà Giang")]
    doc = ruler_only("Giao Ủy ban nhân dân tỉnh Quảng Nam và Sở Tài chính tỉnh Bắc Giang chủ trì.")
    assert [o[:2] for o in orgs(doc)] == [("Ủy ban nhân dân tỉnh Quảng Nam", "local:ubnd/tinh/quang-nam"),
                                          ("Sở Tài chính tỉnh Bắc Giang", "local:so-tai-chinh/tinh/bac-giang")]
    # no LOC inside an ORG
    assert not [e for e in doc.ents if e.label_ == "LOC"]


def test_unit_with_its_long_name(ruler_only):
    # pool: congbao thông tư of Bộ Lao động - Thương binh và Xã hội
    doc = ruler_only("Theo đề nghị của Cục trưởng Cục Quan hệ lao động và Tiền lương;")
    (text, kb_id, canonical), = orgs(doc)
    assert text == "Cục Quan hệ lao động và Tiền lương"
    assert kb_id == "bo-ldtbxh/cuc-quan-he-lao-dong-va-tien-luong"
    # pool-congbao-thong-tu-so-28-2026-tt-bkhcn-469700
    doc = ruler_only("Theo đề nghị của Cục trưởng Cục Viễn thông;")
    assert orgs(doc) == [("Cục Viễn thông", "bo-khcn/cuc-vien-thong", "Cục Viễn thông")]


def test_abbreviation_links_to_the_same_entry(ruler_only):
    # extra-qd1056-ct ("Chủ tịch UBND tỉnh") and its full form
    short = orgs(ruler_only("Quyết định số 1704/QĐ-CT ngày 15/10/2007 của Chủ tịch UBND tỉnh về việc ban hành"))
    full = orgs(ruler_only("Quyết định của Chủ tịch Ủy ban nhân dân tỉnh về việc ban hành"))
    assert short[0][0] == "UBND tỉnh" and full[0][0] == "Ủy ban nhân dân tỉnh"
    assert short[0][1] == full[0][1] == "local:ubnd/tinh"
    # extra-qd3745-ubnd-tayninh and the abbreviation of the same department
    full = orgs(ruler_only("và của Sở Tài nguyên và Môi trường tại Tờ trình số 8468/TTr-STNMT"))
    short = orgs(ruler_only("và của Sở TN&MT tại Tờ trình"))
    assert full[0][1] == short[0][1] == "local:so-tnmt"
    assert short[0][2] == "Sở Tài nguyên và Môi trường"
    # a central body and its abbreviation
    assert orgs(ruler_only("NHNN"))[0][1] == orgs(ruler_only("Ngân hàng Nhà nước Việt Nam"))[0][1] == "ngan-hang-nha-nuoc"


def test_old_tone_marks_and_prefixes(ruler_only):
    doc = ruler_only("Uỷ ban nhân dân thành phố Hà Nội; Ban Thường vụ Tỉnh ủy Bắc Giang")
    assert [o[1] for o in orgs(doc)] == ["local:ubnd/thanh-pho/ha-noi", "local:ban-thuong-vu+tinh-uy/bac-giang"]
    assert orgs(doc)[0][2] == "Ủy ban nhân dân thành phố Hà Nội"


def test_places_are_loc_outside_bodies(ruler_only):
    doc = ruler_only("Hà Nội, ngày 20 tháng 5 năm 2026")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("Hà Nội", "LOC", "province:ha-noi")]
    doc = ruler_only("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert [(e.text, e.label_) for e in doc.ents] == [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "LOC")]
    doc = ruler_only("Thị trấn Châu Thành | Xã Hảo Đước | Xã Phước Vinh")
    assert [e.text for e in doc.ents if e.label_ == "LOC"] == ["Châu Thành", "Hảo Đước", "Phước Vinh"]
    # a language, a person's name: not places
    doc = ruler_only("biên - phiên dịch tiếng Anh; tư tưởng Hồ Chí Minh; ông Đức Tuân")
    assert [e.text for e in doc.ents if e.label_ == "LOC"] == []


def test_lower_case_words_and_titles_are_not_bodies(ruler_only):
    assert orgs(ruler_only("các tổ chức phi chính phủ và quốc hội các nước")) == []
    assert orgs(ruler_only("Các đồng chí Tỉnh ủy viên")) == []
    assert orgs(ruler_only("theo đúng quy định của Luật Thanh tra")) == []
    # the lower-case head the gold keeps: "mặt trận Tổ quốc"
    assert orgs(ruler_only("vai trò của mặt trận Tổ quốc"))[0][1] == "mttq-vn"


def test_never_overlaps_earlier_entities_and_links_exact_ones(rules_and_ruler):
    nlp = rules_and_ruler
    doc = nlp("Bộ trưởng Bộ Lao động - Thương binh và Xã hội ban hành")
    before = build_rule_pipeline()(doc.text)
    # the rule components' spans stay as they were
    for ent in before.ents:
        assert any(e.start_char == ent.start_char and e.end_char == ent.end_char for e in doc.ents)
    doc = nlp("Giao Bộ Tài chính chủ trì.")
    ent, = [e for e in doc.ents if e.label_ == "ORG"]
    assert (ent.text, ent.kb_id_, ent._.canonical) == ("Bộ Tài chính", "bo-tai-chinh", "Bộ Tài chính")


def test_typed_config_and_resources_once_per_process():
    from thinc.api import ConfigValidationError

    nlp = build_rule_pipeline()
    with pytest.raises(ConfigValidationError):
        nlp.add_pipe("vnadmin_body_ruler", config={"add_locs": "maybe"})
    nlp.add_pipe("vnadmin_body_ruler", config={"add_locs": False})
    assert [e.label_ for e in nlp("Hà Nội").ents] == []
    assert br.load_knowledge_base() is br.load_knowledge_base()


def test_resources_are_well_formed():
    ids = set()
    with (RESOURCES_DIR / "bodies.jsonl").open(encoding="utf-8") as handle:
        entries = [json.loads(line) for line in handle if line.strip()]
    for e in entries:
        assert set(e) == {"id", "name", "kind", "parent", "abbreviations", "valid", "source"}, e
        assert e["id"] not in ids
        ids.add(e["id"])
        assert e["source"].startswith("pool/") or e["source"].startswith("hand list: "), e
    assert all(e["parent"] is None or e["parent"] in ids for e in entries)
    names = {e["name"] for e in entries}
    assert {"Bộ Nông nghiệp và Môi trường", "Bộ Tài nguyên và Môi trường",
            "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Chính trị", "Kiểm toán nhà nước"} <= names
    places = json.loads((RESOURCES_DIR / "places.json").read_text(encoding="utf-8"))
    assert sum("old" in p["eras"] for p in places["provinces"]) == 63
    assert sum("new" in p["eras"] for p in places["provinces"]) == 34
