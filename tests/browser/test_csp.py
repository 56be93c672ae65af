"""CSP-clean (issue 12): nothing the package renders, public or admin, needs an inline
``<style>``, ``style=`` attribute, inline script or event handler.

The live server sends an enforcing django-csp policy of ``'self'`` only (with
``'report-sample'``, see ``tests/browser/csp.py``) while these tests run, and chromium opens
the article page, the article's editor and the package's admin screens. Every
``securitypolicyviolation`` event is handed to the test as it happens, with its directive,
blocked URI, source file, line and sample; chromium's console errors are kept beside them.

Wagtail's own admin breaks a strict policy in places (an inline script per date widget,
chooser and inline panel; Draft.js inserts ``<style>`` elements), so each violation on one
of our screens is attributed, in this order:

1. the package's, when it comes from the package's static files, or its sample (up to the
   first quote, whitespace collapsed) is text found in the package's templates, static
   files or Python;
2. Wagtail's, when the same directive, blocked URI and sample also appear on Wagtail's own
   comparable screens, visited first under the same policy (the dashboard, a plain page's
   editor, the page explorer, the Sites listing and a site's editor with its page chooser);
3. Wagtail's, when the script that caused it is a static file of the ``wagtail`` package,
   or its sample is text found in Wagtail's own templates or Python;
4. a third party's, when its sample is text found in another installed app's templates
   (wagtail-modeladmin's list, say: the package renders it, and can override it);
5. otherwise unattributed.

The tests fail on every violation that is not Wagtail's, and when chromium logged a CSP
error on one of our screens that no event reported.
Wagtail's violations are printed (run with ``-s``) for the README's CSP section.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.test.testcases import _MediaFilesHandler
from django.urls import reverse
from playwright.sync_api import expect

from advice_blocks.models import AdviceIndexPage, Comment
from importers.models import ImportRecord
from importers.store.jobs import ImportJob
from importers.store.tasks import preview_import_job, run_import_job
from tests.admin.helpers import add_comment
from tests.browser.csp import POLICY, ROOT, Recorder
from tests.factories import (
    faq,
    home_page,
    listicle,
    make_article,
    make_author,
    make_image,
    reason,
)

USERNAME = "csp-admin"
PASSWORD = "correct horse battery staple"
#: The import form's file field, by its label.
UPLOAD_FIELD = "HTML files, .zip archives or a WordPress export"
SOURCE = ROOT / "fixtures" / "articles" / "sleep-habits" / "source.html"
PACKAGE_STYLESHEETS = "**/static/advice_blocks/css/*.css"


def browser(test):
    """Marks a test that drives chromium against the live server, with a fresh database."""
    return pytest.mark.browser(pytest.mark.django_db(transaction=True)(test))


@pytest.fixture
def csp_server(live_server, settings):
    """The live server with django-csp's middleware and an enforcing policy.

    pytest-django's live server builds its WSGI handler, and so its middleware chain, once
    when its thread starts (``LiveServerThread.run``), so changing ``MIDDLEWARE`` in a test
    would not reach it. This fixture changes the settings, gives the running server a
    handler built from them, and gives the old handler back afterwards. The policy itself
    is read from the settings on each response.
    """
    settings.CONTENT_SECURITY_POLICY = POLICY
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "csp.middleware.CSPMiddleware"]
    server = live_server.thread.httpd
    previous = server.get_app()
    server.set_app(live_server.thread.static_handler(_MediaFilesHandler(WSGIHandler())))
    try:
        yield live_server
    finally:
        server.set_app(previous)


@pytest.fixture
def recorder(page, csp_server):
    return Recorder(page)


@pytest.fixture
def article(site_tree):
    """``(index, article)``: see ``full_article``."""
    return full_article()


def full_article():
    """An article with every block that renders something of its own, and comments."""
    image = make_image("Walk", size=(320, 200))
    author = make_author(photo=make_image("Portrait", size=(160, 160)))
    index = AdviceIndexPage(title="Advice", slug="advice", intro="<p>All our advice.</p>")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    article = make_article(
        "Why small walks work",
        parent=index,
        intro="<p>Small walks add up.</p>",
        body=[
            {"type": "heading", "value": {"text": "Before you start", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Put on <b>good</b> shoes.</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "A path", "caption": "A path."},
            },
            {"type": "quote", "value": {"text": "Walk on.", "attribution": "A walker"}},
            listicle(
                items=[
                    reason("Fresh air", image=image, caption="Outside."),
                    reason("Better sleep"),
                    reason("A clearer head"),
                ]
            ),
            faq([("How far?", "<p>Ten minutes is enough.</p>"), ("When?", "<p>After lunch.</p>")]),
            {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
        ],
    )
    first = add_comment(article, "Ann", status=Comment.Status.APPROVED, day=1)
    Comment.objects.create(
        page=article,
        parent=first,
        author_name="Bob",
        author_url="https://example.com/bob",
        body="Agreed, and a reply.",
        status=Comment.Status.APPROVED,
    )
    add_comment(article, "Cy", status=Comment.Status.PENDING, day=2)
    return index, article


def assert_clean(recorder):
    """Fail on the package's and unattributed violations; print all of them."""
    print("\nCSP violations seen:\n" + (recorder.report() or "none"))
    offending = [
        f"{owner}: {violation.describe()} ({reason})"
        for violation, owner, reason in recorder.findings()
        if owner != "wagtail"
    ]
    assert not offending, "CSP violations on the package's screens:\n" + "\n".join(offending)
    unheard = recorder.unheard()
    assert not unheard, f"chromium logged CSP errors that no event reported on: {unheard}"


@browser
def test_the_recorder_hears_a_violation(page, recorder, article):
    """A style attribute set by a script is refused and reported, so silence means clean."""
    index, article = article
    recorder.visit("Article", article.url)
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    screen = recorder.settle("Article")
    assert [(v.effective_directive, v.sample) for v in screen.violations] == [
        ("style-src-attr", "outline: 1px solid red")
    ]
    assert screen.console, "chromium logged nothing for the refused style"


@browser
def test_public_pages_are_csp_clean(page, recorder, article):
    """The article (listicle, FAQ, image, quote, author bio with photo, comment thread,
    comment form in all its states) and the advice index need nothing inline."""
    index, article = article

    recorder.visit("Advice index", index.url)
    expect(page.get_by_role("link", name=article.title)).to_be_visible()

    recorder.visit("Article", article.url)
    expect(page.locator("ol.listicle__items > li")).to_have_count(3)
    expect(page.locator(".faq .faq__question")).to_have_count(2)
    expect(page.locator("figure.block-image img")).to_be_visible()
    bio = page.get_by_role("complementary", name="About the author")
    expect(bio.locator("img.author-bio__photo")).to_be_visible()
    expect(page.locator("li.comment")).to_have_count(2)
    for image in page.locator("main img").all():
        # Loaded from the server, under 'self': a refused image would be width 0.
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 0")
    # The stylesheets apply (served from 'self' as files).
    assert (
        page.locator(".comment-form__trap").evaluate("(el) => getComputedStyle(el).position")
        == "absolute"
    )

    # A form sent without a comment comes back with its errors.
    form = page.locator("form.comment-form")
    form.get_by_label("Name", exact=True).fill("Dee")
    with page.expect_navigation():
        form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-form__error")).to_be_visible()
    recorder.settle("Article: comment form with errors")

    form.get_by_label("Comment", exact=True).fill("Ten minutes after lunch works for me.")
    with page.expect_navigation():
        form.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"\?comment=pending#comments$"))
    expect(form.get_by_role("status")).to_contain_text("once a moderator approves it")
    recorder.settle("Article: comment pending")

    assert_clean(recorder)


@browser
@pytest.mark.parametrize("stylesheets", ["with", "without"], ids=["styled", "unstyled"])
def test_honeypot_is_hidden_and_a_person_can_comment(page, recorder, article, stylesheets):
    """The honeypot is not displayed, with or without the package's stylesheets, and a
    reader who fills in the visible fields gets the "pending" notice (302)."""
    index, article = article
    if stylesheets == "without":
        page.route(PACKAGE_STYLESHEETS, lambda route: route.abort())

    recorder.visit("Article", article.url)
    loaded = page.evaluate(
        """() => Array.from(document.styleSheets)
            .filter((sheet) => (sheet.href || '').includes('/static/advice_blocks/css/'))
            .filter((sheet) => {
              try { return sheet.cssRules.length > 0; } catch { return false; }
            })
            .map((sheet) => new URL(sheet.href).pathname.split('/').pop())"""
    )
    if stylesheets == "with":
        assert "advice-blocks.css" in loaded, loaded
    else:
        assert loaded == []

    form = page.locator("form.comment-form")
    trap = form.locator(".comment-form__trap")
    honeypot = form.locator("input[name='website_confirm']")
    expect(honeypot).to_have_count(1)
    expect(trap).to_be_hidden()
    expect(honeypot).to_be_hidden()
    assert trap.evaluate("(el) => getComputedStyle(el).display") == "none"
    assert honeypot.bounding_box() is None
    expect(form.get_by_label("Name", exact=True)).to_be_visible()

    form.get_by_label("Name", exact=True).click()
    form.get_by_label("Name", exact=True).press_sequentially("Rosa Reader")
    form.get_by_label("Comment", exact=True).click()
    form.get_by_label("Comment", exact=True).press_sequentially("Walking after lunch helps.")
    with page.expect_request(lambda request: request.method == "POST") as posted:
        form.get_by_role("button", name="Post comment").click()
    response = posted.value.response()
    assert response.status == 302, response.status
    expect(page).to_have_url(re.compile(r"\?comment=pending#comments$"))
    expect(form.get_by_role("status")).to_contain_text("once a moderator approves it")
    recorder.settle("Article: comment pending")

    comment = Comment.objects.get(author_name="Rosa Reader")
    assert (comment.body, comment.status) == ("Walking after lunch helps.", "pending")
    assert_clean(recorder)


def log_in(page):
    get_user_model().objects.create_superuser(USERNAME, "csp@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def expand_listicle(page):
    """Open the listicle block and every block in it, in the article's editor."""
    body = page.get_by_role("region", name="Body", exact=True)
    listicle_block = body.locator("[data-streamfield-child]").filter(
        has=page.locator('input[type="hidden"][name$="-type"][value="listicle"]')
    )
    expect(listicle_block).to_have_count(1)
    collapsed = listicle_block.locator("[data-panel-toggle][aria-expanded='false']")
    while collapsed.count():
        collapsed.first.click()
    heading = listicle_block.locator(
        '[data-contentpath="heading"]:not([data-contentpath="items"] *)'
    ).get_by_role("textbox")
    expect(heading).to_have_value("Three reasons")
    reasons = listicle_block.locator('[data-contentpath="items"] [data-streamfield-child]')
    expect(reasons).to_have_count(3)


@browser
def test_admin_screens_are_csp_clean(page, recorder, settings, site_tree):
    """The article editor, Comments, the import screens and Import history add nothing to
    what Wagtail's own screens need."""
    log_in(page)
    home = site_tree.root_page
    recorder.settle("Wagtail: dashboard", baseline=True)
    recorder.visit("Wagtail: page editor", f"/admin/pages/{home.pk}/edit/", baseline=True)
    recorder.visit("Wagtail: page explorer", f"/admin/pages/{home.pk}/", baseline=True)
    recorder.visit("Wagtail: sites", "/admin/sites/", baseline=True)
    recorder.visit(
        "Wagtail: site editor", reverse("wagtailsites:edit", args=[site_tree.pk]), baseline=True
    )

    comments_url = reverse("advice_blocks_comment_modeladmin_index")
    history_url = reverse("advice_importers_importrecord_modeladmin_index")
    import_url = reverse("advice_importers:import")
    recorder.visit("Comments (none yet)", comments_url)
    recorder.visit("Import history (none yet)", history_url)
    recorder.visit("Import articles", import_url)

    index, article = full_article()
    recorder.visit("Article editor", f"/admin/pages/{article.pk}/edit/")
    expand_listicle(page)
    recorder.settle("Article editor")

    comment = Comment.objects.get(author_name="Cy")
    recorder.visit("Comments", comments_url)
    expect(page.locator(f"tr[data-object-pk='{comment.pk}']")).to_contain_text("Pending")
    for action in ("edit", "inspect", "history"):
        url = reverse(f"advice_blocks_comment_modeladmin_{action}", args=[comment.pk])
        recorder.visit(f"Comment {action}", url)

    # An import followed through every state of its job page, with a worker played by the
    # test (a backend that keeps tasks), so the progress page and its script are covered.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    recorder.visit("Import articles", import_url)
    page.get_by_label(UPLOAD_FIELD).set_input_files(str(SOURCE))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Reading the articles…")).to_be_visible()
    recorder.settle("Import job: reading")
    job = ImportJob.objects.get()
    preview_import_job.call(job.pk)
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    recorder.settle("Import job: preview")
    page.get_by_role("button", name="Import 1 article as a draft").click()
    expect(page.locator("[data-progress-text]")).to_be_visible()
    recorder.settle("Import job: importing")
    run_import_job.call(job.pk)
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    recorder.settle("Import job: done")

    recorder.visit("Import articles (recent imports)", import_url)
    expect(page.get_by_role("link", name=f"Import #{job.pk}")).to_be_visible()
    record = ImportRecord.objects.get()
    recorder.visit("Import history", history_url)
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    recorder.visit(
        "Import history inspect",
        reverse("advice_importers_importrecord_modeladmin_inspect", args=[record.pk]),
    )

    assert_clean(recorder)


#: Inline code in a template: a <style> element, a style or on* attribute, a javascript:
#: URL, or a <script> element without src that is not a JSON data block.
INLINE_PATTERNS = {
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "event handler": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "inline script": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>", re.I
    ),
}
TEMPLATE_DIRS = [ROOT / "advice_blocks" / "templates", ROOT / "importers" / "templates"]


def test_package_templates_hold_nothing_inline():
    """Screens the browser tests do not open (refusals, failed jobs) are covered here."""
    found = []
    for directory in TEMPLATE_DIRS:
        for path in sorted(Path(directory).rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            # {% comment %} blocks describe the markup; they are not rendered.
            text = re.sub(
                r"{% comment %}.*?{% endcomment %}",
                lambda block: "\n" * block.group().count("\n"),
                text,
                flags=re.S,
            )
            for name, pattern in INLINE_PATTERNS.items():
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not found, "\n".join(found)
