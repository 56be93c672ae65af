"""The plain blocks an article needs: paragraph, heading, image, quote, embed."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock

from advice_blocks import conf

from .images import OptionalImageChooserBlock, image_api_representation
from .richtext import ArticleRichTextBlock

__all__ = ["ParagraphBlock", "HeadingBlock", "CaptionedImageBlock", "QuoteBlock", "EmbedBlock"]


class ParagraphBlock(ArticleRichTextBlock):
    """Body text: paragraphs, lists, sub-headings and links."""

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or conf.get("PARAGRAPH_FEATURES"), **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "advice_blocks/blocks/paragraph.html"
        description = _("Body text with links, lists and sub-headings.")
        preview_value = (
            "<p>Short paragraphs read best on phones. Keep one idea to a paragraph and "
            "<b>bold</b> the phrase a skimming reader should catch.</p>"
        )


class HeadingStructValue(blocks.StructValue):
    @property
    def anchor(self):
        return slugify(self.get("text") or "")


class HeadingBlock(blocks.StructBlock):
    """A section heading; its level keeps the page outline in order."""

    text = blocks.CharBlock(max_length=255, label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Level")
    )

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        data["anchor"] = value.anchor
        return data

    class Meta:
        icon = "title"
        template = "advice_blocks/blocks/heading.html"
        value_class = HeadingStructValue
        label_format = "{text}"
        description = _("A section heading (H2 to H4).")
        preview_value = {"text": "Why small habits add up", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    """An image with the alt text screen readers need and an optional visible caption."""

    image = OptionalImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Alt text"),
        help_text=_(
            "Describe the image for people who cannot see it; "
            "leave empty to use the image's default."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=500, label=_("Caption"))

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value.get("image"), value.get("alt_text")),
            "alt_text": value.get("alt_text") or "",
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "image"
        template = "advice_blocks/blocks/image.html"
        label_format = "{caption}"
        description = _("An image with alt text and a caption.")
        preview_value = {"image": None, "alt_text": "", "caption": "A caption under the image"}


class QuoteBlock(blocks.StructBlock):
    """A pull quote or citation."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=255, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "advice_blocks/blocks/quote.html"
        label_format = "{text}"
        description = _("A quotation with an optional attribution.")
        preview_value = {
            "text": "The best time to start was yesterday. The next best time is now.",
            "attribution": "A patient gardener",
        }


class EmbedBlock(WagtailEmbedBlock):
    """A video or post embedded from its URL (oEmbed)."""

    def get_api_representation(self, value, context=None):
        return {"url": value.url if value else ""}

    class Meta:
        icon = "media"
        template = "advice_blocks/blocks/embed.html"
        description = _("A video or social post, embedded from its URL.")
        preview_value = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


DECONSTRUCT_ALIASES = {
    cls: f"advice_blocks.blocks.{cls.__name__}"
    for cls in (ParagraphBlock, HeadingBlock, CaptionedImageBlock, QuoteBlock, EmbedBlock)
}
