"""The API's URLs come first in the root URLconf (issue #3, Performance): safe because no other
pattern can match a path under ``api/``, so every path resolves as it did with the API last."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from prudent.config import urls


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route


def test_the_api_is_the_first_pattern() -> None:
    assert str(urls.urlpatterns[0].pattern) == "api/"


def test_no_other_pattern_can_match_a_path_under_api() -> None:
    others = [route for route in _routes(get_resolver()) if not route.startswith("api/")]
    assert others
    for route in others:
        if route == "":  # the home page: the empty path only
            continue
        # A literal first segment (no converter, no regular expression) that is not "api"; a
        # regular-expression route anchored with "^" (the media files `static()` adds when DEBUG
        # was on as the URLconf was imported) is read from after its anchor.
        first = route.removeprefix("^").split("/", 1)[0]
        assert first.replace("-", "").replace("_", "").isalnum(), route
        assert first != "api", route


def test_the_api_routes_resolve_to_the_api() -> None:
    match = resolve("/api/v1/decisions")
    assert match.namespace == "api"
    assert match.url_name == "decisions_create"
    assert resolve("/api/openapi.json").namespace == "api"
