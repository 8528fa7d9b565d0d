"""Every page works with the network cut: the assets the layout uses are served by the app itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_every_asset_the_layout_links_is_found_locally(client_as: Any) -> None:
    html = client_as("officer").get("/").content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert assets, "the layout links its stylesheet"
    for asset in assets:
        assert finders.find(asset) is not None, asset


def test_api_docs_assets_are_served_locally() -> None:
    assert finders.find("ninja/swagger-ui-bundle.js") is not None
    assert finders.find("ninja/swagger-ui.css") is not None


@pytest.mark.django_db
def test_enterprise_menu_shows_its_own_case_pages_not_the_staff_lists(client_as: Any) -> None:
    html = client_as("enterprise").get("/").content.decode()
    assert "我的案件" in html
    assert "没收物品" not in html
    assert 'href="/cases/"' not in html
