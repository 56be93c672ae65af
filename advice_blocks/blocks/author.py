"""The author box: an ``Author`` snippet, optionally with a bio written for one page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..prefetch import PreloadableChooserMixin
from .richtext import ArticleRichTextBlock, richtext_api_value

__all__ = [
    "AuthorBioBlock",
    "AuthorChooserBlock",
    "author_api_representation",
    "author_api_summary",
]


class AuthorChooserBlock(PreloadableChooserMixin, SnippetChooserBlock):
    """Wagtail's snippet chooser, able to use authors preloaded by ``prefetch_articles``."""


def author_api_representation(author, bio_override="", context=None):
    """Describe an ``Author`` for front ends: name, bio, photo renditions and links.

    The bio is display HTML, or the ``?rich_text_format=`` the request in ``context``
    names (Wagtail 8).
    """
    from .images import image_api_representation

    if author is None:
        return None
    bio_features = author._meta.get_field("bio").features
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": richtext_api_value(bio_override or author.bio, context, features=bio_features),
        "photo": image_api_representation(author.photo, alt_text=author.name),
        "website": author.website,
        "links": [
            {"label": link.value.get("label") or "", "url": link.value.get("url") or ""}
            for link in author.links
        ],
    }


def author_api_summary(author):
    """An ``Author`` as a listing of articles shows it: who, and where their page is.

    A byline in a list of fifty articles needs no bio, photo renditions or links; leaving
    them out keeps a listing to one query for every page's authors (no photo or rendition
    queries) and to a fifth of the bytes. The article's detail has the whole author.
    """
    if author is None:
        return None
    return {"id": author.pk, "name": author.name, "slug": author.slug, "role": author.role}


class AuthorBioBlock(blocks.StructBlock):
    """Who wrote the article, with their photo, bio and profile links."""

    author = AuthorChooserBlock("advice_blocks.Author", label=_("Author"))
    bio_override = ArticleRichTextBlock(
        features=["bold", "italic", "link"],
        required=False,
        label=_("Bio for this page"),
        help_text=_("Leave empty to show the author's usual bio."),
    )

    def get_api_representation(self, value, context=None):
        data = author_api_representation(value.get("author"), context=context)
        override = value.get("bio_override")
        if data is not None and override and override.source:
            # The bio written for this page, in the block's own features and format.
            data["bio"] = self.child_blocks["bio_override"].get_api_representation(
                override, context=context
            )
        return {"author": data}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        override = value.get("bio_override")
        context["bio"] = override if override and override.source else None
        return context

    class Meta:
        icon = "user"
        template = "advice_blocks/blocks/author_bio.html"
        label_format = "{author}"
        description = _("An author box with photo, bio and profile links.")
        preview_value = {"author": None, "bio_override": "<p>Writes about habits and health.</p>"}


# Migrations record Wagtail's chooser: the subclass changes no stored data.
DECONSTRUCT_ALIASES = {
    AuthorBioBlock: "advice_blocks.blocks.AuthorBioBlock",
    AuthorChooserBlock: "wagtail.snippets.blocks.SnippetChooserBlock",
}
