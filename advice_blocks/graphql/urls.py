"""``/graphql/``: include it before Wagtail's catch-all::

    path("", include("advice_blocks.graphql.urls")),

Without what the extra needs, there is no endpoint (and ``manage.py check`` says why).
"""

from django.urls import path

from .support import grapple_problem

app_name = "advice_graphql"
urlpatterns = []

if grapple_problem() is None:
    from .views import graphql_view

    urlpatterns.append(path("graphql/", graphql_view, name="graphql"))
