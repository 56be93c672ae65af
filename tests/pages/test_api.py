"""Wagtail API v2: article detail and listing JSON, and their query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import faq, listicle, make_article, make_author, make_image, reason

pytestmark = pytest.mark.django_db

ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"


def article_with_everything(title="Ten reasons", reasons=10, questions=5, author=None, images=1):
    author = author or make_author(
        photo=make_image("Portrait"),
        website="https://example.com/ada",
        links=[
            {"type": "link", "value": {"label": "Mastodon", "url": "https://example.social/@ada"}}
        ],
    )
    pictures = [make_image(f"{title} picture {n}") for n in range(images)]
    body = [
        {"type": "heading", "value": {"text": "Before we start", "level": "h2"}},
        {"type": "paragraph", "value": '<p>See <a href="https://example.com/">this</a>.</p>'},
        listicle(
            "Ten reasons",
            [
                reason(f"Reason {n}", image=pictures[n - 1] if n <= images else None)
                for n in range(1, reasons + 1)
            ],
        ),
        faq([(f"Question {n}?", f"<p>Answer {n}.</p>") for n in range(1, questions + 1)]),
        {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
    ]
    return make_article(
        title=title,
        body=body,
        author=author,
        intro="<p>Why it <b>works</b>.</p>",
        original_published=datetime.date(2021, 3, 11),
        last_updated=datetime.date(2022, 6, 8),
    )


def test_detail_has_article_fields_and_front_end_blocks(client):
    page = article_with_everything()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["meta"]["type"] == ARTICLE_TYPE
    assert data["intro"] == "<p>Why it <b>works</b>.</p>"
    assert data["original_published"] == "2021-03-11"
    assert data["last_updated"] == "2022-06-08"
    assert data["author"]["name"] == "Ada Fielding"
    assert data["author"]["bio"] == "<p>Writes about <b>habits</b>.</p>"
    assert set(data["author"]["photo"]["renditions"]) == {"thumbnail", "medium"}
    assert data["author"]["photo"]["renditions"]["thumbnail"]["url"].endswith(".png")
    assert data["author"]["links"] == [{"label": "Mastodon", "url": "https://example.social/@ada"}]

    types = [block["type"] for block in data["body"]]
    assert types == ["heading", "paragraph", "listicle", "faq", "author_bio"]
    listicle_data = data["body"][2]["value"]
    assert [item["number"] for item in listicle_data["items"]] == list(range(1, 11))
    assert listicle_data["items"][2]["anchor"] == "reason-3"
    assert listicle_data["items"][0]["image"]["renditions"]["medium"]["url"]
    assert data["body"][3]["value"]["items"][0]["answer"] == "<p>Answer 1.</p>"
    assert data["body"][4]["value"]["author"]["name"] == "Ada Fielding"
    assert [obj["@type"] for obj in data["json_ld"]] == ["Article", "ItemList", "FAQPage"]


def test_internal_links_in_rich_text_are_resolved_for_front_ends(client):
    target = make_article(title="Target page")
    page = make_article(
        title="Linker",
        body=[{"type": "paragraph", "value": f'<p><a linktype="page" id="{target.pk}">t</a></p>'}],
    )
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    assert body[0]["value"] == f'<p><a href="{target.url}">t</a></p>'
    assert "linktype" not in str(body)


def count_queries(client, url):
    # Warm caches that are filled once per process (content types, site root paths).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response.json()


def test_detail_query_count_does_not_grow_with_blocks_or_items(client):
    small = article_with_everything("Small", reasons=2, questions=1, images=1)
    large = article_with_everything("Large", reasons=30, questions=20, images=12)
    small_count, _ = count_queries(client, f"/api/v2/pages/{small.pk}/")
    large_count, data = count_queries(client, f"/api/v2/pages/{large.pk}/")
    assert len(data["body"][2]["value"]["items"]) == 30
    assert large_count == small_count


def test_listing_of_fifty_articles_needs_no_query_per_article_or_author(client):
    url = f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=author,intro,last_updated&limit=50"
    for n in range(3):
        article_with_everything(f"Warm {n}")
    few_count, few = count_queries(client, url)
    for n in range(47):
        # A new author (with a photo) for every article: the worst case for N+1 queries.
        article_with_everything(
            f"Article {n}",
            reasons=3,
            questions=1,
            author=make_author(f"Author {n}", photo=make_image(f"P{n}")),
        )
    many_count, many = count_queries(client, url)
    assert few["meta"]["total_count"] == 3 and many["meta"]["total_count"] == 50
    assert len(many["items"]) == 50
    assert [item["author"]["name"] for item in many["items"][3:]] == [
        f"Author {n}" for n in range(47)
    ]
    assert many_count == few_count, f"{few_count} queries for 3 articles, {many_count} for 50"


def test_a_listing_shows_authors_as_summaries_and_the_detail_in_full(client):
    """A byline in a list needs no bio, photo or links: a listing's ``author`` and
    ``authors`` are summaries (one query for all the pages' authors, no photo queries);
    the detail has the whole author."""
    writer = make_author("Ada Summary", photo=make_image("Ada"))
    article = article_with_everything("Summarised", author=writer)
    listing = client.get(f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=author,authors").json()
    (item,) = [i for i in listing["items"] if i["id"] == article.pk]
    summary = {"id": writer.pk, "name": "Ada Summary", "slug": writer.slug, "role": writer.role}
    assert item["author"] == summary
    assert item["authors"] == [summary]

    detail = client.get(f"/api/v2/pages/{article.pk}/?fields=author,authors").json()
    assert detail["author"]["photo"]["renditions"]
    assert detail["author"]["bio"] == detail["authors"][0]["bio"] != ""
    assert set(detail["author"]) > set(summary)


def test_listing_and_detail_are_cached_apart(client):
    """The two shapes of an author never share a cache entry (the detail asked after the
    listing, with the same fields, is whole)."""
    article = article_with_everything("Shapes", author=make_author("Two Shapes"))
    client.get(f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=author")
    detail = client.get(f"/api/v2/pages/{article.pk}/?fields=author").json()
    assert "bio" in detail["author"] and "links" in detail["author"]
    listing = client.get(f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=author").json()
    assert "bio" not in listing["items"][0]["author"]
