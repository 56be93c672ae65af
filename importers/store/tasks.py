"""Background tasks of the import screen, through the tasks framework Wagtail uses.

With no ``TASKS`` setting the default backend runs a task at once, in the request that
enqueues it: nothing to set up, right for a few articles. A site that imports thousands
configures a real backend (for example django-tasks-db's ``DatabaseBackend`` and its
``db_worker`` command, see the README) and the same jobs run in workers, on any machine
that shares the database.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from advice_blocks import conf

logger = logging.getLogger(__name__)


@task()
def preview_import_job(job_id: int) -> dict:
    """Read a job's sources in a dry run (the preview the editor confirms); for a site
    import, read the export into one row per post and enqueue a task per post."""
    from importers.store.job_runner import preview

    return preview(job_id)


@task()
def run_import_job(job_id: int) -> dict:
    """Import a confirmed job's sources as pages, one by one; for a site import, enqueue
    one ``process_job_source`` task per post."""
    from importers.store.job_runner import run

    return run(job_id)


@task()
def process_job_source(source_id: int, step: str) -> dict:
    """Preview or import one post of a site import (one task per post, any worker)."""
    from importers.store.site_jobs import process

    return process(source_id, step)


def enqueue(job_task, job, *, on_commit: bool = True) -> None:
    """Enqueue ``job_task`` for ``job`` once the current transaction commits.

    A worker elsewhere must find the job's rows when it picks the task up, so the task is
    only sent after they are committed (``on_commit=False``: now, for callers outside any
    transaction such as the command line). A task that cannot be enqueued fails the job
    with the reason rather than leaving it waiting for ever.
    """
    from importers.store.jobs import ImportJob

    def send():
        try:
            configured = job_task.using(
                backend=conf.get("IMPORT_TASK_BACKEND"), queue_name=conf.get("IMPORT_TASK_QUEUE")
            )
            result = configured.enqueue(job.pk)
        except Exception as error:
            logger.exception("could not enqueue import job %s", job.pk)
            ImportJob.objects.filter(pk=job.pk, status__in=ImportJob.ACTIVE).update(
                status=ImportJob.Status.FAILED,
                error=f"The import could not be queued: {type(error).__name__}: {error}",
                finished_at=timezone.now(),
            )
            return
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    if on_commit:
        transaction.on_commit(send)
    else:
        send()
