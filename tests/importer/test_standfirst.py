"""The standfirst a theme sets as a heading under the headline (issue 11)."""

import pytest

from importers.pipeline import extract_article
from importers.pipeline.model import Heading

from .conftest import PROSE


def _page(first: str, rest: str = "") -> str:
    return (
        "<html><head><title>Keeping Bees in a Small Garden</title></head><body><article>"
        f"<h1>Keeping Bees in a Small Garden</h1>{first}"
        f"{rest or f'<p>{PROSE}</p><h2>Where to put the hive</h2><p>{PROSE}</p>'}"
        "</article></body></html>"
    )


def _headings(html: str) -> list[str]:
    return [s.text for s in extract_article(html, "t.html").body if isinstance(s, Heading)]


def test_a_sentence_set_as_a_heading_before_the_prose_opens_the_intro():
    deck = "A hive needs less room than you think, and the bees will repay you with honey."
    article = extract_article(_page(f"<h2>{deck}</h2>"), "t.html")
    assert article.intro_html.startswith(f"<p>{deck}</p>")
    assert [s.text for s in article.body if isinstance(s, Heading)] == ["Where to put the hive"]


def test_a_long_deck_without_a_full_stop_is_a_standfirst_too():
    deck = (
        "From choosing a sheltered corner to the first harvest in late summer, everything a "
        "beginner with a small garden needs to know about a first hive"
    )
    assert _headings(_page(f"<h3>{deck}</h3>")) == ["Where to put the hive"]


@pytest.mark.parametrize(
    "heading",
    [
        # A question opens a section; so does a phrase, with or without a full stop.
        "Do you have room for a hive in a garden this small?",
        "Why bees.",
        "The best hives for small gardens in the U.S.",
        "Getting started",
    ],
)
def test_a_section_heading_first_stays_a_heading(heading):
    assert _headings(_page(f"<h2>{heading}</h2>"))[0] == heading


def test_a_sentence_heading_after_the_prose_has_begun_stays_a_heading():
    heading = "The first year is mostly about watching, and that is exactly as it should be."
    html = _page(f"<p>{PROSE}</p><h2>{heading}</h2><p>{PROSE}</p>", rest=" ")
    assert _headings(html) == [heading]


def test_only_the_first_heading_can_be_a_standfirst():
    deck = "A hive needs less room than you think, and the bees will repay you with honey."
    later = "Bees fly up and over a hedge, so the neighbours will hardly notice them at all."
    html = _page(f"<h2>Getting started</h2><h2>{later}</h2><p>{PROSE}</p>", rest=" ")
    assert _headings(html) == ["Getting started", later]
    assert _headings(_page(f"<h2>{deck}</h2>"))[0] != deck
