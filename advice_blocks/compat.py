"""Differences between the Wagtail versions we support (7.4 LTS and 8.x).

Wagtail 8 makes the base ``Page`` model swappable (``WAGTAIL_PAGE_MODEL``); a reusable app
must build its pages on whatever model the site chose, and refer to it by the swapped name
in foreign keys and migrations. Wagtail 7.4 has no such setting.
"""

from wagtail.models import pages as _wagtail_pages

try:
    import swapper
except ImportError:  # Wagtail 7.x does not depend on swapper.
    swapper = None

PAGE_IS_SWAPPABLE = swapper is not None and hasattr(_wagtail_pages, "BASE_PAGE_MODEL_NAME")


def get_base_page_model_name():
    """``"app_label.Model"`` of the site's base page model."""
    if PAGE_IS_SWAPPABLE:
        return swapper.get_model_name("wagtailcore", "Page")
    return "wagtailcore.Page"


def get_base_page_model():
    """The site's base page model class, usable while models are still loading.

    A swapped base page model must come from an app listed before ``advice_blocks`` in
    ``INSTALLED_APPS``, because our page type subclasses it at import time.
    """
    if PAGE_IS_SWAPPABLE:
        return swapper.load_model("wagtailcore", "Page", require_ready=False)
    from wagtail.models import Page

    return Page
