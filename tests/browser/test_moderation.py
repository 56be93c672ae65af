"""Comment moderation end to end: a reader's comment waits, a moderator approves it in the
Comments admin, and only then does it appear on the page and in the API.

Runs in Debian's chromium against the live server (see ``conftest.py``). With
``ADVICE_BLOCKS_SCREENSHOTS=1`` it also saves the Comments list to ``docs/comments-admin.png``.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advice_blocks.models import Comment
from tests.admin.helpers import MODERATOR_PERMISSIONS, PASSWORD, grant, make_user
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The home page and site, which the flush after an earlier browser test removes.
    pytest.mark.usefixtures("site_tree"),
]

COMMENTS_ADMIN = "/admin/advice_blocks/comment/"
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "comments-admin.png"
READER = "Rosa Reader"
TEXT = "Walking after lunch changed my afternoons."


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_comments_admin(page):
    """Reach the Comments list the way a moderator does: through the "Advice" menu."""
    sidebar = page.get_by_role("navigation", name="Main menu")
    sidebar.get_by_role("button", name="Advice").click()
    sidebar.get_by_role("link", name="Comments").click()
    expect(page).to_have_url(re.compile(rf"{COMMENTS_ADMIN}$"))
    expect(page.get_by_role("heading", name="Comments", level=1)).to_be_visible()


def api_comments(page, article):
    response = page.request.get(f"/api/v2/pages/{article.pk}/")
    assert response.ok, response.status
    return response.json()["comments"]


@pytest.fixture
def moderator():
    return make_user("moderator", grant("Comment moderators", *MODERATOR_PERMISSIONS))


def test_pending_comment_appears_only_once_approved_in_the_admin(page, live_server, moderator):
    article = make_article("Why small walks work")

    # A reader comments through the form on the article.
    page.goto(article.url)
    form = page.locator("form.comment-form")
    form.get_by_label("Name").fill(READER)
    form.get_by_label("Comment").fill(TEXT)
    form.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"\?comment=pending#comments$"))
    expect(form.get_by_role("status")).to_contain_text("once a moderator approves it")

    comment = Comment.objects.get()
    assert (comment.author_name, comment.body, comment.status) == (READER, TEXT, "pending")

    # It is not shown, on the page or in the API.
    comments = page.locator("#comments")
    expect(comments.get_by_role("heading", level=2)).to_have_text("0 comments")
    expect(comments.locator(".comment")).to_have_count(0)
    expect(page.get_by_text(TEXT)).to_have_count(0)
    assert api_comments(page, article) == []

    # A moderator approves it in the Comments admin.
    log_in(page, moderator.username)
    open_comments_admin(page)
    row = page.locator(f"tr[data-object-pk='{comment.pk}']")
    expect(row).to_contain_text(READER)
    expect(row).to_contain_text(TEXT)
    expect(row).to_contain_text("Pending")
    row.get_by_role("button", name=f"Approve comment by {READER}").click()
    expect(page.get_by_role("status").get_by_text("1 comment approved.")).to_be_visible()
    expect(row).to_contain_text("Approved")
    expect(row.get_by_role("button", name=f"Approve comment by {READER}")).to_have_count(0)
    comment.refresh_from_db()
    assert comment.status == "approved"

    # Now the page and the API show it.
    page.goto(article.url)
    expect(comments.get_by_role("heading", level=2)).to_have_text("1 comment")
    shown = comments.locator(f"#comment-{comment.pk}")
    expect(shown.locator(".comment__author")).to_have_text(READER)
    expect(shown.locator(".comment__body")).to_have_text(TEXT)
    assert [(c["id"], c["author"], c["paragraphs"]) for c in api_comments(page, article)] == [
        (comment.pk, READER, [TEXT])
    ]

    if os.environ.get("ADVICE_BLOCKS_SCREENSHOTS") == "1":
        save_docs_screenshot(page, article)


def test_moderate_a_selection_from_the_list(page, live_server, moderator):
    article = make_article("Seven reasons to nap")
    names = ["Ann", "Bob", "Cy"]
    for day, name in enumerate(names, start=1):
        Comment.objects.create(
            page=article,
            author_name=name,
            body=f"Buy cheap watches, says {name}.",
            created_at=datetime.datetime(2024, 3, day, tzinfo=datetime.UTC),
        )
    by_name = {c.author_name: c.pk for c in Comment.objects.all()}

    log_in(page, moderator.username)
    page.goto(COMMENTS_ADMIN)
    # "Select all" ticks every row; then leave Bob out.
    page.get_by_role("checkbox", name="Select all comments").check()
    for name in names:
        expect(page.get_by_role("checkbox", name=f"Select the comment by {name}")).to_be_checked()
    page.get_by_role("checkbox", name="Select the comment by Bob").uncheck()
    expect(page.get_by_role("checkbox", name="Select all comments")).not_to_be_checked()
    page.get_by_role("button", name="Mark selected as spam").click()

    expect(page.get_by_role("status").get_by_text("2 comments marked as spam.")).to_be_visible()
    assert dict(Comment.objects.values_list("author_name", "status")) == {
        "Ann": "spam",
        "Bob": "pending",
        "Cy": "spam",
    }
    expect(page.locator(f"tr[data-object-pk='{by_name['Bob']}']")).to_contain_text("Pending")
    expect(page.locator(f"tr[data-object-pk='{by_name['Ann']}']")).to_contain_text("Spam")


def save_docs_screenshot(page, article):
    """The Comments list with comments of every status, for the docs."""
    other = make_article("Seven reasons to nap", slug="seven-reasons-to-nap")
    examples = [
        (
            other,
            "Sam Keen",
            "Napping at two o'clock is the secret. Twenty minutes, no more.",
            "pending",
        ),
        (
            article,
            "Jo Marsh",
            "I walk to the station now instead of driving. Best decision.",
            "approved",
        ),
        (other, "Best Deals", "Cheap watches!!! Visit my site for 90% off today only.", "spam"),
        (article, "Anon", "This is all nonsense and so are you.", "rejected"),
        (
            article,
            "Priya N.",
            "Does a walk on a treadmill count, or does it have to be outside?",
            "pending",
        ),
    ]
    for day, (on, name, body, status) in enumerate(examples, start=2):
        Comment.objects.create(
            page=on,
            author_name=name,
            body=body,
            status=status,
            created_at=datetime.datetime(2026, 11, day, 9, 30, tzinfo=datetime.UTC),
        )
    page.set_viewport_size({"width": 1600, "height": 860})
    page.goto(COMMENTS_ADMIN)
    expect(page.locator("table.listing > tbody > tr")).to_have_count(len(examples) + 1)
    DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOT), animations="disabled")
