"""Block-editor markup: delimiters parsed like WordPress's parser, blocks rendered as the
HTML the pipeline reads."""

from __future__ import annotations

import json
import time

import pytest
from lxml import etree

from importers.pipeline.extract.embeds import canonical_embed_url
from importers.sources.wordpress import blocks_html, embed_html, has_blocks, parse_blocks
from importers.sources.wordpress.blocks import ParsedBlock

# -- parsing --------------------------------------------------------------------------------


def test_blocks_and_freeform_html():
    content = (
        "<p>Before</p>\n"
        '<!-- wp:heading {"level":3} --><h3>Title</h3><!-- /wp:heading -->\n'
        "<!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->\n\n"
    )
    blocks = parse_blocks(content)
    assert [b.name for b in blocks] == [None, "core/heading", "core/paragraph"]
    assert blocks[0].inner_html == "<p>Before</p>\n"
    assert blocks[1].attrs == {"level": 3}
    assert blocks[1].inner_html == "<h3>Title</h3>"


def test_nested_blocks_keep_their_places():
    content = (
        '<!-- wp:columns --><div class="cols"><!-- wp:column --><div class="col">'
        "<!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column -->"
        '<!-- wp:column --><div class="col"><!-- wp:paragraph --><p>Right</p>'
        "<!-- /wp:paragraph --></div><!-- /wp:column --></div><!-- /wp:columns -->"
    )
    (columns,) = parse_blocks(content)
    assert columns.name == "core/columns"
    assert [c.name for c in columns.inner_blocks] == ["core/column", "core/column"]
    assert columns.inner_content == ['<div class="cols">', None, None, "</div>"]
    left = columns.inner_blocks[0]
    assert left.inner_content == ['<div class="col">', None, "</div>"]
    assert left.inner_blocks[0].inner_html == "<p>Left</p>"
    assert blocks_html(content) == (
        '<div class="cols"><div class="col"><p>Left</p></div>'
        '<div class="col"><p>Right</p></div></div>'
    )


def test_self_closing_blocks():
    content = (
        '<!-- wp:separator /--><!-- wp:latest-posts {"postsToShow":3} /-->'
        "<!-- wp:group --><div><!-- wp:spacer /--><p>In</p></div><!-- /wp:group -->"
    )
    blocks = parse_blocks(content)
    assert [b.name for b in blocks] == ["core/separator", "core/latest-posts", "core/group"]
    assert blocks[1].attrs == {"postsToShow": 3}
    assert blocks[1].inner_content == []
    group = blocks[2]
    assert [b.name for b in group.inner_blocks] == ["core/spacer"]
    assert group.inner_content == ["<div>", None, "<p>In</p></div>"]
    assert blocks_html(content) == "<div><p>In</p></div>"


def test_namespaced_block_names():
    blocks = parse_blocks(
        '<!-- wp:yoast/faq-block {"questions":[]} --><div></div><!-- /wp:yoast/faq-block -->'
    )
    assert blocks[0].name == "yoast/faq-block"


def test_attribute_json_with_unicode_escapes_and_braces():
    """WordPress escapes ``<``, ``>``, ``&``, quotes and ``--`` in attributes as \\uXXXX."""
    attrs = {
        "answer": 'Use <strong>less</strong> & "wait" -- it\'s “fine” 🚲',
        "nested": {"a": {"b": "}"}},
    }
    encoded = json.dumps(attrs)
    encoded = (
        encoded.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("--", "\\u002d\\u002d")
    )
    blocks = parse_blocks(f"<!-- wp:x/y {encoded} -->inner<!-- /wp:x/y -->")
    assert blocks[0].attrs == attrs
    assert blocks[0].inner_html == "inner"


def test_invalid_attribute_json_is_ignored():
    blocks = parse_blocks('<!-- wp:heading {"level":3,} --><h3>T</h3><!-- /wp:heading -->')
    assert blocks[0].name == "core/heading"
    assert blocks[0].attrs == {}
    assert blocks_html('<!-- wp:heading {"level":3,} --><h3>T</h3><!-- /wp:heading -->') == (
        "<h2>T</h2>"
    )


def test_unclosed_blocks_close_at_the_end():
    blocks = parse_blocks("<!-- wp:group --><div><!-- wp:paragraph --><p>Never closed</p></div>")
    assert [b.name for b in blocks] == ["core/group"]
    assert blocks[0].inner_blocks[0].inner_html == "<p>Never closed</p></div>"


def test_a_stray_closer_is_kept_as_a_comment():
    content = "<p>A</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>B</p><!-- /wp:paragraph -->"
    blocks = parse_blocks(content)
    assert [b.name for b in blocks] == [None, "core/paragraph"]
    assert blocks[0].inner_html == "<p>A</p><!-- /wp:paragraph -->"
    assert blocks_html(content).count("<p>") == 2


def test_a_closer_for_an_outer_block_closes_the_inner_ones():
    content = (
        "<!-- wp:quote --><blockquote><!-- wp:paragraph --><p>Quoted</p>"
        "</blockquote><!-- /wp:quote --><!-- wp:paragraph --><p>After</p><!-- /wp:paragraph -->"
    )
    blocks = parse_blocks(content)
    assert [b.name for b in blocks] == ["core/quote", "core/paragraph"]
    quote = blocks[0]
    assert [b.name for b in quote.inner_blocks] == ["core/paragraph"]
    assert quote.inner_blocks[0].inner_html == "<p>Quoted</p></blockquote>"


def test_comments_that_only_look_like_delimiters_are_html():
    content = "<!--wp:paragraph--><p>x</p><!-- more --><!-- wp:Bad -->"
    assert not has_blocks("<p>classic</p><!--more-->")
    blocks = parse_blocks(content)
    assert [b.name for b in blocks] == [None]


def test_unescaped_markup_in_attributes_is_accepted():
    """Hand-written delimiters may not escape ``<``/``>`` as WordPress does."""
    (block,) = parse_blocks('<!-- wp:x/faq {"answer":"<b>Yes</b> -> go"} -->i<!-- /wp:x/faq -->')
    assert block.attrs == {"answer": "<b>Yes</b> -> go"}


def test_unterminated_delimiters_cost_linear_time():
    """A post full of broken delimiters is parsed in linear time (a regular expression run
    over the whole post from each one would take minutes here)."""
    started = time.perf_counter()
    blocks = parse_blocks("<!-- wp:paragraph {" * 20000 + '"a":"' + "}" * 20000)
    assert [b.name for b in blocks] == [None]
    assert time.perf_counter() - started < 5


# -- rendering ------------------------------------------------------------------------------


def _root(html: str) -> etree._Element:
    return etree.HTML(f"<div>{html}</div>")


@pytest.mark.parametrize(
    ("attrs", "saved", "expected"),
    [
        ("", '<h2 class="wp-block-heading">Plain</h2>', "<h2>Plain</h2>"),
        ('{"level":4}', '<h4 class="wp-block-heading" id="x">Four</h4>', "<h4>Four</h4>"),
        ('{"level":1}', "<h1><strong>Bold</strong></h1>", "<h1><strong>Bold</strong></h1>"),
        ('{"level":9}', "<h2>Odd level</h2>", "<h2>Odd level</h2>"),
    ],
)
def test_heading_level_comes_from_the_attributes(attrs, saved, expected):
    attrs = f" {attrs}" if attrs else ""
    html = blocks_html(f"<!-- wp:heading{attrs} -->{saved}<!-- /wp:heading -->")
    assert html == expected


def test_lists_and_list_items():
    content = (
        '<!-- wp:list {"ordered":true,"start":4} --><ol start="4" class="wp-block-list">'
        "<!-- wp:list-item --><li>One<!-- wp:list --><ul><!-- wp:list-item --><li>Sub</li>"
        "<!-- /wp:list-item --></ul><!-- /wp:list --></li><!-- /wp:list-item -->"
        "<!-- wp:list-item --><li>Two</li><!-- /wp:list-item --></ol><!-- /wp:list -->"
    )
    assert (
        blocks_html(content) == '<ol start="4"><li>One<ul><li>Sub</li></ul></li><li>Two</li></ol>'
    )


def test_a_list_marked_ordered_becomes_ol():
    content = '<!-- wp:list {"ordered":true} --><ul><li>a</li></ul><!-- /wp:list -->'
    assert blocks_html(content) == "<ol><li>a</li></ol>"


def test_old_style_list_without_item_blocks():
    content = "<!-- wp:list --><ul><li>a</li><li>b</li></ul><!-- /wp:list -->"
    assert blocks_html(content) == "<ul><li>a</li><li>b</li></ul>"


def test_image_quote_and_pullquote_keep_their_saved_html():
    image = (
        '<figure class="wp-block-image"><img src="/a.jpg" alt="A"/>'
        "<figcaption>Cap</figcaption></figure>"
    )
    quote = (
        '<blockquote class="wp-block-quote"><!-- wp:paragraph --><p>Q</p><!-- /wp:paragraph -->'
        "<cite>W</cite></blockquote>"
    )
    pull = '<figure class="wp-block-pullquote"><blockquote><p>P</p></blockquote></figure>'
    content = (
        f"<!-- wp:image --> {image} <!-- /wp:image -->"
        f"<!-- wp:quote -->{quote}<!-- /wp:quote -->"
        f"<!-- wp:pullquote -->{pull}<!-- /wp:pullquote -->"
    )
    html = blocks_html(content)
    assert image in html
    assert '<blockquote class="wp-block-quote"><p>Q</p><cite>W</cite></blockquote>' in html
    assert pull in html


def _embed_block(url: str, caption: str = "", name: str = "embed") -> str:
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<!-- wp:{name} {{"url":"{url}","type":"video"}} -->'
        f'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n{url}\n</div>'
        f"{figcaption}</figure><!-- /wp:{name} -->"
    )


@pytest.mark.parametrize(
    ("url", "page_url"),
    [
        (
            "https://www.youtube.com/watch?v=aBcDeF12345",
            "https://www.youtube.com/watch?v=aBcDeF12345",
        ),
        ("https://youtu.be/aBcDeF12345", "https://www.youtube.com/watch?v=aBcDeF12345"),
        ("https://vimeo.com/123456789", "https://vimeo.com/123456789"),
        (
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        ),
        ("https://soundcloud.com/artist/track", "https://soundcloud.com/artist/track"),
        (
            "https://www.tiktok.com/@someone/video/7234567890123456789",
            "https://www.tiktok.com/embed/v2/7234567890123456789",
        ),
    ],
)
def test_player_embeds_become_iframes_the_pipeline_maps_back(url, page_url):
    root = _root(blocks_html(_embed_block(url, caption="Watch this")))
    (iframe,) = root.iter("iframe")
    assert canonical_embed_url(iframe.get("src")) == page_url
    assert root.find(".//figcaption").text == "Watch this"


def test_tweets_become_the_platform_blockquote():
    url = "https://twitter.com/someone/status/1759876543210987654"
    root = _root(blocks_html(_embed_block(url)))
    quote = root.find(".//blockquote")
    assert quote.get("class") == "twitter-tweet"
    assert quote.find("a").get("href") == url


def test_other_embeds_stay_links():
    url = "https://wordpress.tv/2024/01/01/a-talk/"
    assert embed_html(url) == f'<p><a href="{url}">{url}</a></p>'
    assert blocks_html(_embed_block(url)) == f'<p><a href="{url}">{url}</a></p>'


def test_legacy_provider_embed_blocks_and_url_from_saved_html():
    """WordPress before 5.6 wrote ``core-embed/youtube``; the URL may only be in the HTML."""
    content = (
        "<!-- wp:core-embed/youtube --><figure><div>\nhttps://youtu.be/aBcDeF12345\n</div>"
        "</figure><!-- /wp:core-embed/youtube -->"
    )
    (iframe,) = _root(blocks_html(content)).iter("iframe")
    assert iframe.get("src") == "https://www.youtube.com/embed/aBcDeF12345"


def test_unknown_blocks_keep_their_inner_html_and_dynamic_blocks_vanish():
    content = (
        '<!-- wp:acme/callout {"tone":"warm"} --><div class="callout"><p>Kept</p></div>'
        "<!-- /wp:acme/callout --><!-- wp:search /--><!-- wp:more --><!--more--><!-- /wp:more -->"
    )
    assert blocks_html(content) == '<div class="callout"><p>Kept</p></div>'


def test_shortcode_blocks():
    content = (
        "<!-- wp:shortcode -->[contact-form id=3]<!-- /wp:shortcode -->"
        "<!-- wp:shortcode -->[embed]https://youtu.be/aBcDeF12345[/embed]<!-- /wp:shortcode -->"
    )
    html = blocks_html(content)
    assert "contact-form" not in html
    assert 'src="https://www.youtube.com/embed/aBcDeF12345"' in html


# -- FAQ blocks -----------------------------------------------------------------------------

YOAST_QUESTIONS = [
    {"id": "q1", "jsonQuestion": "Is it safe?", "jsonAnswer": "Yes, <strong>mostly</strong>."},
    {"id": "q2", "question": ["How long?"], "answer": ["About ", "a week."]},
]
RANK_MATH_QUESTIONS = [
    {"id": "a", "title": "Can I skip it?", "content": "<p>No.</p>", "visible": True},
    {"id": "b", "title": "Hidden one?", "content": "Never shown.", "visible": False},
    {"id": "c", "title": "Which size?", "content": "Half a size up."},
]


def _faq_items(html: str) -> list[tuple[str, str]]:
    from importers.pipeline.extract.blocks import linearise

    blocks = linearise(_root(html), None, [])
    return [item for block in blocks if block.kind == "faq" for item in block.faq_items]


def test_yoast_faq_saved_html_is_kept():
    saved = (
        '<div class="schema-faq wp-block-yoast-faq-block"><div class="schema-faq-section">'
        '<strong class="schema-faq-question">Saved?</strong> <p class="schema-faq-answer">'
        "Yes.</p> </div></div>"
    )
    content = (
        f"<!-- wp:yoast/faq-block {json.dumps({'questions': YOAST_QUESTIONS})} -->{saved}"
        "<!-- /wp:yoast/faq-block -->"
    )
    assert blocks_html(content) == saved


def test_yoast_faq_from_attributes():
    content = (
        f"<!-- wp:yoast/faq-block {json.dumps({'questions': YOAST_QUESTIONS})} -->"
        "<!-- /wp:yoast/faq-block -->"
    )
    items = _faq_items(blocks_html(content))
    assert [q for q, _ in items] == ["Is it safe?", "How long?"]
    assert "<strong>mostly</strong>" in items[0][1]
    assert "About a week." in items[1][1]


def test_rank_math_faq_from_attributes_leaves_hidden_questions_out():
    content = f"<!-- wp:rank-math/faq-block {json.dumps({'questions': RANK_MATH_QUESTIONS})} /-->"
    items = _faq_items(blocks_html(content))
    assert [q for q, _ in items] == ["Can I skip it?", "Which size?"]


def test_rank_math_saved_html_is_kept():
    saved = (
        '<div class="wp-block-rank-math-faq-block"><div class="rank-math-faq-item">'
        '<h3 class="rank-math-question">Q?</h3><div class="rank-math-answer">A.</div></div></div>'
    )
    content = (
        f"<!-- wp:rank-math/faq-block {json.dumps({'questions': RANK_MATH_QUESTIONS})} -->"
        f"{saved}<!-- /wp:rank-math/faq-block -->"
    )
    assert blocks_html(content) == saved
    assert _faq_items(saved) == [("Q?", '<div class="rank-math-answer">A.</div>')]


def test_faq_block_without_questions_renders_nothing():
    assert blocks_html('<!-- wp:yoast/faq-block {"questions":"oops"} /-->') == ""
    assert ParsedBlock("core/paragraph").inner_html == ""
