"""Masking personal identifiers for display (个人信息保护法 Art. 28, 51; CONVENTIONS §6.2, R-CASE-12).

No national standard fixes a pattern; these follow the common practice CONVENTIONS §6.2 records:

- citizen ID: the first 6 (region) and the last 4 characters, e.g. ``430421********0021``;
- mobile phone: the first 3 and the last 4 digits, e.g. ``138****1234``;
- bank account: the first 6 and the last 4 digits.

Pure functions: whoever shows a value decides (server-side, by role) whether to mask it. A value too
short to keep both ends visible is masked whole, so a malformed value never leaks through unmasked.
Spaces and hyphens used for grouping are dropped before masking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

MASK = "*"


def _compact(value: str) -> str:
    return "".join(ch for ch in value if ch not in " -\t")


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Keep `keep_start` leading and `keep_end` trailing characters and star the rest.

    At least one character is always starred; a value of `keep_start + keep_end` characters or
    fewer is starred whole.
    """
    if keep_start < 0 or keep_end < 0:
        raise ValueError("keep_start and keep_end must not be negative")
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + MASK * hidden + (value[len(value) - keep_end :] if keep_end else "")


def mask_citizen_id(value: str) -> str:
    """``430421198503120021`` → ``430421********0021`` (15-digit numbers: 6 + 5 stars + 4)."""
    return mask_middle(_compact(value).upper(), 6, 4)


def mask_phone(value: str) -> str:
    """``13812341234`` → ``138****1234``; a leading ``+86``/``86`` country code is kept as is."""
    compact = _compact(value)
    prefix = ""
    for code in ("+86", "0086"):
        if compact.startswith(code) and len(compact) > len(code) + 7:
            prefix, compact = code, compact[len(code) :]
            break
    return prefix + mask_middle(compact, 3, 4)


def mask_bank_account(value: str) -> str:
    """``6222021234567890123`` → ``622202*********0123``."""
    return mask_middle(_compact(value), 6, 4)


# ------------------------------------------------------------------------ free text (R-CASE-12)

#: Two-character surnames kept whole when a person's name is anonymised (欧阳某某, not 欧某某).
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "令狐",
        "夏侯",
        "司徒",
        "宇文",
        "独孤",
        "端木",
        "南宫",
        "西门",
        "万俟",
        "轩辕",
        "呼延",
        "澹台",
        "公冶",
        "太叔",
        "申屠",
        "闻人",
        "赫连",
        "拓跋",
        "钟离",
        "百里",
    ]
)
#: What a hidden address is replaced with.
ADDRESS_HIDDEN = "（已隐去）"

_ALNUM = "0-9A-Za-z"
# 18-character citizen ID numbers (17 digits and a digit or X) and 15-digit old numbers.
_ID_RE = re.compile(rf"(?<![{_ALNUM}])(?:\d{{17}}[\dXx]|\d{{15}})(?![{_ALNUM}])")
# Mobile numbers 1[3-9]XXXXXXXXX, optionally +86/0086 and grouped 3-4-4 with spaces or hyphens.
_MOBILE_RE = re.compile(r"(?<![\d+])(?:(?:\+86|0086)[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
# Landlines with an area code: 0734-1234567, (0734)12345678.
_LANDLINE_RE = re.compile(r"(?<!\d)(?:0\d{2,3}-|（0\d{2,3}）|\(0\d{2,3}\))\d{7,8}(?!\d)")
# Bank accounts: 16–19 digits, possibly grouped by four with spaces or hyphens.
_BANK_RE = re.compile(r"(?<![\d*])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d*])")
# An address after a label: 住址：…, 家庭住址：…, 现住址：…, 户籍地：…, 居住地：… up to the next
# punctuation. 经营场所 / 住所 of a business are not labels here (they stay, CONVENTIONS §6.3).
_ADDRESS_RE = re.compile(
    r"(?P<label>家庭住址|现住址|户籍地址|户籍地|居住地址|居住地|住址)(?P<sep>[：:]\s*)(?P<value>[^，。；,;\n）)]+)"
)


def mask_person_name(name: str) -> str:
    """``张三`` → ``张某某``, ``欧阳修文`` → ``欧阳某某``: the surname and 某某, whatever the length of
    the given name (so the length is not revealed either). An empty name stays empty."""
    name = name.strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return surname + "某某"


def redact_text(
    text: str,
    *,
    names: Iterable[str] = (),
    ids: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[str] = (),
    accounts: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> str:
    """The text with personal information processed for publication (CONVENTIONS §6.3, R-CASE-12).

    Known values first (longest first, so a name inside a longer one is not half-replaced):
    `names` of natural persons → 张某某 (`mask_person_name`), `ids` → `mask_citizen_id`,
    `phones` → `mask_phone`, `accounts` → `mask_bank_account`, `addresses` → （已隐去）. Then what
    is found in free text: 18-character (and 15-digit) ID numbers, mobile numbers 1[3-9]\\d{9}
    (also +86 and grouped), landlines with an area code, bank account numbers of 16–19 digits
    (also grouped by four), and addresses after a label such as 住址： or 家庭住址：.

    `keep` lists values that are published as they are and never touched — a business's unified
    social credit code and its registered place of business (经营场所). A value in `keep` wins over
    the same value in another list. Pure: no I/O.
    """
    kept = {k.strip() for k in keep if k and k.strip()}
    replacements: dict[str, str] = {}

    def add(values: Iterable[str], how: Callable[[str], str]) -> None:
        for value in values:
            v = (value or "").strip()
            if len(v) >= 2 and v not in kept:
                replacements.setdefault(v, how(v))

    add(ids, mask_citizen_id)
    add(phones, mask_phone)
    add(accounts, mask_bank_account)
    add(addresses, lambda _v: ADDRESS_HIDDEN)
    add(names, mask_person_name)
    # kept values are shielded by placeholders while the patterns run
    shields: dict[str, str] = {}
    out = text
    for i, value in enumerate(sorted(kept, key=len, reverse=True)):
        token = f"\x00{i}\x00"
        if value in out:
            shields[token] = value
            out = out.replace(value, token)
    for value in sorted(replacements, key=len, reverse=True):
        out = out.replace(value, replacements[value])
    out = _ADDRESS_RE.sub(
        lambda m: (
            m.group("label") + m.group("sep") + ADDRESS_HIDDEN
            if "\x00" not in m.group("value")
            else m.group(0)
        ),
        out,
    )
    out = _ID_RE.sub(lambda m: mask_citizen_id(m.group(0)), out)
    out = _MOBILE_RE.sub(lambda m: mask_phone(m.group(0)), out)
    out = _LANDLINE_RE.sub(lambda m: _mask_landline(m.group(0)), out)
    out = _BANK_RE.sub(lambda m: mask_bank_account(m.group(0)), out)
    for token, value in shields.items():
        out = out.replace(token, value)
    return out


def _mask_landline(value: str) -> str:
    """``0734-1234567`` → ``0734-*******``: the area code stays, the number is starred."""
    for sep in ("-", "）", ")"):
        if sep in value:
            head, _, tail = value.partition(sep)
            return head + sep + MASK * len(tail)
    return MASK * len(value)
