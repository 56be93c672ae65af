"""API v2: the SQL queries of a request do not grow with blocks, authors or comments.

The articles come from ``benchmarks.content``, the builder the API benchmark uses.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.content import home_page, make_article, make_author

pytestmark = pytest.mark.django_db

ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"
INDEX_FIELDS = "intro,author,original_published,last_updated"


def query_count(client, url):
    client.get(url)  # fill the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response.json()


def light(title, **kwargs):
    """One reason (with an image), one question, one comment."""
    return make_article(title, reasons=1, questions=1, comments=1, images=1, **kwargs)


def heavy(title, **kwargs):
    """Ten reasons (three with images), five questions, eight threaded comments."""
    return make_article(title, reasons=10, questions=5, comments=8, images=3, **kwargs)


def test_detail_queries_do_not_grow_with_blocks_or_comments(client):
    small, small_data = query_count(client, f"/api/v2/pages/{light('Small').pk}/")
    large, large_data = query_count(client, f"/api/v2/pages/{heavy('Large').pk}/")
    assert len(large_data["body"][2]["value"]["items"]) == 10
    assert len(large_data["comments"]) > len(small_data["comments"])
    assert large == small, f"{small} queries for the small article, {large} for the large one"


def test_index_listing_queries_do_not_grow_with_articles_or_authors(client):
    url = f"/api/v2/pages/?type={ARTICLE_TYPE}&fields={INDEX_FIELDS}&limit=50"
    for n in range(3):
        light(f"First {n}")
    few, few_data = query_count(client, url)
    for n in range(47):
        # Every article its own author: the worst case for a query per row.
        light(f"More {n}", author=make_author(f"Author {n}"))
    many, many_data = query_count(client, url)
    assert few_data["meta"]["total_count"] == 3
    assert len(many_data["items"]) == 50
    assert [item["author"]["name"] for item in many_data["items"][3:]] == [
        f"Author {n}" for n in range(47)
    ]
    assert many == few, f"{few} queries for 3 articles, {many} for 50"


def test_full_listing_queries_do_not_grow_with_blocks_authors_or_comments(client):
    """``fields=*`` costs queries per article, but not per block, author or comment."""
    shared = make_author("Shared Author")
    light_parent = make_article("Light section", reasons=1, questions=1, comments=0, images=1)
    heavy_parent = make_article("Heavy section", reasons=1, questions=1, comments=0, images=1)
    for n in range(5):
        light(f"Light {n}", author=shared, parent=light_parent)
        heavy(f"Heavy {n}", author=make_author(f"Writer {n}"), parent=heavy_parent)
    assert home_page().get_children().count() == 2

    def listing(parent):
        return f"/api/v2/pages/?child_of={parent.pk}&type={ARTICLE_TYPE}&fields=*&limit=50"

    light_count, light_data = query_count(client, listing(light_parent))
    heavy_count, heavy_data = query_count(client, listing(heavy_parent))
    assert len(light_data["items"]) == len(heavy_data["items"]) == 5
    assert len(heavy_data["items"][0]["body"][2]["value"]["items"]) == 10
    assert heavy_count == light_count, (
        f"{light_count} queries for 5 light articles with one author, "
        f"{heavy_count} for 5 heavy ones with five"
    )


def test_full_listing_queries_do_not_grow_with_the_number_of_articles(client):
    """``fields=*``: 5 articles or 50, each with its own author, images and comments."""
    parent = make_article("Section", reasons=1, questions=1, comments=0, images=1)

    def listing(limit):
        return f"/api/v2/pages/?child_of={parent.pk}&type={ARTICLE_TYPE}&fields=*&limit={limit}"

    for n in range(50):
        make_article(
            f"Article {n}",
            reasons=3,
            questions=2,
            comments=3,
            images=2,
            author=make_author(f"Writer {n}"),
            parent=parent,
        )
    few, few_data = query_count(client, listing(5))
    many, many_data = query_count(client, listing(50))
    assert len(few_data["items"]) == 5
    assert len(many_data["items"]) == 50
    names = {item["author"]["name"] for item in many_data["items"]}
    assert len(names) == 50
    assert all(len(item["comments"]) >= 1 for item in many_data["items"])
    # The JSON-LD credits every author by name and page, from the same query.
    assert all(item["json_ld"][0]["author"] for item in many_data["items"])
    assert many == few, f"{few} queries for 5 articles, {many} for 50"


def test_api_responses_are_compact_unless_indentation_is_asked_for(client):
    article = light("Compact")
    compact = client.get(f"/api/v2/pages/{article.pk}/")
    indented = client.get(f"/api/v2/pages/{article.pk}/", HTTP_ACCEPT="application/json; indent=4")
    # (List items of these fixtures are stored without ids; Wagtail makes new ones per load.)
    compact_data, indented_data = compact.json(), indented.json()
    assert compact_data.pop("body")[0] == indented_data.pop("body")[0]
    assert compact_data == indented_data
    assert b"\n" not in compact.content
    assert b'\n    "id"' in indented.content
