"""The example site's URLs with its pages under language prefixes (``/en/…``, ``/fr/…``),
as a site serving translations has them (Wagtail's i18n documentation)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

from example_site import urls as site_urls

urlpatterns = [
    pattern
    for pattern in site_urls.urlpatterns
    if getattr(pattern, "urlconf_name", None) is not wagtail_urls
] + i18n_patterns(path("", include(wagtail_urls)))
