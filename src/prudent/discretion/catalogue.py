"""What 裁量辅助 reads: the published rulebooks, item search, the questions an item asks, and the
Chinese labels of the engine's values (issue #3 part 6; R-DEC-1…6).

Every decision here is made with published rulebooks only — drafts never decide. ``_rulebooks()``
is the one place that says where they come from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lawcore.decision import DecisionInputError
from lawcore.decision.engine import MITIGATION_FACTS, PROCEDURE_FACTS, TIER_ZH
from lawcore.law import NO_PENALTY_FACTS
from lawcore.rulebook.conditions import facts_of
from lawcore.rulebook.facts import FactSpec, FactType
from lawcore.rulebook.model import (
    CIRCUMSTANCE_ZH,
    TIER_LABEL_ZH,
    Level,
    ListKind,
    NoPenaltyPart,
    PenaltyItem,
    PenaltyKind,
    Rulebook,
    RulebookSet,
    RulebookVersion,
    Status,
)

# ---------------------------------------------------------------- the rulebooks


def _published_only(books: tuple[Rulebook, ...]) -> RulebookSet:
    """The rulebooks with their draft versions removed (published and since-repealed versions stay:
    a repealed version is still the law for violations inside its period, APL 37)."""
    kept: list[Rulebook] = []
    for book in books:
        versions = tuple(v for v in book.versions if v.status is not Status.DRAFT)
        if versions:
            kept.append(dataclasses.replace(book, versions=versions))
    return RulebookSet(tuple(kept))


@functools.cache
def _from_files() -> RulebookSet:
    """The shipped rulebook files (``rulebooks/``), drafts removed: used before the platform stored
    rulebooks, and kept for comparing the stored set with the files in tests."""
    from django.conf import settings

    from prudent.rulebooks.files import load_dir

    loaded = load_dir(settings.BASE_DIR / "rulebooks")
    return _published_only(loaded.rulebooks)


def _rulebooks() -> RulebookSet:
    """The published rulebooks every decision of this app is made with: the versions stored in the
    platform that are published (or since repealed) — never a draft (issue #3 part 7)."""
    from prudent.rulebooks.selectors import published_rulebook_set

    stored = published_rulebook_set()
    if any(v.status is Status.DRAFT for b in stored.rulebooks for v in b.versions):
        return _published_only(stored.rulebooks)  # never: the selector already leaves drafts out
    return stored  # the selector's cached set, so the engine's per-set tables are reused


def rulebooks() -> RulebookSet:
    return _rulebooks()


# ---------------------------------------------------------------- labels

TIER_LABELS: Mapping[str, str] = {t.value: label for t, label in TIER_LABEL_ZH.items()}
"""Short tier names for the page; the engine's own wording is ``tier_zh`` (TIER_ZH)."""

assert set(TIER_LABELS) == {t.value for t in TIER_ZH}

PENALTY_KIND_LABELS: Mapping[str, str] = {
    PenaltyKind.WARNING.value: "警告",
    PenaltyKind.CIRCULATED_CRITICISM.value: "通报批评",
    PenaltyKind.FINE.value: "罚款",
    PenaltyKind.CONFISCATE_ILLEGAL_INCOME.value: "没收违法所得",
    PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY.value: "没收非法财物",
    PenaltyKind.SUSPEND_LICENCE.value: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION.value: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE.value: "吊销许可证件",
    PenaltyKind.RESTRICT_BUSINESS.value: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_PRODUCTION.value: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE.value: "责令关闭",
    PenaltyKind.RESTRICT_PRACTICE.value: "限制从业",
    PenaltyKind.DETENTION.value: "行政拘留",
    PenaltyKind.OTHER.value: "法律、行政法规规定的其他行政处罚",
}
assert set(PENALTY_KIND_LABELS) == {k.value for k in PenaltyKind}

LIST_KIND_LABELS: Mapping[str, str] = {
    ListKind.NO_PENALTY.value: "不予处罚清单",
    ListKind.LIGHTER.value: "从轻处罚清单",
    ListKind.MITIGATED.value: "减轻处罚清单",
    ListKind.NO_COERCION.value: "免予行政强制清单",
}
PART_LABELS: Mapping[str, str] = {
    NoPenaltyPart.MINOR_CORRECTED.value: "轻微不罚",
    NoPenaltyPart.FIRST_VIOLATION.value: "首违不罚",
    NoPenaltyPart.NO_FAULT.value: "无过错不罚",
}
LEVEL_LABELS: Mapping[str, str] = {
    Level.NATIONAL.value: "国家",
    Level.PROVINCE.value: "省级",
    Level.CITY.value: "市级",
    Level.COUNTY.value: "县级",
}
FIELD_LABELS: Mapping[str, str] = {
    "tax": "税务",
    "market": "市场监管",
    "food": "食品安全",
    "ecology": "生态环境",
    "public_security": "公安",
}
FOLLOW_UP_LABELS: Mapping[str, str] = {
    "education": "教育",
    "correction_order": "责令改正",
    "re_inspection": "复查",
    "return_visit": "回访",
    "measure": "配套监管措施",
    "guardian": "监护人管教",
}
CIRCUMSTANCE_LABELS: Mapping[str, str] = {c.value: label for c, label in CIRCUMSTANCE_ZH.items()}
_CLAUSE_LABELS: Mapping[str, str] = {
    "ordinary": "一般情节（未发现不予、减轻、从轻或者从重处罚情形）",
    "APL 33 minor_corrected": "《行政处罚法》第三十三条第一款（轻微并及时改正，没有造成危害后果）",
    "APL 33 first_violation": "《行政处罚法》第三十三条第一款（初次违法且危害后果轻微并及时改正）",
    "APL 33 no_fault": "《行政处罚法》第三十三条第二款（有证据足以证明没有主观过错）",
    "APL 30": "《行政处罚法》第三十条（不满十四周岁）",
    "APL 30/32": "《行政处罚法》第三十条、第三十二条（应当从轻或者减轻）",
    "APL 36": "《行政处罚法》第三十六条（超过追责期限）",
}


def clause_label(clause: str, rows: list[str]) -> str:
    """What the decision applied, in Chinese: the list rows, an APL clause or a benchmark level."""
    if rows:
        return "清单条目 " + "、".join(rows)
    if clause.startswith("benchmark:"):
        level = clause.removeprefix("benchmark:")
        return f"裁量基准：{CIRCUMSTANCE_LABELS.get(level, level)}"
    return _CLAUSE_LABELS.get(clause, clause)


PARTY_KIND_LABELS: Mapping[str, str] = {"citizen": "公民", "organisation": "法人或者其他组织"}


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """One fact asked as a plain Chinese question."""

    name: str
    type: str  # bool / enum / number / integer
    question: str
    choices: tuple[tuple[str, str], ...] = ()  # enum: (value, Chinese label)
    unit: str = ""
    group: str = "item"  # item / apl32 / procedure

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "question": self.question,
            "choices": [{"value": v, "label": label} for v, label in self.choices],
            "unit": self.unit,
        }


def question_for(spec: FactSpec, group: str = "item") -> Question:
    """``zh`` of an enumeration reads "问题：v1 标签 / v2 标签 / …": split it into the question and
    the Chinese label of each value (a value without a label is shown as itself)."""
    text = spec.zh
    labels: dict[str, str] = {}
    if spec.type is FactType.ENUM and "：" in text:
        head, _, tail = text.partition("：")
        for part in tail.split("/"):
            value, _, label = part.strip().partition(" ")
            if value in spec.values:
                labels[value] = label.strip() or ("其他" if value == "other" else value)
        if labels:
            text = head
    choices = tuple((v, labels.get(v, v)) for v in spec.values)
    unit = spec.unit
    if not unit and spec.name.endswith("_yuan"):
        unit = "元"
    return Question(spec.name, spec.type.value, text, choices, unit, group)


DERIVED_FACTS = frozenset({"party_kind", "age"})
"""Facts the request gives by other keys: the party kind, and the age from the birth date."""


def needed_facts(books: RulebookSet, book: Rulebook, item: PenaltyItem) -> list[str]:
    """The facts this item's rules read: APL 33, the list rows (with their list's common
    condition), the fine brackets and their base, the penalties and the benchmark levels — in
    that order, each once. ``party_kind`` and ``age`` are left out (asked separately)."""
    resolved = books.resolve_item(book, item)
    names: list[str] = list(NO_PENALTY_FACTS)
    conditions = [row.conditions for row in item.rows]
    if resolved.fine is not None:
        for bracket in resolved.fine.brackets:
            conditions.append(bracket.when)
            if bracket.base:
                names.append(bracket.base)
    conditions.extend(p.when for p in resolved.penalties)
    if resolved.benchmark is not None:
        conditions.extend(
            level.conditions for level in resolved.benchmark.levels if level.conditions is not None
        )
    for condition in conditions:
        names.extend(sorted(facts_of(condition)))
    seen: dict[str, None] = {}
    for name in names:
        if name not in DERIVED_FACTS:
            seen.setdefault(name, None)
    return list(seen)


def questions(books: RulebookSet, book: Rulebook, item: PenaltyItem) -> list[Question]:
    """The item's questions, then the APL 32 mitigation questions, then the procedure questions."""
    specs = books.fact_specs(book, item)
    out = [question_for(specs[n]) for n in needed_facts(books, book, item) if n in specs]
    asked = {q.name for q in out}
    out.extend(
        question_for(specs[n], "apl32") for n in MITIGATION_FACTS if n in specs and n not in asked
    )
    out.extend(question_for(spec, "procedure") for spec in PROCEDURE_FACTS.values())
    return out


# ---------------------------------------------------------------- items


@dataclass(frozen=True)
class ItemEntry:
    book: Rulebook
    version: RulebookVersion
    item: PenaltyItem

    @property
    def lists(self) -> list[str]:
        """The lists the item is on, in Chinese ("不予处罚清单（首违不罚）")."""
        out: dict[str, None] = {}
        for row in self.item.rows:
            label = LIST_KIND_LABELS[row.kind.value]
            if row.part is not None:
                label += f"（{PART_LABELS[row.part.value]}）"
            out.setdefault(label, None)
        return list(out)

    @property
    def field_label(self) -> str:
        field = self.item.field or self.book.field
        return FIELD_LABELS.get(field, field)

    def haystack(self) -> str:
        parts = [
            self.item.code,
            self.item.name,
            self.item.field,
            self.item.category,
            self.item.remarks,
            self.book.id,
            self.book.name,
            self.book.authority,
            self.field_label,
            " ".join(self.item.tags),
            " ".join(self.lists),
        ]
        parts.extend(p.cite() for p in self.item.violated_provisions)
        if self.item.penalty_provision is not None:
            parts.append(self.item.penalty_provision.cite())
        parts.extend(r.condition_text for r in self.item.rows)
        return "\n".join(parts).casefold()


def items_in_force(on: dt.date) -> list[ItemEntry]:
    books = _rulebooks()
    return [ItemEntry(b, v, i) for b, v, i in books.items_in_force(on)]


def search_items(q: str, on: dt.date) -> list[ItemEntry]:
    """Items of the published rulebooks in force on ``on`` whose code, name, rulebook, provisions,
    tags or list text contain every word of ``q`` (all items when ``q`` is blank); an exact code
    first, then by rulebook level (most local first) and code."""
    words = [w.casefold() for w in q.split() if w]
    entries = [e for e in items_in_force(on) if all(w in e.haystack() for w in words)]
    exact = q.strip().casefold()
    return sorted(
        entries,
        key=lambda e: (e.item.code.casefold() != exact, -e.book.level.rank, e.item.code),
    )


def find_item(code: str, on: dt.date, rulebook: str | None = None) -> ItemEntry | None:
    """The item ``code`` as the engine would pick it: in ``rulebook`` when given, else the most
    local published rulebook holding it in force on ``on`` (else in any published version)."""
    books = _rulebooks()
    candidates: list[ItemEntry] = []
    for book in books.rulebooks:
        if rulebook is not None and book.id != rulebook:
            continue
        version = book.version_in_force(on)
        ordered = ([version] if version else []) + [v for v in book.versions if v is not version]
        for v in ordered:
            item = v.item(code)
            if item is not None:
                candidates.append(ItemEntry(book, v, item))
                break
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.version.in_force(on), e.book.level.rank))


# ---------------------------------------------------------------- errors


_NEEDED_BY = re.compile(r"(\w+) \(needed by ([^)]*)\)")


def missing_rows(exc: DecisionInputError) -> dict[str, str]:
    """Missing fact → the rows needing it, in Chinese enumeration ("A-03、APL-33"). The engine
    says which fact each row needs in its English message; without it, every row is named."""
    found = {m.group(1): m.group(2).split(", ") for m in _NEEDED_BY.finditer(exc.en)}
    return {name: "、".join(found.get(name) or exc.rows) for name in exc.facts}


def error_body(exc: DecisionInputError, specs: Mapping[str, FactSpec]) -> dict[str, object]:
    """The 422 body: ``detail`` (Chinese), ``errors`` {field path → [Chinese messages]} and the
    engine's path, English message, missing facts and the rows needing them."""
    errors: dict[str, list[str]] = {}
    if exc.facts:
        needed_by = missing_rows(exc)
        for name in exc.facts:
            spec = specs.get(name)
            asked = f"“{question_for(spec).question}”（{name}）" if spec else name
            errors[f"facts.{name}"] = [f"缺少事实{asked}，{needed_by[name]} 需要此事实。"]
        names = "、".join(question_for(specs[n]).question if n in specs else n for n in exc.facts)
        detail = f"缺少事实：{names}（{'、'.join(exc.rows)} 需要）。"
    else:
        errors[exc.path] = [exc.zh]
        detail = exc.zh
    return {
        "detail": detail,
        "errors": errors,
        "path": exc.path,
        "message": exc.en,
        "facts": list(exc.facts),
        "rows": list(exc.rows),
    }
