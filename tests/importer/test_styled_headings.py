"""A ``<div>`` or ``<p>`` carrying a CSS framework's heading class is read as a heading."""

from importers.pipeline.extract.blocks import linearise
from importers.pipeline.parse import parse_html


def blocks_of(body: str):
    root = parse_html(f"<html><body><div id='main'>{body}</div></body></html>", "test")
    return linearise(root.find(".//div[@id='main']"), None, [])


def test_a_div_with_a_heading_class_is_a_heading_at_that_level():
    blocks = blocks_of('<div class="h4 text-muted">Storing apples</div><p>Keep them cool.</p>')
    assert [(b.kind, b.level, b.text) for b in blocks[:1]] == [("heading", 4, "Storing apples")]


def test_heading_classes_that_disagree_or_wrap_blocks_are_not_headings():
    blocks = blocks_of(
        '<div class="h2 h3">Two sizes at once</div>'
        '<div class="h3"><p>A box of paragraphs styled large.</p><p>Another one.</p></div>'
        f'<p class="heading-3">{"A long lead paragraph set in big type. " * 6}</p>'
        '<div class="h1">The page title again</div>'
    )
    assert all(block.kind != "heading" for block in blocks)
