"""Listicle numbering, validation, API and HTML; none of it needs the database."""

import json

import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from advice_blocks.blocks import ListicleBlock, ReasonBlock, item_numbers


def listicle_value(headings=("Alpha", "Beta", "Gamma"), direction="ascending", start=None, **kw):
    return ListicleBlock().to_python(
        {
            "heading": kw.get("heading", "Three reasons"),
            "intro": "",
            "direction": direction,
            "start": start,
            "anchor_prefix": kw.get("anchor_prefix", ""),
            "items": [
                {"heading": h, "body": f"<p>About {h}.</p>", "image": None, "caption": ""}
                for h in headings
            ],
        }
    )


def draftail(text):
    """What the Draftail editor posts for a one-paragraph rich-text field."""
    blocks = (
        [
            {
                "key": "a",
                "text": text,
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ]
        if text
        else []
    )
    return json.dumps({"blocks": blocks, "entityMap": {}})


def numbers(value):
    return [(item.number, item.heading) for item in value.numbered_items()]


class TestNumbering:
    def test_ascending_counts_up_from_one(self):
        assert numbers(listicle_value()) == [(1, "Alpha"), (2, "Beta"), (3, "Gamma")]

    def test_countdown_counts_down_to_one_by_default(self):
        assert numbers(listicle_value(direction="countdown")) == [
            (3, "Alpha"),
            (2, "Beta"),
            (1, "Gamma"),
        ]

    def test_custom_start_ascending(self):
        assert [n for n, _ in numbers(listicle_value(start=5))] == [5, 6, 7]

    def test_custom_start_countdown(self):
        assert [n for n, _ in numbers(listicle_value(direction="countdown", start=10))] == [
            10,
            9,
            8,
        ]

    def test_start_zero_is_kept_not_treated_as_missing(self):
        assert item_numbers(2, start=0) == [0, 1]

    def test_anchors_follow_numbers_and_prefix(self):
        value = listicle_value(anchor_prefix="Packing Tips")
        assert [item.anchor for item in value.numbered_items()] == [
            "packing-tips-1",
            "packing-tips-2",
            "packing-tips-3",
        ]
        assert [item.anchor for item in listicle_value().numbered_items()][2] == "reason-3"

    def test_reordering_in_the_editor_renumbers(self):
        """Moving the third item to the top through the admin form renumbers every item."""
        block = ListicleBlock()
        prefix = "body"
        data = {
            f"{prefix}-heading": "Three reasons",
            f"{prefix}-intro": draftail(""),
            f"{prefix}-direction": "ascending",
            f"{prefix}-start": "",
            f"{prefix}-anchor_prefix": "",
            f"{prefix}-items-count": "3",
        }
        for index, (heading, order) in enumerate([("Alpha", 1), ("Beta", 2), ("Gamma", 0)]):
            item = f"{prefix}-items-{index}"
            data.update(
                {
                    f"{item}-deleted": "",
                    f"{item}-order": str(order),
                    f"{item}-id": f"id-{heading}",
                    f"{item}-value-heading": heading,
                    f"{item}-value-body": draftail(heading),
                    f"{item}-value-image": "",
                    f"{item}-value-caption": "",
                }
            )
        value = block.clean(block.value_from_datadict(data, {}, prefix))
        assert numbers(value) == [(1, "Gamma"), (2, "Alpha"), (3, "Beta")]
        assert [item.anchor for item in value.numbered_items()] == [
            "reason-1",
            "reason-2",
            "reason-3",
        ]


class TestValidation:
    def test_a_listicle_needs_at_least_one_reason(self):
        with pytest.raises(ValidationError) as error:
            ListicleBlock().clean(listicle_value(headings=()))
        assert "items" in error.value.block_errors

    def test_a_reason_needs_a_heading(self):
        with pytest.raises(ValidationError) as error:
            ListicleBlock().clean(listicle_value(headings=("Alpha", "")))
        item_errors = error.value.block_errors["items"].block_errors
        assert list(item_errors) == [1]
        assert "heading" in item_errors[1].block_errors

    def test_countdown_must_not_count_below_one(self):
        with pytest.raises(ValidationError) as error:
            ListicleBlock().clean(listicle_value(direction="countdown", start=2))
        message = str(error.value.block_errors["start"])
        assert "countdown of 3 items must start at 3" in message

    def test_valid_listicle_is_returned_clean(self):
        value = ListicleBlock().clean(listicle_value())
        assert numbers(value)[0] == (1, "Alpha")

    def test_drafts_defer_the_countdown_check(self):
        block = ListicleBlock()
        value = block.clean_deferred(listicle_value(direction="countdown", start=1))
        assert value["start"] == 1


class TestAPIRepresentation:
    def test_items_carry_number_and_anchor(self):
        value = listicle_value(direction="countdown")
        data = ListicleBlock().get_api_representation(value)
        assert data["heading"] == "Three reasons"
        assert data["direction"] == "countdown"
        assert [(i["number"], i["anchor"], i["heading"]) for i in data["items"]] == [
            (3, "reason-3", "Alpha"),
            (2, "reason-2", "Beta"),
            (1, "reason-1", "Gamma"),
        ]
        assert data["items"][0]["body"] == "<p>About Alpha.</p>"
        assert data["items"][0]["image"] is None

    def test_reason_body_is_front_end_html(self):
        value = ReasonBlock().to_python(
            {
                "heading": "Go",
                "body": '<p><a href="https://example.com/x">x</a></p>',
                "image": None,
                "caption": "",
            }
        )
        data = ReasonBlock().get_api_representation(value)
        assert data["body"] == '<p><a href="https://example.com/x">x</a></p>'


class TestTemplate:
    def render(self, value):
        return lxml_html.fragment_fromstring(ListicleBlock().render(value), create_parent="div")

    def test_renders_an_ordered_list_with_numbers_and_anchors(self):
        root = self.render(listicle_value())
        items = root.xpath("//ol[contains(@class,'listicle__items')]/li")
        assert [li.get("id") for li in items] == ["reason-1", "reason-2", "reason-3"]
        assert [li.get("value") for li in items] == ["1", "2", "3"]
        # The number is the marker of <li value>, once: not repeated in the heading text.
        assert [" ".join(li.xpath("string(.//h3)").split()) for li in items] == [
            "Alpha",
            "Beta",
            "Gamma",
        ]
        assert not any(li.text_content().strip()[:1].isdigit() for li in items)

    def test_countdown_is_a_reversed_list(self):
        root = self.render(listicle_value(direction="countdown"))
        ol = root.xpath("//ol")[0]
        assert ol.get("reversed") is not None
        assert [li.get("value") for li in ol.xpath("li")] == ["3", "2", "1"]

    def test_heading_is_h2_and_reasons_h3(self):
        root = self.render(listicle_value(heading="Why it works"))
        assert root.xpath("string(//h2)") == "Why it works"
        assert len(root.xpath("//li/h3")) == 3

    def test_text_is_escaped(self):
        root = self.render(
            listicle_value(heading="<b>x</b>", headings=("<script>alert(1)</script>",))
        )
        assert not root.xpath("//h3//script") and not root.xpath("//h2//b")
        assert "<script>alert(1)</script>" in root.xpath("string(//h3)")
