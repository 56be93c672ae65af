"""An API v2 pages endpoint that serves articles in a fixed number of queries, and caches
their representations.

Register it in place of Wagtail's ``PagesAPIViewSet``::

    api_router.register_endpoint("pages", AdviceArticlePagesAPIViewSet)

A listing of 50 articles with ``fields=*`` costs the same queries as a listing of 5, and
the detail of an article the same whatever its blocks, authors and comments: the authors,
images, renditions and comments of every page in the response are fetched together
(:func:`advice_blocks.prefetch.prefetch_articles`). Only the fields a request asks for are
prefetched.

The article's own fields (:data:`CACHED_FIELDS`: the body, JSON-LD, comments, authors,
images, intro, tags and categories) are cached for ``ADVICE_BLOCKS["PAGE_CACHE_TIMEOUT"]``
seconds, as the page template caches its rendered parts (:mod:`advice_blocks.caching`):
one entry per page and set of fields asked for, keyed by the page's publication
(Wagtail's ``page.cache_key``: id, URL path, last publish), the site, the requested
``rich_text_format``, the language, the package's version and the settings the fields
depend on (:data:`KEY_SETTINGS`), the site's content version (authors, images, categories,
tags, page URLs) and, for the comments and the JSON-LD, the page's comments version. A
publish, a moderation or an edited author shows at once. A page whose fields all come
from the cache is not prefetched at all. Wagtail's own fields (``id``, ``title``,
``meta``) are always serialised: they are cheap, and URLs in them follow the request.

Nothing served for a preview is cached or served from the cache: not a request with a
preview ``token`` (the ``page_preview`` endpoint, :mod:`advice_blocks.preview`), not a
request Wagtail marks ``is_preview``, and no page but the live pages this endpoint loads
from its own queryset (a revision or a stored preview draft is built in memory with the
live page's id, URL path and publish date, so it would share its key). The cached fields
hold nothing that depends on who asks (no field shows a reader's data), and an entry is
only read for a page the request's own queryset let through: Wagtail's view restrictions
(a password, a login, groups) are checked on every request, cold or warm, so a page
restricted after it was cached, or cached for a reader allowed to see it, is never served
to a reader who may not.

Responses are compact JSON. Wagtail's own endpoint indents by four spaces, which makes an
article's response about half as large again and keeps Python's JSON encoder from using
its C implementation; browsers still get the indented, browsable page, and a client can ask
for indentation with ``Accept: application/json; indent=4``.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from rest_framework.fields import SkipField
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.serializers import StreamField as StreamFieldSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from . import __version__, caching, conf
from .prefetch import prefetch_articles

#: Article fields whose representations are cached (when the model serves them).
CACHED_FIELDS = frozenset(
    {"intro", "authors", "author", "image", "tags", "categories", "body", "json_ld", "comments"}
)
#: Fields that show the page's comments: their entries follow its comments version too.
COMMENT_FIELDS = frozenset({"comments", "json_ld"})
#: Article fields that never read the body (a listing that asks for no others defers it).
BODY_FREE_FIELDS = frozenset(
    {"intro", "authors", "author", "image", "tags", "categories"}
    | {"original_published", "last_updated", "comments"}
)
#: Query parameters a preview is asked for with (wagtail-headless-preview's ``token``).
PREVIEW_PARAMETERS = ("token",)
#: Bumped when the shape of a cached entry changes, so old entries are never read.
ENTRY_FORMAT = 1
#: Settings the cached fields depend on: a change (a deploy, a restart) keys new entries,
#: so a cache that outlives the process (Redis, Memcached) serves no stale shape.
KEY_SETTINGS = (
    "API_RENDITIONS",
    "COMMENT_THREAD_DEPTH",
    "PARAGRAPH_FEATURES",
    "ITEM_FEATURES",
    "BIO_FEATURES",
)
KEY_PREFIX = "advice_blocks:api:"

# Set on a page object by the view: its cached fields (a hit), or the key to store them
# under once serialised (a miss).
_HIT = "_advice_api_cached"
_PENDING = "_advice_api_cache_key"
# Set by the view on the pages it loads from its own queryset (only those are cached).
_LOADED = "_advice_api_loaded"


class _Cached:
    """A representation taken from the cache (``to_representation`` returns it as is)."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data


class CachedRepresentationMixin:
    """A serializer field that answers from the page's cache entry when it has one."""

    def get_attribute(self, instance):
        entry = instance.__dict__.get(_HIT)
        if entry is None:
            return super().get_attribute(instance)
        if self.field_name not in entry:
            raise SkipField  # skipped when the entry was made, as now
        return _Cached(entry[self.field_name])

    def to_representation(self, value):
        if isinstance(value, _Cached):
            return value.data
        return super().to_representation(value)


@functools.cache
def _cached_field_class(field_class):
    return type(f"Cached{field_class.__name__}", (CachedRepresentationMixin, field_class), {})


def _cached_field(field):
    """A copy of the serializer field ``field`` (built with the same arguments) that
    answers from the cache."""
    return _cached_field_class(type(field))(*field._args, **field._kwargs)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


class CachingPageSerializer(PageSerializer):
    """Wagtail's page serializer; each page about to be cached hands its cached fields'
    representations to the view as it is serialised."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        key = instance.__dict__.pop(_PENDING, None)
        if key is not None:
            view = self.context["view"]
            view.api_cache_writes[key] = {
                name: data[name] for name in view.api_cached_fields if name in data
            }
        return data


@functools.cache
def _body_free_fields(viewset_class) -> frozenset:
    """Wagtail's page fields on ``viewset_class``, and the article's that skip the body
    (the same for every request: Wagtail lists them from the model's ``api_fields``)."""
    return frozenset(viewset_class.get_available_fields(Page)) | BODY_FREE_FIELDS


class AdviceArticlePagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = CachingPageSerializer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The fields this response caches, and entries to write once it is complete.
        self.api_cached_fields: frozenset = frozenset()
        self.api_cache_writes: dict = {}
        self._base_queryset = None
        self._serializer_class = None

    def get_base_queryset(self):
        # Wagtail asks for it up to three times a request (for the pages, for the
        # serializer's model and for the serializer's context), and each time reads the
        # site's view restrictions from the database.
        if self._base_queryset is None:
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_serializer_class(self):
        if self._serializer_class is None:
            self._serializer_class = super().get_serializer_class()
        return self._serializer_class

    def get_queryset(self):
        # Every page in a listing reports its locale (``meta.locale``): join it, rather than
        # fetch it once per page. Authors, photos and renditions come from the prefetch.
        return super().get_queryset().select_related("locale")

    def get_object(self):
        page = super().get_object()
        page.__dict__[_LOADED] = True
        return page

    def paginate_queryset(self, queryset):
        if hasattr(queryset, "defer") and self._body_unused(queryset.model):
            # A listing's fields are usually a few short ones; loading each page's body would
            # parse its whole stream (JSON) for nothing.
            queryset = queryset.defer("body")
        pages = super().paginate_queryset(queryset)
        for page in pages or ():
            page.__dict__[_LOADED] = True
        return pages

    def _body_unused(self, model) -> bool:
        """Whether no field of this response reads the article's body: every field asked
        for is one of Wagtail's or one of the article's that does not."""
        from .models import AdviceArticleMixin

        if not issubclass(model, AdviceArticleMixin):
            return False
        return set(self.get_serializer_class().Meta.fields) <= _body_free_fields(type(self))

    @classmethod
    def get_field_serializer_overrides(cls, model):
        """Wagtail's serializer fields, with the article's :data:`CACHED_FIELDS` answering
        from the cache."""
        from .models import AdviceArticleMixin

        overrides = super().get_field_serializer_overrides(model)
        if not issubclass(model, AdviceArticleMixin):
            return overrides
        for name in CACHED_FIELDS & set(cls.get_body_fields_names(model)):
            if name in overrides:
                overrides[name] = _cached_field(overrides[name])
            elif isinstance(_model_field(model, name), StreamField):
                overrides[name] = _cached_field(StreamFieldSerializer())
        return overrides

    def get_serializer(self, instance=None, *args, **kwargs):
        # DRF's get_serializer, with the pages taken from the cache or prepared for the
        # fields being serialised.
        serializer_class = self.get_serializer_class()
        # First: it validates ?rich_text_format= (Wagtail answers 400 for an unknown one).
        kwargs.setdefault("context", self.get_serializer_context())
        if instance is not None:
            fields = set(serializer_class.Meta.fields)
            many = kwargs.get("many", False)
            pages = list(instance) if many else [instance]
            cached = frozenset(
                name
                for name in fields
                if isinstance(
                    serializer_class._declared_fields.get(name), CachedRepresentationMixin
                )
            )
            misses = self._read_cache(pages, cached) if cached else pages
            hits = [page for page in pages if _HIT in page.__dict__]
            self._prefetch(misses, fields, many)
            self._prefetch(hits, fields - cached, many)
            instance = pages if many else pages[0]
        return serializer_class(instance, *args, **kwargs)

    def _prefetch(self, pages, fields, many):
        if not pages:
            return
        listing = self.action == "listing_view"
        flags = {
            "author": bool({"author", "authors", "json_ld"} & fields),
            # A listing shows its authors as summaries (and the body and JSON-LD, whole
            # authors, are usually not asked for).
            "author_summaries": listing and not {"body", "json_ld"} & fields,
            "taxonomy": bool({"tags", "categories", "json_ld"} & fields),
            "image": "image" in fields,
            "body": "body" in fields or "json_ld" in fields,
            "comments": "comments" in fields or "json_ld" in fields,
        }
        if not any(value for name, value in flags.items() if name != "author_summaries"):
            return
        renditions = list(conf.get("API_RENDITIONS").values()) if many else None
        prefetch_articles(pages, renditions=renditions, **flags)

    # -- the cache -------------------------------------------------------------------------

    def _read_cache(self, pages, fields: frozenset) -> list:
        """Give pages found in the cache their entries; mark the others to be stored;
        return the others."""
        if not conf.get("PAGE_CACHE_TIMEOUT") or self.is_preview_request():
            return pages
        cacheable = [page for page in pages if self._cacheable(page)]
        if not cacheable:
            return pages
        self.api_cached_fields = fields
        keys = self._cache_keys(cacheable, fields)
        found = cache.get_many(list(keys.values()))
        misses = [page for page in pages if page.pk not in keys]
        for page in cacheable:
            key = keys[page.pk]
            if key in found:
                page.__dict__[_HIT] = found[key]
            else:
                page.__dict__[_PENDING] = key
                misses.append(page)
        return misses

    @staticmethod
    def _cacheable(page) -> bool:
        from .models import AdviceArticleMixin

        # Only the live page this endpoint loaded from its queryset: a revision or a stored
        # preview draft is built in memory with the live page's id, URL path and publish
        # date, so it would share the live page's key.
        return (
            isinstance(page, AdviceArticleMixin)
            and page.__dict__.get(_LOADED, False)
            and page.pk is not None
            and page.live
        )

    def is_preview_request(self) -> bool:
        """Whether this request asks for a preview (never cached nor served from the cache)."""
        request = self.request
        if getattr(request, "is_preview", False):
            return True
        return any(parameter in request.GET for parameter in PREVIEW_PARAMETERS)

    def _cache_keys(self, pages, fields: frozenset) -> dict:
        """``{page id: cache key}`` for ``fields`` of ``pages`` in this request."""
        from .blocks.richtext import requested_rich_text_format

        content, comments = caching.versions(
            [page.pk for page in pages] if fields & COMMENT_FIELDS else []
        )
        site = Site.find_for_request(self.request)
        shared = "\n".join(
            [
                str(ENTRY_FORMAT),
                __version__,
                repr([conf.get(name) for name in KEY_SETTINGS]),
                f"{type(self).__module__}.{type(self).__qualname__}",
                str(site.pk if site else ""),
                # A listing shows authors as summaries, a detail in full.
                self.action or "",
                requested_rich_text_format({"request": self.request}) or "",
                translation.get_language() or "",
                ",".join(sorted(fields)),
                content,
            ]
        )
        keys = {}
        for page in pages:
            digest = hashlib.md5(  # noqa: S324 - a cache key, not a secret
                f"{shared}\n{page.cache_key}\n{comments.get(page.pk, '')}".encode()
            ).hexdigest()
            keys[page.pk] = f"{KEY_PREFIX}{page.pk}:{digest}"
        return keys

    def finalize_response(self, request, response, *args, **kwargs):
        writes, self.api_cache_writes = self.api_cache_writes, {}
        if writes and response.status_code == 200:
            cache.set_many(writes, conf.get("PAGE_CACHE_TIMEOUT"))
        return super().finalize_response(request, response, *args, **kwargs)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context
