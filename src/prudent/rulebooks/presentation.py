"""The four lists and the benchmarks of a parsed version as table rows, in the columns of R-LIST-3
(CJ attachments, HX attachment 2): 序号, 事项名称, 实施机关, 设定依据, 适用情形,
从轻/减轻/不予处罚依据, 裁量幅度, 配套监管措施, 备注. Used by the management and public pages."""

from __future__ import annotations

from dataclasses import dataclass

from lawcore.rulebook import ListKind, PenaltyItem, Rulebook, RulebookVersion

KIND_LABELS = {
    ListKind.NO_PENALTY: "不予处罚事项清单",
    ListKind.LIGHTER: "从轻处罚事项清单",
    ListKind.MITIGATED: "减轻处罚事项清单",
    ListKind.NO_COERCION: "免予行政强制事项清单",
}
TIER_LABELS = {
    "not_punishable": "不予处罚（不具备责任能力）",
    "no_penalty": "不予处罚",
    "mitigated": "减轻处罚",
    "lighter": "从轻处罚",
    "ordinary": "一般处罚",
    "heavier": "从重处罚",
}
CIRCUMSTANCE_LABELS = {
    "minor": "情节轻微",
    "lesser": "情节较轻",
    "ordinary": "情节一般",
    "greater": "情节较重",
    "serious": "情节严重",
}
COLUMNS = (
    "序号",
    "事项名称",
    "实施机关",
    "设定依据",
    "适用情形",
    "从轻/减轻/不予处罚依据",
    "裁量幅度",
    "配套监管措施",
    "备注",
)


@dataclass(frozen=True)
class Row:
    seq: str
    item_code: str
    item_name: str
    authority: str
    basis_setting: str
    condition: str
    basis_lenient: str
    range: str
    measures: str
    remarks: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.seq,
            self.item_name,
            self.authority,
            self.basis_setting,
            self.condition,
            self.basis_lenient,
            self.range,
            self.measures,
            self.remarks,
        )


@dataclass(frozen=True)
class ListTable:
    kind: str
    label: str
    preamble: str
    rows: tuple[Row, ...]


def setting_basis(item: PenaltyItem) -> str:
    parts = []
    if item.violated_provisions:
        parts.append("违反：" + "、".join(p.cite() for p in item.violated_provisions))
    if item.penalty_provision is not None:
        parts.append("处罚：" + item.penalty_provision.cite())
    return "；".join(parts)


def list_tables(book: Rulebook, version: RulebookVersion) -> list[ListTable]:
    tables = []
    for kind in ListKind:
        rows = []
        n = 0
        for item in version.items:
            for row in item.rows_of(kind):
                n += 1
                rng = (
                    "不予处罚"
                    if kind is ListKind.NO_PENALTY
                    else (f"{row.range}元" if row.range is not None else "")
                )
                measures = [*row.measures]
                for p in version.preambles:
                    if p.kind is kind and (p.part is None or p.part is row.part):
                        measures += [m for m in p.measures if m not in measures]
                rows.append(
                    Row(
                        seq=str(row.seq if row.seq is not None else n),
                        item_code=item.code,
                        item_name=item.name,
                        authority=row.authority or book.authority,
                        basis_setting=setting_basis(item),
                        condition=row.condition_text,
                        basis_lenient="；".join(row.basis),
                        range=rng,
                        measures="；".join(measures),
                        remarks=row.remarks + ("（待核实）" if row.unverified else ""),
                    )
                )
        preamble = "；".join(p.text for p in version.preambles if p.kind is kind)
        tables.append(ListTable(kind.value, KIND_LABELS[kind], preamble, tuple(rows)))
    return tables


@dataclass(frozen=True)
class BenchmarkRow:
    circumstance: str
    tier: str
    situations: str
    range: str


@dataclass(frozen=True)
class BenchmarkTable:
    item_code: str
    item_name: str
    basis: str
    source: str
    levels: tuple[BenchmarkRow, ...]
    tier_ranges: tuple[tuple[str, str], ...]


def benchmark_tables(version: RulebookVersion) -> list[BenchmarkTable]:
    out = []
    for item in version.items:
        bench = item.benchmark
        if bench is None:
            continue
        levels = tuple(
            BenchmarkRow(
                CIRCUMSTANCE_LABELS.get(lv.circumstance.value, lv.circumstance.value),
                TIER_LABELS.get(lv.tier.value, lv.tier.value),
                "；".join(lv.situations),
                str(lv.range) if lv.range is not None else "",
            )
            for lv in bench.levels
        )
        ranges = tuple(
            (
                f"{TIER_LABELS.get(tr.tier.value, tr.tier.value)}（第{tr.bracket + 1}档）",
                str(tr.range),
            )
            for tr in bench.tier_ranges
        )
        out.append(
            BenchmarkTable(item.code, item.name, setting_basis(item), bench.source, levels, ranges)
        )
    return out
