"""Values longer than their database columns: imported the same way on SQLite and PostgreSQL.

SQLite stores a too-long string in a ``varchar(200)`` without complaint; PostgreSQL refuses
the whole transaction. The importer must not depend on which one it runs on.
"""

import io

import pytest
from django.core.management import call_command

from advice_blocks.models import AdviceArticlePage, Author, Comment

from .articles import SITE, Slots, article_html

pytestmark = pytest.mark.django_db

LONG = "x" * 1200


def import_folder(folder):
    out = io.StringIO()
    call_command("import_articles", str(folder), "--publish", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_canonical_url_too_long_to_store_falls_back_to_the_file(tmp_path):
    long_url = f"{SITE}/{LONG}/"
    html = article_html(1).replace(f'href="{SITE}/article-0001/"', f'href="{long_url}"', 1)
    path = tmp_path / "long-canonical.html"
    path.write_text(html)

    out = import_folder(tmp_path)

    page = AdviceArticlePage.objects.get()
    assert page.source_url == path.resolve().as_uri()
    assert "canonical URL ignored: it is longer than 1000 characters" in out
    # Re-importing finds the same page through the file's URL.
    assert "UNCHANGED" in import_folder(tmp_path)
    assert AdviceArticlePage.objects.count() == 1


def test_author_and_commenter_urls_too_long_to_store_are_dropped(tmp_path):
    html = article_html(2, Slots(comment_url=f"https://reader.example/{LONG}")).replace(
        '<h3 class="author-name">About Mira Holt</h3>',
        f'<h3 class="author-name">About <a href="https://mira.example/{LONG}">Mira Holt</a></h3>',
    )
    (tmp_path / "long-urls.html").write_text(html)

    import_folder(tmp_path)

    assert AdviceArticlePage.objects.count() == 1
    assert Author.objects.get().website == ""
    assert Comment.objects.count() == 2
    assert all(len(comment.author_url) <= 200 for comment in Comment.objects.all())


def test_a_byline_too_long_to_be_a_name_does_not_stop_the_import(tmp_path):
    (tmp_path / "long-name.html").write_text(
        article_html(3).replace("Mira Holt", "Mira " + "Holt" * 100)
    )
    import_folder(tmp_path)
    page = AdviceArticlePage.objects.get()
    assert page.author is None or len(page.author.name) <= 255
