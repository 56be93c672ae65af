"""The elements around the headline that may hold a byline, an author's name or a date,
found in one pass for the author and date steps.

Walking every element of a page in Python costs more than the rest of both steps, so the
page is walked once, near the headline only, with cheap tests (a year or "by"/"author" in a
short text, a date or author class, ``<time>``, a link, a heading); farther down only marked
elements (a ``<time>``, a date or author class, ``rel``/``itemprop``, a link to an author's
page) and labelled lines ("Written by …", "Posted on …"). The steps then apply their own
rules to the few candidates.

Class and id values come from :class:`~importers.pipeline.parse.PageIndex` (collected once
per page) and are sorted by one case-sensitive regular expression (a case-insensitive one
is four times slower); the steps check the tokens of the elements found.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.parse import PageIndex

__all__ = ["Candidates", "candidates", "marked_anywhere"]


@dataclass
class Candidates:
    """Positions (in ``index.elements``, ascending) worth a step's rules, and the elements
    whose class, id, ``rel`` or ``itemprop`` marks an author, byline or date."""

    title_pos: int
    positions: list[int]
    marked: set[etree._Element]


_CACHE: weakref.WeakKeyDictionary[PageIndex, Candidates] = weakref.WeakKeyDictionary()
_ALWAYS = frozenset({"time", "a", "h2", "h3", "h4", "h5", "h6"})
_FAR_TAGS = frozenset({"time", "h2", "h3", "h4", "h5", "h6"})


def candidates(index: PageIndex, title_pos: int) -> Candidates:
    """The candidates within :data:`~importers.pipeline.patterns.BYLINE_BEFORE` elements before the
    headline and :data:`~importers.pipeline.patterns.BYLINE_WINDOW` after it (every element passing
    a cheap test up to :data:`~importers.pipeline.patterns.SCAN_ALL_AFTER`, marked ones beyond)."""
    found = _CACHE.get(index)
    if found is not None and found.title_pos == title_pos:
        return found
    elements, order = index.elements, index.order
    low = max(0, title_pos - patterns.BYLINE_BEFORE)
    near = min(len(elements), title_pos + patterns.SCAN_ALL_AFTER + 1)
    high = min(len(elements), title_pos + patterns.BYLINE_WINDOW + 1)
    marked = _marked(index, low, high)
    positions = {order[e] for e in marked}
    hint = patterns.TEXT_HINT_RE.search
    longest = patterns.MAX_HINT_TEXT_CHARS
    for position in range(low, near):
        element = elements[position]
        if element.tag in _ALWAYS:
            positions.add(position)
            continue
        text = element.text
        if text and len(text) <= longest and hint(text):
            positions.add(position)
            continue
        tail = element.tail
        if tail and len(tail) <= longest and hint(tail):
            positions.add(position)
    href_hint = patterns.AUTHOR_HREF_HINT_RE.search
    label = patterns.FAR_LABEL_RE.search
    for position in range(near, high):
        element = elements[position]
        tag = element.tag
        if tag in _FAR_TAGS or (tag == "a" and href_hint(element.get("href") or "")):
            positions.add(position)
            continue
        # Farther down, plain text counts only with a label ("Written by", "Posted on").
        text = element.text
        if text and len(text) <= longest and label(text):
            positions.add(position)
            continue
        tail = element.tail
        if tail and len(tail) <= longest and label(tail):
            positions.add(position)
    found = Candidates(title_pos, sorted(p for p in positions if low <= p < high), marked)
    _CACHE[index] = found
    return found


def marked_anywhere(index: PageIndex, low: int) -> list[int]:
    """Positions from ``low`` on of elements marked as an author (the end of the article)."""
    order = index.order
    found = {order.get(e, -1) for e in _marked(index, low, len(index.elements), author=True)}
    found.update(order.get(a, -1) for a in patterns.AUTHOR_LINK_XPATH(index.root))
    found.update(order.get(h, -1) for h in index.root.iter("h2", "h3", "h4", "h5", "h6"))
    return sorted(p for p in found if p >= low)


def _marked(index: PageIndex, low: int, high: int, author: bool = False) -> set[etree._Element]:
    found: set[etree._Element] = set()
    tests = _AUTHOR_TESTS if author else _TESTS
    for attribute, test in tests:
        for value, element in index.values_between(attribute, low, high):
            if test(value):
                found.add(element)
    return found


def _author(value: str) -> bool:
    return "author" in value


def _itemprop(value: str) -> bool:
    return "author" in value or value.startswith("date")


def _author_class(value: str) -> bool:
    return "uthor" in value or "yline" in value


_TESTS = (
    ("class", patterns.META_MARK_RE.search),
    ("id", patterns.META_MARK_RE.search),
    ("rel", _author),
    ("itemprop", _itemprop),
)
_AUTHOR_TESTS = (
    ("class", _author_class),
    ("id", _author_class),
    ("rel", _author),
    ("itemprop", _author),
)
