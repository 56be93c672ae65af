"""schema.org JSON-LD for an article: ``Article``, an ``ItemList`` per listicle and a
``FAQPage`` per FAQ block.

The data is built as plain dicts so the page template and the API share it. Serialising it
into a ``<script>`` element must escape ``<``, ``>`` and ``&``: a question reading
``</script>`` would otherwise end the element early and let the rest run as markup.
"""

from __future__ import annotations

import html
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from .blocks.listicle import COUNTDOWN

SCHEMA_CONTEXT = "https://schema.org"

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


# A tag, with quoted attribute values that may hold ">".
_TAG = r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|br|hr|blockquote|div|figure|figcaption|table|tr|td|th)\b" + _TAG[1:],
    re.IGNORECASE,
)
_TAG_RE = re.compile(_TAG)


def _text(source):
    """Plain text of a rich-text string: tags dropped, entities decoded, spaces collapsed.

    Block tags become spaces, so paragraphs do not run together. The stored form is used
    as it is: expanding its internal links and embeds would cost a query each and add no
    text. The result only ever goes out JSON-encoded and script-escaped.
    """
    if not source:
        return ""
    text = _TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", source))
    return " ".join(html.unescape(text).split())


def _page_url(page):
    try:
        return page.get_full_url() or ""
    except Exception:  # noqa: BLE001 - an unrouted page (preview, no site) has no URL
        return ""


def person_json_ld(author):
    data = {"@type": "Person", "name": author.name}
    if author.website:
        data["url"] = author.website
    links = [link.value.get("url") for link in author.links if link.value.get("url")]
    if links:
        data["sameAs"] = links
    description = _text(author.bio)
    if description:
        data["description"] = description
    if author.role:
        data["jobTitle"] = author.role
    return data


def article_json_ld(page):
    """Return the list of JSON-LD objects describing ``page``."""
    url = _page_url(page)
    published = page.original_published or (
        page.first_published_at.date() if page.first_published_at else None
    )
    modified = page.last_updated or (
        page.last_published_at.date() if page.last_published_at else None
    )
    if not page.original_published and page.last_updated and published > page.last_updated:
        # An imported article whose source showed only when it was last updated: it was
        # out by then, so its publication on this site is no earlier date to claim.
        published = page.last_updated
    article = {"@context": SCHEMA_CONTEXT, "@type": "Article", "headline": page.title}
    if url:
        article["url"] = url
        article["mainEntityOfPage"] = url
    if published:
        article["datePublished"] = published.isoformat()
    if modified:
        article["dateModified"] = modified.isoformat()
    authors = page.authors
    if authors:
        # A list, in byline order, even for one author: schema.org allows both, and one
        # shape is easier for whoever reads it.
        article["author"] = [person_json_ld(author) for author in authors]
    keywords = [tag.name for tag in page.tags.all()]
    if keywords:
        article["keywords"] = keywords
    sections = [str(category) for category in page.categories.all()]
    if sections:
        article["articleSection"] = sections
    description = page.search_description or _text(page.intro)
    if description:
        article["description"] = description

    thread = page.comment_thread
    article["commentCount"] = page.comment_count
    if thread:
        article["comment"] = [comment_json_ld(comment) for comment in thread]

    objects = [article]
    for child in page.body:
        if child.block_type == "listicle":
            objects.append(item_list_json_ld(child.value, url))
        elif child.block_type == "faq":
            objects.append(faq_json_ld(child.value))
    return objects


def comment_json_ld(comment):
    """A ``Comment`` with its replies nested as the page shows them: ``comment_tree`` caps
    the nesting at ``COMMENT_THREAD_DEPTH`` levels, so this recursion is bounded."""
    data = {
        "@type": "Comment",
        "author": {"@type": "Person", "name": comment.author_name},
        "dateCreated": comment.created_at.isoformat(),
        "text": "\n\n".join(comment.paragraphs),
    }
    if comment.thread_replies:
        data["comment"] = [comment_json_ld(reply) for reply in comment.thread_replies]
    return data


def item_list_json_ld(listicle, page_url=""):
    items = listicle.numbered_items()
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ItemList",
        "name": listicle.get("heading") or "",
        "numberOfItems": len(items),
        "itemListOrder": (
            "https://schema.org/ItemListOrderDescending"
            if listicle.get("direction") == COUNTDOWN
            else "https://schema.org/ItemListOrderAscending"
        ),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": item.heading,
                **({"url": f"{page_url}#{item.anchor}"} if page_url else {}),
            }
            for position, item in enumerate(items, start=1)
        ],
    }


def faq_json_ld(faq):
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.get("question") or "",
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": _text(item.get("answer").source if item.get("answer") else ""),
                },
            }
            for item in faq.get("items") or []
        ],
    }


def json_ld_script(objects):
    """A ``<script type="application/ld+json">`` element that no text can break out of."""
    payload = json.dumps(objects, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = normalize_newlines(payload).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
