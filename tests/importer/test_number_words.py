"""Headings numbered in words or Roman numerals (issue 11)."""

import pytest

from importers.pipeline.extract.listicle import _roman_value, _word_number


@pytest.mark.parametrize(
    ("text", "number", "label"),
    [
        ("Reason Two: Small Businesses Post From Here", 2, "Small Businesses Post From Here"),
        ("One: Lay Everything Out", 1, "Lay Everything Out"),
        ("Tip three – Go slower", 3, "Go slower"),
        ("IV. Hide Something", 4, "Hide Something"),
        ("XII) The last one", 12, "The last one"),
        ("First: Sow Early", 1, "Sow Early"),
        ("Third. Water at Dawn", 3, "Water at Dawn"),
        ("Twelfth – Net the Fruit", 12, "Net the Fruit"),
    ],
)
def test_numbered_in_words(text, number, label):
    parsed = _word_number(text)
    assert parsed is not None
    assert parsed[:2] == (number, label)


@pytest.mark.parametrize(
    "text",
    [
        "One-Pot Lemon Orzo",
        "One Thing I Learned",
        "Two Weeks in Lisbon",
        "X-Ray Vision",
        "IIII. Not a numeral",
        "Iv. mixed case",
        "Vitamins: what to take",
        "One:",
        "First Things First",
        "First-Time Buyers",
        "Second Helpings of Soup",
    ],
)
def test_not_numbered_in_words(text):
    assert _word_number(text) is None


def test_roman_values():
    assert [_roman_value(n) for n in ("I", "IX", "XIV", "XL", "L")] == [1, 9, 14, 40, 50]
    assert _roman_value("VX") is None
    assert _roman_value("IIII") is None
