"""Sanitising HTML into Wagtail rich text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.pipeline.richtext import ALL_FEATURES, BODY_FEATURES, sanitise

VECTORS = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<p>x</p>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<p>x</p>"),
    ('<a href=" javascript:alert(1)">x</a>', "<p>x</p>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<p>x</p>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "<p>x</p>"),
    ("<svg onload=alert(1)><script>alert(1)</script></svg><p>ok</p>", "<p>ok</p>"),
    ('<img src=x onerror="alert(1)"><p>ok</p>', "<p>ok</p>"),
    ("<style>p{}</style><p>ok</p>", "<p>ok</p>"),
    ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
    ('<p style="color:red" class="x" id="y">ok</p>', "<p>ok</p>"),
    (
        '<a href="https://example.com/" target="_blank" rel="x" class="c">l</a>',
        '<p><a href="https://example.com/">l</a></p>',
    ),
    ('<a href="/relative/path">l</a>', '<p><a href="/relative/path">l</a></p>'),
    ('<a href="mailto:a@example.com">m</a>', '<p><a href="mailto:a@example.com">m</a></p>'),
    (
        "<p><strong>b</strong> <em>i</em> <b>b2</b> <i>i2</i></p>",
        "<p><b>b</b> <i>i</i> <b>b2</b> <i>i2</i></p>",
    ),
]


@pytest.mark.parametrize("html, expected", VECTORS)
def test_sanitiser_vectors(html, expected):
    assert sanitise(html) == expected


def test_bare_text_is_wrapped():
    assert sanitise("plain words") == "<p>plain words</p>"


def test_inline_runs_between_blocks_are_wrapped():
    assert sanitise("a <b>b</b><p>c</p> d") == "<p>a <b>b</b></p><p>c</p><p>d</p>"


def test_empty_paragraphs_are_dropped_and_space_normalised():
    assert sanitise("<p></p><p> \n </p><p><br></p><p>  a \n  b  </p>") == "<p>a b</p>"


def test_divs_become_paragraphs():
    assert (
        sanitise("<div>one</div><div><div>two</div>three</div>")
        == "<p>one</p><p>two</p><p>three</p>"
    )


def test_headings_are_mapped_to_h2_h4():
    assert sanitise("<h1>a</h1><h3>b</h3><h6>c</h6>") == "<h2>a</h2><h3>b</h3><h4>c</h4>"


def test_lists_keep_nesting_and_flatten_paragraphs():
    html = "<ul><li><p>a</p><p>b</p></li><li>c<ol><li>d</li></ol></li></ul>"
    assert sanitise(html) == "<ul><li>a<br>b</li><li>c<ol><li>d</li></ol></li></ul>"


def test_blockquote_and_hr():
    assert sanitise("<blockquote><p>q</p></blockquote><hr>") == "<blockquote>q</blockquote><hr>"


def test_features_limit_the_output():
    """Tags of features the field does not enable are unwrapped, keeping their text."""
    html = '<h2>Title</h2><p><b>b</b> <a href="https://x.example">l</a></p><ol><li>one</li></ol>'
    assert sanitise(html, ["italic"]) == "<p>Title</p><p>b l</p><p>one</p>"
    assert (
        sanitise(html, BODY_FEATURES)
        == '<p>Title</p><p><b>b</b> <a href="https://x.example">l</a></p><ol><li>one</li></ol>'
    )


def test_empty_input():
    assert sanitise("") == ""
    assert sanitise("<script>x</script>") == ""


_ALLOWED_TAGS = {"p", "b", "i", "a", "ol", "ul", "li", "h2", "h3", "h4", "blockquote", "hr", "br"}


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnoprstuv:;()&#1")), max_size=200)
)
def test_output_only_has_allowed_tags(html):
    """Whatever goes in, only allowed tags without unsafe attributes come out."""
    import lxml.html

    output = sanitise(html, ALL_FEATURES)
    if not output:
        return
    root = lxml.html.fragment_fromstring(output, create_parent="div")
    for element in root.iter():
        if element is root:
            continue
        assert element.tag in _ALLOWED_TAGS
        assert set(element.attrib) <= ({"href"} if element.tag == "a" else set())
        if element.tag == "a":
            assert (
                not element.get("href", "")
                .lower()
                .strip()
                .startswith(("javascript", "data", "vbscript"))
            )


@pytest.mark.parametrize("reference", ["&#1", "&#1;", "&#x8;", "&#31;"])
def test_references_to_control_characters_are_dropped_not_a_crash(reference):
    assert sanitise(f"<p>a{reference}b</p>", frozenset({"bold"})) == "<p>ab</p>"
