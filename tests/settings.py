"""Test settings: the example site with a throwaway database and fast password hashing."""

import tempfile

import dj_database_url
from example_site.settings import *  # noqa: F403

SECRET_KEY = "tests-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]

DATABASES = {"default": dj_database_url.config(default="sqlite://:memory:", conn_max_age=0)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="advice-blocks-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Most tests import under the site's home page: this test site names it as a parent type
# for articles, as the README tells a site to (the default allows only AdviceIndexPage).
ADVICE_BLOCKS = {"ARTICLE_PARENT_PAGE_TYPES": ["home.HomePage"]}

# wagtail-localize, for the translation tests (tests/pages/test_copy_translate.py). Before
# Wagtail's own apps, as its documentation asks, so its admin templates take precedence.
# Translation itself (WAGTAIL_I18N_ENABLED, the languages) is switched on by those tests.
_WAGTAIL_APPS = INSTALLED_APPS.index("wagtail.api.v2")  # noqa: F405
INSTALLED_APPS = [
    *INSTALLED_APPS[:_WAGTAIL_APPS],  # noqa: F405
    "wagtail_localize",
    "wagtail_localize.locales",
    *INSTALLED_APPS[_WAGTAIL_APPS:],  # noqa: F405
]

# The local-memory cache with room for every test's entries: at its default limit (300, the
# least recently used third dropped when full) one API listing of 50 articles, with their
# renditions and cached representations, fills it and drops the cache versions that key
# the rest, so a repeated request could find its own entries gone.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
