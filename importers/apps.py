from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    name = "importers"
    label = "advice_importers"
    verbose_name = _("Advice article importer")
    default_auto_field = "django.db.models.BigAutoField"
