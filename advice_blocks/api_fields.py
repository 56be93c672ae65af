"""Serializer fields for the article's API v2 representation."""

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from .blocks.author import author_api_representation, author_api_summary
from .blocks.richtext import richtext_api_value


class FrontendRichTextField(serializers.Field):
    """Rich text as display HTML, with internal links and embeds resolved.

    On Wagtail 8 a request may name another format with ``?rich_text_format=`` (``html``,
    ``db_html``, ``markdown``, ``db_markdown``); see :mod:`advice_blocks.blocks.richtext`.
    """

    def to_representation(self, value):
        return richtext_api_value(value, self.context, features=self.features)

    @property
    def features(self):
        """The model field's rich-text features, which the Markdown formats keep to."""
        model = getattr(getattr(self.parent, "Meta", None), "model", None)
        try:
            return model._meta.get_field(self.source).features
        except (AttributeError, FieldDoesNotExist):
            return None


def is_listing(context) -> bool:
    """Whether the API request being answered is a listing (not one page's detail)."""
    view = (context or {}).get("view")
    return getattr(view, "action", None) == "listing_view"


def _author_representation(author, context):
    if is_listing(context):
        return author_api_summary(author)
    return author_api_representation(author, context=context)


class AuthorField(serializers.Field):
    """The article's author expanded: name, bio, photo renditions and links; in a
    listing, its summary (id, name, slug and role)."""

    def to_representation(self, value):
        return _author_representation(value, self.context)


class AuthorListField(serializers.Field):
    """The article's authors, in order, each shown like ``author``."""

    def get_attribute(self, instance):
        return instance.authors

    def to_representation(self, value):
        return [_author_representation(author, self.context) for author in value]


class ImageField(serializers.Field):
    """An image with its alt text and rendition URLs (``ADVICE_BLOCKS["API_RENDITIONS"]``)."""

    def to_representation(self, value):
        from .blocks.images import image_api_representation

        return image_api_representation(value)


class TagListField(serializers.Field):
    """Tag names, alphabetically."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class CategoryListField(serializers.Field):
    """Categories with their path from the outermost (``["Garden", "Compost"]``)."""

    def to_representation(self, value):
        return [
            {
                "id": category.pk,
                "name": category.name,
                "slug": category.slug,
                "path": [node.name for node in category.ancestry()],
            }
            for category in value.all()
        ]


class JSONLDField(serializers.Field):
    """The page's schema.org JSON-LD objects, as a list."""

    def to_representation(self, value):
        return value


def comment_api_representation(comment):
    """A public view of a comment: never its email or IP address.

    ``replies`` are those shown under it, as on the page: past ``COMMENT_THREAD_DEPTH``
    levels, replies to replies join the last level, so ``parent`` says which comment each
    one answers.
    """
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": comment.author_name,
        "url": comment.author_url,
        "date": comment.created_at.isoformat(),
        "paragraphs": comment.paragraphs,
        "replies": [comment_api_representation(reply) for reply in comment.thread_replies],
    }


class CommentThreadField(serializers.Field):
    """Approved comments as a thread (fetched in one query by the page)."""

    def to_representation(self, value):
        return [comment_api_representation(comment) for comment in value]
