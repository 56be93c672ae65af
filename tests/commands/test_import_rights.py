"""Imports run with a user's rights, checked on the page each source would change.

A user with import rights on one section must not reach an article elsewhere by giving a
source the same canonical URL: not by updating it, not by adding comments to it, and not by
learning its title from the preview.
"""

import zlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission, Revision

from advice_blocks.models import AdviceArticlePage, AdviceIndexPage, Comment
from importers.models import ImportRecord
from importers.store.jobs import ImportJob
from tests.commands.runner import run_import
from tests.factories import home_page

pytestmark = pytest.mark.django_db

CANONICAL = "https://advice.example.com/three-habits/"

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title}</title><link rel="canonical" href="{canonical}"></head><body><article>
<h1>{title}</h1><p class="byline">By Mira Holt</p>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>3. Ask for help</h2><p>Someone else has solved this before; their hour saves your week.</p>
</article>
<section id="comments"><h2>2 comments</h2><ol class="comment-list">
<li class="comment" id="comment-{comment_id}"><article class="comment-body">
<footer class="comment-meta"><b class="fn">Ola</b>
<time datetime="2024-03-06T10:00:00+00:00">March 6, 2024</time></footer>
<div class="comment-content"><p>{comment}</p></div></article></li>
</ol></section></body></html>"""


def page_html(title, comment, comment_id=11):
    return ARTICLE.format(title=title, canonical=CANONICAL, comment=comment, comment_id=comment_id)


def article(path, title="Three habits worth keeping", comment="This helped me a lot, thanks."):
    # Each comment text gets its own id, as on a real site.
    path.write_text(page_html(title, comment, comment_id=zlib.crc32(comment.encode())))
    return path


def section(title):
    page = AdviceIndexPage(title=title, slug=title.lower().replace(" ", "-"))
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def grant(group, page, *codenames):
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def make_importer(name, page, *codenames):
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="advice_importers", codename="import_articles"
        ),
    )
    grant(group, page, *codenames)
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def sections():
    return section("Section A"), section("Section B")


@pytest.fixture
def victim(tmp_path, sections):
    """An article in section B, imported by an operator (no user), with one comment."""
    _, section_b = sections
    source = article(tmp_path / "original.html")
    status, out, err = run_import(source, "--parent", section_b.pk, "--publish")
    assert status == 0, out + err
    return AdviceArticlePage.objects.get(source_url=CANONICAL)


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def test_a_user_with_rights_elsewhere_cannot_update_an_article_by_its_canonical_url(
    tmp_path, sections, victim
):
    """Rights on section A do not reach an article in section B with the same canonical."""
    section_a, _ = sections
    make_importer("mallory", section_a, "add_page", "change_page", "publish_page")
    before = revisions(victim)
    attack = article(
        tmp_path / "attack.html", title="Owned", comment="Buy cheap pills at my site today."
    )

    status, out, err = run_import(
        attack, "--parent", section_a.pk, "--user", "mallory", "--publish"
    )

    assert status == 1
    assert "permission to edit" in err
    assert "Three habits" not in err + out  # the page's title is not given away
    victim.refresh_from_db()
    assert victim.title == "Three habits worth keeping"
    assert revisions(victim) == before
    assert not Comment.objects.filter(body__contains="cheap pills").exists()
    record = ImportRecord.objects.order_by("-pk").first()
    assert record.status == ImportRecord.Status.FAILED
    assert record.user.username == "mallory"


def test_edit_rights_without_publish_rights_refuse_a_publishing_reimport(
    tmp_path, sections, victim
):
    """Re-importing with --publish needs publish rights on the page itself."""
    _, section_b = sections
    make_importer("drafter", section_b, "add_page", "change_page")
    changed = article(tmp_path / "changed.html", title="Three habits, revised")

    status, _, err = run_import(
        changed, "--parent", section_b.pk, "--user", "drafter", "--publish"
    )

    assert status == 1 and "not publish" in err
    victim.refresh_from_db()
    assert victim.title == "Three habits worth keeping"


def test_a_draft_reimport_by_an_editor_leaves_new_comments_for_moderation(
    tmp_path, sections, victim
):
    """An editor who cannot publish may add a draft revision; new comments wait as pending."""
    _, section_b = sections
    drafter = make_importer("drafter", section_b, "add_page", "change_page")
    changed = article(
        tmp_path / "changed.html", title="Three habits, revised", comment="A brand new comment."
    )

    status, out, err = run_import(changed, "--parent", section_b.pk, "--user", "drafter")

    assert status == 0, out + err
    assert "UPDATED" in out
    victim.refresh_from_db()
    assert victim.title == "Three habits worth keeping"  # the live page is unchanged
    latest = victim.get_latest_revision()
    assert latest.user == drafter
    assert latest.as_object().title == "Three habits, revised"
    new = Comment.objects.get(body="A brand new comment.")
    assert new.status == Comment.Status.PENDING


def test_a_user_cannot_create_pages_where_they_have_no_add_rights(tmp_path, sections):
    section_a, section_b = sections
    make_importer("mallory", section_a, "add_page", "change_page")
    source = article(tmp_path / "new.html")

    status, _, err = run_import(source, "--parent", section_b.pk, "--user", "mallory")

    assert status == 1 and "permission to add pages under 'Section B'" in err
    assert not AdviceArticlePage.objects.exists()


def test_the_user_option_names_an_active_user_with_the_import_permission(tmp_path, sections):
    source = article(tmp_path / "new.html")
    assert run_import(source, "--user", "nobody")[0] == 2
    get_user_model().objects.create_user("plain", "plain@example.com", "pw")
    status, _, err = run_import(source, "--user", "plain")
    assert status == 2 and "Can import articles" in err


def test_the_import_screen_preview_does_not_reveal_a_page_the_user_cannot_edit(
    client, sections, victim, django_capture_on_commit_callbacks
):
    """The preview of a source that would update someone else's page fails without naming it."""
    section_a, _ = sections
    mallory = make_importer("mallory", section_a, "add_page", "change_page", "publish_page")
    client.force_login(mallory)
    upload = SimpleUploadedFile(
        "attack.html",
        page_html("Owned", "Spam spam spam.", comment_id=99).encode(),
        content_type="text/html",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("advice_importers:import"),
            {
                "parent": section_a.pk,
                "publish": "publish",
                "existing": "update",
                "urls": "",
                "files": [upload],
            },
        )
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.get()
    row = job.sources.get()
    assert row.status == "failed"
    assert "permission to edit" in row.error
    page = client.get(reverse("advice_importers:job", args=[job.pk]))
    assert page.status_code == 200
    assert b"Three habits worth keeping" not in page.content
    assert f"/pages/{victim.pk}/".encode() not in page.content
    # Confirming imports nothing: the failed source is not run.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("advice_importers:job", args=[job.pk]), {"action": "import"})
    victim.refresh_from_db()
    assert victim.title == "Three habits worth keeping"
    assert not Comment.objects.filter(body__contains="Spam").exists()
