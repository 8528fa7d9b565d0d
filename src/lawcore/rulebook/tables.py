"""The four lists as official tables (R-LIST-3, R-LIST-9; docs/list-tables.md).

Pure: from a :class:`RulebookVersion` and its :class:`Rulebook` build the rows of the four tables in the
layout of 昌吉市 attachments 1–4 (CJ) and 滑县 attachment 2 (HX), and map edited cells back to row
changes. The YAML side of an edit is :mod:`lawcore.rulebook.yaml_edit`.

Columns (keys → headers, see :data:`COLUMNS`): ``seq`` 序号, ``name`` 事项名称, ``authority`` 实施机关,
``setting`` 设定依据 (违法依据 + 处罚依据), ``condition`` 适用情形 (the verbatim condition text), ``basis``
{不予处罚/从轻处罚/减轻处罚/不予实施行政强制}依据, ``range`` 裁量幅度 (not in the no-coercion table),
``measures`` 配套监管措施, ``remarks`` 备注; then two machine columns, ``code`` 事项编码 and ``row_id`` 条目标识,
that make a re-import exact (hidden in the .xlsx).

A cell shows the row's own value followed by what the row inherits (the list preamble's basis and
measures, the rulebook's authority, "未经核实" for an unverified row). :func:`cell_changes` splits an
edited cell back into the row's own part, so an unchanged table gives no change at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lawcore.rulebook.canonical import decimal_text
from lawcore.rulebook.facts import CORE_FACTS
from lawcore.rulebook.model import (
    FineUnit,
    ListKind,
    ListPreamble,
    ListRow,
    NoPenaltyPart,
    PenaltyItem,
    Range,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    Tier,
)
from lawcore.rulebook.tiers import tier_ranges

# ---------------------------------------------------------------- layout

LIST_ORDER = (ListKind.NO_PENALTY, ListKind.LIGHTER, ListKind.MITIGATED, ListKind.NO_COERCION)

SHEET_NAMES = {
    ListKind.NO_PENALTY: "不予处罚事项清单",  # CJ 附件1
    ListKind.LIGHTER: "从轻处罚事项清单",  # CJ 附件2, HX 附件2
    ListKind.MITIGATED: "减轻处罚事项清单",  # CJ 附件3, HX 附件2
    ListKind.NO_COERCION: "不予实施行政强制事项清单",  # HX 附件2 (CJ 附件4: 免予行政强制事项清单)
}
"""The table names: sheet names of the .xlsx and headings of the .docx."""

TITLE_NAMES = {
    ListKind.NO_PENALTY: "不予行政处罚事项清单",
    ListKind.LIGHTER: "从轻行政处罚事项清单",
    ListKind.MITIGATED: "减轻行政处罚事项清单",
    ListKind.NO_COERCION: "不予实施行政强制措施事项清单",
}
"""Title row: the authority followed by this, e.g. 衡阳县市场监督管理局不予行政处罚事项清单."""

PART_ORDER = (NoPenaltyPart.MINOR_CORRECTED, NoPenaltyPart.FIRST_VIOLATION, NoPenaltyPart.NO_FAULT)

PART_HEADINGS = {
    NoPenaltyPart.MINOR_CORRECTED: "一、下列违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚",
    NoPenaltyPart.FIRST_VIOLATION: "二、下列违法行为初次违法且危害后果轻微并及时改正的，不予行政处罚",
    NoPenaltyPart.NO_FAULT: "三、下列违法行为当事人有证据足以证明没有主观过错的，不予行政处罚",
}
"""The three section headings of the no-penalty list, verbatim from CJ 附件1."""

UNIT_LINE = "单位名称（盖章）："
"""The line under the title (HX 附件2; CJ: 单位：（公章）)."""

BASIS_HEADERS = {
    ListKind.NO_PENALTY: "不予处罚依据",
    ListKind.LIGHTER: "从轻处罚依据",
    ListKind.MITIGATED: "减轻处罚依据",
    ListKind.NO_COERCION: "不予实施行政强制依据",
}

MACHINE_COLUMNS = ("code", "row_id")
MACHINE_HEADERS = {"code": "事项编码", "row_id": "条目标识"}

EDITABLE = ("seq", "authority", "condition", "basis", "range", "measures", "remarks")
"""Columns an author may change in a table; 事项名称 and 设定依据 belong to the item (edit the YAML)."""

UNVERIFIED = "未经核实"


def columns(kind: ListKind) -> tuple[tuple[str, str], ...]:
    """(key, header) of the visible columns of one table, in order (HX 附件2 with CJ's 实施机关)."""
    out = [
        ("seq", "序号"),
        ("name", "事项名称"),
        ("authority", "实施机关"),
        ("setting", "设定依据"),
        ("condition", "适用情形"),
        ("basis", BASIS_HEADERS[kind]),
    ]
    if kind is not ListKind.NO_COERCION:
        out.append(("range", "裁量幅度"))
    out += [("measures", "配套监管措施"), ("remarks", "备注")]
    return tuple(out)


def all_columns(kind: ListKind) -> tuple[tuple[str, str], ...]:
    """Visible columns and then the two machine columns."""
    return columns(kind) + tuple((k, MACHINE_HEADERS[k]) for k in MACHINE_COLUMNS)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table: the displayed cells (by column key) and what each cell inherits, so that an
    edited cell can be split back into the row's own value."""

    code: str
    row_id: str
    kind: ListKind
    part: NoPenaltyPart | None
    cells: Mapping[str, str]
    inherited: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    range_unit: FineUnit = FineUnit.YUAN
    range_base: str | None = None
    default_authority: str = ""
    unverified: bool = False

    def cell(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass(frozen=True, slots=True)
class TableSection:
    """A section of a table: the no-penalty list has one per part (CJ 附件1), the others one."""

    part: NoPenaltyPart | None
    heading: str
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class ListTable:
    kind: ListKind
    sheet: str
    title: str
    unit: str
    sections: tuple[TableSection, ...]

    @property
    def rows(self) -> tuple[TableRow, ...]:
        return tuple(r for s in self.sections for r in s.rows)

    def columns(self) -> tuple[tuple[str, str], ...]:
        return columns(self.kind)


@dataclass(frozen=True, slots=True)
class VersionTables:
    """The four tables of one version with what identifies it."""

    rulebook_id: str
    rulebook_name: str
    authority: str
    version: str
    status: str
    digest: str
    tables: tuple[ListTable, ...]

    def table(self, kind: ListKind) -> ListTable:
        return next(t for t in self.tables if t.kind is kind)

    def rows(self) -> tuple[TableRow, ...]:
        return tuple(r for t in self.tables for r in t.rows)

    def row(self, row_id: str) -> TableRow | None:
        return next((r for r in self.rows() if r.row_id == row_id), None)


def build_tables(
    book: Rulebook, version: RulebookVersion, rulebooks: RulebookSet | None = None
) -> VersionTables:
    """The four tables of ``version`` (R-LIST-3). With ``rulebooks`` an item that refines a parent's
    item takes the parent's penalty provision, fine and benchmark (for 设定依据 and 裁量幅度)."""
    placed: list[tuple[ListKind, NoPenaltyPart | None, tuple[int, int, int, int], TableRow]] = []
    position = 0
    for item in version.items:
        resolved = rulebooks.resolve_item(book, item) if rulebooks is not None else item
        for row in item.rows:
            position += 1
            key = (0 if row.seq is not None else 1, row.seq or 0, position, 0)
            placed.append((row.kind, row.part, key, _table_row(book, version, resolved, row)))
    tables = []
    for kind in LIST_ORDER:
        parts: Sequence[NoPenaltyPart | None] = (
            PART_ORDER if kind is ListKind.NO_PENALTY else (None,)
        )
        sections = []
        for part in parts:
            chosen = sorted(
                (p for p in placed if p[0] is kind and (part is None or p[1] is part)),
                key=lambda p: p[2],
            )
            rows = tuple(_numbered(p[3], n) for n, p in enumerate(chosen, start=1))
            sections.append(TableSection(part, PART_HEADINGS[part] if part else "", rows))
        tables.append(
            ListTable(
                kind,
                SHEET_NAMES[kind],
                f"{book.authority}{TITLE_NAMES[kind]}",
                f"{UNIT_LINE}{book.authority}",
                tuple(sections),
            )
        )
    return VersionTables(
        book.id,
        book.name,
        book.authority,
        version.version,
        version.status.value,
        version.digest,
        tuple(tables),
    )


def _numbered(row: TableRow, n: int) -> TableRow:
    if row.cells["seq"]:
        return row
    return TableRow(
        row.code,
        row.row_id,
        row.kind,
        row.part,
        {**row.cells, "seq": str(n)},
        row.inherited,
        row.range_unit,
        row.range_base,
        row.default_authority,
        row.unverified,
    )


def _preamble_lines(preambles: Sequence[ListPreamble], row: ListRow, attr: str) -> tuple[str, ...]:
    out: list[str] = []
    for p in preambles:
        if p.kind is row.kind and (p.part is None or p.part is row.part):
            out.extend(x for x in getattr(p, attr) if x not in out)
    return tuple(out)


def _table_row(
    book: Rulebook, version: RulebookVersion, item: PenaltyItem, row: ListRow
) -> TableRow:
    basis_extra = tuple(
        x for x in _preamble_lines(version.preambles, row, "basis") if x not in row.basis
    )
    measures_extra = tuple(
        x for x in _preamble_lines(version.preambles, row, "measures") if x not in row.measures
    )
    remarks_extra: tuple[str, ...] = ()
    if row.unverified or item.unverified:
        note = row.source_note or (item.source_note if item.unverified else "")
        remarks_extra = (f"{UNVERIFIED}：{note}" if note else UNVERIFIED,)
    unit, base = FineUnit.YUAN, None
    if item.fine is not None and item.fine.brackets:
        unit, base = item.fine.brackets[0].unit, item.fine.brackets[0].base
    cells = {
        "seq": str(row.seq) if row.seq is not None else "",
        "name": item.name,
        "authority": row.authority or book.authority,
        "setting": setting_basis(item),
        "condition": row.condition_text,
        "basis": _lines(row.basis + basis_extra),
        "range": range_cell(book, item, row),
        "measures": _lines(row.measures + measures_extra),
        "remarks": _lines(((row.remarks,) if row.remarks else ()) + remarks_extra),
        "code": item.code,
        "row_id": row.id,
    }
    if row.kind is ListKind.NO_COERCION:
        del cells["range"]
    return TableRow(
        item.code,
        row.id,
        row.kind,
        row.part,
        cells,
        {"basis": basis_extra, "measures": measures_extra, "remarks": remarks_extra},
        unit,
        base,
        book.authority,
        bool(remarks_extra),
    )


def _lines(values: Sequence[str]) -> str:
    return "\n".join(v for v in values if v)


def setting_basis(item: PenaltyItem) -> str:
    """设定依据: 违法依据 (the violated provisions) and 处罚依据 (the penalty provision), HX 附件1 第2点."""
    lines = []
    if item.violated_provisions:
        lines.append("违法依据：" + "、".join(p.cite() for p in item.violated_provisions))
    if item.penalty_provision is not None:
        lines.append("处罚依据：" + item.penalty_provision.cite())
    elif item.unverified:
        lines.append(f"处罚依据：{UNVERIFIED}")
    return "\n".join(lines)


# ---------------------------------------------------------------- ranges in Chinese

BASE_NAMES = {"goods_value_yuan": "货值金额", "illegal_income_yuan": "违法所得"}


def base_name(base: str | None) -> str:
    if base is None:
        return ""
    if base in BASE_NAMES:
        return BASE_NAMES[base]
    spec = CORE_FACTS.get(base)
    return spec.zh if spec is not None else base


def range_text(rng: Range, unit: FineUnit, base: str | None = None) -> str:
    """``[0, 2000]`` → 2000元以下; ``[2000, 10000]`` → 2000元以上10000元以下; open ends with 超过/不足;
    multiples → 货值金额10倍以上14倍以下."""
    mark = "元" if unit is FineUnit.YUAN else "倍"
    prefix = base_name(base) if unit is FineUnit.MULTIPLE else ""
    low, high = decimal_text(rng.low), decimal_text(rng.high)
    if rng.low == rng.high and not (rng.low_open or rng.high_open):
        return f"{prefix}{high}{mark}"
    upper = f"不足{high}{mark}" if rng.high_open else f"{high}{mark}以下"
    if rng.low == 0 and not rng.low_open and unit is FineUnit.YUAN:
        return f"{prefix}{upper}"
    lower = f"超过{low}{mark}" if rng.low_open else f"{low}{mark}以上"
    return f"{prefix}{lower}{upper}"


def fine_text(rng: Range, unit: FineUnit, base: str | None = None) -> str:
    """处货值金额10倍以上14倍以下罚款."""
    return f"处{range_text(rng, unit, base)}罚款"


def _bracket_label(note: str, index: int) -> str:
    head, sep, _rest = note.partition("，")
    if sep and head.endswith("的"):
        return head
    return f"情形{index + 1}"


def range_cell(book: Rulebook, item: PenaltyItem, row: ListRow) -> str:
    """裁量幅度 of a row: the row's range, else the tier's range in every fine bracket."""
    if row.kind is ListKind.NO_PENALTY:
        return "可以不予行政处罚" if row.may else "不予行政处罚"
    if row.kind is ListKind.NO_COERCION:
        return ""
    fine = item.fine
    if row.range is not None:
        if fine is None or not fine.brackets:
            return fine_text(row.range, FineUnit.YUAN)
        first = fine.brackets[0]
        return fine_text(row.range, first.unit, first.base)
    if fine is None:
        return ""
    tier = Tier.LIGHTER if row.kind is ListKind.LIGHTER else Tier.MITIGATED
    floor = (
        item.mitigation_floor
        if item.mitigation_floor is not None
        else book.settings.mitigation_floor
    )
    parts = []
    live = [(i, b) for i, b in enumerate(fine.brackets) if b.range is not None]
    for index, bracket in live:
        assert bracket.range is not None
        ranges = tier_ranges(
            bracket.range,
            book.settings.tier_split,
            item.benchmark,
            bracket=index,
            mitigation_floor=floor,
            unit=bracket.unit,
        )
        chosen = ranges.for_tier(tier)
        text = (
            fine_text(chosen, bracket.unit, bracket.base)
            if chosen is not None
            else "罚款无法定下限，依法适用较轻的处罚种类"
        )
        if len(live) > 1:
            text = f"{_bracket_label(bracket.note, index)}，{text}"
        parts.append(text)
    return "；".join(parts)


_NUM = r"(\d+(?:\.\d+)?)(万)?"
_RANGE_RE = re.compile(
    rf"^(?:(超过)?{_NUM}(元|倍)(以上)?)??(?:(不足)?{_NUM}(元|倍)(以下)?)$",
)


def _num(digits: str, wan: str | None) -> Decimal:
    value = Decimal(digits)
    return value * 10000 if wan else value


def parse_range(text: str, unit: FineUnit, base: str | None = None) -> Range:
    """The inverse of :func:`fine_text` / :func:`range_text` for one range (also accepts 万元 and
    thousands separators). Raises ValueError with a Chinese message."""
    s = re.sub(r"[\s,，]", "", text).rstrip("。；;")
    s = s.removeprefix("处").removesuffix("罚款").removesuffix("的")
    if unit is FineUnit.MULTIPLE:
        s = s.removeprefix(base_name(base))
    mark = "元" if unit is FineUnit.YUAN else "倍"
    example = (
        "“2000元以下”或“2000元以上5000元以下”"
        if unit is FineUnit.YUAN
        else f"“{base_name(base)}10倍以上14倍以下”"
    )
    if "；" in text or ";" in text:
        raise ValueError(f"只能填写一个幅度（按第一档罚款的单位“{mark}”），例如{example}")
    match = _RANGE_RE.match(s)
    if match is None:
        raise ValueError(f"无法识别的裁量幅度“{text.strip()}”，应写作{example}")
    lo_open, lo, lo_wan, lo_mark, lo_incl, hi_open, hi, hi_wan, hi_mark, hi_incl = match.groups()
    marks = {m for m in (lo_mark, hi_mark) if m}
    if marks != {mark}:
        raise ValueError(f"裁量幅度的单位应为“{mark}”，例如{example}")
    try:
        high = _num(hi, hi_wan)
        if lo is None:
            if hi_open is None and hi_incl is None:
                return Range(high, high)
            return Range(Decimal(0), high, high_open=hi_open is not None)
        if (lo_open is None) == (lo_incl is None) or (hi_open is None) == (hi_incl is None):
            raise ValueError(f"无法识别的裁量幅度“{text.strip()}”，应写作{example}")
        low = _num(lo, lo_wan)
    except InvalidOperation as exc:
        raise ValueError(f"无法识别的数额“{text.strip()}”") from exc
    out = Range(low, high, low_open=lo_open is not None, high_open=hi_open is not None)
    if out.is_empty():
        raise ValueError(f"裁量幅度“{text.strip()}”的下限高于上限")
    return out


# ---------------------------------------------------------------- edited cells → row changes


@dataclass(frozen=True, slots=True)
class CellProblem:
    column: str
    message: str


def normalise(text: str) -> str:
    """Cell text compared line by line: CRLF, trailing spaces and blank lines do not count."""
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _split_lines(text: str) -> tuple[str, ...]:
    return tuple(normalise(text).split("\n")) if normalise(text) else ()


def cell_changes(
    row: TableRow, cells: Mapping[str, str]
) -> tuple[dict[str, object], list[CellProblem]]:
    """The row changes an edited table row asks for, as YAML row keys → values (``text``, ``seq``,
    ``authority``, ``basis``, ``measures``, ``range``, ``remarks``), and the problems by column.
    Columns missing from ``cells`` are unchanged; a cell equal to the exported one is no change."""
    changes: dict[str, object] = {}
    problems: list[CellProblem] = []
    headers = dict(all_columns(row.kind))
    for key, value in cells.items():
        if key not in headers or key in MACHINE_COLUMNS:
            continue
        if normalise(value) == normalise(row.cell(key)):
            continue
        label = headers[key]
        if key not in EDITABLE:
            problems.append(
                CellProblem(key, f"“{label}”属于处罚事项，不能在清单表格中修改（请修改规则库）")
            )
            continue
        try:
            changes.update(_change(row, key, value, label))
        except ValueError as exc:
            problems.append(CellProblem(key, str(exc)))
    return changes, problems


def _change(row: TableRow, key: str, value: str, label: str) -> dict[str, object]:  # noqa: C901
    if key == "seq":
        text = value.strip()
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"“{label}”应为正整数，而不是“{text}”")
        return {"seq": int(text)}
    if key == "authority":
        text = normalise(value)
        return {"authority": "" if text == row.default_authority else text}
    if key == "condition":
        text = normalise(value)
        if not text:
            raise ValueError(f"“{label}”不能为空（应照录清单原文）")
        return {"text": text}
    if key in {"basis", "measures"}:
        lines = _split_lines(value)
        inherited = row.inherited.get(key, ())
        missing = [x for x in inherited if x not in lines]
        if missing:
            raise ValueError(
                f"“{missing[0]}”是本清单各行共同的{label}（清单说明），不能只在一行中删除"
            )
        return {key: tuple(x for x in lines if x not in inherited)}
    if key == "remarks":
        remark_lines = list(_split_lines(value))
        generated = row.inherited.get("remarks", ())
        for line in generated:
            if line not in remark_lines:
                raise ValueError(f"“{line}”由规则库标注，不能在表格中删除")
            remark_lines.remove(line)
        return {"remarks": "\n".join(remark_lines)}
    # range
    if row.kind is ListKind.NO_PENALTY:
        raise ValueError("不予处罚清单的裁量幅度为“不予行政处罚”，不能修改")
    text = normalise(value)
    if not text:
        return {"range": None}
    return {"range": parse_range(text, row.range_unit, row.range_base)}


# ---------------------------------------------------------------- row changes → YAML text


class TableEditError(ValueError):
    """The changes cannot be written into this YAML text (message in Chinese)."""


ROW_KEYS = ("seq", "authority", "text", "basis", "measures", "range", "remarks")
"""The row keys a table edit writes (docs/rulebook-format.md "A row")."""


def render_value(value: object) -> str:
    """A YAML flow value: strings double-quoted (JSON escapes are valid YAML), lists as flow
    sequences, a range as a flow mapping."""
    import json

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Range):
        out = f"{{min: {decimal_text(value.low)}, max: {decimal_text(value.high)}"
        out += ", min_open: true" if value.low_open else ""
        out += ", max_open: true" if value.high_open else ""
        return out + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r}")


def apply_row_changes(
    source: str, version_id: str, changes: Mapping[str, Mapping[str, object]]
) -> str:
    """``source`` with the rows of version ``version_id`` changed: ``changes`` maps a row id to
    {row key: new value} (keys in :data:`ROW_KEYS`). Only the changed values are rewritten; a key
    the row lacks is added. A row the version inherits (``based_on``) is first copied, with its
    item, into the version's own ``items`` (as the loader replaces an item by code)."""
    import yaml

    for row_changes in changes.values():
        unknown = set(row_changes) - set(ROW_KEYS)
        if unknown:
            raise TableEditError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    text = source
    for _attempt in range(2):
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise TableEditError(f"规则库 YAML 无法解析：{' '.join(str(exc).split())}") from exc
        version = _version_node(root, version_id)
        owned = _owned_rows(version)
        missing = [rid for rid in changes if rid not in owned]
        if not missing:
            return _patch_rows(text, owned, changes)
        text = _copy_inherited(text, root, version, missing)
    raise TableEditError("无法把继承的条目复制到本版本")


def _pairs(node: object) -> list[tuple[object, object]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    return list(node.value)


def _get(node: object, key: str) -> object | None:
    import yaml

    for k, v in _pairs(node):
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _scalar(node: object | None) -> str | None:
    import yaml

    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _seq(node: object | None) -> list[object]:
    import yaml

    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _version_node(root: object, version_id: str) -> object:
    for node in _seq(_get(root, "versions")):
        if _scalar(_get(node, "version")) == version_id:
            return node
    raise TableEditError(f"规则库中没有版本“{version_id}”")


def _owned_rows(version: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in _seq(_get(version, "items")):
        for row in _seq(_get(item, "rows")):
            rid = _scalar(_get(row, "id"))
            if rid is not None:
                out[rid] = row
    return out


def _node_end(source: str, node: object) -> int:
    """Where the node's own text ends (a block collection ends with its last child; trailing line
    breaks of a block scalar are not part of it)."""
    import yaml

    assert isinstance(node, yaml.Node)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        children = node.value
        if children:
            last = children[-1]
            return _node_end(source, last[1] if isinstance(last, tuple) else last)
    end = int(node.end_mark.index)
    start = int(node.start_mark.index)
    while end > start and source[end - 1] in " \t\r\n":
        end -= 1
    return end


def _patch_rows(
    source: str, rows: Mapping[str, object], changes: Mapping[str, Mapping[str, object]]
) -> str:
    import yaml

    edits: list[tuple[int, int, str]] = []
    for rid, row_changes in changes.items():
        node = rows[rid]
        assert isinstance(node, yaml.MappingNode)
        pairs = _pairs(node)
        inserts: list[str] = []
        for key in ROW_KEYS:
            if key not in row_changes:
                continue
            value = render_value(row_changes[key])
            current = _get(node, key)
            if current is not None:
                assert isinstance(current, yaml.Node)
                edits.append((current.start_mark.index, _node_end(source, current), value))
            else:
                inserts.append(f"{key}: {value}")
        if inserts:
            last_key, last_value = pairs[-1]
            at = _node_end(source, last_value)
            if node.flow_style:
                text = "".join(f", {x}" for x in inserts)
            else:
                assert isinstance(last_key, yaml.Node)
                indent = " " * node.start_mark.column
                text = "".join(f"\n{indent}{x}" for x in inserts)
            edits.append((at, at, text))
    out = source
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _find_item_text(
    source: str, root: object, version: object, row_id: str, seen: frozenset[str] = frozenset()
) -> tuple[str, str, int]:
    """(item code, the item's text, its first column) of the item holding ``row_id`` in the version
    this one is based on (following ``based_on``)."""
    import yaml

    base_id = _scalar(_get(version, "based_on"))
    if base_id is None or base_id in seen:
        raise TableEditError(f"本版本中没有条目“{row_id}”")
    base = _version_node(root, base_id)
    for item in _seq(_get(base, "items")):
        for row in _seq(_get(item, "rows")):
            if _scalar(_get(row, "id")) == row_id:
                assert isinstance(item, yaml.Node)
                code = _scalar(_get(item, "code")) or ""
                start = item.start_mark.index
                return code, source[start : _node_end(source, item)], item.start_mark.column
    return _find_item_text(source, root, base, row_id, seen | {base_id})


def _reindent(text: str, delta: int) -> str:
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if delta >= 0:
            out.append(" " * delta + line if line.strip() else line)
        else:
            cut = min(-delta, len(line) - len(line.lstrip(" ")))
            out.append(line[cut:])
    return "\n".join(out)


def _copy_inherited(source: str, root: object, version: object, row_ids: Sequence[str]) -> str:
    import yaml

    assert isinstance(version, yaml.MappingNode)
    copies: dict[str, tuple[str, int]] = {}
    for rid in row_ids:
        code, text, column = _find_item_text(source, root, version, rid)
        copies.setdefault(code, (text, column))
    items = _get(version, "items")
    existing = _seq(items)
    if existing and isinstance(items, yaml.SequenceNode) and not items.flow_style:
        first = existing[0]
        assert isinstance(first, yaml.Node)
        column = first.start_mark.column
        at = _node_end(source, items)
        text = "".join(
            f"\n{' ' * (column - 2)}- {_reindent(t, column - c)}" for t, c in copies.values()
        )
        return source[:at] + text + source[at:]
    column = version.start_mark.column + 4
    block = "".join(
        f"\n{' ' * (column - 2)}- {_reindent(t, column - c)}" for t, c in copies.values()
    )
    if items is not None:
        assert isinstance(items, yaml.Node)
        if existing:
            raise TableEditError(
                "本版本的 items 为单行写法，无法自动复制继承的事项，请改为多行写法"
            )
        return source[: items.start_mark.index] + block + source[_node_end(source, items) :]
    at = _node_end(source, version)
    indent = " " * version.start_mark.column
    return source[:at] + f"\n{indent}items:" + block + source[at:]


def changed_version(
    version: RulebookVersion, changes: Mapping[str, Mapping[str, object]]
) -> RulebookVersion:
    """The version the changes should give (without digest): used to check the YAML edit."""
    import dataclasses

    from lawcore.rulebook.canonical import digest

    fields = {"text": "condition_text"}
    items = []
    for item in version.items:
        rows = []
        for row in item.rows:
            new = row
            for key, value in changes.get(row.id, {}).items():
                kwargs: dict[str, Any] = {fields.get(key, key): value}
                new = dataclasses.replace(new, **kwargs)
            rows.append(new)
        items.append(dataclasses.replace(item, rows=tuple(rows)))
    out = dataclasses.replace(version, items=tuple(items))
    return dataclasses.replace(out, digest=digest(out))


def apply_and_check(
    source: str,
    source_name: str,
    version_id: str,
    changes: Mapping[str, Mapping[str, object]],
) -> tuple[str, Rulebook]:
    """Write the changes into ``source`` and load the result strictly; the changed version must be
    exactly the old one with these row changes (same digest) — anything else is refused.
    Raises :class:`TableEditError` (a message in Chinese) or ``RulebookErrors`` from the loader
    (e.g. a range outside the statute)."""
    from lawcore.rulebook.loader import load_text

    book = load_text(source, source_name)
    version = book.version(version_id)
    if version is None:
        raise TableEditError(f"规则库中没有版本“{version_id}”")
    for rid in changes:
        if version.find_row(rid) is None:
            raise TableEditError(f"版本“{version_id}”中没有条目“{rid}”")
    if not changes:
        return source, book
    text = apply_row_changes(source, version_id, changes)
    new_book = load_text(text, source_name)
    new_version = new_book.version(version_id)
    expected = changed_version(version, changes)
    if new_version is None or new_version.digest != expected.digest:
        raise TableEditError("写入规则库 YAML 后的结果与表格修改不一致，未保存任何修改")
    others = [(v.version, v.digest) for v in book.versions if v.version != version_id]
    if others != [(v.version, v.digest) for v in new_book.versions if v.version != version_id]:
        raise TableEditError("修改影响了其他版本，未保存任何修改")
    return text, new_book
