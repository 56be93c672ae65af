"""The import screen reports re-imports that would replace editors' work as conflicts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from advice_blocks.models import AdviceArticlePage

from .conftest import html_file

pytestmark = pytest.mark.django_db


def import_once(upload, confirm, title, **extra):
    _, job = upload([html_file("habits.html", title=title)], **extra)
    confirm(job)
    return job


def test_a_changed_source_over_an_editors_revision_is_a_conflict_until_overwrite(
    upload, confirm, admin_client
):
    job = import_once(upload, confirm, "Three habits worth keeping", publish="publish")
    assert job.sources.get().status == "created"
    page = AdviceArticlePage.objects.get()
    editor = get_user_model().objects.get(username="admin")
    latest = page.get_latest_revision_as_object()
    latest.title = "Three habits (the editor's version)"
    latest.save_revision(user=editor).publish(user=editor)

    job = import_once(upload, confirm, "Three habits, changed at the source", publish="publish")

    row = job.sources.get()
    assert row.status == "conflict"
    assert "edited since it was last imported" in row.error
    page.refresh_from_db()
    assert page.title == "Three habits (the editor's version)"
    screen = admin_client.get(reverse("advice_importers:job", args=[job.pk])).content.decode()
    assert "Conflict: edited since the last import" in screen
    assert "edited since it was last imported" in screen

    job = import_once(
        upload,
        confirm,
        "Three habits, changed at the source",
        publish="publish",
        existing="overwrite",
    )
    assert job.sources.get().status == "updated"
    page.refresh_from_db()
    assert page.title == "Three habits, changed at the source"
