"""The article page's cached parts: fewer queries when warm, never stale, never personal."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advice_blocks.models import Comment
from tests.factories import faq, listicle, make_article, make_author, make_image, reason

pytestmark = pytest.mark.django_db

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def article():
    author = make_author("Ada Fielding", photo=make_image("Ada"))
    page = make_article(
        title="Five quiet habits",
        body=[
            listicle(items=[reason(f"Habit {n}", image=make_image(f"H{n}")) for n in range(3)]),
            faq(),
            {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
        ],
        author=author,
    )
    Comment.objects.create(
        page=page, author_name="Ola", body="Lovely list.", status=Comment.Status.APPROVED
    )
    return page


def get(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def package_queries(sql):
    """Queries for what the page shows besides the page itself."""
    tables = (
        '"advice_blocks_author"',
        '"advice_blocks_articleauthor"',
        '"advice_blocks_comment"',
        '"wagtailimages_',
    )
    return [q for q in sql if any(t in q for t in tables)]


def test_a_warm_page_runs_none_of_the_articles_own_queries(client, article):
    cold, cold_sql = get(client, article)
    warm, warm_sql = get(client, article)
    assert package_queries(cold_sql), "the cold render fetches authors, images and comments"
    assert package_queries(warm_sql) == []
    assert len(warm_sql) < len(cold_sql)
    assert CSRF_RE.sub("", warm) == CSRF_RE.sub("", cold)


def test_no_caching_when_the_timeout_is_zero(client, article, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "PAGE_CACHE_TIMEOUT": 0}
    get(client, article)  # Wagtail's own first-request lookups (site root paths) settle
    _, second = get(client, article)
    _, third = get(client, article)
    assert package_queries(third) and len(third) == len(second)


def test_an_approved_comment_shows_at_once(client, article):
    get(client, article)
    pending = Comment.objects.create(page=article, author_name="Bea", body="Thanks, useful.")
    assert "Thanks, useful." not in get(client, article)[0]
    pending.status = Comment.Status.APPROVED
    pending.save()
    html = get(client, article)[0]
    assert "Thanks, useful." in html and "2 comments" in html
    assert '"commentCount": 2' in html
    pending.delete()
    assert "Thanks, useful." not in get(client, article)[0]


def test_an_authors_fixed_name_shows_at_once(client, article):
    get(client, article)
    author = article.author
    author.name = "Ada Fielding-Moss"
    author.save()
    html = get(client, article)[0]
    assert html.count("Ada Fielding-Moss") >= 2  # byline, author box (and JSON-LD)


def test_a_new_revision_shows_once_published_and_drafts_do_not(client, article):
    get(client, article)
    draft = article.get_latest_revision_as_object()
    draft.title = "Six quiet habits"
    revision = draft.save_revision()
    assert "Six quiet habits" not in get(client, article)[0]
    revision.publish()
    assert "Six quiet habits" in get(client, article)[0]


def test_previews_are_never_served_from_or_stored_in_the_cache(admin_client, client, article):
    get(client, article)
    draft = article.get_latest_revision_as_object()
    draft.title = "A draft title"
    revision = draft.save_revision()
    preview = admin_client.get(f"/admin/pages/{article.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "A draft title" in preview.content.decode()
    assert "A draft title" not in get(client, article)[0]


def test_each_reader_gets_their_own_csrf_token_and_form(article):
    first, second = Client(), Client()
    first_html = get(first, article)[0]
    second_html = get(second, article)[0]
    assert CSRF_RE.search(first_html).group(1) != CSRF_RE.search(second_html).group(1)
    # A reader's invalid submission is shown to them alone.
    response = first.post(
        f"/advice/comments/{article.pk}/",
        {"name": "Bo", "body": "x", "csrfmiddlewaretoken": CSRF_RE.search(first_html).group(1)},
    )
    error = "at least two characters"
    assert response.status_code == 400 and error in response.content.decode()
    assert error not in get(second, article)[0]


def test_the_blank_form_is_cached_and_each_reader_posts_with_their_own_token(article):
    """The blank comment form comes from the cache with the reader's token put in: a
    second reader's token (a cache hit) is accepted under CSRF checks, and is not the
    first reader's; no placeholder is ever left in a page."""
    from advice_blocks.templatetags.advice_blocks_tags import TOKEN_PLACEHOLDER

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = get(first, article)[0]
    second_html = get(second, article)[0]
    tokens = [CSRF_RE.search(html).group(1) for html in (first_html, second_html)]
    assert tokens[0] != tokens[1]
    assert TOKEN_PLACEHOLDER not in first_html + second_html
    # Apart from the token, both readers got the same form.
    assert first_html.replace(tokens[0], "T") == second_html.replace(tokens[1], "T")
    # The second reader's form came from the cache: its template was not rendered again.
    form_template = "advice_blocks/includes/comment_form.html"
    assert form_template not in [t.name for t in Client().get(article.url).templates]
    response = second.post(
        f"/advice/comments/{article.pk}/",
        {"name": "Bo", "body": "Second reader here.", "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(author_name="Bo").exists()


def test_the_cached_form_follows_the_comment_length_setting(article, settings):
    html = get(Client(), article)[0]
    assert 'maxlength="5000"' in html
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_MAX_LENGTH": 321}
    assert 'maxlength="321"' in get(Client(), article)[0]


def test_a_submitted_notice_or_a_readers_errors_are_never_cached(article):
    notice = "will appear once a moderator approves it"
    assert notice in Client().get(article.url + "?comment=pending").content.decode()
    assert notice not in get(Client(), article)[0]
