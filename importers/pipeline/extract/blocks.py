"""Flatten the content element into a list of blocks in document order.

Themes wrap the same prose in any number of ``<div>`` levels; the listicle, FAQ and section
steps only care about the sequence "heading, paragraph, list, figure…". Building that
sequence once (iteratively, so a deeply nested page cannot exhaust the recursion limit) keeps
those steps simple and independent of the markup.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field
from html import escape

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.images import figure_image, image_ref
from importers.pipeline.model import ImageRef
from importers.pipeline.parse import (
    class_tokens,
    normalise_space,
    raw_text,
    split_heading_level,
    text_of,
)

__all__ = ["Block", "linearise", "heading_text", "table_rows"]

logger = logging.getLogger(__name__)

_INLINE_CONTAINERS = frozenset(
    {
        "a",
        "span",
        "font",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "small",
        "label",
        "mark",
        "cite",
        "abbr",
        "sup",
        "sub",
        "code",
    }
)
#: Descendants that make an inline element (``<a>``, ``<span>``…) a container of blocks.
_BLOCK_DESCENDANT_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "figure",
        "blockquote",
        "section",
        "article",
        "img",
    }
)
_PERMALINK_RE = re.compile(r"^[#¶§🔗]")


@dataclass
class Block:
    """One block of content.

    ``kind`` is one of ``heading``, ``text``, ``list``, ``quote``, ``figure``, ``embed``,
    ``table``, ``details``, ``faq``, ``hr``. ``html`` is the unsanitised source markup.
    """

    kind: str
    element: etree._Element | None = None
    text: str = ""
    level: int = 0
    html: str = ""
    list_number: int | None = None
    image: ImageRef | None = None
    url: str = ""
    faq_items: list[tuple[str, str]] = field(default_factory=list)


def heading_text(element: etree._Element) -> str:
    """Visible heading text without permalink anchors ("#section2", "¶")."""
    anchors = [
        a
        for a in element.iter("a")
        if (a.get("href") or "").startswith("#")
        and (not text_of(a) or _PERMALINK_RE.match(text_of(a)))
    ]
    if not anchors:
        return text_of(element)
    copy = deepcopy(element)
    for anchor in list(copy.iter("a")):
        if (anchor.get("href") or "").startswith("#") and (
            not text_of(anchor) or _PERMALINK_RE.match(text_of(anchor))
        ):
            parent = anchor.getparent()
            if anchor.tail:
                previous = anchor.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + anchor.tail
                else:
                    parent.text = (parent.text or "") + anchor.tail
            parent.remove(anchor)
    return text_of(copy)


def _styled_heading_level(element: etree._Element) -> int | None:
    """The level of a ``<div>`` or ``<p>`` a CSS framework's heading class styles as a
    heading ("h3", "heading-3", Bootstrap's and Tailwind typography's way to make a
    non-heading look like one): short text, no blocks inside."""
    if element.tag not in ("div", "p"):
        return None
    classes = element.get("class")
    if not classes:
        return None
    levels = {
        int(match.group(1))
        for token in classes.split()
        if (match := _HEADING_CLASS_RE.match(token)) is not None
    }
    if len(levels) != 1:
        return None
    if any(
        isinstance(node.tag, str) and node.tag in _BLOCK_DESCENDANT_TAGS
        for node in element.iterdescendants()
    ):
        return None
    text = text_of(element)
    if not text or len(text) > _MAX_STYLED_HEADING_CHARS:
        return None
    return levels.pop()


#: Heading classes of CSS frameworks: "h3", "heading-3", "heading3" (not h1: the title).
_HEADING_CLASS_RE = re.compile(r"^(?:h|heading-?)([2-6])$", re.IGNORECASE)
#: A styled heading longer than this is a paragraph someone set in large type.
_MAX_STYLED_HEADING_CHARS = 150


def _html(element: etree._Element) -> str:
    return etree.tostring(element, encoding=str, method="html", with_tail=False)


def linearise(root: etree._Element, base_url: str | None, warnings: list[str]) -> list[Block]:
    """Return the content of ``root`` as blocks in document order.

    Args:
        root: The main content element (see :func:`importers.pipeline.clean.find_main_content`).
        base_url: The page URL, for image sources.
        warnings: Receives messages about dropped images.

    Returns:
        The blocks; bare text and inline runs between blocks become ``text`` blocks.
    """
    walker = _Walker(base_url, warnings)
    walker.walk(root)
    return walker.blocks


class _Walker:
    def __init__(self, base_url: str | None, warnings: list[str]):
        self.base_url = base_url
        self.warnings = warnings
        self.blocks: list[Block] = []
        #: Inline elements known to hold block content, or not (see ``_holds_blocks``).
        self._holds_blocks_cache: dict[etree._Element, bool] = {}

    def walk(self, root: etree._Element) -> None:
        # Each stack entry: (child iterator, pending inline parts, tail to add to parent).
        stack: list[tuple[object, list[str], str | None]] = [(iter(root), [root.text or ""], None)]
        while stack:
            children, inline, tail = stack[-1]
            child = next(children, None)  # type: ignore[call-overload]
            if child is None:
                self._flush(inline)
                stack.pop()
                if stack and tail:
                    stack[-1][1].append(escape(tail))
                continue
            if not isinstance(child.tag, str):
                if child.tail:
                    inline.append(escape(child.tail))
                continue
            tag = child.tag
            if child.get("role") == "heading" and tag not in patterns.HEADING_TAGS:
                # ARIA headings (a styled <div role="heading" aria-level="3">) are headings.
                self._flush(inline)
                self._aria_heading(child)
                if child.tail:
                    inline.append(escape(child.tail))
                continue
            styled = _styled_heading_level(child)
            if styled is not None:
                # A <div class="h3"> or <p class="heading-3"> is styled as a heading with
                # the CSS framework's heading classes: it is one, at that level.
                self._flush(inline)
                text = heading_text(child)
                if text:
                    self.blocks.append(Block("heading", child, text=text, level=styled))
                if child.tail:
                    inline.append(escape(child.tail))
                continue
            if self._is_container(child):
                self._flush(inline)
                if self._special_container(child):
                    if child.tail:
                        inline.append(escape(child.tail))
                    continue
                stack.append((iter(child), [escape(child.text or "")], child.tail))
                continue
            if tag == "br" and _take_trailing_break(inline):
                # Two line breaks in a run of loose text end a paragraph (a Blogger post
                # body, an old theme's "text<br><br>text"), as they do for the reader.
                self._flush(inline)
                if child.tail:
                    inline.append(escape(child.tail))
                continue
            if tag not in patterns.BLOCK_TAGS:
                inline.append(etree.tostring(child, encoding=str, method="html", with_tail=False))
                if child.tail:
                    inline.append(escape(child.tail))
                continue
            self._flush(inline)
            if tag in ("ol", "ul") and self._has_heading_items(child):
                stack.append((self._list_items(child), [], child.tail))
                continue
            if tag == "table" and _prose_chars(child) >= patterns.LAYOUT_TABLE_MIN_PROSE_CHARS:
                # A layout table (the page, or its columns, in cells): walk the cells.
                stack.append((self._table_cells(child), [], child.tail))
                continue
            self._block(child)
            if child.tail:
                inline.append(escape(child.tail))

    # -- containers ------------------------------------------------------------------------

    def _is_container(self, element: etree._Element) -> bool:
        tag = element.tag
        if tag in patterns.CONTAINER_TAGS and tag != "span":
            return True
        if tag == "figure":
            # A figure is one picture, table or quote, unless it holds sections of prose (an
            # unclosed <figure> swallows the rest of the article): then it is walked.
            return _prose_chars(element) >= patterns.FIGURE_MAX_PROSE_CHARS
        if tag in ("ul", "ol", "nav"):
            # An unclosed list or menu that swallowed sections of the page (a <main>, an
            # <article>, a <div> of paragraphs among its items) is walked, not one list.
            return any(
                isinstance(child.tag, str)
                and child.tag not in ("li", "ul", "ol")
                and _prose_chars(child) >= patterns.FIGURE_MAX_PROSE_CHARS
                for child in element
            )
        if "-" in tag:
            # A custom element (<ps-header>, <article-body>) wraps blocks like a <div>, or
            # a few words like a <span>.
            return bool(len(element) and self._holds_blocks(element))
        return bool(tag in _INLINE_CONTAINERS and len(element) and self._holds_blocks(element))

    def _holds_blocks(self, element: etree._Element) -> bool:
        """Whether ``element`` has block content inside, answered once per subtree.

        Searching the descendants for every element of a deeply nested inline run walks the
        same subtree again at each level (quadratic: minutes for 2,000 nested ``<em>``).
        One pass over the subtree in reverse document order answers for every element in
        it, children first.
        """
        cached = self._holds_blocks_cache.get(element)
        if cached is not None:
            return cached
        cache = self._holds_blocks_cache
        for node in reversed(list(element.iter())):
            if not isinstance(node.tag, str):
                continue
            cache[node] = any(
                isinstance(child.tag, str)
                and (child.tag in _BLOCK_DESCENDANT_TAGS or cache.get(child, False))
                for child in node
            )
        return cache[element]

    def _special_container(self, element: etree._Element) -> bool:
        """Emit FAQ widgets as one block instead of walking into them."""
        itemtype = element.get("itemtype") or ""
        tokens = class_tokens(element)
        if "FAQPage" in itemtype or any(patterns.FAQ_WIDGET_TOKEN_RE.match(t) for t in tokens):
            items = _widget_faq_items(element)
            if items:
                self.blocks.append(Block("faq", element, faq_items=items))
                return True
        if itemtype.endswith("/Question"):
            items = _microdata_question(element)
            if items:
                self.blocks.append(Block("faq", element, faq_items=items))
                return True
        return False

    def _has_heading_items(self, element: etree._Element) -> bool:
        return any(
            child.tag == "li" and any(g.tag in patterns.HEADING_TAGS for g in child.iter())
            for child in element
        )

    def _list_items(self, element: etree._Element):
        """Walk ``<li>`` children as containers, numbering their first heading."""
        start = element.get("start")
        number = int(start) if start and start.isdigit() else 1
        for child in element:
            if child.tag != "li":
                continue
            first_heading = next((g for g in child.iter(*patterns.HEADING_TAGS)), None)
            before = len(self.blocks)
            yield from self._as_container(child)
            if element.tag == "ol" and first_heading is not None:
                for block in self.blocks[before:]:
                    if block.element is first_heading:
                        block.list_number = number
            number += 1

    def _table_cells(self, table: etree._Element):
        """Walk a layout table's cells as containers, row by row."""
        for row in table_rows(table):
            for cell in row:
                if cell.tag in ("td", "th"):
                    yield from self._as_container(cell)

    def _as_container(self, element: etree._Element):
        # Yield a container element that the walker enters; li itself acts as a div.
        element.tag, original = "div", element.tag
        try:
            yield element
        finally:
            element.tag = original

    # -- leaves ----------------------------------------------------------------------------

    def _flush(self, inline: list[str]) -> None:
        if not inline:
            return
        html = "".join(inline)
        inline.clear()
        if not html.strip():
            return
        fragment = etree.HTML(f"<div>{html}</div>") if "<" in html else None
        text = (
            normalise_space(raw_text(fragment))
            if fragment is not None
            else normalise_space(_unescape(html))
        )
        if text:
            self.blocks.append(Block("text", None, text=text, html=f"<p>{html}</p>"))

    def _block(self, element: etree._Element) -> None:
        tag = element.tag
        if tag in patterns.HEADING_TAGS:
            text = heading_text(element)
            if text:
                self.blocks.append(Block("heading", element, text=text, level=int(tag[1])))
            return
        if tag in (
            "p",
            "pre",
            "address",
            "dl",
            "center",
            "summary",
            "figcaption",
            "dt",
            "dd",
            "li",
        ):
            level = split_heading_level(element)
            if level is not None:
                self.blocks.append(
                    Block("heading", element, text=heading_text(element), level=level)
                )
                return
            self._paragraph(element)
            return
        if tag in ("ul", "ol"):
            if text_of(element):
                self.blocks.append(
                    Block("list", element, text=text_of(element), html=_html(element))
                )
            return
        if tag == "blockquote":
            self._quote(element)
            return
        if tag in ("figure", "picture", "img"):
            self._figure(element)
            return
        if tag == "table":
            if text_of(element):
                self.blocks.append(
                    Block("table", element, text=text_of(element), html=_html(element))
                )
            return
        if tag == "iframe":
            src = element.get("src") or element.get("data-src") or ""
            if src:
                url = src if not src.startswith("//") else "https:" + src
                self.blocks.append(Block("embed", element, url=url))
            return
        if tag == "details":
            self._details(element)
            return
        if tag == "hr":
            self.blocks.append(Block("hr", element))
            return
        if text_of(element):
            self.blocks.append(Block("text", element, text=text_of(element), html=_html(element)))

    def _aria_heading(self, element: etree._Element) -> None:
        text = heading_text(element)
        level = element.get("aria-level") or ""
        if text:
            self.blocks.append(
                Block(
                    "heading",
                    element,
                    text=text,
                    level=int(level) if level in ("1", "2", "3", "4", "5", "6") else 2,
                )
            )

    def _paragraph(self, element: etree._Element) -> None:
        text = text_of(element)
        images = list(element.iter("img"))
        if text:
            self.blocks.append(Block("text", element, text=text, html=_html(element)))
        for img in images:
            ref = image_ref(img, self.base_url, self.warnings)
            if ref is not None:
                self.blocks.append(Block("figure", img, image=ref))

    def _quote(self, element: etree._Element) -> None:
        if element.get("class") and any(
            t in ("twitter-tweet", "instagram-media", "tiktok-embed")
            for t in class_tokens(element)
        ):
            link = next((a.get("href") for a in element.iter("a") if a.get("href")), "")
            if link:
                self.blocks.append(Block("embed", element, url=link))
            return
        if text_of(element):
            self.blocks.append(Block("quote", element, text=text_of(element), html=_html(element)))

    def _figure(self, element: etree._Element) -> None:
        quote = next(element.iter("blockquote"), None)
        if quote is not None:
            self._quote(quote)
            return
        iframe = next(element.iter("iframe"), None)
        if iframe is not None:
            self._block(iframe)
            return
        table = next(element.iter("table"), None)
        if table is not None:
            self._block(table)
            return
        if element.tag == "figure":
            refs = []
            for img in element.iter("img"):
                ref = (
                    figure_image(element, self.base_url, self.warnings)
                    if not refs
                    else image_ref(img, self.base_url, self.warnings)
                )
                if ref is not None:
                    refs.append(ref)
            for ref in refs:
                self.blocks.append(Block("figure", element, image=ref))
            return
        ref = figure_image(element, self.base_url, self.warnings)
        if ref is not None:
            self.blocks.append(Block("figure", element, image=ref))

    def _details(self, element: etree._Element) -> None:
        summary = element.find("summary")
        if summary is None:
            summary = next(element.iter("summary"), None)
        question = text_of(summary) if summary is not None else ""
        parts = []
        if element.text and element.text.strip():
            parts.append(escape(element.text))
        for child in element:
            if child is summary:
                if child.tail and child.tail.strip():
                    parts.append(escape(child.tail))
                continue
            parts.append(etree.tostring(child, encoding=str, method="html"))
        if question:
            self.blocks.append(Block("details", element, text=question, html="".join(parts)))


def _take_trailing_break(inline: list[str]) -> bool:
    """Take a ``<br>`` that ends a run of inline parts (white space may follow it) off the
    run, since the run ends there; whether there was one."""
    for position in range(len(inline) - 1, -1, -1):
        part = inline[position]
        if part == "<br>":
            del inline[position:]
            return True
        if part.strip():
            return False
    return False


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child if row.tag == "tr")
    return rows


_PROSE_TAGS = ("p", "ul", "ol", *sorted(patterns.HEADING_TAGS))
_NOT_PROSE_TAGS = frozenset({"figcaption", "blockquote", "table"})


def _prose_chars(element: etree._Element) -> int:
    """Characters of paragraphs, lists and headings in ``element`` outside its captions,
    quotes and tables, counted up to ``patterns.FIGURE_MAX_PROSE_CHARS``."""
    chars = 0
    for node in element.iter(*_PROSE_TAGS):
        parent = node.getparent()
        while parent is not None and parent is not element:
            if parent.tag in _NOT_PROSE_TAGS:
                break
            parent = parent.getparent()
        else:
            chars += len(text_of(node))
            if chars >= patterns.FIGURE_MAX_PROSE_CHARS:
                break
    return chars


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def _first_token_match(element: etree._Element, regex: re.Pattern[str]) -> etree._Element | None:
    for node in element.iter(etree.Element):
        if node is element:
            continue
        if any(regex.match(token) for token in class_tokens(node)):
            return node
    return None


def _widget_faq_items(element: etree._Element) -> list[tuple[str, str]]:
    """Questions and answers of a Yoast / Rank Math / microdata / accordion FAQ block."""
    items: list[tuple[str, str]] = []
    questions = element.xpath('.//*[contains(@itemtype, "schema.org/Question")]')
    if questions:
        for question in questions:
            items.extend(_microdata_question(question))
        return items
    entries = [
        node
        for node in element.iter(etree.Element)
        if node is not element
        and any(patterns.FAQ_ITEM_TOKEN_RE.match(t) for t in class_tokens(node))
    ]
    if not entries:
        entries = [element]
    for entry in entries:
        question_elements = [
            node
            for node in entry.iter(etree.Element)
            if node is not entry
            and any(patterns.FAQ_QUESTION_TOKEN_RE.match(t) for t in class_tokens(node))
        ]
        answer_elements = [
            node
            for node in entry.iter(etree.Element)
            if node is not entry
            and any(patterns.FAQ_ANSWER_TOKEN_RE.match(t) for t in class_tokens(node))
        ]
        # Outermost matches only.
        question_elements = _outermost(question_elements)
        answer_elements = _outermost(answer_elements)
        questions = set(question_elements)
        for index, question in enumerate(question_elements):
            text = text_of(question)
            if not text:
                continue
            answer = answer_elements[index] if index < len(answer_elements) else None
            if answer is None:
                # An answer panel with a class of its own ("faq-conts"): the element right
                # after the question, as accordions are built.
                following = question.getnext()
                if following is not None and following not in questions and text_of(following):
                    answer = following
            items.append((text, _html(answer) if answer is not None else ""))
    return items


def _outermost(elements: list[etree._Element]) -> list[etree._Element]:
    chosen = set()
    result = []
    for element in elements:
        if any(ancestor in chosen for ancestor in element.iterancestors()):
            continue
        chosen.add(element)
        result.append(element)
    return result


def _microdata_question(element: etree._Element) -> list[tuple[str, str]]:
    name = element.xpath('.//*[@itemprop="name"]')
    answer = element.xpath('.//*[@itemprop="acceptedAnswer"]')
    if not name:
        return []
    question = text_of(name[0]) or (name[0].get("content") or "").strip()
    if not question:
        return []
    answer_html = ""
    if answer:
        text_el = answer[0].xpath('.//*[@itemprop="text"]')
        answer_html = _html(text_el[0] if text_el else answer[0])
    return [(question, answer_html)]
