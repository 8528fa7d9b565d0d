"""Render a :class:`DocumentSpec` as PDF (fpdf2) with the same GB/T 9704 geometry as the .docx.

Fonts come from the machine (``prudent.documents.fonts``): the proprietary faces when installed,
else Noto Serif/Sans CJK SC from ``fonts-noto-cjk``; they are embedded as subsets. The requested
stacks and the faces used are written into the PDF's Keywords.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from prudent.documents import layout as lay
from prudent.documents.fonts import ResolvedFont, resolve_all
from prudent.documents.model import (
    Align,
    DocumentSpec,
    Heading,
    Paragraph,
    Section,
    Signature,
    Table,
)

PITCH_MM = lay.pt_to_mm(lay.LINE_PITCH_PT)
TABLE_PITCH_MM = lay.pt_to_mm(22.0)
INDENT = "\u3000" * lay.FIRST_LINE_INDENT_CHARS  # two ideographic spaces = two 字
_ALIGN = {Align.JUSTIFY: "J", Align.LEFT: "L", Align.CENTER: "C", Align.RIGHT: "R"}


NO_LINE_START = frozenset("，。、；：？！）」』】〕》〉”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（「『【〔《〈“‘([{")
_MAX_STRETCH_EM = 0.5


class _Pdf(FPDF):
    faces: dict[str, ResolvedFont]

    def use(self, role: str, size: float) -> None:
        """Select a role's face; each file/face is embedded once, and only when used."""
        face = self.faces[role]
        key = f"{face.path.stem}-{face.index}".lower()
        if key not in self.fonts:
            self.add_font(key, "", str(face.path), collection_font_number=face.index)
        self.set_font(key, size=size)

    def footer(self) -> None:
        """``— n —`` in 4号 宋体, 7 mm below the 版心; odd pages right, even pages left, 1 字 in."""
        self.use("song", lay.PAGE_NUMBER_PT)
        self.set_y(lay.PAGE_HEIGHT_MM - lay.MARGIN_BOTTOM_MM + lay.PAGE_NUMBER_BELOW_TEXT_MM)
        one = lay.pt_to_mm(lay.PAGE_NUMBER_PT)
        text = f"— {self.page_no()} —"
        if self.page_no() % 2:
            self.set_x(lay.MARGIN_LEFT_MM)
            self.cell(lay.TEXT_WIDTH_MM - one, lay.pt_to_mm(lay.PAGE_NUMBER_PT), text, align="R")
        else:
            self.set_x(lay.MARGIN_LEFT_MM + one)
            self.cell(lay.TEXT_WIDTH_MM - one, lay.pt_to_mm(lay.PAGE_NUMBER_PT), text, align="L")


def _new_pdf(spec: DocumentSpec, fonts: dict[str, ResolvedFont]) -> _Pdf:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(lay.MARGIN_LEFT_MM, lay.MARGIN_TOP_MM, lay.MARGIN_RIGHT_MM)
    pdf.set_auto_page_break(True, margin=lay.MARGIN_BOTTOM_MM)
    pdf.faces = fonts
    pdf.set_title(spec.title)
    pdf.set_author(spec.authority)
    pdf.set_subject(spec.kind.value)
    pdf.set_creator("Prudent")
    pdf.set_lang("zh-CN")
    pdf.set_keywords(
        lay.font_stacks_text() + "; resolved: " + ", ".join(f.text for f in fonts.values())
    )
    return pdf


def _tokens(text: str) -> list[str]:
    """Break opportunities: each CJK character alone, runs of Latin letters and figures kept whole."""
    out: list[str] = []
    for ch in text:
        if (
            out
            and ch.isascii()
            and (ch.isalnum() or ch in ".,-:/")
            and out[-1][-1].isascii()
            and out[-1][-1].isalnum()
        ):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines no wider than ``width`` (current font), with 禁则: closing punctuation never starts a
    line and opening punctuation never ends one — the character before is carried down instead."""
    lines: list[list[str]] = []
    cur: list[str] = []
    for tok in _tokens(text):
        if not cur or pdf.get_string_width("".join([*cur, tok])) <= width:
            cur.append(tok)
            continue
        carry: list[str] = []
        if tok[0] in NO_LINE_START and len(cur) > 1:
            carry.append(cur.pop())
        while len(cur) > 1 and cur[-1][-1] in NO_LINE_END:
            carry.insert(0, cur.pop())
        lines.append(cur)
        cur = [*carry, tok]
    lines.append(cur)
    return ["".join(line) for line in lines]


def _text(
    pdf: _Pdf,
    text: str,
    role: str,
    size: float,
    align: Align = Align.JUSTIFY,
    *,
    indent: bool = False,
    right_chars: int = 0,
) -> None:
    pdf.use(role, size)
    width = lay.TEXT_WIDTH_MM - lay.pt_to_mm(size) * right_chars
    lines = wrap(pdf, (INDENT if indent else "") + text, width)
    for i, line in enumerate(lines):
        pdf.set_x(lay.MARGIN_LEFT_MM)
        spacing = 0.0
        if align is Align.JUSTIFY and i < len(lines) - 1 and len(line) > 1:
            extra = (width - pdf.get_string_width(line)) / (len(line) - 1)
            if 0 < extra <= lay.pt_to_mm(size) * _MAX_STRETCH_EM:
                spacing = extra
        pdf.set_char_spacing(spacing)
        cell_align = "L" if align is Align.JUSTIFY else _ALIGN[align]
        pdf.cell(width, PITCH_MM, line, align=cell_align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_char_spacing(0)


def _blank(pdf: _Pdf) -> None:
    pdf.ln(PITCH_MM)


def _head(pdf: _Pdf, spec: DocumentSpec) -> None:
    if spec.letterhead:
        _text(pdf, spec.authority, "title", lay.TITLE_PT, Align.CENTER)
        if spec.number is not None:
            _blank(pdf)
            _text(pdf, str(spec.number), "body", lay.BODY_PT, Align.CENTER)
            y = pdf.get_y() + 1.5
            pdf.set_line_width(0.35)
            pdf.line(lay.MARGIN_LEFT_MM, y, lay.MARGIN_LEFT_MM + lay.TEXT_WIDTH_MM, y)
        _blank(pdf)
    _text(pdf, spec.title, "title", lay.TITLE_PT, Align.CENTER)
    _blank(pdf)
    if spec.addressee:
        _text(pdf, spec.addressee + "：", "body", lay.BODY_PT, Align.LEFT)
    if spec.party is not None and spec.party_block:
        for line in spec.party.lines():
            _text(pdf, line, "body", lay.BODY_PT, indent=True)


def _table(pdf: _Pdf, t: Table) -> None:
    pdf.use("body", lay.TABLE_PT)
    pad = 1.5
    pdf.set_line_width(0.3)
    with pdf.table(
        col_widths=t.widths_mm,
        width=lay.TEXT_WIDTH_MM,
        first_row_as_headings=False,
        line_height=TABLE_PITCH_MM,
        text_align=("CENTER", *("LEFT",) * (len(t.widths_mm) - 1)),
        wrapmode=WrapMode.CHAR,
        padding=pad,
    ) as table:
        for row in t.rows:
            r = table.row()
            for width, cell in zip(t.widths_mm, row, strict=True):
                inner = width - 2 * pad - 0.5
                r.cell("\n".join(ln for part in cell.split("\n") for ln in wrap(pdf, part, inner)))


def _section(pdf: _Pdf, s: Section) -> None:
    if isinstance(s, Heading):
        _text(pdf, s.text, "heiti" if s.level == 1 else "kaiti", lay.BODY_PT, indent=True)
    elif isinstance(s, Paragraph):
        _text(pdf, s.text, "body", lay.BODY_PT, s.align, indent=s.indent)
    elif isinstance(s, Table):
        _table(pdf, s)
    elif isinstance(s, Signature):
        _blank(pdf)
        chars = lay.DATE_RIGHT_INDENT_CHARS if s.seal else 0
        for line in s.lines:
            _text(pdf, line, "body", lay.BODY_PT, Align.RIGHT, right_chars=chars)
    else:
        right = lay.DATE_RIGHT_INDENT_CHARS
        _text(pdf, s.text, "body", lay.BODY_PT, Align.RIGHT, right_chars=right)


def render_pdf(spec: DocumentSpec, *, font_dirs: Sequence[Path] | None = None) -> bytes:
    """PDF bytes; raises ``FontNotFound`` (naming fonts-noto-cjk) when no CJK font is installed."""
    pdf = _new_pdf(spec, resolve_all(font_dirs))
    pdf.add_page()
    _head(pdf, spec)
    for s in spec.sections:
        _section(pdf, s)
    return bytes(pdf.output())


def write_pdf(spec: DocumentSpec, path: str | Path) -> Path:
    out = Path(path)
    out.write_bytes(render_pdf(spec))
    return out
