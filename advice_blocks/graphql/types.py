"""GraphQL types of the article's parts: its blocks, authors, images and comments.

Every value that the REST API also gives is computed by the same code: a block's type
reads its fields from the block's ``get_api_representation`` (numbers, anchors, display
HTML, image renditions), an author from ``author_api_representation`` and rich text from
``richtext_api_html``, so the two APIs cannot drift apart. Blocks implement grapple's
``StreamFieldInterface`` (``id``, ``blockType``, ``field``, ``rawValue``), so
``body { ... on AdviceListicleBlock { … } }`` works as for any grapple StreamField.
"""

from __future__ import annotations

import json

import graphene
from django.core.serializers.json import DjangoJSONEncoder
from grapple.types.interfaces import StreamFieldInterface

from ..blocks.author import author_api_representation
from ..blocks.images import image_api_representation
from ..blocks.richtext import richtext_api_html

__all__ = [
    "AdviceAuthor",
    "AdviceCategory",
    "AdviceComment",
    "AdviceImage",
    "AdviceTocEntry",
    "BLOCK_TYPES",
]


def api_value(root):
    """The block's REST API representation, computed once per block value."""
    cached = root.__dict__.get("_advice_api_value")
    if cached is None:
        cached = root.block.get_api_representation(root.value, context=None)
        root.__dict__["_advice_api_value"] = cached
    return cached


def api_value_resolver(attname, default_value, root, info, **args):
    """Resolve a block type's own fields from the block's API representation."""
    data = api_value(root)
    return data.get(attname, default_value) if isinstance(data, dict) else default_value


class AdviceRendition(graphene.ObjectType):
    """One of the ``ADVICE_BLOCKS["API_RENDITIONS"]`` renditions of an image."""

    name = graphene.String(required=True)
    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


class AdviceImage(graphene.ObjectType):
    """An image as the REST API describes it: size, alt text and named renditions."""

    id = graphene.Int(required=True)
    title = graphene.String(required=True)
    alt = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    renditions = graphene.List(graphene.NonNull(AdviceRendition), required=True)
    rendition = graphene.Field(AdviceRendition, name=graphene.String(required=True))

    @staticmethod
    def resolve_renditions(root, info):
        return [{"name": name, **data} for name, data in root["renditions"].items()]

    @staticmethod
    def resolve_rendition(root, info, name):
        data = root["renditions"].get(name)
        return {"name": name, **data} if data is not None else None


class AdviceAuthorLink(graphene.ObjectType):
    label = graphene.String(required=True)
    url = graphene.String(required=True)


def _author_data(root):
    """An author's REST representation: ``root`` is one already, or an ``Author``."""
    if isinstance(root, dict):
        return root
    cached = root.__dict__.get("_advice_api_value")
    if cached is None:
        cached = author_api_representation(root)
        root.__dict__["_advice_api_value"] = cached
    return cached


class AdviceAuthor(graphene.ObjectType):
    """A person credited on articles (the ``Author`` snippet), as the REST API shows them.

    ``bio`` is display HTML; in an author box (``AdviceAuthorBioBlock``) it is the bio
    written for that page when there is one.
    """

    id = graphene.Int(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    role = graphene.String(required=True)
    bio = graphene.String(required=True, description="Display HTML.")
    photo = graphene.Field(AdviceImage)
    website = graphene.String(required=True)
    links = graphene.List(graphene.NonNull(AdviceAuthorLink), required=True)

    @staticmethod
    def resolve_id(root, info):
        return root["id"] if isinstance(root, dict) else root.pk

    @staticmethod
    def resolve_bio(root, info):
        return root["bio"] if isinstance(root, dict) else richtext_api_html(root.bio)

    @staticmethod
    def resolve_photo(root, info):
        if isinstance(root, dict):
            return root["photo"]
        return image_api_representation(root.photo, alt_text=root.name)

    @staticmethod
    def resolve_links(root, info):
        return _author_data(root)["links"]


class AdviceComment(graphene.ObjectType):
    """An approved reader comment, with the replies shown under it.

    Past ``ADVICE_BLOCKS["COMMENT_THREAD_DEPTH"]`` levels, replies to replies are listed at
    the last level (as on the page and in the REST API), and ``parent`` says which comment
    each one answers. Never an e-mail or IP address.
    """

    id = graphene.Int(required=True)
    parent = graphene.Int(description="The comment this one answers.")
    author = graphene.String(required=True)
    url = graphene.String(required=True, description="The commenter's website, or ''.")
    date = graphene.DateTime(required=True)
    paragraphs = graphene.List(graphene.NonNull(graphene.String), required=True)
    html = graphene.String(
        required=True, description="The comment as the page shows it: escaped, links made."
    )
    replies = graphene.List(graphene.NonNull(lambda: AdviceComment), required=True)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_parent(root, info):
        return root.parent_id

    @staticmethod
    def resolve_author(root, info):
        return root.author_name

    @staticmethod
    def resolve_url(root, info):
        return root.author_url

    @staticmethod
    def resolve_date(root, info):
        return root.created_at

    @staticmethod
    def resolve_html(root, info):
        return root.body_html

    @staticmethod
    def resolve_replies(root, info):
        return root.thread_replies


class AdviceCategory(graphene.ObjectType):
    """An article category, with its path from the outermost (``["Garden", "Compost"]``)."""

    id = graphene.Int(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    path = graphene.List(graphene.NonNull(graphene.String), required=True)


class AdviceTocEntry(graphene.ObjectType):
    """A numbered reason, for a table of contents: ``#anchor`` links to it on the page."""

    number = graphene.Int(required=True)
    anchor = graphene.String(required=True)
    heading = graphene.String(required=True)


# Blocks. Each type's own fields resolve from the block's API representation.


class AdviceBlock(graphene.ObjectType):
    """Base of the package's block types (not itself in the schema)."""

    class Meta:
        abstract = True

    @staticmethod
    def resolve_raw_value(root, info):
        """The block's stored value: rich text source, or JSON for structured blocks."""
        value = root.block.get_prep_value(root.value)
        return value if isinstance(value, str) else json.dumps(value, cls=DjangoJSONEncoder)


def block_meta(description):
    return type(
        "Meta",
        (),
        {
            "interfaces": (StreamFieldInterface,),
            "default_resolver": api_value_resolver,
            "description": description,
        },
    )


class AdviceParagraphBlock(AdviceBlock):
    Meta = block_meta("Body text.")

    value = graphene.String(required=True, description="Display HTML.")

    @staticmethod
    def resolve_value(root, info):
        return api_value(root)


class AdviceHeadingBlock(AdviceBlock):
    Meta = block_meta("A section heading.")

    text = graphene.String(required=True)
    level = graphene.String(required=True, description="h2, h3 or h4.")
    anchor = graphene.String(required=True)


class AdviceImageBlock(AdviceBlock):
    Meta = block_meta("An image with alt text and a caption.")

    image = graphene.Field(AdviceImage)
    alt_text = graphene.String(required=True)
    caption = graphene.String(required=True)


class AdviceQuoteBlock(AdviceBlock):
    Meta = block_meta("A quotation.")

    text = graphene.String(required=True)
    attribution = graphene.String()


class AdviceEmbedBlock(AdviceBlock):
    Meta = block_meta("A video or post embedded from its URL.")

    url = graphene.String(required=True)


class AdviceListicleItem(graphene.ObjectType):
    """One reason, with the number and anchor its position gives it."""

    id = graphene.String(description="The reason's stable block id.")
    number = graphene.Int(required=True)
    anchor = graphene.String(required=True)
    heading = graphene.String(required=True)
    body = graphene.String(required=True, description="Display HTML.")
    image = graphene.Field(AdviceImage)
    caption = graphene.String(required=True)


class AdviceListicleBlock(AdviceBlock):
    Meta = block_meta("A numbered list of reasons, ascending or a countdown.")

    heading = graphene.String(required=True)
    intro = graphene.String(required=True, description="Display HTML.")
    direction = graphene.String(required=True, description="ascending or countdown.")
    start = graphene.Int()
    items = graphene.List(graphene.NonNull(AdviceListicleItem), required=True)


class AdviceFAQItem(graphene.ObjectType):
    id = graphene.String(description="The question's stable block id.")
    question = graphene.String(required=True)
    answer = graphene.String(required=True, description="Display HTML.")
    anchor = graphene.String(required=True)


class AdviceFAQBlock(AdviceBlock):
    Meta = block_meta("Questions and answers (also schema.org FAQPage data).")

    heading = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(AdviceFAQItem), required=True)


class AdviceAuthorBioBlock(AdviceBlock):
    Meta = block_meta("An author box.")

    author = graphene.Field(AdviceAuthor)


def block_types():
    """``{block class: GraphQL type}`` for grapple's StreamField registry."""
    from .. import blocks

    return {
        blocks.ParagraphBlock: AdviceParagraphBlock,
        blocks.HeadingBlock: AdviceHeadingBlock,
        blocks.CaptionedImageBlock: AdviceImageBlock,
        blocks.QuoteBlock: AdviceQuoteBlock,
        blocks.EmbedBlock: AdviceEmbedBlock,
        blocks.ListicleBlock: AdviceListicleBlock,
        blocks.FAQBlock: AdviceFAQBlock,
        blocks.AuthorBioBlock: AdviceAuthorBioBlock,
    }


BLOCK_TYPES = (
    AdviceParagraphBlock,
    AdviceHeadingBlock,
    AdviceImageBlock,
    AdviceQuoteBlock,
    AdviceEmbedBlock,
    AdviceListicleBlock,
    AdviceFAQBlock,
    AdviceAuthorBioBlock,
)
