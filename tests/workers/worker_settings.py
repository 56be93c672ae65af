"""Settings of the processes the PostgreSQL worker tests start: ``db_worker`` and the
``import_articles --background`` command, on the test run's own PostgreSQL database.

``ADVICE_WORKER_DATABASE_URL`` names the live test database (``test_…``, as pytest-django
created it), so the workers and the test see the same rows.
"""

import os

import dj_database_url

from tests.settings import *  # noqa: F403
from tests.settings import ADVICE_BLOCKS, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
DATABASES = {"default": dj_database_url.parse(os.environ["ADVICE_WORKER_DATABASE_URL"])}
MEDIA_ROOT = os.environ["ADVICE_WORKER_MEDIA_ROOT"]

# As the README sets a site up: the database backend, imports on a queue of their own.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports"],
    }
}
ADVICE_BLOCKS = {**ADVICE_BLOCKS, "IMPORT_TASK_QUEUE": "imports"}
