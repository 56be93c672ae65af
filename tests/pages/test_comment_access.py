"""Who may comment where: the comment endpoints apply Wagtail's page view restrictions, serve
only live pages of the request's site, and never show a page the client could not see."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from advice_blocks.models import Comment
from tests.factories import home_page, listicle, make_article, reason

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Secret title of a private article"
SECRET_REASON = "Secret reason heading"
SECRET_COMMENT = "Secret approved comment text."


def private_article(parent=None):
    page = make_article(
        title=SECRET_TITLE,
        parent=parent,
        body=[listicle(items=[reason(SECRET_REASON), reason("Second"), reason("Third")])],
    )
    Comment.objects.create(
        page=page,
        author_name="Insider",
        body=SECRET_COMMENT,
        status=Comment.Status.APPROVED,
        created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    )
    return page


def restrict(page, kind):
    if kind == "password":
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
        )
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def send_form(client, page, **data):
    payload = {"name": "Reader", "body": "Thanks for this.", "website_confirm": "", **data}
    return client.post(f"/advice/comments/{page.pk}/", payload)


def send_json(client, page, **data):
    payload = {"name": "Reader", "body": "Thanks for this.", **data}
    return client.post(
        f"/advice/api/comments/{page.pk}/", json.dumps(payload), content_type="application/json"
    )


ENDPOINTS = {"form": send_form, "json": send_json}


def assert_nothing_leaks(response):
    text = response.content.decode()
    for secret in (SECRET_TITLE, SECRET_REASON, SECRET_COMMENT):
        assert secret not in text


def assert_refused(response, endpoint, status=403):
    assert response.status_code == status
    assert_nothing_leaks(response)
    if endpoint == "json" and status == 403:
        assert response.json()["errors"]["__all__"]
    assert not Comment.objects.filter(author_name="Reader").exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", ["password", "login"])
def test_a_restricted_page_refuses_comments_without_showing_itself(client, endpoint, kind):
    """A valid comment on a page the client may not view is refused with 403."""
    page = private_article()
    restrict(page, kind)
    assert_refused(ENDPOINTS[endpoint](client, page), endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", ["password", "login"])
def test_an_invalid_comment_on_a_restricted_page_does_not_render_it(client, endpoint, kind):
    """An empty submission gets 403, not the page re-rendered with the form's errors."""
    page = private_article()
    restrict(page, kind)
    assert_refused(ENDPOINTS[endpoint](client, page, name="", body=""), endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_rate_limited_comment_on_a_restricted_page_does_not_render_it(
    client, endpoint, settings
):
    """Over the rate limit, a restricted page still answers 403 rather than 429 and the page."""
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "COMMENT_RATE_LIMIT": 1,
        "COMMENT_RATE_WINDOW": 3600,
    }
    open_page = make_article(title="Open article")
    assert ENDPOINTS[endpoint](client, open_page).status_code in (201, 302)
    Comment.objects.all().delete()
    page = private_article()
    restrict(page, "password")
    assert_refused(ENDPOINTS[endpoint](client, page, name=""), endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_in_a_private_section_is_restricted_too(client, endpoint):
    """A restriction on an ancestor covers every article below it."""
    section = home_page().add_child(instance=Page(title="Members", slug="members"))
    restrict(section, "login")
    page = private_article(parent=section)
    assert_refused(ENDPOINTS[endpoint](client, page), endpoint)
    assert_refused(ENDPOINTS[endpoint](client, page, body=""), endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unpublished_page_is_not_found(client, endpoint):
    page = make_article(title=SECRET_TITLE, publish=False)
    assert_refused(ENDPOINTS[endpoint](client, page), endpoint, status=404)
    assert_refused(ENDPOINTS[endpoint](client, page, body=""), endpoint, status=404)


@pytest.fixture
def other_site_article():
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=Page(title="Other home", slug="other-home"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    return private_article(parent=other_home)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_another_site_is_not_found(client, endpoint, other_site_article):
    """Comments reach a page only through the site it belongs to."""
    assert_refused(ENDPOINTS[endpoint](client, other_site_article), endpoint, status=404)
    assert_refused(ENDPOINTS[endpoint](client, other_site_article, body=""), endpoint, status=404)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_another_site_takes_comments_through_that_site(endpoint, other_site_article):
    client = Client(HTTP_HOST="other.example")
    assert ENDPOINTS[endpoint](client, other_site_article).status_code in (201, 302)
    assert Comment.objects.filter(author_name="Reader", page=other_site_article).exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_once_the_password_is_entered_comments_are_accepted(client, endpoint):
    page = private_article()
    restriction = restrict(page, "password")
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "opensesame", "return_url": page.url},
    )
    response = ENDPOINTS[endpoint](client, page)
    assert response.status_code in (201, 302)
    assert Comment.objects.filter(author_name="Reader", page=page).exists()
    # Errors may now show the page again: the client can see it anyway.
    invalid = ENDPOINTS[endpoint](client, page, body="")
    assert invalid.status_code == 400
    if endpoint == "form":
        assert SECRET_TITLE in invalid.content.decode()
        assert "no-cache" in invalid["Cache-Control"] or "private" in invalid["Cache-Control"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_logged_in_reader_may_comment_on_a_login_restricted_page(client, endpoint):
    page = private_article()
    restrict(page, "login")
    client.force_login(get_user_model().objects.create_user("member", password="x"))
    response = ENDPOINTS[endpoint](client, page)
    assert response.status_code in (201, 302)
    assert Comment.objects.filter(author_name="Reader", page=page).exists()


def test_the_wrong_password_does_not_open_the_page(client):
    page = private_article()
    restriction = restrict(page, "password")
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "guess", "return_url": page.url},
    )
    assert_refused(send_form(client, page, body=""), "form")
