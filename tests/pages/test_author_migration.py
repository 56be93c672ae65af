"""Migrations 0007/0008 move each article's single author into its list of authors."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Transactional: migrating needs real commits. pytest-django runs transactional tests after
# the others, and the browser tests that may follow re-make the site tree (``site_tree``).
# No serialized_rollback: restoring its snapshot after an earlier flush clashes with the
# content types that flush re-created.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("advice_blocks", "0006_advice_index_page")]


def migrate(targets=None):
    """Migrate to ``targets``, or to the latest migration of every app."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def parent_page(apps):
    """Any page to put the articles under: a transactional test that ran before this one
    may have flushed the tree that migrations made, so make a root when there is none."""
    Page = apps.get_model("wagtailcore", "Page")
    existing = Page.objects.order_by("depth", "path").first()
    if existing is not None:
        return existing
    locale = apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en")[0]
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="page"
    )[0]
    return Page.objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        url_path="/",
        locale=locale,
        content_type=content_type,
    )


def test_the_single_author_becomes_the_first_of_the_list_on_pages_and_revisions():
    old = migrate(BEFORE)
    try:
        Author = old.get_model("advice_blocks", "Author")
        Page = old.get_model("advice_blocks", "AdviceArticlePage")
        ContentType = old.get_model("contenttypes", "ContentType")
        Revision = old.get_model("wagtailcore", "Revision")
        home = parent_page(old)
        writer = Author.objects.create(name="Ola Brandt", slug="ola-brandt")
        content_type, _ = ContentType.objects.get_or_create(
            app_label="advice_blocks", model="advicearticlepage"
        )
        page = Page.objects.create(
            title="Old article",
            slug="old-article",
            path=home.path + "0099",
            depth=home.depth + 1,
            url_path=home.url_path + "old-article/",
            content_type=content_type,
            locale=home.locale,
            author=writer,
            body="[]",
        )
        unauthored = Page.objects.create(
            title="No byline",
            slug="no-byline",
            path=home.path + "0098",
            depth=home.depth + 1,
            url_path=home.url_path + "no-byline/",
            content_type=content_type,
            locale=home.locale,
            body="[]",
        )
        Revision.objects.create(
            content_type=content_type,
            base_content_type_id=content_type.pk,
            object_id=str(page.pk),
            content={"pk": page.pk, "title": "Old article", "author": writer.pk},
            object_str="Old article",
            created_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC),
        )
    finally:
        new = migrate()

    ArticleAuthor = new.get_model("advice_blocks", "ArticleAuthor")
    assert list(ArticleAuthor.objects.values_list("page_id", "author_id", "sort_order")) == [
        (page.pk, writer.pk, 0)
    ]
    assert not ArticleAuthor.objects.filter(page_id=unauthored.pk).exists()
    revision = new.get_model("wagtailcore", "Revision").objects.get(object_id=str(page.pk))
    assert revision.content["advice_authors"][0]["author"] == writer.pk

    from advice_blocks.models import AdviceArticlePage

    migrated = AdviceArticlePage.objects.get(pk=page.pk)
    assert [a.name for a in migrated.authors] == ["Ola Brandt"]
    as_of_revision = migrated.revisions.get().as_object()
    assert [a.name for a in as_of_revision.authors] == ["Ola Brandt"]
