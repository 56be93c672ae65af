"""Build an lxml tree from document text, plus the small tree helpers every step uses.

lxml (libxml2) builds a whole page's tree about ten times faster than BeautifulSoup, and
XPath runs in C, so every extraction step works on this tree. libxml2 gives up on documents
nested deeper than 2048 levels (and drops the rest of the page), so such documents are
flattened before parsing instead of failing.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Callable, Iterable

from lxml import etree

from importers.errors import SourceReadError
from importers.pipeline import patterns

__all__ = [
    "parse_html",
    "PageIndex",
    "raw_text",
    "text_of",
    "normalise_space",
    "class_tokens",
    "is_in_tree",
]

logger = logging.getLogger(__name__)

#: Longest tag kept whole; longer ones lose whole attributes until they fit.
MAX_TAG_CHARS = 100_000
_HUGE_TAG_RE = re.compile(f"<[^<>]{{{MAX_TAG_CHARS},}}>")
_TAG_NAME_RE = re.compile(r"<[^\s<>/]*")
#: One attribute: its name, then optionally ``=`` and a quoted or bare value.
_ATTRIBUTE_RE = re.compile(r"""\s*([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?\s*""")


def parse_html(text: str, source: str) -> etree._Element:
    """Parse an HTML document into an lxml tree.

    Args:
        text: The document text (see :func:`importers.pipeline.read.decode_html`).
        source: The file name or URL, used in error messages.

    Returns:
        The ``<html>`` element of the parsed document.

    Raises:
        SourceReadError: The text holds no markup at all.
    """
    text = patterns.XML_DECLARATION_RE.sub("", text, count=1)
    if not text or text.isspace():
        raise SourceReadError(source, "is empty (no HTML to import)")
    text = _cap_huge_tags(text, source)
    parser = _make_parser()
    root = _parse(text, parser, source)
    if _hit_depth_limit(parser):
        logger.warning("%s is nested too deeply; flattening it before parsing", source)
        parser = _make_parser()
        root = _parse(_flatten_deep_nesting(text), parser, source)
    _fold_trailing_roots(root)
    return root


def _cap_huge_tags(text: str, source: str) -> str:
    """Shrink tags longer than ``MAX_TAG_CHARS`` by dropping whole attributes.

    libxml2 compares each attribute with every earlier one of its element, so a single tag
    with hundreds of thousands of attributes takes minutes to parse. No real page has a tag
    that long; what goes is only attributes. They are dropped whole: cutting a tag inside a
    quoted value (a ``data:`` URI in a ``src``) leaves the quote open, and the parser then
    reads the rest of the page as that attribute's value.
    """
    if not _has_huge_tag(text):
        return text
    logger.warning(
        "%s has tags over %d characters; dropping attributes that do not fit",
        source,
        MAX_TAG_CHARS,
    )
    return _HUGE_TAG_RE.sub(lambda m: _shrink_tag(m.group(0)), text)


def _has_huge_tag(text: str, limit: int = MAX_TAG_CHARS) -> bool:
    """Whether ``_HUGE_TAG_RE`` matches ``text``, without running it over the whole page.

    The expression scans every tag and script up to its end, which cost a third as much
    as parsing. A tag of ``limit`` characters or more lies in a run of at least ``limit``
    characters without ``>``, and such runs are found by jumping from ``>`` to ``>`` up to
    ``limit`` characters at a time; in a run, only its last ``<`` can open a tag that the
    run's closing ``>`` ends without another ``<`` in between.
    """
    size, position = len(text), 0
    while position + limit <= size:
        last = text.rfind(">", position, position + limit)
        if last >= 0:
            position = last + 1
            continue
        end = text.find(">", position + limit)
        if end < 0:
            return False
        start = text.rfind("<", position, end)
        if start >= 0 and end - start - 1 >= limit:
            return True
        position = end + 1
    return False


def _shrink_tag(tag: str) -> str:
    """Keep the tag's name and, in order, each attribute that still fits under the cap."""
    name = _TAG_NAME_RE.match(tag)
    kept = [name.group(0) if name else "<"]
    size = len(kept[0]) + 1
    position = len(kept[0])
    end = len(tag) - 1
    while position < end:
        attribute = _ATTRIBUTE_RE.match(tag, position, end)
        if attribute is None or attribute.end() == position:
            # An unbalanced quote or stray character: nothing after it is a safe attribute.
            break
        position = attribute.end()
        piece = attribute.group(0).strip()
        if size + len(piece) + 1 <= MAX_TAG_CHARS:
            kept.append(piece)
            size += len(piece) + 1
    return " ".join(kept) + ">"


def _fold_trailing_roots(root: etree._Element) -> None:
    """Move markup that libxml2 put after the ``<html>`` element back inside it.

    Text after ``</html>`` (or a stray ``<html/>``) ends up in a second top-level element;
    browsers append it to the body, and so do we, so every step sees one tree.
    """
    following = root.getnext()
    if following is None:
        return
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    while following is not None:
        after = following.getnext()
        if isinstance(following.tag, str):
            inner = following.find("body") if following.tag == "html" else None
            for child in list(inner if inner is not None else [following]):
                body.append(child)
        following = after


class PageIndex:
    """The whole page's elements in document order, and attribute lookups over them.

    The steps that read the whole page (metadata, author box, comments) look for elements by
    class, id or microdata. An XPath such as ``//*[contains(@class, "author") or …]``
    evaluates every predicate on every element inside libxml2 and costs more than parsing
    the page (3 ms for one selector on a 1,000-element page). Collecting an attribute's values
    once and testing them with a compiled regular expression costs a fraction of that, and
    the steps share the collected values.

    Build it before cleaning: elements removed later stay in the index.
    """

    def __init__(self, root: etree._Element):
        self.root = root
        #: Every element of the page, document order.
        self.elements: list[etree._Element] = list(root.iter(etree.Element))
        #: Position of each element in :attr:`elements`.
        self.order: dict[etree._Element, int] = dict(zip(self.elements, itertools.count()))
        self._values: dict[str, _AttributeValues] = {}

    def values(self, attribute: str) -> list[tuple[str, etree._Element]]:
        """Every value of ``attribute`` on the page with its element, in document order.

        Elements that libxml2 left beside the ``<html>`` element (not in :attr:`elements`)
        are included, as an XPath ``//@class`` over the document would.
        """
        return self._collected(attribute).everywhere

    def values_between(
        self, attribute: str, low: int, high: int
    ) -> list[tuple[str, etree._Element]]:
        """:meth:`values` of the elements at positions ``low`` to ``high`` (excluded) of
        :attr:`elements`, found by bisection rather than by looking every element up."""
        found = self._collected(attribute)
        start = bisect.bisect_left(found.positions, low)
        end = bisect.bisect_left(found.positions, high, start)
        return found.inside[start:end]

    def find(self, attribute: str, test: Callable[[str], object]) -> list[etree._Element]:
        """Elements whose ``attribute`` value passes ``test``, in document order.

        Args:
            attribute: One of ``class``, ``id``, ``itemprop``, ``itemtype``, ``rel``, or any
                other attribute name.
            test: Called with the raw attribute value, e.g. a compiled regex's ``search``.
        """
        return [element for value, element in self.values(attribute) if test(value)]

    def _collected(self, attribute: str) -> _AttributeValues:
        found = self._values.get(attribute)
        if found is None:
            shared = attribute in _SHARED_ATTRIBUTES
            self._values.update(_collect(self, _SHARED_ATTRIBUTES if shared else (attribute,)))
            found = self._values[attribute]
        return found

    def union(self, *groups: Iterable[etree._Element]) -> list[etree._Element]:
        """The elements of all ``groups`` once each, in document order."""
        found = {element for group in groups for element in group}
        order = self.order
        return sorted(found, key=lambda element: order.get(element, -1))


#: The attributes the whole-page steps look elements up by. Every page needs them all, and
#: one walk reading each element's attribute names took two thirds of the time of five
#: walks reading one attribute each.
_SHARED_ATTRIBUTES = ("class", "id", "itemprop", "itemtype", "rel")


class _AttributeValues:
    """One attribute's values on a page (see :meth:`PageIndex.values`).

    Reading the attributes of each element already in the index is faster than an XPath
    ``//@name``, whose results are "smart strings" that each carry their element.
    """

    def __init__(self) -> None:
        #: Values of the elements in ``index.elements``, and those elements' positions.
        self.positions: list[int] = []
        self.inside: list[tuple[str, etree._Element]] = []
        #: The values of the whole document, in document order.
        self.everywhere = self.inside


def _collect(index: PageIndex, attributes: tuple[str, ...]) -> dict[str, _AttributeValues]:
    """The values of ``attributes`` on the page, in one walk over its elements."""
    found = {attribute: _AttributeValues() for attribute in attributes}
    for position, element in enumerate(index.elements):
        # A parsed element has each attribute name once (libxml2 drops repeats).
        for name in element.keys():  # noqa: SIM118 - iterating an element gives its children
            values = found.get(name)
            if values is not None:
                values.positions.append(position)
                values.inside.append((element.get(name), element))
    root = index.root
    for attribute, values in found.items():
        before = _outside_values(reversed(list(root.itersiblings(preceding=True))), attribute)
        after = _outside_values(root.itersiblings(), attribute)
        if before or after:
            values.everywhere = before + values.inside + after
    return found


def _outside_values(
    siblings: Iterable[etree._Element], attribute: str
) -> list[tuple[str, etree._Element]]:
    """The attribute's values in the subtrees of ``siblings`` of the ``<html>`` element."""
    return [
        (value, element)
        for sibling in siblings
        for element in sibling.iter(etree.Element)
        if (value := element.get(attribute)) is not None
    ]


def _make_parser() -> etree.HTMLParser:
    # A plain etree parser: lxml.html's element classes cost a Python lookup per element
    # proxy, which dominated the extraction time; nothing here needs their methods.
    # The text reaches libxml2 as UTF-8 (see _parse), so the parser must not guess.
    return etree.HTMLParser(
        encoding="utf-8",
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
        no_network=True,
        collect_ids=False,
        default_doctype=False,
    )


def _parse(text: str, parser: etree.HTMLParser, source: str) -> etree._Element:
    # libxml2 works in UTF-8: handed a str, lxml has it convert the whole page from
    # lxml's wide internal form, which costs more than encoding it here.
    try:
        markup: str | bytes = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: only lxml's own conversion accepts them
        markup = text
    try:
        root = etree.fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise SourceReadError(source, f"could not be parsed as HTML ({error})") from error
    if root is None:
        raise SourceReadError(source, "could not be parsed as HTML")
    return root


def _hit_depth_limit(parser: etree.HTMLParser) -> bool:
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _flatten_deep_nesting(text: str) -> str:
    """Drop tags nested deeper than ``MAX_NESTING_DEPTH``, keeping their text.

    A linear scan with a stack of open tags; only used for pathological documents.
    """
    out: list[str] = []
    stack: list[str] = []
    dropped: list[str] = []
    pos = 0
    for match in patterns.TAG_TOKEN_RE.finditer(text):
        out.append(text[pos : match.start()])
        pos = match.end()
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if name in patterns.VOID_TAGS or attrs.rstrip().endswith("/"):
            out.append(match.group(0))
            continue
        if not closing:
            if len(stack) >= patterns.MAX_NESTING_DEPTH:
                dropped.append(name)
                continue
            stack.append(name)
            out.append(match.group(0))
            continue
        if dropped and dropped[-1] == name:
            dropped.pop()
            continue
        if name in stack:
            while stack and stack[-1] != name:
                stack.pop()
            stack.pop()
        out.append(match.group(0))
    out.append(text[pos:])
    return "".join(out)


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space and strip."""
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    return " ".join(text.split())


def raw_text(element: etree._Element) -> str:
    """Return all the text inside the element (not its tail), whitespace as in the source.

    Serialising with ``method="text"`` joins the text in C: several times faster than
    ``"".join(element.itertext())``, which yields every text node to Python.
    """
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def text_of(element: etree._Element) -> str:
    """Return the element's visible text with whitespace normalised."""
    return normalise_space(raw_text(element))


def class_tokens(element: etree._Element) -> list[str]:
    """Return the lower-cased class tokens and id of an element."""
    classes = element.get("class") or ""
    tokens = classes.lower().split()
    element_id = element.get("id")
    if element_id:
        tokens.append(element_id.lower())
    return tokens


def is_in_tree(element: etree._Element, root: etree._Element) -> bool:
    """Return whether ``element`` is ``root`` or one of its descendants."""
    node = element
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def split_heading_level(paragraph: etree._Element) -> int | None:
    """The level of the heading a ``<hN><p>Text</p></hN>`` was written as, given its ``<p>``.

    The HTML parser closes the heading at the ``<p>`` (browsers keep it inside), leaving an
    empty heading right before the paragraph that was its text; ``None`` for any other
    paragraph.
    """
    before = paragraph.getprevious()
    if (
        paragraph.tag != "p"
        or before is None
        or before.tag not in patterns.HEADING_TAGS
        or len(before)
        or (before.text or "").strip()
        or (before.tail or "").strip()
        or len(text_of(paragraph)) > patterns.MAX_TITLE_CHARS
    ):
        return None
    return int(before.tag[1])
