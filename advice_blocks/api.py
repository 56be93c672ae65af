"""An API v2 pages endpoint that serves article listings without a query per author.

Register it in place of Wagtail's ``PagesAPIViewSet``::

    api_router.register_endpoint("pages", AdviceArticlePagesAPIViewSet)
"""

from django.db.models import Prefetch
from wagtail.api.v2.views import PagesAPIViewSet

from .models import AdviceArticleMixin


class AdviceArticlePagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, AdviceArticleMixin):
            from wagtail.images import get_image_model

            renditions = get_image_model().get_rendition_model().objects.all()
            queryset = queryset.select_related("author", "author__photo").prefetch_related(
                Prefetch("author__photo__renditions", queryset=renditions)
            )
        return queryset
