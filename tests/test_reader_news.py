"""News copies (the pool's news/): headline, lead, then the whole article on one line with the
paper's sub-headings run into the text (GUIDELINES §4 "News copies"). Text copied from training
news files (pool/news/22290422.txt, 21512447.txt), never from the set-aside test."""

from pathlib import Path

import pytest

from vnadmin_nlp.io.layout import detect_layout
from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.reader import read_text
from vnadmin_nlp.io.standoff import default_corpus_root

HEADLINE = "Chủ tịch tỉnh, thành phố phải tuyên chiến với 'cát tặc', 'lâm tặc'"
LEAD = ("Đoàn Chủ tịch UBTW MTTQVN kiến nghị nội dung này và đề nghị coi đây là tiêu chí đánh giá thực "
        "hiện Nghị quyết Trung ương 4.")
BODY = (
    "Chiều nay (16/5), Ủy ban Thường vụ Quốc hội đã nghe Báo cáo tổng hợp ý kiến, kiến nghị của cử tri "
    "và nhân dân gửi đến Kỳ họp thứ 3, Quốc hội khóa XIV và Báo cáo kết quả giám sát việc giải quyết kiến "
    "nghị của cử tri gửi đến kỳ họp thứ 2, Quốc hội khóa XIV. Xử lý nghiêm cán bộ sai phạm thể hiện quyết "
    "tâm và trách nhiệm Trình bày báo cáo tổng hợp ý kiến, kiến nghị của cử tri, ông Trần Thanh Mẫn – Phó "
    "Chủ tịch, Tổng Thư ký Ủy ban Trung ương MTTQ Việt Nam cho biết, cử tri và nhân dân ghi nhận những kết "
    "quả của công tác đấu tranh phòng, chống tham nhũng của Đảng và Nhà nước trong thời gian qua. Tuy vậy, "
    "ở cấp tỉnh, huyện, xã còn bao nhiêu vấn đề bức xúc, nhất là về an sinh xã hội. “Đối với cấp Trung "
    "ương thì không có vấn đề gì lớn, nhưng bức xúc nhiều là ở địa phương với những vụ việc cụ thể.” – ông "
    "Võ Trọng Việt thẳng thắn. Cũng theo ông Võ Trọng Việt, với những kiến nghị cử tri lặp đi lặp lại về "
    "vấn đề lớn cần đề xuất Ban Dân nguyện có những giám sát chuyên đề./. Ngọc Thành/VOV.VN"
)
TEXT = "\n".join([HEADLINE, LEAD, BODY]) + "\n"


@pytest.fixture(scope="module")
def doc():
    assert detect_layout(TEXT) == "oneline"
    return read_text(TEXT)


def _starting(doc, prefix):
    return [p for p in doc.paragraphs if p.text.startswith(prefix)]


def test_headline_is_the_title(doc):
    assert doc.title == HEADLINE
    assert doc.paragraphs[0].kind == "title" and doc.paragraphs[0].text == HEADLINE


def test_lead_is_one_paragraph_not_cut_at_a_name(doc):
    assert doc.paragraphs[1].text == LEAD
    assert not _starting(doc, "UBTW") and not any(p.text == "Đoàn Chủ tịch" for p in doc.paragraphs)


def test_run_in_sub_heading_is_split_off_and_heads_a_section(doc):
    heading = "Xử lý nghiêm cán bộ sai phạm thể hiện quyết tâm và trách nhiệm"
    [para] = _starting(doc, heading)
    assert para.text == heading and para.kind == "heading"
    [after] = _starting(doc, "Trình bày báo cáo tổng hợp")
    assert after.kind == "body" and after.section == heading
    # the sentence before the heading ends the paragraph
    assert _starting(doc, "Chiều nay (16/5)")[0].text.endswith("Quốc hội khóa XIV.")


def test_no_cut_at_names_after_titles_or_inside_quotes(doc):
    texts = [p.text for p in doc.paragraphs]
    assert not any(t.startswith(("Trần Thanh Mẫn", "Trung ương thì", "Võ Trọng Việt")) for t in texts)
    assert not any(p.kind == "heading" for p in doc.paragraphs
                   if p.text.startswith(("“Đối với cấp", "Cũng theo ông", "Trình bày")))
    # the sentence with "ông Trần Thanh Mẫn" stays whole
    assert any("cử tri, ông Trần Thanh Mẫn – Phó Chủ tịch" in t for t in texts)


def test_article_split_at_new_speaker_and_byline(doc):
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Tuy vậy, ở cấp tỉnh") for t in texts)
    assert any(t.startswith("Cũng theo ông Võ Trọng Việt") for t in texts)
    assert texts[-1] == "Ngọc Thành/VOV.VN"
    # the byline closes the copy as a signature closes a document (labelled other, its name a PERSON)
    assert doc.paragraphs[-1].kind == "signature"
    assert all(p.kind != "signature" for p in doc.paragraphs[:-1])


def test_sub_heading_after_a_year_and_document_titles():
    # pool/news/21512447.txt: a digest, each item under a run-in sub-heading
    body = (
        "Chính phủ ban hành Nghị quyết 19-2017/NQ-CP ngày 6/2/2017 về tiếp tục thực hiện những nhiệm vụ, giải "
        "pháp chủ yếu cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc gia năm 2017, định "
        "hướng đến năm 2020. Tái cơ cấu ngành điện giai đoạn 2016 - 2020 Nâng cao hiệu quả sản xuất kinh doanh "
        "của ngành điện gắn với việc tiếp tục thực hiện chuyển đổi hoạt động của ngành điện theo cơ chế thị "
        "trường là mục tiêu của Đề án tái cơ cấu ngành điện giai đoạn 2016 - 2020, định hướng đến năm 2025. "
        "Lưu chiểu điện tử báo nói, báo hình, báo điện tử Chính phủ ban hành Nghị định quy định về lưu chiểu "
        "điện tử đối với loại hình báo nói, báo hình và báo điện tử."
    )
    doc = read_text("Chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ nổi bật tuần từ 6-10/2\n"
                    "Ảnh Internet\n" + body + "\n")
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    # "... báo điện tử Chính phủ ban hành": a name after a lower-case word is not cut (it could be
    # the object of a sentence); after a year it starts the text under the sub-heading
    assert headings == ["Tái cơ cấu ngành điện giai đoạn 2016 - 2020"]
    [after] = [p for p in doc.paragraphs if p.text.startswith("Nâng cao hiệu quả")]
    assert after.section == "Tái cơ cấu ngành điện giai đoạn 2016 - 2020"
    assert doc.title.startswith("Chỉ đạo, điều hành của Chính phủ")


def test_one_line_directive_copy_is_not_a_news_article():
    # extra/ct20-2017-ttg.txt style: no headline, the directive on one line: read as before
    text = ("Chỉ thị nêu rõ, thực hiện Nghị quyết Đại hội Đảng lần thứ XII và các mục tiêu phát triển kinh "
            "tế-xã hội 5 năm 2016-2020, Chính phủ, Thủ tướng Chính phủ đã ban hành nhiều nghị quyết. " * 6)
    doc = read_text(text.strip() + "\n")
    assert doc.title == ""


@pytest.mark.skipif(not (default_corpus_root() / "pool" / "news" / "22290422.txt").exists(),
                    reason="the shared corpus is not here")
def test_pool_news_file():
    from vnadmin_nlp.pipeline import read_document

    doc = read_document(Path(default_corpus_root()) / "pool" / "news" / "22290422.txt")
    assert doc.title == HEADLINE
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert "Xử lý nghiêm cán bộ sai phạm thể hiện quyết tâm và trách nhiệm" in headings
    assert "Bức xúc chủ yếu là ở địa phương" in headings
    assert not any(h.startswith(("“", "Cũng theo", "Trình bày", "Đoàn Chủ tịch")) for h in headings)


def test_long_sub_heading_and_a_name_running_into_the_subject():
    # pool/news/21512447.txt (training): a 21-word sub-heading with a comma, and a heading that
    # ends in a place name ("chùa Côn Sơn") right before the subject of its text
    body = (
        "Chính phủ đã ra Nghị quyết 25/NQ-CP ban hành Chương trình hành động của Chính phủ. "
        "Nghị quyết về giải pháp chủ yếu cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh "
        "năm 2017 Chính phủ ban hành Nghị quyết 19-2017/NQ-CP ngày 6/2/2017 về tiếp tục thực hiện những "
        "nhiệm vụ, giải pháp chủ yếu cải thiện môi trường kinh doanh. Nghị quyết 19-2017/NQ-CP đặt mục "
        "tiêu đến hết năm 2017, đạt tối thiểu bằng trung bình của các nước ASEAN 4 trên các chỉ tiêu về môi "
        "trường kinh doanh, cụ thể là khởi sự kinh doanh thuộc nhóm 70 nước đứng đầu; Bảo vệ nhà đầu tư "
        "thiểu số thuộc nhóm 80 nước. Tu bổ, tôn tạo di tích chùa Côn Sơn "
        "Thủ tướng Chính phủ đã phê duyệt chủ trương đầu tư dự án tu bổ, tôn tạo di tích chùa Côn Sơn, "
        "tỉnh Hải Dương."
    )
    assert len(body) > 600  # an article line, split by the news reader
    doc = read_text("Chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ nổi bật tuần từ 6-10/2\n"
                    "Ảnh Internet\n" + body + "\n")
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings == ["Nghị quyết về giải pháp chủ yếu cải thiện môi trường kinh doanh, nâng cao năng "
                        "lực cạnh tranh năm 2017", "Tu bổ, tôn tạo di tích chùa Côn Sơn"]
    [after] = [p for p in doc.paragraphs if p.text.startswith("Thủ tướng Chính phủ đã phê duyệt")]
    assert after.section == "Tu bổ, tôn tạo di tích chùa Côn Sơn"


def test_no_cut_before_a_name_that_starts_like_a_clause_opener():
    # pool/news/22339869.txt (unlabelled): "Đối" opens a clause only as "Đối với"; here it is the
    # first word of a name ("Hiệp định Đối tác xuyên Thái Bình Dương")
    body = (
        "Trong những tháng đầu năm 2017, tình hình thế giới và khu vực tiếp tục diễn biến phức tạp; xung "
        "đột, căng thẳng diễn ra ở nhiều nơi. Kinh tế thế giới có dấu hiệu khởi sắc nhưng còn tiềm ẩn nhiều "
        "yếu tố bất ổn, rủi ro. Thương mại, đầu tư quốc tế tăng chậm; bảo hộ thương mại có xu hướng gia "
        "tăng ở nhiều quốc gia. Thị trường tài chính, tiền tệ và giá dầu thô có nhiều biến động. Tiến trình "
        "Hiệp định Đối tác xuyên Thái Bình Dương (TPP) không đạt được như dự kiến. Trong nước, những hạn "
        "chế, yếu kém tích tụ từ nhiều năm trước tiếp tục bộc lộ rõ hơn, nhất là về năng suất, chất lượng, "
        "hiệu quả và sức cạnh tranh của nền kinh tế còn thấp... đã ảnh hưởng không nhỏ tới sự phát triển "
        "KT-XH của đất nước."
    )
    assert len(body) > 600  # an article line, split by the news reader
    doc = read_text("Chính phủ báo cáo tình hình kinh tế - xã hội năm 2017\nLead.\n" + body + "\n")
    assert not [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert any("biến động. Tiến trình Hiệp định Đối tác xuyên Thái" in p.text for p in doc.paragraphs)


def test_no_sub_heading_cut_before_a_code_or_an_abbreviation_with_a_hyphen():
    # pool/news/22651230.txt (unlabelled) and 22414520.txt (training news): "chụp | CT-Scanner" and
    # "quý | I/2017" are objects of the sentence, not the text under a sub-heading.
    from vnadmin_nlp.pipeline import read_document

    news = Path(default_corpus_root()) / "pool" / "news"
    for name, inside in (("22651230.txt", "dịch vụ chụp CT-Scanner tới 12 lần"),
                         ("22414520.txt", "Tính đến quý I/2017, đã có 10/30 bộ")):
        doc = read_document(news / name)
        assert not [p.text for p in doc.paragraphs if p.text.startswith(("CT-Scanner", "I/2017"))]
        assert any(inside in p.text and p.kind != "heading" for p in doc.paragraphs), name


def test_no_sub_heading_that_opens_a_sentence_or_ends_in_a_conjunction():
    # pool/news/22271544.txt, 22404491.txt ... (training): "Sau vụ tai nạn, Công ty Phong Châu ..."
    # is an adverbial and the subject; "Dự kiến nếu Quốc hội thông qua ..." a conditional clause
    news = Path(default_corpus_root()) / "pool" / "news"
    if not news.exists():
        pytest.skip("the shared pool is not beside the clone")
    headings = [p.text for name in ("22271544", "22404491", "22261928", "22677080")
                for p in read_document(news / f"{name}.txt").paragraphs if p.kind == "heading"]
    assert not any(h.startswith(("Sau vụ tai nạn", "Sau đó", "Dự kiến nếu")) for h in headings)
    # nor one that a body's name or a title runs through: "Đại diện Công ty chế biến thực phẩm |
    # Đông Đô dẫn chứng", "Việc thiết lập quan hệ Đối tác | Chiến lược năm 2007" (22261928, 22677080)
    assert not any(h.startswith(("Đại diện Công ty", "Việc thiết lập quan hệ")) for h in headings)
    texts = [p.text for p in read_document(news / "22404491.txt").paragraphs]
    assert any("Dự kiến nếu Quốc hội thông qua báo cáo nghiên cứu khả thi" in t for t in texts)


# A page's blocks joined by the crawler keep two spaces after a sub-heading (pool/news/22496420.txt,
# training), a photo caption's name or a byline (22290422.txt, 22743968.txt, training); the
# reader splits such a line when it holds a whole article (over 600 characters).
SPACED = (
    "Phó Thủ tướng yêu cầu theo dõi, giám sát chặt chẽ tình hình thực tiễn của các ngành để điều chỉnh "
    "kịp thời. Tái cơ cấu nợ công  Bộ trưởng Bộ Tài chính Đinh Tiến Dũng cho biết, tăng trưởng tín dụng "
    "được kiểm soát phù hợp với chỉ tiêu của Quốc hội và Chính phủ trong năm nay. Các kiến nghị của cử "
    "tri được chuyển đến cơ quan có thẩm quyền. Trưởng Ban Dân nguyện Nguyễn Thanh Hải  Các kiến nghị "
    "của cử tri đề cập đến mọi lĩnh vực của đời sống xã hội, nhất là công tác quản lý đất đai ở địa "
    "phương. Ông đề nghị các bộ tiếp tục rà soát các quy định pháp luật liên quan, sửa đổi những quy "
    "định còn chồng chéo và báo cáo kết quả tại phiên họp tới. Đức Dũng  (TTXVN)"
)


def test_sub_heading_set_apart_by_two_spaces_heads_a_section():
    assert len(SPACED) > 600
    doc = read_text("\n".join(["Chính phủ họp phiên thường kỳ tháng 5", "Sáng 2/6, Chính phủ họp.", SPACED]))
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings == ["Tái cơ cấu nợ công"]
    [after] = _starting(doc, "Bộ trưởng Bộ Tài chính")
    assert after.section == "Tái cơ cấu nợ công"
    # a caption's name and a byline before two spaces are not sub-headings
    assert not any("Nguyễn Thanh Hải" in h or h.startswith("Đức Dũng") for h in headings)


def test_starred_sub_heading_is_split_off():
    # pool/news/22733401.txt (training): the paper stars its sub-headings
    text = "\n".join([
        "Công bố Lệnh của Chủ tịch nước về công bố 6 Luật",
        "Sáng 12/7, Văn phòng Chủ tịch nước tổ chức họp báo.",
        "Luật hỗ trợ doanh nghiệp nhỏ và vừa bao gồm: hỗ trợ chuyển đổi từ hộ kinh doanh; hỗ trợ khởi "
        "nghiệp đổi mới sáng tạo; hỗ trợ tham gia cụm liên kết ngành. Luật có hiệu lực từ ngày 1/1/2018. "
        "* Thúc đẩy hoạt động chuyển giao công nghệ Luật Chuyển giao công nghệ gồm 60 điều, được bố cục "
        "thành 6 chương. Trên cơ sở kế thừa các nội dung còn phù hợp của Luật Chuyển giao công nghệ 2006, "
        "Luật sửa đổi, bổ sung nhiều quy định để đáp ứng yêu cầu của thực tiễn. Luật bổ sung cơ chế hỗ "
        "trợ, khuyến khích doanh nghiệp ứng dụng, đổi mới công nghệ của doanh nghiệp; bổ sung, sửa đổi "
        "quy định về thúc đẩy thương mại hóa kết quả nghiên cứu khoa học và phát triển công nghệ.",
    ])
    doc = read_text(text)
    [heading] = [p for p in doc.paragraphs if p.kind == "heading"]
    assert heading.text == "* Thúc đẩy hoạt động chuyển giao công nghệ"
    assert _starting(doc, "Luật Chuyển giao công nghệ gồm")[0].section == heading.text


def test_photo_credit_ends_before_a_sub_heading():
    # pool/news/21486869.txt (training): the caption's credit runs into the sub-heading after it
    line = (
        "Ban Công tác MTTQ tổ dân phố 5 (phường Yết Kiêu, quận Hà Đông) tham gia giám sát công tác vệ "
        "sinh môi trường trên địa bàn. Ảnh: Bá Hoạt Bám sát thực tiễn cuộc sống Tiết xuân còn đang bao "
        "trùm khắp mọi nơi từ nội thành đến các vùng quê ngoại thành. Hòa trong không khí sôi nổi thi đua "
        "lao động sản xuất ngay từ đầu năm mới, nhân dân xã Hòa Thạch (huyện Quốc Oai) dù bận rộn với lịch "
        "gieo cấy lúa xuân nhưng vẫn thu xếp tham dự đông đủ hội nghị đại biểu nhân dân với tinh thần trách "
        "nhiệm cao. Nhiều ý kiến của cử tri được các đại biểu ghi nhận và hứa chuyển đến cấp có thẩm quyền. "
        "Ông Nguyễn Văn Ngọc (thôn Bạch Thạch) đề nghị xã sớm sửa chữa tuyến đường liên thôn đã xuống cấp."
    )
    assert len(line) > 600
    doc = read_text("\n".join(["Hội nghị đại biểu nhân dân ở Hà Nội", "Sáng 5/2, các xã mở hội nghị.", line]))
    [heading] = [p for p in doc.paragraphs if p.kind == "heading"]
    assert heading.text == "Bám sát thực tiễn cuộc sống"
    assert _starting(doc, "Tiết xuân còn đang")[0].section == heading.text
    assert any(p.text.endswith("Ảnh: Bá Hoạt") for p in doc.paragraphs)


def _pool_news(name):
    """The paragraphs the reader gives a news copy of the shared pool (skip without the pool)."""
    path = Path(default_corpus_root()) / "pool" / "news" / name
    if not path.exists():
        pytest.skip("the shared pool is not beside the clone")
    return read_document(path).paragraphs


@pytest.mark.parametrize("name, sentence", [
    # a place whose inner words the paper capitalises, or a region after its lower-case "miền"/"châu"
    ("22309057.txt", "Thiệt hại nặng nề nhất là vùng Đồng bằng Sông Cửu Long, vựa lúa"),
    ("22339546.txt", "sự cố ô nhiễm môi trường biển nghiêm trọng ở miền Trung"),
    ("22459682.txt", "Thủ tướng nêu bật vai trò động lực tăng trưởng chủ chốt của châu Á đối với"),
])
def test_no_sub_heading_cut_inside_a_place(name, sentence):
    paragraphs = _pool_news(name)
    holder = next(p for p in paragraphs if sentence in p.text)
    assert holder.kind == "body"
    assert not any(p.kind == "heading" and sentence.startswith(p.text) for p in paragraphs)


@pytest.mark.parametrize("name, byline", [
    ("22263201.txt", "Quang Vũ - Lâm Khánh (TTXVN)"),
    ("22639864.txt", "Mai Anh"),
    ("22594536.txt", "Đức Dũng - Minh Thu - Lâm Khánh (TTXVN)"),
])
def test_byline_run_into_the_last_sentence_is_the_closing(name, byline):
    paragraphs = _pool_news(name)
    assert paragraphs[-1].text == byline and paragraphs[-1].kind == "signature"
    assert paragraphs[-2].kind == "body" and paragraphs[-2].text.rstrip()[-1] in ".!?…”\""


@pytest.mark.parametrize("name, credit, after", [
    ("22411181.txt", "Ảnh: Nhan Sáng/TTXVN", "Ban Chỉ đạo đã xây dựng báo cáo tổng kết"),
    ("22414520.txt", "Ảnh: An Đăng/TTXVN", "Bên cạnh đó, các bộ, ngành, địa phương"),
    ("22515198.txt", "Ảnh: Phương Hoa/TTXVN", "Chính vì vậy, trong điều kiện hiện nay"),
])
def test_photo_credit_ends_its_caption_and_the_text_after_it_opens_a_paragraph(name, credit, after):
    texts = [p.text for p in _pool_news(name)]
    assert any(t.startswith(after) for t in texts)
    assert not any(credit in t and after in t for t in texts)


def test_interview_turns_and_a_quotation_never_closed():
    # pool/news/21478425.txt (training): a headline that trails off (".."), an interview whose
    # questions open with "PV:", and an opening quotation mark the paper never closed
    paragraphs = _pool_news("21478425.txt")
    texts = [p.text for p in paragraphs]
    assert paragraphs[0].kind == "title"
    questions = [t for t in texts if t.startswith("PV:")]
    assert len(questions) >= 4
    # the answer after each question is a paragraph of its own
    assert sum(t.startswith("Ông Nguyễn Văn Hòa – Chủ tịch UBND tỉnh Kon Tum:") for t in texts) >= 2
    assert not any(p.kind == "heading" and p.text == "Tôi cho rằng" for p in paragraphs)


def test_prose_that_names_a_chapter_is_no_chapter_heading():
    # pool/news/22539250.txt (training): "Chương 3 của Nghị quyết quy định về ... Chương 4 quy định ..."
    paragraphs = _pool_news("22539250.txt")
    prose = next(p for p in paragraphs if p.text.startswith("Chương 3 của Nghị quyết quy định"))
    assert prose.kind == "body"
    assert not any(p.section.startswith("Chương 3") for p in paragraphs)


@pytest.mark.parametrize("name, heading, after", [
    # training copies: a quotation standing alone, a question, an exclamation, each closed by
    # its own mark and followed by a sentence that opens with a capital
    ("22404491.txt", "“Nói với dân phải nhất ngôn”", "Ở khía cạnh khác"),
    ("21494848.txt", "Phạt hành vi vứt rác có khả thi?", "Đó là trăn trở"),
    ("21494848.txt", "Vứt rác đâu tùy thích!", "Rác thải là thứ"),
])
def test_sub_heading_closed_by_its_own_mark_heads_a_section(name, heading, after):
    paragraphs = _pool_news(name)
    found = next(p for p in paragraphs if p.text == heading)
    assert found.kind == "heading"
    assert next(p for p in paragraphs if p.text.startswith(after)).section.endswith(heading)


def test_quotation_with_its_speaker_or_a_sentence_in_quotes_is_no_sub_heading():
    from vnadmin_nlp.io.layout import _closed_heading_end, _quote_depths

    for sentence in ("“Đối với cấp Trung ương thì không có vấn đề gì lớn” – ông Võ Trọng Việt thẳng thắn nêu.",
                     "“Chúng tôi sẽ làm đến nơi đến chốn!” Bà Nguyệt xúc động nói với phóng viên hôm qua.",
                     "Vì sao vậy, thưa ông? Theo ông, chuyện này do cơ chế chưa rõ ràng mà ra."):
        words = sentence.split()
        assert _closed_heading_end(words, 0, _quote_depths(words)) is None


def test_sub_heading_before_a_dated_lead_heads_a_section():
    # pool/news/21481602.txt (training): "Hiếp, giết bé gái 7 tuổi ở Đắk Lắk | Chiều 19.9.2016, Cơ quan
    # Cảnh sát ...": a sentence never runs into a dated lead without a stop; commas and places are allowed
    paragraphs = _pool_news("21481602.txt")
    heading = next(p for p in paragraphs if p.text == "Hiếp, giết bé gái 7 tuổi ở Đắk Lắk")
    assert heading.kind == "heading"
    assert next(p for p in paragraphs if p.text.startswith("Chiều 19.9.2016,")).section.endswith(heading.text)


def test_a_chapter_run_into_a_news_copy_keeps_its_word_and_number_with_its_title():
    # pool/news/22590247 (training gold): a joint resolution reprinted whole on one line.
    path = default_corpus_root() / "pool" / "news" / "22590247.txt"
    if not path.is_file():
        pytest.skip("the pool corpus is not beside the repository")
    paragraphs = read_document(path).paragraphs
    texts = [p.text for p in paragraphs]
    assert "Chương II HÌNH THỨC GIÁM SÁT" in texts and "Chương I NHỮNG QUY ĐỊNH CHUNG" in texts
    assert not any(t.endswith(("Chương I", "Chương II")) for t in texts)
    section = next(p for p in paragraphs if p.text.startswith("Mục 1 NGHIÊN CỨU"))
    assert section.kind == "heading" and section.section == "Chương II HÌNH THỨC GIÁM SÁT"
