"""Upload caps: size, file count, zip entries, unzipped size, paths leaving the archive."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from importers.sources.uploads import UnpackedFile, UploadError

from .conftest import article_html, html_file, zip_bytes, zip_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def caps(settings):
    def set_caps(**values):
        settings.ADVICE_BLOCKS = {
            **settings.ADVICE_BLOCKS,
            **{f"IMPORT_{key.upper()}": value for key, value in values.items()},
        }

    return set_caps


def refused(response, job, message):
    """The form came back (no job) with ``message`` shown as the files field's error."""
    assert response.status_code == 200
    assert job is None
    errors = response.context["form"].errors
    assert message in " ".join(errors.get("files", [])), errors
    assert escape(message) in response.content.decode()


def test_an_upload_over_the_size_cap_is_refused_while_it_arrives(upload, caps):
    caps(max_upload_bytes=10_000)
    big = SimpleUploadedFile("big.html", article_html() + b" " * 20_000)
    response, job = upload([big])
    refused(response, job, "The upload is over the 9.8\xa0KB limit for one import.")


def test_too_many_files_are_refused(upload, caps):
    caps(max_files=2)
    response, job = upload([html_file(f"{n}.html") for n in range(3)])
    refused(
        response, job, "You sent 3 files; one import takes at most 2. Put more in a .zip file."
    )


def test_a_zip_with_too_many_entries_is_refused(upload, caps):
    caps(max_zip_entries=3)
    entries = {f"a/{n}.html": article_html() for n in range(4)}
    response, job = upload([zip_file(entries)])
    refused(response, job, "articles.zip has 4 entries; an archive may have at most 3.")


def test_a_zip_entry_that_climbs_out_of_the_archive_is_refused(upload):
    entries = {"ok.html": article_html(), "../../etc/evil.html": article_html()}
    response, job = upload([zip_file(entries)])
    refused(response, job, "articles.zip: the entry '../../etc/evil.html' points outside")


def test_a_zip_entry_with_an_absolute_path_is_refused(upload):
    entries = {"ok.html": article_html(), "/tmp/evil.html": article_html()}
    response, job = upload([zip_file(entries)])
    refused(response, job, "articles.zip: the entry '/tmp/evil.html' has an absolute path.")


def test_a_zip_with_a_symbolic_link_is_refused(upload):
    link = zipfile.ZipInfo("images/link.png")
    link.external_attr = (0o120777 << 16) | 0x20  # a symlink, as Info-ZIP stores one
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.html", article_html())
        archive.writestr(link, "/etc/passwd")
    upload_file = SimpleUploadedFile("links.zip", buffer.getvalue())
    response, job = upload([upload_file])
    refused(response, job, "links.zip: the entry 'images/link.png' is a symbolic link")


def test_a_zip_that_unzips_past_the_cap_is_refused_without_unzipping_it(upload, caps):
    caps(max_uncompressed_bytes=1_000_000)
    # 5 MB of spaces compress to a few kilobytes: small to send, big to unpack.
    bomb = zip_bytes({"bomb.html": article_html() + b" " * 5_000_000})
    assert len(bomb) < 20_000
    response, job = upload([SimpleUploadedFile("bomb.zip", bomb)])
    message = (
        "Unzipped, the files add up to more than 1,000,000 bytes (passed at bomb.zip/bomb.html)"
    )
    refused(response, job, message)


def test_the_unzipped_cap_counts_every_file_of_the_upload(upload, caps):
    cap = len(article_html()) + 10
    caps(max_uncompressed_bytes=cap)
    response, job = upload([zip_file({"a.html": article_html()}), html_file("b.html")])
    refused(response, job, f"the files add up to more than {cap:,} bytes (passed at b.html)")


def test_a_zip_without_html_is_refused(upload):
    response, job = upload([zip_file({"notes/readme.txt": b"hello"}, "notes.zip")])
    refused(response, job, "notes.zip holds no .html files.")


def test_a_damaged_zip_is_refused(upload):
    response, job = upload([SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really")])
    refused(response, job, "broken.zip is not a readable .zip archive")


def test_an_entry_larger_than_its_header_says_is_refused():
    entry = UnpackedFile("a.html", "x.zip/a.html", True, 10, opener=lambda count: b"x" * count)
    with pytest.raises(UploadError, match="larger than its archive says"):
        entry.read()


def test_uploads_under_the_caps_pass(upload, caps):
    caps(max_files=2, max_zip_entries=3, max_uncompressed_bytes=100_000)
    response, job = upload([zip_file({"a/1.html": article_html(), "a/2.html": article_html()})])
    assert response.status_code == 302
    assert job.sources.count() == 2
