"""Decoding source bytes: encodings, binary data, empty and oversized sources."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.errors import ArticleImportError, SourceReadError
from importers.pipeline.read import decode_html

HTML = "<html><head><title>Café</title></head><body><p>Crème brûlée – “quoted”</p></body></html>"


def test_utf8_is_decoded():
    """Undeclared UTF-8 decodes as UTF-8."""
    assert decode_html(HTML.encode("utf-8"), "a.html") == HTML


def test_utf8_bom_is_removed():
    """A UTF-8 byte-order mark is dropped from the text."""
    assert decode_html(codecs.BOM_UTF8 + HTML.encode("utf-8"), "a.html") == HTML


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    """UTF-16 is recognised by its BOM or, without one, by the NUL pattern of ASCII markup."""
    assert decode_html(HTML.encode(codec), "a.html").lstrip("\ufeff") == HTML


def test_latin1_without_declaration_falls_back_to_cp1252():
    """Legacy pages with no charset decode as windows-1252, as browsers do."""
    data = "<p>Café – naïve</p>".encode("cp1252")
    assert decode_html(data, "old.html") == "<p>Café – naïve</p>"


def test_declared_latin1_is_read_as_cp1252():
    """A declared iso-8859-1 is decoded as windows-1252 (smart quotes survive)."""
    text = '<meta charset="iso-8859-1"><p>“Hi” café</p>'
    assert decode_html(text.encode("cp1252"), "a.html") == text


def test_declared_charset_is_used():
    """A <meta http-equiv> charset that is not UTF-8 is honoured."""
    text = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет</p>'
    assert decode_html(text.encode("koi8-r"), "a.html") == text


def test_wrong_declaration_falls_back():
    """A page that declares UTF-8 but is not decodes with the fallback instead of failing."""
    data = '<meta charset="utf-8"><p>Café</p>'.encode("latin-1")
    assert "Caf" in decode_html(data, "a.html")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_source_is_an_error(data):
    """Empty sources raise a SourceReadError naming the source."""
    with pytest.raises(SourceReadError, match=r"^empty\.html: is empty"):
        decode_html(data, "empty.html")


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"<html>\x00\x01\x02\x03binary\x00\x00", "NUL"),
    ],
)
def test_binary_source_is_an_error(data, kind):
    """Binary data is refused with a message that says so and names the source."""
    with pytest.raises(SourceReadError) as error:
        decode_html(data, "photo.html")
    message = str(error.value)
    assert message.startswith("photo.html: is not an HTML document (binary data")
    assert kind in message
    assert error.value.source == "photo.html"


def test_control_characters_are_binary():
    """Text made of control characters is not a document."""
    with pytest.raises(SourceReadError, match="binary data"):
        decode_html(bytes(range(1, 32)) * 100, "noise.bin")


def test_oversized_source_is_an_error():
    """A 20 MB source is refused before decoding, with the size in the message."""
    data = b"<p>" + b"a" * (20 * 1024 * 1024) + b"</p>"
    with pytest.raises(SourceReadError, match=r"big\.html: is too large to import \(20,"):
        decode_html(data, "big.html")


def test_size_limit_is_configurable():
    with pytest.raises(SourceReadError, match="limit is 10 bytes"):
        decode_html(b"<p>hello world</p>", "a.html", max_bytes=10)


def test_rejects_str():
    with pytest.raises(TypeError):
        decode_html("<p>text</p>", "a.html")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_decode_or_raise_a_documented_error(data):
    """Whatever the bytes, decoding returns text or raises an ArticleImportError."""
    try:
        result = decode_html(data, "fuzz.html")
    except ArticleImportError:
        return
    assert isinstance(result, str)
