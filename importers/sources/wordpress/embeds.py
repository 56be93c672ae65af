"""Embedded URLs in WordPress content turned into the markup a served page would have.

WordPress stores an embed as the page URL (a block's ``url`` attribute, an ``[embed]``
shortcode, or a URL alone on a line of a classic post) and renders the provider's player
only when the page is served. The pipeline knows players by their ``<iframe>``
(``importers.pipeline.patterns.EMBED_URL_RE``) and tweets by their ``blockquote``, and
turns players back into page URLs (``importers.pipeline.extract.embeds.canonical_embed_url``),
so embeds become
that markup. Pure string work: nothing here touches the network.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

__all__ = ["embed_html", "is_embeddable", "player_url"]

YOUTUBE_URL_RE = re.compile(
    r"^https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|live/)"
    r"|youtu\.be/)(?P<id>[\w-]{6,})",
    re.IGNORECASE,
)
VIMEO_URL_RE = re.compile(
    r"^https?://(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d+)(?:/(?P<hash>[0-9a-f]+))?",
    re.IGNORECASE,
)
SPOTIFY_URL_RE = re.compile(
    r"^https?://open\.spotify\.com/(?P<kind>track|album|playlist|episode|show|artist)/"
    r"(?P<id>\w+)",
    re.IGNORECASE,
)
SOUNDCLOUD_URL_RE = re.compile(r"^https?://(?:www\.|m\.)?soundcloud\.com/\S+", re.IGNORECASE)
TIKTOK_URL_RE = re.compile(
    r"^https?://(?:www\.)?tiktok\.com/@[^/]+/video/(?P<id>\d+)", re.IGNORECASE
)
TWEET_URL_RE = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/\d+", re.IGNORECASE
)
INSTAGRAM_URL_RE = re.compile(
    r"^https?://(?:www\.)?instagram\.com/(?:p|reel|tv)/[\w-]+", re.IGNORECASE
)
#: Posts that embed as a quote holding a link (the platforms' own embed markup), by the
#: class the pipeline looks for.
QUOTE_EMBEDS = ((TWEET_URL_RE, "twitter-tweet"), (INSTAGRAM_URL_RE, "instagram-media"))


def player_url(url: str) -> str | None:
    """The player (iframe) URL for a page URL of a provider the pipeline embeds."""
    if match := YOUTUBE_URL_RE.match(url):
        return f"https://www.youtube.com/embed/{match['id']}"
    if match := VIMEO_URL_RE.match(url):
        suffix = f"?h={match['hash']}" if match["hash"] else ""
        return f"https://player.vimeo.com/video/{match['id']}{suffix}"
    if match := SPOTIFY_URL_RE.match(url):
        return f"https://open.spotify.com/embed/{match['kind']}/{match['id']}"
    if SOUNDCLOUD_URL_RE.match(url):
        return "https://w.soundcloud.com/player/?url=" + quote(url, safe="")
    if match := TIKTOK_URL_RE.match(url):
        return f"https://www.tiktok.com/embed/v2/{match['id']}"
    return None


def is_embeddable(url: str) -> bool:
    """Whether :func:`embed_html` makes an embed (rather than a link) of ``url``."""
    return player_url(url) is not None or any(pattern.match(url) for pattern, _ in QUOTE_EMBEDS)


def embed_html(url: str, caption_html: str = "") -> str:
    """Markup for an embedded URL that the pipeline reads as an embed, as a served page has.

    Players become an ``<iframe>``, tweets and Instagram posts their ``blockquote``; any
    other URL stays a link, so nothing the author embedded is lost. Always one block-level
    element, so :func:`importers.sources.wordpress.classic.autop` leaves it unwrapped.

    Args:
        url: The page URL as the author pasted it.
        caption_html: The embed's caption (HTML), if any.
    """
    url = url.strip()
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html.strip() else ""
    href = escape(url)
    player = player_url(url)
    if player is not None:
        return (
            f'<figure class="wp-block-embed"><iframe src="{escape(player)}"></iframe>'
            f"{caption}</figure>"
        )
    for pattern, css_class in QUOTE_EMBEDS:
        if pattern.match(url):
            return (
                f'<figure class="wp-block-embed"><blockquote class="{css_class}">'
                f'<a href="{href}">{href}</a></blockquote>{caption}</figure>'
            )
    text = caption_html if caption_html.strip() else href
    return f'<p><a href="{href}">{text}</a></p>'
