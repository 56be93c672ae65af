"""The "Import articles" admin screen: upload or paste URLs → preview → confirm → progress.

Only users with the ``advice_importers.import_articles`` permission get in (others get a 403;
anonymous users are sent to the admin login by Wagtail). Uploads are capped while they
arrive (an upload handler stops reading past the size limit) and checked again by the form.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from importers.admin.forms import ImportForm, size_text, upload_limits
from importers.sources.uploads import UploadLimits, kind_of
from importers.store import site_jobs
from importers.store.job_runner import status_data
from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource
from importers.store.tasks import enqueue, preview_import_job, run_import_job

PERMISSION = "advice_importers.import_articles"
#: Articles per page of a job's preview and results.
PER_PAGE = 50
#: Up to this many articles on a page, their outlines are shown open.
OPEN_OUTLINES = 3
#: A site import none of whose articles finished for this long is offered a "Resume".
STALLED_SECONDS = 120

SOURCE_STATUS_LABELS = {
    ImportJobSource.WAITING: gettext_lazy("Waiting"),
    ImportJobSource.PREVIEWED: gettext_lazy("Ready to import"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "unchanged": gettext_lazy("Unchanged"),
    "skipped": gettext_lazy("Skipped"),
    "conflict": gettext_lazy("Conflict: edited since the last import"),
    ImportJobSource.FAILED: gettext_lazy("Failed"),
}


class CappedUploadHandler(FileUploadHandler):
    """Stops reading an upload once its files pass ``limits.max_upload_bytes``, or one HTML
    file or image passes its own limit, instead of storing it all first.

    The rest of the request body is read and thrown away, so the browser gets the form back
    with an error (``self.error``) rather than a reset connection.
    """

    def __init__(self, request, limits: UploadLimits):
        super().__init__(request)
        self.limits = limits
        self.received = 0
        self.file_received = 0
        self.file_limit: int | None = None
        self.error = ""

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.file_received = 0
        self.file_limit = self.limits.file_limit(file_name)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.file_received += len(raw_data)
        if self.received > self.limits.max_upload_bytes:
            self.error = _("The upload is over the %(size)s limit for one import.") % {
                "size": size_text(self.limits.max_upload_bytes)
            }
            raise StopUpload(connection_reset=False)
        if self.file_limit is not None and self.file_received > self.file_limit:
            if kind_of(self.file_name) == "image":
                message = _("%(name)s is larger than %(limit)s bytes, the limit for one image.")
            else:
                message = _(
                    "%(name)s is larger than %(limit)s bytes, the limit for one HTML document."
                )
            self.error = message % {"name": self.file_name, "limit": f"{self.file_limit:,}"}
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportPermissionMixin:
    """A 403 page for users without the import permission.

    Wagtail's admin turns a raised ``PermissionDenied`` into a redirect to the dashboard;
    this screen answers 403 instead, saying which permission is missing, so that scripts
    and editors alike can tell "not allowed" from "moved".
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


def forbidden(request):
    if request.headers.get("accept", "").startswith("application/json"):
        return JsonResponse({"error": "permission denied"}, status=403)
    context = {
        "page_title": _("Import articles"),
        "header_title": _("Import articles"),
        "header_icon": "upload",
    }
    return TemplateResponse(request, "advice_importers/forbidden.html", context, status=403)


def job_url(job) -> str:
    return reverse("advice_importers:job", args=[job.pk])


# Exempt at the middleware, protected in ``dispatch``: the upload handler must be installed
# before anything reads the request body, and the CSRF middleware reads it to find the token.
@method_decorator(csrf_exempt, name="dispatch")
class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "advice_importers/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import articles")
    header_icon = "upload"
    upload_handler = None

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.user.has_perm(PERMISSION):
            self.upload_handler = CappedUploadHandler(request, upload_limits())
            request.upload_handlers.insert(0, self.upload_handler)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["upload_error"] = self.upload_handler.error if self.upload_handler else ""
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] = context["form"].media
        context["recent_jobs"] = ImportJob.objects.filter(user=self.request.user)[:10]
        return context

    def form_valid(self, form):
        if form.wordpress_export is not None:
            return self.export_valid(form)
        data = form.cleaned_data
        with transaction.atomic():
            job = ImportJob.objects.create(
                user=self.request.user,
                parent=data["parent"],
                publish=data["publish"] == "publish",
                existing=data["existing"],
                download_images=data["download_images"],
                total=form.source_count,
                ignored=form.unpacked.ignored[:200],
            )
            position = 0
            # Documents first, in upload order: their positions are the preview's order.
            for file, stored in form.stored:
                if file.is_document:
                    position += 1
                    ImportJobSource.objects.create(
                        job=job, position=position, name=file.name, path=file.path, data=stored
                    )
            for url in form.url_list:
                position += 1
                ImportJobSource.objects.create(job=job, position=position, name=url, url=url)
            for file, stored in form.stored:
                if not file.is_document:
                    ImportJobAsset.objects.create(job=job, path=file.path, data=stored)
            enqueue(preview_import_job, job)
        return redirect(job_url(job))

    def export_valid(self, form):
        """A WordPress export: stored whole; the preview task reads it into one row per post."""
        data = form.cleaned_data
        name, stored = form.wordpress_export
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=ImportJob.Kind.WORDPRESS,
                user=self.request.user,
                parent=data["parent"],
                # Each post's status decides; the choice only says what the editor asked.
                publish=data["publish"] == "publish",
                existing=data["existing"],
                download_images=data["download_images"],
                settings={
                    "export": name,
                    "include_pages": data["include_pages"],
                    "timezone": getattr(settings, "TIME_ZONE", "") or "UTC",
                },
            )
            ImportJobAsset.objects.create(job=job, path=site_jobs.EXPORT_ASSET, data=stored)
            enqueue(preview_import_job, job)
        return redirect(job_url(job))


class JobMixin(ImportPermissionMixin):
    def get_job(self) -> ImportJob:
        job = get_object_or_404(
            ImportJob.objects.select_related("parent", "user"), pk=self.kwargs["pk"]
        )
        user = self.request.user
        if not (user.is_superuser or job.user_id == user.pk):
            raise Http404
        return job


class JobView(JobMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "advice_importers/job.html"
    page_title = gettext_lazy("Import articles")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(PERMISSION):
            self.job = self.get_job()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("Import #%(number)s") % {"number": self.job.pk}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("advice_importers:import"), "label": self.get_page_title()},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        sources = job.sources.defer("data").select_related("page").order_by("position")
        paginator = Paginator(sources, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        counts = {}
        for status in job.sources.values_list("status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        progress = status_data(job) if job.kind == ImportJob.Kind.WORDPRESS else None
        context.update(
            job=job,
            progress=progress,
            stalled=progress is not None and self.stalled(progress),
            other_types=sorted(job.settings.get("other_types", {}).items()),
            page_obj=page,
            rows=[self.row(source) for source in page.object_list],
            counts=counts,
            importable=counts.get(ImportJobSource.PREVIEWED, 0),
            result_counts=self.result_counts(counts),
            open_outlines=len(page.object_list) <= OPEN_OUTLINES,
            status_url=reverse("advice_importers:job_status", args=[job.pk]),
            import_url=reverse("advice_importers:import"),
            percent=round(100 * job.processed / job.total) if job.total else 0,
        )
        return context

    def stalled(self, progress: dict) -> bool:
        """A site import with rows left but none finished for a while: a worker may have
        stopped half-way, and the editor is offered to resume it."""
        if not progress["active"] or not progress["remaining"]:
            return False
        since = timezone.now() - datetime.timedelta(seconds=STALLED_SECONDS)
        job = self.job
        if job.updated_at > since or (job.started_at and job.started_at > since):
            return False
        return not job.sources.filter(finished_at__gt=since).exists()

    def result_counts(self, counts: dict) -> list[tuple[str, int]]:
        """``(label, count)`` of a finished import's outcomes, failures last."""
        not_read = self.job.sources.filter(
            status=ImportJobSource.FAILED, preview__isnull=True
        ).count()
        failed = counts.get(ImportJobSource.FAILED, 0) - not_read
        shown = [
            (SOURCE_STATUS_LABELS[status], counts.get(status, 0))
            for status in ("created", "updated", "unchanged", "skipped", "conflict")
        ]
        shown += [(_("Failed"), failed), (_("Could not be read"), not_read)]
        return [(label, count) for label, count in shown if count]

    def row(self, source: ImportJobSource) -> dict:
        page = source.page
        return {
            "source": source,
            "preview": source.preview or {},
            "status_label": SOURCE_STATUS_LABELS.get(source.status, source.status),
            "page": page,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else "",
            "not_imported": source.preview is None,
        }

    def post(self, request, *args, **kwargs):
        job = self.job
        action = request.POST.get("action")
        if action == "import":
            importable = job.sources.filter(status=ImportJobSource.PREVIEWED).count()
            with transaction.atomic():
                queued = importable and job.move(
                    [ImportJob.Status.READY],
                    ImportJob.Status.QUEUED,
                    total=importable if job.kind == ImportJob.Kind.DOCUMENTS else job.total,
                    processed=0,
                    failed=0,
                )
                if queued:
                    if job.kind == ImportJob.Kind.WORDPRESS:
                        site_jobs.queue_import(job)
                    enqueue(run_import_job, job)
            if not queued:
                messages.error(request, _("This import cannot be started (again)."))
        elif action == "resume" and job.kind == ImportJob.Kind.WORDPRESS:
            if job.is_active:
                result = site_jobs.resume(job)
                messages.success(
                    request,
                    _("The import goes on: %(count)s articles were put back in the queue.")
                    % {"count": result["resumed"]},
                )
            else:
                messages.error(request, _("Only a running import can be resumed."))
        elif action == "discard":
            if job.is_active:
                messages.error(request, _("An import that is running cannot be discarded."))
            else:
                job.delete()
                messages.success(request, _("The import was discarded."))
                return redirect("advice_importers:import")
        return redirect(job_url(job))


class JobStatusView(JobMixin, View):
    """The job's progress as JSON, polled by the job's page."""

    def get(self, request, *args, **kwargs):
        return JsonResponse(status_data(self.get_job()))
