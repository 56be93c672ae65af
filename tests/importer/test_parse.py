"""Building the lxml tree, including pathological nesting."""

from __future__ import annotations

import time

import pytest

from importers.errors import NotAnArticleError, SourceReadError
from importers.pipeline import extract_article
from importers.pipeline.parse import parse_html, text_of

from .conftest import PROSE


def test_deep_nesting_does_not_crash_and_keeps_later_text():
    """10,000 nested tags parse quickly and the text after them is not lost."""
    html = (
        "<html><body><h1>Deep</h1>"
        + "<div>" * 10_000
        + "inner"
        + "</div>" * 10_000
        + "<p>after the nest</p></body></html>"
    )
    start = time.perf_counter()
    root = parse_html(html, "deep.html")
    assert time.perf_counter() - start < 2
    assert "after the nest" in text_of(root)
    assert "inner" in text_of(root)


def test_deeply_nested_article_extracts():
    """The whole pipeline survives deep nesting of inline tags inside the article."""
    html = (
        "<html><body><article><h1>Deep article</h1><p>"
        + PROSE
        + "</p>"
        + "<span>" * 10_000
        + "x"
        + "</span>" * 10_000
        + "<p>"
        + PROSE
        + "</p>"
        + "</article></body></html>"
    )
    article = extract_article(html.encode(), "deep.html")
    assert article.title == "Deep article"


def test_xml_declaration_is_accepted():
    root = parse_html(
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>', "x.html"
    )
    assert text_of(root) == "x"


def test_blank_text_is_an_error():
    with pytest.raises(SourceReadError):
        parse_html("   ", "blank.html")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><body><p>Just a line.</p></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_documents_without_an_article(html):
    """Pages without a title or without text raise NotAnArticleError."""
    with pytest.raises(NotAnArticleError) as error:
        extract_article(html.encode(), "empty-page.html")
    assert str(error.value).startswith("empty-page.html: has no")


def test_plain_text_is_not_an_article():
    with pytest.raises(NotAnArticleError):
        extract_article(b"just some words, no markup", "notes.txt")
