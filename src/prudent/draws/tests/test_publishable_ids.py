"""Published draw material never carries a citizen ID number (PIPL; CONVENTIONS §6; issue #5
part 3): the inspection directories' canonical exports use a natural person's alias."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from prudent.entities.models import Entity
from prudent.inspections import selectors, services

pytestmark = pytest.mark.django_db

PERSON = "430421198503120021"  # 李某某 in the demo


def test_population_export_uses_an_alias_for_a_natural_person_never_the_id_number() -> None:
    person = Entity.objects.get(code=PERSON)
    rows = dict(selectors.population_rows(on=timezone.localdate()))
    assert PERSON not in rows
    alias = f"NP{person.pk:08d}"
    assert rows[alias] == "B"
    assert PERSON not in selectors.population_csv(on=timezone.localdate())
    assert selectors.entity_for_publishable_id(alias) == person
    assert selectors.entity_for_publishable_id("92430421MA4L0C2D58").code == "92430421MA4L0C2D58"


def test_a_code_shaped_like_a_citizen_id_is_aliased_whatever_its_kind() -> None:
    assert selectors.publishable_entity_id(7, "43042119850312002X", "enterprise") == "NP00000007"
    assert selectors.publishable_entity_id(7, "91430421MA4L0A1B7B", "enterprise") == (
        "91430421MA4L0A1B7B"
    )


def test_inspector_export_names_conflicts_with_a_person_by_alias(demo_user: Any) -> None:
    person = Entity.objects.get(code=PERSON)
    services.conflict_declare(
        actor=demo_user("head"),
        inspector=demo_user("officer"),
        entity=person,
        reason="邻居",
        declared_on=timezone.localdate(),
    )
    text = selectors.inspectors_csv(on=timezone.localdate())
    assert PERSON not in text
    assert f"NP{person.pk:08d}" in text
