"""统一社会信用代码 (GB 32100-2015), CONVENTIONS §1.

Position 1 may be any character of the code set, so codes of 中央军委 (A), 农业 (N) and 其他 (Y)
authorities validate (§1.5). The GB 11714 check of positions 9–17 is a warning only (§1.3).
"""

from __future__ import annotations

from lawcore.identifiers.errors import IdentifierError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, ...
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_KIND = "uscc"

# §1.1 [S]: 登记管理部门代码 → (部门, {机构类别代码: 类别}).
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常住新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地(大陆)代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商（市场监管）", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级", "2": "村级", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}


def _charset_error(position: int, char: str) -> IdentifierError:
    return IdentifierError(
        f"第{position}位字符“{char}”不在统一社会信用代码字符集中",
        kind=_KIND,
        reason="charset",
        position=position,
    )


def _check_body(body: str) -> None:
    """Raise for the first bad character of up to 17 leading characters."""
    for i, char in enumerate(body, start=1):
        if char not in _VALUE:
            raise _charset_error(i, char)
        if 3 <= i <= 8 and not char.isdigit():
            raise IdentifierError(
                f"第{i}位字符“{char}”应为数字（第3–8位是登记管理机关行政区划码）",
                kind=_KIND,
                reason="digit",
                position=i,
            )


def uscc_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters, §1.3."""
    first17 = first17.strip().upper()
    if len(first17) != 17:
        raise IdentifierError(
            f"计算校验码需要前17位，实际为{len(first17)}位", kind=_KIND, reason="length"
        )
    _check_body(first17)
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised code (stripped, upper-case) or raise IdentifierError."""
    code = value.strip().upper()
    if len(code) != 18:
        raise IdentifierError(
            f"统一社会信用代码应为18位，实际为{len(code)}位", kind=_KIND, reason="length"
        )
    _check_body(code[:17])
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(
            f"第18位校验码错误：应为“{expected}”，实际为“{code[17]}”",
            kind=_KIND,
            reason="checksum",
            position=18,
            expected=expected,
        )
    return code


def org_code_check_char(first8: str) -> str:
    """GB 11714 组织机构代码 check character for the 8-character body (letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def uscc_warnings(value: str) -> list[str]:
    """Soft findings on a code that an operator may override (§1.3): the GB 11714 check of
    positions 9–17 and authority/category codes missing from the §1.1 table. A structurally
    invalid code gets no warnings (its error says what is wrong)."""
    try:
        code = validate_uscc(value)
    except IdentifierError:
        return []
    warnings: list[str] = []
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        warnings.append(f"第1位登记管理部门代码“{code[0]}”不在已知代码表中，请核对")
    elif code[1] not in authority[1]:
        warnings.append(f"第2位机构类别代码“{code[1]}”不在{authority[0]}部门的已知类别中，请核对")
    org = code[8:17]
    if all(c.isdigit() or "A" <= c <= "Z" for c in org[:8]):
        expected = org_code_check_char(org[:8])
        if org[8] != expected:
            warnings.append(
                f"第9–17位组织机构代码（GB 11714）校验位应为“{expected}”，实际为“{org[8]}”；"
                "早期试点地区的代码可能如此，请人工核对"
            )
    return warnings


def uscc_details(code: str) -> dict[str, str]:
    """Readable parts of a valid, normalised code (§1.1)."""
    authority = AUTHORITIES.get(code[0])
    return {
        "registration_authority_code": code[0],
        "registration_authority": authority[0] if authority else "未知",
        "category_code": code[1],
        "category": (authority[1].get(code[1], "未知") if authority else "未知"),
        "division_code": code[2:8],
        "organisation_code": code[8:17],
    }
