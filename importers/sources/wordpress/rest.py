"""Read a live WordPress site through its REST API, as the same records an export yields.

:class:`WordPressSite` finds the site's API, pages through its posts (and pages) with
``_embed``, reads each post's public comments, and maps the JSON onto
:class:`~.records.Site` and :class:`~.records.Item` records, so the saving step has one mapping
for exports and live sites alike::

    wordpress = WordPressSite("https://example.com/", limits, delay=1.0)
    site = wordpress.site()                      # raises WordPressAPIError: no usable API
    for item in wordpress.items(post_types=("post", "page")):
        article = extract_article(post_document(item, site), item.link, base_url=item.link)
    wordpress.counts     # records read by post type
    wordpress.totals     # what the site announced (X-WP-Total) by post type
    wordpress.problems   # what could not be read, in words a user can act on
    wordpress.withheld   # (item, problem): listed, content withheld (password-protected)

What a visitor's REST API gives, and how it is mapped (the decisions the saving step
inherits):

- Content is ``content.rendered``: the HTML WordPress serves, with blocks rendered,
  shortcodes expanded and classic posts already in ``<p>``. The stored block markup is only
  served with ``context=edit``, which needs an account with edit rights; an importer that
  asks for site credentials is a bigger thing than reading a public site, so it is not
  done. Rendered HTML is what readers saw (plugins' shortcodes and dynamic blocks
  included, which an export cannot render), and the pipeline reads served pages anyway.
  Because :func:`~importers.sources.wordpress.document.content_html` renders stored content
  (``autop`` for anything without block delimiters), rendered content is stored as one
  Custom HTML block (:data:`RENDERED_CONTENT_BLOCK`), whose rendering is its HTML
  unchanged; see :func:`stored_content`.
- Only what visitors can see: published posts and pages, approved comments of the
  ``comment`` type (pingbacks, pending comments, drafts, private posts and e-mail addresses
  need an account). A password-protected post is listed without its content: it is
  not yielded but kept, without content, in :attr:`WordPressSite.withheld`, and reported.
- Dates: ``date_gmt`` and ``modified_gmt`` as UTC (aware), else the local date (naive),
  as the export reader does.
- Authors: ``_embedded.author[0]``; its ``slug`` (the user's nicename, the login on nearly
  every site) is the login items refer to, its ``name`` the display name. Authors are added
  to ``Site.authors`` as posts name them (the REST API hides the users list on many sites).
- Terms: ``_embedded["wp:term"]`` for the item; the site's categories (with parents, which
  embedded terms lack) and tags from their own endpoints.
- Featured image: ``featured_media`` becomes the ``_thumbnail_id`` meta, and
  ``_embedded["wp:featuredmedia"][0]`` an attachment record (``attachment_url`` is its
  ``source_url``) in :attr:`WordPressSite.attachments`, yielded before its post when
  ``"attachment"`` is asked for.
- Excerpts: the REST API writes one from the content when the editor wrote none; that
  generated excerpt is dropped (see :func:`manual_excerpt`), so ``Item.excerpt`` is the
  editor's, as in an export. Excerpts and comments lose the paragraph tags WordPress added
  (:func:`unautop`), so they are stored text like an export's.

Every request goes through the URL fetcher's guards (address check on every hop, size cap,
timeout, redirect limit), one at a time per host with a pause between requests
(:class:`HostThrottle`). Rate limiting (429, or 503 with ``Retry-After``) is waited out a
bounded number of times. A listing page that fails ends that listing: what was read is
kept and the failure is in :attr:`WordPressSite.problems`.

No Django here: the caller passes the limits in.
"""

from __future__ import annotations

import datetime
import email.utils
import html
import json
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from importers.errors import SourceReadError
from importers.sources import documents as sources
from importers.sources.documents import FetchLimits
from importers.sources.wordpress.records import Author, Comment, Item, ItemTerm, Site, Term

__all__ = [
    "DEFAULT_DELAY",
    "HostThrottle",
    "RENDERED_CONTENT_BLOCK",
    "RESTProblem",
    "WordPressAPIError",
    "WordPressSite",
    "manual_excerpt",
    "stored_content",
    "unautop",
]

logger = logging.getLogger(__name__)

#: The link relation WordPress gives its API root (``Link`` header and ``<link>`` element).
API_REL = "https://api.w.org/"
#: Where the API lives with pretty permalinks, and the query every site answers.
DEFAULT_API_PATH = "wp-json/"
REST_ROUTE_PARAM = "rest_route"
#: The namespace of WordPress's own endpoints.
WP_NAMESPACE = "wp/v2"
#: WordPress refuses ``per_page`` above 100.
MAX_PER_PAGE = 100
#: Seconds between two requests to the same host.
DEFAULT_DELAY = 1.0
#: How often a rate-limited request is tried again, and the longest wait accepted.
MAX_RETRIES = 3
MAX_RETRY_WAIT = 120.0
#: Statuses that mean "come back later" and are retried.
RETRY_STATUSES = (429, 503)
#: A listing stops after this many pages (100 000 posts at 100 a page): a server that
#: announces endless pages cannot keep the import going for ever.
MAX_PAGES = 1000
#: How much of an error answer is read for its message.
ERROR_BODY_BYTES = 64 * 1024
#: How much of the home page is read for the API link and the language.
HOME_PAGE_BYTES = 512 * 1024
JSON_ACCEPT = "application/json"
HTML_ACCEPT = "text/html,application/xhtml+xml"
#: The REST collections of the post types every WordPress has; others are looked up.
REST_BASES = {"post": "posts", "page": "pages"}
#: The block rendered content is stored in (see :func:`stored_content`).
RENDERED_CONTENT_BLOCK = "html"
#: What WordPress calls a comment's approval in the REST API and in an export.
COMMENT_APPROVAL = {"approved": "1", "hold": "0", "unapproved": "0", "spam": "spam"}

#: A ``Link`` header holds comma-separated ``<url>; rel="…"`` values.
_LINK_SPLIT_RE = re.compile(r",\s*(?=<)")
_LINK_VALUE_RE = re.compile(r"<(?P<url>[^>]*)>(?P<params>.*)", re.S)
_LINK_REL_RE = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;,]+))""", re.I)
_LINK_ELEMENT_RE = re.compile(r"<link\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""\b([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_HTML_LANG_RE = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][\w-]+)?)""", re.I
)
_DELIMITER_COMMENT_RE = re.compile(r"<!--\s+/?wp:.*?-->", re.S)
_SCRIPT_STYLE_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")
_WORD_CHARS_RE = re.compile(r"[^\w]+")
#: What WordPress (``[&hellip;]``) and themes ("… Continue reading") end a generated
#: excerpt with: the excerpt's own words end at the first of these.
_EXCERPT_MORE_RE = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.).*$", re.S)
#: A PHP warning printed before the JSON by a misbehaving plugin.
_PHP_NOTICE_RE = re.compile(r"^\s*(?:<br\s*/?>\s*)?(?:<b>)?(?:Warning|Notice|Deprecated)", re.I)
_JSON_START_RE = re.compile(r"^[\[{]", re.M)


class WordPressAPIError(SourceReadError):
    """The site's REST API could not be used: not found, refused, or not answering JSON.

    ``status`` is the HTTP status (``None`` when there was none), ``code`` WordPress's
    error code when it sent one (``rest_disabled``, ``rest_cannot_access``…).
    """

    def __init__(self, source: str, message: str, *, status: int | None = None, code: str = ""):
        super().__init__(source, message)
        self.status = status
        self.code = code


@dataclass
class RESTProblem:
    """Something the import could not read, and how much of that listing was read before."""

    what: str  # "posts", "comments of post 101", "categories"…
    url: str
    message: str
    read: int = 0
    #: True when a listing (posts, pages, comments, terms, post types) was not read to its
    #: end: the import is incomplete. False for notes about one item (a featured image that
    #: is not public, a password-protected post, authors the API hides).
    incomplete: bool = False

    def __str__(self) -> str:
        kept = f"; the {self.read} read before it are kept" if self.read else ""
        return f"{self.what}: {self.message} ({self.url}){kept}"


class HostThrottle:
    """One request at a time per host, and at least ``delay`` seconds between them.

    The pause runs from the end of one answer to the start of the next request. Share one
    throttle between readers to keep them polite together (the module's default one is
    shared by every :class:`WordPressSite` of the process); pass ``clock`` and ``sleep`` to
    test without waiting.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.clock = clock
        self.sleep = sleep
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        """Wait for the host's turn; the request runs inside the ``with`` block."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + delay - self.clock()
                if wait > 0:
                    self.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self.clock()


#: Shared by every reader that is given no throttle of its own.
DEFAULT_THROTTLE = HostThrottle()


@dataclass
class _Response:
    url: str
    status: int
    headers: CaseInsensitiveDict
    body: bytes


# -- text helpers ---------------------------------------------------------------------------


def stored_content(rendered: str) -> str:
    """Rendered post HTML as content that renders to itself.

    ``Item.content`` is stored content, which
    :func:`~importers.sources.wordpress.document.content_html` renders: without block delimiters
    it would get ``autop`` a second time (line breaks inside rendered markup would become
    ``<br>``). Wrapped as one Custom HTML block it is kept exactly as WordPress served it,
    just as WordPress itself renders that block. Block delimiters left in the HTML (they
    render as nothing) are removed so they cannot end the wrapper early.
    """
    body = _DELIMITER_COMMENT_RE.sub("", rendered).strip()
    if not body:
        return ""
    return f"<!-- wp:{RENDERED_CONTENT_BLOCK} -->{body}<!-- /wp:{RENDERED_CONTENT_BLOCK} -->"


def unautop(text: str) -> str:
    """Undo the paragraphs WordPress adds when it serves a comment or excerpt.

    ``<p>A</p>\\n<p>B<br />\\nC</p>`` becomes ``A\\n\\nB\\nC``, the form an export stores;
    other HTML is left alone.
    """
    text = text.strip()
    if not (text.startswith("<p>") and text.endswith("</p>")):
        return text
    text = text[len("<p>") : -len("</p>")]
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return re.sub(r"<br\s*/?>\n", "\n", text)


def _words(markup: str) -> list[str]:
    text = html.unescape(_TAG_RE.sub(" ", _SCRIPT_STYLE_RE.sub(" ", markup)))
    return [word for word in (_WORD_CHARS_RE.sub("", w).lower() for w in text.split()) if word]


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


def manual_excerpt(excerpt_html: str, content_html: str) -> str:
    """The editor's excerpt from ``excerpt.rendered``, or ``""`` when WordPress made it.

    With no excerpt written, WordPress serves the content's first 55 words followed by
    ``[…]`` (or the theme's "… Continue reading" link). An excerpt that ends so and whose
    words all come from the content in order, or that is the whole content, is taken to be
    generated: an export would have no excerpt.
    """
    if not excerpt_html.strip():
        return ""
    text = html.unescape(_TAG_RE.sub(" ", excerpt_html)).strip()
    own = _EXCERPT_MORE_RE.sub("", text)
    words = _words(own)
    content = _words(content_html)
    if not words or words == content:
        return ""
    if own != text and _is_subsequence(words, content):
        return ""
    return unautop(excerpt_html)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _api_links(response: _Response) -> list[str]:
    """API roots the home page names: ``Link`` headers first, then ``<link>`` elements."""
    found: list[str] = []
    for value in _LINK_SPLIT_RE.split(response.headers.get("Link", "")):
        match = _LINK_VALUE_RE.match(value.strip())
        if match is None:
            continue
        rel = _LINK_REL_RE.search(match["params"])
        if rel and API_REL in (rel.group(1) or rel.group(2) or rel.group(3) or "").split():
            found.append(urljoin(response.url, match["url"].strip()))
    page = response.body.decode("utf-8", "replace")
    for element in _LINK_ELEMENT_RE.finditer(page):
        attrs = {
            m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR_RE.finditer(element.group(0))
        }
        if attrs.get("rel") == API_REL and attrs.get("href"):
            found.append(urljoin(response.url, attrs["href"]))
    return found


def _date(gmt: Any, local: Any) -> datetime.datetime | None:
    for value, aware in ((gmt, True), (local, False)):
        if isinstance(value, str) and value:
            try:
                parsed = datetime.datetime.fromisoformat(value)
            except ValueError:
                continue
            if aware and parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.UTC)
            return parsed
    return None


def _rendered(value: Any) -> str:
    """``{"rendered": …}`` fields (title, content, excerpt, guid); plain strings too."""
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _embedded_first(post: dict, rel: str) -> dict | None:
    """The first embedded object of a link, unless WordPress embedded an error there."""
    values = (post.get("_embedded") or {}).get(rel)
    if not isinstance(values, list) or not values or not isinstance(values[0], dict):
        return None
    return None if "code" in values[0] and "id" not in values[0] else values[0]


# -- the site -------------------------------------------------------------------------------


class WordPressSite:
    """One WordPress site read through its REST API.

    Args:
        url: The site's address (its home page).
        limits: The fetcher's limits; every request keeps to them.
        delay: Seconds between two requests to the host.
        per_page: Items per listing page (WordPress allows 1 to 100).
        throttle: Shared politeness; by default the process-wide :data:`DEFAULT_THROTTLE`.
        max_retries: How often a rate-limited request is tried again.
        max_retry_wait: The longest ``Retry-After`` accepted, in seconds; a longer one ends
            the listing with a problem instead of stalling the import.
        max_pages: A listing stops after this many pages.
    """

    def __init__(
        self,
        url: str,
        limits: FetchLimits,
        *,
        delay: float = DEFAULT_DELAY,
        per_page: int = MAX_PER_PAGE,
        throttle: HostThrottle | None = None,
        max_retries: int = MAX_RETRIES,
        max_retry_wait: float = MAX_RETRY_WAIT,
        max_pages: int = MAX_PAGES,
    ):
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
        parts = urlsplit(url.strip())
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.url = urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))
        self.limits = limits
        self.delay = delay
        self.per_page = per_page
        self.throttle = throttle or DEFAULT_THROTTLE
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.max_pages = max_pages
        #: The API root found by :meth:`discover` (``…/wp-json/`` or ``…/?rest_route=/``).
        self.api_root: str | None = None
        self.index: dict[str, Any] = {}
        self.language = ""
        #: Records read, by post type.
        self.counts: Counter[str] = Counter()
        #: Items the site announced (``X-WP-Total``), by post type.
        self.totals: dict[str, int] = {}
        self.problems: list[RESTProblem] = []
        #: Featured images met so far, by attachment id.
        self.attachments: dict[int, Item] = {}
        #: HTTP requests made (redirect hops and retries included).
        self.requests = 0
        #: Items listed but not yielded (password-protected: their content is withheld),
        #: each with the problem that reports it.
        self.withheld: list[tuple[Item, RESTProblem]] = []
        self._site: Site | None = None
        self._rest_bases = dict(REST_BASES)
        self._types_read = False
        self._missing_authors = 0

    # -- HTTP ------------------------------------------------------------------------------

    def _get(
        self, url: str, accept: str, max_bytes: int | None = None, *, truncate: bool = False
    ) -> _Response:
        """One GET through the fetcher's guards and the throttle; any status is returned.

        Redirects are followed here, each hop checked like the first. A body over the cap
        is refused, or cut at the cap with ``truncate`` (error answers always are).
        """
        limits = self.limits
        cap = min(max_bytes or limits.max_bytes, limits.max_bytes)
        current = url
        for _hop in range(limits.max_redirects + 1):
            address = sources.check_host(current, limits.allow_private)
            session = sources._pinned_session(address)
            try:
                with self.throttle.slot(_host_key(current), self.delay):
                    self.requests += 1
                    response = session.get(
                        current,
                        timeout=limits.timeout,
                        stream=True,
                        allow_redirects=False,
                        headers={"User-Agent": sources.USER_AGENT, "Accept": accept},
                    )
                    try:
                        if response.is_redirect:
                            current = urljoin(current, response.headers.get("Location", ""))
                            continue
                        error = response.status_code >= 400
                        body = _read_body(
                            url,
                            response,
                            min(cap, ERROR_BODY_BYTES) if error else cap,
                            truncate=truncate or error,
                        )
                        return _Response(
                            current,
                            response.status_code,
                            CaseInsensitiveDict(response.headers),
                            body,
                        )
                    finally:
                        response.close()
            except requests.Timeout:
                raise SourceReadError(url, f"timed out after {limits.timeout:g} seconds") from None
            except requests.ConnectionError as error:
                raise SourceReadError(
                    url, f"could not connect ({sources._short(error)})"
                ) from None
            except requests.RequestException as error:
                raise SourceReadError(url, f"request failed ({sources._short(error)})") from None
            finally:
                session.close()
        raise SourceReadError(url, f"more than {limits.max_redirects} redirects")

    def _get_json(self, url: str) -> tuple[Any, _Response]:
        """GET JSON, waiting out rate limiting; HTTP errors and bad JSON raise."""
        for attempt in range(self.max_retries + 1):
            response = self._get(url, JSON_ACCEPT)
            if response.status not in RETRY_STATUSES:
                break
            if response.status == 503 and "Retry-After" not in response.headers:
                break  # an outage, not rate limiting
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is None:
                wait = max(self.delay, 1.0) * 2**attempt
            if wait > self.max_retry_wait:
                raise WordPressAPIError(
                    url,
                    f"rate limited (HTTP {response.status}): the server asks to wait "
                    f"{wait:g} seconds, longer than the {self.max_retry_wait:g} allowed",
                    status=response.status,
                )
            if attempt == self.max_retries:
                break
            logger.info("%s: HTTP %s, retrying in %g s", url, response.status, wait)
            self.throttle.sleep(wait)
        if response.status >= 400:
            raise _http_error(url, response, retries=self.max_retries)
        return _json(url, response), response

    # -- discovery -------------------------------------------------------------------------

    def discover(self) -> str:
        """Find the API root: the home page's ``Link`` (or ``<link>``), else ``/wp-json/``,
        else ``?rest_route=/`` (sites with plain permalinks).

        Raises:
            WordPressAPIError: No candidate answered with WordPress's index (the most
                telling failure is reported: refusal before absence).
            SourceReadError: The site cannot be reached, or its address is refused.
        """
        if self.api_root is not None:
            return self.api_root
        candidates: list[str] = []
        home = self._get(self.url, HTML_ACCEPT, HOME_PAGE_BYTES, truncate=True)
        base = self.url
        if home.status < 400:
            base = _with_slash(home.url)
            candidates.extend(_api_links(home))
            found = _HTML_LANG_RE.search(home.body.decode("utf-8", "replace"))
            self.language = found.group(1).replace("_", "-") if found else ""
        candidates.append(urljoin(base, DEFAULT_API_PATH))
        candidates.append(urljoin(base, f"?{REST_ROUTE_PARAM}=/"))
        failures: list[WordPressAPIError] = []
        for candidate in dict.fromkeys(candidates):
            try:
                index, response = self._get_json(candidate)
            except WordPressAPIError as error:
                failures.append(error)
                continue
            if isinstance(index, dict) and "namespaces" in index:
                if WP_NAMESPACE not in (index.get("namespaces") or []):
                    raise WordPressAPIError(
                        self.url,
                        f"the REST API at {candidate} does not offer {WP_NAMESPACE} "
                        "(a plugin has turned WordPress's own endpoints off)",
                    )
                self.api_root = _api_root(candidate, response.url)
                self.index = index
                return self.api_root
            failures.append(
                WordPressAPIError(candidate, "answers JSON, but not WordPress's API index")
            )
        raise _discovery_error(self.url, failures)

    def _route_url(self, route: str, params: list[tuple[str, Any]] = ()) -> str:
        """The URL of ``route`` (``wp/v2/posts``) under the API root, with ``params``."""
        root = self.discover()
        query = "&".join(
            name if value is None else f"{name}={quote(str(value), safe=',')}"
            for name, value in params
        )
        parts = urlsplit(root)
        if f"{REST_ROUTE_PARAM}=" in parts.query:
            base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            route_query = f"{REST_ROUTE_PARAM}={quote('/' + route, safe='/')}"
            return f"{base}?{route_query}" + (f"&{query}" if query else "")
        return urljoin(root, route) + (f"?{query}" if query else "")

    # -- listings --------------------------------------------------------------------------

    def _pages(self, what: str, route: str, params: list[tuple[str, Any]], key: str = ""):
        """Each page of a collection, until ``X-WP-TotalPages`` (or a short page).

        A page that fails ends the listing with a problem; what came before is kept.
        ``key`` names the listing in :attr:`totals`.
        """
        read = 0
        total_pages: int | None = None
        seen: set[Any] = set()
        for page in range(1, self.max_pages + 1):
            url = self._route_url(route, [*params, ("per_page", self.per_page), ("page", page)])
            try:
                data, response = self._get_json(url)
            except SourceReadError as error:
                if total_pages is None and page > 1 and getattr(error, "status", None) == 400:
                    return  # no page count given: a 400 past the last page ends the listing
                where = f"page {page}" + (f" of {total_pages}" if total_pages else "")
                self._problem(what, url, f"{where}: {error.reason}", read, incomplete=True)
                return
            if not isinstance(data, list):
                self._problem(
                    what, url, f"page {page} is not a list of {what}", read, incomplete=True
                )
                return
            if page == 1:
                total_pages = _header_int(response, "X-WP-TotalPages")
                total = _header_int(response, "X-WP-Total")
                if key and total is not None:
                    self.totals[key] = total
            ids = {entry.get("id") for entry in data if isinstance(entry, dict)}
            if data and ids <= seen:
                self._problem(
                    what, url, f"page {page} repeats earlier items", read, incomplete=True
                )
                return
            seen |= ids
            yield data
            read += len(data)
            last = page >= total_pages if total_pages is not None else len(data) < self.per_page
            if last or not data:
                return
        self._problem(what, url, f"stopped after {self.max_pages} pages", read, incomplete=True)

    def _problem(
        self, what: str, url: str, message: str, read: int = 0, *, incomplete: bool = False
    ) -> RESTProblem:
        problem = RESTProblem(what, url, message, read, incomplete)
        logger.warning("%s", problem)
        self.problems.append(problem)
        return problem

    # -- the site --------------------------------------------------------------------------

    def site(self) -> Site:
        """The site: its name, addresses and language, its categories and tags.

        Authors are added as items name them. Read once; later calls return the same
        object.

        Raises:
            WordPressAPIError: No usable REST API (see :meth:`discover`).
        """
        if self._site is not None:
            return self._site
        self.discover()
        index = self.index
        home = index.get("home") if isinstance(index.get("home"), str) else ""
        site_url = index.get("url") if isinstance(index.get("url"), str) else ""
        site = Site(
            title=_text(index.get("name")),
            link=home or site_url or self.url.rstrip("/"),
            description=_text(index.get("description")),
            language=self.language,
            base_site_url=site_url,
            base_blog_url=home,
        )
        site.categories = self._terms("categories", "category")
        site.tags = self._terms("tags", "tag")
        self._site = site
        return site

    def _terms(self, rest_base: str, kind: str) -> list[Term]:
        terms: list[Term] = []
        parents: dict[int, int] = {}
        for page in self._pages(rest_base, f"{WP_NAMESPACE}/{rest_base}", [("orderby", "id")]):
            for entry in page:
                if not isinstance(entry, dict) or not entry.get("slug"):
                    continue
                term = Term(
                    kind=kind,
                    slug=str(entry["slug"]),
                    name=_text(entry.get("name")),
                    term_id=_int(entry.get("id")) or None,
                    description=_text(entry.get("description")),
                )
                if _int(entry.get("parent")) and term.term_id:
                    parents[term.term_id] = _int(entry.get("parent"))
                terms.append(term)
        by_id = {term.term_id: term for term in terms}
        for term in terms:
            parent = by_id.get(parents.get(term.term_id or 0))
            term.parent = parent.slug if parent is not None else ""
        return terms

    # -- items -----------------------------------------------------------------------------

    def items(self, post_types: Collection[str] = ("post",)) -> Iterator[Item]:
        """The published items of these post types, each with its public comments.

        Posts are read oldest id first (new posts land on the last page, so paging does not
        skip any while the site is being written to). With ``"attachment"`` in
        ``post_types``, each featured image is yielded once, just before the first item that
        uses it (the media library itself is not listed).

        Raises:
            WordPressAPIError: No usable REST API (see :meth:`discover`), when iteration
                starts. Later failures end their listing and are recorded in
                :attr:`problems`.
        """
        site = self.site()
        with_attachments = "attachment" in post_types
        for post_type in post_types:
            if post_type == "attachment":
                continue
            rest_base = self._rest_base(post_type)
            if rest_base is None:
                continue
            yielded: set[int] = set()
            params = [("_embed", None), ("orderby", "id"), ("order", "asc")]
            route = f"{WP_NAMESPACE}/{rest_base}"
            for page in self._pages(rest_base, route, params, key=post_type):
                for entry in page:
                    if not isinstance(entry, dict) or _int(entry.get("id")) in yielded:
                        continue
                    item = self._item(entry, site, post_type)
                    if item is None:
                        continue
                    yielded.add(item.post_id or 0)
                    attachment = self._featured(entry, site, item)
                    if attachment is not None and with_attachments:
                        self.counts["attachment"] += 1
                        yield attachment
                    item.comments = self._comments(entry, item)
                    self.counts[post_type] += 1
                    yield item
        if self._missing_authors:
            self._problem(
                "authors",
                self.url,
                f"{self._missing_authors} items name an author the REST API does not show "
                "(the users endpoint is hidden); they have no author login",
            )
            self._missing_authors = 0

    def _rest_base(self, post_type: str) -> str | None:
        if post_type not in self._rest_bases and not self._types_read:
            self._types_read = True
            url = self._route_url(f"{WP_NAMESPACE}/types")
            try:
                types, _ = self._get_json(url)
            except SourceReadError as error:
                self._problem("post types", url, error.reason, incomplete=True)
                types = {}
            for name, info in (types if isinstance(types, dict) else {}).items():
                if isinstance(info, dict) and isinstance(info.get("rest_base"), str):
                    self._rest_bases.setdefault(name, info["rest_base"])
        rest_base = self._rest_bases.get(post_type)
        if rest_base is None:
            self._problem(
                f"{post_type} items",
                self.url,
                f"the REST API has no {post_type!r} post type (not public, or not shown "
                "in the REST API)",
                incomplete=True,
            )
        return rest_base

    def _item(self, entry: dict, site: Site, post_type: str) -> Item | None:
        post_id = _int(entry.get("id"))
        content = entry.get("content") if isinstance(entry.get("content"), dict) else {}
        protected = bool(content.get("protected"))
        rendered = "" if protected else _rendered(entry.get("content"))
        item = Item(
            post_type=str(entry.get("type") or post_type),
            post_id=post_id or None,
            title=_rendered(entry.get("title")),
            link=str(entry.get("link") or ""),
            guid=html.unescape(_rendered(entry.get("guid"))),
            slug=str(entry.get("slug") or ""),
            status=str(entry.get("status") or ""),
            content=stored_content(rendered),
            excerpt=manual_excerpt(_rendered(entry.get("excerpt")), rendered),
            published=_date(entry.get("date_gmt"), entry.get("date")),
            modified=_date(entry.get("modified_gmt"), entry.get("modified")),
            author_login=self._author(entry, site),
            parent_id=_int(entry.get("parent")),
            menu_order=_int(entry.get("menu_order")),
            sticky=entry.get("sticky") is True,
            terms=self._item_terms(entry, site),
        )
        if protected:
            problem = self._problem(
                f"{post_type} {post_id}",
                str(entry.get("link") or self.url),
                "password-protected: the REST API serves its content only with the "
                "password; import it from an export (WXR) instead",
            )
            item.content = item.excerpt = ""
            self.withheld.append((item, problem))
            return None
        return item

    def _author(self, entry: dict, site: Site) -> str:
        embedded = _embedded_first(entry, "author")
        author_id = _int(entry.get("author"))
        if embedded is not None and embedded.get("slug"):
            login = str(embedded["slug"])
            if site.author(login) is None:
                site.authors.append(
                    Author(
                        login=login,
                        display_name=_text(embedded.get("name")),
                        description=_text(embedded.get("description")),
                        author_id=_int(embedded.get("id")) or author_id or None,
                    )
                )
            return login
        known = next((a for a in site.authors if author_id and a.author_id == author_id), None)
        if known is not None:
            return known.login
        if author_id:
            self._missing_authors += 1
        return ""

    def _item_terms(self, entry: dict, site: Site) -> list[ItemTerm]:
        groups = (entry.get("_embedded") or {}).get("wp:term")
        terms: list[ItemTerm] = []
        if isinstance(groups, list):
            for group in groups:
                for term in group if isinstance(group, list) else []:
                    if isinstance(term, dict) and term.get("taxonomy") and term.get("slug"):
                        taxonomy, slug = str(term["taxonomy"]), str(term["slug"])
                        terms.append(ItemTerm(taxonomy, slug, _text(term.get("name"))))
                        self._remember_term(site, taxonomy, slug, term)
            return terms
        # No embedded terms (a cache or plugin stripped them): the ids, by the site's lists.
        for key, domain, known in (
            ("categories", "category", site.categories),
            ("tags", "post_tag", site.tags),
        ):
            by_id = {term.term_id: term for term in known}
            for term_id in entry.get(key) or []:
                term = by_id.get(term_id)
                if term is not None:
                    terms.append(ItemTerm(domain, term.slug, term.name))
        return terms

    @staticmethod
    def _remember_term(site: Site, taxonomy: str, slug: str, term: dict) -> None:
        """A term an item uses that the site's lists lack (their endpoint failed)."""
        kinds = {"category": ("category", site.categories), "post_tag": ("tag", site.tags)}
        if taxonomy not in kinds:
            return
        kind, known = kinds[taxonomy]
        if not any(existing.slug == slug for existing in known):
            known.append(
                Term(kind, slug, _text(term.get("name")), term_id=_int(term.get("id")) or None)
            )

    def _featured(self, entry: dict, site: Site, item: Item) -> Item | None:
        """Record the featured image; return its attachment record the first time."""
        media_id = _int(entry.get("featured_media"))
        if not media_id:
            return None
        item.meta["_thumbnail_id"] = str(media_id)
        if media_id in self.attachments:
            return None
        media = _embedded_first(entry, "wp:featuredmedia")
        if media is None or not media.get("source_url"):
            self._problem(
                f"{item.post_type} {item.post_id}",
                item.link or self.url,
                f"its featured image (media {media_id}) is not public",
            )
            return None
        source_url = str(media["source_url"])
        author = next(
            (a.login for a in site.authors if a.author_id and a.author_id == media.get("author")),
            "",
        )
        attachment = Item(
            post_type="attachment",
            post_id=media_id,
            title=_rendered(media.get("title")),
            link=str(media.get("link") or ""),
            guid=source_url,
            slug=str(media.get("slug") or ""),
            status="inherit",
            excerpt=unautop(_rendered(media.get("caption"))),
            published=_date(media.get("date_gmt"), media.get("date")),
            author_login=author,
            attachment_url=source_url,
        )
        alt = media.get("alt_text")
        if isinstance(alt, str) and alt:
            attachment.meta["_wp_attachment_image_alt"] = alt
        self.attachments[media_id] = attachment
        return attachment

    def _comments(self, entry: dict, item: Item) -> list[Comment]:
        """The item's approved comments, oldest first, threaded by ``parent``.

        The embedded ``replies`` (WordPress embeds a post's first comments, and leaves the
        key out when there are none) spares a request for posts without comments.
        """
        links = entry.get("_links")
        embedded = entry.get("_embedded")
        if (
            isinstance(links, dict)
            and isinstance(embedded, dict)
            and ("replies" not in links or "replies" not in embedded)
        ):
            return []
        comments: dict[int, Comment] = {}
        params = [("post", item.post_id), ("orderby", "id"), ("order", "asc")]
        what = f"comments of {item.post_type} {item.post_id}"
        for page in self._pages(what, f"{WP_NAMESPACE}/comments", params):
            for data in page:
                if isinstance(data, dict) and _int(data.get("id")):
                    comment = _comment(data)
                    comments[comment.comment_id] = comment
        return sorted(comments.values(), key=lambda comment: comment.comment_id)


# -- mapping and HTTP helpers ---------------------------------------------------------------


def _comment(data: dict) -> Comment:
    status = str(data.get("status") or "")
    return Comment(
        comment_id=_int(data.get("id")),
        author=_text(data.get("author_name")),
        url=_text(data.get("author_url")),
        date=_date(data.get("date_gmt"), data.get("date")),
        content=unautop(_rendered(data.get("content"))),
        approved=COMMENT_APPROVAL.get(status, status),
        comment_type=str(data.get("type") or "comment"),
        parent=_int(data.get("parent")),
        user_id=_int(data.get("author")),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _with_slash(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _api_root(candidate: str, final_url: str) -> str:
    """The root routes are built on: where the index was found, after redirects."""
    parts = urlsplit(final_url or candidate)
    if f"{REST_ROUTE_PARAM}=" in parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, f"{REST_ROUTE_PARAM}=/", ""))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _host_key(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _header_int(response: _Response, name: str) -> int | None:
    value = response.headers.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _read_body(url: str, response: requests.Response, cap: int, *, truncate: bool) -> bytes:
    declared = response.headers.get("Content-Length")
    if not truncate and declared and declared.isdigit() and int(declared) > cap:
        raise SourceReadError(
            url, f"response is {int(declared):,} bytes, over the {cap:,}-byte limit"
        )
    body = bytearray()
    for chunk in response.iter_content(sources.CHUNK_SIZE):
        body.extend(chunk)
        if len(body) > cap:
            if truncate:
                return bytes(body[:cap])
            raise SourceReadError(url, f"response is over the {cap:,}-byte limit")
    return bytes(body)


def _wordpress_error(response: _Response) -> tuple[str, str]:
    """WordPress's ``{"code": …, "message": …}`` error, when the answer is one."""
    try:
        data = json.loads(response.body.decode("utf-8-sig", "replace"))
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    return _text(data.get("code")), _text(data.get("message"))


def _http_error(url: str, response: _Response, *, retries: int) -> WordPressAPIError:
    status = response.status
    code, message = _wordpress_error(response)
    detail = f"{code}: {message}" if code and message else code or message
    said = f" ({detail})" if detail else ""
    if status in (401, 403):
        text = (
            f"the REST API refused access (HTTP {status}){said}: it is turned off for "
            "visitors or blocked by a security plugin or firewall; import an export (WXR) "
            "of the site instead"
        )
    elif status == 404:
        text = f"not found (HTTP 404){said}: not a WordPress site, or its REST API is turned off"
    elif status in RETRY_STATUSES:
        text = f"still rate limited (HTTP {status}) after {retries} retries{said}"
    elif status >= 500:
        text = f"the server failed (HTTP {status}){said}"
    else:
        text = f"the request was refused (HTTP {status}){said}"
    return WordPressAPIError(url, text, status=status, code=code)


def _json(url: str, response: _Response) -> Any:
    text = response.body.decode("utf-8-sig", "replace")
    try:
        return json.loads(text)
    except ValueError as error:
        first_error = error
    # A plugin's PHP warning printed before the JSON: read the JSON after it.
    if _PHP_NOTICE_RE.match(text):
        start = _JSON_START_RE.search(text)
        if start is not None:
            try:
                data = json.loads(text[start.start() :])
            except ValueError:
                pass
            else:
                logger.warning("%s: text before the JSON (a PHP warning?) was skipped", url)
                return data
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "no type"
    hint = (
        " (an HTML page: a security plugin's block page, or not a WordPress site?)"
        if "html" in content_type
        else ""
    )
    raise WordPressAPIError(
        url,
        f"the answer is not valid JSON ({content_type}, {first_error.msg} at character "
        f"{first_error.pos}){hint}",
        status=response.status,
    )


def _discovery_error(url: str, failures: list[WordPressAPIError]) -> WordPressAPIError:
    refused = next((e for e in failures if e.status in (401, 403)), None)
    if refused is not None:
        return WordPressAPIError(url, refused.reason, status=refused.status, code=refused.code)
    tried = ", ".join(error.source for error in failures)
    return WordPressAPIError(
        url,
        f"no WordPress REST API found (tried {tried}): not a WordPress site, or its REST "
        "API is turned off",
        status=404 if all(e.status == 404 for e in failures) else None,
    )
