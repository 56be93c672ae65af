"""The two steps of an import job: the dry-run preview, then the import.

Both go through the same code as ``manage.py import_articles`` (:func:`runner.import_one`),
one source at a time, and record each source's outcome and the job's progress in the
database as they go, so the screen can show progress whichever process does the work.
Uploaded documents and the images beside them are written to a temporary folder for the
length of a step: the importer reads HTML from there and turns local images next to it
into Wagtail images, exactly as it does for files on disk.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from importers.sources.documents import Source
from importers.store import report
from importers.store.jobs import ImportJob, ImportJobSource
from importers.store.runner import FAILED, ImportResult, import_one, limits_from_settings
from importers.store.save import SaveOptions, find_existing
from importers.store.streamfield import article_stream_block

logger = logging.getLogger(__name__)

#: Re-imports of uploaded files are matched on this plus the name in the upload (a file URL,
#: like the keys of articles imported from disk by the command).
UPLOAD_KEY_PREFIX = "file:///uploaded/"
#: Characters of a heading, question or quote shown in a preview's outline.
OUTLINE_TEXT_CHARS = 90


#: Outline names for block types whose label in the editor reads oddly on its own.
OUTLINE_LABELS = {"faq": _("FAQ"), "author_bio": _("Author box")}


class JobError(Exception):
    """A job cannot go on; ``str(error)`` is shown on the job's page."""


@dataclass(frozen=True)
class UploadedSource(Source):
    """An uploaded document, read from the job's working folder.

    Its name is the one in the upload (``why.html``, ``export.zip/a/why.html``), and a
    re-import of a page with no canonical URL is matched on that name, as the working
    folder's path changes with every job: the key is ``file:///uploaded/<name>``.
    """

    name: str = ""

    @property
    def key(self) -> str:
        return UPLOAD_KEY_PREFIX + quote(self.name)

    def __str__(self) -> str:
        return self.name


def write_file(root: Path, relative: str, data) -> Path:
    target = (root / relative).resolve()
    if root not in target.parents:  # uploads.py refuses such paths; this is a second lock
        raise JobError(f"{relative!r} is outside the import's folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(data))
    except OSError as error:
        # str(error) names the temporary folder on the server; the user needs only the name
        # from their upload.
        logger.warning("import job file %s not written: %s", relative, error)
        raise JobError(f"{relative}: could not be written ({error.strerror})") from None
    return target


@contextmanager
def working_folder(job: ImportJob) -> Iterator[Path]:
    """A temporary folder holding the job's images (documents are added one by one)."""
    with tempfile.TemporaryDirectory(prefix=f"advice-import-{job.pk}-") as folder:
        root = Path(folder).resolve()
        for pk in job.assets.values_list("pk", flat=True):
            path, data = job.assets.values_list("path", "data").get(pk=pk)
            write_file(root, path, data)
        yield root


def source_for(row: ImportJobSource, root: Path) -> Source:
    if row.url:
        return Source(row.url, is_url=True)
    data = ImportJobSource.objects.values_list("data", flat=True).get(pk=row.pk)
    if data is None:
        raise JobError(f"{row.name}: the uploaded file is no longer stored")
    return UploadedSource(str(write_file(root, row.path, data)), name=row.name)


def save_options(job: ImportJob, *, need_parent: bool) -> SaveOptions:
    parent = job.parent.specific if job.parent_id else None
    if parent is None and need_parent:
        raise JobError("The parent page has been deleted; start a new import.")
    return SaveOptions(
        parent=parent,
        publish=job.publish,
        existing="skip" if job.existing == ImportJob.Existing.SKIP else "update",
        overwrite_edits=job.existing == ImportJob.Existing.OVERWRITE,
        download_images=job.download_images,
        limits=limits_from_settings(),
        user=job.user,
        # A site import queued from the command line with --wordpress-uploads.
        uploads_dir=Path(job.settings["uploads_dir"]) if job.settings.get("uploads_dir") else None,
    )


def _clip(text: str) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).chars(OUTLINE_TEXT_CHARS)


def block_outline(body: list[dict], author_name: str = "") -> list[dict]:
    """The blocks an import would create, as the editor will see them in the page editor.

    Runs of paragraphs are folded into one entry; reasons and questions are listed.
    """
    children = article_stream_block().child_blocks
    labels = {name: str(block.label) for name, block in children.items()}
    labels.update({name: str(label) for name, label in OUTLINE_LABELS.items()})
    outline: list[dict] = []
    for block in body:
        kind, value = block["type"], block["value"]
        entry = {"type": kind, "label": labels.get(kind, kind), "text": "", "items": []}
        if kind == "paragraph":
            if outline and outline[-1]["type"] == "paragraph":
                outline[-1]["count"] += 1
                continue
            entry["count"] = 1
        elif kind == "heading":
            entry["text"] = _clip(value["text"])
        elif kind == "listicle":
            entry["text"] = _clip(value["heading"])
            entry["items"] = [_clip(item["heading"]) for item in value["items"]]
        elif kind == "faq":
            entry["text"] = _clip(value["heading"])
            entry["items"] = [_clip(item["question"]) for item in value["items"]]
        elif kind == "image":
            entry["text"] = _clip(value.get("alt_text") or value.get("caption") or "")
        elif kind == "quote":
            entry["text"] = _clip(value["text"])
        elif kind == "embed":
            entry["text"] = _clip(value)
        elif kind == "author_bio":
            entry["text"] = _clip(author_name)
        outline.append(entry)
    return outline


def summarise(result: ImportResult) -> dict:
    """What the preview shows for one article read in a dry run."""
    data = report.article_data(result)
    shape = report.outline(data["body"])
    author = data["author"]["name"] if data["author"] else ""
    existing = find_existing(result.built.key)
    return {
        "title": data["title"],
        "slug": data["slug"],
        "canonical_url": data["canonical_url"],
        "author": author,
        "published": data["published"],
        "updated": data["updated"],
        "reasons": shape["reasons"],
        "questions": shape["questions"],
        "comments": report.count_comments_data(data["comments"]),
        "outline": block_outline(data["body"], author),
        "existing": {"id": existing.pk, "title": existing.title} if existing else None,
    }


def _pending(job: ImportJob, status: str) -> list[int]:
    # Primary keys first: the rows are updated while the step goes through them.
    return list(
        job.sources.filter(status=status).order_by("position").values_list("pk", flat=True)
    )


def _step(job: ImportJob, work, *, final: ImportJob.Status | None) -> dict:
    """Run ``work``; on an error the job is marked failed (and unexpected ones re-raised).

    With ``final`` the job moves to it after ``work``; ``None`` leaves that to the tasks
    ``work`` enqueued (a site import's step ends with its last post).
    """
    try:
        work()
    except JobError as error:
        job.move(
            ImportJob.ACTIVE,
            ImportJob.Status.FAILED,
            error=str(error),
            finished_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        # The message may hold server paths or internals: the log has it, the screen not.
        job.move(
            ImportJob.ACTIVE,
            ImportJob.Status.FAILED,
            error=f"Unexpected error ({type(error).__name__}); the details are in the server log.",
            finished_at=timezone.now(),
        )
        raise
    else:
        if final is not None:
            fields = {"finished_at": timezone.now()} if final == ImportJob.Status.DONE else {}
            job.move(ImportJob.ACTIVE, final, **fields)
    return status_data(job)


def preview(job_id: int) -> dict:
    """Read every source of the job in a dry run and keep a summary of each."""
    job = ImportJob.objects.select_related("parent", "user").filter(pk=job_id).first()
    if job is None:
        return {"id": job_id, "status": "deleted"}
    if job.status != ImportJob.Status.PREVIEWING:
        return status_data(job)
    if job.kind == ImportJob.Kind.WORDPRESS:
        from importers.store import site_jobs

        return _step(job, lambda: site_jobs.start_preview(job), final=None)

    def work():
        options = save_options(job, need_parent=False)
        with working_folder(job) as root:
            for pk in _pending(job, ImportJobSource.WAITING):
                row = ImportJobSource.objects.defer("data").get(pk=pk)
                try:
                    result = import_one(
                        source_for(row, root), dry_run=True, options=options, limits=options.limits
                    )
                except JobError as error:
                    result = ImportResult(row.name, FAILED, error=str(error))
                if result.status == FAILED:
                    row.status, row.error = ImportJobSource.FAILED, result.error
                else:
                    row.status, row.preview = ImportJobSource.PREVIEWED, summarise(result)
                    row.warnings = list(result.warnings)
                row.save(update_fields=["status", "error", "preview", "warnings"])
                job.advance(failed=result.status == FAILED)

    return _step(job, work, final=ImportJob.Status.READY)


def run(job_id: int) -> dict:
    """Import the job's previewed sources through the normal save path, one by one.

    A job interrupted half-way (a worker killed) can be run again: sources already imported
    are not imported twice.
    """
    job = ImportJob.objects.select_related("parent", "user").filter(pk=job_id).first()
    if job is None:
        return {"id": job_id, "status": "deleted"}
    statuses = [ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    if not job.move(statuses, ImportJob.Status.RUNNING):
        return status_data(job)
    if job.kind == ImportJob.Kind.WORDPRESS:
        from importers.store import site_jobs

        def fan_out():
            save_options(job, need_parent=True)  # a deleted parent fails the job here
            site_jobs.start_import(job)

        return _step(job, fan_out, final=None)

    def work():
        options = save_options(job, need_parent=True)
        with working_folder(job) as root:
            for pk in _pending(job, ImportJobSource.PREVIEWED):
                row = ImportJobSource.objects.defer("data").get(pk=pk)
                try:
                    source = source_for(row, root)
                except JobError as error:
                    result = ImportResult(row.name, FAILED, error=str(error))
                else:
                    result = import_one(
                        source, dry_run=False, options=options, limits=options.limits
                    )
                row.status, row.error = result.status, result.error
                row.page_id = result.page.pk if result.page is not None else None
                row.warnings = list(result.warnings)
                row.save(update_fields=["status", "error", "page", "warnings"])
                job.advance(failed=result.status == FAILED)
        # The uploaded bytes are no longer needed once every source is in.
        job.sources.update(data=None)
        job.assets.all().delete()

    return _step(job, work, final=ImportJob.Status.DONE)


def status_data(job: ImportJob) -> dict:
    """The job's progress as JSON-ready data (the status view and the tasks' return value)."""
    job.refresh_from_db()
    data = {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "processed": job.processed,
        "total": job.total,
        "failed": job.failed,
        "active": job.is_active,
        "finished": job.is_finished,
        "error": job.error,
    }
    if job.kind == ImportJob.Kind.WORDPRESS:
        from importers.store import site_jobs

        counts = site_jobs.progress(job)
        data.update(counts)
        data["processed"] = counts["done"] + counts["failed"]
        data["failed"] = counts["failed"]
    else:
        data.update(
            done=job.processed - job.failed,
            running=0,
            remaining=max(job.total - job.processed, 0),
            rate_per_minute=None,
        )
    return data
