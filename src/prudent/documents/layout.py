"""GB/T 9704-2012 page geometry and the font stacks (CONVENTIONS.md §4), shared by both renderers.

The proprietary faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are requested by name first and
never shipped; the free Debian faces close each stack. The .docx names the first face of each
stack (Word or LibreOffice substitutes on a machine without it); the PDF embeds the first face of
each stack that the machine has (``prudent.documents.fonts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# Page (mm).
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0  # 天头
MARGIN_LEFT_MM = 28.0  # 订口
MARGIN_BOTTOM_MM = 35.0  # 297 − 37 − 225
MARGIN_RIGHT_MM = 26.0  # 210 − 28 − 156
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
PAGE_NUMBER_BELOW_TEXT_MM = 7.0  # the — 1 — line sits 7 mm below the 版心

# Type (pt). 2号 = 22, 3号 = 16, 4号 = 14.
TITLE_PT = 22.0
BODY_PT = 16.0
TABLE_PT = 14.0
PAGE_NUMBER_PT = 14.0
LINES_PER_PAGE = 22
LINE_PITCH_PT = 29.0  # 225 mm / 22 lines ≈ 29 pt, 固定值
FIRST_LINE_INDENT_CHARS = 2
DATE_RIGHT_INDENT_CHARS = 4  # 成文日期 right-indented 4 字 under a seal
ASCII_FONT = "Times New Roman"
PT_PER_MM = 72 / 25.4


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_MM


@dataclass(frozen=True, slots=True)
class FontStack:
    role: str  # title / body / heiti / kaiti
    families: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.families[0]

    def css(self) -> str:
        return ", ".join(f'"{f}"' for f in self.families)


TITLE_STACK = FontStack("title", ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"))
BODY_STACK = FontStack(
    "body", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC")
)
HEITI_STACK = FontStack("heiti", ("黑体", "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"))
KAITI_STACK = FontStack(
    "kaiti", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "LXGW WenKai")
)
# 页码: 4号 half-width 宋体 numerals (not one of §4's four stacks, same fallback idea).
SONG_STACK = FontStack("song", ("宋体", "SimSun", "Noto Serif CJK SC"))
FONT_STACKS = MappingProxyType(
    {s.role: s for s in (TITLE_STACK, BODY_STACK, HEITI_STACK, KAITI_STACK, SONG_STACK)}
)


def font_stacks_text(roles: tuple[str, ...] | None = None) -> str:
    """``role: a, b, c; role: …`` — written into each document's metadata."""
    chosen = roles if roles is not None else tuple(FONT_STACKS)
    return "; ".join(f"{r}: {', '.join(FONT_STACKS[r].families)}" for r in chosen)
