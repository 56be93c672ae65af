"""Local images are read from the article's own folder (and below it), never from elsewhere.

An article on disk may name any file as an image: ``../x.png``, ``file:///etc/...``, an
absolute path, a symlink that points out of the folder. The importer must refuse all of
them (no image stored, the src reported as skipped), while an image beside the article is
imported as usual, which shows the refusals are not just images failing to load.
"""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The package's conftest turns MEDIA_ROOT off for the Django-free importer tests."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def png(colour: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


#: Every image file differs, so an image store that de-duplicates cannot hide one.
INSIDE = png("orange", (30, 20))
OUTSIDE = png("blue", (31, 21))
SECRET = png("green", (32, 22))
SIBLING = png("purple", (33, 23))


@pytest.fixture
def site(tmp_path):
    """``site/articles/`` holds the article and its image; the rest of ``site/`` is outside."""
    root = tmp_path / "site"
    articles = root / "articles"
    (articles / "photos").mkdir(parents=True)
    (articles / "inside.png").write_bytes(INSIDE)
    (root / "outside.png").write_bytes(OUTSIDE)
    (root / "secret").mkdir()
    (root / "secret" / "private.png").write_bytes(SECRET)
    # A folder whose name starts with the article folder's: outside all the same.
    (root / "articles-evil").mkdir()
    (root / "articles-evil" / "photo.png").write_bytes(SIBLING)
    (articles / "link.png").symlink_to(root / "outside.png")
    (articles / "linked-folder").symlink_to(root / "secret", target_is_directory=True)
    return root


def article(outside_src: str) -> str:
    return f"""<!DOCTYPE html><html><head><title>Stairs</title></head><body><article>
<h1>Three reasons to take the stairs</h1>
<p>Lifts are convenient, but the stairs quietly do more for you than you would think.</p>
<figure><img src="inside.png" alt="A stairwell"></figure>
<h2>1. It is free exercise</h2><p>Two flights a day add up over a year of office life.</p>
<figure><img src="{outside_src}" alt="Somewhere else"></figure>
<h2>2. It is often faster</h2><p>At rush hour the lift stops at every floor on the way.</p>
<h2>3. It wakes you up</h2><p>A short climb beats a second coffee after lunch.</p>
</article></body></html>"""


def import_article(site, outside_src: str) -> dict:
    path = site / "articles" / "stairs.html"
    path.write_text(article(outside_src.format(site=site)))
    out = io.StringIO()
    call_command("import_articles", str(path), "--format", "json", stdout=out)
    (result,) = json.loads(out.getvalue())["articles"]
    return result


def digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


OUTSIDE_SOURCES = {
    "parent folder": ("../outside.png", OUTSIDE),
    "down then up": ("photos/../../outside.png", OUTSIDE),
    "encoded slash": ("..%2Foutside.png", OUTSIDE),
    "file URL": ("file://{site}/outside.png", OUTSIDE),
    "absolute path": ("{site}/outside.png", OUTSIDE),
    "symlinked file": ("link.png", OUTSIDE),
    "symlinked folder": ("linked-folder/private.png", SECRET),
    "sibling with a shared prefix": ("../articles-evil/photo.png", SIBLING),
    "system file": ("file:///etc/passwd", None),
}


@pytest.mark.parametrize("src,data", OUTSIDE_SOURCES.values(), ids=OUTSIDE_SOURCES.keys())
def test_images_outside_the_article_folder_are_refused(site, src, data):
    result = import_article(site, src)

    images = get_image_model().objects.all()
    assert [image.file_hash for image in images] == [digest(INSIDE)]
    if data is not None:
        assert not images.filter(file_hash=digest(data)).exists()
    skipped = [w for w in result["warnings"] if w.startswith("image skipped: ")]
    assert len(skipped) == 1, result["warnings"]
    name = src.rsplit("/", 1)[-1].replace("%2F", "/").rsplit("/", 1)[-1]
    assert name in skipped[0]


def test_an_image_in_a_subfolder_of_the_article_is_imported(site):
    (site / "articles" / "photos" / "below.png").write_bytes(OUTSIDE)
    result = import_article(site, "photos/below.png")

    hashes = set(get_image_model().objects.values_list("file_hash", flat=True))
    assert hashes == {digest(INSIDE), digest(OUTSIDE)}
    assert not [w for w in result["warnings"] if w.startswith("image skipped")]
