"""``import_articles``: dry runs, saving, re-imports, failures and exit codes."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model
from wagtail.models import Revision

from advice_blocks.models import AdviceArticlePage, Author
from tests.commands.runner import run_import
from tests.shared_data import SEED_HTML, require_shared

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles"

pytestmark = pytest.mark.django_db

SMALL_ARTICLE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{title} | Site</title></head><body><article>
<h1>{title}</h1><p class="byline">By Mira Holt</p>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>3. Ask for help</h2><p>Someone else has solved this before; their hour saves your week.</p>
<h2>Conclusion</h2><p>Small habits add up over a year, more than you would guess.</p>
</article></body></html>"""


def write_article(path, title="Three habits worth keeping", charset="utf-8", encoding="utf-8"):
    path.write_bytes(SMALL_ARTICLE.format(title=title, charset=charset).encode(encoding))
    return path


def test_dry_run_json_is_one_document_and_writes_nothing():
    pages, authors = AdviceArticlePage.objects.count(), Author.objects.count()
    status, out, _ = run_import(FIXTURES, "--dry-run", "--format", "json")
    assert status == 0
    document = json.loads(out)  # raises if anything else was printed to stdout
    assert set(document) == {"articles", "errors"}
    assert len(document["articles"]) == len(list(FIXTURES.glob("*/source.html")))
    assert document["errors"] == []
    article = document["articles"][0]
    assert set(article) == {
        "source",
        "title",
        "slug",
        "canonical_url",
        "language",
        "intro",
        "author",
        "published",
        "updated",
        "body",
        "comments",
        "warnings",
    }
    assert AdviceArticlePage.objects.count() == pages
    assert Author.objects.count() == authors
    assert get_image_model().objects.count() == 0


def test_import_creates_published_pages_authors_and_local_images():
    status, out, _ = run_import(FIXTURES / "houseplants-keep-dying", "--publish")
    assert status == 0, out
    page = AdviceArticlePage.objects.get()
    assert page.live and page.title.startswith("6 Reasons Your Houseplants")
    assert page.author.name == "Ines Vasquez-Hart"
    assert page.source_url.startswith("https://")
    images = get_image_model().objects.all()
    assert images.count() == 3
    listicle = page.listicles[0]
    assert len(listicle.numbered_items()) == 6
    assert page.body[0].block_type == "image"
    assert "Summary: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 conflicts, 0 failed" in out


def test_reimport_is_unchanged_then_updates_as_a_new_revision(tmp_path):
    source = write_article(tmp_path / "habits.html")
    assert run_import(source, "--publish")[0] == 0
    page = AdviceArticlePage.objects.get()
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UNCHANGED" in out
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions

    write_article(source, title="Three habits worth keeping, revised")
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UPDATED" in out
    assert AdviceArticlePage.objects.count() == 1
    page.refresh_from_db()
    assert page.title == "Three habits worth keeping, revised"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    assert page.source_url == source.resolve().as_uri()


def test_skip_existing_leaves_imported_pages_alone(tmp_path):
    source = write_article(tmp_path / "habits.html")
    run_import(source)
    write_article(source, title="A different title")
    status, out, _ = run_import(source, "--skip-existing")
    assert status == 0 and "SKIPPED" in out
    assert AdviceArticlePage.objects.get().title == "Three habits worth keeping"


def test_bad_sources_fail_one_by_one_with_clear_messages(tmp_path, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "MAX_DOCUMENT_BYTES": 10 * 1024 * 1024}
    good = write_article(tmp_path / "good.html")
    latin1 = write_article(tmp_path / "latin1.html", "Café habits", "iso-8859-1", "latin-1")
    utf16 = write_article(tmp_path / "utf16.html", "Naïve habits", "utf-16", "utf-16")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.html"
    binary.write_bytes(bytes(range(256)) * 64)
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<html><body>" + b"<p>x</p>" * (20 * 1024 * 1024 // 8) + b"</body></html>")
    deep = tmp_path / "deep.html"
    deep.write_text(
        "<html><body>" + "<div>" * 10000 + "text" + "</div>" * 10000 + "</body></html>"
    )
    missing = tmp_path / "missing.html"

    status, out, err = run_import(
        good, latin1, utf16, empty, binary, huge, deep, missing, "--format", "json"
    )
    assert status == 1
    document = json.loads(out)
    imported = sorted(a["title"] for a in document["articles"])
    assert imported == ["Café habits", "Naïve habits", "Three habits worth keeping"]
    errors = {Path(e["source"]).name: e["error"] for e in document["errors"]}
    assert set(errors) == {"empty.html", "binary.html", "huge.html", "deep.html", "missing.html"}
    assert "empty" in errors["empty.html"]
    assert "binary" in errors["binary.html"]
    assert "limit" in errors["huge.html"]
    assert "no such file" in errors["missing.html"]
    assert errors["deep.html"]
    assert AdviceArticlePage.objects.count() == 3


def test_unreachable_and_private_urls_are_refused_with_the_source_named(settings):
    status, out, _ = run_import("http://127.0.0.1:9/article.html", "--dry-run", "--format", "json")
    assert status == 1
    (error,) = json.loads(out)["errors"]
    assert error["source"] == "http://127.0.0.1:9/article.html"
    assert "non-public address 127.0.0.1" in error["error"]

    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": True,
        "FETCH_TIMEOUT": 2,
    }
    status, out, _ = run_import("http://127.0.0.1:9/article.html", "--dry-run", "--format", "json")
    (error,) = json.loads(out)["errors"]
    assert "could not connect" in error["error"]


def test_a_failure_while_saving_leaves_no_partial_page(tmp_path, monkeypatch):
    first = write_article(tmp_path / "a.html", title="First article")
    second = write_article(tmp_path / "b.html", title="Second article")
    from wagtail.models import Revision as RevisionModel

    original = RevisionModel.publish

    def explode(self, *args, **kwargs):
        if "Second" in str(self.content.get("title")):
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RevisionModel, "publish", explode)
    status, out, err = run_import(first, second, "--publish")
    assert status == 1
    assert "b.html: unexpected error (RuntimeError); the details are in the server log" in err
    assert "disk full" not in err  # internals stay in the log
    assert list(AdviceArticlePage.objects.values_list("title", flat=True)) == ["First article"]
    assert Revision.page_revisions.count() == 1


def test_usage_errors_exit_with_status_two():
    assert run_import(FIXTURES, "--parent", "9999")[0] == 2
    with pytest.raises(CommandError):
        call_command("import_articles", "a.html", "--skip-existing", "--update")


def test_the_seed_article_imports_with_its_structure():
    seed = require_shared(SEED_HTML)
    status, out, _ = run_import(seed, "--publish")
    assert status == 0, out
    page = AdviceArticlePage.objects.get()
    assert len(page.listicles[0].numbered_items()) == 10
    faq = next(child.value for child in page.body if child.block_type == "faq")
    assert len(faq["items"]) == 5
    assert page.author.name == "April Maccario"
    assert str(page.last_updated) == "2022-06-08"
    assert str(page.original_published) == "2021-03-11"


def test_folders_are_searched_recursively(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    write_article(nested / "deep.html", title="Nested article")
    shutil.copy(FIXTURES / "sleep-habits" / "source.html", tmp_path / "top.html")
    status, out, _ = run_import(tmp_path, "--dry-run", "--format", "json")
    assert status == 0
    assert len(json.loads(out)["articles"]) == 2


def test_imported_comments_are_approved_threaded_and_not_duplicated():
    from advice_blocks.models import Comment
    from importers.models import ImportRecord

    source = FIXTURES / "compost-not-working" / "source.html"
    assert run_import(source, "--publish")[0] == 0
    page = AdviceArticlePage.objects.get()
    comments = Comment.objects.filter(page=page)
    assert comments.count() == 8
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    replies = comments.filter(parent__isnull=False)
    assert replies.count() == 3
    assert replies.filter(parent__parent__isnull=False).count() == 1  # a reply to a reply
    assert page.comment_count == 8

    # A moderator rejects one; the re-import neither duplicates nor overrides that decision.
    rejected = comments.first()
    rejected.status = Comment.Status.REJECTED
    rejected.save()
    status, out, _ = run_import(source, "--publish")
    assert status == 0 and "UNCHANGED" in out
    assert Comment.objects.filter(page=page).count() == 8
    assert Comment.objects.get(pk=rejected.pk).status == Comment.Status.REJECTED

    records = list(ImportRecord.objects.order_by("pk").values_list("status", "page_id", "key"))
    assert [r[0] for r in records] == ["created", "unchanged"]
    assert {r[1] for r in records} == {page.pk}
    assert records[0][2] == page.source_url


def test_failed_imports_are_recorded_with_their_error(tmp_path):
    from importers.models import ImportRecord

    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert run_import(empty)[0] == 1
    record = ImportRecord.objects.get()
    assert record.status == "failed" and record.page is None
    assert "empty" in record.error
    assert run_import(empty, "--dry-run")[0] == 1
    assert ImportRecord.objects.count() == 1  # dry runs write nothing


@pytest.mark.parametrize("argument", ["", "   ", " habits.html"])
def test_empty_or_odd_source_arguments_are_refused(argument, tmp_path, monkeypatch):
    """An empty argument (an unset shell variable) never means the current folder."""
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path / "habits.html")
    status, _, err = run_import(argument)
    assert status == 1
    assert "empty source" in err or "not a usable file name" in err
    assert not AdviceArticlePage.objects.exists()


def test_folder_searches_skip_hidden_folders_and_installed_packages(tmp_path):
    write_article(tmp_path / "habits.html")
    for folder in (".venv/lib", "node_modules/pkg", ".git"):
        (tmp_path / folder).mkdir(parents=True)
        write_article(tmp_path / folder / "page.html", title="Not an article of ours")
    status, out, _ = run_import(tmp_path)
    assert status == 0 and "1 created" in out
