"""The article page: admin creation, publishing, rendering and JSON-LD."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from lxml import html as lxml_html
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from advice_blocks.models import AdviceArticlePage
from tests.factories import faq, home_page, listicle, make_article, make_author, reason


def parse(response):
    return lxml_html.fromstring(response.content.decode())


def json_ld(response):
    scripts = parse(response).xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1
    return json.loads(scripts[0])


class TestAdminCreation(WagtailPageTestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
        self.client.force_login(self.user)
        self.author = make_author()

    def test_article_can_be_created_and_published_through_the_admin_form(self):
        home = home_page()
        self.assertCanCreateAt(type(home), AdviceArticlePage)
        data = nested_form_data(
            {
                "title": "Five quiet habits",
                "slug": "five-quiet-habits",
                "intro": rich_text("<p>Small things, done daily.</p>"),
                "advice_authors": inline_formset([{"author": self.author.pk}]),
                "original_published": "2021-03-11",
                "last_updated": "2022-06-08",
                "source_url": "",
                "body": streamfield(
                    [
                        (
                            "listicle",
                            {
                                "heading": "Five quiet habits",
                                "intro": rich_text(""),
                                "direction": "ascending",
                                "start": "",
                                "anchor_prefix": "",
                                "items": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "heading": f"Habit {n}",
                                                "body": rich_text(f"<p>Body {n}</p>"),
                                                "image": "",
                                                "caption": "",
                                            },
                                        )
                                        for n in range(1, 6)
                                    ]
                                ),
                            },
                        ),
                    ]
                ),
                "comments": inline_formset([]),
            }
        )
        data["action-publish"] = "action-publish"
        self.assertCanCreate(home, AdviceArticlePage, data)
        page = AdviceArticlePage.objects.get(slug="five-quiet-habits")
        assert page.live
        assert page.authors == [self.author]
        assert page.source_url is None
        assert [item.heading for item in page.listicles[0].numbered_items()] == [
            f"Habit {n}" for n in range(1, 6)
        ]
        response = self.client.get(page.url)
        assert response.status_code == 200
        items = parse(response).xpath("//ol[contains(@class,'listicle__items')]/li")
        assert [li.get("id") for li in items] == [f"reason-{n}" for n in range(1, 6)]

    def test_the_edit_view_renders_for_an_article(self):
        page = make_article(author=self.author)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        assert b"Last updated" in response.content

    def test_blank_source_urls_do_not_collide(self):
        make_article(title="One", source_url="")
        make_article(title="Two", source_url="")
        assert AdviceArticlePage.objects.filter(source_url__isnull=True).count() == 2


@pytest.mark.django_db
class TestRendering:
    def make(self, **kwargs):
        author = make_author("April Fernsby", website="https://example.com/april")
        body = [
            listicle("Ten reasons", [reason(f"Reason {n}") for n in range(1, 4)]),
            faq([("Is it too late?", "<p>No.</p>"), ("How long?", "<p>Weeks.</p>")]),
            {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
        ]
        kwargs.setdefault("last_updated", datetime.date(2022, 6, 8))
        kwargs.setdefault("original_published", datetime.date(2021, 3, 11))
        return make_article(body=body, author=author, intro="<p>Hello.</p>", **kwargs)

    def test_byline_shows_last_updated_date_and_author(self, client):
        page = self.make()
        root = parse(client.get(page.url))
        byline = " ".join(root.xpath("string(//p[@class='advice-article__byline'])").split())
        assert byline == "Last updated on June 8, 2022 by April Fernsby"

    def test_headings_are_in_order_and_toc_links_to_reasons(self, client):
        page = self.make()
        root = parse(client.get(page.url))
        levels = [
            int(el.tag[1]) for el in root.xpath("//main//*[self::h1 or self::h2 or self::h3]")
        ]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
        toc = root.xpath("//nav[@aria-label='Table of contents']//a")
        assert [a.get("href") for a in toc] == ["#reason-1", "#reason-2", "#reason-3"]
        for a in toc:
            assert root.xpath(f"//li[@id='{a.get('href')[1:]}']")

    def test_json_ld_has_article_item_list_and_faq_page(self, client):
        page = self.make()
        data = json_ld(client.get(page.url))
        assert [obj["@type"] for obj in data] == ["Article", "ItemList", "FAQPage"]
        article, item_list, faq_page = data
        assert article["headline"] == page.title
        assert article["author"] == [
            {
                "@type": "Person",
                "name": "April Fernsby",
                "url": "https://example.com/april",
                "description": "Writes about habits.",
                "jobTitle": "Staff writer",
            }
        ]
        assert article["datePublished"] == "2021-03-11"
        assert article["dateModified"] == "2022-06-08"
        assert item_list["numberOfItems"] == 3
        assert [i["name"] for i in item_list["itemListElement"]] == [
            "Reason 1",
            "Reason 2",
            "Reason 3",
        ]
        assert item_list["itemListElement"][2]["url"].endswith("#reason-3")
        assert [q["name"] for q in faq_page["mainEntity"]] == ["Is it too late?", "How long?"]
        assert faq_page["mainEntity"][0]["acceptedAnswer"]["text"] == "No."

    def test_json_ld_never_dates_publication_after_the_last_update(self, client):
        # An imported page whose source showed only "Updated on …": the import date is no
        # publication date, and a datePublished after dateModified contradicts itself.
        page = self.make(original_published=None)
        article = json_ld(client.get(page.url))[0]
        assert article["datePublished"] == "2022-06-08"
        assert article["dateModified"] == "2022-06-08"

    def test_json_ld_counts_one_item_list_per_listicle(self, client):
        body = [listicle("A"), listicle("B", anchor_prefix="b"), faq()]
        page = make_article(body=body)
        types = [obj["@type"] for obj in json_ld(client.get(page.url))]
        assert types.count("ItemList") == 2 and types.count("FAQPage") == 1

    def test_json_ld_survives_a_question_that_closes_the_script_tag(self, client):
        hostile = '</script><script>alert("x")</script><!--'
        page = make_article(body=[faq([(hostile, "<p>a &amp; b</p>")])])
        response = client.get(page.url)
        html = response.content.decode()
        assert html.count("<script") == 1  # only the JSON-LD element itself
        data = json_ld(response)
        assert data[1]["mainEntity"][0]["name"] == hostile
        assert data[1]["mainEntity"][0]["acceptedAnswer"]["text"] == "a & b"

    def test_author_bio_block_renders_the_snippet(self, client):
        page = self.make()
        root = parse(client.get(page.url))
        box = root.xpath("//aside[@class='author-bio']")[0]
        assert box.xpath("string(.//h2)") == "April Fernsby"
        assert "Writes about habits." in box.xpath("string(.)")
