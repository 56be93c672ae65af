"""``?rich_text_format=`` (Wagtail 8) on every rich-text field of the article API.

Without the parameter every field is display HTML, as before Wagtail had it. Wagtail 7.4 has
no parameter: its detail view ignores it and its listing refuses it.
"""

import pytest
import wagtail
from django.test import override_settings

from advice_blocks.blocks import ItemRichTextBlock, requested_rich_text_format
from tests.factories import faq, listicle, make_article, make_author, reason

pytestmark = pytest.mark.django_db

WAGTAIL_8 = wagtail.VERSION >= (8, 0)
needs_parameter = pytest.mark.skipif(
    not WAGTAIL_8, reason="Wagtail 7.4 has no rich_text_format API parameter (new in Wagtail 8.0)."
)
only_wagtail_7 = pytest.mark.skipif(
    WAGTAIL_8, reason="Checks Wagtail 7.4, which has no rich_text_format parameter."
)

ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"
FORMATS = ["html", "db_html", "markdown", "db_markdown"]

#: Where each rich-text field sits in the detail response, named by the word its text opens
#: with (so a value in the wrong place shows which field it came from).
FIELDS = {
    "Intro": lambda data: data["intro"],
    "FirstBio": lambda data: data["authors"][0]["bio"],
    "SecondBio": lambda data: data["authors"][1]["bio"],
    "AuthorBio": lambda data: data["author"]["bio"],
    "Paragraph": lambda data: data["body"][0]["value"],
    "ListIntro": lambda data: data["body"][1]["value"]["intro"],
    "Reason": lambda data: data["body"][1]["value"]["items"][0]["body"],
    "Answer": lambda data: data["body"][2]["value"]["items"][0]["answer"],
    "BoxBio": lambda data: data["body"][3]["value"]["author"]["bio"],
    "Override": lambda data: data["body"][4]["value"]["author"]["bio"],
}


def source(word, target):
    return f'<p>{word} <a linktype="page" id="{target.pk}">target</a> <b>bold</b>.</p>'


def expected(word, target, rich_text_format):
    return {
        "html": f'<p>{word} <a href="{target.url}">target</a> <b>bold</b>.</p>',
        "db_html": source(word, target),
        "markdown": f"{word} [target]({target.url}) **bold**.\n\n",
        "db_markdown": f"{word} [target](wagtail://page?id={target.pk}) **bold**.\n\n",
    }[rich_text_format]


@pytest.fixture
def target():
    return make_article(title="Linked page")


@pytest.fixture
def article(target):
    """An article with an internal link in each of its rich-text fields (see ``FIELDS``)."""
    first = make_author("Ada Fielding", bio=source("FirstBio", target))
    second = make_author("Ben Okafor", bio=source("SecondBio", target))
    items = listicle("Reasons", [reason("One", body=source("Reason", target))])
    items["value"]["intro"] = source("ListIntro", target)
    return make_article(
        title="Linker",
        intro=source("Intro", target),
        authors=[first, second],
        body=[
            {"type": "paragraph", "value": source("Paragraph", target)},
            items,
            faq([("Does it link?", source("Answer", target))]),
            {"type": "author_bio", "value": {"author": second.pk, "bio_override": ""}},
            {
                "type": "author_bio",
                "value": {"author": first.pk, "bio_override": source("Override", target)},
            },
        ],
    )


def fields_of(data, skip=()):
    return {word: field(data) for word, field in FIELDS.items() if word not in skip}


def expected_fields(target, rich_text_format):
    # The author box without a bio of its own shows the second author's usual bio, and
    # ``author`` is the first of ``authors``.
    words = {"AuthorBio": "FirstBio", "BoxBio": "SecondBio"}
    return {word: expected(words.get(word, word), target, rich_text_format) for word in FIELDS}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_without_the_parameter_every_field_is_display_html(client, article, target):
    data = get(client, f"/api/v2/pages/{article.pk}/")
    assert fields_of(data) == expected_fields(target, "html")


@needs_parameter
@pytest.mark.parametrize("rich_text_format", FORMATS)
def test_every_field_follows_the_requested_format(client, article, target, rich_text_format):
    data = get(client, f"/api/v2/pages/{article.pk}/?rich_text_format={rich_text_format}")
    assert fields_of(data) == expected_fields(target, rich_text_format)


@needs_parameter
@pytest.mark.parametrize("rich_text_format", FORMATS)
def test_listing_follows_the_requested_format(client, article, target, rich_text_format):
    data = get(
        client,
        f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=*&rich_text_format={rich_text_format}",
    )
    [item] = [item for item in data["items"] if item["id"] == article.pk]
    # A listing's authors are summaries, without bios; every other field is as in the detail.
    wanted = expected_fields(target, rich_text_format)
    bios = {"FirstBio", "SecondBio", "AuthorBio"}
    assert fields_of(item, skip=bios) == {k: v for k, v in wanted.items() if k not in bios}


@needs_parameter
def test_html_is_the_default_output(client, article):
    default = get(client, f"/api/v2/pages/{article.pk}/")
    html = get(client, f"/api/v2/pages/{article.pk}/?rich_text_format=html")
    assert fields_of(html) == fields_of(default)


@needs_parameter
@override_settings(WAGTAILAPI_RICH_TEXT_FORMAT="db_html")
def test_wagtails_project_default_does_not_change_ours(client, article, target):
    """The setting defaults Wagtail's own fields; ours stay display HTML without the
    parameter, as the package has always served them."""
    data = get(client, f"/api/v2/pages/{article.pk}/")
    assert fields_of(data) == expected_fields(target, "html")


@needs_parameter
def test_markdown_keeps_what_the_fields_features_allow(client, target):
    """A reason's body may quote (``ITEM_FEATURES``), which Wagtail's default features omit:
    the conversion uses the block's own features, so the quote survives."""
    body = "<p>Why.</p><ul><li>One</li></ul><blockquote>Said so.</blockquote>"
    page = make_article(body=[listicle("Reasons", [reason("One", body=body)])])
    data = get(client, f"/api/v2/pages/{page.pk}/?rich_text_format=markdown")
    assert data["body"][0]["value"]["items"][0]["body"] == "Why.\n\n- One\n\n> Said so.\n\n"


@needs_parameter
def test_empty_rich_text_stays_empty_in_every_format(client):
    page = make_article(body=[listicle("Reasons", [reason("One", body="")])])
    for rich_text_format in FORMATS:
        data = get(client, f"/api/v2/pages/{page.pk}/?rich_text_format={rich_text_format}")
        listicle_data = data["body"][0]["value"]
        assert (data["intro"], listicle_data["intro"], listicle_data["items"][0]["body"]) == (
            "",
            "",
            "",
        ), rich_text_format


@needs_parameter
@pytest.mark.parametrize("value", ["bogus", "HTML", ""])
@pytest.mark.parametrize("listing", [False, True], ids=["detail", "listing"])
def test_an_unknown_format_is_refused_as_wagtail_refuses_it(client, article, value, listing):
    url = f"/api/v2/pages/?type={ARTICLE_TYPE}&" if listing else f"/api/v2/pages/{article.pk}/?"
    response = client.get(f"{url}rich_text_format={value}")
    assert response.status_code == 400
    assert response.json() == {
        "message": "rich_text_format must be one of 'db_html', 'db_markdown', 'html', "
        f"'markdown', got '{value}'"
    }


@needs_parameter
def test_blocks_outside_the_api_views_validate_the_format_too(rf):
    from wagtail.api.rich_text import RichTextFormatError

    block = ItemRichTextBlock()
    value = block.to_python("<p>Hi</p>")
    context = {"request": rf.get("/", {"rich_text_format": "markdown"})}
    assert block.get_api_representation(value, context) == "Hi\n\n"
    with pytest.raises(RichTextFormatError, match="got 'rtf'"):
        block.get_api_representation(value, {"request": rf.get("/?rich_text_format=rtf")})


def test_blocks_without_a_request_give_display_html(rf):
    block = ItemRichTextBlock()
    value = block.to_python("<p>Hi <b>you</b></p>")
    assert requested_rich_text_format(None) is None
    assert block.get_api_representation(value) == "<p>Hi <b>you</b></p>"
    assert block.get_api_representation(value, {"request": rf.get("/")}) == (
        "<p>Hi <b>you</b></p>"
    )


@only_wagtail_7
def test_wagtail_7_detail_ignores_the_parameter(client, article, target):
    data = get(client, f"/api/v2/pages/{article.pk}/?rich_text_format=db_html")
    assert fields_of(data) == expected_fields(target, "html")


@only_wagtail_7
def test_wagtail_7_listing_refuses_the_parameter(client, article):
    response = client.get(f"/api/v2/pages/?type={ARTICLE_TYPE}&rich_text_format=html")
    assert response.status_code == 400
    assert response.json() == {
        "message": "query parameter is not an operation or a recognised field: rich_text_format"
    }
