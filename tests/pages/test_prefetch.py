"""Prefetching an article's authors, images and comments, and the render shortcuts that go
with it: the output must be exactly what the slow path gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import urlize
from hypothesis import given, settings
from hypothesis import strategies as st

from advice_blocks.jsonld import _text
from advice_blocks.models import AdviceArticlePage, Comment, urlize_text
from advice_blocks.prefetch import prefetch_articles
from benchmarks.content import make_article, make_author


def api_body(page):
    return without_ids(page.body.stream_block.get_api_representation(page.body))


def without_ids(data):
    # The fixtures store list items without ids, so Wagtail gives them new ones each load.
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


@pytest.mark.django_db
def test_prefetched_pages_serialise_exactly_as_unprefetched_ones():
    shared = make_author("Shared Writer")
    articles = [
        make_article("First", reasons=3, questions=2, comments=3, images=2, author=shared),
        make_article("Second", reasons=4, questions=1, comments=0, images=3),
    ]
    plain = [AdviceArticlePage.objects.get(pk=a.pk) for a in articles]
    expected = [(api_body(p), p.author.name, p.json_ld) for p in plain]

    fresh = list(AdviceArticlePage.objects.filter(pk__in=[a.pk for a in articles]).order_by("pk"))
    with CaptureQueriesContext(connection) as prefetching:
        prefetch_articles(fresh)
    with CaptureQueriesContext(connection) as serialising:
        got = [(api_body(p), p.author.name, p.json_ld) for p in fresh]

    assert got == expected
    # Authors, images (photos included), comments, tags and categories: one query each,
    # for both pages.
    assert len(prefetching) == 5, [q["sql"][:80] for q in prefetching.captured_queries]
    # Renditions may still come from Wagtail's cache or table; authors, images and
    # comments are never fetched again.
    for query in serialising.captured_queries:
        for table in (
            "advice_blocks_author",
            "advice_blocks_comment",
            "wagtailimages_image",
            "taggit_tag",
            "advice_blocks_articlecategory",
        ):
            assert f'FROM "{table}"' not in query["sql"], query["sql"]


@pytest.mark.django_db
def test_prefetch_keeps_a_distinct_instance_for_a_repeated_author():
    author = make_author("Repeated")
    page = make_article("Twice", reasons=1, questions=1, comments=0, images=0, author=author)
    page.body.append(("author_bio", {"author": author, "bio_override": None}))
    page.save_revision().publish()

    fresh = AdviceArticlePage.objects.get(pk=page.pk)
    prefetch_articles([fresh])
    bios = [child.value["author"] for child in fresh.body if child.block_type == "author_bio"]
    assert len(bios) == 2
    assert bios[0].pk == bios[1].pk == author.pk
    assert bios[0] is not bios[1]


@pytest.mark.django_db
def test_pages_that_are_not_articles_pass_through():
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    with CaptureQueriesContext(connection) as queries:
        assert prefetch_articles([root]) == [root]
    assert len(queries) == 0


def comment_with(body):
    return Comment(author_name="A", body=body)


def slow_body_html(body):
    # What the comment template used to do: paragraph|urlize|linebreaksbr per paragraph.
    from django.template import Context, Template

    template = Template(
        "{% for paragraph in comment.paragraphs %}"
        "<p>{{ paragraph|urlize|linebreaksbr }}</p>{% endfor %}"
    )
    return template.render(Context({"comment": comment_with(body)}))


@pytest.mark.parametrize(
    "body",
    [
        "Plain words, nothing to link.",
        "See https://example.com/path?a=1&b=2 for more.",
        "Mail me at someone@example.org or visit www.example.net.",
        "A bare example.com domain and example.company (no link).",
        "Tags <script>alert(1)</script> & 'quotes' \"too\".",
        "Line one\nline two\r\nline three\rline four\n\nSecond paragraph.",
        "HTTP://EXAMPLE.COM shouted.",
    ],
)
def test_comment_html_matches_the_template_filters(body):
    assert comment_with(body).body_html == slow_body_html(body)


PIECES = [*"abc .:@/<>&'\"\nw", "http", "https://", "www.", ".com", ".org", ".co", "x@y"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_urlize_shortcut_agrees_with_django(text):
    assert urlize_text(text) == urlize(text, nofollow=True, autoescape=True)


def test_json_ld_text_keeps_words_of_separate_paragraphs_apart():
    source = (
        '<p>One &amp; two.</p><p>Three <b>wo</b>rd <a href="/x?a>b">link</a></p>'
        "<ul><li>a</li><li>b</li></ul>"
    )
    assert _text(source) == "One & two. Three word link a b"
    assert _text("") == _text(None) == ""


@pytest.mark.django_db
def test_authors_come_in_one_query_and_their_photos_with_the_images():
    pages = [
        make_article(f"Joined {n}", reasons=1, questions=1, comments=0, images=0) for n in range(3)
    ]
    fresh = list(AdviceArticlePage.objects.filter(pk__in=[p.pk for p in pages]))
    with CaptureQueriesContext(connection) as prefetching:
        prefetch_articles(fresh, comments=False)
    sql = [q["sql"] for q in prefetching.captured_queries]
    assert sum('"advice_blocks_author"' in q for q in sql) == 1, sql
    assert sum('FROM "wagtailimages_image"' in q for q in sql) == 1, sql
    with CaptureQueriesContext(connection) as reading:
        photos = {page.author.photo.title for page in fresh}
    assert len(reading) == 0
    assert len(photos) == 3
