"""Fixtures for the browser tests: Debian's chromium driven by Playwright's sync API.

Playwright's own browser download cannot work on our machines, so these tests always launch
the system chromium at ``/usr/bin/chromium``. Where it is missing the tests are skipped,
except in CI (``CI=true``), where a missing browser is an error: browser tests must run there.
"""

import os
import threading
import warnings
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the calling (test) thread, and it keeps
# running for as long as the session-scoped browser below is open. Django sees that running
# loop and refuses every synchronous ORM call from the thread with ``SynchronousOnlyOperation``
# ("You cannot call this from an async context"), which breaks creating the test user,
# checking the database and even pytest-django's own database teardown. The test code really
# is synchronous (the loop only drives the browser, nothing else runs on it), so switching
# the check off is safe here. It is set when this conftest is imported, so it also covers
# any test that runs after the browser has started in the same session.
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
#: How long Playwright waits for an element, an assertion or a navigation, in milliseconds.
# Generous: CI machines have two cores and the admin bundle is large; a slow step must
# not read as a failure.
TIMEOUT_MS = 30_000


class InFlight:
    """The live server's WSGI app, counting the requests it has not finished answering.

    Closing a browser context does not stop what the server is doing for it: a request the
    tab sent last (an autosave, a preview refresh, one a test held on purpose) goes on in
    its server thread. If it is still running when the test's database flush comes, and
    the next test rebuilds the page tree at the same treebeard paths, it works on rows that
    are gone or no longer its own (a preview once failed with ``Page.DoesNotExist`` for the
    parent it had just read). So ``page`` waits for the count to reach zero before the
    test ends. A request counts until its response is closed, which is also when Django
    sends ``request_finished``.
    """

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.done()
            raise
        return _Answer(result, self.done)

    def done(self):
        with self.idle:
            self.count -= 1
            if not self.count:
                self.idle.notify_all()

    def wait_until_idle(self, timeout):
        with self.idle:
            return self.idle.wait_for(lambda: not self.count, timeout)


class _Answer:
    """A response body that tells ``InFlight`` when the server has closed it."""

    def __init__(self, result, done):
        self.result = result
        self.done = done

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()
        finally:
            self.done()


def in_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item so ``page`` can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """A headless chromium for the whole session; skipped if missing, failed in CI."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = (
            f"{CHROMIUM} not found: install Debian's chromium package to run the browser "
            "tests (they never use Playwright's own browser download)"
        )
        if in_ci():
            pytest.fail(f"{reason}. CI=true, and browser tests must run in CI.", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
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
    it can start first, and it decides when it starts whether to hand the server thread the
    test thread's own connection: yes for an in-memory SQLite database. ``tests.settings``
    names ``:memory:`` but gives the test database a file (``TEST["NAME"]``), so before setup
    the database looks in-memory, all request threads share one connection, close it under
    each other, and Python's sqlite3 module segfaults. Setting the database up first lets the
    server see the real (file) database and give each thread its own connection.

    Its app is wrapped in :class:`InFlight`, kept as ``live_server.in_flight``.
    """
    httpd = live_server.thread.httpd
    live_server.in_flight = InFlight(httpd.get_app())
    httpd.set_app(live_server.in_flight)
    return live_server


@pytest.fixture
def page(request, browser, live_server, tmp_path):
    """A fresh tab in its own browser context (no cookies shared between tests).

    Relative URLs go to the live server. If the test fails, a screenshot of the tab is kept
    in the test's temporary directory and its path printed. Once the tab is closed, waits
    until the live server has answered every request it had (see :class:`InFlight`).
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            path = tmp_path / "failure.png"
            try:
                tab.screenshot(path=str(path))
                print(f"Browser screenshot at failure: {path}")
            except Exception as error:  # best effort: the test has failed already
                print(f"Could not take a failure screenshot: {error}")
        context.close()
        if not live_server.in_flight.wait_until_idle(TIMEOUT_MS / 1000):
            warnings.warn(
                f"the live server was still answering {live_server.in_flight.count} "
                f"request(s) {TIMEOUT_MS / 1000:.0f} s after the test's browser closed",
                stacklevel=1,
            )


@pytest.fixture
def site_tree(transactional_db):
    """The default site and its home page, as migrations create them, re-created if missing.

    Every transactional test ends with a flush that empties the database; content types and
    permissions come back (``post_migrate``), but the locale, root page, home page and site
    that migrations made do not. Tests that need them after an earlier transactional test
    (``tests.factories.make_article`` does) request this fixture. Returns the default site.
    """
    from django.conf import settings
    from home.models import HomePage
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Advice articles", slug="home", locale=locale))
    return Site.objects.create(
        hostname="localhost",
        root_page=home,
        is_default_site=True,
        site_name="Advice blocks example",
    )
