"""Versions that key the article page's cached fragments, and what changes them.

The page template caches its rendered parts with Wagtail's ``{% wagtailpagecache %}``,
whose key already follows the page (id, URL, last publish) and the site, and skips
previews. Two more things change what a published article shows without republishing it:

- its approved comments (a moderator approves or removes one): the *comments version*,
  one per page;
- an author, category, tag or image it shows (an editor fixes a bio, renames a category or
  replaces a photo), or the URL of a page it may link to (a slug changed, a page moved or
  deleted, a site's address changed): the *content version*, one for the site.

Each version is a random token in Django's cache, replaced when a signal says the thing
changed. A token rather than a counter: if the cache drops the version, the new token is
new, so no fragment cached under an old one can come back. A version is replaced at once
and again when the transaction that made the change commits: a request that read the new
version before the commit, and with it the old rows, stores what it built under a version
that the second replacement retires.

The API caches its article fields under the same versions (:mod:`advice_blocks.api`):
:func:`versions` reads the site's and many pages' versions in one cache round trip.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

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
    # Outside a transaction this runs at once (a second new token, harmless).
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, VERSION_TIMEOUT))


def comments_version(page_id) -> str:
    return _version(COMMENTS_VERSION_KEY.format(page_id=page_id))


def content_version() -> str:
    return _version(CONTENT_VERSION_KEY)


def versions(page_ids) -> tuple[str, dict]:
    """The content version and ``{page id: comments version}``, in one cache lookup.

    Versions that are missing are created as :func:`content_version` and
    :func:`comments_version` create them (``add``, so concurrent requests agree).
    """
    keys = {COMMENTS_VERSION_KEY.format(page_id=pk): pk for pk in page_ids}
    found = cache.get_many([CONTENT_VERSION_KEY, *keys])
    content = found.get(CONTENT_VERSION_KEY) or _version(CONTENT_VERSION_KEY)
    comments = {}
    for key, pk in keys.items():
        comments[pk] = found.get(key) or _version(key)
    return content, comments


def comments_changed(sender, instance, **kwargs) -> None:
    _bump(COMMENTS_VERSION_KEY.format(page_id=instance.page_id))


def content_changed(sender, instance=None, **kwargs) -> None:
    _bump(CONTENT_VERSION_KEY)


#: Image fields Wagtail fills in by itself the first time it needs them (saving only them):
#: nothing a reader sees changes.
IMAGE_METADATA_FIELDS = frozenset({"file_size", "file_hash"})


def image_changed(sender, instance=None, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= IMAGE_METADATA_FIELDS:
        return
    content_changed(sender, instance, **kwargs)


def connect_signals() -> None:
    """Called from the app's ``ready()``."""
    from django.db.models.signals import post_delete, post_save
    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.signals import page_slug_changed, post_page_move

    from .models import ArticleCategory, Author, Comment

    for signal in (post_save, post_delete):
        signal.connect(comments_changed, sender=Comment, dispatch_uid=f"advice-c-{signal}")
        signal.connect(content_changed, sender=Author, dispatch_uid=f"advice-a-{signal}")
        signal.connect(content_changed, sender=ArticleCategory, dispatch_uid=f"advice-k-{signal}")
        # A renamed tag: the API's ``tags`` and the JSON-LD's keywords show tag names.
        signal.connect(content_changed, sender=Tag, dispatch_uid=f"advice-t-{signal}")
        signal.connect(image_changed, sender=get_image_model(), dispatch_uid=f"advice-i-{signal}")
        # Rich text and JSON-LD show page URLs (links, the article's own address).
        signal.connect(content_changed, sender=Site, dispatch_uid=f"advice-s-{signal}")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="advice-p-delete")
    # Any page model: Wagtail sends these with the specific class as the sender.
    page_slug_changed.connect(content_changed, dispatch_uid="advice-p-slug")
    post_page_move.connect(content_changed, dispatch_uid="advice-p-move")
