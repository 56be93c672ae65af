"""The structured article: what the pure extraction steps produce.

Everything here is plain data (dataclasses, ``str``, ``datetime.date``) so the parse and
extract steps stay free of Django; ``importers.streamfield`` turns an :class:`Article` into
StreamField data and ``importers.save`` is the only step that touches the database.

Rich-text strings (``*_html``) are already sanitised to Wagtail's rich-text database format
for the features named in ``importers.richtext`` (``<p>``, ``<b>``, ``<i>``, ``<a href>``,
``<ol>``/``<ul>``/``<li>``, ``<h2>``–``<h4>``, ``<hr>``, ``<br>``): no scripts, styles,
event handlers, ``javascript:``/``data:`` URLs or unknown tags.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal


@dataclass
class ImageRef:
    """An image found in the article; ``src`` is resolved against the page URL or file."""

    src: str
    alt: str = ""
    caption: str = ""


@dataclass
class Reason:
    """One numbered item of a listicle.

    ``number`` is the number as displayed on the source page (``None`` when the item was
    unnumbered, e.g. parallel headings promised by the title); the page derives its own
    numbering from position, so this is kept only to report skips and repeats.
    """

    heading: str
    body_html: str = ""
    number: int | None = None
    images: list[ImageRef] = field(default_factory=list)


@dataclass
class Listicle:
    heading: str = ""
    intro_html: str = ""
    items: list[Reason] = field(default_factory=list)
    direction: Literal["ascending", "countdown"] = "ascending"
    start: int = 1


@dataclass
class Question:
    question: str
    answer_html: str = ""


@dataclass
class FAQ:
    heading: str = ""
    items: list[Question] = field(default_factory=list)


@dataclass
class Paragraph:
    """A run of rich text (one or more paragraphs, lists...)."""

    html: str


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Figure:
    image: ImageRef


@dataclass
class Quote:
    text: str
    attribution: str = ""


@dataclass
class Embed:
    url: str


Section = Paragraph | Heading | Figure | Quote | Embed | Listicle | FAQ


@dataclass
class AuthorInfo:
    name: str
    bio_html: str = ""
    photo_url: str = ""
    url: str = ""
    role: str = ""
    links: list[str] = field(default_factory=list)


@dataclass
class Comment:
    """A reader comment; ``body`` is plain text, paragraphs separated by a blank line."""

    author: str
    body: str
    date: datetime.date | None = None
    url: str = ""
    source_id: str = ""
    replies: list[Comment] = field(default_factory=list)


@dataclass
class Article:
    """Everything extracted from one source document, in document order."""

    source: str
    title: str
    canonical_url: str = ""
    #: The first credited author (``authors[0]``), kept for callers written for one.
    author: AuthorInfo | None = None
    published: datetime.date | None = None
    updated: datetime.date | None = None
    intro_html: str = ""
    body: list[Section] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Everyone the byline credits, in its order; empty means ``[author]`` if there is one.
    authors: list[AuthorInfo] = field(default_factory=list)
    #: The language the page declares (a BCP 47 tag such as ``ar``), and its ``dir``.
    language: str = ""
    direction: str = ""

    @property
    def credited(self) -> list[AuthorInfo]:
        """The authors to save: ``authors``, else the single ``author``."""
        if self.authors:
            return self.authors
        return [self.author] if self.author is not None else []
