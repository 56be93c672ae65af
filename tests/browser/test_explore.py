import pytest
from django.contrib.auth import get_user_model
from tests.factories import home_page

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_explore(page, live_server):
    get_user_model().objects.create_superuser("editor", "e@example.com", "pw-secret")
    home = home_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/pages/{home.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.wait_for_load_state()
    print(page.url)
    page.screenshot(path="/tmp/s3_add.png", full_page=True)
    open("/tmp/add.html", "w").write(page.content())
    page.locator("[data-streamfield-list-add]").first.click()
    page.wait_for_timeout(500)
    page.screenshot(path="/tmp/s4_chooser.png")
    open("/tmp/chooser.html", "w").write(page.content())
