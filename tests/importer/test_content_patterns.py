"""Content finding on team-written pages that reproduce markup patterns seen in the wild:
the article is found whole, whatever wraps it, and the chrome around it stays out."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from importers.pipeline import extract_article, model
from importers.pipeline.parse import parse_html

from .conftest import PROJECT, PROSE

PATTERNS = PROJECT / "fixtures" / "patterns"
FOLDERS = sorted(p for p in PATTERNS.iterdir() if (p / "expected.json").exists())


def body_text(article: model.Article) -> str:
    """The article's visible body text (intro and sections), whitespace collapsed."""
    parts = [article.intro_html]
    for section in article.body:
        if isinstance(section, model.Paragraph):
            parts.append(section.html)
        elif isinstance(section, (model.Heading, model.Quote)):
            parts.append(section.text)
        elif isinstance(section, model.Listicle):
            parts.append(section.intro_html)
            for item in section.items:
                parts.extend([item.heading, item.body_html])
        elif isinstance(section, model.FAQ):
            for question in section.items:
                parts.extend([question.question, question.answer_html])
    text = unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))
    return " ".join(text.split())


def extract_folder(folder):
    return extract_article((folder / "source.html").read_bytes(), folder.name)


def test_every_pattern_fixture_has_a_source_and_says_what_it_shows():
    assert FOLDERS
    for folder in FOLDERS:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        assert (folder / "source.html").exists(), folder.name
        assert expected["pattern"] and expected["body_contains"], folder.name


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_pattern_fixture_keeps_the_article_and_drops_the_chrome(folder):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = extract_folder(folder)
    text = body_text(article)
    if "title" in expected:
        assert article.title == expected["title"]
    for phrase in expected["body_contains"]:
        assert phrase in text, f"missing: {phrase!r}"
    for phrase in expected.get("body_excludes", []):
        assert phrase not in text, f"chrome kept: {phrase!r}"
    for phrase in expected.get("warnings_contain", []):
        assert any(phrase in warning for warning in article.warnings), f"no warning: {phrase!r}"


def test_a_huge_data_uri_attribute_is_dropped_whole_and_the_page_after_it_is_kept():
    """A tag over the size cap loses whole attributes; cutting inside the quoted value would
    leave the quote open and the parser would read the rest of the page as its value."""
    script = '<script defer src="data:text/javascript;base64,' + "QUJD" * 30_000 + '"></script>'
    html = (
        "<html><head><title>Flossing Daily</title>" + script + "</head><body>"
        "<h1>Flossing Daily</h1>" + f"<p>{PROSE}</p>" * 3 + "</body></html>"
    )
    article = extract_article(html.encode(), "data-uri.html")
    assert article.title == "Flossing Daily"
    assert body_text(article).count("full stop at the end of it") == 3


def test_a_tag_over_the_cap_keeps_the_attributes_that_fit():
    many = " ".join(f"data-n{i}=1" for i in range(20_000))
    root = parse_html(f'<p id="kept" class="{"x" * 150_000}" {many}>Text</p>', "t.html")
    (paragraph,) = root.iter("p")
    assert paragraph.get("id") == "kept"
    assert paragraph.get("class") is None
    assert paragraph.get("data-n0") == "1"
    assert paragraph.text == "Text"
