"""Exported posts become pages the pipeline extracts like served ones: titles, dates,
authors, listicles and FAQs."""

from __future__ import annotations

import datetime
import re

import pytest
from lxml import etree

from importers.errors import NotAnArticleError
from importers.pipeline import extract_article
from importers.pipeline.model import FAQ, Embed, Listicle
from importers.sources.wordpress import Item, Site, post_document
from tests.shared_data import require_shared

from .conftest import BLOCK_TEST, FIXTURE, THEME_UNIT_TEST, read_all


@pytest.fixture(scope="module")
def export():
    _, site, items = read_all(FIXTURE)
    return site, {item.post_id: item for item in items}


def _permalink_day(link: str) -> datetime.date | None:
    found = re.search(r"/(\d{4})/(\d{2})/(\d{2})/", link or "")
    return datetime.date(*map(int, found.groups())) if found else None


def _article(item: Item, site: Site):
    return extract_article(post_document(item, site), item.link, base_url=item.link)


def _listicles(article):
    return [section for section in article.body if isinstance(section, Listicle)]


def _faqs(article):
    return [section for section in article.body if isinstance(section, FAQ)]


def test_the_document_carries_the_post_metadata(export):
    site, items = export
    html = post_document(items[101], site)
    root = etree.HTML(html)
    assert root.get("lang") == "en-GB"
    assert root.findtext(".//title") == "7 Ways to Keep Your Bike Running Through Winter"
    assert root.find(".//link[@rel='canonical']").get("href") == items[101].link
    meta = {m.get("name") or m.get("property"): m.get("content") for m in root.iter("meta")}
    assert meta["author"] == "Maria Okafor"
    assert meta["article:published_time"] == "2024-01-12T09:30:00+00:00"
    assert meta["article:modified_time"] == "2024-02-03T14:00:00+00:00"
    assert root.findtext(".//article/h1") == "7 Ways to Keep Your Bike Running Through Winter"
    assert "<!-- wp:" not in html


def test_block_editor_listicle_with_a_yoast_faq(export):
    site, items = export
    article = _article(items[101], site)
    assert article.title == "7 Ways to Keep Your Bike Running Through Winter"
    assert article.canonical_url == items[101].link
    assert article.published == datetime.date(2024, 1, 12)
    assert article.updated == datetime.date(2024, 2, 3)
    assert article.author.name == "Maria Okafor"
    assert article.language == "en-GB"
    (listicle,) = _listicles(article)
    assert len(listicle.items) == 7
    assert listicle.items[0].heading == "Rinse the salt off after every wet ride"
    assert listicle.items[1].images[0].src.endswith("/2024/01/chain-rag.jpg")
    (faq,) = _faqs(article)
    assert len(faq.items) == 3
    assert faq.items[1].question == "How often should I wash the bike in winter?"
    assert "<b>proper clean</b>" in faq.items[1].answer_html
    assert article.comments == []  # comments come from the export's records, not the page
    assert article.warnings == []


def test_classic_markup_listicle(export):
    site, items = export
    article = _article(items[102], site)
    assert article.title == "5 Habits That Make Busy Mornings Easier"
    assert article.author.name == "Tom Lindqvist"
    assert article.published == datetime.date(2023, 11, 7)
    (listicle,) = _listicles(article)
    assert [item.heading for item in listicle.items] == [
        "Lay out tomorrow the night before",
        "Make breakfast a fixed menu",
        "Keep the phone out of the bedroom",
        "Give every morning job a time",
        "Do one small job for tomorrow before you leave",
    ]
    # Classic posts have no <p> tags: autop gave each item its paragraphs and line breaks.
    assert listicle.items[0].body_html.count("<p>") == 2
    assert "<li>" in listicle.items[1].body_html
    assert listicle.items[2].images[0].caption.startswith("A ten-pound alarm clock")
    assert "Most stressful mornings" in article.intro_html


def test_rank_math_faq_and_embeds(export):
    site, items = export
    article = _article(items[103], site)
    assert article.title == "How to Choose Your First Pair of Running Shoes"
    assert _listicles(article) == []
    assert article.warnings == []
    (faq,) = _faqs(article)
    assert [q.question for q in faq.items] == [
        "How long do running shoes last?",
        "Do I need a gait analysis?",
        "Should I buy a size up?",
    ]
    embeds = [section.url for section in article.body if isinstance(section, Embed)]
    assert embeds == [
        "https://www.youtube.com/watch?v=aBcDeF12345",
        "https://twitter.com/advice_example/status/1759876543210987654",
    ]


def test_a_draft_dated_only_in_local_time(export):
    site, items = export
    root = etree.HTML(post_document(items[104], site))
    published = root.find(".//meta[@property='article:published_time']").get("content")
    assert published == "2024-02-25T16:45:00"


def test_a_post_without_dates_or_known_author():
    site = Site(title="S")
    item = Item(post_type="post", title="Fish &amp; <em>chips</em>", author_login="ghost")
    root = etree.HTML(post_document(item, site))
    assert root.get("lang") is None
    assert root.findtext(".//title") == "Fish & chips"
    h1 = etree.tostring(root.find(".//h1"), encoding=str, with_tail=False)
    assert h1 == "<h1>Fish &amp; <em>chips</em></h1>"
    assert root.find(".//meta[@name='author']").get("content") == "ghost"
    assert root.find(".//meta[@property='article:published_time']") is None
    assert root.find(".//link[@rel='canonical']") is None


@pytest.mark.parametrize("path", [THEME_UNIT_TEST, BLOCK_TEST], ids=["classic", "blocks"])
def test_every_real_post_extracts_or_is_refused_cleanly(path):
    """Every post and page of the real exports extracts with its title and date, or is
    refused as not an article (the theme test data has one-line and empty posts)."""
    _, site, items = read_all(require_shared(path))
    extracted = 0
    for item in items:
        if item.post_type not in ("post", "page"):
            continue
        try:
            article = _article(item, site)
        except NotAnArticleError:
            continue
        extracted += 1
        assert item.title.replace("&amp;", "&").startswith(article.title[:10])
        if item.post_type == "post" and item.published:
            # The export's date is UTC; the permalink's is the site's local day, which
            # WordPress shows and the importer may rightly take instead.
            local = _permalink_day(item.link)
            assert article.published in {item.published.date(), local}, item.link
    assert extracted >= 50
