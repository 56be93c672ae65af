import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from advice_blocks import conf
from advice_blocks.jsonld import json_ld_script

register = template.Library()


@register.simple_tag
def advice_json_ld(page):
    """Render the page's schema.org data as a safe JSON-LD script element."""
    return json_ld_script(page.json_ld)


FORM_TEMPLATE = "advice_blocks/includes/comment_form.html"
#: Stands for the reader's CSRF token in a cached form (letters only: escaping leaves it be).
TOKEN_PLACEHOLDER = "adviceblockscsrftokenplaceholder"  # noqa: S105 - not a secret
FORM_CACHE_KEY = "advice_blocks:comment-form:{version}:{page}:{language}:{digest}"


@register.simple_tag(takes_context=True)
def advice_comment_form(context, page):
    """The comment form for ``page``, or nothing when the site has not included our URLs.

    The blank form is the same for every reader but for their CSRF token, and rendering
    its widgets through Django's form templates is most of what a page served from the
    cache still renders: it is cached per page and language, with a placeholder that
    each response replaces with its reader's own token. A form with a reader's input or
    errors, or the thank-you notice, is always rendered afresh.
    """
    from advice_blocks.comments import HONEYPOT_FIELD, CommentForm

    try:
        action = reverse("advice_blocks:comment_submit", args=[page.pk])
    except NoReverseMatch:
        action = None
    request = context.get("request")
    bound = context.get("comment_form")
    values = {
        "action": action,
        "form": bound or CommentForm(page=page),
        "honeypot": HONEYPOT_FIELD,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "submitted": bool(request and request.GET.get("comment") == "pending"),
    }
    token = values["csrf_token"]
    # str() also marks the token as used, so the response sets the reader's CSRF cookie.
    token = str(token) if token else ""
    timeout = conf.get("PAGE_CACHE_TIMEOUT")
    if bound is not None or values["submitted"] or not (action and timeout and token):
        return render_to_string(FORM_TEMPLATE, values)
    key = _form_cache_key(page, action)
    html = cache.get(key)
    if html is None:
        html = render_to_string(FORM_TEMPLATE, {**values, "csrf_token": TOKEN_PLACEHOLDER})
        cache.set(key, html, timeout)
    # Our own template's output, with the token escaped into it.
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, escape(token)))  # noqa: S308


def _form_cache_key(page, action) -> str:
    from advice_blocks import __version__

    settings = repr([action, conf.get("COMMENT_MAX_LENGTH"), conf.get("PAGE_CACHE_TIMEOUT")])
    digest = hashlib.md5(settings.encode()).hexdigest()  # noqa: S324 - a cache key
    return FORM_CACHE_KEY.format(
        version=__version__,
        page=page.pk,
        language=translation.get_language() or "",
        digest=digest,
    )


@register.filter
def text_direction(language):
    """``rtl`` or ``ltr`` for a language code: ``<html dir="{{ code|text_direction }}">``."""
    from advice_blocks.models import text_direction as direction

    return direction(language)


@register.simple_tag
def advice_prefetch(page):
    """Fetch what the page template shows (authors, images, comments) in a few queries.

    Placed inside each cached fragment of the article template, so that it runs only when
    a fragment is rendered, not when the page is served from the cache.
    """
    prefetch = getattr(page, "prefetch_for_page", None)
    if prefetch is not None:
        prefetch()
    return ""
