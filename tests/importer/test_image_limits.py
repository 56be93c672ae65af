"""Images are checked as Wagtail checks an upload before anything stores them."""

import io
import struct
import zlib

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from advice_blocks.models import AdviceArticlePage

pytestmark = pytest.mark.django_db

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Three habits</title>
</head><body><article><h1>Three habits worth keeping</h1>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<figure><img src="bomb.png" alt="A huge picture"></figure>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<figure><img src="fine.png" alt="A small picture"></figure>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<h2>3. Ask for help</h2><p>Someone else has solved this before; their hour saves your week.</p>
</article></body></html>"""


def png_header(width, height):
    """A PNG whose header claims ``width`` × ``height``: all a decoder reads to size it."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def small_png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "article.html").write_text(ARTICLE)
    (tmp_path / "bomb.png").write_bytes(png_header(12000, 12000))
    (tmp_path / "fine.png").write_bytes(small_png())
    return tmp_path


def test_a_decompression_bomb_is_skipped_with_a_warning_and_the_article_imports(folder):
    out = io.StringIO()
    call_command("import_articles", str(folder / "article.html"), stdout=out)
    page = AdviceArticlePage.objects.get()
    assert [image.title for image in get_image_model().objects.all()] == ["A small picture"]
    assert len(page.listicles[0].numbered_items()) == 3
    assert "bomb.png" in out.getvalue() and "144000000 pixels" in out.getvalue()


def test_the_pixel_limit_is_wagtails_own_setting(folder, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    out = io.StringIO()
    call_command("import_articles", str(folder / "article.html"), stdout=out)
    assert not get_image_model().objects.exists()
    assert "fine.png" in out.getvalue() and "1200 pixels" in out.getvalue()


def test_the_preview_already_names_the_image_that_would_be_skipped(folder):
    out = io.StringIO()
    call_command("import_articles", str(folder / "article.html"), "--dry-run", stdout=out)
    assert "bomb.png" in out.getvalue() and "pixels" in out.getvalue()
    assert not get_image_model().objects.exists()
