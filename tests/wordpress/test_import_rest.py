"""``import_articles --wordpress-site``: a live WordPress site (the loopback fake of
``rest_server.py``, serving the team's export fixture) stored as the export file is.

The REST API shows a visitor only published posts and approved comments, so the pages
compared with the export's are those of the published posts (101, 102, 103; 107 is
password-protected, so its content is withheld), and the comments those the API shows.
"""

from __future__ import annotations

import functools
import json

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from advice_blocks.models import AdviceArticlePage, ArticleCategory, Author, Comment
from importers.models import ImportRecord, SourceAlias
from importers.sources.wordpress.rest import WordPressSite
from importers.store.site import PROTECTED
from tests.commands.runner import run_import
from tests.shared_data import PROJECT

from .conftest import FIXTURE
from .rest_server import Fault, fake_wordpress, wordpress_error

pytestmark = pytest.mark.django_db

UPLOADS = PROJECT / "fixtures" / "wordpress" / "uploads"
PUBLIC_POSTS = [101, 102, 103]
SITE = "https://advice.example.org"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """These tests save images: MEDIA_ROOT in the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": True,
        "FETCH_TIMEOUT": 5,
    }


@pytest.fixture
def two_a_page(monkeypatch):
    """Listings of two items a page, so the posts (and comments) span several pages."""
    import importers.store.site

    monkeypatch.setattr(
        importers.store.site, "WordPressSite", functools.partial(WordPressSite, per_page=2)
    )


@pytest.fixture
def server():
    with fake_wordpress() as httpd:
        yield httpd


def site_args(server, *args):
    return ("--wordpress-site", server.base + "/", "--delay", "0", *args)


def run_json(*args):
    status, out, err = run_import(*args, "--format", "json")
    return status, json.loads(out), err


def page_for(post_id):
    alias = SourceAlias.objects.get(key=f"wordpress:{SITE}#{post_id}")
    return AdviceArticlePage.objects.get(pk=alias.page_id)


def structure(post_id, *, statuses=("approved", "pending", "spam")):
    """What an editor and a reader see of the post's page."""
    page = page_for(post_id)
    body = list(page.body)
    counts = {
        kind: sum(len(b.value["items"]) for b in body if b.block_type == kind)
        for kind in ("listicle", "faq")
    }
    comments = {
        c.source_key: (c.parent.source_key if c.parent else None, c.status, c.author_name, c.body)
        for c in Comment.objects.filter(page=page, status__in=statuses)
    }
    return {
        "title": page.title,
        "slug": page.slug,
        "url_path": page.url_path,
        "live": page.live,
        "source_url": page.source_url,
        "published": page.original_published,
        "updated": page.last_updated,
        "search_description": page.search_description,
        "intro": str(page.intro),
        "blocks": [b.block_type for b in body],
        "counts": counts,
        "body": [_without_ids(b.get_prep_value()) for b in body],
        "authors": [a.name for a in page.authors],
        "tags": sorted(t.name for t in page.tags.all()),
        "categories": sorted(
            " / ".join(c.name for c in category.ancestry()) for category in page.categories.all()
        ),
        "image": page.image.file_hash if page.image else None,
        "redirects": sorted(r.old_path for r in Redirect.objects.filter(redirect_page=page)),
        "comments": comments,
        "aliases": sorted(SourceAlias.objects.filter(page=page).values_list("key", flat=True)),
    }


def _without_ids(data):
    """Block data with block ids left out and image ids as the image's file hash (two
    imports into emptied sites number images differently)."""
    Image = get_image_model()
    if isinstance(data, list):
        return [_without_ids(value) for value in data]
    if not isinstance(data, dict):
        return data
    return {
        key: (
            Image.objects.get(pk=value).file_hash
            if key == "image" and isinstance(value, int)
            else _without_ids(value)
        )
        for key, value in data.items()
        if key != "id"
    }


def forget_imports():
    """Delete what an import made, so the next one starts from an empty site."""
    for page in AdviceArticlePage.objects.all():
        page.delete()
    for model in (ImportRecord, Redirect, ArticleCategory, Author, get_image_model()):
        model.objects.all().delete()


# -- the same structure as the export ------------------------------------------------------


def test_the_site_comes_out_as_the_export_does(server, two_a_page):
    status, document, err = run_json(*site_args(server, "--wordpress-uploads", UPLOADS))
    assert status == 0, (document["errors"], err)
    summary = document["summary"]
    assert summary["imported"] == {"created": 3}
    assert summary["skipped"] == {PROTECTED: 1}
    assert summary["failed"] == 0
    assert summary["accounted_for"] == summary["items_read"] == 4
    assert summary["announced"] == {"post": 4}
    assert summary["problems"] == []
    assert document["site"]["api"] == server.base + "/wp-json/"
    assert document["site"]["title"]
    (protected,) = document["skipped"]
    assert protected["post_id"] == 107
    assert AdviceArticlePage.objects.count() == 3
    rest = {post_id: structure(post_id) for post_id in PUBLIC_POSTS}

    forget_imports()
    status, document, err = run_json("--wordpress-export", FIXTURE, "--wordpress-uploads", UPLOADS)
    assert status == 0, (document["errors"], err)
    # The REST API shows only approved comments.
    export = {post_id: structure(post_id, statuses=("approved",)) for post_id in PUBLIC_POSTS}
    for post_id in PUBLIC_POSTS:
        for name, value in export[post_id].items():
            assert rest[post_id][name] == value, (post_id, name)

    bike = rest[101]
    assert bike["title"] == "7 Ways to Keep Your Bike Running Through Winter"
    assert bike["slug"] == "keep-your-bike-running-through-winter"
    assert bike["counts"] == {"listicle": 7, "faq": 3}
    assert bike["authors"] == ["Maria Okafor"]
    assert bike["tags"] == ["Beginners", "Winter"]
    assert bike["categories"] == ["Outdoors / Cycling / Bike maintenance"]
    assert bike["image"] is not None
    assert bike["redirects"] == ["/2024/01/keep-your-bike-running-through-winter"]
    assert set(bike["comments"]) == {"id:501", "id:502", "id:503"}
    assert bike["comments"]["id:503"][0] == "id:502"
    assert bike["comments"]["id:502"][0] == "id:501"
    assert rest[102]["counts"] == {"listicle": 5, "faq": 0}
    assert rest[103]["counts"] == {"listicle": 0, "faq": 3}


def test_featured_images_are_downloaded_through_the_fetcher(server):
    """Without an uploads folder, --download-images fetches the featured image (and the
    images in the text) from the site, through the fetcher's guards."""
    server.uploads = UPLOADS
    old = f"{SITE}/wp-content/uploads/"
    new = f"{server.base}/wp-content/uploads/"
    for item in server.items:
        item.content = item.content.replace(old, new)
        item.attachment_url = item.attachment_url.replace(old, new)
    status, document, err = run_json(*site_args(server, "--download-images"))
    assert status == 0, (document["errors"], err)
    assert page_for(101).image is not None
    assert page_for(102).image is None  # no featured image
    images = get_image_model().objects.count()
    assert images == 2  # the chain (featured and in the text) and the alarm clock
    assert any("/wp-content/uploads/2024/01/chain-rag.jpg" in hit for hit in server.hits)

    # Without downloads and without the uploads folder: skipped, with the reason.
    forget_imports()
    status, document, _ = run_json(*site_args(server))
    assert status == 0
    (bike,) = [a for a in document["articles"] if a["post_id"] == 101]
    assert any(
        "featured image skipped" in w and "downloads are off" in w for w in bike["warnings"]
    )
    assert page_for(101).image is None


def test_pages_users_and_dry_run(server, django_user_model):
    from django.contrib.auth.models import Permission

    status, document, _ = run_json(*site_args(server, "--include-pages", "--dry-run"))
    assert status == 0
    assert AdviceArticlePage.objects.count() == 0
    assert ImportRecord.objects.count() == Redirect.objects.count() == 0
    assert document["summary"]["imported"] == {"previewed": 4}
    posts = {a["post_id"]: a for a in document["articles"]}
    assert posts[301]["post_type"] == "page"
    bike = posts[101]
    assert bike["action"] == "create"
    assert bike["publication"] == {"state": "live", "go_live_at": None, "restriction": None}
    assert bike["redirects"] == [
        {"old_path": "/2024/01/keep-your-bike-running-through-winter", "action": "would create"}
    ]
    assert [c["status"] for c in bike["comments"]] == ["approved"]

    # --user: an editor without the import permission is refused before anything is read.
    editor = django_user_model.objects.create_user("editor", password="x")
    status, _, err = run_import(*site_args(server, "--user", "editor"))
    assert status == 2 and "permission" in err
    editor.user_permissions.add(Permission.objects.get(codename="import_articles"))
    status, document, _ = run_json(*site_args(server, "--user", "editor"))
    # Not allowed to add pages under the root: every post fails, with the reason.
    assert status == 1
    assert document["summary"]["failed"] == 3
    assert AdviceArticlePage.objects.count() == 0


def test_publish_is_ignored_with_a_note(server):
    status, out, err = run_import(*site_args(server, "--publish"))
    assert status == 0
    assert "--publish is ignored with --wordpress-site" in err
    assert "Summary: 4 items read from the site" in out
    assert "3 created" in out and "1 skipped" in out
    assert f"skipped 1: {PROTECTED}" in out


# -- re-runs -----------------------------------------------------------------------------------


def counts():
    return (
        AdviceArticlePage.objects.count(),
        Redirect.objects.count(),
        Comment.objects.count(),
        ArticleCategory.objects.count(),
        Author.objects.count(),
        get_image_model().objects.count(),
        SourceAlias.objects.count(),
    )


def test_a_rerun_changes_nothing(server):
    args = site_args(server, "--wordpress-uploads", UPLOADS)
    assert run_import(*args)[0] == 0
    before = counts()
    revisions = {p.pk: p.latest_revision_id for p in AdviceArticlePage.objects.all()}
    status, document, _ = run_json(*args)
    assert status == 0
    assert document["summary"]["imported"] == {"unchanged": 3}
    assert {a["post_id"]: a["redirects"] for a in document["articles"]}[101] == [
        {"old_path": "/2024/01/keep-your-bike-running-through-winter", "action": "exists"}
    ]
    assert counts() == before
    assert revisions == {p.pk: p.latest_revision_id for p in AdviceArticlePage.objects.all()}


def test_a_changed_post_updates_its_page(server):
    assert run_import(*site_args(server))[0] == 0
    bike = page_for(101)
    item = server.by_id[101]
    item.content = item.content.replace("Salt, grit and cold rain wear", "Salt, grit and icy rain")
    item.link = f"{SITE}/bikes/winter-bike-care/"
    status, document, _ = run_json(*site_args(server))
    assert status == 0
    assert document["summary"]["imported"] == {"updated": 1, "unchanged": 2}
    assert AdviceArticlePage.objects.count() == 3
    bike.refresh_from_db()
    assert bike.source_url == f"{SITE}/bikes/winter-bike-care/"
    assert "icy rain" in str(bike.intro) + str(bike.body.raw_data)


def test_export_then_site_then_export_never_duplicates(server):
    args = ("--wordpress-uploads", UPLOADS)
    assert run_import("--wordpress-export", FIXTURE, *args)[0] == 0
    before = counts()
    pages = set(AdviceArticlePage.objects.values_list("pk", flat=True))

    status, document, err = run_json(*site_args(server, *args))
    assert status == 0, (document["errors"], err)
    assert sum(document["summary"]["imported"].values()) == 3
    assert "created" not in document["summary"]["imported"]
    assert counts() == before
    assert set(AdviceArticlePage.objects.values_list("pk", flat=True)) == pages
    # The export's pending and spam comments are still there: the site does not show them.
    assert Comment.objects.filter(page=page_for(101), source_key="id:505").exists()

    status, document, _ = run_json("--wordpress-export", FIXTURE, *args)
    assert status == 0
    assert "created" not in document["summary"]["imported"]
    assert counts() == before


def test_site_then_export_never_duplicates(server):
    assert run_import(*site_args(server, "--wordpress-uploads", UPLOADS))[0] == 0
    status, document, _ = run_json("--wordpress-export", FIXTURE, "--wordpress-uploads", UPLOADS)
    assert status == 0
    imported = document["summary"]["imported"]
    # The three public posts are found again; the four the site did not show are new.
    assert imported.get("created") == 4
    assert AdviceArticlePage.objects.count() == 7
    assert SourceAlias.objects.filter(key__startswith="wordpress:").count() == 7


# -- problems ----------------------------------------------------------------------------------


def test_no_api_is_a_clear_error(server):
    server.pretty_permalinks = False
    server.faults.append(Fault("*", 404, wordpress_error("rest_no_route", "No route.", 404)))
    status, out, err = run_import(*site_args(server))
    assert status == 1
    assert "Cannot import" in err and "no WordPress REST API found" in err
    assert AdviceArticlePage.objects.count() == 0


@pytest.mark.parametrize("code", [401, 403])
def test_a_refused_api_is_a_clear_error(server, code):
    body = wordpress_error("rest_cannot_access", "Only authenticated users.", code)
    server.faults.append(Fault("*", code, body))
    status, _, err = run_import(*site_args(server))
    assert status == 1
    assert f"refused access (HTTP {code})" in err
    assert "import an export (WXR)" in err


def test_a_broken_listing_page_keeps_the_rest_and_fails_the_run(server, two_a_page):
    server.faults.append(Fault("/wp/v2/posts", 200, b"<html>Oops</html>", page=2))
    status, document, err = run_json(*site_args(server))
    assert status == 1
    assert "could not be read to its end" in err
    assert document["summary"]["imported"] == {"created": 2}
    (error,) = document["errors"]
    assert "page 2" in error["error"] and "not valid JSON" in error["error"]
    assert "the 2 read before it are kept" in error["error"]
    assert [hit.split("page=")[-1] for hit in server.hits if "/wp/v2/posts" in hit] == ["1", "2"]


def test_a_failing_comment_listing_is_reported(server):
    server.faults.append(Fault("/wp/v2/comments", 500))
    status, out, err = run_import(*site_args(server))
    assert status == 1
    assert "comments of post 101" in err
    assert AdviceArticlePage.objects.count() == 3  # the posts are imported


def test_usage_errors(server):
    cases = [
        (("--wordpress-site", "ftp://example.com/"), "needs an http(s) URL"),
        (("--wordpress-site", server.base, "--wordpress-export", FIXTURE), "not both"),
        (("--wordpress-site", server.base, "--sitemap", server.base), "not both"),
        (("--wordpress-site", server.base, "article.html"), "not both"),
        (("--wordpress-site", server.base, "--delay", "-1"), "--delay"),
        (("--wordpress-site", server.base, "--include", "/x/*"), "go with --sitemap"),
        (("--delay", "1", "article.html"), "--delay goes with"),
    ]
    for args, message in cases:
        status, _, err = run_import(*args)
        assert (status, message in err) == (2, True), (args, err)
    assert server.hits == []


def test_private_addresses_are_refused_without_the_setting(server, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "ALLOW_PRIVATE_URLS": False}
    status, _, err = run_import(*site_args(server))
    assert status == 1
    assert "ALLOW_PRIVATE_URLS" in err
    assert server.hits == []
