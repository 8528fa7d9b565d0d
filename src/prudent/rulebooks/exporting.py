"""The four lists as .xlsx and .docx in the official table layouts (R-LIST-9; docs/list-tables.md).

Pure: takes :class:`lawcore.rulebook.tables.VersionTables` and returns the file's bytes (no database).

.xlsx: one sheet per list (不予处罚事项清单 with the three parts of CJ 附件1 as sections), a title row
(e.g. 衡阳县市场监督管理局不予行政处罚事项清单), the unit line, a bold header row, wrapped text, column
widths, the header frozen, A4 landscape fitted to the page width; the machine columns 事项编码 and
条目标识 are hidden (they make a re-import exact, see :mod:`prudent.rulebooks.xlsx_import`), and a hidden
sheet ``_prudent`` records the rulebook, version and digest.

.docx: A4 landscape, a title and one table per list with the same visible columns (the no-penalty
table with its three part headings), East Asian fonts set through ``w:eastAsia`` (CONVENTIONS.md §4:
仿宋_GB2312 for the body, 方正小标宋简体 for the title, 黑体 for headings and the header row).
"""

from __future__ import annotations

import io
from typing import Any

from lawcore.rulebook.tables import (
    MACHINE_COLUMNS,
    ListTable,
    VersionTables,
    all_columns,
)

META_SHEET = "_prudent"
LAYOUT_ID = "prudent-list-tables/1"

WIDTHS = {
    "seq": 6,
    "name": 28,
    "authority": 16,
    "setting": 30,
    "condition": 40,
    "basis": 28,
    "range": 20,
    "measures": 28,
    "remarks": 20,
    "code": 18,
    "row_id": 10,
}

FONT_BODY = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC")
FONT_TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC")
FONT_HEI = ("黑体", "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei")
"""Fallback stacks of CONVENTIONS.md §4: the first name is written into the file (``w:eastAsia``); the
deployment machine supplies the face or Word substitutes it."""

STATUS_ZH = {"draft": "草稿", "published": "已发布", "repealed": "已废止"}


def _meta_line(tables: VersionTables) -> str:
    status = STATUS_ZH.get(tables.status, tables.status)
    return f"{tables.rulebook_name}（{tables.rulebook_id}） 版本：{tables.version}（{status}）"


# ---------------------------------------------------------------- xlsx


def export_xlsx(tables: VersionTables) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for table in tables.tables:
        ws = wb.create_sheet(table.sheet)
        cols = all_columns(table.kind)
        visible = len(cols) - len(MACHINE_COLUMNS)
        last = get_column_letter(visible)
        ws.append([table.title])
        ws.merge_cells(f"A1:{last}1")
        ws["A1"].font = Font(name=FONT_TITLE[0], size=16, bold=True)
        ws["A1"].alignment = centre
        ws.row_dimensions[1].height = 30
        ws.append([table.unit])
        ws.merge_cells(f"A2:{last}2")
        ws["A2"].font = Font(name=FONT_BODY[0], size=11)
        header_rows: list[int] = []
        for section in table.sections:
            if section.heading:
                ws.append([section.heading])
                ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
                ws.cell(ws.max_row, 1).font = Font(name=FONT_HEI[0], size=11, bold=True)
            ws.append([header for _key, header in cols])
            header_rows.append(ws.max_row)
            for c in range(1, len(cols) + 1):
                cell = ws.cell(ws.max_row, c)
                cell.font = Font(name=FONT_HEI[0], size=11, bold=True)
                cell.alignment = centre
                cell.border = border
            for row in section.rows:
                ws.append([row.cell(key) for key, _header in cols])
                for c in range(1, len(cols) + 1):
                    cell = ws.cell(ws.max_row, c)
                    cell.font = Font(name=FONT_BODY[0], size=10)
                    cell.alignment = wrap
                    cell.border = border
                    cell.number_format = "@"
        for i, (key, _header) in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 16)
        for key in MACHINE_COLUMNS:
            index = [k for k, _h in cols].index(key) + 1
            ws.column_dimensions[get_column_letter(index)].hidden = True
        ws.freeze_panes = ws.cell(header_rows[0] + 1, 1)
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[0]}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.print_options.horizontalCentered = True
    meta = wb.create_sheet(META_SHEET)
    for pair in (
        ("layout", LAYOUT_ID),
        ("rulebook", tables.rulebook_id),
        ("version", tables.version),
        ("status", tables.status),
        ("digest", tables.digest),
    ):
        meta.append(list(pair))
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- docx


def _set_east_asian(
    run_or_style: Any, names: tuple[str, ...], size_pt: float | None = None
) -> None:
    """Font name for ASCII and East Asian text (``w:rFonts w:eastAsia``), python-docx sets only
    the ASCII one."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = names[0]
    if size_pt is not None:
        font.size = Pt(size_pt)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), names[0])


def _borders(table: Any) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.makeelement(
            qn(f"w:{edge}"),
            {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "000000"},
        )
        borders.append(el)
    tbl_pr.append(borders)


def _header_repeat(row: Any) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(el)


def _cell_text(cell: Any, text: str, names: tuple[str, ...], size: float, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        _set_east_asian(run, names, size)


def export_docx(tables: VersionTables) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin = section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    _set_east_asian(normal, FONT_BODY, 12)
    for index, table in enumerate(tables.tables):
        if index:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _title(doc, table, tables)
        cols = all_columns(table.kind)[: -len(MACHINE_COLUMNS)]
        for part in table.sections:
            if part.heading:
                heading = doc.add_paragraph()
                _set_east_asian(heading.add_run(part.heading), FONT_HEI, 12)
            grid = doc.add_table(rows=1, cols=len(cols))
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            _borders(grid)
            for cell, (_key, header) in zip(grid.rows[0].cells, cols, strict=True):
                _cell_text(cell, header, FONT_HEI, 10.5, True)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _header_repeat(grid.rows[0])
            for row in part.rows:
                cells = grid.add_row().cells
                for cell, (key, _header) in zip(cells, cols, strict=True):
                    _cell_text(cell, row.cell(key), FONT_BODY, 10.5, False)
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _title(doc: Any, table: ListTable, tables: VersionTables) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_east_asian(title.add_run(table.title), FONT_TITLE, 22)
    unit = doc.add_paragraph()
    _set_east_asian(unit.add_run(table.unit), FONT_BODY, 12)
    meta = doc.add_paragraph()
    _set_east_asian(meta.add_run(_meta_line(tables)), FONT_BODY, 9)


def export(tables: VersionTables, fmt: str) -> bytes:
    if fmt == "xlsx":
        return export_xlsx(tables)
    if fmt == "docx":
        return export_docx(tables)
    raise ValueError(f"unknown format {fmt!r} (xlsx or docx)")


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# ---------------------------------------------------------------- CLI


def register_export(rulebook_sub: Any) -> None:
    """`prudent rulebook export FILE.yaml --format xlsx|docx --out OUT [--version V]
    [--rulebooks DIR]` (pure: reads the YAML with the lawcore loader, no database)."""
    exp = rulebook_sub.add_parser(
        "export", help="the four lists of a version as .xlsx or .docx (R-LIST-9)"
    )
    exp.add_argument("file", metavar="FILE.yaml")
    exp.add_argument("--format", choices=("xlsx", "docx"), required=True)
    exp.add_argument("--out", required=True, metavar="OUT")
    exp.add_argument("--version", default=None, help="version id (default: the latest)")
    exp.add_argument(
        "--rulebooks",
        default=None,
        metavar="DIR",
        help="directory of rulebooks to resolve the parent's items (fines, provisions)",
    )
    exp.set_defaults(func=_export_cmd)


def _export_cmd(args: Any) -> int:
    from pathlib import Path

    from lawcore.rulebook.errors import RulebookErrors
    from prudent.rulebooks.tables import tables_for_file

    try:
        _book, _version, tables = tables_for_file(
            Path(args.file), args.version, Path(args.rulebooks) if args.rulebooks else None
        )
    except RulebookErrors as exc:
        for error in exc.errors:
            print(f"ERROR {error}")
        return 2
    except (OSError, UnicodeDecodeError, LookupError) as exc:
        print(f"ERROR {exc}")
        return 2
    data = export(tables, args.format)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        print(f"ERROR cannot write {args.out}: {exc}")
        return 2
    rows = sum(len(t.rows) for t in tables.tables)
    print(
        f"{args.out}: {tables.rulebook_id} {tables.version} ({tables.digest[:12]}), "
        f"{len(tables.tables)} lists, {rows} rows"
    )
    return 0
