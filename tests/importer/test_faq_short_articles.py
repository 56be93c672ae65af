"""A short article's FAQ is an FAQ: its prose is short paragraphs and list items, not two
long paragraphs, and the FAQ rule for pages with no prose of their own (a shop listing)
must not take it."""

from __future__ import annotations

from importers.pipeline import extract_article
from importers.pipeline.model import FAQ

from .conftest import page

SHORT = (
    "<p>A few words on why a windowsill herb pot is worth the bother.</p>"
    "<h2>2. Fresh leaves all year</h2><p>Snip what you need and it grows back.</p>"
    "<h2>1. It costs very little</h2><p>A pot, some compost and a packet of seed.</p>"
    "<h2>Frequently asked questions</h2>"
    "<h3>Which herbs grow indoors?</h3><p>Basil, parsley and chives all do well.</p>"
    "<h3>How much light do they need?</h3><p>A bright sill, out of cold draughts.</p>"
)


def test_a_short_articles_faq_is_kept():
    article = extract_article(page(SHORT, title="2 reasons to grow herbs").encode(), "h.html")
    faqs = [section for section in article.body if isinstance(section, FAQ)]
    assert [item.question for item in faqs[0].items] == [
        "Which herbs grow indoors?",
        "How much light do they need?",
    ]


def test_an_faq_that_is_all_the_prose_is_still_not_one():
    listing = (
        "<p>Our pots.</p>"
        "<h2>Frequently asked questions</h2>"
        "<h3>Do you ship abroad?</h3><p>Yes, to most countries.</p>"
        "<h3>Can I return a pot?</h3><p>Within thirty days.</p>"
    )
    article = extract_article(page(listing, title="Herb pots").encode(), "p.html")
    assert not [section for section in article.body if isinstance(section, FAQ)]
