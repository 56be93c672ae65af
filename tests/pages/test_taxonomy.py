"""Tags, nested categories and a featured image on articles: API, JSON-LD, listing cost."""

import json

import pytest
from lxml import html as lxml_html

from advice_blocks.models import ArticleCategory
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    garden = ArticleCategory.objects.create(name="Garden", slug="garden")
    compost = ArticleCategory.objects.create(name="Compost", slug="compost", parent=garden)
    page = make_article(title="Seven compost fixes", image=make_image("Heap"))
    page.tags.add("soil", "autumn")
    page.categories.set([compost])
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


def test_the_api_gives_tags_nested_categories_and_the_featured_image(client, article):
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["tags"] == ["autumn", "soil"]
    assert data["categories"] == [
        {
            "id": article.categories.get().pk,
            "name": "Compost",
            "slug": "compost",
            "path": ["Garden", "Compost"],
        }
    ]
    assert data["image"]["title"] == "Heap" or data["image"]["alt"] == "Heap"
    assert data["image"]["renditions"]


def test_json_ld_has_keywords_and_sections(client, article):
    root = lxml_html.fromstring(client.get(article.url).content)
    (script,) = root.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)[0]
    assert sorted(data["keywords"]) == ["autumn", "soil"]
    assert data["articleSection"] == ["Garden / Compost"]


def test_tags_and_categories_survive_a_revision_round_trip(article):
    revision = article.get_latest_revision_as_object()
    assert sorted(t.name for t in revision.tags.all()) == ["autumn", "soil"]
    assert [c.slug for c in revision.categories.all()] == ["compost"]


def test_a_loop_of_categories_does_not_hang(article):
    garden = ArticleCategory.objects.get(slug="garden")
    compost = ArticleCategory.objects.get(slug="compost")
    garden.parent = compost
    garden.save()
    assert len(compost.ancestry()) <= ArticleCategory.MAX_DEPTH
    assert str(compost)
