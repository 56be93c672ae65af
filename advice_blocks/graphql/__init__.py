"""GraphQL for advice articles, on wagtail-grapple (optional: the ``[graphql]`` extra).

Add the app (one line in settings) and its URL::

    INSTALLED_APPS += ["advice_blocks.graphql", "grapple", "graphene_django"]

    urlpatterns = [path("", include("advice_blocks.graphql.urls")), …]  # before wagtail_urls

Grapple's schema then has ``AdviceArticlePage`` (intro, authors in order, dates, ``body``
with a type per block, table of contents, JSON-LD, the approved comment thread),
``AdviceIndexPage`` (its ``articles``) and the root field ``adviceArticles``; grapple's own
``page(slug:)``, ``page(token:)`` (headless previews) and ``pages`` return them too. Every
number, anchor and piece of HTML is the one the REST API gives.

Modules: :mod:`.types` (blocks, authors, images, comments), :mod:`.pages` (page types,
query fields, registration), :mod:`.middleware` (bulk fetching for lists of pages),
:mod:`.views` and :mod:`.urls` (the endpoint), :mod:`.support` (what is installed).
"""
