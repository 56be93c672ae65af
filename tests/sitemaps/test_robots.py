"""robots.txt rules for the importer's user agent (RFC 9309 and Google's conventions)."""

from __future__ import annotations

import pytest
from protego import Protego

from importers.sources.documents import USER_AGENT
from importers.sources.web import RobotsFile
from importers.sources.web.robots import robots_url


def robots(text):
    return RobotsFile("https://s.example/robots.txt", Protego.parse(text))


@pytest.mark.parametrize(
    ("text", "path", "allowed"),
    [
        ("User-agent: *\nDisallow: /*?replytocom=\n", "/blog/a/?replytocom=5", False),
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/x.pdf", False),
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/x.pdf.html", True),
        ("User-agent: *\nDisallow: /blog/\nAllow: /blog/public/\n", "/blog/public/a", True),
        ("User-agent: *\nDisallow: /private\n", "/private/x", False),
        (
            "User-agent: *\nDisallow: /\n\nUser-agent: wagtail-advice-blocks\nAllow: /\n",
            "/a",
            True,
        ),
        ("User-agent: WAGTAIL-ADVICE-BLOCKS\nDisallow: /x/\n", "/x/a", False),
        ("User-agent: *\nDisallow:\n", "/x", True),
    ],
)
def test_rules(text, path, allowed):
    """Wildcards, longest match and our own group, which urllib.robotparser gets wrong."""
    assert robots(text).allows("https://s.example" + path) is allowed


def test_crawl_delay_and_request_rate():
    assert robots("User-agent: *\nCrawl-delay: 4\n").crawl_delay == 4.0
    assert robots("User-agent: *\nRequest-rate: 1/10\nCrawl-delay: 4\n").crawl_delay == 10.0
    assert robots("User-agent: *\nDisallow: /x\n").crawl_delay is None
    assert RobotsFile("https://s.example/robots.txt").crawl_delay is None


def test_sitemaps_and_location():
    assert robots_url("HTTPS://S.example:8443/a/b?c#d") == "https://s.example:8443/robots.txt"
    assert RobotsFile("u", disallow_all=True).allows("https://s.example/") is False
    assert USER_AGENT == "wagtail-advice-blocks importer"
