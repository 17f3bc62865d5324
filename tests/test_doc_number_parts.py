"""DOC_NUMBER parts on Span._.value: number, year, type, issuer, kind, family (issue 15, item 6)."""

import json

import pytest

from vnadmin_nlp.patterns.doc_number_parts import DocNumberParts, doc_number_parts


@pytest.mark.parametrize("code, before, expected", [
    # Party style NUMBER-TYPE/ISSUER
    ("25-NQ/TW", "Nghị quyết số ", ("25", None, "NQ", "TW", "resolution", "party")),
    ("30-KH/BCSD-BDVTU", "Kế hoạch số ", ("30", None, "KH", "BCSD-BDVTU", "plan", "party")),
    ("49-CT /TW", "", ("49", None, "CT", "TW", "directive", "party")),
    # State style, with and without year; a People's Council resolution
    ("01/QĐ-UBND", "", ("01", None, "QĐ", "UBND", "decision", "state")),
    ("145/2020/NĐ-CP", "", ("145", 2020, "NĐ", "CP", "legal", "state")),
    ("12/2021/NQ-HĐND", "", ("12", 2021, "NQ", "HĐND", "hdnd_resolution", "state")),
    ("141/2010/TTLT/BQP-BTP", "", ("141", 2010, "TTLT", "BQP-BTP", "legal", "state")),
    ("40/2026/NĐ-СР", "", ("40", 2026, "NĐ", "CP", "legal", "state")),  # Cyrillic С, Р of a PDF
    # a letter's code has no type: its first segment is the issuer's
    ("6896/UBND-NC", "Công văn ", ("6896", None, None, "UBND-NC", "official_letter", "state")),
    # codes of before 2000 and laws: the part after the number is the issuer
    ("64-CP", "Nghị định số ", ("64", None, None, "CP", "legal", "state")),
    ("135/TTg", "Quyết định ", ("135", None, None, "TTg", "decision", "state")),
    ("45/2019/QH14", "Luật số ", ("45", 2019, None, "QH14", "legal", "state")),
    # typos that glue the type to the number
    ("89NQ-HĐND", "", ("89", None, "NQ", "HĐND", "hdnd_resolution", "state")),
    ("33/2015QĐ-TTg", "", ("33", 2015, "QĐ", "TTg", "decision", "state")),
    # short names: the kind from the type word before
    ("218", "thực hiện Quyết định ", ("218", None, None, None, "decision", None)),
    ("01/2017", "Nghị quyết số ", ("01", 2017, None, None, "resolution", None)),
    # standards
    ("34:2022/BTTTT", "QCVN ", ("34", 2022, "QCVN", "BTTTT", None, "standard")),
])
def test_parts_of_codes_of_every_form(code, before, expected):
    assert tuple(doc_number_parts(code, before)) == expected


def test_parts_on_span_value_and_in_records(rule_nlp):
    text = ("Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và Quyết định số "
            "145/2020/QĐ-UBND của Ủy ban nhân dân tỉnh, Nghị định số 64-CP.")
    doc = rule_nlp(text)
    parts = {e.text: e._.value for e in doc.ents if e.label_ == "DOC_NUMBER"}
    assert parts["01-KL/TW"] == DocNumberParts("01", None, "KL", "TW", "conclusion", "party")
    assert parts["145/2020/QĐ-UBND"].issuer == "UBND" and parts["145/2020/QĐ-UBND"].kind == "decision"
    assert parts["64-CP"].issuer == "CP"
    # Listing cited documents by kind and issuer is one comprehension.
    assert sorted((p.kind, p.issuer) for p in parts.values()) == [
        ("conclusion", "TW"), ("decision", "UBND"), ("legal", "CP")]


def test_records_write_parts_as_json_objects(rule_nlp):
    import vnadmin_nlp

    result = vnadmin_nlp.analyze("Căn cứ Nghị quyết số 25-NQ/TW ngày 03/6/2013.", nlp=rule_nlp)
    record = result.to_record()
    entities = [e for p in record["paragraphs"] for e in p["entities"]]
    code = [e for e in entities if e[2] == "DOC_NUMBER"][0]
    assert code[3] == {"number": "25", "year": None, "type": "NQ", "issuer": "TW",
                       "kind": "resolution", "family": "party"}
    assert json.loads(json.dumps(record)) == record
