"""Sections that count what the title names, and headings that number themselves (issue 11)."""

from importers.pipeline import extract_article
from importers.pipeline.model import Listicle

from .conftest import PROSE


def _listicles(html: str) -> list[Listicle]:
    return [s for s in extract_article(html, "t.html").body if isinstance(s, Listicle)]


def _page(title: str, section: str, headings: list[str]) -> str:
    items = "".join(f"<h3>{h}</h3><p>Short advice for this one.</p>" for h in headings)
    opening = "".join(f"<p>{PROSE}</p>" for _ in range(8))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<h2>Before you start</h2>{opening}<h2>{section}</h2>{items}"
        "<h2>Closing thoughts</h2><p>That is all for now.</p></article></body></html>"
    )


def test_a_countdown_in_a_counted_section_keeps_its_numbers_out_of_the_headings():
    headings = ["3. Rake the moss", "2. Spike the lawn", "1. Feed it"]
    found = _listicles(_page("Lawn Jobs for Autumn", "3 Lawn Jobs That Pay Off", headings))
    assert len(found) == 1
    assert [i.heading for i in found[0].items] == ["Rake the moss", "Spike the lawn", "Feed it"]
    assert [i.number for i in found[0].items] == [3, 2, 1]
    assert found[0].direction == "countdown"


def test_a_counted_section_of_something_the_title_does_not_name_stays_prose():
    headings = ["Rake the moss", "Spike the lawn", "Feed it"]
    assert _listicles(_page("Caring for a Lawn", "3 Lawn Jobs That Pay Off", headings)) == []


def test_the_counted_noun_is_a_plural_not_a_word_ending_in_s():
    # "3 Business Structures" counts structures; the title's "Business" names no list.
    headings = ["Sole proprietorship", "Partnership", "Company"]
    page = _page("How to Register a Business in Texas", "3 Business Structures", headings)
    assert _listicles(page) == []
