"""Numbered lists of reasons or tips ("10 reasons why…").

Numbers are never typed by editors: they come from an item's position, the list's direction
(ascending, or a countdown) and its start number, so reordering items renumbers them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter, StructBlockValidationError

from .images import OptionalImageChooserBlock, image_api_representation
from .richtext import ItemRichTextBlock

__all__ = ["ReasonBlock", "ListicleBlock", "ListicleValue", "NumberedItem", "item_numbers"]

ASCENDING = "ascending"
COUNTDOWN = "countdown"
DEFAULT_ANCHOR_PREFIX = "reason"


def item_numbers(count, direction=ASCENDING, start=None):
    """Return the displayed numbers for ``count`` items.

    An ascending list starts at ``start`` (default 1). A countdown starts at ``start``
    (default ``count``, so "10 → 1") and counts down, stopping at whatever it reaches.
    """
    if direction == COUNTDOWN:
        first = count if start is None else start
        return [first - index for index in range(count)]
    first = 1 if start is None else start
    return [first + index for index in range(count)]


class NumberedItem:
    """A reason together with the number and anchor its position gives it."""

    __slots__ = ("value", "number", "anchor", "block_id")

    def __init__(self, value, number, anchor, block_id=None):
        self.value = value
        self.number = number
        self.anchor = anchor
        self.block_id = block_id

    @property
    def heading(self):
        return self.value.get("heading", "")

    def __repr__(self):
        return f"<NumberedItem {self.number}. {self.heading!r}>"


class ListicleValue(blocks.StructValue):
    @property
    def anchor_prefix(self):
        return slugify(self.get("anchor_prefix") or "") or DEFAULT_ANCHOR_PREFIX

    def numbered_items(self):
        """The items in order, each with its computed ``number`` and ``anchor``."""
        items = self.get("items") or []
        bound = getattr(items, "bound_blocks", None)
        values = [child.value for child in bound] if bound is not None else list(items)
        ids = [child.id for child in bound] if bound is not None else [None] * len(values)
        start = self.get("start")
        # Unsaved form data carries the start as text; "" means "not set".
        start = None if start in (None, "") else int(start)
        numbers = item_numbers(len(values), self.get("direction") or ASCENDING, start)
        prefix = self.anchor_prefix
        return [
            NumberedItem(value, number, f"{prefix}-{number}", block_id)
            for value, number, block_id in zip(values, numbers, ids, strict=True)
        ]


class ReasonBlock(blocks.StructBlock):
    """One reason or tip: a heading, its explanation and an optional illustration."""

    heading = blocks.CharBlock(max_length=255, label=_("Heading"))
    # Optional: some lists are headings only, or a heading and a picture.
    body = ItemRichTextBlock(
        required=False, label=_("Body"), help_text=_("Why this reason matters.")
    )
    image = OptionalImageChooserBlock(required=False, label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=500, label=_("Image caption"))

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading", ""),
            "body": self.child_blocks["body"].get_api_representation(
                value.get("body"), context=context
            ),
            "image": image_api_representation(value.get("image")),
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "list-ol"
        template = "advice_blocks/blocks/reason.html"
        label_format = "{heading}"
        description = _("One numbered reason or tip.")
        preview_value = {
            "heading": "You will sleep better",
            "body": "<p>A short walk after dinner helps you wind down.</p>",
        }


class ReasonBlockAdapter(StructBlockAdapter):
    """Prefixes collapsed reasons in the editor with their number ("3. …")."""

    js_constructor = "advice_blocks.blocks.ReasonBlock"

    @cached_property
    def media(self):
        base = super().media
        return forms.Media(js=[*base._js, "advice_blocks/js/reason-block.js"], css=base._css)


register(ReasonBlockAdapter(), ReasonBlock)


class ListicleBlock(blocks.StructBlock):
    """A numbered list of reasons or tips, ascending or as a countdown."""

    heading = blocks.CharBlock(
        max_length=255,
        label=_("Heading"),
        help_text=_('For example "10 reasons why walking away works".'),
    )
    intro = ItemRichTextBlock(required=False, label=_("Introduction"))
    direction = blocks.ChoiceBlock(
        choices=[(ASCENDING, _("Ascending (1, 2, 3…)")), (COUNTDOWN, _("Countdown (…3, 2, 1)"))],
        default=ASCENDING,
        label=_("Numbering"),
    )
    start = blocks.IntegerBlock(
        required=False,
        min_value=0,
        label=_("Start number"),
        help_text=_("Leave empty to start at 1, or at the number of items for a countdown."),
    )
    anchor_prefix = blocks.CharBlock(
        required=False,
        max_length=40,
        label=_("Anchor prefix"),
        help_text=_(
            'Items link as "#reason-3" by default; give a second list on the same page '
            "its own prefix."
        ),
    )
    items = blocks.ListBlock(ReasonBlock(), min_num=1, label=_("Reasons"))

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        count = len(value.get("items") or [])
        start = value.get("start")
        if value.get("direction") == COUNTDOWN and start is not None and start < count:
            raise StructBlockValidationError(
                block_errors={
                    "start": ErrorList(
                        [
                            ValidationError(
                                _(
                                    "A countdown of %(count)d items must start at %(count)d "
                                    "or higher, or it would count below 1."
                                )
                                % {"count": count}
                            )
                        ]
                    )
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        reason_block = self.child_blocks["items"].child_block
        return {
            "heading": value.get("heading", ""),
            "intro": self.child_blocks["intro"].get_api_representation(
                value.get("intro"), context=context
            ),
            "direction": value.get("direction") or ASCENDING,
            "start": value.get("start"),
            "items": [
                {
                    "id": item.block_id,
                    "number": item.number,
                    "anchor": item.anchor,
                    **reason_block.get_api_representation(item.value, context=context),
                }
                for item in value.numbered_items()
            ],
        }

    class Meta:
        icon = "list-ol"
        template = "advice_blocks/blocks/listicle.html"
        value_class = ListicleValue
        label_format = "{heading}"
        description = _('A numbered list of reasons or tips, e.g. "7 ways to sleep better".')
        preview_value = {
            "heading": "3 reasons to take the stairs",
            "direction": ASCENDING,
            "items": [
                {"heading": "It is free exercise", "body": "<p>No gym membership needed.</p>"},
                {"heading": "It is often faster", "body": "<p>Lifts keep you waiting.</p>"},
                {"heading": "It wakes you up", "body": "<p>Two floors beat a coffee.</p>"},
            ],
        }


DECONSTRUCT_ALIASES = {
    ReasonBlock: "advice_blocks.blocks.ReasonBlock",
    ListicleBlock: "advice_blocks.blocks.ListicleBlock",
}
