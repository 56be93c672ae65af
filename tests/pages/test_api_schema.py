"""The front-end contract: ``docs/schema/article.json`` describes the API's articles.

Real responses (an article with every block type, several authors, a comment thread, a
countdown and images with renditions, and a ``fields=*`` listing) must validate, and the
schema must be strict enough that renamed, missing or extra fields fail.
"""

import copy
import datetime
import json
from pathlib import Path

import pytest
import wagtail
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from advice_blocks.blocks import BLOCK_TYPES
from advice_blocks.models import Comment
from tests.factories import faq, listicle, make_article, make_author, make_image, reason

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "schema" / "article.json"
ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"
START = datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.UTC)


def load_schema():
    return json.loads(SCHEMA_PATH.read_text())


def validator(ref=""):
    """A validator for the schema's root, or for ``ref`` (e.g. ``#/$defs/listing``)."""
    schema = load_schema()
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft202012Validator(
        {"$ref": schema["$id"] + ref},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(instance, ref=""):
    """Every violation, as ``path: message`` lines (empty when ``instance`` is valid)."""
    return sorted(messages(validator(ref).iter_errors(instance)))


def assert_valid(instance, ref=""):
    errors = schema_errors(instance, ref)
    assert not errors, "The response does not match the schema:\n" + "\n".join(errors)


def messages(errors):
    """``path: message`` for each error, looking inside ``oneOf``/``anyOf``: when only one
    branch could apply (the block whose ``type`` matched, the object rather than ``null``),
    its own errors say what drifted ("'slug' was unexpected"), where the union's would only
    say that no branch matched."""
    for error in errors:
        branch = chosen_branch(error)
        if branch:
            yield from messages(branch)
        else:
            yield f"{error.json_path}: {error.message}"


def chosen_branch(error):
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return None
    branches = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    candidates = [subs for subs in branches.values() if not any(ruled_out_by(sub) for sub in subs)]
    return candidates[0] if len(candidates) == 1 else None


def ruled_out_by(error):
    """Whether ``error`` rules its whole branch out: a wrong ``type`` of block, or a value
    of another JSON type (an object against the ``null`` branch)."""
    if error.validator == "const" and list(error.relative_path) == ["type"]:
        return True
    return error.validator == "type" and not error.relative_path


def comment(page, name, parent=None, minute=0, body=None):
    return Comment.objects.create(
        page=page,
        parent=parent,
        author_name=name,
        author_url=f"https://example.com/{name.lower()}" if parent is None else "",
        body=body or f"Words from {name}.\n\nA second paragraph.",
        status=Comment.Status.APPROVED,
        created_at=START + datetime.timedelta(minutes=minute),
    )


def article_with_every_block():
    target = make_article(title="Linked page")
    authors = [
        make_author(
            "Ada Fielding",
            photo=make_image("Ada portrait"),
            website="https://example.com/ada",
            links=[
                {"type": "link", "value": {"label": "Mastodon", "url": "https://ex.social/@ada"}}
            ],
        ),
        make_author("Ben Okafor"),
        make_author("Chen Li", photo=make_image("Chen portrait"), role=""),
    ]
    pictures = [make_image(f"Picture {n}") for n in range(3)]
    ascending = listicle(
        "Five reasons",
        [
            reason(f"Reason {n}", image=pictures[n] if n < 2 else None, caption=f"Caption {n}")
            for n in range(5)
        ],
    )
    ascending["value"]["intro"] = f'<p>Read <a linktype="page" id="{target.pk}">this</a>.</p>'
    body = [
        {"type": "heading", "value": {"text": "Before we start", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Short <b>paragraphs</b> read best.</p>"},
        {
            "type": "image",
            "value": {"image": pictures[2].pk, "alt_text": "A teal square", "caption": "Teal"},
        },
        {"type": "image", "value": {"image": None, "alt_text": "", "caption": ""}},
        {"type": "quote", "value": {"text": "Start now.", "attribution": "A gardener"}},
        {"type": "quote", "value": {"text": "Unattributed.", "attribution": ""}},
        {"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        ascending,
        listicle(
            "Three tips, counting down",
            [reason("Third"), reason("Second", body=""), reason("First")],
            direction="countdown",
            anchor_prefix="tip",
        ),
        faq([("Is it hard?", "<p>No.</p>"), ("How often?", "<p>Weekly.</p>")]),
        {
            "type": "author_bio",
            "value": {"author": authors[0].pk, "bio_override": "<p>Wrote this one.</p>"},
        },
    ]
    page = make_article(
        title="Everything",
        body=body,
        authors=authors,
        intro="<p>Why it <b>works</b>.</p>",
        original_published=datetime.date(2021, 3, 11),
        last_updated=None,
        search_description="Every block there is.",
    )
    first = comment(page, "Dana")
    reply = comment(page, "Eli", parent=first, minute=1)
    comment(page, "Fay", parent=reply, minute=2, body="Agreed.")
    comment(page, "Gus", minute=3)
    return page


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def article_data(client):
    page = article_with_every_block()
    return page, get(client, f"/api/v2/pages/{page.pk}/")


def test_the_schema_is_valid_draft_2020_12():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_schema_names_every_block_type():
    """A new block type needs its value shape in the schema before front ends see it."""
    defs = load_schema()["$defs"]
    branches = [defs[ref["$ref"].rsplit("/", 1)[1]] for ref in defs["block"]["oneOf"]]
    assert [branch["properties"]["type"]["const"] for branch in branches] == list(BLOCK_TYPES)


def test_an_article_with_every_block_validates(article_data):
    _, data = article_data
    assert_valid(data)
    # The response holds what the test claims it covers.
    assert {block["type"] for block in data["body"]} == set(BLOCK_TYPES)
    assert len(data["authors"]) == 3
    countdown = data["body"][8]["value"]
    assert countdown["direction"] == "countdown"
    assert [item["number"] for item in countdown["items"]] == [3, 2, 1]
    assert countdown["items"][0]["anchor"] == "tip-3"
    assert data["comments"][0]["replies"][0]["replies"][0]["author"] == "Fay"
    assert set(data["body"][2]["value"]["image"]["renditions"]) == {"thumbnail", "medium"}
    assert data["authors"][0]["photo"]["renditions"]["thumbnail"]["url"]


def test_a_listing_with_every_field_validates(client):
    page = article_with_every_block()
    data = get(client, f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=*")
    assert page.pk in [item["id"] for item in data["items"]]
    assert_valid(data, "#/$defs/listing")
    [item] = [item for item in data["items"] if item["id"] == page.pk]
    assert set(item["author"]) == {"id", "name", "slug", "role"}


def test_an_index_listing_validates_and_whole_authors_do_not(client):
    page = article_with_every_block()
    data = get(client, f"/api/v2/pages/?type={ARTICLE_TYPE}&fields=intro,author,last_updated")
    assert_valid(data, "#/$defs/listing")
    detail = get(client, f"/api/v2/pages/{page.pk}/?fields=author")
    # The detail's whole author is not a summary, and a summary is not a whole author.
    [item] = [item for item in data["items"] if item["id"] == page.pk]
    item["author"] = detail["author"]
    assert schema_errors(data, "#/$defs/listing")


@pytest.mark.skipif(
    wagtail.VERSION < (8, 0),
    reason="Wagtail 7.4 has no rich_text_format API parameter (new in Wagtail 8.0).",
)
@pytest.mark.parametrize("rich_text_format", ["db_html", "markdown", "db_markdown"])
def test_every_rich_text_format_validates(client, rich_text_format):
    page = article_with_every_block()
    data = get(client, f"/api/v2/pages/{page.pk}/?rich_text_format={rich_text_format}")
    assert_valid(data)


def rename(mapping, old, new):
    mapping[new] = mapping.pop(old)


#: Changes a front end would trip over, each applied to a valid response.
DRIFT = {
    "renamed reason anchor": lambda d: rename(d["body"][7]["value"]["items"][0], "anchor", "slug"),
    "renamed reply paragraphs": lambda d: rename(
        d["comments"][0]["replies"][0]["replies"][0], "paragraphs", "text"
    ),
    "renamed author bio": lambda d: rename(d["authors"][1], "bio", "biography"),
    "extra field on a question": lambda d: d["body"][9]["value"]["items"][0].update(votes=3),
    "extra rendition field": lambda d: d["body"][2]["value"]["image"]["renditions"][
        "medium"
    ].update(alt="x"),
    "missing authors": lambda d: d.pop("authors"),
    "missing listicle start": lambda d: d["body"][8]["value"].pop("start"),
    "unknown block type": lambda d: d["body"].append({"type": "video", "value": {}, "id": "x"}),
    "paragraph shaped like a heading": lambda d: d["body"][1].update(value={"text": "Hi"}),
    "heading level out of range": lambda d: d["body"][0]["value"].update(level="h5"),
    "direction misspelt": lambda d: d["body"][8]["value"].update(direction="descending"),
    "date not a date": lambda d: d.update(original_published="11/03/2021"),
    "new top-level field": lambda d: d.update(reading_time=4),
    "author summarised in the detail": lambda d: d.update(
        author={k: d["author"][k] for k in ("id", "name", "slug", "role")}
    ),
}


def test_the_schema_catches_drift(article_data):
    _, data = article_data
    assert_valid(data)
    # DRIFT reaches into blocks by position.
    types = [block["type"] for block in data["body"]]
    assert [types[index] for index in (0, 1, 2, 7, 8, 9)] == [
        "heading",
        "paragraph",
        "image",
        "listicle",
        "listicle",
        "faq",
    ]
    missed = []
    for name, change in DRIFT.items():
        drifted = copy.deepcopy(data)
        change(drifted)
        if not schema_errors(drifted):
            missed.append(name)
    assert missed == []
