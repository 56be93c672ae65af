"""Comment moderation and the import history in Wagtail's admin, through wagtail-modeladmin.

One "Advice" menu groups:

- **Comments**: a list (excerpt, author, page, date, status) filtered by status and page,
  searchable, with approve / reject / spam buttons on each row and for a selection of rows,
  an inspect view and an edit view. Moderating needs ``advice_blocks.moderate_comment``;
  editing needs ``advice_blocks.change_comment`` (and changing the status in the edit form
  needs ``moderate_comment`` as well). Comments come from readers and from the importer, so
  there is no "add" view.
- **Import history** (only when the ``importers`` app is installed): the ``ImportRecord`` of
  every source imported, read-only, linking to the pages. Superusers and users with
  ``advice_importers.view_importrecord`` see every record; users who may only import see
  the records of their own imports, with links only to pages they may edit.
- **Import articles**: a link to the importer's own admin screen (``advice_importers:import``),
  for users with ``advice_importers.import_articles``, once that screen is registered.

Wagtail answers a ``PermissionDenied`` raised in an admin view with a redirect to the
dashboard; these views answer with a real 403 instead, so that a refusal is a refusal for
browsers, tests and scripts alike.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin import RelatedOnlyFieldListFilter, display
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse, reverse_lazy
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.templatetags.modeladmin_tags import items_for_result
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from .models import Comment

#: Permission needed to approve, reject or mark comments as spam.
MODERATE_PERMISSION = "advice_blocks.moderate_comment"
#: Permission needed to see the "Import articles" menu item.
IMPORT_PERMISSION = "advice_importers.import_articles"
#: Permission needed to see every import record, not only those of one's own imports.
IMPORT_HISTORY_PERMISSION = "advice_importers.view_importrecord"
#: URL name of the importer's admin screen (registered by ``importers/wagtail_hooks.py``).
IMPORT_URL_NAME = "advice_importers:import"

PERMISSION_DENIED_TEMPLATE = "advice_blocks/admin/permission_denied.html"


# --- Moderation actions -----------------------------------------------------------------


@dataclass(frozen=True)
class ModerationAction:
    """One way of moderating comments: the status it sets and how the admin words it."""

    name: str
    status: str
    label: str | Promise
    bulk_label: str | Promise
    #: Success message; ``%(count)d`` is the number of comments whose status changed.
    done_message: str | Promise
    log_action: str
    log_label: str | Promise
    log_message: str | Promise
    classname: str = ""


MODERATION_ACTIONS = {
    action.name: action
    for action in [
        ModerationAction(
            name="approve",
            status=Comment.Status.APPROVED,
            label=_("Approve"),
            bulk_label=_("Approve selected"),
            done_message=ngettext_lazy(
                "%(count)d comment approved.", "%(count)d comments approved.", "count"
            ),
            log_action="advice_blocks.comment.approve",
            log_label=_("Approve comment"),
            log_message=_("Comment approved"),
        ),
        ModerationAction(
            name="reject",
            status=Comment.Status.REJECTED,
            label=_("Reject"),
            bulk_label=_("Reject selected"),
            done_message=ngettext_lazy(
                "%(count)d comment rejected.", "%(count)d comments rejected.", "count"
            ),
            log_action="advice_blocks.comment.reject",
            log_label=_("Reject comment"),
            log_message=_("Comment rejected"),
            classname="button-secondary",
        ),
        ModerationAction(
            name="spam",
            status=Comment.Status.SPAM,
            label=_("Spam"),
            bulk_label=_("Mark selected as spam"),
            done_message=ngettext_lazy(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", "count"
            ),
            log_action="advice_blocks.comment.spam",
            log_label=_("Mark comment as spam"),
            log_message=_("Comment marked as spam"),
            classname="button-secondary no",
        ),
    ]
}


def register_log_actions(actions):
    """Name the moderation actions in Wagtail's history views (the ``register_log_actions``
    hook)."""
    for action in MODERATION_ACTIONS.values():
        actions.register_action(action.log_action, action.log_label, action.log_message)


# --- Shared helpers ---------------------------------------------------------------------


def permission_denied_response(request):
    """A 403 page inside the admin's layout."""
    return TemplateResponse(request, PERMISSION_DENIED_TEMPLATE, {}, status=403)


def forbid_with_403(view):
    """Turn a ``PermissionDenied`` raised by ``view`` into a 403 response.

    Wagtail's ``require_admin_access``, which wraps every admin URL, would otherwise turn it
    into a redirect to the dashboard. Anonymous users never get this far: Wagtail sends them
    to the login page first.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied_response(request)

    return wrapper


def page_admin_link(page):
    """The page's title, linked to its edit view in the admin."""
    if page is None:
        return None
    return format_html(
        '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title
    )


# --- Comments ---------------------------------------------------------------------------


class CommentPermissionHelper(PermissionHelper):
    """Who may do what with comments.

    Listing and inspecting need one of the view, change, delete or moderate permissions;
    comments are never created here.
    """

    list_permissions = ("view", "change", "delete", "moderate")

    @property
    def list_permission_codenames(self):
        return [f"{action}_{self.opts.model_name}" for action in self.list_permissions]

    def user_can_moderate(self, user):
        return user.has_perm(MODERATE_PERMISSION)

    def user_can_list(self, user):
        return any(
            self.user_has_specific_permission(user, codename)
            for codename in self.list_permission_codenames
        )

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)


class CommentButtonHelper(ButtonHelper):
    def moderation_buttons(self, obj):
        """The moderation actions that would change ``obj``'s status, for its row."""
        if not self.permission_helper.user_can_moderate(self.request.user):
            return []
        return [
            {
                "name": action.name,
                "label": action.label,
                "classname": action.classname,
                # The accessible name, so that "Approve" says which comment it approves.
                "aria_label": gettext("%(action)s by %(author)s")
                % {"action": action.log_label, "author": obj.author_name},
            }
            for action in MODERATION_ACTIONS.values()
            if obj.status != action.status
        ]


class CommentIndexView(IndexView):
    """The comment list, with a checkbox and moderation buttons on every row."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_moderate = self.permission_helper.user_can_moderate(self.request.user)
        context.update(
            {
                "can_moderate": can_moderate,
                "moderate_url": self.url_helper.get_action_url("moderate"),
                "next_url": self.request.get_full_path(),
                "bulk_actions": list(MODERATION_ACTIONS.values()) if can_moderate else [],
                "result_headers": list(result_headers(self)),
                "rows": [
                    {
                        "pk": obj.pk,
                        "status": obj.status,
                        "author_name": obj.author_name,
                        "cells": list(items_for_result(self, obj, self.request)),
                        "moderation_buttons": self.button_helper.moderation_buttons(obj),
                        "buttons": self.button_helper.get_buttons_for_obj(
                            obj, exclude=["inspect"], classnames_add=["button-small"]
                        ),
                    }
                    for obj in context["object_list"]
                ],
            }
        )
        return context


class CommentHistoryView(HistoryView):
    # wagtail-modeladmin lets any admin user see an object's history; comments are private.
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)


def comment_panels():
    """``Comment.panels``, with the status field shown only to moderators."""
    return [
        FieldPanel("status", permission=MODERATE_PERMISSION)
        if getattr(panel, "field_name", None) == "status"
        else panel
        for panel in Comment.panels
    ]


class CommentAdmin(ModelAdmin):
    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    list_display = ("excerpt", "author", "page_link", "created_at", "status_tag")
    list_filter = ("status", ("page", RelatedOnlyFieldListFilter))
    search_fields = ("body", "author_name", "author_email", "page__title")
    list_select_related = ("page",)
    list_per_page = 50
    ordering = ("-created_at", "-pk")
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "parent",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "created_at",
        "status",
        "ip_address",
    ]
    index_view_class = CommentIndexView
    history_view_class = CommentHistoryView
    index_template_name = "advice_blocks/admin/comment_index.html"
    permission_helper_class = CommentPermissionHelper
    button_helper_class = CommentButtonHelper

    def __init__(self, parent=None):
        super().__init__(parent)
        self.panels = comment_panels()

    def get_permissions_for_registration(self):
        # Offered in Settings → Groups; "add" is left out, as comments are never added here.
        return (
            super()
            .get_permissions_for_registration()
            .filter(codename__in=self.permission_helper.list_permission_codenames)
        )

    @display(description=_("comment"))
    def excerpt(self, obj):
        return obj.excerpt

    @display(description=_("author"), ordering="author_name")
    def author(self, obj):
        return obj.author_name

    @display(description=_("page"), ordering="page__title")
    def page_link(self, obj):
        url = obj.page.get_url(request=None) if obj.page.live else None
        if not url:
            return obj.page.title
        return format_html('<a href="{}">{}</a>', url, obj.page.title)

    @display(description=_("status"), ordering="status")
    def status_tag(self, obj):
        # Styled by advice_blocks/admin/comment_index.html.
        return format_html(
            '<span class="advice-status advice-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration() + (
            path(
                f"{self.url_helper.base_url_path}/moderate/",
                self.moderate_view,
                name=self.url_helper.get_action_url_name("moderate"),
            ),
        )
        return tuple(decorate_urlpatterns(list(urls), forbid_with_403))

    def moderate_view(self, request):
        """Set the status of the posted comments (``comment``, repeatable) by ``action``.

        POST only, CSRF-protected by Django's middleware; redirects to ``next`` (the list
        the form was on, filters included) with a message saying how many comments changed.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_helper.user_can_moderate(request.user):
            raise PermissionDenied
        back = safe_next_url(request, self.url_helper.index_url)

        action = MODERATION_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, gettext("Choose approve, reject or spam."))
            return redirect(back)
        ids = [value for value in request.POST.getlist("comment") if value.isdigit()]
        if not ids:
            messages.warning(request, gettext("Select at least one comment first."))
            return redirect(back)

        changed = moderate(self.get_queryset(request).filter(pk__in=ids), action, request.user)
        if changed:
            messages.success(request, action.done_message % {"count": changed})
        else:
            messages.warning(
                request,
                gettext("No comments changed: the selected comments were already %(status)s.")
                % {"status": Comment.Status(action.status).label.lower()},
            )
        return redirect(back)


def moderate(queryset, action, user):
    """Give every comment in ``queryset`` the action's status, logging each change.

    Returns how many comments changed (those that had that status already do not count).
    Saves one by one, not with ``update()``, so that signals and history see every change.
    """
    with transaction.atomic():
        comments = list(queryset.select_for_update().exclude(status=action.status))
        for comment in comments:
            comment.status = action.status
            comment.save(update_fields=["status"])
            log(instance=comment, action=action.log_action, user=user)
    return len(comments)


def safe_next_url(request, default):
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


# --- Import history ---------------------------------------------------------------------


class ImportHistoryPermissionHelper(PermissionHelper):
    """Who sees which import records. Nobody creates, edits or deletes them here,
    superusers included: they are written by the importer only.

    The history names sources and pages from every part of the site, so all of it is for
    superusers and users given "Can view import record". Being allowed to import only
    shows one's own imports (what the import screen already shows its user), and links
    only the pages one may edit.
    """

    def user_sees_all(self, user):
        return user.is_active and (user.is_superuser or user.has_perm(IMPORT_HISTORY_PERMISSION))

    def user_can_list(self, user):
        return self.user_sees_all(user) or user.has_perm(IMPORT_PERMISSION)

    def user_can_inspect_obj(self, user, obj):
        if not self.inspect_view_enabled:
            return False
        if self.user_sees_all(user):
            return True
        return user.has_perm(IMPORT_PERMISSION) and obj.user_id == user.pk

    def user_can_see_page(self, user, page):
        return self.user_sees_all(user) or page.permissions_for_user(user).can_edit()

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ImportRecordIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, helper = self.request.user, self.permission_helper
        records = list(context["object_list"])
        for record in records:
            # Read by ``ImportHistoryAdmin.page_link``, which is not given the request.
            record.page_shown = record.page is not None and helper.user_can_see_page(
                user, record.page
            )
        context["object_list"] = records
        return context


class ImportRecordInspectView(InspectView):
    def check_action_permitted(self, user):
        if self.permission_helper.user_can_inspect_obj(user, self.instance):
            return True
        if self.permission_helper.user_can_list(user):
            # Another user's import: answered as if it did not exist, like the job screen.
            raise Http404
        return False

    def get_field_display_value(self, field_name, field=None):
        if field_name == "page" and self.instance.page_id:
            page = self.instance.page
            if not self.permission_helper.user_can_see_page(self.request.user, page):
                return self.model_admin.get_empty_value_display(field_name)
            return page_admin_link(page)
        if field_name == "warnings":
            warnings = self.instance.warnings or []
            if not warnings:
                return self.model_admin.get_empty_value_display(field_name)
            items = format_html_join("", "<li>{}</li>", ((str(item),) for item in warnings))
            return format_html("<ul>{}</ul>", items)
        return super().get_field_display_value(field_name, field)


def importers_installed():
    return apps.is_installed("importers")


def import_record_model():
    """``ImportRecord``, or ``None`` without the importer app (the group then leaves the
    import history out). Looked up, not imported, so that this module loads without it."""
    return apps.get_model("advice_importers", "ImportRecord") if importers_installed() else None


class ImportHistoryAdmin(ModelAdmin):
    """Read-only list of ``importers.ImportRecord``; only registered with that app."""

    model = import_record_model()
    menu_label = _("Import history")
    menu_icon = "history"
    list_display = (
        "created_at",
        "source",
        "status",
        "page_link",
        "warning_count",
        "user",
    )
    list_filter = ("status",)
    search_fields = ("source", "key")
    list_select_related = ("page", "user")
    list_per_page = 50
    inspect_view_enabled = True
    history_view_enabled = False
    # modeladmin's empty list carries an inline style; this one does not (CSP).
    index_template_name = "advice_blocks/admin/import_history_index.html"
    inspect_view_fields = [
        "created_at",
        "source",
        "key",
        "status",
        "page",
        "warnings",
        "error",
        "user",
        "checksum",
    ]
    index_view_class = ImportRecordIndexView
    inspect_view_class = ImportRecordInspectView
    permission_helper_class = ImportHistoryPermissionHelper

    def get_queryset(self, request):
        records = super().get_queryset(request)
        if self.permission_helper.user_sees_all(request.user):
            return records
        return records.filter(user=request.user)

    @display(description=_("page"), ordering="page__title")
    def page_link(self, obj):
        return page_admin_link(obj.page) if getattr(obj, "page_shown", False) else None

    @display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.warnings or [])

    def get_permissions_for_registration(self):
        # Only "view" means something here; the importer registers "Can import articles".
        return (
            super()
            .get_permissions_for_registration()
            .filter(codename=self.permission_helper.get_perm_codename("view"))
        )

    def get_admin_urls_for_registration(self):
        """Only the list and the inspect view: nothing here changes an import record."""
        urls = [
            url
            for url in super().get_admin_urls_for_registration()
            if url.name
            in {
                self.url_helper.get_action_url_name("index"),
                self.url_helper.get_action_url_name("inspect"),
            }
        ]
        return tuple(decorate_urlpatterns(urls, forbid_with_403))

    def register_admin_url_finders(self):
        # The default finder links to the edit view, which does not exist here.
        permission_helper, url_helper = self.permission_helper, self.url_helper

        class ImportRecordURLFinder:
            def __init__(self, user):
                self.user = user

            def get_edit_url(self, instance):
                if self.user is None or permission_helper.user_can_inspect_obj(
                    self.user, instance
                ):
                    return url_helper.get_action_url("inspect", quote(instance.pk))
                return None

        register_admin_url_finder(self.model, ImportRecordURLFinder)


# --- The menu group ---------------------------------------------------------------------


def import_screen_url():
    """The importer's admin screen URL, or ``None`` while that screen is not registered."""
    try:
        return reverse(IMPORT_URL_NAME)
    except NoReverseMatch:
        return None


class ImportArticlesMenuItem(MenuItem):
    """A link to the importer's screen, for users allowed to import."""

    def __init__(self, order):
        super().__init__(
            _("Import articles"),
            reverse_lazy(IMPORT_URL_NAME),  # only resolved when shown
            name="advice-import-articles",
            icon_name="download",
            order=order,
        )

    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION) and import_screen_url() is not None


class AdviceAdminGroup(ModelAdminGroup):
    """The "Advice" admin menu: comments, importing articles and the import history."""

    menu_label = _("Advice")
    menu_icon = "clipboard-list"
    menu_order = 250

    def __init__(self):
        # An instance attribute, which ModelAdminGroup (and its system check) reads in place
        # of the class's ``items``.
        self.items = (CommentAdmin,)
        if importers_installed():
            self.items += (ImportHistoryAdmin,)
        super().__init__()

    def get_submenu_items(self):
        comments, *history = super().get_submenu_items()
        items = [comments]
        if importers_installed():
            items.append(ImportArticlesMenuItem(order=len(items) + 1))
        for item in history:
            item.order = len(items) + 1
            items.append(item)
        return items
