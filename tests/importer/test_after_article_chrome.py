"""What themes and plugins print after the article: author boxes known only by a plugin's
class, trackback lists, the anti-spam notice under the comment form, and "You may also like
these posts…" cards. None of it is the article; the author box is still read for the bio."""

from __future__ import annotations

import pytest

from importers.pipeline import extract_article

from .conftest import PROSE

BIO = (
    "Ann Lee has grown vegetables on a fourth-floor balcony for twelve years and writes "
    "about small-space gardening for people who have only a railing and a few pots."
)


#: Enough prose that a box or list after it is a small part of the page, as on a real one.
PARAGRAPHS = 12


def page(after: str, *, article: str = "") -> bytes:
    title = "How to Grow Tomatoes on a Balcony"
    prose = article or "".join(f"<p>{PROSE}</p>" for _ in range(PARAGRAPHS))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><main>"
        f"<article><h1>{title}</h1><p class='byline'>By Ann Lee</p>"
        f"<div class='inner'>{prose}{after}</div></article></main></body></html>"
    ).encode()


def body_of(html: bytes) -> str:
    article = extract_article(html, "test.html")
    return article.intro_html + " ".join(str(section) for section in article.body)


@pytest.mark.parametrize(
    "box_class", ["abh_box abh_box_down", "author-block", "td-author-box", "author-section"]
)
def test_an_author_box_known_by_its_plugin_class_is_read_not_kept_in_the_body(box_class):
    box = (
        f"<div class='{box_class}'><img src='/ann.jpg' alt='Ann Lee'>"
        f"<h4>Ann Lee</h4><p>{BIO}</p><div>Follow me</div></div>"
    )
    html = page(box)
    article = extract_article(html, "test.html")
    assert "fourth-floor balcony" not in body_of(html)
    assert "Follow me" not in body_of(html)
    assert article.author is not None and article.author.name == "Ann Lee"
    assert "fourth-floor balcony" in article.author.bio_html


def test_trackbacks_and_the_anti_spam_notice_are_not_the_article():
    after = (
        "<div class='entry-pings'><h3>Trackbacks</h3><ol class='ping-list'>"
        "<li class='pingback'><p>[…] we tried the spray from another blog on our beans "
        "and it kept the aphids off for a fortnight […]</p></li></ol></div>"
        "<div id='respond'><form><textarea name='comment'></textarea></form>"
        "<p class='akismet_comment_form_privacy_notice'>This site uses an anti-spam "
        "service. <a href='https://example.org/privacy/'>Learn how your comment data is "
        "processed</a>.</p></div>"
    )
    body = body_of(page(after))
    assert "Trackbacks" not in body
    assert "aphids off" not in body
    assert "anti-spam" not in body
    assert body.count(PROSE[:40]) == PARAGRAPHS


def test_a_paragraph_about_trackbacks_stays():
    text = (
        "Trackbacks were how blogs told each other about a link in the early years, and "
        "many garden blogs still show them under the comments."
    )
    prose = "".join(f"<p>{PROSE}</p>" for _ in range(5)) + f"<p>{text}</p>"
    assert "Trackbacks were how blogs" in body_of(page("", article=prose))


def cards(count: int) -> str:
    return (
        "<ul>"
        + "".join(
            f"<li><a href='/2024/0{n}/post-{n}.html'><img src='/t{n}.jpg' alt=''></a>"
            f"<a href='/2024/0{n}/post-{n}.html'>Balcony project number {n}</a></li>"
            for n in range(1, count + 1)
        )
        + "</ul>"
    )


@pytest.mark.parametrize(
    "heading",
    ["You may also like these posts...", "You might also like this:", "You may also like…"],
)
def test_you_may_also_like_these_posts_cards_are_dropped(heading):
    after = f"<div class='more'><h3><span>{heading}</span></h3><div>{cards(4)}</div></div>"
    body = body_of(page(after))
    assert "Balcony project" not in body
    assert "also like" not in body


def test_a_section_about_what_readers_may_also_like_stays():
    prose = "".join(f"<p>{PROSE}</p>" for _ in range(6))
    section = (
        "<h2>You may also like these varieties</h2>"
        "<p>Cherry tomatoes crop early and forgive a missed watering; plum tomatoes want "
        "more sun but make the best sauce from a balcony harvest.</p>"
    )
    assert "You may also like these varieties" in body_of(page("", article=prose + section))


def test_a_short_question_button_is_a_control_not_text():
    # A button whose text is a question of a few words is an FAQ toggle and is kept (see
    # fixtures/listicles/faq-question-buttons-without-aria); a two-word one is not.
    body = body_of(page("<button class='help-link'>Need help?</button>"))
    assert "Need help" not in body
