"""Articles in other scripts keep their words in the slug and their language on the page."""

import io

import pytest
from django.core.management import call_command

from advice_blocks.models import AdviceArticlePage

pytestmark = pytest.mark.django_db

# Team-written Arabic text: "Three reasons to walk every day".
RTL_ARTICLE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>ثلاثة أسباب للمشي كل يوم</title></head><body><article>
<h1>ثلاثة أسباب للمشي كل يوم</h1>
<p>المشي عادة بسيطة لكنها تغير يومك كله، وهذه ثلاثة أسباب تجعلها تستحق الوقت والجهد.</p>
<h2>1. يريح الذهن</h2><p>نصف ساعة من المشي تكفي لتهدئة الأفكار وترتيبها من جديد.</p>
<h2>2. يقوي القلب</h2><p>الحركة المنتظمة تحافظ على صحة القلب أكثر مما نظن عادة.</p>
<h2>3. يمنحك وقتا لنفسك</h2><p>بعيدا عن الشاشات، يصبح المشي موعدا يوميا مع نفسك.</p>
</article></body></html>"""

ENGLISH_ARTICLE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Three reasons to walk</title></head><body><article><h1>Three reasons to walk</h1>
<p>Walking is a small habit that changes the whole day, and here is why it is worth it.</p>
<h2>1. It calms the mind</h2><p>Half an hour of walking is enough to settle busy thoughts.</p>
<h2>2. It helps the heart</h2><p>Regular movement keeps the heart healthier than we think.</p>
</article></body></html>"""


def run_import(tmp_path, html, name="article.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    call_command("import_articles", str(path), "--publish", stdout=io.StringIO())
    return AdviceArticlePage.objects.get()


def test_a_right_to_left_article_keeps_its_words_in_the_slug(tmp_path):
    page = run_import(tmp_path, RTL_ARTICLE)
    assert page.slug == "ثلاثة-أسباب-للمشي-كل-يوم"


def test_ascii_slugs_where_the_site_turns_unicode_slugs_off(tmp_path, settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    page = run_import(tmp_path, ENGLISH_ARTICLE)
    assert page.slug == "three-reasons-to-walk"


def test_the_source_language_and_direction_reach_the_page(tmp_path, client):
    page = run_import(tmp_path, RTL_ARTICLE)
    assert page.language == "ar" and page.text_direction == "rtl"
    html = client.get(page.url).content.decode()
    assert '<html lang="en" dir="ltr">' in html  # the site's locale
    assert 'lang="ar" dir="rtl"' in html  # the article's own text


def test_a_source_in_the_sites_own_language_stores_nothing_extra(tmp_path, client):
    page = run_import(tmp_path, ENGLISH_ARTICLE)
    assert page.language == ""
    html = client.get(page.url).content.decode()
    assert 'lang="en" dir="ltr"' in html and 'lang="en-GB"' not in html


def test_a_right_to_left_locale_sets_the_pages_direction(tmp_path, client):
    from wagtail.models import Locale

    page = run_import(tmp_path, ENGLISH_ARTICLE)
    Locale.objects.filter(pk=page.locale_id).update(language_code="he")
    html = client.get(page.url).content.decode()
    assert '<html lang="he" dir="rtl">' in html
