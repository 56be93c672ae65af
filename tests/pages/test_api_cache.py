"""The API's cached article fields: fewer queries when warm, never stale, never a preview."""

import pytest
import wagtail
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from advice_blocks import caching
from advice_blocks.api import KEY_PREFIX
from advice_blocks.models import ArticleCategory, Comment
from tests.factories import faq, listicle, make_article, make_author, make_image, reason

pytestmark = pytest.mark.django_db

ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"
#: Tables behind what the article's own fields show (authors, images, comments, taxonomy).
ARTICLE_TABLES = (
    '"advice_blocks_author"',
    '"advice_blocks_articleauthor"',
    '"advice_blocks_comment"',
    '"advice_blocks_articletag"',
    '"advice_blocks_articlecategory"',
    '"wagtailimages_',
    '"taggit_',
)
needs_rich_text_format = pytest.mark.skipif(
    wagtail.VERSION < (8, 0), reason="Wagtail 7.4 has no rich_text_format API parameter."
)


@pytest.fixture
def article():
    author = make_author("Ada Fielding", photo=make_image("Ada"))
    page = make_article(
        title="Five quiet habits",
        intro='<p>Why it <a href="https://example.com/">works</a>.</p>',
        body=[
            listicle(items=[reason(f"Habit {n}", image=make_image(f"H{n}")) for n in range(3)]),
            faq(),
            {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
        ],
        author=author,
        image=make_image("Featured"),
    )
    page.tags.add("habits")
    page.save_revision().publish()
    Comment.objects.create(
        page=page, author_name="Ola", body="Lovely list.", status=Comment.Status.APPROVED
    )
    return page


def get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.json(), [q["sql"] for q in queries.captured_queries]


def detail(page):
    return f"/api/v2/pages/{page.pk}/"


def article_queries(sql):
    return [q for q in sql if any(table in q for table in ARTICLE_TABLES)]


def api_entries():
    """Keys of the API's cached entries (the test settings' local-memory cache)."""
    return {key for key in cache._cache if KEY_PREFIX in key}


def test_a_warm_detail_runs_none_of_the_articles_own_queries(client, article):
    cold, cold_sql = get(client, detail(article))
    warm, warm_sql = get(client, detail(article))
    assert article_queries(cold_sql), "the cold detail fetches authors, images and comments"
    assert article_queries(warm_sql) == []
    assert len(warm_sql) < len(cold_sql)
    assert warm == cold
    assert warm["author"]["name"] == "Ada Fielding" and warm["tags"] == ["habits"]
    assert warm["comments"][0]["author"] == "Ola"


def test_a_warm_listing_runs_none_of_the_articles_own_queries(client, article):
    make_article(title="Another", author=make_author("Bo Lind"))
    url = "/api/v2/pages/"
    params = {"type": ARTICLE_TYPE, "fields": "*"}
    cold, cold_sql = get(client, url, **params)
    warm, warm_sql = get(client, url, **params)
    assert article_queries(cold_sql) and article_queries(warm_sql) == []
    assert warm == cold and len(warm["items"]) == 2


def test_no_caching_when_the_timeout_is_zero(client, article, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "PAGE_CACHE_TIMEOUT": 0}
    get(client, detail(article))
    _, sql = get(client, detail(article))
    assert article_queries(sql) and not api_entries()


def test_an_approved_or_removed_comment_shows_at_once(client, article):
    get(client, detail(article))
    pending = Comment.objects.create(page=article, author_name="Bea", body="Thanks, useful.")
    assert len(get(client, detail(article))[0]["comments"]) == 1
    pending.status = Comment.Status.APPROVED
    pending.save()
    data = get(client, detail(article))[0]
    assert [c["author"] for c in data["comments"]] == ["Ola", "Bea"]
    assert data["json_ld"][0]["commentCount"] == 2
    pending.delete()
    data = get(client, detail(article))[0]
    assert [c["author"] for c in data["comments"]] == ["Ola"]
    assert data["json_ld"][0]["commentCount"] == 1


def test_an_authors_edit_shows_at_once(client, article):
    get(client, detail(article))
    author = article.author
    author.name = "Ada Fielding-Moss"
    author.save()
    data = get(client, detail(article))[0]
    assert data["author"]["name"] == data["authors"][0]["name"] == "Ada Fielding-Moss"
    assert data["body"][2]["value"]["author"]["name"] == "Ada Fielding-Moss"
    assert data["json_ld"][0]["author"][0]["name"] == "Ada Fielding-Moss"


def test_a_renamed_tag_shows_at_once(client, article):
    get(client, detail(article))
    tag = article.tags.get()
    tag.name = "small habits"
    tag.save()
    assert get(client, detail(article))[0]["tags"] == ["small habits"]


def test_a_publish_shows_at_once_and_a_draft_does_not(client, article):
    get(client, detail(article))
    draft = article.get_latest_revision_as_object()
    draft.title = "Six quiet habits"
    draft.body = [listicle(items=[reason("Drafted habit")])]
    revision = draft.save_revision()
    data = get(client, detail(article))[0]
    assert data["title"] == "Five quiet habits"
    assert data["body"][0]["value"]["items"][0]["heading"] == "Habit 0"
    revision.publish()
    data = get(client, detail(article))[0]
    assert data["title"] == "Six quiet habits"
    assert data["body"][0]["value"]["items"][0]["heading"] == "Drafted habit"
    assert [obj["@type"] for obj in data["json_ld"]][0] == "Article"
    assert data["json_ld"][0]["headline"] == "Six quiet habits"


def without_ids(value):
    """``value`` without the ``id`` of list items: the factory stores list items without
    one, so Wagtail gives them new ones each time the page is loaded."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def test_each_set_of_fields_has_its_own_entry(client, article):
    full = get(client, detail(article))[0]
    some = get(client, detail(article), fields="-comments,-json_ld")[0]
    assert "comments" in full and "comments" not in some and "json_ld" not in some
    assert without_ids(some["body"]) == without_ids(full["body"])
    assert len(api_entries()) == 2
    assert get(client, detail(article))[0] == full


@needs_rich_text_format
def test_rich_text_formats_do_not_mix(client, article):
    answers = {}
    for rich_text_format in (None, "html", "markdown", "db_html", "markdown", None):
        params = {"rich_text_format": rich_text_format} if rich_text_format else {}
        data = get(client, detail(article), **params)[0]
        seen = (data["intro"], data["body"][1]["value"]["items"][0]["answer"])
        answers.setdefault(rich_text_format, seen)
        assert answers[rich_text_format] == seen  # the second request, from the cache
    assert answers["markdown"] == ("Why it [works](https://example.com/).\n\n", "No.\n\n")
    assert answers[None][0] == '<p>Why it <a href="https://example.com/">works</a>.</p>'
    assert len(set(answers.values())) == 2  # display HTML (none, html, db_html here) and Markdown
    assert len(api_entries()) == 4


def test_a_request_with_a_preview_token_is_neither_cached_nor_served_from_the_cache(
    client, article
):
    """The flag the ``page_preview`` endpoint is asked with (``?token=``)."""
    get(client, detail(article))
    before = api_entries()
    _, sql = get(client, detail(article), token="anything")
    assert article_queries(sql), "computed, not read from the cache"
    assert api_entries() == before


def preview_token(page):
    """A headless preview of ``page`` (the editor's unsaved state), as the editor's "Front
    end" preview stores it; ``None`` when that app is not installed."""
    if not apps.is_installed("wagtail_headless_preview"):
        pytest.skip("wagtail-headless-preview is not installed (the [headless] extra)")
    from advice_blocks import preview

    return preview.create_preview(page).token


def test_a_preview_draft_is_never_cached_nor_served_to_others(client, article):
    draft = article.get_latest_revision_as_object()
    draft.title = "A draft title"
    draft.set_authors([make_author("Draft Writer")])
    draft.save_revision()
    live = get(client, detail(article))[0]
    token = preview_token(draft)
    before = api_entries()
    for _ in range(2):
        data, sql = get(client, "/api/v2/page_preview/", token=token)
        assert data["id"] == article.pk
        assert data["title"] == "A draft title"
        assert data["author"]["name"] == "Draft Writer"
        assert article_queries(sql)
    assert api_entries() == before
    # The live page's entry is still there, and the draft never reached it.
    data, sql = get(client, detail(article))
    assert data == live and article_queries(sql) == []
    listing = get(client, "/api/v2/pages/", type=ARTICLE_TYPE, fields="*")[0]
    assert [item["title"] for item in listing["items"]] == ["Five quiet habits"]
    assert listing["items"][0]["author"]["name"] == "Ada Fielding"


def test_a_preview_draft_is_not_cached_even_if_its_token_went_unnoticed(
    client, article, monkeypatch
):
    """The second guard: only pages the endpoint loads from its own queryset are cached."""
    from advice_blocks.api import AdviceArticlePagesAPIViewSet

    monkeypatch.setattr(AdviceArticlePagesAPIViewSet, "is_preview_request", lambda self: False)
    draft = article.get_latest_revision_as_object()
    draft.title = "A draft title"
    token = preview_token(draft)
    get(client, detail(article))
    before = api_entries()
    assert get(client, "/api/v2/page_preview/", token=token)[0]["title"] == "A draft title"
    assert api_entries() == before
    assert get(client, detail(article))[0]["title"] == "Five quiet habits"


# -- view restrictions ------------------------------------------------------------------


def test_a_page_restricted_after_it_was_cached_is_not_served(client, article):
    other = make_article(title="Another")
    listing_params = {"type": ARTICLE_TYPE, "fields": "*"}
    get(client, detail(article))
    get(client, "/api/v2/pages/", **listing_params)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
    )
    assert client.get(detail(article)).status_code == 404
    listing = get(client, "/api/v2/pages/", **listing_params)[0]
    assert [item["id"] for item in listing["items"]] == [other.pk]
    # The entry is still there, for when the restriction goes: it is of a public page.
    PageViewRestriction.objects.filter(page=article).delete()
    data, sql = get(client, detail(article))
    assert data["title"] == "Five quiet habits" and article_queries(sql) == []


def test_a_restricted_page_cached_for_a_reader_who_may_see_it_is_not_served_to_others(
    client, admin_client
):
    """Wagtail's API shows a login-restricted section to a signed-in reader; the cache
    serves an entry only for a page the request's own queryset lets through."""
    section = make_article(title="Members only")
    inside = make_article(title="Inside", parent=section)
    public = make_article(title="Public")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    listing_params = {"type": ARTICLE_TYPE, "fields": "*"}
    get(admin_client, detail(inside))
    get(admin_client, "/api/v2/pages/", **listing_params)
    data, sql = get(admin_client, detail(inside))
    assert data["title"] == "Inside" and article_queries(sql) == []  # from the cache
    assert client.get(detail(inside)).status_code == 404
    assert client.get(detail(section)).status_code == 404
    listing = get(client, "/api/v2/pages/", **listing_params)[0]
    assert [item["id"] for item in listing["items"]] == [public.pk]


# -- what else changes an entry ---------------------------------------------------------


def test_a_categorys_rename_shows_at_once(client, article):
    garden = ArticleCategory.objects.create(name="Garden", slug="garden")
    article.categories.set([garden])
    article.save_revision().publish()
    assert get(client, detail(article))[0]["categories"][0]["name"] == "Garden"
    garden.name = "Gardening"
    garden.save()
    assert get(client, detail(article))[0]["categories"][0]["name"] == "Gardening"


def test_an_images_edit_shows_at_once_but_its_size_and_hash_change_nothing(client, article):
    get(client, detail(article))
    image = article.image
    image.file_size = None
    image.file_hash = ""
    image.save(update_fields=["file_size", "file_hash"])  # what Wagtail fills in by itself
    data, sql = get(client, detail(article))
    assert article_queries(sql) == []
    image.title = "Featured, retitled"
    image.save()
    assert get(client, detail(article))[0]["image"]["title"] == "Featured, retitled"


def test_a_linked_pages_new_address_shows_at_once(
    client, article, django_capture_on_commit_callbacks
):
    target = make_article(title="Target")
    linking = make_article(
        title="Linking", intro=f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>'
    )
    assert f'href="{target.url}"' in get(client, detail(linking))[0]["intro"]
    target.slug = "moved-target"
    # Wagtail sends page_slug_changed once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()
    assert 'href="/moved-target/"' in get(client, detail(linking))[0]["intro"]


def test_a_moved_page_shows_its_new_address(client, article):
    section = make_article(title="Section")
    linking = make_article(
        title="Linking", intro=f'<p>See <a linktype="page" id="{article.pk}">this</a>.</p>'
    )
    before = get(client, detail(article))[0]
    get(client, detail(linking))
    article.move(section, pos="last-child")
    after = get(client, detail(article))[0]
    assert after["meta"]["html_url"] != before["meta"]["html_url"]
    assert after["json_ld"][0]["url"] == after["meta"]["html_url"]
    assert f'href="/section/{article.slug}/"' in get(client, detail(linking))[0]["intro"]


def test_an_alias_follows_its_originals_publish(client, article):
    section = make_article(title="Section")
    alias = article.create_alias(parent=section)
    assert get(client, detail(alias))[0]["title"] == "Five quiet habits"
    article.title = "Seven quiet habits"
    article.save_revision().publish()
    data = get(client, detail(alias))[0]
    assert data["title"] == "Seven quiet habits"
    assert data["json_ld"][0]["headline"] == "Seven quiet habits"


def test_a_change_of_renditions_keys_new_entries(client, article, settings):
    get(client, detail(article))
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "API_RENDITIONS": {"tiny": "fill-8x8"}}
    data, sql = get(client, detail(article))
    assert list(data["image"]["renditions"]) == ["tiny"]
    assert list(data["author"]["photo"]["renditions"]) == ["tiny"]
    assert len(api_entries()) == 2


def test_a_version_changes_again_when_the_change_commits(
    article, django_capture_on_commit_callbacks
):
    """A request between the change and its commit may read the new version with the old
    rows; the version it stored them under is retired at the commit."""
    before = caching.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        author = article.author
        author.name = "Ada F."
        author.save()
        in_transaction = caching.content_version()
    assert in_transaction != before
    for callback in callbacks:
        callback()
    assert caching.content_version() not in (before, in_transaction)


# -- queries, cold and warm -------------------------------------------------------------


def test_cold_and_warm_listings_cost_the_same_queries_for_5_or_50_articles(client):
    """Cold: every entry missing (the content version replaced); warm: every entry found."""
    from benchmarks.content import make_article as make_full_article
    from benchmarks.content import make_author as make_full_author

    parent = make_full_article("Section", reasons=1, questions=1, comments=0, images=1)
    for n in range(50):
        make_full_article(
            f"Article {n}",
            reasons=2,
            questions=1,
            comments=2,
            images=1,
            author=make_full_author(f"Writer {n}"),
            parent=parent,
        )

    def url(limit):
        return f"/api/v2/pages/?child_of={parent.pk}&type={ARTICLE_TYPE}&fields=*&limit={limit}"

    def count(limit):
        data, sql = get(client, url(limit))
        assert len(data["items"]) == limit
        return len(sql)

    for limit in (5, 50):
        client.get(url(limit))  # renditions made, per-process caches filled
    counts = {}
    for limit in (5, 50):
        caching.content_changed(None)
        counts["cold", limit] = count(limit)
        counts["warm", limit] = count(limit)
    assert counts["cold", 5] == counts["cold", 50], counts
    assert counts["warm", 5] == counts["warm", 50], counts
    assert counts["warm", 50] < counts["cold", 50], counts
