"""Re-imports respect editors: compared with the last import, never over newer work or a lock."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Revision

from advice_blocks.models import AdviceArticlePage
from importers.models import ImportRecord
from tests.commands.runner import run_import

pytestmark = pytest.mark.django_db

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://advice.example.com/habits/"></head><body><article>
<h1>{title}</h1><p class="byline">By Mira Holt</p>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>3. Ask for help</h2><p>Someone else has solved this before; their hour saves your week.</p>
</article></body></html>"""

ORIGINAL = "Three habits worth keeping"


def write(path, title=ORIGINAL):
    path.write_text(ARTICLE.format(title=title))
    return path


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")


def edit_and_publish(page, editor, title):
    """What an editor does in the page editor: a new revision, published."""
    latest = page.get_latest_revision_as_object()
    latest.title = title
    latest.save_revision(user=editor).publish(user=editor)
    page.refresh_from_db()


def test_reimporting_an_unchanged_draft_is_unchanged_and_adds_no_revision(tmp_path):
    source = write(tmp_path / "habits.html")
    assert run_import(source)[0] == 0
    page = AdviceArticlePage.objects.get()
    before = revisions(page)
    for _ in range(2):
        status, out, _ = run_import(source)
        assert status == 0 and "UNCHANGED" in out and "UPDATED" not in out
    assert revisions(page) == before
    assert not AdviceArticlePage.objects.get().live


def test_an_editors_fix_and_lock_survive_a_reimport_of_the_unchanged_source(tmp_path, editor):
    """The source is compared with what was imported, not with the editor's revision."""
    source = write(tmp_path / "habits.html")
    assert run_import(source, "--publish")[0] == 0
    page = AdviceArticlePage.objects.get()
    edit_and_publish(page, editor, "Three habits worth keeping (corrected)")
    page.locked, page.locked_by = True, editor
    page.save(update_fields=["locked", "locked_by"])
    before = revisions(page)

    status, out, _ = run_import(source, "--publish")

    assert status == 0 and "UNCHANGED" in out
    page.refresh_from_db()
    assert page.title == "Three habits worth keeping (corrected)"
    assert page.locked
    assert revisions(page) == before


def test_a_changed_source_does_not_replace_editors_work_but_reports_a_conflict(tmp_path, editor):
    source = write(tmp_path / "habits.html")
    assert run_import(source, "--publish")[0] == 0
    page = AdviceArticlePage.objects.get()
    edit_and_publish(page, editor, "Three habits (editor's version)")
    before = revisions(page)
    write(source, title="Three habits, updated at the source")

    status, out, err = run_import(source, "--publish")

    assert status == 1
    assert "CONFLICT" in out and "edited since it was last imported" in err
    assert "--overwrite-edits" in err
    assert "1 conflicts" in out
    page.refresh_from_db()
    assert page.title == "Three habits (editor's version)"
    assert revisions(page) == before
    assert ImportRecord.objects.order_by("-pk").first().status == "conflict"

    # Asked explicitly, the import replaces the editor's version.
    status, out, _ = run_import(source, "--publish", "--overwrite-edits")
    assert status == 0 and "UPDATED" in out
    page.refresh_from_db()
    assert page.title == "Three habits, updated at the source"


def test_a_changed_source_never_publishes_over_a_lock(tmp_path, editor):
    source = write(tmp_path / "habits.html")
    assert run_import(source, "--publish")[0] == 0
    page = AdviceArticlePage.objects.get()
    page.locked, page.locked_by = True, editor
    page.save(update_fields=["locked", "locked_by"])
    write(source, title="Three habits, updated at the source")

    status, _, err = run_import(source, "--publish")

    assert status == 1 and "the page is locked" in err
    page.refresh_from_db()
    assert page.title == ORIGINAL and page.locked

    assert run_import(source, "--publish", "--overwrite-edits")[0] == 0
    page.refresh_from_db()
    assert page.title == "Three habits, updated at the source"


def test_a_changed_source_updates_a_page_nobody_edited(tmp_path):
    source = write(tmp_path / "habits.html")
    assert run_import(source, "--publish")[0] == 0
    write(source, title="Three habits, updated at the source")
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UPDATED" in out
    # ...and the import after that compares with this import, not the first one.
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UNCHANGED" in out
    assert AdviceArticlePage.objects.get().title == "Three habits, updated at the source"


def test_publishing_an_unchanged_draft_import_needs_no_new_revision(tmp_path):
    source = write(tmp_path / "habits.html")
    assert run_import(source)[0] == 0
    page = AdviceArticlePage.objects.get()
    before = revisions(page)
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UPDATED" in out
    page.refresh_from_db()
    assert page.live and revisions(page) == before


def test_pages_imported_before_the_history_kept_fingerprints_compare_with_their_page(tmp_path):
    """Without an import record (pages imported by an older version), an unchanged source
    is compared with the page's latest revision and found unchanged."""
    source = tmp_path / "habits.html"
    source.write_text(
        ARTICLE.replace(
            "</article>",
            "<h2>Frequently asked questions</h2><h3>Is it hard?</h3><p>Not really.</p>"
            "<h3>How long?</h3><p>About a month.</p></article>",
        ).format(title=ORIGINAL)
    )
    assert run_import(source, "--publish")[0] == 0
    ImportRecord.objects.all().delete()
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UNCHANGED" in out, out
