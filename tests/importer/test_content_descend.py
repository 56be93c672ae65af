"""How far the content finder narrows: below the element a theme marks as the post (its
``entry-content``, an ``<article>``), a neighbour of the largest child is kept; inside an
unmarked wrapper, a small neighbour is left out as before."""

from __future__ import annotations

from importers.pipeline import extract_article

from .conftest import PROSE

INTRO = (
    "Before the buying guide below, a word on why a balcony changes the choice: wind, "
    "reflected heat from the walls and a weight limit that no garden centre will mention."
)
OTHER = (
    "Our spring workshop on container compost has six places left; book before the end of "
    "the month and bring two empty pots and a pair of gloves to the community hall."
)


def page(content: str) -> bytes:
    title = "Choosing Containers for a Windy Balcony"
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><main>"
        f"<h1>{title}</h1>{content}</main></body></html>"
    ).encode()


def grid(paragraphs: int = 8) -> str:
    """A page builder's nested grid holding most of the text."""
    inner = "".join(f"<p>{PROSE}</p>" for _ in range(paragraphs))
    return (
        f"<div class='grid'><div class='grid-row'><div class='grid-col'>{inner}</div></div></div>"
    )


def text_of(html: bytes) -> str:
    article = extract_article(html, "test.html")
    return article.intro_html + " ".join(str(section) for section in article.body)


def test_an_intro_beside_a_builder_grid_inside_entry_content_is_kept():
    text = text_of(page(f"<div class='entry-content'><p>{INTRO}</p>{grid()}</div>"))
    assert "a word on why a balcony" in text
    assert text.count(PROSE[:40]) == 8


def test_an_intro_beside_a_builder_grid_inside_an_article_element_is_kept():
    text = text_of(page(f"<article><p>{INTRO}</p>{grid()}</article>"))
    assert "a word on why a balcony" in text


def test_a_small_neighbour_inside_an_unmarked_wrapper_is_still_left_out():
    text = text_of(
        page(f"<div class='wrap'><div class='promo'><p>{OTHER}</p></div>{grid()}</div>")
    )
    assert "spring workshop" not in text
    assert text.count(PROSE[:40]) == 8
