"""Every real page in the shared corpus extracts without an exception, quickly."""

from __future__ import annotations

import time

import pytest

from importers.pipeline import extract_article
from tests.shared_data import CORPUS, require_shared

PAGES = sorted((CORPUS / "pages").glob("*.html")) if (CORPUS / "pages").exists() else []
#: Generous per-page ceiling; the benchmark tracks the real numbers.
MAX_SECONDS = 1.0


@pytest.mark.parametrize("path", PAGES or [None], ids=lambda p: p.name if p else "none")
def test_page_extracts(path):
    if path is None:
        require_shared(CORPUS / "pages")
    data = path.read_bytes()
    start = time.perf_counter()
    article = extract_article(data, path.name)
    elapsed = time.perf_counter() - start
    assert article.title
    assert article.body or article.intro_html
    assert elapsed < MAX_SECONDS
