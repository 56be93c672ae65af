"""Embedded players' URLs turned into the page URLs that oEmbed providers know.

A page embeds a *player* (``youtube.com/embed/ID``, ``player.vimeo.com/video/ID``,
``open.spotify.com/embed/track/ID``); Wagtail's embed block wants the *page* the player
shows (``youtube.com/watch?v=ID``), which is also what an editor would paste. Pure string
work: nothing here touches the network.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

__all__ = ["canonical_embed_url"]

YOUTUBE_HOSTS = re.compile(r"^(?:www\.|m\.)?youtube(?:-nocookie)?\.com$")
YOUTUBE_ID = re.compile(r"^/embed/([\w-]{6,})/?$")
VIMEO_PLAYER = re.compile(r"^/video/(\d+)/?$")
SPOTIFY_EMBED = re.compile(
    r"^/embed(?:-podcast)?/(track|album|playlist|episode|show|artist)/(\w+)/?$"
)
TIKTOK_EMBED = re.compile(r"^/embed(?:/v2)?/(\d+)/?$")


def canonical_embed_url(url: str) -> str:
    """The page URL behind a player URL; other URLs come back unchanged (with https)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if YOUTUBE_HOSTS.match(host):
        if parts.path.rstrip("/") == "/embed/videoseries" and query.get("list"):
            return "https://www.youtube.com/playlist?" + urlencode({"list": query["list"][0]})
        match = YOUTUBE_ID.match(parts.path)
        if match:
            params = {"v": match.group(1)}
            start = (query.get("start") or query.get("t") or [""])[0]
            if start.isdigit():
                params["t"] = start
            return "https://www.youtube.com/watch?" + urlencode(params)
    elif host == "player.vimeo.com":
        match = VIMEO_PLAYER.match(parts.path)
        if match:
            unlisted = (query.get("h") or [""])[0]
            suffix = f"/{unlisted}" if re.fullmatch(r"[0-9a-f]+", unlisted) else ""
            return f"https://vimeo.com/{match.group(1)}{suffix}"
    elif host == "open.spotify.com":
        match = SPOTIFY_EMBED.match(parts.path)
        if match:
            return f"https://open.spotify.com/{match.group(1)}/{match.group(2)}"
    elif host == "w.soundcloud.com" and query.get("url"):
        return query["url"][0]
    elif host.endswith("tiktok.com"):
        match = TIKTOK_EMBED.match(parts.path)
        if match:
            return f"https://www.tiktok.com/embed/v2/{match.group(1)}"
    return url
