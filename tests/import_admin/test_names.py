"""File names in uploads that would break a job: refused (naming the entry) or made safe."""

import contextlib
import io
import tempfile
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from importers.sources.uploads import UploadError, UploadLimits, unpack
from importers.store import job_runner
from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource

from .conftest import article_html, png_bytes, zip_bytes, zip_file

LIMITS = UploadLimits(
    max_upload_bytes=1_000_000,
    max_files=10,
    max_zip_entries=20,
    max_uncompressed_bytes=1_000_000,
    max_document_bytes=100_000,
    max_image_bytes=100_000,
)
LONG_PART = "é" * 128  # 128 characters, 256 bytes in UTF-8


def sent(name, data):
    return (name, len(data), io.BytesIO(data))


def unpacked_zip(entries):
    return unpack([sent("x.zip", zip_bytes(entries))], LIMITS)


def renamed_zip(names, replace):
    """A zip of ``names`` whose stored names then have ``replace``'s bytes swapped in, for
    names that ``zipfile`` will not write (a NUL byte, say)."""
    data = zip_bytes({name: article_html() for name in names})
    for old, new in replace.items():
        assert len(old) == len(new)
        data = data.replace(old, new)
    return data


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            {"a.html": b"<h1>a</h1>", "a.html/pic.png": b"png"},
            "x.zip: the entry 'a.html/pic.png' is inside a folder with the name of the file "
            "'a.html'; rename one.",
        ),
        (
            {"a/b.html/pic.png": b"png", "a/b.html": b"<h1>b</h1>"},
            "x.zip: the entry 'a/b.html' has the name of the folder of 'a/b.html/pic.png'; "
            "rename one.",
        ),
        (
            {"A.html": b"<h1>a</h1>", "a.html/pic.png": b"png"},
            "x.zip: the entry 'a.html/pic.png' is inside a folder with the name of the file "
            "'A.html'; rename one.",
        ),
        (
            {"a.html": b"<h1>a</h1>", "A.HTML": b"<h1>b</h1>"},
            "Two files would be x.zip/A.HTML; rename one.",
        ),
        (
            {
                unicodedata.normalize("NFC", "café.html"): b"<h1>1</h1>",
                unicodedata.normalize("NFD", "café.html"): b"<h1>2</h1>",
            },
            "Two files would be x.zip/" + unicodedata.normalize("NFD", "café.html"),
        ),
        (
            {"a\\b.html": b"<h1>1</h1>", "a/b.html": b"<h1>2</h1>"},
            "Two files would be x.zip/a/b.html; rename one.",
        ),
        (
            {f"{LONG_PART}x/a.html": b"<h1>a</h1>"},
            f"x.zip: the entry '{LONG_PART}x/a.html' has a name part longer than 255 bytes.",
        ),
        (
            {f"{LONG_PART}.html": b"<h1>a</h1>"},
            f"x.zip: the entry '{LONG_PART}.html' has a name part longer than 255 bytes.",
        ),
        (
            {"a.html": b"<h1>a</h1>", "pics/tab\there.png": b"png"},
            "x.zip: the entry 'pics/tab\\there.png' has a control character in its name.",
        ),
    ],
)
def test_zip_names_that_would_break_the_working_folder_are_refused(entries, message):
    with pytest.raises(UploadError) as refused:
        unpacked_zip(entries)
    assert message in str(refused.value)


def test_a_nul_byte_in_a_zip_name_is_refused_not_cut_short():
    data = renamed_zip(["a.html", "b.htmlXX.png"], {b"b.htmlXX.png": b"b.html\x00X.png"})
    with pytest.raises(UploadError, match=r"the entry 'b\.html\\x00X\.png' has a control"):
        unpack([sent("x.zip", data)], LIMITS)


def test_a_name_part_of_255_bytes_is_fine():
    name = "é" * 125 + ".html"  # 255 bytes
    (file,) = unpacked_zip({name: b"<h1>a</h1>"}).files
    assert file.path == f"zip-1/{name}"


def test_backslashes_are_folder_separators():
    (file,) = unpacked_zip({"site\\a\\b.html": b"<h1>a</h1>"}).files
    assert (file.path, file.name) == ("zip-1/site/a/b.html", "x.zip/site/a/b.html")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("new\nline.html", "has a control character in its name"),
        (LONG_PART + ".html", "… is longer than 255 bytes"),
    ],
)
def test_plain_file_names_are_checked_too(name, message):
    with pytest.raises(UploadError, match=message):
        unpack([sent(name, b"<h1>a</h1>")], LIMITS)


def test_plain_files_differing_only_in_case_are_refused():
    with pytest.raises(UploadError, match="Two files would be B.html; rename one."):
        unpack([sent("b.html", b"<h1>1</h1>"), sent("B.html", b"<h1>2</h1>")], LIMITS)


@pytest.mark.django_db
def test_the_import_screen_refuses_a_file_and_a_folder_of_one_name(upload):
    response, job = upload(
        [zip_file({"a.html": article_html(), "a.html/pic.png": png_bytes()}, "export.zip")]
    )
    assert job is None
    assert (
        "export.zip: the entry 'a.html/pic.png' is inside a folder with the name of the file "
        "'a.html'; rename one."
    ) in response.context["form"].errors["files"]


@pytest.mark.django_db
def test_names_made_safe_at_upload_import_without_errors(upload, confirm):
    response, job = upload(
        [SimpleUploadedFile("export.zip", zip_bytes({"site\\a\\why.html": article_html()}))]
    )
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY
    assert job.sources.get().path == "zip-1/site/a/why.html"
    confirm(job)
    assert job.status == ImportJob.Status.DONE
    assert job.failed == 0


def server_paths_in(job):
    job.refresh_from_db()
    texts = [job.error, *job.sources.values_list("error", flat=True)]
    temp = tempfile.gettempdir()
    return [text for text in texts if temp in text or "advice-import-" in text]


@pytest.mark.django_db
def test_a_job_holding_a_file_and_a_folder_of_one_name_shows_no_server_path(admin_user):
    """A job stored before uploads were checked still fails without naming server paths."""
    job = ImportJob.objects.create(user=admin_user)
    ImportJobSource.objects.create(
        job=job, position=1, name="x.zip/a.html", path="zip-1/a.html", data=article_html()
    )
    ImportJobAsset.objects.create(job=job, path="zip-1/a.html/pic.png", data=png_bytes())
    # Unexpected errors are re-raised for the task backend's log, once the job is failed.
    with contextlib.suppress(OSError):
        job_runner.preview(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED or job.failed
    assert server_paths_in(job) == []
