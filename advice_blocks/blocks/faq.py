"""Frequently asked questions: a heading and question/answer pairs."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .richtext import ItemRichTextBlock

__all__ = ["QuestionBlock", "FAQBlock", "normalise_question"]

DEFAULT_HEADING = _("Frequently asked questions")


def normalise_question(text):
    """Fold case, spacing and trailing punctuation so near-identical questions compare equal."""
    return " ".join((text or "").casefold().split()).rstrip("?!. ")


class QuestionStructValue(blocks.StructValue):
    @property
    def anchor(self):
        return "faq-" + (slugify(self.get("question") or "")[:60] or "question")


class QuestionBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(max_length=255, label=_("Question"))
    answer = ItemRichTextBlock(label=_("Answer"))

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        data["anchor"] = value.anchor
        return data

    class Meta:
        icon = "help"
        template = "advice_blocks/blocks/question.html"
        value_class = QuestionStructValue
        label_format = "{question}"
        description = _("One question and its answer.")
        preview_value = {
            "question": "How long until I see a difference?",
            "answer": "<p>Most people notice a change within two weeks.</p>",
        }


class FAQBlock(blocks.StructBlock):
    """Questions and answers, also published as schema.org FAQPage data."""

    heading = blocks.CharBlock(max_length=255, default=DEFAULT_HEADING, label=_("Heading"))
    items = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        seen = {}
        item_errors = {}
        for index, item in enumerate(value.get("items") or []):
            key = normalise_question(item.get("question"))
            if not key:
                continue
            if key in seen:
                item_errors[index] = ValidationError(
                    _('This question repeats question %(number)d ("%(question)s").')
                    % {"number": seen[key] + 1, "question": item.get("question")}
                )
            else:
                seen[key] = index
        if item_errors:
            raise StructBlockValidationError(
                block_errors={
                    "items": ListBlockValidationError(
                        block_errors={
                            index: StructBlockValidationError(
                                block_errors={"question": ErrorList([error])}
                            )
                            for index, error in item_errors.items()
                        }
                    )
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        """Wagtail's representation, with each question's stored ``id`` (as reasons have)."""
        data = super().get_api_representation(value, context=context)
        items = value.get("items") or []
        bound = getattr(items, "bound_blocks", None) or []
        for item, child in zip(data.get("items") or [], bound, strict=False):
            item["id"] = child.id
        return data

    class Meta:
        icon = "help"
        template = "advice_blocks/blocks/faq.html"
        label_format = "{heading}"
        description = _("Questions and answers, marked up for search engines as an FAQ.")
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {"question": "Is it too late to start?", "answer": "<p>No. Start small.</p>"},
                {"question": "How often should I do it?", "answer": "<p>Three times a week.</p>"},
            ],
        }


DECONSTRUCT_ALIASES = {
    QuestionBlock: "advice_blocks.blocks.QuestionBlock",
    FAQBlock: "advice_blocks.blocks.FAQBlock",
}
