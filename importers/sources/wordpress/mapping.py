"""One exported post as an :class:`~importers.pipeline.model.Article`, record over HTML.

Pure: no Django. The post's content goes through the same pipeline as a served page
(:func:`post_document` then :func:`~importers.pipeline.extract_article`), so listicles and
FAQs come out as they would from the live site. What the export states as data is then
taken from the record instead of guessed from the HTML: the title, the dates, the author's
display name, the permalink, the comments (threaded, with their moderation status), and
the page metadata (:class:`~importers.pipeline.model.PageMetadata`: slug, status, password,
categories, tags, featured image, excerpt, old URL, and the keys that find the page again
when its permalink changes).

Usage::

    reason = skip_reason(item)          # "" for a post to import
    article = post_article(item, site, attachments=..., tz=ZoneInfo("Europe/Paris"))
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from importers.errors import NotAnArticleError
from importers.pipeline import extract_article, model
from importers.pipeline.parse import parse_html
from importers.sources.wordpress.document import post_document
from importers.sources.wordpress.records import Comment, Item, Site

__all__ = [
    "ARTICLE_TYPES",
    "AttachmentInfo",
    "alias_keys",
    "canonical_url",
    "comment_tree",
    "plain_text",
    "post_article",
    "post_publication",
    "post_types",
    "skip_reason",
]

#: Post types imported as articles: posts always, pages when asked (``include_pages``).
ARTICLE_TYPES = ("post",)
PAGE_TYPE = "page"

#: Statuses WordPress never shows to readers and the import leaves out, with the reason
#: the report gives.
SKIPPED_STATUSES = {
    "trash": "status trash (in WordPress's trash)",
    "auto-draft": "status auto-draft (never saved by its author)",
    "inherit": "status inherit (a revision, not a post)",
}
LIVE_STATUSES = ("publish", "private")
DRAFT_STATUSES = ("draft", "pending")
FUTURE_STATUS = "future"
KNOWN_STATUSES = (*LIVE_STATUSES, *DRAFT_STATUSES, FUTURE_STATUS)

#: WordPress's comment approval words, as the page's comment statuses.
COMMENT_STATUSES = {
    "1": model.COMMENT_APPROVED,
    "0": model.COMMENT_PENDING,
    "spam": model.COMMENT_SPAM,
}
PING_SKIPPED = "pingback or trackback"
#: The title WordPress shows for a post without one.
NO_TITLE = "(no title)"
#: Tag names longer than django-taggit stores are cut.
MAX_TAG_CHARS = 100
#: Keys longer than the alias column holds are not kept.
MAX_ALIAS_CHARS = 1000

#: Elements whose end starts a new line or paragraph in plain text.
_PARAGRAPH_TAGS = frozenset({"p", "div", "blockquote", "ul", "ol", "pre", "h1", "h2", "h3"})
_LINE_TAGS = frozenset({"br", "li", "tr"})
_BLANK_LINES_RE = re.compile(r"\n\s*\n")
_SPACES_RE = re.compile(r"[^\S\n]+")


class AttachmentInfo(NamedTuple):
    """An attachment's file URL and alt text, from the export's first pass."""

    url: str
    alt: str = ""


def post_types(include_pages: bool = False) -> frozenset[str]:
    """The post types an import reads: posts, and pages when asked."""
    return frozenset((*ARTICLE_TYPES, PAGE_TYPE) if include_pages else ARTICLE_TYPES)


def skip_reason(item: Item) -> str:
    """Why this post is not imported (its status), or ``""`` to import it."""
    if item.status in SKIPPED_STATUSES:
        return SKIPPED_STATUSES[item.status]
    if item.status not in KNOWN_STATUSES:
        return f"status {item.status or '(none)'} (not a post status the importer knows)"
    return ""


# -- text ------------------------------------------------------------------------------------


class _TextParser(HTMLParser):
    """Collects text, turning block ends into blank lines and ``<br>`` into newlines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _LINE_TAGS:
            self.parts.append("\n")
        elif tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags stripped, entities decoded, paragraphs kept.

    Paragraphs (blank lines in WordPress's stored text, or ``<p>``) are separated by one
    blank line; line breaks inside one stay; other runs of white space become one space.
    """
    if not fragment:
        return ""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _BLANK_LINES_RE.split(text):
        lines = [_SPACES_RE.sub(" ", line).strip() for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def one_line(fragment: str) -> str:
    """Text of an HTML fragment on one line (titles, names)."""
    return " ".join(plain_text(fragment).split())


# -- keys and dates --------------------------------------------------------------------------


def _is_web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).netloc)


def site_base(site: Site) -> str:
    return (site.base_blog_url or site.base_site_url or site.link).rstrip("/")


def canonical_url(item: Item, site: Site) -> str:
    """The URL a page is matched on: the permalink, else the GUID when it is a URL, else
    WordPress's ``?p=`` address of the post."""
    for url in (item.link, item.guid):
        if url and _is_web_url(url):
            return url
    return f"{site_base(site)}/?p={item.post_id}"


def alias_keys(item: Item, site: Site) -> list[str]:
    """The keys that find the page again when its permalink changed between exports:
    ``wordpress:<blog URL>#<post id>``, then ``guid:<GUID>``."""
    keys = []
    if item.post_id is not None and site_base(site):
        keys.append(f"wordpress:{site_base(site)}#{item.post_id}")
    if item.guid:
        keys.append(f"guid:{item.guid}")
    return [key for key in keys if len(key) <= MAX_ALIAS_CHARS]


def aware(value: datetime.datetime | None, tz: datetime.tzinfo) -> datetime.datetime | None:
    """``value`` with its timezone: UTC as read, or ``tz`` for a local-only date."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=tz)


def _day(value: datetime.datetime, tz: datetime.tzinfo) -> datetime.date:
    return value.astimezone(tz).date()


# -- status ----------------------------------------------------------------------------------


def published_time(item: Item, tz: datetime.tzinfo) -> datetime.datetime | None:
    """When the post was (or is to be) published, aware; ``None`` for a draft whose date
    is WordPress's "floating" one (no GMT date: it gets its date on publishing)."""
    if item.status in DRAFT_STATUSES and item.published and item.published.tzinfo is None:
        return None
    return aware(item.published, tz)


def post_publication(
    item: Item, tz: datetime.tzinfo, now: datetime.datetime | None = None
) -> tuple[model.Publication, list[str]]:
    """The page's publication for the post (see :func:`publication`)."""
    now = now or datetime.datetime.now(datetime.UTC)
    return publication(item, published_time(item, tz), now)


def publication(
    item: Item, published: datetime.datetime | None, now: datetime.datetime
) -> tuple[model.Publication, list[str]]:
    """The page's publication for the post's status and password, with warnings.

    ``publish`` and ``private`` go live (``private`` behind a login); ``draft`` and
    ``pending`` stay drafts; ``future`` is scheduled for its date, or published now (with
    a warning) when that date has passed; a password becomes a password restriction.
    """
    warnings: list[str] = []
    status = item.status
    restriction, password = "", ""
    if status == "private":
        restriction = model.LOGIN
        if item.password:
            warnings.append("the post is private and has a password: readers must log in")
    elif item.password:
        restriction, password = model.PASSWORD, item.password
    go_live_at = None
    if status in LIVE_STATUSES:
        state = model.LIVE
    elif status == FUTURE_STATUS and published is not None and published > now:
        state, go_live_at = model.SCHEDULED, published
    elif status == FUTURE_STATUS and published is not None:
        state = model.LIVE
        warnings.append(
            f"the post was scheduled for {published.isoformat()}, which has passed: "
            "it is published now"
        )
    elif status == FUTURE_STATUS:
        state = model.DRAFT
        warnings.append("the post is scheduled but has no date: it is saved as a draft")
    else:
        state = model.DRAFT
    return (
        model.Publication(
            state=state,
            go_live_at=go_live_at,
            restriction=restriction,
            password=password,
            source_status=status,
        ),
        warnings,
    )


# -- comments --------------------------------------------------------------------------------


def comment_tree(
    comments: list[Comment], tz: datetime.tzinfo
) -> tuple[list[model.Comment], dict[str, int]]:
    """The post's comments as a thread, and how many were left out by reason.

    Approved comments stay approved, unapproved ones pending, spam stays spam; comments in
    the trash (or any other status), pingbacks and trackbacks are left out. A reply keeps
    its place under the nearest ancestor that was kept (under none: top level), however
    deep the thread; a reply loop in a broken export is cut where it closes.
    """
    skipped: Counter[str] = Counter()
    kept: dict[int, model.Comment] = {}
    parent_of: dict[int, int] = {}
    order: list[int] = []
    for comment in comments:
        parent_of.setdefault(comment.comment_id, comment.parent)
        if comment.is_ping:
            skipped[PING_SKIPPED] += 1
            continue
        status = COMMENT_STATUSES.get(comment.approved)
        if status is None:
            skipped[f"status {comment.approved or '(none)'}"] += 1
            continue
        body = plain_text(comment.content)
        if not body:
            skipped["empty"] += 1
            continue
        if comment.comment_id in kept:
            skipped["repeated id"] += 1
            continue
        kept[comment.comment_id] = model.Comment(
            author=one_line(comment.author) or "Anonymous",
            body=body,
            date=aware(comment.date, tz),
            url=comment.url if _is_web_url(comment.url) else "",
            source_id=str(comment.comment_id),
            status=status,
            email=comment.email,
        )
        order.append(comment.comment_id)

    # Each kept comment's parent: the nearest kept ancestor, or 0 (top level).
    parent: dict[int, int] = {}
    for comment_id in order:
        ancestor, seen = parent_of.get(comment_id, 0), {comment_id}
        while ancestor and ancestor not in kept and ancestor not in seen:
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor, 0)
        parent[comment_id] = ancestor if ancestor in kept and ancestor != comment_id else 0
    _cut_loops(parent)

    roots: list[model.Comment] = []
    for comment_id in order:
        node = kept[comment_id]
        above = parent[comment_id]
        (kept[above].replies if above else roots).append(node)
    return roots, dict(skipped)


def _cut_loops(parent: dict[int, int]) -> None:
    """Make comments whose parents loop back to them top level, iteratively."""
    VISITING, DONE = 1, 2
    state: dict[int, int] = {}
    for start in parent:
        path, node = [], start
        while node and node not in state:
            state[node] = VISITING
            path.append(node)
            node = parent.get(node, 0)
        if node and state.get(node) == VISITING:
            parent[node] = 0
        for visited in path:
            state[visited] = DONE


# -- the article -----------------------------------------------------------------------------


def post_article(
    item: Item,
    site: Site,
    *,
    attachments: Mapping[int, AttachmentInfo],
    tz: datetime.tzinfo,
    now: datetime.datetime | None = None,
    max_bytes: int | None = None,
    source: str = "",
) -> model.Article:
    """The article for one post or page, ready to build and save.

    Args:
        item: A post (or page) to import; see :func:`skip_reason` for those not to.
        site: The export's site (authors, categories, blog URL).
        attachments: Attachment URL and alt text by post id (for featured images).
        tz: The WordPress site's timezone: dates the export gives only in local time are
            read in it, and publication days are counted in it.
        now: The current time (aware), deciding whether a scheduled post has gone live.
        max_bytes: The pipeline's size limit for the post's document.
        source: How messages name the post.

    Raises:
        ArticleImportError: The post could not be read as an article.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    source = source or f"post {item.post_id}"
    url = canonical_url(item, site)
    document = post_document(item, site)
    limits = {} if max_bytes is None else {"max_bytes": max_bytes}
    try:
        article = extract_article(document, source, base_url=url, **limits)
    except NotAnArticleError:
        article = _short_post(document, source, url, site)

    title = one_line(item.title)
    if not title:
        title = NO_TITLE
        article.warnings.append(f"the post has no title; it is imported as {NO_TITLE!r}")
    article.title = title
    article.canonical_url = url
    if site.language and not article.language:
        article.language = site.language

    author = site.author(item.author_login)
    name = author.name if author is not None else item.author_login
    info = model.AuthorInfo(name=name) if name.strip() else None
    article.author, article.authors = info, [info] if info else []

    published_at = published_time(item, tz)
    modified_at = aware(item.modified, tz)
    article.published = _day(published_at, tz) if published_at else None
    # Only a later day is an update readers can see ("updated" on the day it went out
    # says nothing).
    later = published_at and modified_at and _day(modified_at, tz) > _day(published_at, tz)
    article.updated = _day(modified_at, tz) if later else None

    state, warnings = post_publication(item, tz, now)
    article.warnings.extend(warnings)
    article.comments, comments_skipped = comment_tree(item.comments, tz)
    article.page = model.PageMetadata(
        slug=post_slug(item),
        search_description=plain_text(item.excerpt).replace("\n\n", " ").replace("\n", " "),
        tags=_tags(item),
        categories=_categories(item, site),
        featured_image=_featured_image(item, attachments, article.warnings),
        publication=state,
        aliases=alias_keys(item, site),
        old_paths=_old_paths(item),
        comments_skipped=comments_skipped,
    )
    return article


def _short_post(document: str, source: str, base_url: str, site: Site) -> model.Article:
    """A post the article finder refuses (too little text, no title) imported as it is:
    an exported post is content its author published, however short (an image, a video,
    a one-line note)."""
    from importers.pipeline.extract.blocks import linearise
    from importers.pipeline.extract.sections import build_body

    root = parse_html(document, source)
    content = next(iter(root.xpath("//div[@class='entry-content']")), None)
    warnings: list[str] = []
    blocks = linearise(content if content is not None else root, base_url, warnings)
    intro_html, body = build_body(blocks, [], [], warnings)
    if not intro_html and not body:
        warnings.append("the post has no content")
    return model.Article(
        source=source,
        title="",
        intro_html=intro_html,
        body=body,
        warnings=warnings,
        language=site.language,
    )


def post_slug(item: Item) -> str:
    """WordPress's slug (``post_name``), decoded: WordPress stores non-ASCII slugs
    percent-encoded. Empty for drafts never given one."""
    return unquote(item.slug).strip().strip("-").lower()


def _tags(item: Item) -> list[str]:
    names: list[str] = []
    for term in item.tags:
        name = one_line(term.name) or unquote(term.slug)
        name = name[:MAX_TAG_CHARS].strip()
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def _categories(item: Item, site: Site) -> list[list[model.Category]]:
    paths = []
    for term in item.categories:
        chain = site.category_path(term.slug)
        if not chain or chain[-1].slug != term.slug:
            chain = [term]  # not listed in the channel: a category of its own
        path = [
            model.Category(slug=unquote(t.slug).strip(), name=one_line(t.name) or unquote(t.slug))
            for t in chain
        ]
        if path and all(c.slug for c in path) and path not in paths:
            paths.append(path)
    return paths


def _featured_image(
    item: Item, attachments: Mapping[int, AttachmentInfo], warnings: list[str]
) -> model.ImageRef | None:
    attachment_id = item.thumbnail_id
    if attachment_id is None:
        return None
    info = attachments.get(attachment_id)
    if info is None or not info.url:
        warnings.append(
            f"featured image not imported: attachment {attachment_id} is not in the export"
        )
        return None
    return model.ImageRef(src=info.url, alt=html.unescape(info.alt))


def _old_paths(item: Item) -> list[str]:
    """The path readers reached the post at, for a redirect: only posts WordPress
    served (published or private), not drafts or scheduled posts."""
    if item.status not in LIVE_STATUSES or not _is_web_url(item.link):
        return []
    parts = urlsplit(item.link)
    path = parts.path or "/"
    return [f"{path}?{parts.query}" if parts.query else path]
