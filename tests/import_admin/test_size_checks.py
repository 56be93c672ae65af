"""Files over their own size limit are refused while they arrive or before anything is stored."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

from importers.store.jobs import ImportJob

from .conftest import article_html, png_bytes, zip_file

pytestmark = pytest.mark.django_db


class CountingHandler(FileUploadHandler):
    """Counts the bytes the upload handlers after the import screen's own are given."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def counted(settings):
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.CountingHandler",
        *settings.FILE_UPLOAD_HANDLERS,
    ]
    CountingHandler.received = 0
    return CountingHandler


@pytest.fixture
def limits(settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "MAX_DOCUMENT_BYTES": 100_000,
        "MAX_IMAGE_BYTES": 50_000,
    }


def form_errors(response):
    return " ".join(response.context["form"].errors.get("files", []))


def test_an_html_file_over_the_document_limit_stops_the_upload_as_it_arrives(
    upload, limits, counted
):
    big = SimpleUploadedFile("big.html", article_html() + b" " * 2_000_000)
    response, job = upload([big])
    assert job is None
    assert "big.html is larger than 100,000 bytes, the limit for one HTML document." in (
        form_errors(response)
    )
    # Read in 64 KB chunks: the rest of the file was thrown away, never stored.
    assert counted.received < 100_000 + 2 * 64 * 1024


def test_an_image_over_the_image_limit_stops_the_upload_as_it_arrives(upload, limits, counted):
    big = SimpleUploadedFile("photo.png", png_bytes() + b"\0" * 1_000_000)
    response, job = upload([SimpleUploadedFile("a.html", article_html()), big])
    assert job is None
    assert "photo.png is larger than 50,000 bytes, the limit for one image." in (
        form_errors(response)
    )
    assert counted.received < 50_000 + len(article_html()) + 2 * 64 * 1024


def test_files_within_their_limits_arrive_whole(upload, limits, counted):
    response, job = upload([SimpleUploadedFile("a.html", article_html())])
    assert response.status_code == 302
    assert counted.received == len(article_html())


def lying_zip(entries, liar, declared):
    """A zip whose entry ``liar`` declares ``declared`` bytes, in both of its headers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    name = liar.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, start + offset, declared)
            start += 4
    return bytes(data)


def test_a_zip_entry_larger_than_its_headers_say_is_refused_before_anything_is_stored(upload):
    entries = {"a.html": article_html(), "b.html": article_html() + b" " * 50_000}
    sent = lying_zip(entries, "b.html", 200)
    assert [i.file_size for i in zipfile.ZipFile(io.BytesIO(sent)).infolist()] == [
        len(article_html()),
        200,
    ]
    with CaptureQueriesContext(connection) as queries:
        response, job = upload([SimpleUploadedFile("liar.zip", sent)])
    assert job is None
    assert "liar.zip/b.html" in form_errors(response)
    writes = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert not [sql for sql in writes if "advice_importers" in sql], writes


def test_a_zip_entry_over_the_document_limit_is_refused_from_its_header(upload, limits):
    response, job = upload([zip_file({"a.html": article_html() + b" " * 200_000})])
    assert job is None
    assert "articles.zip/a.html is " in form_errors(response)
    assert "over the 100,000-byte limit" in form_errors(response)
    assert not ImportJob.objects.exists()
