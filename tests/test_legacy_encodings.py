"""Legacy 8-bit Vietnamese encodings (TCVN3, VNI, Windows-1258) read as Unicode (issue 17, item 4).

The legacy files are made here from a real Unicode document, with the tables
of ``resources/legacy_encodings.json`` inverted (and Python's cp1258 codec for
Windows-1258), so that each test compares the reader's output on the legacy
bytes with its output on the Unicode original.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path
from typing import List

import pytest

from vnadmin_nlp.errors import DocumentReadError
from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.legacy_encodings import (
    LegacyEncoding,
    is_vietnamese_syllable,
    legacy_encodings,
    restore_capitals,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "vnadmin_nlp" / "examples"
EXAMPLE = EXAMPLES / "ket-luan-btv-tinh-uy-bac-giang.txt"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encoding(key: str) -> LegacyEncoding:
    return next(enc for enc in legacy_encodings() if enc.key == key)


def encode_with_table(enc: LegacyEncoding, text: str) -> bytes:
    """``text`` in a table encoding: the table inverted; a capital the table lacks
    takes its lower-case code, as typists did with the capitals fonts (.VnTimeH)."""
    inverse = {char: seq.encode("latin-1") for seq, char in enc.table.items()}
    out = bytearray()
    for ch in text:
        code = inverse.get(ch) or inverse.get(ch.lower())
        out += code if code is not None else ch.encode("cp1252")
    return bytes(out)


def encode_cp1258(text: str) -> bytes:
    """``text`` as Windows writes Vietnamese in cp1258: letter with its other
    diacritics precomposed, then the tone as a combining mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def tcvn3_can_write(block: str) -> bool:
    """TCVN3 has no toned capitals: "Ủy ban" can only be typed "ủy ban", and only
    capitals lines and words get their capitals back (see ``restore_capitals``)."""
    capitals = {ch.upper() for ch in encoding("tcvn3").caseless}
    return not any(word[0] in capitals and any(c.islower() for c in word) for word in block.split())


def legacy_source(key: str) -> str:
    """The Unicode original for one encoding: the whole example, less the blocks TCVN3 cannot write."""
    text = EXAMPLE.read_text(encoding="utf-8")
    if key == "tcvn3":
        text = "\n\n".join(block for block in text.split("\n\n") if tcvn3_can_write(block))
    return text


def texts(doc) -> List[str]:
    return [doc.title] + [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]


@pytest.mark.parametrize("key, label", [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI"), ("cp1258", "Windows-1258")])
def test_legacy_txt_reads_like_the_unicode_original(tmp_path, caplog, key, label):
    source = legacy_source(key)
    original = tmp_path / "unicode.txt"
    original.write_text(source, encoding="utf-8")
    legacy = tmp_path / f"{key}.txt"
    data = encode_cp1258(source) if key == "cp1258" else encode_with_table(encoding(key), source)
    legacy.write_bytes(data)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the legacy path is taken only for bytes that are not UTF-8
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        doc = read_document(legacy)
    expected = read_document(original)
    assert len(expected.paragraphs) > 10
    assert texts(doc) == texts(expected)
    assert f"{key}.txt: legacy encoding {label} converted to Unicode" in caplog.text


def test_tcvn3_titles_get_their_capitals_back(tmp_path):
    # The example's title is in capitals: TCVN3 stores "KẾT LUẬN" with lower-case codes.
    assert "KẾT LUẬN" in legacy_source("tcvn3")
    path = tmp_path / "title.txt"
    path.write_bytes(encode_with_table(encoding("tcvn3"), legacy_source("tcvn3")))
    assert read_document(path).title.startswith("KẾT LUẬN")


def test_restore_capitals_leaves_mixed_case_alone():
    caseless = encoding("tcvn3").caseless
    assert restore_capitals("CủA BAN THƯờNG Vụ TỉNH ủY", caseless) == "CỦA BAN THƯỜNG VỤ TỈNH ỦY"
    assert restore_capitals("Báo cáo KếT QUả", caseless) == "Báo cáo KẾT QUẢ"  # a word in capitals
    for line in ("Số: 12/QĐ-UBND", "Đà Nẵng, ngày 5 tháng 3 năm 2024", "ủy ban nhân dân"):
        assert restore_capitals(line, caseless) == line


def test_syllable_check():
    for word in ("nghiêng", "quyết", "giữa", "khuyến", "người", "được", "ủy", "gì"):
        assert is_vietnamese_syllable(word), word
    for word in ("c¸c", "caực", "đơông", "für", "été", "ẩá"):
        assert not is_vietnamese_syllable(word), word


@pytest.mark.parametrize("data", [
    bytes(random.Random(17).randrange(0x20, 0x100) for _ in range(4000)),  # random 8-bit bytes
    "Le conseil a décidé à l'unanimité que la société était déjà créée; Größe für Übersetzung."
    .encode("cp1252"),  # French and German in Windows-1252
    b"Ban Th\xf0\xf5\xf4ng v\xf2",  # too little Vietnamese to judge
])
def test_non_vietnamese_8_bit_text_keeps_the_clear_error(tmp_path, caplog, data):
    path = tmp_path / "other.txt"
    path.write_bytes(data)
    with caplog.at_level("WARNING", logger="vnadmin_nlp"):
        with pytest.raises(DocumentReadError, match="other.txt: not UTF-8 or UTF-16"):
            read_document(path)
    assert "legacy encoding" not in caplog.text


# ------------------------------------------------------------------ .docx
def build_docx(path: Path, runs, normal_font: str = "") -> None:
    """A .docx with one paragraph per (text, font) pair; ``font`` '' leaves the run to its style."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    for text, font in runs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    document.save(path)


def as_font_chars(enc: LegacyEncoding, text: str) -> str:
    """What Word stores for legacy bytes in an 8-bit font: their Windows-1252 characters."""
    return encode_with_table(enc, text).decode("cp1252")


def test_docx_runs_in_legacy_fonts_are_converted(tmp_path):
    tcvn3, vni = encoding("tcvn3"), encoding("vni")
    blocks = [b.strip() for b in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = [b for b in blocks if tcvn3_can_write(b) and b[0].isdigit()][:2]
    unicode_path, legacy_path = tmp_path / "unicode.docx", tmp_path / "legacy.docx"
    build_docx(unicode_path, [("KẾT LUẬN", "Times New Roman")] + [(b, "") for b in body] + [(blocks[-1], "")])
    # The capitals font .VnTimeH shows lower-case codes as capitals.
    build_docx(legacy_path, [(as_font_chars(tcvn3, "kết luận"), ".VnTimeH")]
               + [(as_font_chars(tcvn3, b), ".VnTime") for b in body]
               + [(as_font_chars(vni, blocks[-1]), "VNI-Times")])
    assert texts(read_document(legacy_path)) == texts(read_document(unicode_path))


def test_docx_font_from_style_and_unicode_text_under_an_old_font_name(tmp_path):
    tcvn3 = encoding("tcvn3")
    paragraph = "Ban Thường vụ Tỉnh ủy kết luận về việc phát huy sức mạnh đại đoàn kết toàn dân."
    styled = tmp_path / "styled.docx"  # Normal style in .VnTime, runs without a font of their own
    build_docx(styled, [(as_font_chars(tcvn3, paragraph), "")], normal_font=".VnTime")
    assert read_document(styled).paragraphs[-1].text == paragraph
    converted = tmp_path / "converted.docx"  # already converted to Unicode, the old font name kept
    build_docx(converted, [(paragraph, ".VnTime")])
    assert read_document(converted).paragraphs[-1].text == paragraph
