from django import template

from advice_blocks.jsonld import json_ld_script

register = template.Library()


@register.simple_tag
def advice_json_ld(page):
    """Render the page's schema.org data as a safe JSON-LD script element."""
    return json_ld_script(page.json_ld)
