"""Published and updated dates: the forms a byline writes a date in, labels, the URL, and
what is never the article's date."""

from __future__ import annotations

import datetime

import pytest

from importers.pipeline import extract_article
from importers.pipeline.extract.dates import date_in_url

from .conftest import PROSE, page


def extract(html: str, **kwargs):
    return extract_article(html.encode("utf-8"), "test.html", **kwargs)


def with_byline(byline: str, *, lang: str = "en", head: str = "") -> str:
    html = page(f"<p>{PROSE}</p><p>{PROSE}</p>", head=head).replace(
        "</h1>", f"</h1><div class='post-info'><span>{byline}</span></div>"
    )
    return html.replace("<html>", f"<html lang='{lang}'>")


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


@pytest.mark.parametrize(
    "byline, published",
    [
        ("By Ann Lee · Dec. 18, 2025", "2025-12-18"),
        ("18th of December 2025", "2025-12-18"),
        ("Friday, December 19, 2025 · 5 min read", "2025-12-19"),
        ("2025/12/18", "2025-12-18"),
        ("2025-12-18", "2025-12-18"),
        ("18.12.2025", "2025-12-18"),
        ("12/18/2025", "2025-12-18"),
        ("Published On: 15 August 2025", "2025-08-15"),
    ],
)
def test_byline_date_forms(byline, published):
    assert iso(extract(with_byline(byline)).published) == published


@pytest.mark.parametrize(
    "lang, published",
    [("en", "2023-03-10"), ("en-US", "2023-03-10"), ("en-GB", "2023-10-03"), ("de", "2023-10-03")],
)
def test_ambiguous_numeric_date_follows_the_page_language(lang, published):
    assert iso(extract(with_byline("03/10/2023", lang=lang)).published) == published


def test_ambiguous_numeric_date_agreeing_with_metadata():
    """An ambiguous date is read the way the page's metadata confirms."""
    head = '<meta property="article:published_time" content="2024-09-10T08:00:00+01:00">'
    assert iso(extract(with_byline("10/09/2024", head=head)).published) == "2024-09-10"


def test_updated_label_is_the_updated_date():
    head = '<meta property="article:published_time" content="2019-02-01">'
    article = extract(with_byline("Updated Mar 3, 2024", head=head))
    assert iso(article.published) == "2019-02-01"
    assert iso(article.updated) == "2024-03-03"


def test_a_date_in_a_long_sentence_is_not_a_byline():
    sentence = (
        "On March 3, 2021 the council voted to close the old footbridge for good, after "
        "years of patch repairs that nobody on the committee wanted to pay for again"
    )
    assert extract(with_byline(sentence)).published is None


def test_date_in_body_text_is_not_the_article_date():
    body = f"<p>{PROSE}</p><p>{PROSE}</p><p>March 3, 2021</p><p>{PROSE}</p>"
    assert extract(page(body)).published is None


def test_displayed_date_near_a_utc_timestamp_wins():
    """A visible date a day from the metadata's UTC timestamp is the local date shown."""
    head = '<meta property="article:published_time" content="2025-12-19T02:30:00+00:00">'
    assert iso(extract(with_byline("December 18, 2025", head=head)).published) == "2025-12-18"


def test_comments_heading_ends_the_search():
    body = (
        f"<p>{PROSE}</p><h2>2 Comments</h2><div><p>Lou</p>"
        "<p class='when'>Posted on May 2, 2023</p><p>Great tips.</p></div>"
    )
    assert extract(page(body)).published is None


@pytest.mark.parametrize(
    "url, value",
    [
        ("https://example.test/2021/10/10/slug/", "2021-10-10"),
        ("https://example.test/blog/2025-12-17-minisgl", "2025-12-17"),
        ("https://example.test/news/2021/10/slug/", None),
        ("https://example.test/2021/13/40/slug/", None),
        ("https://example.test/products/1234-5678/", None),
        (None, None),
    ],
)
def test_date_in_url(url, value):
    assert iso(date_in_url(url)) == value
