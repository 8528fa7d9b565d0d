"""The menu: every entry a role sees opens for that role (R-SUP-8: no dead links, no page offered
that the role would be refused)."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.core.navigation import menu_for

pytestmark = pytest.mark.django_db

ROLES = ["officer", "legal_reviewer", "head", "list_author", "supervisor", "enterprise", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_a_role_sees_opens_for_it_R_SUP_8(
    role: str, demo_user: Any, client_as: Any
) -> None:
    user = demo_user(role)
    client = client_as(role)
    entries = menu_for(user)
    assert entries, role
    refused = [
        (e.label, e.url, status)
        for e in entries
        if (status := client.get(e.url).status_code) != 200
    ]
    assert not refused, refused
