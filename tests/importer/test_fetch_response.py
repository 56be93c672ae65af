"""``fetch_response``: status and headers for API clients, with the same guards as fetch."""

import pytest

from importers.errors import SourceReadError
from importers.sources.documents import FetchLimits, fetch, fetch_response
from tests.http_server import loopback_server

LIMITS = FetchLimits(timeout=5, max_bytes=1000, max_redirects=2, allow_private=True)


def routes():
    return {
        "/ok": (200, {"X-WP-TotalPages": "3", "Content-Type": "application/json"}, b"[]"),
        "/gone": (404, {"Content-Type": "text/plain"}, b"not here"),
        "/slow-down": (429, {"Retry-After": "7"}, b""),
        "/big": (500, {}, b"x" * 5000),
    }


@pytest.fixture
def site():
    with loopback_server() as server:
        server.routes.update(routes())
        yield server.base


def test_headers_are_read_case_insensitively(site):
    response = fetch_response(f"{site}/ok", LIMITS, accept="application/json")
    assert response.status == 200 and response.body == b"[]"
    assert response.headers["x-wp-totalpages"] == "3"


def test_error_statuses_are_returned_not_raised(site):
    assert fetch_response(f"{site}/gone", LIMITS).status == 404
    assert fetch_response(f"{site}/slow-down", LIMITS).headers["Retry-After"] == "7"
    with pytest.raises(SourceReadError, match="HTTP 404") as error:
        fetch(f"{site}/gone", LIMITS)
    assert error.value.status == 404


def test_the_size_cap_holds_whatever_the_status(site):
    with pytest.raises(SourceReadError, match="limit"):
        fetch_response(f"{site}/big", LIMITS)


def test_private_addresses_are_refused_unless_allowed(site):
    with pytest.raises(SourceReadError):
        fetch_response(f"{site}/ok", FetchLimits(timeout=5, allow_private=False))
