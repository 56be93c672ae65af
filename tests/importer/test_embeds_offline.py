"""Embeds import with no network: players become provider URLs, unknown ones links."""

import io
import socket

import pytest
from django.core.management import call_command

from advice_blocks.models import AdviceArticlePage
from importers.pipeline.extract.embeds import canonical_embed_url

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Three habits of good home cooks</title></head><body><article>
<h1>Three habits of good home cooks</h1>
<p>Some opening words about why these habits matter to anyone learning to cook at home.</p>
<h2>1. Knife skills</h2><p>Start here: the basic grip changes everything else you do.</p>
<iframe src="https://www.youtube.com/embed/KnIfE123456"></iframe>
<h2>2. Stock from scraps</h2><p>Nothing goes to waste once you keep a bag in the freezer.</p>
<h2>3. Bread by hand</h2><p>A slow dough is forgiving and needs very little kneading.</p>
<h2>Watch and listen</h2><p>Four clips we keep coming back to, for the evenings.</p>
<iframe width="560" height="315" src="https://www.youtube.com/embed/aBcDeF12345?start=30"></iframe>
<iframe src="https://www.youtube-nocookie.com/embed/ZyXwVu98765"></iframe>
<iframe src="https://player.vimeo.com/video/123456789?h=0a1b2c3d4e"></iframe>
<iframe src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk?utm_source=x"></iframe>
<iframe src="https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F1"></iframe>
</article></body></html>"""


@pytest.fixture
def no_network(monkeypatch):
    """Every socket connection and name lookup fails, loudly."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "player,page",
    [
        (
            "https://www.youtube.com/embed/aBcDeF12345?start=30",
            "https://www.youtube.com/watch?v=aBcDeF12345&t=30",
        ),
        (
            "//www.youtube-nocookie.com/embed/ZyXwVu98765",
            "https://www.youtube.com/watch?v=ZyXwVu98765",
        ),
        (
            "https://www.youtube.com/embed/videoseries?list=PL123",
            "https://www.youtube.com/playlist?list=PL123",
        ),
        (
            "https://player.vimeo.com/video/123456789?h=0a1b2c3d4e",
            "https://vimeo.com/123456789/0a1b2c3d4e",
        ),
        ("https://player.vimeo.com/video/42", "https://vimeo.com/42"),
        (
            "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk?utm_source=x",
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        ),
        (
            "https://open.spotify.com/embed/track/11dFghVXANMlKmJXsNCbNl",
            "https://open.spotify.com/track/11dFghVXANMlKmJXsNCbNl",
        ),
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
    ],
)
def test_player_urls_become_the_pages_they_show(player, page):
    assert canonical_embed_url(player) == page


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
def test_an_article_with_embeds_imports_with_sockets_blocked(tmp_path, no_network, dry_run):
    source = tmp_path / "clips.html"
    source.write_text(ARTICLE)
    out = io.StringIO()
    call_command(
        "import_articles", str(source), *(["--dry-run"] if dry_run else ["--publish"]), stdout=out
    )
    assert no_network == []
    assert "FAILED" not in out.getvalue()
    assert "embed kept as a link (no embed provider for it)" in out.getvalue()
    if dry_run:
        return
    page = AdviceArticlePage.objects.get()
    embeds = [block.value.url for block in page.body if block.block_type == "embed"]
    assert embeds == [
        "https://www.youtube.com/watch?v=aBcDeF12345&t=30",
        "https://www.youtube.com/watch?v=ZyXwVu98765",
        "https://vimeo.com/123456789/0a1b2c3d4e",
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
    ]
    raw = str(page.body.raw_data)
    assert "https://api.soundcloud.com/tracks/1" in raw  # no provider: kept as a link
    knife = page.listicles[0].numbered_items()[0]
    assert "https://www.youtube.com/watch?v=KnIfE123456" in knife.value["body"].source
    assert "embed inside a list item or answer kept as a link" in out.getvalue()
