"""Walks every route for every demo role (issue #2 part 4, R-SUP-8)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.matrix import EXEMPT_PREFIXES, ROLES, ROUTES, Route


def _named_routes(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _named_routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{prefix}{p.name}")
    return names


def _api_paths() -> set[str]:
    from prudent.config.api import api

    schema = api.get_openapi_schema()
    return {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}


def test_every_route_is_in_the_matrix_R_SUP_8() -> None:
    known = {r.name for r in ROUTES}
    missing = sorted(
        n
        for n in _named_routes(get_resolver().url_patterns)
        if n not in known
        and not any(n.startswith(p) for p in EXEMPT_PREFIXES)
        and not n.startswith("api:")  # API operations are checked by path below
    )
    assert missing == [], f"routes missing from tests/permissions/matrix.py: {missing}"
    api_known = {f"{r.method} {r.name}" for r in ROUTES if r.api}
    api_missing = sorted(p for p in _api_paths() if p not in api_known)
    assert api_missing == [], f"API routes missing from the matrix: {api_missing}"


def _path(route: Route) -> str:
    if route.path is not None:
        return route.path()
    return reverse(route.name)


_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


def _assert_no_external_assets(response: Any) -> None:
    """Every page works with the network cut: no asset or link is fetched from another host."""
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode("utf-8", errors="replace")
    assert not _EXTERNAL.search(html), _EXTERNAL.search(html)


CASES = [(r, role) for r in ROUTES for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "role"), CASES, ids=[f"{r.method} {r.name} as {role}" for r, role in CASES]
)
def test_route_allows_only_its_roles_R_SUP_8(route: Route, role: str, client_as: Any) -> None:
    client = client_as(role)
    path = _path(route)
    if route.method == "GET":
        response = client.get(path, route.data)
    elif route.files is not None:  # a multipart upload (evidence): the fields and small files
        response = client.post(path, {**route.data, **route.files()})
    else:
        response = client.generic(route.method, path, data=route.data)
    if role in route.allowed:
        assert response.status_code in route.ok, (path, role, response.status_code)
        _assert_no_external_assets(response)
    else:
        assert response.status_code in route.denied, (path, role, response.status_code)
        assert response.status_code not in route.ok or route.ok == route.denied
        if role == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_is_admin_only_R_SUP_8(role: str, client_as: Any) -> None:
    response = client_as(role).get("/admin/")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
