"""Fixtures for the import screen's tests: users, uploads, and running enqueued tasks."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import GroupPagePermission

from importers.store.jobs import ImportJob
from tests.factories import home_page

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles"
SEED = ROOT.parent / "shared" / "seed" / "why-walking-away-works.html"

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title} | Site</title><meta name="author" content="Mira Holt">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body><article>
<h1>{title}</h1>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>3. Ask for help</h2><p>Someone else has solved this before; their hour saves your week.</p>
<h2>Conclusion</h2><p>Small habits add up over a year, more than you would guess.</p>
</article></body></html>"""


def article_html(title="Three habits worth keeping") -> bytes:
    return ARTICLE.format(title=title).encode()


def html_file(name="habits.html", title="Three habits worth keeping"):
    return SimpleUploadedFile(name, article_html(title), content_type="text/html")


def png_bytes(colour="orange"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), colour).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes(entries: dict) -> bytes:
    """A .zip of ``{name: bytes}`` (a ``zipfile.ZipInfo`` key sets the entry's metadata)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_file(entries: dict, name="articles.zip"):
    return SimpleUploadedFile(name, zip_bytes(entries), content_type="application/zip")


def import_url():
    return reverse("advice_importers:import")


def job_url(job):
    return reverse("advice_importers:job", args=[job.pk])


def form_data(**extra):
    data = {"parent": home_page().pk, "publish": "draft", "existing": "update", "urls": ""}
    data.update(extra)
    return data


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a block enqueues on commit, as a real (autocommit) request would at once.

    Tests run inside a transaction that never commits, so without this the tasks the views
    enqueue with ``transaction.on_commit`` would never be sent.
    """

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def post(client, on_commit):
    """POST with ``client`` and run the tasks the request enqueued (immediate backend)."""

    def send(url, data=None, *, using=None, **kwargs):
        with on_commit():
            return (using or client).post(url, data or {}, **kwargs)

    return send


@pytest.fixture
def upload(admin_client, post):
    """Upload ``files`` (and ``urls``) as the superuser; return the response and the job."""

    def send(files=(), urls="", **extra):
        response = post(
            import_url(), form_data(files=list(files), urls=urls, **extra), using=admin_client
        )
        return response, ImportJob.objects.order_by("-pk").first()

    return send


@pytest.fixture
def confirm(admin_client, post):
    def send(job, action="import"):
        response = post(job_url(job), {"action": action}, using=admin_client)
        job.refresh_from_db()
        return response

    return send


@pytest.fixture
def importer(db):
    """An editor (not a superuser) with the import permission and page rights on the home."""
    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="advice_importers", codename="import_articles"
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=home_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = get_user_model().objects.create_user("importer", "importer@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def admin_only_user(db):
    """A user who can use the admin but lacks the import permission."""
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user
