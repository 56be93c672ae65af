"""Admin hooks of the importer: the "Import articles" screen and its permission.

The screen's menu item is added with the other "Advice" menu items, in ``advice_blocks``.
"""

from django.contrib.auth.models import Permission
from django.urls import include, path
from wagtail import hooks

from importers.admin import urls as admin_urls


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("import-articles/", include(admin_urls, namespace="advice_importers"))]


@hooks.register("register_permissions")
def register_import_permission():
    """Let administrators give groups "Can import articles" in Settings → Groups."""
    return Permission.objects.filter(
        content_type__app_label="advice_importers", codename="import_articles"
    )
