"""System checks: the ``ADVICE_BLOCKS`` setting and how the site has wired the package in.

Each check catches a mistake that would otherwise pass ``manage.py check`` and fail later,
in front of a reader or an editor: comment URLs that Wagtail's page serving swallows, a
missing ``wagtail_modeladmin``, a base template articles cannot fill, a parent page type
that does not exist.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from . import conf


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    try:
        values = conf.get_settings()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="advice_blocks.E001")]
    errors = []
    for key in ("FETCH_TIMEOUT", "MAX_DOCUMENT_BYTES", "MAX_IMAGE_BYTES"):
        value = values[key]
        if not isinstance(value, int | float) or value <= 0:
            errors.append(
                checks.Error(
                    f"ADVICE_BLOCKS['{key}'] must be a positive number, not {value!r}.",
                    id="advice_blocks.E002",
                )
            )
    errors += _check_parent_page_types(values["ARTICLE_PARENT_PAGE_TYPES"])
    return errors


def _check_parent_page_types(names):
    from wagtail.coreutils import resolve_model_string
    from wagtail.models import Page

    errors = []
    for name in names if isinstance(names, list | tuple) else [names]:
        try:
            model = resolve_model_string(name) if isinstance(name, str) else None
        except (LookupError, ValueError):
            model = None
        if model is None or not issubclass(model, Page):
            errors.append(
                checks.Error(
                    f"ADVICE_BLOCKS['ARTICLE_PARENT_PAGE_TYPES'] names {name!r}, which is not "
                    "a page model ('app_label.ModelName').",
                    id="advice_blocks.E003",
                )
            )
    return errors


@checks.register(checks.Tags.compatibility)
def check_modeladmin(app_configs=None, **kwargs):
    if apps.is_installed("wagtail_modeladmin"):
        return []
    return [
        checks.Error(
            "advice_blocks needs 'wagtail_modeladmin' in INSTALLED_APPS: the Comments and "
            "Import history screens are built on it.",
            hint="pip install wagtail-modeladmin, then add 'wagtail_modeladmin' to "
            "INSTALLED_APPS.",
            id="advice_blocks.E004",
        )
    ]


@checks.register(checks.Tags.urls)
def check_comment_urls(app_configs=None, **kwargs):
    """The comment URLs must resolve to our views, not to Wagtail's page serving."""
    from . import views

    found = []
    for name, view in (
        ("advice_blocks:comment_submit", views.submit_comment),
        ("advice_blocks:comment_api_submit", views.api_submit_comment),
    ):
        try:
            path = reverse(name, args=[1])
        except NoReverseMatch:
            return [
                checks.Info(
                    "advice_blocks.urls is not included: readers cannot post comments.",
                    hint='Add path("advice/", include("advice_blocks.urls")) to your urls.py, '
                    "before Wagtail's include(wagtail_urls).",
                    id="advice_blocks.I005",
                )
            ]
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match is None or match.func is not view:
            found.append(path)
    if not found:
        return []
    return [
        checks.Error(
            f"The comment URL {found[0]} is answered by another view, most likely Wagtail's "
            "page serving: advice_blocks.urls is included after include(wagtail_urls).",
            hint='Move path("advice/", include("advice_blocks.urls")) above the line with '
            "include(wagtail_urls), which must stay last.",
            id="advice_blocks.E005",
        )
    ]


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """Articles fill the ``content`` block of the base template: it must have one."""
    from .layout import CONTENT_BLOCK, base_template, block_names, has_django_templates

    if not getattr(settings, "TEMPLATES", None) or not has_django_templates():
        return []
    name = base_template()
    try:
        blocks = block_names(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        return [
            checks.Error(
                f"Articles extend {name!r}, which cannot be loaded: {error}",
                hint="Set ADVICE_BLOCKS['BASE_TEMPLATE'] to your site's base template.",
                id="advice_blocks.E006",
            )
        ]
    if CONTENT_BLOCK in blocks:
        return []
    return [
        checks.Warning(
            f"Articles extend {name!r}, which has no {{% block {CONTENT_BLOCK} %}}: the "
            "article, its stylesheet and its JSON-LD would not be shown.",
            hint="Add {% block content %}{% endblock %} where the page's main content goes, "
            "or set ADVICE_BLOCKS['BASE_TEMPLATE'] to a template that has it.",
            id="advice_blocks.W007",
        )
    ]


@checks.register(checks.Tags.compatibility)
def check_graphql(app_configs=None, **kwargs):
    """``advice_blocks.graphql`` needs wagtail-grapple (the ``[graphql]`` extra) in a
    release it is written for, with grapple's apps installed; and ``GRAPPLE["APPS"]`` must
    not list ``advice_blocks``, whose models it would expose as stored."""
    from .graphql.support import grapple_problem

    if not apps.is_installed("advice_blocks.graphql"):
        return []
    problem = grapple_problem()
    if problem is not None:
        return [
            checks.Warning(
                f"The advice articles' GraphQL types are off: {problem}",
                hint="Install the [graphql] extra and add 'grapple' and 'graphene_django' to "
                "INSTALLED_APPS, or take 'advice_blocks.graphql' out of INSTALLED_APPS.",
                id="advice_blocks.W008",
            )
        ]
    grapple_apps = (getattr(settings, "GRAPPLE", None) or {}).get("APPS") or ()
    if "advice_blocks" in grapple_apps:
        return [
            checks.Warning(
                "GRAPPLE['APPS'] lists 'advice_blocks': grapple would describe its models as "
                "stored (every comment of a page, approved or not, under adviceComments) "
                "beside the types advice_blocks.graphql registers.",
                hint="Take 'advice_blocks' out of GRAPPLE['APPS']; 'advice_blocks.graphql' in "
                "INSTALLED_APPS is all the package needs.",
                id="advice_blocks.W009",
            )
        ]
    return []
