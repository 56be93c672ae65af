"""Shared paths and helpers for the pure importer tests (no Django, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.pipeline.model import FAQ, Article, Listicle
from tests.shared_data import CORPUS, PROJECT, SEED_HTML, SEED_TEXT, SHARED, require_shared

__all__ = ["CORPUS", "FIXTURES", "PROJECT", "SEED_HTML", "SEED_TEXT", "SHARED", "require"]

FIXTURES = PROJECT / "fixtures" / "articles"


def require(path: Path) -> Path:
    """Skip the calling test with a clear reason when shared test data is absent (under
    ``CI=true``, fail it): see :mod:`tests.shared_data`."""
    return require_shared(path)


def listicles(article: Article) -> list[Listicle]:
    return [section for section in article.body if isinstance(section, Listicle)]


def faqs(article: Article) -> list[FAQ]:
    return [section for section in article.body if isinstance(section, FAQ)]


def item_headings(article: Article) -> list[str]:
    return [item.heading for listicle in listicles(article) for item in listicle.items]


def questions(article: Article) -> list[str]:
    return [item.question for faq in faqs(article) for item in faq.items]


def page(body: str, *, title: str = "A Test Article", head: str = "") -> str:
    """A minimal article page around ``body``."""
    return (
        f"<!DOCTYPE html><html><head><title>{title} - Site</title>{head}</head><body>"
        f"<nav class='main-navigation'><ul><li><a href='/'>Home</a></li></ul></nav>"
        f"<article><h1>{title}</h1><div class='entry-content'>{body}</div></article>"
        f"<aside class='sidebar'><h2>Recent Posts</h2><ul><li><a href='/x'>X</a></li></ul>"
        f"</aside></body></html>"
    )


PROSE = (
    "This paragraph has enough words to look like real prose, with a clause or two and a "
    "full stop at the end of it."
)


@pytest.fixture(autouse=True)
def media_root():
    """Override the project-wide MEDIA_ROOT fixture: these tests never touch Django, and they
    run with ``-p no:django`` (where its ``settings`` fixture does not exist)."""
    yield None
