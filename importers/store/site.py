"""Import a live site: a WordPress site through its REST API, or any site through its
sitemaps. The Django side of :mod:`importers.sources.wordpress.rest` and
:mod:`importers.sources.web`.

:class:`WordPressSiteImport` is :class:`~importers.store.wordpress.WordPressImport` fed by
the REST API instead of an export file: the same mapping (authors, terms, featured images,
comments, publication, redirects), the same runner and save step (one transaction per
post), the same keys (permalink, then post id and GUID as aliases), so a site imported from
its export and then from its REST API (or the other way round) keeps one page per post.
What a visitor's API does not show is not imported: drafts, scheduled and private posts,
comments waiting for moderation or marked as spam. Password-protected posts are listed
without their content; they are accounted for as skipped.

:class:`SitemapImport` walks a site's sitemaps (:class:`~importers.sources.web.SitemapWalk`)
and imports each URL found through the HTML path, fetching it through the same per-host
throttle as the sitemaps (one request at a time, the delay or robots.txt's Crawl-delay).
Every URL read from a URL set is accounted for: imported, skipped with its reason
(disallowed by robots.txt, filtered out, listed again, another host) or failed with its
reason.

Usage::

    run = WordPressSiteImport("https://example.com/", options=SaveOptions(parent=blog))
    run.connect()               # raises WordPressAPIError: no usable REST API
    for post in run: ...        # PostOutcome, as for an export
    run.summary()               # plus "announced" and "problems"

    run = SitemapImport("https://example.com/", options=..., include=["/blog/*"])
    for outcome in run: ...     # URLOutcome: imported, skipped or failed, with the reason
    run.summary()
"""

from __future__ import annotations

import datetime
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from importers.sources.documents import FetchLimits, Source, fetch
from importers.sources.web import HostThrottle, Politeness, SitemapLimits, SitemapWalk
from importers.sources.web.sitemaps import SitemapProblem, SitemapURL
from importers.sources.wordpress.mapping import AttachmentInfo, one_line
from importers.sources.wordpress.records import Item, Site
from importers.sources.wordpress.rest import DEFAULT_DELAY, RESTProblem, WordPressSite
from importers.sources.wordpress.rest import HostThrottle as RESTThrottle
from importers.store.runner import FAILED, ImportResult, import_one, limits_from_settings
from importers.store.save import SKIPPED, SaveOptions
from importers.store.wordpress import ALREADY_IMPORTED, ALT_META_KEY, PostOutcome, WordPressImport

__all__ = ["PROTECTED", "SitemapImport", "URLOutcome", "WordPressSiteImport"]

#: Why a password-protected post of a live site is not imported.
PROTECTED = (
    "password-protected: the REST API withholds its content (import the site's export "
    "to keep it, behind its password)"
)


# -- WordPress REST API ----------------------------------------------------------------------


@dataclass
class WordPressSiteImport(WordPressImport):
    """One run over a live WordPress site; ``path`` is the site's address.

    Iterate it for a :class:`PostOutcome` per post (and page, with ``include_pages``) the
    site lists; :meth:`connect` first to find its API (iteration does it otherwise).
    """

    #: Seconds between two requests to the site.
    delay: float = DEFAULT_DELAY
    throttle: RESTThrottle | None = None
    reader: WordPressSite | None = None
    #: What could not be read (withheld posts, which are skipped outcomes, left out).
    problems: list[RESTProblem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return str(self.path)

    def connect(self) -> Site:
        """Find the site's REST API and read the site (name, language, categories, tags).

        Raises:
            WordPressAPIError: No usable REST API (not found, refused, not JSON).
            SourceReadError: The site cannot be reached, or its address is refused.
        """
        self.limits = self.limits or self.options.limits or limits_from_settings()
        if self.reader is None:
            self.reader = WordPressSite(
                self.url, self.limits, delay=self.delay, throttle=self.throttle
            )
        self.site = self.reader.site()
        return self.site

    def scan(self) -> int:
        """Connect; the number of posts is not known before the first listing page (0)."""
        self.connect()
        return 0

    def __iter__(self) -> Iterator[PostOutcome]:
        self.now = self.now or datetime.datetime.now(datetime.UTC)
        self.connect()
        reader = self.reader
        # Posts first, then pages, as an export lists them in one pass.
        types = sorted(self.post_types, key=lambda kind: (kind != "post", kind))
        withheld = 0
        for record in reader.items(post_types=(*types, "attachment")):
            if record.post_type == "attachment":
                if record.post_id is not None and record.attachment_url:
                    self.attachments[record.post_id] = AttachmentInfo(
                        record.attachment_url, record.meta.get(ALT_META_KEY, "")
                    )
                continue
            for item, _problem in reader.withheld[withheld:]:
                withheld += 1
                yield self._withheld(item)
            outcome = self.import_post(record)
            self._count(outcome)
            yield outcome
        for item, _problem in reader.withheld[withheld:]:
            yield self._withheld(item)
        self.counts = Counter({k: n for k, n in reader.counts.items() if k != "attachment"})
        self.counts.update(item.post_type for item, _ in reader.withheld)
        reported = {id(problem) for _, problem in reader.withheld}
        self.problems = [p for p in reader.problems if id(p) not in reported]

    def _withheld(self, item: Item) -> PostOutcome:
        outcome = PostOutcome(
            post_id=item.post_id,
            post_type=item.post_type,
            title=one_line(item.title),
            wordpress_status=item.status,
            link=item.link,
            skipped=PROTECTED,
        )
        self._count(outcome)
        return outcome

    @property
    def incomplete(self) -> list[RESTProblem]:
        """Listings not read to their end: the import missed what they held."""
        return [problem for problem in self.problems if problem.incomplete]

    def summary(self) -> dict:
        summary = super().summary()
        reader = self.reader
        summary["announced"] = dict(reader.totals) if reader else {}
        summary["requests"] = reader.requests if reader else 0
        summary["problems"] = [str(problem) for problem in self.problems]
        return summary


# -- sitemaps --------------------------------------------------------------------------------


@dataclass
class URLOutcome:
    """What became of one URL read from the sitemaps."""

    url: str
    #: created, updated, unchanged, conflict, previewed, skipped or failed.
    status: str
    #: Why it was skipped or failed (``""`` when it was imported).
    reason: str = ""
    result: ImportResult | None = None
    lastmod: datetime.datetime | None = None
    sitemap: str = ""


class SitemapImport:
    """Import the articles a site's sitemaps list, one at a time, politely.

    Args:
        start: A sitemap URL, or a site root whose robots.txt names the sitemaps.
        options: How pages are saved (parent, publish, user…).
        include, exclude: Glob patterns on URL paths (see :class:`SitemapWalk`).
        politeness: The delay between two requests to a host, and the longest
            Crawl-delay honoured; robots.txt's Crawl-delay wins when longer.
        throttle: Shared by the sitemap walk and the article fetches (one is made from
            ``politeness`` by default).
    """

    def __init__(
        self,
        start: str,
        *,
        options: SaveOptions,
        dry_run: bool = False,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        limits: FetchLimits | None = None,
        politeness: Politeness | None = None,
        throttle: HostThrottle | None = None,
        sitemap_limits: SitemapLimits | None = None,
    ):
        self.start = start
        self.options = options
        self.dry_run = dry_run
        self.limits = limits or options.limits or limits_from_settings()
        self.throttle = throttle or HostThrottle(politeness or Politeness())
        self.imported: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.failed = 0
        # Raises ValueError for a pattern that never matches.
        self.walk = SitemapWalk(
            start,
            include=include,
            exclude=exclude,
            limits=sitemap_limits,
            fetch_limits=self.limits,
            throttle=self.throttle,
            on_skip=self._on_skip,
        )
        self._skips: deque[tuple[str, str]] = deque()

    @property
    def problems(self) -> list[SitemapProblem]:
        return self.walk.problems

    def _on_skip(self, url: str, reason: str) -> None:
        self._skips.append((url, reason))

    def __iter__(self) -> Iterator[URLOutcome]:
        self.imported, self.skipped, self.failed = Counter(), Counter(), 0
        self._skips.clear()
        for found in self.walk:
            yield from self._drain()
            outcome = self.import_url(found)
            self._count(outcome)
            yield outcome
        yield from self._drain()

    def _drain(self) -> Iterator[URLOutcome]:
        while self._skips:
            url, reason = self._skips.popleft()
            outcome = URLOutcome(url, SKIPPED, reason)
            self._count(outcome)
            yield outcome

    def import_url(self, found: SitemapURL) -> URLOutcome:
        """Fetch one article through the throttle and import it through the runner."""
        source = Source(found.url, is_url=True)
        limits = self.limits

        def extractor():
            from importers.pipeline import extract_article

            with self.throttle.request(found.url):
                data, base_url = fetch(found.url, limits)
            return extract_article(
                data, str(source), base_url=base_url, max_bytes=limits.max_bytes
            )

        result = import_one(
            source, dry_run=self.dry_run, options=self.options, limits=limits, extractor=extractor
        )
        reason = result.error if result.status == FAILED else ""
        if result.status == SKIPPED:
            reason = ALREADY_IMPORTED
        return URLOutcome(found.url, result.status, reason, result, found.lastmod, found.sitemap)

    def _count(self, outcome: URLOutcome) -> None:
        if outcome.status == FAILED:
            self.failed += 1
        elif outcome.status == SKIPPED:
            self.skipped[outcome.reason] += 1
        else:
            self.imported[outcome.status] += 1

    def summary(self) -> dict:
        """Counts that account for every URL read from the URL sets."""
        counts = self.walk.counts
        accounted = sum(self.imported.values()) + sum(self.skipped.values()) + self.failed
        return {
            "urls_found": counts.urls_found,
            "sitemaps_read": counts.sitemaps_read,
            "walk": asdict(counts),
            "imported": dict(self.imported),
            "skipped": dict(self.skipped),
            "failed": self.failed,
            "accounted_for": accounted,
            "problems": [str(problem) for problem in self.problems],
        }
