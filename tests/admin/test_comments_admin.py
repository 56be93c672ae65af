"""The "Comments" admin: listing, filtering, searching, editing and moderating comments."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from advice_blocks.models import Comment

from .helpers import (
    PASSWORD,
    add_comment,
    grant,
    list_rows,
    logged_in,
    make_user,
    menu_entries,
    messages_text,
    parse,
)

pytestmark = pytest.mark.django_db

INDEX = "advice_blocks_comment_modeladmin_index"
MODERATE = "advice_blocks_comment_modeladmin_moderate"
EDIT = "advice_blocks_comment_modeladmin_edit"
CREATE = "advice_blocks_comment_modeladmin_create"
DELETE = "advice_blocks_comment_modeladmin_delete"
INSPECT = "advice_blocks_comment_modeladmin_inspect"
HISTORY = "advice_blocks_comment_modeladmin_history"


def statuses():
    return dict(Comment.objects.values_list("author_name", "status"))


def moderate(client, action, *comments, next_url=None, **extra):
    data = {"action": action, "comment": [c.pk for c in comments]}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse(MODERATE), data, **extra)


class TestList:
    def test_superuser_sees_every_comment_with_its_columns(self, admin_client, comments):
        response = admin_client.get(reverse(INDEX))
        assert response.status_code == 200
        headers = [
            " ".join(th.text_content().split())
            for th in parse(response).xpath("//table[contains(@class,'listing')]/thead//th")
        ]
        assert headers == ["", "Comment", "Author", "Page", "Date", "Status", "Actions"]

        rows = list_rows(response)
        assert set(rows) == {c.pk for c in comments.values()}
        ann = rows[comments["Ann"].pk]
        assert ann == {
            "excerpt": "A comment from Ann about walking.",
            "author": "Ann",
            "page_link": "Why small walks work",
            "created_at": "March 1, 2024, 9 a.m.",
            "status_tag": "Pending",
        }
        assert rows[comments["Dot"].pk]["status_tag"] == "Spam"
        assert rows[comments["Eve"].pk]["page_link"] == "Seven reasons to nap"

    def test_newest_comments_come_first(self, admin_client, comments):
        response = admin_client.get(reverse(INDEX))
        assert list(list_rows(response)) == [
            comments[name].pk for name in ["Eve", "Dot", "Cy", "Bob", "Ann"]
        ]

    def test_long_comments_are_shortened_and_the_page_is_linked(self, admin_client, article):
        long = add_comment(article, "Lou", body="word " * 100)
        response = admin_client.get(reverse(INDEX))
        excerpt = list_rows(response)[long.pk]["excerpt"]
        assert excerpt.endswith("…") and len(excerpt) == 80
        row = parse(response).xpath(f"//tr[@data-object-pk='{long.pk}']")[0]
        (link,) = row.xpath("./td[contains(@class, 'field-page_link')]//a")
        assert link.get("href") == article.url

    @pytest.mark.parametrize(
        ("status", "names"),
        [
            ("pending", {"Ann", "Eve"}),
            ("approved", {"Bob"}),
            ("rejected", {"Cy"}),
            ("spam", {"Dot"}),
        ],
    )
    def test_filter_by_status(self, admin_client, comments, status, names):
        response = admin_client.get(reverse(INDEX), {"status__exact": status})
        assert set(list_rows(response)) == {comments[name].pk for name in names}

    def test_filter_by_page_offers_only_pages_with_comments(
        self, admin_client, comments, article, other_article
    ):
        response = admin_client.get(reverse(INDEX), {"page__id__exact": other_article.pk})
        assert set(list_rows(response)) == {comments["Eve"].pk}

        filters = parse(response).xpath("//div[contains(@class,'changelist-filter')]")[0]
        choices = [" ".join(a.text_content().split()) for a in filters.xpath(".//a")]
        assert "Why small walks work" in choices and "Seven reasons to nap" in choices
        assert "Home" not in choices  # pages without comments are not offered

    def test_filters_combine(self, admin_client, comments, article):
        response = admin_client.get(
            reverse(INDEX), {"status__exact": "pending", "page__id__exact": article.pk}
        )
        assert set(list_rows(response)) == {comments["Ann"].pk}

    @pytest.mark.parametrize(
        ("query", "names"),
        [
            ("pills", {"Dot"}),  # body
            ("eve", {"Eve"}),  # author name (and email)
            ("nap", {"Eve"}),  # page title
            ("walking", {"Ann", "Bob", "Cy", "Eve"}),
            ("nothing-matches-this", set()),
        ],
    )
    def test_search(self, admin_client, comments, query, names):
        response = admin_client.get(reverse(INDEX), {"q": query})
        assert response.status_code == 200
        assert set(list_rows(response)) == {comments[name].pk for name in names}

    def test_rows_offer_only_the_actions_that_change_the_status(self, admin_client, comments):
        page = parse(admin_client.get(reverse(INDEX)))

        def actions(name):
            row = page.xpath(f"//tr[@data-object-pk='{comments[name].pk}']")[0]
            return [b.get("value") for b in row.xpath(".//form[@method='post']//button")]

        assert actions("Ann") == ["approve", "reject", "spam"]
        assert actions("Bob") == ["reject", "spam"]
        assert actions("Dot") == ["approve", "reject"]

    def test_no_add_button_and_no_create_view(self, admin_client, comments):
        response = admin_client.get(reverse(INDEX))
        assert reverse(CREATE) not in response.content.decode()
        assert admin_client.get(reverse(CREATE)).status_code == 403
        assert Comment.objects.count() == 5


class TestModeration:
    @pytest.mark.parametrize(
        ("action", "status", "message"),
        [
            ("approve", "approved", "1 comment approved."),
            ("reject", "rejected", "1 comment rejected."),
            ("spam", "spam", "1 comment marked as spam."),
        ],
    )
    def test_one_comment(self, admin_client, comments, action, status, message):
        response = moderate(admin_client, action, comments["Ann"])
        assert response.status_code == 302
        assert response.url == reverse(INDEX)
        assert statuses() == {
            "Ann": status,
            "Bob": "approved",
            "Cy": "rejected",
            "Dot": "spam",
            "Eve": "pending",
        }
        assert message in messages_text(admin_client.get(response.url))

    def test_a_selection(self, admin_client, comments):
        response = moderate(
            admin_client, "approve", comments["Ann"], comments["Dot"], comments["Eve"]
        )
        assert statuses() == {
            "Ann": "approved",
            "Bob": "approved",
            "Cy": "rejected",
            "Dot": "approved",
            "Eve": "approved",
        }
        assert "3 comments approved." in messages_text(admin_client.get(response.url))

    def test_the_message_counts_only_comments_that_changed(self, admin_client, comments):
        response = moderate(admin_client, "spam", comments["Ann"], comments["Dot"])
        assert statuses()["Ann"] == "spam"
        assert "1 comment marked as spam." in messages_text(admin_client.get(response.url))

        response = moderate(admin_client, "spam", comments["Ann"], comments["Dot"])
        assert messages_text(admin_client.get(response.url)) == [
            "No comments changed: the selected comments were already spam."
        ]

    def test_the_bulk_form_posts_the_selection(self, admin_client, comments):
        """The list's own form: checkboxes named "comment" tied to the bulk form."""
        page = parse(admin_client.get(reverse(INDEX), {"status__exact": "pending"}))
        form = page.xpath("//form[@id='comment-bulk-form']")[0]
        assert form.get("method") == "post"
        assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
        boxes = page.xpath("//input[@type='checkbox'][@form='comment-bulk-form']")
        assert {int(b.get("value")) for b in boxes} == {comments["Ann"].pk, comments["Eve"].pk}
        assert {b.get("name") for b in boxes} == {"comment"}
        assert [b.get("value") for b in form.xpath(".//button[@name='action']")] == [
            "approve",
            "reject",
            "spam",
        ]
        next_url = form.xpath(".//input[@name='next']")[0].get("value")
        assert next_url == reverse(INDEX) + "?status__exact=pending"

        data = {"action": "reject", "comment": [b.get("value") for b in boxes], "next": next_url}
        response = admin_client.post(form.get("action"), data)
        assert response.url == next_url  # back to the filtered list
        assert statuses()["Ann"] == statuses()["Eve"] == "rejected"
        assert "2 comments rejected." in messages_text(admin_client.get(response.url))

    def test_each_change_is_logged(self, admin_client, superuser, comments):
        moderate(admin_client, "approve", comments["Ann"], comments["Bob"])
        entries = ModelLogEntry.objects.filter(action="advice_blocks.comment.approve")
        assert [(e.object_id, e.user_id) for e in entries] == [
            (str(comments["Ann"].pk), superuser.pk)
        ]
        history = admin_client.get(reverse(HISTORY, args=[comments["Ann"].pk]))
        assert "Comment approved" in history.content.decode()

    def test_nothing_selected(self, admin_client, comments):
        response = admin_client.post(reverse(MODERATE), {"action": "approve"})
        assert response.status_code == 302
        assert messages_text(admin_client.get(response.url)) == [
            "Select at least one comment first."
        ]
        assert statuses()["Ann"] == "pending"

    @pytest.mark.parametrize("action", ["", "delete", "publish"])
    def test_unknown_action(self, admin_client, comments, action):
        response = moderate(admin_client, action, comments["Ann"])
        assert response.status_code == 302
        assert messages_text(admin_client.get(response.url)) == ["Choose approve, reject or spam."]
        assert Comment.objects.filter(pk=comments["Ann"].pk, status="pending").exists()

    def test_get_is_not_allowed(self, admin_client, comments):
        response = admin_client.get(
            reverse(MODERATE), {"action": "approve", "comment": comments["Ann"].pk}
        )
        assert response.status_code == 405
        assert statuses()["Ann"] == "pending"

    def test_csrf_token_is_required(self, superuser, comments):
        client = logged_in(superuser, enforce_csrf_checks=True)
        response = moderate(client, "approve", comments["Ann"])
        assert response.status_code == 403
        assert statuses()["Ann"] == "pending"

        # With the token the list's form carries, the same request works.
        page = parse(client.get(reverse(INDEX)))
        token = page.xpath("//form[@id='comment-bulk-form']//input[@name='csrfmiddlewaretoken']")
        response = client.post(
            reverse(MODERATE),
            {
                "action": "approve",
                "comment": comments["Ann"].pk,
                "csrfmiddlewaretoken": token[0].get("value"),
            },
        )
        assert response.status_code == 302
        assert statuses()["Ann"] == "approved"

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/"])
    def test_next_must_stay_on_the_site(self, admin_client, comments, next_url):
        response = moderate(admin_client, "approve", comments["Ann"], next_url=next_url)
        assert response.url == reverse(INDEX)


class TestEditing:
    def test_edit_view_saves_the_comment(self, admin_client, comments):
        ann = comments["Ann"]
        response = admin_client.get(reverse(EDIT, args=[ann.pk]))
        assert response.status_code == 200
        fields = set(parse(response).xpath("//form//*[@name]/@name"))
        assert {"author_name", "author_email", "author_url", "body", "status"} <= fields

        response = admin_client.post(
            reverse(EDIT, args=[ann.pk]),
            {
                "author_name": "Ann Walker",
                "author_email": "ann@example.com",
                "author_url": "",
                "body": "Edited: typo fixed.",
                "status": "approved",
            },
        )
        assert response.status_code == 302
        ann.refresh_from_db()
        assert (ann.author_name, ann.body, ann.status) == (
            "Ann Walker",
            "Edited: typo fixed.",
            "approved",
        )

    def test_inspect_view_shows_the_whole_comment(self, admin_client, article):
        comment = add_comment(article, "Lou", body="First paragraph.\n\n" + "long " * 50)
        response = admin_client.get(reverse(INSPECT, args=[comment.pk]))
        assert response.status_code == 200
        assert "long " * 49 in response.content.decode()
        assert "Why small walks work" in response.content.decode()


class TestPermissions:
    def test_superuser_and_moderator_see_the_menu_item(self, admin_client, moderator_client):
        for client in (admin_client, moderator_client):
            entries = menu_entries(client.get(reverse("wagtailadmin_home")))
            assert entries["advice"] is None  # the group
            assert entries["comments"] == reverse(INDEX)

    def test_moderator_can_moderate_one_and_many(self, moderator_client, comments):
        response = moderator_client.get(reverse(INDEX))
        assert response.status_code == 200
        assert len(list_rows(response)) == 5

        moderate(moderator_client, "approve", comments["Ann"])
        moderate(moderator_client, "spam", comments["Bob"], comments["Eve"])
        assert statuses() == {
            "Ann": "approved",
            "Bob": "spam",
            "Cy": "rejected",
            "Dot": "spam",
            "Eve": "spam",
        }

    def test_moderator_can_edit_but_not_delete(self, moderator_client, comments):
        ann = comments["Ann"]
        assert moderator_client.get(reverse(EDIT, args=[ann.pk])).status_code == 200
        assert moderator_client.get(reverse(DELETE, args=[ann.pk])).status_code == 403
        assert moderator_client.post(reverse(DELETE, args=[ann.pk])).status_code == 403
        assert Comment.objects.filter(pk=ann.pk).exists()
        page = parse(moderator_client.get(reverse(INDEX)))
        assert not page.xpath(f"//a[@href='{reverse(DELETE, args=[ann.pk])}']")

    def test_editor_without_comment_permissions_is_refused(self, editor_client, comments):
        entries = menu_entries(editor_client.get(reverse("wagtailadmin_home")))
        assert "comments" not in entries and "advice" not in entries

        ann = comments["Ann"]
        for url in [
            reverse(INDEX),
            reverse(EDIT, args=[ann.pk]),
            reverse(INSPECT, args=[ann.pk]),
            reverse(HISTORY, args=[ann.pk]),
            reverse(DELETE, args=[ann.pk]),
        ]:
            response = editor_client.get(url)
            assert response.status_code == 403, url
            assert "Comment" not in parse(response).xpath("string(//main)")

        for action in ["approve", "reject", "spam"]:
            assert moderate(editor_client, action, ann).status_code == 403
        response = editor_client.post(
            reverse(EDIT, args=[ann.pk]),
            {"author_name": "X", "body": "Hijacked", "status": "approved"},
        )
        assert response.status_code == 403
        assert editor_client.post(reverse(DELETE, args=[ann.pk])).status_code == 403
        ann.refresh_from_db()
        assert (ann.status, ann.body, ann.author_name) == (
            "pending",
            "A comment from Ann about walking.",
            "Ann",
        )

    def test_change_permission_alone_edits_but_cannot_moderate(self, comments):
        group = grant(
            "Comment editors", "wagtailadmin.access_admin", "advice_blocks.change_comment"
        )
        client = logged_in(make_user("copyeditor", group))
        page = parse(client.get(reverse(INDEX)))
        assert not page.xpath("//form[@id='comment-bulk-form']")
        assert not page.xpath("//button[@name='action']")
        assert moderate(client, "approve", comments["Ann"]).status_code == 403

        # The edit form leaves the status out, and a posted status is ignored.
        ann = comments["Ann"]
        response = client.get(reverse(EDIT, args=[ann.pk]))
        assert not parse(response).xpath("//*[@name='status']")
        client.post(
            reverse(EDIT, args=[ann.pk]),
            {"author_name": "Ann", "body": "Fixed a typo.", "status": "approved"},
        )
        ann.refresh_from_db()
        assert (ann.body, ann.status) == ("Fixed a typo.", "pending")

    def test_anonymous_users_are_sent_to_the_login_page(self, comments):
        client = Client()
        for url in [reverse(INDEX), reverse(EDIT, args=[comments["Ann"].pk])]:
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))
        response = moderate(client, "approve", comments["Ann"])
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
        assert statuses()["Ann"] == "pending"

    def test_users_without_admin_access_are_refused(self, comments):
        # Comment permissions without access to the admin do not open it.
        group = grant("No admin", "advice_blocks.moderate_comment")
        client = Client()
        assert client.login(username=make_user("outsider", group).username, password=PASSWORD)
        response = moderate(client, "approve", comments["Ann"])
        assert response.status_code == 302
        assert statuses()["Ann"] == "pending"


def test_group_settings_offer_the_comment_permissions_but_not_add(admin_client, moderator):
    """Settings → Groups lists moderate / change / delete / view for comments, not "add"."""
    group = moderator.groups.get()
    response = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    offered = {
        perm.codename
        for perm in Permission.objects.filter(content_type__app_label="advice_blocks")
        if f'value="{perm.pk}"' in content
    }
    assert {"moderate_comment", "change_comment", "delete_comment", "view_comment"} <= offered
    assert "add_comment" not in offered
