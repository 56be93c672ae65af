from django.apps import apps
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet  # noqa: F401  (see the README)
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from advice_blocks.api import AdviceArticlePagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", AdviceArticlePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

if apps.is_installed("wagtail_headless_preview"):
    from advice_blocks.preview import ArticlePreviewAPIViewSet

    # After "pages": the router links pages to the first endpoint that serves them.
    api_router.register_endpoint("page_preview", ArticlePreviewAPIViewSet)
