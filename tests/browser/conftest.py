"""Browser journeys (issue #4 tests): Playwright drives Debian's chromium (/usr/bin/chromium,
installed by `make install` through scripts/install-system-deps.sh) against pytest-django's
`live_server`.

The live server needs a *transactional* test database: the data a test writes is committed so
that the server thread sees it, and pytest-django flushes every table when the test ends. The rest
of the suite relies on the 衡阳县 demo that the root conftest loads once per session, so:

- before the first browser test the demo (as loaded) is serialised once (`_demo_snapshot`);
- after every browser test, once its fixtures are torn down and the tables flushed, the hook
  `pytest_runtest_teardown` below puts that snapshot back — same rows, same primary keys, sequences
  reset — so a test that runs after a browser test sees the demo exactly as before, whatever the
  order (checked by running the whole suite with the browser tests first and last);
- and the root conftest moves `browser` tests to the end of the run anyway (cheap insurance, and
  the slow tests come last).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Playwright's default wait; the journeys run on a small shared machine.
TIMEOUT_MS = 20_000
SCREENSHOT_DIR = (
    Path(os.environ.get("PRUDENT_BROWSER_SHOTS") or tempfile.gettempdir())
    / "prudent-browser-journeys"
)

_SNAPSHOT: dict[str, str] = {}


def _serialize() -> str:
    from django.db import connection

    return connection.creation.serialize_db_to_string()


def _restore(snapshot: str) -> None:
    """Empty every table (without post_migrate, so no content types are re-created with other
    keys), load the snapshot and move each sequence past the restored primary keys."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(snapshot)
    models = [m for c in apps.get_app_configs() for m in c.get_models(include_auto_created=True)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup: Any, django_db_blocker: Any) -> str:
    """The demo as the root conftest loaded it, serialised before any browser test runs."""
    with django_db_blocker.unblock():
        _SNAPSHOT["demo"] = _serialize()
    return _SNAPSHOT["demo"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        # the last test's teardown also ends the session (test database destroyed): nothing to do
        needed = nextitem is not None and "demo" in _SNAPSHOT
        if needed and item.get_closest_marker("browser") is not None:
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                _restore(_SNAPSHOT["demo"])


@pytest.fixture(scope="session")
def browser(_demo_snapshot: str) -> Iterator[Any]:
    """Debian's chromium, headless. Playwright gives each launch a fresh temporary profile
    (user-data dir) and removes it at close; it never downloads a browser here.

    Playwright's sync API keeps an asyncio loop in this thread, which Django's async-safety check
    takes for async code; the test thread's database calls (live-server setup, the flush, the
    restore) are plain synchronous code, so the check is switched off while the browser is open
    (DJANGO_ALLOW_ASYNC_UNSAFE, as Django documents for such hosts) and restored after."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser journeys need Debian's chromium. "
            "Run `make install` as root (scripts/install-system-deps.sh installs it).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield b
            finally:
                b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live(_demo_snapshot: str, live_server: Any) -> str:
    """The live server's base URL (the demo is in the database; see the module docstring)."""
    return str(live_server.url)


@pytest.fixture
def open_as(browser: Any, live: str, demo_password: str) -> Iterator[Any]:
    """`open_as("officer")` → a page in a new browser context (its own cookies), signed in
    through the login form as that demo user."""
    contexts: list[Any] = []

    def make(username: str) -> Any:
        context = browser.new_context(
            base_url=live, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo_password)
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot() -> Any:
    """`screenshot(page, "name")` → a full-page PNG in SCREENSHOT_DIR (kept for looking at)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
