"""``manage.py prune_import_jobs``: delete the uploaded files that old import jobs still keep.

An import screen job keeps its uploaded files in the database until it is imported. Jobs that
failed, or that nobody confirmed, would keep them for ever; run this daily (from cron or a
scheduler) to free them. The jobs stay, so editors keep their results and the history; an
import nobody confirmed is closed as failed with the reason. Jobs a worker may be running
(reading, queued, importing) are never touched, however old.
"""

from __future__ import annotations

import datetime
import math

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from advice_blocks import conf
from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource, stored_bytes

SETTING = "IMPORT_JOB_RETENTION_DAYS"
#: Jobs pruned per transaction (and per ``IN (...)`` list).
BATCH = 500
NOT_CONFIRMED = (
    "This import was not confirmed within {days} days, so its files were deleted. "
    "Start a new import."
)


def batched(items: list, size: int):
    # itertools.batched is Python 3.12+.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def days_text(days: float) -> str:
    return f"{days:g} day" if days == 1 else f"{days:g} days"


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of import jobs that finished, failed or were never "
        f"confirmed, once idle for longer than ADVICE_BLOCKS['{SETTING}'] days. "
        "Jobs being read or imported are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            metavar="DAYS",
            help=f"Prune jobs idle for longer than this (default: the {SETTING} setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be freed; change nothing."
        )

    def handle(self, *args, older_than=None, dry_run=False, **options):
        days = self.retention_days(older_than)
        idle = ImportJob.objects.filter(
            updated_at__lt=timezone.now() - datetime.timedelta(days=days)
        )
        holds_files = Exists(
            ImportJobSource.objects.filter(job=OuterRef("pk"), data__isnull=False)
        ) | Exists(ImportJobAsset.objects.filter(job=OuterRef("pk")))
        groups = {
            "finished": idle.filter(holds_files, status=ImportJob.Status.DONE),
            "failed": idle.filter(holds_files, status=ImportJob.Status.FAILED),
            # Closed even without files: once pruned, none could be confirmed anyway.
            "never confirmed": idle.filter(status=ImportJob.Status.READY),
        }
        # Listed before anything changes: closing an unconfirmed job (which updates it)
        # would take it out of the "never confirmed" query.
        ids = {name: list(jobs.values_list("pk", flat=True)) for name, jobs in groups.items()}
        unconfirmed = set(ids["never confirmed"])
        freed = 0
        for batch in batched([pk for group in ids.values() for pk in group], BATCH):
            if dry_run:
                freed += stored_bytes(ImportJob.objects.filter(pk__in=batch))
            else:
                freed += self.prune(batch, [pk for pk in batch if pk in unconfirmed], days)
        count = sum(len(group) for group in ids.values())
        summary = (
            f"{count} import {'job' if count == 1 else 'jobs'} older than {days_text(days)} ("
            + ", ".join(f"{len(group)} {name}" for name, group in ids.items())
            + ")"
        )
        if dry_run:
            self.stdout.write(
                f"Would prune the files of {summary}: {freed:,} bytes would be freed."
            )
        else:
            self.stdout.write(f"Pruned the files of {summary}: {freed:,} bytes freed.")

    def retention_days(self, older_than: float | None) -> float:
        if older_than is not None:
            if not (math.isfinite(older_than) and older_than >= 0):
                raise CommandError("--older-than must be a number of days, 0 or more.")
            return older_than
        value = conf.get(SETTING)
        try:
            days = float(value)
        except (TypeError, ValueError):
            days = -1.0
        if not (math.isfinite(days) and days >= 0):
            raise CommandError(
                f"ADVICE_BLOCKS['{SETTING}'] must be a number of days, 0 or more, not {value!r}."
            )
        return days

    def prune(self, batch: list[int], unconfirmed: list[int], days: float) -> int:
        """Close the unconfirmed jobs and drop the files of ``batch``; the bytes freed.

        Each statement checks the job's status again, so a job an editor confirms meanwhile
        is either closed first (and cannot be started) or left alone with its files.
        """
        done = [ImportJob.Status.DONE, ImportJob.Status.FAILED]
        with transaction.atomic():
            now = timezone.now()
            ImportJob.objects.filter(pk__in=unconfirmed, status=ImportJob.Status.READY).update(
                status=ImportJob.Status.FAILED,
                error=NOT_CONFIRMED.format(days=f"{days:g}"),
                finished_at=now,
                updated_at=now,
            )
            jobs = ImportJob.objects.filter(pk__in=batch, status__in=done)
            freed = stored_bytes(jobs)
            ImportJobSource.objects.filter(job__in=jobs).update(data=None)
            ImportJobAsset.objects.filter(job__in=jobs).delete()
        return freed
