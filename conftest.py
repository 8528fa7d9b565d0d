"""Shared fixtures: the demo data of 衡阳县 is loaded once into the test database, and every test
runs inside a transaction that is rolled back, so tests see the demo and leave it as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from prudent.core.demo import DEMO_PASSWORD

# Tests never time anything: Hypothesis's speed checks would make the suite's outcome depend on how
# loaded the machine is, so they are off; the example counts stay as each test sets them.
settings.register_profile(
    "prudent",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("prudent")

ROLE_USERS = {
    "officer": "officer",
    "legal_reviewer": "reviewer",
    "head": "head",
    "list_author": "author",
    "supervisor": "supervisor",
    "enterprise": "enterprise",
    "admin": "admin",
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser journeys (tests/browser) run last, after pytest-django's own ordering: their live
    server needs a transactional database, flushed after each test (tests/browser/conftest.py
    restores the demo afterwards, so the order is insurance, not a requirement)."""
    items[:] = sorted(items, key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from prudent.core.demo import demo_load

    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture
def demo_user(db: Any) -> Any:
    """`demo_user("officer")` → the demo account of that role."""
    from prudent.accounts.models import User

    def get(role: str) -> User:
        return User.objects.get(username=ROLE_USERS.get(role, role))

    return get


@pytest.fixture
def client_as(db: Any) -> Any:
    """`client_as("supervisor")` → a test client signed in as that demo role (None = anonymous)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None and role != "anonymous":
            from prudent.accounts.models import User

            client.force_login(User.objects.get(username=ROLE_USERS.get(role, role)))
        return client

    return make


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD
