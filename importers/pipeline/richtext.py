"""Sanitise HTML fragments into Wagtail's rich-text database format.

Security (scripts, event handlers, dangerous URL schemes, unknown tags) is left to nh3, a
maintained Rust sanitiser; this module only reshapes its safe output into what Wagtail's
editor can load: ``<b>``/``<i>`` rather than ``<strong>``/``<em>``, block-level text always in
a ``<p>``, no empty paragraphs, and only the tags of the features the target field enables.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import nh3
from lxml import etree

from importers.pipeline.parse import raw_text

__all__ = ["sanitise", "ALL_FEATURES", "BODY_FEATURES", "ANSWER_FEATURES", "BIO_FEATURES"]

#: Wagtail feature names this module understands.
ALL_FEATURES = ("bold", "italic", "link", "ol", "ul", "h2", "h3", "h4", "blockquote", "hr")
#: Features of a reason body / paragraph run (headings become their own sections).
BODY_FEATURES = ("bold", "italic", "link", "ol", "ul", "blockquote")
ANSWER_FEATURES = ("bold", "italic", "link", "ol", "ul")
BIO_FEATURES = ("bold", "italic", "link")

_URL_SCHEMES = {"http", "https", "mailto"}
#: Tags nh3 keeps (their attributes dropped except ``a[href]``); reshaped afterwards.
_NH3_TAGS = {
    "p",
    "div",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ol",
    "ul",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "br",
    "dt",
    "dd",
    "dl",
    "figcaption",
    "section",
    "article",
    "summary",
    "details",
    "pre",
    "code",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
}
#: Removed together with their content.
_NH3_DROP_CONTENT = {
    "script",
    "style",
    "svg",
    "math",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "textarea",
    "select",
    "button",
    "form",
    "head",
    "title",
    "canvas",
    "audio",
    "video",
}
_RENAMES = {
    "strong": "b",
    "em": "i",
    "h1": "h2",
    "h5": "h4",
    "h6": "h4",
    "dt": "p",
    "dd": "p",
    "figcaption": "p",
    "summary": "p",
    "pre": "p",
    "section": "div",
    "article": "div",
    "details": "div",
    "dl": "div",
    "table": "div",
    "thead": "div",
    "tbody": "div",
    "tr": "p",
    "td": "span",
    "th": "span",
    "code": "span",
}
#: Elements that may stand at the top level of the output.
_TOP_BLOCKS = frozenset({"p", "h2", "h3", "h4", "ol", "ul", "blockquote", "hr"})
_BLOCKISH = _TOP_BLOCKS | {"div", "li"}
_INLINE_ONLY_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
#: The feature each inline tag belongs to (the other features are named after their tag).
_TAG_FEATURES = {"b": "bold", "i": "italic", "a": "link"}

_SPACE_RE = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
_OPEN_SPACE_RE = re.compile(r"(<(?:p|li|h[2-4]|blockquote|ol|ul)>)\s+")
_CLOSE_TAG_RE = re.compile(r"(</(?:p|li|h[2-4]|blockquote|ol|ul)>)")
_BR_SPACE_RE = re.compile(r"\s*<br>\s*")
_EDGE_BR_RE = re.compile(
    r"(<(?:p|li|h[2-4]|blockquote)>)(?:<br>)+|(?:<br>)+(</(?:p|li|h[2-4]|blockquote)>)"
)

_cleaner = nh3.Cleaner(
    tags=_NH3_TAGS,
    attributes={"a": {"href"}},
    url_schemes=_URL_SCHEMES,
    link_rel=None,
    clean_content_tags=_NH3_DROP_CONTENT,
    strip_comments=True,
)


#: Characters XML (and so lxml) cannot hold: C0 controls but tab, newline and carriage
#: return, lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_XML_INCOMPATIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sanitise(html_fragment: str, features: Iterable[str] = ALL_FEATURES) -> str:
    """Return ``html_fragment`` as safe Wagtail rich text limited to ``features``.

    Args:
        html_fragment: Any HTML, trusted or not (a fragment or a whole element).
        features: Wagtail rich-text feature names ("bold", "italic", "link", "ol", "ul",
            "h2", "h3", "h4", "blockquote", "hr"); tags of other features are unwrapped,
            keeping their text.

    Returns:
        A string of top-level ``<p>``/``<h2-4>``/``<ol>``/``<ul>``/``<blockquote>``/``<hr>``
        elements, or ``""`` when nothing visible is left.
    """
    if not html_fragment or not html_fragment.strip():
        return ""
    # The cleaner decodes character references, and "&#1;" becomes a control character
    # that no XML-based parser (nor Wagtail's rich text) can hold: drop those.
    cleaned = _XML_INCOMPATIBLE_RE.sub("", _cleaner.clean(html_fragment))
    if not cleaned.strip():
        return ""
    root = _fragment(cleaned)
    # The steps below walk the tree a dozen times; holding a proxy for every element keeps
    # lxml from building and freeing one per element on each walk.
    proxies = list(root.iter())  # noqa: F841 - held for its side effect
    _rename(root, frozenset(features))
    _flatten_divs(root)
    _inline_only(root)
    _wrap_top_level(root)
    _drop_empty(root)
    _collapse_space(root)
    html = "".join(
        etree.tostring(child, encoding=str, method="html", with_tail=False) for child in root
    )
    has_br = "<br>" in html
    if has_br:
        html = _BR_SPACE_RE.sub("<br>", html)
    html = _OPEN_SPACE_RE.sub(r"\1", html)
    html = _strip_space_before_closing_tags(html)
    if has_br:
        html = _EDGE_BR_RE.sub(lambda m: m.group(1) or m.group(2), html)
    return html.replace("<p></p>", "")


def _strip_space_before_closing_tags(html: str) -> str:
    """Remove whitespace before ``</p>``, ``</li>``… (splitting on the tags is several times
    faster than a pattern that starts with ``\\s+``, which is tried at every character)."""
    parts = _CLOSE_TAG_RE.split(html)
    for index in range(0, len(parts) - 1, 2):
        parts[index] = parts[index].rstrip()
    return "".join(parts)


def _fragment(html: str) -> etree._Element:
    """Parse a fragment into a ``<div>`` (plain etree: no per-element class lookup)."""
    document = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _PARSER)
    return document.find("body/div")


# huge_tree: without it libxml2 silently drops a text node over 10 MB; the document size is
# already capped by MAX_DOCUMENT_BYTES before anything is parsed.
_PARSER = etree.HTMLParser(
    remove_comments=True, no_network=True, default_doctype=False, huge_tree=True
)


def _rename(root: etree._Element, features: frozenset[str]) -> None:
    """Give each tag its Wagtail name, and unwrap or convert the tags of features the field
    does not enable.

    One walk does both: renaming first and converting after took a walk per tag.
    """
    renames, lists = _renames_for(features)
    for element in root.iter(*renames, "a"):
        tag = element.tag
        if tag == "a":
            href = (element.get("href") or "").strip()
            if not href:
                element.tag = "span"
            else:
                element.set("href", href)
            continue
        element.tag = renames[tag]
        if tag in lists:
            for item in element.iterchildren("li"):
                item.tag = "p"
    if "hr" not in features:
        etree.strip_elements(root, "hr", with_tail=False)
    unwrap = [tag for tag in ("b", "i", "a") if _TAG_FEATURES[tag] not in features]
    etree.strip_tags(root, "span", *unwrap)


@functools.cache
def _renames_for(features: frozenset[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The final name of each renamed tag when only ``features`` are enabled, and the list
    tags among them that become ``<div>`` (their items becoming paragraphs)."""
    converted = {level: "p" for level in ("h2", "h3", "h4") if level not in features}
    if "blockquote" not in features:
        converted["blockquote"] = "div"
    lists = tuple(tag for tag in ("ol", "ul") if tag not in features)
    converted.update((tag, "div") for tag in lists)
    renames = {tag: converted.get(name, name) for tag, name in _RENAMES.items()}
    renames.update((tag, name) for tag, name in converted.items() if tag not in renames)
    return renames, lists


def _flatten_divs(root: etree._Element) -> None:
    """Turn leaf ``<div>``s into paragraphs and unwrap the others, deepest first."""
    for div in reversed(list(root.iter("div"))):
        if div is root:
            continue
        if any(child.tag in _BLOCKISH for child in div):
            _wrap_top_level(div)
            div.tag = "unwrap"
        else:
            div.tag = "p"
    etree.strip_tags(root, "unwrap")
    for item in list(root.iter("li")):
        if item.getparent() is not None and item.getparent().tag not in ("ol", "ul"):
            item.tag = "p"


def _inline_only(root: etree._Element) -> None:
    """Keep only inline markup (and nested lists in list items) inside text blocks."""
    for element in reversed(list(root.iter(*_INLINE_ONLY_BLOCKS))):
        inner_blocks = [child for child in element if child.tag in _BLOCKISH]
        if element.tag == "li":
            inner_blocks = [child for child in inner_blocks if child.tag not in ("ol", "ul")]
        if element.tag == "blockquote" or element.tag == "li":
            for child in inner_blocks:
                if child.tag in ("p", "h2", "h3", "h4", "div", "blockquote"):
                    if child.getprevious() is not None or (element.text or "").strip():
                        child.insert(0, etree.Element("br"))
                        child[0].tail, child.text = child.text, None
                    child.tag = "unwrap" if child.tag != "h2" else "b"
                    if child.tag == "b":
                        pass
            etree.strip_tags(element, "unwrap")
        else:
            for child in inner_blocks:
                child.tag = "unwrap"
            etree.strip_tags(element, "unwrap")
    for heading in root.iter("h2", "h3", "h4"):
        etree.strip_tags(heading, "b", "i")


def _wrap_top_level(root: etree._Element) -> None:
    """Wrap runs of bare text and inline elements of ``root`` in ``<p>``."""
    children = list(root)
    text = root.text
    root.text = None
    for child in children:
        root.remove(child)
    current: etree._Element | None = None

    def new_paragraph(initial: str | None = None) -> etree._Element:
        paragraph = etree.SubElement(root, "p")
        paragraph.text = initial
        return paragraph

    if text and text.strip():
        current = new_paragraph(text)
    for child in children:
        if child.tag in _BLOCKISH:
            tail = child.tail
            child.tail = None
            root.append(child)
            current = new_paragraph(tail) if tail and tail.strip() else None
        else:
            if current is None:
                current = new_paragraph()
            current.append(child)


def _drop_empty(root: etree._Element) -> None:
    for element in reversed(
        list(root.iter("p", "li", "h2", "h3", "h4", "blockquote", "b", "i", "a", "ol", "ul"))
    ):
        if element is root or element.getparent() is None:
            continue
        if (element.text and not element.text.isspace()) or raw_text(element).strip():
            continue
        if element.tag in ("b", "i", "a"):
            element.tag = "unwrap"
            continue
        if element.tag in ("ol", "ul") and len(element):
            continue
        if element.tail and element.tail.strip():
            _remove_keep_tail(element)
        else:
            element.getparent().remove(element)
    etree.strip_tags(root, "unwrap")


def _remove_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + element.tail
    else:
        parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _collapse_space(root: etree._Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = _collapse(element.text)
        if element.tail:
            element.tail = _collapse(element.tail)
        if element.tag in ("ol", "ul"):
            element.text = None
            for child in element:
                child.tail = None


def _collapse(text: str) -> str:
    """Collapse runs of whitespace to one space. Most text needs nothing, and the membership
    tests are a tenth of the cost of running the expression (whose character class holds
    non-ASCII characters) over it."""
    if (
        "  " in text
        or "\n" in text
        or "\xa0" in text
        or "\t" in text
        or "\r" in text
        or "\u200b" in text
        or "\f" in text
        or "\v" in text
    ):
        return _SPACE_RE.sub(" ", text)
    return text
