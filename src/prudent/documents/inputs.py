"""Typed inputs of the builders, including the engine's reasons (``lawcore.decision``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from prudent.documents.model import DocumentInputError
from prudent.documents.numbering import DocumentNumber

_LAW_KINDS = ("provision", "law", "row", "benchmark", "clause")


@dataclass(frozen=True, slots=True)
class Citation:
    kind: str
    label: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: str
    text: str
    due: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Reasoning:
    """The reasons section: ``Decision.to_json()["reasons"]``, ``["citations"]``, ``["follow_ups"]``."""

    reasons: tuple[str, ...]
    citations: tuple[Citation, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()

    @classmethod
    def from_decision_json(cls, data: Mapping[str, object]) -> Reasoning:
        reasons = data.get("reasons")
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise DocumentInputError("reasons", "决定的理由（reasons）应为文字列表。")
        citations: list[Citation] = []
        for c in _dicts(data.get("citations", []), "citations"):
            citations.append(
                Citation(str(c.get("kind", "")), str(c["label"]), str(c.get("text", "")))
            )
        follow: list[FollowUp] = []
        for f in _dicts(data.get("follow_ups", []), "follow_ups"):
            due = f.get("due")
            follow.append(
                FollowUp(
                    str(f.get("kind", "")),
                    str(f["text"]),
                    datetime.date.fromisoformat(due) if isinstance(due, str) else None,
                )
            )
        return cls(tuple(reasons), tuple(citations), tuple(follow))

    def basis_labels(self) -> tuple[str, ...]:
        """The citation labels, in order, without repeats (e.g. 《…》第六十二条)."""
        seen: dict[str, None] = {}
        for c in self.citations:
            if c.kind in _LAW_KINDS or not c.kind:
                seen.setdefault(c.label, None)
        return tuple(seen)

    def basis_text(self) -> str:
        return "、".join(self.basis_labels())


def _dicts(value: object, name: str) -> list[Mapping[str, object]]:
    key = "label" if name == "citations" else "text"
    if not isinstance(value, list) or not all(isinstance(v, dict) and key in v for v in value):
        raise DocumentInputError(name, f"决定的 {name} 应为对象列表，每项含 {key}。")
    return value


@dataclass(frozen=True, slots=True)
class Officer:
    name: str
    certificate_no: str  # 执法证号

    @property
    def text(self) -> str:
        return f"{self.name}（执法证号：{self.certificate_no}）"


@dataclass(frozen=True, slots=True)
class Contact:
    person: str
    phone: str
    address: str = ""

    @property
    def text(self) -> str:
        out = f"联系人：{self.person}　　联系电话：{self.phone}"
        return out + (f"　　地址：{self.address}" if self.address else "")


@dataclass(frozen=True, slots=True)
class Penalty:
    """The penalty decided or proposed: ``kinds`` in words (警告, 没收违法所得……) and the fine."""

    kinds: tuple[str, ...] = ()
    fine: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.kinds and self.fine is None:
            raise DocumentInputError("penalty", "应写明行政处罚的种类或者罚款数额。")
        if self.fine is not None and self.fine <= 0:
            raise DocumentInputError("penalty.fine", "罚款数额应大于零。")


@dataclass(frozen=True, slots=True)
class Statement:
    """A 陈述、申辩 point and how it was handled (APL 45; not adopted → say why)."""

    text: str
    adopted: bool
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise DocumentInputError(
                "statements.reason", "对陈述、申辩意见应写明采纳或者不予采纳的理由。"
            )


@dataclass(frozen=True, slots=True)
class Payment:
    """罚缴分离: where the fine is paid — the designated bank (APL 67), never the officer."""

    bank: str
    account_name: str = ""
    account: str = ""


@dataclass(frozen=True, slots=True)
class Remedies:
    review_body: str  # 行政复议机关
    court: str  # 人民法院


class ServiceMethod(StrEnum):
    DIRECT = "direct"
    LEFT_AT_ADDRESS = "left"
    ELECTRONIC = "electronic"
    POST = "post"
    ENTRUSTED = "entrusted"
    FORWARDED = "forwarded"
    PUBLIC_NOTICE = "public_notice"

    @property
    def zh(self) -> str:
        return {
            "direct": "直接送达",
            "left": "留置送达",
            "electronic": "电子送达",
            "post": "邮寄送达",
            "entrusted": "委托送达",
            "forwarded": "转交送达",
            "public_notice": "公告送达",
        }[self.value]


@dataclass(frozen=True, slots=True)
class ServedDocument:
    title: str
    number: DocumentNumber | None = None

    @property
    def text(self) -> str:
        return self.title + (f"（{self.number}）" if self.number else "")


class ReinspectionOutcome(StrEnum):
    CORRECTED = "corrected"
    PARTLY_CORRECTED = "partly_corrected"
    NOT_CORRECTED = "not_corrected"

    @property
    def zh(self) -> str:
        return {
            "corrected": "已按要求改正",
            "partly_corrected": "部分改正（改正不到位）",
            "not_corrected": "逾期未改正",
        }[self.value]


def require_text(value: str, field_name: str, label: str) -> str:
    if not value.strip():
        raise DocumentInputError(field_name, f"{label}不能为空。")
    return value.strip()


def require_items(values: Sequence[str], field_name: str, label: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in values if v.strip())
    if not items:
        raise DocumentInputError(field_name, f"{label}至少应有一项。")
    return items


def require_officers(officers: Sequence[Officer], field_name: str) -> tuple[Officer, ...]:
    if len(officers) < 2:
        raise DocumentInputError(field_name, "执法人员不得少于两人（行政处罚法第四十二条）。")
    for o in officers:
        require_text(o.name, field_name, "执法人员姓名")
        require_text(o.certificate_no, field_name, "执法证号")
    return tuple(officers)
