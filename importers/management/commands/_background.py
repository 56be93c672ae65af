"""``import_articles --background`` and ``--job``: site imports run by task workers.

``--wordpress-export FILE --background`` reads the export into an import job of one task
per post and enqueues it on the import task backend instead of importing inline; any number
of workers (``manage.py db_worker``) run it. ``--job ID`` shows a job's progress (``--wait``
follows it to its end), and ``--job ID --resume`` enqueues again what a stopped worker left.
Kept out of ``import_articles.py`` (the name starts with ``_``, so it is no command).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import CommandError

from advice_blocks import conf
from importers.store import site_jobs
from importers.store.job_runner import status_data
from importers.store.jobs import ImportJob
from importers.store.tasks import enqueue, run_import_job

USAGE_ERROR = 2
#: Seconds between two looks at a followed job.
POLL_SECONDS = 2.0


def add_arguments(parser) -> None:
    group = parser.add_argument_group("Background site imports (run by task workers)")
    group.add_argument(
        "--background",
        action="store_true",
        help=(
            "With --wordpress-export: store the posts as an import job of one task per post "
            "on the import task backend and return; workers run it (manage.py db_worker). "
            "Follow it with --job ID, or --wait."
        ),
    )
    group.add_argument(
        "--job",
        type=int,
        metavar="ID",
        help="Show an import job's progress: done, failed and remaining posts, and the rate.",
    )
    group.add_argument(
        "--wait",
        action="store_true",
        help="With --background or --job: follow the job until it ends.",
    )
    group.add_argument(
        "--resume",
        action="store_true",
        help=(
            "With --job: put back the posts a stopped worker left half-done and enqueue "
            "the rest of the job again (nothing is imported twice)."
        ),
    )


def wanted(options) -> bool:
    return bool(options["background"] or options["job"] is not None)


def handle(command, options) -> None:
    if options["job"] is not None:
        if options["background"] or options["wordpress_export"] or options["sources"]:
            raise CommandError("--job takes no sources.", returncode=USAGE_ERROR)
        job = ImportJob.objects.filter(pk=options["job"]).first()
        if job is None:
            raise CommandError(f"No import job {options['job']}.", returncode=USAGE_ERROR)
        if options["resume"]:
            if job.kind != ImportJob.Kind.WORDPRESS or not job.is_active:
                raise CommandError(
                    f"Import job {job.pk} is {job.get_status_display().lower()}; only a "
                    "running site import can be resumed.",
                    returncode=USAGE_ERROR,
                )
            result = site_jobs.resume(job)
            command.stderr.write(
                f"Resumed: {result['resumed']} posts put back in the queue, "
                f"{result['failed']} given up after {site_jobs.MAX_ATTEMPTS} tries."
            )
        return report(command, job, options)
    if options["resume"]:
        raise CommandError("--resume goes with --job.", returncode=USAGE_ERROR)
    if not options["background"]:
        raise CommandError("--wait goes with --background or --job.", returncode=USAGE_ERROR)
    return queue(command, options)


def queue(command, options) -> None:
    if not options["wordpress_export"]:
        raise CommandError("--background goes with --wordpress-export.", returncode=USAGE_ERROR)
    if options["dry_run"]:
        raise CommandError(
            "--background imports; preview with --dry-run without --background.",
            returncode=USAGE_ERROR,
        )
    path = Path(options["wordpress_export"])
    if not path.is_file():
        raise CommandError(
            f"No such file: {str(path)!r} (--wordpress-export).", returncode=USAGE_ERROR
        )
    uploads = options["wordpress_uploads"]
    if uploads is not None and not Path(uploads).is_dir():
        raise CommandError(
            f"No such folder: {uploads!r} (--wordpress-uploads).", returncode=USAGE_ERROR
        )
    tz = command.find_timezone(options["timezone"])
    parent = command.find_parent(options["parent"])
    user = command.find_user(options["user"])
    if options["skip_existing"]:
        existing = ImportJob.Existing.SKIP
    elif options["overwrite_edits"]:
        existing = ImportJob.Existing.OVERWRITE
    else:
        existing = ImportJob.Existing.UPDATE
    job = site_jobs.create_from_file(
        path,
        parent=parent,
        user=user,
        existing=existing,
        download_images=options["download_images"],
        include_pages=options["include_pages"],
        timezone_name=str(tz),
        uploads_dir=str(Path(uploads).resolve()) if uploads else "",
    )
    if options["format"] == "text":
        pending = job.sources.filter(state=site_jobs.State.PENDING).count()
        command.stdout.write(
            f"Import job {job.pk}: {pending} of {job.total} posts queued for the workers "
            f"(queue {conf.get('IMPORT_TASK_QUEUE')!r} of the "
            f"{conf.get('IMPORT_TASK_BACKEND')!r} task backend)."
        )
        if job.settings.get("problem"):
            command.stderr.write(f"warning: {job.settings['problem']}")
    enqueue(run_import_job, job, on_commit=False)  # the job's rows are committed
    if options["wait"] or options["format"] == "json":
        return report(command, job, options)
    command.stdout.write(f"Follow it with: manage.py import_articles --job {job.pk} --wait")


def progress_line(data: dict) -> str:
    rate = data.get("rate_per_minute")
    running = f" ({data['running']} running)" if data.get("running") else ""
    return (
        f"Job {data['id']} {data['status_label'].lower()}: {data['done']} done, "
        f"{data['failed']} failed, {data['remaining']} remaining{running} of {data['total']}"
        + (f"; {rate:g} articles/min" if rate is not None else "")
    )


def report(command, job: ImportJob, options) -> None:
    data = status_data(job)
    if options["wait"]:
        last = None
        while data["active"]:
            line = progress_line(data)
            if line != last and options["format"] == "text":
                command.stderr.write(line)
                last = line
            time.sleep(POLL_SECONDS)
            data = status_data(job)
    if options["format"] == "json":
        data["outcomes"] = {status or "waiting": n for status, n in _outcomes(job)}
        command.stdout.write(json.dumps(data, indent=2))
    else:
        command.stdout.write(progress_line(data))
        outcomes = ", ".join(f"{n} {status or 'waiting'}" for status, n in _outcomes(job))
        if outcomes:
            command.stdout.write(f"  posts: {outcomes}")
        if data["error"]:
            command.stderr.write(f"FAILED  {data['error']}")
        for row in job.sources.filter(state=site_jobs.State.FAILED).order_by("position")[:50]:
            command.stderr.write(f"FAILED  {row.name}: {row.error}")
    if data["finished"] and (data["failed"] or data["status"] == ImportJob.Status.FAILED):
        raise CommandError(
            f"{data['failed']} of {data['total']} posts failed."
            if data["failed"]
            else "The import job failed.",
            returncode=1,
        )


def _outcomes(job: ImportJob):
    from django.db.models import Count

    return job.sources.values_list("status").annotate(n=Count("pk")).order_by("status")
