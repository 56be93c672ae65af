"""The import screen end to end: upload the seed article, read the preview, confirm, open it.

Runs with the default (immediate) task backend, as a site with no worker set up would: the
preview and the import happen in the requests that ask for them.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from advice_blocks.models import AdviceArticlePage
from tests.shared_data import SEED_HTML, require_shared

#: The import form's file field, by its label.
UPLOAD_FIELD = "HTML files, .zip archives or a WordPress export"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The site and home page migrations made (gone after an earlier test's flush).
    pytest.mark.usefixtures("site_tree"),
]

ROOT = Path(__file__).resolve().parents[2]
DOCS_SCREENSHOT = ROOT / "docs" / "import-preview.png"
USERNAME = "importer"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def seed():
    return require_shared(SEED_HTML)


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def fact(article, name):
    """The value of one fact (``Reasons``, ``Comments``...) in an article's preview."""
    return (
        article.locator(".advice-import-facts > div")
        .filter(has=article.page.get_by_text(name, exact=True))
        .locator("dd")
    )


def test_import_the_seed_article_through_the_admin_screen(page, live_server, seed):
    get_user_model().objects.create_superuser(USERNAME, "importer@example.com", PASSWORD)
    log_in(page)

    page.goto("/admin/import-articles/")
    expect(page.get_by_role("heading", name="Import articles")).to_be_visible()
    page.get_by_label(UPLOAD_FIELD).set_input_files(str(seed))
    # The parent page starts as the site's home page; publish rather than keep drafts.
    expect(page.locator("[data-chooser-title]").first).not_to_be_empty()
    page.get_by_label("Publish").check()
    page.get_by_role("button", name="Preview").click()

    # The preview: what the importer read, before anything is saved.
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    article = page.locator("article.advice-import-article")
    expect(article).to_have_count(1)
    expect(article.get_by_role("heading", level=3)).to_have_text(
        "Why Walking Away From Him Works (10 Logical Reasons)"
    )
    expect(fact(article, "Author")).to_have_text("April Maccario")
    expect(fact(article, "Published")).to_have_text("2021-03-11")
    expect(fact(article, "Updated")).to_have_text("2022-06-08")
    expect(fact(article, "Reasons")).to_have_text("10")
    expect(fact(article, "Questions")).to_have_text("5")
    expect(fact(article, "Comments")).to_have_text("8")
    expect(fact(article, "Page")).to_have_text("New page")
    outline = article.locator(".advice-import-outline")
    expect(outline.locator("[data-block-type='listicle'] li")).to_have_count(10)
    expect(outline.locator("[data-block-type='faq'] li")).to_have_count(5)
    expect(outline.locator("[data-block-type='author_bio']")).to_have_count(1)
    assert AdviceArticlePage.objects.count() == 0

    page.get_by_role("button", name="Import and publish 1 article").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    imported = AdviceArticlePage.objects.get()
    edit = page.get_by_role("link", name=re.compile(r"^Edit “Why Walking Away"))
    expect(edit).to_have_attribute("href", f"/admin/pages/{imported.pk}/edit/")
    assert imported.live

    # The published page has the structure the preview promised.
    page.goto(imported.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(imported.title)
    expect(page.locator("ol.listicle__items > li")).to_have_count(10)
    expect(page.locator(".faq .faq__question")).to_have_count(5)
    bio = page.get_by_role("complementary", name="About the author")
    expect(bio.locator(".author-bio__name")).to_have_text("April Maccario")
    expect(page.locator("li.comment")).to_have_count(8)

    # And the editor opens from the import's link.
    page.go_back()
    edit.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{imported.pk}/edit/$"))


def test_the_job_page_follows_a_background_worker(page, live_server, settings):
    """With a real task backend the page shows progress and moves on when the worker does."""
    from importers.store.jobs import ImportJob
    from importers.store.tasks import preview_import_job

    # A backend that keeps tasks for a worker; the test plays the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    get_user_model().objects.create_superuser(USERNAME, "importer@example.com", PASSWORD)
    log_in(page)

    page.goto("/admin/import-articles/")
    source = ROOT / "fixtures" / "articles" / "sleep-habits" / "source.html"
    page.get_by_label(UPLOAD_FIELD).set_input_files(str(source))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Reading the articles…")).to_be_visible()
    expect(page.locator("[data-progress-text]")).to_have_text("0 of 1 articles")

    preview_import_job.call(ImportJob.objects.get().pk)

    # No reload by hand: the page polls the job's status and shows the preview when ready.
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    expect(page.get_by_role("button", name="Import 1 article as a draft")).to_be_visible()
    if os.environ.get("ADVICE_BLOCKS_SCREENSHOTS") == "1":
        # The docs show a team-written article, never the seed's third-party text.
        DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.locator("main").screenshot(path=str(DOCS_SCREENSHOT), animations="disabled")
