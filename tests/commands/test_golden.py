"""Golden fixtures: the dry run of each team-written article matches its expected.json,
and every expected.json agrees with what a human reader wrote down in intent.json."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p for p in (ROOT / "fixtures" / "articles").iterdir() if p.is_dir())

pytestmark = pytest.mark.django_db


def dry_run(source, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    call_command(
        "import_articles",
        source,
        "--dry-run",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    return json.loads(out.getvalue())


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def norm(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).casefold()


def comment_shape(comments):
    return [(c["author"], c["date"], comment_shape(c["replies"])) for c in comments]


def test_there_are_at_least_eight_golden_articles():
    assert len([f for f in FIXTURES if (f / "expected.json").exists()]) >= 8


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_dry_run_matches_expected_json(folder, monkeypatch):
    source = str((folder / "source.html").relative_to(ROOT))
    assert dry_run(source, monkeypatch) == load(folder / "expected.json")


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_expected_json_agrees_with_the_human_reading(folder):
    intent = load(folder / "intent.json")
    (article,) = load(folder / "expected.json")["articles"]
    assert norm(article["title"]) == norm(intent["title"])
    assert norm((article["author"] or {}).get("name")) == norm(intent["author"])
    assert article["published"] == intent["published"]
    assert article["updated"] == intent["updated"]
    assert (article["canonical_url"] or None) == intent["canonical_url"]

    listicles = [b["value"] for b in article["body"] if b["type"] == "listicle"]
    assert [[norm(i["heading"]) for i in lst["items"]] for lst in listicles] == [
        [norm(h) for h in lst["items"]] for lst in intent["listicles"]
    ]
    questions = [
        norm(i["question"])
        for b in article["body"]
        if b["type"] == "faq"
        for i in b["value"]["items"]
    ]
    assert questions == [norm(q) for q in intent["faq"]]
    for hidden in intent.get("faq_hidden_only_in_jsonld", []):
        assert any(norm(hidden) in norm(w) for w in article["warnings"]), hidden
    assert comment_shape(article["comments"]) == comment_shape(intent["comments"])
    assert any(b["type"] == "author_bio" for b in article["body"]) == intent["has_author_bio"]
    if intent.get("conclusion_heading"):
        headings = [norm(b["value"]["text"]) for b in article["body"] if b["type"] == "heading"]
        assert headings and headings[-1] == norm(intent["conclusion_heading"])
    body_text = json.dumps(article["body"])
    assert not re.search(r"<script|onclick|javascript:|data:image", body_text, re.I)


def shown_start(listicle):
    """The first number the page shows: ``start``, else the item count for a countdown."""
    if listicle["start"] is not None:
        return listicle["start"]
    return len(listicle["items"]) if listicle["direction"] == "countdown" else 1


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_listicles_keep_the_intended_order_heading_and_counts(folder):
    """Direction, start number, heading and item count are those a reader wrote down."""
    intent = load(folder / "intent.json")
    (article,) = load(folder / "expected.json")["articles"]
    listicles = [b["value"] for b in article["body"] if b["type"] == "listicle"]
    assert len(listicles) == len(intent["listicles"])
    for listicle, expected in zip(listicles, intent["listicles"], strict=True):
        # A list with no heading of its own is published under the article's title.
        assert norm(listicle["heading"]) == norm(expected["heading"] or intent["title"])
        assert listicle["direction"] == expected["direction"]
        assert shown_start(listicle) == expected["start_number"]
        assert len(listicle["items"]) == expected["item_count"]


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_listicle_images_and_numbering_from_the_source(folder):
    """The extraction itself (not the stored golden file) gives each listicle its items'
    images, direction and start number."""
    from importers.pipeline import extract_article
    from importers.pipeline.model import Listicle

    intent = load(folder / "intent.json")
    extracted = extract_article((folder / "source.html").read_bytes(), folder.name)
    listicles = [s for s in extracted.body if isinstance(s, Listicle)]
    assert len(listicles) == len(intent["listicles"])
    for listicle, expected in zip(listicles, intent["listicles"], strict=True):
        assert sum(1 for item in listicle.items if item.images) == expected["images"]
        assert listicle.direction == expected["direction"]
        assert listicle.start == expected["start_number"]
        assert len(listicle.items) == expected["item_count"]


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_published_item_list_numbers_as_the_reader_expects(folder):
    """The page's ItemList JSON-LD and item numbers follow the intended direction: a
    countdown publishes ItemListOrderDescending and numbers N, N-1, … 1."""
    from advice_blocks.blocks import ListicleBlock
    from advice_blocks.jsonld import item_list_json_ld

    intent = load(folder / "intent.json")
    (article,) = load(folder / "expected.json")["articles"]
    listicles = [b["value"] for b in article["body"] if b["type"] == "listicle"]
    for stored, expected in zip(listicles, intent["listicles"], strict=True):
        value = ListicleBlock().to_python(stored)
        data = item_list_json_ld(value)
        descending = expected["direction"] == "countdown"
        assert data["itemListOrder"] == (
            "https://schema.org/ItemListOrderDescending"
            if descending
            else "https://schema.org/ItemListOrderAscending"
        )
        assert data["numberOfItems"] == expected["item_count"]
        numbers = [item.number for item in value.numbered_items()]
        step = -1 if descending else 1
        first = expected["start_number"]
        assert numbers == list(range(first, first + step * len(numbers), step))
