"""What a submitted comment may contain: visible names without bidirectional controls,
bodies without them, and only web addresses for the commenter's website."""

import json

import pytest

from advice_blocks.comments import CommentForm
from advice_blocks.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


def submit(article, **data):
    form = CommentForm({"name": "Reader", "body": "Useful, thanks.", **data}, page=article)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "name",
    [
        "\u200b",
        "\u200b\u200c\u200d\u2060\ufeff",
        " \u200b \u200b ",
        "\ufeff\u200d",
        "\u3164\u3164",  # Hangul filler: a letter that draws nothing
    ],
)
def test_a_name_of_invisible_characters_only_is_refused(article, name):
    form = submit(article, name=name)
    assert form.errors["name"] == ["Please give a name with visible characters."]


@pytest.mark.parametrize(
    "control", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
)
def test_a_name_with_a_bidirectional_control_is_refused(article, control):
    """Overrides and isolates could reorder the name, or the text shown after it."""
    form = submit(article, name=f"Ann{control}nimda")
    assert form.errors["name"] == [
        "Please give a name without characters that change the direction of text."
    ]


def test_zero_width_spaces_are_dropped_from_a_visible_name(article):
    form = submit(article, name="\u200bAd\u2060min\ufeff")
    assert form.cleaned_data["name"] == "Admin"


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian needs the ZWNJ
        "\U0001f469\u200d\U0001f4bb Dev",  # an emoji sequence joined by ZWJ
        "\u05e9\u05e8\u05d4 Levi",  # right-to-left text lays itself out without controls
    ],
)
def test_joiners_and_right_to_left_names_are_kept(article, name):
    form = submit(article, name=name)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == name


def test_bidirectional_controls_are_stripped_from_the_body(article):
    """The body keeps its words; the controls that could disguise them are dropped."""
    form = submit(article, body="See https://bank.example/\u202egpj.exe and \u2067this\u2069.")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "See https://bank.example/gpj.exe and this."


def test_a_body_of_invisible_characters_is_too_short(article):
    form = submit(article, body="\u200b\u200b\u200b\u202e")
    assert form.errors["body"] == ["Please write a comment of at least two characters."]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example/me",
        "ftps://files.example/",
        "file:///etc/passwd",
        "gopher://x.example",
    ],
)
def test_a_website_must_be_a_web_address(article, url):
    form = submit(article, url=url)
    assert form.errors["url"] == ["Enter a web address starting with http:// or https://."]


@pytest.mark.parametrize(
    "url, stored",
    [
        ("http://reader.example/", "http://reader.example/"),
        ("https://reader.example/blog", "https://reader.example/blog"),
        ("reader.example", "https://reader.example"),
    ],
)
def test_web_addresses_are_accepted(article, url, stored):
    form = submit(article, url=url)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"] == stored


def test_the_json_endpoint_applies_the_same_rules(client, article):
    url = f"/advice/api/comments/{article.pk}/"
    payload = {"name": "\u200b\u200b", "body": "Fine.", "url": "ftp://files.example/"}
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "url"}
    assert not Comment.objects.exists()
