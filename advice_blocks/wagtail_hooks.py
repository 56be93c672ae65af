from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from . import moderation
from .models import ArticleCategory, Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]
    ordering = ["name"]


class ArticleCategoryViewSet(SnippetViewSet):
    model = ArticleCategory
    icon = "folder-open-inverse"
    menu_label = _("Article categories")
    list_display = ["__str__", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(AuthorViewSet)
register_snippet(ArticleCategoryViewSet)

# The "Advice" menu: comment moderation, the import history and a link to the importer.
modeladmin_register(moderation.AdviceAdminGroup)
hooks.register("register_log_actions", moderation.register_log_actions)
