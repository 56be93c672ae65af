"""Every real page in the shared corpus extracts without an exception, quickly."""

from __future__ import annotations

import time

import pytest

from importers.pipeline import extract_article

from .conftest import CORPUS

PAGES = sorted((CORPUS / "pages").glob("*.html")) if (CORPUS / "pages").exists() else []
#: Generous per-page ceiling; the benchmark tracks the real numbers.
MAX_SECONDS = 1.0


@pytest.mark.parametrize(
    "path",
    PAGES
    or [
        pytest.param(
            None,
            marks=pytest.mark.skip(
                reason=f"shared corpus not found at {CORPUS} (set ADVICE_SHARED_DIR)"
            ),
        )
    ],
    ids=lambda p: p.name if p else "none",
)
def test_page_extracts(path):
    data = path.read_bytes()
    start = time.perf_counter()
    article = extract_article(data, path.name)
    elapsed = time.perf_counter() - start
    assert article.title
    assert article.body or article.intro_html
    assert elapsed < MAX_SECONDS
