"""Grapple asks every ``register_schema_query`` hook for query mixins while it builds its
schema, after all apps are ready: the package registers its types then."""

from wagtail import hooks

from .support import grapple_problem


@hooks.register("register_schema_query")
def register_advice_types(query_mixins):
    if grapple_problem() is not None:
        return  # advice_blocks.checks says why
    from .pages import register

    register(query_mixins)
