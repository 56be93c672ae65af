"""GraphQL page types for articles and the advice index, and how they join grapple's schema.

The types are registered with grapple just before it builds its schema (its
``register_schema_query`` hook, :func:`register`), after every app's ``ready()``; so it does
not matter where ``advice_blocks.graphql`` stands in ``INSTALLED_APPS`` relative to
``grapple``, and ``GRAPPLE["APPS"]`` need not (and should not) list ``advice_blocks``: that
would also expose the ``Comment`` and ``ArticleAuthor`` models as they are stored.
"""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode
from grapple.registry import registry
from grapple.types.interfaces import StreamFieldInterface, get_page_interface
from grapple.types.structures import QuerySetList
from grapple.utils import resolve_queryset

from .. import conf
from ..api_fields import CategoryListField, TagListField
from ..blocks.images import image_api_representation
from ..blocks.richtext import richtext_api_html
from ..prefetch import prefetch_articles
from .types import (
    AdviceAuthor,
    AdviceCategory,
    AdviceComment,
    AdviceImage,
    AdviceTocEntry,
    block_types,
)

#: Fields of an article whose values :func:`~advice_blocks.prefetch.prefetch_articles`
#: fetches for many pages at once: the authors, the body's choosers, the comments, tags and
#: categories, the featured image. Both spellings, for sites that turn
#: ``GRAPPLE["AUTO_CAMELCASE"]`` off.
AUTHOR_FIELDS = frozenset({"authors", "author", "jsonLd", "json_ld"})
BODY_FIELDS = frozenset({"body", "jsonLd", "json_ld"})
COMMENT_FIELDS = frozenset({"comments", "commentCount", "comment_count", "jsonLd", "json_ld"})
TAXONOMY_FIELDS = frozenset({"tags", "categories", "jsonLd", "json_ld"})
IMAGE_FIELDS = frozenset({"image"})

#: Set on a page once prepared, so nested lists and the middleware do not fetch again.
PREFETCHED = "_advice_graphql_prefetched"

#: Most articles an index's ``articles`` field returns at once.
MAX_INDEX_ARTICLES = 100


def selected_fields(info) -> set[str]:
    """Names of the fields asked for on the objects ``info``'s field returns, through
    inline fragments and named fragments (one level down)."""
    names: set[str] = set()

    def walk(selection_set, seen_fragments):
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, seen_fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = info.fragments.get(name)
                if fragment is not None and name not in seen_fragments:
                    walk(fragment.selection_set, seen_fragments | {name})

    for node in info.field_nodes:
        walk(node.selection_set, frozenset())
    return names


def prefetch_for_query(pages, info, many: bool) -> None:
    """Prepare the article pages among ``pages`` for the fields the query asks for: their
    authors, body choosers and comments in one query each, however many pages."""
    from ..models import AdviceArticleMixin

    articles = [
        page
        for page in pages
        if isinstance(page, AdviceArticleMixin) and not page.__dict__.get(PREFETCHED)
    ]
    if not articles:
        return
    fields = selected_fields(info)
    wanted = {
        "author": bool(fields & AUTHOR_FIELDS),
        "body": bool(fields & BODY_FIELDS),
        "comments": bool(fields & COMMENT_FIELDS),
        "taxonomy": bool(fields & TAXONOMY_FIELDS),
        "image": bool(fields & IMAGE_FIELDS),
    }
    if any(wanted.values()):
        renditions = list(conf.get("API_RENDITIONS").values()) if many else None
        prefetch_articles(articles, renditions=renditions, **wanted)
    for page in articles:
        page.__dict__[PREFETCHED] = True


# Article pages.


def _article_fields():
    return {
        "intro": graphene.String(required=True, description="Display HTML."),
        "authors": graphene.List(
            graphene.NonNull(AdviceAuthor), required=True, description="In byline order."
        ),
        "author": graphene.Field(AdviceAuthor, description="The first author."),
        "image": graphene.Field(AdviceImage, description="The featured image."),
        "tags": graphene.List(
            graphene.NonNull(graphene.String), required=True, description="Alphabetically."
        ),
        "categories": graphene.List(graphene.NonNull(AdviceCategory), required=True),
        "original_published": graphene.Date(),
        "last_updated": graphene.Date(),
        "language": graphene.String(
            required=True,
            description="The language the text is in: the page's own, else its locale's.",
        ),
        "text_direction": graphene.String(required=True, description="ltr or rtl."),
        "body": graphene.List(graphene.NonNull(StreamFieldInterface), required=True),
        "table_of_contents": graphene.List(
            graphene.NonNull(AdviceTocEntry),
            required=True,
            description="Every numbered reason, in page order.",
        ),
        "json_ld": GenericScalar(description="The page's schema.org objects, as a list."),
        "comments": graphene.List(
            graphene.NonNull(AdviceComment),
            required=True,
            description="Approved comments as a thread: the top-level ones, with replies.",
        ),
        "comment_count": graphene.Int(required=True),
    }


class ArticleResolvers:
    """Resolvers of an article page type's own fields (``root`` is the page)."""

    @staticmethod
    def resolve_intro(root, info):
        return richtext_api_html(root.intro)

    @staticmethod
    def resolve_authors(root, info):
        return root.authors

    @staticmethod
    def resolve_author(root, info):
        return root.author

    @staticmethod
    def resolve_image(root, info):
        return image_api_representation(root.image)

    @staticmethod
    def resolve_tags(root, info):
        return TagListField().to_representation(root.tags)

    @staticmethod
    def resolve_categories(root, info):
        return CategoryListField().to_representation(root.categories)

    @staticmethod
    def resolve_language(root, info):
        return root.text_language

    @staticmethod
    def resolve_text_direction(root, info):
        return root.text_direction

    @staticmethod
    def resolve_body(root, info):
        return list(root.body)

    @staticmethod
    def resolve_table_of_contents(root, info):
        return [
            {"number": item.number, "anchor": item.anchor, "heading": item.heading}
            for item in root.toc_items()
        ]

    @staticmethod
    def resolve_json_ld(root, info):
        return root.json_ld

    @staticmethod
    def resolve_comments(root, info):
        return root.comment_thread

    @staticmethod
    def resolve_comment_count(root, info):
        return root.comment_count


def _index_fields():
    return {
        "intro": graphene.String(required=True, description="Display HTML."),
        "per_page": graphene.Int(required=True),
        "articles": graphene.List(
            graphene.NonNull(lambda: registry.pages[_article_model()]),
            required=True,
            limit=graphene.Int(description="Default: the index's articles per page."),
            offset=graphene.Int(default_value=0),
            description="Live articles below this index, newest first.",
        ),
    }


class IndexResolvers:
    @staticmethod
    def resolve_intro(root, info):
        return richtext_api_html(root.intro)

    @staticmethod
    def resolve_articles(root, info, limit=None, offset=0):
        limit = max(0, min(limit or root.per_page, MAX_INDEX_ARTICLES))
        offset = max(0, offset or 0)
        # The index's own prefetch of authors is replaced by prefetch_for_query's.
        queryset = root.articles().prefetch_related(None)
        pages = list(queryset[offset : offset + limit])
        prefetch_for_query(pages, info, many=True)
        return pages


def _article_model():
    from ..models import AdviceArticlePage

    return AdviceArticlePage


def build_page_type(model, fields, resolvers, name=None):
    """A grapple page type for ``model``: the ``PageInterface`` fields and Wagtail's page
    fields (as grapple's own page types have them), and ``fields``, which replace the
    model's other fields (never exposed as stored)."""
    from graphene_django.utils import get_model_fields
    from grapple.types.pages import Page as GrapplePageType
    from wagtail.models import Page

    interface = get_page_interface()
    exclude = [
        field_name
        for field_name, _field in get_model_fields(model)
        if field_name != "id"
        and field_name not in fields
        and not hasattr(Page, field_name)
        and not hasattr(interface, field_name)
    ]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "interfaces": (interface,),
            "exclude": exclude,
            "name": name or model.__name__,
            "description": model.__doc__,
        },
    )
    attrs = {"Meta": meta, "id": graphene.ID(), **fields}
    attrs.update(
        {key: value for key, value in vars(resolvers).items() if key.startswith("resolve_")}
    )
    return type(name or model.__name__, (GrapplePageType,), attrs)


def article_page_models():
    """Concrete page models built from ``AdviceArticleMixin``."""
    from django.apps import apps
    from wagtail.models import Page

    from ..models import AdviceArticleMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, AdviceArticleMixin) and issubclass(model, Page)
    ]


class AdviceQuery:
    """Root query fields: ``adviceArticles``."""

    advice_articles = QuerySetList(
        graphene.NonNull(lambda: registry.pages[_article_model()]),
        author=graphene.String(description="Only articles credited to this author's slug."),
        required=True,
        description=(
            "Live, public advice articles, newest first (``order`` takes Django's "
            "order_by syntax), with their authors fetched in one query for all of them."
        ),
    )

    def resolve_advice_articles(self, info, author=None, **kwargs):
        queryset = _article_model().objects.live().public()
        if author:
            queryset = queryset.filter(advice_authors__author__slug=author)
        kwargs.setdefault("order", "-first_published_at,-pk")
        pages = list(resolve_queryset(queryset, info, **kwargs))
        prefetch_for_query(pages, info, many=True)
        return pages


def register(query_mixins=None):
    """Add the package's types to grapple's registry (and ``AdviceQuery`` to
    ``query_mixins``). Grapple calls this while it builds its schema."""
    from ..models import AdviceArticlePage, AdviceIndexPage

    for model in article_page_models():
        # Page types of a site's own that grapple already describes (their app is in
        # GRAPPLE["APPS"], with the site's graphql_fields) stay grapple's.
        if model is AdviceArticlePage or model not in registry.pages:
            registry.pages[model] = build_page_type(model, _article_fields(), ArticleResolvers)
    registry.pages[AdviceIndexPage] = build_page_type(
        AdviceIndexPage, _index_fields(), IndexResolvers
    )
    registry.streamfield_blocks.update(block_types())
    if query_mixins is not None and AdviceQuery not in query_mixins:
        query_mixins.append(AdviceQuery)
