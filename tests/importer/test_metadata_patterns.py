"""Metadata pattern fixtures: each ``fixtures/metadata/<slug>/source.html`` against its
``expected.json`` (title, credited people, published and updated dates)."""

from __future__ import annotations

import json

import pytest

from importers.pipeline import extract_article
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


def test_title(case):
    expected, article = case
    assert article.title == expected["title"]


def test_dates(case):
    """The published and updated dates are the article's own: never a comment's, a
    teaser's or the site header's."""
    expected, article = case
    assert (article.published.isoformat() if article.published else None) == expected[
        "published"
    ]
    assert (article.updated.isoformat() if article.updated else None) == expected["updated"]
