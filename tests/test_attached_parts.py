"""A document attached after a decision's signature (a plan, a regulation) is read as a part of its
own: its title lines are titles, its body has sections, nothing of it is closing text."""

from pathlib import Path

import pytest

from vnadmin_nlp.io import read_document
from vnadmin_nlp.io.standoff import default_corpus_root

DECISION = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM

Số: 1234/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Quảng Nam, ngày 15 tháng 3 năm 2021

QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện công tác cải cách hành chính năm 2021

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10 tháng 3 năm 2021.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác cải cách hành chính năm 2021.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ và Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 3;
- Lưu: VT, NC.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn A

KẾ HOẠCH
THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021
(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2021 của Chủ tịch UBND tỉnh)

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

Nâng cao chất lượng, hiệu quả công tác cải cách hành chính của các cơ quan, đơn vị trên địa bàn tỉnh.

2. Yêu cầu

Các cơ quan, đơn vị bám sát nhiệm vụ được giao, bảo đảm tiến độ và chất lượng.

II. NHIỆM VỤ

1. Tổ chức tập huấn nghiệp vụ cải cách hành chính cho cán bộ, công chức cấp xã.

- Đơn vị chủ trì: Sở Nội vụ.

- Thời gian thực hiện: Quý II/2021.

III. TỔ CHỨC THỰC HIỆN

Sở Nội vụ chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc và báo cáo kết quả thực hiện Kế hoạch này trước ngày 15/12/2021.
"""


def _attached(doc):
    """The paragraphs from the attached plan's title on."""
    start = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("KẾ HOẠCH"))
    return doc.paragraphs[start:]


def _check(doc):
    kinds = [p.kind for p in doc.paragraphs]
    assert "signature" in kinds and "recipients" in kinds  # the decision's own closing is still found
    attached = _attached(doc)
    assert not [p.text for p in attached if p.kind in ("signature", "recipients")]
    assert attached[0].kind == "title"
    assert any(p.kind == "title" and "Ban hành kèm theo" in p.text for p in attached)
    task = next(p for p in attached if p.text.startswith("1. Tổ chức tập huấn"))
    assert task.section.startswith("II. NHIỆM VỤ")
    body = [p for p in attached if p.kind == "body"]
    assert body and all(p.section for p in body)
    last = next(p for p in attached if p.text.startswith("Sở Nội vụ chủ trì"))
    assert last.section == "III. TỔ CHỨC THỰC HIỆN"


def test_attached_plan_plain_layout():
    _check(read_document(DECISION))


def test_attached_plan_one_paragraph_a_line():
    # Crawled copies drop the blank lines: one paragraph a line.
    crawled = "\n".join(line for line in DECISION.splitlines() if line.strip())
    _check(read_document(crawled))


def test_attached_regulation_in_real_documents():
    pool = default_corpus_root() / "pool"
    paths = [pool / "hdnd" / "VanBanGoc_70.2024.txt",                       # markdown/HTML copy
             pool / "congbao" / "quyet-dinh-so-08-2022-qd-ttg-36945.txt"]   # gazette PDF text
    if not all(p.is_file() for p in paths):
        pytest.skip("the pool corpus is not beside the repository")
    markdown = read_document(paths[0])
    after = markdown.paragraphs[next(i for i, p in enumerate(markdown.paragraphs) if p.kind == "signature"):]
    chapters = [p for p in after if p.text.startswith("Điều 4. Bình ổn giá")]
    assert chapters and chapters[0].kind != "signature" and chapters[0].section.startswith("Chương II")
    assert sum(p.kind == "signature" for p in markdown.paragraphs) <= 5
    gazette = read_document(paths[1])
    appendix = [p for p in gazette.paragraphs if "Kèm theo Quyết định số 08/2022/QĐ-TTg" in p.text]
    assert appendix and appendix[0].kind == "title"


def test_a_form_coded_without_so_starts_a_part_after_the_form_before_it():
    # pool/congbao/quyet-dinh-so-28-2026-qd-ttg-469679.txt (no gold): "Mẫu AP01" ... "Nơi nhận" ...
    # then "Mẫu AP02": the next form is a part of its own, not more of the first form's signature.
    from pathlib import Path
    from vnadmin_nlp.io import read_document
    from vnadmin_nlp.io.standoff import default_corpus_root

    path = Path(default_corpus_root()) / "pool" / "congbao" / "quyet-dinh-so-28-2026-qd-ttg-469679.txt"
    if not path.exists():
        pytest.skip("the shared pool is not beside the clone")
    paragraphs = read_document(path).paragraphs
    form = next(p for p in paragraphs if p.text.startswith("Mẫu AP02"))
    assert form.kind not in ("signature", "recipients")


APPENDIX = """QUYẾT ĐỊNH
Về việc ban hành danh mục nhiệm vụ năm 2026

Điều 1. Ban hành kèm theo Quyết định này Danh mục nhiệm vụ năm 2026.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn B

Phụ lục II
DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026
(Kèm theo Quyết định số 12/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh)

I. NHIỆM VỤ CHUNG

Sở Tài chính chủ trì tham mưu bố trí kinh phí thực hiện các nhiệm vụ trong năm 2026.
"""


def test_an_appendix_title_is_one_heading_over_all_the_appendix():
    # GUIDELINES §4: "Phụ lục" and the "DANH MỤC ..." title under it are one heading, section "";
    # "(Kèm theo ...)" is a paragraph of its own; everything after lies under the heading.
    for text in (APPENDIX, "\n".join(line for line in APPENDIX.splitlines() if line.strip())):
        paragraphs = read_document(text).paragraphs
        heading = next(p for p in paragraphs if p.text.startswith("Phụ lục II"))
        assert heading.kind == "heading" and heading.section == ""
        assert heading.text == "Phụ lục II DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026"
        note = next(p for p in paragraphs if p.text.startswith("(Kèm theo"))
        assert note.section == "" and note.kind != "signature"
        task = next(p for p in paragraphs if p.text.startswith("Sở Tài chính chủ trì"))
        assert task.section == "Phụ lục II DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026 > I. NHIỆM VỤ CHUNG"


def _appendix_of(name: str):
    """The paragraphs of a gazette text of the pool and the index of its "Phụ lục" heading."""
    path = default_corpus_root() / "pool" / "congbao" / name
    if not path.is_file():
        pytest.skip("the pool corpus is not beside the repository")
    paragraphs = read_document(path).paragraphs
    return paragraphs, next(i for i, p in enumerate(paragraphs) if p.text == "Phụ lục")


def test_a_form_in_a_gazette_appendix_lies_under_the_appendix_and_its_code():
    # pool/congbao/quyet-dinh-so-08-2022-qd-ttg-36945 (training gold): "Phụ lục", the list of its
    # forms, then each form: "Mẫu số 01" alone, the form's own motto and title, its fields.
    paragraphs, appendix = _appendix_of("quyet-dinh-so-08-2022-qd-ttg-36945.txt")
    assert paragraphs[appendix].kind == "heading"
    after = paragraphs[appendix + 1:]
    assert all(p.section.startswith("Phụ lục") for p in after if p.kind != "title")
    motto = next(p for p in after if p.text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA"))
    assert motto.section == "Phụ lục > Mẫu số 01"
    name = next(p for p in after if p.text.startswith("1. Họ và tên"))
    assert name.section == "Phụ lục > Mẫu số 01"
    second = [p for p in after if p.text.startswith("TÊN DOANH NGHIỆP")]
    assert second and second[0].section == "Phụ lục > Mẫu số 02"


def test_a_forms_own_recipients_and_signer_lie_under_its_appendix():
    # pool/congbao/nghi-dinh-so-123-2026-nd-cp-469299 (training gold): the decree's form has its own
    # "Nơi nhận" and "THỦ TRƯỞNG (Ký tên và đóng dấu)", text of the form under "Phụ lục".
    paragraphs, appendix = _appendix_of("nghi-dinh-so-123-2026-nd-cp-469299.txt")
    decree_closing = [p for p in paragraphs[:appendix] if p.kind in ("recipients", "signature")]
    assert decree_closing and all(p.section == "" for p in decree_closing)
    form_closing = [p for p in paragraphs[appendix:] if p.kind in ("recipients", "signature")]
    assert form_closing and all(p.section == "Phụ lục" for p in form_closing)
    assert any(p.text.startswith("Nơi nhận") for p in form_closing)
