"""Loose text between line breaks, and headings the HTML parser split from their text."""

from __future__ import annotations

from lxml import etree

from importers.pipeline.extract.blocks import linearise


def texts(html: str) -> list[str]:
    return [block.text for block in linearise(etree.HTML(html).find(".//div"), None, [])]


def test_two_line_breaks_in_loose_text_end_a_paragraph():
    html = "<div>First part of the post.<br><br>Second part.<br> <br>\n<b>Third</b> part.</div>"
    assert texts(html) == ["First part of the post.", "Second part.", "Third part."]


def test_one_line_break_stays_inside_the_paragraph():
    assert len(texts("<div>An address line<br>and the next line.</div>")) == 1


def test_breaks_inside_a_paragraph_element_are_its_own():
    assert len(texts("<div><p>A verse line.<br><br>Another verse line.</p></div>")) == 1


def test_a_heading_written_around_a_paragraph_stays_a_heading():
    # The parser closes <h2> at the <p>: the paragraph after the empty heading was its text.
    html = (
        "<div><h2><p>1. Water in the morning</p></h2>"
        "<p>Wet leaves overnight invite blight.</p></div>"
    )
    blocks = linearise(etree.HTML(html).find(".//div"), None, [])
    assert [(block.kind, block.level, block.text) for block in blocks] == [
        ("heading", 2, "1. Water in the morning"),
        ("text", 0, "Wet leaves overnight invite blight."),
    ]
