"""The import screen in Wagtail's admin: its form, views and URLs.

Registered by ``importers.wagtail_hooks``; the work itself is :mod:`importers.store`'s.
"""
