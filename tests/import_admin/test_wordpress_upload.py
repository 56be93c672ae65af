"""A WordPress export uploaded on the import screen: previewed post by post, then imported
with the export command's semantics (each post's status, the user's rights), every post
accounted for on the job's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advice_blocks.models import AdviceArticlePage
from importers.models import ImportRecord
from importers.store.jobs import ImportJob, ImportJobAsset

from .conftest import ROOT, html_file, job_url, zip_file

pytestmark = pytest.mark.django_db

EXPORT = ROOT / "fixtures" / "wordpress" / "advice-export.xml"
#: The fixture's seven posts (its page, attachment and menu item are other post types).
POSTS = 7


def export_file(name="advice-export.xml", data=None):
    return SimpleUploadedFile(name, data or EXPORT.read_bytes(), content_type="text/xml")


def test_an_export_is_previewed_post_by_post_then_imported(upload, confirm, admin_client):
    response, job = upload([export_file()])
    assert response.status_code == 302
    assert job.kind == ImportJob.Kind.WORDPRESS
    assert job.status == ImportJob.Status.READY  # the immediate backend ran the preview
    assert job.settings["export"] == "advice-export.xml"
    assert job.settings["other_types"] == {
        "post type attachment": 1,
        "post type nav_menu_item": 1,
        "post type page": 1,
    }
    assert not ImportJobAsset.objects.filter(job=job).exists()  # read into rows, then let go
    rows = list(job.sources.order_by("position"))
    assert len(rows) == POSTS
    assert {(r.state, r.status) for r in rows} == {("done", "previewed")}
    assert AdviceArticlePage.objects.count() == 0

    page = admin_client.get(job_url(job)).content.decode()
    assert "7 articles are ready to import." in page
    assert "WordPress export advice-export.xml" in page
    assert "7 Ways to Keep Your Bike Running Through Winter" in page
    assert "post type nav_menu_item (1)" in page
    bike = next(r for r in rows if r.name.startswith("post 101:"))
    wordpress = bike.preview["wordpress"]
    assert wordpress["action"] == "create"
    assert wordpress["slug"] == "keep-your-bike-running-through-winter"
    assert wordpress["publication"]["state"] == "live"
    assert bike.preview["reasons"] == 7 and bike.preview["questions"] == 3

    confirm(job)
    assert job.status == ImportJob.Status.DONE
    rows = list(job.sources.order_by("position"))
    assert {(r.state, r.status) for r in rows} == {("done", "created")}
    pages = AdviceArticlePage.objects.all()
    assert pages.count() == POSTS
    assert {r.page_id for r in rows} == set(pages.values_list("pk", flat=True))
    # Each post's status decided, as with the command: what the preview said it would be.
    for row in rows:
        page = AdviceArticlePage.objects.get(pk=row.page_id)
        state = row.preview["wordpress"]["publication"]["state"]
        assert page.live == (state == "live"), (row.name, state)
    status = admin_client.get(reverse("advice_importers:job_status", args=[job.pk])).json()
    assert (status["done"], status["failed"], status["remaining"]) == (POSTS, 0, 0)
    assert status["rate_per_minute"] > 0
    assert "Created: 7" in admin_client.get(job_url(job)).content.decode()


def test_a_second_upload_of_the_export_duplicates_nothing(upload, confirm):
    _, first = upload([export_file()])
    confirm(first)
    _, second = upload([export_file()])
    assert {r.preview["wordpress"]["action"] for r in second.sources.all()} == {"update"}
    confirm(second)
    assert set(second.sources.values_list("status", flat=True)) == {"unchanged"}
    assert AdviceArticlePage.objects.count() == POSTS


def test_posts_are_imported_with_the_users_rights(importer, client, post):
    """An editor who may add pages but not publish them gets drafts, with a warning."""
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.filter(permission__codename="publish_page").delete()
    client.force_login(importer)
    from .conftest import form_data, import_url

    post(import_url(), form_data(files=[export_file()]))
    job = ImportJob.objects.get()
    post(job_url(job), {"action": "import"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    pages = AdviceArticlePage.objects.all()
    assert pages.count() == POSTS and not pages.filter(live=True).exists()
    bike = job.sources.get(name__startswith="post 101:")
    assert any("publish" in warning for warning in bike.warnings), bike.warnings
    records = ImportRecord.objects.filter(status="created")
    assert set(records.values_list("user", flat=True)) == {importer.pk}


def test_skipped_posts_are_listed_with_their_reason(upload, admin_client, tmp_path):
    data = EXPORT.read_bytes().replace(
        b"<wp:status><![CDATA[draft]]></wp:status>", b"<wp:status><![CDATA[trash]]></wp:status>"
    )
    assert data != EXPORT.read_bytes()
    _, job = upload([export_file(data=data)])
    skipped = job.sources.get(status="skipped")
    assert skipped.state == "done" and "trash" in skipped.error
    page = admin_client.get(job_url(job)).content.decode()
    assert "1 is skipped (its status in WordPress)." in page
    assert "Skipped:" in page


def test_an_export_inside_a_zip_is_read(upload):
    _, job = upload([zip_file({"site/export.xml": EXPORT.read_bytes()}, name="site.zip")])
    assert job.kind == ImportJob.Kind.WORDPRESS
    assert job.settings["export"] == "export.xml"
    assert job.sources.count() == POSTS


@pytest.mark.parametrize(
    "files, message",
    [
        (
            lambda: [export_file(), html_file()],
            "Upload a WordPress export on its own",
        ),
        (
            lambda: [export_file(data=b"<?xml version='1.0'?><rss><channel/></rss>")],
            "is not a WordPress export (WXR)",
        ),
        (
            lambda: [
                zip_file({"a.xml": EXPORT.read_bytes(), "b.xml": EXPORT.read_bytes()}, "two.zip")
            ],
            "holds 2 .xml files",
        ),
    ],
)
def test_uploads_that_are_not_one_export_are_refused(upload, files, message):
    response, job = upload(files())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert job is None


def test_an_export_is_capped_like_any_upload(upload, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "IMPORT_MAX_UPLOAD_BYTES": 10_000}
    response, job = upload([export_file()])
    assert response.status_code == 200
    assert "over the 9.8\xa0KB limit for one import" in response.content.decode()
    assert job is None
