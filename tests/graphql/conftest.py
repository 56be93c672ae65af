"""Fixtures for the GraphQL and headless preview tests: the example site's ``/graphql/``
and ``/api/v2/page_preview/``, and an article that uses every block.

Both need an optional extra (``[graphql]``, ``[headless]``; the ``test`` extra installs
them). Where one is missing its tests are skipped, saying so, except under ``CI=true``,
where that is an error: CI must run them.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps

from tests.shared_data import in_ci

EXTRAS = {
    "advice_blocks.graphql": ("wagtail-grapple", "graphql"),
    "wagtail_headless_preview": ("wagtail-headless-preview", "headless"),
}


def require_app(app):
    """Skip (fail under CI) unless the example site installed ``app``: it does whenever
    the package behind it is importable."""
    if apps.is_installed(app):
        return
    distribution, extra = EXTRAS[app]
    reason = (
        f"{distribution} is not installed, so the example site has no {app!r}: "
        f'pip install -e ".[{extra}]" (or ".[test]") to run these tests'
    )
    if in_ci():
        pytest.fail(f"{reason}. CI=true, and the test extra installs it.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def graphql_app():
    require_app("advice_blocks.graphql")


@pytest.fixture
def preview_app():
    require_app("wagtail_headless_preview")


def run_query(client, query, **variables):
    """POST a query to the example site's endpoint; return ``data`` (errors fail)."""
    response = client.post(
        "/graphql/", {"query": query, "variables": variables}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:1000]
    payload = response.json()
    assert "errors" not in payload, payload["errors"]
    return payload["data"]


def list_item(value, item_id):
    return {"type": "item", "value": value, "id": item_id}


def every_block_article(title="Everything at once", parent=None, **fields):
    """A published article with two authors, a featured image, tags, a nested category,
    every block (list items with stored ids, so that two loads give the same ids) and a
    thread of comments four levels deep."""
    from advice_blocks.models import AdviceArticlePage, ArticleCategory, Comment
    from benchmarks.content import make_author, make_image
    from tests.factories import home_page

    parent = parent or home_page()
    first = make_author(f"{title} first author")
    second = make_author(f"{title} second author", photo=False)
    figure = make_image(f"{title} figure", size=(400, 300))
    home = home_page()
    body = [
        {"type": "heading", "value": {"text": "Before we start", "level": "h2"}, "id": "h-1"},
        {
            "type": "paragraph",
            "value": f'<p>Back to <a linktype="page" id="{home.pk}">the home page</a>.</p>',
            "id": "p-1",
        },
        {
            "type": "image",
            "value": {"image": figure.pk, "alt_text": "A teal field", "caption": "Teal"},
            "id": "i-1",
        },
        {
            "type": "quote",
            "value": {"text": "Start where you are.", "attribution": "A coach"},
            "id": "q-1",
        },
        {"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "id": "e-1"},
        {
            "type": "listicle",
            "value": {
                "heading": "Five to three",
                "intro": "<p>A countdown that starts at <b>five</b>.</p>",
                "direction": "countdown",
                "start": 5,
                "anchor_prefix": "tip",
                "items": [
                    list_item(
                        {
                            "heading": "Five",
                            "body": "<p>The <i>first</i> shown.</p>",
                            "image": figure.pk,
                            "caption": "A figure",
                        },
                        "r-5",
                    ),
                    list_item(
                        {"heading": "Four", "body": "", "image": None, "caption": ""}, "r-4"
                    ),
                    list_item(
                        {"heading": "Three", "body": "<p>Last.</p>", "image": None, "caption": ""},
                        "r-3",
                    ),
                ],
            },
            "id": "l-1",
        },
        {
            "type": "listicle",
            "value": {
                "heading": "Two more",
                "intro": "",
                "direction": "ascending",
                "start": None,
                "anchor_prefix": "",
                "items": [
                    list_item({"heading": "One", "body": "<p>1</p>", "image": None}, "r-a"),
                    list_item({"heading": "Two", "body": "<p>2</p>", "image": None}, "r-b"),
                ],
            },
            "id": "l-2",
        },
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "items": [
                    list_item({"question": "Is it hard?", "answer": "<p>No.</p>"}, "f-1"),
                    list_item({"question": "How long?", "answer": "<p>A week.</p>"}, "f-2"),
                ],
            },
            "id": "faq-1",
        },
        {
            "type": "author_bio",
            "value": {"author": second.pk, "bio_override": "<p>Written for this page.</p>"},
            "id": "bio-1",
        },
    ]
    page = AdviceArticlePage(
        title=title,
        intro=f'<p>Read <a linktype="page" id="{home.pk}">this</a> <b>first</b>.</p>',
        original_published=datetime.date(2021, 3, 11),
        last_updated=datetime.date(2022, 6, 8),
        body=body,
        live=False,
        **fields,
    )
    page.set_authors([first, second])
    outdoors, _ = ArticleCategory.objects.get_or_create(name="Outdoors", slug="outdoors")
    walks, _ = ArticleCategory.objects.get_or_create(
        name="Walks", slug="walks", defaults={"parent": outdoors}
    )
    page.image = figure
    page.tags.add("walking", "gardening")
    page.categories = [walks]
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()

    start = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    parent_comment = None
    for depth in range(4):
        parent_comment = Comment.objects.create(
            page_id=page.pk,
            parent=parent_comment,
            author_name=f"Reader {depth + 1}",
            author_url="https://example.org/" if depth % 2 else "",
            author_email="never@example.org",
            body=f"Level {depth + 1} says hello.\n\nSee www.example.com for more.",
            created_at=start + datetime.timedelta(hours=depth),
            status=Comment.Status.APPROVED,
        )
    Comment.objects.create(
        page_id=page.pk,
        author_name="Not yet",
        body="Waiting for a moderator.",
        status=Comment.Status.PENDING,
    )
    return page
