"""Shared paths for the WordPress export tests (pure: no Django, no database)."""

from __future__ import annotations

import pytest

from importers.sources.wordpress import Item, Site, WXRReader
from tests.shared_data import PROJECT, SHARED

FIXTURE = PROJECT / "fixtures" / "wordpress" / "advice-export.xml"
THEME_UNIT_TEST = SHARED / "wordpress" / "themeunittestdata.wordpress.xml"
BLOCK_TEST = SHARED / "wordpress" / "64-block-test-data.xml"


def read_all(source) -> tuple[WXRReader, Site, list[Item]]:
    """Read a whole export: the reader (for counts and problem), the site and the items."""
    reader = WXRReader(source)
    site = None
    items = []
    for record in reader:
        if isinstance(record, Site):
            site = record
        else:
            items.append(record)
    return reader, site, items


def wxr(
    items: str,
    *,
    namespace: str = "http://wordpress.org/export/1.2/",
    head: str = "",
    channel: str = "",
) -> bytes:
    """A small export around ``items`` (XML text), in the given ``wp:`` namespace."""
    return (
        f'{head}<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:excerpt="{namespace}excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:wp="{namespace}">\n<channel>\n<title>Small site</title>\n'
        f"<link>https://small.example.org</link>\n<language>fr-FR</language>\n{channel}"
        f"{items}</channel>\n</rss>\n"
    ).encode()


def item(
    post_id: int,
    post_type: str = "post",
    title: str = "A post",
    content: str = "",
    extra: str = "",
) -> str:
    return (
        f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_type>{post_type}</wp:post_type><wp:status>publish</wp:status>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>\n"
    )


@pytest.fixture(autouse=True)
def media_root():
    """Override the project-wide MEDIA_ROOT fixture: these tests never touch Django."""
    yield None
