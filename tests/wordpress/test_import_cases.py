"""``import_articles --wordpress-export``: skips, failures, read problems, taken slugs and
paths, rights, and usage errors. Every post is accounted for."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission, Page, PageViewRestriction

from advice_blocks.models import AdviceArticlePage, ArticleCategory
from importers.models import ImportRecord
from importers.store import pagemeta
from tests.factories import make_article

from .conftest import FIXTURE
from .test_import_export import (
    export_copy,
    media_root,  # noqa: F401 - the autouse fixture, for this module too
    page_for,
    run,
    run_json,
)

pytestmark = pytest.mark.django_db


def home():
    return Page.objects.get(depth=2).specific


def test_trash_and_auto_drafts_are_skipped_with_their_reason(tmp_path):
    export = export_copy(
        tmp_path,
        [
            (
                "<wp:post_name><![CDATA[first-running-shoes]]></wp:post_name>\n"
                "\t\t<wp:status><![CDATA[publish]]>",
                "<wp:post_name><![CDATA[first-running-shoes]]></wp:post_name>\n"
                "\t\t<wp:status><![CDATA[trash]]>",
            ),
            ("<wp:status><![CDATA[draft]]>", "<wp:status><![CDATA[auto-draft]]>"),
        ],
    )
    status, document, _ = run_json("--wordpress-export", export)
    assert status == 0
    summary = document["summary"]
    assert summary["imported"] == {"created": 5}
    assert summary["skipped"]["status trash (in WordPress's trash)"] == 1
    assert summary["skipped"]["status auto-draft (never saved by its author)"] == 1
    assert summary["accounted_for"] == summary["items_read"] == 10
    skipped = {p["post_id"]: p["reason"] for p in document["skipped"]}
    assert skipped == {
        103: "status trash (in WordPress's trash)",
        104: "status auto-draft (never saved by its author)",
    }
    assert AdviceArticlePage.objects.count() == 5


def test_a_failing_post_leaves_nothing_and_the_others_go_on(monkeypatch):
    real = pagemeta.ensure_redirects

    def failing(page, old_paths, user=None):
        if page.slug == "habits-for-easier-mornings":
            raise RuntimeError("disk full")
        return real(page, old_paths, user)

    monkeypatch.setattr(pagemeta, "ensure_redirects", failing)
    status, document, err = run_json("--wordpress-export", FIXTURE)
    assert status == 1
    assert "1 of 10 items failed" in err
    summary = document["summary"]
    assert (summary["imported"], summary["failed"]) == ({"created": 6}, 1)
    assert summary["accounted_for"] == summary["items_read"]
    (error,) = document["errors"]
    assert error["post_id"] == 102
    assert error["source"] == "advice-export.xml: post 102"
    assert "unexpected error (RuntimeError)" in error["error"]
    assert not AdviceArticlePage.objects.filter(slug="habits-for-easier-mornings").exists()
    # Its categories were created in its transaction, and went with it.
    assert not ArticleCategory.objects.filter(slug="routines").exists()
    assert ImportRecord.objects.filter(status="failed").count() == 1


def test_a_broken_export_reports_where_and_keeps_what_came_before(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    cut = text.index("<title><![CDATA[How to Choose Your First Pair")
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:cut] + "<title>unclosed & broken</item>", encoding="utf-8")
    status, document, err = run_json("--wordpress-export", broken)
    assert status == 1
    (problem,) = document["errors"]
    assert problem["line"] > 1 and problem["column"] >= 1
    assert "malformed at line" in problem["error"]
    assert "could not be read to its end" in err
    assert document["summary"]["imported"] == {"created": 2}
    assert document["summary"]["accounted_for"] == document["summary"]["items_read"] == 2


def test_a_taken_slug_gets_a_variant_with_a_warning():
    make_article(title="Taken", slug="first-running-shoes", parent=home())
    status, document, _ = run_json("--wordpress-export", FIXTURE)
    assert status == 0
    (post,) = [a for a in document["articles"] if a["post_id"] == 103]
    assert post["url"] == "/first-running-shoes-2/"
    assert any("the slug 'first-running-shoes' is taken" in w for w in post["warnings"])


def test_old_paths_already_taken_are_skipped_with_a_warning(client):
    elsewhere = make_article(title="Elsewhere", slug="elsewhere", parent=home())
    Redirect.objects.create(
        old_path="/2024/01/keep-your-bike-running-through-winter", redirect_page=elsewhere
    )
    year = make_article(title="2023", slug="2023", parent=home())
    month = make_article(title="November", slug="11", parent=year)
    make_article(title="Habits", slug="habits-for-easier-mornings", parent=month)
    status, document, _ = run_json("--wordpress-export", FIXTURE)
    assert status == 0
    posts = {a["post_id"]: a for a in document["articles"]}
    (bike,) = posts[101]["redirects"]
    assert bike["action"] == "skipped"
    assert "already redirects elsewhere (to /elsewhere/)" in bike["reason"]
    assert any("no redirect from the old path" in w for w in posts[101]["warnings"])
    (mornings,) = posts[102]["redirects"]
    assert mornings["action"] == "skipped"
    assert "a live page is served at that path" in mornings["reason"]
    # The existing redirect still goes where it went.
    response = client.get("/2024/01/keep-your-bike-running-through-winter/")
    assert response["Location"] == "/elsewhere/"


def user_with(django_user_model, name, page_permissions, permissions=()):
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(codename="import_articles"),
        Permission.objects.get(codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in permissions),
    )
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group, page=home(), permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(name.lower(), password="x")
    user.groups.add(group)
    return user


def test_a_user_who_may_not_publish_gets_drafts(django_user_model):
    user_with(django_user_model, "Writer", ["add_page", "change_page"])
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--user", "writer")
    assert status == 0
    assert {a["state"] for a in document["articles"]} == {"draft"}
    assert all(
        any("you may not publish it here" in w for w in a["warnings"])
        for a in document["articles"]
        if a["post_id"] != 104
    )
    # No redirects to drafts; restrictions are in place for when an editor publishes.
    assert Redirect.objects.count() == 0
    assert PageViewRestriction.objects.filter(page=page_for(106)).exists()
    assert not page_for(101).live


def test_redirects_need_the_permission_to_add_them(django_user_model):
    page_rights = ["add_page", "change_page", "publish_page"]
    user_with(django_user_model, "Editor", page_rights)
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--user", "editor")
    assert status == 0
    (post,) = [a for a in document["articles"] if a["post_id"] == 101]
    assert post["state"] == "live"
    assert post["redirects"][0]["reason"] == "you do not have permission to add redirects"
    assert Redirect.objects.count() == 0
    user_with(django_user_model, "Manager", page_rights, ["add_redirect"])
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--user", "manager")
    assert status == 0
    assert Redirect.objects.count() == 5


def test_a_changed_password_and_privacy_are_applied_on_reimport(tmp_path):
    run("--wordpress-export", FIXTURE)
    changed = export_copy(
        tmp_path,
        [
            ("<wp:post_password><![CDATA[spokes]]>", "<wp:post_password><![CDATA[chains]]>"),
        ],
    )
    status, document, _ = run_json("--wordpress-export", changed)
    assert status == 0
    assert document["summary"]["imported"] == {"updated": 1, "unchanged": 6}
    (restriction,) = PageViewRestriction.objects.filter(page=page_for(107))
    assert restriction.password == "chains"


def test_pages_come_with_include_pages():
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--include-pages")
    assert status == 0
    assert document["summary"]["imported"] == {"created": 8}
    about = page_for(301)
    assert about.slug == "about" and about.url == "/about/"
    assert not Redirect.objects.filter(redirect_page=about).exists()  # same path as before


def test_skip_existing_counts_posts_as_skipped():
    run("--wordpress-export", FIXTURE)
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--skip-existing")
    assert status == 0
    summary = document["summary"]
    assert summary["skipped"]["imported before (left as it is)"] == 7
    assert summary["accounted_for"] == summary["items_read"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--wordpress-export", "/nonexistent/export.xml"], "No such file"),
        (["--wordpress-export", FIXTURE, "--wordpress-uploads", "/nonexistent"], "No such folder"),
        (["--wordpress-export", FIXTURE, "--timezone", "Mars/Olympus"], "Unknown timezone"),
        (["--wordpress-export", FIXTURE, FIXTURE], "not both"),
        ([FIXTURE, "--include-pages"], "--include-pages go with --wordpress-export"),
    ],
)
def test_usage_errors(args, message):
    status, _, err = run(*args)
    assert status == 2
    assert message in err
