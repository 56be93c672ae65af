"""Headless preview: an editor's Preview opens the site's front end on the draft.

Optional: ``pip install "wagtail-advice-blocks[headless]"`` (wagtail-headless-preview), then
``"wagtail_headless_preview"`` in ``INSTALLED_APPS`` and a front end for it to open::

    WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "https://front.example/preview"},
        "REDIRECT_ON_PREVIEW": True,
    }

With both in place, articles have a second preview mode, "Front end" (Wagtail's own,
server-rendered preview stays the default, and what the revision and moderation screens
show). Previewing in that mode (the mode menu of the editor's Preview panel, whose "Preview
in new tab" follows it) stores the draft under a signed token in wagtail-headless-preview's
``PagePreview`` table and opens
``<client URL>?content_type=advice_blocks.advicearticlepage&token=…``. The front end asks
for the draft with that token:

* REST: ``/api/v2/page_preview/?content_type=…&token=…`` (register
  :class:`ArticlePreviewAPIViewSet` as ``page_preview``) answers what the pages endpoint's
  detail view answers for the live page, with the draft's fields;
* GraphQL (the ``[graphql]`` extra): ``page(token: "…") { … on AdviceArticlePage { … } }``.

Tokens are signed with the site's ``SECRET_KEY`` and refused after :data:`TOKEN_MAX_AGE`;
the stored drafts are deleted a day or two later (wagtail-headless-preview's own clean-up,
run on every preview). Anyone who holds a token can read that draft until then, as anyone with
the link to Wagtail's own preview could.

Without a ``CLIENT_URLS`` entry (or without the app), articles have Wagtail's usual
server-rendered preview only.
"""

from __future__ import annotations

from django.apps import apps
from django.core.signing import BadSignature
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .api import AdviceArticlePagesAPIViewSet

#: Seconds a preview token is honoured. wagtail-headless-preview deletes stored drafts
#: from the day before yesterday on each preview; its tokens never expire by themselves.
TOKEN_MAX_AGE = 24 * 60 * 60

#: The preview mode that opens the front end.
HEADLESS_MODE = "headless"

#: What :func:`preview_url` puts in the front end's query string, and the endpoint reads.
TOKEN_PARAMETER = "token"  # noqa: S105 - a query parameter's name, not a secret
CONTENT_TYPE_PARAMETER = "content_type"


def is_enabled() -> bool:
    """Whether previews go to a front end: wagtail-headless-preview is installed and
    ``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]`` names at least one."""
    if not apps.is_installed("wagtail_headless_preview"):
        return False
    from wagtail_headless_preview.settings import headless_preview_settings

    return bool(headless_preview_settings.CLIENT_URLS)


def article_preview_modes(modes):
    """An article's preview modes: Wagtail's ``modes``, then "Front end" when enabled."""
    if not is_enabled():
        return modes
    return [*modes, (HEADLESS_MODE, _("Front end"))]


def _signer():
    # wagtail-headless-preview's signer (its salt), so that tokens are interchangeable with
    # those of pages that use its HeadlessPreviewMixin, and grapple can read them.
    from wagtail_headless_preview.models import HeadlessPreviewMixin

    return HeadlessPreviewMixin.get_preview_signer()


def content_type_string(model) -> str:
    """``app_label.modelname``, as wagtail-headless-preview writes it in preview URLs."""
    return f"{model._meta.app_label}.{model.__name__.lower()}"


def create_preview(page):
    """Store ``page`` (the editor's unsaved state) under a new token; return the
    ``PagePreview``. The token names the page (``id=…``) or, for a page not yet created,
    its parent and type, as wagtail-headless-preview's own tokens do."""
    from wagtail_headless_preview.models import PagePreview

    if page.pk is None:
        identifier = f"parent_id={page.get_parent().pk};page_type={page._meta.label}"
    else:
        identifier = f"id={page.pk}"
    token = _signer().sign(identifier)
    preview, _created = PagePreview.objects.update_or_create(
        token=token,
        defaults={"content_type": page.content_type, "content_json": page.to_json()},
    )
    return preview


def preview_url(page, request, token: str) -> str:
    """The front end's URL for this preview (the site's ``CLIENT_URLS`` entry)."""
    from django.utils.http import urlencode
    from wagtail.models import Site
    from wagtail_headless_preview.models import get_client_root_url_from_site

    root = get_client_root_url_from_site(Site.find_for_request(request))
    query = urlencode(
        {CONTENT_TYPE_PARAMETER: content_type_string(type(page)), TOKEN_PARAMETER: token}
    )
    return f"{root}?{query}"


def serve_headless_preview(page, request, mode_name):
    """The "Front end" preview of ``page``: the front end, redirected to or in a frame.
    ``None`` for other modes, or when headless previews are off: Wagtail renders those."""
    if mode_name != HEADLESS_MODE or not is_enabled():
        return None
    from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview
    from wagtail_headless_preview.settings import headless_preview_settings
    from wagtail_headless_preview.signals import preview_update

    PagePreview.garbage_collect()
    preview = create_preview(page)
    preview_update.send(sender=HeadlessPreviewMixin, token=preview.token)
    url = preview_url(page, request, preview.token)
    if headless_preview_settings.REDIRECT_ON_PREVIEW:
        return redirect(url)
    # wagtail-headless-preview's own page sets its frame's size with inline styles, which a
    # Content-Security-Policy of 'self' refuses; this one takes them from a stylesheet.
    return render(request, "advice_blocks/headless_preview.html", {"preview_url": url})


def page_from_preview_token(model, token):
    """The draft of a ``model`` page stored under ``token``, or ``None`` for a token that
    is not one, has expired, or names no stored draft of that page type."""
    if not token or not apps.is_installed("wagtail_headless_preview"):
        return None
    from django.contrib.contenttypes.models import ContentType
    from wagtail_headless_preview.models import PagePreview

    try:
        _signer().unsign(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:  # SignatureExpired is one too
        return None
    content_type = ContentType.objects.get_for_model(model)
    preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
    return preview.as_page() if preview is not None else None


def article_from_preview_token(token, content_type=""):
    """The article draft stored under ``token``, whatever its article page type.

    ``content_type`` (``app_label.modelname``, from the preview URL) is checked when given.
    """
    if not token or not apps.is_installed("wagtail_headless_preview"):
        return None
    from wagtail_headless_preview.models import PagePreview

    from .models import AdviceArticleMixin

    preview = PagePreview.objects.select_related("content_type").filter(token=token).first()
    model = preview.content_type.model_class() if preview is not None else None
    if model is None or not issubclass(model, AdviceArticleMixin):
        return None
    if content_type and content_type.lower() != content_type_string(model):
        return None
    return model.get_page_from_preview_token(token)


class ArticlePreviewAPIViewSet(AdviceArticlePagesAPIViewSet):
    """``GET ?content_type=…&token=…``: the article draft an editor is previewing.

    Register it beside the pages endpoint, after it (the router links pages to the first
    endpoint that serves them)::

        api_router.register_endpoint("page_preview", ArticlePreviewAPIViewSet)

    The answer is the pages endpoint's detail of the article, from the draft: the same
    fields, numbers, anchors and HTML, and ``?fields=`` works the same way. A page not yet
    created has ``id`` 0 (the API's links need one, as wagtail-headless-preview's own
    example does). A token that is missing, wrong, expired or not an article's answers 404.
    """

    known_query_parameters = AdviceArticlePagesAPIViewSet.known_query_parameters.union(
        [TOKEN_PARAMETER, CONTENT_TYPE_PARAMETER]
    )

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="detail")]

    def detail_view(self, request, pk=None):
        return super().detail_view(request, pk)

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            page = article_from_preview_token(
                self.request.GET.get(TOKEN_PARAMETER, ""),
                self.request.GET.get(CONTENT_TYPE_PARAMETER, ""),
            )
            if page is None:
                raise Http404("No preview for this token.")
            if page.pk is None:
                page.id = page.pk = 0
            self._preview_page = page
        return self._preview_page
