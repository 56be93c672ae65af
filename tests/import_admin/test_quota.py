"""The bytes one user's imports may keep stored at once."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from importers.store.jobs import ImportJob, ImportJobAsset, ImportJobSource, stored_bytes

from .conftest import form_data, html_file, import_url, job_url

pytestmark = pytest.mark.django_db

NOISE = random.Random(10).randbytes(10_240)  # bytes that do not compress


@pytest.fixture
def cap(settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_MAX_STORED_BYTES_PER_USER": 30_000}


def earlier_job(user, *, status=ImportJob.Status.FAILED, files=2):
    job = ImportJob.objects.create(user=user, status=status)
    for n in range(files):
        ImportJobAsset.objects.create(job=job, path=f"files/{n}.png", data=NOISE)
    return job


def noisy_html(name):
    return SimpleUploadedFile(name, b"<html><body><p>" + NOISE + b"</p></body></html>")


def test_an_upload_over_the_users_stored_bytes_is_refused(client, importer, post, cap):
    earlier_job(importer)
    client.force_login(importer)
    response = post(import_url(), form_data(files=[noisy_html("a.html")]))
    assert response.status_code == 200
    assert ImportJob.objects.count() == 1
    message = (
        "Your imports already store 20.0\xa0KB and this one needs 10.0\xa0KB more, over the "
        "29.3\xa0KB one user may keep. Finish or discard your earlier imports, then try again."
    )
    assert message in " ".join(response.context["form"].errors["files"])


def test_discarding_an_earlier_import_makes_room(client, importer, post, cap):
    earlier = earlier_job(importer)
    client.force_login(importer)
    post(job_url(earlier), {"action": "discard"})
    assert not ImportJob.objects.exists()
    response = post(import_url(), form_data(files=[noisy_html("a.html")]))
    assert response.status_code == 302


def test_only_bytes_still_stored_count(client, importer, post, cap):
    done = earlier_job(importer, status=ImportJob.Status.DONE, files=0)
    ImportJobSource.objects.create(job=done, position=1, name="old.html", data=None)
    earlier_job(importer, files=1)
    client.force_login(importer)
    response = post(import_url(), form_data(files=[noisy_html("a.html")]))
    assert response.status_code == 302


def test_other_users_imports_do_not_count(client, importer, admin_user, post, cap):
    earlier_job(admin_user, files=3)
    client.force_login(importer)
    response = post(import_url(), form_data(files=[html_file()]))
    assert response.status_code == 302


def test_stored_bytes_are_counted_as_stored_not_as_uploaded(importer):
    job = ImportJob.objects.create(user=importer)
    ImportJobSource.objects.create(job=job, position=1, name="a.html", data=b" " * 100_000)
    ImportJobAsset.objects.create(job=job, path="files/a.png", data=NOISE)
    assert len(NOISE) < stored_bytes(ImportJob.objects.filter(user=importer)) < len(NOISE) + 500


def test_no_cap_when_the_setting_is_none(client, importer, post, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_MAX_STORED_BYTES_PER_USER": None}
    earlier_job(importer, files=50)
    client.force_login(importer)
    assert post(import_url(), form_data(files=[html_file()])).status_code == 302
