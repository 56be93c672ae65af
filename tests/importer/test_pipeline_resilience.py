"""Never lose an article: a failing optional step costs only its part of the article (with a
warning naming the step), core steps stay strict, and a page whose content finder comes up
short is imported from a wider part of the page rather than refused."""

from __future__ import annotations

import pytest

from importers import pipeline
from importers.errors import NotAnArticleError
from importers.pipeline.model import FAQ, Listicle

from .conftest import PROSE, page

ARTICLE = page(
    "<p>" + PROSE + "</p>"
    "<h2>1. Water less often</h2><p>" + PROSE + "</p>"
    "<h2>2. Give them more light</h2><p>" + PROSE + "</p>"
    "<h2>3. Use a pot with a hole</h2><p>" + PROSE + "</p>"
    "<h2>Frequently asked questions</h2>"
    "<h3>How often should I water?</h3><p>" + PROSE + "</p>"
    "<h3>Do plants like coffee?</h3><p>" + PROSE + "</p>",
    title="3 Reasons Your Houseplants Keep Dying",
)


def extract(html: str = ARTICLE):
    return pipeline.extract_article(html.encode("utf-8"), "test.html")


def broken(*args, **kwargs):
    raise RuntimeError("boom")


def test_the_sample_article_has_every_optional_part():
    article = extract()
    assert any(isinstance(section, Listicle) for section in article.body)
    assert any(isinstance(section, FAQ) for section in article.body)
    assert not any("step failed" in warning for warning in article.warnings)


@pytest.mark.parametrize(
    "function, step",
    [
        ("extract_comments", "comments"),
        ("extract_authors", "author"),
        ("page_language", "language"),
        ("find_faqs", "FAQ"),
        ("find_listicles", "listicle"),
        ("check_jsonld_questions", "FAQ structured data"),
    ],
)
def test_a_failing_optional_step_is_a_warning_naming_it(monkeypatch, function, step):
    monkeypatch.setattr(pipeline, function, broken)
    article = extract()
    assert article.title == "3 Reasons Your Houseplants Keep Dying"
    assert "full stop at the end of it" in article.intro_html
    assert any(
        f"the {step} step failed (RuntimeError: boom)" in warning for warning in article.warnings
    ), article.warnings


def test_without_its_listicle_step_the_article_keeps_its_faq(monkeypatch):
    monkeypatch.setattr(pipeline, "find_listicles", broken)
    article = extract()
    assert not any(isinstance(section, Listicle) for section in article.body)
    assert any(isinstance(section, FAQ) for section in article.body)


def test_a_failing_metadata_step_falls_back_to_the_headline(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_metadata", broken)
    article = extract()
    assert article.title == "3 Reasons Your Houseplants Keep Dying"
    assert article.published is None
    assert any("the metadata step failed" in warning for warning in article.warnings)


@pytest.mark.parametrize("function", ["linearise", "build_body", "find_main_content"])
def test_core_steps_stay_strict(monkeypatch, function):
    monkeypatch.setattr(pipeline, function, broken)
    with pytest.raises(RuntimeError, match="boom"):
        extract()


def test_a_page_with_no_article_text_is_still_refused():
    html = (
        "<html><head><title>Contact us</title></head><body><h1>Contact us</h1>"
        "<nav><ul><li><a href='/'>Home</a></li></ul></nav><p>Call us.</p></body></html>"
    )
    with pytest.raises(NotAnArticleError, match="has no article text"):
        extract(html)


def test_a_short_content_block_falls_back_to_the_page_body(monkeypatch):
    """When the content finder returns an element with too little text, the importer tries
    the whole body (chrome removed) before refusing the page."""
    html = page(("<p>" + PROSE + "</p>") * 2)
    find_main_content = pipeline.find_main_content

    def only_the_headline(root, title_element=None):
        find_main_content(root, title_element)
        return next(root.iter("h1"))

    monkeypatch.setattr(pipeline, "find_main_content", only_the_headline)
    article = extract(html)
    assert article.intro_html.count("full stop at the end of it") == 2
    assert any("the main content finder found too little text" in w for w in article.warnings)
