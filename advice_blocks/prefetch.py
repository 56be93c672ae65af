"""Load what article pages point at in a fixed number of queries, however many pages.

An article's body refers to authors and images from inside its blocks, and its author box,
byline and comment thread each need rows of their own. Left alone, every page fetches those
separately, so an API listing of 50 articles costs a few queries per article.
:func:`prefetch_articles` walks the stored (raw) body of every page first, fetches all the
authors, images (with their renditions) and approved comments in one query each, and hands
them to the pages before anything renders or serialises them.

Chooser blocks take part by mixing in :class:`PreloadableChooserMixin`; any other chooser
keeps fetching its own objects, as Wagtail does.
"""

from __future__ import annotations

import contextlib
import copy
from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar

from django.db.models import QuerySet, prefetch_related_objects
from wagtail import blocks
from wagtail.images import get_image_model

# Objects fetched for the pages being prepared, by model and primary key. Set only while
# prefetch_articles converts the bodies, so nothing outlives that call.
_pool: ContextVar[dict | None] = ContextVar("advice_blocks_prefetch_pool", default=None)


class PreloadableChooserMixin:
    """Take chooser values from :func:`prefetch_articles`'s objects when it has them all."""

    def bulk_to_python(self, values):
        values = list(values)
        pool = _pool.get()
        found = pool.get(self.model_class) if pool else None
        if found is None or not all(value is None or value in found for value in values):
            return super().bulk_to_python(values)
        result, seen = [], set()
        for value in values:
            obj = found.get(value) if value is not None else None
            # Wagtail hands out a distinct instance per repeated id; do the same.
            result.append(copy.copy(obj) if obj is not None and value in seen else obj)
            seen.add(value)
        return result


def collect_chooser_ids(block, raw, found: dict[type, set]) -> None:
    """Add the ids that ``raw`` (stored data of ``block``) gives preloadable choosers."""
    if raw is None:
        return
    if isinstance(block, PreloadableChooserMixin):
        if isinstance(raw, int):
            found[block.model_class].add(raw)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                collect_chooser_ids(block.child_blocks[item["type"]], item.get("value"), found)
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Lists are stored as {"type": "item", "value": …, "id": …}; old data as bare values.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            collect_chooser_ids(block.child_block, item, found)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            collect_chooser_ids(child, raw.get(name), found)


def prefetch_articles(
    pages: Iterable,
    *,
    author: bool = True,
    body: bool = True,
    comments: bool = True,
    taxonomy: bool = True,
    image: bool = True,
    author_summaries: bool = False,
    renditions: Iterable[str] | None = None,
) -> list:
    """Prepare article pages for rendering or serialising; return them as a list.

    ``author`` sets each page's author (with photo), ``body`` converts each body with its
    authors and images preloaded, ``comments`` sets each page's approved comment thread,
    ``taxonomy`` its tags and categories (one query each), ``image`` its featured image
    (with the body's images). ``author_summaries=True`` is for pages whose authors are
    shown only by name (a listing): the authors are fetched with their name, slug and role
    only, and without their photos (other fields load when read, a query each).
    Pages that are not advice articles are passed through untouched.

    ``renditions``, a list of filter specs, also fetches the images' renditions of those
    specs in one query, so that many images do not cost one cache lookup each; leave it out
    for a page or two, where Wagtail's rendition cache is quicker.
    """
    from .models import AdviceArticleMixin, Author, Comment, comment_tree

    pages = list(pages)
    articles = [page for page in pages if isinstance(page, AdviceArticleMixin)]
    if not articles:
        return pages

    ids: dict[type, set] = defaultdict(set)
    known: dict = {}
    credits: dict = {}
    if author:
        # Each page's author rows with their authors, in one query for all the pages.
        credits = _credits(articles, summaries=author_summaries)
        if not author_summaries:
            known = {a.pk: a for rows in credits.values() for a in rows}
    if body:
        for page in articles:
            collect_chooser_ids(page.body.stream_block, page.body.raw_data, ids)
    if known:
        ids[Author].update(known)
    image_model = get_image_model()
    image_field = articles[0]._meta.get_field("image")
    if image:
        ids[image_model].update(
            page.image_id for page in articles if page.image_id and not image_field.is_cached(page)
        )
    pool = _fetch(ids, known, None if renditions is None else list(renditions))
    if image:
        images = pool.get(image_model, {})
        for page in articles:
            if page.image_id in images and not image_field.is_cached(page):
                image_field.set_cached_value(page, images[page.image_id])
    if taxonomy:
        saved = [page for page in articles if page.pk and not _in_memory(page)]
        prefetch_related_objects(saved, "tags", "categories__parent")

    if author:
        # One instance per author (its photo attached once), whichever pages credit it.
        pooled = pool.get(Author, {})
        for page in articles:
            if page.pk in credits:
                page.__dict__["_advice_authors"] = [pooled.get(a.pk, a) for a in credits[page.pk]]
    if body:
        with preloaded(pool):
            for page in articles:
                # Iterating converts every block, nested choosers included, while the pool
                # is set; the page keeps the converted blocks for the template or API.
                for _child in page.body:
                    pass
    if comments:
        by_page = defaultdict(list)
        approved = Comment.objects.approved().filter(page_id__in=[p.pk for p in articles])
        for comment in approved.order_by("created_at", "pk"):
            by_page[comment.page_id].append(comment)
        for page in articles:
            page.__dict__["comment_thread"] = comment_tree(by_page[page.pk])
    return pages


#: What an author summary shows (:func:`advice_blocks.blocks.author.author_api_summary`).
SUMMARY_FIELDS = ("name", "slug", "role")


def _credits(articles, summaries: bool = False) -> dict:
    """``{page id: [Author, …]}`` in byline order, for saved pages (one query).

    A page whose authors are only in memory (a revision being previewed) is left out: its
    own rows are the truth, not the database's.
    """
    from .models import ArticleAuthor

    saved = [page.pk for page in articles if page.pk and not _in_memory(page)]
    credits: dict = {pk: [] for pk in saved}
    if not saved:
        return credits
    rows = ArticleAuthor.objects.filter(page_id__in=saved).order_by("page_id", "sort_order", "pk")
    if summaries:
        return _summary_credits(rows, credits)
    for row in rows.select_related("author"):
        credits[row.page_id].append(row.author)
    return credits


def _summary_credits(rows, credits: dict) -> dict:
    """:func:`_credits` with authors that hold only :data:`SUMMARY_FIELDS` (one instance
    per author): a third of the time of whole rows, which carry each author's bio and
    links, and of the credit rows themselves."""
    from .models import Author

    fields = ["id", *SUMMARY_FIELDS]
    columns = rows.values_list("page_id", "author_id", *(f"author__{f}" for f in SUMMARY_FIELDS))
    authors: dict = {}
    for page_id, author_id, *values in columns:
        if author_id not in authors:
            # How Django builds the rows of .only(): the other fields load when read.
            authors[author_id] = Author.from_db(rows.db, fields, [author_id, *values])
        credits[page_id].append(authors[author_id])
    return credits


def _in_memory(page) -> bool:
    # modelcluster keeps child rows set in memory in this dict, made on the first
    # assignment: a page without it (any page loaded from the database) has none, and
    # asking the manager would build a queryset per page.
    if "_cluster_related_objects" not in page.__dict__:
        return False
    manager = page.advice_authors
    return not isinstance(manager.all(), QuerySet)


def _fetch(
    ids: dict[type, set], known_authors: dict, rendition_specs: list[str] | None
) -> dict[type, dict]:
    """One query per model; authors first, since their photos join the image query."""
    from wagtail.images import get_image_model

    from .models import Author

    image_model = get_image_model()
    pool: dict[type, dict] = {}
    author_ids = ids.pop(Author, set())
    if author_ids:
        missing = author_ids - known_authors.keys()
        fetched = Author.objects.in_bulk(missing) if missing else {}
        pool[Author] = {**known_authors, **fetched}
        photo = Author.photo.field
        ids[image_model].update(
            a.photo_id for a in pool[Author].values() if a.photo_id and not photo.is_cached(a)
        )
    for model, pks in ids.items():
        if not pks:
            continue
        queryset = model._default_manager.all()
        if rendition_specs and hasattr(queryset, "prefetch_renditions"):
            queryset = queryset.prefetch_renditions(*rendition_specs)
        pool[model] = queryset.in_bulk(pks)
    images = pool.get(image_model, {})
    for person in pool.get(Author, {}).values():
        if person.photo_id in images and not Author.photo.field.is_cached(person):
            Author.photo.field.set_cached_value(person, images[person.photo_id])
    return pool


@contextlib.contextmanager
def preloaded(pool: dict[type, dict]):
    """Make ``pool`` the objects preloadable choosers use, for the ``with`` block."""
    token = _pool.set(pool)
    try:
        yield
    finally:
        _pool.reset(token)
