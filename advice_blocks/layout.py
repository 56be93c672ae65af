"""How articles fit into a site's own layout: which base template they extend.

Sites name it in ``ADVICE_BLOCKS["BASE_TEMPLATE"]``; otherwise the site's ``base.html``
(what ``wagtail start`` makes) is used when there is one, and the package's bare page when
not. The article template fills only the ``content`` block, so that is the one block the
base template must have; a system check says so when it does not.
"""

from __future__ import annotations

from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from . import conf

PACKAGE_BASE = "advice_blocks/base.html"
SITE_BASE = "base.html"
#: The block of the base template the article fills.
CONTENT_BLOCK = "content"
#: Extends chains are short; this only stops a loop of templates extending each other.
MAX_EXTENDS_DEPTH = 20


def base_template() -> str:
    """The template name articles extend."""
    configured = conf.get("BASE_TEMPLATE")
    if configured:
        return configured
    try:
        get_template(SITE_BASE)
    except TemplateDoesNotExist:
        return PACKAGE_BASE
    return SITE_BASE


def block_names(template_name: str) -> set[str]:
    """Names of the ``{% block %}``s a template and the templates it extends define."""
    names: set[str] = set()
    for _ in range(MAX_EXTENDS_DEPTH):
        template = get_template(template_name)
        nodelist = getattr(getattr(template, "template", template), "nodelist", None)
        if nodelist is None:  # not a Django template: nothing can be said
            return names
        names |= {node.name for node in nodelist.get_nodes_by_type(BlockNode)}
        extends = nodelist.get_nodes_by_type(ExtendsNode)
        parent = extends[0].parent_name.var if extends else None
        if not isinstance(parent, str):  # no parent, or one chosen at render time
            return names
        template_name = parent.strip("'\"")
    return names


def has_django_templates() -> bool:
    return any(engine.name == "django" for engine in engines.all())
