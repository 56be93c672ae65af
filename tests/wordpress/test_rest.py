"""A live WordPress site read through its REST API gives the records its export gives.

The site is the loopback fake in ``rest_server.py``, serving the team's export fixture, so
every record can be compared with the one the export reader makes for the same post.
"""

from __future__ import annotations

import datetime
import json
import threading

import pytest

from importers.errors import SourceReadError
from importers.pipeline import extract_article
from importers.pipeline.model import FAQ, Listicle
from importers.sources.documents import FetchLimits
from importers.sources.wordpress import Item, content_html, post_document
from importers.sources.wordpress.rest import (
    HostThrottle,
    WordPressAPIError,
    WordPressSite,
    manual_excerpt,
    stored_content,
    unautop,
)
from tests.http_server import loopback_server

from .conftest import FIXTURE, read_all
from .rest_server import Fault, fake_wordpress, wordpress_error

LOOPBACK = FetchLimits(timeout=5, max_bytes=1_000_000, max_redirects=3, allow_private=True)
PUBLIC_POSTS = [101, 102, 103]  # published; 107 is published too, but password-protected
ADVICE_POSTS = {101: (7, 3), 102: (5, 0), 103: (0, 3)}  # listicle items, FAQ questions


class FakeClock:
    """Time that passes only when someone sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server():
    with fake_wordpress() as httpd:
        yield httpd


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="module")
def export():
    _, site, items = read_all(FIXTURE)
    return site, {item.post_id: item for item in items}


def reader(server, clock, **options) -> WordPressSite:
    """A reader of the fake site, two items a page so every listing has several pages."""
    options = {"delay": 0.5, "per_page": 2, **options}
    throttle = HostThrottle(clock.clock, clock.sleep)
    return WordPressSite(server.base, LOOPBACK, throttle=throttle, **options)


def hits(server, route: str) -> list[str]:
    return [hit for hit in server.hits if route in hit]


def by_id(items: list[Item]) -> dict[int, Item]:
    return {item.post_id: item for item in items}


# -- reading --------------------------------------------------------------------------------


def test_every_public_post_is_read_across_pages(server, clock):
    wordpress = reader(server, clock)
    items = list(wordpress.items())
    assert [item.post_id for item in items] == PUBLIC_POSTS
    assert wordpress.totals == {"post": 4}
    assert wordpress.counts == {"post": 3}
    pages = hits(server, "/wp/v2/posts")
    assert len(pages) == 2  # X-WP-TotalPages: 2, so no third request
    assert all("_embed" in page and "per_page=2" in page for page in pages)
    assert [page.rsplit("page=", 1)[1] for page in pages] == ["1", "2"]
    (problem,) = wordpress.problems
    assert problem.what == "post 107"
    assert "password-protected" in str(problem)
    assert "import it from an export (WXR)" in str(problem)


def test_fields_are_those_of_the_export(server, clock, export):
    wxr_site, wxr = export
    wordpress = reader(server, clock)
    site = wordpress.site()
    for item in wordpress.items():
        expected = wxr[item.post_id]
        for name in ("post_type", "title", "slug", "link", "guid", "status", "excerpt"):
            assert getattr(item, name) == getattr(expected, name), (item.post_id, name)
        assert item.published == expected.published
        assert item.modified == expected.modified
        assert item.published.tzinfo is datetime.UTC
        assert item.author_login == expected.author_login
        assert site.author(item.author_login).name == wxr_site.author(expected.author_login).name
        assert sorted((t.domain, t.slug, t.name) for t in item.terms) == sorted(
            (t.domain, t.slug, t.name) for t in expected.terms
        )
        assert item.thumbnail_id == expected.thumbnail_id
        assert content_html(item.content) == server.rendered(expected).strip()
    featured = wordpress.attachments[wxr[101].thumbnail_id]
    assert featured.attachment_url == wxr[201].attachment_url
    assert featured.meta["_wp_attachment_image_alt"] == "A hand wiping a bicycle chain with a rag"
    assert featured.excerpt == wxr[201].excerpt  # the caption


def test_comments_are_the_public_part_of_the_export_thread(server, clock, export):
    """Approved reader comments, threaded by parent; pending, spam and pingbacks need an
    account. Posts whose embedded replies are empty cost no comments request."""
    _, wxr = export
    wordpress = reader(server, clock)
    items = by_id(list(wordpress.items()))

    def fields(comment):
        return (comment.comment_id, comment.parent, comment.author, comment.url,
                comment.date, comment.content, comment.user_id, comment.approved)  # fmt: skip

    public = [c for c in wxr[101].comments if c.is_approved and not c.is_ping]
    assert [fields(c) for c in items[101].comments] == [fields(c) for c in public]
    assert [(c.comment_id, c.parent) for c in items[101].comments] == [
        (501, 0),
        (502, 501),
        (503, 502),
    ]
    assert items[102].comments == items[103].comments == []
    comment_pages = hits(server, "/wp/v2/comments")
    assert len(comment_pages) == 2  # three comments, two a page
    assert all("post=101" in page for page in comment_pages)


def test_the_site_is_the_export_channel(server, clock, export):
    wxr_site, _ = export
    wordpress = reader(server, clock)
    site = wordpress.site()
    for name in ("title", "link", "description", "language", "base_site_url", "base_blog_url"):
        assert getattr(site, name) == getattr(wxr_site, name), name

    def terms(values):
        return [(t.kind, t.slug, t.name, t.parent, t.term_id) for t in values]

    assert terms(site.categories) == terms(wxr_site.categories)
    assert terms(site.tags) == terms(wxr_site.tags)
    assert [c.slug for c in site.category_path("bike-maintenance")] == [
        "outdoors",
        "cycling",
        "bike-maintenance",
    ]
    list(wordpress.items())
    assert [(a.login, a.name, a.author_id) for a in site.authors] == [
        (a.login, a.name, a.author_id) for a in wxr_site.authors
    ]
    assert wordpress.site() is site


def test_pages_and_featured_images_are_records_too(server, clock, export):
    _, wxr = export
    wordpress = reader(server, clock)
    items = list(wordpress.items(post_types=("post", "page", "attachment")))
    assert [(item.post_type, item.post_id) for item in items] == [
        ("attachment", 201),  # just before the post it illustrates
        ("post", 101),
        ("post", 102),
        ("post", 103),
        ("page", 301),
    ]
    page = items[-1]
    for name in ("title", "slug", "link", "parent_id", "menu_order", "published", "guid"):
        assert getattr(page, name) == getattr(wxr[301], name), name
    assert wordpress.counts == {"post": 3, "page": 1, "attachment": 1}


def test_documents_extract_like_the_exported_posts(server, clock, export):
    """The pipeline finds the same listicles and FAQs in the rendered content as in the
    stored content, and the same title, author and dates."""
    wxr_site, wxr = export
    wordpress = reader(server, clock)
    site = wordpress.site()
    items = by_id(list(wordpress.items()))

    def extract(item, item_site):
        return extract_article(post_document(item, item_site), item.link, base_url=item.link)

    def shape(article):
        listicles = [s for s in article.body if isinstance(s, Listicle)]
        faqs = [s for s in article.body if isinstance(s, FAQ)]
        return (
            sum(len(listicle.items) for listicle in listicles),
            sum(len(faq.items) for faq in faqs),
        )

    for post_id, expected in ADVICE_POSTS.items():
        live = extract(items[post_id], site)
        exported = extract(wxr[post_id], wxr_site)
        assert shape(live) == shape(exported) == expected, post_id
        assert live.title == exported.title
        assert live.author.name == exported.author.name
        assert (live.published, live.updated) == (exported.published, exported.updated)
        assert live.language == exported.language == "en-GB"
        assert live.canonical_url == exported.canonical_url
        assert live.warnings == []


# -- finding the API ------------------------------------------------------------------------


def test_the_api_root_comes_from_the_home_pages_link_header(server, clock):
    server.api_prefix = "/api/"
    wordpress = reader(server, clock)
    assert wordpress.discover() == server.base + "/api/"
    assert [item.post_id for item in wordpress.items()] == PUBLIC_POSTS
    assert server.hits[:2] == ["/", "/api/"]
    assert hits(server, "/wp-json/") == []


def test_the_link_element_serves_without_the_header(server, clock):
    server.api_prefix = "/api/"
    server.link_header = False
    assert reader(server, clock).discover() == server.base + "/api/"


def test_without_hints_wp_json_is_tried(server, clock):
    server.link_header = server.link_element = False
    assert reader(server, clock).discover() == server.base + "/wp-json/"
    assert server.hits == ["/", "/wp-json/"]


@pytest.mark.parametrize("hinted", [True, False], ids=["link-header", "no-hint"])
def test_plain_permalink_sites_are_read_through_rest_route(server, clock, hinted):
    server.pretty_permalinks = False
    server.link_header = server.link_element = hinted
    wordpress = reader(server, clock)
    assert wordpress.discover() == server.base + "/?rest_route=/"
    assert [item.post_id for item in wordpress.items()] == PUBLIC_POSTS
    assert len(by_id(wordpress.items())[101].comments) == 3
    assert bool(hits(server, "/wp-json/")) is not hinted
    api_hits = [hit for hit in server.hits if hit not in ("/", "/wp-json/")]
    assert all(hit.startswith("/?rest_route=/") for hit in api_hits)
    assert any(hit.startswith("/?rest_route=/wp/v2/posts&_embed&") for hit in api_hits)


# -- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 403])
def test_a_site_that_refuses_its_api_to_visitors(server, clock, status):
    message = "Only authenticated users can access the REST API."
    server.faults.append(Fault("*", status, wordpress_error("rest_cannot_access", message, 401)))
    wordpress = reader(server, clock)
    with pytest.raises(WordPressAPIError) as refused:
        wordpress.site()
    assert refused.value.status == status
    assert refused.value.code == "rest_cannot_access"
    text = str(refused.value)
    assert f"the REST API refused access (HTTP {status}) (rest_cannot_access: {message})" in text
    assert "security plugin" in text
    assert "import an export (WXR)" in text


def test_a_site_that_is_not_wordpress():
    with loopback_server() as httpd:
        httpd.routes["/"] = (200, {"Content-Type": "text/html"}, b"<html><p>Shop</p></html>")
        httpd.routes["/wp-json/"] = (200, {"Content-Type": "text/html"}, b"<html>app</html>")
        wordpress = WordPressSite(httpd.base, LOOPBACK, delay=0)
        with pytest.raises(WordPressAPIError) as missing:
            next(wordpress.items())
    text = str(missing.value)
    assert text.startswith(f"{httpd.base}/: no WordPress REST API found (tried ")
    assert f"{httpd.base}/wp-json/, {httpd.base}/?rest_route=/" in text
    assert "not a WordPress site, or its REST API is turned off" in text
    assert httpd.hits == ["/", "/wp-json/", "/?rest_route=/"]


def test_the_json_error_says_what_came_instead():
    with loopback_server() as httpd:
        httpd.routes["/wp-json/"] = (200, {"Content-Type": "text/html"}, b"<html>app</html>")
        wordpress = WordPressSite(httpd.base, LOOPBACK, delay=0)
        with pytest.raises(WordPressAPIError):
            wordpress.site()
        with pytest.raises(WordPressAPIError) as not_json:
            wordpress._get_json(httpd.base + "/wp-json/")
    assert "the answer is not valid JSON (text/html, Expecting value at character 0)" in str(
        not_json.value
    )
    assert "not a WordPress site?" in str(not_json.value)


def test_an_api_without_wordpress_endpoints(server, clock):
    index = {"name": "x", "namespaces": ["oembed/1.0"], "routes": {}}
    server.faults.append(Fault("/", 200, json.dumps(index).encode()))
    with pytest.raises(WordPressAPIError) as disabled:
        reader(server, clock).site()
    assert "does not offer wp/v2" in str(disabled.value)


def test_broken_json_on_page_two_keeps_page_one(server, clock):
    server.faults.append(Fault("/wp/v2/posts", 200, b'[{"id": 103, "title": {"rend', page=2))
    wordpress = reader(server, clock)
    items = list(wordpress.items())
    assert [item.post_id for item in items] == [101, 102]
    assert len(items[0].comments) == 3
    (problem,) = wordpress.problems
    assert problem.what == "posts"
    assert problem.read == 2
    text = str(problem)
    assert text.startswith("posts: page 2 of 2: the answer is not valid JSON (application/json")
    assert "the 2 read before it are kept" in text


def test_a_php_warning_before_the_json_is_skipped(server, clock):
    page = json.dumps([server.post_json(server.by_id[101], embed=True)]).encode()
    warning = b"<br />\n<b>Deprecated</b>: Creation of dynamic property in plugin.php<br />\n"
    server.faults.append(Fault("/wp/v2/posts", 200, warning + page, page=1, times=1))
    items = list(reader(server, clock, per_page=100).items())
    assert [item.post_id for item in items] == [101]


def test_rate_limiting_is_waited_out(server, clock):
    limited = Fault("/wp/v2/posts", 429, b"", {"Retry-After": "7"}, page=1, times=2)
    server.faults.append(limited)
    wordpress = reader(server, clock)
    assert [item.post_id for item in wordpress.items()] == PUBLIC_POSTS
    assert len([hit for hit in hits(server, "/wp/v2/posts") if hit.endswith("page=1")]) == 3
    assert clock.sleeps.count(7.0) == 2
    assert [p.what for p in wordpress.problems] == ["post 107"]


def test_rate_limiting_that_does_not_end_is_given_up(server, clock):
    server.faults.append(Fault("/wp/v2/posts", 429, b"", {"Retry-After": "1"}))
    wordpress = reader(server, clock, max_retries=2)
    assert list(wordpress.items()) == []
    assert len(hits(server, "/wp/v2/posts")) == 3  # the request and two retries
    (problem,) = wordpress.problems
    assert str(problem).startswith("posts: page 1: still rate limited (HTTP 429) after 2 retries")


def test_a_long_retry_after_is_not_waited_for(server, clock):
    server.faults.append(Fault("/wp/v2/posts", 429, b"", {"Retry-After": "3600"}))
    wordpress = reader(server, clock, max_retry_wait=60)
    assert list(wordpress.items()) == []
    assert max(clock.sleeps, default=0) < 60
    assert "asks to wait 3600 seconds, longer than the 60 allowed" in str(wordpress.problems[0])


def test_refused_comments_leave_the_post(server, clock):
    body = wordpress_error("rest_forbidden", "Sorry, you are not allowed to do that.", 403)
    server.faults.append(Fault("/wp/v2/comments", 403, body))
    wordpress = reader(server, clock)
    items = by_id(list(wordpress.items()))
    assert sorted(items) == PUBLIC_POSTS
    assert items[101].comments == []
    problem = next(p for p in wordpress.problems if p.what.startswith("comments"))
    assert problem.what == "comments of post 101"
    assert "refused access (HTTP 403) (rest_forbidden: Sorry" in problem.message


def test_a_missing_posts_route(server, clock):
    body = wordpress_error("rest_no_route", "No route was found matching the URL.", 404)
    server.faults.append(Fault("/wp/v2/posts", 404, body))
    wordpress = reader(server, clock)
    assert list(wordpress.items()) == []
    assert wordpress.problems[0].message == (
        "page 1: not found (HTTP 404) (rest_no_route: No route was found matching the URL.): "
        "not a WordPress site, or its REST API is turned off"
    )


def test_hidden_authors_are_reported(server, clock):
    server.hidden_authors = {"tom"}
    wordpress = reader(server, clock)
    items = by_id(list(wordpress.items()))
    assert items[101].author_login == "maria"
    assert items[102].author_login == items[103].author_login == ""
    assert "2 items name an author the REST API does not show" in str(wordpress.problems[-1])


def test_unknown_post_types_are_reported(server, clock):
    wordpress = reader(server, clock)
    assert list(wordpress.items(post_types=("product",))) == []
    assert "has no 'product' post type" in wordpress.problems[0].message


def test_answers_over_the_size_cap_are_refused(server, clock):
    limits = FetchLimits(timeout=5, max_bytes=10_000, max_redirects=3, allow_private=True)
    throttle = HostThrottle(clock.clock, clock.sleep)
    wordpress = WordPressSite(server.base, limits, per_page=100, throttle=throttle)
    assert list(wordpress.items()) == []  # the site and its terms fit, the posts do not
    assert wordpress.problems[0].message == (
        "page 1: response is 16,942 bytes, over the 10,000-byte limit"
    )


# -- politeness and guards ------------------------------------------------------------------


def test_requests_are_spaced_by_the_delay(server, clock):
    server.clock = clock.clock
    wordpress = reader(server, clock, delay=2.5)
    list(wordpress.items(post_types=("post", "page")))
    assert len(server.hit_times) == wordpress.requests > 10
    gaps = [b - a for a, b in zip(server.hit_times, server.hit_times[1:], strict=False)]
    assert min(gaps) >= 2.5
    assert clock.sleeps and all(0 < pause <= 2.5 for pause in clock.sleeps)


def test_the_throttle_waits_per_host(clock):
    throttle = HostThrottle(clock.clock, clock.sleep)
    with throttle.slot("a.example", 3):
        pass
    with throttle.slot("b.example", 3):
        pass
    assert clock.sleeps == []
    clock.now += 1
    with throttle.slot("a.example", 3):
        pass
    assert clock.sleeps == [2]


def test_one_request_at_a_time_per_host(server):
    """Two imports of the same site sharing the default throttle never overlap."""
    server.latency = 0.02
    throttle = HostThrottle()
    readers = [
        WordPressSite(server.base, LOOPBACK, delay=0, per_page=2, throttle=throttle)
        for _ in range(2)
    ]
    results: list[list[int]] = []
    threads = [
        threading.Thread(target=lambda r=r: results.append([i.post_id for i in r.items()]))
        for r in readers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [PUBLIC_POSTS, PUBLIC_POSTS]
    assert server.max_in_flight == 1


def test_a_private_address_is_refused_without_the_setting(server):
    limits = FetchLimits(timeout=5, allow_private=False)
    wordpress = WordPressSite(server.base, limits, delay=0)
    with pytest.raises(SourceReadError) as refused:
        wordpress.site()
    assert "refused: 127.0.0.1 resolves to the non-public address 127.0.0.1" in str(refused.value)
    assert "ALLOW_PRIVATE_URLS" in str(refused.value)
    assert server.hits == []


def test_per_page_is_what_wordpress_accepts():
    with pytest.raises(ValueError, match="per_page must be between 1 and 100, not 500"):
        WordPressSite("https://example.com/", LOOPBACK, per_page=500)


# -- text helpers ---------------------------------------------------------------------------


def test_rendered_content_is_kept_as_served():
    """Stored as a Custom HTML block, rendered HTML gets no second autop: its line breaks
    stay line breaks, not <br>."""
    rendered = "<p>One\ntwo</p>\n<ul>\n<li>x</li>\n</ul>\n"
    assert content_html(stored_content(rendered)) == rendered.strip()
    assert "<p>One<br />\ntwo</p>" in content_html(rendered)  # what storing it bare would do
    # Block delimiters left in rendered HTML render as nothing; they cannot end the block.
    assert content_html(stored_content("<p>a</p><!-- /wp:html --><p>b</p>")) == "<p>a</p><p>b</p>"
    assert stored_content("  \n") == ""


def test_unautop_gives_back_stored_text():
    assert unautop("<p>A</p>\n<p>B<br />\nC</p>\n") == "A\n\nB\nC"
    assert unautop("<blockquote>x</blockquote>") == "<blockquote>x</blockquote>"


@pytest.mark.parametrize(
    ("excerpt", "expected"),
    [
        ("<p>One two three four five [&hellip;]</p>\n", ""),
        ('<p>One two three&hellip; <a class="more-link" href="/x">Continue reading</a></p>', ""),
        ("<p>One two three four five six seven</p>\n", ""),  # the whole (short) content
        ("<p>A summary written by the editor.</p>\n", "A summary written by the editor."),
        (
            "<p>Seven words, no content words [&hellip;]</p>",
            "Seven words, no content words [&hellip;]",
        ),  # fmt: skip
        ("", ""),
    ],
)
def test_generated_excerpts_are_dropped(excerpt, expected):
    content = "<p>One two three four five six seven</p>"
    assert manual_excerpt(excerpt, content) == expected
