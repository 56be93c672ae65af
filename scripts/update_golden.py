"""Regenerate ``fixtures/articles/<slug>/expected.json`` from the current importer.

Run after an intended change to the importer's output, then review the diff: the golden
test (tests/commands/test_golden.py) fails until the files match again, and separately
checks every expected.json against the human-written intent.json beside it. intent.json pins
what a reader sees of each listicle (heading, direction, start number, item and image
counts), and the test also derives the published ItemList JSON-LD and item numbers from it,
so regenerating the golden files cannot hide a numbering bug (a countdown published 1→10).
"""

import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.chdir(ROOT)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def dry_run(relative_source):
    out = io.StringIO()
    call_command(
        "import_articles",
        relative_source,
        "--dry-run",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    return json.loads(out.getvalue())


def main():
    call_command("migrate", verbosity=0)
    for folder in sorted((ROOT / "fixtures" / "articles").iterdir()):
        source = folder / "source.html"
        if not source.exists():
            continue
        document = dry_run(str(source.relative_to(ROOT)))
        (folder / "expected.json").write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {folder.name}/expected.json")


if __name__ == "__main__":
    main()
