"""Plain records read from a WordPress export (WXR): the site, its terms, posts and comments.

Only ``str``, ``int``, ``datetime`` and lists of these, so the reader and the pipeline stay
free of Django; the saving step maps them onto pages, authors and comments. Values are kept
as WordPress wrote them (statuses, comment approval and types as their WordPress words),
so the caller decides what to import and can report exactly what it skipped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = [
    "Author",
    "Comment",
    "Item",
    "ItemTerm",
    "ReadProblem",
    "Site",
    "Term",
    "THUMBNAIL_META_KEY",
]

#: The post meta key that names the attachment used as a post's featured image.
THUMBNAIL_META_KEY = "_thumbnail_id"


@dataclass
class Author:
    """A ``<wp:author>`` of the channel; items name their author by ``login``."""

    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""
    author_id: int | None = None

    @property
    def name(self) -> str:
        """The name readers saw: the display name, else first and last name, else login."""
        full = " ".join(part for part in (self.first_name, self.last_name) if part)
        return self.display_name or full or self.login


@dataclass
class Term:
    """A category or tag of the site (``<wp:category>``, ``<wp:tag>``).

    ``parent`` is the parent category's ``slug`` (WordPress writes the nicename, not the id),
    empty for top-level categories and always for tags.
    """

    kind: str  # "category" or "tag"
    slug: str
    name: str = ""
    parent: str = ""
    term_id: int | None = None
    description: str = ""


@dataclass
class Site:
    """The channel: what the export says about the site, with its authors and terms.

    WordPress writes all of it before the first ``<item>``; the reader hands the site over
    when the first item starts, and anything it meets after that is added to the same object.
    """

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: list[Author] = field(default_factory=list)
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)

    def author(self, login: str) -> Author | None:
        """The author with this login, if the export lists one."""
        return next((author for author in self.authors if author.login == login), None)

    def category_path(self, slug: str) -> list[Term]:
        """The category and its ancestors, outermost first (``[Home, Garden]`` for Garden).

        A parent missing from the export ends the path; a cycle (a broken export) is cut
        where it repeats.
        """
        by_slug = {term.slug: term for term in self.categories}
        path: list[Term] = []
        seen: set[str] = set()
        while slug and slug in by_slug and slug not in seen:
            seen.add(slug)
            term = by_slug[slug]
            path.append(term)
            slug = term.parent
        return list(reversed(path))


@dataclass
class ItemTerm:
    """A category or tag attached to an item (``<category domain=… nicename=…>Name``)."""

    domain: str  # "category", "post_tag", or a custom taxonomy such as "post_format"
    slug: str
    name: str = ""


@dataclass
class Comment:
    """A ``<wp:comment>`` of an item.

    ``approved`` is WordPress's word: ``"1"`` (approved), ``"0"`` (pending), ``"spam"`` or
    ``"trash"``; ``comment_type`` is ``""`` or ``"comment"`` for comments, else
    ``"pingback"``/``"trackback"`` (or a plugin's type). ``parent`` is the ``comment_id`` of
    the comment replied to, 0 for top level. ``date`` is UTC (aware) when the export has the
    GMT date, else the site's local time (naive). ``content`` is as stored: text with the
    little HTML WordPress allows in comments, paragraphs separated by blank lines; it is
    not sanitised here.
    """

    comment_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    date: datetime.datetime | None = None
    content: str = ""
    approved: str = ""
    comment_type: str = ""
    parent: int = 0
    user_id: int = 0

    @property
    def is_approved(self) -> bool:
        return self.approved == "1"

    @property
    def is_ping(self) -> bool:
        """A pingback or trackback: a notice from another site, not a reader's comment."""
        return self.comment_type in ("pingback", "trackback")


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item or any custom post type.

    ``content`` is ``content:encoded`` as stored (classic HTML without ``<p>``, or block
    markup); :func:`importers.sources.wordpress.post_document` turns it into a page. ``title`` is
    HTML too, as WordPress stores and serves it (``Media &amp; Text``). ``published`` and
    ``modified`` are UTC (aware) when the export has the GMT date, else local time (naive),
    else ``None`` (a draft that was never dated).
    """

    post_type: str
    post_id: int | None = None
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""
    status: str = ""
    content: str = ""
    excerpt: str = ""
    published: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    author_login: str = ""
    password: str = ""
    parent_id: int = 0
    menu_order: int = 0
    sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)

    @property
    def categories(self) -> list[ItemTerm]:
        return [term for term in self.terms if term.domain == "category"]

    @property
    def tags(self) -> list[ItemTerm]:
        return [term for term in self.terms if term.domain == "post_tag"]

    @property
    def thumbnail_id(self) -> int | None:
        """The post id of the attachment used as featured image, if any."""
        value = self.meta.get(THUMBNAIL_META_KEY, "").strip()
        return int(value) if value.isdigit() else None


@dataclass
class ReadProblem:
    """Why reading stopped early: where the export is malformed, in words a user can act on.

    ``line`` and ``column`` are 1-based positions in the file as given.
    """

    line: int
    column: int
    message: str
    items_read: int = 0

    def __str__(self) -> str:
        return (
            f"the export is malformed at line {self.line}, column {self.column} "
            f"({self.message}); the {self.items_read} items before it were read"
        )
