"""A small, total expression language over facts, for the machine-checkable conditions of list rows,
fine brackets and benchmark levels (R-LIST-3, R-LIST-6).

A condition is one of five frozen nodes:

- ``All(items)``   — every item holds (``All(())`` is *true*; the constant ``TRUE``);
- ``AnyOf(items)`` — at least one item holds (``AnyOf(())`` is *false*);
- ``Not(item)``    — the item does not hold;
- ``Cmp(fact, op, value)`` — the fact compared with a literal: ``eq``/``ne`` on any value,
  ``lt``/``le``/``gt``/``ge`` on numbers only;
- ``In(fact, values)`` — the fact equals one of the literals.

Fact values are ``bool``, ``str`` (enumerations) or ``Decimal`` (numbers; ints and floats given to
:func:`evaluate` are converted through ``str`` so that ``0.1`` stays exactly ``0.1``). Evaluation is
total over well-typed facts: every node gives ``True`` or ``False``; a fact the condition reads but
the mapping lacks raises :class:`MissingFact` (naming it), and an ordering comparison of a non-number
raises :class:`FactTypeError`. Type checking against the fact vocabulary happens once, at load time
(``lawcore.rulebook.validation``), so a loaded condition never meets a wrong-typed literal.

Overlap and implication checks need the *finite* fact space a set of conditions depends on:
:func:`fact_space` gives, for each fact, one sample value per region that no condition can tell apart
(both booleans; every enumeration value; for numbers, each threshold and one point in each interval
between and around the thresholds). Evaluating conditions on every combination of these samples is
exhaustive, because a condition can only distinguish values on different sides of its thresholds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lawcore.rulebook.facts import FactSpec, FactType

Scalar = bool | str | Decimal
"""A literal in a condition or a fact value after normalisation."""


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"


ORDERING_OPS = frozenset({Op.LT, Op.LE, Op.GT, Op.GE})
OP_SYMBOL = {Op.EQ: "=", Op.NE: "≠", Op.LT: "<", Op.LE: "≤", Op.GT: ">", Op.GE: "≥"}


class MissingFact(KeyError):
    """A condition needs a fact the request does not give."""

    def __init__(self, fact: str) -> None:
        super().__init__(fact)
        self.fact = fact

    def __str__(self) -> str:
        return f"missing fact: {self.fact}"


class FactTypeError(TypeError):
    """A fact has a value of the wrong type for the comparison."""


@dataclass(frozen=True, slots=True)
class Cmp:
    fact: str
    op: Op
    value: Scalar


@dataclass(frozen=True, slots=True)
class In:
    fact: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition


Condition = Cmp | In | All | AnyOf | Not
TRUE: Condition = All(())
FALSE: Condition = AnyOf(())


def normalise(value: object) -> Scalar:
    """A fact value or literal as a :data:`Scalar` (int/float → exact ``Decimal``)."""
    if isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise FactTypeError(f"not a finite number: {value!r}")
        return Decimal(str(value))
    raise FactTypeError(f"not a fact value: {value!r}")


def _same_kind(a: Scalar, b: Scalar) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    return type(a) is type(b)


def _compare(op: Op, left: Scalar, right: Scalar) -> bool:
    if op in ORDERING_OPS:
        if not (isinstance(left, Decimal) and isinstance(right, Decimal)):
            raise FactTypeError(f"{OP_SYMBOL[op]} needs numbers, got {left!r} and {right!r}")
        if op is Op.LT:
            return left < right
        if op is Op.LE:
            return left <= right
        if op is Op.GT:
            return left > right
        return left >= right
    equal = _same_kind(left, right) and left == right
    return equal if op is Op.EQ else not equal


def evaluate(condition: Condition, facts: Mapping[str, object]) -> bool:
    """The truth of ``condition`` on ``facts`` (fact name → value)."""
    if isinstance(condition, Cmp):
        if condition.fact not in facts:
            raise MissingFact(condition.fact)
        return _compare(condition.op, normalise(facts[condition.fact]), condition.value)
    if isinstance(condition, In):
        if condition.fact not in facts:
            raise MissingFact(condition.fact)
        value = normalise(facts[condition.fact])
        return any(_same_kind(value, v) and value == v for v in condition.values)
    if isinstance(condition, All):
        return all(evaluate(c, facts) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, facts) for c in condition.items)
    return not evaluate(condition.item, facts)


def facts_of(condition: Condition) -> frozenset[str]:
    """Every fact name the condition reads (in any branch)."""
    if isinstance(condition, Cmp | In):
        return frozenset({condition.fact})
    if isinstance(condition, All | AnyOf):
        return frozenset().union(*(facts_of(c) for c in condition.items))
    return facts_of(condition.item)


def literals_of(condition: Condition) -> Iterator[tuple[str, Op | None, Scalar]]:
    """Every (fact, op, literal) in the condition; ``op`` is None for membership."""
    if isinstance(condition, Cmp):
        yield condition.fact, condition.op, condition.value
    elif isinstance(condition, In):
        for value in condition.values:
            yield condition.fact, None, value
    elif isinstance(condition, All | AnyOf):
        for item in condition.items:
            yield from literals_of(item)
    else:
        yield from literals_of(condition.item)


def all_of(*conditions: Condition) -> Condition:
    """Conjunction, flattening nested ``All`` and dropping ``TRUE``."""
    items: list[Condition] = []
    for c in conditions:
        if isinstance(c, All):
            items.extend(c.items)
        else:
            items.append(c)
    return items[0] if len(items) == 1 else All(tuple(items))


# ---------------------------------------------------------------- text form (docs, reports, diff)


def _literal_text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_text(condition: Condition) -> str:
    """A compact, unambiguous text form, e.g. ``first_violation = true ∧ goods_value_yuan ≤ 500``."""
    if isinstance(condition, Cmp):
        return f"{condition.fact} {OP_SYMBOL[condition.op]} {_literal_text(condition.value)}"
    if isinstance(condition, In):
        return f"{condition.fact} ∈ {{{', '.join(_literal_text(v) for v in condition.values)}}}"
    if isinstance(condition, All):
        if not condition.items:
            return "true"
        return " ∧ ".join(_wrap(c) for c in condition.items)
    if isinstance(condition, AnyOf):
        if not condition.items:
            return "false"
        return " ∨ ".join(_wrap(c) for c in condition.items)
    return f"¬{_wrap(condition.item)}"


def _wrap(condition: Condition) -> str:
    text = to_text(condition)
    return f"({text})" if isinstance(condition, All | AnyOf) and len(condition.items) > 1 else text


def to_json(condition: Condition) -> object:
    """The YAML/JSON form the loader reads (see docs/rulebook-format.md, "Conditions")."""
    if isinstance(condition, Cmp):
        value = condition.value
        literal: object = str(value) if isinstance(value, Decimal) else value
        return {"fact": condition.fact, condition.op.value: literal}
    if isinstance(condition, In):
        return {
            "fact": condition.fact,
            "in": [str(v) if isinstance(v, Decimal) else v for v in condition.values],
        }
    if isinstance(condition, All):
        return {"all": [to_json(c) for c in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [to_json(c) for c in condition.items]}
    return {"not": to_json(condition.item)}


# ---------------------------------------------------------------- the finite fact space


@dataclass(frozen=True, slots=True)
class Sample:
    """One representative value of a fact and the region it stands for (for reports)."""

    value: Scalar
    label: str


def _numeric_samples(spec: FactSpec, thresholds: Sequence[Decimal]) -> list[Sample]:
    ts = sorted(set(thresholds))
    integer = spec.type is FactType.INTEGER
    candidates: set[Decimal] = set(ts)
    if ts:
        candidates.add(ts[0] - 1)
        candidates.add(ts[-1] + 1)
        for low, high in itertools.pairwise(ts):
            candidates.add((low + high) / 2)
        if integer:
            for t in ts:
                floor, ceil = Decimal(math.floor(t)), Decimal(math.ceil(t))
                candidates.update({floor - 1, floor, ceil, ceil + 1})
    else:
        candidates.add(spec.minimum if spec.minimum is not None else Decimal(0))
    chosen: dict[str, Sample] = {}
    for value in sorted(candidates):
        if integer and value != value.to_integral_value():
            continue
        if spec.minimum is not None and value < spec.minimum:
            continue
        label = _region_label(spec.name, value, ts)
        chosen.setdefault(label, Sample(value, label))
    return list(chosen.values())


def _region_label(fact: str, value: Decimal, thresholds: Sequence[Decimal]) -> str:
    if value in thresholds:
        return f"{fact} = {value}"
    below = [t for t in thresholds if t < value]
    above = [t for t in thresholds if t > value]
    if below and above:
        return f"{below[-1]} < {fact} < {above[0]}"
    if below:
        return f"{fact} > {below[-1]}"
    if above:
        return f"{fact} < {above[0]}"
    return f"{fact} = {value}"


def samples_for(spec: FactSpec, conditions: Iterable[Condition]) -> list[Sample]:
    """The representative values of one fact over the thresholds that ``conditions`` use."""
    if spec.type is FactType.BOOL:
        return [Sample(False, f"{spec.name} = false"), Sample(True, f"{spec.name} = true")]
    if spec.type is FactType.ENUM:
        return [Sample(v, f"{spec.name} = {v}") for v in spec.values]
    thresholds = [
        value
        for condition in conditions
        for fact, _op, value in literals_of(condition)
        if fact == spec.name and isinstance(value, Decimal)
    ]
    return _numeric_samples(spec, thresholds)


class FactSpaceTooLarge(ValueError):
    """The product of the samples exceeds the limit given to :func:`fact_space`."""


def fact_space(
    conditions: Sequence[Condition],
    specs: Mapping[str, FactSpec],
    *,
    extra_facts: Iterable[str] = (),
    limit: int = 200_000,
) -> tuple[tuple[str, ...], list[tuple[Sample, ...]]]:
    """The facts the conditions read (plus ``extra_facts``) and every combination of their samples.

    Raises ``KeyError`` for a fact without a spec (validation reports those first) and
    :class:`FactSpaceTooLarge` when the combinations exceed ``limit``.
    """
    names = sorted(frozenset().union(*(facts_of(c) for c in conditions)) | set(extra_facts))
    per_fact = [samples_for(specs[name], conditions) for name in names]
    size = math.prod(len(s) for s in per_fact)
    if size > limit:
        raise FactSpaceTooLarge(f"{size} fact combinations over {', '.join(names)} (limit {limit})")
    return tuple(names), list(itertools.product(*per_fact))


def assignment(names: Sequence[str], combo: Sequence[Sample]) -> dict[str, Scalar]:
    return {name: sample.value for name, sample in zip(names, combo, strict=True)}


def describe(combo: Sequence[Sample]) -> str:
    return ", ".join(sample.label for sample in combo)


def implies(
    antecedent: Condition, consequent: Condition, specs: Mapping[str, FactSpec]
) -> tuple[Sample, ...] | None:
    """None when ``antecedent`` implies ``consequent`` on the whole fact space; otherwise a
    counterexample combination (antecedent true, consequent false)."""
    names, combos = fact_space([antecedent, consequent], specs)
    for combo in combos:
        facts = assignment(names, combo)
        if evaluate(antecedent, facts) and not evaluate(consequent, facts):
            return combo
    return None
