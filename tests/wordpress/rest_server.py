"""A loopback fake of a WordPress site's REST API, serving the team's export fixture.

The data is read from ``fixtures/wordpress/advice-export.xml`` with the export reader, so
the export and the "live" site describe the same posts. It answers as WordPress 6.x does
for a visitor (no account):

- ``/`` is the home page, with ``<html lang>`` and the API root in a ``Link`` header;
- ``/wp-json/…`` with pretty permalinks, ``/?rest_route=/…`` always;
- ``wp/v2/posts`` and ``wp/v2/pages``: published items only, ``per_page`` 1 to 100,
  ``page``, ``orderby`` (``id``, ``date``), ``order``, ``X-WP-Total`` and
  ``X-WP-TotalPages``, a 400 past the last page, ``_embed`` (author, terms, featured
  media, and replies only when there are some, as ``WP_REST_Server::embed_links`` leaves
  empty links out); password-protected posts keep their content to themselves;
- ``wp/v2/comments?post=``: approved comments of the ``comment`` type, paged; other types
  or statuses are refused, as they need an account;
- ``wp/v2/categories``, ``wp/v2/tags`` (paged) and ``wp/v2/types``.

Rendered content is what the export path renders (``content_html``), with the image
attributes WordPress adds; excerpts are the editor's, or the first 55 words and ``[…]``.

Tests steer it through attributes: ``faults`` (answers to force, by route and page),
``pretty_permalinks``, ``link_header``, ``link_element``, ``api_prefix``, ``latency``,
``uploads`` (a folder served at ``/wp-content/uploads/``), and
``clock`` (request times are recorded with it in ``hit_times``); ``hits`` lists every
request path and ``max_in_flight`` the most requests it served at once.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from importers.sources.wordpress import Item, Site, autop, content_html

from .conftest import FIXTURE, read_all

#: Words in an excerpt WordPress writes itself (``excerpt_length``).
EXCERPT_WORDS = 55
EXCERPT_MORE = " [&hellip;]"
EMBED_REPLIES = 10  # the embedded replies link asks for WordPress's default page size

_TAG_RE = re.compile(r"<[^>]*>")


@dataclass
class Fault:
    """An answer to give instead of the real one.

    ``route`` is a REST route (``/wp/v2/posts``, ``/`` for the index) or ``"*"`` for every
    REST route; ``page`` limits it to one page; ``times`` to that many requests.
    """

    route: str
    status: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    times: int | None = None


def wordpress_error(code: str, message: str, status: int) -> bytes:
    return json.dumps({"code": code, "message": message, "data": {"status": status}}).encode()


def _gmt(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat()


def _words(html_text: str) -> list[str]:
    return _TAG_RE.sub(" ", html_text).split()


class FakeWordPress(ThreadingHTTPServer):
    """The site: the export's records, served as WordPress's REST API serves them."""

    def __init__(self, site: Site, items: list[Item]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.items = items
        self.by_id = {item.post_id: item for item in items}
        self.faults: list[Fault] = []
        self.pretty_permalinks = True
        self.link_header = True
        self.link_element = True
        #: Authors whose user record the REST API hides (a security plugin's setting).
        self.hidden_authors: set[str] = set()
        self.api_prefix = "/wp-json/"
        #: A folder served at ``/wp-content/uploads/`` (``None``: nothing is).
        self.uploads: Path | None = None
        self.latency = 0.0
        self.clock = time.monotonic
        self.hits: list[str] = []
        self.hit_times: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._term_ids = {
            (kind, term.slug): term.term_id
            for kind, terms in (("category", site.categories), ("post_tag", site.tags))
            for term in terms
        }

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def api_root(self) -> str:
        if self.pretty_permalinks:
            return self.base + self.api_prefix
        return self.base + "/?rest_route=/"

    # -- the data --------------------------------------------------------------------------

    def public(self, post_type: str) -> list[Item]:
        return [i for i in self.items if i.post_type == post_type and i.status == "publish"]

    def author_json(self, login: str) -> dict:
        author = self.site.author(login)
        if author is None or login in self.hidden_authors:
            return {"code": "rest_user_invalid_id", "message": "Invalid user ID.",
                    "data": {"status": 404}}  # fmt: skip
        return {
            "id": author.author_id,
            "name": author.name,
            "url": "",
            "description": author.description,
            "link": f"{self.site.link}/author/{author.login}/",
            "slug": author.login,
            "avatar_urls": {},
        }

    def term_json(self, kind: str, slug: str, name: str) -> dict:
        taxonomy = "category" if kind == "category" else "post_tag"
        path = "category" if kind == "category" else "tag"
        return {
            "id": self._term_ids.get((taxonomy, slug)),
            "link": f"{self.site.link}/{path}/{slug}/",
            "name": name,
            "slug": slug,
            "taxonomy": taxonomy,
        }

    def media_json(self, item: Item) -> dict:
        author = self.site.author(item.author_login)
        return {
            "id": item.post_id,
            "date": _gmt(item.published),
            "slug": item.slug,
            "type": "attachment",
            "link": item.link,
            "title": {"rendered": item.title},
            "author": author.author_id if author else 0,
            "caption": {"rendered": autop(item.excerpt)},
            "alt_text": item.meta.get("_wp_attachment_image_alt", ""),
            "media_type": "image",
            "mime_type": "image/jpeg",
            "media_details": {},
            "source_url": item.attachment_url,
        }

    def comments_of(self, item: Item) -> list:
        return [c for c in item.comments if c.is_approved and c.comment_type in ("", "comment")]

    def comment_json(self, item: Item, comment) -> dict:
        local = _gmt(comment.date)
        return {
            "id": comment.comment_id,
            "post": item.post_id,
            "parent": comment.parent,
            "author": comment.user_id,
            "author_name": comment.author,
            "author_url": comment.url,
            "date": local,
            "date_gmt": local if comment.date and comment.date.tzinfo else None,
            "content": {"rendered": autop(comment.content)},
            "link": f"{item.link}#comment-{comment.comment_id}",
            "status": "approved",
            "type": "comment",
            "author_avatar_urls": {},
            "meta": [],
        }

    def rendered(self, item: Item) -> str:
        return content_html(item.content).replace("<img ", '<img loading="lazy" decoding="async" ')

    def excerpt(self, item: Item, rendered: str) -> str:
        if item.excerpt.strip():
            return autop(item.excerpt)
        words = _words(rendered)
        more = EXCERPT_MORE if len(words) > EXCERPT_WORDS else ""
        return f"<p>{' '.join(words[:EXCERPT_WORDS])}{more}</p>\n"

    def post_json(self, item: Item, embed: bool) -> dict:
        rendered = self.rendered(item)
        protected = bool(item.password)
        author = self.site.author(item.author_login)
        thumbnail = item.thumbnail_id
        route = "pages" if item.post_type == "page" else "posts"
        api = self.api_root + "wp/v2/"
        data = {
            "id": item.post_id,
            "date": _gmt(item.published),
            "date_gmt": _gmt(item.published),
            "guid": {"rendered": item.guid.replace("&", "&#038;")},
            "modified": _gmt(item.modified),
            "modified_gmt": _gmt(item.modified),
            "slug": item.slug,
            "status": item.status,
            "type": item.post_type,
            "link": item.link,
            "title": {"rendered": item.title},
            "content": {"rendered": "" if protected else rendered, "protected": protected},
            "excerpt": {
                "rendered": "" if protected else self.excerpt(item, rendered),
                "protected": protected,
            },
            "author": author.author_id if author else 0,
            "featured_media": thumbnail or 0,
            "comment_status": "open",
            "ping_status": "open",
            "template": "",
            "meta": [],
            "_links": {
                "self": [{"href": f"{api}{route}/{item.post_id}"}],
                "author": [
                    {"embeddable": True, "href": f"{api}users/{author.author_id if author else 0}"}
                ],  # fmt: skip
                "replies": [{"embeddable": True, "href": f"{api}comments?post={item.post_id}"}],
            },
        }
        if item.post_type == "page":
            data.update(parent=item.parent_id, menu_order=item.menu_order)
        else:
            data.update(
                sticky=item.sticky,
                format="standard",
                categories=[self._term_ids.get(("category", t.slug)) for t in item.categories],
                tags=[self._term_ids.get(("post_tag", t.slug)) for t in item.tags],
            )
            data["_links"]["wp:term"] = [
                {"taxonomy": "category", "embeddable": True, "href": f"{api}categories"},
                {"taxonomy": "post_tag", "embeddable": True, "href": f"{api}tags"},
            ]
        media = self.by_id.get(thumbnail) if thumbnail else None
        if thumbnail:
            media_link = {"embeddable": True, "href": f"{api}media/{thumbnail}"}
            data["_links"]["wp:featuredmedia"] = [media_link]
        if not embed:
            return data
        embedded: dict = {"author": [self.author_json(item.author_login)]}
        if item.post_type != "page":
            embedded["wp:term"] = [
                [self.term_json("category", t.slug, t.name) for t in item.categories],
                [self.term_json("tag", t.slug, t.name) for t in item.tags],
            ]
        if media is not None:
            embedded["wp:featuredmedia"] = [self.media_json(media)]
        elif thumbnail:
            embedded["wp:featuredmedia"] = [{"code": "rest_forbidden", "message": "Sorry.",
                                             "data": {"status": 401}}]  # fmt: skip
        replies = [] if protected else self.comments_of(item)
        if replies:
            embedded["replies"] = [
                [self.comment_json(item, comment) for comment in replies[:EMBED_REPLIES]]
            ]
        data["_embedded"] = embedded
        return data

    def term_entry(self, term, kind: str) -> dict:
        by_slug = {t.slug: t for t in self.site.categories}
        parent = by_slug.get(term.parent)
        entry = {
            "id": term.term_id,
            "count": 0,
            "description": term.description,
            "link": f"{self.site.link}/{'category' if kind == 'category' else 'tag'}/{term.slug}/",
            "name": term.name,
            "slug": term.slug,
            "taxonomy": "category" if kind == "category" else "post_tag",
            "meta": [],
        }
        if kind == "category":
            entry["parent"] = parent.term_id if parent else 0
        return entry

    def index_json(self) -> dict:
        return {
            "name": self.site.title,
            "description": self.site.description,
            "url": self.site.base_site_url,
            "home": self.site.base_blog_url or self.site.link,
            "gmt_offset": 0,
            "timezone_string": "",
            "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
            "authentication": [],
            "routes": {},
        }

    def home_page(self) -> bytes:
        return (
            f'<!DOCTYPE html>\n<html lang="{self.site.language}">\n<head>\n'
            f"<title>{self.site.title}</title>\n"
            + (
                f'<link rel="https://api.w.org/" href="{self.api_root}">\n'
                if self.link_element
                else ""
            )
            + "</head>\n<body><h1>Latest posts</h1></body>\n</html>\n"
        ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: FakeWordPress

    def do_GET(self):  # noqa: N802 - http.server's naming
        server = self.server
        with server._lock:
            server.hits.append(self.path)
            server.hit_times.append(server.clock())
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            if server.latency:
                time.sleep(server.latency)
            status, headers, body = self.answer()
        finally:
            with server._lock:
                server.in_flight -= 1
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

    # -- routing ---------------------------------------------------------------------------

    def answer(self) -> tuple[int, dict, bytes]:
        server = self.server
        parts = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(parts.query, True).items()}
        route = None
        if parts.path == "/" and "rest_route" in query:
            route = query.pop("rest_route") or "/"
        elif server.pretty_permalinks and parts.path.startswith(server.api_prefix):
            route = "/" + parts.path[len(server.api_prefix) :]
        if route is None:
            upload = self.upload(parts.path)
            if upload is not None:
                return 200, {"Content-Type": "image/jpeg"}, upload
            if parts.path == "/":
                headers = {"Content-Type": "text/html; charset=UTF-8"}
                if server.link_header:
                    headers["Link"] = f'<{server.api_root}>; rel="https://api.w.org/"'
                return 200, headers, server.home_page()
            return 404, {"Content-Type": "text/html"}, b"<html><body>Page not found</body></html>"
        route = route.rstrip("/") or "/"
        fault = self.fault(route, query)
        if fault is not None:
            return fault
        try:
            return self.rest(route, query)
        except _RESTError as error:
            return _json(error.status, wordpress_error(error.code, error.message, error.status))

    def upload(self, path: str) -> bytes | None:
        """A file of the uploads folder, for ``/wp-content/uploads/…``."""
        folder, prefix = self.server.uploads, "/wp-content/uploads/"
        if folder is None or not path.startswith(prefix):
            return None
        file = (folder / path[len(prefix) :]).resolve()
        if folder.resolve() not in file.parents or not file.is_file():
            return None
        return file.read_bytes()

    def fault(self, route: str, query: dict) -> tuple[int, dict, bytes] | None:
        for fault in self.server.faults:
            if fault.route not in ("*", route):
                continue
            if fault.page is not None and int(query.get("page", "1")) != fault.page:
                continue
            if fault.times is not None:
                if fault.times <= 0:
                    continue
                fault.times -= 1
            headers = {"Content-Type": "application/json; charset=UTF-8", **fault.headers}
            return fault.status, headers, fault.body
        return None

    def rest(self, route: str, query: dict) -> tuple[int, dict, bytes]:
        server = self.server
        if route == "/":
            return _json(200, json.dumps(server.index_json()).encode())
        if route in ("/wp/v2/posts", "/wp/v2/pages"):
            post_type = "post" if route.endswith("posts") else "page"
            items = server.public(post_type)
            order = query.get("orderby", "date")
            key = (lambda i: i.post_id) if order == "id" else (lambda i: i.published)
            items = sorted(items, key=key, reverse=query.get("order", "desc") == "desc")
            embed = "_embed" in query
            return _paged(query, items, lambda i: server.post_json(i, embed), "rest_post")
        if route == "/wp/v2/comments":
            needs_account = query.get("type", "comment") != "comment" or query.get(
                "status", "approve"
            ) not in ("approve", "approved")
            if needs_account:
                raise _RESTError(401, "rest_forbidden_param", "Query parameter not permitted.")
            post = server.by_id.get(int(query.get("post", "0") or 0))
            if post is None or post.status != "publish" or post.password:
                raise _RESTError(401, "rest_cannot_read_post", "Sorry, you are not allowed.")
            comments = sorted(
                server.comments_of(post),
                key=lambda c: c.comment_id if query.get("orderby") == "id" else c.date,
                reverse=query.get("order", "desc") == "desc",
            )
            return _paged(query, comments, lambda c: server.comment_json(post, c), "rest_comment")
        if route in ("/wp/v2/categories", "/wp/v2/tags"):
            kind = "category" if route.endswith("categories") else "tag"
            terms = server.site.categories if kind == "category" else server.site.tags
            terms = sorted(terms, key=lambda t: t.term_id or 0)
            return _paged(query, terms, lambda t: server.term_entry(t, kind), None)
        if route == "/wp/v2/types":
            types = {
                name: {"slug": name, "rest_base": base, "rest_namespace": "wp/v2"}
                for name, base in (("post", "posts"), ("page", "pages"), ("attachment", "media"))
            }
            return _json(200, json.dumps(types).encode())
        raise _RESTError(404, "rest_no_route", "No route was found matching the URL.")


class _RESTError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


def _json(status: int, body: bytes, headers: dict | None = None) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}, body


def _paged(query: dict, entries: list, to_json, invalid_page: str | None):
    try:
        per_page = int(query.get("per_page", "10"))
        page = int(query.get("page", "1"))
    except ValueError:
        raise _RESTError(400, "rest_invalid_param", "Invalid parameter(s): page") from None
    if not 1 <= per_page <= 100:
        raise _RESTError(400, "rest_invalid_param", "Invalid parameter(s): per_page")
    total = len(entries)
    pages = math.ceil(total / per_page)
    if invalid_page and page > pages and total:
        raise _RESTError(
            400,
            f"{invalid_page}_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    chunk = entries[(page - 1) * per_page : page * per_page]
    body = json.dumps([to_json(entry) for entry in chunk]).encode()
    return _json(200, body, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


@contextmanager
def fake_wordpress(export: Path = FIXTURE):
    """Serve ``export`` as a live site's REST API on loopback; set options before use."""
    _, site, items = read_all(export)
    server = FakeWordPress(site, items)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
