"""Admin permissions in the browser: what an editor without a permission sees and gets.

The importer's screen (``advice_importers:import``) comes from ``importers/wagtail_hooks.py``;
the tests that use it fail, saying so, while that screen is not registered.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.admin.helpers import MODERATOR_PERMISSIONS, PASSWORD, grant, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The home page and site, which the flush after an earlier browser test removes.
    pytest.mark.usefixtures("site_tree"),
]

COMMENTS_ADMIN = "/admin/advice_blocks/comment/"
DENIED = "Sorry, you do not have permission to access this area."


def import_screen_url():
    try:
        return reverse("advice_importers:import")
    except NoReverseMatch:
        pytest.fail(
            "The importer's admin screen (URL name 'advice_importers:import', registered by "
            "importers/wagtail_hooks.py) does not exist yet.",
            pytrace=False,
        )


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def main_menu(page):
    return page.get_by_role("navigation", name="Main menu")


def open_advice_menu(page):
    menu = main_menu(page)
    menu.get_by_role("button", name="Advice").click()
    expect(menu.get_by_role("link", name="Comments")).to_be_visible()
    return menu


def test_editor_without_import_permission_gets_no_menu_item_and_403(page, live_server):
    """A moderator may see the "Advice" menu, but not "Import articles" nor the screen."""
    url = import_screen_url()
    editor = make_user("moderator", grant("Comment moderators", *MODERATOR_PERMISSIONS))

    log_in(page, editor.username)
    menu = open_advice_menu(page)
    expect(menu.get_by_role("link", name="Import articles")).to_have_count(0)

    response = page.goto(url)
    assert response.status == 403
    expect(main_menu(page).get_by_role("link", name="Import articles")).to_have_count(0)
    expect(page.locator("input[type=file]")).to_have_count(0)


def test_importer_gets_the_menu_item_and_the_screen(page, live_server):
    """The same check's other side, so that the refusal above is not a broken screen."""
    url = import_screen_url()
    importer = make_user(
        "importer",
        grant("Importers", "wagtailadmin.access_admin", "advice_importers.import_articles"),
    )

    log_in(page, importer.username)
    menu = main_menu(page)
    menu.get_by_role("button", name="Advice").click()
    link = menu.get_by_role("link", name="Import articles")
    expect(link).to_have_attribute("href", url)
    link.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}$"))
    response = page.goto(url)
    assert response.status == 200


def test_editor_without_comment_permissions_gets_no_menu_and_403(page, live_server):
    editor = make_user("editor", grant("Plain editors", "wagtailadmin.access_admin"))

    log_in(page, editor.username)
    menu = main_menu(page)
    # The menu has rendered (Help is there for everyone), without the "Advice" group.
    expect(menu.get_by_role("button", name=re.compile(r"^Help"))).to_be_visible()
    expect(menu.get_by_role("button", name="Advice")).to_have_count(0)
    expect(menu.get_by_role("link", name="Comments")).to_have_count(0)

    response = page.goto(COMMENTS_ADMIN)
    assert response.status == 403
    expect(page.get_by_text(DENIED)).to_be_visible()
    expect(page.locator("table.listing")).to_have_count(0)
