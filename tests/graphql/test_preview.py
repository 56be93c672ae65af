"""Headless preview: the "Front end" preview opens the front end with a token, and the REST
API and GraphQL answer the draft for that token (wagtail-headless-preview)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import RequestFactory
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from advice_blocks import preview
from advice_blocks.models import AdviceArticlePage
from tests.factories import home_page, listicle, make_author, reason
from tests.graphql.conftest import every_block_article, run_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("preview_app")]

PREVIEW_ENDPOINT = "/api/v2/page_preview/"
CLIENT = "/static/frontend/preview.html"


def draft_of(article, title="A draft title"):
    """Save a draft revision with a new title, reasons in a new order and authors reversed;
    return it as a page object (what the editor previews)."""
    draft = article.get_latest_revision_as_object()
    draft.title = title
    draft.body = [listicle("Two drafted reasons", [reason("Drafted first"), reason("Second")])]
    draft.set_authors(list(reversed(draft.authors)))
    draft.save_revision()
    return article.get_latest_revision_as_object()


def front_end_preview(page):
    """The "Front end" preview's response, as Wagtail's preview views ask for it."""
    request = RequestFactory().get("/admin/pages/preview/")
    return page.serve_preview(request, preview.HEADLESS_MODE)


def token_from(url):
    query = parse_qs(urlsplit(url).query)
    assert query["content_type"] == ["advice_blocks.advicearticlepage"]
    return query["token"][0]


def test_articles_have_a_front_end_preview_mode_beside_wagtails():
    article = every_block_article()
    assert article.preview_modes == [("", "Default"), ("headless", "Front end")]
    assert article.default_preview_mode == ""


def test_front_end_preview_opens_the_client_url_with_a_token():
    article = every_block_article()
    response = front_end_preview(draft_of(article))
    assert response.status_code == 302
    assert response["Location"].startswith(CLIENT + "?")
    token = token_from(response["Location"])
    assert (
        signing.TimestampSigner(salt="headlesspreview.token").unsign(token) == f"id={article.pk}"
    )


def test_rest_api_answers_the_draft_for_the_token(client):
    """The pages endpoint's detail, from the draft; the live page is unchanged."""
    article = every_block_article()
    token = token_from(front_end_preview(draft_of(article))["Location"])
    response = client.get(
        PREVIEW_ENDPOINT, {"content_type": "advice_blocks.advicearticlepage", "token": token}
    )
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    live = client.get(f"/api/v2/pages/{article.pk}/").json()

    assert data["id"] == article.pk
    assert data["title"] == "A draft title"
    assert live["title"] == "Everything at once"
    (block,) = data["body"]
    assert [(i["number"], i["anchor"], i["heading"]) for i in block["value"]["items"]] == [
        (1, "reason-1", "Drafted first"),
        (2, "reason-2", "Second"),
    ]
    assert [a["name"] for a in data["authors"]] == [a["name"] for a in reversed(live["authors"])]
    # Everything else the live detail has, the draft's detail has.
    assert set(data) == set(live)
    assert set(data["meta"]) == set(live["meta"])
    assert data["meta"]["parent"] == live["meta"]["parent"]
    assert data["comments"] == live["comments"]


def test_rest_api_takes_fields_like_the_pages_endpoint(client):
    article = every_block_article()
    token = token_from(front_end_preview(draft_of(article))["Location"])
    data = client.get(PREVIEW_ENDPOINT, {"token": token, "fields": "-body,-comments"}).json()
    assert data["title"] == "A draft title"
    assert "body" not in data and "comments" not in data


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"token": "id=1:not-a-token"},
        {"token": "VALID", "content_type": "home.homepage"},
    ],
    ids=["no token", "forged token", "other page type"],
)
def test_rest_api_answers_404_without_a_valid_token(client, query):
    article = every_block_article()
    token = token_from(front_end_preview(draft_of(article))["Location"])
    query = {key: token if value == "VALID" else value for key, value in query.items()}
    assert client.get(PREVIEW_ENDPOINT, query).status_code == 404


def test_tokens_expire(client, monkeypatch):
    article = every_block_article()
    token = token_from(front_end_preview(draft_of(article))["Location"])
    monkeypatch.setattr(preview, "TOKEN_MAX_AGE", -1)
    assert client.get(PREVIEW_ENDPOINT, {"token": token}).status_code == 404
    assert AdviceArticlePage.get_page_from_preview_token(token) is None


def test_a_page_not_yet_created_can_be_previewed(client):
    page = AdviceArticlePage(title="Brand new", slug="brand-new", body=[listicle()])
    home = home_page()
    page.path, page.depth = home.path + "0001", home.depth + 1  # as Wagtail's create view does
    page.set_authors([make_author("New Writer")])
    response = front_end_preview(page)
    token = token_from(response["Location"])
    assert signing.TimestampSigner(salt="headlesspreview.token").unsign(token) == (
        f"parent_id={home.pk};page_type=advice_blocks.AdviceArticlePage"
    )
    data = client.get(PREVIEW_ENDPOINT, {"token": token}).json()
    assert data["id"] == 0
    assert data["title"] == "Brand new"
    assert data["meta"]["parent"]["id"] == home.pk
    assert [a["name"] for a in data["authors"]] == ["New Writer"]


def test_graphql_page_by_token_is_the_draft(client, graphql_app):
    article = every_block_article()
    token = token_from(front_end_preview(draft_of(article))["Location"])
    query = """query($token: String) { page(token: $token) { title ... on AdviceArticlePage {
        authors { name } body { ... on AdviceListicleBlock { items { number anchor heading } } }
    } } }"""
    data = run_query(client, query, token=token)["page"]
    rest = client.get(PREVIEW_ENDPOINT, {"token": token}).json()
    assert data["title"] == rest["title"] == "A draft title"
    assert [a["name"] for a in data["authors"]] == [a["name"] for a in rest["authors"]]
    items = [
        {key: item[key] for key in ("number", "anchor", "heading")}
        for item in rest["body"][0]["value"]["items"]
    ]
    assert data["body"][0]["items"] == items
    live = run_query(
        client,
        query.replace("$token: String", "$slug: String").replace("token: $token", "slug: $slug"),
        slug=article.slug,
    )["page"]
    assert live["title"] == "Everything at once"
    assert run_query(client, query, token="id=1:forged")["page"] is None


def test_without_a_redirect_the_front_end_is_framed_without_inline_styles(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "REDIRECT_ON_PREVIEW": False,
    }
    response = front_end_preview(every_block_article())
    html = response.content.decode()
    assert response.status_code == 200
    src = re.search(r'<iframe[^>]* src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert src.startswith(CLIENT + "?") and token_from(src)
    assert "style" not in html.replace("stylesheet", "")


def test_without_a_client_url_previews_are_wagtails_own(settings, admin_client):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}}
    article = every_block_article()
    assert article.preview_modes == [("", "Default")]
    assert front_end_preview(article) is not None  # Wagtail renders an unknown mode itself
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True)
    response = article.serve_preview(request, "")
    assert response.status_code == 200
    assert "Everything at once" in response.rendered_content


def test_editor_preview_in_the_front_end_mode_redirects_with_a_token(admin_client):
    """Through Wagtail's own preview view, as the editor's preview panel uses it."""
    article = every_block_article()
    rows = list(article.advice_authors.order_by("sort_order"))
    url = f"/admin/pages/{article.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Typed in the editor",
            "slug": article.slug,
            "intro": rich_text("<p>Drafted intro.</p>"),
            # The byline's rows as the editor has them, the second author first.
            "advice_authors": inline_formset(
                [
                    {"id": row.pk, "author": row.author_id, "ORDER": 2 - position}
                    for position, row in enumerate(rows)
                ],
                initial=len(rows),
            ),
            "body": streamfield([("paragraph", rich_text("<p>Drafted body.</p>"))]),
        }
    )
    assert admin_client.post(url, form).json()["is_valid"] is True
    response = admin_client.get(url, {"mode": "headless"})
    assert response.status_code == 302
    token = token_from(response["Location"])
    data = admin_client.get(PREVIEW_ENDPOINT, {"token": token}).json()
    assert data["title"] == "Typed in the editor"
    assert re.fullmatch(r'<p data-block-key="\w+">Drafted body.</p>', data["body"][0]["value"])
    assert [a["name"] for a in data["authors"]] == [
        "Everything at once second author",
        "Everything at once first author",
    ]
    live = admin_client.get(f"/api/v2/pages/{article.pk}/").json()
    assert live["title"] == "Everything at once"
