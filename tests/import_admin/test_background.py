"""Jobs with a task backend that does not run tasks at once: queued, then run by a worker."""

import pytest
from django.urls import reverse

from advice_blocks.models import AdviceArticlePage
from importers.store.jobs import ImportJob
from importers.store.tasks import preview_import_job, run_import_job

from .conftest import html_file, job_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """django-tasks' dummy backend: it keeps enqueued tasks and never runs them."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}
    }
    from django_tasks import default_task_backend

    # Changing TASKS gives a fresh backend instance, with no results from other tests.
    return default_task_backend


def enqueued(backend):
    return [(r.task.func.__name__, r.args, r.task.queue_name) for r in backend.results]


def test_jobs_wait_for_a_worker_and_the_page_shows_progress(queue, admin_client, upload, post):
    _, job = upload([html_file("a.html"), html_file("b.html", title="Other habits")])
    assert job.status == ImportJob.Status.PREVIEWING
    assert enqueued(queue) == [("preview_import_job", [job.pk], "default")]
    assert job.task_id == queue.results[0].id

    page = admin_client.get(job_url(job)).content.decode()
    assert "Reading the articles…" in page
    assert ">0</span> of <span data-progress-total>2</span> articles" in page
    assert "advice_importers/js/import-job.js" in page
    status_url = reverse("advice_importers:job_status", args=[job.pk])
    assert admin_client.get(status_url).json()["status"] == "previewing"

    preview_import_job.call(job.pk)  # what a worker does with the task
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY

    post(job_url(job), {"action": "import"}, using=admin_client)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert enqueued(queue)[-1] == ("run_import_job", [job.pk], "default")
    page = admin_client.get(job_url(job)).content.decode()
    assert "Waiting for a background worker…" in page
    assert AdviceArticlePage.objects.count() == 0

    result = run_import_job.call(job.pk)
    assert result["status"] == "done"
    assert (result["processed"], result["total"], result["failed"]) == (2, 2, 0)
    assert AdviceArticlePage.objects.count() == 2
    assert admin_client.get(status_url).json()["finished"] is True


def test_a_worker_running_a_job_twice_imports_it_once(queue, upload, post, admin_client):
    _, job = upload([html_file()])
    preview_import_job.call(job.pk)
    post(job_url(job), {"action": "import"}, using=admin_client)
    run_import_job.call(job.pk)
    again = run_import_job.call(job.pk)
    assert again["status"] == "done"
    assert AdviceArticlePage.objects.count() == 1


def test_the_queue_and_backend_come_from_settings(queue, settings, upload):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "imports": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["articles"],
        },
    }
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "IMPORT_TASK_BACKEND": "imports",
        "IMPORT_TASK_QUEUE": "articles",
    }
    from django_tasks import task_backends

    _, job = upload([html_file()])
    assert job.status == ImportJob.Status.PREVIEWING
    assert enqueued(task_backends["imports"]) == [("preview_import_job", [job.pk], "articles")]


def test_a_task_that_cannot_be_enqueued_fails_the_job(queue, settings, upload):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_TASK_QUEUE": "nowhere"}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    _, job = upload([html_file()])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("The import could not be queued: InvalidTaskError")


def test_a_task_for_a_discarded_job_does_nothing(queue, upload):
    _, job = upload([html_file()])
    job.delete()
    assert preview_import_job.call(job.pk) == {"id": job.pk, "status": "deleted"}
    assert run_import_job.call(job.pk) == {"id": job.pk, "status": "deleted"}
