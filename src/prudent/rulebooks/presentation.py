"""The benchmarks 裁量基准 of a parsed version as tables for the management and public pages
(R-LIST-6). The four lists are built by :mod:`lawcore.rulebook.tables` (the official layout shared
with the .xlsx/.docx export); only the benchmarks, which have no official table, are laid out here."""

from __future__ import annotations

from dataclasses import dataclass

from lawcore.rulebook import PenaltyItem, Rulebook, RulebookSet, RulebookVersion
from lawcore.rulebook.model import CIRCUMSTANCE_ZH, TIER_LABEL_ZH, Range
from lawcore.rulebook.tables import range_text, setting_basis

TIER_LABELS = {t.value: label for t, label in TIER_LABEL_ZH.items()}
CIRCUMSTANCE_LABELS = {c.value: label for c, label in CIRCUMSTANCE_ZH.items()}


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


def _range(item: PenaltyItem, rng: Range | None, bracket: int) -> str:
    """A benchmark range in Chinese (2000元以上5000元以下) in the unit of its fine bracket; an item
    whose fine it inherits from a parent rulebook shows the range as written."""
    if rng is None:
        return ""
    brackets = item.fine.brackets if item.fine is not None else ()
    if bracket >= len(brackets):
        return str(rng)
    return range_text(rng, brackets[bracket].unit, brackets[bracket].base)


def benchmark_tables(
    book: Rulebook, version: RulebookVersion, rulebooks: RulebookSet | None = None
) -> list[BenchmarkTable]:
    """The benchmark each item of ``version`` sets itself. As in the list tables, with ``rulebooks``
    an item refining a parent's takes the parent's penalty provision (设定依据) and fine (the unit
    of the ranges)."""
    out = []
    for own in version.items:
        bench = own.benchmark
        if bench is None:
            continue
        item = rulebooks.resolve_item(book, own) if rulebooks is not None else own
        levels = tuple(
            BenchmarkRow(
                CIRCUMSTANCE_LABELS.get(lv.circumstance.value, lv.circumstance.value),
                TIER_LABELS.get(lv.tier.value, lv.tier.value),
                "；".join(lv.situations),
                _range(item, lv.range, lv.bracket),
            )
            for lv in bench.levels
        )
        ranges = tuple(
            (
                f"{TIER_LABELS.get(tr.tier.value, tr.tier.value)}（第{tr.bracket + 1}档）",
                _range(item, tr.range, tr.bracket),
            )
            for tr in bench.tier_ranges
        )
        out.append(
            BenchmarkTable(item.code, item.name, setting_basis(item), bench.source, levels, ranges)
        )
    return out
