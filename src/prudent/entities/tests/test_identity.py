"""A natural person's citizen ID on staff pages: masked everywhere, shown in full only on the audited
page with a stated purpose (CONVENTIONS §6.2: masking server-side by role, every view of the full
value audited; 个人信息保护法 Arts. 28, 34)."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.inspections.models import Inspection

pytestmark = pytest.mark.django_db

PERSON = "430421198503120021"  # 李某某, a natural person of the demo with a planned inspection
MASKED = "430421********0021"
BUSINESS = "92430421MA4L0C2D58"


def person() -> Entity:
    return Entity.objects.get(code=PERSON)


def task_of_person() -> Inspection:
    row = Inspection.objects.filter(entity__code=PERSON).first()
    assert row is not None
    return row


def test_staff_pages_and_api_show_a_natural_persons_id_masked_with_the_audited_link(
    client_as: Any,
) -> None:
    officer = client_as("officer")
    pk = task_of_person().pk
    for url in (f"/inspections/tasks/{pk}/", "/inspections/tasks/?scope=department"):
        html = officer.get(url).content.decode()
        assert MASKED in html, url
        assert PERSON not in html, url
        assert f"/entities/{person().pk}/identity/" in html, url
    api = officer.get(f"/api/v1/inspections/tasks/{pk}").json()
    assert api["entity_code"] == MASKED
    head = client_as("head").get(f"/visits/entities/{person().pk}/").content.decode()
    assert PERSON not in head
    assert MASKED in head


def test_the_full_id_needs_a_purpose_and_every_view_is_audited(client_as: Any) -> None:
    officer = client_as("officer")
    url = f"/entities/{person().pk}/identity/"
    page = officer.get(url)
    assert page.status_code == 200
    assert PERSON not in page.content.decode()
    before = AuditEvent.objects.filter(action="entity_identity_view").count()
    refused = officer.post(url, {"purpose": "  "})
    assert refused.status_code == 422
    assert PERSON not in refused.content.decode()
    assert AuditEvent.objects.filter(action="entity_identity_view").count() == before
    shown = officer.post(url, {"purpose": "制作不予行政处罚决定书核对当事人身份"})
    assert shown.status_code == 200
    assert PERSON in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action="entity_identity_view").latest("pk")
    assert event.object_id == str(person().pk)
    assert "制作不予行政处罚决定书核对当事人身份" in event.summary
    assert AuditEvent.objects.filter(action="entity_identity_view").count() == before + 1


def test_only_staff_reach_the_full_id_and_only_of_a_natural_person(client_as: Any) -> None:
    url = f"/entities/{person().pk}/identity/"
    assert client_as("enterprise").post(url, {"purpose": "x"}).status_code in (403, 404)
    assert client_as("anonymous").get(url).status_code == 302
    business = Entity.objects.get(code=BUSINESS)
    assert client_as("officer").get(f"/entities/{business.pk}/identity/").status_code == 404
    assert not AuditEvent.objects.filter(action="entity_identity_view").exists()
