"""People, roles and scope (issue #2 part 4)."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.accounts import services
from prudent.accounts.models import User
from prudent.accounts.selectors import people_list
from prudent.core.errors import ValidationFailed
from prudent.core.models import AuditEvent
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db


def test_officer_sees_only_people_of_own_department(demo_user: Any) -> None:
    officer = demo_user("officer")
    people = list(people_list(user=officer))
    assert people
    assert {p.department_id for p in people} == {officer.department_id}


def test_supervisor_sees_people_of_every_department(demo_user: Any) -> None:
    people = people_list(user=demo_user("supervisor"))
    assert people.values("department").distinct().count() >= 4


def test_enterprise_user_sees_only_itself(demo_user: Any) -> None:
    user = demo_user("enterprise")
    assert list(people_list(user=user)) == [user]


def test_person_with_bad_fields_is_refused_by_field_and_nothing_is_written(demo_user: Any) -> None:
    before_users, before_events = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.person_create(
            actor=demo_user("admin"),
            username="officer",  # duplicate
            password="short",
            role="officer",
            department=None,
        )
    assert set(exc.value.errors) == {"username", "password", "department"}
    assert User.objects.count() == before_users
    assert AuditEvent.objects.count() == before_events


def test_supervisor_must_belong_to_the_judicial_bureau(demo_user: Any) -> None:
    market = Department.objects.get(name="衡阳县市场监督管理局")
    with pytest.raises(ValidationFailed) as exc:
        services.person_create(
            actor=demo_user("admin"),
            username="sup2",
            password="Hengyang#2026",
            role="supervisor",
            department=market,
        )
    assert "department" in exc.value.errors


def test_person_create_is_audited_without_the_password(demo_user: Any) -> None:
    market = Department.objects.get(name="衡阳县市场监督管理局")
    user = services.person_create(
        actor=demo_user("admin"),
        username="newofficer",
        password="Hengyang#2026",
        role="officer",
        department=market,
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "person_create"
    assert event.object_id == str(user.pk)
    assert event.actor == "admin"
    assert len(event.after_digest) == 64


def test_failure_half_way_leaves_database_and_audit_chain_as_they_were(
    demo_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user row is written before the audit event; a crash in between must undo both."""
    from prudent.core import audit

    market = Department.objects.get(name="衡阳县市场监督管理局")
    users, head = User.objects.count(), audit.audit_head()

    def crash(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_append", crash)
    with pytest.raises(RuntimeError):
        services.person_create(
            actor=demo_user("admin"),
            username="halfway",
            password="Hengyang#2026",
            role="officer",
            department=market,
        )
    assert User.objects.count() == users
    assert not User.objects.filter(username="halfway").exists()
    assert audit.audit_head() == head
    assert audit.audit_verify().ok
