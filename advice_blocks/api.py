"""An API v2 pages endpoint that serves articles in a fixed number of queries.

Register it in place of Wagtail's ``PagesAPIViewSet``::

    api_router.register_endpoint("pages", AdviceArticlePagesAPIViewSet)

A listing of 50 articles with ``fields=*`` costs the same queries as a listing of 5, and
the detail of an article the same whatever its blocks, authors and comments: the authors,
images, renditions and comments of every page in the response are fetched together
(:func:`advice_blocks.prefetch.prefetch_articles`). Only the fields a request asks for are
prefetched.

Responses are compact JSON. Wagtail's own endpoint indents by four spaces, which makes an
article's response about half as large again and keeps Python's JSON encoder from using
its C implementation; browsers still get the indented, browsable page, and a client can ask
for indentation with ``Accept: application/json; indent=4``.
"""

from wagtail.api.v2.views import PagesAPIViewSet

from . import conf
from .prefetch import prefetch_articles


class AdviceArticlePagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        # Every page in a listing reports its locale (``meta.locale``): join it, rather than
        # fetch it once per page. Authors, photos and renditions come from the prefetch.
        return super().get_queryset().select_related("locale")

    def get_serializer(self, instance=None, *args, **kwargs):
        # DRF's get_serializer, with the pages prepared for the fields being serialised.
        serializer_class = self.get_serializer_class()
        if instance is not None:
            fields = set(serializer_class.Meta.fields)
            many = kwargs.get("many", False)
            pages = prefetch_articles(
                instance if many else [instance],
                author=bool({"author", "authors", "json_ld"} & fields),
                taxonomy=bool({"tags", "categories", "json_ld"} & fields),
                image="image" in fields,
                body="body" in fields or "json_ld" in fields,
                comments="comments" in fields or "json_ld" in fields,
                renditions=list(conf.get("API_RENDITIONS").values()) if many else None,
            )
            instance = pages if many else pages[0]
        kwargs.setdefault("context", self.get_serializer_context())
        return serializer_class(instance, *args, **kwargs)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context
