"""Upload → preview → confirm → pages, with the default (immediate) task backend."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page

from advice_blocks.models import AdviceArticlePage, AdviceIndexPage
from importers.models import ImportRecord
from importers.store.jobs import ImportJob, ImportJobSource
from tests.factories import home_page

from .conftest import FIXTURES, form_data, html_file, import_url, job_url, zip_file

pytestmark = pytest.mark.django_db


def test_html_files_are_previewed_then_imported_as_drafts(admin_client, upload, confirm):
    sleep = SimpleUploadedFile(
        "sleep.html", (FIXTURES / "sleep-habits" / "source.html").read_bytes()
    )
    response, job = upload([html_file("habits.html"), sleep])
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert job.status == ImportJob.Status.READY
    assert (job.total, job.processed, job.failed) == (2, 2, 0)
    # The preview wrote nothing but the job.
    assert AdviceArticlePage.objects.count() == 0
    assert ImportRecord.objects.count() == 0

    page = admin_client.get(job_url(job))
    html = page.content.decode()
    assert "Three habits worth keeping" in html
    assert "Import 2 articles as drafts" in html
    assert "Mira Holt" in html
    assert "New page" in html

    confirm(job)
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.failed) == (2, 2, 0)
    pages = AdviceArticlePage.objects.order_by("pk")
    assert pages.count() == 2
    assert not any(p.live for p in pages)
    assert ImportRecord.objects.filter(status="created").count() == 2

    done = admin_client.get(job_url(job)).content.decode()
    assert "Import finished" in done
    for article in pages:
        assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in done
    # The uploaded bytes are dropped once imported.
    assert not ImportJobSource.objects.filter(job=job, data__isnull=False).exists()


def test_a_zip_with_images_next_to_the_html_publishes_with_wagtail_images(
    admin_client, upload, confirm
):
    folder = FIXTURES / "houseplants-keep-dying"
    entries = {"houseplants/source.html": (folder / "source.html").read_bytes()}
    for image in sorted((folder / "images").iterdir()):
        entries[f"houseplants/images/{image.name}"] = image.read_bytes()
    entries["houseplants/style.css"] = b"body { color: green }"
    response, job = upload([zip_file(entries, "export.zip")], publish="publish")
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY
    assert job.ignored == ["export.zip/houseplants/style.css"]
    (source,) = job.sources.all()
    assert source.name == "export.zip/houseplants/source.html"
    assert source.preview["reasons"] == 6
    assert [block["type"] for block in source.preview["outline"]].count("image") == 1
    assert get_image_model().objects.count() == 0

    html = admin_client.get(job_url(job)).content.decode()
    assert "Import and publish 1 article" in html
    assert "neither HTML nor an image" in html

    confirm(job)
    assert job.status == ImportJob.Status.DONE
    page = AdviceArticlePage.objects.get()
    assert page.live
    assert page.title.startswith("6 Reasons Your Houseplants")
    assert get_image_model().objects.count() == 3
    source.refresh_from_db()
    assert (source.status, source.page_id) == ("created", page.pk)
    assert not job.assets.exists()


def test_reimporting_an_upload_is_previewed_as_an_update(admin_client, upload, confirm):
    _, first = upload([html_file("habits.html")])
    confirm(first)
    page = AdviceArticlePage.objects.get()
    assert page.source_url == "file:///uploaded/habits.html"

    _, second = upload([html_file("habits.html", title="Three habits, revised")])
    (source,) = second.sources.all()
    assert source.preview["existing"] == {"id": page.pk, "title": page.title}
    assert (
        "Updates “Three habits worth keeping”"
        in admin_client.get(job_url(second)).content.decode()
    )
    confirm(second)
    assert AdviceArticlePage.objects.count() == 1
    source.refresh_from_db()
    assert source.status == "updated"


def test_a_document_that_is_no_article_is_reported_and_left_out(admin_client, upload, confirm):
    broken = SimpleUploadedFile("empty.html", b"<html><body></body></html>")
    _, job = upload([html_file("habits.html"), broken])
    assert job.status == ImportJob.Status.READY
    assert (job.processed, job.failed) == (2, 1)
    bad = job.sources.get(name="empty.html")
    assert bad.status == "failed" and bad.preview is None and bad.error
    html = admin_client.get(job_url(job)).content.decode()
    assert "Could not be read:" in html
    assert "Import 1 article as a draft" in html

    confirm(job)
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.failed) == (1, 1, 0)
    assert AdviceArticlePage.objects.count() == 1
    done = admin_client.get(job_url(job)).content.decode()
    assert "Could not be read: 1" in done


def test_a_previewed_import_can_be_discarded(admin_client, upload):
    _, job = upload([html_file()])
    recent = admin_client.get(import_url()).content.decode()
    assert f'<a href="{job_url(job)}">Import #{job.pk}</a>' in recent

    response = admin_client.post(job_url(job), {"action": "discard"})
    assert response.status_code == 302
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert AdviceArticlePage.objects.count() == 0


def test_a_job_is_confirmed_once(upload, confirm):
    _, job = upload([html_file()])
    confirm(job)
    confirm(job)
    assert AdviceArticlePage.objects.count() == 1
    assert ImportRecord.objects.count() == 1


def test_the_status_view_reports_progress_as_json(admin_client, upload):
    _, job = upload([html_file(), html_file("other.html", title="Other habits")])
    data = admin_client.get(reverse("advice_importers:job_status", args=[job.pk])).json()
    assert data == {
        "id": job.pk,
        "kind": "documents",
        "status": "ready",
        "status_label": "Ready to import",
        "processed": 2,
        "total": 2,
        "failed": 0,
        "active": False,
        "finished": False,
        "error": "",
        "done": 2,
        "running": 0,
        "remaining": 0,
        "rate_per_minute": None,
    }


def test_pasted_article_text_is_not_a_url(upload):
    response, job = upload(urls="just some words")
    assert job is None
    assert "is not an http(s) address" in response.content.decode()


def test_the_parent_page_must_take_advice_articles(upload, monkeypatch):
    monkeypatch.setattr(AdviceArticlePage, "can_create_at", classmethod(lambda cls, p: False))
    response, job = upload([html_file()])
    assert job is None
    title = home_page().title
    assert f"Advice articles cannot be added below “{title}”." in response.content.decode()


def test_the_editor_must_be_allowed_to_add_pages_below_the_parent(client, importer, post):
    # An advice index outside the importer's section (their rights are on the home page).
    elsewhere = AdviceIndexPage(title="Elsewhere", slug="elsewhere")
    Page.objects.get(depth=1).add_child(instance=elsewhere)
    client.force_login(importer)
    response = post(import_url(), form_data(files=[html_file()], parent=elsewhere.pk))
    assert response.status_code == 200
    assert "You do not have permission to add pages below" in response.content.decode()
    assert not ImportJob.objects.exists()

    response = post(import_url(), form_data(files=[html_file()]))
    assert response.status_code == 302
    assert ImportJob.objects.get().user == importer


def test_nothing_to_import_is_a_form_error(upload):
    response, job = upload()
    assert job is None
    assert "Choose at least one HTML file or .zip, or give a URL." in response.content.decode()


def test_uploads_of_other_types_are_refused(upload):
    response, job = upload([SimpleUploadedFile("notes.txt", b"hello")])
    assert job is None
    assert "notes.txt is not an HTML file, an image or a .zip archive" in (
        response.content.decode()
    )


def test_a_deleted_parent_fails_the_import_with_a_reason(upload, confirm):
    _, job = upload([html_file()])
    job.parent = None
    job.save()
    confirm(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "The parent page has been deleted; start a new import."
    assert AdviceArticlePage.objects.count() == 0
