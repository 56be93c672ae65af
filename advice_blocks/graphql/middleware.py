"""A graphene middleware that prepares article pages for the fields a query asks for.

Grapple's own page fields (``pages``, ``page``, ``children``, ``descendants``…) return
pages one by one; left alone, each listed article would fetch its authors (and its body's
images, and its comments) with queries of its own. This middleware sees every field that
returns pages and hands the articles among them to
:func:`~advice_blocks.prefetch.prefetch_articles` before their fields are resolved: one
query for the authors of all of them, however many are listed.

The package's GraphQL view (``advice_blocks.graphql.urls``) uses it. A site that serves
grapple's own view adds it to its settings::

    GRAPHENE = {
        "SCHEMA": "grapple.schema.schema",
        "MIDDLEWARE": ["advice_blocks.graphql.middleware.ArticlePrefetchMiddleware"],
    }
"""

from collections.abc import Iterable

from django.db.models import Model
from graphql import get_named_type

from .pages import prefetch_for_query


class ArticlePrefetchMiddleware:
    def __init__(self):
        self._page_type_names = None

    def page_type_names(self):
        """Names of the schema's page types: grapple's page interface and each page type."""
        if self._page_type_names is None:
            from grapple.registry import registry
            from grapple.types.interfaces import get_page_interface

            names = {get_page_interface()._meta.name}
            names.update(node._meta.name for node in registry.pages.values())
            self._page_type_names = frozenset(names)
        return self._page_type_names

    def resolve(self, next, root, info, **kwargs):
        result = next(root, info, **kwargs)
        if result is None or get_named_type(info.return_type).name not in self.page_type_names():
            return result
        if isinstance(result, Model):
            prefetch_for_query([result], info, many=False)
        elif isinstance(result, Iterable):
            result = list(result)
            prefetch_for_query(result, info, many=True)
        return result
