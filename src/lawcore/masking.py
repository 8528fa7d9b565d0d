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
