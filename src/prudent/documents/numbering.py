"""发文字号: ``衡县市监〔2026〕12号`` (GB/T 9704-2012 §7.2.5, CONVENTIONS.md §4.1).

The year is written in full inside the 六角括号 U+3014 〔 and U+3015 〕; the sequence number has no
第 and no leading zeros (1, not 01) and is followed by 号. The per-department, per-year sequence is
allocated by a database counter elsewhere; this module only formats, parses and steps numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prudent.core.errors import ValidationFailed

LEFT = "\u3014"  # 〔
RIGHT = "\u3015"  # 〕

_FORBIDDEN_IN_PREFIX = "〔〕[]【】()（）"
_NUMBER = re.compile(r"^(?P<prefix>.+?)\u3014(?P<year>\d{4})\u3015(?P<seq>\d+)号$")
_WRONG_BRACKETS = re.compile(r"[\[【(（](\d{4})[\]】)）]")


class NumberError(ValidationFailed):
    """A 发文字号 that does not follow GB/T 9704 (field ``number``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, errors={"number": [message]})


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """``prefix〔year〕seq号`` — prefix is the 机关代字 (e.g. 衡县市监, 衡县市监处罚)."""

    prefix: str
    year: int
    seq: int

    def __post_init__(self) -> None:
        if not self.prefix or self.prefix != self.prefix.strip():
            raise NumberError("发文字号的机关代字不能为空，也不能以空格开头或结尾。")
        if any(ch in _FORBIDDEN_IN_PREFIX for ch in self.prefix):
            raise NumberError(f"发文字号的机关代字“{self.prefix}”不能含括号。")
        if not 1949 <= self.year <= 9999:
            raise NumberError(f"发文字号的年份应为四位全称，收到 {self.year}。")
        if self.seq < 1:
            raise NumberError(f"发文顺序号应为正整数，收到 {self.seq}。")

    def __str__(self) -> str:
        return f"{self.prefix}{LEFT}{self.year}{RIGHT}{self.seq}号"

    @property
    def text(self) -> str:
        return str(self)


def parse_number(text: str) -> DocumentNumber:
    """Parse ``衡县市监〔2026〕12号``; refuse 第, leading zeros, short years and other brackets."""
    value = text.strip()
    if _WRONG_BRACKETS.search(value):
        raise NumberError(f"发文字号“{value}”的年份应使用六角括号〔〕，不能使用 [ ]、【】或（）。")
    m = _NUMBER.match(value)
    if m is None:
        if "第" in value:
            raise NumberError(f"发文字号“{value}”的顺序号前不加“第”字。")
        raise NumberError(f"发文字号“{value}”应为“机关代字〔四位年份〕顺序号号”的形式。")
    seq = m.group("seq")
    if seq.startswith("0"):
        raise NumberError(f"发文字号“{value}”的顺序号不编虚位（1 不编为 01）。")
    return DocumentNumber(m.group("prefix"), int(m.group("year")), int(seq))


def next_number(prefix: str, year: int, last_seq: int | None) -> DocumentNumber:
    """The number after ``last_seq`` in this prefix and year (``None``: the year's first, 1)."""
    if last_seq is not None and last_seq < 0:
        raise NumberError(f"上一个发文顺序号不能为负数，收到 {last_seq}。")
    return DocumentNumber(prefix, year, (last_seq or 0) + 1)
