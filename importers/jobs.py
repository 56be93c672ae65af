"""Import jobs of the admin's import screen: what was uploaded, the preview, the progress.

Everything a job needs lives in the database (the uploaded bytes too), so the preview and
the import can run in a background worker on another machine than the one that took the
upload. A job goes: reading (the dry-run preview) → ready → queued → importing → done.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advice_blocks.compat import get_base_page_model_name


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Reading")
        READY = "ready", _("Ready to import")
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Existing(models.TextChoices):
        UPDATE = "update", _("Update them with a new revision")
        SKIP = "skip", _("Leave them untouched")

    #: Statuses in which a background task is working (or about to) on the job.
    ACTIVE = (Status.PREVIEWING, Status.QUEUED, Status.RUNNING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent = models.ForeignKey(
        get_base_page_model_name(),
        verbose_name=_("parent page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish = models.BooleanField(_("publish"), default=False)
    existing = models.CharField(
        _("pages imported before"), max_length=10, choices=Existing.choices, default="update"
    )
    download_images = models.BooleanField(_("download remote images"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PREVIEWING,
        db_index=True,
    )
    #: Sources the current step (preview or import) works through, and how far it is.
    total = models.PositiveIntegerField(_("total"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    #: Files in the upload that were neither HTML nor images, left out.
    ignored = models.JSONField(_("ignored files"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"Import #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def advance(self, *, failed: bool) -> None:
        """Count one more source as processed, in the database (safe from any process)."""
        ImportJob.objects.filter(pk=self.pk).update(
            processed=F("processed") + 1,
            failed=F("failed") + int(failed),
            updated_at=timezone.now(),
        )

    def move(self, source_statuses, status, **fields) -> bool:
        """Change the status if it is one of ``source_statuses``; False if another did."""
        fields.setdefault("updated_at", timezone.now())
        moved = ImportJob.objects.filter(pk=self.pk, status__in=source_statuses).update(
            status=status, **fields
        )
        if moved:
            self.refresh_from_db()
        return bool(moved)


class ImportJobSource(models.Model):
    """One article to import: an uploaded HTML document or a URL, with its outcome."""

    #: ``status`` while the source waits for its preview.
    WAITING = ""
    #: ``status`` after a successful preview, until it is imported.
    PREVIEWED = "previewed"
    FAILED = "failed"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=1000)
    url = models.CharField(_("URL"), max_length=2000, blank=True)
    #: Where the document goes in the job's working folder (blank for a URL).
    path = models.CharField(_("path"), max_length=1000, blank=True)
    data = models.BinaryField(_("content"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, blank=True, default=WAITING)
    #: The dry run's summary (title, author, counts, outline); null until previewed or when
    #: the preview failed, in which case the source is not imported.
    preview = models.JSONField(_("preview"), null=True, blank=True)
    page = models.ForeignKey(
        get_base_page_model_name(),
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["job", "position"]
        verbose_name = _("import job source")
        verbose_name_plural = _("import job sources")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"], name="advice_importers_job_source_position"
            )
        ]

    def __str__(self):
        return self.name


class ImportJobAsset(models.Model):
    """A file that came with the documents (an image next to the HTML), kept for the import."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="assets")
    path = models.CharField(_("path"), max_length=1000)
    data = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("import job file")
        verbose_name_plural = _("import job files")

    def __str__(self):
        return self.path
