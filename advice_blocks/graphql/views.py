"""The GraphQL endpoint: grapple's schema, with article pages prepared in bulk."""

from django.views.decorators.csrf import csrf_exempt
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView

from .middleware import ArticlePrefetchMiddleware


class AdviceGraphQLView(GraphQLView):
    """Grapple's schema (no ``GRAPHENE["SCHEMA"]`` needed), the site's
    ``GRAPHENE["MIDDLEWARE"]`` and :class:`ArticlePrefetchMiddleware`.

    Like grapple's own view it takes queries without a CSRF token: it only reads (grapple
    registers no mutations for the package's types) and answers what an anonymous visitor
    may see, live and public pages and drafts whose preview token the client holds.
    """

    def __init__(self, **kwargs):
        if not kwargs.get("schema"):
            from grapple.schema import schema

            kwargs["schema"] = schema
        if kwargs.get("middleware") is None:
            middleware = list(graphene_settings.MIDDLEWARE or ())
            if not any(
                m is ArticlePrefetchMiddleware or isinstance(m, ArticlePrefetchMiddleware)
                for m in middleware
            ):
                middleware.append(ArticlePrefetchMiddleware)
            kwargs["middleware"] = middleware
        super().__init__(**kwargs)


graphql_view = csrf_exempt(AdviceGraphQLView.as_view())
