"""Reading WordPress exports: every item counted, records as WordPress wrote them, broken
files read up to the break."""

from __future__ import annotations

import codecs
import datetime
import io

import pytest

from importers.sources.wordpress import Item, Site, WXRReader
from tests.shared_data import require_shared

from .conftest import BLOCK_TEST, FIXTURE, THEME_UNIT_TEST, item, read_all, wxr

UTC = datetime.UTC


# -- the real exports -----------------------------------------------------------------------


def test_theme_unit_test_data_is_read_whole():
    """All 186 items of the theme review team's classic export are read and counted."""
    reader, site, items = read_all(require_shared(THEME_UNIT_TEST))
    assert reader.problem is None
    assert reader.counts == {"post": 58, "page": 21, "attachment": 37, "nav_menu_item": 70}
    assert len(items) == 186
    assert site.title == "Theme Unit Test Data"
    assert site.language == "en"
    assert [author.login for author in site.authors] == ["themedemos", "themereviewteam"]
    assert (len(site.categories), len(site.tags)) == (68, 110)

    posts = [i for i in items if i.post_type == "post"]
    statuses = sorted(i.status for i in posts)
    assert statuses.count("publish") == 56
    assert {"draft", "future"} <= set(statuses)
    assert sum(1 for i in posts if i.password) == 1
    assert sum(1 for i in posts if i.sticky) == 1
    assert sum(1 for i in posts if not i.title) == 1

    comments = [c for i in items for c in i.comments]
    assert len(comments) == 33
    assert sum(1 for c in comments if not c.is_approved) == 3
    assert sum(1 for c in comments if c.comment_type == "pingback") == 2
    assert sum(1 for c in comments if c.comment_type == "trackback") == 2
    assert sum(1 for c in comments if c.parent) == 10


def test_theme_unit_test_data_nests_categories():
    """``wp:category_parent`` names the parent's slug; the path runs outermost first."""
    _, site, _ = read_all(require_shared(THEME_UNIT_TEST))
    path = [term.slug for term in site.category_path("child-2")]
    assert path == ["parent", "child-1", "child-2"]


def test_block_test_data_is_read_whole():
    """All 72 items of the block-editor export (older http namespace) are read and counted."""
    reader, site, items = read_all(require_shared(BLOCK_TEST))
    assert reader.problem is None
    assert reader.counts == {"post": 61, "attachment": 9, "page": 1, "wp_navigation": 1}
    assert len(items) == 72
    assert site.language == "en-US"
    posts = [i for i in items if i.post_type == "post"]
    assert all(i.status == "publish" for i in posts)
    assert all("<!-- wp:" in i.content for i in posts if i.title != "Classic")
    assert sum(len(i.comments) for i in items) == 2


def test_dates_are_utc_from_the_gmt_fields():
    _, _, items = read_all(require_shared(BLOCK_TEST))
    first = items[0]
    assert first.published == datetime.datetime(2024, 2, 5, 15, 53, 10, tzinfo=UTC)
    assert first.modified == datetime.datetime(2024, 2, 8, 4, 42, 52, tzinfo=UTC)


# -- the team's fixture ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_export():
    return read_all(FIXTURE)


def test_fixture_site(fixture_export):
    reader, site, items = fixture_export
    assert reader.problem is None
    assert reader.counts == {"post": 7, "attachment": 1, "page": 1, "nav_menu_item": 1}
    assert site.title == "Practical Everyday Advice"
    assert site.link == "https://advice.example.org"
    assert site.language == "en-GB"
    maria = site.author("maria")
    assert (maria.display_name, maria.email, maria.first_name, maria.last_name) == (
        "Maria Okafor",
        "maria@advice.example.org",
        "Maria",
        "Okafor",
    )
    assert site.author("tom").name == "Tom Lindqvist"
    assert site.author("nobody") is None
    assert [t.name for t in site.category_path("bike-maintenance")] == [
        "Outdoors",
        "Cycling",
        "Bike maintenance",
    ]
    assert [t.slug for t in site.tags] == ["winter", "beginners", "checklist", "mornings"]


def test_fixture_items(fixture_export):
    _, _, items = fixture_export
    by_id = {i.post_id: i for i in items}
    post = by_id[101]
    assert post.post_type == "post"
    assert post.status == "publish"
    assert post.slug == "keep-your-bike-running-through-winter"
    assert post.guid == "https://advice.example.org/?p=101"
    assert post.link == "https://advice.example.org/2024/01/keep-your-bike-running-through-winter/"
    assert post.author_login == "maria"
    assert post.sticky
    assert post.excerpt.startswith("Seven small habits")
    assert [t.slug for t in post.categories] == ["bike-maintenance"]
    assert [(t.slug, t.name) for t in post.tags] == [
        ("winter", "Winter"),
        ("beginners", "Beginners"),
    ]
    assert post.thumbnail_id == 201
    assert by_id[201].attachment_url.endswith("/2024/01/chain-rag.jpg")
    assert by_id[201].parent_id == 101

    assert {i.post_id: i.status for i in items if i.post_type == "post"} == {
        101: "publish",
        102: "publish",
        103: "publish",
        104: "draft",
        105: "future",
        106: "private",
        107: "publish",
    }
    assert by_id[107].password == "spokes"
    assert by_id[301].post_type == "page"
    assert by_id[401].post_type == "nav_menu_item"


def test_dates_fall_back_to_local_time(fixture_export):
    """A draft's GMT date is '0000-00-00 00:00:00' (none): its local date is used, naive."""
    _, _, items = fixture_export
    draft = next(i for i in items if i.status == "draft")
    assert draft.published == datetime.datetime(2024, 2, 25, 16, 45)
    assert draft.published.tzinfo is None
    assert draft.modified == datetime.datetime(2024, 2, 26, 9, 10, tzinfo=UTC)


def test_comments_keep_threading_approval_and_type(fixture_export):
    _, _, items = fixture_export
    comments = {c.comment_id: c for c in items[0].comments}
    assert list(comments) == [501, 502, 503, 504, 505, 506]
    assert (comments[502].parent, comments[503].parent) == (501, 502)  # three levels
    assert comments[502].user_id == 2
    assert comments[502].content == (
        "Yes: the belt copes with salt, but the hub and the brakes do not.\n\n"
        "Give those a rinse and you are done."
    )
    assert comments[501].email == "priya@mail.example.net"
    assert comments[502].url == "https://advice.example.org"
    assert comments[501].date == datetime.datetime(2024, 1, 13, 8, 15, tzinfo=UTC)
    assert comments[504].is_ping and comments[504].comment_type == "pingback"
    assert comments[505].approved == "spam"
    assert comments[506].approved == "0" and not comments[506].is_approved
    assert comments[506].date == datetime.datetime(2024, 1, 20, 21, 5)  # local fallback
    assert comments[503].comment_type == ""


def test_site_comes_first_and_post_types_filter(fixture_export):
    """The site is yielded before the items; unwanted types are counted, not yielded."""
    reader = WXRReader(FIXTURE, post_types={"page"})
    records = list(reader)
    assert isinstance(records[0], Site)
    assert [r.post_type for r in records[1:]] == ["page"]
    assert reader.counts["nav_menu_item"] == 1
    assert reader.counts["post"] == 7


def test_a_file_object_can_be_read():
    reader = WXRReader(io.BytesIO(FIXTURE.read_bytes()))
    assert sum(1 for record in reader if isinstance(record, Item)) == 10


# -- namespaces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace",
    [
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.0/",
    ],
)
def test_every_export_namespace_is_read(namespace):
    data = wxr(
        item(
            7,
            content="<p>Body</p>",
            extra="<excerpt:encoded><![CDATA[Short]]></excerpt:encoded>"
            "<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>",
        ),
        namespace=namespace,
        channel="<wp:author><wp:author_login>ann</wp:author_login></wp:author>",
    )
    reader, site, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert [a.login for a in site.authors] == ["ann"]
    assert (items[0].post_id, items[0].post_type, items[0].content) == (7, "post", "<p>Body</p>")
    assert items[0].excerpt == "Short"
    assert items[0].published == datetime.datetime(2020, 5, 1, 10, tzinfo=UTC)


def test_an_unknown_namespace_is_not_taken_for_wordpress():
    data = wxr(item(7), namespace="http://example.com/not-wordpress/")
    reader, _, items = read_all(io.BytesIO(data))
    assert items[0].post_id is None
    assert reader.counts == {"": 1}


# -- broken files ---------------------------------------------------------------------------


def test_malformed_xml_mid_file_keeps_what_was_read():
    """A broken item stops the reading with its position; the items before it are kept."""
    good = "".join(item(n, content=f"<p>Post {n}</p>") for n in (1, 2))
    broken = "<item><title>Fish & chips</title><wp:post_id>3</wp:post_id></item>\n"
    data = wxr(good + broken + item(4))
    reader, site, items = read_all(io.BytesIO(data))
    assert [i.post_id for i in items] == [1, 2]
    assert site.title == "Small site"
    problem = reader.problem
    assert problem is not None
    lines = data.decode().splitlines()
    assert "Fish & chips" in lines[problem.line - 1]
    assert problem.column == lines[problem.line - 1].index("&") + 2
    assert "EntityRef" in problem.message
    assert problem.items_read == 2
    assert str(problem).startswith(f"the export is malformed at line {problem.line}, column")
    assert "the 2 items before it were read" in str(problem)


def test_a_truncated_file_is_reported():
    data = wxr(item(1) + item(2))
    cut = data[: data.index(b"<item>", data.index(b"<item>") + 1) + 30]
    reader, _, items = read_all(io.BytesIO(cut))
    assert [i.post_id for i in items] == [1]
    assert reader.problem is not None
    assert reader.problem.line > 1


def test_a_file_that_is_not_an_export():
    reader, site, items = read_all(io.BytesIO(b"<html><body><p>Hello</p></body></html>"))
    assert items == [] and site.title == ""
    assert "not a WordPress export" in reader.problem.message


def test_not_xml_at_all():
    reader, _, items = read_all(io.BytesIO(b"%PDF-1.4 binary"))
    assert items == []
    assert reader.problem is not None and reader.problem.line == 1


def test_bytes_that_are_not_utf8_are_read_as_windows_1252():
    data = wxr(item(1, title="Caf\u00e9 culture", content="<p>Menu prices</p>"))
    data = data.replace("Café".encode(), b"Caf\xe9").replace(b"Menu", b"\x93Menu\x94")
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert items[0].title == "Café culture"
    assert items[0].content == "<p>\u201cMenu\u201d prices</p>"
    assert reader.repaired == 3


def test_non_utf8_bytes_across_chunk_boundaries(monkeypatch):
    """Multi-byte characters and bad bytes that straddle the reader's chunks decode right."""
    from importers.sources.wordpress import wxr as module

    monkeypatch.setattr(module, "READ_CHUNK_BYTES", 7)
    content = "Ünïcødé ✓ " * 20
    data = wxr(item(1, content=content) + item(2, content="ok \x93quoted\x94"))
    data = data.replace("\x93".encode(), b"\x93").replace("\x94".encode(), b"\x94")
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert items[0].content == content
    assert items[1].content == "ok \u201cquoted\u201d"


def test_forbidden_control_characters_are_dropped():
    data = wxr(item(1, content="Page\x0cbreak and \x1bescape, tab\tkept"))
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert items[0].content == "Pagebreak and escape, tab\tkept"
    assert reader.repaired == 2


def test_html_entities_outside_cdata_are_understood():
    """``&nbsp;`` outside CDATA (hand-edited exports) is no longer fatal; CDATA is as it was."""
    data = wxr(
        "<item><title>Tea&nbsp;&amp;&nbsp;cake &eacute;clair</title>"
        "<wp:post_type>post</wp:post_type>"
        "<content:encoded><![CDATA[<p>A&nbsp;B &eacute;</p>]]></content:encoded></item>\n"
    )
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert items[0].title == "Tea\u00a0&\u00a0cake éclair"
    assert items[0].content == "<p>A&nbsp;B &eacute;</p>"


def test_blank_lines_before_the_declaration_are_ignored():
    """A plugin's stray output before ``<?xml`` is dropped; positions stay the file's own."""
    data = wxr(item(1) + "<item><title>x</item>\n", head="\n\n\n")
    reader, _, items = read_all(io.BytesIO(data))
    assert [i.post_id for i in items] == [1]
    lines = data.decode().splitlines()
    assert "<title>x</item>" in lines[reader.problem.line - 1]


def test_byte_order_marks():
    data = wxr(item(1, title="Ünïcode"))
    for encoded in (
        codecs.BOM_UTF8 + data,
        codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le"),
    ):
        reader, _, items = read_all(io.BytesIO(encoded))
        assert reader.problem is None
        assert items[0].title == "Ünïcode"


def test_a_long_run_of_blank_lines_before_the_declaration(monkeypatch):
    from importers.sources.wordpress import wxr as module

    monkeypatch.setattr(module, "READ_CHUNK_BYTES", 64)
    data = wxr(item(1), head=" \n" * 1000)
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert [i.post_id for i in items] == [1]


def test_an_empty_file():
    reader, site, items = read_all(io.BytesIO(b""))
    assert items == [] and isinstance(site, Site)
    assert reader.problem is not None


def test_a_declared_latin1_export_is_decoded():
    data = wxr(item(1, title="Gr\u00fc\u00dfe")).replace(
        b'encoding="UTF-8"', b'encoding="ISO-8859-1"'
    )
    data = data.replace("Grüße".encode(), "Grüße".encode("latin-1"))
    reader, _, items = read_all(io.BytesIO(data))
    assert reader.problem is None
    assert items[0].title == "Grüße"


def test_entities_are_not_resolved():
    """No entity expansion (billion laughs) and no external entities are read."""
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&x;</title>'
        b"<item><title>t</title><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    reader, site, _ = read_all(io.BytesIO(data))
    assert "root:" not in site.title
