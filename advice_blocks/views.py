"""Public comment submission: an HTML form (CSRF-protected) and a JSON endpoint.

The JSON endpoint is exempt from Django's CSRF check because it grants nothing a
cookie-holding browser could abuse: it acts for anonymous readers only, and it accepts
only ``application/json``, which a cross-site page cannot send without a CORS preflight.
"""

import json

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .comments import CommentForm, client_address, rate_limit
from .compat import get_base_page_model
from .models import AdviceArticleMixin


def get_article(page_id):
    page = get_base_page_model().objects.live().filter(pk=page_id).first()
    page = page.specific if page else None
    if page is None or not isinstance(page, AdviceArticleMixin):
        raise Http404(_("No article with comments has this id."))
    return page


@require_POST
def submit_comment(request, page_id):
    page = get_article(page_id)
    wait = rate_limit(client_address(request))
    form = CommentForm(request.POST, page=page)
    if wait:
        form.add_error(
            None,
            _("You have sent several comments in a short time; please wait %(s)d seconds.")
            % {"s": wait},
        )
        return render_page_with_form(request, page, form, status=429)
    if not form.is_valid():
        return render_page_with_form(request, page, form, status=400)
    form.save(ip_address=client_address(request))
    return HttpResponseRedirect(f"{page.url}?comment=pending#comments")


def render_page_with_form(request, page, form, status):
    context = page.get_context(request)
    context["comment_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


@csrf_exempt
@require_POST
def api_submit_comment(request, page_id):
    page = get_article(page_id)
    if request.content_type != "application/json":
        return JsonResponse({"errors": {"__all__": [_("Send the comment as JSON.")]}}, status=415)
    wait = rate_limit(client_address(request))
    if wait:
        response = JsonResponse(
            {"errors": {"__all__": [_("Too many comments from this address; retry later.")]}},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse(
            {"errors": {"__all__": [_("The body is not valid JSON.")]}}, status=400
        )
    if not isinstance(data, dict):
        return JsonResponse({"errors": {"__all__": [_("Send a JSON object.")]}}, status=400)
    form = CommentForm({k: v for k, v in data.items() if isinstance(v, str | int)}, page=page)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    comment = form.save(ip_address=client_address(request))
    return JsonResponse({"id": comment.pk, "status": comment.status}, status=201)
