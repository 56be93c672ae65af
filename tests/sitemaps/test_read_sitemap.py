"""Reading one sitemap document: formats, namespaces, hostile XML and broken data."""

from __future__ import annotations

import datetime
import gzip

import pytest

from importers.sources.web import SitemapEntry, SitemapError, read_sitemap
from importers.sources.web.sitemaps import _lastmod

from .site import gz, index, urlset


def read(data, **options):
    """The entries read and the error that ended the document (or ``None``)."""
    entries = []
    try:
        for entry in read_sitemap(data, **options):
            entries.append(entry)
    except SitemapError as error:
        return entries, str(error)
    return entries, None


def test_url_set_and_index():
    assert read(urlset(("https://a.example/1/", "2024-01-02"), "https://a.example/2/")) == (
        [
            SitemapEntry("url", "https://a.example/1/", "2024-01-02"),
            SitemapEntry("url", "https://a.example/2/", None),
        ],
        None,
    )
    assert read(gz(index("https://a.example/s.xml"))) == (
        [SitemapEntry("sitemap", "https://a.example/s.xml")],
        None,
    )


def test_any_namespace_and_extension_elements():
    """Image entries' own <loc> is not the page's; a sitemap without namespace is read."""
    data = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url>'
        b"<image:image><image:loc>https://a.example/i.png</image:loc></image:image>"
        b"<loc> https://a.example/p/ </loc></url></urlset>"
    )
    assert read(data) == ([SitemapEntry("url", "https://a.example/p/")], None)
    assert read(b"<urlset><url><loc>https://a.example/q/</loc></url></urlset>")[0] == [
        SitemapEntry("url", "https://a.example/q/")
    ]


def test_utf16_xml():
    data = '<?xml version="1.0" encoding="UTF-16"?><urlset><url><loc>https://a.example/é/</loc>'
    assert read((data + "</url></urlset>").encode("utf-16"))[0][0].loc == "https://a.example/é/"


def test_external_entities_are_not_loaded():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>"
    )
    assert read(data) == ([SitemapEntry("url", "")], None)


def test_entities_are_not_expanded():
    """A billion laughs stays a few bytes (libxml2 may also refuse the amplification)."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE u [{laughs}]>'
        "<urlset><url><loc>https://a.example/&l9;</loc></url></urlset>"
    ).encode()
    entries, error = read(data)
    assert entries in ([], [SitemapEntry("url", "https://a.example/")])
    assert error is None or "amplification" in error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \n", "the document is empty"),
        (
            b'{"error": 1}',
            "not a sitemap: neither XML nor a list of URLs (it begins '{\"error\": 1}')",
        ),
        (
            b"<rss><channel/></rss>",
            "not a sitemap: the document is <rss>, not <urlset> or <sitemapindex>",
        ),
        (
            b"\x1f\x8bnot gzip at all",
            "the gzip data is corrupt or cut short (Unknown compression method)",
        ),
        (
            gzip.compress(b"<urlset><url><loc>https://a.example/1/</loc></url>")[:-9],
            "the gzip data is corrupt or cut short "
            "(Compressed file ended before the end-of-stream marker was reached)",
        ),
    ],
)
def test_unreadable_documents(data, message):
    assert read(data) == ([], message)


def test_a_truncated_document_keeps_what_came_before():
    entries, error = read(urlset("https://a.example/1/", "https://a.example/2/")[:-40])
    assert entries == [SitemapEntry("url", "https://a.example/1/")]
    assert error.startswith("broken XML: ")


def test_decompressed_size_is_capped_for_plain_and_gzipped_documents():
    data = urlset(*(f"https://a.example/{n}/" for n in range(10_000)))
    entries, error = read(gz(data), max_decompressed_bytes=100_000)
    assert 0 < len(entries) < 10_000
    assert error == (
        "the sitemap is over 100,000 bytes once decompressed (max_decompressed_bytes); "
        "the rest is not read"
    )
    assert read(data, max_decompressed_bytes=100_000)[1] == (
        "the sitemap is over 100,000 bytes long (max_decompressed_bytes); the rest is not read"
    )


def test_text_sitemap():
    data = b"https://a.example/1/\r\n\nhttps://a.example/2/"
    assert read(data) == (
        [SitemapEntry("url", "https://a.example/1/"), SitemapEntry("url", "https://a.example/2/")],
        None,
    )


UTC = datetime.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", datetime.datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-05", datetime.datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-06", datetime.datetime(2024, 5, 6, tzinfo=UTC)),
        ("2024-05-06T07:08Z", datetime.datetime(2024, 5, 6, 7, 8, tzinfo=UTC)),
        (
            "2024-05-06T07:08:09.5+02:00",
            datetime.datetime(2024, 5, 6, 5, 8, 9, 500000, tzinfo=UTC),
        ),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_lastmod_formats(text, expected):
    """W3C datetime in its every precision; a time zone is assumed UTC when absent."""
    assert _lastmod(text) == expected


def test_only_entries_directly_under_the_root_count():
    """A <url> inside another element is not an entry; an empty URL set is no error."""
    data = (
        b"<urlset><group><url><loc>https://a.example/nested/</loc></url></group>"
        b"<url><loc>https://a.example/1/</loc><loc>https://a.example/2/</loc></url></urlset>"
    )
    assert read(data) == ([SitemapEntry("url", "https://a.example/1/")], None)
    assert read(b"<urlset/>") == ([], None)


def test_sitemap_elements_under_another_root_are_refused():
    data = b"<feed><url><loc>https://a.example/1/</loc></url></feed>"
    assert read(data) == (
        [],
        "not a sitemap: the document is <feed>, not <urlset> or <sitemapindex>",
    )
    assert read(b"<html/>")[1] == (
        "not a sitemap: the document is <html>, not <urlset> or <sitemapindex>"
    )


def test_a_bomb_of_elements_stops_at_the_cap():
    """Millions of empty elements (each dropped as it ends) are cut at the decompressed cap."""
    data = gz(b"<urlset>" + b"<x/>" * 2_000_000 + b"<url><loc>https://a.example/1/</loc></url>")
    assert len(data) < 50_000
    assert read(data, max_decompressed_bytes=1_000_000) == (
        [],
        "the sitemap is over 1,000,000 bytes once decompressed (max_decompressed_bytes); "
        "the rest is not read",
    )


def test_elements_are_capped():
    data = b"<urlset>" + b"<x/>" * 100 + b"<url><loc>https://a.example/1/</loc></url></urlset>"
    assert read(data, max_elements=50) == (
        [],
        "the sitemap holds over 50 XML elements (max_elements); the rest is not read",
    )
    assert len(read(data, max_elements=200)[0]) == 1
