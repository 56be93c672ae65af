from django import template
from django.urls import NoReverseMatch, reverse

from advice_blocks.jsonld import json_ld_script

register = template.Library()


@register.simple_tag
def advice_json_ld(page):
    """Render the page's schema.org data as a safe JSON-LD script element."""
    return json_ld_script(page.json_ld)


@register.inclusion_tag("advice_blocks/includes/comment_form.html", takes_context=True)
def advice_comment_form(context, page):
    """The comment form for ``page``, or nothing when the site has not included our URLs."""
    from advice_blocks.comments import HONEYPOT_FIELD, CommentForm

    try:
        action = reverse("advice_blocks:comment_submit", args=[page.pk])
    except NoReverseMatch:
        action = None
    return {
        "action": action,
        "form": context.get("comment_form") or CommentForm(page=page),
        "honeypot": HONEYPOT_FIELD,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "submitted": context.get("request") and context["request"].GET.get("comment") == "pending",
    }


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
