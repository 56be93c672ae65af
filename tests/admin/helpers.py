"""Users with chosen permissions, and reading the admin's HTML: the sidebar menu, the rows
of a modeladmin list and the messages. The browser tests use the user helpers too."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from lxml import html as lxml_html

from advice_blocks.models import Comment

PASSWORD = "correct horse battery staple"

#: What a comment moderator needs: the admin, and moderating and editing comments.
MODERATOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "advice_blocks.moderate_comment",
    "advice_blocks.change_comment",
)


def grant(group_name, *perms):
    """A group holding ``perms`` (``"app_label.codename"``)."""
    group = Group.objects.create(name=group_name)
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def make_user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(*groups)
    return user


def logged_in(user, **kwargs):
    """A test client logged in as ``user``."""
    client = Client(**kwargs)
    client.force_login(user)
    return client


def add_comment(page, name, status=Comment.Status.PENDING, day=1, body=None):
    return Comment.objects.create(
        page=page,
        author_name=name,
        author_email=f"{name.lower()}@example.com",
        body=body or f"A comment from {name} about walking.",
        status=status,
        created_at=datetime.datetime(2024, 3, day, 9, tzinfo=datetime.UTC),
    )


def parse(response):
    return lxml_html.fromstring(response.content.decode())


def _resolve(node, refs):
    """Undo telepath's packing (``_val``/``_id`` for values used twice, ``_ref`` after)."""
    if isinstance(node, dict):
        if "_val" in node:
            value = _resolve(node["_val"], refs)
            refs[node["_id"]] = value
            return value
        if "_ref" in node:
            return refs[node["_ref"]]
        return {key: _resolve(value, refs) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value, refs) for value in node]
    return node


def menu_entries(response):
    """``{name: url}`` of every item in the admin's main menu, submenus flattened.

    Submenus themselves appear with the URL ``None``.
    """
    script = parse(response).xpath("//script[@id='wagtail-sidebar-props']/text()")[0]
    props = _resolve(json.loads(script), {})
    (main,) = [m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule"]
    entries = {}

    def walk(items):
        for item in items:
            attrs = item["_args"][0]
            entries[attrs["name"]] = attrs.get("url")
            if item["_type"] == "wagtail.sidebar.SubMenuItem":
                walk(item["_args"][1])

    walk(main["_args"][0])
    return entries


def list_rows(response):
    """The rows of a modeladmin list: ``{pk: {column class: text}}``."""
    rows = {}
    for tr in parse(response).xpath("//table[contains(@class, 'listing')]/tbody/tr"):
        cells = {}
        for td in tr.xpath("./td"):
            name = next(
                (c.removeprefix("field-") for c in td.get("class", "").split() if "field-" in c),
                None,
            )
            if name:
                cells[name] = " ".join(td.text_content().split())
        rows[int(tr.get("data-object-pk"))] = cells
    return rows


def messages_text(response):
    """The texts of the Wagtail messages shown on a page."""
    items = parse(response).xpath("//div[@class='messages']/ul/li")
    return [" ".join("".join(li.xpath("./text()")).split()) for li in items]
