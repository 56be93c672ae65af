"""A paragraph over libxml2's 10 MB text limit is imported whole, not silently dropped."""

import pytest

from importers.pipeline import extract_article
from importers.pipeline.richtext import sanitise

WORDS = "patience pays off when the garden is small and the weather is kind "


def test_a_ten_megabyte_paragraph_survives_sanitising():
    text = WORDS * (10_500_000 // len(WORDS))
    html = sanitise(f"<p>{text}</p>", frozenset({"bold"}))
    assert len(html) >= len(text.strip())


@pytest.mark.parametrize("size", [10_500_000])
def test_a_ten_megabyte_paragraph_survives_the_pipeline(size):
    text = WORDS * (size // len(WORDS))
    page = (
        "<html><head><title>A very long essay</title></head><body><article>"
        "<h1>A very long essay</h1><p>A short opening paragraph that sets the scene here.</p>"
        f"<p>{text}</p></article></body></html>"
    ).encode()
    article = extract_article(page, "long.html", max_bytes=25 * 1024 * 1024)
    kept = [article.intro_html] + [getattr(section, "html", "") for section in article.body]
    assert max(map(len, kept)) >= len(text.strip())
