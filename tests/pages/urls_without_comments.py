"""A URLconf without the comment URLs (used by test_site_fit)."""

from tests.pages.test_site_fit import urlpatterns_without_comments as urlpatterns  # noqa: F401
