"""Storing what a structured source says about a page beyond its text.

A WordPress export states a post's slug, status and password, categories, tags, featured
image, excerpt and old URL as data (:class:`~importers.pipeline.model.PageMetadata`). This module
writes them, inside the article's transaction (see :mod:`importers.store.save`):

- page fields (search description, tags, categories, featured image, go-live time);
- the view restriction (login for private posts, the post's password);
- source aliases, so a later export with a changed permalink finds the page again;
- permanent redirects from the old paths to the page (``wagtail.contrib.redirects``).

Redirects and restrictions are not part of a page's revisions: they are checked on every
import, and each is made only where it is missing, so re-imports change nothing twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from advice_blocks.models import ArticleCategory
from importers.pipeline import model

#: What an import did, or would do, about one old path.
REDIRECT_CREATED = "created"
REDIRECT_WOULD_CREATE = "would create"
REDIRECT_EXISTS = "exists"
REDIRECT_NOT_NEEDED = "not needed"
REDIRECT_SKIPPED = "skipped"
#: ``Redirect.old_path``'s column.
MAX_REDIRECT_PATH = 255
REDIRECTS_APP = "wagtail.contrib.redirects"
ADD_REDIRECT_PERMISSION = "wagtailredirects.add_redirect"
MAX_NAME_CHARS = 255


# -- categories ------------------------------------------------------------------------------


def category_objects(paths: list[list[model.Category]]) -> list[ArticleCategory]:
    """The category snippets for ``paths``, created where missing (nested as given).

    Categories are found by slug. An existing category is never changed (editors may have
    renamed or moved it); a new one is created under the category before it in its path.
    """
    found: list[ArticleCategory] = []
    for path in paths:
        parent = None
        for category in path:
            slug = category.slug[:MAX_NAME_CHARS]
            node = ArticleCategory.objects.filter(slug=slug).first()
            if node is None:
                node = ArticleCategory.objects.create(
                    name=(category.name or slug)[:MAX_NAME_CHARS], slug=slug, parent=parent
                )
            parent = node
        if parent is not None and parent not in found:
            found.append(parent)
    return found


def category_preview(paths: list[list[model.Category]]) -> list[dict]:
    """What :func:`category_objects` would do, for a dry run."""
    slugs = {c.slug for path in paths for c in path}
    known = set(ArticleCategory.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    return [
        {
            "path": " / ".join(c.name for c in path),
            "slug": path[-1].slug,
            "new": [c.slug for c in path if c.slug not in known],
        }
        for path in paths
    ]


# -- page fields -----------------------------------------------------------------------------


def apply_fields(page, built, categories: list[ArticleCategory]) -> None:
    """Set the page's own fields from ``built.page`` (on a page or a revision's copy)."""
    meta: model.PageMetadata = built.page
    page.search_description = meta.search_description
    page.tags.set(meta.tags)
    page.categories.set(categories)
    if isinstance(built.featured_image, int):
        page.image_id = built.featured_image
    # else: an image this run could not read leaves the page's image as it is.
    publication = meta.publication
    if publication is not None:
        scheduled = publication.state == model.SCHEDULED
        page.go_live_at = publication.go_live_at if scheduled else None


def page_state(page) -> str:
    """``live``, ``scheduled`` or ``draft``: where the page stands after an import."""
    if page.live:
        return model.LIVE
    go_live_at = getattr(page, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now() and page.scheduled_revision is not None:
        return model.SCHEDULED
    return model.DRAFT


# -- view restrictions -----------------------------------------------------------------------


def _restriction_type(restriction: str) -> str:
    from wagtail.models import PageViewRestriction

    return {
        model.LOGIN: PageViewRestriction.LOGIN,
        model.PASSWORD: PageViewRestriction.PASSWORD,
    }[restriction]


def apply_restriction(page, publication: model.Publication | None) -> list[str]:
    """Give the page the view restriction the source asks for; return warnings.

    Called before the page is published, so a private or password-protected post is
    never readable without its restriction. A restriction is added or changed, never
    removed: a post that became public on the source leaves the page restricted, with a
    warning, since an editor may have restricted it on purpose.
    """
    from wagtail.models import PageViewRestriction

    wanted = publication.restriction if publication is not None else ""
    existing = list(PageViewRestriction.objects.filter(page_id=page.pk).order_by("pk"))
    if not wanted:
        if existing:
            return [
                "the page keeps its view restriction although the post is public now; "
                "remove it in the page's privacy settings if readers should see it"
            ]
        return []
    kind = _restriction_type(wanted)
    same = [r for r in existing if r.restriction_type == kind]
    if same:
        restriction = same[0]
        if kind == PageViewRestriction.PASSWORD and restriction.password != publication.password:
            restriction.password = publication.password
            restriction.save()
            return ["the page's password was changed to the post's new password"]
        return []
    if existing:
        restriction = existing[0]
        restriction.restriction_type = kind
        restriction.password = publication.password
        restriction.save()
        restriction.groups.clear()
        return [f"the page's view restriction was changed to the post's ({wanted})"]
    PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=publication.password
    )
    return []


def current_restriction(page) -> str:
    """The page's own view restriction as ``login``/``password`` (else its Wagtail type)."""
    from wagtail.models import PageViewRestriction

    kind = (
        PageViewRestriction.objects.filter(page_id=page.pk)
        .order_by("pk")
        .values_list("restriction_type", flat=True)
        .first()
    )
    names = {PageViewRestriction.LOGIN: model.LOGIN, PageViewRestriction.PASSWORD: model.PASSWORD}
    return names.get(kind, kind or "")


# -- aliases ---------------------------------------------------------------------------------


def alias_site(key: str) -> str:
    """The part of an identity alias that names its site (``wordpress:<blog URL>#``),
    or ``""`` for keys that name no site (a GUID)."""
    head, hash_, _ = key.rpartition("#")
    return head + hash_ if head else ""


def page_for_aliases(aliases: list[str], page_model):
    """The page an earlier import stored under one of ``aliases`` (strongest first).

    A page found through a later alias (a GUID: some exports repeat them) is refused when
    it holds a different key of the same site as an earlier alias, i.e. it is another post
    of that site.
    """
    from importers.models import SourceAlias

    if not aliases:
        return None
    rows = dict(SourceAlias.objects.filter(key__in=aliases).values_list("key", "page_id"))
    for position, alias in enumerate(aliases):
        page_id = rows.get(alias)
        if page_id is None:
            continue
        page = page_model.objects.filter(pk=page_id).first()
        if page is None:
            continue
        earlier = [alias_site(a) for a in aliases[:position] if alias_site(a)]
        other_post = Q()
        for site_prefix in earlier:
            other_post |= Q(key__startswith=site_prefix)
        if (
            earlier
            and SourceAlias.objects.filter(other_post, page_id=page_id)
            .exclude(key__in=aliases)
            .exists()
        ):
            continue
        return page
    return None


def ensure_aliases(page, aliases: list[str]) -> list[str]:
    """Store ``aliases`` for ``page`` where they are new; return warnings."""
    from importers.models import SourceAlias

    warnings = []
    taken = dict(SourceAlias.objects.filter(key__in=aliases).values_list("key", "page_id"))
    for key in aliases:
        owner = taken.get(key)
        if owner is None:
            SourceAlias.objects.create(key=key, page=page)
        elif owner != page.pk:
            warnings.append(
                f"{key!r} already identifies another imported page (id {owner}); this page "
                "is found again by its other keys"
            )
    return warnings


# -- redirects -------------------------------------------------------------------------------


@dataclass
class RedirectPlan:
    """One old path and what the import does about it."""

    old_path: str
    action: str
    reason: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}

    def warning(self) -> str:
        if self.action != REDIRECT_SKIPPED:
            return ""
        return f"no redirect from the old path {self.old_path}: {self.reason}"


def redirects_enabled() -> bool:
    return apps.is_installed(REDIRECTS_APP)


def _served(site, path: str) -> bool:
    """Does a live page of ``site`` answer at ``path`` (so a redirect would never fire)?"""
    from wagtail.models import Page

    root = site.root_page
    relative = path.strip("/")
    url_path = root.url_path + (relative + "/" if relative else "")
    return Page.objects.live().filter(url_path=url_path).exists()


def plan_redirect(old_path: str, *, site, page_path: str | None, page_id) -> RedirectPlan:
    """What a redirect from ``old_path`` to the page needs: nothing (it exists, or the page
    is at that path), a new one, or nothing possible (with the reason)."""
    from wagtail.contrib.redirects.models import Redirect

    path = Redirect.normalise_path(old_path)
    if site is None:
        return RedirectPlan(path, REDIRECT_SKIPPED, "the page is not in any site")
    if len(path) > MAX_REDIRECT_PATH:
        return RedirectPlan(
            path[:80] + "…", REDIRECT_SKIPPED, f"longer than {MAX_REDIRECT_PATH} characters"
        )
    if page_path is not None and Redirect.normalise_path(page_path) == path:
        return RedirectPlan(path, REDIRECT_NOT_NEEDED, "the page is at the old path")
    existing = list(
        Redirect.get_for_site(site)
        .filter(old_path=path)
        .select_related("redirect_page")
        .order_by("-site_id")
    )
    if page_id is not None and any(r.redirect_page_id == page_id for r in existing):
        return RedirectPlan(path, REDIRECT_EXISTS)
    if existing:
        other = existing[0]
        target = other.redirect_page.url if other.redirect_page else other.redirect_link
        return RedirectPlan(
            path, REDIRECT_SKIPPED, f"it already redirects elsewhere (to {target or '?'})"
        )
    if _served(site, urlsplit(path).path):
        return RedirectPlan(
            path,
            REDIRECT_SKIPPED,
            "a live page is served at that path (redirects answer only where no page does)",
        )
    return RedirectPlan(path, REDIRECT_WOULD_CREATE)


def _site_and_path(page):
    parts = page.get_url_parts()
    if parts is None:
        return None, None
    site_id, _root_url, page_path = parts
    from wagtail.models import Site

    return Site.objects.filter(pk=site_id).select_related("root_page").first(), page_path


def _refused(old_paths: list[str], user) -> list[RedirectPlan]:
    """Plans for paths no redirect can be made for: the app is missing, or the user running
    the import may not add redirects (``[]`` when neither)."""
    if not redirects_enabled():
        reason = f"{REDIRECTS_APP} is not installed"
    elif user is not None and not user.has_perm(ADD_REDIRECT_PERMISSION):
        reason = "you do not have permission to add redirects"
    else:
        return []
    return [RedirectPlan(p, REDIRECT_SKIPPED, reason) for p in old_paths]


def ensure_redirects(page, old_paths: list[str], user=None) -> list[RedirectPlan]:
    """Permanent redirects from ``old_paths`` to ``page``, made where missing and free.

    Only a live page gets them (a redirect to a draft would lead to a 404); the next
    import after it is published makes them. ``user``: whose rights the import runs with.
    """
    from wagtail.contrib.redirects.models import Redirect

    if not old_paths:
        return []
    if refused := _refused(old_paths, user):
        return refused
    if not page.live:
        return [RedirectPlan(p, REDIRECT_SKIPPED, "the page is not live") for p in old_paths]
    site, page_path = _site_and_path(page)
    plans = []
    for old_path in old_paths:
        plan = plan_redirect(old_path, site=site, page_path=page_path, page_id=page.pk)
        if plan.action == REDIRECT_WOULD_CREATE:
            Redirect.objects.create(
                old_path=plan.old_path, site=site, redirect_page=page, is_permanent=True
            )
            plan.action = REDIRECT_CREATED
        plans.append(plan)
    return plans


def preview_redirects(
    old_paths: list[str], *, existing, parent, slug: str, goes_live: bool, user=None
) -> list[RedirectPlan]:
    """What :func:`ensure_redirects` would do, for a dry run."""
    if not old_paths:
        return []
    if refused := _refused(old_paths, user):
        return refused
    if not goes_live and not (existing is not None and existing.live):
        return [RedirectPlan(p, REDIRECT_SKIPPED, "the page is not live") for p in old_paths]
    if existing is not None:
        site, page_path = _site_and_path(existing)
        page_id = existing.pk
    else:
        site, parent_path = _site_and_path(parent)
        page_path = parent_path + slug + "/" if parent_path is not None else None
        page_id = None
    return [plan_redirect(p, site=site, page_path=page_path, page_id=page_id) for p in old_paths]
