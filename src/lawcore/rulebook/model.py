"""The rulebook model: frozen dataclasses for rulebooks, their dated versions, penalty items, fines,
benchmarks and the rows of the four lists (R-LIST-1…7, docs/rulebook-format.md).

Shape (OpenFisca's dated parameters are the model)::

    Rulebook ─ id, authority, level, division_code, parent, field, settings, facts
      └─ RulebookVersion* ─ version, effective_from/to, published_on, status, references, digest
           └─ PenaltyItem* ─ code, name, tags, provisions, penalties, fine, benchmark, facts
                ├─ FineSpec ─ FineBracket* (statute thresholds: yuan range or multiples of a base)
                ├─ Benchmark ─ CircumstanceLevel*, TierRange*, WeightTable?
                └─ ListRow* ─ kind/part, verbatim text, machine conditions, basis, measures, lookback

Everything is immutable and hashable; money and multiples are ``Decimal``. Dates are ``datetime.date``
and every query takes the date it needs (lawcore has no clock). Versions are full snapshots (the
loader resolves ``based_on``) so that a version's digest covers everything it decides with.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from lawcore.law.kinds import PenaltyKind as PenaltyKind  # one enum for the law and the lists
from lawcore.rulebook.conditions import TRUE, Condition, all_of
from lawcore.rulebook.facts import CORE_FACTS, FactSpec

# ---------------------------------------------------------------- enumerations


class Level(StrEnum):
    """The level of the authority that made a rulebook; a child is always at a lower level."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Status(StrEnum):
    """draft: not in force, editable; published: in force in its period; repealed: was published,
    ended by repeal — still the law for violations inside its period (APL 37)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    REPEALED = "repealed"


class ListKind(StrEnum):
    """The four lists 四张清单 (R-LIST-1)."""

    NO_PENALTY = "no_penalty"
    LIGHTER = "lighter"
    MITIGATED = "mitigated"
    NO_COERCION = "no_coercion"


LENIENT_KINDS = frozenset(ListKind)
"""Every list is lenient: an excluded item may enter none of them (R-LIST-5, HX 三(七))."""


class NoPenaltyPart(StrEnum):
    """The three parts of the no-penalty list (R-LIST-2, APL 33)."""

    MINOR_CORRECTED = "minor_corrected"  # 轻微并及时改正，没有造成危害后果 — shall not punish
    FIRST_VIOLATION = "first_violation"  # 初次违法且危害后果轻微并及时改正 — may not punish
    NO_FAULT = "no_fault"  # 有证据足以证明没有主观过错 — shall not punish


class Tier(StrEnum):
    """Outcome tiers 裁量阶次, from the most lenient to the most severe."""

    NOT_PUNISHABLE = "not_punishable"
    NO_PENALTY = "no_penalty"
    MITIGATED = "mitigated"
    LIGHTER = "lighter"
    ORDINARY = "ordinary"
    HEAVIER = "heavier"

    @property
    def severity(self) -> int:
        return list(Tier).index(self)


LIST_TIER = {
    ListKind.NO_PENALTY: Tier.NO_PENALTY,
    ListKind.LIGHTER: Tier.LIGHTER,
    ListKind.MITIGATED: Tier.MITIGATED,
}
"""The penalty tier a list row gives (a no-coercion row concerns coercive measures, not the tier)."""


class Circumstance(StrEnum):
    """Circumstance levels 情节 of a benchmark (R-LIST-6)."""

    MINOR = "minor"  # 情节轻微
    LESSER = "lesser"  # 情节较轻
    ORDINARY = "ordinary"  # 情节一般
    GREATER = "greater"  # 情节较重
    SERIOUS = "serious"  # 情节严重


TIER_LABEL_ZH: Mapping[Tier, str] = MappingProxyType(
    {
        Tier.NOT_PUNISHABLE: "不予处罚（不具备责任能力或者已过追责时效）",
        Tier.NO_PENALTY: "不予处罚",
        Tier.MITIGATED: "减轻处罚",
        Tier.LIGHTER: "从轻处罚",
        Tier.ORDINARY: "一般处罚",
        Tier.HEAVIER: "从重处罚",
    }
)
"""Short tier names for pages and tables (the engine's document wording is its ``TIER_ZH``)."""

CIRCUMSTANCE_ZH: Mapping[Circumstance, str] = MappingProxyType(
    {
        Circumstance.MINOR: "情节轻微",
        Circumstance.LESSER: "情节较轻",
        Circumstance.ORDINARY: "情节一般",
        Circumstance.GREATER: "情节较重",
        Circumstance.SERIOUS: "情节严重",
    }
)


EXCLUSION_TAGS = frozenset(
    {"emergency_price", "high_risk", "high_correction_cost", "irrecoverable_loss"}
)
"""Item tags that keep an item off every list (R-LIST-5; HX 三(七), CJ 四(二)): hoarding and price
gouging in emergencies, high latent risk, high correction cost, losses hard to recover."""

KNOWN_TAGS = EXCLUSION_TAGS | {"safety_line", "new_business"}
"""``safety_line``: crosses a safety bottom line (no observation period, R-DEC-8);
``new_business``: new technology / industry / business form eligible for an observation period."""


# ---------------------------------------------------------------- small values

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 124 → 一百二十四 (for article citations; 1 ≤ n ≤ 9999)."""
    if not 0 < n < 10000:
        return str(n)
    out: list[str] = []
    units = (("千", 1000), ("百", 100), ("十", 10))
    zero = False
    for name, size in units:
        digit, n = divmod(n, size)
        if digit:
            if zero:
                out.append("零")
                zero = False
            if not (name == "十" and digit == 1 and not out):
                out.append(_ZH_DIGITS[digit])
            out.append(name)
        elif out:
            zero = True
    if n:
        if zero:
            out.append("零")
        out.append(_ZH_DIGITS[n])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Provision:
    """A provision of a law: 《law》第article条第paragraph款第（item）项, with its text if known."""

    law: str
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    text: str = ""

    def cite(self) -> str:
        out = f"《{self.law}》"
        if self.article is None:
            return out
        out += f"第{zh_number(self.article)}条"
        if self.paragraph is not None:
            out += f"第{zh_number(self.paragraph)}款"
        if self.item is not None:
            out += f"第（{zh_number(self.item)}）项"
        return out


@dataclass(frozen=True, slots=True)
class Reference:
    """A source document: title (文号), URL and a note."""

    title: str
    url: str = ""
    note: str = ""


_LOOKBACK = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


@dataclass(frozen=True, slots=True)
class Lookback:
    """The window in which an earlier violation of the same item makes this one not a first
    violation (R-DEC-3): an ISO-8601 duration (``P2Y``, ``P1Y``, ``P6M``, ``P30D``) counted back from
    the violation date (粤环发〔2021〕7号 第二十二条), or ``calendar_year`` (年度内: since 1 January of
    the violation's year, ibid. 第二十三条)."""

    years: int = 0
    months: int = 0
    days: int = 0
    calendar_year: bool = False

    @classmethod
    def parse(cls, text: str) -> Lookback:
        if text == "calendar_year":
            return cls(calendar_year=True)
        match = _LOOKBACK.match(text)
        if match is None or text == "P":
            raise ValueError(f"not a lookback (P2Y, P6M, P30D or calendar_year): {text!r}")
        y, m, d = (int(g) if g else 0 for g in match.groups())
        return cls(years=y, months=m, days=d)

    def __str__(self) -> str:
        if self.calendar_year:
            return "calendar_year"
        out = "P"
        out += f"{self.years}Y" if self.years else ""
        out += f"{self.months}M" if self.months else ""
        out += f"{self.days}D" if self.days else ""
        return out

    def window_start(self, violation_date: dt.date) -> dt.date:
        """The first day of the window: an earlier violation on or after it counts."""
        if self.calendar_year:
            return violation_date.replace(month=1, day=1)
        month_index = violation_date.year * 12 + violation_date.month - 1
        month_index -= self.years * 12 + self.months
        year, month = divmod(month_index, 12)
        day = min(violation_date.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day) - dt.timedelta(days=self.days)

    def min_days(self) -> int:
        """The shortest the window can be (for comparing a refinement with its parent)."""
        return 0 if self.calendar_year else self.years * 365 + self.months * 28 + self.days

    def max_days(self) -> int:
        return 366 if self.calendar_year else self.years * 366 + self.months * 31 + self.days

    def covers(self, other: Lookback) -> bool:
        """True when this window is always at least as long as ``other`` — a first violation in
        this window is then a first violation in ``other`` too (a narrower condition)."""
        return self == other or self.min_days() >= other.max_days()


@dataclass(frozen=True, slots=True)
class Range:
    """A closed interval [low, high] of yuan or of multiples, optionally open at either end
    (``low_open``: low excluded; ``high_open``: high excluded)."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: Decimal) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def within(self, outer: Range) -> bool:
        """True when every value of this range lies in ``outer``."""
        low_ok = self.low > outer.low or (
            self.low == outer.low and (self.low_open or not outer.low_open)
        )
        high_ok = self.high < outer.high or (
            self.high == outer.high and (self.high_open or not outer.high_open)
        )
        return low_ok and high_ok

    def is_empty(self) -> bool:
        if self.low > self.high:
            return True
        return self.low == self.high and (self.low_open or self.high_open)

    def scaled(self, factor: Decimal) -> Range:
        return Range(self.low * factor, self.high * factor, self.low_open, self.high_open)

    def __str__(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{self.low}, {self.high}{right}"


# ---------------------------------------------------------------- fines and penalties


class FineUnit(StrEnum):
    YUAN = "yuan"
    MULTIPLE = "multiple"


@dataclass(frozen=True, slots=True)
class FineBracket:
    """One statutory bracket of a fine: when ``when`` holds, the fine is ``range`` yuan, or
    ``range`` × the fact ``base`` (e.g. 10–20 × goods_value_yuan); ``range`` None = no fine in this
    bracket (e.g. 126: warning, a fine only when the party refuses to correct)."""

    when: Condition
    unit: FineUnit
    range: Range | None
    base: str | None = None
    note: str = ""

    def amount_range(self, facts: Mapping[str, object]) -> Range | None:
        """The range in yuan for these facts (multiplies by the base fact)."""
        if self.range is None:
            return None
        if self.unit is FineUnit.YUAN or self.base is None:
            return self.range
        return self.range.scaled(Decimal(str(facts[self.base])))


@dataclass(frozen=True, slots=True)
class FineSpec:
    """The statutory fine of an item as brackets over facts (statute thresholds). Validation
    guarantees that exactly one bracket holds for every combination of facts."""

    brackets: tuple[FineBracket, ...]

    def bracket_for(self, facts: Mapping[str, object]) -> tuple[int, FineBracket]:
        from lawcore.rulebook.conditions import evaluate

        for index, bracket in enumerate(self.brackets):
            if evaluate(bracket.when, facts):
                return index, bracket
        raise LookupError("no fine bracket matches these facts")


@dataclass(frozen=True, slots=True)
class StatutoryPenalty:
    """A penalty the statute provides: its kind, whether it is mandatory (并处/应当) or optional
    (可以), and the condition under which it applies (TRUE = always)."""

    kind: PenaltyKind
    mandatory: bool = True
    when: Condition = TRUE
    note: str = ""


# ---------------------------------------------------------------- benchmarks and tier split


class SplitMethod(StrEnum):
    PERCENT = "percent"  # 苏市监规〔2024〕7号 第三条: lighter = lowest 30 % inclusive
    MIDPOINT = (
        "midpoint"  # 粤环发〔2021〕7号 第十二条: lighter < mean, ordinary = mean, heavier ≥ mean
    )


@dataclass(frozen=True, slots=True)
class TierSplit:
    """How a statutory range [min, max] is cut into tiers (see lawcore.rulebook.tiers)."""

    method: SplitMethod = SplitMethod.PERCENT
    lighter: Decimal = Decimal("0.30")
    heavier: Decimal = Decimal("0.30")


@dataclass(frozen=True, slots=True)
class Settings:
    """Rulebook-wide settings: the tier split, the mitigation floor as a fraction of the statutory
    minimum (0 = down to nothing), the default first-violation lookback, and whether a benchmark whose
    circumstance levels overlap takes the heavier level (江门 裁量标准 第十四条) or reports a conflict."""

    tier_split: TierSplit = TierSplit()
    mitigation_floor: Decimal = Decimal(0)
    first_violation_lookback: Lookback | None = None
    lookback_note: str = ""
    heavier_level_wins: bool = False


@dataclass(frozen=True, slots=True)
class CircumstanceLevel:
    """A circumstance level of a benchmark: its concrete situations (verbatim), the tier they give,
    optional machine conditions and an optional compressed range (in the bracket's unit)."""

    circumstance: Circumstance
    tier: Tier
    situations: tuple[str, ...]
    conditions: Condition | None = None
    range: Range | None = None
    bracket: int = 0


@dataclass(frozen=True, slots=True)
class TierRange:
    """An explicit range for a tier in one fine bracket, replacing the default split (in the
    bracket's unit: yuan or multiples)."""

    tier: Tier
    range: Range
    bracket: int = 0


@dataclass(frozen=True, slots=True)
class WeightOption:
    label: str
    weight: Decimal
    conditions: Condition | None = None


@dataclass(frozen=True, slots=True)
class WeightFactor:
    name: str
    options: tuple[WeightOption, ...]


@dataclass(frozen=True, slots=True)
class WeightTable:
    """粤环发〔2021〕7号 第六条 weight-sum mode: fine = min(100 %, start + Σ weights) × the statutory
    maximum (of the bracket), with an optional minimum total (e.g. 20 %)."""

    start: Decimal
    factors: tuple[WeightFactor, ...]
    minimum_total: Decimal = Decimal(0)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The discretion benchmark 裁量基准 of an item (R-LIST-6)."""

    levels: tuple[CircumstanceLevel, ...] = ()
    tier_ranges: tuple[TierRange, ...] = ()
    weights: WeightTable | None = None
    source: str = ""
    remarks: str = ""
    unverified: bool = False
    source_note: str = ""

    def tier_range(self, tier: Tier, bracket: int = 0) -> Range | None:
        for tr in self.tier_ranges:
            if tr.tier is tier and tr.bracket == bracket:
                return tr.range
        return None


# ---------------------------------------------------------------- community-service offset


@dataclass(frozen=True, slots=True)
class CommunityOffset:
    """公益抵罚: whether the party may offset part of the fine by community service (常政办发〔2025〕5号
    二(二)5: "允许有轻微违法行为的行政相对人通过参加社会服务的方式折抵罚款"). ``allowed`` False states
    that it is forbidden (a child item may then not allow it); ``basis`` names the document that
    provides for it (required when allowed); ``max_share`` (0 < x ≤ 1) is the largest share of the
    fine that offsets may cover; ``yuan_per_hour`` (optional) fixes the value credited per hour of
    service — without it the value is set case by case when the head approves."""

    allowed: bool
    basis: str = ""
    max_share: Decimal = Decimal(0)
    yuan_per_hour: Decimal | None = None
    note: str = ""


OMIT_IF_NONE = {"omit_if_none": True}
"""Field metadata: the canonical JSON leaves the field out while it is None, so that adding an
optional key to the format does not change the digest of versions that do not use it."""


# ---------------------------------------------------------------- list rows and items


@dataclass(frozen=True, slots=True)
class ListRow:
    """A row of one of the four lists for an item (R-LIST-2, R-LIST-3).

    ``conditions`` is the complete machine condition: the list's common condition (``ListPreamble``)
    and the row's own, joined by the loader; ``own_conditions`` is the row's own part. ``may`` marks a
    discretionary row (可以不予处罚); ``refines`` names the parent rulebook's row this one narrows,
    as ``"<rulebook id>:<row id>"``.
    """

    id: str
    kind: ListKind
    condition_text: str
    conditions: Condition
    own_conditions: Condition = TRUE
    part: NoPenaltyPart | None = None
    seq: int | None = None
    may: bool = False
    authority: str = ""
    basis: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    lookback: Lookback | None = None
    range: Range | None = None
    remarks: str = ""
    refines: str | None = None
    unverified: bool = False
    source_note: str = ""

    @property
    def tier(self) -> Tier | None:
        return LIST_TIER.get(self.kind)

    @property
    def outcome(self) -> str:
        """The row's outcome for overlap checks: the list kind (and no-penalty part)."""
        return self.kind.value


@dataclass(frozen=True, slots=True)
class ListPreamble:
    """What a list (or a part of the no-penalty list) says for all its rows: the common condition
    (verbatim and machine), measures, basis and notes (e.g. List A.1, List B 备注)."""

    kind: ListKind
    part: NoPenaltyPart | None
    text: str
    conditions: Condition = TRUE
    measures: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PenaltyItem:
    """A penalty item 行政处罚事项: one punishable act with its provisions, penalties, fine,
    benchmark and list rows. ``refines`` names the parent rulebook's item code it narrows."""

    code: str
    name: str
    violated_provisions: tuple[Provision, ...]
    penalty_provision: Provision | None
    field: str = ""
    category: str = ""
    tags: frozenset[str] = frozenset()
    penalties: tuple[StatutoryPenalty, ...] = ()
    fine: FineSpec | None = None
    mitigation_floor: Decimal | None = None
    benchmark: Benchmark | None = None
    rows: tuple[ListRow, ...] = ()
    facts: tuple[FactSpec, ...] = ()
    lookback: Lookback | None = None
    refines: str | None = None
    remarks: str = ""
    unverified: bool = False
    source_note: str = ""
    community_offset: CommunityOffset | None = dataclasses.field(
        default=None, metadata=OMIT_IF_NONE
    )

    @property
    def violated_provision(self) -> Provision | None:
        return self.violated_provisions[0] if self.violated_provisions else None

    @property
    def excluded(self) -> bool:
        """Carries an exclusion tag (R-LIST-5)."""
        return bool(self.tags & EXCLUSION_TAGS)

    def row(self, row_id: str) -> ListRow | None:
        return next((r for r in self.rows if r.id == row_id), None)

    def rows_of(self, kind: ListKind) -> tuple[ListRow, ...]:
        return tuple(r for r in self.rows if r.kind is kind)


@dataclass(frozen=True, slots=True)
class RulebookVersion:
    """One dated version: a full snapshot of the items. ``effective_to`` is inclusive (None = open);
    ``digest`` is the SHA-256 of the canonical JSON of the version (lawcore.rulebook.canonical)."""

    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    published_on: dt.date | None
    status: Status
    items: tuple[PenaltyItem, ...]
    references: tuple[Reference, ...] = ()
    preambles: tuple[ListPreamble, ...] = ()
    based_on: str | None = None
    notes: str = ""
    digest: str = ""

    def in_period(self, date: dt.date) -> bool:
        return self.effective_from <= date and (
            self.effective_to is None or date <= self.effective_to
        )

    def in_force(self, date: dt.date) -> bool:
        """Published (or since repealed) and ``date`` inside its period: the law at that date."""
        return self.status is not Status.DRAFT and self.in_period(date)

    def item(self, code: str) -> PenaltyItem | None:
        return next((i for i in self.items if i.code == code), None)

    def find_row(self, row_id: str) -> tuple[PenaltyItem, ListRow] | None:
        for item in self.items:
            row = item.row(row_id)
            if row is not None:
                return item, row
        return None

    def overlaps(self, other: RulebookVersion) -> bool:
        end_a = self.effective_to or dt.date.max
        end_b = other.effective_to or dt.date.max
        return self.effective_from <= end_b and other.effective_from <= end_a


@dataclass(frozen=True, slots=True)
class Rulebook:
    """A rulebook of one authority: its level, division code (GB/T 2260), parent rulebook id,
    field, settings, declared facts and versions. ``source`` is the file it was loaded from."""

    id: str
    name: str
    authority: str
    level: Level
    division_code: str
    field: str
    versions: tuple[RulebookVersion, ...]
    parent: str | None = None
    settings: Settings = Settings()
    facts: tuple[FactSpec, ...] = ()
    references: tuple[Reference, ...] = ()
    demo: bool = False
    source: str = dataclasses.field(default="", compare=False)

    def version(self, version_id: str) -> RulebookVersion | None:
        return next((v for v in self.versions if v.version == version_id), None)

    def version_in_force(self, date: dt.date) -> RulebookVersion | None:
        """The published (or since repealed) version whose period contains ``date``."""
        return next((v for v in self.versions if v.in_force(date)), None)

    def fact_specs(self, item: PenaltyItem | None = None) -> dict[str, FactSpec]:
        """Core facts, this rulebook's facts and the item's facts (not the parents'; see
        :meth:`RulebookSet.fact_specs`)."""
        specs = dict(CORE_FACTS)
        specs.update({f.name: f for f in self.facts})
        if item is not None:
            specs.update({f.name: f for f in item.facts})
        return specs

    def lookback_for(self, item: PenaltyItem, row: ListRow | None = None) -> Lookback | None:
        """The row's lookback, else the item's, else the rulebook default; None = the whole history
        (no window stated: any earlier violation of the item counts)."""
        if row is not None and row.lookback is not None:
            return row.lookback
        return item.lookback or self.settings.first_violation_lookback


@dataclass(frozen=True, slots=True)
class RulebookSet:
    """A set of rulebooks by id, with the hierarchy helpers the validator and the engine use."""

    rulebooks: tuple[Rulebook, ...]

    def get(self, rulebook_id: str) -> Rulebook | None:
        return next((r for r in self.rulebooks if r.id == rulebook_id), None)

    def ancestors(self, rulebook: Rulebook) -> Iterator[Rulebook]:
        """Parent, grandparent, … (stops at a missing parent or a cycle)."""
        seen = {rulebook.id}
        current = rulebook
        while current.parent is not None and current.parent not in seen:
            parent = self.get(current.parent)
            if parent is None:
                return
            seen.add(parent.id)
            yield parent
            current = parent

    def fact_specs(
        self, rulebook: Rulebook, item: PenaltyItem | None = None
    ) -> dict[str, FactSpec]:
        """Core facts plus the facts declared along the ancestor chain, by the rulebook and by the
        item (and the items it refines)."""
        specs = dict(CORE_FACTS)
        chain = [*reversed(list(self.ancestors(rulebook))), rulebook]
        for book in chain:
            specs.update({f.name: f for f in book.facts})
        if item is not None:
            for book, parent_item in self.refinement_chain(rulebook, item):
                del book
                specs.update({f.name: f for f in parent_item.facts})
        return specs

    def refinement_chain(
        self, rulebook: Rulebook, item: PenaltyItem
    ) -> list[tuple[Rulebook, PenaltyItem]]:
        """The item and the ancestors' items it refines (any version), nearest first."""
        out = [(rulebook, item)]
        book, current = rulebook, item
        while current.refines is not None and book.parent is not None:
            parent = self.get(book.parent)
            if parent is None:
                break
            found = next(
                (i for v in parent.versions for i in v.items if i.code == current.refines), None
            )
            if found is None:
                break
            out.append((parent, found))
            book, current = parent, found
        return out

    def resolve_item(self, rulebook: Rulebook, item: PenaltyItem) -> PenaltyItem:
        """The item with what it leaves out taken from the items it refines, nearest first: the
        penalty provision, penalties, fine, mitigation floor and lookback; the benchmark is merged
        (levels from the nearest item that has some, each tier range from the nearest item that sets
        it). A refining item that gives no fine uses its parent's; its rows stay its own."""
        chain = [it for _book, it in self.refinement_chain(rulebook, item)]

        def first(attr: str) -> object:
            return next(
                (getattr(it, attr) for it in chain if getattr(it, attr)), getattr(item, attr)
            )

        resolved = PenaltyItem(
            **{f.name: getattr(item, f.name) for f in dataclasses.fields(PenaltyItem)}
            | {
                attr: first(attr)
                for attr in (
                    "penalty_provision",
                    "penalties",
                    "fine",
                    "benchmark",
                    "mitigation_floor",
                    "lookback",
                )
            }
        )
        return dataclasses.replace(resolved, benchmark=_merge_benchmarks(chain))

    def items_in_force(
        self, date: dt.date
    ) -> Iterator[tuple[Rulebook, RulebookVersion, PenaltyItem]]:
        for book in self.rulebooks:
            version = book.version_in_force(date)
            if version is not None:
                for item in version.items:
                    yield book, version, item


def _merge_benchmarks(chain: Sequence[PenaltyItem]) -> Benchmark | None:
    """Nearest first: the nearest benchmark's levels (or, if it has none, the nearest levels up the
    chain), and each (tier, bracket) range from the nearest item that sets it."""
    benches = [it.benchmark for it in chain if it.benchmark is not None]
    if not benches:
        return None
    levels = next((b.levels for b in benches if b.levels), ())
    weights = next((b.weights for b in benches if b.weights is not None), None)
    ranges: dict[tuple[Tier, int], TierRange] = {}
    for bench in benches:
        for tr in bench.tier_ranges:
            ranges.setdefault((tr.tier, tr.bracket), tr)
    return dataclasses.replace(
        benches[0], levels=levels, weights=weights, tier_ranges=tuple(ranges.values())
    )


def row_condition(preambles: Sequence[ListPreamble], row: ListRow) -> Condition:
    """The common condition of the row's list (and part) joined with the row's own condition."""
    common = [
        p.conditions
        for p in preambles
        if p.kind is row.kind and (p.part is None or p.part is row.part)
    ]
    return all_of(*common, row.own_conditions)
