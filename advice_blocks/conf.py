"""The package's settings: one ``ADVICE_BLOCKS`` dict, read when needed.

Reading on every access (rather than once at import time) keeps ``override_settings`` working
in tests and lets a site change a value without restarting anything that imported us first.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured


class AdviceBlocksSettings(TypedDict, total=False):
    #: Rich-text features of a paragraph block in the article body.
    PARAGRAPH_FEATURES: list[str]
    #: Rich-text features of a reason's body, an FAQ answer and the article intro.
    ITEM_FEATURES: list[str]
    #: Rich-text features of an author's bio.
    BIO_FEATURES: list[str]
    #: Image rendition specs exposed in the API, by name.
    API_RENDITIONS: dict[str, str]
    #: Seconds before a URL fetch (article or image) is abandoned.
    FETCH_TIMEOUT: float
    #: Largest HTML document, in bytes, the importer reads from a file or URL.
    MAX_DOCUMENT_BYTES: int
    #: Largest image, in bytes, the importer downloads.
    MAX_IMAGE_BYTES: int
    #: Redirects followed when fetching a URL.
    MAX_REDIRECTS: int
    #: Let URL imports reach private, loopback and link-local addresses (off by default).
    ALLOW_PRIVATE_URLS: bool
    #: Comment submissions allowed per client address within ``COMMENT_RATE_WINDOW``.
    COMMENT_RATE_LIMIT: int
    #: The rate-limit window, in seconds.
    COMMENT_RATE_WINDOW: int
    #: Longest comment, in characters.
    COMMENT_MAX_LENGTH: int
    #: Levels of replies shown nested (page, JSON-LD and API), like WordPress's
    #: "thread_comments_depth": an int from 1 (a flat thread) to 100. Deeper replies are
    #: shown at the last level, in the order they were written, each saying whom it answers.
    COMMENT_THREAD_DEPTH: int
    #: Reverse proxies in front of the site whose X-Forwarded-For entries are trusted (0: none).
    TRUSTED_PROXY_COUNT: int
    #: Import screen: largest total size, in bytes, of the files sent in one upload.
    IMPORT_MAX_UPLOAD_BYTES: int
    #: Import screen: most files in one upload (Django's ``DATA_UPLOAD_MAX_NUMBER_FILES``
    #: caps the request too); put more in a .zip.
    IMPORT_MAX_FILES: int
    #: Import screen: most entries (files and folders) in one uploaded .zip.
    IMPORT_MAX_ZIP_ENTRIES: int
    #: Import screen: largest total size, in bytes, of one import's files once unzipped.
    IMPORT_MAX_UNCOMPRESSED_BYTES: int
    #: Import screen: most URLs pasted into one import.
    IMPORT_MAX_URLS: int
    #: Import screen: most bytes one user's imports may keep stored at once (as stored,
    #: compressed); an upload that would pass it is refused. ``None``: no limit.
    IMPORT_MAX_STORED_BYTES_PER_USER: int | None
    #: Days an import screen job that finished, failed or was never confirmed keeps its
    #: uploaded files before ``manage.py prune_import_jobs`` deletes them.
    IMPORT_JOB_RETENTION_DAYS: int
    #: The template articles extend (filling its ``content`` block). ``None``: the site's
    #: ``base.html`` when there is one, else the package's bare page.
    BASE_TEMPLATE: str | None
    #: Page types (``"app_label.ModelName"``) articles may be created under, besides the
    #: package's ``AdviceIndexPage``.
    ARTICLE_PARENT_PAGE_TYPES: list[str]
    #: Seconds the article page keeps its rendered parts, and the API its article fields,
    #: in Django's cache (keyed by the page's publication, its approved comments and what it
    #: shows of authors, images, categories and tags; 0: no caching).
    PAGE_CACHE_TIMEOUT: int
    #: The ``TASKS`` backend alias that import screen jobs are enqueued on.
    IMPORT_TASK_BACKEND: str
    #: The queue import screen jobs are enqueued on (a worker can serve just this queue).
    IMPORT_TASK_QUEUE: str


DEFAULTS: AdviceBlocksSettings = {
    "PARAGRAPH_FEATURES": [
        "h2",
        "h3",
        "h4",
        "bold",
        "italic",
        "link",
        "ol",
        "ul",
        "blockquote",
        "hr",
    ],
    "ITEM_FEATURES": ["bold", "italic", "link", "ol", "ul", "blockquote"],
    "BIO_FEATURES": ["bold", "italic", "link"],
    "API_RENDITIONS": {"thumbnail": "fill-160x160", "medium": "max-800x800"},
    "FETCH_TIMEOUT": 10.0,
    "MAX_DOCUMENT_BYTES": 25 * 1024 * 1024,
    "MAX_IMAGE_BYTES": 10 * 1024 * 1024,
    "MAX_REDIRECTS": 5,
    "ALLOW_PRIVATE_URLS": False,
    "COMMENT_RATE_LIMIT": 5,
    "COMMENT_RATE_WINDOW": 600,
    "COMMENT_MAX_LENGTH": 5000,
    "COMMENT_THREAD_DEPTH": 5,
    "TRUSTED_PROXY_COUNT": 0,
    "IMPORT_MAX_UPLOAD_BYTES": 100 * 1024 * 1024,
    "IMPORT_MAX_FILES": 100,
    "IMPORT_MAX_ZIP_ENTRIES": 5000,
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 500 * 1024 * 1024,
    "IMPORT_MAX_URLS": 1000,
    "IMPORT_MAX_STORED_BYTES_PER_USER": 250 * 1024 * 1024,
    "IMPORT_JOB_RETENTION_DAYS": 7,
    "BASE_TEMPLATE": None,
    "PAGE_CACHE_TIMEOUT": 24 * 60 * 60,
    "ARTICLE_PARENT_PAGE_TYPES": [],
    "IMPORT_TASK_BACKEND": "default",
    "IMPORT_TASK_QUEUE": "default",
}


def get_settings() -> AdviceBlocksSettings:
    """Return the defaults overlaid with the site's ``ADVICE_BLOCKS`` dict."""
    user = getattr(django_settings, "ADVICE_BLOCKS", {}) or {}
    if not isinstance(user, dict):
        raise ImproperlyConfigured(f"ADVICE_BLOCKS must be a dict, not {type(user).__name__}.")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise ImproperlyConfigured(
            f"ADVICE_BLOCKS has unknown keys: {', '.join(unknown)}. "
            f"Known keys: {', '.join(sorted(DEFAULTS))}."
        )
    merged: dict[str, Any] = dict(DEFAULTS)
    merged.update(user)
    return merged  # type: ignore[return-value]


def get(name: str) -> Any:
    """Return one setting by name, e.g. ``conf.get("FETCH_TIMEOUT")``."""
    return get_settings()[name]  # type: ignore[literal-required]
