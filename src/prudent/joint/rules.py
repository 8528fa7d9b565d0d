"""The pure rules of joint inspections: the March deadline, the result key, sectors and the joint
share (R-INSP-3; CJ 四(五), CN 4). No database and no clock: callers pass the dates.

Sectors (CN 4: 在食品、药品、餐饮领域先行先试，"综合查一次"实施率达到20%以上): the enforcement
fields (`Department.field`) have no food, drug or catering field — at county level all three sit
with 市场监管. So an inspection belongs to a sector when one of its 抽查事项 names it: the item's
name or 抽查对象 contains 食品 (food), 药品/医疗器械/化妆品 (drugs, the 药监 family) or 餐饮
(catering). 餐饮 is also food under the 食品安全法, so a catering item counts in both rows; the
combined row counts each inspection once.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

DEADLINE_MONTH, DEADLINE_DAY = 3, 31
TARGET_SHARE = Decimal("0.20")  # CN 4: 20%以上

SECTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "food": ("食品", ("食品",)),
    "drug": ("药品", ("药品", "医疗器械", "化妆品")),
    "catering": ("餐饮", ("餐饮",)),
}
COMBINED = "food_drug_catering"
COMBINED_LABEL = "食品、药品、餐饮合计"


def plan_due(year: int) -> dt.date:
    """The annual joint plan is due by the end of March of its year (CJ 四(五) 每年3月底前)."""
    return dt.date(year, DEADLINE_MONTH, DEADLINE_DAY)


@dataclass(frozen=True)
class DeadlineState:
    code: str  # on_time | late | overdue | pending
    label: str
    ok: bool


def deadline_state(year: int, published_on: dt.date | None, today: dt.date) -> DeadlineState:
    """Whether the year's plan met the deadline. `published_on` is the local (Asia/Shanghai) date
    of its FIRST publication: a later version changes the plan, not when it was first made."""
    due = plan_due(year)
    if published_on is not None:
        if published_on <= due:
            return DeadlineState("on_time", f"按时发布（{published_on:%Y-%m-%d}）", True)
        late = (published_on - due).days
        return DeadlineState("late", f"逾期发布（{published_on:%Y-%m-%d}，逾期{late}日）", False)
    if today > due:
        return DeadlineState(
            "overdue",
            f"逾期未发布（应于{due:%Y-%m-%d}前发布，已逾期{(today - due).days}日）",
            False,
        )
    return DeadlineState(
        "pending", f"待发布（截止{due:%Y-%m-%d}，还有{(due - today).days}日）", True
    )


def result_key(text: str) -> str:
    """The same sample or test written twice is the same: NFKC (全角 → 半角), no spaces, casefold."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def item_sectors(*texts: str) -> frozenset[str]:
    joined = " ".join(texts)
    found = {code for code, (_label, words) in SECTORS.items() if any(w in joined for w in words)}
    if "catering" in found:
        found.add("food")  # 餐饮服务 is 食品经营 under the 食品安全法
    return frozenset(found)


@dataclass(frozen=True)
class Visit:
    """One inspection for the share: the fields of its taking-part departments, whether it was
    joint (two or more departments in one visit) and the sectors of its items."""

    fields: frozenset[str]
    joint: bool
    sectors: frozenset[str] = frozenset()


@dataclass
class ShareRow:
    key: str
    label: str
    inspections: int = 0
    joint: int = 0
    flagged: bool = False  # a CN 4 sector row: compared with the 20% target
    sector: bool = False

    @property
    def share(self) -> Decimal | None:
        if not self.inspections:
            return None
        return (Decimal(self.joint) / Decimal(self.inspections)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def share_percent(self) -> str:
        s = self.share
        return (
            "—" if s is None else f"{(s * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
        )

    @property
    def meets_target(self) -> bool | None:
        s = self.share
        if not self.sector or s is None:
            return None
        return s >= TARGET_SHARE


@dataclass
class Share:
    year: int
    fields: list[ShareRow] = field(default_factory=list)
    sectors: list[ShareRow] = field(default_factory=list)


def joint_share(year: int, visits: Iterable[Visit], field_labels: dict[str, str]) -> Share:
    """Per field: inspections in which a department of that field took part, how many of them
    were joint, the share. A joint visit counts once in each field that took part. Then the CN 4
    sector rows and their combined row, each against the 20% target."""
    by_field: dict[str, ShareRow] = {}
    sectors = {c: ShareRow(c, label, sector=True) for c, (label, _w) in SECTORS.items()}
    combined = ShareRow(COMBINED, COMBINED_LABEL, sector=True)
    for v in visits:
        for f in v.fields:
            row = by_field.setdefault(f, ShareRow(f, field_labels.get(f, f)))
            row.inspections += 1
            row.joint += int(v.joint)
        for s in v.sectors:
            sectors[s].inspections += 1
            sectors[s].joint += int(v.joint)
        if v.sectors:
            combined.inspections += 1
            combined.joint += int(v.joint)
    order = list(field_labels)
    rows = sorted(
        by_field.values(), key=lambda r: (order.index(r.key) if r.key in order else 99, r.key)
    )
    for r in [*sectors.values(), combined]:
        r.flagged = r.meets_target is False
    return Share(year=year, fields=rows, sectors=[*sectors.values(), combined])
