"""The strict rulebook loader: YAML text → :class:`~lawcore.rulebook.model.Rulebook`.

Pure: it parses text already read (``load_text(text, source_name)``); walking directories is the
caller's job (``prudent.rulebooks.files``). Strict: an unknown key, a missing key, a value of the
wrong type, a bad date, overlapping versions, a range outside the statute, an excluded item on a list
(R-LIST-5) — each is a :class:`~lawcore.rulebook.errors.RulebookError` naming the file, the item, the
row and the rule, and every error in the file is reported, not just the first. Checks that need other
rulebooks (the parent's ranges and conditions, R-LIST-4; facts declared by a parent) are in
:mod:`lawcore.rulebook.validation`.

The format is documented in docs/rulebook-format.md and docs/rulebook-format.schema.json.
Implementation notes: YAML timestamps are not resolved (dates are parsed here, with a clear error),
YAML floats become exact ``Decimal``, and duplicate keys are a YAML error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

import yaml

from lawcore.rulebook import errors as rules
from lawcore.rulebook.canonical import digest
from lawcore.rulebook.conditions import (
    TRUE,
    All,
    AnyOf,
    Cmp,
    Condition,
    In,
    Not,
    Op,
    Scalar,
)
from lawcore.rulebook.errors import RulebookError, RulebookErrors
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.model import (
    EXCLUSION_TAGS,
    KNOWN_TAGS,
    Benchmark,
    Circumstance,
    CircumstanceLevel,
    CommunityOffset,
    FineBracket,
    FineSpec,
    FineUnit,
    Level,
    ListKind,
    ListPreamble,
    ListRow,
    Lookback,
    NoPenaltyPart,
    PenaltyItem,
    PenaltyKind,
    Provision,
    Range,
    Reference,
    Rulebook,
    RulebookVersion,
    Settings,
    SplitMethod,
    Status,
    StatutoryPenalty,
    Tier,
    TierRange,
    TierSplit,
    WeightFactor,
    WeightOption,
    WeightTable,
    row_condition,
)
from lawcore.rulebook.tiers import split

T = TypeVar("T")
EnumT = TypeVar("EnumT", bound=StrEnum)

# ---------------------------------------------------------------- YAML without surprises


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, reads floats as Decimal and rejects duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"bad number {text!r}", node.start_mark
        ) from exc
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, "numbers must be finite", node.start_mark
        )
    return value


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def parse_yaml(text: str) -> object:
    """The YAML document as plain Python (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


# ---------------------------------------------------------------- the reader


_MISSING = object()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_DIVISION = re.compile(r"^\d{6}$")


class _Reader:
    """Collects errors while turning plain data into model objects; knows the current place."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[RulebookError] = []
        self.path: list[str] = []
        self.item: str | None = None
        self.row: str | None = None

    # -- places and errors

    @contextmanager
    def at(self, key: str) -> Iterator[None]:
        self.path.append(key)
        try:
            yield
        finally:
            self.path.pop()

    @contextmanager
    def in_item(self, code: str | None, row: str | None = None) -> Iterator[None]:
        saved = self.item, self.row
        self.item, self.row = code, row
        try:
            yield
        finally:
            self.item, self.row = saved

    def where(self) -> str:
        return ".".join(self.path)

    def error(self, rule: str, message: str) -> None:
        self.errors.append(
            RulebookError(self.source, rule, message, self.item, self.row, self.where())
        )

    # -- shapes

    def mapping(
        self, node: object, allowed: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(node, dict):
            self.error(rules.BAD_TYPE, f"{self.where() or 'document'}: expected a mapping")
            return None
        for key in node:
            if key not in allowed:
                self.error(
                    rules.UNKNOWN_KEY, f"unknown key {key!r} in {self.where() or 'document'}"
                )
        for key in required:
            if key not in node or node[key] is None:
                self.error(
                    rules.MISSING_KEY, f"missing key {key!r} in {self.where() or 'document'}"
                )
        return {str(k): v for k, v in node.items()}

    def seq(self, node: object, name: str) -> list[Any]:
        if node is None:
            return []
        if not isinstance(node, list):
            self.error(rules.BAD_TYPE, f"{name} must be a list")
            return []
        return node

    def text(self, data: Mapping[str, Any], key: str, default: str = "") -> str:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.error(rules.BAD_TYPE, f"{key} must be text")
            return default
        return str(value)

    def texts(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        items = self.seq(value, key)
        if not all(isinstance(x, str) for x in items):
            self.error(rules.BAD_TYPE, f"{key} must be a list of text")
            return ()
        return tuple(items)

    def flag(self, data: Mapping[str, Any], key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(rules.BAD_TYPE, f"{key} must be true or false")
            return default
        return value

    def integer(self, data: Mapping[str, Any], key: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(rules.BAD_TYPE, f"{key} must be a whole number")
            return None
        return value

    def number(self, data: Mapping[str, Any], key: str) -> Decimal | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.error(rules.BAD_TYPE, f"{key} must be a number, got {value!r}")
            return None
        return Decimal(value)

    def enum(self, data: Mapping[str, Any], key: str, kind: type[EnumT]) -> EnumT | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            self.error(rules.BAD_VALUE, f"{key} must be one of {allowed}, got {value!r}")
            return None

    def date(self, data: Mapping[str, Any], key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        text = str(value)
        if not _DATE.match(text):
            self.error(rules.BAD_DATE, f"{key} must be a date YYYY-MM-DD, got {text!r}")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(rules.BAD_DATE, f"{key} is not a real date: {text!r}")
            return None

    def identifier(self, data: Mapping[str, Any], key: str) -> str:
        value = self.text(data, key)
        if value and not _ID.match(value):
            self.error(
                rules.BAD_VALUE, f"{key} {value!r} may use only letters, digits, '-', '_' and '.'"
            )
        return value


# ---------------------------------------------------------------- conditions

_COND_KEYS = ("all", "any", "not", "fact")
_OPS = (*(op.value for op in Op), "in")


def _literal(r: _Reader, value: object) -> Scalar | None:
    if isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    r.error(
        rules.BAD_TYPE, f"a condition literal must be true/false, text or a number, got {value!r}"
    )
    return None


def read_condition(r: _Reader, node: object) -> Condition:
    """A condition node (see docs/rulebook-format.md, "Conditions")."""
    if isinstance(node, list):
        return All(tuple(read_condition(r, x) for x in node))
    if not isinstance(node, dict) or not node:
        r.error(rules.BAD_TYPE, f"a condition must be a non-empty mapping or a list, got {node!r}")
        return TRUE
    if "fact" in node:
        return _read_comparison(r, node)
    reserved = [k for k in node if k in _COND_KEYS]
    if reserved:
        if len(node) != 1:
            r.error(rules.BAD_VALUE, f"{reserved[0]!r} must be the only key of its condition")
            return TRUE
        key, value = next(iter(node.items()))
        if key == "not":
            return Not(read_condition(r, value))
        items = tuple(read_condition(r, x) for x in r.seq(value, key))
        return All(items) if key == "all" else AnyOf(items)
    return _read_shorthand(r, node)


def _read_comparison(r: _Reader, node: dict[Any, Any]) -> Condition:
    fact = node["fact"]
    ops = [k for k in node if k != "fact"]
    if not isinstance(fact, str) or len(ops) != 1 or ops[0] not in _OPS:
        r.error(
            rules.BAD_VALUE, f"a comparison needs 'fact' and one of {', '.join(_OPS)}: {node!r}"
        )
        return TRUE
    op = ops[0]
    if op == "in":
        values = [_literal(r, v) for v in r.seq(node[op], "in")]
        return In(fact, tuple(v for v in values if v is not None))
    literal = _literal(r, node[op])
    return TRUE if literal is None else Cmp(fact, Op(op), literal)


def _read_shorthand(r: _Reader, node: dict[Any, Any]) -> Condition:
    """``{first_violation: true, harm: [none, slight]}`` = equalities / memberships, all holding."""
    items: list[Condition] = []
    for fact, value in node.items():
        if isinstance(value, list):
            literals = [_literal(r, v) for v in value]
            items.append(In(str(fact), tuple(v for v in literals if v is not None)))
        else:
            literal = _literal(r, value)
            if literal is not None:
                items.append(Cmp(str(fact), Op.EQ, literal))
    return items[0] if len(items) == 1 else All(tuple(items))


def _optional_condition(r: _Reader, data: Mapping[str, Any], key: str) -> Condition | None:
    if data.get(key) is None:
        return None
    with r.at(key):
        return read_condition(r, data[key])


# ---------------------------------------------------------------- small values


def _range(r: _Reader, node: object, name: str) -> Range | None:
    with r.at(name):
        data = r.mapping(node, ("min", "max", "min_open", "max_open"), ("max",))
        if data is None:
            return None
        low = r.number(data, "min") or Decimal(0)
        high = r.number(data, "max")
        if high is None:
            return None
        out = Range(low, high, r.flag(data, "min_open"), r.flag(data, "max_open"))
        if low < 0 or out.is_empty():
            r.error(rules.BAD_RANGE, f"{name} {out} is empty or negative")
            return None
        return out


def _provision(r: _Reader, node: object, name: str) -> Provision | None:
    with r.at(name):
        data = r.mapping(node, ("law", "article", "paragraph", "item", "text"), ("law",))
        if data is None:
            return None
        article = r.integer(data, "article")
        law = r.text(data, "law")
        if not law:
            return None
        return Provision(
            law,
            article,
            r.integer(data, "paragraph"),
            r.integer(data, "item"),
            r.text(data, "text"),
        )


def _references(r: _Reader, node: object) -> tuple[Reference, ...]:
    out: list[Reference] = []
    for i, entry in enumerate(r.seq(node, "references")):
        with r.at(f"references[{i}]"):
            data = r.mapping(entry, ("title", "url", "note"), ("title",))
            if data is not None:
                out.append(
                    Reference(r.text(data, "title"), r.text(data, "url"), r.text(data, "note"))
                )
    return tuple(out)


def _lookback(r: _Reader, data: Mapping[str, Any], key: str) -> Lookback | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return Lookback.parse(str(value))
    except ValueError as exc:
        r.error(rules.BAD_VALUE, f"{key}: {exc}")
        return None


def _facts(r: _Reader, node: object) -> tuple[FactSpec, ...]:
    out: list[FactSpec] = []
    for i, entry in enumerate(r.seq(node, "facts")):
        with r.at(f"facts[{i}]"):
            data = r.mapping(
                entry,
                ("name", "type", "zh", "en", "values", "minimum", "unit"),
                ("name", "type", "zh", "en"),
            )
            kind = r.enum(data or {}, "type", FactType)
            if data is None or kind is None:
                continue
            values = r.texts(data, "values")
            if (kind is FactType.ENUM) != bool(values):
                r.error(
                    rules.BAD_VALUE, "an enum fact needs 'values'; other facts must not have them"
                )
            minimum = r.number(data, "minimum")
            if minimum is None and kind in {FactType.NUMBER, FactType.INTEGER}:
                minimum = Decimal(0)
            out.append(
                FactSpec(
                    r.identifier(data, "name"),
                    kind,
                    r.text(data, "zh"),
                    r.text(data, "en"),
                    values,
                    minimum,
                    r.text(data, "unit"),
                )
            )
    return tuple(out)


# ---------------------------------------------------------------- settings


def _settings(r: _Reader, node: object) -> Settings:
    if node is None:
        return Settings()
    with r.at("settings"):
        data = r.mapping(
            node,
            (
                "tier_split",
                "mitigation_floor",
                "first_violation_lookback",
                "lookback_note",
                "heavier_level_wins",
            ),
        )
        if data is None:
            return Settings()
        floor = r.number(data, "mitigation_floor") or Decimal(0)
        if not Decimal(0) <= floor <= 1:
            r.error(
                rules.BAD_VALUE, "mitigation_floor is a fraction of the statutory minimum, 0 … 1"
            )
        return Settings(
            tier_split=_tier_split(r, data.get("tier_split")),
            mitigation_floor=floor,
            first_violation_lookback=_lookback(r, data, "first_violation_lookback"),
            lookback_note=r.text(data, "lookback_note"),
            heavier_level_wins=r.flag(data, "heavier_level_wins"),
        )


def _tier_split(r: _Reader, node: object) -> TierSplit:
    if node is None:
        return TierSplit()
    with r.at("tier_split"):
        data = r.mapping(node, ("method", "lighter", "heavier"), ("method",))
        if data is None:
            return TierSplit()
        method = r.enum(data, "method", SplitMethod) or SplitMethod.PERCENT
        lighter = r.number(data, "lighter")
        heavier = r.number(data, "heavier")
        default = TierSplit()
        out = TierSplit(method, lighter or default.lighter, heavier or default.heavier)
        if not (out.lighter > 0 and out.heavier > 0 and out.lighter + out.heavier <= 1):
            r.error(
                rules.BAD_VALUE, "tier_split: lighter and heavier are shares > 0 that sum to ≤ 1"
            )
        return out


# ---------------------------------------------------------------- items


_ITEM_KEYS = (
    "code",
    "name",
    "field",
    "category",
    "tags",
    "violated",
    "penalty_provision",
    "penalties",
    "fine",
    "mitigation_floor",
    "benchmark",
    "rows",
    "facts",
    "lookback",
    "refines",
    "remarks",
    "unverified",
    "source_note",
    "community_service_offset",
)

_OFFSET_KEYS = ("allowed", "basis", "max_share", "yuan_per_hour", "note")


def _community_offset(r: _Reader, node: object) -> CommunityOffset | None:
    """公益抵罚 of an item: ``{allowed, basis, max_share, yuan_per_hour?, note?}``; when allowed,
    the basis and a share 0 < max_share ≤ 1 are required (R-CASE-10)."""
    if node is None:
        return None
    with r.at("community_service_offset"):
        data = r.mapping(node, _OFFSET_KEYS, ("allowed",))
        if data is None:
            return None
        allowed = r.flag(data, "allowed")
        basis = r.text(data, "basis")
        share = r.number(data, "max_share")
        per_hour = r.number(data, "yuan_per_hour")
        if allowed:
            if not basis.strip():
                r.error(rules.MISSING_KEY, "an allowed community_service_offset needs its basis")
            if share is None:
                r.error(rules.MISSING_KEY, "an allowed community_service_offset needs max_share")
        if share is not None and not Decimal(0) < share <= Decimal(1):
            r.error(rules.BAD_VALUE, f"max_share must be above 0 and at most 1, got {share}")
        if per_hour is not None and per_hour <= 0:
            r.error(rules.BAD_VALUE, f"yuan_per_hour must be above 0, got {per_hour}")
        return CommunityOffset(
            allowed=allowed,
            basis=basis,
            max_share=share or Decimal(0),
            yuan_per_hour=per_hour,
            note=r.text(data, "note"),
        )


def _penalties(r: _Reader, node: object) -> tuple[StatutoryPenalty, ...]:
    out: list[StatutoryPenalty] = []
    for i, entry in enumerate(r.seq(node, "penalties")):
        with r.at(f"penalties[{i}]"):
            if isinstance(entry, str):
                entry = {"kind": entry}
            data = r.mapping(entry, ("kind", "mandatory", "when", "note"), ("kind",))
            kind = r.enum(data or {}, "kind", PenaltyKind)
            if data is None or kind is None:
                continue
            out.append(
                StatutoryPenalty(
                    kind,
                    r.flag(data, "mandatory", True),
                    _optional_condition(r, data, "when") or TRUE,
                    r.text(data, "note"),
                )
            )
    return tuple(out)


def _fine(r: _Reader, node: object) -> FineSpec | None:
    if node is None:
        return None
    brackets: list[FineBracket] = []
    for i, entry in enumerate(r.seq(node, "fine")):
        with r.at(f"fine[{i}]"):
            data = r.mapping(entry, ("when", "yuan", "multiple", "none", "note"))
            if data is None:
                continue
            bracket = _bracket(r, data)
            if bracket is not None:
                brackets.append(bracket)
    if not brackets:
        r.error(rules.MISSING_KEY, "fine needs at least one bracket")
        return None
    return FineSpec(tuple(brackets))


def _bracket(r: _Reader, data: Mapping[str, Any]) -> FineBracket | None:
    given = [k for k in ("yuan", "multiple", "none") if k in data]
    if len(given) != 1:
        r.error(rules.BAD_VALUE, "a fine bracket has exactly one of 'yuan', 'multiple' or 'none'")
        return None
    when = _optional_condition(r, data, "when") or TRUE
    note = r.text(data, "note")
    if given[0] == "none":
        return FineBracket(when, FineUnit.YUAN, None, None, note)
    if given[0] == "yuan":
        return FineBracket(when, FineUnit.YUAN, _range(r, data["yuan"], "yuan"), None, note)
    with r.at("multiple"):
        spec = r.mapping(data["multiple"], ("base", "min", "max"), ("base", "max"))
    if spec is None:
        return None
    base = r.text(spec, "base")
    rng = _range(r, {k: v for k, v in spec.items() if k != "base"}, "multiple")
    return FineBracket(when, FineUnit.MULTIPLE, rng, base, note)


def _benchmark(r: _Reader, node: object) -> Benchmark | None:
    if node is None:
        return None
    with r.at("benchmark"):
        data = r.mapping(
            node,
            ("levels", "tier_ranges", "weights", "source", "remarks", "unverified", "source_note"),
        )
        if data is None:
            return None
        levels = tuple(
            level
            for i, entry in enumerate(r.seq(data.get("levels"), "levels"))
            if (level := _level(r, entry, i)) is not None
        )
        tier_ranges = tuple(
            tr
            for i, entry in enumerate(r.seq(data.get("tier_ranges"), "tier_ranges"))
            if (tr := _tier_range(r, entry, i)) is not None
        )
        return Benchmark(
            levels=levels,
            tier_ranges=tier_ranges,
            weights=_weights(r, data.get("weights")),
            source=r.text(data, "source"),
            remarks=r.text(data, "remarks"),
            unverified=r.flag(data, "unverified"),
            source_note=r.text(data, "source_note"),
        )


def _level(r: _Reader, node: object, i: int) -> CircumstanceLevel | None:
    with r.at(f"levels[{i}]"):
        data = r.mapping(
            node,
            ("circumstance", "tier", "situations", "conditions", "range", "bracket"),
            ("circumstance", "tier", "situations"),
        )
        if data is None:
            return None
        circumstance = r.enum(data, "circumstance", Circumstance)
        tier = r.enum(data, "tier", Tier)
        if circumstance is None or tier is None:
            return None
        rng = _range(r, data["range"], "range") if data.get("range") is not None else None
        return CircumstanceLevel(
            circumstance,
            tier,
            r.texts(data, "situations"),
            _optional_condition(r, data, "conditions"),
            rng,
            r.integer(data, "bracket") or 0,
        )


def _tier_range(r: _Reader, node: object, i: int) -> TierRange | None:
    with r.at(f"tier_ranges[{i}]"):
        data = r.mapping(
            node, ("tier", "bracket", "min", "max", "min_open", "max_open"), ("tier", "max")
        )
        if data is None:
            return None
        tier = r.enum(data, "tier", Tier)
        rng = _range(r, {k: v for k, v in data.items() if k not in {"tier", "bracket"}}, "range")
        if tier is None or rng is None:
            return None
        return TierRange(tier, rng, r.integer(data, "bracket") or 0)


def _weights(r: _Reader, node: object) -> WeightTable | None:
    if node is None:
        return None
    with r.at("weights"):
        data = r.mapping(node, ("start", "factors", "minimum_total", "note"), ("start", "factors"))
        if data is None:
            return None
        factors: list[WeightFactor] = []
        for i, entry in enumerate(r.seq(data.get("factors"), "factors")):
            with r.at(f"factors[{i}]"):
                fd = r.mapping(entry, ("name", "options"), ("name", "options"))
                if fd is None:
                    continue
                options = []
                for j, opt in enumerate(r.seq(fd.get("options"), "options")):
                    with r.at(f"options[{j}]"):
                        od = r.mapping(opt, ("label", "weight", "conditions"), ("label", "weight"))
                        if od is not None:
                            weight = r.number(od, "weight") or Decimal(0)
                            cond = _optional_condition(r, od, "conditions")
                            options.append(WeightOption(r.text(od, "label"), weight, cond))
                factors.append(WeightFactor(r.text(fd, "name"), tuple(options)))
        return WeightTable(
            r.number(data, "start") or Decimal(0),
            tuple(factors),
            r.number(data, "minimum_total") or Decimal(0),
            r.text(data, "note"),
        )


_ROW_KEYS = (
    "id",
    "seq",
    "kind",
    "part",
    "may",
    "authority",
    "text",
    "conditions",
    "basis",
    "measures",
    "lookback",
    "range",
    "remarks",
    "refines",
    "unverified",
    "source_note",
)


def _row(r: _Reader, node: object, i: int) -> ListRow | None:
    row_id = str(node.get("id", f"#{i + 1}")) if isinstance(node, dict) else f"#{i + 1}"
    with r.at(f"rows[{row_id}]"), r.in_item(r.item, row_id):
        data = r.mapping(node, _ROW_KEYS, ("id", "kind", "text", "conditions"))
        if data is None:
            return None
        kind = r.enum(data, "kind", ListKind)
        part = r.enum(data, "part", NoPenaltyPart)
        if kind is ListKind.NO_PENALTY and part is None:
            r.error(rules.MISSING_KEY, "a no_penalty row needs its part (R-LIST-2)")
        if kind is not ListKind.NO_PENALTY and part is not None:
            r.error(rules.BAD_VALUE, "only no_penalty rows have a part")
        own = _optional_condition(r, data, "conditions") or TRUE
        rng = _range(r, data["range"], "range") if data.get("range") is not None else None
        if kind is None:
            return None
        return ListRow(
            id=r.identifier(data, "id"),
            kind=kind,
            condition_text=r.text(data, "text"),
            conditions=own,
            own_conditions=own,
            part=part,
            seq=r.integer(data, "seq"),
            may=r.flag(data, "may"),
            authority=r.text(data, "authority"),
            basis=r.texts(data, "basis"),
            measures=r.texts(data, "measures"),
            lookback=_lookback(r, data, "lookback"),
            range=rng,
            remarks=r.text(data, "remarks"),
            refines=r.text(data, "refines") or None,
            unverified=r.flag(data, "unverified"),
            source_note=r.text(data, "source_note"),
        )


def _item(r: _Reader, node: object, i: int) -> PenaltyItem | None:
    code = str(node.get("code", f"#{i + 1}")) if isinstance(node, dict) else f"#{i + 1}"
    with r.at(f"items[{code}]"), r.in_item(code):
        data = r.mapping(node, _ITEM_KEYS, ("code", "name", "violated"))
        if data is None:
            return None
        violated = tuple(
            p
            for j, entry in enumerate(r.seq(data.get("violated"), "violated"))
            if (p := _provision(r, entry, f"violated[{j}]")) is not None
        )
        penalty = (
            _provision(r, data["penalty_provision"], "penalty_provision")
            if data.get("penalty_provision") is not None
            else None
        )
        with r.at("fine"):
            fine = _fine(r, data.get("fine"))
        rows = [
            row for j, x in enumerate(r.seq(data.get("rows"), "rows")) if (row := _row(r, x, j))
        ]
        tags = frozenset(r.texts(data, "tags"))
        for tag in sorted(tags - KNOWN_TAGS):
            r.error(
                rules.BAD_VALUE, f"unknown tag {tag!r} (known: {', '.join(sorted(KNOWN_TAGS))})"
            )
        floor = r.number(data, "mitigation_floor")
        return PenaltyItem(
            code=r.identifier(data, "code"),
            name=r.text(data, "name"),
            violated_provisions=violated,
            penalty_provision=penalty,
            field=r.text(data, "field"),
            category=r.text(data, "category"),
            tags=tags,
            penalties=_penalties(r, data.get("penalties")),
            fine=fine,
            mitigation_floor=floor,
            benchmark=_benchmark(r, data.get("benchmark")),
            rows=tuple(rows),
            facts=_facts(r, data.get("facts")),
            lookback=_lookback(r, data, "lookback"),
            refines=r.text(data, "refines") or None,
            remarks=r.text(data, "remarks"),
            unverified=r.flag(data, "unverified"),
            source_note=r.text(data, "source_note"),
            community_offset=_community_offset(r, data.get("community_service_offset")),
        )


# ---------------------------------------------------------------- versions


_VERSION_KEYS = (
    "version",
    "effective_from",
    "effective_to",
    "published_on",
    "status",
    "references",
    "based_on",
    "remove_items",
    "lists",
    "items",
    "notes",
)


def _preambles(r: _Reader, node: object) -> tuple[ListPreamble, ...]:
    out: list[ListPreamble] = []
    for i, entry in enumerate(r.seq(node, "lists")):
        with r.at(f"lists[{i}]"):
            data = r.mapping(
                entry,
                ("kind", "part", "text", "conditions", "measures", "basis", "notes"),
                ("kind", "text"),
            )
            kind = r.enum(data or {}, "kind", ListKind)
            if data is None or kind is None:
                continue
            out.append(
                ListPreamble(
                    kind,
                    r.enum(data, "part", NoPenaltyPart),
                    r.text(data, "text"),
                    _optional_condition(r, data, "conditions") or TRUE,
                    r.texts(data, "measures"),
                    r.texts(data, "basis"),
                    r.texts(data, "notes"),
                )
            )
    return tuple(out)


@dataclasses.dataclass
class _RawVersion:
    version: RulebookVersion
    remove: tuple[str, ...]
    has_lists: bool


def _version(r: _Reader, node: object, i: int) -> _RawVersion | None:
    name = str(node.get("version", f"#{i + 1}")) if isinstance(node, dict) else f"#{i + 1}"
    with r.at(f"versions[{name}]"):
        data = r.mapping(node, _VERSION_KEYS, ("version", "effective_from", "status"))
        if data is None:
            return None
        start = r.date(data, "effective_from")
        end = r.date(data, "effective_to")
        published = r.date(data, "published_on")
        status = r.enum(data, "status", Status)
        _check_version_dates(r, name, start, end, published, status)
        items = [
            it for j, x in enumerate(r.seq(data.get("items"), "items")) if (it := _item(r, x, j))
        ]
        if start is None or status is None:
            return None
        version = RulebookVersion(
            version=r.text(data, "version"),
            effective_from=start,
            effective_to=end,
            published_on=published,
            status=status,
            items=tuple(items),
            references=_references(r, data.get("references")),
            preambles=_preambles(r, data.get("lists")),
            based_on=r.text(data, "based_on") or None,
            notes=r.text(data, "notes"),
        )
        return _RawVersion(version, r.texts(data, "remove_items"), "lists" in data)


def _check_version_dates(
    r: _Reader,
    name: str,
    start: dt.date | None,
    end: dt.date | None,
    published: dt.date | None,
    status: Status | None,
) -> None:
    if start is not None and end is not None and end < start:
        r.error(
            rules.BAD_DATE, f"version {name}: effective_to {end} is before effective_from {start}"
        )
    if status in {Status.PUBLISHED, Status.REPEALED} and published is None:
        r.error(rules.MISSING_KEY, f"version {name}: a {status} version needs published_on")
    if status is Status.REPEALED and end is None:
        r.error(rules.MISSING_KEY, f"version {name}: a repealed version needs effective_to")


def _resolve(r: _Reader, raws: Sequence[_RawVersion]) -> list[RulebookVersion]:
    """Full snapshots: a version ``based_on`` another starts from its items and lists, drops
    ``remove_items`` and adds or replaces (by code) its own items."""
    done: dict[str, RulebookVersion] = {}
    for raw in raws:
        v = raw.version
        if v.based_on is not None:
            base = done.get(v.based_on)
            if base is None:
                with r.at(f"versions[{v.version}]"):
                    r.error(
                        rules.UNKNOWN_VERSION,
                        f"based_on {v.based_on!r}: no earlier version of that id",
                    )
            else:
                v = _apply_base(r, base, raw)
        done[v.version] = v
    return list(done.values())


def _apply_base(r: _Reader, base: RulebookVersion, raw: _RawVersion) -> RulebookVersion:
    own = {item.code: item for item in raw.version.items}
    known = {item.code for item in base.items}
    for code in raw.remove:
        if code not in known:
            with r.at(f"versions[{raw.version.version}]"):
                r.error(rules.UNKNOWN_VERSION, f"remove_items: {code!r} is not in {base.version}")
    items = [own.pop(i.code, i) for i in base.items if i.code not in raw.remove]
    items.extend(own.values())
    preambles = raw.version.preambles if raw.has_lists else base.preambles
    return dataclasses.replace(raw.version, items=tuple(items), preambles=preambles)


def _bake(version: RulebookVersion) -> RulebookVersion:
    """Join each row's own condition with its list's common condition and set the digest."""
    items = tuple(
        dataclasses.replace(
            item,
            rows=tuple(
                dataclasses.replace(row, conditions=row_condition(version.preambles, row))
                for row in item.rows
            ),
        )
        for item in version.items
    )
    baked = dataclasses.replace(version, items=items)
    return dataclasses.replace(baked, digest=digest(baked))


# ---------------------------------------------------------------- per-file checks


def _check_versions(r: _Reader, versions: Sequence[RulebookVersion]) -> None:
    seen: set[str] = set()
    for v in versions:
        if v.version in seen:
            r.error(rules.DUPLICATE, f"version {v.version!r} appears twice")
        seen.add(v.version)
    live = [v for v in versions if v.status is not Status.DRAFT]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if a.overlaps(b):
                r.error(
                    rules.VERSION_OVERLAP,
                    f"versions {a.version} and {b.version} are both in force on "
                    f"{max(a.effective_from, b.effective_from)}",
                )
    for v in versions:
        _check_items(r, v)


def _check_items(r: _Reader, version: RulebookVersion) -> None:
    codes: set[str] = set()
    rows: set[str] = set()
    for item in version.items:
        with r.at(f"versions[{version.version}]"), r.in_item(item.code):
            if item.code in codes:
                r.error(
                    rules.DUPLICATE, f"item code {item.code} appears twice in {version.version}"
                )
            codes.add(item.code)
            for row in item.rows:
                with r.in_item(item.code, row.id):
                    if row.id in rows:
                        r.error(
                            rules.DUPLICATE, f"row id {row.id} appears twice in {version.version}"
                        )
                    rows.add(row.id)
            if item.excluded and item.rows:
                tags = ", ".join(sorted(item.tags & EXCLUSION_TAGS))
                kinds = ", ".join(sorted({row.kind.value for row in item.rows}))
                r.error(
                    rules.EXCLUDED_ON_LIST,
                    f"an item tagged {tags} may not be on a lenient list ({kinds}); "
                    "HX 三(七), CJ 四(二)",
                )
            _check_statute_ranges(r, item, version)


def _check_statute_ranges(r: _Reader, item: PenaltyItem, version: RulebookVersion) -> None:
    """Benchmark, level and row ranges must lie inside the statute (R-LIST-6)."""
    del version
    fine = item.fine
    bench = item.benchmark
    if fine is None:
        if item.refines is not None:
            return  # the parent's fine applies; checked by lawcore.rulebook.validation
        if (bench and (bench.tier_ranges or any(lv.range for lv in bench.levels))) or any(
            row.range for row in item.rows
        ):
            r.error(
                rules.RANGE_OUTSIDE_STATUTE, "ranges are given but the item has no statutory fine"
            )
        return
    for tr in bench.tier_ranges if bench else ():
        _check_in_statute(r, fine, tr.bracket, tr.tier, tr.range, f"tier range {tr.tier}")
    for level in bench.levels if bench else ():
        if level.range is not None:
            name = f"level {level.circumstance}"
            _check_in_statute(r, fine, level.bracket, level.tier, level.range, name)
    for row in item.rows:
        tier = row.tier
        if row.range is not None and tier is not None:
            with r.in_item(item.code, row.id):
                _check_in_statute(r, fine, 0, tier, row.range, f"row {row.id} range")


def statute_room(fine: FineSpec, bracket: int, tier: Tier, floor: Decimal) -> Range | None:
    """Where a range of ``tier`` may lie in the statute's bracket: [min, max] for lighter, ordinary
    and heavier; [floor × min, min) for mitigated; None when the bracket has no fine."""
    statutory = fine.brackets[bracket].range
    if statutory is None:
        return None
    if tier is Tier.MITIGATED:
        tiers = split(statutory, TierSplit(), mitigation_floor=floor)
        return tiers.mitigated
    if tier in {Tier.NO_PENALTY, Tier.NOT_PUNISHABLE}:
        return None
    return statutory


def _check_in_statute(
    r: _Reader, fine: FineSpec, bracket: int, tier: Tier, rng: Range, name: str
) -> None:
    if not 0 <= bracket < len(fine.brackets):
        r.error(rules.BAD_VALUE, f"{name}: bracket {bracket} does not exist")
        return
    room = statute_room(fine, bracket, tier, Decimal(0))
    if room is None or not rng.within(room):
        where = "nothing" if room is None else str(room)
        r.error(
            rules.RANGE_OUTSIDE_STATUTE,
            f"{name} {rng} lies outside the statute's room for {tier} in bracket {bracket}: {where}",
        )


# ---------------------------------------------------------------- entry points

_TOP_KEYS = (
    "id",
    "name",
    "authority",
    "level",
    "division_code",
    "parent",
    "field",
    "demo",
    "references",
    "settings",
    "facts",
    "versions",
)


def parse_text(text: str, source_name: str) -> tuple[Rulebook | None, tuple[RulebookError, ...]]:
    """Parse one rulebook file's text; returns the rulebook (None when unusable) and every error."""
    r = _Reader(source_name)
    try:
        doc = parse_yaml(text)
    except yaml.YAMLError as exc:
        r.error(rules.YAML, f"not well-formed YAML: {' '.join(str(exc).split())}")
        return None, tuple(r.errors)
    data = r.mapping(
        doc, _TOP_KEYS, ("id", "name", "authority", "level", "division_code", "versions")
    )
    if data is None:
        return None, tuple(r.errors)
    book = _rulebook(r, data, source_name)
    return book, tuple(r.errors)


def _rulebook(r: _Reader, data: Mapping[str, Any], source: str) -> Rulebook | None:
    level = r.enum(data, "level", Level)
    division = r.text(data, "division_code")
    if division and not _DIVISION.match(division):
        r.error(rules.BAD_VALUE, f"division_code must be 6 digits (GB/T 2260), got {division!r}")
    raws = [
        v for i, x in enumerate(r.seq(data.get("versions"), "versions")) if (v := _version(r, x, i))
    ]
    versions = [_bake(v) for v in _resolve(r, raws)]
    _check_versions(r, versions)
    if level is None:
        return None
    return Rulebook(
        id=r.identifier(data, "id"),
        name=r.text(data, "name"),
        authority=r.text(data, "authority"),
        level=level,
        division_code=division,
        field=r.text(data, "field"),
        versions=tuple(versions),
        parent=r.text(data, "parent") or None,
        settings=_settings(r, data.get("settings")),
        facts=_facts(r, data.get("facts")),
        references=_references(r, data.get("references")),
        demo=r.flag(data, "demo"),
        source=source,
    )


def load_text(text: str, source_name: str) -> Rulebook:
    """The rulebook in ``text`` (read from ``source_name``); raises
    :class:`~lawcore.rulebook.errors.RulebookErrors` with every error found."""
    book, errs = parse_text(text, source_name)
    if errs or book is None:
        raise RulebookErrors(
            errs or (RulebookError(source_name, rules.BAD_VALUE, "unusable rulebook"),)
        )
    return book


def load_many(
    texts: Sequence[tuple[str, str]],
    on_error: Callable[[RulebookError], None] | None = None,
) -> tuple[list[Rulebook], list[RulebookError]]:
    """Parse several ``(text, source_name)`` pairs; returns the usable rulebooks and all errors."""
    books: list[Rulebook] = []
    errs: list[RulebookError] = []
    for text, name in texts:
        book, found = parse_text(text, name)
        errs.extend(found)
        if on_error is not None:
            for e in found:
                on_error(e)
        if book is not None and not found:
            books.append(book)
    return books, errs
