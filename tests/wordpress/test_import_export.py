"""``import_articles --wordpress-export``: the team's export stored as pages, statuses,
taxonomy, comments, featured image and redirects; re-imports; dry runs."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from advice_blocks.models import AdviceArticlePage, ArticleCategory, Author, Comment
from importers.models import ImportRecord, SourceAlias
from tests.shared_data import PROJECT

from .conftest import FIXTURE

pytestmark = pytest.mark.django_db

UPLOADS = PROJECT / "fixtures" / "wordpress" / "uploads"
#: Post 105 is scheduled for 2024-03-15, a date that has passed: tests of scheduling move it.
SCHEDULED_DATE = "2024-03-15 07:00:00"
FUTURE_DATE = "2099-03-15 07:00:00"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """These tests save images: MEDIA_ROOT in the test's own folder (the package's
    conftest turns the project-wide fixture off for its pure tests)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def run(*args):
    """Run the command; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue(), err.getvalue()


def run_json(*args):
    status, out, err = run(*args, "--format", "json")
    return status, json.loads(out), err


def export_copy(tmp_path, replacements=(), name="export.xml"):
    """The fixture with some text replaced (``(old, new)`` pairs), written to ``tmp_path``."""
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def scheduled_export(tmp_path):
    """The fixture with post 105 scheduled in the future."""
    return export_copy(tmp_path, [(SCHEDULED_DATE, FUTURE_DATE)])


def page_for(post_id):
    alias = SourceAlias.objects.get(key=f"wordpress:https://advice.example.org#{post_id}")
    return AdviceArticlePage.objects.get(pk=alias.page_id)


def test_the_export_comes_out_as_pages(scheduled_export):
    status, document, err = run_json(
        "--wordpress-export", scheduled_export, "--wordpress-uploads", UPLOADS
    )
    assert status == 0, (document["errors"], err)
    summary = document["summary"]
    assert summary["imported"] == {"created": 7}
    assert summary["skipped"] == {
        "post type attachment": 1,
        "post type nav_menu_item": 1,
        "post type page": 1,
    }
    assert summary["failed"] == 0
    assert summary["accounted_for"] == summary["items_read"] == 10
    assert summary["comments_skipped"] == {"pingback or trackback": 1}
    assert AdviceArticlePage.objects.count() == 7
    # Every image is read from the uploads folder: the chain (body and featured image, one
    # image) and the alarm clock.
    assert not [w for a in document["articles"] for w in a["warnings"] if "image" in w]
    assert get_image_model().objects.count() == 2

    bike = page_for(101)
    assert bike.title == "7 Ways to Keep Your Bike Running Through Winter"
    assert bike.slug == "keep-your-bike-running-through-winter"
    assert bike.live
    assert bike.source_url == (
        "https://advice.example.org/2024/01/keep-your-bike-running-through-winter/"
    )
    assert str(bike.original_published) == "2024-01-12"
    assert str(bike.last_updated) == "2024-02-03"
    assert bike.search_description == (
        "Seven small habits that keep a commuter bike rolling until spring."
    )
    blocks = [block.block_type for block in bike.body]
    assert "listicle" in blocks and "faq" in blocks
    listicle = next(block.value for block in bike.body if block.block_type == "listicle")
    assert len(listicle["items"]) == 7
    faq = next(block.value for block in bike.body if block.block_type == "faq")
    assert len(faq["items"]) == 3
    assert [a.name for a in bike.authors] == ["Maria Okafor"]
    assert sorted(t.name for t in bike.tags.all()) == ["Beginners", "Winter"]
    (category,) = bike.categories.all()
    assert [c.name for c in category.ancestry()] == ["Outdoors", "Cycling", "Bike maintenance"]
    assert bike.image is not None
    assert bike.image.title  # from the uploads folder, not downloaded

    mornings = page_for(102)
    assert [a.name for a in mornings.authors] == ["Tom Lindqvist"]
    assert any(block.block_type == "listicle" for block in mornings.body)
    assert set(Author.objects.values_list("name", flat=True)) == {"Maria Okafor", "Tom Lindqvist"}
    assert ArticleCategory.objects.get(slug="routines").parent.slug == "home"


def test_statuses_and_restrictions(scheduled_export):
    status, _, _ = run("--wordpress-export", scheduled_export)
    assert status == 0
    draft = page_for(104)
    assert not draft.live and draft.scheduled_revision is None
    assert draft.slug == "storing-garden-tools-over-winter"  # no post_name: from the title
    assert draft.original_published is None  # a draft's date floats until it is published

    scheduled = page_for(105)
    assert not scheduled.live
    assert scheduled.scheduled_revision is not None
    assert scheduled.go_live_at.isoformat() == "2099-03-15T07:00:00+00:00"
    assert scheduled.status_string == "scheduled"

    private = page_for(106)
    assert private.live
    (restriction,) = PageViewRestriction.objects.filter(page=private)
    assert restriction.restriction_type == PageViewRestriction.LOGIN

    protected = page_for(107)
    assert protected.live
    (restriction,) = PageViewRestriction.objects.filter(page=protected)
    assert restriction.restriction_type == PageViewRestriction.PASSWORD
    assert restriction.password == "spokes"


def test_restricted_pages_are_not_readable(client, scheduled_export):
    run("--wordpress-export", scheduled_export)
    private, protected = page_for(106), page_for(107)
    response = client.get(private.url)
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.get(protected.url)
    assert response.status_code == 200
    assert b"Book the stand a day ahead" not in response.content
    assert client.get(page_for(101).url).status_code == 200


def test_a_scheduled_date_that_has_passed_is_published_with_a_warning():
    status, document, _ = run_json("--wordpress-export", FIXTURE)
    assert status == 0
    (post,) = [a for a in document["articles"] if a["post_id"] == 105]
    assert post["state"] == "live"
    assert any("has passed" in w for w in post["warnings"])


def test_comments_keep_threads_and_statuses():
    run("--wordpress-export", FIXTURE)
    page = page_for(101)
    comments = {c.source_key: c for c in Comment.objects.filter(page=page)}
    assert set(comments) == {"id:501", "id:502", "id:503", "id:505", "id:506"}  # no pingback
    assert comments["id:502"].parent == comments["id:501"]
    assert comments["id:503"].parent == comments["id:502"]
    assert comments["id:501"].status == Comment.Status.APPROVED
    assert comments["id:505"].status == Comment.Status.SPAM
    assert comments["id:506"].status == Comment.Status.PENDING
    assert comments["id:502"].body == (
        "Yes: the belt copes with salt, but the hub and the brakes do not.\n\n"
        "Give those a rinse and you are done."
    )
    assert comments["id:502"].author_url == "https://advice.example.org"
    assert comments["id:501"].created_at.isoformat() == "2024-01-13T08:15:00+00:00"


def test_old_urls_redirect_to_the_new_pages(client):
    status, document, _ = run_json("--wordpress-export", FIXTURE)
    assert status == 0
    bike = page_for(101)
    response = client.get("/2024/01/keep-your-bike-running-through-winter/")
    assert response.status_code == 301
    assert response["Location"] == bike.url
    assert client.get(response["Location"]).status_code == 200
    private = page_for(106)
    response = client.get("/2024/02/newsletter-plans/")
    assert response.status_code == 301 and response["Location"] == private.url
    # Not public on WordPress: no old URL to keep.
    assert not Redirect.objects.filter(redirect_page=page_for(104)).exists()
    (post,) = [a for a in document["articles"] if a["post_id"] == 101]
    assert post["redirects"] == [
        {"old_path": "/2024/01/keep-your-bike-running-through-winter", "action": "created"}
    ]


def test_a_rerun_changes_nothing(scheduled_export):
    args = ("--wordpress-export", scheduled_export, "--wordpress-uploads", UPLOADS)
    assert run(*args)[0] == 0
    counts = (
        AdviceArticlePage.objects.count(),
        Redirect.objects.count(),
        Comment.objects.count(),
        ArticleCategory.objects.count(),
        get_image_model().objects.count(),
        PageViewRestriction.objects.count(),
        SourceAlias.objects.count(),
    )
    revisions = {p.pk: p.latest_revision_id for p in AdviceArticlePage.objects.all()}
    status, document, _ = run_json(*args)
    assert status == 0
    assert document["summary"]["imported"] == {"unchanged": 7}
    assert {a["post_id"]: a["redirects"] for a in document["articles"]}[101] == [
        {"old_path": "/2024/01/keep-your-bike-running-through-winter", "action": "exists"}
    ]
    assert counts == (
        AdviceArticlePage.objects.count(),
        Redirect.objects.count(),
        Comment.objects.count(),
        ArticleCategory.objects.count(),
        get_image_model().objects.count(),
        PageViewRestriction.objects.count(),
        SourceAlias.objects.count(),
    )
    assert revisions == {p.pk: p.latest_revision_id for p in AdviceArticlePage.objects.all()}
    assert page_for(105).scheduled_revision is not None


def test_a_changed_permalink_updates_the_same_page(tmp_path, client):
    run("--wordpress-export", FIXTURE)
    bike = page_for(101)
    moved = export_copy(
        tmp_path,
        [
            (
                "<link>https://advice.example.org/2024/01/keep-your-bike-running-through-winter/",
                "<link>https://advice.example.org/bikes/winter-bike-care/",
            ),
            ("Salt, grit and cold rain wear", "Salt, grit and icy rain wear"),
        ],
    )
    status, document, _ = run_json("--wordpress-export", moved)
    assert status == 0
    assert document["summary"]["imported"] == {"updated": 1, "unchanged": 6}
    assert AdviceArticlePage.objects.count() == 7
    bike.refresh_from_db()
    assert bike.source_url == "https://advice.example.org/bikes/winter-bike-care/"
    assert "icy rain" in str(bike.intro) + str(bike.body.raw_data)
    for old in ("/2024/01/keep-your-bike-running-through-winter/", "/bikes/winter-bike-care/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, bike.url)


def test_a_changed_guid_and_link_still_find_the_page_by_post_id(tmp_path):
    run("--wordpress-export", FIXTURE)
    moved = export_copy(
        tmp_path,
        [
            ("https://advice.example.org/?p=102<", "https://advice.example.org/?p=102-new<"),
            (
                "https://advice.example.org/2023/11/habits-for-easier-mornings/",
                "https://advice.example.org/mornings/",
            ),
        ],
    )
    status, document, _ = run_json("--wordpress-export", moved)
    assert status == 0
    assert AdviceArticlePage.objects.count() == 7
    assert page_for(102).source_url == "https://advice.example.org/mornings/"


def test_dry_run_shows_what_would_be_saved(scheduled_export):
    status, document, _ = run_json(
        "--wordpress-export",
        scheduled_export,
        "--wordpress-uploads",
        UPLOADS,
        "--dry-run",
        "--include-pages",
    )
    assert status == 0
    assert AdviceArticlePage.objects.count() == 0
    assert ImportRecord.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert ArticleCategory.objects.count() == 0
    assert document["summary"]["imported"] == {"previewed": 8}
    posts = {a["post_id"]: a for a in document["articles"]}
    bike = posts[101]
    assert bike["action"] == "create"
    assert bike["slug"] == "keep-your-bike-running-through-winter"
    assert bike["publication"] == {"state": "live", "go_live_at": None, "restriction": None}
    assert bike["tags"] == ["Winter", "Beginners"]
    assert bike["categories"] == [
        {
            "path": "Outdoors / Cycling / Bike maintenance",
            "slug": "bike-maintenance",
            "new": ["outdoors", "cycling", "bike-maintenance"],
        }
    ]
    assert bike["featured_image"]["imported"] is True
    assert bike["redirects"] == [
        {"old_path": "/2024/01/keep-your-bike-running-through-winter", "action": "would create"}
    ]
    (thread, spam, pending) = bike["comments"]
    assert thread["status"] == "approved"
    assert thread["replies"][0]["replies"][0]["author"] == "Priya"
    assert (spam["status"], pending["status"]) == ("spam", "pending")
    assert bike["comments_skipped"] == {"pingback or trackback": 1}
    assert posts[105]["publication"]["state"] == "scheduled"
    assert posts[105]["publication"]["go_live_at"] == "2099-03-15T07:00:00+00:00"
    assert posts[106]["publication"]["restriction"] == "login"
    assert posts[107]["publication"]["restriction"] == "password"
    assert posts[104]["publication"]["state"] == "draft"
    # The page's new URL is its old one (/about/ under the site's root): no redirect.
    assert posts[301]["redirects"] == [
        {"old_path": "/about", "action": "not needed", "reason": "the page is at the old path"}
    ]


def test_publish_is_ignored_with_a_note():
    status, out, err = run("--wordpress-export", FIXTURE, "--publish")
    assert status == 0
    assert "--publish is ignored" in err
    assert not page_for(104).live


def test_text_summary_accounts_for_every_item():
    status, out, _ = run("--wordpress-export", FIXTURE)
    assert status == 0, out
    assert (
        "Summary: 10 items read from advice-export.xml: 7 created, 0 updated, 0 unchanged, "
        "0 conflicts; 3 skipped; 0 failed." in out
    )
    assert "skipped 1: post type attachment" in out
    assert "skipped 1: post type page (--include-pages imports them)" in out
