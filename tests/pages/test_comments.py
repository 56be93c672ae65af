"""Comments on article pages: the public thread, JSON-LD, the API and submissions."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from advice_blocks.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def add(page, name, status=Comment.Status.APPROVED, parent=None, day=1, body=None):
    return Comment.objects.create(
        page=page,
        parent=parent,
        author_name=name,
        author_email=f"{name.lower()}@example.com",
        body=body or f"Thoughts from {name}.\n\nSecond paragraph.",
        status=status,
        created_at=datetime.datetime(2024, 1, day, 12, tzinfo=datetime.UTC),
    )


@pytest.fixture
def thread():
    page = make_article()
    ann = add(page, "Ann", day=1)
    bob = add(page, "Bob", parent=ann, day=2)
    add(page, "Cy", parent=bob, day=3)
    add(page, "Dee", day=4)
    add(page, "Pending", status=Comment.Status.PENDING, day=5)
    add(page, "Spammer", status=Comment.Status.SPAM, day=6)
    rejected = add(page, "Rejected", status=Comment.Status.REJECTED, day=7)
    add(page, "ChildOfRejected", parent=rejected, day=8)
    return page


def test_page_shows_approved_comments_as_a_thread_with_count(client, thread):
    root = lxml_html.fromstring(client.get(thread.url).content)
    section = root.xpath("//section[@id='comments']")[0]
    assert section.xpath("string(.//h2)") == "4 comments"
    top = section.xpath("./ol[@class='comment-list']/li")
    assert [li.xpath("string(.//*[@class='comment__author'][1])") for li in top] == ["Ann", "Dee"]
    nested = top[0].xpath(".//ol[@class='comment-replies']//span[@class='comment__author']")
    assert [el.text for el in nested] == ["Bob", "Cy"]
    text = section.text_content()
    assert "Pending" not in text and "Spammer" not in text and "Rejected" not in text
    assert "@example.com" not in client.get(thread.url).content.decode()
    assert top[0].xpath("(.//div[@class='comment__body'])[1]/p/text()") == [
        "Thoughts from Ann.",
        "Second paragraph.",
    ]


def test_json_ld_includes_comments_and_count(client, thread):
    root = lxml_html.fromstring(client.get(thread.url).content)
    (article,) = [
        obj
        for obj in json.loads(root.xpath("//script[@type='application/ld+json']/text()")[0])
        if obj["@type"] == "Article"
    ]
    assert article["commentCount"] == 4
    assert [c["author"]["name"] for c in article["comment"]] == ["Ann", "Dee"]
    assert article["comment"][0]["comment"][0]["comment"][0]["author"]["name"] == "Cy"
    assert article["comment"][0]["dateCreated"].startswith("2024-01-01")


def test_api_exposes_only_approved_comments_in_one_query(client, thread):
    url = f"/api/v2/pages/{thread.pk}/?fields=comments"
    data = client.get(url).json()
    assert [c["author"] for c in data["comments"]] == ["Ann", "Dee"]
    assert data["comments"][0]["replies"][0]["replies"][0]["author"] == "Cy"
    assert "email" not in json.dumps(data["comments"])

    for n in range(30):
        add(thread, f"Extra{n}", day=10)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    comment_queries = [q for q in queries if "advice_blocks_comment" in q["sql"]]
    assert len(comment_queries) == 1


def post_form(client, page, remote_addr=None, **data):
    """Post the comment form; ``remote_addr`` is the client's address (in the environ)."""
    payload = {
        "name": "Reader",
        "email": "",
        "url": "",
        "body": "Very useful, thanks.",
        "parent": "",
        "website_confirm": "",
    }
    payload.update(data)
    environ = {"REMOTE_ADDR": remote_addr} if remote_addr else {}
    return client.post(f"/advice/comments/{page.pk}/", payload, **environ)


def test_form_submission_is_stored_as_pending_and_not_shown(client, thread):
    response = post_form(client, thread, name="Eve", body="<b>Great</b> read! https://x.test")
    assert response.status_code == 302
    assert response["Location"].endswith("?comment=pending#comments")
    comment = Comment.objects.get(author_name="Eve")
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Great read! https://x.test"
    assert comment.ip_address == "127.0.0.1"
    page_html = client.get(thread.url + "?comment=pending").content.decode()
    assert "Great read" not in page_html
    assert "will appear once a moderator approves it" in page_html


def test_form_requires_csrf(thread):
    client = Client(enforce_csrf_checks=True)
    assert post_form(client, thread).status_code == 403
    page_html = client.get(thread.url).content.decode()
    token = lxml_html.fromstring(page_html).xpath("//input[@name='csrfmiddlewaretoken']/@value")
    assert token
    response = post_form(client, thread, csrfmiddlewaretoken=token[0])
    assert response.status_code == 302


def test_form_errors_are_specific(client, thread):
    response = post_form(client, thread, name="", body="x", email="not-an-email")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "at least two characters" in html
    assert "Enter a valid email address." in html
    assert not Comment.objects.filter(status=Comment.Status.PENDING, author_name="").exists()


def test_reply_must_target_an_approved_comment_on_the_same_page(client, thread):
    other = make_article(title="Other")
    foreign = add(other, "Elsewhere")
    response = post_form(client, thread, parent=str(foreign.pk))
    assert response.status_code == 400
    assert "does not exist on this page" in response.content.decode()
    ann = Comment.objects.get(author_name="Ann")
    assert post_form(client, thread, parent=str(ann.pk)).status_code == 302
    assert Comment.objects.get(author_name="Reader").parent == ann


def test_honeypot_rejects_bots(client, thread):
    response = post_form(client, thread, website_confirm="http://spam.example")
    assert response.status_code == 400
    assert "looks automated" in response.content.decode()
    assert not Comment.objects.filter(author_name="Reader").exists()


def test_rate_limit_per_client_address(client, thread, settings):
    """Each client address has its own allowance, whatever client object sends it."""
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "COMMENT_RATE_LIMIT": 2,
        "COMMENT_RATE_WINDOW": 3600,
    }
    first, second = "10.0.0.9", "10.0.0.8"
    assert post_form(client, thread, first).status_code == 302
    assert post_form(client, thread, first, body="Second one here.").status_code == 302
    third = post_form(client, thread, first, body="Third one here.")
    assert third.status_code == 429
    assert "please wait" in third.content.decode()
    assert post_form(client, thread, second, body="From elsewhere.").status_code == 302
    assert post_form(client, thread, second, body="Again from there.").status_code == 302
    assert post_form(client, thread, second, body="Once too often.").status_code == 429
    assert sorted(
        Comment.objects.filter(author_name="Reader").values_list("ip_address", flat=True)
    ) == [
        second,
        second,
        first,
        first,
    ]


def test_json_endpoint_for_headless_front_ends(client, thread, settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "COMMENT_RATE_LIMIT": 3,
        "COMMENT_RATE_WINDOW": 3600,
    }
    url = f"/advice/api/comments/{thread.pk}/"
    ok = client.post(
        url, {"name": "Api", "body": "Posted from the app."}, content_type="application/json"
    )
    assert ok.status_code == 201
    assert ok.json()["status"] == "pending"
    bad = client.post(url, {"name": "", "body": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"name", "body"}
    form_encoded = client.post(url, {"name": "Form", "body": "Not JSON."})
    assert form_encoded.status_code == 415
    not_an_object = client.post(url, "[1,2]", content_type="application/json")
    assert not_an_object.status_code == 400
    response = client.post(
        url, {"name": "Late", "body": "Too many."}, content_type="application/json"
    )
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_comments_only_on_live_article_pages(client):
    draft = make_article(title="Draft", publish=False)
    assert post_form(client, draft).status_code == 404
    assert client.get("/advice/comments/1/").status_code == 405
