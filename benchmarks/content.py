"""Articles for the API and page benchmarks (and ``tests/test_api_query_growth.py``).

:func:`make_article` builds an ``AdviceArticlePage`` with a given number of reasons, FAQ
questions and (threaded, approved) comments, an author with a photo and a few images;
:func:`make_baseline` builds a ``home.BaselineArticlePage`` holding the same text and
images in one rich-text field: the simplest page that shows the same content.
"""

from __future__ import annotations

import datetime
import io
from html import escape

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

TEXT = (
    "walking away from a conversation that keeps circling gives both people the time they "
    "need to notice what they actually want and to come back with fewer demands and more "
    "patience than before"
)
WORDS = TEXT.split(" ")


def sentence(seed: int, length: int = 18) -> str:
    """A deterministic sentence of ``length`` words, different for each ``seed``."""
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(seed: int, sentences: int = 3) -> str:
    return " ".join(sentence(seed + n) for n in range(sentences))


def make_image(title: str, size=(800, 533), colour="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{slugify(title)}.png")
    )


def make_author(name: str, photo: bool = True):
    from advice_blocks.models import Author

    return Author.objects.create(
        name=name,
        role="Staff writer",
        bio=f"<p>{escape(name)} writes about <b>habits</b>. {paragraph(len(name), 2)}</p>",
        photo=make_image(f"{name} portrait", size=(300, 300)) if photo else None,
        website="https://example.com/",
        links=[
            {"type": "link", "value": {"label": "Mastodon", "url": "https://example.social/@a"}}
        ],
    )


def home_page():
    return Page.objects.get(depth=2).specific


def article_body(reasons: int, questions: int, author, images) -> list[dict]:
    """StreamField data: heading, paragraph, listicle, FAQ, author box."""
    return [
        {"type": "heading", "value": {"text": "Before we start", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>{paragraph(1)} See <a href="https://example.com/">this study</a>.</p>',
        },
        {
            "type": "listicle",
            "value": {
                "heading": f"{reasons} reasons why walking away works",
                "intro": f"<p>{paragraph(2, 2)}</p>",
                "direction": "ascending",
                "start": None,
                "anchor_prefix": "",
                "items": [
                    {
                        "heading": sentence(10 + n, 6)[:-1],
                        "body": f"<p>{paragraph(20 + n)}</p><p>{paragraph(40 + n, 2)}</p>",
                        "image": images[n].pk if n < len(images) else None,
                        "caption": f"Picture {n + 1}" if n < len(images) else "",
                    }
                    for n in range(reasons)
                ],
            },
        },
        {
            "type": "faq",
            "value": {
                "heading": "Frequently asked questions",
                "items": [
                    {
                        "question": f"{sentence(60 + n, 7)[:-1]} (question {n + 1})?",
                        "answer": f"<p>{paragraph(70 + n, 2)}</p>",
                    }
                    for n in range(questions)
                ],
            },
        },
        {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
    ]


def add_comments(page, count: int) -> None:
    """``count`` approved comments; every third one replies to the comment before it."""
    from advice_blocks.models import Comment

    previous = None
    for n in range(count):
        parent = previous if n % 3 == 2 else None
        previous = Comment.objects.create(
            page_id=page.pk,
            parent=parent,
            author_name=f"Reader {n + 1}",
            author_url="https://example.org/",
            body=f"{paragraph(90 + n, 2)}\n\n{sentence(120 + n)}",
            created_at=datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.UTC)
            + datetime.timedelta(days=n),
            status=Comment.Status.APPROVED,
        )


def make_article(
    title: str,
    *,
    reasons: int = 10,
    questions: int = 5,
    comments: int = 8,
    images: int = 3,
    author=None,
    parent=None,
):
    """A published ``AdviceArticlePage``; returns the page."""
    from advice_blocks.models import AdviceArticlePage

    parent = parent or home_page()
    author = author or make_author(f"Author of {title}")
    pictures = [make_image(f"{title} picture {n + 1}") for n in range(images)]
    page = AdviceArticlePage(
        title=title,
        slug=slugify(title),
        intro=f"<p>{paragraph(0, 2)} It <b>works</b>.</p>",
        original_published=datetime.date(2021, 3, 11),
        last_updated=datetime.date(2022, 6, 8),
        body=article_body(reasons, questions, author, pictures),
        live=False,
    )
    page.set_authors([author])
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    add_comments(page, comments)
    return page


def baseline_html(article) -> str:
    """The article's content as one rich-text value (Wagtail's database format)."""
    from advice_blocks.models import Comment

    author = article.author
    parts = [
        f"<p>By <b>{escape(author.name)}</b>, {escape(author.role)}. Published "
        f"{article.original_published:%d %B %Y}, updated {article.last_updated:%d %B %Y}.</p>",
        article.intro,
    ]
    for block in article.body.raw_data:
        value = block["value"]
        if block["type"] == "heading":
            parts.append(f"<h2>{escape(value['text'])}</h2>")
        elif block["type"] == "paragraph":
            parts.append(value)
        elif block["type"] == "listicle":
            parts.append(f"<h2>{escape(value['heading'])}</h2>{value['intro']}")
            for number, item in enumerate(value["items"], start=1):
                parts.append(f"<h3>{number}. {escape(item['heading'])}</h3>")
                if item["image"]:
                    parts.append(_image_embed(item["image"], item["caption"]))
                parts.append(item["body"])
        elif block["type"] == "faq":
            parts.append(f"<h2>{escape(value['heading'])}</h2>")
            for item in value["items"]:
                parts.append(f"<h3>{escape(item['question'])}</h3>{item['answer']}")
        elif block["type"] == "author_bio":
            parts.append("<h2>About the author</h2>")
            if author.photo_id:
                parts.append(_image_embed(author.photo_id, author.name))
            parts.append(f"<p><b>{escape(author.name)}</b></p>{author.bio}")
            parts.append('<p><a href="https://example.com/">Website</a></p>')
    comments = Comment.objects.filter(page_id=article.pk).order_by("created_at", "pk")
    if comments:
        parts.append(f"<h2>{len(comments)} comments</h2>")
    for comment in comments:
        reply = " (reply)" if comment.parent_id else ""
        parts.append(
            f"<p><b>{escape(comment.author_name)}</b>{reply}, {comment.created_at:%d %B %Y}</p>"
        )
        parts += [f"<p>{escape(p)}</p>" for p in comment.paragraphs]
    return "".join(parts)


def _image_embed(image_id: int, alt: str) -> str:
    return f'<embed alt="{escape(alt)}" embedtype="image" format="fullwidth" id="{image_id}"/>'


def make_baseline(article, parent=None):
    """A published ``home.BaselineArticlePage`` with ``article``'s content; returns it."""
    from home.models import BaselineArticlePage

    parent = parent or home_page()
    page = BaselineArticlePage(
        title=article.title,
        slug=f"baseline-{article.slug}",
        body=baseline_html(article),
        live=False,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
