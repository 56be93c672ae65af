"""Loose text between line breaks: two breaks end a paragraph, one does not."""

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
