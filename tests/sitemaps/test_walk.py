"""Walking a loopback site's sitemaps: discovery, order, filters, robots.txt and problems."""

from __future__ import annotations

import datetime

import pytest

from importers.sources.documents import FetchLimits
from importers.sources.web import SitemapLimits

from .site import GZIP, TEXT, XML, gz, index, urlset

UTC = datetime.UTC


def paths(found, base):
    return [entry.url.removeprefix(base) for entry in found]


def test_index_with_gzipped_and_plain_url_sets(server, walk):
    """An index's URL sets are read in order, gzipped or not, with their lastmod."""
    base = server.base
    sitemaps = walk(f"{base}/sitemap_index.xml")
    found = list(sitemaps)

    assert paths(found, base) == [
        "/blog/one/",
        "/blog/two/",
        "/blog/tag/python/",
        "/about/",
        "/blog/three/",
    ]
    one, two = found[0], found[1]
    assert one.lastmod == datetime.datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert two.lastmod == datetime.datetime(2024, 6, 2, tzinfo=UTC)
    assert found[3].lastmod is None
    assert one.sitemap == f"{base}/sitemaps/posts.xml.gz"
    counts = sitemaps.counts
    assert counts.sitemaps_read == 3
    assert counts.urls_found == 8
    assert counts.disallowed == 1  # /blog/private/draft/
    assert counts.filtered_out == 1  # other.example
    assert counts.duplicates == 1  # /blog/one/ again in pages.xml
    assert counts.kept == 5
    assert sitemaps.problems == []


def test_counts_add_up(server, walk):
    """found = kept + filtered out + disallowed + duplicates + invalid."""
    sitemaps = walk(f"{server.base}/sitemap_index.xml")
    assert len(list(sitemaps)) == sitemaps.counts.kept
    counts = sitemaps.counts
    assert counts.urls_found == (
        counts.kept + counts.filtered_out + counts.disallowed + counts.duplicates + counts.invalid
    )


def test_site_root_is_read_through_robots_txt(server, walk):
    """A site root's robots.txt names the sitemaps; its Disallow lines apply to the URLs."""
    sitemaps = walk(server.base + "/")
    found = list(sitemaps)
    assert "/blog/private/draft/" not in paths(found, server.base)
    assert len(found) == 5
    assert server.hits == [
        "/robots.txt",
        "/sitemap_index.xml",
        "/sitemaps/posts.xml.gz",
        "/sitemaps/pages.xml",
    ]
    assert all(host == f"127.0.0.1:{server.port}" for host in server.hosts)


def test_site_root_without_sitemap_lines_falls_back_to_sitemap_xml(server, walk):
    server.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nDisallow:\n")
    server.routes["/sitemap.xml"] = (200, XML, urlset(f"{server.base}/blog/a/"))
    found = list(walk(server.base))
    assert paths(found, server.base) == ["/blog/a/"]


def test_site_root_with_no_sitemap_anywhere_says_so(server, walk):
    server.routes["/robots.txt"] = (404, {}, b"")
    sitemaps = walk(server.base + "/")
    assert list(sitemaps) == []
    assert [str(p) for p in sitemaps.problems] == [
        f"{server.base}/sitemap.xml: robots.txt names no sitemap, and /sitemap.xml failed: "
        "server answered HTTP 404"
    ]


def test_gzip_is_recognised_by_content_not_name(server, walk):
    """A .gz name served decompressed, and gzip under a .xml name, are both read."""
    base = server.base
    server.routes.update(
        {
            "/index.xml": (200, XML, index(f"{base}/a.xml.gz", f"{base}/b.xml")),
            "/a.xml.gz": (200, XML, urlset(f"{base}/blog/a/")),
            "/b.xml": (200, XML, gz(urlset(f"{base}/blog/b/"))),
        }
    )
    sitemaps = walk(f"{base}/index.xml")
    assert paths(sitemaps, base) == ["/blog/a/", "/blog/b/"]
    assert sitemaps.problems == []


def test_plain_text_sitemap(server, walk):
    base = server.base
    server.routes["/urls.txt"] = (
        200,
        TEXT,
        f"\ufeff{base}/blog/a/\n\n{base}/blog/b/\r\n".encode(),
    )
    assert paths(walk(f"{base}/urls.txt"), base) == ["/blog/a/", "/blog/b/"]


# -- filters -----------------------------------------------------------------------------------


def test_include_and_exclude_patterns(server, walk):
    """Globs on the path: kept when an include matches and no exclude does."""
    sitemaps = walk(f"{server.base}/sitemap_index.xml", include=["/blog/*"], exclude=["*/tag/*"])
    assert paths(sitemaps, server.base) == ["/blog/one/", "/blog/two/", "/blog/three/"]
    assert sitemaps.counts.filtered_out == 3  # other host, /blog/tag/python/, /about/


def test_patterns_match_the_decoded_path_too(server, walk):
    server.routes["/s.xml"] = (200, XML, urlset(f"{server.base}/blog/caf%C3%A9/"))
    assert len(list(walk(f"{server.base}/s.xml", include=["/blog/café/"]))) == 1


def test_a_pattern_that_cannot_match_is_refused(walk):
    with pytest.raises(ValueError) as raised:
        walk("https://example.com/sitemap.xml", include=["blog/*"])
    assert str(raised.value) == (
        "include pattern 'blog/*' never matches: URL paths start with '/' "
        "(write '/blog/*' or '*blog/*')"
    )


def test_other_hosts_are_kept_when_same_host_is_off(server, walk):
    """localhost is another host name for the same loopback server."""
    other = f"http://localhost:{server.port}"
    server.routes["/s.xml"] = (200, XML, urlset(f"{server.base}/a/", f"{other}/b/"))
    assert len(list(walk(f"{server.base}/s.xml"))) == 1
    sitemaps = walk(f"{server.base}/s.xml", same_host=False)
    assert [entry.url for entry in sitemaps] == [f"{server.base}/a/", f"{other}/b/"]


def test_index_entries_on_another_host_are_not_followed(server, walk):
    other = f"http://localhost:{server.port}"
    server.routes["/i.xml"] = (200, XML, index(f"{other}/sitemaps/pages.xml"))
    sitemaps = walk(f"{server.base}/i.xml")
    assert list(sitemaps) == []
    assert [p.message for p in sitemaps.problems] == [
        f"lists {other}/sitemaps/pages.xml, on another host; not read (same host only)"
    ]


def test_invalid_locations_are_counted(server, walk):
    server.routes["/s.xml"] = (
        200,
        XML,
        b"<urlset><url><loc>mailto:a@b.c</loc></url><url><lastmod>2024</lastmod></url>"
        b"<url><loc>/relative/</loc></url></urlset>",
    )
    sitemaps = walk(f"{server.base}/s.xml")
    assert paths(sitemaps, server.base) == ["/relative/"]
    assert sitemaps.counts.invalid == 2


# -- robots.txt --------------------------------------------------------------------------------


def test_robots_disallowed_urls_are_counted_not_yielded(server, walk):
    sitemaps = walk(f"{server.base}/sitemaps/posts.xml.gz")
    assert "/blog/private/draft/" not in paths(sitemaps, server.base)
    assert sitemaps.counts.disallowed == 1


def test_robots_can_be_ignored(server, walk):
    sitemaps = walk(f"{server.base}/sitemaps/posts.xml.gz", respect_robots=False)
    assert "/blog/private/draft/" in paths(sitemaps, server.base)
    assert "/robots.txt" not in server.hits


def test_a_sitemap_robots_disallows_is_not_fetched(server, walk):
    server.routes["/robots.txt"] = (200, TEXT, b"User-agent: wagtail-advice-blocks\nDisallow: /\n")
    sitemaps = walk(f"{server.base}/sitemap_index.xml")
    assert list(sitemaps) == []
    assert server.hits == ["/robots.txt"]
    assert [p.message for p in sitemaps.problems] == [
        "robots.txt disallows it for 'wagtail-advice-blocks importer'"
    ]


def test_an_unreachable_robots_txt_stops_the_site(server, walk):
    """RFC 9309: a 5xx robots.txt means nothing may be fetched."""
    server.routes["/robots.txt"] = (503, {}, b"busy")
    sitemaps = walk(f"{server.base}/sitemap_index.xml")
    assert list(sitemaps) == []
    assert server.hits == ["/robots.txt"]
    assert [str(p) for p in sitemaps.problems] == [
        f"{server.base}/robots.txt: robots.txt could not be read (server answered HTTP 503), "
        "so nothing on this site is fetched (RFC 9309: an unreachable robots.txt disallows "
        "everything)",
        f"{server.base}/sitemap_index.xml: not fetched: the site's robots.txt could not be read",
    ]


def test_a_missing_robots_txt_allows_everything(server, walk):
    server.routes["/robots.txt"] = (404, {}, b"")
    sitemaps = walk(f"{server.base}/sitemap_index.xml")
    assert len(list(sitemaps)) == 6
    assert sitemaps.counts.kept == 6 and sitemaps.counts.disallowed == 0
    assert sitemaps.problems == []


# -- caps --------------------------------------------------------------------------------------


def test_too_many_urls_stop_the_walk(server, walk):
    sitemaps = walk(f"{server.base}/sitemap_index.xml", limits=SitemapLimits(max_urls=3))
    assert paths(sitemaps, server.base) == ["/blog/one/", "/blog/two/", "/blog/tag/python/"]
    assert sitemaps.counts.urls_found == 3
    assert "/sitemaps/pages.xml" not in server.hits
    assert [str(p) for p in sitemaps.problems] == [
        f"{server.base}/sitemaps/posts.xml.gz: stopped at 3 URLs (max_urls): the rest of this "
        "sitemap and the sitemaps after it are not read"
    ]


def test_a_gzip_bomb_is_cut_off_and_the_others_are_read(server, walk):
    """20 MB of zeros (20 KB gzipped) stop at the decompressed cap."""
    base = server.base
    entry = f"<urlset><url><loc>{base}/blog/bomb/</loc></url>".encode()
    bomb = gz(entry + b" " * 20_000_000 + b"</urlset>")
    assert len(bomb) < 30_000
    server.routes.update(
        {
            "/i.xml": (200, XML, index(f"{base}/bomb.xml.gz", f"{base}/sitemaps/pages.xml")),
            "/bomb.xml.gz": (200, GZIP, bomb),
        }
    )
    limits = SitemapLimits(max_decompressed_bytes=1_000_000)
    sitemaps = walk(f"{base}/i.xml", limits=limits)
    assert paths(sitemaps, base) == ["/blog/bomb/", "/about/", "/blog/three/", "/blog/one/"]
    assert [str(p) for p in sitemaps.problems] == [
        f"{base}/bomb.xml.gz: the sitemap is over 1,000,000 bytes once decompressed "
        "(max_decompressed_bytes); the rest is not read (after 1 entries)"
    ]


def test_the_download_itself_is_capped(server, walk):
    server.routes["/big.xml"] = (200, XML, urlset(*(f"{server.base}/{i}/" for i in range(2000))))
    limits = FetchLimits(max_bytes=10_000, allow_private=True)
    sitemaps = walk(f"{server.base}/big.xml", fetch_limits=limits)
    assert list(sitemaps) == []
    assert "over the 10,000-byte limit" in sitemaps.problems[0].message


def test_a_deep_index_chain_is_followed_to_max_depth(server, walk):
    base = server.base
    for level in range(8):
        server.routes[f"/chain{level}.xml"] = (200, XML, index(f"{base}/chain{level + 1}.xml"))
    server.routes["/chain8.xml"] = (200, XML, urlset(f"{base}/blog/deep/"))
    sitemaps = walk(f"{base}/chain0.xml", limits=SitemapLimits(max_depth=3))
    assert list(sitemaps) == []
    assert [hit for hit in server.hits if hit.startswith("/chain")] == [
        "/chain0.xml",
        "/chain1.xml",
        "/chain2.xml",
        "/chain3.xml",
    ]
    assert [str(p) for p in sitemaps.problems] == [
        f"{base}/chain3.xml: this index is 3 levels deep and lists 1 more sitemaps; indexes "
        "are followed 3 levels deep (max_depth), so they are not read"
    ]


def test_an_index_listing_itself_is_read_once(server, walk):
    base = server.base
    server.routes["/self.xml"] = (
        200,
        XML,
        index(f"{base}/self.xml", f"{base}/sitemaps/pages.xml"),
    )
    sitemaps = walk(f"{base}/self.xml")
    assert len(list(sitemaps)) == 3
    assert server.hits.count("/self.xml") == 1
    assert [str(p) for p in sitemaps.problems] == [
        f"{base}/self.xml: lists itself; not read again"
    ]


def test_a_loop_of_two_indexes_ends(server, walk):
    base = server.base
    server.routes["/a.xml"] = (200, XML, index(f"{base}/b.xml"))
    server.routes["/b.xml"] = (200, XML, index(f"{base}/a.xml#again"))
    sitemaps = walk(f"{base}/a.xml")
    assert list(sitemaps) == []
    assert server.hits[1:] == ["/a.xml", "/b.xml"]
    assert [str(p) for p in sitemaps.problems] == [
        f"{base}/b.xml: lists {base}/a.xml, which was read already (a loop or a repeat); "
        "not read again"
    ]


def test_a_redirect_back_to_a_read_sitemap_is_a_loop(server, walk):
    base = server.base
    server.routes["/i.xml"] = (200, XML, index(f"{base}/moved.xml"))
    server.routes["/moved.xml"] = (301, {"Location": "/i.xml"}, b"")
    sitemaps = walk(f"{base}/i.xml")
    assert list(sitemaps) == []
    assert [p.message for p in sitemaps.problems] == [
        f"redirects to {base}/i.xml, which was read already; not read again"
    ]


def test_redirects_are_capped(server, walk):
    server.routes["/loop.xml"] = (302, {"Location": "/loop.xml"}, b"")
    sitemaps = walk(f"{server.base}/loop.xml")
    assert list(sitemaps) == []
    assert [p.message for p in sitemaps.problems] == ["more than 2 redirects"]


def test_too_many_sitemaps(server, walk):
    base = server.base
    server.routes["/i.xml"] = (200, XML, index(*(f"{base}/s{i}.xml" for i in range(6))))
    for i in range(6):
        server.routes[f"/s{i}.xml"] = (200, XML, urlset(f"{base}/blog/{i}/"))
    sitemaps = walk(f"{base}/i.xml", limits=SitemapLimits(max_sitemaps=3))
    assert paths(sitemaps, base) == ["/blog/0/", "/blog/1/"]
    assert sitemaps.counts.sitemaps_read == 3
    assert [str(p) for p in sitemaps.problems] == [
        f"{base}/i.xml: 4 more sitemaps were listed but not read: the limit is 3 (max_sitemaps)"
    ]


# -- problems ----------------------------------------------------------------------------------


def test_a_broken_sitemap_does_not_stop_the_others(server, walk):
    """The entries before the break are kept; the problem names the sitemap and the break."""
    base = server.base
    broken = urlset(f"{base}/blog/b1/", f"{base}/blog/b2/")[:-30]
    server.routes.update(
        {
            "/i.xml": (
                200,
                XML,
                index(
                    f"{base}/sitemaps/posts.xml.gz",
                    f"{base}/broken.xml",
                    f"{base}/missing.xml",
                    f"{base}/page.html",
                    f"{base}/sitemaps/pages.xml",
                ),
            ),
            "/broken.xml": (200, XML, broken),
            "/page.html": (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html></html>"),
        }
    )
    sitemaps = walk(f"{base}/i.xml")
    assert paths(sitemaps, base) == [
        "/blog/one/",
        "/blog/two/",
        "/blog/tag/python/",
        "/blog/b1/",
        "/about/",
        "/blog/three/",
    ]
    problems = [str(p) for p in sitemaps.problems]
    assert problems[0].startswith(f"{base}/broken.xml: broken XML: ")
    assert problems[0].endswith("(after 1 entries)")
    assert problems[1:] == [
        f"{base}/missing.xml: server answered HTTP 404",
        f"{base}/page.html: not a sitemap: the document is <html>, not <urlset> or <sitemapindex>",
    ]


# -- the address guard -------------------------------------------------------------------------


def test_private_addresses_are_refused_unless_allowed(server, walk, connections):
    """Without ALLOW_PRIVATE_URLS nothing on loopback or a private network is contacted."""
    limits = FetchLimits(timeout=5, allow_private=False)
    sitemaps = walk(
        [f"{server.base}/sitemap_index.xml", "http://10.1.2.3/sitemap.xml"],
        fetch_limits=limits,
    )
    assert list(sitemaps) == []
    assert server.hits == []
    assert connections == []
    messages = [str(p) for p in sitemaps.problems]
    assert any("resolves to the non-public address 127.0.0.1" in m for m in messages)
    assert any("resolves to the non-public address 10.1.2.3" in m for m in messages)


def test_private_addresses_are_refused_with_robots_ignored_too(server, walk, connections):
    limits = FetchLimits(timeout=5, allow_private=False)
    sitemaps = walk(f"{server.base}/sitemap_index.xml", fetch_limits=limits, respect_robots=False)
    assert list(sitemaps) == []
    assert connections == []
    assert [p.message for p in sitemaps.problems] == [
        "refused: 127.0.0.1 resolves to the non-public address 127.0.0.1 "
        "(set ADVICE_BLOCKS['ALLOW_PRIVATE_URLS'] to allow it)"
    ]


# -- politeness --------------------------------------------------------------------------------


def test_requests_wait_for_the_crawl_delay(server, walk, clock):
    """robots.txt asks 2 s between requests; the configured delay is 0.5 s."""
    from importers.sources.web import Politeness

    list(walk(server.base + "/", politeness=Politeness(delay=0.5)))
    assert len(server.hits) == 4
    assert clock.sleeps == [2.0, 2.0, 2.0]


def test_a_longer_configured_delay_wins(server, walk, clock):
    from importers.sources.web import Politeness

    list(walk(server.base + "/", politeness=Politeness(delay=3)))
    assert clock.sleeps == [3.0, 3.0, 3.0]


def test_crawl_delay_is_honoured_up_to_a_cap(server, walk, clock):
    from importers.sources.web import Politeness

    server.routes["/robots.txt"] = (
        200,
        TEXT,
        f"User-agent: *\nCrawl-delay: 3600\nSitemap: {server.base}/sitemap_index.xml\n".encode(),
    )
    list(walk(server.base + "/", politeness=Politeness(delay=0.5, max_crawl_delay=10)))
    assert clock.sleeps == [10.0, 10.0, 10.0]
