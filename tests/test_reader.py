"""The reader on the quirks the four seeds show, and on formats they do not."""

import random
import re
import unicodedata
from pathlib import Path

import pytest

from vnadmin_nlp.errors import DocumentReadError
from vnadmin_nlp.io import layout, read_document, read_text
from vnadmin_nlp.io import reader as reader_module
from vnadmin_nlp.io.layout import detect_layout
from vnadmin_nlp.io.reader import decode_bytes, normalize_text
from vnadmin_nlp.io.standoff import default_corpus_root

from .conftest import SEEDS, seed_path


def texts(doc):
    return [p.text for p in doc.paragraphs]


def find(doc, prefix):
    return next(p for p in doc.paragraphs if p.text.startswith(prefix))


def test_seed_000_page_breaks_repaired_and_closing_kept():
    doc = read_document(seed_path("000"))
    assert doc.title.startswith("KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về kết quả nghiên cứu")
    # "2.4. ... thực hiện" + page break + "chính sách đại đoàn kết ..." is one paragraph.
    para = find(doc, "2.4.")
    assert "trong việc thực hiện chính sách đại đoàn kết toàn dân tộc" in para.text
    assert not any(t.startswith(("chính sách", "phồn vinh")) for t in texts(doc))
    assert find(doc, "3.1.").section == "3. Tổ chức thực hiện:"
    assert find(doc, "3. Tổ chức thực hiện").kind == "heading"
    recipients = find(doc, "Nơi nhận")
    assert recipients.kind == "recipients" and "\n- Ban Bí thư," in recipients.text
    # The bold signature block loses its markdown.
    assert "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ" in texts(doc)
    assert texts(doc)[-1] == "Lê Thị Thu Hồng"
    assert not any("**" in t for t in texts(doc))


def test_seed_000_lead_in_paragraph_gives_section_to_its_items():
    doc = read_document(seed_path("000"))
    lead_in = find(doc, "2. Để tiếp tục")
    assert lead_in.kind == "body"
    assert find(doc, "2.1.").section == lead_in.text


def test_seed_001_footnotes_moved_out_and_continuations_found():
    doc = read_document(seed_path("001"))
    assert [f.marker for f in doc.footnotes] == [str(i) for i in range(1, 39)]
    assert not any(t[0] in "¹²³⁴⁵⁶⁷⁸⁹" for t in texts(doc))
    # Footnote 1 keeps its list items and its continuation from the next page.
    note1 = doc.footnotes[0].text
    assert "\n- Nhiệm kỳ 2015-2020:" in note1 and "nâng cao chất lượng, hiệu quả thực hiện quy chế" in note1
    # The body paragraph cut by those footnotes is whole again, marker removed.
    para = find(doc, "2. Để cụ thể hóa")
    assert "hằng năm, Tỉnh ủy, Ban Thường vụ Tỉnh ủy ban hành" in para.text
    assert "tỉnh¹" not in para.text and "tỉnh." in para.text
    # "“tự | chuyên hóa”" continues the body, not footnote 3 (which was finished).
    assert "“tự diễn biến”, “tự chuyên hóa” trong nội bộ" in find(doc, "Tỉnh ủy và các cấp ủy đảng").text
    # "giai | đoạn 2022-2025" goes to the unfinished footnote 23, "Chủ | động" to the body.
    assert "giai đoạn 2022-2025" in doc.footnotes[22].text
    assert "Chủ động tham mưu" in find(doc, "Hằng năm, các tổ chức").text
    # Exponents are not footnote markers.
    assert "3.895 km²" in find(doc, "Tỉnh Bắc Giang có diện tích").text


def test_seed_001_headings_and_sections():
    doc = read_document(seed_path("001"))
    assert [p.kind for p in doc.paragraphs[:4]] == ["header"] * 4
    assert doc.paragraphs[1].text == "Số 442-BC/TU"
    para = find(doc, "- Công tác tuyên truyền, quán triệt")
    assert para.section.endswith("IV- HẠN CHẾ, NGUYÊN NHÂN > 1. Hạn chế, tồn tại")
    assert para.section.startswith("Phần thứ nhất > KẾT QUẢ 10 NĂM")
    cause = find(doc, "- Do tác động khách quan")
    assert cause.section.endswith("IV- HẠN CHẾ, NGUYÊN NHÂN > 2. Nguyên nhân của hạn chế")
    task = find(doc, "3. Chính quyền các cấp tiếp tục")
    assert task.section.startswith("Phần thứ hai >") and task.section.endswith("I- NHIỆM VỤ, GIẢI PHÁP")
    assert find(doc, "Phần thứ hai").kind == "heading"


def test_seed_003_title_spans_three_blocks_and_roman_headings():
    doc = read_document(seed_path("003"))
    assert doc.title.startswith("KẾT LUẬN CỦA BAN THƯỜNG VỤ THỊ ỦY tại Hội nghị tổng kết")
    assert find(doc, "Bên cạnh những kết quả").text.endswith("góp ý xây dựng chính quyền.")
    assert "chính trị - xã hội thực hiện công tác góp ý" in find(doc, "Bên cạnh").text
    assert find(doc, "1.3.").text.count("ủy, tổ chức đảng trực thuộc Trung ương") == 1
    assert find(doc, "2. Ban Dân vận Thị ủy").section == "III- Tổ chức thực hiện"


def test_seed_004_markdown_stripped():
    doc = read_document(seed_path("004"))
    assert doc.title.startswith("KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về tăng cường")
    assert not any("*" in t or "#" in t or t.startswith("---") for t in texts(doc))
    assert find(doc, "Công đoàn các cấp:").text.startswith("Công đoàn các cấp: Tiếp tục chăm lo")
    heading = find(doc, "5. Tổ chức thực hiện")
    assert heading.kind == "heading"
    assert find(doc, "5.3.").section == "5. Tổ chức thực hiện"
    # An item with no sub-items is not a heading, even when numbered.
    assert find(doc, "4. Xây dựng đội ngũ").kind == "body"
    assert find(doc, "Nơi nhận").kind == "recipients"


def test_line_endings_bom_tabs_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Ban Thường vụ Tỉnh ủy kết luận:")
    raw = "\ufeffKẾT LUẬN\r\nvề công tác\r\n\r\n" + decomposed + "\r\n\r\n1.\tTiếp tục\tthực hiện.\r"
    doc = read_text(raw)
    assert doc.title == "KẾT LUẬN về công tác"
    assert texts(doc)[1:] == ["Ban Thường vụ Tỉnh ủy kết luận:", "1. Tiếp tục thực hiện."]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts(doc))


def test_heading_forms():
    raw = ("NGHỊ QUYẾT\n\nPhần thứ nhất\n\nI. MỤC TIÊU\n\n1.1. Mục tiêu chung\n\n"
           "Nâng cao hiệu quả.\n\na) Về kinh tế\n\nTăng trưởng 7%.\n\nII- NHIỆM VỤ\n\nThực hiện tốt.")
    doc = read_text(raw)
    sections = {p.text: p.section for p in doc.paragraphs}
    assert sections["Nâng cao hiệu quả."] == "Phần thứ nhất > I. MỤC TIÊU > 1.1. Mục tiêu chung"
    assert sections["Tăng trưởng 7%."].endswith("1.1. Mục tiêu chung > a) Về kinh tế")
    assert sections["Thực hiện tốt."] == "Phần thứ nhất > II- NHIỆM VỤ"
    # "a) ..." starts in lower case but is a list marker, not a continuation.
    assert "a) Về kinh tế" in texts(doc)


def test_decoding_utf16_and_errors(tmp_path):
    text = "KẾT LUẬN\n\nBan Thường vụ Tỉnh ủy kết luận."
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    assert read_document(path).paragraphs[1].text == "Ban Thường vụ Tỉnh ủy kết luận."
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(DocumentReadError, match="empty.txt: the file is empty"):
        read_document(empty)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Ban Th\xf0\xf5\xf4ng v\xf2")  # a legacy 8-bit encoding
    with pytest.raises(DocumentReadError, match="latin.txt: not UTF-8 or UTF-16"):
        read_document(latin)
    with pytest.raises(DocumentReadError, match="binary"):
        decode_bytes(b"\x00\x01\x02abc", "junk.bin")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    with pytest.raises(DocumentReadError, match="fake.docx: not a .docx"):
        read_document(fake)
    with pytest.raises(DocumentReadError, match="missing.txt: no such file"):
        read_document(tmp_path / "missing.txt")


def test_docx_gives_the_same_paragraphs_as_text(tmp_path):
    docx = pytest.importorskip("docx")
    source = seed_path("003")
    blocks = [b for b in source.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    document = docx.Document()
    for block in blocks:
        document.add_paragraph(block.strip())
    path = tmp_path / "seed.docx"
    document.save(path)
    assert texts(read_document(path)) == texts(read_document(source))


# ------------------------------------------------------------ layouts (issue 8)
FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "reader"
EXTRA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "extra"


def assert_pieces_of(doc, source_text):
    """Every paragraph is source text: its words follow the source's words in order.

    The reader may leave junk out (page headers, stamps, rules) and join
    pieces with one space, but never adds, changes or reorders a word.
    """
    source_words = normalize_text(source_text).split()
    pos = 0
    for para in doc.paragraphs:
        for word in para.text.split():
            while pos < len(source_words) and source_words[pos] != word:
                pos += 1
            assert pos < len(source_words), f"{word!r} of {para.text[:60]!r} is not next in the source"
            pos += 1


def test_gazette_layout_rejoins_lines_and_drops_page_junk():
    path = FIXTURE_DIR / "gazette.txt"
    doc = read_document(path)
    assert detect_layout(normalize_text(path.read_text(encoding="utf-8"))) == "gazette"
    assert [p.kind for p in doc.paragraphs[:6]] == ["header"] * 5 + ["title"]
    assert doc.title == "CHỈ THỊ Về việc tăng cường kiểm tra sổ sách và lưu trữ hồ sơ tại các đơn vị trực thuộc"
    joined = "\n".join(texts(doc))
    assert "CÔNG BÁO" not in joined and "Ký bởi" not in joined and "Ngày ký" not in joined
    assert "13" not in texts(doc) and "12" not in texts(doc)  # page numbers
    # A sentence cut by a page break and a stamp is whole again.
    item = find(doc, "1. Rà soát toàn bộ")
    assert item.text.endswith("trước ngày 30 tháng 4 năm 2025, bảo đảm đúng quy định về bảo mật thông tin.")
    # A word wrapped at its hyphen keeps the line break as a space: nothing is invented.
    assert "Chỉ thị số 12- CT/BTN" in find(doc, "2. Phân công").text
    # Short unfinished lines end headings; items under them get the section.
    assert find(doc, "1. Văn phòng Bộ").kind == "heading"
    assert find(doc, "a) Hướng dẫn").section == "II. TỔ CHỨC THỰC HIỆN > 1. Văn phòng Bộ"
    # A numbered item closes its numbered sibling heading.
    assert find(doc, "2. Các đơn vị trực thuộc").section == "II. TỔ CHỨC THỰC HIỆN"
    assert texts(doc)[-2:] == ["KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", "Nguyễn Văn Thử"]
    assert_pieces_of(doc, path.read_text(encoding="utf-8"))


def test_crawled_layout_splits_the_run_together_header():
    path = FIXTURE_DIR / "crawled.txt"
    doc = read_document(path)
    assert detect_layout(normalize_text(path.read_text(encoding="utf-8"))) == "lines"
    head = [(p.kind, p.text) for p in doc.paragraphs[:9]]
    assert head == [
        ("header", "Quyết định 99/QĐ-UBND"),
        ("header", "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"),
        ("header", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("header", "Độc lập - Tự do - Hạnh phúc"),
        ("header", "Số: 99/QĐ-UBND"),
        ("header", "Thành phố Mẫu, ngày 05 tháng 01 năm 2024"),
        ("title", "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH QUY CHẾ LƯU TRỮ HỒ SƠ ĐIỆN TỬ"),
        # The enacting authority glued to the title's end is a header of its own.
        ("header", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"),
        # ... and the preamble glued to it is body text.
        ("body", "Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;"),
    ]
    assert doc.title == "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH QUY CHẾ LƯU TRỮ HỒ SƠ ĐIỆN TỬ"
    # "Điều 1." alone on its line joins its text; a bare "3" joins its item.
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy chế" in texts(doc)[12]
    assert "3 - Ủy ban nhân dân cấp huyện báo cáo kết quả hằng năm." in texts(doc)
    # A heading run into its text, and a sub-item run into its parent, are cut.
    assert find(doc, "1. Lưu trữ tập trung").text == "1. Lưu trữ tập trung"
    assert find(doc, "Thực hiện theo quy định").section.endswith("Điều 2. Tổ chức thực hiện > 1. Lưu trữ tập trung")
    assert find(doc, "2.1. Sở Nội vụ").section.endswith("2. Về kho lưu trữ số")
    # Table rows stay rows and never become headings; rules are dropped.
    row = find(doc, "| I | HỒ SƠ NỘI BỘ")
    assert row.kind == "body" and not any(t.startswith("| ---") for t in texts(doc))
    assert texts(doc)[-2:] == ["TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn Mẫu"]
    assert [p.kind for p in doc.paragraphs[-3:]] == ["recipients", "signature", "signature"]
    assert_pieces_of(doc, path.read_text(encoding="utf-8"))


def test_oneline_layout_splits_at_markers_in_sequence():
    path = FIXTURE_DIR / "oneline.txt"
    doc = read_document(path)
    assert detect_layout(normalize_text(path.read_text(encoding="utf-8"))) == "oneline"
    assert doc.paragraphs[0].kind == "header" and doc.paragraphs[0].text == "HỘI ĐỒNG THỬ NGHIỆM"
    assert texts(doc)[1:4] == [
        "Căn cứ Luật Thử nghiệm số 12/2015/QH13;",
        "Trên cơ sở xem xét Tờ trình số 45/TTr-HĐ ngày 12/6/2017 của Ban Thường trực;",
        "QUYẾT NGHỊ:",
    ]
    # Amounts, dates, codes and "thứ 2." inside a sentence do not split it.
    assert "- Báo cáo tài chính với tổng chi 1.000 triệu đồng theo Nghị quyết số 35/2017/QH14 ngày 12/6/2017." in texts(doc)
    assert "b) Tiến hành chất vấn tại phiên họp thứ 2." in texts(doc)
    # Items in sequence split; a new article restarts the numbering.
    assert find(doc, "2. Tại phiên họp thứ 3").section == "QUYẾT NGHỊ: > Điều 1. Nội dung kiểm tra"
    assert find(doc, "a) Xem xét báo cáo tổng kết.").section.endswith("2. Tại phiên họp thứ 3")
    assert find(doc, "1. Ban Thường trực").section == "QUYẾT NGHỊ: > Điều 2. Tổ chức thực hiện"
    # An unnumbered heading run into its text is a heading of its own.
    heading = find(doc, "Kiểm tra không quá 1 lần/năm")
    assert heading.kind == "heading" and heading.text == "Kiểm tra không quá 1 lần/năm"
    # (under the adoption formula, which heads everything after it in its part)
    assert find(doc, "Thủ tướng Chính phủ yêu cầu").section == "QUYẾT NGHỊ: > " + heading.text
    # The adoption formula closes the text as a paragraph of its own.
    assert texts(doc)[-1].startswith("Nghị quyết này được Quốc hội")
    assert_pieces_of(doc, path.read_text(encoding="utf-8"))


EXTRA_FILES = sorted(EXTRA.glob("*.txt")) if EXTRA.exists() else []
NEWS_COPIES = ("ct20-2017-ttg", "ct23-2017-ttg", "ct24-2017-ttg", "nq35-2017-qh14")


@pytest.mark.skipif(not EXTRA_FILES, reason="../shared/corpus/extra not available")
@pytest.mark.parametrize("path", EXTRA_FILES, ids=lambda p: p.stem)
def test_extra_corpus_reads_into_sane_paragraphs(path):
    raw = path.read_text(encoding="utf-8")
    doc = read_document(path)
    assert len(doc.paragraphs) > 10
    joined = "\n".join(texts(doc))
    for junk in ("Ký bởi", "CÔNG BÁO/Số", "Ngày ký:", "-----", "| --- |"):
        assert junk not in joined
    kinds = [p.kind for p in doc.paragraphs]
    assert "body" in kinds
    if path.stem in NEWS_COPIES:
        # The headline was cut from these copies: no title, but no wall of text either.
        assert max(len(p.text) for p in doc.paragraphs if p.kind == "body") < 1500
        assert len(doc.paragraphs) >= 13
    else:
        assert doc.title and kinds.index("title") > kinds.index("header")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts(doc)
        assert any(p.kind == "heading" for p in doc.paragraphs)
    for para in doc.paragraphs:
        if para.section:
            # A section is the path of heading (or lead-in) paragraphs above it.
            assert all(part in texts(doc) for part in para.section.split(" > ")), para.section
    assert_pieces_of(doc, raw)


# ------------------------------------------------------------ fast paths (issue 6)
# The layout module skips the words where no rule can cut (found by regex
# passes) and keeps a crawled line whole without walking it when it has no
# sub-item and no heading after its opening marker. These tests hold the fast
# paths to the plain walk over every word, on real text cut up in many ways.
def walk_every_word(monkeypatch):
    """Make split_inline_marked visit every word and never take the crawled-line shortcut."""
    monkeypatch.setattr(layout, "_words_to_visit", lambda joined, full: list(range(joined.count(" ") + 1)))
    monkeypatch.setattr(layout, "_SUB_ITEM_END_RE", re.compile(""))  # "a sub-item may be here" everywhere


def variants(text, rng, count):
    """The text, its lines joined into one line, and cut or re-joined at random points."""
    lines = [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
    one_line = " ".join(lines)
    out = [text, one_line]
    for _ in range(count):
        out.append(text[:rng.randrange(1, len(text))])
        out.append(one_line[rng.randrange(len(one_line)):])
        merged = []
        for line in lines:
            if merged and rng.random() < 0.3:
                merged[-1] += " " + line
            else:
                merged.append(line)
        out.append("\n".join(merged))
        # Odd spacing: doubled spaces and an ideographic space after a sentence.
        out.append(text.replace(" ", "  ", rng.randrange(1, 40)).replace(". ", ".\u3000", 3))
    return out


def split_all(texts):
    """split_inline_marked of every line of every text, in both modes, and of each whole text."""
    out = []
    for text in texts:
        for line in [text] + text.split("\n"):
            out.append([layout.split_inline_marked(line, full) for full in (True, False)])
    return out


def read_all(texts):
    out = []
    for text in texts:
        try:
            out.append(repr(read_text(text)))
        except DocumentReadError as exc:
            out.append(str(exc))
    return out


def fast_path_sources(extra: bool):
    paths = sorted(FIXTURE_DIR.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else [])
    if extra:
        paths = EXTRA_FILES
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.mark.parametrize("extra", [False, pytest.param(True, marks=pytest.mark.skipif(
    not EXTRA_FILES, reason="../shared/corpus/extra not available"))], ids=["fixtures+seeds", "extra"])
def test_fast_paths_agree_with_the_walk_over_every_word(monkeypatch, extra):
    rng = random.Random(6)
    texts = [v for text in fast_path_sources(extra) for v in variants(text, rng, 1 if extra else 3)]
    fast_split, fast_read = split_all(texts), read_all(texts)
    walk_every_word(monkeypatch)
    assert split_all(texts) == fast_split
    assert read_all(texts) == fast_read
    # Not vacuous: the texts do get cut at markers, headings and sub-items.
    assert sum(len(parts[0]) > 1 for parts in fast_split) > 10


def test_words_to_visit_include_every_cut():
    # "[Ghi", the second "Điều" and "BAN" follow plain words: only their own passes find them.
    text = ("QUYẾT NGHỊ: Điều 1. Phạm vi áp dụng a) Xem xét báo cáo; Căn cứ Luật số 12 thực hiện "
            "[Ghi chú] theo quy định Điều 2. Trách nhiệm thi hành của BAN CHỈ ĐẠO trung ương")
    pieces = [piece for pieces, _ in layout.split_inline_marked(text) for piece in pieces]
    assert pieces == ["QUYẾT NGHỊ:", "Điều 1. Phạm vi áp dụng", "a) Xem xét báo cáo;",
                      "Căn cứ Luật số 12 thực hiện", "[Ghi chú]", "theo quy định",
                      "Điều 2. Trách nhiệm thi hành của", "BAN CHỈ ĐẠO", "trung ương"]
    # Where a rule cut (not where a cut jumped to, after a capitals run and "[Ghi chú]").
    ruled = {len(text[:text.index(piece)].split()) for piece in pieces
             if piece.startswith(("Điều", "a)", "Căn", "[", "BAN"))}
    assert len(ruled) == 6 and ruled <= set(layout._words_to_visit(" ".join(text.split()), True))
    assert layout._words_to_visit("2. Về kho lưu trữ số 2.1. Sở Nội vụ", False) == [6]  # "2.1."


def test_word_runs_keep_the_source_spacing():
    rng = random.Random(3)
    for _ in range(3000):
        pieces = ["a", "bộ", " ", "  ", "\u3000", "\n", "x.", "\t"]
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 25)))
        words = text.split()
        if not words:
            continue
        starts = sorted({0} | {rng.randrange(len(words)) for _ in range(3)})
        bounds = list(zip(starts, starts[1:] + [len(words)]))
        spans = [m.span() for m in re.finditer(r"\S+", text)]
        expected = [text[spans[a][0]:spans[b - 1][1]] for a, b in bounds]
        assert layout._word_runs(text, words, " ".join(words), bounds) == expected, (text, bounds)


def test_letter_tests_match_their_definitions():
    # A word holding one of these letters is never capitals: the regex pass relies on it.
    assert "đ" in layout._LOWER_LETTERS and "ế" in layout._LOWER_LETTERS
    assert not any(c.isupper() or not c.isalpha() for c in layout._LOWER_LETTERS)
    words = read_document(seed_path("000")).paragraphs[0].text.split()
    words += ["QUỐC", "HỘI:", "UBND", "Ủy", "T/M", "1.", "ⅰA", "ǅB", "ÀB", "Ab", "A", "AB", "ab", "", "2017"]
    for word in words:
        letters = [c for c in word if c.isalpha()]
        assert layout._is_capitals(word) == (len(letters) >= 2 and all(c.isupper() for c in letters))
        assert layout.is_upper_text(word) == (len(letters) >= 3 and all(c.isupper() for c in letters))


def test_reader_shortcuts_match_their_definitions():
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(["a", " ", "\n", "\x00", "\x07", "\t", "\x1b", "\x0e", "\x0d", "é"])
                       for _ in range(rng.randrange(0, 60)))
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
        assert reader_module._looks_binary(text) == (controls > max(8, len(text) // 100))
        for limit in (0, 1, 3, 40):
            assert reader_module._at_most_words(text, limit) == (len(text.split()) <= limit)


def test_markdown_is_stripped_only_where_its_marks_are():
    def strip_everything(lines):  # the substitutions run on every line, marks or not
        forced = bool(lines) and bool(reader_module._MD_HEADING_RE.match(lines[0]))
        joined = "\n".join(reader_module._MD_HEADING_RE.sub("", line) for line in lines)
        joined = reader_module._BOLD_RE.sub(r"\1", joined)
        joined = reader_module._ITALIC_RE.sub(r"\1", joined).replace("**", "")
        out = [re.sub(r" {2,}", " ", line).strip() for line in joined.split("\n")]
        return [line for line in out if line], forced

    samples = [["## Điều 1.  Phạm vi", "**T/M BAN THƯỜNG VỤ**"], ["a *nghiêng* và **đậm**  ở đây", "  "],
               ["# ", "#không phải tiêu đề", "x * y * z"], ["", "\t*a*", "****"], ["dòng\nhai  dòng"]]
    for path in sorted(SEEDS.glob("004_*.txt")) if SEEDS.exists() else []:  # markdown-marked seed
        samples += [block.split("\n") for block in path.read_text(encoding="utf-8").split("\n\n")]
    for lines in samples:
        assert reader_module._strip_markdown(lines) == strip_everything(lines), lines


def test_crawled_item_heading_run_into_its_text_or_first_sub_item():
    # extra/cv19046-btc-tchq.txt (training): crawled lines where an item's heading runs into the
    # text that repeats its subject, or into the item's first sub-item after a long heading
    echo = ("11. Về thời hạn hàng hóa gửi kho ngoại quan Hàng hóa gửi kho ngoại quan được lưu giữ trong "
            "thời gian không quá 12 tháng kể từ ngày được gửi vào kho ngoại quan.")
    assert [pieces[0] for pieces, _ in layout.split_inline_marked(echo, full=False)] == [
        "11. Về thời hạn hàng hóa gửi kho ngoại quan",
        "Hàng hóa gửi kho ngoại quan được lưu giữ trong thời gian không quá 12 tháng kể từ ngày được "
        "gửi vào kho ngoại quan."]
    sub = ("10. Về thủ tục hải quan đối với hàng hóa nhập khẩu để gia công, sản xuất hàng xuất khẩu 10.1. "
           "Thủ tục hải quan đối với hàng hóa nhập khẩu để gia công: Thực hiện theo quy định tại Thông tư "
           "128/2013/TT-BTC.")
    assert [pieces[0][:12] for pieces, _ in layout.split_inline_marked(sub, full=False)] == [
        "10. Về thủ t", "10.1. Thủ tụ"]
    # a body's name repeated in its own capitals, or a phrase after "hoặc", is no heading's end
    for line in ("1. Hội đồng nhân dân gồm các đại biểu Hội đồng nhân dân do cử tri ở địa phương bầu ra, là "
                 "cơ quan quyền lực nhà nước ở địa phương.",
                 "c) Tờ khai phương tiện vận tải đường bộ tạm nhập - tái xuất hoặc Tờ khai phương tiện vận "
                 "tải đường bộ tạm xuất - tái nhập có xác nhận của Hải quan cửa khẩu."):
        assert len(layout.split_inline_marked(line, full=False)) == 1


GAZETTE_JOINT_ISSUE = EXTRA.parent / "pool" / "congbao" / "thong-tu-so-28-2024-tt-bkhdt-44112.txt"


@pytest.mark.skipif(not GAZETTE_JOINT_ISSUE.exists(), reason="../shared/corpus/pool not available")
def test_gazette_joint_issue_headers_page_numbers_and_signer_stamp_are_dropped():
    # A joint issue ("CÔNG BÁO/Số 317 + 318/Ngày 16-02-2025"), page numbers above the header, and
    # the stamp that opens with "Người ký:" (195 and 178 of the pool's 339 gazette texts).
    doc = read_document(GAZETTE_JOINT_ISSUE)
    assert doc.title == "THÔNG TƯ Hướng dẫn một số nội dung về giám định tư pháp trong lĩnh vực kế hoạch và đầu tư"
    for para in doc.paragraphs:
        assert "CÔNG BÁO" not in para.text and not para.text.startswith(("Người ký:", "Thời gian ký:", "Email:"))
        assert not re.fullmatch(r"\d{1,3}", para.text)  # no page number of its own
    # an item cut by a page break is whole again, and the header is read as a header
    item = find(doc, "1. Hồ sơ đề nghị bổ nhiệm giám định viên tư pháp")
    assert item.text.endswith("cấp mới, cấp lại thẻ giám định viên tư pháp.")
    # header lines only (the gazette's "VĂN BẢN QUY PHẠM PHÁP LUẬT" above them is left out, and its
    # grouping line "BỘ KẾ HOẠCH VÀ ĐẦU TƯ" that the issuer repeats), then the title
    assert [p.kind for p in doc.paragraphs[:6]] == ["header"] * 5 + ["title"]
    assert [p.text for p in doc.paragraphs[:5]].count("BỘ KẾ HOẠCH VÀ ĐẦU TƯ") == 1
    assert doc.paragraphs[0].text == "BỘ KẾ HOẠCH VÀ ĐẦU TƯ"


def test_line_cut_between_a_lead_word_and_its_value_is_joined():
    # pool/hdnd/17-nq-hđnd.txt (no gold) is crawled one line per paragraph, and some lines are
    # cut right after "số" or "ngày": "Căn cứ Thông tư số" / "36/2006/TT-BVHTT ngày ...".
    path = _pool_file("hdnd", "17-nq-hđnd.txt")
    texts = [p.text for p in read_document(path).paragraphs]
    assert any(t.startswith("Căn cứ Thông tư số 36/2006/TT-BVHTT ngày 20 tháng 3 năm 200") for t in texts)
    assert any(t.startswith("Xét Tờ trình số 125/TTr-UBND ngày 03 tháng 7 năm 2017") for t in texts)
    assert not any(t.startswith(("36/2006/TT-BVHTT", "03 tháng 7 năm 2017")) for t in texts)


def test_lead_word_joins_only_the_value_it_can_take():
    from vnadmin_nlp.io.layout import continues_cut_value

    assert continues_cut_value("Căn cứ Nghị định số", "14/2026/NĐ-CP);")
    assert continues_cut_value("Xét Tờ trình số 34/TTr-UBND ngày", "09/6/2017 của Ủy ban nhân dân tỉnh;")
    assert continues_cut_value("ngày 26 tháng 01 năm", "2026 của Chính phủ sửa đổi")
    # a level's label and its amount (pool/hdnd/53-2017-nq-hđnd.txt), not an item after a lead-in
    assert continues_cut_value("thành phố Cần Thơ và thành phố đô thị loại I thuộc tỉnh, mức khoán:",
                               "450.000 đồng/ngày/người.")
    assert not continues_cut_value("Hồ sơ gồm:", "1. Đơn đề nghị")
    # a heading that ends in "số" (digital) before an item, and a table's label and figure
    assert not continues_cut_value("Điều 6. Hợp tác quốc tế về công nghiệp công nghệ số", "1. Ký kết, gia nhập")
    assert not continues_cut_value("Tổng số", "01")
    assert not continues_cut_value("04 năm", "2.500.000")


@pytest.mark.parametrize("name, title, issuer", [
    # Trà Vinh and Đồng Tháp print the Council under the title, then its session, wrapped or not
    ("38-2017-nq-hđnd.txt",
     "NGHỊ QUYẾT QUY ĐỊNH LẬP DỰ TOÁN, QUẢN LÝ, SỬ DỤNG VÀ QUYẾT TOÁN KINH PHÍ BẢO ĐẢM CHO CÔNG TÁC XÂY "
     "DỰNG VĂN BẢN QUY PHẠM PHÁP LUẬT TRÊN ĐỊA BÀN TỈNH TRÀ VINH",
     "HỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH KHÓA IX - KỲ HỌP THỨ 4"),
    ("110-2017-nq-hđnd.txt", None, "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP KHÓA IX - KỲ HỌP THỨ NĂM"),
])
def test_council_under_the_title_is_a_header_and_the_preamble_starts_after_it(name, title, issuer):
    path = Path(default_corpus_root()) / "pool" / "hdnd" / name
    if not path.exists():
        pytest.skip("the shared pool is not beside the clone")
    doc = read_document(path)
    first = [p for p in doc.paragraphs if p.kind in ("title", "header") or p.text.startswith("Căn cứ")][:3]
    assert [p.kind for p in first] == ["title", "header", "body"]
    assert title is None or first[0].text == title
    assert first[1].text == issuer
    assert first[2].text == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;" or \
        first[2].text.startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")


def test_a_title_in_capitals_keeps_its_subject_line_even_when_it_opens_like_a_preamble():
    # A consolidated decree: "NGHỊ ĐỊNH" / "Thực hiện thí điểm ..." is one title, not a title and a
    # preamble ("Thực hiện ..." opens preambles too).
    path = _pool_file("congbao", "van-ban-hop-nhat-so-1166-vbhn-bldtbxh-41572.txt")
    doc = read_document(path)
    assert doc.title.startswith("NGHỊ ĐỊNH Thực hiện thí điểm quản lý lao động, tiền lương, tiền thưởng")


def test_wrapped_line_goes_on_after_a_word_that_cannot_end_a_paragraph():
    # Hard-wrapped Council resolutions (no gold for these lines' layout rule before): a line that
    # stops short is a heading or a paragraph's end, unless it ends with an open word ("được",
    # "tại"), a body's head without its name, or a place cut between its syllables ("Hà" / "Giang").
    root = Path(default_corpus_root()) / "pool" / "hdnd"
    if not (root / "69-2017-nq-hđnd.txt").exists():
        pytest.skip("the shared pool is not beside the clone")
    texts = [p.text for p in read_document(root / "87-nq-hđnd.txt").paragraphs]
    assert "Hội đồng nhân dân tỉnh Hà Giang đã thảo luận và nhất trí," in texts
    paragraphs = read_document(root / "69-2017-nq-hđnd.txt").paragraphs
    texts = [p.text for p in paragraphs]
    assert any(t.startswith("Người cai nghiện ma túy tự nguyện tại Trung tâm với thời gian 6 tháng") for t in texts)
    assert any(t.startswith("1. Người sau cai nghiện ma tuý được Trung tâm giới thiệu việc làm") for t in texts)
    # an article's heading that ends with the body's short name stays a heading of its own
    heading = next(p for p in paragraphs if p.text.startswith("Điều 14. Chế độ đóng góp"))
    assert heading.text.endswith("tại Trung tâm") and heading.kind == "heading"


@pytest.mark.parametrize("name, title", [
    # converted Hà Nội decisions: the type word alone ("**QUYẾT ĐỊNH**", "# QUYẾT ĐỊNH"), the subject
    # on the lines under it, then the issuer as a markdown heading above the preamble
    ("VanBanGoc_QĐ_37.2025.txt", "QUYẾT ĐỊNH Về việc quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức "
                                 "của Thanh tra thành phố Hà Nội"),
    ("VanBanGoc_QĐ_38.2025.txt", "QUYẾT ĐỊNH Về việc sửa đổi, bổ sung một số điều của Quy định ban hành kèm theo "
                                 "Quyết định số 56/2024/QĐ-UBND ngày 06/9/2024 của UBND Thành phố quy định một số "
                                 "nội dung về bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất trên địa "
                                 "bàn thành phố Hà Nội"),
])
def test_converted_decision_title_with_its_subject_and_the_issuer_under_it(name, title):
    path = Path(default_corpus_root()) / "pool" / "hdnd" / name
    if not path.exists():
        pytest.skip("the shared pool is not beside the clone")
    doc = read_document(path)
    assert doc.title == title
    preamble = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
    assert preamble.section == ""
    issuer = [p for p in doc.paragraphs if p.text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"]
    assert issuer and all(p.kind == "header" for p in issuer)


def test_markdown_quotes_lose_their_marks_only_where_a_document_quotes():
    quoted = ("QUYẾT ĐỊNH\n\nVề việc sửa đổi Quy định\n\nĐiều 1. Sửa đổi khoản 2 Điều 10 như sau:\n\n"
              "> “2. Đối với tổ chức:\n>\n> Đối với hệ thống máy móc, dây chuyền sản xuất được bồi thường.”\n\n"
              "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    texts = [p.text for p in read_text(quoted).paragraphs]
    assert "“2. Đối với tổ chức:" in texts
    assert "Đối với hệ thống máy móc, dây chuyền sản xuất được bồi thường.”" in texts
    assert not any(t.startswith(">") for t in texts)
    # no quote's blank line: "> 3.000" in a table is "more than 3,000", kept as it is
    table = "QUYẾT ĐỊNH\n\nVề mức thu\n\nĐiều 1. Mức thu như sau:\n\n> 3.000 lượt khách: 5.000 đồng\n"
    assert any(p.text.startswith("> 3.000") for p in read_text(table).paragraphs)


def _pool_file(folder: str, name: str) -> Path:
    """A document of the shared pool, or the test is skipped (CI has ../shared beside the clone)."""
    path = Path(default_corpus_root()) / "pool" / folder / name
    if not path.exists():
        pytest.skip("the shared pool is not beside the clone")
    return path


def test_a_marker_alone_on_its_line_opens_the_paragraph_under_it():
    # A list marker never ends its paragraph: "Điều 1." or "### 3." alone on its line (a PDF
    # extract, a markdown converter) takes the line under it as its text, in the gazette and the
    # crawled layouts (no gold for these documents). An empty form's "1." / "2." stay apart.
    root = Path(default_corpus_root()) / "pool"
    if not (root / "hdnd" / "77-2017-nq-hđnd.txt").exists():
        pytest.skip("the shared pool is not beside the clone")
    texts = [p.text for p in read_document(root / "hdnd" / "77-2017-nq-hđnd.txt").paragraphs]
    assert any(t.startswith("Điều 1. Ban hành kèm theo Nghị quyết này Quy định mức chi") for t in texts)
    assert "Điều 1." not in texts
    paragraphs = read_document(root / "hdnd" / "VanBanGoc_QĐ_11.2025.txt").paragraphs
    item = next(p for p in paragraphs if p.text.startswith("3. Tổ chức thực hiện các văn bản quy phạm pháp luật"))
    assert item.kind == "body" and item.section.startswith("QUYẾT ĐỊNH: > Điều 2. Nhiệm vụ và quyền hạn")
    article = next(p for p in paragraphs if p.text == "Điều 3. Cơ cấu tổ chức")
    assert article.section == "QUYẾT ĐỊNH:"
    texts = [p.text for p in read_document(root / "congbao" / "nghi-dinh-so-207-2026-nd-cp-469769.txt").paragraphs]
    assert "I. HỒ SƠ CHUẨN BỊ ĐẦU TƯ XÂY DỰNG VÀ HỢP ĐỒNG" in texts and "I." not in texts
    from vnadmin_nlp.io.layout import _starts_new_paragraph

    assert _starts_new_paragraph("1.", "2.", 80, "1.")


def test_a_long_article_title_above_its_items_is_a_heading():
    # An amending circular of the pool (training gold: pool-congbao-thong-tu-so-34-2021-tt-bldtbxh):
    # "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 27/2018/TT-BLĐTBXH ngày ... quy định
    # về ..." runs past 40 words; its items "1. Sửa đổi, bổ sung ..." are under it.
    path = _pool_file("congbao", "thong-tu-so-34-2021-tt-bldtbxh-36490.txt")
    paragraphs = read_document(path).paragraphs
    article = next(p for p in paragraphs if p.text.startswith("Điều 1. Sửa đổi, bổ sung một số điều"))
    assert article.kind == "heading" and len(article.text.split()) > 40
    item = next(p for p in paragraphs if p.text.startswith("1. Sửa đổi, bổ sung điểm b khoản 1 Điều 2"))
    assert item.section == article.text
    # a wrapped reference that opens with "Điều 62" and no stop is no article
    from vnadmin_nlp.io.reader import _is_heading

    reference = "Điều 62 Luật Đất đai số 45/2013/QH13; " + "các nội dung liên quan đến pháp luật " * 8
    assert not _is_heading(reference, 4.0, 5.0, False)


def test_lead_in_item_is_the_section_of_its_dashed_items_and_cut_words_rejoin():
    # pool/hdnd/90-2017-nq-hđnd.txt (training gold): "b) Chi tổ chức các hội nghị ...:" heads its
    # "- Chủ trì cuộc họp ..." lines; "Điều" cut from "2. Hội đồng nhân dân tỉnh giao ..." and a
    # title cut at the dash of "CHÍNH TRỊ - XÃ HỘI" are joined again.
    path = _pool_file("hdnd", "90-2017-nq-hđnd.txt")
    doc = read_document(path)
    assert doc.title.endswith("CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI TRÊN ĐỊA BÀN TỈNH HÀ GIANG")
    paragraphs = doc.paragraphs
    dashed = next(p for p in paragraphs if p.text.startswith("- Chủ trì cuộc họp"))
    assert dashed.section.split(" > ")[-1].startswith("b) Chi tổ chức các hội nghị")
    article = next(p for p in paragraphs if p.text.startswith("Điều 2. Hội đồng nhân dân tỉnh giao"))
    assert article.section == "QUYẾT NGHỊ:"
    assert "Điều" not in [p.text for p in paragraphs]


def test_a_markdown_block_holds_one_paragraph_per_list_item_and_preamble_clause():
    # pool/hdnd/VanBanGoc_QĐ_02.2025.txt (training gold): "2. Việc sử dụng ... sau đây:" with its
    # indented "a) ...;" / "b) ..." in one block, and "Căn cứ ...;" lines ending in markdown line
    # breaks, are one paragraph each; the lead-in is the section of its items.
    path = _pool_file("hdnd", "VanBanGoc_QĐ_02.2025.txt")
    paragraphs = read_document(path).paragraphs
    texts = [p.text for p in paragraphs]
    assert "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;" in texts
    item = next(p for p in paragraphs if p.text.startswith("a) Mua sắm tài sản công, hàng hóa, dịch vụ"))
    assert item.section.split(" > ")[-1].startswith("2. Việc sử dụng Quỹ phát triển hoạt động sự nghiệp")
    assert not any(t.startswith("2. Việc sử dụng") and "a) Mua sắm" in t for t in texts)


def test_letter_items_with_a_stop_and_a_unit_line_cut_from_its_unit():
    # pool/hdnd/63-2017-nq-hđnd.txt (gold of this stop): "2. Học phí hệ trung cấp:" / "a. Hệ đào tạo
    # trong chỉ tiêu ngân sách:" (a letter and a stop) and "ĐVT:" / "Nghìn đồng/tháng/sinh viên".
    path = _pool_file("hdnd", "63-2017-nq-hđnd.txt")
    paragraphs = read_document(path).paragraphs
    texts = [p.text for p in paragraphs]
    assert "a. Hệ đào tạo trong chỉ tiêu ngân sách:" in texts
    assert "ĐVT: Nghìn đồng/tháng/sinh viên" in texts
    assert not any(p.kind == "heading" and p.text.startswith("ĐVT") for p in paragraphs)


def test_a_line_opening_with_a_bracket_and_a_small_letter_goes_on():
    # pool/hdnd/53-2017-nq-hđnd.txt (gold of this stop): "2. Trường hợp đi công tác trong ngày" /
    # "(đi và về trong ngày) thủ trưởng ..." is one item; "(a)" would open one.
    from vnadmin_nlp.io.layout import _starts_lower

    assert _starts_lower("(đi và về trong ngày) thủ trưởng cơ quan, đơn vị quyết định")
    assert not _starts_lower("(a) Mua sắm tài sản")
    path = _pool_file("hdnd", "53-2017-nq-hđnd.txt")
    texts = [p.text for p in read_document(path).paragraphs]
    assert any(t.startswith("2. Trường hợp đi công tác trong ngày (đi và về trong ngày)") for t in texts)


def test_a_lead_in_over_a_sentence_that_opens_with_a_share_stays_apart():
    # pool/congbao/quyet-dinh-so-893-qd-ttg-469593.txt (gold of this stop): "- Nhân lực ứng dụng năng
    # lượng nguyên tử:" / "100% nhân viên bức xạ được ..." are two paragraphs; "...:" / "2%;" is one.
    from vnadmin_nlp.io.layout import continues_cut_value

    assert not continues_cut_value("- Nhân lực ứng dụng năng lượng nguyên tử:",
                                   "100% nhân viên bức xạ được cơ sở tiến hành công việc bức xạ tổ chức")
    assert continues_cut_value("trường hợp không tách riêng được giá trị hàng hoá với giá trị dịch vụ:", "2%;")


def test_a_line_cut_between_a_reference_word_and_an_article_goes_on():
    # pool/congbao/quyet-dinh-so-372-qd-btc-469041.txt (gold of this stop): "... quy định tại" /
    # "Điều 10. ..." is one sentence; "Điều 10 Nghị định này" after "tại" is no article.
    from vnadmin_nlp.io.layout import _line_goes_on

    assert _line_goes_on("được quy định tại", "Chương V Nghị định này.")
    assert _line_goes_on("theo quy định tại khoản 2", "Điều 6 Nghị định số 149/2024/NĐ-CP")
    assert not _line_goes_on("Thông tư này có hiệu lực từ ngày ký.", "Điều 10. Tổ chức thực hiện")


def test_a_chapter_number_alone_on_its_line_takes_the_title_under_it():
    # GUIDELINES §4 Reading: "Chương I" / "QUY ĐỊNH CHUNG" is one heading (pool/hdnd/69-2017-nq-hđnd.txt,
    # training gold); a site note between them keeps the number alone.
    path = _pool_file("hdnd", "69-2017-nq-hđnd.txt")
    paragraphs = read_document(path).paragraphs
    chapter = next(p for p in paragraphs if p.text.startswith("Chương I "))
    assert chapter.kind == "heading" and chapter.text == "Chương I QUY ĐỊNH CHUNG"
    assert not any(p.text in ("Chương I", "QUY ĐỊNH CHUNG") for p in paragraphs)


def test_the_adoption_formula_run_into_the_last_clause_heads_the_articles():
    # pool/tvpl/Nghị_quyết_01_2020_NQ-HĐTP.txt (gold of this stop): "Sau khi có ý kiến của ..., QUYẾT NGHỊ:"
    path = _pool_file("tvpl", "Nghị_quyết_01_2020_NQ-HĐTP.txt")
    paragraphs = read_document(path).paragraphs
    formula = next(p for p in paragraphs if p.text == "QUYẾT NGHỊ:")
    assert formula.kind == "heading"
    assert any(p.text.endswith("Bộ trưởng Bộ Tư pháp,") for p in paragraphs)
    assert next(p for p in paragraphs if p.text.startswith("Điều 1.")).section == "QUYẾT NGHỊ:"


def test_the_note_under_an_attached_title_ends_where_its_bracket_closes():
    # "(Kèm theo Nghị định số ... của Chính phủ)" / "Mã hàng" (a table's first header cell): two paragraphs
    from vnadmin_nlp.io.layout import _starts_new_paragraph

    note = "(Kèm theo Nghị định số 117/2022/NĐ-CP ngày 30 tháng 12 năm 2022 của Chính phủ)"
    assert _starts_new_paragraph(note, "Mã hàng", 90, note)
    assert not _starts_new_paragraph("(Kèm theo Quyết định số 893/QĐ-TTg ngày 26 tháng 5 năm 2026 của",
                                     "Thủ tướng Chính phủ)", 90,
                                     "(Kèm theo Quyết định số 893/QĐ-TTg ngày 26 tháng 5 năm 2026 của")


def test_a_form_or_table_under_its_own_motto_is_body_not_header():
    # pool/congbao/quyet-dinh-so-08-2022-qd-ttg-36945.txt (gold of this stop): an attached form opens with
    # the national motto, then its title and fields ("1. Họ và tên:......"); the fields are body.
    path = _pool_file("congbao", "quyet-dinh-so-08-2022-qd-ttg-36945.txt")
    paragraphs = read_document(path).paragraphs
    fields = [p for p in paragraphs if p.text.startswith("1. Họ và tên")]
    assert fields and all(p.kind != "header" for p in fields)
    assert sum(p.kind == "header" for p in paragraphs) < 60


def test_a_bullet_mark_alone_on_its_line_stays_with_its_item_and_thuoc_goes_on():
    # pool/hdnd/77-2017-nq-hđnd.txt (gold of this stop): "-" / "Mức chi: ..." is "- Mức chi: ..." (no
    # decoration to drop), and "... các Ban thuộc" / "Hội đồng nhân dân tỉnh." is one item.
    path = _pool_file("hdnd", "77-2017-nq-hđnd.txt")
    texts = [p.text for p in read_document(path).paragraphs]
    assert any(t.startswith("- Mức chi:") for t in texts)
    assert "2. Văn phòng Hội đồng nhân dân, các Ban thuộc Hội đồng nhân dân tỉnh." in texts


def test_markdown_underscore_italics_are_taken_off_but_blanks_stay():
    # a converted Hà Nội decision's "_Căn cứ ..._" lines (pool/hdnd/VanBanGoc_QĐ_07.2025.txt)
    from vnadmin_nlp.io.reader import _strip_markdown

    lines, _ = _strip_markdown(["_Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015;_", "Họ và tên: ________"])
    assert lines == ["Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015;", "Họ và tên: ________"]


def test_a_header_set_as_a_markdown_table_is_read_column_by_column():
    # pool/hdnd/VanBanGoc_QĐ_09.2025.txt (gold of this stop): "| | CỘNG HÒA ... |" / "| ỦY BAN NHÂN DÂN |
    # Độc lập - Tự do - Hạnh phúc |" ...: the issuer's column, then the motto's, then the title.
    path = _pool_file("hdnd", "VanBanGoc_QĐ_09.2025.txt")
    doc = read_document(path)
    assert doc.title.startswith("QUYẾT ĐỊNH Bãi bỏ Quyết định số 10/2011/QĐ-UBND")
    header = [p.text for p in doc.paragraphs if p.kind == "header"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Số: 09 /2025/QĐ-UBND" in header
    assert not any(p.text.startswith("|") for p in doc.paragraphs[:8])


def test_an_issuer_set_as_a_markdown_heading_keeps_the_lines_under_it_out_of_the_heading():
    # pool/hdnd/VanBanGoc_QĐ_13.2025.txt (not gold): "### ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" over the
    # first "*Căn cứ ...*" line with no blank line between: the issuer is a line of its own, and the
    # "Căn cứ" clauses are body, not one heading over the rest.
    path = _pool_file("hdnd", "VanBanGoc_QĐ_13.2025.txt")
    paragraphs = read_document(path).paragraphs
    texts = [p.text for p in paragraphs]
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in texts
    first = next(p for p in paragraphs if p.text.startswith("Căn cứ Luật Thủ đô"))
    assert first.text == "Căn cứ Luật Thủ đô ngày 28 tháng 6 năm 2024;" and first.kind == "body"
    assert not any(p.kind == "heading" and "Căn cứ" in p.text for p in paragraphs)


def test_a_compound_cut_at_its_dash_is_joined_again():
    # GUIDELINES §4 Reading: a line break inside a compound ("tổ chức xã hội" / "- nghề nghiệp của luật
    # sư;") joins the paragraph; "- a) ..." and "- Đông lạnh:" open items.
    from vnadmin_nlp.io.layout import _cut_at_dash, _starts_new_paragraph

    assert _cut_at_dash("- nghề nghiệp của luật sư;") and _cut_at_dash("- xã hội.")
    assert not _cut_at_dash("- Đông lạnh:") and not _cut_at_dash("- a) Mua sắm") and not _cut_at_dash("- Ổn định")
    prev = "b) Không báo cáo với cơ quan có thẩm quyền về tổ chức, hoạt động của tổ chức xã hội"
    assert not _starts_new_paragraph(prev, "- nghề nghiệp của luật sư;", 90, prev)


def test_the_country_s_name_in_an_old_law_s_title_is_no_motto():
    # pool/tvpl/Luật_Hải_quan_sửa_đổi_2005.txt (gold of this stop): "LUẬT ... CỦA QUỐC HỘI NƯỚC CỘNG HOÀ
    # XÃ HỘI CHỦ NGHĨA VIỆT NAM SỐ 42/2005/QH11 ..." is one title; in Nghị_quyết_số_23_2003_QH11
    # (training gold) "QUỐC HỘI NƯỚC CỘNG HOÀ ..." after the title is the enacting authority.
    root = Path(default_corpus_root()) / "pool" / "tvpl"
    if not (root / "Luật_Hải_quan_sửa_đổi_2005.txt").exists():
        pytest.skip("the shared pool is not beside the clone")
    title = read_document(root / "Luật_Hải_quan_sửa_đổi_2005.txt").title
    assert title.startswith("LUẬT SỬA ĐỔI") and "NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM SỐ 42/2005/QH11" in title
    doc = read_document(root / "Nghị_quyết_số_23_2003_QH11.txt")
    assert doc.title.endswith("TRƯỚC NGÀY 01 THÁNG 7 NĂM 1991")
    assert "QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [p.text for p in doc.paragraphs if p.kind == "header"]


def test_the_adoption_formula_heads_the_chapters_after_it():
    # GUIDELINES §4: "QUYẾT NGHỊ:" heads the articles, their chapters included.
    text = """NGHỊ QUYẾT
Về giải quyết đối với một số trường hợp cụ thể về nhà đất

ỦY BAN THƯỜNG VỤ QUỐC HỘI

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;

QUYẾT NGHỊ:

Chương 1: NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi áp dụng

Nghị quyết này quy định việc giải quyết đối với nhà đất.

Chương 2: TỔ CHỨC THỰC HIỆN

Điều 2. Chính phủ hướng dẫn thi hành Nghị quyết này.
"""
    paragraphs = read_text(text).paragraphs
    chapter = next(p for p in paragraphs if p.text.startswith("Chương 2"))
    assert chapter.kind == "heading" and chapter.section == "QUYẾT NGHỊ:"
    article = next(p for p in paragraphs if p.text.startswith("Điều 2."))
    assert article.section == "QUYẾT NGHỊ: > Chương 2: TỔ CHỨC THỰC HIỆN"


def test_a_note_of_what_is_attached_ends_at_its_closing_bracket_bracketed_or_not():
    """One pattern for the note, in the layout and the reader: "(Kèm theo ...)" under a title and
    a form's own "Kèm theo đơn này ...(2)" both end at the bracket that closes their line."""
    from vnadmin_nlp.io.layout import ATTACHED_NOTE_RE, _starts_new_paragraph

    form_line = "Kèm theo đơn này các tài liệu theo quy định......................(2)"
    assert _starts_new_paragraph(form_line, "Đề nghị .....(1) xem xét, cấp/cấp lại giấy phép.", 90, form_line)
    assert _starts_new_paragraph("của Thủ tướng Chính phủ)", "DANH MỤC CÁC NHIỆM VỤ", 90,
                                 "(Ban hành kèm theo Quyết định số 12/QĐ-TTg ngày 05 tháng 01 năm 2024")
    assert not _starts_new_paragraph("(Kèm theo Quyết định số 12/QĐ-TTg ngày 05 tháng 01 năm 2024", "của Thủ tướng",
                                     90, "(Kèm theo Quyết định số 12/QĐ-TTg ngày 05 tháng 01 năm 2024")
    assert all(ATTACHED_NOTE_RE.match(t) for t in ("(Kèm theo Nghị quyết số 5)", "( Ban hành kèm theo ...)",
                                                    "Kèm theo đơn này"))
    assert not ATTACHED_NOTE_RE.match("Gửi kèm theo hồ sơ")


def test_markdown_line_break_heading_or_bold_line_before_a_list_item_ends_the_line_above():
    # Converted Hà Nội texts (no gold for these three): the writer ended "1. Trình Ủy ban nhân dân
    # Thành phố" with a markdown line break ("  ") before "a) Dự thảo ...", and put an article's
    # heading ("#### Điều 2. Đối tượng áp dụng") right above its first clause. Neither line is a
    # wrapped sentence running into the item under it.
    doc = read_document(_pool_file("hdnd", "VanBanGoc_QĐ_13.2025.txt"))
    lead = next(p for p in doc.paragraphs if p.text.startswith("1. Trình Ủy ban nhân dân Thành phố"))
    assert lead.text == "1. Trình Ủy ban nhân dân Thành phố" and lead.kind == "heading"
    item = next(p for p in doc.paragraphs if p.text.startswith("a) Dự thảo quyết định"))
    assert item.section.endswith("> 1. Trình Ủy ban nhân dân Thành phố")

    paragraphs = read_document(_pool_file("hdnd", "35.2024.txt")).paragraphs
    heading = next(p for p in paragraphs if p.text.startswith("Điều 2. Đối tượng áp dụng"))
    assert heading.text == "Điều 2. Đối tượng áp dụng" and heading.kind == "heading"
    clause = next(p for p in paragraphs if p.text.startswith("1. Sở, ban, ngành; Mặt trận Tổ quốc"))
    assert clause.kind == "body" and clause.section.endswith("Điều 2. Đối tượng áp dụng")

    # a recipients list keeps its lines together although each ends with a line break
    doc = read_document(_pool_file("hdnd", "VanBanGoc_QĐ_14.2025.txt"))
    recipients = [p for p in doc.paragraphs if p.text.startswith("Nơi nhận")]
    assert recipients and "- Thường trực HĐND Thành phố;" in recipients[0].text


def test_a_gazette_line_cut_inside_a_document_code_after_its_slash_is_joined():
    # congbao/quyet-dinh-so-169-qd-bldtbxh-44203.txt (no gold): "..., Thông tư số 08/2017/" /
    # "TT-BLĐTBXH ngày 10/3/2017 ..." is one sentence, its code one code.
    from vnadmin_nlp.io.layout import continues_cut_value

    texts = [p.text for p in read_document(_pool_file("congbao", "quyet-dinh-so-169-qd-bldtbxh-44203.txt")).paragraphs]
    assert any("Thông tư số 08/2017/ TT-BLĐTBXH ngày 10/3/2017 quy định chuẩn" in t for t in texts)
    assert not any(t.startswith("TT-BLĐTBXH") for t in texts)
    assert continues_cut_value("Ban hành kèm theo TT số 02/2025/", "TT-BLĐTBXH ngày 10/01/2025 của Bộ trưởng")
    # a fraction's slash, or a line under a heading, goes on with no code
    assert not continues_cut_value("đạt tỷ lệ 1/", "Hà Nội đứng đầu")
    assert not continues_cut_value("Hồ sơ gồm:", "TT Tên hồ sơ")


def test_a_signers_title_alone_over_the_name_closes_the_document():
    # A Council chair or a minister signs with the title alone, without "TM." or "KT." above it
    # (no gold for these): the title and the name are the signature, not a heading over a body
    # paragraph; in the converted resolution the recipients come after them.
    doc = read_document(_pool_file("hdnd", "NQso_11.2025.txt"))
    title = next(p for p in doc.paragraphs if p.text == "CHỦ TỊCH")
    name = next(p for p in doc.paragraphs if p.text == "Nguyễn Ngọc Tuấn")
    assert (title.kind, title.section, name.kind, name.section) == ("signature", "", "signature", "")
    assert any(p.kind == "recipients" and p.text.startswith("Nơi nhận") for p in doc.paragraphs)
    # in the gazette, the appendix after a minister's signature is a part of its own
    paragraphs = read_document(_pool_file("congbao", "thong-tu-so-06-2023-tt-bkhdt-40164.txt")).paragraphs
    signer = next(i for i, p in enumerate(paragraphs) if p.text == "Nguyễn Chí Dũng")
    assert paragraphs[signer - 1].text == "BỘ TRƯỞNG" and paragraphs[signer - 1].kind == "signature"
    appendix = paragraphs[signer + 1]
    assert appendix.kind == "heading" and appendix.text.startswith("Phụ lục I. DANH MỤC CHỈ TIÊU")
    # the Minister of Public Security signs with his rank before his name
    paragraphs = read_document(_pool_file("congbao", "thong-tu-so-33-2026-tt-bca-469654.txt")).paragraphs
    signer = next(p for p in paragraphs if p.text == "Đại tướng Lương Tam Quang")
    assert signer.kind == "signature" and signer.section == ""


def test_the_crawls_label_before_a_section_heading_is_left_out():
    # tvpl/Luật_Đất_đai_2024.txt and tvpl/Bộ_luật_dân_sự_2015.txt (no gold): the legal database
    # prints the document's label before each "Mục" of a chapter, on the heading's line or alone.
    paragraphs = read_document(_pool_file("tvpl", "Luật_Đất_đai_2024.txt")).paragraphs
    heading = next(p for p in paragraphs if p.text == "Mục 2. GIÁ ĐẤT")
    assert heading.kind == "heading"
    article = next(p for p in paragraphs if p.text.startswith("Điều 158. Nguyên tắc, căn cứ"))
    assert article.section.endswith("> Mục 2. GIÁ ĐẤT")
    assert not any(p.text.startswith("Luật Đất đai 2024. Mục") for p in paragraphs)
    paragraphs = read_document(_pool_file("tvpl", "Bộ_luật_dân_sự_2015.txt")).paragraphs
    assert any(p.kind == "heading" and p.text == "Mục 2. QUYỀN NHÂN THÂN" for p in paragraphs)


def test_the_closing_formula_after_the_last_article_has_no_section():
    # GUIDELINES §4 (the 31 such paragraphs of the training gold are so): "Nghị quyết này đã được
    # Hội đồng nhân dân ... thông qua ngày ..." closes the document, it is not text of the last Điều.
    doc = read_document(_pool_file("hdnd", "NQso_11.2025.txt"))
    formula = next(p for p in doc.paragraphs if p.text.startswith("Nghị quyết này đã được Hội đồng nhân dân"))
    assert formula.section == ""
    before = next(p for p in doc.paragraphs if p.text.startswith("Nghị quyết này có hiệu lực thi hành"))
    assert before.section == "Điều 3. Điều khoản thi hành"


def test_a_crawled_line_cut_before_a_reference_to_an_article_is_joined():
    # tvpl/Nghị_định_102_2017_NÐ-CP.txt (no gold): "... theo một trong các phương thức quy định tại"
    # / "Điều 13 của Nghị định này." is one clause; the reference opens no article, so the
    # clauses after it stay under their own Điều.
    paragraphs = read_document(_pool_file("tvpl", "Nghị_định_102_2017_NÐ-CP.txt")).paragraphs
    clause = next(p for p in paragraphs if p.text.startswith("2. Việc yêu cầu cấp bản sao văn bản chứng nhận"))
    assert clause.text.endswith("quy định tại Điều 13 của Nghị định này.")
    assert not any(p.text.startswith("Điều 13 của Nghị định này") for p in paragraphs)
    after = paragraphs[paragraphs.index(clause) + 1]
    assert after.text.startswith("3. Trong thời hạn 01 ngày làm việc") and after.section == clause.section
    assert clause.section.split(" > ")[-1].startswith("Điều ")


def test_a_site_note_inside_a_sentence_follows_the_sentence_made_whole():
    # tvpl/Luật_Kinh_doanh_bất_động_sản_2023.txt (no gold): the legal database puts its note where
    # a phrase was replaced, inside the sentence; the sentence is one paragraph, the note its own.
    texts = [p.text for p in read_document(_pool_file("tvpl", "Luật_Kinh_doanh_bất_động_sản_2023.txt")).paragraphs]
    whole = next(t for t in texts if "không phải làm lại hồ sơ dự án, quy hoạch xây dựng" in t)
    assert "quy hoạch xây dựng và giấy phép xây dựng của dự án" in whole and "[" not in whole
    note = texts[texts.index(whole) + 1]
    assert note.startswith("[Cụm từ này bị thay thế bởi Điểm b Khoản 4 Điều 57 Luật Quy hoạch đô thị")
    # the comma after a note goes back to its word
    assert any("kế hoạch sử dụng đất, quy hoạch xây dựng, chương trình, kế hoạch phát triển" in t for t in texts)


def test_each_appendix_after_the_first_is_a_part_of_its_own():
    # congbao/thong-tu-so-33-2026-tt-bkhcn-469775.txt (no gold): "Phụ lục II" / its subject / its
    # note follow the first appendix with no signature between; each opens its own part
    # (GUIDELINES §4: one heading, section "", over all that follows it).
    paragraphs = read_document(_pool_file("congbao", "thong-tu-so-33-2026-tt-bkhcn-469775.txt")).paragraphs
    heads = [p for p in paragraphs if p.kind == "heading" and p.text.startswith("Phụ lục")]
    assert [p.text for p in heads] == ["Phụ lục I MẪU BIỂU TƯỢNG CỦA KIỂM SOÁT VIÊN CHẤT LƯỢNG",
                                       "Phụ lục II MẪU, QUY CÁCH TRANG PHỤC KIỂM SOÁT VIÊN CHẤT LƯỢNG",
                                       "Phụ lục III MẪU BIỂN TÊN, THẺ KIỂM SOÁT VIÊN CHẤT LƯỢNG"]
    assert all(p.section == "" for p in heads)
    shirt = next(p for p in paragraphs if p.text.startswith("Hình 1: Áo sơ mi ngắn tay cho nam"))
    assert shirt.section == heads[1].text
    # a sentence that names an appendix in the text above opens none
    assert any(p.kind == "body" and p.text.endswith("Phụ lục II ban hành kèm theo Thông tư này.") for p in paragraphs)


def test_a_site_note_between_the_words_of_a_title_or_chapter_heading_leaves_it_whole():
    # tvpl/Luật_Tài_nguyên_nước_2023.txt (no gold): "LUẬT [note] TÀI NGUYÊN NƯỚC [note]" on one line
    doc = read_document(_pool_file("tvpl", "Luật_Tài_nguyên_nước_2023.txt"))
    assert doc.title == "LUẬT TÀI NGUYÊN NƯỚC"
    assert not any(p.kind == "heading" and p.text == "TÀI NGUYÊN NƯỚC" for p in doc.paragraphs)
    # tvpl/Bộ_luật_Lao_động_2019.txt: "Chương III [note] HỢP ĐỒNG LAO ĐỘNG" is one heading
    paragraphs = read_document(_pool_file("tvpl", "Bộ_luật_Lao_động_2019.txt")).paragraphs
    assert any(p.kind == "heading" and p.text == "Chương III HỢP ĐỒNG LAO ĐỘNG" for p in paragraphs)


def test_a_clause_under_an_article_heading_of_almost_full_width_opens_its_own_paragraph():
    # congbao/nghi-dinh-so-142-2026-nd-cp-469480.txt (no gold): the heading fills its line nearly to
    # the wrap width, and "1. Nhà cung cấp ..." was read as its continuation.
    paragraphs = read_document(_pool_file("congbao", "nghi-dinh-so-142-2026-nd-cp-469480.txt")).paragraphs
    heading = next(p for p in paragraphs if p.text.startswith("Điều 17. Đánh dấu kỹ thuật"))
    assert heading.kind == "heading" and heading.text.endswith("do hệ thống trí tuệ nhân tạo tạo ra")
    clause = paragraphs[paragraphs.index(heading) + 1]
    assert clause.text.startswith("1. Nhà cung cấp hệ thống trí tuệ nhân tạo phải áp dụng")
    assert clause.section.endswith(heading.text)


def test_the_number_line_under_a_converted_issuer_is_a_header_paragraph_of_its_own():
    # hdnd/VanBanGoc_QĐ_13.2025.txt (no gold): "**ỦY BAN NHÂN DÂN**␣␣" / "**THÀNH PHỐ HÀ NỘI**␣␣" /
    # "Số: 13 /2025/QĐ-UBND": the issuer and the number are header lines of their own (GUIDELINES §4).
    headers = [p.text for p in read_document(_pool_file("hdnd", "VanBanGoc_QĐ_13.2025.txt")).paragraphs
               if p.kind == "header"]
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in headers and "Số: 13 /2025/QĐ-UBND" in headers


def test_the_gazettes_section_heading_above_a_document_is_left_out():
    # congbao/nghi-quyet-so-175-nq-cp-40286.txt (no gold): "VĂN BẢN PHÁP LUẬT KHÁC" heads the
    # gazette's section, above the issuer; it is no line of the resolution (GUIDELINES §4).
    paragraphs = read_document(_pool_file("congbao", "nghi-quyet-so-175-nq-cp-40286.txt")).paragraphs
    assert not any(p.text.startswith("VĂN BẢN") for p in paragraphs[:5])
    assert paragraphs[0].kind == "header" and paragraphs[0].text == "CHÍNH PHỦ"


def test_a_news_sub_heading_is_not_cut_before_a_name_and_its_comma():
    # News copies run their sub-headings into the text; a capitalised word with a comma after it
    # closes a name inside the sentence, never a sub-heading: pool/news/22264933 (no gold) prints
    # "Cuối đại lộ Strip, tuyến đường ..." and "Xuất thân từ bang Indiana, ông ...", and the
    # training gold pool-news-22617814 "... công tác xây dựng Đảng, mức độ phân cấp ...".
    texts = [p.text for p in read_document(_pool_file("news", "22264933.txt")).paragraphs]
    assert not any(t.startswith(("Strip,", "Indiana,")) for t in texts)
    assert any("Cuối đại lộ Strip, tuyến đường" in t for t in texts)
    assert any("Xuất thân từ bang Indiana, ông" in t for t in texts)
    paragraphs = read_document(_pool_file("news", "22617814.txt")).paragraphs
    assert not any(p.text.startswith("Đảng, mức độ phân cấp") for p in paragraphs)
    assert not any(p.section.endswith("Công tác xây dựng") for p in paragraphs)


def test_documents_cited_after_a_colon_stay_in_their_sentence():
    # pool/congbao/nghi-quyet-so-126-nq-cp-469505.txt (training gold) wraps "... tại các Tờ trình:" /
    # "Số 202/TTr-BVHTTDL ngày 11 tháng 5 năm 2026, ...": one sentence; a header's number line and
    # a list item after a colon still open their own paragraphs.
    from vnadmin_nlp.io.layout import _starts_new_paragraph

    lead = "1. Đồng ý chủ trương chuyển giao ... theo đề nghị của Bộ trưởng tại các Tờ trình:"
    assert not _starts_new_paragraph(lead, "Số 202/TTr-BVHTTDL ngày 11 tháng 5 năm 2026, số 192/TTr-BVHTTDL", 80)
    assert _starts_new_paragraph(lead, "a) Số lượng cán bộ được giữ nguyên;", 80)
    texts = [p.text for p in read_document(_pool_file("congbao", "nghi-quyet-so-126-nq-cp-469505.txt")).paragraphs]
    assert not any(t.startswith("Số 202/TTr-BVHTTDL") for t in texts)
    assert any("tại các Tờ trình: Số 202/TTr-BVHTTDL" in t for t in texts)


def test_header_parts_run_on_by_a_converter_are_paragraphs_of_their_own():
    # Hà Nội texts converted to markdown/HTML run the header's parts together with <br> or a
    # markdown line break (training gold pool-hdnd-VanBanGoc_68.2024 and VanBanGoc_QĐ_38.2025 have
    # issuer, number, motto, motto, place and date apart, GUIDELINES §4); a form's own header in an
    # appendix stays with its form, and an article heading with its title is one line of markdown.
    texts = [p.text for p in read_document(_pool_file("hdnd", "VanBanGoc_68.2024.txt")).paragraphs[:5]]
    assert texts == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Số: 68 /2024/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 05 tháng 12 năm 2024"]
    paragraphs = read_document(_pool_file("hdnd", "VanBanGoc_QĐ_38.2025.txt")).paragraphs
    assert "Số: 38 /2025/QĐ-UBND" in [p.text for p in paragraphs[:6]]
    article = next(p for p in paragraphs if p.text.startswith("Điều 4."))
    assert article.text == "Điều 4. Điều khoản thi hành" and article.kind == "heading"
    following = paragraphs[paragraphs.index(article) + 1]
    assert following.text.startswith("Quyết định này có hiệu lực") and following.section.endswith(article.text)
    # emphasis inside the place and date ("Hà Nội, ngày _16_ tháng _4_ năm 2025", training gold)
    texts = [p.text for p in read_document(_pool_file("hdnd", "VanBanGoc_QĐ_32.2025.txt")).paragraphs[:5]]
    assert texts[3:] == ["Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 16 tháng 4 năm 2025"]
    form = [p.text for p in read_document(_pool_file("hdnd", "VanBanGoc_QĐ_40.2025.txt")).paragraphs[20:]]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in form


def test_a_table_header_repeated_at_a_page_break_is_left_out():
    # pool/congbao/nghi-quyet-so-6617-2026-nq-cp-469565.txt (training gold): the appendix table's
    # header "STT" / "Ngành, nghề" is printed again at the top of every page; the gold deletes the
    # copies (GUIDELINES §4, twentieth batch), which were read as the last cells of the row above.
    texts = [p.text for p in read_document(_pool_file("congbao", "nghi-quyet-so-6617-2026-nq-cp-469565.txt")).paragraphs]
    assert texts.count("STT\nNgành, nghề") == 1
    assert "21\nKinh doanh dịch vụ xếp hạng tín nhiệm" in texts
    assert not any(t.endswith("STT\nNgành, nghề") and t != "STT\nNgành, nghề" for t in texts)


def test_an_issuer_over_two_lines_and_a_subject_in_capitals_join_in_a_line_per_paragraph_copy():
    # pool/hdnd/NQso_11.2025.txt (training gold): "HỘI ĐỒNG NHÂN DÂN<br>THÀNH PHỐ HÀ NỘI" is one
    # issuer, and "NGHỊ QUYẾT" / "VỀ SỬA ĐỔI, BỔ SUNG ..." one title, as the gold has them.
    paragraphs = read_document(_pool_file("hdnd", "NQso_11.2025.txt")).paragraphs
    assert (paragraphs[0].kind, paragraphs[0].text) == ("header", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    title = next(p for p in paragraphs if p.kind == "title")
    assert title.text.startswith("NGHỊ QUYẾT VỀ SỬA ĐỔI, BỔ SUNG MỘT SỐ NỘI DUNG")
    # the same in a plain line-per-paragraph text; the motto under the issuer stays apart
    from vnadmin_nlp.io.reader import read_text

    texts = [p.text for p in read_text("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                       "Độc lập - Tự do - Hạnh phúc\nSố: 5/2025/QĐ-UBND\nQUYẾT ĐỊNH\n"
                                       "Về việc X\nĐiều 1. Y\n").paragraphs]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_a_converters_image_is_no_text():
    # Hà Nội conversions put the seal or a form's picture as a markdown image ("![Ký tên, đóng dấu
    # đỏ]", "![mẫu 02](https://...)"); the gold deletes them (pool-hdnd-VanBanGoc_QĐ_38.2025).
    from vnadmin_nlp.io.reader import read_text

    texts = [p.text for p in read_text("QUYẾT ĐỊNH\n\nVề việc X\n\nĐiều 1. Ban hành mẫu:\n\n"
                                       "![mẫu 02](https://example.org/m.png)\n\nTM. ỦY BAN NHÂN DÂN\n"
                                       "CHỦ TỊCH\n\n![Ký tên, đóng dấu đỏ]\n\nTrần Sỹ Thanh\n").paragraphs]
    assert not any("![" in t or "đóng dấu" in t for t in texts)
    assert "Trần Sỹ Thanh" in texts
    texts = [p.text for p in read_document(_pool_file("hdnd", "VanBanGoc_QĐ_38.2025.txt")).paragraphs]
    assert not any("![" in t for t in texts)


@pytest.mark.parametrize("name, issuer", [
    # The gazette's grouping line, then the document's own issuer wrapped in its column.
    ("thong-tu-so-12-2021-tt-bldtbxh-34567.txt", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    # The grouping line, then the same issuer on one line.
    ("nghi-dinh-so-112-2021-nd-cp-34959.txt", "CHÍNH PHỦ"),
    # The issuer's country on a line of its own under its name.
    ("thong-tu-so-13-2026-tt-nhnn-469590.txt", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"),
])
def test_a_gazette_header_gives_its_issuer_once_and_whole(name, issuer):
    path = default_corpus_root() / "pool" / "congbao" / name
    if not path.exists():
        pytest.skip("the pool corpus is not beside the repository")
    head = [" ".join(p.text.split()) for p in read_document(path).paragraphs[:6]]
    assert head.count(issuer) == 1, head
    assert not any(text.startswith("VÀ ") for text in head), head
    assert head[0] == issuer


def test_a_consolidated_texts_title_keeps_its_footnote_mark_and_leaves_the_note_out():
    # congbao/van-ban-hop-nhat-so-08-vbhn-btc-469538.txt: "THÔNG TƯ1" (the footnote's number glued
    # to the type word), its subject, then the footnote listing the documents it consolidates.
    path = default_corpus_root() / "pool" / "congbao" / "van-ban-hop-nhat-so-08-vbhn-btc-469538.txt"
    if not path.exists():
        pytest.skip("the pool corpus is not beside the repository")
    doc = read_document(path)
    assert doc.title.startswith("THÔNG TƯ1 Quy định giao dịch cổ phiếu niêm yết")
    assert "Thông tư số 120/2020/TT-BTC" not in doc.title
    assert any(p.text.startswith("Thông tư số 120/2020/TT-BTC ngày 31 tháng 12 năm 2020")
               for p in doc.paragraphs)


def test_a_chapter_number_and_its_title_under_markdown_marks_are_one_heading_without_them():
    # hdnd/VanBanGoc_70.2024.txt: "## Chương I" / "### QUY ĐỊNH CHUNG".
    path = default_corpus_root() / "pool" / "hdnd" / "VanBanGoc_70.2024.txt"
    if not path.exists():
        pytest.skip("the pool corpus is not beside the repository")
    doc = read_document(path)
    assert "Chương I QUY ĐỊNH CHUNG" in [p.text for p in doc.paragraphs]
    assert not any("#" in p.text for p in doc.paragraphs)


def test_a_lead_ins_text_opening_with_thuc_hien_stays_in_its_paragraph():
    # hdnd/VanBanGoc_QĐ_18.2025.txt: "a) Tham mưu, giúp Ủy ban nhân dân Thành phố:" / "Thực hiện công
    # tác quản lý ...": "Thực hiện" after a lead-in's colon is its text, not a preamble clause.
    path = default_corpus_root() / "pool" / "hdnd" / "VanBanGoc_QĐ_18.2025.txt"
    if not path.exists():
        pytest.skip("the pool corpus is not beside the repository")
    texts = [p.text for p in read_document(path).paragraphs]
    lead_in = "a) Tham mưu, giúp Ủy ban nhân dân Thành phố: Thực hiện công tác quản lý địa giới"
    assert any(t.startswith(lead_in) for t in texts)
    assert "a) Tham mưu, giúp Ủy ban nhân dân Thành phố:" not in texts


NORMS_WITH_DEGREES = EXTRA.parent / "pool" / "hdnd" / "VanBanGoc_QĐ_08.2025.txt"


@pytest.mark.skipif(not NORMS_WITH_DEGREES.exists(), reason="../shared/corpus/pool not available")
def test_a_degree_sign_is_not_a_footnote_marker():
    # "Cồn 96⁰" (alcohol of 96 degrees) in a table of norms: a note's number never starts with 0.
    doc = read_document(NORMS_WITH_DEGREES)
    assert sum("| Cồn 96⁰ | ml |" in p.text for p in doc.paragraphs) == 3
    assert reader_module._strip_footnote_markers("tỉnh¹ và 25⁰C") == "tỉnh và 25⁰C"


LIST_AFTER_SIGNATURE = EXTRA.parent / "pool" / "hdnd" / "VanBanGoc_QĐ_11.2025.txt"
GAZETTE_PAGE_NUMBER_TWICE = EXTRA.parent / "pool" / "congbao" / "nghi-quyet-so-175-nq-cp-40286.txt"


@pytest.mark.skipif(not LIST_AFTER_SIGNATURE.exists(), reason="../shared/corpus/pool not available")
def test_a_list_attached_after_the_signature_is_an_appendix_heading_over_its_rows():
    # "DANH SÁCH CÁC ĐƠN VỊ SỰ NGHIỆP CÔNG LẬP" / "THUỘC SỞ ..." / "(kèm theo Quyết định ...)", then
    # a table: the two title lines are one heading, the note is its own, the rows lie under it.
    doc = read_document(LIST_AFTER_SIGNATURE)
    heading = find(doc, "DANH SÁCH CÁC ĐƠN VỊ")
    assert heading.kind == "heading" and heading.text.endswith("THUỘC SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    assert find(doc, "(kèm theo Quyết định").section == ""
    row = find(doc, "| 1 | Trường Trung học phổ thông chuyên Chu Văn An")
    assert row.section == heading.text


@pytest.mark.skipif(not GAZETTE_PAGE_NUMBER_TWICE.exists(), reason="../shared/corpus/pool not available")
def test_a_gazette_page_number_printed_twice_under_the_header_is_dropped():
    # "CÔNG BÁO/Số 1091 + 1092/Ngày 03-11-2023" / "81" / "" / "" / "81": both numbers are the page's.
    doc = read_document(GAZETTE_PAGE_NUMBER_TWICE)
    assert not any(p.text.strip() == "81" for p in doc.paragraphs)


def test_a_signed_copys_mark_is_no_text():
    # "(Đã ký)" after a signer's name, "(đã ký, đóng dấu)" in italics between the title and the name,
    # "[daky]": notes of the copy, deleted (GUIDELINES §4); a form's "(Ký tên, đóng dấu)" stays.
    doc = read_text("QUYẾT ĐỊNH\n\nĐiều 1. Quyết định này có hiệu lực từ ngày ký.\n\n"
                    "TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH  \n*(Đã ký, đóng dấu)*  \n**Trần Văn A**\n\n"
                    "Mẫu số 01\n\nNGƯỜI KÊ KHAI\n(Ký tên, đóng dấu)\n")
    kinds_texts = [(p.kind, p.text) for p in doc.paragraphs]
    assert ("signature", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") in kinds_texts
    assert ("signature", "Trần Văn A") in kinds_texts
    assert ("body", "NGƯỜI KÊ KHAI (Ký tên, đóng dấu)") in kinds_texts
    assert reader_module._SIGNED_MARK_RE.sub("", "Nguyễn Văn An (Đã ký)") == "Nguyễn Văn An"


def test_a_tax_circulars_sub_points_are_items_not_continuations():
    # "g.1) Đối với con:" / "g.1.1) Con dưới 18 tuổi: ..." / "g.1.2) ... gồm:" / "g.1.2.1) Bản chụp ...":
    # each opens a paragraph, deeper under the point above it.
    doc = read_text("THÔNG TƯ\n\nĐiều 1. Hồ sơ\n\n"
                    "g.1) Đối với con, hồ sơ chứng minh gồm:\n"
                    "g.1.1) Bản chụp Giấy khai sinh.\n"
                    "g.1.2) Bản chụp Chứng minh nhân dân.\n\n"
                    "g.2) Đối với vợ hoặc chồng, hồ sơ chứng minh gồm:\n"
                    "g.2.1) Bản chụp Căn cước công dân.\n")
    items = {p.text: p for p in doc.paragraphs}
    assert "g.1.1) Bản chụp Giấy khai sinh." in items and "g.2.1) Bản chụp Căn cước công dân." in items
    assert items["g.1.2) Bản chụp Chứng minh nhân dân."].section.endswith("g.1) Đối với con, hồ sơ chứng minh gồm:")
    assert reader_module._marker_level("g.1.1) Bản chụp") > reader_module._marker_level("g.1) Đối với") > 9.0
