"""Classic-editor post content: WordPress's paragraphs, shortcodes and bare-URL embeds.

Posts written before the block editor are stored without ``<p>`` tags: a blank line is a
paragraph break and a single newline a line break, and WordPress adds the tags when it
serves the page (``wpautop``). Captions, galleries and embeds are shortcodes
(``[caption]…[/caption]``) or a URL alone on a line. :func:`classic_html` does the same
steps, in WordPress's order (embeds, paragraphs, then shortcodes), so the pipeline sees the
paragraphs, figures and embeds a reader saw.
"""

from __future__ import annotations

import re

from importers.sources.wordpress.embeds import embed_html, is_embeddable

__all__ = ["autop", "classic_html", "shortcodes_html", "UNKNOWN_SHORTCODE_RE"]

#: Tags that ``autop`` never wraps in ``<p>`` and around which it breaks paragraphs
#: (WordPress's list, with ``iframe`` and ``video``/``audio`` that themes expect alone).
AUTOP_BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map"
    "|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup"
    "|header|footer|nav|figure|figcaption|details|menu|summary|math|svg|iframe|video|audio"
)
#: Elements whose content keeps its newlines as they are (no ``<p>`` or ``<br>`` inside):
#: preformatted text, code, comments, and figures (WordPress renders captions and embeds
#: after ``wpautop``, so their markup is never split into paragraphs).
_VERBATIM_RE = re.compile(
    r"<(pre|script|style|textarea|svg|math|figure)\b[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.DOTALL | re.IGNORECASE,
)
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")
_BLOCK_OPEN_RE = re.compile(rf"(<(?:{AUTOP_BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE_RE = re.compile(rf"(</(?:{AUTOP_BLOCK_TAGS})>)", re.IGNORECASE)
_BLOCK_TAG = rf"</?(?:{AUTOP_BLOCK_TAGS})(?:[\s/][^>]*)?>"
_DOUBLE_BR_RE = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
_EMPTY_P_RE = re.compile(r"<p>\s*</p>")
_P_AROUND_BLOCK_RE = re.compile(rf"<p>\s*({_BLOCK_TAG})\s*</p>", re.IGNORECASE)
#: Text run into a closing block tag ends its paragraph before it.
_TEXT_BEFORE_CLOSE_RE = re.compile(r"<p>([^<]+)</(div|address|form)>")
#: A paragraph opened before a ``<blockquote>`` belongs inside it.
_P_OPENING_QUOTE_RE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_BEFORE_BLOCK_RE = re.compile(rf"<p>\s*({_BLOCK_TAG})", re.IGNORECASE)
_P_AFTER_BLOCK_RE = re.compile(rf"({_BLOCK_TAG})\s*</p>", re.IGNORECASE)
_LINE_BREAK_RE = re.compile(r"(?<!<br />)\s*\n(?!\s*$)")
_BR_AFTER_BLOCK_RE = re.compile(rf"({_BLOCK_TAG})\s*<br />", re.IGNORECASE)
_BR_BEFORE_BLOCK_RE = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")


def autop(text: str) -> str:
    """Wrap paragraphs in ``<p>`` and line breaks in ``<br />``, as WordPress's ``wpautop``.

    A blank line separates paragraphs and a single newline is a line break, except next to
    block-level tags (headings, lists, figures… stay as they are) and inside ``<pre>``,
    scripts and comments.

    Args:
        text: Classic post content.

    Returns:
        The same HTML with paragraph and line-break tags.
    """
    if not text.strip():
        return ""
    verbatim: list[str] = []

    def keep(match: re.Match[str]) -> str:
        verbatim.append(match.group(0))
        # A placeholder on its own paragraph, like the block it stands for.
        return "\n\n" + _PLACEHOLDER.format(len(verbatim) - 1) + "\n\n"

    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = _VERBATIM_RE.sub(keep, text)
    text = _DOUBLE_BR_RE.sub("\n\n", text)
    text = _BLOCK_OPEN_RE.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE_RE.sub(r"\1\n\n", text)
    # A tag written over several lines must not get <br> inside it.
    text = _TAG_RE.sub(lambda match: match.group(0).replace("\n", " "), text)

    paragraphs = [part.strip("\n") for part in _PARAGRAPH_BREAK_RE.split(text)]
    html = "".join(f"<p>{part}</p>\n" for part in paragraphs if part.strip())

    html = _EMPTY_P_RE.sub("", html)
    html = _TEXT_BEFORE_CLOSE_RE.sub(r"<p>\1</p></\2>", html)
    html = _P_AROUND_BLOCK_RE.sub(r"\1", html)
    html = _P_OPENING_QUOTE_RE.sub(r"<blockquote\1><p>", html)
    html = html.replace("</blockquote></p>", "</p></blockquote>")
    html = _P_BEFORE_BLOCK_RE.sub(r"\1", html)
    html = _P_AFTER_BLOCK_RE.sub(r"\1", html)
    html = _LINE_BREAK_RE.sub("<br />\n", html)
    html = _BR_AFTER_BLOCK_RE.sub(r"\1", html)
    html = _BR_BEFORE_BLOCK_RE.sub(r"\1", html)
    html = re.sub(r"<p>(\ue000\d+\ue001)</p>", r"\1", html)
    return _PLACEHOLDER_RE.sub(lambda match: verbatim[int(match.group(1))], html)


# -- shortcodes -----------------------------------------------------------------------------

#: The shortcodes WordPress itself registers that carry content; plugins' shortcodes are
#: left as they are (only the plugin could render them).
MEDIA_SHORTCODES = ("caption", "wp_caption", "embed", "audio", "video", "gallery", "playlist")
SHORTCODE_RE = re.compile(
    r"\[(?P<escaped>\[?)(?P<name>" + "|".join(MEDIA_SHORTCODES) + r")(?![\w-])"
    r"(?P<attrs>[^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:/\]|\](?:(?P<content>.*?)\[/(?P=name)\])?)(?P<escaped_end>\]?)",
    re.DOTALL,
)
SHORTCODE_ATTR_RE = re.compile(
    r"(?P<key>[\w-]+)\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s'\"\]]+))"
)
#: Any shortcode tag, for content that is nothing but shortcodes (a shortcode block).
UNKNOWN_SHORTCODE_RE = re.compile(r"\[/?[a-zA-Z][\w-]*(?:\s[^\]]*)?/?\]")
#: A caption shortcode's content: the image (perhaps in a link), then the caption text.
_CAPTIONED_IMAGE_RE = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
#: Attributes of ``[audio]``/``[video]`` that hold the file's URL.
MEDIA_SOURCE_ATTRS = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv")
#: A URL alone on a line of a classic post, which WordPress turns into the embed.
_AUTOEMBED_RE = re.compile(r"^(?P<before>[ \t]*)(?P<url>https?://[^\s<>\"]+)[ \t]*$", re.M)


def _shortcode_attrs(text: str) -> dict[str, str]:
    return {
        match["key"].lower(): match["double"] or match["single"] or match["bare"] or ""
        for match in SHORTCODE_ATTR_RE.finditer(text)
    }


def _render_shortcode(match: re.Match[str]) -> str:
    if match["escaped"] and match["escaped_end"]:
        # [[caption]] is how authors write the shortcode's name as text.
        return match.group(0)[1:-1]
    name = match["name"]
    attrs = _shortcode_attrs(match["attrs"] or "")
    content = match["content"] or ""
    if name == "embed":
        return embed_html(content.strip()) if content.strip() else ""
    if name in ("caption", "wp_caption"):
        caption = attrs.get("caption", "")
        image = content
        if not caption:
            found = _CAPTIONED_IMAGE_RE.match(content)
            if found:
                image, caption = found.group(1), found.group(2).strip()
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{image.strip()}{figcaption}</figure>"
    if name in ("audio", "video"):
        source = next((attrs[key] for key in MEDIA_SOURCE_ATTRS if attrs.get(key)), "")
        return embed_html(source) if source else ""
    # Galleries and playlists list attachment ids; only the saving step knows the files.
    return ""


def shortcodes_html(text: str) -> str:
    """Replace WordPress's media shortcodes with the markup WordPress renders for them."""
    if "[" not in text:
        return text
    return SHORTCODE_RE.sub(_render_shortcode, text)


def _autoembed(text: str) -> str:
    """Embed URLs alone on a line, for providers the pipeline embeds (WordPress's oEmbed)."""

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        return f"\n{embed_html(url)}\n" if is_embeddable(url) else match.group(0)

    return _AUTOEMBED_RE.sub(replace, text)


def classic_html(content: str) -> str:
    """Served HTML for classic content: embeds and media shortcodes, then paragraphs.

    WordPress runs embeds before ``wpautop`` (a URL line becomes a player, not a paragraph)
    and other shortcodes after it; rendering captions first has the same result, since
    their ``<figure>`` is a block that ``autop`` leaves alone.
    """
    text = _autoembed(content)
    text = SHORTCODE_RE.sub(_shortcode_block, text)
    return autop(text)


def _shortcode_block(match: re.Match[str]) -> str:
    html = _render_shortcode(match)
    if match["escaped"] and match["escaped_end"]:
        return html
    return f"\n\n{html}\n\n" if html else ""
