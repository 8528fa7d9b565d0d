"""Checks over a set of rulebooks: facts and types, statute brackets, the hierarchy (R-LIST-4), and
the overlap / gap / APL 33 report (issue #3 part 3).

:func:`check` returns a :class:`Report` with

- ``errors`` — rules broken (:class:`~lawcore.rulebook.errors.RulebookError`): an unknown fact or a
  literal of the wrong type; statute fine brackets that leave a fact combination without a fine rule
  or give it two; a parent that is missing or not above the child; a refined item or row the parent
  does not have; a child range outside the parent's tier range; a child row whose condition does not
  imply the parent row's, whose lookback is shorter, or whose list differs (R-LIST-4);
- ``findings`` — what the fact-space enumeration finds (:class:`Finding`): a fact combination that
  matches rows with different outcomes (``overlap``), that a benchmark's circumstance levels do not
  cover (``gap``) or give different tiers (``overlap``), or where a lighter or mitigated row applies
  although 《行政处罚法》第三十三条 says the party shall not be punished (``apl33``: minor, corrected
  in time and no harm; or no fault proven). The APL 33 check only runs where the rows read the facts
  it needs — the engine applies the statute anyway (R-DEC-2); the finding says the list is wrong.

Two rows of the same list kind that both match are not an overlap (same outcome). A no-coercion row
concerns coercive measures, not the penalty, and never conflicts with a penalty row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lawcore.rulebook import errors as rules
from lawcore.rulebook.conditions import (
    ORDERING_OPS,
    Condition,
    FactSpaceTooLarge,
    Sample,
    assignment,
    describe,
    evaluate,
    fact_space,
    facts_of,
    implies,
    literals_of,
    to_text,
)
from lawcore.rulebook.errors import RulebookError
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.loader import statute_room
from lawcore.rulebook.model import (
    ListKind,
    ListRow,
    PenaltyItem,
    Range,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    Tier,
)
from lawcore.rulebook.tiers import TierRanges, tier_ranges

APL33_CITATION = "《行政处罚法》第三十三条"
PENALTY_KINDS = frozenset({ListKind.NO_PENALTY, ListKind.LIGHTER, ListKind.MITIGATED})


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact combination the overlap/gap analysis flags, with how many combinations share it."""

    source: str
    rulebook: str
    version: str
    item: str
    kind: str  # overlap | gap | apl33
    rows: tuple[str, ...]
    example: str
    count: int
    message: str

    def __str__(self) -> str:
        rows = f" rows {', '.join(self.rows)}" if self.rows else ""
        return (
            f"{self.source}: {self.rulebook} {self.version} item {self.item}{rows}: "
            f"[{self.kind}] {self.message} — e.g. {self.example} ({self.count} combination"
            f"{'s' if self.count != 1 else ''})"
        )


@dataclass(frozen=True, slots=True)
class Report:
    errors: tuple[RulebookError, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.findings


class _Ctx:
    def __init__(self, books: RulebookSet) -> None:
        self.books = books
        self.errors: list[RulebookError] = []
        self.findings: list[Finding] = []

    def error(
        self,
        book: Rulebook,
        rule: str,
        message: str,
        item: str | None = None,
        row: str | None = None,
    ) -> None:
        self.errors.append(RulebookError(book.source or book.id, rule, message, item, row))


def check(rulebooks: Sequence[Rulebook]) -> Report:
    """Every set-level check over ``rulebooks`` (each already loaded without errors)."""
    ctx = _Ctx(RulebookSet(tuple(rulebooks)))
    for book in rulebooks:
        _check_parent(ctx, book)
        for version in book.versions:
            for item in version.items:
                specs = ctx.books.fact_specs(book, item)
                before = len(ctx.errors)
                _check_facts(ctx, book, item, specs)
                if len(ctx.errors) > before:
                    continue  # the fact space needs well-typed conditions
                _check_brackets(ctx, book, item, specs)
                _check_refinement(ctx, book, version, item, specs)
                _analyse(ctx, book, version, item, specs)
    return Report(tuple(ctx.errors), tuple(ctx.findings))


# ---------------------------------------------------------------- parent and facts


def _check_parent(ctx: _Ctx, book: Rulebook) -> None:
    if book.parent is None:
        return
    parent = ctx.books.get(book.parent)
    if parent is None:
        ctx.error(book, rules.UNKNOWN_PARENT, f"parent rulebook {book.parent!r} is not in the set")
    elif parent.level.rank >= book.level.rank:
        ctx.error(
            book,
            rules.PARENT_LEVEL,
            f"a {book.level} rulebook cannot refine {parent.id}, which is at level {parent.level}",
        )


def item_conditions(item: PenaltyItem) -> Iterator[tuple[str, Condition]]:
    """Every condition of an item with a label (rows, fine brackets, penalties, benchmark)."""
    for row in item.rows:
        yield f"row {row.id}", row.conditions
    for i, bracket in enumerate(item.fine.brackets if item.fine else ()):
        yield f"fine bracket {i}", bracket.when
    for penalty in item.penalties:
        yield f"penalty {penalty.kind}", penalty.when
    bench = item.benchmark
    for level in bench.levels if bench else ():
        if level.conditions is not None:
            yield f"level {level.circumstance}", level.conditions
    for factor in bench.weights.factors if bench and bench.weights else ():
        for option in factor.options:
            if option.conditions is not None:
                yield f"weight {factor.name}/{option.label}", option.conditions


def _literal_ok(spec: FactSpec, value: object) -> bool:
    if spec.type is FactType.BOOL:
        return isinstance(value, bool)
    if spec.type is FactType.ENUM:
        return isinstance(value, str) and value in spec.values
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return False
    return spec.type is FactType.NUMBER or value == value.to_integral_value()


def _check_facts(
    ctx: _Ctx, book: Rulebook, item: PenaltyItem, specs: Mapping[str, FactSpec]
) -> None:
    for label, condition in item_conditions(item):
        row = label[4:] if label.startswith("row ") else None
        for fact, op, value in literals_of(condition):
            spec = specs.get(fact)
            if spec is None:
                ctx.error(
                    book, rules.UNKNOWN_FACT, f"{label}: unknown fact {fact!r}", item.code, row
                )
            elif op in ORDERING_OPS and spec.type not in {FactType.NUMBER, FactType.INTEGER}:
                ctx.error(
                    book,
                    rules.FACT_TYPE,
                    f"{label}: {fact} is {spec.type}, not a number",
                    item.code,
                    row,
                )
            elif not _literal_ok(spec, value):
                ctx.error(
                    book,
                    rules.FACT_TYPE,
                    f"{label}: {value!r} is not a {spec.type} value of {fact}",
                    item.code,
                    row,
                )
    for bracket in item.fine.brackets if item.fine else ():
        base = specs.get(bracket.base) if bracket.base else None
        if bracket.base and (base is None or base.type not in {FactType.NUMBER, FactType.INTEGER}):
            ctx.error(
                book,
                rules.UNKNOWN_FACT,
                f"fine base {bracket.base!r} is not a numeric fact",
                item.code,
            )


def _check_brackets(
    ctx: _Ctx, book: Rulebook, item: PenaltyItem, specs: Mapping[str, FactSpec]
) -> None:
    """The statute's fine brackets must give exactly one rule for every fact combination."""
    if item.fine is None or len(item.fine.brackets) < 2:
        return
    whens = [b.when for b in item.fine.brackets]
    space = _space(ctx, book, item, whens, specs)
    if space is None:
        return
    names, combos = space
    for combo in combos:
        facts = assignment(names, combo)
        hits = [i for i, w in enumerate(whens) if evaluate(w, facts)]
        if len(hits) != 1:
            what = "no fine bracket" if not hits else f"brackets {hits}"
            ctx.error(book, rules.FINE_BRACKETS, f"{what} for {describe(combo)}", item.code)
            return


def _space(
    ctx: _Ctx,
    book: Rulebook,
    item: PenaltyItem,
    conditions: Sequence[Condition],
    specs: Mapping[str, FactSpec],
    extra: Sequence[str] = (),
) -> tuple[tuple[str, ...], list[tuple[Sample, ...]]] | None:
    try:
        names, combos = fact_space(conditions, specs, extra_facts=extra)
    except FactSpaceTooLarge as exc:
        ctx.error(book, rules.FACT_SPACE, str(exc), item.code)
        return None
    return names, combos


# ---------------------------------------------------------------- hierarchy (R-LIST-4)


def _parent_versions(parent: Rulebook, version: RulebookVersion) -> list[RulebookVersion]:
    """The parent's published versions overlapping the child version's period (all of them when the
    parent has only drafts, so that drafts can be checked against drafts)."""
    live = [v for v in parent.versions if v.status.value != "draft" and v.overlaps(version)]
    return live or [v for v in parent.versions if v.overlaps(version)]


def _check_refinement(
    ctx: _Ctx,
    book: Rulebook,
    version: RulebookVersion,
    item: PenaltyItem,
    specs: Mapping[str, FactSpec],
) -> None:
    parent = ctx.books.get(book.parent) if book.parent else None
    if item.refines is None:
        for row in item.rows:
            if row.refines is not None:
                msg = f"row refines {row.refines} but its item refines no parent item"
                ctx.error(book, rules.UNKNOWN_REFINED, msg, item.code, row.id)
        return
    if parent is None:
        ctx.error(
            book, rules.UNKNOWN_REFINED, f"refines {item.refines} but has no parent", item.code
        )
        return
    pairs = [(pv, pv.item(item.refines)) for pv in _parent_versions(parent, version)]
    found = [(pv, pi) for pv, pi in pairs if pi is not None]
    if not found:
        ctx.error(
            book,
            rules.UNKNOWN_REFINED,
            f"refines {parent.id} item {item.refines}, which no version of {parent.id} in force "
            f"during {version.version} has",
            item.code,
        )
        return
    resolved = ctx.books.resolve_item(book, item)
    if item.fine is None:
        _check_inherited_statute(ctx, book, resolved)
    if item.benchmark is None:  # inherited levels were checked in the parent
        resolved = dataclasses.replace(resolved, benchmark=None)
    for pv, parent_item in found:
        _check_offset(ctx, book, parent, item, parent_item)
        _check_item_ranges(ctx, book, parent, resolved, parent_item, pv)
        for row in item.rows:
            _check_row_refinement(ctx, book, parent, item, parent_item, row, specs)


def _check_offset(
    ctx: _Ctx, book: Rulebook, parent: Rulebook, item: PenaltyItem, parent_item: PenaltyItem
) -> None:
    """公益抵罚 down the hierarchy (R-LIST-4, R-CASE-10): a child item may allow it where the parent
    is silent, but not where the parent says ``allowed: false``, nor for a larger share than a
    parent that allows it."""
    mine, theirs = item.community_offset, parent_item.community_offset
    if mine is None or not mine.allowed or theirs is None:
        return
    if not theirs.allowed:
        msg = f"allows community_service_offset, which {parent.id} item {parent_item.code} forbids"
        ctx.error(book, rules.OFFSET_WIDER, msg, item.code)
    elif mine.max_share > theirs.max_share:
        msg = (
            f"community_service_offset max_share {mine.max_share} is above {parent.id} item "
            f"{parent_item.code}'s {theirs.max_share}"
        )
        ctx.error(book, rules.OFFSET_WIDER, msg, item.code)


def _check_inherited_statute(ctx: _Ctx, book: Rulebook, item: PenaltyItem) -> None:
    """A refining item without its own fine: its ranges must lie in the inherited statute."""
    fine = item.fine
    checks: list[tuple[str | None, int, Tier, Range, str]] = []
    bench = item.benchmark
    for tr in bench.tier_ranges if bench else ():
        checks.append((None, tr.bracket, tr.tier, tr.range, f"tier range {tr.tier}"))
    for level in bench.levels if bench else ():
        if level.range is not None:
            checks.append(
                (None, level.bracket, level.tier, level.range, f"level {level.circumstance}")
            )
    for row in item.rows:
        if row.range is not None and row.tier is not None:
            checks.append((row.id, 0, row.tier, row.range, f"row {row.id} range"))
    for row_id, bracket, tier, rng, name in checks:
        room = None
        if fine is not None and 0 <= bracket < len(fine.brackets):
            room = statute_room(fine, bracket, tier, Decimal(0))
        if room is None or not rng.within(room):
            msg = f"{name} {rng} lies outside the inherited statute's room for {tier}: {room}"
            ctx.error(book, rules.RANGE_OUTSIDE_STATUTE, msg, item.code, row_id)


def effective_tiers(book: Rulebook, item: PenaltyItem, bracket: int) -> TierRanges | None:
    """The tier ranges of a fine bracket: the book's split, the item's explicit tier ranges."""
    if item.fine is None or not 0 <= bracket < len(item.fine.brackets):
        return None
    b = item.fine.brackets[bracket]
    if b.range is None:
        return None
    floor = (
        item.mitigation_floor
        if item.mitigation_floor is not None
        else book.settings.mitigation_floor
    )
    return tier_ranges(
        b.range,
        book.settings.tier_split,
        item.benchmark,
        bracket=bracket,
        mitigation_floor=floor,
        unit=b.unit,
    )


def _check_item_ranges(
    ctx: _Ctx,
    book: Rulebook,
    parent: Rulebook,
    item: PenaltyItem,
    parent_item: PenaltyItem,
    parent_version: RulebookVersion,
) -> None:
    if item.fine is None or parent_item.fine is None:
        return
    where = f"{parent.id} {parent_version.version} item {parent_item.code}"
    if len(item.fine.brackets) != len(parent_item.fine.brackets):
        ctx.error(
            book,
            rules.RANGE_OUTSIDE_PARENT,
            f"fine brackets differ in number from {where}",
            item.code,
        )
        return
    for index, (mine, theirs) in enumerate(
        zip(item.fine.brackets, parent_item.fine.brackets, strict=True)
    ):
        if mine.range is not None and (theirs.range is None or not mine.range.within(theirs.range)):
            ctx.error(
                book,
                rules.RANGE_OUTSIDE_PARENT,
                f"fine bracket {index} {mine.range} is outside {where} bracket {theirs.range}",
                item.code,
            )
            continue
        _compare_tiers(ctx, book, parent, item, parent_item, index, where)


def _compare_tiers(
    ctx: _Ctx,
    book: Rulebook,
    parent: Rulebook,
    item: PenaltyItem,
    parent_item: PenaltyItem,
    bracket: int,
    where: str,
) -> None:
    mine = effective_tiers(book, item, bracket)
    theirs = effective_tiers(parent, parent_item, bracket)
    if mine is None or theirs is None:
        return
    for tier in (Tier.MITIGATED, Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER):
        a, b = mine.for_tier(tier), theirs.for_tier(tier)
        if a is not None and (b is None or not a.within(b)):
            ctx.error(
                book,
                rules.RANGE_OUTSIDE_PARENT,
                f"{tier} range {a} of bracket {bracket} is outside {where}'s {tier} range {b}",
                item.code,
            )
    for level in item.benchmark.levels if item.benchmark else ():
        room = theirs.for_tier(level.tier)
        if (
            level.range is not None
            and level.bracket == bracket
            and room is not None
            and not level.range.within(room)
        ):
            ctx.error(
                book,
                rules.RANGE_OUTSIDE_PARENT,
                f"level {level.circumstance} range {level.range} is outside {where}'s {level.tier} range {room}",
                item.code,
            )


def _check_row_refinement(
    ctx: _Ctx,
    book: Rulebook,
    parent: Rulebook,
    item: PenaltyItem,
    parent_item: PenaltyItem,
    row: ListRow,
    specs: Mapping[str, FactSpec],
) -> None:
    if row.refines is None:
        return
    prefix, _, row_id = row.refines.rpartition(":")
    target = parent_item.row(row_id) if prefix in {"", parent.id} else None
    if target is None:
        msg = f"refines {row.refines}, which {parent.id} item {parent_item.code} does not have"
        ctx.error(book, rules.UNKNOWN_REFINED, msg, item.code, row.id)
        return
    if (row.kind, row.part) != (target.kind, target.part):
        msg = f"is {row.kind}/{row.part} but refines a {target.kind}/{target.part} row"
        ctx.error(book, rules.KIND_CHANGED, msg, item.code, row.id)
    counter = implies(row.conditions, target.conditions, specs)
    if counter is not None:
        ctx.error(
            book,
            rules.CONDITION_WIDER,
            f"its condition holds where {parent.id}:{target.id} does not: {describe(counter)}",
            item.code,
            row.id,
        )
    _check_row_lookback(ctx, book, parent, item, parent_item, row, target)
    if target.range is not None and row.range is not None and not row.range.within(target.range):
        msg = f"range {row.range} is outside {parent.id}:{target.id} range {target.range}"
        ctx.error(book, rules.RANGE_OUTSIDE_PARENT, msg, item.code, row.id)


def _check_row_lookback(
    ctx: _Ctx,
    book: Rulebook,
    parent: Rulebook,
    item: PenaltyItem,
    parent_item: PenaltyItem,
    row: ListRow,
    target: ListRow,
) -> None:
    reads_first = "first_violation" in facts_of(target.conditions)
    mine = book.lookback_for(item, row)
    theirs = parent.lookback_for(parent_item, target)
    if not reads_first or theirs is None:
        return
    if mine is None or not mine.covers(theirs):
        msg = f"first-violation lookback {mine} is shorter than {parent.id}:{target.id}'s {theirs}"
        ctx.error(book, rules.LOOKBACK_SHORTER, msg, item.code, row.id)


# ---------------------------------------------------------------- overlaps, gaps, APL 33


def _analyse(
    ctx: _Ctx,
    book: Rulebook,
    version: RulebookVersion,
    item: PenaltyItem,
    specs: Mapping[str, FactSpec],
) -> None:
    rows = [r for r in item.rows if r.kind in PENALTY_KINDS]
    if rows:
        _analyse_rows(ctx, book, version, item, rows, specs)
    levels = item.benchmark.levels if item.benchmark else ()
    if levels and all(level.conditions is not None for level in levels):
        _analyse_levels(ctx, book, version, item, specs)


class _Collector:
    """Groups flagged combinations by (kind, rows, message): one finding each, first example kept."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, tuple[str, ...], str], list[object]] = {}

    def add(self, kind: str, rows: tuple[str, ...], message: str, example: str) -> None:
        key = (kind, rows, message)
        if key in self.seen:
            entry = self.seen[key]
            entry[1] = int(str(entry[1])) + 1
        else:
            self.seen[key] = [example, 1]

    def emit(self, ctx: _Ctx, book: Rulebook, version: RulebookVersion, item: PenaltyItem) -> None:
        for (kind, rows, message), (example, count) in self.seen.items():
            ctx.findings.append(
                Finding(
                    book.source or book.id,
                    book.id,
                    version.version,
                    item.code,
                    kind,
                    rows,
                    str(example),
                    int(str(count)),
                    message,
                )
            )


def _apl33_shall(facts: Mapping[str, object]) -> str | None:
    """Which sentence of APL 33 forbids a penalty on these facts, if the facts are all there."""
    if facts.get("no_fault_proven") is True:
        return f"{APL33_CITATION}第二款: no fault proven → shall not punish"
    needed = ("minor", "corrected_in_time", "harm")
    if all(k in facts for k in needed) and (
        facts["minor"] is True and facts["corrected_in_time"] is True and facts["harm"] == "none"
    ):
        return f"{APL33_CITATION}第一款: minor, corrected in time, no harm → shall not punish"
    return None


def _analyse_rows(
    ctx: _Ctx,
    book: Rulebook,
    version: RulebookVersion,
    item: PenaltyItem,
    rows: Sequence[ListRow],
    specs: Mapping[str, FactSpec],
) -> None:
    space = _space(ctx, book, item, [r.conditions for r in rows], specs)
    if space is None:
        return
    names, combos = space
    out = _Collector()
    for combo in combos:
        facts = assignment(names, combo)
        hits = [r for r in rows if evaluate(r.conditions, facts)]
        example = describe(combo)
        if len({r.kind for r in hits}) > 1:
            kinds = " and ".join(sorted({r.kind.value for r in hits}))
            out.add("overlap", tuple(r.id for r in hits), f"matches {kinds} rows at once", example)
        shall = _apl33_shall(facts)
        harsh = tuple(r.id for r in hits if r.kind in {ListKind.LIGHTER, ListKind.MITIGATED})
        if shall and harsh:
            out.add("apl33", harsh, f"a lighter/mitigated row applies but {shall}", example)
    out.emit(ctx, book, version, item)


def _analyse_levels(
    ctx: _Ctx,
    book: Rulebook,
    version: RulebookVersion,
    item: PenaltyItem,
    specs: Mapping[str, FactSpec],
) -> None:
    assert item.benchmark is not None
    levels = item.benchmark.levels
    conds = [lv.conditions for lv in levels if lv.conditions is not None]
    space = _space(ctx, book, item, conds, specs)
    if space is None:
        return
    names, combos = space
    out = _Collector()
    for combo in combos:
        facts = assignment(names, combo)
        hits = [lv for lv in levels if lv.conditions is not None and evaluate(lv.conditions, facts)]
        example = describe(combo)
        if not hits:
            out.add("gap", (), "no circumstance level of the benchmark applies", example)
        elif len({lv.tier for lv in hits}) > 1 and not book.settings.heavier_level_wins:
            tiers = " and ".join(sorted({lv.tier.value for lv in hits}))
            labels = tuple(f"level:{lv.circumstance.value}" for lv in hits)
            out.add("overlap", labels, f"benchmark levels give {tiers} at once", example)
    out.emit(ctx, book, version, item)


def in_force_at(books: Sequence[Rulebook], date: dt.date) -> list[tuple[Rulebook, RulebookVersion]]:
    """The version of each rulebook in force at ``date`` (books without one are left out)."""
    out = []
    for book in books:
        version = book.version_in_force(date)
        if version is not None:
            out.append((book, version))
    return out


def range_text(rng: Range | None) -> str:
    return "—" if rng is None else str(rng)


def condition_text(condition: Condition) -> str:
    return to_text(condition)
