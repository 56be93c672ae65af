from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceBlocksGraphQLConfig(AppConfig):
    """Nothing to set up here: the types join grapple's schema through its
    ``register_schema_query`` hook (``wagtail_hooks.py``), which runs after every app is
    ready, and :mod:`advice_blocks.checks` reports what is missing."""

    name = "advice_blocks.graphql"
    label = "advice_blocks_graphql"
    verbose_name = _("Advice blocks GraphQL")
