"""The read-only "Import history" admin, and the "Advice" menu that groups it with comments."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from importers.models import ImportRecord

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
