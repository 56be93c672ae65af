"""A grid of other posts inside the content, each card closed by a "Read article" link."""

from __future__ import annotations

import dataclasses

from importers.pipeline import extract_article

from .conftest import PROSE

ARTICLE = "".join(f"<p>{PROSE}</p>" for _ in range(20))


def card(number: int, *, minutes: bool = True, href: str = "", excerpt: str = "") -> str:
    """One card: reading time (or not), a plain-text title, a byline, an excerpt, a link."""
    href = href or f"/blog/post-{number}"
    excerpt = excerpt or f"A short look at balcony project number {number}."
    return (
        "<li>"
        + (f"<p>{number + 3} minutes</p>" if minutes else "")
        + f"<h3>Balcony project {number}: what grew and what did not</h3>"
        f"<p>Ann Lee - 2024-0{number}-12</p><p>{excerpt}</p>"
        f"<a class='button' href='{href}'>Read article</a></li>"
    )


def page(grid: str, *, body: str = ARTICLE) -> str:
    return (
        "<!DOCTYPE html><html><head><title>How to Grow Tomatoes on a Balcony</title></head>"
        "<body><main><article><h1>How to Grow Tomatoes on a Balcony</h1>"
        f"<div class='entry-content'>{body}<p>Next season we will try peppers, which need "
        f"even more sun than tomatoes on a south-facing balcony.</p><ul>{grid}</ul>"
        "</div></article></main></body></html>"
    )


def text(html: str) -> str:
    """Everything the article would store, as one string."""
    article = extract_article(html.encode("utf-8"), "test.html")
    return str(dataclasses.asdict(article))


def test_grid_of_cards_after_the_article_is_dropped():
    # The first card has no reading time: the grid still starts at its title.
    grid = card(1, minutes=False) + "".join(card(n) for n in range(2, 6))
    body = text(page(grid))
    assert "Read article" not in body
    assert "Balcony project" not in body
    assert "Next season we will try peppers" in body  # the block before the first card
    assert body.count(PROSE[:40]) == 20


def test_cards_linking_to_other_sites_are_a_round_up_and_stay():
    grid = "".join(card(n, href=f"https://site{n}.example/post") for n in range(1, 6))
    body = text(page(grid))
    assert body.count("Read article") == 5


def test_cards_holding_most_of_the_text_are_the_article():
    grid = "".join(card(n) for n in range(1, 6))
    body = text(page(grid, body=f"<p>{PROSE}</p>"))
    assert body.count("Balcony project") == 5


def test_two_read_on_links_are_not_a_grid():
    grid = "".join(card(n) for n in range(1, 3))
    assert text(page(grid)).count("Read article") == 2
