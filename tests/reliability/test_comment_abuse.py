"""Abuse of the public comment endpoints: rate limits, spoofed addresses, CSRF, odd bodies.

The form and the JSON endpoint share one rate-limit bucket per client address, bots that
trip the honeypot use it up too, ``X-Forwarded-For`` is believed only as far as
``TRUSTED_PROXY_COUNT`` says, and the CSRF-exempt JSON endpoint accepts nothing that a
cross-site HTML form could send.
"""

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from advice_blocks import comments, views
from advice_blocks.models import Comment
from tests.factories import make_article

from .figures import FIGURES

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture
def article(settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "COMMENT_RATE_LIMIT": LIMIT,
        "COMMENT_RATE_WINDOW": 600,
    }
    return make_article()


def form(client, page, n, **extra):
    data = {"name": "Reader", "body": f"Comment number {n}.", "website_confirm": ""}
    return client.post(f"/advice/comments/{page.pk}/", {**data, **extra.pop("data", {})}, **extra)


def api(client, page, n, **extra):
    body = json.dumps({"name": "Reader", "body": f"Comment number {n}."})
    return client.post(
        f"/advice/api/comments/{page.pk}/", body, content_type="application/json", **extra
    )


def test_the_form_and_the_json_endpoint_share_one_limit(client, article):
    statuses = [send(client, article, n).status_code for n, send in enumerate([form, api] * 3)]
    assert statuses == [302, 201, 302, 429, 429, 429]
    assert Comment.objects.filter(source_key="").count() == LIMIT
    FIGURES["comment submissions over the rate limit refused"] += statuses.count(429)


def test_refusals_say_when_to_retry(client, article):
    for n in range(LIMIT):
        api(client, article, n)
    limited = api(client, article, 99)
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    page = form(client, article, 99)
    assert page.status_code == 429
    assert "please wait" in page.content.decode()


def test_the_limit_resets_after_its_window(client, article, monkeypatch):
    now = 1_000_000.0
    monkeypatch.setattr(comments.time, "time", lambda: now)
    for n in range(LIMIT):
        assert api(client, article, n).status_code == 201
    assert api(client, article, 9).status_code == 429
    now += 600
    assert api(client, article, 10).status_code == 201


def test_bots_caught_by_the_honeypot_use_up_the_limit_too(client, article):
    bot = {"website_confirm": "http://spam.example/"}
    for n in range(LIMIT):
        assert form(client, article, n, data=bot).status_code == 400
    assert form(client, article, 9).status_code == 429
    assert not Comment.objects.filter(source_key="").exists()


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, article):
    """Without trusted proxies, X-Forwarded-For is the client's word: ignored."""
    statuses = [
        api(client, article, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(LIMIT + 2)
    ]
    assert statuses == [201] * LIMIT + [429, 429]
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_address_it_saw_is_used(article, settings):
    """The proxy appends the address it saw; what the client put in front is ignored."""
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "TRUSTED_PROXY_COUNT": 1}
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    statuses = [
        api(proxy, article, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7").status_code
        for n in range(LIMIT + 1)
    ]
    assert statuses == [201] * LIMIT + [429]
    other_reader = api(proxy, article, 50, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other_reader.status_code == 201
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.7",
        "203.0.113.8",
    }


def test_the_html_form_needs_its_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    assert form(client, article, 1).status_code == 403
    client.get(article.url)
    token = client.cookies["csrftoken"].value
    assert form(client, article, 2, data={"csrfmiddlewaretoken": token}).status_code == 302


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
def test_the_json_endpoint_refuses_what_a_cross_site_form_can_send(article, content_type):
    """An HTML form on another site can send these three types, and only these, without a
    CORS preflight; the endpoint is CSRF-exempt because it accepts none of them."""
    client = Client(enforce_csrf_checks=True)
    body = '{"name": "Cross", "body": "Sent by another site."}'
    response = client.post(
        f"/advice/api/comments/{article.pk}/",
        body,
        content_type=content_type,
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 415
    assert "Access-Control-Allow-Origin" not in response
    assert not Comment.objects.filter(source_key="").exists()


@pytest.mark.parametrize(
    "body, status",
    [
        (b"{", 400),
        (b"\xff\xfe\x00", 400),
        (b'"just a string"', 400),
        (b"null", 400),
        (b'{"name": ["a"], "body": {"x": 1}}', 400),
        (json.dumps({"name": "Long", "body": "x" * 5001}).encode(), 400),
        (json.dumps({"name": "N" * 101, "body": "Name too long."}).encode(), 400),
        (json.dumps({"name": "Ok", "body": "Reply to nowhere.", "parent": 999999}).encode(), 400),
        (json.dumps({"name": "Ok", "body": "Fine.", "parent": "1; DROP TABLE"}).encode(), 400),
    ],
)
def test_malformed_json_submissions_are_refused_cleanly(client, article, body, status):
    response = client.post(
        f"/advice/api/comments/{article.pk}/", body, content_type="application/json"
    )
    assert response.status_code == status
    assert "errors" in response.json()
    assert not Comment.objects.filter(source_key="").exists()


def api_raw(client, page, body):
    return client.post(f"/advice/api/comments/{page.pk}/", body, content_type="application/json")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_refused_as_a_bad_request(client, article, opening):
    """Nesting deep enough to exhaust the parser's recursion is a 400 that says so."""
    response = api_raw(client, article, (opening * 10_000).encode())  # under the size cap
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["errors"]["__all__"][0]
    assert not Comment.objects.filter(source_key="").exists()


def test_a_json_body_beyond_the_size_cap_is_refused_before_parsing(client, article, monkeypatch):
    """A body larger than any allowed comment could need gets 413 without being parsed."""
    monkeypatch.setattr(views, "json", SimpleNamespace(loads=lambda *a: pytest.fail("parsed")))
    huge = json.dumps({"name": "Big", "body": "<b>x</b>" * 300_000}).encode()  # 2.4 MB
    response = api_raw(client, article, huge)
    assert response.status_code == 413
    assert "too large" in response.json()["errors"]["__all__"][0]
    nested = api_raw(client, article, b"[" * 100_000)
    assert nested.status_code == 413


def test_a_form_body_beyond_the_size_cap_is_refused_before_parsing(client, article):
    body = "<i>y</i>" * 300_000  # 2.4 MB
    response = form(client, article, 1, data={"body": body})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Comment.objects.filter(source_key="").exists()


def test_the_size_cap_follows_the_longest_comment_allowed(client, article, settings):
    """A comment at the length limit, every character escaped, still fits under the cap."""
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_MAX_LENGTH": 300}
    longest = "😀" * 300
    body = json.dumps({"name": "😀" * 100, "body": longest, "url": "", "email": ""})
    assert api_raw(client, article, body.encode()).status_code == 201
    too_long = api_raw(client, article, json.dumps({"name": "A", "body": "a" * 301}).encode())
    assert too_long.status_code == 400
    assert "under 300 characters" in too_long.json()["errors"]["body"][0]
    twenty_thousand = json.dumps({"name": "A", "body": "a" * 20_000}).encode()
    assert api_raw(client, article, twenty_thousand).status_code == 413
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_MAX_LENGTH": 5000}
    assert api_raw(client, article, twenty_thousand).status_code == 400


@pytest.mark.parametrize("send", [form, api])
def test_markup_over_the_length_limit_is_refused_before_it_is_stripped(
    client, article, monkeypatch, send
):
    """The raw length is checked first: an over-long body never reaches ``strip_tags``."""
    stripped = []
    real_strip_tags = comments.strip_tags
    monkeypatch.setattr(
        comments, "strip_tags", lambda value: stripped.append(len(value)) or real_strip_tags(value)
    )
    body = "<b>" + "z" * 4995 + "</b>"  # 5,002 characters; 4,995 once stripped
    if send is form:
        response = form(client, article, 1, data={"body": body})
        message = response.content.decode()
    else:
        response = api_raw(client, article, json.dumps({"name": "Raw", "body": body}).encode())
        message = response.json()["errors"]["body"][0]
    assert response.status_code == 400
    assert "under 5000 characters (this one has 5002)" in message
    assert all(length < 5000 for length in stripped)


def test_the_comment_form_checks_the_raw_length_before_stripping(monkeypatch):
    """A 2.3 MB body is refused on its length alone."""
    monkeypatch.setattr(
        comments,
        "strip_tags",
        lambda value: value if len(value) < 100 else pytest.fail("stripped"),
    )
    article = make_article()
    form_ = comments.CommentForm({"name": "Big", "body": "<p>a</p>" * 290_000}, page=article)
    assert not form_.is_valid()
    assert "under 5000 characters (this one has 2320000)" in form_.errors["body"][0]


def test_line_breaks_count_once_as_browsers_count_them(article):
    """A textarea's maxlength counts a line break as one character; it is sent as CRLF."""
    body = ("a" * 98 + "\r\n") * 50  # 4,950 characters as the browser counts them
    form_ = comments.CommentForm({"name": "Lines", "body": body}, page=article)
    assert form_.is_valid(), form_.errors
    assert "\r" not in form_.cleaned_data["body"]


def test_lone_surrogates_in_json_strings_are_refused(client, article):
    """JSON may escape half a surrogate pair, which no database can store as text."""
    response = api_raw(client, article, b'{"name": "A\\ud800", "body": "Half \\udfff a pair."}')
    assert response.status_code == 400
    assert "not valid Unicode" in response.json()["errors"]["__all__"][0]
    assert not Comment.objects.filter(source_key="").exists()
