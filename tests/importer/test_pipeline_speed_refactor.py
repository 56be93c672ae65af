"""Behaviour kept by the speed work on reading and parsing: characters XML refuses still go,
wherever they sit, and non-ASCII text parses the same from the UTF-8 the parser is given."""

import pytest

from importers.pipeline.parse import parse_html, text_of
from importers.pipeline.read import decode_html

PAGE = "<html><body><p>{}</p></body></html>"


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        ("a\x0cb", "ab"),  # a form feed alone: not a control byte to the binary check
        ("a\x01b", "ab"),
        ("a\ufffeb\uffffc", "abc"),
        ("caf\u00e9 \ufffd", "caf\u00e9 \ufffd"),  # the replacement character is kept
    ],
)
def test_xml_incompatible_characters_are_dropped(inside, expected):
    """Characters XML refuses are dropped from UTF-8 pages; others are kept."""
    words = "words " * 50  # a page of control characters is binary, not text
    text = decode_html(PAGE.format(words + inside).encode("utf-8"), "t.html")
    assert text == PAGE.format(words + expected)


def test_control_byte_beyond_the_binary_sample_is_dropped():
    """A stray control byte far into a long page goes too."""
    filler = "word " * 60_000
    text = decode_html(PAGE.format(filler + "x\x02y").encode("utf-8"), "t.html")
    assert text.endswith("xy</p></body></html>")


@pytest.mark.parametrize(
    "words", ["caf\u00e9 na\u00efve", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600 ok"]
)
def test_non_ascii_text_parses_unchanged(words):
    """Text in any script reaches the tree as written."""
    root = parse_html(PAGE.format(words), "t.html")
    assert text_of(root.find(".//p")) == words
