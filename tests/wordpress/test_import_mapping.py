"""A post's record mapped onto the article (pure: no database)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from importers.pipeline import model
from importers.sources.wordpress import Comment, Item, ItemTerm, Site, Term
from importers.sources.wordpress.mapping import (
    AttachmentInfo,
    alias_keys,
    comment_tree,
    plain_text,
    post_article,
    post_publication,
    skip_reason,
)

from .conftest import FIXTURE, read_all

UTC = datetime.UTC
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def fixture_export():
    _, site, items = read_all(FIXTURE)
    attachments = {
        i.post_id: AttachmentInfo(i.attachment_url, i.meta.get("_wp_attachment_image_alt", ""))
        for i in items
        if i.post_type == "attachment"
    }
    return site, {i.post_id: i for i in items}, attachments


def article_for(fixture_export, post_id, tz=UTC):
    site, items, attachments = fixture_export
    return post_article(items[post_id], site, attachments=attachments, tz=tz, now=NOW)


def test_the_record_wins_over_the_html(fixture_export):
    article = article_for(fixture_export, 101)
    assert article.title == "7 Ways to Keep Your Bike Running Through Winter"
    assert article.canonical_url.endswith("/2024/01/keep-your-bike-running-through-winter/")
    assert [a.name for a in article.credited] == ["Maria Okafor"]
    assert (article.published, article.updated) == (
        datetime.date(2024, 1, 12),
        datetime.date(2024, 2, 3),
    )
    page = article.page
    assert page.slug == "keep-your-bike-running-through-winter"
    assert page.tags == ["Winter", "Beginners"]
    assert [[c.slug for c in path] for path in page.categories] == [
        ["outdoors", "cycling", "bike-maintenance"]
    ]
    assert page.featured_image == model.ImageRef(
        src="https://advice.example.org/wp-content/uploads/2024/01/chain-rag.jpg",
        alt="A hand wiping a bicycle chain with a rag",
    )
    assert page.aliases == [
        "wordpress:https://advice.example.org#101",
        "guid:https://advice.example.org/?p=101",
    ]
    assert page.old_paths == ["/2024/01/keep-your-bike-running-through-winter/"]
    assert any(isinstance(s, model.Listicle) for s in article.body)
    assert any(isinstance(s, model.FAQ) for s in article.body)


def test_short_posts_are_imported_as_they_are(fixture_export):
    """The article finder wants 80 characters of text; an exported post is kept anyway."""
    draft = article_for(fixture_export, 104)
    assert draft.title == "Storing Garden Tools Over Winter"
    assert "clean the blades" in draft.intro_html + "".join(
        getattr(s, "html", "") for s in draft.body
    )
    assert draft.published is None  # a draft's floating date
    assert draft.page.slug == ""  # never given one: the page's slug comes from the title
    assert draft.page.old_paths == []  # drafts were never public


def test_statuses(fixture_export):
    site, items, _ = fixture_export
    states = {
        post_id: post_publication(items[post_id], UTC, NOW)[0]
        for post_id in (101, 104, 105, 106, 107)
    }
    assert states[101].state == model.LIVE and not states[101].restriction
    assert states[104].state == model.DRAFT
    assert states[105].state == model.LIVE  # scheduled for 2024-03-15, which has passed
    assert states[106].state == model.LIVE and states[106].restriction == model.LOGIN
    assert (states[107].restriction, states[107].password) == (model.PASSWORD, "spokes")
    before = datetime.datetime(2024, 3, 1, tzinfo=UTC)
    scheduled, _ = post_publication(items[105], UTC, before)
    assert scheduled.state == model.SCHEDULED
    assert scheduled.go_live_at == datetime.datetime(2024, 3, 15, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("trash", "status trash (in WordPress's trash)"),
        ("auto-draft", "status auto-draft (never saved by its author)"),
        ("inherit", "status inherit (a revision, not a post)"),
        ("wc-custom", "status wc-custom (not a post status the importer knows)"),
        ("publish", ""),
        ("pending", ""),
    ],
)
def test_skip_reasons(status, reason):
    assert skip_reason(Item("post", 1, status=status)) == reason


def test_local_dates_are_read_in_the_timezone():
    """An export with local dates only: the site's timezone makes them aware."""
    site = Site(base_blog_url="https://x.example")
    item = Item(
        "post",
        7,
        title="Late post",
        status="future",
        published=datetime.datetime(2030, 1, 1, 0, 30),
        content="<p>" + "Words enough for an article body, and more words. " * 3 + "</p>",
    )
    state, _ = post_publication(item, PARIS, NOW)
    assert state.go_live_at == datetime.datetime(2029, 12, 31, 23, 30, tzinfo=UTC)
    article = post_article(item, site, attachments={}, tz=PARIS, now=NOW)
    assert article.published == datetime.date(2030, 1, 1)  # the day in Paris


def test_titles_are_text_and_authors_never_the_site():
    site = Site(title="The Site", base_blog_url="https://x.example")
    item = Item(
        "post",
        8,
        title="Media &amp; <em>Text</em>",
        status="publish",
        author_login="ghost",
        content="<p>" + "Enough words for the pipeline to accept it as text. " * 3 + "</p>",
    )
    article = post_article(item, site, attachments={}, tz=UTC, now=NOW)
    assert article.title == "Media & Text"
    assert [a.name for a in article.credited] == ["ghost"]  # the login: no display name
    item.author_login = ""
    assert post_article(item, site, attachments={}, tz=UTC, now=NOW).credited == []


def test_categories_keep_their_nesting_and_unknown_ones_stand_alone():
    site = Site(
        categories=[Term("category", "a", "A"), Term("category", "b", "B &amp; C", parent="a")]
    )
    item = Item(
        "post",
        9,
        status="publish",
        terms=[
            ItemTerm("category", "b", "B &amp; C"),
            ItemTerm("category", "loose", "Loose"),
            ItemTerm("post_tag", "t", "Tag &amp; more"),
            ItemTerm("post_format", "post-format-aside", "Aside"),
        ],
        content="<p>" + "Enough words for the pipeline to accept it as text. " * 3 + "</p>",
    )
    page = post_article(item, site, attachments={}, tz=UTC, now=NOW).page
    assert [[(c.slug, c.name) for c in path] for path in page.categories] == [
        [("a", "A"), ("b", "B & C")],
        [("loose", "Loose")],
    ]
    assert page.tags == ["Tag & more"]


def test_plain_text_keeps_paragraphs():
    assert plain_text("One <b>bold</b> line\nand a second.\n\nNew  paragraph &amp; more") == (
        "One bold line\nand a second.\n\nNew paragraph & more"
    )
    assert plain_text("<p>First</p><p>Second<br>line</p>") == "First\n\nSecond\nline"
    assert plain_text("a < b and <a href='x'>link</a>") == "a < b and link"


def comment(comment_id, parent=0, approved="1", comment_type="", **extra):
    extra.setdefault("content", f"Comment {comment_id}")
    return Comment(
        comment_id, parent=parent, approved=approved, comment_type=comment_type, **extra
    )


def test_comment_threads_statuses_and_skips():
    roots, skipped = comment_tree(
        [
            comment(1),
            comment(2, parent=1, approved="0"),
            comment(3, parent=2, approved="spam"),
            comment(4, parent=0, comment_type="pingback"),
            comment(5, parent=0, approved="trash"),
            comment(6, parent=5),  # a reply to a trashed comment moves up
            comment(7, parent=4),  # and one to a pingback
            comment(8, parent=99),  # its parent is not in the export
            comment(9, url="javascript:alert(1)", author="Eve &amp; Co"),
        ],
        UTC,
    )
    assert [c.source_id for c in roots] == ["1", "6", "7", "8", "9"]
    assert roots[0].replies[0].status == model.COMMENT_PENDING
    assert roots[0].replies[0].replies[0].status == model.COMMENT_SPAM
    assert roots[4].url == "" and roots[4].author == "Eve & Co"
    assert skipped == {"pingback or trackback": 1, "status trash": 1}


def test_deep_threads_and_loops_are_handled_iteratively():
    depth = 5000
    chain = [comment(1)] + [comment(i, parent=i - 1) for i in range(2, depth + 1)]
    roots, _ = comment_tree(chain, UTC)
    node, levels = roots[0], 1
    while node.replies:
        node, levels = node.replies[0], levels + 1
    assert levels == depth
    looped, _ = comment_tree([comment(1, parent=2), comment(2, parent=1)], UTC)
    assert len(looped) == 1 and looped[0].replies[0].replies == []


def test_alias_keys():
    site = Site(base_blog_url="https://blog.example/")
    item = Item("post", 12, guid="https://blog.example/?p=12")
    assert alias_keys(item, site) == [
        "wordpress:https://blog.example#12",
        "guid:https://blog.example/?p=12",
    ]
