"""Reader comments with their reply tree.

WordPress themes print ``<ol class="comment-list">`` with replies in nested
``<ol class="children">``; block themes, Neve, Disqus-less custom themes and schema.org
``Comment`` microdata vary the names but keep that shape: one list item per comment, the
replies nested inside it. Pingbacks and trackbacks are skipped when they say so in their
class. The walk is iterative so a pathological nesting depth cannot exhaust the stack.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.metadata import parse_date
from importers.pipeline.model import Comment
from importers.pipeline.parse import PageIndex, class_tokens, normalise_space, text_of

__all__ = ["extract_comments"]

logger = logging.getLogger(__name__)

_DATE_CLASS_RE = re.compile(r"date|time|meta", re.I)
_BLOCK_TEXT_TAGS = ("p", "li", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "div")


def _matches(element: etree._Element, regex: re.Pattern[str]) -> bool:
    return any(regex.match(token) for token in class_tokens(element))


def extract_comments(
    root: etree._Element, base_url: str | None = None, index: PageIndex | None = None
) -> list[Comment]:
    """Return the page's top-level comments, replies nested in ``Comment.replies``.

    Args:
        root: The whole parsed page.
        base_url: The page URL, for comment permalinks.
        index: The page's :class:`~importers.pipeline.parse.PageIndex`, when the caller shares one.

    Returns:
        Comments in page order; ``[]`` when the page shows none.
    """
    if index is None:
        index = PageIndex(root)
    lists = [
        el
        for el in index.find("class", _contains_comment)
        if el.tag in patterns.COMMENT_LIST_TAGS and _matches(el, patterns.COMMENT_LIST_TOKEN_RE)
    ]
    lists = [el for el in lists if not any(a in lists for a in el.iterancestors())]
    typed = index.find("itemtype", _is_comment_type)
    comments: list[Comment] = []
    for comment_list in lists:
        comments.extend(_from_list(comment_list, base_url, microdata=bool(typed)))
    if comments:
        return comments
    return _from_microdata(typed, base_url)


def _contains_comment(value: str) -> bool:
    return "comment" in value


def _is_comment_type(value: str) -> bool:
    return patterns.SCHEMA_COMMENT_ITEMTYPE in value


def _items(container: etree._Element) -> list[etree._Element]:
    """Direct comment items of a list (``li`` children, or comment ``div``/``article``s)."""
    items = [child for child in container if child.tag == "li"]
    if items:
        return items
    return [
        child
        for child in container
        if isinstance(child.tag, str) and _matches(child, patterns.COMMENT_ITEM_TOKEN_RE)
    ]


def _child_list(item: etree._Element) -> etree._Element | None:
    for element in item.iter("ol", "ul", "div"):
        if element is item:
            continue
        if element.get("class") and _matches(element, patterns.COMMENT_CHILDREN_TOKEN_RE):
            return element
        if element.tag in ("ol", "ul") and any(
            child.tag == "li"
            and (
                child.get("id", "").startswith("comment")
                or _matches(child, patterns.COMMENT_ITEM_TOKEN_RE)
            )
            for child in element
        ):
            return element
    return None


def _nested_comments(
    item: etree._Element, children: etree._Element | None
) -> list[etree._Element]:
    """Replies marked up as Comment microdata inside the item's own comment element
    (themes that nest ``<article itemtype=Comment>`` instead of a child list)."""
    outside_children = _subtree(item, {children} if children is not None else set(), True)
    typed = [el for el in outside_children if "schema.org/Comment" in (el.get("itemtype") or "")]
    if not typed:
        return []
    primary = typed[0] if typed[0] is not item else None
    if primary is None:
        return []
    nested = [el for el in typed[1:] if _within(el, primary)]
    return [
        el for el in nested if not any(_within(el, other) for other in nested if other is not el)
    ]


def _within(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(node is ancestor for node in element.iterancestors())


def _subtree(
    root: etree._Element, prune: set[etree._Element], keep_pruned: bool
) -> list[etree._Element]:
    """``root`` and its descendant elements in document order, without the descendants of
    the ``prune`` elements (and without those elements too unless ``keep_pruned``).

    A reply thread is nested inside its parent comment; walking each comment's whole
    subtree and then discarding the replies cost time quadratic in the thread's depth.
    """
    found = []
    stack = [root]
    while stack:
        element = stack.pop()
        if element in prune and element is not root:
            if keep_pruned:
                found.append(element)
            continue
        found.append(element)
        stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))
    return found


def _from_list(
    comment_list: etree._Element, base_url: str | None, microdata: bool = True
) -> list[Comment]:
    """The comments of a list, replies nested. ``microdata=False`` when the page has no
    schema.org ``Comment`` anywhere, so no item is searched for nested microdata replies."""
    top: list[Comment] = []
    stack: list[tuple[list[etree._Element], list[Comment]]] = [(_items(comment_list), top)]
    while stack:
        items, target = stack.pop()
        for item in items:
            if _matches(item, patterns.PINGBACK_TOKEN_RE):
                continue
            children = _child_list(item)
            nested = _nested_comments(item, children) if microdata else []
            excluded = [el for el in (children, *nested) if el is not None]
            comment = _parse_item(item, excluded, base_url)
            replies_target = comment.replies if comment is not None else target
            if comment is not None:
                target.append(comment)
            if nested:
                stack.append((nested, replies_target))
            if children is not None:
                stack.append((_items(children), replies_target))
    return top


def _parse_item(
    item: etree._Element, excluded: list[etree._Element], base_url: str | None
) -> Comment | None:
    own = _subtree(item, set(excluded), False)
    # Class tokens of the elements that have a class, split once for the tests below.
    tokens = {el: class_tokens(el) for el in own if el.get("class")}

    def matches(element: etree._Element, regex: re.Pattern[str]) -> bool:
        return any(regex.match(token) for token in tokens.get(element, ()))

    author = ""
    for element in own:
        if element.get("itemprop") == "author" or matches(
            element, patterns.COMMENT_AUTHOR_TOKEN_RE
        ):
            fn = next(
                (
                    e
                    for e in element.iter(etree.Element)
                    if "fn" in class_tokens(e) or e.get("itemprop") == "name"
                ),
                None,
            )
            author = text_of(fn if fn is not None else element)
            author = re.sub(r"\s+(?:says|said|wrote):?$", "", author, flags=re.I)
            if author:
                break
    if not author:
        for element in own:
            if element.tag in ("cite", "h5", "h4", "h6", "strong", "b") and text_of(element):
                author = text_of(element)
                break

    body_element = next(
        (el for el in own if matches(el, patterns.COMMENT_BODY_TOKEN_RE)),
        None,
    )
    if body_element is None:
        body_element = next(
            (el for el in own if el.get("itemprop") in ("text", "commentText")), None
        )
    paragraphs: list[str] = []
    if body_element is not None:
        paragraphs = _paragraphs(body_element)
    else:
        paragraphs = [
            text_of(p) for p in own if p.tag == "p" and text_of(p) and not _in_chrome(p, item)
        ]
    body = "\n\n".join(p for p in paragraphs if p)
    if not body:
        return None

    date = None
    for element in own:
        if element.tag == "time" or (
            element.get("class") and _DATE_CLASS_RE.search(element.get("class") or "")
        ):
            value = element.get("datetime") or element.get("content") or text_of(element)
            date = parse_date(value) if value and len(value) < 80 else None
            if date:
                break
    url = ""
    for link in (el for el in own if el.tag == "a"):
        href = link.get("href") or ""
        if "#comment" in href and "replytocom" not in href:
            url = urljoin(base_url, href) if base_url else href
            break
    source_id = item.get("id") or ""
    return Comment(
        author=normalise_space(author) or "Anonymous",
        body=body,
        date=date,
        url=url,
        source_id=source_id,
    )


def _in_chrome(element: etree._Element, stop: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.get("class") and _matches(ancestor, patterns.COMMENT_CHROME_TOKEN_RE):
            return True
    return False


def _paragraphs(element: etree._Element) -> list[str]:
    """Plain-text paragraphs of a comment body; ``<br>`` line breaks are kept."""
    blocks = [p for p in element.iter("p") if not _in_chrome(p, element)]
    if not blocks:
        return [_text_with_breaks(element)]
    texts = [_text_with_breaks(p) for p in blocks]
    return [t for t in texts if t]


def _text_with_breaks(element: etree._Element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == "br":
            parts.append("\n")
        elif node.text and isinstance(node.tag, str):
            if node.get("class") and _matches(node, patterns.COMMENT_CHROME_TOKEN_RE):
                continue
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = [normalise_space(line) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _from_microdata(elements: list[etree._Element], base_url: str | None) -> list[Comment]:
    """Comments marked up only as schema.org ``Comment`` microdata (``elements``, in page
    order), replies nested by ancestry."""
    if not elements:
        return []
    chosen = set(elements)
    by_element: dict[etree._Element, Comment] = {}
    top: list[Comment] = []
    for element in elements:
        parent_comment = next((a for a in element.iterancestors() if a in chosen), None)
        nested = element.xpath('.//*[contains(@itemtype, "schema.org/Comment")]')
        comment = _parse_item(element, nested, base_url)
        if comment is None:
            continue
        by_element[element] = comment
        if parent_comment is not None and parent_comment in by_element:
            by_element[parent_comment].replies.append(comment)
        else:
            top.append(comment)
    return top
