"""An import never changes an existing author; a different bio is reported, not dropped."""

import io

import pytest
from django.core.management import call_command

from advice_blocks.models import AdviceArticlePage, Author

pytestmark = pytest.mark.django_db

GARDENS = "Mira Holt writes about gardens, habits and the small routines that make a week go well."
TRAVEL = "Mira Holt now writes about travel on a budget, slow trains and packing light on trips."

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="author" content="Mira Holt"></head>
<body><article><h1>{title}</h1><p class="byline">By Mira Holt</p>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
<div class="author-box"><h4 class="author-name">Mira Holt</h4>
<div class="author-description"><p>{bio}</p></div></div>
</article></body></html>"""


def write(path, title, bio):
    path.write_text(ARTICLE.format(title=title, bio=bio))
    return path


def run(*args):
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_new_bio_for_an_existing_author_is_kept_out_and_reported(tmp_path, dry_run):
    run(write(tmp_path / "one.html", "Two habits", GARDENS))
    author = Author.objects.get()
    assert "gardens" in author.bio
    second = write(tmp_path / "two.html", "Two more habits", TRAVEL)

    out = run(second, *(["--dry-run"] if dry_run else []))

    assert "already exists with a different bio" in out
    assert TRAVEL in out
    assert "edit the author snippet" in out
    author.refresh_from_db()
    assert "gardens" in author.bio and Author.objects.count() == 1
    if not dry_run:
        assert AdviceArticlePage.objects.get(title="Two more habits").author == author


def test_the_same_bio_gives_no_warning(tmp_path):
    run(write(tmp_path / "one.html", "Two habits", GARDENS))
    out = run(write(tmp_path / "two.html", "Two more habits", GARDENS))
    assert "different bio" not in out


def test_a_local_author_photo_becomes_the_new_authors_photo(tmp_path):
    import io as _io

    from PIL import Image as PILImage

    (tmp_path / "images").mkdir()
    buffer = _io.BytesIO()
    PILImage.new("RGB", (120, 120), "purple").save(buffer, "PNG")
    (tmp_path / "images" / "mira.png").write_bytes(buffer.getvalue())
    html = ARTICLE.format(title="Two habits", bio=GARDENS).replace(
        '<div class="author-box">',
        '<div class="author-box"><img src="images/mira.png" alt="Mira Holt">',
    )
    (tmp_path / "one.html").write_text(html)

    dry = run(tmp_path / "one.html", "--dry-run", "--format", "json")
    assert '"photo": "images/mira.png"' in dry  # the same on every machine

    run(tmp_path / "one.html")
    author = Author.objects.get()
    assert author.photo is not None and author.photo.width == 120
