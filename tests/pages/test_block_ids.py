"""Block ids are stored, so the API gives the same ids on every request."""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from advice_blocks.models import AdviceArticlePage

pytestmark = pytest.mark.django_db

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Three habits</title>
</head><body><article><h1>Three habits worth keeping</h1>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>Frequently asked questions</h2>
<h3>Is it hard?</h3><p>Not at all, once the first week is behind you.</p>
<h3>How long does it take?</h3><p>About a month before it feels natural.</p>
</article></body></html>"""


def api_ids(client, page):
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    ids = []
    for block in data["body"]:
        ids.append(block["id"])
        if block["type"] in ("listicle", "faq"):
            ids += [item["id"] for item in block["value"]["items"]]
    return ids


def test_imported_blocks_and_items_keep_their_ids_across_requests(tmp_path, client):
    source = tmp_path / "habits.html"
    source.write_text(ARTICLE)
    call_command("import_articles", str(source), "--publish", stdout=io.StringIO())
    page = AdviceArticlePage.objects.get()
    first = api_ids(client, page)
    assert len(first) == len(set(first)) >= 6
    assert api_ids(client, page) == first


def test_the_migration_gives_ids_to_items_stored_without_them(client):
    from tests.factories import faq, listicle, make_article, reason

    def body():
        return [listicle(items=[reason("Alpha"), reason("Beta")]), faq()]

    page = make_article(body=body(), publish=True)
    # As pages imported before ids were stored: plain item values, no block ids.
    assert not any("id" in item for item in body()[0]["value"]["items"])
    # Raw SQL: the ORM's StreamField would add ids on the way in.
    meta = AdviceArticlePage._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {meta.db_table} SET body = %s WHERE {meta.pk.column} = %s",  # noqa: S608
            [json.dumps(body()), page.pk],
        )
    page.refresh_from_db()
    assert "id" not in page.body.raw_data[0]
    stored = page.body.raw_data[0]["value"]["items"]
    assert not any("id" in item for item in stored)  # what made the API's ids random

    migration = importlib.import_module("advice_blocks.migrations.0005_stable_block_ids")
    migration.forwards(apps, None)

    page.refresh_from_db()
    assert all(item.get("id") for item in page.body.raw_data[0]["value"]["items"])
    assert all(block.get("id") for block in page.body.raw_data)
    assert api_ids(client, page) == api_ids(client, page)
    assert [b["type"] for b in page.body.raw_data] == ["listicle", "faq"]
    assert [i["value"]["heading"] for i in page.body.raw_data[0]["value"]["items"]] == [
        "Alpha",
        "Beta",
    ]
