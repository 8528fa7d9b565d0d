"""Import an .xlsx in the layout of :mod:`prudent.rulebooks.exporting` back into a version's YAML
(R-LIST-9; docs/list-tables.md "Round trip").

Each sheet named like a list (不予处罚事项清单 …) is read below its header rows (序号, 事项名称 …; the
no-penalty sheet has one header row per part). A data row is matched to a list row by the hidden
条目标识 (row id) column, checked against 事项编码 (item code); without them, by 事项名称 + 序号 in the same
table and part. Every cell is compared with the table as the version stands now
(:func:`lawcore.rulebook.tables.cell_changes`): only the cells that differ become row changes, written
into the YAML by :func:`lawcore.rulebook.tables.apply_and_check`, which reloads the result strictly
and checks that nothing else changed. An unchanged workbook therefore gives the same YAML text and
the same version digest.

Any problem — an unknown sheet layout, a row that matches nothing, a bad range, a read-only column
changed, a range the loader rejects — is reported by sheet, row and column in Chinese, and nothing is
changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from lawcore.rulebook.errors import RulebookErrors
from lawcore.rulebook.loader import load_text
from lawcore.rulebook.model import ListKind, NoPenaltyPart, RulebookSet
from lawcore.rulebook.tables import (
    PART_HEADINGS,
    SHEET_NAMES,
    TableEditError,
    TableRow,
    VersionTables,
    all_columns,
    apply_and_check,
    build_tables,
    cell_changes,
)
from prudent.rulebooks.exporting import META_SHEET


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = f"工作表“{self.sheet}”" if self.sheet else "文件"
        if self.row is not None:
            place += f"第{self.row}行"
        if self.column:
            place += f"“{self.column}”列"
        return f"{place}：{self.message}"


@dataclass(frozen=True)
class SheetRow:
    sheet: str
    kind: ListKind
    part: NoPenaltyPart | None
    number: int
    cells: dict[str, str]


@dataclass
class ImportResult:
    source: str
    changes: dict[str, dict[str, object]] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def read_workbook(data: bytes) -> tuple[list[SheetRow], dict[str, str], list[ImportProblem]]:  # noqa: C901
    """The data rows of every list sheet, the hidden metadata, and problems of the layout."""
    from openpyxl import load_workbook

    problems: list[ImportProblem] = []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        return (
            [],
            {},
            [ImportProblem("", None, "", f"无法读取该 .xlsx 文件（{exc.__class__.__name__}）")],
        )
    meta: dict[str, str] = {}
    if META_SHEET in wb.sheetnames:
        for row in wb[META_SHEET].iter_rows(values_only=True):
            if row and row[0] is not None:
                meta[_text(row[0])] = _text(row[1] if len(row) > 1 else "")
    kinds = {name: kind for kind, name in SHEET_NAMES.items()}
    parts = {heading: part for part, heading in PART_HEADINGS.items()}
    out: list[SheetRow] = []
    found = False
    for name in wb.sheetnames:
        if name not in kinds:
            continue
        found = True
        kind = kinds[name]
        by_header = {header: key for key, header in all_columns(kind)}
        header: dict[int, str] | None = None
        part: NoPenaltyPart | None = None
        for number, values in enumerate(wb[name].iter_rows(values_only=True), start=1):
            texts = [_text(v).strip() for v in values]
            if not any(texts):
                continue
            first = texts[0]
            if first in parts:
                part, header = parts[first], None
                continue
            if first == "序号" and "事项名称" in texts:
                header = {}
                for i, t in enumerate(texts):
                    if t in by_header:
                        header[i] = by_header[t]
                    elif t:
                        problems.append(ImportProblem(name, number, t, "不是本清单表格的列"))
                missing = [h for k, h in all_columns(kind) if k not in header.values()]
                missing = [h for h in missing if h not in {"事项编码", "条目标识"}]
                if missing:
                    problems.append(
                        ImportProblem(name, number, missing[0], "表头缺少此列（请使用导出的表格）")
                    )
                continue
            if header is None:
                continue  # title and unit lines above the first header
            cells = {key: _text(values[i]) for i, key in header.items() if i < len(values)}
            out.append(SheetRow(name, kind, part, number, cells))
    if not found:
        problems.append(
            ImportProblem("", None, "", "文件中没有清单工作表（应为导出的“不予处罚事项清单”等）")
        )
    return out, meta, problems


def _match(
    tables: VersionTables, row: SheetRow, header_of: dict[str, str]
) -> tuple[TableRow | None, ImportProblem | None]:
    rid = row.cells.get("row_id", "").strip()
    code = row.cells.get("code", "").strip()
    if rid:
        found = tables.row(rid)
        if found is None or found.kind is not row.kind:
            return None, ImportProblem(
                row.sheet, row.number, header_of["row_id"], f"本版本的此清单中没有条目“{rid}”"
            )
        if code and code != found.code:
            return None, ImportProblem(
                row.sheet,
                row.number,
                header_of["code"],
                f"事项编码“{code}”与条目“{rid}”所属事项“{found.code}”不符",
            )
        return found, None
    name = row.cells.get("name", "").strip()
    seq = row.cells.get("seq", "").strip()
    candidates = [
        r
        for r in tables.table(row.kind).rows
        if r.part is row.part
        and r.cell("name") == name
        and r.cell("seq") == seq
        and (not code or r.code == code)
    ]
    if len(candidates) == 1:
        return candidates[0], None
    return None, ImportProblem(
        row.sheet,
        row.number,
        header_of["name"],
        "未找到对应的清单条目（按事项名称和序号匹配"
        + ("，有多个" if candidates else "")
        + "）；新增或删除条目请在规则库中进行",
    )


def import_xlsx(  # noqa: C901
    data: bytes,
    *,
    source: str,
    source_name: str,
    version_id: str,
    rulebooks: RulebookSet | None = None,
) -> ImportResult:
    """Apply the workbook to version ``version_id`` of the rulebook in ``source``; the result holds
    the new YAML text (unchanged on any problem), the row changes and the problems."""
    result = ImportResult(source)
    try:
        book = load_text(source, source_name)
    except RulebookErrors as exc:
        result.problems.append(ImportProblem("", None, "", f"规则库本身无法加载：{exc}"))
        return result
    version = book.version(version_id)
    if version is None:
        result.problems.append(ImportProblem("", None, "", f"规则库中没有版本“{version_id}”"))
        return result
    tables = build_tables(book, version, rulebooks)
    rows, meta, problems = read_workbook(data)
    result.problems.extend(problems)
    if meta.get("rulebook") and meta["rulebook"] != book.id:
        result.problems.append(
            ImportProblem(
                META_SHEET, None, "", f"此表格导出自清单“{meta['rulebook']}”，不是“{book.id}”"
            )
        )
    seen: dict[str, int] = {}
    where: dict[str, tuple[str, int]] = {}
    for row in rows:
        header_of = dict(all_columns(row.kind))
        target, problem = _match(tables, row, header_of)
        if problem is not None:
            result.problems.append(problem)
            continue
        assert target is not None
        if target.row_id in seen:
            result.problems.append(
                ImportProblem(
                    row.sheet,
                    row.number,
                    header_of["row_id"],
                    f"条目“{target.row_id}”在第{seen[target.row_id]}行已出现",
                )
            )
            continue
        seen[target.row_id] = row.number
        where[target.row_id] = (row.sheet, row.number)
        changes, cell_problems = cell_changes(target, row.cells)
        for p in cell_problems:
            result.problems.append(
                ImportProblem(row.sheet, row.number, header_of[p.column], p.message)
            )
        if changes:
            result.changes[target.row_id] = changes
    if result.problems:
        result.changes = {}
        return result
    try:
        new_source, _book = apply_and_check(source, source_name, version_id, result.changes)
    except TableEditError as exc:
        result.changes = {}
        result.problems.append(ImportProblem("", None, "", str(exc)))
        return result
    except RulebookErrors as exc:
        result.changes = {}
        for error in exc.errors:
            sheet, number = where.get(error.row or "", ("", None))
            result.problems.append(
                ImportProblem(
                    sheet, number, "", f"修改后规则库校验未通过：{error.message}（{error.rule}）"
                )
            )
        return result
    result.source = new_source
    return result
