"""A URLconf with the comment URLs after Wagtail's catch-all (used by test_site_fit)."""

from tests.pages.test_site_fit import urlpatterns_behind_catch_all as urlpatterns  # noqa: F401
