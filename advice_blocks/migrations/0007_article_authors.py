"""Articles get an ordered list of authors; each page's single author becomes the first.

Revisions are moved too, so that drafts and the revision history open with their author.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

from advice_blocks.compat import get_base_page_model_name


def copy_single_author(apps, schema_editor, app_label="advice_blocks", model_name="AdviceArticlePage"):
    """Make each page's ``author`` its first ``ArticleAuthor``, on pages and revisions.

    Sites with their own page type built from ``AdviceArticleMixin`` can call this from a
    migration of their own, before the one that removes their ``author`` column:
    ``RunPython(partial(copy_single_author, app_label="blog", model_name="ReviewPage"))``.
    """
    Page = apps.get_model(app_label, model_name)
    ArticleAuthor = apps.get_model("advice_blocks", "ArticleAuthor")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    rows = [
        ArticleAuthor(page_id=pk, author_id=author_id, sort_order=0)
        for pk, author_id in Page.objects.exclude(author=None).values_list("pk", "author_id")
        if not ArticleAuthor.objects.filter(page_id=pk).exists()
    ]
    ArticleAuthor.objects.bulk_create(rows, batch_size=500)
    content_type = ContentType.objects.filter(
        app_label=app_label, model=model_name.lower()
    ).first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type)
    for revision in revisions.only("pk", "content").iterator():
        content = revision.content or {}
        if content.get("author") and not content.get("advice_authors"):
            content["advice_authors"] = [
                {"pk": None, "page": content.get("pk"), "author": content["author"], "sort_order": 0}
            ]
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):

    dependencies = [
        ('advice_blocks', '0006_advice_index_page'),
        ('contenttypes', '0002_remove_content_type_name'),
        # Any wagtailcore migration with the Revision model that Wagtail 7.4 has too.
        ('wagtailcore', '0078_referenceindex'),
        migrations.swappable_dependency(get_base_page_model_name()),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleAuthor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_credits', to='advice_blocks.author', verbose_name='author')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice_authors', to=get_base_page_model_name())),
            ],
            options={
                'verbose_name': 'article author',
                'verbose_name_plural': 'article authors',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('page', 'author'), name='advice_article_author_once')],
            },
        ),
        migrations.RunPython(copy_single_author, migrations.RunPython.noop),
    ]
