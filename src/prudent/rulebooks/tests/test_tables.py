"""The four lists as official tables, .xlsx/.docx export and .xlsx import (R-LIST-3, R-LIST-9,
issue #3 part 7). Pure: no database."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from lawcore.rulebook.loader import load_text
from lawcore.rulebook.model import FineUnit, ListKind, Range, RulebookSet
from lawcore.rulebook.tables import (
    PART_HEADINGS,
    apply_and_check,
    build_tables,
    columns,
    parse_range,
    range_text,
)
from prudent.rulebooks.exporting import export_docx, export_xlsx
from prudent.rulebooks.xlsx_import import import_xlsx

ROOT = Path(__file__).resolve().parents[4] / "rulebooks"
TAX = ROOT / "cn-tax" / "rulebook.yaml"
HY = ROOT / "hengyang-samr" / "rulebook.yaml"


def _load(path: Path):  # type: ignore[no-untyped-def]
    return load_text(path.read_text(encoding="utf-8"), str(path))


def _set() -> RulebookSet:
    return RulebookSet(tuple(_load(p) for p in sorted(ROOT.glob("*/rulebook.yaml"))))


def _tax_tables():  # type: ignore[no-untyped-def]
    book = _load(TAX)
    return book, build_tables(book, book.version("2022-01-01"), _set())  # type: ignore[arg-type]


def test_tax_list_gives_14_first_violation_rows_in_order_with_every_column_R_LIST_3() -> None:
    _book, tables = _tax_tables()
    table = tables.table(ListKind.NO_PENALTY)
    parts = {s.part.value: s.rows for s in table.sections if s.part}
    assert [len(parts[p]) for p in ("minor_corrected", "first_violation", "no_fault")] == [0, 14, 0]
    rows = parts["first_violation"]
    assert [r.row_id for r in rows] == [f"A-{n:02d}" for n in range(1, 15)]
    assert [r.cell("seq") for r in rows] == [str(n) for n in range(1, 15)]
    assert [r.code for r in rows] == [f"CN-TAX-FWBF-{n:02d}" for n in range(1, 15)]
    first = rows[0]
    assert first.cell("setting") == (
        "违法依据：《税收征收管理法》第六十条第一款第（四）项\n"
        "处罚依据：《税收征收管理法》第六十条第一款第（四）项"
    )
    assert first.cell("condition").startswith("首次发生所列事项且危害后果轻微")
    assert "《行政处罚法》第三十三条第一款" in first.cell("basis")
    assert "税务机关应当对当事人加强税法宣传和辅导" in first.cell("measures")
    assert first.cell("authority") == "国家税务总局（各级税务机关实施）"
    for row in rows:
        for key, _header in columns(ListKind.NO_PENALTY):
            if key != "remarks":
                assert row.cell(key), (row.row_id, key)
    assert rows[13].cell("remarks").startswith("未经核实")  # row 14 is UNVERIFIED in lists.md
    assert not rows[0].cell("remarks")


def test_headers_follow_hx_attachment_2_and_cj_authority_column_R_LIST_3() -> None:
    assert [h for _k, h in columns(ListKind.LIGHTER)] == [
        "序号", "事项名称", "实施机关", "设定依据", "适用情形", "从轻处罚依据", "裁量幅度",
        "配套监管措施", "备注",
    ]  # fmt: skip
    coercion = [h for _k, h in columns(ListKind.NO_COERCION)]
    assert "裁量幅度" not in coercion
    assert "不予实施行政强制依据" in coercion


def test_lighter_row_range_and_tier_range_written_in_chinese_R_LIST_3() -> None:
    book = _load(HY)
    tables = build_tables(book, book.versions[-1], _set())
    row = tables.row("Y-02")
    assert row is not None
    assert row.cell("range") == "处50000元以上55000元以下罚款"
    assert range_text(Range(Decimal(0), Decimal(2000)), FineUnit.YUAN) == "2000元以下"
    assert (
        range_text(Range(Decimal(10), Decimal(14)), FineUnit.MULTIPLE, "goods_value_yuan")
        == "货值金额10倍以上14倍以下"
    )


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("2000元以下", FineUnit.YUAN, Range(Decimal(0), Decimal(2000))),
        ("处2000元以上5000元以下罚款", FineUnit.YUAN, Range(Decimal(2000), Decimal(5000))),
        ("超过1万元不足2万元", FineUnit.YUAN, Range(Decimal(10000), Decimal(20000), True, True)),
        ("货值金额10倍以上14倍以下", FineUnit.MULTIPLE, Range(Decimal(10), Decimal(14))),
    ],
)
def test_range_text_parses_back_R_LIST_9(text: str, unit: FineUnit, expected: Range) -> None:
    assert parse_range(text, unit, "goods_value_yuan") == expected
    assert (
        parse_range(range_text(expected, unit, "goods_value_yuan"), unit, "goods_value_yuan")
        == expected
    )


@pytest.mark.parametrize("text", ["两千元", "5000元以上", "10倍以下", "5000元以上2000元以下"])
def test_bad_range_is_refused_in_chinese_R_LIST_9(text: str) -> None:
    with pytest.raises(ValueError, match=r"裁量幅度|单位|下限"):
        parse_range(text, FineUnit.YUAN)


def test_xlsx_has_four_sheets_headers_rows_and_a4_landscape_R_LIST_9() -> None:
    _book, tables = _tax_tables()
    wb = load_workbook(io.BytesIO(export_xlsx(tables)))
    assert wb.sheetnames[:4] == [
        "不予处罚事项清单", "从轻处罚事项清单", "减轻处罚事项清单", "不予实施行政强制事项清单",
    ]  # fmt: skip
    ws = wb["不予处罚事项清单"]
    assert ws["A1"].value == "国家税务总局（各级税务机关实施）不予行政处罚事项清单"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    headings = [v[0] for v in values if v[0] in PART_HEADINGS.values()]
    assert headings == list(PART_HEADINGS.values())
    header_rows = [i for i, v in enumerate(values, start=1) if v[0] == "序号"]
    assert len(header_rows) == 3
    assert values[header_rows[0] - 1][:9] == [h for _k, h in columns(ListKind.NO_PENALTY)]
    assert ws.cell(header_rows[0], 1).font.b
    data = [v for v in values if v[-1] and str(v[-1]).startswith("A-")]
    assert len(data) == 14
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.freeze_panes == f"A{header_rows[0] + 1}"
    assert ws.column_dimensions["J"].hidden
    assert ws.column_dimensions["K"].hidden
    first_data = next(i for i, v in enumerate(values, start=1) if v[-1] == "A-01")
    assert ws.cell(first_data, 5).alignment.wrap_text


def test_docx_is_a4_landscape_with_tables_and_east_asian_fonts_R_LIST_9() -> None:
    _book, tables = _tax_tables()
    doc = Document(io.BytesIO(export_docx(tables)))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert len(doc.tables) == 6  # three parts of the no-penalty list + three lists
    no_penalty = [t for t in doc.tables if len(t.rows) == 15]
    assert len(no_penalty) == 1
    assert [c.text for c in no_penalty[0].rows[0].cells] == [
        h for _k, h in columns(ListKind.NO_PENALTY)
    ]
    run = no_penalty[0].rows[1].cells[4].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert any(p.text.endswith("不予行政处罚事项清单") for p in doc.paragraphs)


@pytest.mark.parametrize("path", sorted(ROOT.glob("*/rulebook.yaml")), ids=lambda p: p.parent.name)
def test_export_then_import_changes_nothing_R_LIST_9(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    book, rulebooks = _load(path), _set()
    for version in book.versions:
        data = export_xlsx(build_tables(book, version, rulebooks))
        result = import_xlsx(
            data, source=source, source_name=str(path), version_id=version.version,
            rulebooks=rulebooks,
        )  # fmt: skip
        assert result.ok, [str(p) for p in result.problems]
        assert result.changes == {}
        assert result.source == source
        assert _load_text(result.source, path).version(version.version).digest == version.digest


def _load_text(text: str, path: Path):  # type: ignore[no-untyped-def]
    return load_text(text, str(path))


def _edited(path: Path, version: str, edit) -> bytes:  # type: ignore[no-untyped-def]
    book = _load(path)
    wb = load_workbook(io.BytesIO(export_xlsx(build_tables(book, book.version(version), _set()))))  # type: ignore[arg-type]
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(ws, row_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in ws.iter_rows() if r[-1].value == row_id)


def test_import_writes_changed_cells_into_an_inherited_row_and_keeps_the_rest_R_LIST_9() -> None:
    def edit(wb) -> None:  # type: ignore[no-untyped-def]
        row = _row(wb["不予处罚事项清单"], "A-03")
        row[4].value = "首次发生所列事项，在责令限期改正的期限内改正的，不予行政处罚"
        row[7].value = row[7].value + "\n30日内回访"
        row[8].value = "经复核"

    source = TAX.read_text(encoding="utf-8")
    result = import_xlsx(
        _edited(TAX, "2022-01-01", edit), source=source, source_name=str(TAX),
        version_id="2022-01-01", rulebooks=_set(),
    )  # fmt: skip
    assert result.ok, [str(p) for p in result.problems]
    assert result.changes == {
        "A-03": {
            "text": "首次发生所列事项，在责令限期改正的期限内改正的，不予行政处罚",
            "measures": ("30日内回访",),
            "remarks": "经复核",
        }
    }
    new = _load_text(result.source, TAX)
    old = _load(TAX)
    assert new.version("2021-04-01").digest == old.version("2021-04-01").digest  # type: ignore[union-attr]
    _item, row = new.version("2022-01-01").find_row("A-03")  # type: ignore[union-attr,misc]
    assert row.measures == ("30日内回访",)
    assert row.remarks == "经复核"
    assert result.source.startswith(source.split("\n", 1)[0])  # comments kept


def test_import_errors_name_sheet_row_and_column_and_change_nothing_R_LIST_9() -> None:
    def edit(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["从轻处罚事项清单"]
        row = _row(ws, "Y-02")
        row[6].value = "五万元左右"
        row[1].value = "改名"
        ghost = _row(wb["不予处罚事项清单"], "Y-01")
        ghost[10].value = "Z-99"

    source = HY.read_text(encoding="utf-8")
    result = import_xlsx(
        _edited(HY, "2025-03-01", edit), source=source, source_name=str(HY),
        version_id="2025-03-01", rulebooks=_set(),
    )  # fmt: skip
    messages = [str(p) for p in result.problems]
    assert result.source == source
    assert result.changes == {}
    assert any(m.startswith("工作表“从轻处罚事项清单”第") and "“裁量幅度”列" in m for m in messages)
    assert any("“事项名称”列" in m and "不能在清单表格中修改" in m for m in messages)
    assert any("“条目标识”列" in m and "Z-99" in m for m in messages)


def test_import_refuses_a_range_outside_the_statute_R_LIST_9() -> None:
    source = (ROOT / "cn-samr" / "rulebook.yaml").read_text(encoding="utf-8")
    with pytest.raises(Exception, match="range"):
        apply_and_check(
            source.replace("status: published", "status: draft", 1),
            "cn-samr.yaml",
            "2025-02-07",
            {"D-01": {"range": Range(Decimal(0), Decimal(10**9))}},
        )


def test_unreadable_file_is_one_clear_error_R_LIST_9() -> None:
    result = import_xlsx(
        b"not a workbook", source=HY.read_text(encoding="utf-8"), source_name=str(HY),
        version_id="2025-03-01",
    )  # fmt: skip
    assert not result.ok
    assert "无法读取" in str(result.problems[0])
