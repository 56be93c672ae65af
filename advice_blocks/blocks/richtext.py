"""Rich text that speaks front-end HTML in the API.

Wagtail's ``RichTextBlock`` serialises its database format (``<a linktype="page" id="3">``)
unless the site opts into another format. Headless front ends cannot resolve those
references, so our rich text (blocks, the intro and author bios) is display HTML by default.

Wagtail 8 lets a request choose the format with ``?rich_text_format=``: ``html``,
``db_html``, ``markdown`` or ``db_markdown`` (``wagtail.api.rich_text.APIRichText``). Our
rich text honours the parameter with Wagtail's own converters, so a front end that asks for
Markdown gets it from every field. Without the parameter it stays display HTML, whatever
``WAGTAILAPI_RICH_TEXT_FORMAT`` says: that setting defaults to ``db_html``, the one format a
front end cannot use, and our default is part of the package's API. Wagtail 7.4 has no
such parameter (its detail view ignores it, its listing refuses it), so there it is HTML.
"""

from wagtail import blocks
from wagtail.rich_text import expand_db_html

from advice_blocks import conf

try:
    from wagtail.api.rich_text import APIRichText
except ImportError:  # Wagtail 7.4: no rich_text_format parameter.
    APIRichText = None

__all__ = [
    "ArticleRichTextBlock",
    "ItemRichTextBlock",
    "requested_rich_text_format",
    "richtext_api_html",
    "richtext_api_value",
]

#: The query parameter Wagtail 8 reads the rich text output format from.
RICH_TEXT_FORMAT_PARAMETER = "rich_text_format"


def richtext_api_html(source):
    """Return display HTML for a rich-text database string (or ``""``)."""
    return expand_db_html(source) if source else ""


def requested_rich_text_format(context):
    """The output format the request in ``context`` names, or ``None`` if it names none.

    Validated as Wagtail validates it: an unknown format raises Wagtail's
    ``RichTextFormatError``. Requests through the API views never get that far, because
    Wagtail's view answers 400 first. Always ``None`` on Wagtail 7.4.
    """
    request = context.get("request") if context and APIRichText is not None else None
    if request is None:
        return None
    requested = request.GET.get(RICH_TEXT_FORMAT_PARAMETER)
    if requested is None:
        return None
    return APIRichText.resolve_format(requested)


def richtext_api_value(source, context=None, features=None):
    """Rich text for the API: display HTML, or the format the request names.

    ``features`` are those of the field or block the text comes from; the Markdown formats
    convert through Draft.js ContentState and keep only what the features allow.
    """
    rich_text_format = requested_rich_text_format(context)
    if rich_text_format is None:
        return richtext_api_html(source)
    if not source:
        return ""
    return APIRichText.serialize(source, format=rich_text_format, features=features)


class ArticleRichTextBlock(blocks.RichTextBlock):
    """A ``RichTextBlock`` whose API representation is display HTML unless a request
    names another format."""

    def get_api_representation(self, value, context=None):
        source = value.source if value is not None else ""
        return richtext_api_value(source, context, features=self.features)


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
