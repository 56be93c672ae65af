"""One WordPress post as the HTML page the existing pipeline reads.

The pipeline (:func:`importers.pipeline.extract_article`) was built for served pages: it
finds the title in ``<h1>`` and ``<title>``, dates in ``article:published_time``, the
author in ``<meta name=author>``, and the body's structure in its HTML. Giving it a page
built from the export's records means an exported post is imported exactly like the same
post fetched from the site, listicles and FAQs included.

Comments are not rendered: the export has them as structured records
(:class:`~importers.sources.wordpress.records.Comment`, with threading and approval), which the
saving step attaches directly.
"""

from __future__ import annotations

import datetime
import re
from html import escape

from importers.sources.wordpress.blocks import blocks_html, has_blocks
from importers.sources.wordpress.classic import classic_html
from importers.sources.wordpress.records import Item, Site

__all__ = ["content_html", "post_document"]

#: Post titles are HTML (``Media &amp; Text``, ``Title <em>With</em> Markup``), as WordPress
#: serves them in the heading; the document title is their text.
_TAG_RE = re.compile(r"<[^>]*>")


def content_html(content: str) -> str:
    """Served HTML for a post's ``content:encoded``, block-editor or classic.

    As in WordPress, content with block delimiters is rendered block by block and never
    gets ``autop``; classic content gets WordPress's paragraphs, shortcodes and embeds.
    """
    if has_blocks(content):
        return blocks_html(content)
    return classic_html(content)


def _iso(value: datetime.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _meta(attribute: str, key: str, value: str) -> str:
    if not value:
        return ""
    return f'<meta {attribute}="{key}" content="{escape(value)}">\n'


def post_document(item: Item, site: Site) -> str:
    """The HTML page for one item, to pass to :func:`importers.pipeline.extract_article`.

    Args:
        item: A post or page read by :class:`~importers.sources.wordpress.wxr.WXRReader`.
        site: The export's site (language, site name, authors' display names).

    Returns:
        A full HTML document: ``<html lang>`` from the channel, ``<title>``, canonical link
        (the post's permalink), author and date meta, and an ``<article>`` holding the
        ``<h1>`` title and the body. Pass ``item.link`` as the pipeline's ``base_url`` so
        relative image URLs resolve against the post.
    """
    author = site.author(item.author_login)
    author_name = author.name if author is not None else item.author_login
    lang = f' lang="{escape(site.language)}"' if site.language else ""
    head = (
        '<meta charset="utf-8">\n'
        f"<title>{_TAG_RE.sub('', item.title).strip()}</title>\n"
        + (f'<link rel="canonical" href="{escape(item.link)}">\n' if item.link else "")
        + _meta("name", "author", author_name)
        + _meta("property", "og:site_name", site.title)
        + _meta("property", "article:published_time", _iso(item.published))
        + _meta("property", "article:modified_time", _iso(item.modified))
    )
    return (
        f"<!DOCTYPE html>\n<html{lang}>\n<head>\n{head}</head>\n<body>\n<article>\n"
        f"<h1>{item.title}</h1>\n"
        f'<div class="entry-content">\n{content_html(item.content)}\n</div>\n'
        "</article>\n</body>\n</html>\n"
    )
