"""Metadata pattern fixtures: each ``fixtures/metadata/<slug>/source.html`` against its
``expected.json`` (title, credited people, author bio, published and updated dates)."""

from __future__ import annotations

import json

import pytest

from importers.pipeline import extract_article
from importers.pipeline.extract.author import extract_authors
from importers.pipeline.extract.metadata import extract_metadata
from importers.pipeline.parse import PageIndex, parse_html
from importers.pipeline.read import decode_html
from tests.shared_data import PROJECT

FIXTURES = PROJECT / "fixtures" / "metadata"
SLUGS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())


@pytest.fixture(scope="module", params=SLUGS)
def case(request):
    folder = FIXTURES / request.param
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = extract_article(
        (folder / "source.html").read_bytes(),
        f"{request.param}.html",
        base_url=expected.get("base_url"),
    )
    return expected, article


@pytest.fixture(scope="module", params=SLUGS)
def metadata(request):
    folder = FIXTURES / request.param
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    root = parse_html(decode_html((folder / "source.html").read_bytes(), "source.html"), "x")
    index = PageIndex(root)
    meta = extract_metadata(root, expected.get("base_url"), index)
    return expected, meta, extract_authors(root, meta, expected.get("base_url"), [], index)


def test_title(case):
    expected, article = case
    assert article.title == expected["title"]


def test_dates(case):
    """The published and updated dates are the article's own: never a comment's, a
    teaser's or the site header's."""
    expected, article = case
    assert (article.published.isoformat() if article.published else None) == expected["published"]
    assert (article.updated.isoformat() if article.updated else None) == expected["updated"]


def test_author_names(metadata):
    """Every person credited, in order; no placeholder, e-mail, role, reviewer or site name."""
    expected, meta, authors = metadata
    credited = [] if expected.get("credited_by_box_only") else expected["author_names"]
    assert meta.author_names == credited
    assert meta.author_name == (credited or [""])[0]
    assert [a.name for a in authors] == expected["author_names"]


def test_main_author_on_the_article(case):
    expected, article = case
    names = expected["author_names"]
    assert (article.author.name if article.author else None) == (names[0] if names else None)


def test_author_bio(metadata):
    expected, _, authors = metadata
    if "bio_contains" not in expected:
        pytest.skip("no bio on this page")
    assert expected["bio_contains"] in authors[0].bio_html
    assert expected["bio_excludes"] not in authors[0].bio_html
