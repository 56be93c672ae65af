"""What a submitted comment may contain: only web addresses for the commenter's website."""

import pytest

from advice_blocks.comments import CommentForm
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
