"""Builders for sitemap documents and a loopback site that serves them."""

from __future__ import annotations

import gzip
from xml.sax.saxutils import escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML = {"Content-Type": "application/xml"}
GZIP = {"Content-Type": "application/x-gzip"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def urlset(*urls: str | tuple[str, str]) -> bytes:
    """A URL set; an entry is a URL or a ``(url, lastmod)`` pair."""
    entries = []
    for url in urls:
        loc, lastmod = url if isinstance(url, tuple) else (url, None)
        extra = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        entries.append(f"<url><loc>{escape(loc)}</loc>{extra}<priority>0.5</priority></url>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">'
        + "\n".join(entries)
        + "</urlset>\n"
    ).encode()


def index(*locs: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>'
    ).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


class FakeClock:
    """A monotonic clock that moves only when slept on; records every sleep."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
