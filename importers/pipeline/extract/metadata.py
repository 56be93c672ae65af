"""Title, author name, dates and canonical URL of a page.

Structured data (JSON-LD, OpenGraph/``article:*`` meta, microdata) is read first because it
is unambiguous, but the *displayed* values win where a reader would see something else: the
title is the headline on the page (normally the ``<h1>``, not ``<title>``), and a visible date
that differs from the metadata by a day is the local date of a UTC timestamp. The headline
leaves out what a pipe or a title-case tagline after a dash adds to it (:func:`headline_part`),
and an all-capitals headline takes the metadata title's casing.
"""

from __future__ import annotations

import datetime
import html
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.bylines import clean_author_name, find_authors
from importers.pipeline.extract.dates import find_dates, parse_date
from importers.pipeline.parse import (
    PageIndex,
    class_tokens,
    normalise_space,
    split_heading_level,
    text_of,
)

__all__ = [
    "Metadata",
    "extract_metadata",
    "parse_date",
    "clean_author_name",
    "jsonld_nodes",
    "node_types",
]

logger = logging.getLogger(__name__)

_WORD_RE = re.compile(r"\w+", re.UNICODE)
#: Class tokens of containers whose bylines and dates belong to other content (comments,
#: teasers of other posts, sidebars).
_CHROME_ANCESTOR_RE = re.compile(
    r"^(?!author|byline)(?:comments?|comments?-.*|.*-comments?|commentlist|related.*|.*-related|sidebar|widget.*"
    r"|site-footer|teasers?|teaser-.*|more-.*|recommend.*|popular.*|newsletter.*|nav|navigation"
    r"|.*-nav|cards?|.*-card|post-card|promo.*|trending.*|recirc.*|read-next|top-stories"
    r"|respond|loop-entry|entry-related|article-list.*|media-list|more-stories)$"
)


@dataclass
class Metadata:
    """What the metadata step found; ``title_element`` is the displayed headline."""

    title: str = ""
    title_element: etree._Element | None = None
    meta_titles: list[str] = field(default_factory=list)
    #: The people credited, in order (the main author first); ``author_name`` is the first.
    author_names: list[str] = field(default_factory=list)
    author_name: str = ""
    author_element: etree._Element | None = None
    #: The JSON-LD Person of the first author, and of each author (``None`` where absent).
    author_person: dict[str, Any] | None = None
    author_people: list[dict[str, Any] | None] = field(default_factory=list)
    published: datetime.date | None = None
    updated: datetime.date | None = None
    canonical_url: str = ""
    site_name: str = ""
    faq_jsonld: list[tuple[str, str]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)


def extract_metadata(
    root: etree._Element, base_url: str | None = None, index: PageIndex | None = None
) -> Metadata:
    """Read the title, author, dates and canonical URL of a parsed page.

    Args:
        root: The whole parsed page (run before cleaning; JSON-LD lives in ``<script>``).
        base_url: The page URL, to resolve a relative canonical link.
        index: The page's :class:`~importers.pipeline.parse.PageIndex`, when the caller shares one.

    Returns:
        A :class:`Metadata`; fields that were not found are empty.
    """
    meta = _meta_tags(root)
    nodes = jsonld_nodes(root)
    article = _main_article_node(nodes)
    result = Metadata(nodes=nodes)
    result.site_name = normalise_space(meta.get("og:site_name", ""))

    headline = _str(article.get("headline") or article.get("name")) if article else ""
    result.meta_titles = _meta_titles(root, meta, headline, result.site_name)
    result.title_element, displayed = _displayed_title(root, result.meta_titles, result.site_name)
    result.title = headline_part(
        _mended(_cased(displayed, result.meta_titles, result.site_name), result.meta_titles)
    )
    if result.title != displayed and displayed not in result.meta_titles:
        # (the whole line still counts for what it announces: "… | Top 19 Companies")
        result.meta_titles.append(displayed)
    if index is None:
        index = PageIndex(root)
    order = index.order
    title_pos = order.get(result.title_element, 0) if result.title_element is not None else 0
    title_ancestors = (
        list(result.title_element.iterancestors()) if result.title_element is not None else []
    )
    chrome = ChromeTest(title_ancestors)
    # Bylines and dates beside the headline sometimes sit in an <aside>.
    near_chrome = ChromeTest(title_ancestors, tags=("nav",))

    authors = find_authors(
        index,
        title_pos,
        article,
        nodes,
        meta,
        chrome,
        near_chrome,
        site_names=(result.site_name, _publisher_name(article, nodes)),
        url=base_url or _canonical(root, meta, None),
    )
    result.author_names = authors.names
    result.author_name = authors.names[0] if authors.names else ""
    result.author_element = authors.element
    result.author_person = authors.person
    result.author_people = authors.people
    result.canonical_url = _canonical(root, meta, base_url)
    result.published, result.updated = find_dates(
        index,
        article,
        nodes,
        meta,
        title_pos,
        chrome,
        base_url or result.canonical_url,
        month_first=_month_first(root),
        near_chrome=near_chrome,
    )
    result.faq_jsonld = _faq_from_jsonld(nodes)
    return result


# -- structured data ------------------------------------------------------------------------


def _meta_tags(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and key.lower() not in found:
            found[key.lower()] = content.strip()
    return found


def jsonld_nodes(root: etree._Element) -> list[dict[str, Any]]:
    """Return every JSON-LD object on the page, flattening lists and ``@graph``."""
    nodes: list[dict[str, Any]] = []
    for script in patterns.JSONLD_XPATH(root):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                logger.info("Skipping invalid JSON-LD block")
                continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return nodes


def node_types(node: dict[str, Any]) -> set[str]:
    """Return the lower-cased ``@type`` values of a JSON-LD node."""
    value = node.get("@type", ())
    if isinstance(value, str):
        value = (value,)
    return {str(v).lower().rsplit("/", 1)[-1] for v in value if v}


def _main_article_node(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    fallback = None
    for node in nodes:
        types = node_types(node)
        if types & patterns.PRIMARY_ARTICLE_TYPES:
            return node
        if fallback is None and types & patterns.ARTICLE_TYPES:
            fallback = node
    return fallback


def _str(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return normalise_space(str(value)) if value else ""


def _resolve(value: Any, nodes: list[dict[str, Any]]) -> Any:
    """Follow ``{"@id": ...}`` references to the full node."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        for node in nodes:
            if node.get("@id") == value["@id"] and len(node) > len(value):
                return node
    return value


def _faq_from_jsonld(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    items = []
    for node in nodes:
        if "faqpage" not in node_types(node):
            continue
        entities = node.get("mainEntity") or []
        if isinstance(entities, dict):
            entities = [entities]
        for entity in entities:
            entity = _resolve(entity, nodes)
            if not isinstance(entity, dict):
                continue
            question = _str(entity.get("name"))
            answer = entity.get("acceptedAnswer") or {}
            if isinstance(answer, list):
                answer = answer[0] if answer else {}
            answer_text = answer.get("text", "") if isinstance(answer, dict) else str(answer)
            if question:
                items.append((question, str(answer_text or "")))
    return items


# -- title ----------------------------------------------------------------------------------


def _meta_titles(
    root: etree._Element, meta: dict[str, str], headline: str, site_name: str
) -> list[str]:
    titles = []
    for key in patterns.META_TITLE_KEYS:
        if meta.get(key):
            titles.append(normalise_space(meta[key]))
    if headline:
        titles.append(headline)
    title_element = root.find(".//title")
    if title_element is not None:
        raw = text_of(title_element)
        stripped = patterns.TITLE_SITE_SEPARATOR_RE.sub("", raw)
        titles.extend([stripped, raw] if stripped != raw else [raw])
    seen, unique = set(), []
    for title in titles:
        if title and title.lower() not in seen and title.lower() != site_name.lower():
            seen.add(title.lower())
            unique.append(title)
    return unique


def similarity(a: str, b: str) -> float:
    """Token F1 between two strings (order-insensitive, case-insensitive)."""
    tokens_a = set(_WORD_RE.findall(a.lower()))
    tokens_b = set(_WORD_RE.findall(b.lower()))
    if not tokens_a or not tokens_b:
        return 0.0
    common = len(tokens_a & tokens_b)
    return 2 * common / (len(tokens_a) + len(tokens_b))


def _site_names(meta_titles: list[str], site_name: str) -> set[str]:
    """The site's name as the page gives it, lower-cased: ``og:site_name``, and what one
    metadata title adds to another at a separator ("Blog Name: Post title" or "Post title |
    Blog Name" beside an ``og:title`` of "Post title")."""
    names = {site_name.lower()} if site_name else set()
    lowered = [title.lower() for title in meta_titles]
    for longer in lowered:
        for shorter in lowered:
            if len(shorter) >= len(longer):
                continue
            if longer.startswith(shorter):
                match = _TRAILING_SITE_RE.fullmatch(longer[len(shorter) :])
            elif longer.endswith(shorter):
                match = _LEADING_SITE_RE.fullmatch(longer[: -len(shorter)])
            else:
                continue
            # A site's name is shorter than the title it is added to ("NASA SVS" beside
            # "NASA SVS | A long headline" is the site, not the headline the other way).
            if match and len(match.group(1).split()) < len(shorter.split()):
                names.add(match.group(1).strip())
    return names


#: What a site's name adds after a title (" | Site", " - Site") or before it ("Site: ",
#: "Site | ").
_TRAILING_SITE_RE = re.compile(r"\s+[|\-–—•·»]\s+(\S.{0,59})")
_LEADING_SITE_RE = re.compile(r"(.{0,59}\S)(?::|\s+[|\-–—•·»:])\s+")


def _is_logo(
    element: etree._Element,
    site_name: str,
    site_names: set[str] = frozenset(),
    home_link: bool = False,
) -> bool:
    """Whether an ``<h1>`` is the site's name or logo rather than the article's headline.

    With ``home_link`` (when the metadata gives a title to fall back on), an ``<h1>`` that
    only links to the front page counts as the site's name too."""
    text = text_of(element)
    if site_name and text.lower() == site_name.lower():
        return True
    if text.lower() in site_names:
        return True
    for node in element.iter(etree.Element):
        if any(patterns.LOGO_TOKEN_RE.search(t) for t in class_tokens(node)):
            return True
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "main", "article"):
            break
        if any(patterns.LOGO_TOKEN_RE.search(t) for t in class_tokens(node)):
            return True
        if node.tag == "a" and node.get("rel") == "home":
            return True
    return home_link and _links_home(element, text)


def _links_home(element: etree._Element, text: str) -> bool:
    """Whether the heading's whole text is a link to the site's front page (the site name
    in an ``<h1>``): a headline links, if at all, to its own page."""
    link = next(element.iter("a"), None)
    if link is None:
        link = next(element.iterancestors("a"), None)
    if link is None or text_of(link) != text:
        return False
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "?")):
        return False  # the page itself, not the front page
    try:
        parts = urlsplit(href)
    except ValueError:  # a malformed URL ("http://[::1") names no front page
        return False
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def _best_version(text: str, meta_titles: list[str]) -> tuple[str, float]:
    """Return the part of a headline that best matches the metadata titles.

    Headlines sometimes carry a section label ("Politics | Title") or the date
    ("Dec 18 2025 Title"); the version that matches the metadata is the headline.
    """
    versions = [text]
    if " | " in text:
        versions.extend(part.strip() for part in text.split(" | ") if part.strip())
    dated = patterns.DATE_TEXT_RE.match(text)
    if dated and text[dated.end() :].strip():
        versions.append(text[dated.end() :].strip(" -–—|:·"))
    best, best_score = text, -1.0
    for version in versions:
        score = max((similarity(version, title) for title in meta_titles), default=0.0)
        if score > best_score:
            best, best_score = version, score
    return best, best_score


def heading_text(element: etree._Element) -> str:
    """A headline's text: a line break is a space ("WEEKEND<br>CODING AGENT"), block parts
    are kept apart with " | " ("Title | Subtitle", for :func:`_best_version` to choose), and
    entities a CMS escaped twice ("SQL &amp;#x26; AI") are read."""
    if element.find(".//br") is None and not any(
        _title_block(child) for child in element.iterdescendants()
    ):
        text = text_of(element)
    else:
        parts: list[str] = []
        _title_parts(element, parts)
        text = " | ".join(p for p in (normalise_space(part) for part in parts) if p)
    if "&" in text and patterns.ESCAPED_ENTITY_RE.search(text):
        text = html.unescape(text)
    return text


_TITLE_BLOCKS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "li"})
#: Utility classes that show an inline element as a block (Tailwind, Bootstrap): a subtitle
#: on a line of its own inside the headline.
_BLOCK_CLASSES = frozenset({"block", "d-block"})


def _title_block(element: etree._Element) -> bool:
    """Whether a part of a headline is shown on a line of its own."""
    if element.tag in _TITLE_BLOCKS:
        return True
    return bool(element.get("class")) and not _BLOCK_CLASSES.isdisjoint(class_tokens(element))


def _title_parts(element: etree._Element, parts: list[str]) -> None:
    """Collect a heading's text, a new part at each block element (a line break joins)."""
    if not parts:
        parts.append("")
    parts[-1] += " " + (element.text or "")
    for child in element:
        if not isinstance(child.tag, str):
            parts[-1] += " " + (child.tail or "")
            continue
        block = _title_block(child)
        if block:
            parts.append("")
        _title_parts(child, parts)
        if block:
            parts.append("")
        parts[-1] += " " + (child.tail or "")


def _hidden(element: etree._Element) -> bool:
    """Whether a heading sits in a hidden modal, popup or ``display: none`` block (a promo
    after the article, a newsletter dialog), not where readers see it."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            return False
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        style = node.get("style")
        if style and patterns.HIDDEN_STYLE_RE.search(style):
            return True
        if any(patterns.HIDDEN_CONTAINER_TOKEN_RE.match(t) for t in class_tokens(node)):
            return True
    return False


def _displayed_title(
    root: etree._Element, meta_titles: list[str], site_name: str
) -> tuple[etree._Element | None, str]:
    site_names = _site_names(meta_titles, site_name)
    titles = {title.lower() for title in meta_titles}
    h1s = [
        h
        for h in map(_emptied_heading, root.iter("h1"))
        if heading_text(h)
        # An <h1> that reads as the metadata title is the headline, whatever classes (a
        # "bg-brand-…" colour) surround it.
        and (
            heading_text(h).lower() in titles
            or not _is_logo(h, site_name, site_names, home_link=bool(meta_titles))
        )
    ]
    teasers = _teaser_titles(h1s)
    if len(teasers) < len(h1s):
        h1s = [h for h in h1s if h not in teasers]
    scored = [(h, *_best_version(heading_text(h), meta_titles)) for h in h1s]
    visible = [item for item in scored if not _hidden(item[0])]
    matching = [item for item in visible if item[2] >= patterns.TITLE_MATCH_THRESHOLD]
    if meta_titles and not matching:
        # A hidden h1 only when it is the one that matches the metadata.
        matching = [item for item in scored if item[2] >= patterns.TITLE_MATCH_THRESHOLD]
        scored = matching or visible or scored
    elif visible:
        scored = visible
    if scored:
        best = max(scored, key=lambda item: item[2])
        if len(scored) > 1 and best[2] >= patterns.TITLE_MATCH_THRESHOLD:
            return best[0], best[1]
        if len(scored) > 1 and meta_titles:
            # Several <h1>s and none is the metadata's title: the article's own headings
            # (a blog theme that writes its sections as <h1>s). The headline is the
            # heading that matches the metadata, if one does.
            heading = _matching_heading(root, meta_titles)
            if heading is not None:
                return heading, heading_text(heading)
        first = scored[0]
        if (
            not meta_titles
            or first[2] >= patterns.TITLE_UNRELATED_THRESHOLD
            or len(_WORD_RE.findall(meta_titles[0])) < patterns.MIN_HEADLINE_WORDS
        ):
            return first[0], first[1]  # (a one- or two-word <title> names the blog)
        # The only <h1> shares (almost) nothing with any metadata title: a section label, a
        # call to action or the blog's name. The headline is the heading that matches the
        # metadata, else the metadata title itself.
        heading = _matching_heading(root, meta_titles)
        if heading is not None:
            return heading, heading_text(heading)
        return first[0], _without_site(meta_titles[0], site_name)
    # No usable <h1>: a heading styled as the post title, or one matching the metadata.
    for heading in root.iter("h2", "h3", "div", "p", "span"):
        classes = heading.get("class") or ""
        if (
            classes
            and patterns.TITLE_CLASS_RE.search(classes)
            and text_of(heading)
            and (heading.tag in ("h2", "h3") or heading.find(".//*") is None)
        ):
            return heading, heading_text(heading)
    heading = _matching_heading(root, meta_titles, ("h2",))
    if heading is not None:
        return heading, heading_text(heading)
    return None, _without_site(meta_titles[0], site_name) if meta_titles else ""


def _emptied_heading(h1: etree._Element) -> etree._Element:
    """The paragraph an ``<h1><p>Title</p></h1>`` left after the empty ``<h1>`` (see
    :func:`~importers.pipeline.parse.split_heading_level`), else the ``<h1>``."""
    following = h1.getnext()
    if following is not None and split_heading_level(following) == 1:
        return following
    return h1


def _teaser_titles(h1s: list[etree._Element]) -> set[etree._Element]:
    """The ``<h1>``s that title other posts: linked headings repeated with one class (a
    carousel or grid of posts that a theme marks up with ``<h1>``s).

    A headline may link to its own page, but it does so once; the repetition tells a grid.
    """
    linked: dict[tuple[str, ...], list[etree._Element]] = {}
    for h in h1s:
        link = next(h.iter("a"), None)
        if link is None:
            link = next(h.iterancestors("a"), None)
        if link is not None and text_of(link) == text_of(h):
            linked.setdefault(tuple(class_tokens(h)), []).append(h)
    return {h for group in linked.values() if len(group) > 1 for h in group}


def _matching_heading(
    root: etree._Element, meta_titles: list[str], tags: tuple[str, ...] = ("h2", "h3")
) -> etree._Element | None:
    """The visible heading that best matches the metadata titles, if one matches."""
    best_heading, best_score = None, 0.0
    for heading in root.iter(*tags):
        text = heading_text(heading)
        if not text or len(text) > patterns.MAX_TITLE_CHARS:
            continue
        score = max((similarity(text, title) for title in meta_titles), default=0.0)
        if score > best_score and not _hidden(heading):
            best_heading, best_score = heading, score
    return best_heading if best_score >= patterns.TITLE_MATCH_THRESHOLD else None


#: A pipe between parts of a title: "Headline | Tagline", "Section | Headline | Site".
_PIPE_RE = re.compile(r"\s+\|\s+")
#: A spaced dash between a headline and what follows it ("Headline – Subtitle").
_DASH_RE = re.compile(r"\s+[-–—]\s+")
_TITLE_WORD_RE = re.compile(r"[^\s&+/]+")


def headline_part(title: str) -> str:
    """The headline of a title line, without what a pipe or a dash adds to it.

    A pipe never belongs to a headline: the first part of at least
    :data:`~importers.pipeline.patterns.MIN_HEADLINE_WORDS` words is the headline, shorter
    parts before it being the site's or section's name ("News | Headline | Site"). After a
    spaced dash, a part in title case is a tagline ("Headline – Top Local Movers",
    "Headline - Part 1"); one in sentence case continues the headline ("Headline — and five
    more").
    """
    parts = _PIPE_RE.split(title)
    while len(parts) > 1 and _words(parts[0]) < patterns.MIN_HEADLINE_WORDS <= _words(parts[1]):
        parts.pop(0)
    if len(parts) > 1 and _words(parts[0]) >= patterns.MIN_HEADLINE_WORDS:
        parts = parts[:1]
    title = " | ".join(parts)
    dash = _DASH_RE.search(title)
    if (
        dash
        and _words(title[: dash.start()]) >= patterns.MIN_HEADLINE_WORDS
        and _title_case(title[dash.end() :])
    ):
        title = title[: dash.start()]
    return title


#: How close (token overlap) a metadata title must be to an all-capitals headline to give
#: its casing.
_RECASE_SIMILARITY = 0.8


def _cased(title: str, meta_titles: list[str], site_name: str) -> str:
    """An all-capitals headline as the metadata writes it: capitals are the theme's
    typography ("BEST DRIP COFFEE MAKERS"), the metadata title has the words' own case."""
    letters = [c for c in title if c.isalpha()]
    if len(_WORD_RE.findall(title)) < 2 or not all(c.isupper() for c in letters):
        return title
    best, best_score = title, _RECASE_SIMILARITY
    for meta_title in meta_titles:
        candidate = _without_site(meta_title, site_name)
        if candidate.isupper():
            continue
        score = similarity(candidate, title)
        if score >= best_score:
            best, best_score = candidate, score
    return best


#: What a broken encoding leaves of a character or two ("Beginner? Guide").
_MANGLED_RE = re.compile("[?\ufffd]")
_MAX_MANGLED = 4


def _mended(title: str, meta_titles: list[str]) -> str:
    """A headline whose punctuation the site's encoding broke into "?" or "\ufffd", as the
    metadata writes it, when the metadata title reads the same everywhere else."""
    mangled = len(_MANGLED_RE.findall(title.rstrip("?")))
    # (Each mangled character is a choice of width for the matcher: a few keep it cheap
    # whatever the page's title holds.)
    if not 0 < mangled <= _MAX_MANGLED:
        return title
    pattern = re.compile(
        ".{1,3}".join(re.escape(part) for part in _MANGLED_RE.split(title)), re.DOTALL
    )
    for meta_title in meta_titles:
        for candidate in (meta_title, *meta_title.split(" | ")):
            if pattern.fullmatch(candidate.strip()):
                return candidate.strip()
    return title


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _title_case(text: str) -> bool:
    """Whether every word of a text starts with a capital, a digit or a symbol."""
    words = _TITLE_WORD_RE.findall(text)
    return bool(words) and all(not word[0].isalpha() or word[0].isupper() for word in words)


def _without_site(title: str, site_name: str) -> str:
    """A metadata title without the site's name after it ("Learn web development | web.dev",
    "Index Funds: How to Invest | Vanguard")."""
    match = patterns.TITLE_SITE_SEPARATOR_RE.search(title)
    if match is None:
        return title
    suffix = match.group(0).strip(" |-–—•·»:")
    if "." in suffix or (site_name and similarity(suffix, site_name) >= 0.5):
        return title[: match.start()].strip()
    return title


def in_chrome(element: etree._Element) -> bool:
    """Return whether an element sits in comments, related posts, sidebars or teasers."""
    return ChromeTest()(element)


class ChromeTest:
    """:func:`in_chrome` that remembers its verdict on each ancestor: the candidates of one
    page share most of their ancestors, and testing their classes was most of the cost."""

    def __init__(
        self,
        article_ancestors: Iterable[etree._Element] = (),
        tags: tuple[str, ...] = ("aside", "nav"),
    ):
        #: The headline's ancestors hold the article: whatever their class ("offset-nav",
        #: "card"), they are not chrome.
        self._verdicts: dict[etree._Element, bool] = dict.fromkeys(article_ancestors, False)
        self._tags = tags

    def __call__(self, element: etree._Element) -> bool:
        verdicts = self._verdicts
        for node in element.iterancestors():
            verdict = verdicts.get(node)
            if verdict is None:
                verdict = verdicts[node] = node.tag in self._tags or any(
                    _CHROME_ANCESTOR_RE.match(token) for token in class_tokens(node)
                )
            if verdict:
                return True
        return False


def _publisher_name(article: dict[str, Any] | None, nodes: list[dict[str, Any]]) -> str:
    """The name of the article's publisher (an organisation, never the author)."""
    publisher = _resolve(article.get("publisher"), nodes) if article else None
    if isinstance(publisher, dict):
        return _str(publisher.get("name"))
    for node in nodes:
        if "website" in node_types(node) and node.get("name"):
            return _str(node.get("name"))
    return ""


def _month_first(root: etree._Element) -> bool:
    """Whether "03/10/2023" is March 10 on this page: in US English (and pages that do not
    say), not elsewhere."""
    language = (root.get("lang") or root.get("xml:lang") or "").lower().replace("_", "-")
    return language in ("", "en", "en-us") or language.startswith("en-us")


# -- canonical ------------------------------------------------------------------------------


def _canonical(root: etree._Element, meta: dict[str, str], base_url: str | None) -> str:
    url = ""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = link.get("href").strip()
            break
    url = url or meta.get("og:url", "")
    if url and base_url:
        url = urljoin(base_url, url)
    return url
