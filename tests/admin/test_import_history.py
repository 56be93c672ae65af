"""The read-only "Import history" admin, and the "Advice" menu that groups it with comments."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import GroupPagePermission

from importers.models import ImportRecord
from tests.factories import home_page

from .helpers import grant, list_rows, logged_in, make_user, menu_entries, parse

pytestmark = pytest.mark.django_db

INDEX = "advice_importers_importrecord_modeladmin_index"
INSPECT = "advice_importers_importrecord_modeladmin_inspect"


@pytest.fixture
def records(superuser, article):
    created = ImportRecord.objects.create(
        source="https://example.com/why-small-walks-work/",
        key="https://example.com/why-small-walks-work/",
        page=article,
        status=ImportRecord.Status.CREATED,
        warnings=["No author found.", "Image skipped: too large."],
        user=superuser,
    )
    failed = ImportRecord.objects.create(
        source="/imports/broken.html",
        status=ImportRecord.Status.FAILED,
        error="No article content found.",
    )
    return {"created": created, "failed": failed}


def test_lists_imports_with_their_columns(admin_client, records, article):
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    rows = list_rows(response)
    assert set(rows) == {records["created"].pk, records["failed"].pk}
    created = rows[records["created"].pk]
    assert created["source"] == "https://example.com/why-small-walks-work/"
    assert created["status"] == "Created"
    assert created["page_link"] == "Why small walks work"
    assert created["warning_count"] == "2"
    assert created["user"] == "admin"
    failed = rows[records["failed"].pk]
    assert (failed["status"], failed["page_link"], failed["warning_count"]) == ("Failed", "-", "0")
    headers = [
        " ".join(th.text_content().split())
        for th in parse(response).xpath("//table[contains(@class,'listing')]/thead//th")
    ]
    assert headers == ["Time", "Source", "Status", "Page", "Warnings", "Imported by"]


def test_pages_link_to_their_edit_view(admin_client, records, article):
    page = parse(admin_client.get(reverse(INDEX)))
    row = page.xpath(f"//tr[@data-object-pk='{records['created'].pk}']")[0]
    (link,) = row.xpath(".//td[contains(@class,'field-page_link')]//a")
    assert link.get("href") == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert admin_client.get(link.get("href")).status_code == 200


def test_filter_by_status_and_search_by_source(admin_client, records):
    response = admin_client.get(reverse(INDEX), {"status__exact": "failed"})
    assert set(list_rows(response)) == {records["failed"].pk}
    response = admin_client.get(reverse(INDEX), {"q": "broken"})
    assert set(list_rows(response)) == {records["failed"].pk}
    response = admin_client.get(reverse(INDEX), {"q": "example.com"})
    assert set(list_rows(response)) == {records["created"].pk}


def test_inspect_view_shows_warnings_error_and_page_link(admin_client, records, article):
    response = admin_client.get(reverse(INSPECT, args=[records["created"].pk]))
    assert response.status_code == 200
    page = parse(response)
    assert page.xpath("//dd//li/text()") == ["No author found.", "Image skipped: too large."]
    assert page.xpath(f"//dd/a[@href='{reverse('wagtailadmin_pages:edit', args=[article.pk])}']")
    assert not page.xpath("//footer//a")  # no edit or delete buttons

    response = admin_client.get(reverse(INSPECT, args=[records["failed"].pk]))
    assert "No article content found." in response.content.decode()


def test_is_read_only_even_for_superusers(admin_client, records):
    record = records["created"]
    for action in ["create", "edit", "delete", "history"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"advice_importers_importrecord_modeladmin_{action}", args=[record.pk])
    base = "/admin/advice_importers/importrecord"
    for url in [f"{base}/create/", f"{base}/edit/{record.pk}/", f"{base}/delete/{record.pk}/"]:
        assert admin_client.get(url).status_code == 404, url
        assert admin_client.post(url, {"source": "changed"}).status_code == 404, url
    assert ImportRecord.objects.count() == 2
    record.refresh_from_db()
    assert record.source == "https://example.com/why-small-walks-work/"

    page = parse(admin_client.get(reverse(INDEX)))
    links = page.xpath(f"//a[starts-with(@href, '{base}/')]/@href")
    assert links and all(f"{base}/inspect/" in link for link in links)


def test_editor_without_permissions_gets_no_menu_and_403(editor_client, records):
    entries = menu_entries(editor_client.get(reverse("wagtailadmin_home")))
    assert "import-history" not in entries
    assert editor_client.get(reverse(INDEX)).status_code == 403
    assert editor_client.get(reverse(INSPECT, args=[records["created"].pk])).status_code == 403


def test_view_permission_is_enough_to_read_the_history(records):
    group = grant("Auditors", "wagtailadmin.access_admin", "advice_importers.view_importrecord")
    client = logged_in(make_user("auditor", group))
    entries = menu_entries(client.get(reverse("wagtailadmin_home")))
    assert entries["import-history"] == reverse(INDEX)
    assert "comments" not in entries
    assert len(list_rows(client.get(reverse(INDEX)))) == 2


class TestImportersSeeTheirOwnImports:
    """Users who may import, but not view the history, see only the records of their own
    imports, and only pages they may edit are linked."""

    @pytest.fixture
    def importers(self):
        group = grant("Importers", "wagtailadmin.access_admin", "advice_importers.import_articles")
        return group, make_user("importer", group)

    @pytest.fixture
    def own(self, importers, article):
        _group, importer = importers
        return ImportRecord.objects.create(
            source="/uploads/mine.html",
            status=ImportRecord.Status.CREATED,
            page=article,
            user=importer,
        )

    def test_the_list_holds_only_their_own_records(self, importers, records, own):
        client = logged_in(importers[1])
        entries = menu_entries(client.get(reverse("wagtailadmin_home")))
        assert entries["import-history"] == reverse(INDEX)
        response = client.get(reverse(INDEX))
        assert set(list_rows(response)) == {own.pk}
        assert "why-small-walks-work" not in response.content.decode()

    def test_search_and_filters_do_not_reach_other_records(self, importers, records, own):
        client = logged_in(importers[1])
        assert list_rows(client.get(reverse(INDEX), {"q": "example.com"})) == {}
        assert list_rows(client.get(reverse(INDEX), {"status__exact": "failed"})) == {}

    def test_other_users_records_cannot_be_opened_by_url(self, importers, records, own):
        client = logged_in(importers[1])
        for record in records.values():
            assert client.get(reverse(INSPECT, args=[record.pk])).status_code == 404
        assert client.get(reverse(INSPECT, args=[own.pk])).status_code == 200

    def test_admin_search_links_only_to_their_own_records(self, importers, records, own):
        finder = AdminURLFinder(importers[1])
        assert finder.get_edit_url(records["created"]) is None
        assert finder.get_edit_url(own) == reverse(INSPECT, args=[own.pk])

    def test_pages_they_may_not_edit_are_not_shown(self, importers, own):
        client = logged_in(importers[1])
        row = list_rows(client.get(reverse(INDEX)))[own.pk]
        assert row["page_link"] == "-"
        inspect = client.get(reverse(INSPECT, args=[own.pk])).content.decode()
        assert "Why small walks work" not in inspect

    def test_pages_they_may_edit_are_linked(self, importers, own, article):
        group, importer = importers
        GroupPagePermission.objects.create(
            group=group,
            page=home_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="change_page"
            ),
        )
        client = logged_in(importer)
        page = parse(client.get(reverse(INDEX)))
        (link,) = page.xpath(
            f"//tr[@data-object-pk='{own.pk}']//td[contains(@class,'field-page_link')]//a"
        )
        assert link.get("href") == reverse("wagtailadmin_pages:edit", args=[article.pk])
        inspect = parse(client.get(reverse(INSPECT, args=[own.pk])))
        assert inspect.xpath(f"//dd/a[@href='{link.get('href')}']")

    def test_viewers_and_superusers_still_see_every_record(self, records, own, admin_client):
        group = grant(
            "Auditors", "wagtailadmin.access_admin", "advice_importers.view_importrecord"
        )
        auditor = logged_in(make_user("auditor", group))
        everything = {own.pk, records["created"].pk, records["failed"].pk}
        assert set(list_rows(auditor.get(reverse(INDEX)))) == everything
        assert set(list_rows(admin_client.get(reverse(INDEX)))) == everything
        assert auditor.get(reverse(INSPECT, args=[own.pk])).status_code == 200


class TestImportArticlesMenuItem:
    """The link to the importer's screen: for importers only, and only once it exists."""

    @pytest.fixture
    def importer(self):
        group = grant("Importers", "wagtailadmin.access_admin", "advice_importers.import_articles")
        return make_user("importer", group)

    @pytest.fixture(autouse=True)
    def import_screen(self, settings):
        settings.ROOT_URLCONF = "tests.admin.urls_with_import_screen"

    def test_shown_to_users_who_may_import(self, importer, superuser):
        for user in (importer, superuser):
            entries = menu_entries(logged_in(user).get(reverse("wagtailadmin_home")))
            assert entries["advice-import-articles"] == reverse("advice_importers:import")

    def test_grouped_with_comments_and_history(self, admin_client):
        response = admin_client.get(reverse("wagtailadmin_home"))
        entries = list(menu_entries(response))
        start = entries.index("advice")
        assert entries[start : start + 4] == [
            "advice",
            "comments",
            "advice-import-articles",
            "import-history",
        ]

    def test_hidden_from_users_who_may_not(self, editor_client, moderator_client):
        for client in (editor_client, moderator_client):
            entries = menu_entries(client.get(reverse("wagtailadmin_home")))
            assert "advice-import-articles" not in entries

    def test_hidden_while_the_screen_is_not_registered(self, importer, monkeypatch):
        from advice_blocks import moderation

        monkeypatch.setattr(moderation, "IMPORT_URL_NAME", "advice_importers:not-registered")
        entries = menu_entries(logged_in(importer).get(reverse("wagtailadmin_home")))
        assert "advice-import-articles" not in entries
        # Importing is a permission on import records, so the history stays visible.
        assert entries["import-history"] == reverse(INDEX)


def test_group_settings_offer_viewing_and_importing_only(admin_client, editor):
    group = editor.groups.get()
    content = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content
    offered = {
        perm.codename
        for perm in Permission.objects.filter(content_type__app_label="advice_importers")
        if f'value="{perm.pk}"'.encode() in content
    }
    assert offered == {"view_importrecord", "import_articles"}
