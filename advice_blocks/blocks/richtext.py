"""Rich text that speaks front-end HTML in the API.

Wagtail's ``RichTextBlock`` serialises its database format (``<a linktype="page" id="3">``)
unless the site opts into another format. Headless front ends cannot resolve those
references, so our blocks return display HTML by default; a request that names
``?rich_text_format=`` on Wagtail 8 still gets Wagtail's own negotiation.
"""

from wagtail import blocks
from wagtail.rich_text import expand_db_html

from advice_blocks import conf

__all__ = ["ArticleRichTextBlock", "ItemRichTextBlock", "richtext_api_html"]


def richtext_api_html(source):
    """Return display HTML for a rich-text database string (or ``""``)."""
    return expand_db_html(source) if source else ""


class ArticleRichTextBlock(blocks.RichTextBlock):
    """A ``RichTextBlock`` whose API representation is display HTML."""

    def get_api_representation(self, value, context=None):
        request = context.get("request") if context else None
        if request is not None and request.GET.get("rich_text_format"):
            return super().get_api_representation(value, context=context)
        return richtext_api_html(value.source if value is not None else "")


class ItemRichTextBlock(ArticleRichTextBlock):
    """Rich text for a reason, an answer or an intro: ``ADVICE_BLOCKS["ITEM_FEATURES"]``.

    The features are looked up when the block is built rather than passed in, so they stay
    out of migrations and a site can change them without a new migration.
    """

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or conf.get("ITEM_FEATURES"), **kwargs)


DECONSTRUCT_ALIASES = {
    ArticleRichTextBlock: "advice_blocks.blocks.ArticleRichTextBlock",
    ItemRichTextBlock: "advice_blocks.blocks.ItemRichTextBlock",
}
