"""Django settings for the benchmarks: the example site on a throwaway SQLite file.

The worker processes set ``ADVICE_BENCH_DB`` (the database file) and ``ADVICE_BENCH_MEDIA``
(the media folder), both in a temporary directory of the run, and ``ADVICE_BENCH_CACHE``
(``locmem``, or a Redis URL) with ``ADVICE_BENCH_CACHE_PREFIX``.
"""

import os
import sys
import tempfile
from pathlib import Path

_EXAMPLE_SITE = Path(__file__).resolve().parent.parent / "example_site"
if str(_EXAMPLE_SITE) not in sys.path:
    sys.path.insert(0, str(_EXAMPLE_SITE))

from example_site.settings import *  # noqa: E402, F403

SECRET_KEY = "benchmarks-only-secret-key"  # noqa: S105 - a throwaway database
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ADVICE_BENCH_DB")
        or os.path.join(tempfile.gettempdir(), "advice-bench.sqlite3"),
        # How SQLite is run in production: write-ahead log, fsync at checkpoints. Without
        # it every commit waits for the disk (tens of ms on a VM), the same fixed cost for
        # the import and its baseline, which would only hide the import's own overhead.
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}
MEDIA_ROOT = os.environ.get("ADVICE_BENCH_MEDIA") or tempfile.mkdtemp(prefix="advice-bench-")
# The cache: the local-memory cache by default, or a Redis server when ``ADVICE_BENCH_CACHE``
# is its URL (``redis://…``, started by scripts/start-redis.sh), through Django's own backend.
# Wagtail caches renditions in the default cache; the local-memory cache's default limit
# (300 entries, a third culled at random when full) made query counts vary between runs.
_CACHE_URL = os.environ.get("ADVICE_BENCH_CACHE", "")
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            # Each worker its own prefix (benchmarks/run.py): no entry of an earlier run,
            # on an earlier database, is ever read.
            "KEY_PREFIX": os.environ.get("ADVICE_BENCH_CACHE_PREFIX", "advice-bench"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# The importer logs a line per article at INFO; a benchmark of 10,000 must not time that.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
