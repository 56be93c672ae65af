"""The shortcuts taken for speed give the same results as the general code they bypass."""

from __future__ import annotations

import datetime
import re

import pytest
from dateutil import parser as date_parser
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.errors import SourceReadError
from importers.pipeline.extract.comments import extract_comments
from importers.pipeline.extract.metadata import parse_date
from importers.pipeline.parse import (
    PageIndex,
    _has_huge_tag,
    normalise_space,
    parse_html,
    raw_text,
)
from importers.pipeline.read import decode_html
from importers.pipeline.richtext import sanitise


def dateutil_only(value: str | None) -> datetime.date | None:
    """``parse_date`` as it was before the plain-date shortcut: dateutil for everything."""
    if not value:
        return None
    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", normalise_space(str(value)))
    try:
        parsed = date_parser.isoparse(value)
    except (ValueError, OverflowError):
        try:
            parsed = date_parser.parse(value, fuzzy=True, default=datetime.datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.date() if 1990 <= parsed.year <= 2100 else None


BYLINES = [
    "June 8, 2022",
    "8 June 2022",
    "Jan. 5, 2021",
    "Sept 3, 2019",
    "November 6th, 2025",
    "Danielle2022-07-14",
    "Rosa M.2022-08-02",
    "Kellie says: November 26, 2019 at 12:34 pm",
    "Tomasz Wierzba 8 March 2022 at 7:55 am",
    "YHMAG Edit@r says: October 19, 2020 at 9:55 am",
    "Ping2world says: July 18, 2012 at 6:48 am",
    "October 30, 20198:23 am -",
    "nNovember 20, 2007",
    "Jun 23rd at 8:55 am",
    "Sara says: May 8, 2020, you may reply",
    "July 12 1999 at 9:05 - ago",
    "Aug 31, 2024 pm",
    "m2024-02-04",
    "Feb 30, 2020",
    "Monday, June 8, 2022",
    "2021-03-11T08:00:00+00:00",
    "Posted on March 3, 2022 by Bob",
    "Updated: 12 Dec 2021, 14:05",
]


@pytest.mark.parametrize("value", BYLINES)
def test_plain_dates_match_dateutil(value):
    """Dates read without dateutil are the dates dateutil reads (quirks included)."""
    assert parse_date(value) == dateutil_only(value)


WORDS = ["Sara", "says:", "at", "on", "by", "the", "a", "p", "m", "-", "|", "(", ",", "may"]
WORDS += ["Monday", "UTC", "9:05", "10:15 pm", "ago", "T", "Edit@r", "March", "Ping2world"]
MONTHS = ["January", "Feb", "Mar.", "april", "MAY", "Sept", "oct", "Nov.", "Marchy"]


# dateutil warns about upper-case words it takes for time zones ("MAY" after a time).
@pytest.mark.filterwarnings("ignore::dateutil.parser.UnknownTimezoneWarning")
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=3),
    st.sampled_from(["iso", "month-first", "day-first"]),
    st.integers(1985, 2105),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(MONTHS),
    st.lists(st.sampled_from(WORDS), max_size=3),
    st.sampled_from(["", " ", ", "]),
)
def test_plain_dates_match_dateutil_in_any_byline(
    before, form, year, month, day, name, after, glue
):
    core = {
        "iso": f"{year}-{month:02d}-{day:02d}",
        "month-first": f"{name} {day}, {year}",
        "day-first": f"{day} {name} {year}",
    }[form]
    value = f"{' '.join(before)}{glue}{core} {' '.join(after)}".strip()
    assert parse_date(value) == dateutil_only(value)


def test_control_characters_after_valid_utf8_are_still_binary():
    """The byte-level shortcut only skips the text scan when no control byte is present."""
    data = b"<html><body><p>" + bytes(range(1, 9)) * 2000 + b"</p></body></html>"
    with pytest.raises(SourceReadError, match="binary data"):
        decode_html(data, "noise.html")


def test_text_without_control_characters_decodes():
    assert (
        decode_html("<p>caf\u00e9 \u2013 ok</p>".encode(), "a.html")
        == "<p>caf\u00e9 \u2013 ok</p>"
    )


def test_page_index_finds_by_attribute_in_document_order():
    root = parse_html(
        '<html><body><div class="b author" id="x"><span itemprop="author" class="a">A</span>'
        '</div><p class="author-bio">B</p></body></html>',
        "t.html",
    )
    index = PageIndex(root)
    found = index.find("class", re.compile("author").search)
    assert [el.tag for el in found] == ["div", "p"]
    merged = index.union(found, index.find("itemprop", "author".__eq__))
    assert [el.tag for el in merged] == ["div", "span", "p"]


def test_raw_text_is_itertext():
    root = parse_html("<html><body><p>a <b>b</b> c<br>d &amp; e</p>tail</body></html>", "t")
    paragraph = root.find(".//p")
    assert raw_text(paragraph) == "".join(paragraph.itertext()) == "a b cd & e"


def test_nested_replies_are_not_part_of_their_parent_comment():
    root = parse_html(
        '<html><body><ol class="comment-list"><li class="comment" id="c1">'
        '<cite class="fn">Ann</cite><div class="comment-content"><p>First.</p></div>'
        '<ol class="children"><li class="comment" id="c2"><cite class="fn">Bo</cite>'
        '<div class="comment-content"><p>Reply.</p></div>'
        '<ol class="children"><li class="comment" id="c3"><cite class="fn">Cy</cite>'
        '<div class="comment-content"><p>Deeper.</p></div></li></ol></li></ol></li>'
        "</ol></body></html>",
        "t.html",
    )
    (ann,) = extract_comments(root)
    assert (ann.author, ann.body) == ("Ann", "First.")
    (bo,) = ann.replies
    assert (bo.author, bo.body) == ("Bo", "Reply.")
    assert [(c.author, c.body) for c in bo.replies] == [("Cy", "Deeper.")]


@pytest.mark.parametrize(
    "html",
    [
        "<p>one  two\nthree\u00a0four</p>",
        "<p>clean text</p>",
        "<p>a <b>b</b>  <i>c</i>\t</p>",
        "<ul><li> item </li></ul><p>x<br> <br>y</p>",
    ],
)
def test_sanitised_whitespace_is_collapsed_only_where_needed(html):
    out = sanitise(html)
    assert "  " not in out and "\n" not in out and "\u00a0" not in out


def test_validating_many_bodies_keeps_no_block_definitions_per_article():
    """Memory must not grow with the number of articles imported.

    Wagtail's ``Block.definition_registry`` keeps every block instance ever built; a new
    stream block per article (as the importer once made) grew it by ~50 entries each.
    """
    from wagtail.blocks import Block

    from importers.store.streamfield import canonical_body, validate_body

    body = [
        {"type": "paragraph", "value": "<p>Some text.</p>"},
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "items": [{"question": "Why?", "answer": "<p>Because.</p>"}],
            },
        },
    ]
    validate_body(body, "first.html")
    canonical_body(body)
    before = len(Block.definition_registry)
    for n in range(20):
        validate_body(body, f"article-{n}.html")
        canonical_body(body)
    assert len(Block.definition_registry) == before


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<>a ", max_size=60), st.integers(min_value=1, max_value=8))
def test_huge_tag_check_is_the_expression(text, limit):
    expression = re.compile(f"<[^<>]{{{limit},}}>")
    assert _has_huge_tag(text, limit) == bool(expression.search(text))


@pytest.mark.parametrize(
    "html",
    [
        '<html><body><div class="a" id="x"><p class="b" rel="author">t</p></div></body></html>',
        # libxml2 leaves a second <html> (with its head) beside the first: still the page's.
        '<html><body><p class="a">t</p></body></html><html class="late"><head>'
        '<meta itemprop="datePublished" class="m"></head><body><p class="c">u</p></body></html>',
    ],
)
def test_page_index_values_are_the_documents_attributes(html):
    """The collected values are those of an XPath over the whole document."""
    root = parse_html(html, "t")
    index = PageIndex(root)
    for attribute in ("class", "id", "itemprop", "itemtype", "rel"):
        expected = [(str(v), v.getparent()) for v in root.xpath(f"//@{attribute}")]
        assert index.values(attribute) == expected
        positions = [index.order.get(element, -1) for _, element in expected]
        for low, high in ((0, 2), (1, len(index.elements)), (2, 3)):
            assert index.values_between(attribute, low, high) == [
                pair for pair, at in zip(expected, positions, strict=True) if low <= at < high
            ]
