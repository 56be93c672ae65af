"""Settings for the example site: SQLite by default, ``DATABASE_URL`` for PostgreSQL."""

import importlib.util
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-site-insecure-key-for-local-demo-only")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "home",
    "advice_blocks",
    "importers",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Django 6.1's transitional setting: bare "www." addresses in comments link over HTTPS, the
# default from Django 2028 (and no deprecation warning per comment). Older Django ignores it.
URLIZE_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("EXAMPLE_SITE_MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Advice blocks example"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No internet here, and a site that imports content should not phone home by default.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ADVICE_BLOCKS = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "advice_blocks": {"handlers": ["console"], "level": "INFO"},
        "importers": {"handlers": ["console"], "level": "INFO"},
    },
}

# Headless (the optional [headless] and [graphql] extras; the site runs without them).
# Previews: an article previewed in the "Front end" mode opens the page in frontend/ (static
# files, /static/frontend/preview.html), which reads the draft from the API with the token.
STATICFILES_DIRS = [("frontend", BASE_DIR / "frontend")]
if importlib.util.find_spec("wagtail_headless_preview") is not None:
    INSTALLED_APPS += ["wagtail_headless_preview"]
    WAGTAIL_HEADLESS_PREVIEW = {
        # Root-relative: the front end is served by this site, on whatever host and port.
        "CLIENT_URLS": {"default": f"{STATIC_URL}frontend/preview.html"},
        "ENFORCE_TRAILING_SLASH": False,
        "REDIRECT_ON_PREVIEW": True,
    }
# GraphQL at /graphql/ (advice_blocks.graphql.urls), on wagtail-grapple.
if importlib.util.find_spec("grapple") is not None:
    INSTALLED_APPS += ["advice_blocks.graphql", "grapple", "graphene_django"]
