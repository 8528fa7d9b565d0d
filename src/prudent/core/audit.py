"""Appending to and verifying the audit chain (R-CASE-7, 等保 2.0 §8.1.4.3).

`audit_append` must run inside the transaction of the change it records, so that the change and its
event land together or not at all; it refuses to run outside one. Appends are serialised (an
advisory lock on PostgreSQL, the database lock on SQLite) so that the chain never forks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from prudent.core import context
from prudent.core.models import AuditEvent

GENESIS = "0" * 64
_LOCK_KEY = 7_262_001  # arbitrary constant naming the audit-chain advisory lock


class AuditOutsideTransaction(RuntimeError):
    """An audit event must be written in the same transaction as the change it records."""


def _default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)  # type: ignore[type-var]
    return str(value)


def canonical_json(value: object) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    )


def state_digest(state: Mapping[str, object] | None) -> str:
    """SHA-256 of a state's canonical JSON; empty for 'no state' (before a create, after a delete)."""
    if state is None:
        return ""
    return hashlib.sha256(canonical_json(dict(state)).encode("utf-8")).hexdigest()


def _utc_iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(event: AuditEvent) -> str:
    """The hash of an event: every recorded field plus the previous event's hash."""
    body = {
        "seq": event.seq,
        "at": _utc_iso(event.at),
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before_digest,
        "after": event.after_digest,
        "summary": event.summary,
        "request_id": event.request_id,
        "client_address": event.client_address,
        "prev": event.prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def audit_append(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: object = "",
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Append one event. `actor` is a user, a user-like object, a name, or None for the system."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction("audit_append must run inside transaction.atomic()")
    _lock_chain()
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    ctx = context.current()
    actor_id, actor_name = _actor_fields(actor)
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        actor_id=actor_id,
        actor=actor_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        before_digest=state_digest(before),
        after_digest=state_digest(after),
        summary=summary[:500],
        request_id=ctx.request_id,
        client_address=ctx.client_address,
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    return event


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    if getattr(actor, "is_authenticated", False):
        return int(actor.pk), str(actor.get_username())
    return None, str(getattr(actor, "username", "") or "anonymous")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    head: str
    problem: str = ""
    seq: int | None = None

    def line(self) -> str:
        if self.ok:
            return f"OK {self.count} events"
        return f"BROKEN at event {self.seq}: {self.problem}"


def verify_events(events: Iterable[AuditEvent]) -> VerifyResult:
    """Walk the chain in sequence order and name the first event that was altered, inserted or removed."""
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    for event in events:
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                problem = f"event {expected_seq} is missing (removed); next present is {event.seq}"
                return VerifyResult(False, count, prev_hash, problem, expected_seq)
            problem = f"sequence number {event.seq} repeats or goes backwards (inserted)"
            return VerifyResult(False, count, prev_hash, problem, event.seq)
        if event.prev_hash != prev_hash:
            problem = "previous-hash link does not match the event before it (inserted or removed)"
            return VerifyResult(False, count, prev_hash, problem, event.seq)
        if event_hash(event) != event.hash:
            problem = "content does not match its hash (altered)"
            return VerifyResult(False, count, prev_hash, problem, event.seq)
        prev_hash = event.hash
        expected_seq += 1
        count += 1
    return VerifyResult(True, count, prev_hash)


def audit_verify(chunk_size: int = 5000) -> VerifyResult:
    return verify_events(AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size))


def audit_head() -> AuditEvent | None:
    return AuditEvent.objects.order_by("-seq").first()
