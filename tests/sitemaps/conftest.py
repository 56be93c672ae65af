"""A loopback site with robots.txt, a sitemap index, a gzipped and a plain URL set.

Every test here runs behind a network guard: a socket may connect only to loopback, and
every address asked for is logged, so a test can show a refused address was never reached.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from importers.sources.documents import FetchLimits
from importers.sources.web import HostThrottle, Politeness, SitemapWalk
from tests.http_server import loopback_server

from .site import GZIP, TEXT, XML, FakeClock, gz, index, urlset


class OutsideNetworkError(AssertionError):
    """A test tried to reach an address that is not on this machine."""


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Refuse any connection off this machine; the list of addresses connected to."""
    log: list = []
    original = socket.socket.connect

    def connect(self, address):
        log.append(address)
        if isinstance(address, tuple) and not ipaddress.ip_address(address[0]).is_loopback:
            raise OutsideNetworkError(f"test tried to connect to {address!r}")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return log


ROBOTS = """\
User-agent: *
Disallow: /blog/private/
Crawl-delay: 2

User-agent: SomeOtherBot
Disallow: /

Sitemap: {base}/sitemap_index.xml
"""


@pytest.fixture(scope="module")
def _httpd():
    # One server per module: shutting one down takes half a second (serve_forever's poll).
    with loopback_server() as httpd:
        yield httpd


@pytest.fixture
def server(_httpd):
    """The loopback site; tests add or replace routes before walking it."""
    httpd = _httpd
    for recorded in (httpd.routes, httpd.hits, httpd.hosts):
        recorded.clear()
    base = httpd.base
    posts = urlset(
        (f"{base}/blog/one/", "2024-05-01T10:00:00+02:00"),
        (f"{base}/blog/two/", "2024-06-02"),
        f"{base}/blog/tag/python/",
        f"{base}/blog/private/draft/",
        "http://other.example/blog/elsewhere/",
    )
    httpd.routes.update(
        {
            "/robots.txt": (200, TEXT, ROBOTS.format(base=base).encode()),
            "/sitemap_index.xml": (
                200,
                XML,
                index(f"{base}/sitemaps/posts.xml.gz", f"{base}/sitemaps/pages.xml"),
            ),
            "/sitemaps/posts.xml.gz": (200, GZIP, gz(posts)),
            "/sitemaps/pages.xml": (
                200,
                XML,
                urlset(f"{base}/about/", f"{base}/blog/three/", f"{base}/blog/one/"),
            ),
        }
    )
    yield httpd


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def walk(clock):
    """``walk(start, **options)``: a SitemapWalk that may reach loopback and never sleeps."""

    def make(start, *, politeness=None, fetch_limits=None, **options):
        throttle = HostThrottle(politeness or Politeness(), clock=clock, sleep=clock.sleep)
        limits = fetch_limits or FetchLimits(timeout=5, max_redirects=2, allow_private=True)
        return SitemapWalk(start, fetch_limits=limits, throttle=throttle, **options)

    return make
