"""Django admin writes to certificates are validated like the services and audited (R-CASE-7, R-SUP-8)."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.certificates.models import Certificate
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADD = "/admin/certificates/certificate/add/"


def admin_data(holder: Any, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "holder": holder.pk,
        "number": "湘衡ADMIN001",
        "issuer": "衡阳县人民政府",
        "valid_from": "2026-01-01",
        "valid_to": "2028-12-31",
        "fields": ["market_regulation"],
        "status": "active",
        "revoked_on": "",
        "revocation_reason": "",
    }
    data.update(kw)
    return data


def test_admin_add_and_delete_are_audited_R_SUP_8(client_as: Any, demo_user: Any) -> None:
    client = client_as("admin")
    events = AuditEvent.objects.count()
    response = client.post(ADD, admin_data(demo_user("list_author")))
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = Certificate.objects.get(number="湘衡ADMIN001")
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    assert (last.action, last.object_id) == ("certificate_issue", str(cert.pk))
    assert AuditEvent.objects.count() == events + 1
    response = client.post(f"/admin/certificates/certificate/{cert.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Certificate.objects.filter(pk=cert.pk).exists()
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    assert last.action == "certificate_delete"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": "湘衡4304210001"}, "number"),
        ({"valid_to": "2025-12-31"}, "valid_to"),
        ({"status": "revoked"}, "revoked_on"),
    ],
)
def test_admin_bad_input_writes_nothing_R_SUP_8(
    changes: dict[str, Any], field: str, client_as: Any, demo_user: Any
) -> None:
    count, events = Certificate.objects.count(), AuditEvent.objects.count()
    response = client_as("admin").post(ADD, admin_data(demo_user("list_author"), **changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (count, events)
