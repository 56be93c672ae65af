"""Which heading is the headline, and how it reads: not a title in a carousel of other posts,
nor punctuation a broken encoding turned into "?"."""

from __future__ import annotations

from importers.pipeline import extract_article

from .conftest import PROSE

HEADLINE = "The Best Riverside Paths in Town for Cycling"


def page(*, headline_link: bool = False) -> bytes:
    # The metadata is an SEO title that shares few words with the headline, and one of the
    # carousel's titles shares more of them with it.
    others = [
        "Where to Paddle a Canoe in Town",
        "A Guide to the Town Arboretum",
        "The Best Farmers Markets in Town",
        HEADLINE,
    ]
    carousel = "".join(
        f"<div class='item'><h1 class='item__title'><a href='/post-{n}'>{title}</a></h1></div>"
        for n, title in enumerate(others)
    )
    headline = f"<a href='/riverside-paths'>{HEADLINE}</a>" if headline_link else HEADLINE
    return (
        "<!DOCTYPE html><html><head><title>Where to Cycle in Town | Town Magazine</title>"
        "<meta property='og:title' content='Where to Cycle in Town'></head><body>"
        "<h1 class='logo'><a href='/'>Town Magazine</a></h1>"
        f"<article><header><h1 class='headline'>{headline}</h1>"
        "<p><span>By <a href='/people/ann-lee'>Ann Lee</a></span> <span>April 12, 2024</span>"
        f"</p></header><div class='body'>{''.join(f'<p>{PROSE}</p>' for _ in range(8))}</div>"
        f"</article><section class='next'>{carousel}</section></body></html>"
    ).encode()


def test_the_headline_is_not_a_title_in_the_carousel_after_the_article():
    article = extract_article(page(), "test.html")
    assert article.title == HEADLINE
    assert [author.name for author in article.authors] == ["Ann Lee"]
    assert str(article.published) == "2024-04-12"


def test_a_headline_linking_to_its_own_page_is_still_the_headline():
    article = extract_article(page(headline_link=True), "test.html")
    assert article.title == HEADLINE
    assert [author.name for author in article.authors] == ["Ann Lee"]


def simple_page(title: str, article: str, before: str = "") -> bytes:
    """A page titled ``title`` whose ``<article>`` opens with ``article``, then prose."""
    return (
        f"<html><head><title>{title} | Garden Notes</title></head><body>{before}<article>"
        + article
        + "".join(f"<p>{PROSE}</p>" for _ in range(6))
        + "</article></body></html>"
    ).encode()


def test_a_headline_whose_encoding_broke_its_punctuation_reads_as_the_metadata():
    html = simple_page(
        "Balcony Tomatoes: A Beginner's Guide", "<h1>Balcony Tomatoes? A Beginner? Guide</h1>"
    )
    assert extract_article(html, "t.html").title == "Balcony Tomatoes: A Beginner's Guide"


def test_a_question_headline_is_left_alone():
    html = simple_page("Why Grow Tomatoes?", "<h1>Why Grow Tomatoes?</h1>")
    assert extract_article(html, "t.html").title == "Why Grow Tomatoes?"


def test_a_headline_written_as_a_paragraph_inside_the_h1_is_the_headline():
    # The parser closes <h1> at the <p>; the byline and date beside it still count.
    html = simple_page(
        "Balcony Tomatoes in Pots",
        "<h1 class='title'><p>Balcony Tomatoes in Pots</p></h1>"
        "<p>A standfirst that sets out what the article covers, in one line.</p>"
        "<div><p>By Ann Lee</p><p>Dec 17, 2025</p></div>",
        before=f"<nav><p>{PROSE}</p><p>{PROSE}</p></nav>",
    )
    article = extract_article(html, "t.html")
    assert article.title == "Balcony Tomatoes in Pots"
    assert str(article.published) == "2025-12-17"
    assert [author.name for author in article.authors] == ["Ann Lee"]
    assert "Balcony Tomatoes in Pots" not in str(article.body)


def test_a_headline_full_of_question_marks_is_left_alone_quickly():
    # Many "?" would make the metadata comparison branch without end: it is not attempted.
    headline = "a?" * 40 + "b"
    html = simple_page("a" * 120 + "c", f"<h1>{headline}</h1>")
    assert extract_article(html, "t.html").title == headline


def _weblog(masthead: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>annlee.net Slow Bread</title></head><body>"
        f"<div id='banner'>{masthead}</div><div id='container'><h2>Slow Bread</h2>"
        f"{''.join(f'<p>{PROSE}</p>' for _ in range(6))}</div></body></html>"
    ).encode()


def test_an_h1_linking_to_the_front_page_is_the_site_name_not_the_headline():
    # A classic weblog theme: the site's name in an <h1> linking home, the post's title in
    # an <h2>, and a <title> that is neither.
    article = extract_article(
        _weblog("<h1><a href='https://annlee.net/'>annlee.net</a></h1>"), "t"
    )
    assert article.title == "Slow Bread"


def test_a_headline_linking_to_its_own_post_stays_the_headline():
    masthead = "<h1><a href='https://annlee.net/2024/slow-bread/'>Slow Bread</a></h1>"
    assert extract_article(_weblog(masthead), "t").title == "Slow Bread"


def test_a_headline_linking_to_the_page_itself_or_a_broken_url_stays_the_headline():
    for href in ("#", "?", "http://[::1"):
        page = (
            "<html><head><title>My Blog</title>"
            "<meta property='article:published_time' content='2024-03-01'></head><body>"
            f"<h1><a href='{href}'>How I Fixed My Sleep</a></h1>"
            f"{''.join(f'<p>{PROSE}</p>' for _ in range(6))}</body></html>"
        )
        article = extract_article(page, "t")
        assert article.title == "How I Fixed My Sleep", href
        assert str(article.published) == "2024-03-01", href


def test_a_front_page_link_is_the_headline_when_the_page_has_no_other_title():
    page = (
        "<html><body><h1><a href='/'>How I Fixed My Sleep</a></h1>"
        f"{''.join(f'<p>{PROSE}</p>' for _ in range(6))}</body></html>"
    )
    assert extract_article(page, "t").title == "How I Fixed My Sleep"
