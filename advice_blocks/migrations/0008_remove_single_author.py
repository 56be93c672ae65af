"""The single ``author`` column, now copied into ``ArticleAuthor`` (0007), goes.

A migration of its own: on PostgreSQL, altering a table in the transaction that just wrote
rows referring to it fails ("pending trigger events").
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [('advice_blocks', '0007_article_authors')]

    operations = [
        migrations.RemoveField(model_name='advicearticlepage', name='author'),
    ]
