"""The decision request (R-DEC-1): what an officer tells the engine about one violation, and
:func:`parse_request` to read it from JSON-like data with clear, located errors.

Shape (docs/decide.md)::

    {"item": "CN-TAX-FWBF-01", "rulebook": "cn-tax-fwbf" (optional),
     "party_kind": "citizen" | "organisation",
     "facts": {"corrected_in_time": true, "harm": "none", ...},
     "violation_date": "2025-03-01", "decision_date": "2025-04-01",
     "birth_date": "2010-05-01" (optional, APL 30), "discovered_date": "2025-03-10" (optional, APL 36),
     "history": [{"item": "CN-TAX-FWBF-01", "date": "2024-06-01", "tier": "no_penalty"}] (optional)}

``history`` lists earlier decided violations of the same party. When the key is present (even
empty) the engine derives ``first_violation`` from it (R-DEC-3). Checks that need the rulebooks
(unknown item, unknown or missing facts, fact types) are made by :func:`lawcore.decision.engine.decide`
and raise the same :class:`DecisionInputError`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from lawcore.rulebook.conditions import Scalar
from lawcore.rulebook.model import Tier

PARTY_KINDS = ("citizen", "organisation")

_KEYS = frozenset(
    {
        "item",
        "rulebook",
        "party_kind",
        "facts",
        "violation_date",
        "decision_date",
        "birth_date",
        "discovered_date",
        "history",
    }
)


class DecisionInputError(ValueError):
    """Bad input to the engine: ``path`` names the field (``facts.goods_value_yuan``), ``en`` and
    ``zh`` say what is wrong; ``facts`` / ``rows`` name the missing facts and the rows needing them."""

    def __init__(
        self,
        path: str,
        en: str,
        zh: str,
        *,
        facts: tuple[str, ...] = (),
        rows: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"{path}: {en}")
        self.path = path
        self.en = en
        self.zh = zh
        self.facts = facts
        self.rows = rows

    def to_json(self) -> dict[str, object]:
        error: dict[str, object] = {"path": self.path, "message": self.en, "message_zh": self.zh}
        if self.facts:
            error["facts"] = list(self.facts)
            error["rows"] = list(self.rows)
        return {"error": error}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """An earlier decided violation of the same party: the item, the violation date, the tier."""

    item: str
    date: dt.date
    tier: Tier


@dataclass(frozen=True, slots=True)
class DecisionRequest:
    item: str
    party_kind: str
    facts: Mapping[str, Scalar]
    violation_date: dt.date
    decision_date: dt.date
    rulebook: str | None = None
    birth_date: dt.date | None = None
    discovered_date: dt.date | None = None
    history: tuple[HistoryEntry, ...] | None = None
    """None: no history given (``first_violation`` is then a fact); a tuple: derive it."""

    def with_facts(self, **changes: Scalar) -> DecisionRequest:
        facts = self.facts
        merged = facts.copy() if facts.__class__ is MappingProxyType else dict(facts)
        if merged.__class__ is not dict:
            merged = dict(facts)
        merged.update(changes)
        return DecisionRequest(
            self.item,
            self.party_kind,
            MappingProxyType(merged),
            self.violation_date,
            self.decision_date,
            self.rulebook,
            self.birth_date,
            self.discovered_date,
            self.history,
        )

    def key(self) -> tuple[object, ...]:
        """A hashable identity (facts sorted), for comparing requests."""
        return (
            self.item,
            self.party_kind,
            tuple(sorted(self.facts.items())),
            self.violation_date,
            self.decision_date,
            self.rulebook,
            self.birth_date,
            self.discovered_date,
            self.history,
        )


def _err(path: str, en: str, zh: str) -> DecisionInputError:
    return DecisionInputError(path, en, zh)


def _text(obj: Mapping[str, object], key: str, *, required: bool) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise _err(key, "is required", f"缺少必填项 {key}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _not_text(key, value)
    return value.strip()


def _not_text(key: str, value: object) -> DecisionInputError:
    return _err(key, f"must be a non-empty string, got {value!r}", f"{key} 应为非空文本")


def _not_facts() -> DecisionInputError:
    return _err("facts", "must be an object of fact name → value", "facts 应为对象（事实名 → 值）")


def _not_history() -> DecisionInputError:
    return _err(
        "history", "must be a list of {item, date, tier}", "history 应为列表（item、date、tier）"
    )


def parse_date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise _err(
            path, f"must be a date YYYY-MM-DD, got {value!r}", f"{path} 应为日期（YYYY-MM-DD）"
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _err(
            path,
            f"not a valid date YYYY-MM-DD: {value!r}",
            f"{path} 不是有效日期（YYYY-MM-DD）：{value}",
        ) from None


def _date(obj: Mapping[str, object], key: str, *, required: bool) -> dt.date | None:
    if obj.get(key) is None:
        if required:
            raise _err(key, "is required", f"缺少必填项 {key}")
        return None
    return parse_date(obj[key], key)


def parse_fact(name: str, value: object) -> Scalar:
    """A fact value as bool, text or exact Decimal; numbers must be finite and not negative."""
    path = f"facts.{name}"
    if isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal | int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise _err(path, f"must be a finite number, got {value!r}", f"事实 {name} 应为有限数值")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except InvalidOperation:
            raise _err(path, f"not a number: {value!r}", f"事实 {name} 不是数值") from None
        if not number.is_finite():
            raise _err(path, f"must be a finite number, got {value!r}", f"事实 {name} 应为有限数值")
        if number < 0:
            raise _err(
                path, f"must not be negative, got {value!r}", f"事实 {name} 不得为负数：{value}"
            )
        return number
    raise _err(
        path,
        f"must be true/false, a text value or a number, got {value!r}",
        f"事实 {name} 应为是/否、文本或者数值",
    )


def _history(value: object, violation_date: dt.date) -> tuple[HistoryEntry, ...]:
    if not isinstance(value, list | tuple):
        raise _not_history()
    out: list[HistoryEntry] = []
    for i, entry in enumerate(value):
        path = f"history[{i}]"
        if not isinstance(entry, Mapping):
            raise _err(
                path, "must be an object {item, date, tier}", f"{path} 应为对象（item、date、tier）"
            )
        unknown = sorted(set(entry) - {"item", "date", "tier"})
        if unknown:
            raise _err(f"{path}.{unknown[0]}", "unknown key", f"{path} 含未知字段 {unknown[0]}")
        item = entry.get("item")
        if not isinstance(item, str) or not item:
            raise _err(f"{path}.item", "must be an item code", f"{path}.item 应为事项编码")
        date = parse_date(entry.get("date"), f"{path}.date")
        _check_earlier(f"{path}.date", date, violation_date)
        tier_text = entry.get("tier", "ordinary")
        try:
            tier = Tier(str(tier_text))
        except ValueError:
            allowed = ", ".join(t.value for t in Tier)
            raise _err(
                f"{path}.tier",
                f"must be one of {allowed}, got {tier_text!r}",
                f"{path}.tier 应为 {allowed} 之一",
            ) from None
        out.append(HistoryEntry(item, date, tier))
    return tuple(sorted(out, key=lambda h: (h.date, h.item, h.tier.severity)))


def _check_party(party: object) -> None:
    if party not in PARTY_KINDS:
        raise _err(
            "party_kind",
            f"must be citizen or organisation, got {party!r}",
            "party_kind 应为 citizen（公民）或者 organisation（法人或者其他组织）",
        )


def _check_order(violation: dt.date, decision: dt.date) -> None:
    if violation > decision:
        raise _err(
            "violation_date",
            f"the violation date {violation} is after the decision date {decision}",
            f"违法行为发生日期 {violation} 晚于处罚决定日期 {decision}",
        )


def _check_birth(party: str, birth: dt.date, violation: dt.date) -> None:
    if party != "citizen":
        raise _err(
            "birth_date", "only a citizen has a birth date", "只有公民（自然人）才有出生日期"
        )
    if birth > violation:
        raise _err(
            "birth_date",
            f"the birth date {birth} is after the violation date {violation}",
            f"出生日期 {birth} 晚于违法行为发生日期 {violation}",
        )


def _check_discovered(discovered: dt.date, violation: dt.date, decision: dt.date) -> None:
    if not violation <= discovered <= decision:
        raise _err(
            "discovered_date",
            f"the discovery date {discovered} must lie between the violation date {violation} "
            f"and the decision date {decision}",
            f"发现日期 {discovered} 应在违法行为发生日期 {violation} 与处罚决定日期 {decision} 之间",
        )


def _check_earlier(path: str, date: dt.date, violation_date: dt.date) -> None:
    if date > violation_date:
        raise _err(
            path,
            f"an earlier violation must be dated on or before the violation date {violation_date}",
            f"历史违法日期 {date} 晚于本次违法日期 {violation_date}",
        )


def _check_date(value: object, path: str) -> dt.date:
    """``value`` if it is a date (a ``datetime`` is not): a request built in Python, not parsed."""
    if value.__class__ is dt.date or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        return value
    raise _err(path, f"must be a date, got {value!r}", f"{path} 应为日期")


_DATE = dt.date
_MAPPINGS = (MappingProxyType, dict)
"""The classes of a request's date and facts in the usual case (:func:`check_request`)."""


def check_request(request: DecisionRequest) -> None:
    """The checks :func:`parse_request` makes, for a request built in Python instead of
    parsed: the kinds of its fields (the item and rulebook id texts, the facts a mapping, the
    dates dates, the history :class:`HistoryEntry` items), the party kind, and the fields
    together (the dates in order, the birth date a citizen's and not after the violation, the
    discovery date between the violation and the decision, the history's dates not after the
    violation). Raises the same :class:`DecisionInputError` as :func:`parse_request`, so that
    ``decide`` refuses such a request the same way whatever it has decided before (R-DEC-1;
    issue #3, Bad input). The facts' names and values are the engine's to check.

    ``decide`` calls it on every request, so the usual case is one expression; anything else
    goes through the checks one by one, which name the error (or accept what is of the kind
    without being of the usual class: a subclass of ``date`` that is not a ``datetime``,
    another mapping)."""
    violation, decision = request.violation_date, request.decision_date
    birth, discovered, history = request.birth_date, request.discovered_date, request.history
    rulebook = request.rulebook
    if (
        request.item.__class__ is str
        and request.item
        and (rulebook is None or (rulebook.__class__ is str and rulebook))
        and request.party_kind in PARTY_KINDS
        and request.facts.__class__ in _MAPPINGS
        and violation.__class__ is _DATE
        and decision.__class__ is _DATE
        and violation <= decision
        and (
            birth is None
            or (birth.__class__ is _DATE and birth <= violation and request.party_kind == "citizen")
        )
        and (
            discovered is None
            or (discovered.__class__ is _DATE and violation <= discovered <= decision)
        )
    ):
        if history is None:
            return
        if history.__class__ is tuple:
            for entry in history:
                if entry.__class__ is not HistoryEntry:
                    break
                date = entry.date
                if date.__class__ is not _DATE or date > violation:
                    break
            else:
                return
    _check_one_by_one(request)


def _check_one_by_one(request: DecisionRequest) -> None:
    """:func:`check_request`, each check in ``parse_request``'s order."""
    for key, value, required in (
        ("item", request.item, True),
        ("rulebook", request.rulebook, False),
    ):
        if (value is not None or required) and (value.__class__ is not str or not value):
            raise _not_text(key, value)
    _check_party(request.party_kind)
    if not isinstance(request.facts, Mapping):
        raise _not_facts()
    violation = _check_date(request.violation_date, "violation_date")
    decision = _check_date(request.decision_date, "decision_date")
    _check_order(violation, decision)
    if request.birth_date is not None:
        _check_birth(request.party_kind, _check_date(request.birth_date, "birth_date"), violation)
    if request.discovered_date is not None:
        discovered = _check_date(request.discovered_date, "discovered_date")
        _check_discovered(discovered, violation, decision)
    if request.history is not None:
        if not isinstance(request.history, list | tuple):
            raise _not_history()
        for i, entry in enumerate(request.history):
            if not isinstance(entry, HistoryEntry):
                raise _err(
                    f"history[{i}]",
                    "must be a HistoryEntry (item, date, tier)",
                    f"history[{i}] 应为历史记录（item、date、tier）",
                )
            path = f"history[{i}].date"
            _check_earlier(path, _check_date(entry.date, path), violation)


def parse_request(obj: object) -> DecisionRequest:
    """Read a request from JSON-like data; raises :class:`DecisionInputError` naming the field."""
    if not isinstance(obj, Mapping):
        raise _err("$", "a request must be a JSON object", "请求应为 JSON 对象")
    unknown = sorted(str(k) for k in obj if k not in _KEYS)
    if unknown:
        raise _err(unknown[0], "unknown key", f"未知字段 {unknown[0]}")
    item = _text(obj, "item", required=True)
    assert item is not None
    rulebook = _text(obj, "rulebook", required=False)
    party = _text(obj, "party_kind", required=True)
    _check_party(party)
    assert party is not None
    raw_facts = obj.get("facts", {})
    if not isinstance(raw_facts, Mapping):
        raise _not_facts()
    facts = {str(k): parse_fact(str(k), v) for k, v in raw_facts.items() if v is not None}
    violation = _date(obj, "violation_date", required=True)
    decision = _date(obj, "decision_date", required=True)
    assert violation is not None
    assert decision is not None
    _check_order(violation, decision)
    birth = _date(obj, "birth_date", required=False)
    if birth is not None:
        _check_birth(party, birth, violation)
    discovered = _date(obj, "discovered_date", required=False)
    if discovered is not None:
        _check_discovered(discovered, violation, decision)
    history = _history(obj["history"], violation) if obj.get("history") is not None else None
    return DecisionRequest(
        item=item,
        party_kind=party,
        facts=MappingProxyType(facts),
        violation_date=violation,
        decision_date=decision,
        rulebook=rulebook,
        birth_date=birth,
        discovered_date=discovered,
        history=history,
    )
