"""Print a JSON consistency report of the example site's database (run as a subprocess).

``python -m tests.reliability.inspect_db`` with the environment of
:meth:`tests.reliability.filedb.SiteDatabase.env`. The crash and race tests assert on it:
pages, their live revisions and bodies, orphan revisions, the page tree, duplicates.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report() -> dict:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Revision

    from advice_blocks.models import AdviceArticlePage, Author, Comment

    pages = list(AdviceArticlePage.objects.select_related("live_revision"))
    page_ids = {str(pk) for pk in Page.objects.values_list("pk", flat=True)}
    page_type = ContentType.objects.get_for_model(Page)
    revision_objects = Revision.objects.filter(base_content_type=page_type).values_list(
        "object_id", flat=True
    )
    sources = Counter(page.source_url for page in pages)
    comment_keys = Counter(
        Comment.objects.exclude(source_key="").values_list("page_id", "source_key")
    )
    problems = Page.find_problems()
    return {
        "pages": len(pages),
        "distinct_sources": len(sources),
        "duplicate_sources": sorted(key for key, n in sources.items() if n > 1 and key),
        "slugs_distinct": len({page.slug for page in pages}) == len(pages),
        "not_live": sorted(page.pk for page in pages if not page.live),
        "without_live_revision": sorted(page.pk for page in pages if page.live_revision is None),
        "without_latest_revision": sorted(
            page.pk for page in pages if page.latest_revision_id is None
        ),
        "empty_body": sorted(page.pk for page in pages if not list(page.body)),
        "orphan_revisions": sum(1 for object_id in revision_objects if object_id not in page_ids),
        "tree_problems": {
            name: [str(item) for item in found]
            for name, found in zip(
                ["evil_chars", "bad_step_length", "orphans", "wrong_depth", "wrong_numchild"],
                problems,
                strict=True,
            )
            if found
        },
        "comments": Comment.objects.count(),
        "duplicate_comments": sum(1 for n in comment_keys.values() if n > 1),
        "authors": sorted(Author.objects.values_list("name", flat=True)),
    }


def main() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.reliability.site_settings")
    import django

    django.setup()
    json.dump(report(), sys.stdout)


if __name__ == "__main__":
    main()
