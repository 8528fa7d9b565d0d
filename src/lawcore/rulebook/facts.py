"""The fact vocabulary conditions are written in (docs/facts.md is the human-readable copy).

A fact is a named, typed answer about one violation: a boolean (``first_violation``), an enumeration
(``harm`` ∈ none / slight / serious) or a number (``goods_value_yuan``). The core vocabulary below is
shared by every rulebook; a rulebook or an item may declare further, item-specific facts (e.g. the
exceedance multiple of a pollutant) with the same :class:`FactSpec` shape. A condition may only read
declared facts, with literals of the declared type (checked by ``lawcore.rulebook.validation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType


class FactType(StrEnum):
    BOOL = "bool"
    ENUM = "enum"
    NUMBER = "number"
    INTEGER = "integer"


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One fact: its name, type, meaning in Chinese (``zh``, the question shown to an officer) and
    English, the allowed values of an enumeration, the smallest allowed number and the unit."""

    name: str
    type: FactType
    zh: str
    en: str
    values: tuple[str, ...] = ()
    minimum: Decimal | None = None
    unit: str = ""


def _b(name: str, zh: str, en: str) -> FactSpec:
    return FactSpec(name, FactType.BOOL, zh, en)


def _n(name: str, zh: str, en: str, unit: str, *, integer: bool = False) -> FactSpec:
    kind = FactType.INTEGER if integer else FactType.NUMBER
    return FactSpec(name, kind, zh, en, minimum=Decimal(0), unit=unit)


HARM_VALUES = ("none", "slight", "general", "serious")  # = lawcore.law.facts.HARM_LEVELS
PARTY_KINDS = ("citizen", "organisation")  # = lawcore.law.kinds.PartyKind values

_CORE = (
    # 行政处罚法 第三十三条 — the statutory no-penalty grounds
    _b("minor", "违法行为是否轻微", "the violation is minor (违法行为轻微, APL 33 ¶1)"),
    FactSpec(
        "harm",
        FactType.ENUM,
        "危害后果：none 没有造成危害后果 / slight 危害后果轻微 / general 一般 / serious 严重",
        "harmful consequence: none / slight / general / serious (APL 33)",
        values=HARM_VALUES,
    ),
    _b(
        "corrected_in_time",
        "是否及时改正（发现前主动改正，或在责令改正期限内改正）",
        "corrected in time: before discovery, or within the period of the order to correct",
    ),
    _b(
        "first_violation",
        "是否初次违法（在该事项的追溯期内）",
        "first violation within the lookback",
    ),
    _b(
        "no_fault_proven",
        "当事人是否有证据足以证明没有主观过错",
        "the party proves it had no subjective fault (APL 33 ¶2)",
    ),
    # 行政处罚法 第三十二条 — grounds that shall give a lighter or mitigated penalty
    _b(
        "reduced_harm",
        "是否主动消除或者减轻违法行为危害后果",
        "actively removed or reduced the harm",
    ),
    _b("coerced", "是否受他人胁迫或者诱骗实施违法行为", "coerced or induced by others"),
    _b(
        "confessed", "是否主动供述行政机关尚未掌握的违法行为", "confessed a violation not yet known"
    ),
    _b(
        "meritorious",
        "是否配合查处违法行为有立功表现",
        "meritorious cooperation in the investigation",
    ),
    # circumstances
    _b("serious", "是否情节严重", "serious circumstances (情节严重) as the statute uses the term"),
    _b("refused_to_correct", "是否拒不改正", "refused to correct after an order to correct"),
    _b("emergency_period", "是否发生在突发事件应对期间", "committed during an emergency response"),
    _b(
        "sensitive_area",
        "是否发生在自然保护区、风景名胜区、饮用水源保护区等生态环境敏感区",
        "committed in an ecologically sensitive area",
    ),
    _b("food_safety_incident", "是否发生食品安全事故", "a food-safety incident occurred"),
    _b("truthful_source", "能否如实说明进货来源", "can truthfully state where the goods came from"),
    # amounts and durations
    _n("illegal_income_yuan", "违法所得（元）", "illegal income in yuan", "元"),
    _n(
        "goods_value_yuan",
        "违法生产经营的货值金额（元）",
        "value of the goods concerned, yuan",
        "元",
    ),
    _n("investment_yuan", "建设项目总投资额（元）", "total investment of the project, yuan", "元"),
    _n(
        "duration_days",
        "违法行为持续时间（日）",
        "duration of the violation in days",
        "日",
        integer=True,
    ),
    _n(
        "repeat_count_2y",
        "近二年同类违法行为次数（含本次）",
        "same-kind violations in the last two years, this one included",
        "次",
        integer=True,
    ),
    # the party
    FactSpec(
        "party_kind",
        FactType.ENUM,
        "当事人类型：citizen 公民（自然人） / organisation 法人或者其他组织",
        "kind of party: citizen (natural person) / organisation",
        values=PARTY_KINDS,
    ),
    _n(
        "age",
        "当事人违法时的年龄（周岁，自然人）",
        "age in full years at the violation",
        "岁",
        integer=True,
    ),
)

CORE_FACTS: Mapping[str, FactSpec] = MappingProxyType({spec.name: spec for spec in _CORE})
"""The shared fact vocabulary, by name."""
