"""Golden fixtures: each ``fixtures/articles/<slug>/source.html`` against its ``intent.json``
(what a human would extract)."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from importers.pipeline import extract_article
from importers.pipeline.model import Figure, Heading

from .conftest import FIXTURES, faqs, item_headings, listicles, questions

SLUGS = (
    sorted(
        p.name
        for p in FIXTURES.glob("*")
        if (p / "intent.json").exists() and (p / "source.html").exists()
    )
    if FIXTURES.exists()
    else []
)


def _norm(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).rstrip(".:")


def _shape(comments) -> list:
    return [
        {
            "author": c.author,
            "date": c.date.isoformat() if c.date else None,
            "replies": _shape(c.replies),
        }
        for c in comments
    ]


def _intent_shape(comments) -> list:
    return [
        {
            "author": c["author"],
            "date": c.get("date"),
            "replies": _intent_shape(c.get("replies", [])),
        }
        for c in comments
    ]


@pytest.fixture(
    scope="module",
    params=SLUGS
    or [pytest.param(None, marks=pytest.mark.skip(reason="no fixtures in fixtures/articles yet"))],
)
def case(request):
    folder = FIXTURES / request.param
    intent = json.loads((folder / "intent.json").read_text(encoding="utf-8"))
    article = extract_article((folder / "source.html").read_bytes(), f"{request.param}.html")
    return intent, article


def test_title_author_dates(case):
    intent, article = case
    assert article.title == intent["title"]
    assert (article.author.name if article.author else None) == intent["author"]
    for key in ("published", "updated"):
        expected = intent.get(key)
        value = getattr(article, key)
        assert value == (datetime.date.fromisoformat(expected) if expected else None), key


def test_canonical_url(case):
    intent, article = case
    assert (article.canonical_url or None) == intent.get("canonical_url")


def test_listicles(case):
    intent, article = case
    expected = intent.get("listicles", [])
    found = listicles(article)
    assert len(found) == len(expected)
    for listicle, wanted in zip(found, expected, strict=True):
        assert [_norm(i.heading) for i in listicle.items] == [_norm(i) for i in wanted["items"]]
        if wanted.get("heading"):
            assert _norm(listicle.heading) == _norm(wanted["heading"])
    assert all(item for item in item_headings(article))


def test_faq(case):
    intent, article = case
    assert [_norm(q) for q in questions(article)] == [_norm(q) for q in intent.get("faq", [])]
    for hidden in intent.get("faq_hidden_only_in_jsonld", []):
        assert _norm(hidden) not in [_norm(q) for q in questions(article)]
        assert any(_norm(hidden) in _norm(w) for w in article.warnings)
    for faq in faqs(article):
        assert all(item.answer_html for item in faq.items)


def test_author_bio(case):
    intent, article = case
    has_bio = bool(article.author and article.author.bio_html)
    assert has_bio == intent.get("has_author_bio", False)


def test_comment_tree(case):
    intent, article = case
    assert _shape(article.comments) == _intent_shape(intent.get("comments", []))


def test_conclusion(case):
    intent, article = case
    heading = intent.get("conclusion_heading")
    headings = [s.text for s in article.body if isinstance(s, Heading)]
    if heading:
        assert heading in headings
        index = next(
            i for i, s in enumerate(article.body) if isinstance(s, Heading) and s.text == heading
        )
        assert index >= len(article.body) - 3
        assert any(
            re.search(r"Listicle|FAQ", type(s).__name__) for s in article.body[:index]
        ) or not intent.get("listicles")


def test_images(case):
    intent, article = case
    count = sum(1 for s in article.body if isinstance(s, Figure))
    count += sum(len(item.images) for listicle in listicles(article) for item in listicle.items)
    assert count == intent.get("images", count)
