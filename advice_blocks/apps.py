from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceBlocksConfig(AppConfig):
    name = "advice_blocks"
    label = "advice_blocks"
    verbose_name = _("Advice blocks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .caching import connect_signals

        connect_signals()
