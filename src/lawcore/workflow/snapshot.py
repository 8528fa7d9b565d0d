"""What the workflow knows about a case: `CaseSnapshot`, the proposal's flags, actors and events.

Everything is a frozen dataclass of plain values (dates, enums, Decimals, tuples) and round-trips
through JSON with `to_json` / `from_json`, so that the Django cases app can persist it.

Convention: the snapshot passed to `apply` is the case **as it will be once the step's own data is
entered** (e.g. `notice_served_on` for `notify`); guards check that this data is present and
consistent. The snapshot describes the current round: when a case goes back to investigation and
a new proposal is made, the caller clears the fields of the earlier round (they stay in the event
history).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from lawcore.workflow.states import (
    ActorRole,
    CommitmentChannel,
    DecisionKind,
    DocumentType,
    ExecutionStatus,
    FlexibleEndReason,
    FlexibleInitiator,
    FlexibleMeasure,
    InterviewMode,
    LeadSource,
    NotOpenedReason,
    ReinspectionResult,
    ServiceMethod,
    State,
)


@dataclass(frozen=True, slots=True)
class ProposalFlags:
    """The engine's proposal as far as the procedure cares (`lawcore.decision.Procedure`).

    `penalty` is True when the proposal imposes any penalty (penalty_kinds non-empty); False for a
    不予处罚 proposal."""

    penalty: bool
    hearing_right: bool = False
    legal_review_required: bool = False
    collective_discussion_required: bool = False


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    state: State
    # lead and verification
    lead_source: LeadSource | None = None
    lead_received_on: date | None = None
    verification_extended: bool = False
    verification_paused_working_days: int = 0
    not_opened_reason: NotOpenedReason | None = None
    not_opened_note: str = ""
    # opening and investigation
    opening_approved: bool = False
    opened_on: date | None = None
    officers_with_valid_certificates: int = 0
    # proposal, notice, hearing, review, discussion
    proposal: ProposalFlags | None = None
    notice_served_on: date | None = None
    hearing_requested_on: date | None = None
    hearing_waived: bool = False
    hearing_notice_sent_on: date | None = None
    hearing_held_on: date | None = None
    legal_review_submitted_on: date | None = None
    legal_review_passed: bool | None = None
    collective_discussion_held_on: date | None = None
    # the decision period
    decision_extension_approved: bool = False
    collective_extension_days: tuple[int, ...] = ()
    suspended_days: int = 0
    # decision and service
    decision_kind: DecisionKind | None = None
    decided_on: date | None = None
    service_method: ServiceMethod | None = None
    served_on: date | None = None
    service_proof: str = ""
    electronic_service_confirmed: bool = False
    public_notice_on: date | None = None
    # execution
    fine_yuan: Decimal | None = None
    execution: ExecutionStatus = ExecutionStatus.PENDING
    deferral_approved: bool = False
    payment_deferred_until: date | None = None
    paid_on: date | None = None
    # publication
    published_on: date | None = None
    decision_changed_on: date | None = None
    publication_withdrawn_on: date | None = None
    # follow-ups (R-CASE-5, R-CASE-6, R-DEC-4)
    correction_deadline: date | None = None
    correction_reinspected_on: date | None = None
    correction_result: ReinspectionResult | None = None
    return_visit_on: date | None = None
    return_visit_score: int | None = None
    education_recorded: bool = False
    # flexible path (R-CASE-2…4)
    flexible_offered: bool = False
    flexible_accepted: bool = False
    flexible_initiated_by: FlexibleInitiator | None = None
    measures_taken: tuple[FlexibleMeasure, ...] = ()
    interview_mode: InterviewMode | None = None
    interview_departments: tuple[str, ...] = ()
    commitment_channel: CommitmentChannel | None = None
    commitment_signed_on: date | None = None
    commitment_deadline: date | None = None
    reinspection_on: date | None = None
    reinspection_result: ReinspectionResult | None = None
    flexible_end_reason: FlexibleEndReason | None = None
    flexible_end_note: str = ""
    # transfer and archive
    transfer_approved: bool = False
    case_file_complete: bool = False

    def to_json(self) -> dict[str, object]:
        return _dump(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CaseSnapshot:
        return _load(cls, data, "snapshot")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts. `id` is the caller's user id (as text); the workflow checks only the role."""

    id: str
    role: ActorRole


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded step (R-CASE-7: who, when, what, its document)."""

    actor_id: str
    actor_role: ActorRole
    on: date
    at: datetime | None
    transition: str
    from_state: State
    to_state: State
    document: DocumentType | None
    note: str = ""

    def to_json(self) -> dict[str, object]:
        return _dump(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Event:
        return _load(cls, data, "event")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer of `apply`: on refusal `ok` is False, the state is unchanged, `missing` says why
    (in Chinese) and there is no event."""

    ok: bool
    new_state: State
    missing: tuple[str, ...] = ()
    event: Event | None = None


# ------------------------------------------------------------------------- JSON, by type hints

T = TypeVar("T")


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    return value


def _load(cls: type[T], data: object, where: str) -> T:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    kwargs = {k: _value(hints[k], v, f"{where}.{k}") for k, v in data.items()}
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise ValueError(f"{where}: {e}") from None


def _value(tp: Any, raw: object, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin is types.UnionType or origin is typing.Union:
        if raw is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _value(inner, raw, where)
    if origin is tuple:
        if not isinstance(raw, list | tuple):
            raise ValueError(f"{where}: expected a list")
        (item,) = {a for a in typing.get_args(tp) if a is not Ellipsis}
        return tuple(_value(item, r, f"{where}[]") for r in raw)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _load(tp, raw, where)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(raw)
        except ValueError:
            raise ValueError(f"{where}: unknown value {raw!r}") from None
    return _scalar(tp, raw, where)


def _scalar(tp: Any, raw: object, where: str) -> Any:
    if tp in (date, datetime, Decimal):
        text = _str(raw, where)
        try:
            return tp.fromisoformat(text) if tp is not Decimal else Decimal(text)
        except (ValueError, ArithmeticError):
            raise ValueError(f"{where}: not a valid {tp.__name__}: {text!r}") from None
    if tp is bool:
        if not isinstance(raw, bool):
            raise ValueError(f"{where}: expected true or false")
        return raw
    if tp is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{where}: expected an integer")
        return raw
    if tp is str:
        return _str(raw, where)
    raise TypeError(f"{where}: unsupported type {tp!r}")  # pragma: no cover


def _str(raw: object, where: str) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"{where}: expected a string")
    return raw
