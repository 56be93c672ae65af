"""Fitting into an existing site: its base template, its page-type rules, its URL order,
and nothing a Content Security Policy would block."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import include, path
from lxml import html as lxml_html
from wagtail import urls as wagtail_urls
from wagtail.models import Page

from advice_blocks import checks
from advice_blocks.models import AdviceArticlePage, AdviceIndexPage
from tests.factories import home_page, listicle, make_article, reason

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Three habits worth keeping</title></head><body><article>
<h1>Three habits worth keeping</h1>
<p>Some opening words about why this matters to you and to everyone else reading.</p>
<h2>1. Start early</h2><p>Early starts leave room for mistakes and a calm second try.</p>
<h2>2. Keep notes</h2><p>Notes turn a vague memory into something you can act on later.</p>
</article></body></html>"""


def with_site_templates(settings):
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [TEMPLATES_DIR, *engine.get("DIRS", [])]
    settings.TEMPLATES = [engine]


def advice_index(parent=None, title="Advice"):
    index = AdviceIndexPage(title=title, slug=title.lower(), per_page=2)
    (parent or home_page()).add_child(instance=index)
    index.save_revision().publish()
    return index


def import_file(tmp_path, *args):
    source = tmp_path / "habits.html"
    source.write_text(ARTICLE)
    out = io.StringIO()
    call_command("import_articles", str(source), *map(str, args), stdout=out)
    return out.getvalue()


class TestPageTypeRules:
    def test_by_default_articles_go_under_an_advice_index_only(self, settings):
        settings.ADVICE_BLOCKS = {}
        assert not AdviceArticlePage.can_create_at(home_page())
        assert AdviceArticlePage.can_create_at(advice_index())
        assert AdviceArticlePage.allowed_parent_page_models() == [AdviceIndexPage]

    def test_a_site_names_its_own_parent_types(self, settings):
        settings.ADVICE_BLOCKS = {"ARTICLE_PARENT_PAGE_TYPES": ["home.HomePage"]}
        assert AdviceArticlePage.can_create_at(home_page())

    def test_articles_have_no_children(self):
        article = make_article()
        assert not Page.objects.get(pk=article.pk).specific.allowed_subpage_models()

    def test_the_command_refuses_a_parent_the_rules_forbid(self, tmp_path, settings):
        settings.ADVICE_BLOCKS = {}
        plain = Page(title="Plain", slug="plain")
        home_page().add_child(instance=plain)
        with pytest.raises(CommandError) as error:
            import_file(tmp_path, "--parent", plain.pk)
        assert "Advice articles cannot be added below “Plain”." in str(error.value)
        assert error.value.returncode == 2
        assert not AdviceArticlePage.objects.exists()

    def test_without_parent_the_command_uses_the_sites_only_advice_index(self, tmp_path, settings):
        settings.ADVICE_BLOCKS = {}
        index = advice_index()
        assert "CREATED" in import_file(tmp_path, "--publish")
        assert AdviceArticlePage.objects.get().get_parent().pk == index.pk

    def test_without_parent_or_index_the_command_says_what_to_do(self, tmp_path, settings):
        settings.ADVICE_BLOCKS = {}
        with pytest.raises(CommandError) as error:
            import_file(tmp_path)
        assert "ARTICLE_PARENT_PAGE_TYPES" in str(error.value)


class TestAdviceIndex:
    def test_the_index_lists_live_articles_newest_first_a_page_at_a_time(self, client):
        index = advice_index()
        for title in ("First", "Second", "Third"):
            make_article(title=title, parent=index)
        make_article(title="Draft only", parent=index, publish=False)

        first = lxml_html.fromstring(client.get(index.url).content)
        assert first.xpath("//h2[@class='advice-index__title']/a/text()") == ["Third", "Second"]
        second = lxml_html.fromstring(client.get(index.url + "?page=2").content)
        assert second.xpath("//h2[@class='advice-index__title']/a/text()") == ["First"]
        assert "Draft only" not in client.get(index.url + "?page=1").content.decode()


class TestBaseTemplate:
    def test_articles_fill_the_sites_own_base_template(self, client, settings):
        with_site_templates(settings)
        settings.ADVICE_BLOCKS = {**settings.ADVICE_BLOCKS, "BASE_TEMPLATE": "site/base.html"}
        page = make_article(body=[listicle(items=[reason("Alpha"), reason("Beta")])])
        html = client.get(page.url).content.decode()
        assert "The test site's own header" in html and "The test site's own footer" in html
        root = lxml_html.fromstring(html)
        assert root.xpath("//script[@type='application/ld+json']")
        assert root.xpath("//link[contains(@href, 'advice_blocks/css/advice-blocks.css')]")

    def test_the_sites_base_html_is_used_by_default(self, client, settings, tmp_path):
        (tmp_path / "base.html").write_text(
            "<html><body><div class='own'>{% block content %}{% endblock %}</div></body></html>"
        )
        engine = dict(settings.TEMPLATES[0])
        engine["DIRS"] = [tmp_path]
        settings.TEMPLATES = [engine]
        page = make_article()
        root = lxml_html.fromstring(client.get(page.url).content)
        assert root.xpath("//div[@class='own']//article[@class='advice-article']")

    def test_a_base_without_a_content_block_is_reported(self, settings):
        with_site_templates(settings)
        settings.ADVICE_BLOCKS = {"BASE_TEMPLATE": "site/no_content_block.html"}
        assert [m.id for m in checks.check_base_template()] == ["advice_blocks.W007"]
        settings.ADVICE_BLOCKS = {"BASE_TEMPLATE": "site/base.html"}
        assert checks.check_base_template() == []
        settings.ADVICE_BLOCKS = {"BASE_TEMPLATE": "site/missing.html"}
        assert [m.id for m in checks.check_base_template()] == ["advice_blocks.E006"]


class TestNumbersOnce:
    def test_the_table_of_contents_and_the_list_number_each_reason_once(self, client):
        page = make_article(body=[listicle(items=[reason("Alpha"), reason("Beta")])])
        root = lxml_html.fromstring(client.get(page.url).content)
        toc = root.xpath("//nav[@class='advice-toc']//li")
        assert [li.get("value") for li in toc] == ["1", "2"]
        assert [li.text_content().strip() for li in toc] == ["Alpha", "Beta"]
        items = root.xpath("//ol[contains(@class, 'listicle__items')]/li")
        assert [li.xpath("string(.//h3)").strip() for li in items] == ["Alpha", "Beta"]


class TestContentSecurityPolicy:
    INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)

    def test_the_article_page_has_no_inline_styles(self, client):
        page = make_article(body=[listicle(items=[reason("Alpha")])])
        html = client.get(page.url).content.decode()
        assert not self.INLINE_STYLE.search(html)
        root = lxml_html.fromstring(html)
        scripts = root.xpath("//script[not(@type='application/ld+json')][not(@src)]")
        assert scripts == []

    def test_the_honeypot_is_hidden_without_any_stylesheet(self, client):
        page = make_article()
        root = lxml_html.fromstring(client.get(page.url).content)
        (trap,) = root.xpath("//*[contains(@class, 'comment-form__trap')]")
        assert trap.get("hidden") is not None and trap.get("aria-hidden") == "true"

    def test_the_comments_admin_has_no_inline_styles(self, admin_client):
        html = admin_client.get("/admin/advice_blocks/comment/").content.decode()
        package_part = html.split("advice-moderation", 1)[-1]
        assert "moderation.css" in html
        assert not self.INLINE_STYLE.search(package_part)


urlpatterns_behind_catch_all = [
    path("", include(wagtail_urls)),
    path("advice/", include("advice_blocks.urls")),
]
urlpatterns_without_comments = [path("", include(wagtail_urls))]


class TestURLChecks:
    def test_the_example_sites_order_passes(self):
        assert checks.check_comment_urls() == []

    @override_settings(ROOT_URLCONF="tests.pages.urls_behind_catch_all")
    def test_comment_urls_behind_wagtails_catch_all_fail_the_check(self):
        assert [m.id for m in checks.check_comment_urls()] == ["advice_blocks.E005"]

    @override_settings(ROOT_URLCONF="tests.pages.urls_without_comments")
    def test_no_comment_urls_is_only_information(self):
        assert [m.id for m in checks.check_comment_urls()] == ["advice_blocks.I005"]


class TestOtherChecks:
    def test_a_missing_modeladmin_fails_the_check(self, monkeypatch):
        from django.apps import apps

        real = apps.is_installed
        monkeypatch.setattr(
            apps, "is_installed", lambda name: name != "wagtail_modeladmin" and real(name)
        )
        assert [m.id for m in checks.check_modeladmin()] == ["advice_blocks.E004"]

    def test_parent_page_types_must_be_page_models(self, settings):
        settings.ADVICE_BLOCKS = {"ARTICLE_PARENT_PAGE_TYPES": ["home.HomePage", "auth.User"]}
        assert [m.id for m in checks.check_settings()] == ["advice_blocks.E003"]
