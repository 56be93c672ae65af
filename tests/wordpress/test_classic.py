"""Classic-editor content: WordPress's paragraphs (autop), media shortcodes and URL embeds."""

from __future__ import annotations

from importers.sources.wordpress import autop, classic_html, content_html


def test_blank_lines_make_paragraphs_and_single_newlines_breaks():
    text = "First line\nsecond line\n\nNew paragraph.\n\n\n\nAnother."
    assert autop(text) == (
        "<p>First line<br />\nsecond line</p>\n<p>New paragraph.</p>\n<p>Another.</p>\n"
    )


def test_windows_newlines():
    assert autop("One\r\n\r\nTwo\r\nthree") == "<p>One</p>\n<p>Two<br />\nthree</p>\n"


def test_block_tags_are_not_wrapped():
    text = (
        "Intro\n<h2>1. Heading</h2>\nBody text\n<ul>\n\t<li>one</li>\n\t<li>two</li>\n</ul>\nEnd"
    )
    assert autop(text) == (
        "<p>Intro</p>\n<h2>1. Heading</h2>\n<p>Body text</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>End</p>\n"
    )


def test_no_breaks_inside_lists_tables_and_blockquotes():
    text = "<table>\n<tr>\n<td>a</td>\n</tr>\n</table>\n<blockquote>Quote\nline two</blockquote>"
    html = autop(text)
    assert "<br />\n<tr>" not in html and "<td>a</td><br />" not in html
    assert "<blockquote><p>Quote<br />\nline two</p></blockquote>" in html


def test_preformatted_text_and_comments_are_untouched():
    text = "Before\n<pre>line one\n\nline three</pre>\nAfter<!--more-->\n\nLast"
    html = autop(text)
    assert "<pre>line one\n\nline three</pre>" in html
    assert "<p>Before</p>" in html and "<!--more-->" in html and "<p>Last</p>" in html


def test_a_tag_written_over_lines_gets_no_break_inside():
    html = autop('Read <a\nhref="https://example.org">this</a>\nnow')
    assert html == '<p>Read <a href="https://example.org">this</a><br />\nnow</p>\n'


def test_inline_markup_stays_in_its_paragraph():
    assert autop("Some <strong>bold</strong> and <em>italic</em>.") == (
        "<p>Some <strong>bold</strong> and <em>italic</em>.</p>\n"
    )


def test_double_br_is_a_paragraph_break():
    assert autop("One<br><br />Two") == "<p>One</p>\n<p>Two</p>\n"


def test_empty_content():
    assert autop("  \n\n ") == ""
    assert content_html("") == ""


def test_caption_shortcode_becomes_a_figure():
    text = (
        'Intro\n\n[caption id="attachment_1" align="alignnone" width="300"]'
        '<a href="/big.jpg"><img src="/small.jpg" alt="A" /></a> The caption[/caption]\n\nAfter'
    )
    html = classic_html(text)
    assert (
        '<figure><a href="/big.jpg"><img src="/small.jpg" alt="A" /></a>'
        "<figcaption>The caption</figcaption></figure>"
    ) in html
    assert "<p><figure>" not in html and "</figure></p>" not in html


def test_caption_shortcode_with_caption_attribute():
    html = classic_html('[caption caption="Old style"]<img src="/a.jpg" />[/caption]')
    assert (
        html.strip() == '<figure><img src="/a.jpg" /><figcaption>Old style</figcaption></figure>'
    )


def test_escaped_shortcode_is_text():
    assert classic_html("Write [[caption]] to caption.") == "<p>Write [caption] to caption.</p>\n"


def test_gallery_is_dropped_and_plugin_shortcodes_are_left():
    html = classic_html('[gallery ids="1,2,3"]\n\n[newsletter-signup]')
    assert "gallery" not in html
    assert "[newsletter-signup]" in html


def test_media_shortcodes_with_a_source_keep_a_link():
    html = classic_html('[audio mp3="https://example.org/a.mp3"][/audio]')
    assert '<a href="https://example.org/a.mp3">' in html


def test_a_url_alone_on_a_line_is_embedded():
    text = "Watch:\n\nhttps://www.youtube.com/watch?v=aBcDeF12345\n\nAnd read https://example.org."
    html = classic_html(text)
    assert '<iframe src="https://www.youtube.com/embed/aBcDeF12345">' in html
    assert "<p><figure" not in html
    assert "<p>And read https://example.org.</p>" in html


def test_a_url_of_an_unknown_provider_alone_on_a_line_stays_text():
    assert classic_html("https://example.org/page") == "<p>https://example.org/page</p>\n"


def test_embed_shortcode():
    html = classic_html("[embed]https://vimeo.com/123456789[/embed]")
    assert 'src="https://player.vimeo.com/video/123456789"' in html


def test_content_html_chooses_by_delimiters():
    assert content_html("<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->") == "<p>a</p>"
    assert content_html("a\n\nb") == "<p>a</p>\n<p>b</p>\n"
