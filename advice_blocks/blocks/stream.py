"""The article body: every block of the package under its public type name."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .author import AuthorBioBlock
from .content import CaptionedImageBlock, EmbedBlock, HeadingBlock, ParagraphBlock, QuoteBlock
from .faq import FAQBlock
from .listicle import ListicleBlock

__all__ = ["ArticleStreamBlock", "BLOCK_TYPES"]

#: The StreamField type names are public API: headless front ends switch on them.
BLOCK_TYPES = (
    "paragraph",
    "heading",
    "image",
    "quote",
    "embed",
    "listicle",
    "faq",
    "author_bio",
)


class ArticleStreamBlock(blocks.StreamBlock):
    """All blocks an advice article can hold, for use in your own page's StreamField."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    listicle = ListicleBlock()
    faq = FAQBlock()
    author_bio = AuthorBioBlock()

    class Meta:
        block_counts = {"author_bio": {"max_num": 1}}
        description = _("The body of an advice article.")


DECONSTRUCT_ALIASES = {ArticleStreamBlock: "advice_blocks.blocks.ArticleStreamBlock"}
