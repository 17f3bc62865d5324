"""Write ``vnadmin_nlp/resources/places.json``: Vietnam's provinces, districts and communes
(before and after the 2025 reorganization), regions and often-named countries.

The administrative units come from a maintained package, so that the runtime never needs
it::

    .venv/bin/pip install vietnam-provinces vietnamadminunits
    .venv/bin/python scripts/build_places.py            # writes the JSON, prints coverage
    .venv/bin/python scripts/build_places.py --measure  # coverage only, writes nothing

Measured (``--measure``; vietnam-provinces 2025.10.1, vietnamadminunits 1.0.4):
vietnam-provinces now ships only the post-2025 units (34 provinces, 3,321 communes, no
districts, no pre-2025 names), while vietnamadminunits ships both the pre-2025 units
(63 provinces, 696 districts, 10,040 communes, table ``admin_units_legacy``) and the
post-2025 ones (34 provinces, 3,321 communes, table ``admin_units``). On the post-2025
units they agree but for 28 commune spellings, so the script reads vietnamadminunits alone
and prints what vietnam-provinces would add.

Regions, countries and spelling variants the packages lack are listed by hand below.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "vnadmin_nlp" / "resources" / "places.json"

#: Regions named in administrative texts (geographic and socio-economic regions).
REGIONS = [
    "Tây Nguyên", "Đồng bằng sông Cửu Long", "Đồng bằng sông Hồng", "Đông Nam Bộ",
    "Tây Nam Bộ", "Nam Bộ", "Bắc Bộ", "Trung Bộ", "Bắc Trung Bộ", "Nam Trung Bộ",
    "Duyên hải Nam Trung Bộ", "Bắc Trung Bộ và Duyên hải miền Trung", "Duyên hải miền Trung",
    "Trung du và miền núi phía Bắc", "Trung du miền núi phía Bắc", "miền núi phía Bắc",
    "Tây Bắc", "Đông Bắc", "Việt Bắc", "miền Bắc", "miền Trung", "miền Nam", "Nam Trung Bộ",
    "Tây Nam", "Biển Đông", "Hoàng Sa", "Trường Sa", "Trung Đông", "Đông Nam Á", "châu Á",
    "châu Âu", "châu Phi", "châu Mỹ", "Mỹ Latinh", "Bắc Mỹ", "châu Đại Dương",
    "Châu Á - Thái Bình Dương", "Thái Bình Dương", "Ấn Độ Dương", "Tiểu vùng sông Mê Công",
    "sông Mê Công", "sông Hồng",
]

#: Countries often named; each: (name, aliases).
COUNTRIES = [
    ("Việt Nam", ["Cộng hòa xã hội chủ nghĩa Việt Nam"]),
    ("Trung Quốc", ["Cộng hòa Nhân dân Trung Hoa"]), ("Lào", ["Cộng hòa Dân chủ Nhân dân Lào"]),
    ("Campuchia", ["Vương quốc Campuchia"]), ("Hoa Kỳ", ["Mỹ", "Hợp chủng quốc Hoa Kỳ"]),
    ("Nhật Bản", []), ("Hàn Quốc", ["Đại Hàn Dân Quốc"]), ("Triều Tiên", []), ("Nga", ["Liên bang Nga"]),
    ("Ấn Độ", []), ("Thái Lan", []), ("Singapore", ["Xinh-ga-po"]), ("Malaysia", ["Ma-lai-xi-a"]),
    ("Indonesia", ["In-đô-nê-xi-a"]), ("Philippines", ["Phi-líp-pin"]), ("Myanmar", ["Mi-an-ma"]),
    ("Brunei", []), ("Đông Timor", ["Timor-Leste"]), ("Úc", ["Australia", "Ô-xtrây-li-a"]),
    ("New Zealand", []), ("Pháp", []), ("Đức", []), ("Anh", ["Vương quốc Anh"]), ("Italy", ["I-ta-li-a"]),
    ("Tây Ban Nha", []), ("Hà Lan", []), ("Bỉ", []), ("Thụy Điển", []), ("Thụy Sĩ", []), ("Na Uy", []),
    ("Phần Lan", []), ("Đan Mạch", []), ("Ba Lan", []), ("Séc", []), ("Hungary", []), ("Ukraine", ["U-crai-na"]),
    ("Canada", ["Ca-na-đa"]), ("Brazil", ["Bra-xin"]), ("Argentina", []), ("Mexico", ["Mê-hi-cô"]),
    ("Cuba", ["Cu-ba"]), ("Chile", ["Chi-lê"]), ("Israel", ["I-xra-en"]), ("Iran", []), ("Iraq", []),
    ("Ả Rập Xê Út", ["Saudi Arabia"]), ("Các Tiểu vương quốc Ả Rập Thống nhất", ["UAE"]), ("Qatar", []),
    ("Thổ Nhĩ Kỳ", []), ("Ai Cập", []), ("Nam Phi", []), ("Đài Loan", []), ("Hồng Kông", []), ("Ma Cao", []),
    ("Mông Cổ", []), ("Bangladesh", []), ("Pakistan", []), ("Sri Lanka", []),
]

#: Spellings of provinces the packages do not give (old names, hyphenation, short forms).
PROVINCE_ALIASES = {
    "Hồ Chí Minh": ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP Hồ Chí Minh", "TP.HCM", "TP. HCM", "TPHCM", "Sài Gòn"],
    "Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa Vũng Tàu"],
    "Đắk Lắk": ["Đắc Lắc", "Đăk Lăk"],
    "Đắk Nông": ["Đắc Nông", "Đăk Nông"],
}


#: Places whose bare name is mostly something else (a person: "tư tưởng Hồ Chí Minh"): LOC
#: only after a level word or as one of their aliases ("Thành phố Hồ Chí Minh", "TP. HCM").
NEEDS_LEVEL = {"Hồ Chí Minh"}


def _adminunits_db() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


def read_adminunits():
    con = sqlite3.connect(str(_adminunits_db()))
    old = con.execute(
        "select province, provinceShort, district, districtShort, districtType, ward, wardShort, wardType "
        "from admin_units_legacy").fetchall()
    new = con.execute("select province, provinceShort, ward, wardShort, wardType from admin_units").fetchall()
    con.close()
    return old, new


def read_vietnam_provinces():
    """(provinces, communes) of vietnam-provinces, as (full name) and (province full, commune full)."""
    try:
        import vietnam_provinces
    except ImportError:
        return None
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces = {p["name"] for p in data}
    communes = {(p["name"], w["name"]) for p in data for w in p.get("wards", [])}
    districts = {(p["name"], d["name"]) for p in data for d in p.get("districts", [])}
    return provinces, districts, communes


def _key(name: str) -> str:
    """A unit's name without its type word, NFC, lower case: how the two packages are compared."""
    import unicodedata

    name = unicodedata.normalize("NFC", name).strip()
    name = re.sub(r"^(Tỉnh|Thành phố|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s+", "", name)
    return name.lower()


def measure(old, new) -> None:
    vp = read_vietnam_provinces()
    au_old_p = {r[0] for r in old}
    au_old_d = {(r[0], r[2]) for r in old}
    au_old_c = {(r[0], r[2], r[5]) for r in old if r[5]}
    au_new_p = {r[0] for r in new}
    au_new_c = {(r[0], r[2]) for r in new}
    print("vietnamadminunits: pre-2025 %d provinces, %d districts, %d communes; post-2025 %d provinces, "
          "%d communes" % (len(au_old_p), len(au_old_d), len(au_old_c), len(au_new_p), len(au_new_c)))
    if vp is None:
        print("vietnam-provinces: not installed")
        return
    p, d, c = vp
    p = {_key(x) for x in p}
    c = {(_key(a), _key(b)) for a, b in c}
    au_old_p = {_key(x) for x in au_old_p}
    au_new_p = {_key(x) for x in au_new_p}
    au_new_c = {(_key(a), _key(b)) for a, b in au_new_c}
    print("vietnam-provinces: %d provinces, %d districts, %d communes (post-2025 only)" % (len(p), len(d), len(c)))
    print("  provinces in vietnam-provinces missing from vietnamadminunits (post-2025): %d" % len(p - au_new_p))
    print("  communes in vietnam-provinces missing from vietnamadminunits (post-2025): %d" % len(c - au_new_c))
    print("  pre-2025 province names it has (the 34 that kept their names): %d of %d" % (len(p & au_old_p), len(au_old_p)))


def _short(full: str, kind: str) -> str:
    return full[len(kind):].strip() if kind and full.lower().startswith(kind.lower()) else full


def build(old, new) -> dict:
    provinces = {}
    for era, rows in (("old", [(r[0], r[1]) for r in old]), ("new", [(r[0], r[1]) for r in new])):
        for full, short in rows:
            kind = "thành phố" if full.startswith("Thành phố") else "tỉnh"
            entry = provinces.setdefault(short, {"name": short, "full": full, "type": kind, "eras": [],
                                                 "aliases": list(PROVINCE_ALIASES.get(short, []))})
            if short in NEEDS_LEVEL:
                entry["needs_level"] = True
            if era not in entry["eras"]:
                entry["eras"].append(era)
    districts = {}
    for full_p, short_p, full_d, short_d, dtype, *_ in old:
        if not full_d:
            continue
        districts.setdefault((short_p, short_d, dtype), {"name": short_d, "type": (dtype or "").lower(),
                                                         "province": short_p})
    communes = defaultdict(lambda: defaultdict(set))
    for full_p, short_p, full_d, short_d, dtype, full_w, short_w, wtype in old:
        if short_w:
            communes[short_p][(wtype or "xã").lower()].add(short_w)
    for full_p, short_p, full_w, short_w, wtype in new:
        if short_w:
            communes[short_p][(wtype or "xã").lower()].add(short_w)
    return {
        "_about": ("Places for vnadmin_nlp's body ruler. Built by scripts/build_places.py from "
                   "vietnamadminunits (pre-2025 and post-2025 units) plus hand lists of regions and "
                   "countries. Do not edit by hand: edit the script and rerun it."),
        "provinces": sorted(provinces.values(), key=lambda e: e["name"]),
        "districts": sorted(districts.values(), key=lambda e: (e["province"], e["name"])),
        "communes": {p: {t: sorted(names) for t, names in sorted(types.items())}
                     for p, types in sorted(communes.items())},
        "regions": sorted(set(REGIONS)),
        "countries": [{"name": n, "aliases": a} for n, a in COUNTRIES],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", action="store_true", help="print coverage only")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    old, new = read_adminunits()
    measure(old, new)
    if args.measure:
        return 0
    data = build(old, new)
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    n_comm = sum(len(v) for types in data["communes"].values() for v in types.values())
    print("wrote %s: %d provinces, %d districts, %d commune names, %d regions, %d countries"
          % (args.output, len(data["provinces"]), len(data["districts"]), n_comm, len(data["regions"]),
             len(data["countries"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
