"""Fixtures for the browser tests: Debian's chromium driven by Playwright's sync API.

Playwright's own browser download cannot work on our machines, so these tests always launch
the system chromium at ``/usr/bin/chromium``. Where it is missing the tests are skipped,
except in CI (``CI=true``), where a missing browser is an error: browser tests must run there.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the calling (test) thread. Django sees
# that running loop and refuses synchronous ORM calls from the same thread with
# ``SynchronousOnlyOperation`` ("You cannot call this from an async context"), which breaks
# every fixture and assertion that touches the database once the browser has started. The
# test code really is synchronous (the loop only drives the browser), so it is safe to
# switch the check off for the browser tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Default time Playwright waits for an element or a navigation, in milliseconds.
DEFAULT_TIMEOUT_MS = 10_000


def _in_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def browser():
    """A headless chromium for the whole session; skipped (or failed in CI) if missing."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium package to run the browser "
            "tests (Playwright's own browser download is not used)"
        )
        if _in_ci():
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    pytest-django's session-scoped ``live_server`` does not depend on ``django_db_setup``, so
    it can start first. It decides there whether to hand the server thread the test thread's
    own connection: yes for an in-memory SQLite database. ``tests.settings`` names
    ``:memory:`` but gives the test database a file (``TEST["NAME"]``), so before setup the
    database looks in-memory, the thread shares one connection, request threads close it
    under each other and Python's sqlite3 module segfaults. Requesting ``django_db_setup``
    first lets the server see the real (file) database and give each thread its own
    connection.
    """
    return live_server


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab in its own context (no cookies shared between tests)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
