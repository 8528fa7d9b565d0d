"""Render a :class:`DocumentSpec` as .docx (python-docx), laid out per GB/T 9704-2012.

A4, margins 37/28/35/26 mm (版心 156 × 225 mm), body 3号 (16 pt) in the first face of the body
stack set as ``w:eastAsia`` with Times New Roman for Latin text, title 2号 (22 pt) in the title
stack, line pitch fixed at 29 pt (22 lines), two-字 first-line indent, the 发文字号 centred under
the authority with a rule below it, 页码 ``— 1 —`` in 4号 宋体 in the footer (odd pages right, even
pages left, one 字 in). The requested font stacks are written into the core properties
(``keywords``: title and body; ``comments``: 黑体, 楷体, 宋体) so that a reader can see what the deployment machine is expected to provide.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from prudent.documents import layout as lay
from prudent.documents.model import (
    Align,
    DocumentSpec,
    Heading,
    Paragraph,
    Section,
    Signature,
    Table,
)

_ALIGN = {
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
}
_TABLE_PITCH_PT = 22.0
_ONE_CHAR = Pt(lay.BODY_PT)


def set_run_font(run: Run, stack: lay.FontStack, size_pt: float, *, bold: bool = False) -> None:
    """Latin text in Times New Roman, CJK text in the stack's first face (``w:eastAsia``)."""
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = lay.ASCII_FONT
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:ascii"), lay.ASCII_FONT)
    r_fonts.set(qn("w:hAnsi"), lay.ASCII_FONT)
    r_fonts.set(qn("w:eastAsia"), stack.first)


def _fmt(p: DocxParagraph, *, pitch_pt: float = lay.LINE_PITCH_PT) -> None:
    f = p.paragraph_format
    f.line_spacing = Pt(pitch_pt)
    f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    f.space_before = Pt(0)
    f.space_after = Pt(0)


def _para(
    container: DocxDocument,
    text: str,
    stack: lay.FontStack,
    size_pt: float,
    *,
    align: Align = Align.JUSTIFY,
    indent: bool = False,
    bold: bool = False,
    pitch_pt: float = lay.LINE_PITCH_PT,
) -> DocxParagraph:
    p: DocxParagraph = container.add_paragraph()
    _fmt(p, pitch_pt=pitch_pt)
    p.alignment = _ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size_pt * lay.FIRST_LINE_INDENT_CHARS)
    set_run_font(p.add_run(text), stack, size_pt, bold=bold)
    return p


def _bottom_rule(p: DocxParagraph) -> None:
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "6"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    p_pr.append(borders)


def _page_number(p: DocxParagraph) -> None:
    """``— PAGE —`` with a PAGE field."""

    def run(text: str = "") -> Run:
        r = p.add_run(text)
        set_run_font(r, lay.SONG_STACK, lay.PAGE_NUMBER_PT)
        r.font.name = lay.SONG_STACK.first
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        r._r.append(el)
    run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._r.append(end)
    run(" —")


def _setup(d: DocxDocument, spec: DocumentSpec) -> None:
    sec = d.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(lay.PAGE_WIDTH_MM), Mm(lay.PAGE_HEIGHT_MM)
    sec.top_margin, sec.bottom_margin = Mm(lay.MARGIN_TOP_MM), Mm(lay.MARGIN_BOTTOM_MM)
    sec.left_margin, sec.right_margin = Mm(lay.MARGIN_LEFT_MM), Mm(lay.MARGIN_RIGHT_MM)
    sec.header_distance = Mm(15)
    # the page number's top sits 7 mm below the 版心
    sec.footer_distance = Mm(
        lay.MARGIN_BOTTOM_MM - lay.PAGE_NUMBER_BELOW_TEXT_MM - lay.pt_to_mm(lay.PAGE_NUMBER_PT)
    )
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(lay.LINE_PITCH_PT * 20)))

    normal = d.styles["Normal"]
    normal.font.size = Pt(lay.BODY_PT)
    normal.font.name = lay.ASCII_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), lay.BODY_STACK.first)

    d.settings.odd_and_even_pages_header_footer = True
    odd = sec.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(lay.PAGE_NUMBER_PT)
    _page_number(odd)
    even = sec.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(lay.PAGE_NUMBER_PT)
    _page_number(even)

    cp = d.core_properties
    cp.title = spec.title
    cp.subject = spec.kind.value
    cp.category = spec.kind.title_zh
    cp.author = spec.authority
    # core properties hold 255 characters each: the two main stacks, then the other three
    cp.keywords = lay.font_stacks_text(("title", "body"))
    cp.comments = lay.font_stacks_text(("heiti", "kaiti", "song"))


def _table(doc: DocxDocument, t: Table) -> None:
    table = doc.add_table(rows=len(t.rows), cols=len(t.widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for r, row in enumerate(t.rows):
        for c, text in enumerate(row):
            cell: _Cell = table.cell(r, c)
            cell.width = Mm(t.widths_mm[c])
            first = cell.paragraphs[0]
            for i, line in enumerate(text.split("\n")):
                p = first if i == 0 else cell.add_paragraph()
                _fmt(p, pitch_pt=_TABLE_PITCH_PT)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if c == 0 else WD_ALIGN_PARAGRAPH.LEFT
                set_run_font(p.add_run(line), lay.BODY_STACK, lay.TABLE_PT)


def _head(doc: DocxDocument, spec: DocumentSpec) -> None:
    if spec.letterhead:
        _para(doc, spec.authority, lay.TITLE_STACK, lay.TITLE_PT, align=Align.CENTER)
        if spec.number is not None:
            _para(doc, "", lay.BODY_STACK, lay.BODY_PT)
            num = _para(doc, str(spec.number), lay.BODY_STACK, lay.BODY_PT, align=Align.CENTER)
            _bottom_rule(num)
        _para(doc, "", lay.BODY_STACK, lay.BODY_PT)
    _para(doc, spec.title, lay.TITLE_STACK, lay.TITLE_PT, align=Align.CENTER)
    _para(doc, "", lay.BODY_STACK, lay.BODY_PT)
    if spec.addressee:
        _para(doc, spec.addressee + "：", lay.BODY_STACK, lay.BODY_PT, align=Align.LEFT)
    if spec.party is not None and spec.party_block:
        for line in spec.party.lines():
            _para(doc, line, lay.BODY_STACK, lay.BODY_PT, indent=True)


def _section(doc: DocxDocument, s: Section) -> None:
    if isinstance(s, Heading):
        stack = lay.HEITI_STACK if s.level == 1 else lay.KAITI_STACK
        _para(doc, s.text, stack, lay.BODY_PT, indent=True)
    elif isinstance(s, Paragraph):
        _para(doc, s.text, lay.BODY_STACK, lay.BODY_PT, align=s.align, indent=s.indent)
    elif isinstance(s, Table):
        _table(doc, s)
    elif isinstance(s, Signature):
        _para(doc, "", lay.BODY_STACK, lay.BODY_PT)
        for line in s.lines:
            p = _para(doc, line, lay.BODY_STACK, lay.BODY_PT, align=Align.RIGHT)
            if s.seal:
                p.paragraph_format.right_indent = Pt(lay.BODY_PT * lay.DATE_RIGHT_INDENT_CHARS)
    else:
        p = _para(doc, s.text, lay.BODY_STACK, lay.BODY_PT, align=Align.RIGHT)
        p.paragraph_format.right_indent = Pt(lay.BODY_PT * lay.DATE_RIGHT_INDENT_CHARS)


def build_document(spec: DocumentSpec) -> DocxDocument:
    doc = Document()
    _setup(doc, spec)
    _head(doc, spec)
    for s in spec.sections:
        _section(doc, s)
    return doc


def render_docx(spec: DocumentSpec) -> bytes:
    buf = io.BytesIO()
    build_document(spec).save(buf)
    return buf.getvalue()


def write_docx(spec: DocumentSpec, path: str | Path) -> Path:
    out = Path(path)
    out.write_bytes(render_docx(spec))
    return out
