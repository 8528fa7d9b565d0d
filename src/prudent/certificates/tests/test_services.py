"""The 持证 gate, issuing and revoking certificates (R-CASE-13, R-SUP-8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lawcore.certificates import RefusalReason
from prudent.certificates import selectors, services
from prudent.certificates.models import Certificate
from prudent.certificates.services import CertificateRefused
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 11, 23)
MARKET = "market_regulation"


def issue(actor: Any, holder: Any, number: str = "湘衡TEST0001", **kw: Any) -> Certificate:
    values: dict[str, Any] = {
        "issuer": "衡阳县人民政府",
        "valid_from": dt.date(2025, 1, 1),
        "valid_to": dt.date(2028, 12, 31),
        "fields": [MARKET],
    }
    values.update(kw)
    return services.certificate_issue(actor=actor, holder=holder, number=number, **values)


@pytest.fixture
def author(demo_user: Any) -> Any:
    """The demo 清单编制人员 赵敏 holds no certificate."""
    user = demo_user("list_author")
    assert not Certificate.objects.filter(holder=user).exists()
    return user


def test_officer_without_certificate_is_refused_R_CASE_13(author: Any) -> None:
    with pytest.raises(CertificateRefused) as exc:
        services.certificate_require(officer=author, field=MARKET, on=ON)
    assert exc.value.reason is RefusalReason.MISSING
    assert exc.value.message == "赵敏没有执法证，不能实施执法行为。"
    assert exc.value.errors == {"officer": [exc.value.message]}
    assert exc.value.status == 422


def test_expired_certificate_is_refused_with_its_number_and_date_R_CASE_13(
    author: Any, demo_user: Any
) -> None:
    issue(demo_user("head"), author, valid_from=dt.date(2023, 3, 2), valid_to=dt.date(2026, 3, 1))
    with pytest.raises(CertificateRefused) as exc:
        services.certificate_require(officer=author, field=MARKET, on=ON)
    assert exc.value.reason is RefusalReason.EXPIRED
    assert exc.value.message == (
        "赵敏的执法证（编号湘衡TEST0001）有效期至2026年3月1日，已过期，不能实施执法行为。"
    )


def test_not_yet_valid_certificate_is_refused_R_CASE_13(author: Any, demo_user: Any) -> None:
    issue(demo_user("head"), author, valid_from=dt.date(2027, 1, 1))
    with pytest.raises(CertificateRefused) as exc:
        services.certificate_require(officer=author, field=MARKET, on=ON)
    assert exc.value.reason is RefusalReason.NOT_YET_VALID
    assert "自2027年1月1日起生效" in exc.value.message
    assert "2026年11月23日尚未生效" in exc.value.message


def test_revoked_certificate_is_refused_with_the_reason_R_CASE_13(
    author: Any, demo_user: Any
) -> None:
    cert = issue(demo_user("head"), author)
    services.certificate_revoke(
        actor=demo_user("head"), certificate=cert, on=dt.date(2026, 10, 8), reason="调离执法岗位"
    )
    with pytest.raises(CertificateRefused) as exc:
        services.certificate_require(officer=author, field=MARKET, on=ON)
    assert exc.value.reason is RefusalReason.REVOKED
    assert exc.value.message == (
        "赵敏的执法证（编号湘衡TEST0001）已于2026年10月8日被吊销（原因：调离执法岗位），"
        "不能实施执法行为。"
    )
    # an act dated before the revocation was covered
    assert services.certificate_require(officer=author, field=MARKET, on=dt.date(2026, 10, 7))


def test_certificate_of_another_field_is_refused_R_CASE_13(demo_user: Any) -> None:
    with pytest.raises(CertificateRefused) as exc:
        services.certificate_require(officer=demo_user("officer"), field="ecology", on=ON)
    assert exc.value.reason is RefusalReason.OUT_OF_FIELD
    assert exc.value.message == "张伟的执法证不涵盖“生态环境”领域，不能实施该领域的执法行为。"


def test_valid_certificate_passes_and_is_returned_R_CASE_13(demo_user: Any) -> None:
    officer = demo_user("officer")
    cert = services.certificate_require(officer=officer, field=MARKET, on=timezone.localdate())
    assert cert.holder == officer
    assert cert.number == "湘衡4304210001"


def test_unknown_field_is_a_validation_error_R_CASE_13(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.certificate_require(officer=demo_user("officer"), field="astrology", on=ON)
    assert "field" in exc.value.errors


def test_issue_writes_the_certificate_and_one_audit_event_R_SUP_8(
    author: Any, demo_user: Any
) -> None:
    before = AuditEvent.objects.count()
    cert = issue(demo_user("head"), author, number="  湘衡TEST0009 ", fields=["ecology", MARKET])
    assert cert.number == "湘衡TEST0009"
    assert cert.fields == [MARKET, "ecology"]  # normalised to EnforcementField order
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.object_id, event.actor) == (
        "certificate_issue",
        str(cert.pk),
        "head",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": "   "}, "number"),
        ({"number": "湘衡4304210001"}, "number"),  # the demo officer's number
        ({"number": "湘衡4304210001".lower()}, "number"),
        ({"issuer": ""}, "issuer"),
        ({"valid_from": dt.date(2026, 2, 1), "valid_to": dt.date(2026, 1, 31)}, "valid_to"),
        ({"valid_from": None}, "valid_from"),
        ({"fields": []}, "fields"),
        ({"fields": ["market_regulation", "astrology"]}, "fields"),
    ],
)
def test_issue_with_bad_input_writes_nothing_R_SUP_8(
    changes: dict[str, Any], field: str, author: Any, demo_user: Any
) -> None:
    certs, events = Certificate.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        issue(demo_user("admin"), author, **changes)
    assert field in exc.value.errors
    assert exc.value.errors[field][0]  # a Chinese message for that field
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (certs, events)


@pytest.mark.parametrize("holder", ["supervisor", "enterprise", "admin"])
def test_only_department_people_can_hold_a_certificate_R_SUP_8(holder: str, demo_user: Any) -> None:
    certs, events = Certificate.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        issue(demo_user("admin"), demo_user(holder))
    assert "holder" in exc.value.errors
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (certs, events)


def test_head_cannot_issue_for_another_department_R_SUP_8(demo_user: Any) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        issue(demo_user("head"), demo_user("cg_officer"))
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["supervisor", "officer", "legal_reviewer", "list_author"])
def test_only_head_and_admin_may_issue_R_SUP_8(role: str, author: Any, demo_user: Any) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        issue(demo_user(role), author)
    assert AuditEvent.objects.count() == events
    assert not Certificate.objects.filter(number="湘衡TEST0001").exists()


def test_revoke_twice_is_a_conflict_and_bad_input_writes_nothing_R_SUP_8(
    author: Any, demo_user: Any
) -> None:
    head = demo_user("head")
    cert = issue(head, author)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.certificate_revoke(actor=head, certificate=cert, on=None, reason=" ")
    assert set(exc.value.errors) == {"on", "reason"}
    assert AuditEvent.objects.count() == events
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.ACTIVE
    services.certificate_revoke(actor=head, certificate=cert, on=ON, reason="离职")
    assert AuditEvent.objects.count() == events + 1
    assert cert.status == Certificate.Status.REVOKED
    with pytest.raises(Conflict):
        services.certificate_revoke(actor=head, certificate=cert, on=ON, reason="离职")
    assert AuditEvent.objects.count() == events + 1


def test_register_states_and_30_day_warning_boundary_R_SUP_8(author: Any, demo_user: Any) -> None:
    admin = demo_user("admin")
    on = dt.date(2030, 6, 1)
    for days in (29, 30, 31):
        issue(
            admin,
            author,
            number=f"W{days}",
            valid_from=dt.date(2030, 1, 1),
            valid_to=on + dt.timedelta(days=days),
        )
    issue(
        admin,
        author,
        number="EXPIRED",
        valid_from=dt.date(2029, 1, 1),
        valid_to=on - dt.timedelta(days=1),
    )
    register = selectors.certificate_register(user=admin, on=on)
    mine = {r.certificate.number: r for r in register.rows if r.certificate.holder == author}
    assert {n: r.state_label for n, r in mine.items()} == {
        "W29": "30天内到期",
        "W30": "30天内到期",
        "W31": "有效",
        "EXPIRED": "已过期",
    }
    warned = [r.certificate.number for r in register.expiring if r.certificate.holder == author]
    assert warned == ["W29", "W30"]


def test_register_is_scoped_to_the_department_R_SUP_8(demo_user: Any) -> None:
    today = timezone.localdate()
    head_view = selectors.certificate_register(user=demo_user("head"), on=today)
    departments = {r.certificate.holder.department.name for r in head_view.rows}
    assert departments == {"衡阳县市场监督管理局"}
    supervisor_view = selectors.certificate_register(user=demo_user("supervisor"), on=today)
    assert len(supervisor_view.rows) > len(head_view.rows)
    assert selectors.certificate_register(user=demo_user("enterprise"), on=today).rows == []


def test_demo_officer2_certificate_expires_in_20_days_R_SUP_8(demo_user: Any) -> None:
    today = timezone.localdate()
    register = selectors.certificate_register(user=demo_user("head"), on=today)
    assert [(r.certificate.holder.username, r.days_left) for r in register.expiring] == [
        ("officer2", 20)
    ]


def test_demo_load_is_idempotent_R_SUP_8() -> None:
    from prudent.certificates.demo import demo_load

    count, events = Certificate.objects.count(), AuditEvent.objects.count()
    assert demo_load("demo-loader") == "0 certificates"
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (count, events)
