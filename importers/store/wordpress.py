"""Import a WordPress export (WXR) as advice article pages: the Django side.

The other modules of :mod:`importers.sources.wordpress` are pure and re-exported by the package;
this one saves pages, so it is imported by name (``from importers.store.wordpress import
WordPressImport``) by the ``import_articles`` command, and later the import screen.

The file is read twice, streaming both times, so memory holds one post at a time whatever
the export's size: a cheap first pass reads only the attachments (id → URL and alt text,
for featured images) and counts the items; the second imports each post in turn through
the same runner and save step as an HTML article (one transaction per post: a post that
fails leaves nothing behind and the others go on).

Every item read is accounted for: imported (created, updated, unchanged, conflict),
skipped with its reason (its status, a post type not asked for, or already imported with
``existing="skip"``), or failed with its reason.

Usage::

    run = WordPressImport("export.xml", options=SaveOptions(parent=blog), dry_run=False,
                          tz=ZoneInfo("Europe/Paris"))
    run.scan()                  # attachments; returns how many posts there are
    for post in run:            # PostOutcome: result (ImportResult) or skipped (reason)
        ...
    run.summary()               # counts that add up to run.items_read
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from importers.pipeline import model
from importers.sources.documents import FetchLimits
from importers.sources.wordpress.mapping import (
    AttachmentInfo,
    canonical_url,
    one_line,
    post_article,
    post_publication,
    skip_reason,
)
from importers.sources.wordpress.mapping import (
    post_types as types_to_import,
)
from importers.sources.wordpress.records import Item, ReadProblem, Site
from importers.sources.wordpress.wxr import WXRReader
from importers.store import pagemeta
from importers.store.runner import (
    FAILED,
    PREVIEWED,
    ImportResult,
    import_one,
    limits_from_settings,
)
from importers.store.save import SKIPPED, SaveOptions, find_existing, publish_allowed, unique_slug
from importers.store.streamfield import PENDING

__all__ = ["PostOutcome", "PostSource", "WordPressImport"]

#: The attachment meta that holds an image's alt text.
ALT_META_KEY = "_wp_attachment_image_alt"
#: The reason given for posts the save step left alone (``existing="skip"``).
ALREADY_IMPORTED = "imported before (left as it is)"


@dataclass(frozen=True)
class PostSource:
    """One post of an export, as the runner and the import history name it."""

    export: str
    post_type: str
    post_id: int | None
    canonical: str
    is_url: bool = False

    @property
    def key(self) -> str:
        return self.canonical

    @property
    def base_url(self) -> str:
        return self.canonical

    @property
    def directory(self) -> None:
        """Images are never read from beside the export (only from ``uploads_dir``)."""
        return None

    def __str__(self) -> str:
        return f"{Path(self.export).name}: {self.post_type} {self.post_id}"


@dataclass
class PostOutcome:
    """What became of one post: imported (``result``), or skipped (``skipped``)."""

    post_id: int | None
    post_type: str
    title: str
    wordpress_status: str
    link: str
    result: ImportResult | None = None
    skipped: str = ""
    #: A dry run's view of the page metadata it would save (see :meth:`WordPressImport.preview`).
    preview: dict | None = None

    @property
    def status(self) -> str:
        return self.result.status if self.result is not None else SKIPPED

    @property
    def reason(self) -> str:
        """Why the post was skipped or failed (``""`` when it was imported)."""
        if self.result is None:
            return self.skipped
        if self.result.status == FAILED:
            return self.result.error
        if self.result.status == SKIPPED:
            return ALREADY_IMPORTED
        return ""


@dataclass
class WordPressImport:
    """One run over an export: iterate it for a :class:`PostOutcome` per post or page."""

    path: str | Path
    options: SaveOptions
    dry_run: bool = False
    include_pages: bool = False
    tz: datetime.tzinfo = datetime.UTC
    limits: FetchLimits | None = None
    #: The current time (scheduled posts whose time has passed are published).
    now: datetime.datetime | None = None
    site: Site | None = None
    attachments: dict[int, AttachmentInfo] = field(default_factory=dict)
    #: Items read, by post type (every item of the file, asked for or not).
    counts: Counter = field(default_factory=Counter)
    problem: ReadProblem | None = None
    #: Outcomes by kind, for :meth:`summary`.
    imported: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    failed: int = 0
    comments_skipped: Counter = field(default_factory=Counter)

    @property
    def post_types(self) -> frozenset[str]:
        return types_to_import(self.include_pages)

    @property
    def items_read(self) -> int:
        return sum(self.counts.values())

    def scan(self) -> int:
        """The first pass: attachments for featured images, and item counts. Returns the
        number of posts (and pages) the import goes through."""
        reader = WXRReader(self.path, post_types={"attachment"})
        for record in reader:
            if isinstance(record, Site):
                continue
            if record.post_id is not None and record.attachment_url:
                self.attachments[record.post_id] = AttachmentInfo(
                    record.attachment_url, record.meta.get(ALT_META_KEY, "")
                )
        self.counts = Counter(reader.counts)
        self.problem = reader.problem
        return sum(n for kind, n in reader.counts.items() if kind in self.post_types)

    def __iter__(self) -> Iterator[PostOutcome]:
        self.now = self.now or datetime.datetime.now(datetime.UTC)
        self.limits = self.limits or self.options.limits or limits_from_settings()
        reader = WXRReader(self.path, post_types=self.post_types)
        for record in reader:
            if isinstance(record, Site):
                self.site = record
                continue
            outcome = self.import_post(record)
            self._count(outcome)
            yield outcome
        self.counts = Counter(reader.counts)
        self.problem = reader.problem
        for kind, number in reader.counts.items():
            if kind not in self.post_types:
                self.skipped[f"post type {kind or '(none)'}"] += number

    def import_post(self, item: Item) -> PostOutcome:
        outcome = PostOutcome(
            post_id=item.post_id,
            post_type=item.post_type,
            title=one_line(item.title),
            wordpress_status=item.status,
            link=item.link,
        )
        reason = skip_reason(item)
        if reason:
            outcome.skipped = reason
            return outcome
        site = self.site or Site()
        source = PostSource(
            str(self.path), item.post_type, item.post_id, canonical_url(item, site)
        )
        publication, _ = post_publication(item, self.tz, self.now)
        options = replace(
            self.options,
            publish=publication.state in (model.LIVE, model.SCHEDULED),
            publish_if_allowed=True,
        )

        def extractor() -> model.Article:
            return post_article(
                item,
                site,
                attachments=self.attachments,
                tz=self.tz,
                now=self.now,
                max_bytes=self.limits.max_bytes,
                source=str(source),
            )

        outcome.result = import_one(
            source, dry_run=self.dry_run, options=options, limits=self.limits, extractor=extractor
        )
        if outcome.result.status == PREVIEWED:
            outcome.preview = self.preview(outcome.result, item, options)
        return outcome

    def _count(self, outcome: PostOutcome) -> None:
        if outcome.result is None:
            self.skipped[outcome.skipped] += 1
            return
        status = outcome.result.status
        if status == FAILED:
            self.failed += 1
        elif status == SKIPPED:
            self.skipped[ALREADY_IMPORTED] += 1
        else:
            self.imported[status] += 1
        article = outcome.result.article
        if article is not None and article.page is not None:
            self.comments_skipped.update(article.page.comments_skipped)

    def preview(self, result: ImportResult, item: Item, options: SaveOptions) -> dict:
        """What a dry run would save for the post beyond its text: publication, slug,
        taxonomy, featured image, redirects, and whether it creates or updates a page."""
        built = result.built
        meta: model.PageMetadata = built.page
        existing = find_existing(built.key, meta.aliases)
        options, _ = publish_allowed(existing, options)
        publication = meta.publication
        state = publication.state if options.publish else model.DRAFT
        if existing is not None:
            slug = existing.slug
        else:
            slug = unique_slug(self.options.parent, built.slug)
        image = meta.featured_image
        goes_live = state == model.LIVE
        redirects = pagemeta.preview_redirects(
            meta.old_paths,
            existing=existing,
            parent=self.options.parent,
            slug=slug,
            goes_live=goes_live,
            user=options.user,
        )
        return {
            "wordpress": {
                "post_id": item.post_id,
                "post_type": item.post_type,
                "status": item.status,
                "link": item.link or None,
                "guid": item.guid or None,
            },
            "action": "update" if existing is not None else "create",
            "page_id": existing.pk if existing is not None else None,
            "slug": slug,
            "publication": {
                "state": state,
                "go_live_at": (
                    publication.go_live_at.isoformat()
                    if publication.go_live_at and state == model.SCHEDULED
                    else None
                ),
                "restriction": publication.restriction or None,
            },
            "search_description": meta.search_description,
            "tags": list(meta.tags),
            "categories": pagemeta.category_preview(meta.categories),
            "featured_image": (
                {
                    "src": image.src,
                    "alt": image.alt,
                    "imported": built.featured_image is PENDING
                    or isinstance(built.featured_image, int),
                }
                if image is not None
                else None
            ),
            "redirects": [plan.as_dict() for plan in redirects],
            "comments_skipped": dict(meta.comments_skipped),
        }

    def summary(self) -> dict:
        """Counts that account for every item read: imported by status, skipped by
        reason, failed; plus comments left out by reason."""
        accounted = sum(self.imported.values()) + sum(self.skipped.values()) + self.failed
        return {
            "items_read": self.items_read,
            "by_post_type": dict(self.counts),
            "imported": dict(self.imported),
            "skipped": dict(self.skipped),
            "failed": self.failed,
            "accounted_for": accounted,
            "comments_skipped": dict(self.comments_skipped),
        }
