import pytest
from django.core.cache import cache

from tests.shared_data import CI_MESSAGE, in_ci, names_shared_data


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and rendition caches must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under ``CI=true``, a test skipped because ``../shared`` is absent fails instead.

    :func:`tests.shared_data.require_shared` fails such tests itself; this also catches a
    skip written by hand (or a skip mark) whose reason names the shared folder, so no test
    that needs the data can pass CI without running.
    """
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and in_ci():
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        if names_shared_data(reason):
            report.outcome = "failed"
            report.longrepr = f"{reason}\n{CI_MESSAGE}"
    return report


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
