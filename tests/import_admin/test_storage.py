"""What an upload costs the database: stored bytes in proportion to what was sent."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.db.models.functions import Length

from advice_blocks.models import AdviceArticlePage
from importers.store.jobs import (
    ImportJob,
    ImportJobAsset,
    ImportJobSource,
    StoredBytes,
    decode_stored,
    encode_stored,
)

from .conftest import article_html, png_bytes

pytestmark = pytest.mark.django_db


def stored_bytes(job):
    """Bytes the job's rows really take in the database's data columns."""
    sources = job.sources.aggregate(n=Sum(Length("data")))["n"] or 0
    assets = job.assets.aggregate(n=Sum(Length("data")))["n"] or 0
    return sources + assets


def compressible_zip(articles=4, padding=1_000_000):
    """Articles padded with repeated boilerplate, each with a large flat image: a zip of a
    few kilobytes that unzips to megabytes, as saved web pages with inline styles do."""
    buffer = io.BytesIO()
    pad = b"<div class='nav'>" + b" " * padding + b"</div></body>"
    logo = png_bytes() + b"\0" * (padding // 2)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for n in range(articles):
            html = article_html(f"Article number {n}").replace(b"</body>", pad)
            archive.writestr(f"site/a{n}/index.html", html)
            archive.writestr(f"site/a{n}/logo.png", logo)
    return buffer.getvalue()


def test_a_compressible_zip_is_stored_in_proportion_to_its_size(upload):
    sent = compressible_zip()
    unzipped = 4 * (len(article_html()) + 1_000_000) + 4 * 500_000
    response, job = upload([SimpleUploadedFile("export.zip", sent)])
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY
    assert (job.sources.count(), job.assets.count()) == (4, 4)
    # Before, every unzipped byte was stored: about 6 MB for a zip of a few kilobytes.
    assert stored_bytes(job) < 2 * len(sent) + 2_000, (stored_bytes(job), len(sent), unzipped)


def test_stored_files_read_back_as_they_were_uploaded(upload, confirm):
    _, job = upload([SimpleUploadedFile("export.zip", compressible_zip(articles=1))])
    source = ImportJobSource.objects.get(job=job)
    assert source.data.startswith(b"<!DOCTYPE html>")
    assert len(source.data) == len(article_html("Article number 0")) + len(
        b"<div class='nav'>" + b" " * 1_000_000 + b"</div>"
    )
    path, data = job.assets.values_list("path", "data").get()
    assert path == "zip-1/site/a0/logo.png"
    assert data.startswith(png_bytes())
    confirm(job)
    assert job.status == ImportJob.Status.DONE
    assert AdviceArticlePage.objects.get().title == "Article number 0"


@pytest.mark.parametrize(
    "data",
    [b"", b"<h1>x</h1>", b" " * 100_000, png_bytes(), bytes(range(256)) * 7],
)
def test_the_stored_form_round_trips_and_never_grows_by_more_than_its_header(data):
    stored = encode_stored(data)
    assert decode_stored(stored) == data
    assert len(stored) <= len(data) + 6


def test_rows_stored_before_compression_still_read_back():
    """Rows written by an earlier version hold the raw bytes, without a header."""
    job = ImportJob.objects.create()
    asset = ImportJobAsset.objects.create(job=job, path="files/a.png", data=b"x")
    # StoredBytes are written as they are: here, raw bytes as the earlier version wrote them.
    ImportJobAsset.objects.filter(pk=asset.pk).update(data=StoredBytes(png_bytes()))
    assert ImportJobAsset.objects.values_list("data", flat=True).get(pk=asset.pk) == png_bytes()
