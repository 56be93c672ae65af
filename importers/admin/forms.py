"""The import screen's form: files or URLs, the parent page, draft or publish."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Site

from advice_blocks import conf
from advice_blocks.compat import get_base_page_model
from advice_blocks.models import AdviceArticlePage, AdviceIndexPage
from importers.sources.documents import is_url
from importers.sources.uploads import (
    NOISE,
    ZIP_ERRORS,
    Unpacked,
    UnpackedFile,
    UploadError,
    UploadLimits,
    kind_of,
    unpack,
)
from importers.store.jobs import ImportJob, StoredBytes, encode_stored, stored_bytes

#: A WordPress export (WXR), uploaded as it is or alone in a .zip.
EXPORT_SUFFIX = ".xml"
#: A WXR names its namespace in the root element, within the first few kilobytes.
EXPORT_SNIFF_BYTES = 64 * 1024
EXPORT_MARKER = b"wordpress.org/export/"

PUBLISH_CHOICES = [
    ("draft", _("Save as drafts")),
    ("publish", _("Publish")),
]


def upload_limits() -> UploadLimits:
    return UploadLimits(
        max_upload_bytes=int(conf.get("IMPORT_MAX_UPLOAD_BYTES")),
        max_files=int(conf.get("IMPORT_MAX_FILES")),
        max_zip_entries=int(conf.get("IMPORT_MAX_ZIP_ENTRIES")),
        max_uncompressed_bytes=int(conf.get("IMPORT_MAX_UNCOMPRESSED_BYTES")),
        max_document_bytes=int(conf.get("MAX_DOCUMENT_BYTES")),
        max_image_bytes=int(conf.get("MAX_IMAGE_BYTES")),
    )


def size_text(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes any number of files and cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = []
        for item in files:
            cleaned.append(super().clean(item, initial))
        return cleaned


def is_export_name(name: str) -> bool:
    return PurePosixPath(name.lower()).suffix == EXPORT_SUFFIX


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("HTML files, .zip archives or a WordPress export"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": ".html,.htm,.xhtml,.zip,.xml,.png,.jpg,.jpeg,.gif,.webp,.avif"}
        ),
    )
    urls = forms.CharField(
        label=_("Or web addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://example.com/article/"}),
        help_text=_("One http(s) address per line."),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent page"),
        queryset=None,
        help_text=_("The imported articles become children of this page."),
    )
    publish = forms.ChoiceField(
        label=_("Status"), choices=PUBLISH_CHOICES, initial="draft", widget=forms.RadioSelect
    )
    existing = forms.ChoiceField(
        label=_("Articles imported before"),
        choices=ImportJob.Existing.choices,
        initial=ImportJob.Existing.UPDATE,
        widget=forms.RadioSelect,
        help_text=_(
            "An article is recognised by its canonical URL, else by its file name or URL."
        ),
    )
    download_images = forms.BooleanField(
        label=_("Download images from other sites"),
        required=False,
        help_text=_("Images next to the HTML files are always imported."),
    )
    include_pages = forms.BooleanField(
        label=_("WordPress export: import its pages too"),
        required=False,
        help_text=_("Posts are always imported; pages only when this is ticked."),
    )

    def __init__(self, *args, user, upload_error="", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        #: Why the upload was stopped while it arrived (see ``admin_views``), if it was.
        self.upload_error = upload_error
        self.unpacked = Unpacked()
        #: Every file of the upload with its bytes as they will be stored, once cleaned.
        self.stored: list[tuple[UnpackedFile, StoredBytes]] = []
        self.url_list: list[str] = []
        #: ``(name, stored bytes)`` of an uploaded WordPress export, once cleaned.
        self.wordpress_export: tuple[str, StoredBytes] | None = None
        self._export_file = None
        limits = upload_limits()
        self.fields["files"].help_text = _(
            "Articles saved as HTML, with their images next to them, or .zip archives of "
            "them: up to %(files)s files and %(size)s in one import. Or a WordPress export "
            "(Tools › Export, an .xml file, on its own): each post's status decides "
            "whether its page is published."
        ) % {"files": limits.max_files, "size": size_text(limits.max_upload_bytes)}
        page_model = get_base_page_model()
        self.fields["parent"].queryset = page_model.objects.all()
        self.fields["parent"].widget = AdminPageChooser(
            target_models=AdviceArticlePage.allowed_parent_page_models(),
            user_perms="add_subpage",
        )
        if not self.is_bound:
            self.fields["parent"].initial = self.default_parent()

    def default_parent(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return None
        if AdviceArticlePage.can_create_at(site.root_page.specific):
            return site.root_page.pk
        # The site's only advice index, where articles live by default.
        indexes = list(
            AdviceIndexPage.objects.descendant_of(site.root_page).values_list("pk", flat=True)[:2]
        )
        return indexes[0] if len(indexes) == 1 else None

    def clean_urls(self):
        urls, seen = [], set()
        lines = self.cleaned_data["urls"].splitlines()
        for number, line in enumerate(lines, start=1):
            url = line.strip()
            if not url or url in seen:
                continue
            if not is_url(url):
                raise ValidationError(
                    _("Line %(number)s, %(text)s, is not an http(s) address."),
                    params={"number": number, "text": repr(url[:100])},
                )
            seen.add(url)
            urls.append(url)
        most = int(conf.get("IMPORT_MAX_URLS"))
        if len(urls) > most:
            raise ValidationError(
                _("%(count)s addresses given; one import takes at most %(most)s."),
                params={"count": len(urls), "most": most},
            )
        self.url_list = urls
        return urls

    def clean_files(self):
        files = self.cleaned_data["files"]
        if self.upload_error:
            raise ValidationError(self.upload_error)
        export = self.export_in(files)
        if export is not None:
            self._export_file = export
            return files
        try:
            self.unpacked = unpack(((f.name, f.size, f) for f in files), upload_limits())
        except UploadError as error:
            raise ValidationError(str(error)) from None
        return files

    def export_in(self, files):
        """The upload's WordPress export as ``(name, opener)``, if it is one, else ``None``.

        An export comes on its own: one .xml file, or one .zip holding one .xml file (and
        no HTML). Its size is capped by the upload's limit, and unzipped by the limit on
        unzipped files; it must name the WordPress export namespace near its start.
        """
        names = [f.name for f in files]
        zipped = None
        if len(files) == 1 and kind_of(names[0]) == "zip":
            zipped = self._zipped_export(files[0])
            if zipped is None:
                return None
        elif not any(is_export_name(name) for name in names):
            return None
        if len(files) > 1 or (self.data.get("urls") or "").strip():
            raise ValidationError(
                _(
                    "Upload a WordPress export on its own: one .xml file (or a .zip holding "
                    "it), without other files or addresses."
                )
            )
        if zipped is not None:
            return zipped
        upload = files[0]

        def read(count):
            upload.seek(0)
            return upload.read(count)

        return self._checked_export(upload.name, upload.size, read)

    def _zipped_export(self, upload):
        try:
            archive = zipfile.ZipFile(upload)  # noqa: SIM115 - read from in clean()
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not NOISE.search(info.filename)
            ]
        except ZIP_ERRORS:
            return None  # unpack() reports it as it does for any archive
        exports = [info for info in members if is_export_name(info.filename)]
        if not exports or any(kind_of(info.filename) == "document" for info in members):
            return None
        if len(exports) > 1:
            raise ValidationError(
                _("%(name)s holds %(count)s .xml files; upload one WordPress export."),
                params={"name": upload.name, "count": len(exports)},
            )
        info = exports[0]
        if info.flag_bits & 0x1:
            raise ValidationError(_("%(name)s is encrypted."), params={"name": upload.name})
        limit = upload_limits().max_uncompressed_bytes
        if info.file_size > limit:
            raise ValidationError(
                _("Unzipped, %(name)s is over the %(size)s limit for one import."),
                params={"name": info.filename, "size": size_text(limit)},
            )

        def read(count):
            with archive.open(info) as member:
                return member.read(count)

        name = f"{upload.name}/{PurePosixPath(info.filename).name}"
        return self._checked_export(name, info.file_size, read)

    def _checked_export(self, name, size, read):
        try:
            head = read(EXPORT_SNIFF_BYTES)
        except ZIP_ERRORS as error:
            raise ValidationError(
                _("%(name)s could not be unzipped (%(error)s)."),
                params={"name": name, "error": error},
            ) from None
        if EXPORT_MARKER not in head:
            raise ValidationError(
                _(
                    "%(name)s is not a WordPress export (WXR): export the site with "
                    "Tools › Export in WordPress's admin."
                ),
                params={"name": name},
            )
        return name, size, read

    def clean_parent(self):
        parent = self.cleaned_data["parent"].specific
        if not AdviceArticlePage.can_create_at(parent):
            raise ValidationError(
                _("Advice articles cannot be added below “%(title)s”."),
                params={"title": parent.get_admin_display_title()},
            )
        if not parent.permissions_for_user(self.user).can_add_subpage():
            raise ValidationError(
                _("You do not have permission to add pages below “%(title)s”."),
                params={"title": parent.get_admin_display_title()},
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        if self._export_file is not None:
            if not self.errors:
                self.read_export()
            return cleaned
        if not self.errors and not self.unpacked.documents and not self.url_list:
            raise ValidationError(_("Choose at least one HTML file or .zip, or give a URL."))
        if not self.errors:
            self.read_files()
        return cleaned

    def read_files(self):
        """Read every file now, before the view writes anything.

        A zip entry is only known to be as small as its header says once it is unzipped,
        and what the upload will cost the database is only known once it is compressed.
        """
        try:
            self.stored = [(file, encode_stored(file.read())) for file in self.unpacked.files]
        except UploadError as error:
            self.add_error("files", str(error))
            return
        self.check_quota(sum(len(data) for _file, data in self.stored))

    def read_export(self):
        """Read the export (unzipped, with its declared size checked) and encode it."""
        name, size, read = self._export_file
        try:
            data = read(size + 1)
        except ZIP_ERRORS as error:
            self.add_error(
                "files",
                _("%(name)s could not be read (%(error)s).")
                % {
                    "name": name,
                    "error": error,
                },
            )
            return
        if len(data) > size:
            self.add_error(
                "files", _("%(name)s is larger than its archive says.") % {"name": name}
            )
            return
        stored = encode_stored(data)
        del data
        self.wordpress_export = (PurePosixPath(name).name, stored)
        self.check_quota(len(stored))

    def check_quota(self, needed: int) -> None:
        limit = conf.get("IMPORT_MAX_STORED_BYTES_PER_USER")
        if limit is None:
            return
        used = stored_bytes(ImportJob.objects.filter(user=self.user))
        if used + needed > int(limit):
            self.add_error(
                "files",
                _(
                    "Your imports already store %(used)s and this one needs %(needed)s "
                    "more, over the %(limit)s one user may keep. Finish or discard your "
                    "earlier imports, then try again."
                )
                % {
                    "used": size_text(used),
                    "needed": size_text(needed),
                    "limit": size_text(int(limit)),
                },
            )

    @property
    def source_count(self) -> int:
        return len(self.unpacked.documents) + len(self.url_list)
