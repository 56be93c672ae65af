"""Acceptance test on the seed article (a real WordPress listicle with FAQ and comments).

Expected values are read at run time from the seed HTML and the plain-text rendering next to
it, so the project never copies the page's text.
"""

from __future__ import annotations

import datetime
import re

import lxml.html
import pytest

from importers.pipeline import extract_article
from importers.pipeline.model import Figure, Heading, Paragraph

from .conftest import SEED_HTML, SEED_TEXT, faqs, listicles, require

BOILERPLATE = (
    "Share this:",
    "Recent Posts",
    "Table of Contents",
    "Leave a Comment",
    "Take our quiz",
    "adsbygoogle",
    "Skip to content",
    "Post Comment",
    "Privacy Policy",
    "Categories",
)


def _plain(html: str) -> str:
    if not html:
        return ""
    return " ".join(
        lxml.html.fragment_fromstring(html, create_parent="div").text_content().split()
    )


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


@pytest.fixture(scope="module")
def seed():
    html = require(SEED_HTML).read_bytes()
    text = require(SEED_TEXT).read_text(encoding="utf-8")
    article = extract_article(
        html, "why-walking-away-works.html", base_url="https://www.example-relationships.com/why/"
    )
    return article, html.decode("utf-8"), text


def _txt_reasons(text: str) -> list[tuple[int, str, list[str]]]:
    """(number, heading, paragraphs) per reason in the text rendering."""
    lines = text.splitlines()
    reasons = []
    for index, line in enumerate(lines):
        match = re.match(r"^(\d+)\. (\S.*)$", line)
        if match:
            reasons.append([int(match.group(1)), match.group(2), index])
    result = []
    for position, (number, heading, index) in enumerate(reasons):
        end = reasons[position + 1][2] if position + 1 < len(reasons) else len(lines)
        paragraphs = [line.strip() for line in lines[index + 1 : end] if line.strip()]
        result.append((number, heading, paragraphs))
    return result


def _article_text(article) -> str:
    parts = [article.title, _plain(article.intro_html)]
    for section in article.body:
        if isinstance(section, Paragraph):
            parts.append(_plain(section.html))
        elif isinstance(section, Heading):
            parts.append(section.text)
        elif hasattr(section, "items"):
            parts.append(getattr(section, "heading", ""))
            for item in section.items:
                parts += [
                    getattr(item, "heading", ""),
                    getattr(item, "question", ""),
                    _plain(getattr(item, "body_html", "")),
                    _plain(getattr(item, "answer_html", "")),
                ]
    return "\n".join(parts)


def test_title_is_the_displayed_headline(seed):
    article, _, text = seed
    assert article.title == text.splitlines()[0].strip()


def test_ten_reasons_in_order_with_their_paragraphs(seed):
    article, _, text = seed
    [listicle] = listicles(article)
    expected = _txt_reasons(text)[:10]
    assert [item.number for item in listicle.items] == [n for n, _, _ in expected]
    assert [_norm(item.heading) for item in listicle.items] == [_norm(h) for _, h, _ in expected]
    assert listicle.direction == "ascending" and listicle.start == 1
    for item, (_, _, paragraphs) in zip(listicle.items, expected, strict=True):
        body = _norm(_plain(item.body_html))
        captions = {_norm(image.caption) for image in item.images}
        for paragraph in paragraphs:
            if _norm(paragraph) in captions:
                continue
            if _norm(paragraph) == _norm(expected[-1][1]):
                continue
            if paragraph.endswith("?") and len(paragraph) < 100:
                break  # the FAQ starts after the last reason
            assert _norm(paragraph) in body, f"missing from reason {item.number}: {paragraph}"


def test_listicle_heading_and_intro(seed):
    article, _, text = seed
    [listicle] = listicles(article)
    lines = [line for line in text.splitlines() if line.strip()]
    first_reason = next(i for i, line in enumerate(lines) if re.match(r"^1\. ", line))
    assert listicle.heading == lines[first_reason - 1].strip()
    intro = _norm(_plain(article.intro_html))
    for line in lines[2 : first_reason - 1]:
        assert _norm(line) in intro


def test_reason_image_with_alt_and_caption(seed):
    article, _, _ = seed
    images = [image for item in listicles(article)[0].items for image in item.images]
    assert len(images) == 1
    assert images[0].alt and images[0].caption
    assert images[0].src.startswith("https://www.example-relationships.com/")


def test_five_questions_with_answers(seed):
    article, _, text = seed
    [faq] = faqs(article)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("10. "))
    end = lines.index("In Conclusion")
    expected = [line for line in lines[start:end] if line.endswith("?") and len(line) < 100]
    assert len(expected) == 5
    assert [_norm(q.question) for q in faq.items] == [_norm(q) for q in expected]
    for item in faq.items:
        answer = lines[lines.index(item.question) + 1]
        assert _norm(_plain(item.answer_html)) == _norm(answer)


def test_conclusion_is_at_the_end(seed):
    article, _, text = seed
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading_index = next(
        i
        for i, s in enumerate(article.body)
        if isinstance(s, Heading) and s.text == "In Conclusion"
    )
    rest = article.body[heading_index + 1 :]
    assert rest and all(isinstance(s, Paragraph) for s in rest)
    conclusion = _norm(" ".join(_plain(s.html) for s in rest))
    first = lines.index("In Conclusion") + 1
    assert _norm(lines[first]) in conclusion
    assert _norm(lines[first + 1]) in conclusion


def test_body_order(seed):
    article, _, _ = seed
    kinds = [type(section).__name__ for section in article.body]
    assert kinds == ["Listicle", "FAQ", "Heading", "Paragraph"]
    assert not any(isinstance(section, Figure) for section in article.body)


def test_author_and_bio(seed):
    article, _, text = seed
    byline = next(line for line in text.splitlines() if line.startswith("Last updated on"))
    name = byline.split(" by ", 1)[1].strip()
    assert article.author is not None and article.author.name == name
    lines = [line.strip() for line in text.splitlines()]
    bio = lines[len(lines) - 1 - lines[::-1].index(name) + 1]
    assert _norm(_plain(article.author.bio_html)) == _norm(bio)
    assert article.author.photo_url.endswith(".jpg")
    assert "/author/" in article.author.url


def test_dates(seed):
    article, html, text = seed
    byline = next(line for line in text.splitlines() if line.startswith("Last updated on"))
    updated = datetime.datetime.strptime(
        byline.removeprefix("Last updated on ").split(" by ")[0], "%B %d, %Y"
    ).date()
    published = re.search(r'article:published_time" content="(\d{4}-\d{2}-\d{2})', html)
    assert article.updated == updated == datetime.date(2022, 6, 8)
    assert article.published == datetime.date.fromisoformat(published.group(1))
    assert article.canonical_url.startswith("https://www.example-relationships.com/")


def test_comments_tree(seed):
    article, _, text = seed
    top_level = [line for line in text.splitlines() if re.match(r"^  \d+\. ", line)]
    replies = [line for line in text.splitlines() if re.match(r"^    \d+\. ", line)]
    assert len(article.comments) == len(top_level) == 7
    assert sum(len(c.replies) for c in article.comments) == len(replies) == 1
    assert len(article.comments[2].replies) == 1
    for comment, line in zip(article.comments, top_level, strict=True):
        assert _norm(comment.body.split("\n")[0])[:40] == _norm(line.split(". ", 1)[1])[:40]
        assert comment.author and comment.date is not None
    reply = article.comments[2].replies[0]
    assert reply.body.count("\n\n") == 1  # two paragraphs, a blank line apart


def test_no_boilerplate_anywhere(seed):
    article, _, _ = seed
    everything = _article_text(article)
    for comment in article.comments:
        everything += "\n" + comment.body
    for phrase in BOILERPLATE:
        assert phrase not in everything
    for menu_item in ("Dating", "Breakups", "Marriage"):
        assert menu_item not in everything.split()
    assert not article.warnings
