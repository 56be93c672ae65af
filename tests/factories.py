"""Small helpers that build articles, authors and images for tests."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from advice_blocks.models import AdviceArticlePage, Author


def make_image(title="Test image", size=(64, 48), colour="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.replace(' ', '-')}.png")
    )


def make_author(name="Ada Fielding", **kwargs):
    kwargs.setdefault("bio", "<p>Writes about <b>habits</b>.</p>")
    kwargs.setdefault("role", "Staff writer")
    return Author.objects.create(name=name, **kwargs)


def reason(heading, body=None, image=None, caption=""):
    return {
        "heading": heading,
        "body": body if body is not None else f"<p>Why: {heading}.</p>",
        "image": image.pk if image else None,
        "caption": caption,
    }


def listicle(heading="Three reasons", items=None, direction="ascending", start=None, **extra):
    items = items or [reason("First"), reason("Second"), reason("Third")]
    return {
        "type": "listicle",
        "value": {
            "heading": heading,
            "intro": "",
            "direction": direction,
            "start": start,
            "anchor_prefix": extra.get("anchor_prefix", ""),
            "items": items,
        },
    }


def faq(questions=(("Is it hard?", "<p>No.</p>"),), heading="Frequently asked questions"):
    return {
        "type": "faq",
        "value": {
            "heading": heading,
            "items": [{"question": q, "answer": a} for q, a in questions],
        },
    }


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def make_article(title="Why small walks work", body=None, parent=None, publish=True, **fields):
    parent = parent or home_page()
    authors = fields.pop("authors", None)
    if authors is None:
        author = fields.pop("author", None)
        authors = [author] if author is not None else []
    page = AdviceArticlePage(title=title, body=body or [listicle()], live=publish, **fields)
    page.set_authors(authors)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
