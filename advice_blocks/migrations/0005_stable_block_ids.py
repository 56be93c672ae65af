"""Give stored listicle and FAQ items (and their blocks) ids.

Pages imported before 0.1 stored list items without ids, so Wagtail made up new random
ones on every load and the API's ids changed with each request. Ids are stored once here;
the page editor keeps them from then on.
"""

import json
import uuid

from django.db import migrations

LIST_BLOCKS = ("listicle", "faq")


def add_ids(stream):
    """Return ``(stream, changed)`` with an id on every block and list item."""
    changed = False
    for block in stream:
        if not isinstance(block, dict):
            continue
        if not block.get("id"):
            block["id"] = str(uuid.uuid4())
            changed = True
        value = block.get("value")
        if block.get("type") in LIST_BLOCKS and isinstance(value, dict):
            items = value.get("items") or []
            for position, item in enumerate(items):
                if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                    if not item.get("id"):
                        item["id"] = str(uuid.uuid4())
                        changed = True
                else:
                    items[position] = {"type": "item", "value": item, "id": str(uuid.uuid4())}
                    changed = True
    return stream, changed


def forwards(apps, schema_editor):
    Page = apps.get_model("advice_blocks", "AdviceArticlePage")
    for page in Page.objects.only("pk", "body").iterator():
        raw = getattr(page.body, "raw_data", page.body)
        stream = json.loads(raw) if isinstance(raw, str) else [dict(b) for b in raw or []]
        stream, changed = add_ids(stream)
        if changed:
            Page.objects.filter(pk=page.pk).update(body=stream)


class Migration(migrations.Migration):
    dependencies = [("advice_blocks", "0004_article_language")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
