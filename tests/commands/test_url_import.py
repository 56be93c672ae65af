"""URL sources against a throwaway HTTP server on loopback (allowed by a setting)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image as PILImage
from wagtail.images import get_image_model

from advice_blocks.models import AdviceArticlePage
from tests.http_server import loopback_server

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), "orange").save(buffer, "PNG")
    return buffer.getvalue()


ARTICLE = b"""<!DOCTYPE html><html><head><title>x</title>
<link rel="canonical" href="/articles/stairs/"></head><body><article>
<h1>Three reasons to take the stairs</h1>
<p>Lifts are convenient, but the stairs quietly do more for you than you would think.</p>
<h2>1. It is free exercise</h2><p>Two flights a day add up over a year of office life.</p>
<figure><img src="/img/stairs.png" alt="A stairwell"><figcaption>Up we go</figcaption></figure>
<h2>2. It is often faster</h2><p>At rush hour the lift stops at every floor on the way.</p>
<h2>3. It wakes you up</h2><p>A short climb beats a second coffee after lunch.</p>
</article></body></html>"""


@pytest.fixture
def server(settings):
    settings.ADVICE_BLOCKS = {
        **settings.ADVICE_BLOCKS,
        "ALLOW_PRIVATE_URLS": True,
        "FETCH_TIMEOUT": 5,
        "MAX_REDIRECTS": 2,
    }
    with loopback_server() as httpd:
        httpd.routes.update(
            {
                "/articles/stairs/": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE),
                "/img/stairs.png": (200, {"Content-Type": "image/png"}, png_bytes()),
                "/moved": (301, {"Location": "/articles/stairs/"}, b""),
                "/loop": (302, {"Location": "/loop"}, b""),
                "/big": (200, {"Content-Type": "text/html"}, b"<p>x</p>" * 200_000),
            }
        )
        yield httpd.base


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=io.StringIO())
        return 0, out.getvalue()
    except CommandError as error:
        return error.returncode, out.getvalue()


def test_url_import_follows_redirects_and_downloads_images_only_when_asked(server):
    status, out = run(f"{server}/moved", "--format", "json")
    assert status == 0
    page = AdviceArticlePage.objects.get()
    assert page.source_url == f"{server}/articles/stairs/"
    assert get_image_model().objects.count() == 0
    assert any("image skipped" in w for w in json.loads(out)["articles"][0]["warnings"])

    status, _ = run(f"{server}/articles/stairs/", "--download-images")
    assert status == 0
    assert AdviceArticlePage.objects.count() == 1
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (30, 20)
    draft = AdviceArticlePage.objects.get().get_latest_revision_as_object()
    reason = draft.listicles[0]["items"][0]
    assert reason["image"] == image and reason["caption"] == "Up we go"


def test_redirect_loops_and_oversized_pages_are_refused(server, settings):
    settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "MAX_DOCUMENT_BYTES": 100_000}
    status, out = run(f"{server}/loop", f"{server}/big", "--dry-run", "--format", "json")
    assert status == 1
    errors = {e["source"].rsplit("/", 1)[1]: e["error"] for e in json.loads(out)["errors"]}
    assert errors["loop"] == "more than 2 redirects"
    assert "over the 100,000-byte limit" in errors["big"]
