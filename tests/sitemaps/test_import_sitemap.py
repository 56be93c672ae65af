"""``import_articles --sitemap``: a loopback site's sitemaps (an index with a gzipped and a
plain URL set, found through robots.txt) imported through the HTML path, politely, with
every URL accounted for."""

from __future__ import annotations

import json
import time

import pytest

from advice_blocks.models import AdviceArticlePage
from importers.models import ImportRecord
from tests.commands.runner import run_import

from .site import GZIP, TEXT, XML, gz, index, urlset

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}
CRAWL_DELAY = 0.25
ROBOTS = f"""\
User-agent: *
Disallow: /blog/private/
Crawl-delay: {CRAWL_DELAY}

Sitemap: {{base}}/sitemap_index.xml
"""
ROBOTS_DISALLOWED = "robots.txt disallows it for 'wagtail-advice-blocks importer'"


def article(title: str, reasons: list[str]) -> bytes:
    items = "".join(
        f"<h2>{n}. {reason}</h2><p>{reason} is something most people overlook, and it "
        "pays off sooner than you would think over a year.</p>"
        for n, reason in enumerate(reasons, 1)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>A short introduction that says why these {len(reasons)} "
        f"reasons matter to anyone who wants to get started.</p>{items}</article></body></html>"
    ).encode()


class TimedHits(list):
    """The server's request log, with the time each request arrived."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    def append(self, path):
        self.times.append(time.monotonic())
        super().append(path)


@pytest.fixture
def site(server, settings):
    """The conftest's loopback site, with articles behind its URLs and a short Crawl-delay."""
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": True,
        "FETCH_TIMEOUT": 5,
    }
    base = server.base
    server.routes.update(
        {
            "/robots.txt": (200, TEXT, ROBOTS.format(base=base).encode()),
            "/blog/one/": (
                200,
                HTML,
                article("Three reasons to cycle", ["Health", "Money", "Time"]),
            ),
            "/blog/two/": (200, HTML, article("Four reasons to walk", ["A", "B", "C", "D"])),
            "/blog/three/": (200, HTML, article("Two reasons to swim", ["Joints", "Calm"])),
            "/blog/tag/python/": (200, HTML, b"<html><body><ul><li>x</li></ul></body></html>"),
            "/blog/private/draft/": (200, HTML, article("Secret", ["X", "Y"])),
            "/about/": (200, HTML, article("Three reasons to read this blog", ["A", "B", "C"])),
        }
    )
    server.hits = TimedHits()
    return server


def run_json(*args):
    status, out, err = run_import(*args, "--format", "json")
    return status, json.loads(out), err


def by_url(document, base):
    """Each URL's outcome (a URL listed twice: its first, imported one)."""
    outcomes = document["articles"]
    outcomes += [{"url": e["source"], "status": "failed", **e} for e in document["errors"]]
    found: dict[str, dict] = {}
    for outcome in outcomes + document["skipped"]:
        found.setdefault(outcome["url"].removeprefix(base), outcome)
    return found


def test_a_site_root_is_imported_through_its_sitemaps(site):
    base = site.base
    site.routes["/blog/three/"] = (500, HTML, b"oops")
    status, document, err = run_json("--sitemap", base + "/", "--exclude", "*/tag/*")
    assert status == 1  # one article failed
    assert "1 of 8 URLs failed" in err
    summary = document["summary"]
    assert summary["sitemaps_read"] == 3
    assert summary["imported"] == {"created": 3}
    assert summary["failed"] == 1
    assert summary["accounted_for"] == summary["urls_found"] == 8
    outcomes = by_url(document, base)
    assert {url: o["status"] for url, o in outcomes.items()} == {
        "/blog/one/": "created",
        "/blog/two/": "created",
        "/about/": "created",
        "/blog/three/": "failed",
        "/blog/tag/python/": "skipped",
        "/blog/private/draft/": "skipped",
        "http://other.example/blog/elsewhere/": "skipped",
    }
    assert outcomes["/blog/three/"]["error"] == "server answered HTTP 500"
    assert outcomes["/blog/tag/python/"]["reason"] == "matches the exclude pattern '*/tag/*'"
    assert outcomes["/blog/private/draft/"]["reason"] == ROBOTS_DISALLOWED
    assert "another host" in outcomes["http://other.example/blog/elsewhere/"]["reason"]
    # /blog/one/ is listed twice: imported once, the second listing skipped.
    assert [s["reason"] for s in document["skipped"] if s["url"] == base + "/blog/one/"] == [
        "listed again (counted once)"
    ]
    assert summary["skipped"] == {
        ROBOTS_DISALLOWED: 1,
        "matches the exclude pattern '*/tag/*'": 1,
        "on another host than the sitemap's site": 1,
        "listed again (counted once)": 1,
    }
    one = outcomes["/blog/one/"]
    assert one["sitemap"] == base + "/sitemaps/posts.xml.gz"
    assert one["lastmod"] == "2024-05-01T10:00:00+02:00"

    # Through the HTML path: listicles found, pages as drafts (no --publish).
    cycle = AdviceArticlePage.objects.get(source_url=base + "/blog/one/")
    assert cycle.title == "Three reasons to cycle"
    assert not cycle.live
    (listicle,) = [b.value for b in cycle.body if b.block_type == "listicle"]
    assert len(listicle["items"]) == 3
    assert AdviceArticlePage.objects.count() == 3
    assert ImportRecord.objects.filter(status="failed").count() == 1

    # Nothing disallowed, excluded or elsewhere was fetched.
    assert "/blog/private/draft/" not in site.hits
    assert "/blog/tag/python/" not in site.hits
    assert site.hits[0] == "/robots.txt"


def test_one_request_at_a_time_with_the_crawl_delay(site):
    status, document, _ = run_json(
        "--sitemap", site.base + "/sitemap_index.xml", "--exclude", "*/tag/*", "--delay", "0"
    )
    assert status == 0
    # robots.txt, the index, two URL sets and four articles, in turn.
    assert len(site.hits) == 8
    gaps = [b - a for a, b in zip(site.hits.times, site.hits.times[1:], strict=False)]
    # The first request reads robots.txt; every later one waits out its Crawl-delay.
    assert min(gaps[1:]) >= CRAWL_DELAY * 0.95, gaps


def test_include_and_exclude_patterns(site):
    base = site.base
    status, document, _ = run_json(
        "--sitemap",
        base + "/sitemap_index.xml",
        "--include",
        "/blog/*",
        "--include",
        "/about/",
        "--exclude",
        "*/tag/*",
        "--exclude",
        "/blog/two/",
        "--delay",
        "0",
    )
    assert status == 0
    outcomes = by_url(document, base)
    assert {url for url, o in outcomes.items() if o["status"] == "created"} == {
        "/blog/one/",
        "/blog/three/",
        "/about/",
    }
    assert outcomes["/blog/two/"]["reason"] == "matches the exclude pattern '/blog/two/'"

    status, document, _ = run_json(
        "--sitemap", base + "/sitemap_index.xml", "--include", "/about/", "--delay", "0"
    )
    assert status == 0
    outcomes = by_url(document, base)
    assert outcomes["/blog/one/"]["reason"] == "matches no include pattern"
    assert document["summary"]["imported"] == {"unchanged": 1}


def test_dry_run_and_rerun(site):
    base = site.base
    args = ("--sitemap", base + "/", "--exclude", "*/tag/*", "--delay", "0")
    status, document, _ = run_json(*args, "--dry-run")
    assert status == 0
    assert AdviceArticlePage.objects.count() == 0
    assert ImportRecord.objects.count() == 0
    assert document["summary"]["imported"] == {"previewed": 4}
    titles = {a["url"].removeprefix(base): a["title"] for a in document["articles"]}
    assert titles["/blog/two/"] == "Four reasons to walk"
    assert all(a["body"] for a in document["articles"])

    assert run_import(*args, "--publish")[0] == 0
    assert AdviceArticlePage.objects.filter(live=True).count() == 4
    status, document, _ = run_json(*args, "--publish")
    assert status == 0
    assert document["summary"]["imported"] == {"unchanged": 4}
    assert AdviceArticlePage.objects.count() == 4


def test_text_report(site):
    status, out, err = run_import(
        "--sitemap", site.base + "/", "--exclude", "*/tag/*", "--delay", "0", "-v", "2"
    )
    assert status == 0, err
    assert "Summary: 8 URLs in 3 sitemaps of" in out
    assert "4 created, 0 updated, 0 unchanged, 0 conflicts; 4 skipped; 0 failed." in out
    assert f"skipped 1: {ROBOTS_DISALLOWED}" in out
    assert f"SKIPPED   {site.base}/blog/private/draft/: {ROBOTS_DISALLOWED}" in out


def test_a_page_that_is_not_an_article_fails_alone(site):
    status, document, err = run_json("--sitemap", site.base + "/", "--delay", "0")
    assert status == 1
    (error,) = document["errors"]
    assert error["source"] == site.base + "/blog/tag/python/"
    assert document["summary"]["imported"] == {"created": 4}


def test_sitemap_problems(site):
    base = site.base
    # A missing sitemap: nothing to import, exit status 1 with the reason.
    status, document, err = run_json("--sitemap", base + "/missing.xml", "--delay", "0")
    assert status == 1
    assert "no sitemap could be read" in err and "HTTP 404" in err
    assert document["problems"][0]["sitemap"] == base + "/missing.xml"

    # A broken URL set is reported; the other one is still imported.
    site.routes["/sitemaps/pages.xml"] = (200, XML, b"<urlset><url><loc>")
    status, document, err = run_json(
        "--sitemap", base + "/sitemap_index.xml", "--exclude", "*/tag/*", "--delay", "0"
    )
    assert status == 0
    assert any("broken XML" in p["message"] for p in document["problems"])
    assert document["summary"]["imported"] == {"created": 2}

    # robots.txt that cannot be read (5xx) disallows everything: nothing is fetched.
    site.routes["/robots.txt"] = (503, TEXT, b"")
    site.hits.clear()
    status, document, err = run_json("--sitemap", base + "/sitemap_index.xml", "--delay", "0")
    assert status == 1
    assert site.hits == ["/robots.txt"]
    assert "robots.txt could not be read" in err


def test_gzipped_sitemap_given_directly(site):
    base = site.base
    site.routes["/only.xml.gz"] = (200, GZIP, gz(urlset(f"{base}/blog/two/")))
    site.routes["/index2.xml"] = (200, XML, index(f"{base}/only.xml.gz"))
    status, document, _ = run_json("--sitemap", base + "/index2.xml", "--delay", "0")
    assert status == 0
    assert document["summary"]["imported"] == {"created": 1}


def test_usage_errors(site):
    cases = [
        (("--sitemap", "example.com/sitemap.xml"), "needs an http(s) URL"),
        (("--sitemap", site.base + "/", "--include", "blog/*"), "never matches"),
        (("--sitemap", site.base + "/", "page.html"), "not both"),
        (("--include", "/blog/*", "page.html"), "go with --sitemap"),
        (("--sitemap", site.base + "/", "--include-pages"), "go with --wordpress-export"),
    ]
    for args, message in cases:
        status, _, err = run_import(*args)
        assert (status, message in err) == (2, True), (args, err)
    assert site.hits == []


def test_private_addresses_are_refused_without_the_setting(site, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "ALLOW_PRIVATE_URLS": False}
    status, document, err = run_json("--sitemap", site.base + "/", "--delay", "0")
    assert status == 1
    assert "ALLOW_PRIVATE_URLS" in err
    assert site.hits == []
