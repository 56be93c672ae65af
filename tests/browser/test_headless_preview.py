"""Headless preview, end to end: an editor changes an article's draft in Wagtail's admin,
previews it in the "Front end" mode, and the example site's front-end page
(``example_site/frontend/preview.html``) renders the draft it fetched with the token.

The front-end page carries its own Content-Security-Policy of ``'self'`` (a ``<meta>``:
static files get no headers from Django's middleware), so it renders with no inline script
or style; every ``securitypolicyviolation`` it raises is recorded and fails the test.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import listicle, make_article, make_author, reason
from tests.shared_data import in_ci

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "preview-editor"
PASSWORD = "correct horse battery staple"
LIVE_TITLE = "Why walks help"
DRAFT_TITLE = "Why walks help: the draft"
DRAFT_INTRO = "Typed into the draft just now"

# Recorded in every document of the context, before the page's own scripts run (Playwright
# injects it through the browser, not the page, so the page's policy does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def editor(page, site_tree, settings):
    if not apps.is_installed("wagtail_headless_preview"):
        reason = 'wagtail-headless-preview is not installed: pip install -e ".[headless]"'
        if in_ci():
            pytest.fail(f"{reason}. CI=true, and the test extra installs it.", pytrace=False)
        pytest.skip(reason)
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # Wagtail 8: autosave off; the test saves
    get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page


def test_editor_previews_a_draft_in_the_front_end(editor, live_server):
    article = make_article(
        LIVE_TITLE,
        intro="<p>The live intro.</p>",
        author=make_author("Ada Fielding"),
        body=[listicle("Three reasons", [reason("Fresh air"), reason("Sleep"), reason("Calm")])],
    )
    editor.goto(f"/admin/pages/{article.pk}/edit/")

    # Edit the draft: the title, and the intro (Draftail: typed like an editor types).
    editor.get_by_role("textbox", name="Title*", exact=True).fill(DRAFT_TITLE)
    intro = editor.get_by_role("region", name="Intro", exact=True).get_by_role("textbox")
    intro.click()
    intro.press("End")
    intro.press_sequentially(" " + DRAFT_INTRO)
    expect(intro).to_have_text(f"The live intro. {DRAFT_INTRO}")
    # Draftail writes its hidden input a moment after the last key press.
    expect(editor.locator('input[name="intro"]')).to_have_value(re.compile(DRAFT_INTRO))
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.locator(".messages")).to_contain_text("updated")

    # The Preview panel, in the "Front end" mode, opened in a new tab.
    editor.locator('[data-side-panel-toggle="preview"]').click()
    mode = editor.locator("#id_preview_mode")
    expect(mode).to_be_visible()
    mode.select_option("headless")
    with editor.context.expect_page() as new_tab:
        editor.get_by_role("link", name="Preview in new tab").click()
    front_end = new_tab.value
    front_end.wait_for_load_state()

    expect(front_end).to_have_url(
        re.compile(
            r"/static/frontend/preview\.html\?content_type=advice_blocks\.advicearticlepage"
            r"&token=[^&]+$"
        )
    )
    expect(front_end.get_by_role("heading", level=1)).to_have_text(DRAFT_TITLE)
    expect(front_end.locator(".intro")).to_have_text(f"The live intro. {DRAFT_INTRO}")
    expect(front_end.locator(".byline")).to_have_text("By Ada Fielding")
    reasons = front_end.locator(".listicle li")
    expect(reasons).to_have_count(3)
    expect(reasons.nth(1)).to_have_attribute("id", "reason-2")
    expect(reasons.nth(1).get_by_role("heading", level=3)).to_have_text("2.Sleep")
    expect(front_end.get_by_role("status")).to_have_text(re.compile("Preview of a draft"))
    assert front_end.evaluate("window.__cspViolations") == []

    # The live page, and the API's live answer, are still the published ones.
    editor.goto(article.url)
    expect(editor.get_by_role("heading", level=1)).to_have_text(LIVE_TITLE)
    live = editor.request.get(f"{live_server.url}/api/v2/pages/{article.pk}/").json()
    assert live["title"] == LIVE_TITLE


def test_front_end_page_explains_a_missing_or_expired_token(editor):
    editor.goto("/static/frontend/preview.html")
    expect(editor.get_by_role("status")).to_have_text(re.compile("open it from Wagtail"))
    editor.goto("/static/frontend/preview.html?content_type=x.y&token=id%3D1%3Aforged")
    expect(editor.get_by_role("status")).to_have_text(re.compile("expired"))
    assert editor.evaluate("window.__cspViolations") == []
