"""Site imports: a WordPress export as a job of one task per post, for any number of workers.

The export is read once, streaming, into one :class:`ImportJobSource` row per post (its
record as JSON, with the attachment its featured image names); posts the import never takes
(trash, auto-drafts) are accounted for there and then. Each step of the job (the dry-run
preview, then the import) enqueues one ``process_job_source`` task per row that is still to
do, and any worker of the task backend may take any of them.

One row, one task, safely run more than once:

* the task claims the row (``pending`` → ``running``, ``attempts`` + 1, which
  worker), extracts the article outside any transaction, then in one transaction locks the
  row (``SKIP LOCKED``: another worker holding it is on it), checks it is still to do, locks
  the parent page when the post creates a page (pages created under one parent at the same
  time would otherwise race for the same tree path), saves the page through the usual save
  step (re-imports found by the source's URL and WordPress aliases) and marks the row done
  with its outcome. A worker killed half-way leaves its row ``running`` with nothing saved:
  the transaction rolled back.
* the task that finishes the last row moves the job on (to ready, or done).
* :func:`resume` puts rows left ``running`` by a dead worker back to ``pending`` (or fails
  them, after :data:`MAX_ATTEMPTS` tries) and enqueues the step again for the rows left.

Progress (:func:`progress`) is counted from the rows: done, failed, running, remaining, and
the rate in articles per minute since the step started.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import socket
import tempfile
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from advice_blocks import conf
from importers.pipeline import model
from importers.sources.wordpress.mapping import (
    AttachmentInfo,
    canonical_url,
    one_line,
    post_article,
    post_publication,
    post_types,
    skip_reason,
)
from importers.sources.wordpress.records import (
    Author,
    Comment,
    Item,
    ItemTerm,
    Site,
    Term,
)
from importers.sources.wordpress.wxr import WXRReader
from importers.store.jobs import ImportJob, ImportJobSource
from importers.store.runner import FAILED, PREVIEWED, ImportResult, import_one
from importers.store.save import SKIPPED, article_aliases, find_existing, source_key
from importers.store.wordpress import ALT_META_KEY, PostSource, WordPressImport

logger = logging.getLogger(__name__)

PREVIEW, IMPORT = "preview", "import"
#: The job's status while each step's tasks run.
STEP_STATUS = {PREVIEW: ImportJob.Status.PREVIEWING, IMPORT: ImportJob.Status.RUNNING}
#: A row whose task was taken up this many times without finishing (its worker stopped or
#: crashed each time) is failed by :func:`resume` rather than tried again.
MAX_ATTEMPTS = 3
#: Rows written per ``bulk_create`` while the export is read.
BATCH = 200
#: The name of the stored export among the job's files (an uploaded export).
EXPORT_ASSET = "export.xml"
State = ImportJobSource.State
OPEN = (State.PENDING, State.RUNNING)


def worker_name() -> str:
    """This process, as the rows name the worker that took them: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


# -- records as JSON ---------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _dt(value):
    return datetime.datetime.fromisoformat(value["$dt"]) if value else None


def item_data(item: Item) -> dict:
    return _plain(dataclasses.asdict(item))


def item_from(data: dict) -> Item:
    data = dict(data)
    data["published"] = _dt(data.get("published"))
    data["modified"] = _dt(data.get("modified"))
    data["terms"] = [ItemTerm(**term) for term in data.get("terms", [])]
    comments = []
    for comment in data.get("comments", []):
        comments.append(Comment(**{**comment, "date": _dt(comment.get("date"))}))
    data["comments"] = comments
    return Item(**data)


def site_data(site: Site) -> dict:
    return _plain(dataclasses.asdict(site))


def site_from(data: dict) -> Site:
    data = dict(data)
    data["authors"] = [Author(**author) for author in data.get("authors", [])]
    data["categories"] = [Term(**term) for term in data.get("categories", [])]
    data["tags"] = [Term(**term) for term in data.get("tags", [])]
    return Site(**data)


#: Sites decoded by this process, by job (a task per post would otherwise decode it each time).
_SITES: dict[int, Site] = {}


def job_site(job: ImportJob) -> Site:
    site = _SITES.get(job.pk)
    if site is None:
        if len(_SITES) > 20:
            _SITES.clear()
        site = _SITES[job.pk] = site_from(job.settings.get("site") or {})
    return site


def job_timezone(job: ImportJob) -> datetime.tzinfo:
    name = job.settings.get("timezone") or getattr(settings, "TIME_ZONE", None) or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


# -- reading the export into rows ----------------------------------------------------------------


def post_label(item: Item) -> str:
    title = one_line(item.title) or "(no title)"
    return f"{item.post_type} {item.post_id}: {title}"[:1000]


def split_export(job: ImportJob, path: str | Path) -> int:
    """Read the export at ``path`` into the job's rows; returns how many posts it holds.

    Two streaming passes, as :class:`WordPressImport` makes: the attachments first (for
    featured images), then the posts. Rows of posts the import never takes (their status)
    are written done, with the reason; other post types are counted in ``job.settings``.
    All in one transaction: a reading stopped half-way (a killed worker) leaves no rows,
    and the resumed preview reads the export again.
    """
    with transaction.atomic():
        return _split_export(job, path)


def _split_export(job: ImportJob, path: str | Path) -> int:
    include_pages = bool(job.settings.get("include_pages"))
    types = post_types(include_pages)
    attachments: dict[int, AttachmentInfo] = {}
    for record in WXRReader(path, post_types={"attachment"}):
        if isinstance(record, Item) and record.post_id is not None and record.attachment_url:
            attachments[record.post_id] = AttachmentInfo(
                record.attachment_url, record.meta.get(ALT_META_KEY, "")
            )
    reader = WXRReader(path, post_types=types)
    site, rows, position = Site(), [], 0
    now = timezone.now()
    for record in reader:
        if isinstance(record, Site):
            site = record
            continue
        position += 1
        reason = skip_reason(record)
        thumbnail = record.thumbnail_id
        payload = {"item": item_data(record), "attachments": {}}
        if thumbnail in attachments:
            payload["attachments"][str(thumbnail)] = list(attachments[thumbnail])
        rows.append(
            ImportJobSource(
                job=job,
                position=position,
                name=post_label(record),
                url=(record.link or "")[:2000],
                data=json.dumps(payload).encode(),
                state=State.DONE if reason else State.PENDING,
                status=SKIPPED if reason else ImportJobSource.WAITING,
                error=reason,
                finished_at=now if reason else None,
            )
        )
        if len(rows) >= BATCH:
            ImportJobSource.objects.bulk_create(rows)
            rows = []
    ImportJobSource.objects.bulk_create(rows)
    other_types = {
        f"post type {kind or '(none)'}": number
        for kind, number in reader.counts.items()
        if kind not in types
    }
    job.settings = {
        **job.settings,
        "split": True,
        "site": site_data(site),
        "counts": dict(reader.counts),
        "other_types": other_types,
        "problem": str(reader.problem) if reader.problem else "",
    }
    job.total = position
    job.save(update_fields=["settings", "total", "updated_at"])
    return position


def create_from_file(
    path: str | Path,
    *,
    parent,
    user=None,
    existing: str = ImportJob.Existing.UPDATE,
    download_images: bool = False,
    include_pages: bool = False,
    timezone_name: str = "",
    uploads_dir: str = "",
) -> ImportJob:
    """A site import of the export at ``path``, read into rows and queued for the workers
    (no preview: what ``import_articles --background`` does). The caller enqueues it."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.WORDPRESS,
            status=ImportJob.Status.QUEUED,
            user=user,
            parent=parent,
            existing=existing,
            download_images=download_images,
            settings={
                "export": Path(path).name,
                "include_pages": include_pages,
                "timezone": timezone_name,
                "uploads_dir": uploads_dir,
            },
        )
        split_export(job, path)
    return job


# -- one row -------------------------------------------------------------------------------------


@dataclasses.dataclass
class Prepared:
    """A post ready to save: its source and options, and its article (or why not)."""

    source: PostSource
    options: object
    article: model.Article | None = None
    error: BaseException | None = None

    def extractor(self) -> model.Article:
        if self.error is not None:
            raise self.error
        return self.article


def prepare(run: WordPressImport, item: Item, export_name: str) -> Prepared:
    """What :meth:`WordPressImport.import_post` does before saving, outside the transaction:
    the post's source, its publication, and its article (the slow part, run in parallel)."""
    site = run.site or Site()
    source = PostSource(export_name, item.post_type, item.post_id, canonical_url(item, site))
    publication, _ = post_publication(item, run.tz, run.now)
    options = dataclasses.replace(
        run.options,
        publish=publication.state in (model.LIVE, model.SCHEDULED),
        publish_if_allowed=True,
    )
    prepared = Prepared(source, options)
    try:
        prepared.article = post_article(
            item,
            site,
            attachments=run.attachments,
            tz=run.tz,
            now=run.now,
            max_bytes=run.limits.max_bytes,
            source=str(source),
        )
    except Exception as error:  # noqa: BLE001 - import_one reports it as the runner does
        prepared.error = error
    return prepared


def _tree_locks_parent() -> bool:
    """Whether django-treebeard's ``add_child`` locks the parent row itself (5.x does:
    ``select_for_update`` on the parent before it reads the last child's path)."""
    import inspect

    from treebeard.mp_tree import MP_AddChildHandler

    try:
        return "select_for_update" in inspect.getsource(MP_AddChildHandler.process)
    except (OSError, TypeError):
        return False


#: Read once: with a treebeard that locks the parent in ``add_child``, the lock is taken
#: there, so the article's work before it (authors, categories, the StreamField) runs in
#: parallel; the slug is checked after it (a taken slug is a conflict the save retries).
TREE_LOCKS_PARENT = _tree_locks_parent()


def lock_parent(options) -> None:
    """Lock the parent page's row until the transaction ends, and re-read its tree fields.

    Pages added under one parent by two workers at once would compute the same tree path
    (and the same free slug); the second waits here for the first to commit instead.
    """
    from wagtail.models import Page

    parent = options.parent
    # The tree's own row (wagtailcore_page), which adding a child updates.
    list(Page.objects.select_for_update(of=("self",)).filter(pk=parent.pk).values_list("pk"))
    parent.refresh_from_db(fields=["path", "depth", "numchild"])


def creates_page(prepared: Prepared) -> bool:
    if prepared.article is None:
        return False
    key = source_key(prepared.article, prepared.source)
    return find_existing(key, article_aliases(prepared.article)) is None


def process(source_id: int, step: str) -> dict:
    """Preview or import one row (the ``process_job_source`` task); safe to run twice."""
    from importers.store.job_runner import JobError, save_options, summarise

    row = (
        ImportJobSource.objects.defer("data")
        .select_related("job", "job__parent", "job__user")
        .filter(pk=source_id)
        .first()
    )
    if row is None:
        return {"source": source_id, "status": "deleted"}
    job = row.job
    if job.status != STEP_STATUS[step]:
        return {"source": source_id, "status": f"job {job.status}"}
    # Only a pending row: a running one is another worker's (or a dead worker's, which
    # resume() puts back to pending first).
    claimed = ImportJobSource.objects.filter(pk=source_id, state=State.PENDING).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        worker=worker_name(),
        started_at=timezone.now(),
    )
    if not claimed:
        return {"source": source_id, "status": "not pending"}
    dry_run = step == PREVIEW
    try:
        data = ImportJobSource.objects.values_list("data", flat=True).get(pk=source_id)
        if data is None:
            raise JobError("the post is no longer stored; start a new import")
        payload = json.loads(bytes(data))
        item = item_from(payload["item"])
        options = save_options(job, need_parent=not dry_run)
        run = WordPressImport(
            job.settings.get("export") or "export.xml",
            options=options,
            dry_run=dry_run,
            include_pages=bool(job.settings.get("include_pages")),
            tz=job_timezone(job),
            limits=options.limits,
            now=timezone.now(),
            site=job_site(job),
            attachments={
                int(key): AttachmentInfo(*value)
                for key, value in payload.get("attachments", {}).items()
            },
        )
        prepared = prepare(run, item, run.path)
        with transaction.atomic():
            # Only this row: the model's ordering (by job) would join and lock the job's
            # row too, and SKIP LOCKED would then skip every other worker's row.
            locked = (
                ImportJobSource.objects.select_for_update(skip_locked=True, of=("self",))
                .defer("data")
                .filter(pk=source_id, state=State.RUNNING)
                .order_by()
                .first()
            )
            if locked is None:
                # Another worker holds the row (a resumed copy of this task) or finished it.
                return {"source": source_id, "status": "taken"}
            if not dry_run and not TREE_LOCKS_PARENT and creates_page(prepared):
                lock_parent(options)
            result = import_one(
                prepared.source,
                dry_run=dry_run,
                options=prepared.options,
                limits=run.limits,
                extractor=prepared.extractor,
            )
            _record(locked, result, run, item, prepared.options, summarise)
    except JobError as error:
        _fail(source_id, str(error))
    except Exception as error:
        logger.exception("site import job %s, source %s failed", job.pk, source_id)
        _fail(source_id, f"unexpected error ({type(error).__name__}); the details are in the log")
    finish_if_complete(job, step)
    return {"source": source_id, "status": "processed"}


def _record(row, result: ImportResult, run, item, options, summarise) -> None:
    dry_run = run.dry_run
    failed = result.status == FAILED
    row.state = State.FAILED if failed else State.DONE
    row.status = ImportJobSource.FAILED if failed else result.status
    row.error = result.error
    row.warnings = list(result.warnings)
    row.finished_at = timezone.now()
    fields = ["state", "status", "error", "warnings", "finished_at"]
    if dry_run:
        row.preview = None
        if result.status == PREVIEWED:
            row.preview = summarise(result)
            row.preview["wordpress"] = run.preview(result, item, options)
        fields.append("preview")
    else:
        row.page_id = result.page.pk if result.page is not None else None
        fields.append("page")
    row.save(update_fields=fields)


def _fail(source_id: int, error: str) -> None:
    ImportJobSource.objects.filter(pk=source_id, state=State.RUNNING).update(
        state=State.FAILED,
        status=ImportJobSource.FAILED,
        error=error,
        finished_at=timezone.now(),
    )


# -- the job -------------------------------------------------------------------------------------


def finish_if_complete(job: ImportJob, step: str) -> bool:
    """Move the job on once no row of the step is left (only one task manages to)."""
    if job.sources.filter(state__in=OPEN).exists():
        return False
    if step == PREVIEW:
        return job.move([ImportJob.Status.PREVIEWING], ImportJob.Status.READY)
    moved = job.move([ImportJob.Status.RUNNING], ImportJob.Status.DONE, finished_at=timezone.now())
    if moved:
        job.sources.update(data=None)
        job.assets.all().delete()
    return moved


def fan_out(job: ImportJob, step: str) -> int:
    """Enqueue one task per row still to do in ``step``; returns how many."""
    from importers.store.tasks import process_job_source

    task = process_job_source.using(
        backend=conf.get("IMPORT_TASK_BACKEND"), queue_name=conf.get("IMPORT_TASK_QUEUE")
    )
    pks = list(
        job.sources.filter(state=State.PENDING).order_by("position").values_list("pk", flat=True)
    )
    for pk in pks:
        task.enqueue(pk, step)
    finish_if_complete(job, step)
    return len(pks)


def start_preview(job: ImportJob) -> None:
    """The preview step of an uploaded export: read it into rows, then one task per post."""
    from importers.store.job_runner import JobError

    if not job.settings.get("split"):
        asset = job.assets.filter(path=EXPORT_ASSET).values_list("data", flat=True).first()
        if asset is None:
            raise JobError("The uploaded export is no longer stored; start a new import.")
        with tempfile.TemporaryDirectory(prefix=f"advice-import-{job.pk}-") as folder:
            path = Path(folder) / EXPORT_ASSET
            path.write_bytes(bytes(asset))
            del asset
            split_export(job, path)
        job.assets.filter(path=EXPORT_ASSET).delete()
        if not job.total:
            raise JobError(_no_posts(job))
    ImportJob.objects.filter(pk=job.pk, started_at__isnull=True).update(started_at=timezone.now())
    fan_out(job, PREVIEW)


def _no_posts(job: ImportJob) -> str:
    problem = job.settings.get("problem")
    if problem:
        return f"No posts could be read: {problem}."
    return "The export holds no posts to import."


def start_import(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now())
    fan_out(job, IMPORT)


def queue_import(job: ImportJob) -> int:
    """Rows of a previewed job to import (called in the confirming transaction)."""
    return job.sources.filter(status=ImportJobSource.PREVIEWED).update(
        state=State.PENDING, attempts=0, worker="", started_at=None, finished_at=None
    )


def resume(job: ImportJob) -> dict:
    """Fill the gap a stopped worker left: its ``running`` rows go back to ``pending`` (or
    fail after :data:`MAX_ATTEMPTS`), and the step's tasks are enqueued again for the rows
    still to do. Rows a live worker is saving are locked and left alone.

    Returns ``{"resumed": rows put back, "failed": rows given up}``.
    """
    from importers.store.tasks import enqueue, preview_import_job, run_import_job

    if job.status not in ImportJob.ACTIVE:
        return {"resumed": 0, "failed": 0}
    with transaction.atomic():
        stale = ImportJobSource.objects.select_for_update(skip_locked=True, of=("self",))
        stale = stale.filter(job=job, state=State.RUNNING).order_by()
        stale_pks = list(stale.values_list("pk", flat=True))
        stale = ImportJobSource.objects.filter(pk__in=stale_pks, state=State.RUNNING)
        given_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
            state=State.FAILED,
            status=ImportJobSource.FAILED,
            error=(
                f"its import was started {MAX_ATTEMPTS} times and never finished "
                "(the worker was stopped or crashed)"
            ),
            finished_at=timezone.now(),
        )
        resumed = stale.update(state=State.PENDING)
        if job.status == ImportJob.Status.PREVIEWING:
            enqueue(preview_import_job, job)
        else:
            enqueue(run_import_job, job)
    return {"resumed": resumed, "failed": given_up}


def progress(job: ImportJob) -> dict:
    """Done, failed, running and remaining rows of the current step, and its rate."""
    states = dict(job.sources.values_list("state").annotate(n=Count("pk")).order_by())
    done, failed = states.get(State.DONE, 0), states.get(State.FAILED, 0)
    running, pending = states.get(State.RUNNING, 0), states.get(State.PENDING, 0)
    rate = None
    if job.started_at is not None:
        worked = job.sources.filter(
            Q(state__in=[State.DONE, State.FAILED]), finished_at__gte=job.started_at
        ).aggregate(n=Count("pk"), last=Max("finished_at"))
        end = timezone.now() if job.is_active else (worked["last"] or job.started_at)
        minutes = (end - job.started_at).total_seconds() / 60
        if worked["n"] and minutes > 0:
            rate = round(worked["n"] / minutes, 1)
    return {
        "done": done,
        "failed": failed,
        "running": running,
        "remaining": pending + running,
        "rate_per_minute": rate,
    }
