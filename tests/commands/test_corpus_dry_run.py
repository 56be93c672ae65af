"""Every real page in ../shared/corpus goes through the dry run and validates."""

import io
import json

import pytest
from django.core.management import call_command

from advice_blocks.blocks import ArticleStreamBlock
from tests.shared_data import CORPUS, require_shared

CORPUS_PAGES = CORPUS / "pages"

pytestmark = pytest.mark.django_db


def test_corpus_pages_dry_run_without_errors_and_validate():
    require_shared(CORPUS_PAGES)
    out = io.StringIO()
    call_command(
        "import_articles",
        str(CORPUS_PAGES),
        "--dry-run",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    document = json.loads(out.getvalue())
    assert document["errors"] == []
    assert len(document["articles"]) == len(list(CORPUS_PAGES.glob("*.html")))
    stream_block = ArticleStreamBlock(required=False)  # the page body is blank=True
    for article in document["articles"]:
        # Blocks that point at an author or image a real import would create carry no id yet.
        body = [
            block
            for block in article["body"]
            if not (block["type"] == "author_bio" and block["value"]["author"] is None)
            and not (block["type"] == "image" and block["value"]["image"] is None)
        ]
        stream_block.clean(stream_block.to_python(body))
