"""The page editor, end to end: build a listicle in Wagtail's admin, reorder it, publish it.

Numbers are never typed by editors; they follow an item's position. This drives the real
StreamField editor in chromium to prove that moving a reason with the editor's own
"Move up" controls renumbers it on the published page.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from advice_blocks.models import AdviceArticlePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "editor"
PASSWORD = "correct horse battery staple"
TITLE = "Why we test in a real browser"
REASONS = [
    ("Alpha", "The first reason, typed first."),
    ("Beta", "The second reason, typed second."),
    ("Gamma", "The third reason, moved to the top."),
]
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "editor-listicle.png"


def stream_block(stream, block_type):
    """The StreamField blocks of ``block_type``, found by the hidden type input Wagtail sends."""
    return stream.locator("[data-streamfield-child]").filter(
        has=stream.page.locator(f'input[type="hidden"][name$="-type"][value="{block_type}"]')
    )


def own_field(block, name):
    """The ``name`` field of a StructBlock's form, not the same-named field of a reason in it.

    Wagtail marks every block and field with ``data-contentpath``; the listicle's reasons
    live under its ``items`` field, whose reasons have a ``heading`` and a ``body`` too.
    """
    return block.locator(f'[data-contentpath="{name}"]:not([data-contentpath="items"] *)')


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def fill_reason(reason, heading, text):
    reason.locator('[data-contentpath="heading"]').get_by_role("textbox").fill(heading)
    # Draftail is a contenteditable (role "textbox"); type into it like an editor does so
    # that Draft.js sees real key events and updates its hidden input.
    editor = reason.locator('[data-contentpath="body"]').get_by_role("textbox")
    editor.click()
    editor.press_sequentially(text)
    expect(editor).to_have_text(text)


def expect_headings(reasons, headings):
    """Wait until the reasons' heading fields read ``headings``, top to bottom."""
    expect(reasons).to_have_count(len(headings))
    for index, heading in enumerate(headings):
        field = reasons.nth(index).locator('[data-contentpath="heading"]').get_by_role("textbox")
        expect(field).to_have_value(heading)


def expect_labels(reasons, labels):
    """Wait until the reasons' block headers (shown when collapsed) read ``labels``."""
    for index, label in enumerate(labels):
        title = reasons.nth(index).locator("[data-panel-heading-text]").first
        expect(title).to_have_text(label)


def save_docs_screenshot(page, article):
    """Screenshot the published article's listicle in the editor, for the docs."""
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(f"/admin/pages/{article.pk}/edit/")
    listicle = stream_block(page.get_by_role("region", name="Body", exact=True), "listicle")
    expect(own_field(listicle, "heading").get_by_role("textbox")).to_have_value("Three reasons")
    DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    listicle.screenshot(
        path=str(DOCS_SCREENSHOT),
        animations="disabled",
        # The editor's sticky footer ("Save draft") would cover the last reason.
        style="footer.footer { visibility: hidden !important; }",
    )


def test_editor_reorders_listicle_reasons_and_numbers_follow(page, site_tree):
    get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
    # The home page made by migrations (re-made by ``site_tree`` after an earlier flush).
    home = site_tree.root_page.specific

    log_in(page)

    # Create an advice article below the home page, which only allows advice articles,
    # so Wagtail goes straight to the "New: Advice article" form.
    page.goto(f"/admin/pages/{home.pk}/")
    page.get_by_role("link", name="Add child page").click()
    expect(page).to_have_url(
        re.compile(rf"/admin/pages/add/advice_blocks/advicearticlepage/{home.pk}/$")
    )
    expect(page.get_by_role("heading", name="New: Advice article")).to_have_count(1)
    page.get_by_role("textbox", name="Title*", exact=True).fill(TITLE)

    # Add a listicle to the body StreamField through the block chooser.
    body = page.get_by_role("region", name="Body", exact=True)
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Listicle").click()
    listicle = stream_block(body, "listicle")
    expect(listicle).to_have_count(1)
    own_field(listicle, "heading").get_by_role("textbox").fill("Three reasons")

    # The reasons ListBlock starts with one empty reason (min_num=1); add the other two
    # with the list's last "Add" button, which appends.
    items = own_field(listicle, "items")
    reasons = items.locator("[data-streamfield-child]")
    expect(reasons).to_have_count(1)
    for index, (heading, text) in enumerate(REASONS):
        if index:
            items.locator("[data-streamfield-list-add]").last.click()
            expect(reasons).to_have_count(index + 1)
        fill_reason(reasons.nth(index), heading, text)

    expect_headings(reasons, ["Alpha", "Beta", "Gamma"])

    # Move "Gamma" to the top with its "Move up" action, one step at a time. Pin the reason
    # by its block id (Wagtail's data-contentpath), as "the third reason" changes on moving.
    gamma_id = reasons.nth(2).get_attribute("data-contentpath")
    gamma = items.locator(f'[data-streamfield-child][data-contentpath="{gamma_id}"]')
    move_up = gamma.locator('[data-streamfield-action="MOVE_UP"]')
    expect(move_up).to_have_accessible_name("Move up")
    move_up.click()
    expect_headings(reasons, ["Alpha", "Gamma", "Beta"])
    move_up.click()
    expect_headings(reasons, ["Gamma", "Alpha", "Beta"])
    # Collapsed reasons are labelled with the number the page will show.
    expect_labels(reasons, ["1. Gamma", "2. Alpha", "3. Beta"])
    # At the top of the list the control is disabled.
    expect(move_up).to_be_disabled()

    # Publish from the footer's "More actions" menu.
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
    # Wagtail 8 autosaves a new page as a draft once its form is valid enough, so depending
    # on timing "Publish" either creates the page or publishes the autosaved draft.
    published = re.compile(
        rf"Page '{re.escape(TITLE)}' (created and published|has been published)\."
    )
    expect(page.get_by_text(published)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{home.pk}/$"))

    # Exactly one article below home: autosave and publishing did not make two pages.
    article = AdviceArticlePage.objects.child_of(home).get()
    assert article.title == TITLE
    assert article.live
    (block,) = article.body
    assert block.block_type == "listicle"
    assert block.value["heading"] == "Three reasons"
    assert [reason["heading"] for reason in block.value["items"]] == ["Gamma", "Alpha", "Beta"]
    assert block.value["items"].bound_blocks[0].id == gamma_id
    assert "moved to the top" in block.value["items"][0]["body"].source

    # The published page numbers the reasons by their new positions.
    page.goto(article.url)  # relative, as the test database has a single site
    items_on_page = page.locator("ol.listicle__items > li")
    expect(items_on_page).to_have_count(3)
    texts = dict(REASONS)
    for number, heading in enumerate(["Gamma", "Alpha", "Beta"], start=1):
        item = items_on_page.nth(number - 1)
        expect(item).to_have_id(f"reason-{number}")
        expect(item.locator("h3")).to_have_text(f"{number}. {heading}")
        expect(item.locator(".reason__body")).to_have_text(texts[heading])

    if os.environ.get("ADVICE_BLOCKS_SCREENSHOTS") == "1":
        save_docs_screenshot(page, article)
