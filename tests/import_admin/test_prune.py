"""``manage.py prune_import_jobs``: stored uploads of old, idle jobs are deleted."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource, stored_bytes

pytestmark = pytest.mark.django_db

NOISE = random.Random(3).randbytes(1_000)


def job_of(status, *, days_old, files=True):
    job = ImportJob.objects.create(status=status)
    if files:
        ImportJobSource.objects.create(job=job, position=1, name="a.html", data=NOISE)
        ImportJobAsset.objects.create(job=job, path="files/a.png", data=NOISE)
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days_old, minutes=1)
    )
    job.refresh_from_db()
    return job


def prune(*args):
    out = io.StringIO()
    call_command("prune_import_jobs", *args, stdout=out)
    return out.getvalue()


def holds_files(job):
    return stored_bytes(ImportJob.objects.filter(pk=job.pk)) > 0


def test_old_failed_and_finished_jobs_lose_their_files_but_stay_listed():
    failed = job_of(ImportJob.Status.FAILED, days_old=8)
    done = job_of(ImportJob.Status.DONE, days_old=30)
    before = stored_bytes(ImportJob.objects.all())
    output = prune()
    assert not holds_files(failed) and not holds_files(done)
    assert ImportJob.objects.count() == 2
    failed.refresh_from_db()
    assert failed.status == ImportJob.Status.FAILED
    assert failed.sources.get().name == "a.html"
    assert (
        f"Pruned the files of 2 import jobs older than 7 days (1 finished, 1 failed, "
        f"0 never confirmed): {before:,} bytes freed."
    ) in output


def test_imports_never_confirmed_are_closed_with_a_reason():
    ready = job_of(ImportJob.Status.READY, days_old=8)
    prune()
    ready.refresh_from_db()
    assert ready.status == ImportJob.Status.FAILED
    assert ready.error == (
        "This import was not confirmed within 7 days, so its files were deleted. "
        "Start a new import."
    )
    assert ready.finished_at is not None
    assert not holds_files(ready)


def test_recent_jobs_are_kept():
    jobs = [
        job_of(status, days_old=6)
        for status in (ImportJob.Status.READY, ImportJob.Status.FAILED, ImportJob.Status.DONE)
    ]
    assert "Pruned the files of 0 import jobs" in prune()
    assert all(holds_files(job) for job in jobs)
    assert ImportJob.objects.filter(status=ImportJob.Status.READY).count() == 1


def test_jobs_a_worker_may_be_running_are_never_touched():
    jobs = [job_of(status, days_old=100) for status in ImportJob.ACTIVE]
    prune("--older-than", "0")
    for job in jobs:
        status = job.status
        job.refresh_from_db()
        assert job.status == status
        assert holds_files(job)


def test_older_than_overrides_the_setting(settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_JOB_RETENTION_DAYS": 30}
    old = job_of(ImportJob.Status.FAILED, days_old=10)
    assert "0 import jobs older than 30 days" in prune()
    assert holds_files(old)
    assert "1 import job older than 2 days" in prune("--older-than", "2")
    assert not holds_files(old)


def test_a_dry_run_only_counts():
    failed = job_of(ImportJob.Status.FAILED, days_old=8)
    ready = job_of(ImportJob.Status.READY, days_old=8)
    before = stored_bytes(ImportJob.objects.all())
    output = prune("--dry-run")
    assert (
        f"Would prune the files of 2 import jobs older than 7 days (0 finished, 1 failed, "
        f"1 never confirmed): {before:,} bytes would be freed."
    ) in output
    assert holds_files(failed) and holds_files(ready)
    ready.refresh_from_db()
    assert ready.status == ImportJob.Status.READY


def test_jobs_without_files_are_not_counted():
    job_of(ImportJob.Status.DONE, days_old=8, files=False)
    assert "Pruned the files of 0 import jobs" in prune()


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
def test_a_bad_age_is_a_command_error(value):
    with pytest.raises(CommandError, match="--older-than"):
        prune("--older-than", value)


def test_a_bad_setting_is_a_command_error(settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_JOB_RETENTION_DAYS": "a week"}
    with pytest.raises(CommandError, match="IMPORT_JOB_RETENTION_DAYS"):
        prune()
