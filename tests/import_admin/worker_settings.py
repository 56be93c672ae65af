"""Settings for the real-worker test: django-tasks-db's database backend on a shared database.

The web side (``worker_driver.py``) and the ``db_worker`` command run as separate processes
on one database file, as a site's web and worker machines share one database.
"""

import os

import dj_database_url

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
DATABASES = {"default": dj_database_url.parse(os.environ["ADVICE_WORKER_DATABASE_URL"])}
MEDIA_ROOT = os.environ["ADVICE_WORKER_MEDIA_ROOT"]

# What the README tells a site to set: the database backend, and a queue of its own for
# imports so that dedicated workers can serve it (``db_worker --queue-name imports``).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports"],
    }
}
ADVICE_BLOCKS = {**ADVICE_BLOCKS, "IMPORT_TASK_QUEUE": "imports"}  # noqa: F405
