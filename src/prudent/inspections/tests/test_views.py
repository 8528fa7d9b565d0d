"""Pages of the inspection directories and the public item lists (issue #5 part 1; R-INSP-1/4/5,
R-CRED-2, CONVENTIONS §8 不公开)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from prudent.entities.models import Entity
from prudent.inspections.models import EntitySupervision, InspectionItemList, ListMembership

pytestmark = pytest.mark.django_db

OWN = "92430421MA4L0C2D58"  # the demo enterprise's own entity: class A, white-listed


def test_directory_filters_by_class_and_list_R_CRED_2(client_as: Any) -> None:
    c = client_as("officer")
    html = c.get(reverse("inspections:directory"), {"class": "D"}).content.decode()
    assert "衡阳县蒸水建材贸易有限公司" in html
    assert "惠民食品店" not in html
    html = c.get(reverse("inspections:directory"), {"list": "white_list"}).content.decode()
    assert "惠民食品店" in html
    assert "蒸水建材" not in html


def test_credit_class_is_never_shown_to_the_enterprise_or_the_public_R_CRED_2(
    client_as: Any,
) -> None:
    entity = Entity.objects.get(code=OWN)
    enterprise = client_as("enterprise")
    pages = [
        enterprise.get(reverse("entities:detail", args=[entity.pk])),
        enterprise.get(reverse("entities:mine")),
        enterprise.get(reverse("core:home")),
        client_as("anonymous").get(reverse("portal:inspection_items")),
    ]
    lst = InspectionItemList.objects.filter(status="published").first()
    assert lst is not None
    pages.append(client_as("anonymous").get(reverse("portal:inspection_item_list", args=[lst.pk])))
    for response in pages:
        html = response.content.decode()
        for word in ("信用风险", "A类", "白名单", "重点监管清单", "严重违法失信"):
            assert word not in html, (response.request["PATH_INFO"], word)
    assert enterprise.get(reverse("inspections:entity", args=[entity.pk])).status_code == 403
    assert enterprise.get(reverse("inspections:directory")).status_code == 403
    # the staff page does show it
    html = (
        client_as("officer").get(reverse("inspections:entity", args=[entity.pk])).content.decode()
    )
    assert "A类（信用风险低）" in html
    assert "白名单" in html
    assert EntitySupervision.objects.restrict(_user("enterprise"), "view").count() == 0


def _user(name: str) -> Any:
    from prudent.accounts.models import User

    return User.objects.get(username=name)


def test_head_adds_membership_through_the_form_and_overlap_is_refused_R_INSP_5(
    client_as: Any,
) -> None:
    entity = Entity.objects.get(code="91430421MA4L0A1B7B")
    url = reverse("inspections:add_membership", args=[entity.pk])
    c = client_as("head")
    data = {"list_name": "key_supervision", "valid_from": "2026-01-01", "reason": "投诉集中"}
    assert c.post(url, data).status_code == 302
    response = c.post(url, {**data, "valid_from": "2026-02-01"})
    assert response.status_code == 422
    assert "不能重叠" in response.content.decode()
    assert ListMembership.objects.filter(entity=entity).count() == 1


def test_public_portal_shows_published_items_only_R_INSP_1(client_as: Any) -> None:
    html = client_as("anonymous").get(reverse("portal:inspection_items")).content.decode()
    assert "衡阳县市场监督管理局" in html
    published = InspectionItemList.objects.get(
        status="published", department__name="衡阳县市场监督管理局"
    )
    html = (
        client_as("anonymous")
        .get(reverse("portal:inspection_item_list", args=[published.pk]))
        .content.decode()
    )
    assert "食品销售者的监督检查" in html
    assert "重点检查事项" in html
    from prudent.inspections import services

    draft = services.item_list_new_version(
        actor="t", department=published.department, effective_from=published.effective_from
    )
    assert (
        client_as("anonymous")
        .get(reverse("portal:inspection_item_list", args=[draft.pk]))
        .status_code
        == 404
    )
