"""Site imports fan out one task per post (django-tasks' dummy and immediate backends):
queued by ``import_articles --background``, run post by post in any order, safe to run
twice, resumable after a worker stopped half-way, with progress on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from advice_blocks.models import AdviceArticlePage
from importers.models import ImportRecord
from importers.store import site_jobs
from importers.store.jobs import ImportJob, ImportJobSource
from importers.store.tasks import process_job_source, run_import_job
from tests.factories import home_page

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "fixtures" / "wordpress" / "advice-export.xml"
POSTS = 7


@pytest.fixture
def queue(settings):
    """The dummy backend: enqueued tasks are kept, never run (a worker's job here)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}
    }
    from django_tasks import default_task_backend

    return default_task_backend


def enqueued(backend, name=None):
    return [
        (r.task.func.__name__, list(r.args))
        for r in backend.results
        if name is None or r.task.func.__name__ == name
    ]


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """The command enqueues on commit; tests run in a transaction that never commits."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


_capture = None


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        with _capture(execute=True):
            call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue(), err.getvalue()


def queued_job(queue) -> ImportJob:
    status, out, err = command("--wordpress-export", EXPORT, "--background")
    assert status == 0, err
    job = ImportJob.objects.get()
    assert f"Import job {job.pk}: 7 of 7 posts queued for the workers" in out
    return job


def run_tasks(queue, name="process_job_source", start=0):
    """Run the queued tasks called ``name`` as a worker would; return how many ran."""
    tasks = [r for r in queue.results[start:] if r.task.func.__name__ == name]
    for result in tasks:
        result.task.call(*result.args)
    return len(tasks)


def test_background_queues_the_job_and_a_worker_fans_it_out(queue):
    job = queued_job(queue)
    assert job.kind == ImportJob.Kind.WORDPRESS and job.status == ImportJob.Status.QUEUED
    assert enqueued(queue) == [("run_import_job", [job.pk])]
    assert AdviceArticlePage.objects.count() == 0

    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    rows = list(job.sources.order_by("position").values_list("pk", flat=True))
    assert enqueued(queue, "process_job_source") == [
        ("process_job_source", [pk, "import"]) for pk in rows
    ]

    # Workers take tasks in any order.
    for result in reversed(queue.results[1:]):
        result.task.call(*result.args)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert AdviceArticlePage.objects.count() == POSTS
    assert set(job.sources.values_list("state", "status", "attempts")) == {("done", "created", 1)}
    assert not job.sources.filter(data__isnull=False).exists()  # let go once done

    status, out, _ = command("--job", job.pk)
    assert status == 0
    assert out.startswith(f"Job {job.pk} done: 7 done, 0 failed, 0 remaining of 7;")
    assert "articles/min" in out and "posts: 7 created" in out


def test_a_task_run_twice_imports_its_post_once(queue):
    job = queued_job(queue)
    run_import_job.call(job.pk)
    first = job.sources.order_by("position").first()
    assert process_job_source.call(first.pk, "import")["status"] == "processed"
    assert process_job_source.call(first.pk, "import")["status"] == "not pending"
    run_tasks(queue)  # the fan-out's copies, including the first row's again
    assert AdviceArticlePage.objects.count() == POSTS
    assert ImportRecord.objects.filter(status="created").count() == POSTS
    first.refresh_from_db()
    assert first.attempts == 1


def test_a_worker_stopped_mid_post_is_resumed_without_duplicates(queue):
    job = queued_job(queue)
    run_import_job.call(job.pk)
    rows = list(job.sources.order_by("position"))
    # A worker took the third post and was killed before its transaction committed: the
    # row says running, nothing of the post was saved.
    ImportJobSource.objects.filter(pk=rows[2].pk).update(
        state="running", attempts=1, worker="gone:1"
    )
    run_tasks(queue)  # the other workers finish the rest of the job
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert AdviceArticlePage.objects.count() == POSTS - 1
    status, out, _ = command("--job", job.pk)
    assert status == 0
    assert f"Job {job.pk} importing: 6 done, 0 failed, 1 remaining (1 running) of 7" in out

    before = len(queue.results)
    status, _, err = command("--job", job.pk, "--resume")
    assert status == 0, err
    assert "Resumed: 1 posts put back in the queue" in err
    assert enqueued(queue)[before:] == [("run_import_job", [job.pk])]
    run_tasks(queue, "run_import_job", start=before)
    assert enqueued(queue)[-1] == ("process_job_source", [rows[2].pk, "import"])
    run_tasks(queue, start=before)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert AdviceArticlePage.objects.count() == POSTS
    assert ImportRecord.objects.filter(status="created").count() == POSTS
    rows[2].refresh_from_db()
    assert (rows[2].state, rows[2].status, rows[2].attempts) == ("done", "created", 2)


def test_a_post_that_stops_its_worker_every_time_is_given_up(queue):
    job = queued_job(queue)
    run_import_job.call(job.pk)
    row = job.sources.order_by("position").first()
    ImportJobSource.objects.filter(pk=row.pk).update(
        state="running", attempts=site_jobs.MAX_ATTEMPTS
    )
    run_tasks(queue)
    assert site_jobs.resume(job) == {"resumed": 0, "failed": 1}
    row.refresh_from_db()
    assert row.state == "failed" and "started 3 times" in row.error
    run_tasks(queue, "run_import_job")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    status, _, err = command("--job", job.pk)
    assert status == 1 and "1 of 7 posts failed" in err


def test_the_parent_is_locked_only_for_posts_that_create_pages(queue, monkeypatch):
    """Where treebeard's add_child does not lock the parent itself (before 5.0)."""
    monkeypatch.setattr(site_jobs, "TREE_LOCKS_PARENT", False)
    locked = []
    original = site_jobs.lock_parent
    monkeypatch.setattr(
        site_jobs, "lock_parent", lambda options: locked.append(1) or original(options)
    )
    job = queued_job(queue)
    run_import_job.call(job.pk)
    run_tasks(queue)
    assert len(locked) == POSTS
    locked.clear()
    again = queued_job_again(queue)
    run_import_job.call(again.pk)
    run_tasks(queue, start=len(queue.results) - POSTS)
    again.refresh_from_db()
    assert again.status == ImportJob.Status.DONE
    assert set(again.sources.values_list("status", flat=True)) == {"unchanged"}
    assert locked == []


def queued_job_again(queue):
    status, _, err = command("--wordpress-export", EXPORT, "--background")
    assert status == 0, err
    return ImportJob.objects.order_by("-pk").first()


def test_tasks_of_a_job_that_moved_on_do_nothing(queue):
    job = queued_job(queue)
    row = job.sources.first()
    # The job is queued, not importing: a stray task (a preview's, or early) is ignored.
    assert process_job_source.call(row.pk, "import") == {
        "source": row.pk,
        "status": "job queued",
    }
    assert process_job_source.call(row.pk, "preview")["status"] == "job queued"
    job.delete()
    assert process_job_source.call(row.pk, "import")["status"] == "deleted"


def test_with_the_immediate_backend_background_runs_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    status, out, err = command("--wordpress-export", EXPORT, "--background", "--format", "json")
    assert status == 0, err
    data = json.loads(out[out.index("{") :])
    assert data["status"] == "done"
    assert (data["done"], data["failed"], data["remaining"]) == (POSTS, 0, 0)
    assert data["outcomes"] == {"created": POSTS}
    assert AdviceArticlePage.objects.count() == POSTS


def test_command_usage_errors():
    assert command("--job", 999)[0] == 2
    assert command("--background")[0] == 2
    assert command("--wordpress-export", EXPORT, "--background", "--dry-run")[0] == 2
    assert command("--wordpress-export", EXPORT, "--wait")[0] == 2
    assert command("--resume")[0] == 2


def test_the_preview_step_fans_out_too(queue, admin_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("advice_importers:import"),
            {
                "files": [SimpleUploadedFile("export.xml", EXPORT.read_bytes())],
                "urls": "",
                "parent": home_page().pk,
                "publish": "draft",
                "existing": "update",
            },
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEWING
    run_tasks(queue, "preview_import_job")
    assert len(enqueued(queue, "process_job_source")) == POSTS
    assert {args[1] for _, args in enqueued(queue, "process_job_source")} == {"preview"}
    status = admin_client.get(reverse("advice_importers:job_status", args=[job.pk])).json()
    assert (status["done"], status["remaining"]) == (0, POSTS)
    run_tasks(queue)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert AdviceArticlePage.objects.count() == 0


def test_reading_the_export_stopped_half_way_leaves_no_rows(monkeypatch):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.WORDPRESS, parent=home_page(), settings={"export": "x.xml"}
    )
    monkeypatch.setattr(site_jobs, "BATCH", 2)
    labels = []

    def label(item):
        if len(labels) == 5:
            raise KeyboardInterrupt  # the worker is stopped while it reads
        labels.append(item.post_id)
        return str(item.post_id)

    monkeypatch.setattr(site_jobs, "post_label", label)
    with pytest.raises(KeyboardInterrupt):
        site_jobs.split_export(job, EXPORT)
    assert not job.sources.exists()  # two batches were written, then rolled back
    monkeypatch.undo()
    assert site_jobs.split_export(job, EXPORT) == POSTS
