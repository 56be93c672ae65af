"""Versions that key the article page's cached fragments, and what changes them.

The page template caches its rendered parts with Wagtail's ``{% wagtailpagecache %}``,
whose key already follows the page (id, URL, last publish) and the site, and skips
previews. Two more things change what a published article shows without republishing it:

- its approved comments (a moderator approves or removes one): the *comments version*,
  one per page;
- an author, category or image it shows (an editor fixes a bio, renames a category or
  replaces a photo): the *content version*, one for the site.

Each version is a random token in Django's cache, replaced when a signal says the thing
changed. A token rather than a counter: if the cache drops the version, the new token is
new, so no fragment cached under an old one can come back.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

COMMENTS_VERSION_KEY = "advice_blocks:comments-version:{page_id}"
CONTENT_VERSION_KEY = "advice_blocks:content-version"
#: Versions outlive the fragments they key (their timeout is the page cache's).
VERSION_TIMEOUT = None


def _version(key: str) -> str:
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        # add(): two requests that both found none agree on the first one written.
        if not cache.add(key, token, VERSION_TIMEOUT):
            token = cache.get(key) or token
    return token


def _bump(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, VERSION_TIMEOUT)


def comments_version(page_id) -> str:
    return _version(COMMENTS_VERSION_KEY.format(page_id=page_id))


def content_version() -> str:
    return _version(CONTENT_VERSION_KEY)


def comments_changed(sender, instance, **kwargs) -> None:
    _bump(COMMENTS_VERSION_KEY.format(page_id=instance.page_id))


def content_changed(sender, instance=None, **kwargs) -> None:
    _bump(CONTENT_VERSION_KEY)


def connect_signals() -> None:
    """Called from the app's ``ready()``."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model

    from .models import ArticleCategory, Author, Comment

    for signal in (post_save, post_delete):
        signal.connect(comments_changed, sender=Comment, dispatch_uid=f"advice-c-{signal}")
        signal.connect(content_changed, sender=Author, dispatch_uid=f"advice-a-{signal}")
        signal.connect(content_changed, sender=ArticleCategory, dispatch_uid=f"advice-k-{signal}")
        signal.connect(
            content_changed, sender=get_image_model(), dispatch_uid=f"advice-i-{signal}"
        )
