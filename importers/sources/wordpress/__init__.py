"""WordPress exports (WXR) read as plain records and posts turned into pages to extract.

Pure: no Django. :class:`WXRReader` streams a WXR file into :class:`Site` and :class:`Item`
records; :func:`post_document` turns one post (classic or block-editor content) into the
HTML page that :func:`importers.pipeline.extract_article` reads like a served one.

Usage::

    reader = WXRReader(path, post_types={"post", "page", "attachment"})
    for record in reader:
        if isinstance(record, Site):
            site = record
        elif record.post_type == "post" and record.status == "publish":
            article = extract_article(post_document(record, site), record.link,
                                      base_url=record.link)
    reader.counts    # items by post type, e.g. {"post": 58, "nav_menu_item": 70, ...}
    reader.problem   # where a malformed file stopped the reading, else None
"""

from importers.sources.wordpress.blocks import (
    ParsedBlock,
    blocks_html,
    has_blocks,
    parse_blocks,
    render_blocks,
)
from importers.sources.wordpress.classic import autop, classic_html
from importers.sources.wordpress.document import content_html, post_document
from importers.sources.wordpress.embeds import embed_html
from importers.sources.wordpress.records import (
    Author,
    Comment,
    Item,
    ItemTerm,
    ReadProblem,
    Site,
    Term,
)
from importers.sources.wordpress.rest import (
    HostThrottle,
    RESTProblem,
    WordPressAPIError,
    WordPressSite,
)
from importers.sources.wordpress.wxr import WXRReader

__all__ = [
    "Author",
    "Comment",
    "HostThrottle",
    "Item",
    "ItemTerm",
    "ParsedBlock",
    "RESTProblem",
    "ReadProblem",
    "Site",
    "Term",
    "WXRReader",
    "WordPressAPIError",
    "WordPressSite",
    "autop",
    "blocks_html",
    "classic_html",
    "content_html",
    "embed_html",
    "has_blocks",
    "parse_blocks",
    "post_document",
    "render_blocks",
]
