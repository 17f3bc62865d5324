"""Build ``vnadmin_nlp/resources/bodies.jsonl``: the knowledge base of Vietnamese public bodies.

Two sources, merged:

* a hand-reviewed seed list (``SEED`` below) of the central organs: Party, National
  Assembly, State, Government with every ministry and agency before and after the 2025
  reorganization, courts, procuracies, State Audit, the Fatherland Front and the mass
  organizations. An entry's ``source`` is the first pool file that names it (a structure
  reference "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ ..." is
  preferred), else ``"hand list: <why>"``;
* units of ministries (Vụ, Cục, Tổng cục, Thanh tra, Văn phòng, Viện) mined from the pool
  (``/work/shared/corpus/pool`` or ``--pool``): "Theo đề nghị của Vụ trưởng Vụ Pháp chế",
  "Cục trưởng Cục Việc làm", "Tổng cục Thống kê (Bộ Kế hoạch và Đầu tư)", items of a
  "Cơ cấu tổ chức" list. The parent is the ministry named right after the unit, else the
  ministry that issued the file (its code in the file name, "tt-btc", or "Bộ trưởng Bộ X ban
  hành"). A unit is kept when it is seen in a trusted context (a title + unit phrase, a
  structure list) or at least ``--min-count`` times; ``REJECT`` lists what review threw out.

Provincial, district and commune bodies are not entries: they are patterns over place
names, with their vocabulary in ``vnadmin_nlp/resources/local_bodies.json``.

    .venv/bin/python scripts/mine_bodies.py            # writes the JSONL, prints counts
    .venv/bin/python scripts/mine_bodies.py --dry-run  # counts and the mined units only
    .venv/bin/python scripts/mine_bodies.py --measure  # ORG/LOC scores with the body ruler on
                                                       # the training gold (docs/knowledge-base.md)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "vnadmin_nlp" / "resources" / "bodies.jsonl"
POOL = Path("/work/shared/corpus/pool")

# (id, name, kind, parent, abbreviations, valid, why). ``valid``: "YYYY-YYYY", "YYYY-"
# (since), "-YYYY" (until), or None (no change known). Reviewed by hand against the
# Government's and the Party's published structures (Nghị quyết 176/2025/QH15 and Nghị
# định 25/2025/NĐ-CP on the 2025 Government; Quy định of the Politburo on the 2025 Party
# organs).
#: Short forms that name an entry only where the tagger or the rules already found an ORG: the
#: body ruler links them but never adds them, for each is also a title or a level ("Thủ tướng
#: Nguyễn Xuân Phúc", "từ Trung ương đến địa phương"). GUIDELINES §4, "Linking bodies to the
#: knowledge base": "Thủ tướng" marked as an ORG is the office, "Trung ương" the Central Committee.
LINK_ONLY = {"thu-tuong": ["Thủ tướng"], "bch-tw": ["Trung ương"]}

SEED = [
    # --- Party -------------------------------------------------------------------------
    ("dang-csvn", "Đảng Cộng sản Việt Nam", "party", None, ["ĐCSVN"], None, "the Party"),
    ("bch-tw", "Ban Chấp hành Trung ương Đảng", "party_organ", "dang-csvn",
     ["Ban Chấp hành Trung ương", "BCH Trung ương", "BCH TW", "BCHTW", "Trung ương Đảng",
      "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam"], None, "Party Central Committee"),
    ("bo-chinh-tri", "Bộ Chính trị", "party_organ", "bch-tw", ["BCT"], None, "Politburo"),
    ("ban-bi-thu", "Ban Bí thư", "party_organ", "bch-tw", ["Ban Bí thư Trung ương Đảng", "Ban Bí thư Trung ương", "BBT"], None, "Secretariat"),
    ("ubkt-tw", "Ủy ban Kiểm tra Trung ương", "party_organ", "bch-tw", ["UBKT Trung ương", "UBKTTW", "Ủy ban Kiểm tra Trung ương Đảng"], None, "Central Inspection Commission"),
    ("ban-to-chuc-tw", "Ban Tổ chức Trung ương", "party_committee", "bch-tw", ["Ban Tổ chức Trung ương Đảng", "BTCTW"], None, "central Party commission"),
    ("ban-tuyen-giao-tw", "Ban Tuyên giáo Trung ương", "party_committee", "bch-tw", ["BTGTW"], "-2025", "merged into Ban Tuyên giáo và Dân vận Trung ương (2025)"),
    ("ban-dan-van-tw", "Ban Dân vận Trung ương", "party_committee", "bch-tw", [], "-2025", "merged into Ban Tuyên giáo và Dân vận Trung ương (2025)"),
    ("ban-tgdv-tw", "Ban Tuyên giáo và Dân vận Trung ương", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("ban-kinh-te-tw", "Ban Kinh tế Trung ương", "party_committee", "bch-tw", [], "-2025", "became Ban Chính sách, chiến lược Trung ương (2025)"),
    ("ban-chinh-sach-chien-luoc-tw", "Ban Chính sách, chiến lược Trung ương", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("ban-noi-chinh-tw", "Ban Nội chính Trung ương", "party_committee", "bch-tw", [], None, "central Party commission"),
    ("ban-doi-ngoai-tw", "Ban Đối ngoại Trung ương", "party_committee", "bch-tw", [], "-2025", "merged 2025"),
    ("vp-tw-dang", "Văn phòng Trung ương Đảng", "party_committee", "bch-tw", ["Văn phòng Trung ương"], None, "Party Central Office"),
    ("hd-ly-luan-tw", "Hội đồng Lý luận Trung ương", "party_committee", "bch-tw", [], None, "central Party council"),
    ("ban-bvcssk-tw", "Ban Bảo vệ, chăm sóc sức khỏe cán bộ Trung ương", "party_committee", "bch-tw", [], None, "central Party board"),
    ("bcd-cai-cach-tu-phap-tw", "Ban Chỉ đạo Cải cách tư pháp Trung ương", "party_organ", "bo-chinh-tri", ["Ban Chỉ đạo CCTP Trung ương"], None, "judicial reform steering committee"),
    ("quan-uy-tw", "Quân ủy Trung ương", "party_committee", "bch-tw", [], None, "Central Military Commission"),
    ("dang-uy-cand-tw", "Đảng ủy Công an Trung ương", "party_committee", "bch-tw", [], None, "Party committee of the police"),
    ("dang-uy-chinh-phu", "Đảng ủy Chính phủ", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("dang-uy-quoc-hoi", "Đảng ủy Quốc hội", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("dang-uy-cq-dang-tw", "Đảng ủy các cơ quan Đảng Trung ương", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("dang-uy-mttq-doan-the-tw", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương", "party_committee", "bch-tw", [], "2025-", "created 2025"),
    ("ban-can-su-dang-cp", "Ban cán sự đảng Chính phủ", "party_committee", "bch-tw", [], "-2025", "replaced by Đảng ủy Chính phủ (2025)"),
    ("dang-doan-qh", "Đảng đoàn Quốc hội", "party_committee", "bch-tw", [], "-2025", "replaced by Đảng ủy Quốc hội (2025)"),
    ("dang-doan-mttq", "Đảng đoàn Mặt trận Tổ quốc Việt Nam", "party_committee", "bch-tw", [], "-2025", "replaced 2025"),
    ("dang-uy-khoi-cq-tw", "Đảng ủy Khối các cơ quan Trung ương", "party_committee", "bch-tw", [], "-2025", "dissolved 2025"),
    ("dang-uy-khoi-dn-tw", "Đảng ủy Khối Doanh nghiệp Trung ương", "party_committee", "bch-tw", [], "-2025", "dissolved 2025"),
    ("hv-ctqg-hcm", "Học viện Chính trị quốc gia Hồ Chí Minh", "government_agency", "chinh-phu", ["Học viện Chính trị Quốc gia Hồ Chí Minh"], None, "Party school (agency of the Government)"),
    ("bao-nhan-dan", "Báo Nhân Dân", "party_press", "bch-tw", ["Báo Nhân dân"], None, "Party newspaper"),
    ("tap-chi-cong-san", "Tạp chí Cộng sản", "party_press", "bch-tw", [], None, "Party journal"),
    # --- National Assembly -------------------------------------------------------------
    ("quoc-hoi", "Quốc hội", "national_assembly", None,
     ["Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam", "Quốc hội Việt Nam"], None, "National Assembly"),
    ("ubtvqh", "Ủy ban Thường vụ Quốc hội", "na_organ", "quoc-hoi", ["UBTVQH"], None, "Standing Committee"),
    ("hd-dan-toc", "Hội đồng Dân tộc", "na_committee", "quoc-hoi", ["Hội đồng Dân tộc của Quốc hội", "HĐDT"], None, "Ethnic Council"),
    ("ub-phap-luat", "Ủy ban Pháp luật", "na_committee", "quoc-hoi", ["Ủy ban Pháp luật của Quốc hội"], "-2025", "merged into Ủy ban Pháp luật và Tư pháp (2025)"),
    ("ub-tu-phap", "Ủy ban Tư pháp", "na_committee", "quoc-hoi", ["Ủy ban Tư pháp của Quốc hội"], "-2025", "merged 2025"),
    ("ub-phap-luat-tu-phap", "Ủy ban Pháp luật và Tư pháp", "na_committee", "quoc-hoi", ["Ủy ban Pháp luật và Tư pháp của Quốc hội"], "2025-", "created 2025"),
    ("ub-kinh-te", "Ủy ban Kinh tế", "na_committee", "quoc-hoi", ["Ủy ban Kinh tế của Quốc hội"], "-2025", "merged into Ủy ban Kinh tế và Tài chính (2025)"),
    ("ub-tai-chinh-ngan-sach", "Ủy ban Tài chính, Ngân sách", "na_committee", "quoc-hoi", ["Ủy ban Tài chính - Ngân sách", "Ủy ban Tài chính, Ngân sách của Quốc hội"], "-2025", "merged 2025"),
    ("ub-kinh-te-tai-chinh", "Ủy ban Kinh tế và Tài chính", "na_committee", "quoc-hoi", ["Ủy ban Kinh tế và Tài chính của Quốc hội"], "2025-", "created 2025"),
    ("ub-quoc-phong-an-ninh", "Ủy ban Quốc phòng và An ninh", "na_committee", "quoc-hoi", ["Ủy ban Quốc phòng và An ninh của Quốc hội"], "-2025", "merged 2025"),
    ("ub-doi-ngoai", "Ủy ban Đối ngoại", "na_committee", "quoc-hoi", ["Ủy ban Đối ngoại của Quốc hội"], "-2025", "merged 2025"),
    ("ub-qp-an-doi-ngoai", "Ủy ban Quốc phòng, An ninh và Đối ngoại", "na_committee", "quoc-hoi", [], "2025-", "created 2025"),
    ("ub-van-hoa-giao-duc", "Ủy ban Văn hóa, Giáo dục", "na_committee", "quoc-hoi", ["Ủy ban Văn hóa, Giáo dục của Quốc hội"], "-2025", "merged 2025"),
    ("ub-xa-hoi", "Ủy ban Xã hội", "na_committee", "quoc-hoi", ["Ủy ban Xã hội của Quốc hội"], "-2025", "merged 2025"),
    ("ub-van-hoa-xa-hoi", "Ủy ban Văn hóa và Xã hội", "na_committee", "quoc-hoi", [], "2025-", "created 2025"),
    ("ub-khcn-mt", "Ủy ban Khoa học, Công nghệ và Môi trường", "na_committee", "quoc-hoi", ["Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội"], None, "NA committee"),
    ("ban-cong-tac-dai-bieu", "Ban Công tác đại biểu", "na_committee", "ubtvqh", [], "-2025", "became Ủy ban Công tác đại biểu (2025)"),
    ("ub-cong-tac-dai-bieu", "Ủy ban Công tác đại biểu", "na_committee", "quoc-hoi", [], "2025-", "created 2025"),
    ("ban-dan-nguyen", "Ban Dân nguyện", "na_committee", "ubtvqh", [], "-2025", "became Ủy ban Dân nguyện và Giám sát (2025)"),
    ("ub-dan-nguyen-giam-sat", "Ủy ban Dân nguyện và Giám sát", "na_committee", "quoc-hoi", [], "2025-", "created 2025"),
    ("vp-quoc-hoi", "Văn phòng Quốc hội", "na_organ", "quoc-hoi", ["VPQH"], None, "NA Office"),
    ("tong-thu-ky-qh", "Tổng Thư ký Quốc hội", "na_organ", "quoc-hoi", [], None, "NA Secretary General"),
    ("vien-nc-lap-phap", "Viện Nghiên cứu lập pháp", "na_organ", "ubtvqh", [], None, "NA institute"),
    ("hd-bau-cu-qg", "Hội đồng bầu cử quốc gia", "na_organ", "quoc-hoi", ["Hội đồng Bầu cử quốc gia"], None, "National Election Council"),
    # --- State -------------------------------------------------------------------------
    # (not "Chủ tịch nước": the guidelines read it as a person's title)
    ("vp-chu-tich-nuoc", "Văn phòng Chủ tịch nước", "state", None, [], None, "President's Office"),
    ("hd-qp-an", "Hội đồng Quốc phòng và An ninh", "state", None, [], None, "Defence and Security Council"),
    ("bo-cong-thuong/cuc-quan-ly-thi-truong", "Cục Quản lý thị trường", "unit", "bo-cong-thuong", [], "-2018",
     "market surveillance, a Tổng cục from 2018 (Luật Xử lý vi phạm hành chính 2012 names it)"),
    ("hd-tdkt-tw", "Hội đồng Thi đua - Khen thưởng Trung ương", "state", None,
     ["Hội đồng Thi đua – Khen thưởng Trung ương"], None, "Central Emulation and Commendation Council"),
    # --- Government --------------------------------------------------------------------
    ("chinh-phu", "Chính phủ", "government", None, ["Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam"], None, "the Government"),
    ("thu-tuong", "Thủ tướng Chính phủ", "government", "chinh-phu", [], None, "the Prime Minister as issuer (ORG per guidelines; bare \"Thủ tướng\" is a person's title)"),
    # ministries (both periods)
    ("bo-quoc-phong", "Bộ Quốc phòng", "ministry", "chinh-phu", ["BQP"], None, "ministry"),
    ("bo-cong-an", "Bộ Công an", "ministry", "chinh-phu", ["BCA"], None, "ministry"),
    ("bo-ngoai-giao", "Bộ Ngoại giao", "ministry", "chinh-phu", ["BNG"], None, "ministry"),
    ("bo-noi-vu", "Bộ Nội vụ", "ministry", "chinh-phu", ["BNV"], None, "ministry (took over Bộ Lao động - Thương binh và Xã hội's labour tasks in 2025)"),
    ("bo-tu-phap", "Bộ Tư pháp", "ministry", "chinh-phu", ["BTP"], None, "ministry"),
    ("bo-tai-chinh", "Bộ Tài chính", "ministry", "chinh-phu", ["BTC"], None, "ministry (merged with Bộ Kế hoạch và Đầu tư in 2025)"),
    ("bo-cong-thuong", "Bộ Công Thương", "ministry", "chinh-phu", ["BCT", "Bộ Công thương"], None, "ministry"),
    ("bo-xay-dung", "Bộ Xây dựng", "ministry", "chinh-phu", ["BXD"], None, "ministry (merged with Bộ Giao thông vận tải in 2025)"),
    ("bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch", "ministry", "chinh-phu", ["BVHTTDL", "Bộ VHTTDL", "Bộ VH,TT&DL"], None, "ministry"),
    ("bo-khcn", "Bộ Khoa học và Công nghệ", "ministry", "chinh-phu", ["BKHCN", "Bộ KH&CN", "Bộ KHCN"], None, "ministry (merged with Bộ Thông tin và Truyền thông in 2025)"),
    ("bo-gddt", "Bộ Giáo dục và Đào tạo", "ministry", "chinh-phu", ["BGDĐT", "Bộ GD&ĐT", "Bộ GDĐT"], None, "ministry"),
    ("bo-y-te", "Bộ Y tế", "ministry", "chinh-phu", ["BYT"], None, "ministry"),
    # ministries until 2025
    ("bo-khdt", "Bộ Kế hoạch và Đầu tư", "ministry", "chinh-phu", ["BKHĐT", "Bộ KH&ĐT", "Bộ KHĐT"], "1995-2025", "merged into Bộ Tài chính (2025)"),
    ("bo-nnptnt", "Bộ Nông nghiệp và Phát triển nông thôn", "ministry", "chinh-phu", ["Bộ NN&PTNT", "Bộ NNPTNT", "BNNPTNT"], "1995-2025", "merged into Bộ Nông nghiệp và Môi trường (2025)"),
    ("bo-tnmt", "Bộ Tài nguyên và Môi trường", "ministry", "chinh-phu", ["Bộ TN&MT", "Bộ TNMT", "BTNMT"], "2002-2025", "merged into Bộ Nông nghiệp và Môi trường (2025)"),
    ("bo-gtvt", "Bộ Giao thông vận tải", "ministry", "chinh-phu", ["Bộ GTVT", "BGTVT"], "-2025", "merged into Bộ Xây dựng (2025)"),
    ("bo-tttt", "Bộ Thông tin và Truyền thông", "ministry", "chinh-phu", ["Bộ TT&TT", "Bộ TTTT", "BTTTT"], "2007-2025", "merged into Bộ Khoa học và Công nghệ (2025)"),
    ("bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội", "ministry", "chinh-phu", ["Bộ LĐTBXH", "Bộ LĐ-TB&XH", "BLĐTBXH", "Bộ Lao động Thương binh và Xã hội"], "1987-2025", "merged into Bộ Nội vụ (2025)"),
    # ministries since 2025
    ("bo-nnmt", "Bộ Nông nghiệp và Môi trường", "ministry", "chinh-phu", ["Bộ NN&MT", "Bộ NNMT", "BNNMT"], "2025-", "created 2025 from Bộ Nông nghiệp và Phát triển nông thôn + Bộ Tài nguyên và Môi trường"),
    ("bo-dan-toc-ton-giao", "Bộ Dân tộc và Tôn giáo", "ministry", "chinh-phu", ["Bộ DTTG"], "2025-", "created 2025 from Ủy ban Dân tộc"),
    # bodies of earlier eras, as older documents name them (pre-2007 ministries, the 1980
    # Constitution's Councils); "Bộ Giáo dục", "Bộ Văn hóa", "Bộ Lao động" are left out: the
    # news use them as short names of today's ministries
    ("hd-chinh-phu", "Hội đồng Chính phủ", "government", None, [], "1960-1981", "the Government under the 1959 Constitution"),
    ("hd-bo-truong", "Hội đồng Bộ trưởng", "government", None, ["HĐBT"], "1981-1992", "the Government under the 1980 Constitution"),
    ("hd-nha-nuoc", "Hội đồng Nhà nước", "state", None, [], "1981-1992", "the collective head of State under the 1980 Constitution"),
    ("bo-thuong-mai", "Bộ Thương mại", "ministry", "chinh-phu", [], "1990-2007", "merged into Bộ Công Thương (2007)"),
    ("bo-cong-nghiep", "Bộ Công nghiệp", "ministry", "chinh-phu", [], "1995-2007", "merged into Bộ Công Thương (2007)"),
    ("bo-cong-nghiep-nang", "Bộ Công nghiệp nặng", "ministry", "chinh-phu", [], "-1995", "merged into Bộ Công nghiệp (1995)"),
    ("bo-cong-nghiep-nhe", "Bộ Công nghiệp nhẹ", "ministry", "chinh-phu", [], "-1995", "merged into Bộ Công nghiệp (1995)"),
    ("bo-thuy-san", "Bộ Thủy sản", "ministry", "chinh-phu", [], "1981-2007", "merged into Bộ Nông nghiệp và Phát triển nông thôn (2007)"),
    ("bo-lam-nghiep", "Bộ Lâm nghiệp", "ministry", "chinh-phu", [], "-1995", "merged into Bộ Nông nghiệp và Phát triển nông thôn (1995)"),
    ("bo-thuy-loi", "Bộ Thủy lợi", "ministry", "chinh-phu", [], "-1995", "merged into Bộ Nông nghiệp và Phát triển nông thôn (1995)"),
    ("bo-nn-cntp", "Bộ Nông nghiệp và Công nghiệp thực phẩm", "ministry", "chinh-phu", [], "1987-1995", "merged into Bộ Nông nghiệp và Phát triển nông thôn (1995)"),
    ("bo-vhtt", "Bộ Văn hóa - Thông tin", "ministry", "chinh-phu", ["Bộ VHTT"], "1990-2007", "became Bộ Văn hóa, Thể thao và Du lịch (2007)"),
    ("bo-bcvt", "Bộ Bưu chính, Viễn thông", "ministry", "chinh-phu", ["Bộ BCVT"], "2002-2007", "became Bộ Thông tin và Truyền thông (2007)"),
    ("bo-khcnmt", "Bộ Khoa học, Công nghệ và Môi trường", "ministry", "chinh-phu", ["Bộ KHCNMT"], "1992-2002", "split into Bộ Khoa học và Công nghệ and Bộ Tài nguyên và Môi trường (2002)"),
    ("bo-dh-thcn-dn", "Bộ Đại học, Trung học chuyên nghiệp và Dạy nghề", "ministry", "chinh-phu", [], "-1990", "merged into Bộ Giáo dục và Đào tạo (1990)"),
    ("ub-ke-hoach-nn", "Ủy ban Kế hoạch Nhà nước", "ministerial_agency", "chinh-phu", [], "-1995", "became Bộ Kế hoạch và Đầu tư (1995)"),
    ("ub-khoa-hoc-nn", "Ủy ban Khoa học Nhà nước", "ministerial_agency", "chinh-phu", [], "-1992", "became Bộ Khoa học, Công nghệ và Môi trường (1992)"),
    ("ban-tccb-cp", "Ban Tổ chức - Cán bộ Chính phủ", "ministerial_agency", "chinh-phu", ["Ban Tổ chức Cán bộ Chính phủ"], "1990-2002", "became Bộ Nội vụ (2002)"),
    ("ub-tdtt", "Ủy ban Thể dục Thể thao", "ministerial_agency", "chinh-phu", [], "-2007", "merged into Bộ Văn hóa, Thể thao và Du lịch (2007)"),
    ("ub-dsgdte", "Ủy ban Dân số, Gia đình và Trẻ em", "ministerial_agency", "chinh-phu", [], "2002-2007", "dissolved (2007)"),
    ("trong-tai-kt-nn", "Trọng tài kinh tế Nhà nước", "ministerial_agency", "chinh-phu", [], "-1994", "replaced by the economic courts (1994)"),
    ("ban-vat-gia-cp", "Ban Vật giá Chính phủ", "government_agency", "chinh-phu", [], "-2002", "merged into Bộ Tài chính (2002)"),
    ("tong-cuc-buu-dien", "Tổng cục Bưu điện", "government_agency", "chinh-phu", [], "-2002", "became Bộ Bưu chính, Viễn thông (2002)"),
    # ministerial-level agencies
    ("ngan-hang-nha-nuoc", "Ngân hàng Nhà nước Việt Nam", "ministerial_agency", "chinh-phu", ["NHNN", "Ngân hàng Nhà nước"], None, "ministerial-level agency"),
    ("thanh-tra-chinh-phu", "Thanh tra Chính phủ", "ministerial_agency", "chinh-phu", ["TTCP"], None, "ministerial-level agency"),
    ("vp-chinh-phu", "Văn phòng Chính phủ", "ministerial_agency", "chinh-phu", ["VPCP"], None, "ministerial-level agency"),
    ("ub-dan-toc", "Ủy ban Dân tộc", "ministerial_agency", "chinh-phu", ["UBDT"], "-2025", "became Bộ Dân tộc và Tôn giáo (2025)"),
    # government agencies
    ("dai-tnvn", "Đài Tiếng nói Việt Nam", "government_agency", "chinh-phu", ["VOV"], None, "agency of the Government"),
    ("dai-thvn", "Đài Truyền hình Việt Nam", "government_agency", "chinh-phu", ["VTV"], None, "agency of the Government"),
    ("ttxvn", "Thông tấn xã Việt Nam", "government_agency", "chinh-phu", ["TTXVN"], None, "agency of the Government"),
    ("bhxh-vn", "Bảo hiểm xã hội Việt Nam", "government_agency", "chinh-phu", ["BHXH Việt Nam", "BHXHVN"], "-2025", "under Bộ Tài chính since 2025"),
    ("vhl-khcn", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "government_agency", "chinh-phu", [], None, "agency of the Government"),
    ("vhl-khxh", "Viện Hàn lâm Khoa học xã hội Việt Nam", "government_agency", "chinh-phu", [], None, "agency of the Government"),
    ("ban-ql-lang", "Ban Quản lý Lăng Chủ tịch Hồ Chí Minh", "government_agency", "chinh-phu", [], None, "agency of the Government"),
    ("ub-ql-von-nn", "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", "government_agency", "chinh-phu", [], "2018-2025", "dissolved 2025 (tasks to Bộ Tài chính)"),
    ("dhqg-hn", "Đại học Quốc gia Hà Nội", "public_institution", "chinh-phu", ["ĐHQGHN"], None, "national university"),
    ("dhqg-hcm", "Đại học Quốc gia Thành phố Hồ Chí Minh", "public_institution", "chinh-phu", ["Đại học Quốc gia TP. Hồ Chí Minh", "ĐHQG-HCM"], None, "national university"),
    ("ngan-hang-csxh", "Ngân hàng Chính sách xã hội", "public_institution", "chinh-phu", ["NHCSXH", "Ngân hàng Chính sách xã hội Việt Nam"], None, "policy bank"),
    ("ngan-hang-phat-trien", "Ngân hàng Phát triển Việt Nam", "public_institution", "chinh-phu", ["VDB"], None, "policy bank"),
    # Tổng cục and other units the pool names often, with the 2025 changes
    ("kho-bac-nn", "Kho bạc Nhà nước", "unit", "bo-tai-chinh", ["KBNN"], None, "treasury, under Bộ Tài chính"),
    ("tong-cuc-hai-quan", "Tổng cục Hải quan", "unit", "bo-tai-chinh", ["TCHQ"], "-2025", "became Cục Hải quan (2025)"),
    ("cuc-hai-quan", "Cục Hải quan", "unit", "bo-tai-chinh", [], "2025-", "from Tổng cục Hải quan (2025); also the provincial customs departments before 2025"),
    ("chi-cuc-hai-quan", "Chi cục Hải quan", "unit", "tong-cuc-hai-quan", [], None, "customs branch (the type; a named one follows it)"),
    ("tong-cuc-thue", "Tổng cục Thuế", "unit", "bo-tai-chinh", ["TCT"], "-2025", "became Cục Thuế (2025)"),
    ("cuc-thue", "Cục Thuế", "unit", "bo-tai-chinh", [], "2025-", "from Tổng cục Thuế (2025); also the provincial tax departments before 2025"),
    ("tong-cuc-thong-ke", "Tổng cục Thống kê", "unit", "bo-khdt", ["TCTK"], "-2025", "became Cục Thống kê under Bộ Tài chính (2025)"),
    ("cuc-thong-ke", "Cục Thống kê", "unit", "bo-tai-chinh", [], "2025-", "from Tổng cục Thống kê (2025)"),
    ("tong-cuc-dtnn", "Tổng cục Dự trữ Nhà nước", "unit", "bo-tai-chinh", [], "-2025", "became Cục Dự trữ Nhà nước (2025)"),
    ("tong-cuc-gdnn", "Tổng cục Giáo dục nghề nghiệp", "unit", "bo-ldtbxh", [], "-2025", "moved to Bộ Giáo dục và Đào tạo (2025)"),
    ("tong-cuc-qltt", "Tổng cục Quản lý thị trường", "unit", "bo-cong-thuong", [], "-2025", "became Cục Quản lý và Phát triển thị trường trong nước (2025)"),
    ("ub-chung-khoan-nn", "Ủy ban Chứng khoán Nhà nước", "unit", "bo-tai-chinh", ["UBCKNN"], None, "under Bộ Tài chính"),
    ("ub-canh-tranh-qg", "Ủy ban Cạnh tranh Quốc gia", "unit", "bo-cong-thuong", [], None, "under Bộ Công Thương"),
    ("bo-tong-tham-muu", "Bộ Tổng Tham mưu Quân đội nhân dân Việt Nam", "unit", "bo-quoc-phong", ["Bộ Tổng Tham mưu"], None, "General Staff"),
    ("tong-cuc-chinh-tri-qdnd", "Tổng cục Chính trị Quân đội nhân dân Việt Nam", "unit", "bo-quoc-phong", ["Tổng cục Chính trị"], None, "General Political Department"),
    ("qdnd-vn", "Quân đội nhân dân Việt Nam", "armed_force", "bo-quoc-phong", ["Quân đội nhân dân", "QĐND"], None, "the army"),
    ("cand-vn", "Công an nhân dân Việt Nam", "armed_force", "bo-cong-an", ["Công an nhân dân", "CAND"], None, "the police"),
    ("bo-doi-bien-phong", "Bộ đội Biên phòng", "armed_force", "bo-quoc-phong", [], None, "border guard"),
    ("canh-sat-bien", "Cảnh sát biển Việt Nam", "armed_force", "bo-quoc-phong", [], None, "coast guard"),
    # --- courts, procuracies, audit ----------------------------------------------------
    ("tand-toi-cao", "Tòa án nhân dân tối cao", "court", None, ["TANDTC", "Tòa án Nhân dân Tối cao"], None, "Supreme People's Court"),
    ("hd-tham-phan-tandtc", "Hội đồng Thẩm phán Tòa án nhân dân tối cao", "court", "tand-toi-cao", [], None, "Council of Judges"),
    ("toa-an-quan-su-tw", "Tòa án quân sự trung ương", "court", "tand-toi-cao", [], None, "military court"),
    ("vks-toi-cao", "Viện kiểm sát nhân dân tối cao", "procuracy", None, ["VKSNDTC", "Viện Kiểm sát Nhân dân Tối cao"], None, "Supreme People's Procuracy"),
    ("vks-quan-su-tw", "Viện kiểm sát quân sự trung ương", "procuracy", "vks-toi-cao", [], None, "military procuracy"),
    ("kiem-toan-nn", "Kiểm toán nhà nước", "audit", None, ["KTNN", "Kiểm toán Nhà nước"], None, "State Audit"),
    # --- Fatherland Front and mass organizations ---------------------------------------
    ("mttq-vn", "Mặt trận Tổ quốc Việt Nam", "front", None, ["MTTQ Việt Nam", "MTTQVN", "MTTQ", "Mặt trận Tổ quốc"], None, "Fatherland Front"),
    ("ubtw-mttq-vn", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "front", "mttq-vn", ["Ủy ban Trung ương MTTQ Việt Nam", "UBTƯ MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam"], None, "its Central Committee"),
    ("dct-ubtw-mttq-vn", "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "front", "ubtw-mttq-vn", ["Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam", "Đoàn Chủ tịch UBTW MTTQVN", "Đoàn Chủ tịch UBMTTQVN", "Đoàn Chủ tịch UBTƯ MTTQ Việt Nam"], None, "its Presidium"),
    ("btt-ubtw-mttq-vn", "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "front", "ubtw-mttq-vn", ["Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam"], None, "its Standing Board"),
    ("tld-ld-vn", "Tổng Liên đoàn Lao động Việt Nam", "mass_org", "mttq-vn", ["TLĐLĐVN", "Tổng LĐLĐ Việt Nam"], None, "trade unions"),
    ("doan-tncs-hcm", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "mass_org", "mttq-vn", ["Đoàn TNCS Hồ Chí Minh", "Đoàn TNCS HCM"], None, "Youth Union"),
    ("tw-doan", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "mass_org", "doan-tncs-hcm", ["Trung ương Đoàn", "Trung ương Đoàn TNCS Hồ Chí Minh"], None, "Youth Union's Central Committee"),
    ("hlhpn-vn", "Hội Liên hiệp Phụ nữ Việt Nam", "mass_org", "mttq-vn", ["Hội LHPN Việt Nam"], None, "Women's Union"),
    ("hnd-vn", "Hội Nông dân Việt Nam", "mass_org", "mttq-vn", [], None, "Farmers' Union"),
    ("hccb-vn", "Hội Cựu chiến binh Việt Nam", "mass_org", "mttq-vn", [], None, "Veterans' Association"),
    ("hlhtn-vn", "Hội Liên hiệp Thanh niên Việt Nam", "mass_org", "mttq-vn", [], None, "Youth Federation"),
    ("lhh-khkt-vn", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "mass_org", "mttq-vn", [], None, "science associations"),
    ("lh-huu-nghi-vn", "Liên hiệp các tổ chức hữu nghị Việt Nam", "mass_org", "mttq-vn", [], None, "friendship organizations"),
    ("lhh-vhnt-vn", "Liên hiệp các Hội Văn học nghệ thuật Việt Nam", "mass_org", "mttq-vn", [], None, "arts associations"),
    ("hctd-vn", "Hội Chữ thập đỏ Việt Nam", "mass_org", "mttq-vn", [], None, "Red Cross"),
    ("vcci", "Phòng Thương mại và Công nghiệp Việt Nam", "mass_org", "mttq-vn", ["VCCI"], None, "Chamber of Commerce"),
    ("lm-htx-vn", "Liên minh Hợp tác xã Việt Nam", "mass_org", "mttq-vn", [], None, "cooperative alliance"),
    ("hlg-vn", "Hội Luật gia Việt Nam", "mass_org", "mttq-vn", [], None, "lawyers' association"),
    ("hnb-vn", "Hội Nhà báo Việt Nam", "mass_org", "mttq-vn", [], None, "journalists' association"),
    ("hnct-vn", "Hội Người cao tuổi Việt Nam", "mass_org", "mttq-vn", [], None, "elders' association"),
    ("doan-ls-vn", "Liên đoàn Luật sư Việt Nam", "mass_org", "mttq-vn", [], None, "bar federation"),
    # --- international bodies often named ----------------------------------------------
    ("asean", "Hiệp hội các quốc gia Đông Nam Á", "international", None, ["ASEAN"], None, "international body"),
    ("lhq", "Liên hợp quốc", "international", None, ["Liên Hợp Quốc", "LHQ"], None, "international body"),
    ("wto", "Tổ chức Thương mại thế giới", "international", None, ["WTO"], None, "international body"),
    ("eu", "Liên minh châu Âu", "international", None, ["EU", "Liên minh Châu Âu"], None, "international body"),
    ("who", "Tổ chức Y tế thế giới", "international", None, ["WHO"], None, "international body"),
    ("wb", "Ngân hàng Thế giới", "international", None, ["WB"], None, "international body"),
    ("adb", "Ngân hàng Phát triển châu Á", "international", None, ["ADB"], None, "international body"),
    ("imf", "Quỹ Tiền tệ quốc tế", "international", None, ["IMF"], None, "international body"),
    ("apec", "Diễn đàn Hợp tác kinh tế châu Á - Thái Bình Dương", "international", None, ["APEC"], None, "international body"),
]

#: File-name codes of issuers (congbao: "...-tt-btc-469311.txt") -> ministry id.
ISSUER_CODES = {
    "btc": "bo-tai-chinh", "bkhdt": "bo-khdt", "bldtbxh": "bo-ldtbxh", "bkhcn": "bo-khcn", "bca": "bo-cong-an",
    "bct": "bo-cong-thuong", "nhnn": "ngan-hang-nha-nuoc", "bnv": "bo-noi-vu", "byt": "bo-y-te",
    "bxd": "bo-xay-dung", "bnnmt": "bo-nnmt", "bqp": "bo-quoc-phong", "bnnptnt": "bo-nnptnt",
    "btnmt": "bo-tnmt", "bgtvt": "bo-gtvt", "btttt": "bo-tttt", "bgddt": "bo-gddt", "bgdđt": "bo-gddt",
    "btp": "bo-tu-phap", "bng": "bo-ngoai-giao", "bvhttdl": "bo-vhttdl", "bdttg": "bo-dan-toc-ton-giao",
    "ttcp": "thanh-tra-chinh-phu", "vpcp": "vp-chinh-phu", "ubdt": "ub-dan-toc",
}

UNIT_HEADS = ("Tổng cục", "Cục", "Vụ", "Thanh tra", "Văn phòng", "Viện")
_TITLES = r"(?:Tổng [Cc]ục trưởng|Cục trưởng|Vụ trưởng|Chánh Thanh tra|Chánh Văn phòng|Viện trưởng|Giám đốc)"
_HEAD = r"(?:Tổng cục|Cục|Vụ|Thanh tra|Văn phòng|Viện)"
#: A unit name: capitalized first word, then words, until punctuation.
_NAME = r"[A-ZĐÀ-Ỹ][^\s,;.:()\[\]“”\"]*(?: [^\s,;.:()\[\]“”\"]+){0,11}"
TITLE_UNIT_RE = re.compile(_TITLES + r" (" + _HEAD + r" " + _NAME + r")")
UNIT_PARENT_RE = re.compile(r"(?<![\w])(" + _HEAD + r" " + _NAME + r")(?:,| -| –| thuộc| \()? (Bộ [A-ZĐ][^\s,;.:()]*(?: [^\s,;.:()]+){0,8})")
LIST_ITEM_RE = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-zđ])[.)] (" + _HEAD + r" " + _NAME + r")[;.]")
#: Lower-case words at which a name stops (they start the rest of the sentence).
STOP_WORDS = {
    "thuộc", "trực", "ban", "chủ", "hướng", "theo", "tại", "về", "để", "đối", "trong", "là", "được",
    "phối", "của", "các", "hoặc", "đã", "sẽ", "trình", "quy", "báo", "căn", "với", "cho", "từ",
    "đến", "khi", "nếu", "thì", "này", "đó", "gồm", "bao", "như", "giao", "kể", "chịu",
    "xem", "lấy", "gửi", "nhận", "phải", "kiểm", "do", "trên", "dưới", "sau", "trước",
    "tiếp", "hàng", "năm", "ngày", "đề", "tham", "giúp", "nghiên", "xây", "cung", "quyết", "ra", "xét",
    "phân", "đang", "chấm", "hủy", "tạm", "thu", "đình", "mức", "tỉnh", "làm",
    "huyện", "thành", "cấp", "tổ", "ký", "cấp/cấp", "nơi", "tổng",
}
#: Phrases at which a name stops: "... và Vụ trưởng Vụ ...", "... có trách nhiệm".
STOP_PHRASES = re.compile(
    r" (?:và (?:Thủ trưởng|Vụ trưởng|Cục trưởng|Giám đốc|Chánh|Tổng|Thủ|cơ quan|các|đơn vị)|có trách nhiệm|"
    r"có thẩm quyền|có nhiệm vụ|thống nhất|thực hiện|công bố|công nhận|thông báo|không (?:được|phải|có|thực)|tổ chức thực hiện|làm đầu mối)\b.*$")
#: Reviewed: names the mining cuts at a comma or a stop word, restored in full.
FIX = {
    "Cục Phòng": "Cục Phòng, chống tệ nạn xã hội", "Cục Quản lý Khám": "Cục Quản lý Khám, chữa bệnh",
    "Cục Chất lượng": "Cục Chất lượng, Chế biến và Phát triển thị trường",
    "Cục Trồng trọt và Bảo vệ": "Cục Trồng trọt và Bảo vệ thực vật",
    "Cục Thương mại điện tử và Kinh tế": "Cục Thương mại điện tử và Kinh tế số",
    "Cục Tần": "Cục Tần số vô tuyến điện",
    "Cục Kiểm tra văn bản": "Cục Kiểm tra văn bản quy phạm pháp luật",
    "Cục Kiểm tra VBQPPL": "Cục Kiểm tra văn bản quy phạm pháp luật",
    "Cục Kiểm tra văn bản QPPL": "Cục Kiểm tra văn bản quy phạm pháp luật",
    "Cục Quản lý mật mã dân sự và Kiểm định sản phẩm mật": "Cục Quản lý mật mã dân sự và Kiểm định sản phẩm mật mã",
}
#: Reviewed and rejected: generic, incomplete, or not a unit name.
REJECT = {
    "Văn phòng Bộ", "Thanh tra Bộ", "Vụ Pháp chế Bộ", "Cục Quản lý", "Vụ Tổ chức", "Văn phòng Trung ương",
    "Văn phòng Chính phủ", "Thanh tra Chính phủ", "Văn phòng Quốc hội", "Văn phòng Chủ tịch nước",
    "Văn phòng Trung ương Đảng", "Cục trưởng", "Vụ trưởng", "Viện trưởng", "Văn phòng Quốc gia",
    "Vụ Quản lý", "Cục Giám sát quản lý", "Cục Kiểm tra", "Cục Cảnh sát", "Cục Đăng", "Cục Người",
    "Cục Việc", "Cục Quản lý đăng", "Cục Thi hành án", "Cục Cảnh sát quản lý", "Cục Quản lý mật mã dân sự",
    "Cục Quản lý mật mã dân sự và Kiểm định sản phẩm mật mã",  # under Ban Cơ yếu Chính phủ, not Bộ Y tế
}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def flatten(text: str) -> str:
    """One space between words: the gazette texts are hard-wrapped mid-name."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"-\n(?=\w)", "-", text)
    return re.sub(r"\s+", " ", text)


def trim_name(name: str) -> str:
    name = STOP_PHRASES.sub("", name)
    words = name.split(" ")
    kept = [words[0], words[1]] if words[0] in ("Tổng", "Thanh", "Văn") and len(words) > 1 else [words[0]]
    rest = words[len(kept):]
    for i, w in enumerate(rest):
        if any(c.isdigit() for c in w) and re.match(r"^\D+\d+$", w):
            kept.append(re.sub(r"\d+$", "", w))  # a footnote marker glued to the last word
            break
        if (w in STOP_WORDS or w == "Ngày" or any(c.isdigit() for c in w) or "/" in w
                or (len(w) > 3 and w.isupper() and w not in ("VBQPPL", "QPPL"))):
            break
        kept.append(w)
    while kept and kept[-1] in ("và", "-", "–"):
        kept.pop()
    return " ".join(kept)


def head_of(name: str) -> str:
    for head in UNIT_HEADS:
        if name.startswith(head + " "):
            return head
    return ""


def issuer_of(path: Path, text: str, names_to_id: dict) -> str:
    m = re.search(r"-(b[a-zđ]+|nhnn|ttcp|vpcp|ubdt)-\d+\.txt$", path.name)
    if m and m.group(1) in ISSUER_CODES:
        return ISSUER_CODES[m.group(1)]
    m = re.search(r"Bộ trưởng (Bộ [^,;.]{2,60}?) ban hành", text)
    if m:
        return resolve_ministry(m.group(1), names_to_id) or ""
    return ""


def resolve_ministry(text: str, names_to_id: dict):
    low = text.lower()
    best = None
    for name, eid in names_to_id.items():
        if low.startswith(name) and (best is None or len(name) > len(best[0])):
            best = (name, eid)
    return best[1] if best else None


def mine(pool: Path, seed_names: dict, min_count: int):
    """Returns (units, attest): units {(parent, name): {"count", "trusted", "source"}};
    attest {seed id: pool path} of the first file (structure reference first) naming it."""
    ministries = {n.lower(): eid for n, eid in seed_names.items()
                  if eid.startswith("bo-") or eid in ("ngan-hang-nha-nuoc", "thanh-tra-chinh-phu", "vp-chinh-phu", "ub-dan-toc")}
    units = defaultdict(lambda: {"count": 0, "trusted": False, "source": None})
    attest, attest_struct = {}, {}
    files = sorted(p for p in pool.rglob("*.txt"))
    lowered_names = sorted(((n.lower(), eid) for n, eid in seed_names.items()), key=lambda x: -len(x[0]))
    for path in files:
        rel = "pool/" + str(path.relative_to(pool))
        text = flatten(path.read_text(encoding="utf-8", errors="replace"))
        low = text.lower()
        for name, eid in lowered_names:
            if eid in attest_struct:
                continue
            idx = low.find(name)
            if idx < 0:
                continue
            attest.setdefault(eid, rel)
            if "cơ cấu tổ chức của " + name in low:
                attest_struct[eid] = rel
        issuer = issuer_of(path, text, ministries)
        found = []
        for m in TITLE_UNIT_RE.finditer(text):
            found.append((m.group(1), None, True))
        for m in LIST_ITEM_RE.finditer(text):
            if "cơ cấu tổ chức" in low[max(0, m.start() - 3000):m.start()]:
                found.append((m.group(1), None, True))
        for m in UNIT_PARENT_RE.finditer(text):
            if trim_name(m.group(1)) == m.group(1):  # the parent follows the name directly
                found.append((m.group(1), resolve_ministry(m.group(2), ministries), False))
        for raw, parent, trusted in found:
            name = trim_name(raw)
            name = FIX.get(name, name)
            head = head_of(name)
            if not head or len(name) <= len(head) + 2 or name in REJECT:
                continue
            rest = name[len(head) + 1:]
            if not rest[0].isupper() or rest.split(" ")[0] in ("Bộ", "Chính", "Quốc", "Trung"):
                continue
            parent = parent or issuer
            if not parent:
                continue
            entry = units[(parent, name)]
            entry["count"] += 1
            entry["trusted"] = entry["trusted"] or trusted
            entry["source"] = entry["source"] or rel
    kept = {k: v for k, v in units.items() if v["trusted"] or v["count"] >= min_count}
    attest.update(attest_struct)
    return kept, attest


def build(pool: Path, min_count: int):
    seed_names = {}
    for eid, name, kind, parent, abbrs, valid, why in SEED:
        seed_names[name] = eid
        for a in abbrs:
            if len(a) > 6:  # long aliases help attest; short ones are too ambiguous to search
                seed_names.setdefault(a, eid)
    units, attest = mine(pool, seed_names, min_count) if pool.exists() else ({}, {})
    entries, names = [], {}
    for eid, name, kind, parent, abbrs, valid, why in SEED:
        entries.append({"id": eid, "name": name, "kind": kind, "parent": parent, "abbreviations": abbrs,
                        "valid": valid, "source": attest.get(eid) or "hand list: " + why})
        if eid in LINK_ONLY:
            entries[-1]["link_only"] = LINK_ONLY[eid]
        names[name.lower()] = eid
    ids = {e["id"] for e in entries}
    for (parent, name), info in sorted(units.items()):
        if name.lower() in names and names[name.lower()] in ids:
            continue  # a seed entry already (Tổng cục Hải quan ...)
        head = head_of(name)
        kind = "unit"
        eid = "%s/%s" % (parent, slug(name))
        if eid in ids:
            continue
        ids.add(eid)
        entries.append({"id": eid, "name": name, "kind": kind, "parent": parent, "abbreviations": [],
                        "valid": None, "source": info["source"], "head": head})
    for e in entries:
        e.pop("head", None)
    return entries


def measure(gold_dir: Path) -> None:
    """ORG and LOC P/R/F1 on the training gold (never the set-aside test) of the rule
    pipeline and the shipped model, each without and with the body ruler at the end, and
    the share of gold ORG spans the knowledge base links."""
    sys.path.insert(0, str(ROOT))

    import vnadmin_nlp
    from vnadmin_nlp.components import body_ruler  # noqa: F401  (registers the factory)
    from vnadmin_nlp.evaluate import evaluate_records
    from vnadmin_nlp.io.jsonl import read_gold
    from vnadmin_nlp.pipeline import build_rule_pipeline

    records = read_gold([gold_dir])
    rows = []

    def score(label, nlp):
        result = evaluate_records(nlp, records, labels=["ORG", "LOC"])["entities"]
        rows.append((label, result["ORG"], result["LOC"]))

    score("rule pipeline", build_rule_pipeline())
    nlp = build_rule_pipeline()
    nlp.add_pipe("vnadmin_body_ruler")
    score("rule pipeline + body ruler", nlp)
    score("shipped model", vnadmin_nlp.load())
    nlp = vnadmin_nlp.load()
    nlp.add_pipe("vnadmin_body_ruler")
    score("shipped model + body ruler", nlp)
    print("| pipeline | ORG P | ORG R | ORG F1 | LOC P | LOC R | LOC F1 |")
    print("|---|---|---|---|---|---|---|")
    for label, org, loc in rows:
        print("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |"
              % (label, org["p"], org["r"], org["f"], loc["p"], loc["r"], loc["f"]))

    # linking: the ruler alone (tokenizer + ruler), gold ORG spans found exactly with an entry
    bare = build_rule_pipeline()
    for name in list(bare.pipe_names):
        bare.remove_pipe(name)
    bare.add_pipe("vnadmin_body_ruler")
    total = linked = alone = 0
    for record in records:
        for item in list(record["paragraphs"]) + list(record.get("footnotes", [])):
            gold = [e for e in item.get("entities", []) if e[2] == "ORG"]
            if not gold:
                continue
            doc = bare(item["text"])
            found = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG" and e.kb_id_}
            for e in gold:
                total += 1
                linked += (e[0], e[1]) in found
                text = item["text"][e[0]:e[1]]
                d = bare(text)
                alone += any(x.start_char == 0 and x.end_char == len(text) and x.kb_id_ for x in d.ents)
    print("gold ORG spans: %d; linked in context (exact span + entry): %d (%.1f%%); span text alone "
          "linked as a whole: %d (%.1f%%)" % (total, linked, 100 * linked / total, alone, 100 * alone / total))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument("--measure", action="store_true", help="score the pipelines on the training gold")
    parser.add_argument("--gold", type=Path, default=ROOT / "data" / "annotated")
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.gold)
        return 0
    entries = build(args.pool, args.min_count)
    kinds = Counter(e["kind"] for e in entries)
    pooled = sum(1 for e in entries if e["source"].startswith("pool/"))
    print("%d bodies (%d traced to a pool file, %d to the hand list): %s"
          % (len(entries), pooled, len(entries) - pooled, dict(sorted(kinds.items()))))
    if args.dry_run:
        for e in entries:
            if e["kind"] == "unit":
                print("  %-45s %-60s %s" % (e["parent"], e["name"], e["source"]))
        return 0
    with args.output.open("w", encoding="utf-8") as handle:
        for e in entries:
            handle.write(json.dumps(e, ensure_ascii=False) + "\n")
    print("wrote", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
