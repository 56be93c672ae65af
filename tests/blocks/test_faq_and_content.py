"""FAQ, heading, quote and author-bio blocks, without the database."""

import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from advice_blocks.blocks import (
    BLOCK_TYPES,
    ArticleStreamBlock,
    FAQBlock,
    HeadingBlock,
    QuoteBlock,
)


def faq_value(*questions, heading="Frequently asked questions"):
    return FAQBlock().to_python(
        {
            "heading": heading,
            "items": [{"question": q, "answer": f"<p>Answer to {q}</p>"} for q in questions],
        }
    )


class TestFAQ:
    def test_heading_defaults_to_frequently_asked_questions(self):
        assert (
            str(FAQBlock().child_blocks["heading"].get_default()) == "Frequently asked questions"
        )

    def test_repeated_question_is_a_validation_error_on_the_repeat(self):
        value = faq_value("Does it work?", "How long?", "  does it WORK ")
        with pytest.raises(ValidationError) as error:
            FAQBlock().clean(value)
        item_errors = error.value.block_errors["items"].block_errors
        assert list(item_errors) == [2]
        message = str(item_errors[2].block_errors["question"])
        assert "repeats question 1" in message and "does it WORK" in message

    def test_needs_at_least_one_question(self):
        with pytest.raises(ValidationError) as error:
            FAQBlock().clean(faq_value())
        assert "items" in error.value.block_errors

    def test_distinct_questions_are_valid(self):
        value = FAQBlock().clean(faq_value("One?", "Two?"))
        assert [item["question"] for item in value["items"]] == ["One?", "Two?"]

    def test_api_gives_question_answer_html_and_anchor(self):
        value = faq_value("Can I start at 60?")
        data = FAQBlock().get_api_representation(value)
        ids = [item.pop("id") for item in data["items"]]
        assert ids == [child.id for child in value["items"].bound_blocks]
        assert data["items"] == [
            {
                "question": "Can I start at 60?",
                "answer": "<p>Answer to Can I start at 60?</p>",
                "anchor": "faq-can-i-start-at-60",
            }
        ]

    def test_template_has_heading_and_questions_in_order(self):
        root = lxml_html.fragment_fromstring(
            FAQBlock().render(faq_value("A?", "B?")), create_parent="div"
        )
        assert root.xpath("string(//h2)") == "Frequently asked questions"
        assert root.xpath("//h3/text()") == ["A?", "B?"]


class TestContentBlocks:
    def test_heading_renders_its_level_with_an_anchor(self):
        value = HeadingBlock().to_python({"text": "Final thoughts", "level": "h3"})
        assert HeadingBlock().render(value).strip() == (
            '<h3 id="final-thoughts" class="block-heading">Final thoughts</h3>'
        )
        assert HeadingBlock().get_api_representation(value) == {
            "text": "Final thoughts",
            "level": "h3",
            "anchor": "final-thoughts",
        }

    def test_quote_renders_blockquote_with_attribution(self):
        value = QuoteBlock().to_python({"text": "Less, but better.", "attribution": "A designer"})
        root = lxml_html.fragment_fromstring(QuoteBlock().render(value), create_parent="div")
        assert root.xpath("string(//blockquote)").strip() == "Less, but better."
        assert "A designer" in root.xpath("string(//figcaption)")

    def test_stream_block_type_names_are_the_public_ones(self):
        assert tuple(ArticleStreamBlock().child_blocks) == BLOCK_TYPES

    def test_every_block_has_icon_template_description_and_preview(self):
        for name, block in ArticleStreamBlock().child_blocks.items():
            assert block.meta.icon, name
            assert block.meta.template.startswith("advice_blocks/blocks/"), name
            assert block.meta.description, name
            assert block.meta.preview_value is not None, name

    def test_blocks_deconstruct_to_the_public_module(self):
        """Field-like blocks name ``advice_blocks.blocks`` in migrations; Wagtail always
        inlines StructBlocks as plain ``wagtail.blocks.StructBlock`` definitions."""
        paths = {
            name: block.deconstruct()[0]
            for name, block in ArticleStreamBlock().child_blocks.items()
        }
        assert paths["paragraph"] == "advice_blocks.blocks.ParagraphBlock"
        assert paths["embed"] == "advice_blocks.blocks.EmbedBlock"
        assert paths["listicle"] == "wagtail.blocks.StructBlock"
