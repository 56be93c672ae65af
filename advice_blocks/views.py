"""Public comment submission: an HTML form (CSRF-protected) and a JSON endpoint.

Both answer only for pages the client could open through Wagtail: live, on the site the
request came to, and past any view restriction (password, login, groups) on the page or
above it. Otherwise the form's error page would show a restricted article to anyone who
posts an empty form.

The JSON endpoint is exempt from Django's CSRF check because it accepts only
``application/json``, which a cross-site page cannot send without a CORS preflight: the
session cookie that lets a reader past a view restriction cannot be used from elsewhere.
"""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from . import conf
from .comments import CommentForm, client_address, max_request_bytes, rate_limit
from .compat import get_base_page_model
from .models import AdviceArticleMixin


def get_article(request, page_id):
    """The live article ``page_id`` of the request's site, or 404."""
    page = get_base_page_model().objects.live().filter(pk=page_id).first()
    page = page.specific if page else None
    if page is None or not isinstance(page, AdviceArticleMixin):
        raise Http404(_("No article with comments has this id."))
    site = Site.find_for_request(request)
    # Wagtail routes a request only to pages under its site's root; a page id from another
    # site (or a page outside every site) is as unknown here as it is to Wagtail's serve.
    if site is None or not any(
        page.pk == root.pk or page.path.startswith(root.path) for root in site_roots(site)
    ):
        raise Http404(_("No article with comments has this id."))
    return page


def site_roots(site):
    """The site's root page and, where Wagtail serves translations, the root's
    translations: each language's pages live under its own copy of the root (a sibling of
    it), which Wagtail's serve routes to by the language of the request."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return [site.root_page]
    return site.root_page.get_translations(inclusive=True)


def view_restrictions(page, request):
    """``(restricted, closed)``: whether ``page`` has view restrictions, and whether one
    of them keeps this request out, by the test Wagtail's ``serve`` applies.

    Restrictions on ancestors count too; a password restriction is passed once the session
    holds its id (Wagtail's password form puts it there).
    """
    restrictions = list(page.get_view_restrictions())
    return bool(restrictions), any(not r.accept_request(request) for r in restrictions)


def declared_too_large(request):
    """Whether the request says its body is larger than any comment could need."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_request_bytes()
    except ValueError:
        return False  # Django reads an unreadable length as 0 bytes


def too_large_message():
    return _(
        "This comment is too large to send: comments may have up to %(limit)d characters."
    ) % {"limit": conf.get("COMMENT_MAX_LENGTH")}


@require_POST
def submit_comment(request, page_id):
    page = get_article(request, page_id)
    restricted, closed = view_restrictions(page, request)
    if closed:
        # A bare 403 rather than a redirect to the page: the redirect would tell someone
        # who only guessed an id the page's URL, whose slug is usually its title. A reader
        # who lost their session reloads the page and meets Wagtail's own form there.
        raise PermissionDenied(_("This page is not open to you."))
    if declared_too_large(request):
        # Refused before request.POST parses it; a plain answer, as the form cannot be
        # shown again with data that was never read.
        return HttpResponse(too_large_message(), status=413, content_type="text/plain")
    wait = rate_limit(client_address(request))
    form = CommentForm(request.POST, page=page)
    if wait:
        form.add_error(
            None,
            _("You have sent several comments in a short time; please wait %(s)d seconds.")
            % {"s": wait},
        )
        return render_page_with_form(request, page, form, 429, restricted)
    if not form.is_valid():
        return render_page_with_form(request, page, form, 400, restricted)
    form.save(ip_address=client_address(request))
    return HttpResponseRedirect(f"{page.url}?comment=pending#comments")


def render_page_with_form(request, page, form, status, restricted):
    context = page.get_context(request)
    context["comment_form"] = form
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if restricted:
        # As Wagtail does for a restricted page: no shared cache may keep it.
        add_never_cache_headers(response)
    return response


def encodable(text):
    """Whether ``text`` can be stored: JSON's escapes can spell half a surrogate pair."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_error(message, status):
    return JsonResponse({"errors": {"__all__": [message]}}, status=status)


@csrf_exempt
@require_POST
def api_submit_comment(request, page_id):
    page = get_article(request, page_id)
    if view_restrictions(page, request)[1]:
        return json_error(_("This page is not open to you."), status=403)
    if request.content_type != "application/json":
        return json_error(_("Send the comment as JSON."), status=415)
    limit = max_request_bytes()
    # Read one byte past the cap, never more, even when no length was declared (ASGI,
    # chunked bodies): what is over the cap is refused unparsed.
    body = b"" if declared_too_large(request) else request.read(limit + 1)
    if declared_too_large(request) or len(body) > limit:
        return json_error(too_large_message(), status=413)
    wait = rate_limit(client_address(request))
    if wait:
        response = json_error(_("Too many comments from this address; retry later."), 429)
        response["Retry-After"] = str(wait)
        return response
    try:
        data = json.loads(body or b"{}")
    except RecursionError:
        # The parser recurses once per level, so "[" repeated runs it out of stack.
        return json_error(_("The JSON is nested too deeply; send one flat object."), 400)
    except (ValueError, UnicodeDecodeError):
        return json_error(_("The body is not valid JSON."), status=400)
    if not isinstance(data, dict):
        return json_error(_("Send a JSON object."), status=400)
    fields = {k: v for k, v in data.items() if isinstance(v, str | int)}
    if not all(encodable(v) for v in fields.values() if isinstance(v, str)):
        return json_error(_("The JSON holds text that is not valid Unicode."), status=400)
    form = CommentForm(fields, page=page)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    comment = form.save(ip_address=client_address(request))
    return JsonResponse({"id": comment.pk, "status": comment.status}, status=201)
