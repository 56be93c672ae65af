"""Copy, translate, move, delete and restore an imported article (issue 12).

Each action goes through what an editor uses: Wagtail's admin views (copy, move, delete,
revisions) and wagtail-localize's (submit for translation, the translation editor, update
translations); Wagtail's actions where the admin has no view of its own (copy for
translation). The unique ``source_url`` stays with the imported page: a re-import finds it
wherever it was moved, never touches a copy or a translation, and after a delete creates
a fresh page. Comments belong to their page.
"""

import contextlib
import io
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import strip_tags
from lxml import html as lxml_html
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, Translation, TranslationSource
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from advice_blocks.models import AdviceArticlePage, Comment
from importers.models import ImportRecord
from tests.factories import (
    home_page,
    listicle,
    make_article,
    make_author,
    make_image,
    reason,
)

pytestmark = pytest.mark.django_db

SOURCE_URL = "https://advice.example.com/compost/"

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>3 reasons to compost at home</title><link rel="canonical" href="{url}"></head>
<body><article>
<h1>3 reasons to compost at home</h1>
<p>Some opening words about why compost matters to you and to everyone else reading.</p>
<h2>3. Kitchen scraps stop smelling</h2>
<p>Peelings in a heap smell far less than peelings in a bin.</p>
<h2>2. Your soil holds water</h2><p>{second}</p>
<h2>1. It costs nothing</h2><p>Bags of compost are dear; your own heap is free every year.</p>
<h2>Frequently asked questions</h2>
<h3>Can I compost citrus peel?</h3><p>Yes, in small amounts mixed with other scraps.</p>
<h3>How long does compost take?</h3><p>Six months to a year, faster if you turn it.</p>
</article>
<div id="comments" class="comments-area"><ol class="comment-list">
<li id="comment-1" class="comment depth-1"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Derek Halloway</b>
</div><div class="comment-metadata"><a href="{url}#comment-1">
<time datetime="2020-05-02T18:14:09+01:00">2 May 2020</time></a></div></footer>
<div class="comment-content"><p>Mine was too wet all winter long, so it never warmed.</p></div>
</article></li></ol></div>
</body></html>"""

SECOND = "Compost-rich soil needs watering less often in dry summers."
SECOND_CHANGED = "Compost-rich soil holds rain for longer, so you water less in summer."

#: The French of every text a translator is given in the reasons and the FAQ.
FRENCH = {
    "3 reasons to compost at home": "3 raisons de composter chez soi",
    "Kitchen scraps stop smelling": "Les épluchures ne sentent plus",
    "Peelings in a heap smell far less than peelings in a bin.": (
        "Des épluchures en tas sentent bien moins que dans une poubelle."
    ),
    "Your soil holds water": "Votre sol retient l'eau",
    SECOND: "Un sol riche en compost demande moins d'arrosage en été.",
    "It costs nothing": "Cela ne coûte rien",
    "Bags of compost are dear; your own heap is free every year.": (
        "Le compost en sac coûte cher ; votre tas est gratuit chaque année."
    ),
    "Frequently asked questions": "Questions fréquentes",
    "Can I compost citrus peel?": "Puis-je composter des agrumes ?",
    "Yes, in small amounts mixed with other scraps.": (
        "Oui, en petite quantité, mêlés à d'autres déchets."
    ),
    "How long does compost take?": "Combien de temps faut-il ?",
    "Six months to a year, faster if you turn it.": (
        "De six mois à un an, moins si vous le retournez."
    ),
}


def write(path, second=SECOND):
    path.write_text(ARTICLE.format(url=SOURCE_URL, second=second))
    return path


def run_import(path):
    """``import_articles FILE --publish``; returns the status words it printed."""
    out, err = io.StringIO(), io.StringIO()
    # A conflict exits non-zero; its line says so.
    with contextlib.suppress(CommandError):
        call_command("import_articles", str(path), "--publish", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def revision_ids(page):
    return list(
        Revision.page_revisions.filter(object_id=str(page.pk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def numbered(page):
    """``(number, anchor, heading)`` of every reason, in page order."""
    return [
        (item.number, item.anchor, item.heading)
        for listicle_value in page.listicles
        for item in listicle_value.numbered_items()
    ]


def reasons(page):
    """``(number, anchor, heading, body text)`` of every reason."""
    return [
        (item.number, item.anchor, item.heading, strip_tags(item.value["body"].source))
        for listicle_value in page.listicles
        for item in listicle_value.numbered_items()
    ]


def faq_items(page):
    (faq,) = [child.value for child in page.body if child.block_type == "faq"]
    return [(item["question"], strip_tags(item["answer"].source)) for item in faq["items"]]


def fresh(page):
    """The page as stored now (``listicles`` is cached on an instance)."""
    return AdviceArticlePage.objects.get(pk=page.pk)


def parse(response):
    return lxml_html.fromstring(response.content.decode())


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")


@pytest.fixture
def admin(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def source(tmp_path):
    return write(tmp_path / "compost.html")


@pytest.fixture
def imported(source):
    assert "CREATED" in run_import(source)
    page = AdviceArticlePage.objects.get(source_url=SOURCE_URL)
    assert page.live and Comment.objects.filter(page=page).count() == 1
    assert page.author is None
    return page


# The page editor's form --------------------------------------------------------------


def _rich(value):
    return rich_text(getattr(value, "source", value) or "")


def _stream(children, to_form):
    """StreamField or ListBlock form data, each child with its id as the editor posts it.

    ``children`` are a StreamField's blocks or a ListBlock's ``bound_blocks``.
    """
    data = streamfield(
        [(getattr(child, "block_type", "item"), to_form(child)) for child in children]
    )
    for index, child in enumerate(children):
        data[str(index)]["id"] = child.id
    return data


def _reason_form(child):
    value = child.value
    image = value.get("image")
    return {
        "heading": value["heading"],
        "body": _rich(value.get("body")),
        "image": image.pk if image else "",
        "caption": value.get("caption") or "",
    }


def _block_form(child):
    def listicle_form(value):
        return {
            "heading": value["heading"],
            "intro": _rich(value.get("intro")),
            "direction": value["direction"],
            "start": "" if value.get("start") is None else value["start"],
            "anchor_prefix": value.get("anchor_prefix") or "",
            "items": _stream(value["items"].bound_blocks, _reason_form),
        }

    def faq_form(value):
        return {
            "heading": value["heading"],
            "items": _stream(
                value["items"].bound_blocks,
                lambda item: {
                    "question": item.value["question"],
                    "answer": _rich(item.value["answer"]),
                },
            ),
        }

    return {"listicle": listicle_form, "faq": faq_form}[child.block_type](child.value)


def _no_authors():
    """The byline's authors, empty (the test article names none): the inline panel where
    articles have several authors, else the single author chooser."""
    if hasattr(AdviceArticlePage, "advice_authors"):
        return {"advice_authors": inline_formset([])}
    return {"author": ""}


def editor_form(page, **changes):
    """What the page editor posts to publish ``page`` as it stands, with ``changes``."""
    fields = {
        "title": page.title,
        "slug": page.slug,
        "intro": _rich(page.intro),
        "original_published": page.original_published or "",
        "last_updated": page.last_updated or "",
        "language": page.language,
        "source_url": page.source_url or "",
        "body": _stream(list(page.body), _block_form),
        "comments": inline_formset([]),
        **_no_authors(),
    }
    fields.update(changes)
    data = nested_form_data(fields)
    data["action-publish"] = "action-publish"
    return data


# Copy ---------------------------------------------------------------------------------


def copy_through_admin(admin, page, slug="compost-copy", parent=None):
    response = admin.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "3 reasons to compost (copy)",
            "new_slug": slug,
            "new_parent_page": (parent or page.get_parent()).pk,
            "copy_subpages": "",
            "publish_copies": "on",
            "alias": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return AdviceArticlePage.objects.get(slug=slug)


def test_the_copy_view_copies_an_imported_article_without_its_source_url(admin, imported):
    """Before the fix the copy view answered 500: the unique source URL was copied."""
    copy = copy_through_admin(admin, imported)
    assert copy.pk != imported.pk and copy.live
    assert copy.source_url is None
    assert AdviceArticlePage.objects.get(pk=imported.pk).source_url == SOURCE_URL
    # Wagtail copies the revisions too: none of them carries the source URL back.
    copied = Revision.page_revisions.filter(object_id=str(copy.pk))
    assert copied.count() >= 2
    assert all(revision.content.get("source_url") is None for revision in copied)
    assert reasons(copy) == reasons(imported)
    assert faq_items(copy) == faq_items(imported)
    # Comments stay with their page.
    assert not Comment.objects.filter(page=copy).exists()
    assert Comment.objects.filter(page=imported).count() == 1
    assert admin.get(copy.url).status_code == 200


def block_ids(page):
    """The ids of the body's blocks and of their items (what translations are keyed on)."""
    return [
        (child.id, [item.id for item in child.value["items"].bound_blocks]) for child in page.body
    ]


def test_a_reimport_updates_the_original_and_never_the_copy(admin, imported, source):
    copy = copy_through_admin(admin, imported)
    copy_revisions = revision_ids(copy)
    copy_body = list(copy.body.raw_data)
    ids = block_ids(imported)

    assert "UNCHANGED" in run_import(source)
    write(source, second=SECOND_CHANGED)
    original_revisions = revision_ids(imported)
    assert "UPDATED" in run_import(source)

    original, copy = fresh(imported), fresh(copy)
    assert len(revision_ids(original)) == len(original_revisions) + 1
    assert reasons(original)[1][3] == SECOND_CHANGED
    # The update keeps every block's id (before the fix, the body's blocks got new ones).
    assert block_ids(original) == ids
    assert revision_ids(copy) == copy_revisions
    assert list(copy.body.raw_data) == copy_body
    assert reasons(copy)[1][3] == SECOND
    assert copy.source_url is None
    assert AdviceArticlePage.objects.count() == 2
    assert not ImportRecord.objects.filter(page_id=copy.pk).exists()
    assert Comment.objects.filter(page=copy).count() == 0


def test_a_copy_cannot_be_given_the_originals_source_url_in_the_editor(admin, imported):
    """The editor refuses it as a form error (the field is unique), not with a 500."""
    copy = copy_through_admin(admin, imported)
    response = admin.post(
        f"/admin/pages/{copy.pk}/edit/", editor_form(copy, source_url=SOURCE_URL)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["source_url"]
    assert "already exists" in errors["source_url"][0]
    assert fresh(copy).source_url is None


def test_copy_for_translation_leaves_the_source_url_and_comments_behind(i18n, editor, imported):
    """Wagtail's own action (what simple_translation's view runs) copies into a locale."""
    french = CopyPageForTranslationAction(imported, i18n, copy_parents=True, user=editor).execute()
    french = fresh(french)
    assert french.locale == i18n and french.translation_key == imported.translation_key
    assert french.source_url is None
    assert not Comment.objects.filter(page=french).exists()
    assert numbered(french) == numbered(imported)


# Restoring a revision -------------------------------------------------------------------


def test_restoring_an_earlier_revision_keeps_the_page_imported(admin, imported, source):
    """The editor's revert keeps the source URL; the re-import then sees an editor's change."""
    first = imported.latest_revision
    write(source, second=SECOND_CHANGED)
    assert "UPDATED" in run_import(source)
    assert reasons(fresh(imported))[1][3] == SECOND_CHANGED

    url = f"/admin/pages/{imported.pk}/revisions/{first.pk}/revert/"
    review = admin.get(url)
    assert review.status_code == 200
    response = admin.post(url, editor_form(first.as_object()))
    assert response.status_code == 302, response.content[:3000]

    restored = fresh(imported)
    assert restored.live_revision_id == restored.latest_revision_id != first.pk
    assert reasons(restored)[1][3] == SECOND
    assert restored.source_url == SOURCE_URL
    assert numbered(restored) == [
        (3, "reason-3", "Kitchen scraps stop smelling"),
        (2, "reason-2", "Your soil holds water"),
        (1, "reason-1", "It costs nothing"),
    ]
    # The source still says what was imported last: the restored text is an editor's
    # decision, which re-imports leave alone (a changed source is reported as a conflict).
    assert "UNCHANGED" in run_import(source)
    write(source, second="Compost feeds the worms that keep your soil open and alive.")
    output = run_import(source)
    assert "CONFLICT" in output and "edited since" in output
    assert fresh(imported).latest_revision_id == restored.latest_revision_id
    assert reasons(fresh(imported))[1][3] == SECOND
    assert AdviceArticlePage.objects.count() == 1


def test_restoring_a_copied_revision_of_a_copy_keeps_it_apart_from_the_source(
    admin, imported, source
):
    """Wagtail copies the original's revisions with the copy; restoring one brings back its
    text and its slug (which the editor must change, as for any copy beside its original),
    never the source URL."""
    copy = copy_through_admin(admin, imported)
    oldest = Revision.page_revisions.filter(object_id=str(copy.pk)).order_by("pk").first()
    url = f"/admin/pages/{copy.pk}/revisions/{oldest.pk}/revert/"
    assert admin.get(url).status_code == 200
    response = admin.post(url, editor_form(oldest.as_object()))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["slug"]

    response = admin.post(url, editor_form(oldest.as_object(), slug=copy.slug))
    assert response.status_code == 302, response.content[:3000]
    restored = fresh(copy)
    assert restored.title == "3 reasons to compost at home"
    assert restored.source_url is None
    write(source, second=SECOND_CHANGED)
    assert "UPDATED" in run_import(source)
    assert reasons(fresh(copy))[1][3] == SECOND
    assert reasons(fresh(imported))[1][3] == SECOND_CHANGED


# Move and delete --------------------------------------------------------------------


@pytest.fixture
def section():
    """A second section of the site that articles may live in."""
    from home.models import HomePage

    root = Page.objects.get(depth=1)
    page = HomePage(title="Garden", slug="garden")
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_moved_article_keeps_its_source_url_and_the_reimport_finds_it(
    admin, imported, source, section
):
    assert admin.get(f"/admin/pages/{imported.pk}/move/{section.pk}/confirm/").status_code == 200
    response = admin.post(f"/admin/pages/{imported.pk}/move/{section.pk}/confirm/")
    assert response.status_code == 302
    moved = AdviceArticlePage.objects.get(pk=imported.pk)
    assert moved.get_parent().pk == section.pk
    assert moved.source_url == SOURCE_URL

    write(source, second=SECOND_CHANGED)
    assert "UPDATED" in run_import(source)
    assert AdviceArticlePage.objects.count() == 1
    moved = AdviceArticlePage.objects.get(pk=imported.pk)
    assert moved.get_parent().pk == section.pk
    assert reasons(moved)[1][3] == SECOND_CHANGED
    assert Comment.objects.filter(page=moved).count() == 1


def test_a_deleted_article_is_imported_afresh(admin, imported, source):
    copy = copy_through_admin(admin, imported)
    response = admin.post(f"/admin/pages/{imported.pk}/delete/")
    assert response.status_code == 302
    assert not AdviceArticlePage.objects.filter(pk=imported.pk).exists()
    assert not Comment.objects.filter(page_id=imported.pk).exists()
    # The history keeps the imports of the deleted page, without it.
    assert ImportRecord.objects.filter(key=SOURCE_URL, page__isnull=True).exists()

    assert "CREATED" in run_import(source)
    new = AdviceArticlePage.objects.get(source_url=SOURCE_URL)
    assert new.pk not in (imported.pk, copy.pk)
    assert new.live
    assert numbered(new) == numbered(copy)
    assert Comment.objects.filter(page=new).count() == 1
    assert len(revision_ids(new)) == 1
    assert fresh(copy).source_url is None


# Translation with wagtail-localize --------------------------------------------------


@pytest.fixture
def i18n(settings):
    """English and French content; the site's existing locale becomes English, and pages
    are served under language prefixes."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.ROOT_URLCONF = "tests.localize.urls"
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "django.middleware.locale.LocaleMiddleware",
    )
    settings.MIDDLEWARE = middleware
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    Locale.objects.update(language_code="en")
    cache.clear()  # the site's root paths, with their language
    return Locale.objects.create(language_code="fr")


def submit_for_translation(admin, page, locale, capture):
    with capture(execute=True):
        response = admin.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})
    assert response.status_code == 302, response.content[:3000]
    french = page.get_translation(locale).specific
    assert response["Location"] == f"/admin/pages/{french.pk}/edit/"
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate_strings(admin, translation, french):
    """Type the French of each string into the translation editor."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    typed = set()
    for segment in segments:
        if segment.string.data in french:
            response = admin.put(
                f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
                urlencode({"value": french[segment.string.data]}),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code in (200, 201), response.content[:500]
            typed.add(segment.string.data)
    return typed


def publish_translation(admin, french_page, capture):
    with capture(execute=True):
        response = admin.post(f"/admin/pages/{french_page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302, response.content[:3000]
    return AdviceArticlePage.objects.get(pk=french_page.pk)


def test_an_imported_article_is_translated_with_wagtail_localize(
    i18n, admin, imported, source, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin, imported, i18n, django_capture_on_commit_callbacks)
    french = imported.get_translation(i18n).specific
    # Nothing of the import is handed to translators, nor copied to the translation.
    paths = set(
        StringSegment.objects.filter(source=translation.source).values_list(
            "context__path", flat=True
        )
    )
    assert "source_url" not in paths
    assert french.source_url is None

    # The translation editor opens, and the translator types every reason and FAQ text.
    assert admin.get(f"/admin/pages/{french.pk}/edit/").status_code == 200
    assert translate_strings(admin, translation, FRENCH) == set(FRENCH)
    french = publish_translation(admin, french, django_capture_on_commit_callbacks)

    assert french.live and french.locale == i18n
    assert french.source_url is None
    assert imported.source_url == SOURCE_URL
    # Numbers and anchors come from the position, direction and start, which are kept.
    assert numbered(french) == [
        (3, "reason-3", "Les épluchures ne sentent plus"),
        (2, "reason-2", "Votre sol retient l'eau"),
        (1, "reason-1", "Cela ne coûte rien"),
    ]
    assert [body for *_, body in reasons(french)] == [
        FRENCH[text]
        for text in (
            "Peelings in a heap smell far less than peelings in a bin.",
            SECOND,
            "Bags of compost are dear; your own heap is free every year.",
        )
    ]
    assert faq_items(french) == [
        (FRENCH[question], FRENCH[answer])
        for question, answer in (
            ("Can I compost citrus peel?", "Yes, in small amounts mixed with other scraps."),
            ("How long does compost take?", "Six months to a year, faster if you turn it."),
        )
    ]
    (listicle_value,) = french.listicles
    assert listicle_value["heading"] == "3 raisons de composter chez soi"

    assert french.url.startswith("/fr/")
    page = parse(admin.get(french.url))
    items = page.xpath("//ol[contains(@class,'listicle__items')]/li")
    assert [li.get("id") for li in items] == ["reason-3", "reason-2", "reason-1"]
    assert "Votre sol retient l'eau" in items[1].text_content()
    text = page.text_content()
    assert "Puis-je composter des agrumes ?" in text
    assert "Derek Halloway" not in text

    # Comments: the English ones stay English; the French page collects its own.
    assert not Comment.objects.filter(page=french).exists()
    response = admin.post(
        f"/advice/comments/{french.pk}/",
        {
            "name": "Lucie",
            "email": "",
            "url": "",
            "body": "Merci, très utile.",
            "parent": "",
            "website_confirm": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{french.url}?comment=pending#comments"
    (comment,) = Comment.objects.filter(page=french)
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Lucie" in parse(admin.get(french.url)).text_content()
    english = parse(admin.get(imported.url)).text_content()
    assert "Derek Halloway" in english and "Lucie" not in english
    assert Comment.objects.filter(page=imported).count() == 1

    # Re-importing the English source updates the English page only.
    french_revisions = revision_ids(french)
    write(source, second=SECOND_CHANGED)
    assert "UPDATED" in run_import(source)
    imported, french = fresh(imported), fresh(french)
    assert reasons(imported)[1][3] == SECOND_CHANGED
    assert revision_ids(french) == french_revisions
    assert reasons(french)[1][3] == FRENCH[SECOND]
    assert french.source_url is None
    assert AdviceArticlePage.objects.count() == 2
    assert Comment.objects.filter(page=french).count() == 1


def test_updating_the_translation_after_a_reimport_keeps_the_source_url_on_the_original(
    i18n, admin, imported, source, django_capture_on_commit_callbacks
):
    """wagtail-localize's "Sync translated pages" brings the new English to the French page:
    the changed reason waits for a translator, the rest stays French."""
    translation = submit_for_translation(admin, imported, i18n, django_capture_on_commit_callbacks)
    translate_strings(admin, translation, FRENCH)
    french = publish_translation(
        admin, imported.get_translation(i18n), django_capture_on_commit_callbacks
    )
    write(source, second=SECOND_CHANGED)
    assert "UPDATED" in run_import(source)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/localize/update/{translation.source.pk}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302, response.content[:3000]
    french = AdviceArticlePage.objects.get(pk=french.pk)
    assert french.source_url is None
    assert [heading for *_, heading in numbered(french)] == [
        "Les épluchures ne sentent plus",
        "Votre sol retient l'eau",
        "Cela ne coûte rien",
    ]
    # The changed English text is not translated yet: the French page shows it meanwhile.
    assert reasons(french)[1][3] == SECOND_CHANGED
    first_body = FRENCH["Peelings in a heap smell far less than peelings in a bin."]
    assert reasons(french)[0][3] == first_body
    assert AdviceArticlePage.objects.get(source_url=SOURCE_URL).pk == imported.pk


def test_what_wagtail_localize_extracts_from_our_blocks(i18n):
    """Texts are offered for translation; numbering, start, anchors' default, images and
    authors are kept in step with the source; the source URL is neither."""
    author, image, home = make_author(), make_image(), home_page()
    items = [reason("Drink water", image=image, caption="A glass"), reason("Stretch")]
    page = make_article(
        body=[
            listicle(
                "Ten small wins",
                # Stored as the editor and the importer store items: with ids.
                [{"type": "item", "value": item, "id": str(uuid.uuid4())} for item in items],
                direction="ascending",
                start=10,
                anchor_prefix="win",
            ),
            {"type": "author_bio", "value": {"author": author.pk, "bio_override": ""}},
        ],
        source_url="https://advice.example.com/wins/",
        author=author,
    )
    segments = extract_segments(page)
    for x in segments:
        print(type(x).__name__, x.path)
    strings = {s.path: s.string.data for s in segments if isinstance(s, StringSegmentValue)}
    overridables = {s.path for s in segments if isinstance(s, OverridableSegmentValue)}
    listicle_id = page.body[0].id
    paths = set(strings) | overridables
    assert not any(path.startswith("source_url") for path in paths)
    assert not any(path.endswith((".direction", ".start")) for path in paths)
    assert strings[f"body.{listicle_id}.anchor_prefix"] == "win"
    assert {
        path.rsplit(".", 1)[1] for path in strings if path.startswith(f"body.{listicle_id}.items")
    } == {"heading", "body", "caption"}
    assert any(path.endswith(".image") for path in overridables)
    assert f"body.{page.body[1].id}.author" in overridables

    source, _ = TranslationSource.get_or_create_from_instance(page)
    french, _ = source.create_or_update_translation(i18n, copy_parent_pages=True, fallback=True)
    french = fresh(french)
    assert french.source_url is None
    assert french.author.pk == author.pk
    assert numbered(french) == [
        (10, "win-10", "Drink water"),
        (11, "win-11", "Stretch"),
    ]
    first = french.listicles[0]["items"][0]
    assert first["image"].pk == image.pk
    assert french.body[1].value["author"].pk == author.pk
    assert french.get_parent().specific.get_translation(home.locale).pk == home.pk
