"""Every admin URL the package registers, for every kind of user, and CSRF on every form.

The URLs are found by walking the URL configuration, not listed by hand, and each must
have an entry in :data:`EXPECTED`: a new admin view without one fails this test until
someone decides who may use it. For each URL:

- anonymous users are sent to the admin login;
- a user who may use the admin but holds none of the package's permissions is refused
  (403), and sees none of the package's menu items;
- a superuser gets the view (200; 405 for POST-only views; 403 where nobody may act, such
  as creating a comment by hand).

Every view that accepts a POST refuses it without a CSRF token, and the same POST with the
token does what it is for: it redirects where the view sends a finished action and the
change is in the database (see :data:`OUTCOMES`), so the 403 is CSRF's, not a permission's,
and an accepted POST is not a form shown again with errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from lxml import html as lxml_html

from advice_blocks.models import ArticleCategory, Author, Comment
from importers.admin.views import job_url
from importers.models import ImportRecord
from importers.store.jobs import ImportJob
from tests.factories import make_article

from .figures import FIGURES

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
#: URL names (or namespaces) that belong to this package.
OUR_NAMES = (
    "advice_blocks_",
    "advice_importers_",
    "advice_importers:",
    "wagtailsnippets_advice_blocks_",
    "wagtailsnippetchoosers_advice_blocks_",
)


@dataclass(frozen=True)
class Expected:
    #: Which fixture object fills the URL's one argument, if it takes one.
    argument: str | None
    #: What a superuser's GET answers.
    admin_get: int
    #: POST data that a superuser's POST with a CSRF token may send (None: no POST form).
    post: dict | None = None
    query: str = ""
    #: What a user without the package's permissions gets: refused (see ``refused``), or
    #: 200 for Wagtail's snippet choosers, open to every admin user by design so that any
    #: editor can pick an article's author (author names and bios are public anyway).
    editor_get: str = "refused"
    #: Whether a valid POST (with the token) is answered normally, proving the 403 without
    #: the token is CSRF's.
    valid_post_works: bool = True
    #: Whether the POST uploads an article (the import form needs a file or an address).
    upload: bool = False


#: Fields changed on top of what each form shows (the rest is sent as the form has it).
COMMENT_EDIT = {"body": "Edited text", "status": "approved"}
#: (A StreamField's form fields are made by JavaScript; "links-count" is what it would send.)
AUTHOR_FORM = {"name": "Someone New", "slug": "someone-new", "links-count": "0"}
CATEGORY_FORM = {"name": "Gardening", "slug": "gardening"}
EXPECTED = {
    "advice_blocks_comment_modeladmin_index": Expected(None, 200),
    # Comments come from readers and imports only: nobody creates one here.
    "advice_blocks_comment_modeladmin_create": Expected(None, 403),
    "advice_blocks_comment_modeladmin_edit": Expected("comment", 200, COMMENT_EDIT),
    "advice_blocks_comment_modeladmin_delete": Expected("comment", 200, {}),
    "advice_blocks_comment_modeladmin_inspect": Expected("comment", 200),
    "advice_blocks_comment_modeladmin_history": Expected("comment", 200),
    "advice_blocks_comment_modeladmin_moderate": Expected(
        None, 405, {"action": "approve", "comment": "{comment}"}
    ),
    "advice_importers_importrecord_modeladmin_index": Expected(None, 200),
    "advice_importers_importrecord_modeladmin_inspect": Expected("record", 200),
    "advice_importers:import": Expected(None, 200, {"urls": ""}, upload=True),
    "advice_importers:job": Expected("job", 200, {"action": "discard"}),
    "advice_importers:job_status": Expected("job", 200),
    "wagtailsnippets_advice_blocks_author:list": Expected(None, 200),
    "wagtailsnippets_advice_blocks_author:list_results": Expected(None, 200),
    "wagtailsnippets_advice_blocks_author:add": Expected(None, 200, AUTHOR_FORM),
    "wagtailsnippets_advice_blocks_author:edit": Expected("author", 200, AUTHOR_FORM),
    "wagtailsnippets_advice_blocks_author:delete": Expected("author", 200, {}),
    "wagtailsnippets_advice_blocks_author:usage": Expected("author", 200),
    "wagtailsnippets_advice_blocks_author:history": Expected("author", 200),
    "wagtailsnippets_advice_blocks_author:history_results": Expected("author", 200),
    "wagtailsnippets_advice_blocks_author:copy": Expected("author", 200, AUTHOR_FORM),
    "wagtailsnippetchoosers_advice_blocks_author:choose": Expected(None, 200, editor_get="200"),
    "wagtailsnippetchoosers_advice_blocks_author:choose_results": Expected(
        None, 200, editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_author:chosen": Expected(
        "author", 200, editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_author:chosen_multiple": Expected(
        None, 200, query="?id={author}", editor_get="200"
    ),
    "wagtailsnippets_advice_blocks_articlecategory:list": Expected(None, 200),
    "wagtailsnippets_advice_blocks_articlecategory:list_results": Expected(None, 200),
    "wagtailsnippets_advice_blocks_articlecategory:add": Expected(None, 200, CATEGORY_FORM),
    "wagtailsnippets_advice_blocks_articlecategory:edit": Expected("category", 200, CATEGORY_FORM),
    "wagtailsnippets_advice_blocks_articlecategory:delete": Expected("category", 200, {}),
    "wagtailsnippets_advice_blocks_articlecategory:usage": Expected("category", 200),
    "wagtailsnippets_advice_blocks_articlecategory:history": Expected("category", 200),
    "wagtailsnippets_advice_blocks_articlecategory:history_results": Expected("category", 200),
    "wagtailsnippets_advice_blocks_articlecategory:copy": Expected("category", 200, CATEGORY_FORM),
    # Categories are chosen in the page editor by anyone who edits articles, like authors.
    "wagtailsnippetchoosers_advice_blocks_articlecategory:choose": Expected(
        None, 200, editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_articlecategory:choose_results": Expected(
        None, 200, editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_articlecategory:chosen": Expected(
        "category", 200, editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_articlecategory:chosen_multiple": Expected(
        None, 200, query="?id={category}", editor_get="200"
    ),
    "wagtailsnippetchoosers_advice_blocks_articlecategory:create": Expected(
        None, 200, CATEGORY_FORM, valid_post_works=False
    ),
    # Wagtail's snippet chooser offers no creation form for Author (its GET shows none) and
    # its POST then fails inside Wagtail (AttributeError on the missing form): an upstream
    # quirk, reachable only by users who may add authors. Without the token: 403 all the same.
    "wagtailsnippetchoosers_advice_blocks_author:create": Expected(
        None, 200, AUTHOR_FORM, valid_post_works=False
    ),
}


UPLOADED_ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Stairs</title></head><body><article>"
    b"<h1>Three reasons to take the stairs</h1><p>Lifts are convenient, but stairs win.</p>"
    b"<h2>1. It is free exercise</h2><p>Two flights a day add up over a year.</p>"
    b"</article></body></html>"
)


def _comment(objects):
    return Comment.objects.filter(pk=objects["comment"].pk).first()


def _author(objects):
    return Author.objects.filter(pk=objects["author"].pk).first()


def _category(objects):
    return ArticleCategory.objects.filter(pk=objects["category"].pk).first()


COMMENTS = "advice_blocks_comment_modeladmin_index"
AUTHORS = "wagtailsnippets_advice_blocks_author:list"
CATEGORIES = "wagtailsnippets_advice_blocks_articlecategory:list"
#: For each POST view, where its accepted POST redirects (a URL name, or a function of the
#: objects) and what must then be true of the database.
OUTCOMES: dict[str, tuple[str | Callable, Callable[[dict], bool]]] = {
    "advice_blocks_comment_modeladmin_edit": (
        COMMENTS,
        lambda o: (_comment(o).body, _comment(o).status) == ("Edited text", "approved"),
    ),
    "advice_blocks_comment_modeladmin_delete": (COMMENTS, lambda o: _comment(o) is None),
    "advice_blocks_comment_modeladmin_moderate": (
        COMMENTS,
        lambda o: _comment(o).status == Comment.Status.APPROVED,
    ),
    "advice_importers:import": (
        lambda o: job_url(ImportJob.objects.latest("pk")),
        lambda o: (
            list(ImportJob.objects.exclude(pk=o["job"].pk).values_list("sources__name", flat=True))
            == ["stairs.html"]
        ),
    ),
    "advice_importers:job": (
        "advice_importers:import",
        lambda o: not ImportJob.objects.filter(pk=o["job"].pk).exists(),
    ),
    "wagtailsnippets_advice_blocks_author:add": (
        AUTHORS,
        lambda o: (
            sorted(Author.objects.values_list("name", flat=True))
            == ["Ada Fielding", "Someone New"]
        ),
    ),
    "wagtailsnippets_advice_blocks_author:edit": (
        AUTHORS,
        lambda o: (Author.objects.count(), _author(o).name) == (1, "Someone New"),
    ),
    # Wagtail's copy form posts to the add view; a POST to the copy URL itself (as here)
    # saves the form over the author it was copied from.
    "wagtailsnippets_advice_blocks_author:copy": (
        AUTHORS,
        lambda o: list(Author.objects.values_list("name", flat=True)) == ["Someone New"],
    ),
    "wagtailsnippets_advice_blocks_author:delete": (AUTHORS, lambda o: _author(o) is None),
    "wagtailsnippets_advice_blocks_articlecategory:add": (
        CATEGORIES,
        lambda o: (
            sorted(ArticleCategory.objects.values_list("slug", flat=True)) == ["gardening", "soil"]
        ),
    ),
    "wagtailsnippets_advice_blocks_articlecategory:edit": (
        CATEGORIES,
        lambda o: _category(o).slug == "gardening",
    ),
    "wagtailsnippets_advice_blocks_articlecategory:copy": (
        CATEGORIES,
        lambda o: list(ArticleCategory.objects.values_list("slug", flat=True)) == ["gardening"],
    ),
    "wagtailsnippets_advice_blocks_articlecategory:delete": (
        CATEGORIES,
        lambda o: _category(o) is None,
    ),
}


def our_admin_url_names() -> list[str]:
    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), name)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name

    return sorted(
        {
            name
            for route, name in walk(get_resolver().url_patterns, "", None)
            if route.startswith("admin/") and name.startswith(OUR_NAMES)
        }
    )


def test_every_admin_url_of_the_package_has_an_expectation():
    names = our_admin_url_names()
    assert set(names) == set(EXPECTED), (
        f"new: {sorted(set(names) - set(EXPECTED))}, gone: {sorted(set(EXPECTED) - set(names))}"
    )
    FIGURES["admin URLs swept (x3 kinds of user)"] = len(names)


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def editor():
    """May use the admin and edit pages, but holds none of the package's permissions."""
    group = Group.objects.create(name="Plain editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = get_user_model().objects.create_user("editor", "editor@example.com", PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def objects(superuser):
    page = make_article("Why small walks work")
    comment = Comment.objects.create(page=page, author_name="Ann", body="Nice one.")
    author = Author.objects.create(name="Ada Fielding")
    category = ArticleCategory.objects.create(name="Soil", slug="soil")
    record = ImportRecord.objects.create(source="a.html", status=ImportRecord.Status.CREATED)
    job = ImportJob.objects.create(user=superuser, status=ImportJob.Status.READY)
    return {
        "comment": comment,
        "author": author,
        "category": category,
        "record": record,
        "job": job,
    }


def url_for(name, expected, objects):
    args = [objects[expected.argument].pk] if expected.argument else []
    ids = {key: value.pk for key, value in objects.items()}
    return reverse(name, args=args) + expected.query.format(**ids)


def post_data(expected, objects):
    ids = {key: value.pk for key, value in objects.items()}
    data = {key: str(value).format(**ids) for key, value in expected.post.items()}
    if expected.upload:
        data["files"] = SimpleUploadedFile("stairs.html", UPLOADED_ARTICLE, "text/html")
    return data


def assert_untouched(objects):
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert Author.objects.get().name == "Ada Fielding"
    assert list(ImportJob.objects.values_list("pk", "status")) == [
        (objects["job"].pk, ImportJob.Status.READY)
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_anonymous_users_are_sent_to_the_login(name, objects):
    client = Client()
    url = url_for(name, EXPECTED[name], objects)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def refused(response) -> bool:
    """A refusal: 403, Wagtail's redirect to the dashboard (with an error message), or 405
    for a GET on a view that only takes POST."""
    if response.status_code in (403, 405):
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_editors_without_the_package_permissions_are_refused(name, editor, objects):
    client = Client()
    client.force_login(editor)
    expected = EXPECTED[name]
    url = url_for(name, expected, objects)
    response = client.get(url)
    if expected.editor_get == "refused":
        assert refused(response), (url, response.status_code)
    else:
        assert response.status_code == int(expected.editor_get), url
    if expected.post is not None:
        response = client.post(url, post_data(expected, objects))
        assert refused(response) and response.status_code != 405, (url, response.status_code)
    assert_untouched(objects)


def test_editors_without_the_package_permissions_see_none_of_its_menu_items(editor):
    client = Client()
    client.force_login(editor)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    for url in ("/admin/advice_blocks/", "/admin/import-articles/", "/admin/snippets/advice"):
        assert url not in content


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_superusers_get_every_view(name, superuser, objects):
    client = Client()
    client.force_login(superuser)
    url = url_for(name, EXPECTED[name], objects)
    assert client.get(url).status_code == EXPECTED[name].admin_get, url


POST_VIEWS = sorted(name for name, expected in EXPECTED.items() if expected.post is not None)


def form_values(client, url) -> dict:
    """The fields of the POST form that ``url`` shows, as a browser would send them."""
    response = client.get(url)
    if response.status_code != 200:
        return {}
    content = response.content
    if response["Content-Type"].startswith("application/json"):
        content = response.json().get("html", "").encode() or b"<p></p>"
    for form in lxml_html.fromstring(content).iter("form"):
        if (form.get("method") or "").lower() == "post":
            return dict(form.form_values())
    return {}


@pytest.mark.parametrize("name", POST_VIEWS)
def test_every_admin_form_needs_the_csrf_token(name, superuser, objects):
    """Refused without the token; with it, the action is done and the view redirects."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    client.get(reverse("wagtailadmin_home"))  # sets the CSRF cookie
    expected = EXPECTED[name]
    url = url_for(name, expected, objects)
    shown = form_values(client, url)
    token = shown.pop("csrfmiddlewaretoken", None) or client.cookies["csrftoken"].value

    refused = client.post(url, {**shown, **post_data(expected, objects)})
    assert refused.status_code == 403, url
    assert b"CSRF" in refused.content
    assert_untouched(objects)

    if expected.valid_post_works:
        data = {**shown, **post_data(expected, objects), "csrfmiddlewaretoken": token}
        accepted = client.post(url, data)
        target, done = OUTCOMES[name]
        target = target(objects) if callable(target) else reverse(target)
        assert (accepted.status_code, accepted.get("Location")) == (302, target), url
        assert done(objects), name
    FIGURES["admin POST forms checked for CSRF"] += 1


def test_every_form_that_takes_a_valid_post_has_an_outcome():
    posted = {name for name in POST_VIEWS if EXPECTED[name].valid_post_works}
    assert posted == set(OUTCOMES)
