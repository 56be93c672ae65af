"""GraphQL queries against the example site: an article by slug, listings with authors,
and the same numbers, anchors and HTML as the REST API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advice_blocks.models import AdviceIndexPage
from tests.factories import home_page
from tests.graphql.conftest import every_block_article, run_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("graphql_app")]

# Aliases give GraphQL's answer the REST API's keys, so the two compare as they are.
IMAGE = "{ id title alt width height renditions { name url width height } }"
AUTHOR = f"{{ id name slug role bio photo {IMAGE} website links {{ label url }} }}"
COMMENT = "id parent author url date paragraphs"


def thread(levels):
    """A selection of the comment thread ``levels`` deep (GraphQL has no recursion)."""
    inner = COMMENT + " replies { id }"
    for _level in range(levels - 1):
        inner = f"{COMMENT} replies {{ {inner} }}"
    return inner


ARTICLE = f"""
fragment Article on AdviceArticlePage {{
  id title slug
  intro
  image {IMAGE}
  tags
  categories {{ id name slug path }}
  authors {AUTHOR}
  author {AUTHOR}
  original_published: originalPublished
  last_updated: lastUpdated
  json_ld: jsonLd
  comments {{ {thread(5)} }}
  body {{
    id type: field blockType
    ... on AdviceParagraphBlock {{ value }}
    ... on AdviceHeadingBlock {{ text level anchor }}
    ... on AdviceImageBlock {{ image {IMAGE} alt_text: altText caption }}
    ... on AdviceQuoteBlock {{ text attribution }}
    ... on AdviceEmbedBlock {{ url }}
    ... on AdviceListicleBlock {{
      heading intro direction start
      items {{ id number anchor heading body caption image {IMAGE} }}
    }}
    ... on AdviceFAQBlock {{ heading items {{ id question answer anchor }} }}
    ... on AdviceAuthorBioBlock {{ author {AUTHOR} }}
  }}
}}
"""
BY_SLUG = ARTICLE + "query($slug: String) { page(slug: $slug) { __typename ...Article } }"
BLOCK_FIELDS = {"id", "type", "blockType"}


def as_rest_image(image):
    if image is None:
        return None
    renditions = {
        r["name"]: {k: v for k, v in r.items() if k != "name"} for r in image["renditions"]
    }
    return {**image, "renditions": renditions}


def as_rest_author(author):
    return None if author is None else {**author, "photo": as_rest_image(author["photo"])}


def as_rest_comment(comment):
    replies = comment["replies"]
    if replies and replies[0].keys() == {"id"}:
        raise AssertionError("the query's thread is not deep enough for this comment")
    return {**comment, "replies": [as_rest_comment(reply) for reply in replies]}


def as_rest_block(block):
    """GraphQL's block as the REST API's ``{"type", "value", "id"}``."""
    value = {key: item for key, item in block.items() if key not in BLOCK_FIELDS}
    if block["type"] == "paragraph":
        value = value["value"]
    elif block["type"] == "image":
        value["image"] = as_rest_image(value["image"])
    elif block["type"] == "listicle":
        value["items"] = [{**i, "image": as_rest_image(i["image"])} for i in value["items"]]
    elif block["type"] == "author_bio":
        value["author"] = as_rest_author(value["author"])
    return {"type": block["type"], "value": value, "id": block["id"]}


def rest_detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


def test_article_by_slug_has_every_block_as_the_rest_api_gives_it(client):
    """Numbers, anchors, display HTML, renditions, authors in order, the thread."""
    article = every_block_article()
    data = run_query(client, BY_SLUG, slug=article.slug)["page"]
    rest = rest_detail(client, article)

    assert data["__typename"] == "AdviceArticlePage"
    assert data["id"] == str(article.pk)
    assert data["title"] == rest["title"]
    assert data["intro"] == rest["intro"]
    assert as_rest_image(data["image"]) == rest["image"]
    assert data["tags"] == rest["tags"] == ["gardening", "walking"]
    assert data["categories"] == rest["categories"]
    assert data["categories"][0]["path"] == ["Outdoors", "Walks"]
    assert 'href="/"' in data["intro"]  # front-end HTML: the page link resolved
    assert [as_rest_author(a) for a in data["authors"]] == rest["authors"]
    assert [a["name"] for a in data["authors"]] == [
        "Everything at once first author",
        "Everything at once second author",
    ]
    assert as_rest_author(data["author"]) == rest["author"]
    assert data["original_published"] == rest["original_published"] == "2021-03-11"
    assert data["last_updated"] == rest["last_updated"]
    assert data["json_ld"] == rest["json_ld"]
    assert [as_rest_comment(c) for c in data["comments"]] == rest["comments"]

    body = [as_rest_block(block) for block in data["body"]]
    assert body == rest["body"]
    blocks = {block["id"]: block for block in data["body"]}
    countdown = blocks["l-1"]
    assert countdown["blockType"] == "ListicleBlock"
    assert [(i["id"], i["number"], i["anchor"]) for i in countdown["items"]] == [
        ("r-5", 5, "tip-5"),
        ("r-4", 4, "tip-4"),
        ("r-3", 3, "tip-3"),
    ]
    assert [i["anchor"] for i in blocks["l-2"]["items"]] == ["reason-1", "reason-2"]
    assert [i["anchor"] for i in blocks["faq-1"]["items"]] == ["faq-is-it-hard", "faq-how-long"]
    assert blocks["bio-1"]["author"]["bio"] == "<p>Written for this page.</p>"
    assert blocks["i-1"]["image"]["renditions"][0]["url"].startswith("/media/images/")


def test_comment_thread_is_nested_and_only_approved(client, settings):
    """The thread as the page shows it: replies past the depth at the last level."""
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "COMMENT_THREAD_DEPTH": 2}
    article = every_block_article()
    query = """query($slug: String) { page(slug: $slug) { ... on AdviceArticlePage {
        commentCount comments { author html replies { author parent replies { author } } }
    } } }"""
    data = run_query(client, query, slug=article.slug)["page"]
    rest = rest_detail(client, article)

    assert data["commentCount"] == 4
    (top,) = data["comments"]
    assert top["author"] == "Reader 1"
    # Levels 3 and 4 are shown at level 2, in order, under the level-1 comment.
    assert [reply["author"] for reply in top["replies"]] == ["Reader 2", "Reader 3", "Reader 4"]
    assert [reply["replies"] for reply in top["replies"]] == [[], [], []]
    assert [r["parent"] for r in top["replies"]] == [
        r["parent"] for r in rest["comments"][0]["replies"]
    ]
    assert ">www.example.com</a> for more.</p>" in top["html"]  # linked, as on the page
    assert "never@example.org" not in str(data)


def test_page_types_expose_no_stored_comments_or_emails(client):
    """Comments come only as the approved thread: no model type, no e-mail, no IP."""
    schema = run_query(client, "{ __schema { types { name fields { name } } } }")["__schema"]
    names = {t["name"] for t in schema["types"]}
    assert {"AdviceArticlePage", "AdviceIndexPage", "AdviceComment", "AdviceAuthor"} <= names
    assert {"Comment", "ArticleAuthor"}.isdisjoint(names)
    fields = {f["name"] for t in schema["types"] for f in t["fields"] or ()}
    assert {"adviceComments", "authorEmail", "ipAddress"}.isdisjoint(fields)


def test_table_of_contents_and_language(client):
    article = every_block_article()
    query = """query($slug: String) { page(slug: $slug) { ... on AdviceArticlePage {
        language textDirection tableOfContents { number anchor heading }
    } } }"""
    data = run_query(client, query, slug=article.slug)["page"]
    assert data["language"] == "en"
    assert data["textDirection"] == "ltr"
    assert [(e["number"], e["anchor"]) for e in data["tableOfContents"]] == [
        (5, "tip-5"),
        (4, "tip-4"),
        (3, "tip-3"),
        (1, "reason-1"),
        (2, "reason-2"),
    ]


def test_unpublished_articles_are_not_found(client):
    article = every_block_article()
    article.unpublish()
    data = run_query(client, BY_SLUG, slug=article.slug)
    assert data["page"] is None


# Listings: the authors of every listed article in one query, however many are listed.

LISTINGS = {
    "adviceArticles": """{ adviceArticles(limit: 50) {
        title authors { name photo { renditions { url } } } tags categories { path }
        image { renditions { url } } } }""",
    "pages": """{ pages(contentType: "advice_blocks.AdviceArticlePage", limit: 50) {
        title ... on AdviceArticlePage { authors { name photo { renditions { url } } } } } }""",
    "index": """query($slug: String) { page(slug: $slug) { ... on AdviceIndexPage {
        articles(limit: 50) { title authors { name photo { renditions { url } } } } } } }""",
}


def listed(data):
    if "adviceArticles" in data:
        return data["adviceArticles"]
    if "pages" in data:
        return data["pages"]
    return data["page"]["articles"]


def count_queries(client, query, **variables):
    run_query(client, query, **variables)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        data = run_query(client, query, **variables)
    return len(queries), listed(data)


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_with_authors_costs_the_same_queries_for_3_or_20_articles(client, listing):
    from benchmarks.content import make_article, make_author

    index = home_page().add_child(instance=AdviceIndexPage(title="Advice", slug="advice"))
    for n in range(3):
        make_article(f"First {n}", reasons=1, questions=1, comments=1, images=0, parent=index)
    few, few_items = count_queries(client, LISTINGS[listing], slug="advice")
    for n in range(17):
        # Each article its own author with a photo: the worst case for a query per row.
        author = make_author(f"Writer {n}")
        make_article(
            f"More {n}", reasons=1, questions=1, comments=1, images=0, author=author, parent=index
        )
    many, many_items = count_queries(client, LISTINGS[listing], slug="advice")

    assert len(few_items) == 3
    assert len(many_items) == 20
    assert all(item["authors"][0]["photo"]["renditions"] for item in many_items)
    assert many == few, f"{few} queries for 3 articles, {many} for 20"


def test_listing_keeps_each_articles_authors_in_order(client):
    every_block_article("Two authors")
    data = run_query(
        client,
        '{ adviceArticles(author: "two-authors-second-author") { title authors { slug } } }',
    )
    (article,) = data["adviceArticles"]
    assert [a["slug"] for a in article["authors"]] == [
        "two-authors-first-author",
        "two-authors-second-author",
    ]
    assert run_query(client, '{ adviceArticles(author: "nobody") { title } }') == {
        "adviceArticles": []
    }


def test_listing_with_bodies_matches_the_rest_listing(client):
    """A listing with ``body`` and comments: what the REST listing gives, page by page."""
    parent = home_page().add_child(instance=AdviceIndexPage(title="Advice", slug="advice"))
    first = every_block_article("First of two", parent=parent)
    second = every_block_article("Second of two", parent=parent)
    data = run_query(client, ARTICLE + '{ adviceArticles(order: "pk") { ...Article } }')
    for page, item in zip([first, second], data["adviceArticles"], strict=True):
        rest = rest_detail(client, page)
        assert [as_rest_block(block) for block in item["body"]] == rest["body"]
        assert [as_rest_comment(c) for c in item["comments"]] == rest["comments"]
        assert [as_rest_author(a) for a in item["authors"]] == rest["authors"]
