"""The audit chain is append-only and tamper-evident (issue #2 part 8, R-CASE-7, 等保 §8.1.4.3)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import pytest
from django.db import connection, transaction

from prudent.cli import main as cli_main
from prudent.core import audit
from prudent.core.audit import AuditOutsideTransaction, audit_append, audit_verify
from prudent.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def _append(n: int = 3) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_append(
                actor="tester", action="test", object_type="t", object_id=i, after={"i": i}
            )
            for i in range(n)
        ]


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_cli(*extra: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli_main(["audit", "verify", *extra])
    return code, out.getvalue().strip()


def test_intact_chain_verifies_with_its_count_R_CASE_7() -> None:
    _append()
    result = audit_verify()
    assert result.ok
    assert result.count == AuditEvent.objects.count()
    code, line = _verify_cli()
    assert code == 0
    assert line == f"OK {AuditEvent.objects.count()} events"


def test_each_event_links_to_the_one_before_R_CASE_7() -> None:
    events = _append(3)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert events[2].seq == events[0].seq + 2
    assert events[0].request_id  # request id recorded (here the test's 'system' context)


def test_altered_event_is_named_R_CASE_7() -> None:
    events = _append(3)
    _sql("UPDATE core_auditevent SET summary = %s WHERE seq = %s", ["篡改", events[1].seq])
    result = audit_verify()
    assert not result.ok
    assert result.seq == events[1].seq
    assert "altered" in result.problem
    code, line = _verify_cli()
    assert code == 1
    assert f"event {events[1].seq}" in line


def test_altered_actor_is_detected_even_with_recomputed_own_hash_R_CASE_7() -> None:
    events = _append(3)
    forged = AuditEvent.objects.get(seq=events[1].seq)
    forged.actor = "someone-else"
    new_hash = audit.event_hash(forged)
    _sql(
        "UPDATE core_auditevent SET actor = %s, hash = %s WHERE seq = %s",
        ["someone-else", new_hash, events[1].seq],
    )
    result = audit_verify()
    assert not result.ok
    assert result.seq == events[2].seq  # the next link no longer matches
    assert "inserted or removed" in result.problem


def test_removed_event_is_named_R_CASE_7() -> None:
    events = _append(3)
    _sql("DELETE FROM core_auditevent WHERE seq = %s", [events[1].seq])
    result = audit_verify()
    assert not result.ok
    assert result.seq == events[1].seq
    assert "missing" in result.problem


def test_inserted_event_is_named_R_CASE_7() -> None:
    events = _append(2)
    last = events[-1]
    _sql(
        "UPDATE core_auditevent SET seq = seq + 1000000 WHERE seq = %s", [last.seq]
    )  # make room, then put a forged event where the last one was
    _sql(
        "INSERT INTO core_auditevent (seq, at, actor, action, object_type, object_id, before_digest,"
        " after_digest, summary, request_id, client_address, prev_hash, hash)"
        " VALUES (%s, %s, 'x', 'forged', '', '', '', '', '', '', '', %s, %s)",
        [last.seq, last.at, events[0].hash, "f" * 64],
    )
    result = audit_verify()
    assert not result.ok
    assert result.seq == last.seq


def test_truncated_tail_is_caught_against_the_published_head_R_CASE_7() -> None:
    events = _append(2)
    head = events[-1].hash
    _sql("DELETE FROM core_auditevent WHERE seq = %s", [events[-1].seq])
    assert audit_verify().ok  # the chain alone cannot see a cut tail …
    code, line = _verify_cli("--expect-head", head)
    assert code == 1  # … the published head can
    assert "not in the chain" in line


def test_events_cannot_be_updated_or_deleted_through_the_orm_R_CASE_7() -> None:
    (event,) = _append(1)
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["summary"])
    assert AuditEvent.objects.get(pk=event.pk).summary == ""


def test_audit_refuses_to_write_outside_a_transaction_R_CASE_7() -> None:
    # pytest-django wraps each test in an atomic block; pretend we are outside it.
    from unittest import mock

    from django.db import connections

    real = connections["default"]
    with mock.patch.object(real, "in_atomic_block", False), pytest.raises(AuditOutsideTransaction):
        audit_append(actor=None, action="x")


def test_a_failed_change_leaves_no_audit_event_R_CASE_7() -> None:
    before = AuditEvent.objects.count()
    head = audit.audit_head()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append(actor="tester", action="half")
        raise RuntimeError("crash after the event, before commit")
    assert AuditEvent.objects.count() == before
    assert audit.audit_head() == head
    assert audit_verify().ok


def test_no_purge_or_delete_path_exists_in_code() -> None:
    """Retention ≥ 180 days (等保 §8.1.5.4): no code path deletes audit events at all."""
    import pathlib

    root = pathlib.Path(audit.__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "AuditEvent" in text and (".delete(" in text or ".update(" in text or "raw(" in text):
            offenders.append(str(path))
    assert offenders == []


def test_admin_grants_no_change_or_delete_on_audit_events_R_CASE_7(client_as: Any) -> None:
    (event,) = _append(1)
    client = client_as("admin")
    assert (
        client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    )  # read-only view
    response = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"summary": "x"})
    assert response.status_code == 403
    response = client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, summary="").exists()


def test_head_page_shows_the_current_head_hash(client_as: Any) -> None:
    (event,) = _append(1)
    response = client_as(None).get("/audit/head/")
    assert response.status_code == 200
    assert event.hash in response.content.decode()
