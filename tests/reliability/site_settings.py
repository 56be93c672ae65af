"""The example site as a separate process (crash, race and load tests, ``scripts/load_test``).

The database comes from ``ADVICE_RELIABILITY_DATABASE_URL`` (a SQLite file or a PostgreSQL
database of its own, never the test suite's), media from ``ADVICE_RELIABILITY_MEDIA_ROOT``
and extra ``ADVICE_BLOCKS`` keys, as JSON, from ``ADVICE_RELIABILITY_BLOCKS``.

SQLite is set up the way a site with more than one process should run it: WAL, so readers
do not wait for the writer, and ``BEGIN IMMEDIATE`` with a busy timeout, so two writers
queue for the lock instead of failing with "database is locked".
"""

import json
import os

import dj_database_url
from example_site.settings import *  # noqa: F403

SECRET_KEY = "reliability-tests-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["ADVICE_RELIABILITY_DATABASE_URL"], conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Fast setup (migrating a template database) may skip fsync: nothing to lose there.
    synchronous = "OFF" if os.environ.get("ADVICE_RELIABILITY_FAST_SETUP") else "NORMAL"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}",
    }

MEDIA_ROOT = os.environ.get("ADVICE_RELIABILITY_MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
# The home page may hold articles (as in tests.settings), plus the keys the test passes.
ADVICE_BLOCKS = {
    "ARTICLE_PARENT_PAGE_TYPES": ["home.HomePage"],
    **json.loads(os.environ.get("ADVICE_RELIABILITY_BLOCKS") or "{}"),
}
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
