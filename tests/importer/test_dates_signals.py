"""Where the published date comes from when a page states it sparsely: microdata that
belongs to someone else, a label set apart from its date, and a URL that names the day."""

from __future__ import annotations

import datetime

import pytest

from importers.pipeline import extract_article
from importers.pipeline.extract.dates import date_in_url

from .conftest import PROSE, page


def extract(html: str, **kwargs):
    return extract_article(html.encode("utf-8"), "test.html", **kwargs)


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def with_header(header: str, *, body_end: str = "", head: str = "") -> str:
    html = page(f"<p>{PROSE}</p><p>{PROSE}</p>{body_end}", head=head)
    return html.replace("</h1>", f"</h1>{header}")


COMMENTS = (
    "<section class='comments-area'><h3>What readers said</h3>"
    "<div itemscope itemtype='https://schema.org/Comment'><p>Kim</p>"
    "<meta itemprop='datePublished' content='2024-06-01'><p>Handy list.</p></div></section>"
)


def test_microdata_of_a_comment_is_not_the_article_date():
    assert extract(with_header("", body_end=COMMENTS)).published is None


def test_microdata_comment_outside_a_comment_area_is_not_the_article_date():
    """The item type says whose date it is even where no class does."""
    comment = (
        "<div itemscope itemtype='http://schema.org/Comment'><p>Kim</p>"
        "<span itemprop='datePublished' content='2024-06-01'></span><p>Handy.</p></div>"
    )
    assert extract(with_header("", body_end=comment)).published is None


def test_microdata_nearest_the_headline_wins_over_an_earlier_teaser():
    """A teaser above the article (a "featured" strip) comes first in the page, not first
    in importance."""
    teaser = (
        "<div itemscope itemtype='https://schema.org/BlogPosting'>"
        "<meta itemprop='datePublished' content='2019-01-05'><a href='/x'>Another post</a></div>"
    )
    own = "<meta itemprop='datePublished' content='2023-04-05'>"
    html = with_header(own).replace("<article>", f"<div class='strip'>{teaser}</div><article>")
    assert iso(extract(html).published) == "2023-04-05"


def test_a_label_set_apart_from_its_date_by_an_icon():
    """Utility-class bylines put the label, an icon and the date in separate boxes; plain
    text after the opening paragraphs counts only with its label."""
    header = (
        "<div class='meta'><div><span>Posted on</span><div><svg><use href='#cal'/></svg>"
        "<span>Nov 21, 2018</span></div></div>"
        "<div><span>Updated at</span><div><svg><use href='#cal'/></svg>"
        "<span>Dec 10, 2025</span></div></div></div>"
    )
    html = page(f"<p>{PROSE}</p><p>{PROSE}</p>{header}<p>{PROSE}</p>")
    article = extract(html)
    assert iso(article.published) == "2018-11-21"
    assert iso(article.updated) == "2025-12-10"


def test_a_last_modified_label_before_the_date_element():
    header = "<p>Page last modified</p><span><time>Jan. 17, 2025</time></span>"
    article = extract(with_header(header))
    assert article.published is None
    assert iso(article.updated) == "2025-01-17"


@pytest.mark.parametrize(
    "url, value",
    [
        ("https://example.test/blog/2023/october/03/wine-styles/", "2023-10-03"),
        ("https://example.test/2023/Oct/3", "2023-10-03"),
        ("https://example.test/2023/octopus/03/", None),
        ("https://example.test/2023/feb/30/", None),
    ],
)
def test_date_in_url_with_the_month_in_words(url, value):
    assert iso(date_in_url(url)) == value


def test_the_url_date_reads_an_ambiguous_numeric_date():
    """03/10/2023 on an English page is March 10, unless the URL says October 3."""
    header = "<div class='post-info'><span>03/10/2023</span></div>"
    url = "https://example.test/blog/2023/10/03/canal-boats/"
    assert iso(extract(with_header(header), base_url=url).published) == "2023-10-03"


def test_the_url_date_beats_a_utc_timestamp_a_day_later():
    """The URL holds the local day the post went up; the metadata a UTC time."""
    head = '<meta property="article:published_time" content="2025-12-19T02:30:00+00:00">'
    url = "https://example.test/2025/12/18/late-post/"
    assert iso(extract(with_header("", head=head), base_url=url).published) == "2025-12-18"


def test_structured_data_serialised_into_a_script_dates_a_page_without_markup():
    """Script frameworks ship the page's JSON-LD as escaped text inside their state."""
    state = (
        '<script>self.__state.push("{\\"@type\\":\\"BlogPosting\\",'
        '\\"datePublished\\":\\"2023-04-07T14:11:18Z\\"}")</script>'
    )
    html = with_header("").replace("</body>", f"{state}</body>")
    assert iso(extract(html).published) == "2023-04-07"


def test_a_script_listing_several_posts_dates_nothing():
    state = (
        '<script>window.posts=[{"title":"A","datePublished":"2023-04-07"},'
        '{"title":"B","datePublished":"2022-01-02"}]</script>'
    )
    html = with_header("").replace("</body>", f"{state}</body>")
    assert extract(html).published is None


def test_a_wordpress_post_in_a_headless_themes_state_dates_the_page():
    """The REST API's post object: a local "date" with its time, in a published post."""
    state = (
        '<script>window.__DATA__={"post":{"id":41,"slug":"canal-boats",'
        '"date":"2024-04-08T06:59:34","status":"publish","type":"post"}}</script>'
    )
    html = with_header("").replace("</body>", f"{state}</body>")
    assert iso(extract(html).published) == "2024-04-08"


def test_a_draft_or_a_list_of_posts_in_the_state_dates_nothing():
    draft = '<script>window.d={"date":"2024-04-08T06:59:34","status":"draft"}</script>'
    listing = (
        '<script>window.d=[{"date":"2024-04-08T06:59:34","status":"publish"},'
        '{"date":"2023-01-02T10:00:00","status":"publish"}]</script>'
    )
    for state in (draft, listing):
        html = with_header("").replace("</body>", f"{state}</body>")
        assert extract(html).published is None


def test_a_forum_thread_is_dated_by_its_posting():
    head = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"DiscussionForumPosting","headline":"A Test Article",'
        '"datePublished":"2025-12-16T10:07:28-07:00"}</script>'
    )
    assert iso(extract(with_header("", head=head)).published) == "2025-12-16"


def test_json_ld_of_a_comment_is_not_the_article_date():
    head = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"Comment","text":"Handy list.","datePublished":"2024-06-01"}</script>'
    )
    assert extract(with_header("", head=head)).published is None


def test_the_main_entity_of_a_web_page_dates_it():
    head = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"WebPage","mainEntity":{"@type":"DiscussionForumPosting",'
        '"headline":"A Test Article","datePublished":"2025-12-16T11:27:44+00:00"}}</script>'
    )
    assert iso(extract(with_header("", head=head)).published) == "2025-12-16"


def test_a_republished_article_keeps_its_first_date():
    header = "<div class='post-info'><span>30 September 2022</span></div>"
    note = "<p class='note'>This article was originally published on 26 Sep 2019 at 4:12pm.</p>"
    article = extract(with_header(header, body_end=note))
    assert iso(article.published) == "2019-09-26"
    assert iso(article.updated) == "2022-09-30"


def test_first_published_in_prose_is_about_something_else():
    header = "<div class='post-info'><span>30 September 2022</span></div>"
    prose = "<p>The survey that everyone quotes was first published on March 3, 2001.</p>"
    assert iso(extract(with_header(header, body_end=prose)).published) == "2022-09-30"


@pytest.mark.parametrize(
    "shown",
    [
        "<time datetime='2024-03-05T10:00:00Z'>3 hours ago</time>",
        "<time datetime='2024-03-05T10:00:00Z'>March 5</time>",
        "<abbr class='published' title='2024-03-05T10:00:00Z'>March 5</abbr>",
    ],
)
def test_a_date_shown_without_its_year_is_read_from_its_attribute(shown):
    html = with_header(f"<div class='post-info'>{shown}</div>")
    assert iso(extract(html).published) == "2024-03-05"


def test_a_clock_time_element_is_part_of_the_date_beside_it():
    """A clock time after a date ("Jan. 17, 2025 @ 01:39 PM") is part of it: its own
    datetime is no unlabelled second date."""
    header = (
        "<p>Page last modified</p><span><time>Jan. 17, 2025</time> @ "
        "<time datetime='2025-01-17T13:39:00-05:00'>01:39 PM EST</time></span>"
    )
    article = extract(with_header(header))
    assert article.published is None
    assert iso(article.updated) == "2025-01-17"
