"""Inspection results in the credit file (issue #5 part 7; R-INSP-1): written only from a published
result, once; not a penalty record; read by staff and by the entity itself only."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.core.errors import Conflict
from prudent.core.permissions import Action
from prudent.credit.models import InspectionResultEntry
from prudent.credit.services import inspection_result_enter
from prudent.inspections.models import Inspection

pytestmark = pytest.mark.django_db

OWN = "92430421MA4L0C2D58"


def test_an_unpublished_result_does_not_enter_the_credit_file_R_INSP_1() -> None:
    row = Inspection.objects.filter(result_published_on__isnull=True, outcome__gt="").first()
    assert row is not None  # the demo's order to correct, awaiting publication
    with pytest.raises(Conflict):
        inspection_result_enter(inspection=row)
    assert not InspectionResultEntry.objects.filter(inspection=row).exists()


def test_a_published_result_enters_once_R_INSP_1() -> None:
    entry = InspectionResultEntry.objects.get(entity__code=OWN)
    with pytest.raises(Conflict):
        inspection_result_enter(inspection=entry.inspection)
    assert InspectionResultEntry.objects.filter(inspection=entry.inspection).count() == 1


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("officer", True),
        ("cg_officer", True),  # published results are public: every department reads them
        ("supervisor", True),
        ("enterprise", True),  # its own
        ("admin", True),
    ],
)
def test_who_reads_inspection_entries_R_INSP_1(demo_user: Any, role: str, sees: bool) -> None:
    qs = InspectionResultEntry.objects.restrict(demo_user(role), Action.VIEW)
    assert qs.filter(entity__code=OWN).exists() is sees
    assert not InspectionResultEntry.objects.restrict(demo_user(role), Action.CHANGE).exists() or (
        role == "admin"
    )


def test_an_enterprise_reads_no_other_entitys_inspection_entries_R_INSP_1(
    demo_user: Any,
) -> None:
    qs = InspectionResultEntry.objects.restrict(demo_user("enterprise"), Action.VIEW)
    assert set(qs.values_list("entity__code", flat=True)) <= {OWN}
