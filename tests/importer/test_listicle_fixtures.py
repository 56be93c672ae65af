"""Team-written fixtures for the listicle and FAQ detectors (issue 11).

``fixtures/listicles/<slug>/`` holds one markup pattern each on which the detectors used to
miss items (unnumbered grouped items, rank badges, numbered paragraphs, "Label: text" lists,
centred links, ARIA headings, a summary list ahead of the sections, accordion FAQs);
``fixtures/negative/<slug>/`` holds pages on which no listicle, FAQ, author box or comment
thread may be found. Each ``intent.json`` is what a reader expects, written by hand.
"""

import json
from pathlib import Path

import pytest

from importers.errors import NotAnArticleError
from importers.pipeline import extract_article
from importers.pipeline.model import FAQ, Listicle

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
POSITIVE = sorted(p for p in (ROOT / "listicles").iterdir() if p.is_dir())
NEGATIVE = sorted(p for p in (ROOT / "negative").iterdir() if p.is_dir())


def norm(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold().rstrip(".:")


def extract(folder):
    data = (folder / "source.html").read_bytes()
    try:
        return extract_article(data, f"{folder.name}/source.html")
    except NotAnArticleError:
        return None


def listicles_of(article):
    return [s for s in article.body if isinstance(s, Listicle)] if article else []


def questions_of(article):
    if article is None:
        return []
    return [norm(q.question) for s in article.body if isinstance(s, FAQ) for q in s.items]


def effective_start(listicle):
    """The first number a reader sees: the count for a countdown unless the page says."""
    return listicle.start


def test_every_fixture_has_an_intent():
    assert POSITIVE and NEGATIVE
    for folder in [*POSITIVE, *NEGATIVE]:
        assert (folder / "intent.json").exists(), folder.name
        assert (folder / "source.html").exists(), folder.name


@pytest.mark.parametrize("folder", POSITIVE, ids=[f.name for f in POSITIVE])
def test_listicle_fixture_matches_the_reading(folder):
    """Items, heading, direction, start number, item and image counts are as a reader sees."""
    intent = json.loads((folder / "intent.json").read_text(encoding="utf-8"))
    article = extract(folder)
    assert article is not None
    found = listicles_of(article)
    assert len(found) == len(intent["listicles"])
    for listicle, expected in zip(found, intent["listicles"], strict=True):
        assert [norm(r.heading) for r in listicle.items] == [norm(h) for h in expected["items"]]
        assert len(listicle.items) == expected["item_count"]
        assert norm(listicle.heading) == norm(expected["heading"])
        assert listicle.direction == expected["direction"]
        assert effective_start(listicle) == expected["start_number"]
        assert sum(1 for r in listicle.items if r.images) == expected["images"]
    assert questions_of(article) == [norm(q) for q in intent["faq"]]


@pytest.mark.parametrize("folder", NEGATIVE, ids=[f.name for f in NEGATIVE])
def test_negative_fixture_invents_nothing(folder):
    """No listicle, FAQ, author box or comment is made up on these pages."""
    intent = json.loads((folder / "intent.json").read_text(encoding="utf-8"))
    article = extract(folder)
    assert [[r.heading for r in s.items] for s in listicles_of(article)] == intent["listicles"]
    assert questions_of(article) == intent["faq"]
    if article is not None and "has_author_bio" in intent:
        assert bool(article.author and article.author.bio_html) == intent["has_author_bio"]
    if article is not None and "comments" in intent:
        assert len(article.comments) == intent["comments"]


def test_the_article_footer_keeps_its_faq_and_loses_the_rest():
    """Chrome around the article's FAQ (the article's own footer) loses everything but the
    FAQ: the advert and the author box beside it stay out of the body."""
    article = extract(ROOT / "listicles" / "faq-in-article-footer")
    body = article.intro_html + " ".join(
        getattr(section, "html", "") or getattr(section, "text", "") for section in article.body
    )
    assert len(questions_of(article)) == 3
    assert "Seed potatoes are twenty per cent off" not in body
    assert "too many pumpkins" not in body
