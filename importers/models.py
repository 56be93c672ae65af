"""The import history: one record per source each time it is imported."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advice_blocks.compat import get_base_page_model_name


class ImportRecord(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        SKIPPED = "skipped", _("Skipped")
        CONFLICT = "conflict", _("Conflict: edited since the last import")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=1000)
    key = models.CharField(
        _("key"),
        max_length=1000,
        db_index=True,
        blank=True,
        help_text=_("The canonical URL (or file URL) re-imports are matched on."),
    )
    checksum = models.CharField(_("checksum"), max_length=64, blank=True)
    page = models.ForeignKey(
        get_base_page_model_name(),
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The revision this import wrote; a later revision means editors changed the page."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import record")
        verbose_name_plural = _("import history")
        permissions = [("import_articles", _("Can import articles"))]

    def __str__(self):
        return f"{self.get_status_display()}: {self.source}"


class SourceAlias(models.Model):
    """Another key that finds an imported page again: a WordPress post's id on its site
    (``wordpress:<blog URL>#<post id>``) or its GUID (``guid:<GUID>``).

    Re-imports look pages up by canonical URL first (``source_url``); when a permalink
    changed between two exports, the alias still leads to the page, so it is updated
    instead of duplicated.
    """

    key = models.CharField(_("key"), max_length=1000, unique=True)
    page = models.ForeignKey(
        get_base_page_model_name(),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("source alias")
        verbose_name_plural = _("source aliases")

    def __str__(self):
        return self.key


# The import screen's jobs live in their own module; Django finds models through this one.
from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource  # noqa: E402

__all__ = ["ImportJob", "ImportJobAsset", "ImportJobSource", "ImportRecord", "SourceAlias"]
