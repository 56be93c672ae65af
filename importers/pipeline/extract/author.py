"""The authors' boxes: name, bio, photo and profile links of each person credited.

Author boxes come from theme code or plugins (Simple Author Box, Elementor, Gutenberg's
post-author block…) and sometimes only from schema.org Person data. Each credited person gets
the box that mentions them; a box without real prose is a name card and yields no bio.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.bylines import clean_author_name
from importers.pipeline.extract.images import image_ref
from importers.pipeline.extract.metadata import Metadata
from importers.pipeline.model import AuthorInfo
from importers.pipeline.parse import PageIndex, class_tokens, normalise_space, text_of
from importers.pipeline.richtext import BIO_FEATURES, sanitise

__all__ = ["extract_author", "extract_authors"]

logger = logging.getLogger(__name__)


def _box_candidates(index: PageIndex) -> list[etree._Element]:
    return index.union(
        index.find("class", patterns.AUTHOR_BOX_CLASS_RE.search),
        index.find("id", _contains_author),
        index.find("itemtype", _contains_person),
    )


def _contains_author(value: str) -> bool:
    return "author" in value


def _contains_person(value: str) -> bool:
    return "Person" in value


def _boxes(index: PageIndex) -> list[etree._Element]:
    found = []
    for element in _box_candidates(index):
        if element.tag in ("a", "span", "img", "p", "h2", "h3", "h4", "h5", "h6"):
            continue
        if element.get("itemtype", "").endswith("/Person") and element.get("itemprop") in (
            "author",
            "creator",
            None,
        ):
            found.append(element)
            continue
        # The class or the id (<section id="author-bio">) names an author box.
        if any(patterns.AUTHOR_BOX_TOKEN_RE.match(t) for t in class_tokens(element)):
            found.append(element)
    outermost = []
    for element in found:
        if any(ancestor in outermost for ancestor in element.iterancestors()):
            continue
        if any("comment" in " ".join(class_tokens(a)) for a in element.iterancestors()):
            continue
        outermost.append(element)
    return outermost


def _bio_element(box: etree._Element, name: str) -> etree._Element | None:
    described = box.xpath('.//*[@itemprop="description"]')
    if described:
        return described[0]
    marked = [
        element
        for element in box.iter(etree.Element)
        if element is not box
        and _bio_tokens(class_tokens(element))
        and len(text_of(element)) >= patterns.MIN_BIO_CHARS
    ]
    # The innermost one: "author-bio-content" holds the name heading and the description.
    for element in marked:
        if not any(other is not element and element in other.iterancestors() for other in marked):
            return element
    paragraphs = [p for p in box.iter("p") if len(text_of(p)) >= patterns.MIN_BIO_CHARS]
    if paragraphs:
        return max(paragraphs, key=lambda p: len(text_of(p)))
    return None


def _bio_tokens(tokens: list[str]) -> bool:
    """Class tokens of a bio, not of the name or title above it ("author-bio-title")."""
    return any(patterns.AUTHOR_BIO_TOKEN_RE.search(t) for t in tokens) and not any(
        patterns.AUTHOR_NAME_TOKEN_RE.search(t) for t in tokens
    )


def _name_in_box(box: etree._Element) -> str:
    for xpath in ('.//*[@itemprop="name"]', './/*[@rel="author"]'):
        found = box.xpath(xpath)
        if found and text_of(found[0]):
            return clean_author_name(text_of(found[0]))
    for element in box.iter(etree.Element):
        tokens = class_tokens(element)
        if (
            element is not box
            and tokens
            and any(patterns.AUTHOR_NAME_TOKEN_RE.search(t) for t in tokens)
        ):
            text = clean_author_name(text_of(element))
            if 0 < len(text) <= patterns.MAX_AUTHOR_NAME_CHARS:
                return text
    for heading in box.iter("h2", "h3", "h4", "h5", "strong"):
        text = clean_author_name(text_of(heading))
        if 0 < len(text) <= 60 and not text.lower().startswith(("about", "author")):
            return text
    return ""


def extract_author(
    root: etree._Element,
    meta: Metadata,
    base_url: str | None,
    warnings: list[str],
    index: PageIndex | None = None,
) -> AuthorInfo | None:
    """Return the main (first) credited author, or ``None`` if uncredited: see
    :func:`extract_authors`."""
    authors = extract_authors(root, meta, base_url, warnings, index)
    return authors[0] if authors else None


def extract_authors(
    root: etree._Element,
    meta: Metadata,
    base_url: str | None,
    warnings: list[str],
    index: PageIndex | None = None,
) -> list[AuthorInfo]:
    """Return every credited author, in credit order, each with bio, photo and links.

    Args:
        root: The whole parsed page (before cleaning; author boxes sit outside the content).
        meta: The metadata step's result (``author_names``, JSON-LD Person).
        base_url: The page URL, for photo and link URLs.
        warnings: Receives messages about dropped images.
        index: The page's :class:`~importers.pipeline.parse.PageIndex`, when the caller shares one.

    Returns:
        One :class:`AuthorInfo` per person credited; empty when nobody is.
    """
    names = list(meta.author_names) or ([meta.author_name] if meta.author_name else [])
    boxes = _boxes(index if index is not None else PageIndex(root))
    if not names:
        # Credited only by an author box: its name.
        with_bio = [box for box in boxes if _bio_element(box, "") is not None]
        name = _name_in_box(with_bio[0]) if with_bio else ""
        names = [name] if name else []
    people = list(meta.author_people) + [None] * (len(names) - len(meta.author_people))
    if meta.author_person and not people[0]:
        people[0] = meta.author_person
    used: set[int] = set()
    return [
        _author(name, _box_for(name, boxes, used), person or {}, base_url, warnings)
        for name, person in zip(names, people, strict=False)
    ]


def _box_for(name: str, boxes: list[etree._Element], used: set[int]) -> etree._Element | None:
    """The first unused box that mentions ``name``."""
    for number, box in enumerate(boxes):
        if number not in used and name.lower() in text_of(box).lower():
            used.add(number)
            return box
    return None


def _author(
    name: str,
    chosen: etree._Element | None,
    person: dict[str, Any],
    base_url: str | None,
    warnings: list[str],
) -> AuthorInfo:
    author = AuthorInfo(name=name)
    if chosen is not None:
        bio = _bio_element(chosen, name)
        if bio is not None and normalise_space(text_of(bio)).lower() != name.lower():
            author.bio_html = sanitise(
                etree.tostring(bio, encoding=str, method="html", with_tail=False), BIO_FEATURES
            )
        img = next(chosen.iter("img"), None)
        if img is not None:
            ref = image_ref(img, base_url, warnings)
            author.photo_url = ref.src if ref else ""
        links = []
        for link in chosen.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or patterns.NON_PROFILE_LINK_RE.search(href):
                continue
            href = urljoin(base_url, href) if base_url else href
            if not author.url and (
                link.get("rel") == "author" or name.lower() in text_of(link).lower()
            ):
                author.url = href
                continue
            if href not in links and href != author.url:
                links.append(href)
        author.links = links
    if not author.bio_html and person.get("description"):
        author.bio_html = sanitise(str(person["description"]), BIO_FEATURES)
    if not author.photo_url:
        image = person.get("image")
        if isinstance(image, dict):
            image = image.get("url") or image.get("contentUrl")
        if isinstance(image, list):
            image = image[0] if image else ""
        if isinstance(image, str) and image and not image.startswith("data:"):
            author.photo_url = urljoin(base_url, image) if base_url else image
    if not author.url and isinstance(person.get("url"), str):
        author.url = person["url"]
    same_as = person.get("sameAs")
    if isinstance(same_as, str):
        same_as = [same_as]
    for link in same_as or []:
        if isinstance(link, str) and link not in author.links:
            author.links.append(link)
    if isinstance(person.get("jobTitle"), str):
        author.role = normalise_space(person["jobTitle"])
    return author
