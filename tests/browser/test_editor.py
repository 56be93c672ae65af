"""The page editor, end to end: build a listicle in Wagtail's admin, reorder it, publish it.

Numbers are never typed by editors; they follow an item's position. This drives the real
StreamField editor in chromium to prove that moving a reason with the editor's own
"Move up" controls renumbers it on the published page.

Wagtail autosaves the editor (since 7.3), and the first autosave of a new page creates it:
a Publish clicked before that autosave has answered posts to the create URL again (see
``tests/browser/autosave.py``). Each test therefore fixes ``WAGTAIL_AUTOSAVE_INTERVAL`` and
asserts one path: autosave off, Publish creates the page; autosave on, the test waits until
the autosave has settled (the page exists and the editor is on its edit URL), then Publish
publishes that page. A third test pins down what an editor on a slow server gets today.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from advice_blocks.models import AdviceArticlePage
from tests.browser.autosave import (
    answer_autosaves_late,
    expect_autosave_off,
    is_autosave,
    is_form_submit,
    wait_for_autosave_to_settle,
    wait_for_edits_to_be_watched,
    watch_autosave,
)
from tests.browser.conftest import TIMEOUT_MS

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


@pytest.fixture
def home(page, site_tree):
    """The home page (made by migrations, or ``site_tree``), with an editor logged in."""
    get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
    log_in(page)
    return site_tree.root_page.specific


def create_path(home):
    return f"/admin/pages/add/advice_blocks/advicearticlepage/{home.pk}/"


def edit_path(article):
    return f"/admin/pages/{article.pk}/edit/"


def open_new_article(page, home):
    """Open the "New: Advice article" form below the home page."""
    page.goto(create_path(home))
    expect(page.get_by_role("heading", name="New: Advice article")).to_have_count(1)


def title_field(page):
    return page.get_by_role("textbox", name="Title*", exact=True)


def build_listicle(page):
    """Add a listicle of three reasons, move the third to the top; return that reason's id."""
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
    return gamma_id


def publish(page, live_server):
    """Publish from the footer's "More actions" menu; return where the form went and the status.

    Wagtail answers a publish with a redirect (302), a form shown again with errors with 200.
    """
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    with page.expect_response(lambda response: is_form_submit(response.request)) as response_info:
        footer.get_by_role("button", name="Publish").click()
    response = response_info.value
    return response.request.url.removeprefix(live_server.url), response.status


def assert_published_in_order(page, home, gamma_id):
    """Exactly one live article below home, its reasons in the editor's order, numbered."""
    article = AdviceArticlePage.objects.child_of(home).get()
    assert article.title == TITLE
    assert article.live
    (block,) = article.body
    assert block.block_type == "listicle"
    assert block.value["heading"] == "Three reasons"
    assert [reason["heading"] for reason in block.value["items"]] == ["Gamma", "Alpha", "Beta"]
    assert block.value["items"].bound_blocks[0].id == gamma_id
    assert "moved to the top" in block.value["items"][0]["body"].source

    # The published page numbers the reasons by their new positions: each item is the
    # list's own numbered marker (``<li value>``) and its anchor.
    page.goto(article.url)  # relative, as the test database has a single site
    items_on_page = page.locator("ol.listicle__items > li")
    expect(items_on_page).to_have_count(3)
    texts = dict(REASONS)
    for number, heading in enumerate(["Gamma", "Alpha", "Beta"], start=1):
        item = items_on_page.nth(number - 1)
        expect(item).to_have_id(f"reason-{number}")
        expect(item).to_have_attribute("value", str(number))
        expect(item.locator("h3")).to_contain_text(heading)
        expect(item.locator(".reason__body")).to_have_text(texts[heading])
    return article


def test_editor_reorders_listicle_reasons_and_numbers_follow(page, home, live_server, settings):
    """With autosave off, Publish creates the page; its numbers follow the editor's order."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # 0 turns autosave off
    autosaves = []
    page.on("request", lambda request: is_autosave(request) and autosaves.append(request.url))

    open_new_article(page, home)
    expect_autosave_off(page)
    title_field(page).fill(TITLE)
    gamma_id = build_listicle(page)
    assert not AdviceArticlePage.objects.child_of(home).exists()

    assert publish(page, live_server) == (create_path(home), 302)
    expect(page.get_by_text(f"Page '{TITLE}' created and published.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{home.pk}/$"))
    assert autosaves == []

    article = assert_published_in_order(page, home, gamma_id)
    if os.environ.get("ADVICE_BLOCKS_SCREENSHOTS") == "1":
        save_docs_screenshot(page, article)


def test_editor_publishes_the_page_its_autosave_created(page, home, live_server, settings):
    """With autosave on, Publish after the autosave settled publishes the autosaved page."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500  # Wagtail 8's default, fixed here
    watch_autosave(page)
    autosaves = []
    page.on(
        "response",
        lambda response: (
            is_autosave(response.request)
            and autosaves.append((response.url.removeprefix(live_server.url), response.status))
        ),
    )

    open_new_article(page, home)
    # Edits made before w-unsaved's first snapshot are part of it: wait for it, so that
    # building the page is sure to start an autosave.
    wait_for_edits_to_be_watched(page)
    title_field(page).fill(TITLE)
    gamma_id = build_listicle(page)
    wait_for_autosave_to_settle(page)

    # The first autosave created the page as a draft; the editor now edits it.
    draft = AdviceArticlePage.objects.child_of(home).get()
    assert not draft.live
    expect(page).to_have_url(re.compile(rf"{re.escape(edit_path(draft))}$"))
    # One autosave created the page; every autosave after it went to the page's edit URL.
    # An autosave sent before then may have been refused (400): the title was typed but the
    # slug, which Wagtail fills from it when the field loses focus, was still empty.
    created = autosaves.index((create_path(home), 200))
    assert {status for _, status in autosaves[:created]} <= {400}
    assert set(autosaves[created + 1 :]) <= {(edit_path(draft), 200)}

    assert publish(page, live_server) == (edit_path(draft), 302)
    expect(page.get_by_text(f"Page '{TITLE}' has been published.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{home.pk}/$"))

    article = assert_published_in_order(page, home, gamma_id)
    assert article.pk == draft.pk


def test_publish_before_the_first_autosave_answers_is_refused_as_a_slug_clash(
    page, home, live_server, settings
):
    """Known issue: Publish sent while the autosave that created the page is unanswered.

    The server has created the page (as a draft) but has not answered yet, as on a slow
    server, so the editor's form still posts to the create URL: Wagtail refuses to create
    the page a second time ("slug already in use") and shows the create form again. When
    the server handles both requests at once, the Publish fails with a 500 instead (the
    CI failure of issue 12); that interleaving needs a patched Wagtail, so it is not here.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500  # Wagtail 8's default, fixed here
    watch_autosave(page)
    with answer_autosaves_late() as late:
        open_new_article(page, home)
        wait_for_edits_to_be_watched(page)
        title_field(page).fill(TITLE)
        # Wagtail fills the slug from the title when the field loses focus.
        title_field(page).blur()
        assert late.created.wait(TIMEOUT_MS / 1000), "no autosave created the page"
        draft = AdviceArticlePage.objects.child_of(home).get()
        assert not draft.live
        expect(page).to_have_url(re.compile(rf"{re.escape(create_path(home))}$"))

        assert publish(page, live_server) == (create_path(home), 200)
        expect(page.get_by_role("heading", name="New: Advice article")).to_have_count(1)
        expect(
            page.get_by_text("The page could not be created due to validation errors.")
        ).to_be_visible()
        # The slug field's error, on the (hidden) Promote tab.
        slug_error = f"The slug '{draft.slug}' is already in use within the parent page."
        expect(page.locator(".error-message", has_text=slug_error)).to_have_count(1)
        # The form shown again is a create form too: its own autosave is refused as well.
        indicator = page.locator("#w-autosave-indicator")
        expect(indicator.get_by_text("Autosave is paused")).to_be_visible()

    # Nothing was published and nothing duplicated: the autosaved draft is the only page.
    assert list(AdviceArticlePage.objects.child_of(home).values_list("pk", "live")) == [
        (draft.pk, False)
    ]
