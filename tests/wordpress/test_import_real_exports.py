"""The two real exports in ../shared/wordpress import with every item accounted for."""

from __future__ import annotations

import time

import pytest

from advice_blocks.models import AdviceArticlePage, Comment
from tests.shared_data import require_shared

from .conftest import BLOCK_TEST, THEME_UNIT_TEST
from .test_import_export import media_root, run_json  # noqa: F401 - media_root: autouse

pytestmark = pytest.mark.django_db

#: Seconds an import of one export may take. Generous: saving a page is Wagtail's work
#: (revisions, search and reference indexes), and CI machines are shared; a run of the
#: theme test data takes about 15 s on an idle laptop.
TIME_LIMIT = 300


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        (
            THEME_UNIT_TEST,
            {
                "items_read": 186,
                "created": 79,
                "skipped": {"post type attachment": 37, "post type nav_menu_item": 70},
            },
        ),
        (
            BLOCK_TEST,
            {
                "items_read": 72,
                "created": 62,
                "skipped": {"post type attachment": 9, "post type wp_navigation": 1},
            },
        ),
    ],
    ids=["theme-unit-test", "block-test"],
)
def test_every_item_is_accounted_for(export, expected):
    path = require_shared(export)
    start = time.monotonic()
    status, document, err = run_json("--wordpress-export", path, "--include-pages")
    elapsed = time.monotonic() - start
    summary = document["summary"]
    assert status == 0, (document["errors"], err)
    assert summary["items_read"] == expected["items_read"]
    assert summary["imported"] == {"created": expected["created"]}
    assert summary["skipped"] == expected["skipped"]
    assert summary["failed"] == 0
    assert (
        sum(summary["imported"].values()) + sum(summary["skipped"].values()) + summary["failed"]
        == summary["items_read"]
    )
    assert AdviceArticlePage.objects.count() == expected["created"]
    assert elapsed < TIME_LIMIT, f"{elapsed:.0f} s"

    posts = document["articles"]
    assert len({p["page_id"] for p in posts}) == len(posts)  # no post shares a page
    slugs = [p["url"] for p in posts]
    assert len(set(slugs)) == len(slugs)


def test_theme_unit_test_statuses_comments_and_rerun():
    path = require_shared(THEME_UNIT_TEST)
    status, document, _ = run_json("--wordpress-export", path)
    assert status == 0
    posts = {p["post_id"]: p for p in document["articles"]}
    assert posts[1153]["state"] == "scheduled"  # "Scheduled", 2030
    assert posts[1164]["state"] == "draft"
    assert posts[1168]["restriction"] == "password"
    assert posts[1169]["title"] == "(no title)"
    # The posts' 28 comments: 2 pingbacks and 2 trackbacks left out, the rest kept with
    # their status (the pages hold 5 more, imported with --include-pages).
    assert document["summary"]["comments_skipped"] == {"pingback or trackback": 4}
    assert Comment.objects.count() == 24
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    deepest = max(Comment.objects.all(), key=lambda c: _depth(c))
    assert _depth(deepest) >= 5

    # Two posts share a GUID: each keeps its own page, and a re-run changes nothing.
    pages = AdviceArticlePage.objects.count()
    status, again, _ = run_json("--wordpress-export", path)
    assert status == 0
    assert again["summary"]["imported"] == {"unchanged": 58}
    assert AdviceArticlePage.objects.count() == pages


def _depth(comment):
    depth = 0
    while comment.parent_id:
        comment, depth = comment.parent, depth + 1
    return depth
