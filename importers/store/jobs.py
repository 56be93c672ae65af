"""Import jobs of the admin's import screen: what was uploaded, the preview, the progress.

Everything a job needs lives in the database (the uploaded bytes too), so the preview and
the import can run in a background worker on another machine than the one that took the
upload. A job goes: reading (the dry-run preview) → ready → queued → importing → done.

Uploaded bytes are stored compressed (:class:`CompressedBinaryField`): a zip of saved web
pages can unzip to a thousand times its size, and storing it unzipped made a 41 KB upload
cost 42 MB of database. Compressed, a job costs about what its upload did.
"""

import zlib

from django.conf import settings
from django.db import models
from django.db.models import F, Sum
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advice_blocks.compat import get_base_page_model_name

#: Opens every value written by :class:`CompressedBinaryField`. Rows written before the
#: field compressed hold the raw upload; no HTML document or image starts with a NUL then
#: "advz", so those read back unchanged.
STORED_MAGIC = b"\x00advz"
ZLIB, RAW = b"z", b"-"
#: zlib's default trade-off: level 9 is several times slower for a few percent on HTML.
COMPRESS_LEVEL = 6


class StoredBytes(bytes):
    """Bytes already in their stored form (:func:`encode_stored`): written as they are.

    The import form encodes an upload once, to charge the user for what it will really
    store, and hands these to the model so that saving does not compress it again.
    """


def encode_stored(data) -> StoredBytes:
    """``data`` compressed with a header, or kept raw behind it if it does not shrink."""
    data = bytes(data)
    packed = zlib.compress(data, COMPRESS_LEVEL)
    if len(packed) < len(data):
        return StoredBytes(STORED_MAGIC + ZLIB + packed)
    return StoredBytes(STORED_MAGIC + RAW + data)


def decode_stored(value) -> bytes:
    """The original bytes of a stored value (legacy raw rows pass through)."""
    value = bytes(value)
    if not value.startswith(STORED_MAGIC):
        return value
    body = value[len(STORED_MAGIC) + 1 :]
    method = value[len(STORED_MAGIC) : len(STORED_MAGIC) + 1]
    return zlib.decompress(body) if method == ZLIB else body


class CompressedBinaryField(models.BinaryField):
    """A ``BinaryField`` stored compressed; reads (``values_list`` included) decompress.

    The job runner reads and writes ``data`` as plain bytes and never sees the difference.
    """

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not isinstance(value, StoredBytes):
            value = encode_stored(value)
        return super().get_db_prep_value(value, connection, prepared)

    def from_db_value(self, value, expression, connection):
        return None if value is None else decode_stored(value)


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        #: Uploaded HTML documents (and images) or URLs, run one by one in one task a step.
        DOCUMENTS = "documents", _("Documents")
        #: A WordPress export: one source row per post, one task per post (``site_jobs``).
        WORDPRESS = "wordpress", _("WordPress export")

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Reading")
        READY = "ready", _("Ready to import")
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Existing(models.TextChoices):
        UPDATE = "update", _("Update them with a new revision, unless editors changed them")
        OVERWRITE = "overwrite", _("Update them, replacing editors' changes")
        SKIP = "skip", _("Leave them untouched")

    #: Statuses in which a background task is working (or about to) on the job.
    ACTIVE = (Status.PREVIEWING, Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DOCUMENTS)
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
    #: A site import's settings and what its export said: the export's name, pages too,
    #: the site's timezone, the site (authors, terms), items by post type, a read problem.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    #: When the current step's workers started (the rate is counted from it).
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
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
    """One article to import: an uploaded HTML document, a URL or a post of a WordPress
    export, with its outcome.

    ``status`` is the outcome (previewed, created, updated…, failed); ``state`` is where a
    site import's task for it stands in the current step (pending, running, done, failed),
    with how many times a worker took it up (``attempts``) and which one (``worker``).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

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
    data = CompressedBinaryField(_("content"), null=True, blank=True)
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
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        indexes = [models.Index(fields=["job", "state"], name="advice_importers_src_state")]
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
    data = CompressedBinaryField(_("content"))

    class Meta:
        verbose_name = _("import job file")
        verbose_name_plural = _("import job files")

    def __str__(self):
        return self.path


def stored_bytes(jobs) -> int:
    """Bytes of uploaded files the ``jobs`` queryset still keeps, as stored (compressed)."""
    total = 0
    for model in (ImportJobSource, ImportJobAsset):
        rows = model.objects.filter(job__in=jobs, data__isnull=False)
        total += rows.aggregate(size=Sum(Length("data")))["size"] or 0
    return total
