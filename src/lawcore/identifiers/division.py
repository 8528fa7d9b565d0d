"""行政区划代码 (GB/T 2260), CONVENTIONS §3.1: structural rules only, no code list.

A code is six digits in three layers (province, prefecture, county). Only the structure is
checked: whether a particular county code exists, or existed, is a question for the pinned code
list, not for this module (retired codes stay valid on old documents).
"""

from __future__ import annotations

from dataclasses import dataclass

from lawcore.identifiers.errors import IdentifierError

_KIND = "division_code"

# GB/T 2260 province-level codes (digits 1–2).
PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


@dataclass(frozen=True)
class DivisionCode:
    """A structurally valid code. `province`, `prefecture`, `county` are the six-digit codes of
    each layer ("" below the code's own level); `level` is "province", "prefecture" or "county";
    the `*_kind` fields describe the layer's range in Chinese (§3.1)."""

    code: str
    province: str
    prefecture: str
    county: str
    level: str
    prefecture_kind: str
    county_kind: str
    province_name: str = ""

    def details(self) -> dict[str, str]:
        return {
            "level": self.level,
            "province": self.province,
            "province_name": self.province_name,
            "prefecture": self.prefecture,
            "prefecture_kind": self.prefecture_kind,
            "county": self.county,
            "county_kind": self.county_kind,
        }


def prefecture_kind(province: str, digits: str) -> str:
    """§3.1 meaning of digits 3–4 ("" when they are not a valid prefecture code)."""
    n = int(digits)
    if province in MUNICIPALITIES and 1 <= n <= 2:
        return "直辖市市辖区" if n == 1 else "直辖市所辖县"
    if 1 <= n <= 20 or 51 <= n <= 70:
        return "地级市"
    if 21 <= n <= 50:
        return "地区、自治州、盟"
    if n == 90:
        return "省直辖县级行政单位"
    return ""


def county_kind(prefecture_digits: str, digits: str) -> str:
    """§3.1 meaning of digits 5–6 ("" for 00)."""
    n = int(digits)
    if prefecture_digits == "90" and n:
        return "省直辖县级行政单位"
    if 1 <= n <= 20:
        return "市辖区，或地区、自治州辖县级市"
    if 21 <= n <= 70:
        return "县、自治县、旗、林区"
    if 71 <= n <= 80:
        return "县、自治县、旗（统计用区划代码中也用于开发区、工业园区）"
    if 81 <= n <= 99:
        return "省辖县级市"
    return ""


def validate_division_code(value: str) -> DivisionCode:
    """Parse a six-digit GB/T 2260 code or raise IdentifierError naming the faulty layer."""
    code = value.strip()
    if len(code) != 6:
        raise IdentifierError(
            f"行政区划代码应为6位数字，实际为{len(code)}位", kind=_KIND, reason="length"
        )
    for i, char in enumerate(code, start=1):
        if not ("0" <= char <= "9"):
            raise IdentifierError(
                f"行政区划代码第{i}位字符“{char}”不是数字", kind=_KIND, reason="digit", position=i
            )
    prov, pref, cnty = code[:2], code[2:4], code[4:]
    if prov not in PROVINCES:
        raise IdentifierError(
            f"行政区划代码第1–2位省级代码“{prov}”不是有效的省级行政区代码",
            kind=_KIND,
            reason="province",
            position=1,
        )
    if pref == "00":
        if cnty != "00":
            raise IdentifierError(
                f"行政区划代码层级不一致：第3–4位为“00”（省级），第5–6位应为“00”，实际为“{cnty}”",
                kind=_KIND,
                reason="layers",
                position=5,
            )
        return DivisionCode(code, code, "", "", "province", "", "", PROVINCES[prov])
    pkind = prefecture_kind(prov, pref)
    if not pkind:
        raise IdentifierError(
            f"行政区划代码第3–4位地级代码“{pref}”不在有效范围（01–70、90）内",
            kind=_KIND,
            reason="prefecture",
            position=3,
        )
    prefecture = prov + pref + "00"
    if cnty == "00":
        return DivisionCode(
            code, prov + "0000", prefecture, "", "prefecture", pkind, "", PROVINCES[prov]
        )
    return DivisionCode(
        code,
        prov + "0000",
        prefecture,
        code,
        "county",
        pkind,
        county_kind(pref, cnty),
        PROVINCES[prov],
    )
