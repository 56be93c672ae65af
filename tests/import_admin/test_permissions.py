"""Who may open the import screen, and CSRF on every form of it."""

import pytest
from django.test import Client
from django.urls import reverse

from importers.store.jobs import ImportJob

from .conftest import form_data, html_file, import_url, job_url

pytestmark = pytest.mark.django_db


def screen_urls(job):
    return [
        import_url(),
        job_url(job),
        reverse("advice_importers:job_status", args=[job.pk]),
    ]


@pytest.fixture
def job(admin_user):
    return ImportJob.objects.create(user=admin_user, status=ImportJob.Status.READY)


def test_the_screen_lives_at_a_stable_admin_url():
    assert import_url() == "/admin/import-articles/"


def test_anonymous_users_are_sent_to_the_admin_login(client, job):
    for url in screen_urls(job):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    response = client.post(import_url(), form_data(files=[html_file()]))
    assert response.status_code == 302
    assert ImportJob.objects.count() == 1


def test_admin_users_without_the_import_permission_get_403(client, admin_only_user, job):
    client.force_login(admin_only_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for url in screen_urls(job):
        assert client.get(url).status_code == 403
    assert client.post(import_url(), form_data(files=[html_file()])).status_code == 403
    assert client.post(job_url(job), {"action": "import"}).status_code == 403
    assert ImportJob.objects.count() == 1


def test_the_import_permission_opens_the_screen(client, importer):
    client.force_login(importer)
    response = client.get(import_url())
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_editors_see_only_their_own_jobs(client, importer, job):
    client.force_login(importer)
    assert client.get(job_url(job)).status_code == 404
    own = ImportJob.objects.create(user=importer, status=ImportJob.Status.READY)
    assert client.get(job_url(own)).status_code == 200


def test_the_permission_is_offered_in_group_settings(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Article importers")
    response = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert response.status_code == 200
    assert b"Can import articles" in response.content


def test_uploads_and_confirmations_need_the_csrf_token(admin_user, on_commit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(import_url(), form_data(files=[html_file()])).status_code == 403
    assert not ImportJob.objects.exists()

    client.get(import_url())
    token = client.cookies["csrftoken"].value
    with on_commit():
        response = client.post(
            import_url(), form_data(files=[html_file()], csrfmiddlewaretoken=token)
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY

    assert client.post(job_url(job), {"action": "import"}).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    with on_commit():
        response = client.post(job_url(job), {"action": "import", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
