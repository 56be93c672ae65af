"""The structured article: what the pure extraction steps produce.

Everything here is plain data (dataclasses, ``str``, ``datetime.date``) so the parse and
extract steps stay free of Django; ``importers.store.streamfield`` turns an :class:`Article` into
StreamField data and ``importers.store.save`` is the only step that touches the database.

Rich-text strings (``*_html``) are already sanitised to Wagtail's rich-text database format
for the features named in ``importers.pipeline.richtext`` (``<p>``, ``<b>``, ``<i>``, ``<a href>``,
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


#: What a source says about a comment's moderation (``Comment.status``): shown as
#: published, waiting for a moderator, or marked as spam.
COMMENT_APPROVED, COMMENT_PENDING, COMMENT_SPAM = "approved", "pending", "spam"


@dataclass
class Comment:
    """A reader comment; ``body`` is plain text, paragraphs separated by a blank line.

    ``date`` is a day for comments read from a page, a (timezone-aware) ``datetime`` when
    the source records the time (a WordPress export). ``status`` is ``""`` when the source
    does not say (a comment shown on a page was published), else one of
    ``COMMENT_APPROVED``, ``COMMENT_PENDING`` or ``COMMENT_SPAM``.
    """

    author: str
    body: str
    date: datetime.date | None = None
    url: str = ""
    source_id: str = ""
    replies: list[Comment] = field(default_factory=list)
    status: str = ""
    #: Never shown; kept for moderators, as the source site kept it.
    email: str = ""


#: A page's publication, as a structured source states it (``Publication.state``).
LIVE, DRAFT, SCHEDULED = "live", "draft", "scheduled"
#: View restrictions (``Publication.restriction``): readers must log in, or give a password.
LOGIN, PASSWORD = "login", "password"


@dataclass
class Publication:
    """Whether the page goes live, when, and who may read it.

    Given by sources that know (a WordPress post's status and password); pages read from
    HTML have none, and the import's ``publish`` option decides.
    """

    state: str = DRAFT
    #: When a ``SCHEDULED`` page goes live (timezone-aware).
    go_live_at: datetime.datetime | None = None
    restriction: str = ""
    password: str = ""
    #: The source's own word for it (WordPress: ``publish``, ``private``, ``future``…).
    source_status: str = ""


@dataclass
class Category:
    """A category the source files the article under; ``slug`` identifies it."""

    slug: str
    name: str


@dataclass
class PageMetadata:
    """What a structured source (a WordPress export) says about the page beyond its text.

    Pages read from HTML have none (``Article.page is None``) and are saved as before.
    """

    #: The source's own slug, kept where it is free under the parent page.
    slug: str = ""
    search_description: str = ""
    tags: list[str] = field(default_factory=list)
    #: Each category with its ancestors, outermost first (``[Outdoors, Cycling]``).
    categories: list[list[Category]] = field(default_factory=list)
    featured_image: ImageRef | None = None
    publication: Publication | None = None
    #: Other keys a re-import may find the page by (the post id, the GUID) when the
    #: canonical URL changed between exports.
    aliases: list[str] = field(default_factory=list)
    #: Paths (with query, if any) the article was served at: each gets a permanent redirect
    #: to the new page where that path is free.
    old_paths: list[str] = field(default_factory=list)
    #: Comments the source had but the import leaves out, by reason (``{"pingback or
    #: trackback": 2}``), for the report.
    comments_skipped: dict[str, int] = field(default_factory=dict)


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
    #: Page fields a structured source states (slug, tags, status…); ``None`` for HTML.
    page: PageMetadata | None = None

    @property
    def credited(self) -> list[AuthorInfo]:
        """The authors to save: ``authors``, else the single ``author``."""
        if self.authors:
            return self.authors
        return [self.author] if self.author is not None else []
