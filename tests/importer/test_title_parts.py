"""The headline of a title line: what a pipe or a dash adds to it is left out."""

from __future__ import annotations

import pytest

from importers.pipeline import extract_article
from importers.pipeline.extract.metadata import headline_part

from .conftest import PROSE


@pytest.mark.parametrize(
    "title, headline",
    [
        # A pipe never belongs to the headline.
        ("Best Balcony Tomatoes of 2025 | Top 12 Varieties", "Best Balcony Tomatoes of 2025"),
        ("How to Prune Roses | Guides | Garden Notes", "How to Prune Roses"),
        # Short parts before the headline name the site or the section.
        ("Garden Notes | How to Prune Roses", "How to Prune Roses"),
        ("Opinion | Why Gardens Need Weeds", "Why Gardens Need Weeds"),
        # A tagline in title case after a spaced dash.
        ("Balcony Tomatoes Compared – Personally Tested", "Balcony Tomatoes Compared"),
        ("Pruning Roses for Beginners — Tools & Timing", "Pruning Roses for Beginners"),
        ("Building a Raised Bed in a Weekend - Part 2", "Building a Raised Bed in a Weekend"),
        # Sentence case after the dash continues the headline.
        (
            "The most popular vegetable of 2024 — and five to try in 2025",
            "The most popular vegetable of 2024 — and five to try in 2025",
        ),
        (
            "Moving to a balcony garden – tips and tricks",
            "Moving to a balcony garden – tips and tricks",
        ),
        # Too short a first part to be a headline on its own.
        ("Tomatoes - The Complete Guide", "Tomatoes - The Complete Guide"),
        ("Roses | Care", "Roses | Care"),
        # No separator: unchanged.
        ("Compost: What Goes In", "Compost: What Goes In"),
        ("Well-Drained Soil", "Well-Drained Soil"),
    ],
)
def test_headline_part(title, headline):
    assert headline_part(title) == headline


def test_page_title_leaves_the_tagline_of_the_headline_out():
    title = "Best Balcony Tomatoes of 2025 | Top 12 Varieties"
    html = (
        f"<html><head><title>{title} | Garden Notes</title>"
        f"<meta property='og:title' content='{title}'></head><body>"
        f"<article><h1>{title}</h1>{''.join(f'<p>{PROSE}</p>' for _ in range(5))}"
        "</article></body></html>"
    )
    article = extract_article(html.encode("utf-8"), "test.html")
    assert article.title == "Best Balcony Tomatoes of 2025"


def headline_page(h1: str, og_title: str) -> str:
    return (
        f"<html><head><title>{og_title} | Garden Notes</title>"
        f"<meta property='og:title' content='{og_title}'></head><body>"
        f"<article><h1>{h1}</h1>{''.join(f'<p>{PROSE}</p>' for _ in range(5))}"
        "</article></body></html>"
    )


def test_all_capitals_headline_takes_the_metadata_casing():
    html = headline_page("BEST TOMATOES FOR A SUNNY BALCONY", "Best Tomatoes for a Sunny Balcony")
    article = extract_article(html.encode("utf-8"), "test.html")
    assert article.title == "Best Tomatoes for a Sunny Balcony"


def test_all_capitals_headline_stays_when_the_metadata_says_something_else():
    html = headline_page("BEST TOMATOES FOR BALCONIES", "Best Tomatoes for a Sunny Balcony Garden")
    article = extract_article(html.encode("utf-8"), "test.html")
    assert article.title == "BEST TOMATOES FOR BALCONIES"


def test_subtitle_shown_as_a_block_inside_the_headline_is_kept_apart():
    html = headline_page(
        "Balcony Tomatoes Compared<span class='block text-sm'>Twelve Varieties We Grew</span>",
        "Balcony Tomatoes Compared",
    )
    article = extract_article(html.encode("utf-8"), "test.html")
    assert article.title == "Balcony Tomatoes Compared"
