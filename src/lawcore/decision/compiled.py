"""A generated Python function for the per-request work of ``decide`` (issue #3, Performance):
:func:`compile_scan` checks a request's facts against the item's vocabulary and evaluates every
condition of an item (under each value the engine may give the facts it changes itself) for the
situation key, in one pass over the facts.

Why generated code: the engine checks 20–45 facts and evaluates 10–50 conditions per request.
As closures (:func:`lawcore.decision.index.compile_condition`) or a loop over a table, each fact
and each node of a condition costs a Python call or several bytecodes of dispatch; a function
written out once per item does the same work as straight-line code (one ``dict.get`` per fact,
one comparison per leaf, ``min``/``max`` for ``All``/``AnyOf``), several times faster.

What the generated source is built from: only the *structure* of validated rulebook data — the
kinds of the condition nodes and the types of the facts' specifications — as local-variable
indices, integer constants and operators. Fact names, enumeration values and number thresholds
are never written into the source: they are passed to ``exec`` as constants in tuples (``N``,
``K``) and referred to by index. Nothing from a request ever reaches the source: requests are
only the argument of the compiled function. The rulebooks themselves have been through the
strict loader (:mod:`lawcore.rulebook.validation`) before the engine sees them.

Three-valued truth is written as an integer: 0 false, 1 unknown (a fact the condition needs is
missing and the rest cannot decide), 2 true, so that ``All`` is ``min``, ``AnyOf`` is ``max`` and
``Not`` is ``2 - x`` — exactly the semantics of ``engine._tv`` and of the compiled closures.
Leaves whose fact the engine sets itself for the situation key (``first_violation`` … under each
value, or absent) are folded to constants when the source is generated, by the very closure the
engine would call on a mapping holding only that value. A leaf the generator does not handle
itself (a fact without a specification, a literal of another kind) calls that closure.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Final

from lawcore.rulebook.conditions import All, AnyOf, Cmp, Condition, In, Not, Op, Scalar
from lawcore.rulebook.facts import FactSpec, FactType

Truth = Callable[[Mapping[str, object]], bool | None]

ABSENT: Final = object()
"""A special fact's value "not given" in a combination (and ``dict.get``'s default)."""
_TO_INT: Final[Mapping[bool | None, int]] = {True: 2, None: 1, False: 0}
_OPS: Final[Mapping[Op, str]] = {
    Op.EQ: "==",
    Op.NE: "!=",
    Op.LT: "<",
    Op.LE: "<=",
    Op.GT: ">",
    Op.GE: ">=",
}
_SET_BY_ENGINE: Final = frozenset({"party_kind", "age"})
"""Facts the engine writes itself: their leaves go through the closures."""


class _Builder:
    """Source of one function: fact locals, constants and fallback closures, all by index."""

    def __init__(
        self,
        specs: Mapping[str, FactSpec],
        truth: Callable[[Condition], Truth],
        read: Mapping[str, str] | None = None,
    ):
        self.specs = specs
        self.truth = truth
        self.read = read or {}
        """Fact name → the local that already holds its value (:func:`compile_scan`)."""
        self.names: list[str] = []
        self.consts: list[object] = []
        self.fallbacks: list[Truth] = []

    def var(self, name: str) -> str:
        if name in self.read:
            return self.read[name]
        if name not in self.names:
            self.names.append(name)
        return f"v{self.names.index(name)}"

    def const(self, value: object) -> str:
        self.consts.append(value)
        return f"k{len(self.consts) - 1}"

    def fallback(self, condition: Condition) -> str:
        self.fallbacks.append(self.truth(condition))
        return f"M[F[{len(self.fallbacks) - 1}](f)]"

    def leaf(self, condition: Cmp | In, env: Mapping[str, object]) -> int | str:
        name = condition.fact
        if name in env:  # a value the engine gives this fact: fold it now, by the same closure
            value = env[name]
            return _TO_INT[self.truth(condition)({} if value is ABSENT else {name: value})]
        spec = self.specs.get(name)
        v = self.var(name)
        test: str | None = None
        if isinstance(condition, Cmp):
            lit = condition.value
            if condition.op is Op.EQ and lit.__class__ is bool:
                test = f"{v} is {lit!r}"  # the closures' own test for a yes/no literal
            elif spec is not None and name not in _SET_BY_ENGINE:
                kind = spec.type
                same_kind = (
                    (kind is FactType.BOOL and lit.__class__ is bool)
                    or (kind is FactType.ENUM and lit.__class__ is str)
                    or (kind in (FactType.NUMBER, FactType.INTEGER) and lit.__class__ is Decimal)
                )
                if same_kind and (condition.op in (Op.EQ, Op.NE) or lit.__class__ is Decimal):
                    test = f"{v} {_OPS[condition.op]} {self.const(lit)}"
        elif condition.values and all(x.__class__ is str for x in condition.values):
            # a text that is one of the literals; no other kind of value equals a text
            test = f"{v} in {self.const(frozenset(condition.values))}"
        if test is None:
            return self.fallback(condition)
        return f"(1 if {v} is A else 2 if {test} else 0)"

    def expr(self, condition: Condition, env: Mapping[str, object]) -> int | str:
        if isinstance(condition, Cmp | In):
            return self.leaf(condition, env)
        if isinstance(condition, Not):
            inner = self.expr(condition.item, env)
            return 2 - inner if isinstance(inner, int) else f"(2 - {inner})"
        parts = [self.expr(c, env) for c in condition.items]
        consts = {p for p in parts if isinstance(p, int)}
        exprs = [p for p in parts if isinstance(p, str)]
        if isinstance(condition, All):
            absorbing, neutral, join = 0, 2, "min"
        else:
            assert isinstance(condition, AnyOf)
            absorbing, neutral, join = 2, 0, "max"
        if absorbing in consts:
            return absorbing
        if 1 in consts:
            exprs.append("1")
        if not exprs:
            return neutral
        return exprs[0] if len(exprs) == 1 else f"{join}({', '.join(exprs)})"


def _bound(names: int, consts: int) -> str:
    """Keyword parameters binding the ``N`` and ``K`` tuples' entries (and ``A``, ``D``, ``M``,
    ``F``) as defaults: a function reads its parameters as local variables, without the global
    and index lookups of ``N[i]`` (the source still holds only indices, never the values)."""
    return ", ".join(
        ["A=A", "D=D", "M=M", "F=F", *_params("n", "N", names), *_params("k", "K", consts)]
    )


def _params(local: str, table: str, count: int) -> list[str]:
    """``{local}{i}={table}[{i}]`` for each entry of ``table`` (see :func:`_bound`)."""
    return [f"{local}{i}={table}[{i}]" for i in range(count)]


def _check_section(specs: Mapping[str, FactSpec]) -> tuple[list[str], list[object]]:
    """The lines of the fact check, each fact read once into the local ``c{i}`` (parameters
    ``cn{i}``: the names; ``ck{i}``: the constants), returning None on a fact the engine would
    not take unchanged; and the constants.

    What "unchanged" means (``engine._facts``' tests): a yes/no fact a ``bool``; an enumeration
    one of its values (a ``str``); a number a finite ``Decimal`` not below its minimum, whole
    for an integer. Finite is tested by comparing with the infinities (``INF``, ``NINF``): an
    infinity fails the comparison and a NaN raises, either way refused. The yes/no facts are
    tested together: the set of their values' classes must hold only ``bool`` and the class of
    ``A`` (not given). An enumeration's test is one membership in
    its values plus ``A`` (only a ``str`` equals a ``str``; an unhashable value raises
    ``TypeError``, which refuses, as does any exception: the engine's own check then names the
    error)."""
    consts: list[object] = []
    bools: list[str] = []
    lines = [f"c{i} = g(cn{i}, A)" for i in range(len(specs))]
    tests: list[str] = []
    for i, spec in enumerate(specs.values()):
        if spec.type is FactType.BOOL:
            bools.append(f"c{i}.__class__")
            continue
        if spec.type is FactType.ENUM:
            consts.append(frozenset((*spec.values, ABSENT)))
            tests.append(f"if c{i} not in ck{len(consts) - 1}:\n    return None")
            continue
        bad = f"c{i}.__class__ is not D"
        if spec.minimum is not None:
            consts.append(spec.minimum)
            bad += f" or not ck{len(consts) - 1} <= c{i} < INF"
        else:
            bad += f" or not NINF < c{i} < INF"
        if spec.type is FactType.INTEGER:
            bad += f" or c{i} != c{i}.to_integral_value()"
        tests.append(f"if c{i} is not A and ({bad}):\n    return None")
    if bools:
        consts.append(frozenset({bool, ABSENT.__class__}))
        tests.insert(0, f"if not {{{', '.join(bools)}}} <= ck{len(consts) - 1}:\n    return None")
    return lines + tests, consts


def _indent(lines: Sequence[str], depth: int) -> str:
    pad = "    " * depth
    return "".join(pad + line.replace("\n", "\n" + pad) + "\n" for line in lines)


Scan = Callable[
    [dict[str, Scalar], str, dt.date | None, dt.date],
    tuple[tuple[int, ...] | None, tuple[Scalar | None, ...]] | None,
]
"""``scan(facts, party_kind, birth_date, violation_date)``: see :func:`compile_scan`."""


def compile_scan(
    plain: Sequence[Condition],
    special: Sequence[tuple[tuple[str, ...], Sequence[Condition]]],
    specs: Mapping[str, FactSpec],
    truth: Callable[[Condition], Truth],
    direct: Sequence[str],
    set_by_engine: tuple[str, str, Callable[[dt.date, dt.date], Decimal]],
) -> Scan:
    """One function doing, in one pass over a request's facts (a plain ``dict``, the copy the
    engine keeps), the fact check (:func:`_check_section`), the grid and the ``direct`` facts:
    each fact of ``specs`` is read once into a local, tested, and the grid's leaves and the
    ``direct`` values use that local (issue #3, Performance: the check, the grid and the direct
    facts read the same 20–45 facts three times otherwise).

    Returns None when the check fails (nothing written: the engine's own check then names the
    error). Otherwise it writes the facts the engine sets itself into ``facts`` — the party kind,
    and the age from the birth date (``set_by_engine``: the two names and the age's function,
    called outside any ``try`` so that its error reaches the caller as from the engine) —
    and returns the grid (None when a leaf raised: decide without the memo) and the ``direct``
    values (None for a fact not given, as ``dict.get``). The facts the engine sets are read for
    the grid only after they are written, never from the check's locals.

    The grid, as 0 / 1 / 2: each ``plain`` condition's truth, then for each group of
    ``special`` (facts the engine sets, the conditions mentioning them) each condition's truth
    with those facts set to every combination of true, false and absent."""
    party_name, age_name, age_of = set_by_engine
    check_lines, check_consts = _check_section(specs)
    locals_ = {name: f"c{i}" for i, name in enumerate(specs) if name not in (party_name, age_name)}
    b = _Builder(specs, truth, locals_)
    items: list[int | str] = [b.expr(c, {}) for c in plain]
    for mentioned, conditions in special:
        for combo in itertools.product((True, False, ABSENT), repeat=len(mentioned)):
            env = dict(zip(mentioned, combo, strict=True))
            items.extend(b.expr(c, env) for c in conditions)
    direct_items = []
    for name in direct:
        if name in locals_:
            direct_items.append(f"(None if {locals_[name]} is A else {locals_[name]})")
        else:
            direct_items.append(f"g({b.const(name)})")
    listed = ", ".join(str(x) for x in items)
    source = (
        f"def scan(f, P, B, V, KNOWN=KNOWN, PN=PN, AN=AN, AGE=AGE, INF=INF, NINF=NINF, "
        f"{_bound(len(b.names), len(b.consts))}, "
        f"{', '.join([*_params('cn', 'CN', len(specs)), *_params('ck', 'CK', len(check_consts))])}):\n"
        "    if not f.keys() <= KNOWN:\n"
        "        return None\n"
        "    g = f.get\n"
        "    try:\n" + _indent(check_lines or ["pass"], 2) + "    except Exception:\n"
        "        return None\n"
        "    f[PN] = P\n"
        "    if B is not None:\n"
        "        f[AN] = AGE(B, V)\n"
        f"    direct = ({', '.join(direct_items)}{',' if len(direct_items) == 1 else ''})\n"
        "    try:\n"
        + "".join(f"        v{i} = g(n{i}, A)\n" for i in range(len(b.names)))
        + f"        return ({listed}{',' if len(items) == 1 else ''}), direct\n"
        "    except Exception:\n"
        "        return None, direct\n"
    )
    namespace: dict[str, object] = {
        "A": ABSENT,
        "D": Decimal,
        "N": tuple(b.names),
        "K": tuple(b.consts),
        "F": tuple(b.fallbacks),
        "M": _TO_INT,
        "CN": tuple(specs),
        "CK": tuple(check_consts),
        "KNOWN": frozenset(specs),
        "INF": Decimal("Infinity"),
        "NINF": Decimal("-Infinity"),
        "PN": party_name,
        "AN": age_name,
        "AGE": age_of,
    }
    return _define("scan", source, namespace)  # type: ignore[return-value]


def _define(name: str, source: str, namespace: dict[str, object]) -> Callable[..., object]:
    """The function ``name`` that ``source`` defines, its defaults taken from ``namespace``."""
    exec(compile(source, f"<lawcore.decision.compiled {name}>", "exec"), namespace)  # noqa: S102
    fn = namespace[name]
    assert callable(fn)
    return fn


__all__ = ["ABSENT", "Scan", "compile_scan"]
