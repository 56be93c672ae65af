"""The only importer step that writes to the database.

One article is saved in one transaction: its author, its images, the page and the page's
revision. Anything that fails rolls all of it back, so a failed article leaves no partial
page behind and the caller can go on with the next one.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import mimetypes
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.images import get_image_model

from advice_blocks.models import AdviceArticlePage, Author, Comment
from importers.errors import ArticleImportError, SourceReadError
from importers.pipeline import model
from importers.sources.documents import FetchLimits, Source, fetch
from importers.store import pagemeta
from importers.store.streamfield import (
    PENDING,
    BuiltArticle,
    build_article,
    validate_body,
    with_block_ids,
)

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
#: The source changed, but so did the page since it was last imported (an editor's revision,
#: or a lock): the import left the page alone and says why.
CONFLICT = "conflict"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
#: Where WordPress keeps uploaded files, in their URLs.
UPLOADS_MARKER = "/wp-content/uploads/"


@dataclass
class SaveOptions:
    parent: object
    publish: bool = False
    existing: str = "update"  # or "skip"
    download_images: bool = False
    limits: FetchLimits = FetchLimits()
    #: Whose rights the import runs with (``None``: the operator's, as on the command line
    #: without ``--user``); revisions and the import history are credited to them.
    user: object = None
    #: Replace editors' revisions made since the last import, and publish over a lock.
    overwrite_edits: bool = False
    #: A local copy of a WordPress site's ``wp-content/uploads``: an image URL
    #: ``…/wp-content/uploads/2020/01/x.jpg`` is read from ``uploads_dir/2020/01/x.jpg``.
    uploads_dir: Path | None = None
    #: ``publish`` is the source's wish (a WordPress post's status), not the user's choice:
    #: a user who may not publish gets a draft with a warning instead of a refusal.
    publish_if_allowed: bool = False


def _max_length(model_class, field_name: str) -> int:
    return model_class._meta.get_field(field_name).max_length


def source_key(article: model.Article, source: Source) -> str:
    """The URL re-imports are matched on: the canonical URL, else the source's own URL.

    A canonical URL that the page's ``source_url`` cannot hold (not an http(s) URL, or too
    long for the column) is not used; the source's own URL is, with a warning.
    """
    limit = _max_length(AdviceArticlePage, "source_url")
    canonical = article.canonical_url
    if canonical:
        problem = _canonical_problem(canonical, limit)
        if problem:
            article.warnings.append(
                f"canonical URL ignored: {problem}; re-imports are matched on the source instead"
            )
            canonical = ""
    key = canonical or source.key
    if len(key) > limit:
        raise ArticleImportError(
            str(source), f"source URL is longer than {limit} characters; cannot be stored"
        )
    return key


def _canonical_problem(url: str, limit: int) -> str:
    if len(url) > limit:
        return f"it is longer than {limit} characters"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return f"{url[:100]!r} is not a valid http(s) URL"
    return ""


def _web_url(url: str, model_class, field_name: str) -> str:
    """``url`` if it is an http(s) URL that fits the field, else ``""``."""
    fits = len(url) <= _max_length(model_class, field_name)
    return url if fits and url.startswith(("http://", "https://")) else ""


def find_existing(key: str, aliases: list[str] | tuple = ()):
    """The page imported before from this source: by canonical URL, else by one of the
    source's ``aliases`` (a WordPress post's id and GUID), strongest first."""
    page = AdviceArticlePage.objects.filter(source_url=key).first()
    if page is None and aliases:
        page = pagemeta.page_for_aliases(list(aliases), AdviceArticlePage)
    return page


def article_aliases(article: model.Article) -> list[str]:
    return list(article.page.aliases) if article.page is not None else []


def _find_existing(key: str, article: model.Article):
    aliases = article_aliases(article)
    # Called with the key alone when there are no aliases (the one-argument form that
    # callers and tests wrap).
    return find_existing(key, aliases) if aliases else find_existing(key)


def find_author(info: model.AuthorInfo | None):
    if info is None:
        return None
    slug = slugify(info.name, allow_unicode=True)[:255]
    return (
        Author.objects.filter(slug=slug).first()
        or Author.objects.filter(name__iexact=info.name.strip()).first()
    )


class ImageResolver:
    """Turns image references into Wagtail image ids, importing each file once."""

    def __init__(self, source: Source, options: SaveOptions | None, dry_run: bool):
        self.source = source
        self.options = options
        self.dry_run = dry_run
        self.cache: dict[str, object] = {}
        #: Why images were skipped, by source, for the article's warnings.
        self.reasons: dict[str, str] = {}
        #: Remote images left alone because downloads are off (and no local copy).
        self.declined: set[str] = set()

    def explain(self, warnings: list[str]) -> list[str]:
        """``warnings`` with each bare "image skipped: src" given its reason, if known."""
        return [self._explained(w) for w in warnings]

    def _explained(self, warning: str) -> str:
        for prefix in ("image skipped: ", "featured image skipped: "):
            if warning.startswith(prefix):
                src = warning[len(prefix) :]
                if src in self.reasons:
                    return f"{warning}: {self.reasons[src]}"
                if prefix.startswith("featured") and src in self.declined:
                    return f"{warning}: {self.declined_reason}"
        return warning

    @property
    def declined_reason(self) -> str:
        if self.uploads_dir is not None:
            return "it is not in the uploads folder, and downloads are off"
        return "downloads are off and no uploads folder was given"

    @property
    def uploads_dir(self) -> Path | None:
        folder = getattr(self.options, "uploads_dir", None)
        return Path(folder).resolve() if folder is not None else None

    def __call__(self, ref: model.ImageRef):
        if ref.src not in self.cache:
            self.cache[ref.src] = self._resolve(ref)
        return self.cache[ref.src]

    def _local_path(self, src: str) -> Path | None:
        uploaded = self._uploads_path(src)
        if uploaded is not None:
            return uploaded
        directory = self.source.directory
        if directory is None:
            return None
        parts = urlsplit(src)
        if parts.scheme == "file":
            path = Path(unquote(parts.path))
        elif not parts.scheme and not parts.netloc:
            path = directory / unquote(parts.path)
        else:
            return None
        path = path.resolve()
        # Only files beside the article (or below it): an img src must not reach elsewhere.
        if directory not in path.parents or not path.is_file():
            return None
        return path

    def _uploads_path(self, src: str) -> Path | None:
        """The copy of a WordPress upload in ``uploads_dir``, if there is one."""
        folder = self.uploads_dir
        if folder is None:
            return None
        path = unquote(urlsplit(src).path)
        marker = path.find(UPLOADS_MARKER)
        if marker == -1:
            return None
        candidate = (folder / path[marker + len(UPLOADS_MARKER) :]).resolve()
        # Only files inside the folder: "../" in a URL must not reach elsewhere.
        if folder not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def _resolve(self, ref: model.ImageRef):
        path = self._local_path(ref.src)
        remote = urlsplit(ref.src).scheme in ("http", "https")
        if path is None and not (remote and self.download_allowed):
            if remote:
                self.declined.add(ref.src)
            return None
        if path is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
            return None
        if self.dry_run:
            # A local file is at hand, so the preview can say now what the import would skip.
            if path is not None and (problem := image_problem(path.read_bytes(), path.name)):
                self.reasons[ref.src] = problem
                return None
            return PENDING
        if path is not None:
            data, name = path.read_bytes(), path.name
        else:
            try:
                data, final_url = fetch(ref.src, self.image_limits, accept="image/*")
            except SourceReadError as error:
                logger.warning("image not downloaded: %s", error)
                return None
            name = Path(urlsplit(final_url).path).name or "image"
            if not Path(name).suffix:
                name += mimetypes.guess_extension("image/jpeg") or ".jpg"
        return self._store(data, name, ref)

    @property
    def download_allowed(self):
        return bool(self.options and self.options.download_images)

    @property
    def image_limits(self):
        from advice_blocks import conf

        limits = self.options.limits
        return FetchLimits(
            timeout=limits.timeout,
            max_bytes=conf.get("MAX_IMAGE_BYTES"),
            max_redirects=limits.max_redirects,
            allow_private=limits.allow_private,
        )

    def _store(self, data: bytes, name: str, ref: model.ImageRef):
        Image = get_image_model()
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        existing = Image.objects.filter(file_hash=digest).first()
        if existing:
            return existing.pk
        problem = image_problem(data, name)
        if problem:
            self.reasons[ref.src] = problem
            logger.warning("image %s rejected: %s", ref.src, problem)
            return None
        title = (ref.alt or Path(name).stem.replace("-", " ").replace("_", " ") or "Image")[:255]
        image = Image(title=title, file=ImageFile(io.BytesIO(data), name=name), file_hash=digest)
        image.description = ref.alt[:255] if hasattr(image, "description") else ""
        try:
            image.full_clean(exclude=["file_hash", "collection", "description"])
        except Exception as error:  # noqa: BLE001 - Pillow/validator errors vary by format
            logger.warning("image %s rejected: %s", ref.src, error)
            return None
        image.save()
        return image.pk


#: Wagtail's defaults for the two settings an editor's upload is held to.
DEFAULT_MAX_IMAGE_PIXELS = 128 * 1000000
DEFAULT_MAX_IMAGE_UPLOAD = 10 * 1024 * 1024


def image_problem(data: bytes, name: str) -> str:
    """Why an editor's upload of this file would be refused, or ``""``: file size
    (``WAGTAILIMAGES_MAX_UPLOAD_SIZE``) or pixels × frames (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``).

    Only the header is read. Wagtail's own upload field asks Willow for the size, which
    decodes the whole image, and so does saving an image: a small file that decodes to
    billions of pixels must be refused before either happens.
    """
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat
    from PIL import Image as PILImage

    max_bytes = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", DEFAULT_MAX_IMAGE_UPLOAD)
    if max_bytes is not None and len(data) > max_bytes:
        return (
            f"the file is {filesizeformat(len(data))}, over the {filesizeformat(max_bytes)} limit"
        )
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit; ours (Wagtail's setting) decides.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1) or 1
    except PILImage.DecompressionBombError:
        return "the image has more pixels than the image library will open"
    except Exception:  # noqa: BLE001 - Pillow raises many types for unreadable files
        return "the file is not an image that can be read"
    pixels = width * height * frames
    if max_pixels is not None and pixels > max_pixels:
        return (
            f"the image has {pixels} pixels ({width}×{height}"
            + (f"×{frames} frames" if frames > 1 else "")
            + f"), over the {max_pixels} limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS)"
        )
    return ""


def image_refs(article: model.Article):
    for section in article.body:
        if isinstance(section, model.Figure):
            yield section.image
        elif isinstance(section, model.Listicle):
            for reason in section.items:
                yield from reason.images


def rebase_site_paths(article: model.Article, source: Source) -> None:
    """Point root-relative images of a saved copy of a page back at the page's own site.

    ``/wp-content/x.jpg`` in a file read from disk resolves to ``file:///wp-content/x.jpg``,
    which is nowhere; with a canonical URL it is the original site's image.
    """
    directory = source.directory
    if directory is None or not article.canonical_url:
        return

    def rebased(src: str) -> str:
        parts = urlsplit(src)
        if parts.scheme != "file":
            return src
        path = Path(unquote(parts.path))
        if directory in path.resolve().parents:
            return src
        return urljoin(article.canonical_url, parts.path)

    for ref in image_refs(article):
        ref.src = rebased(ref.src)
    for info in article.credited:
        if info.photo_url:
            info.photo_url = rebased(info.photo_url)


def build(article: model.Article, source: Source, *, options=None, dry_run=False) -> BuiltArticle:
    """Build StreamField data for ``article``, resolving existing authors and images."""
    rebase_site_paths(article, source)
    key = source_key(article, source)
    existing = _find_existing(key, article)
    options, publish_note = publish_allowed(existing, options)
    authorise(existing, options, str(source))
    authors = [find_author(info) for info in article.credited]
    author = authors[0] if authors else None
    resolver = ImageResolver(source, options, dry_run)
    built = build_article(
        article, key, resolve_image=resolver, author_id=author.pk if author else None
    )
    built.warnings = resolver.explain(built.warnings)
    built.language = own_language(built.language, existing, options)
    for found, info in zip(authors, article.credited, strict=True):
        if found is not None:
            built.warnings.extend(_bio_warnings(found, info))
    if publish_note:
        built.warnings.append(publish_note)
    validate_body(built.body, str(source), dry_run=dry_run)
    return built


def publish_allowed(existing, options: SaveOptions | None):
    """``(options, note)``: when the source asks to publish (``publish_if_allowed``) and
    the user may not, the options with ``publish`` off and a note saying so."""
    user = getattr(options, "user", None)
    if not (options and options.publish and options.publish_if_allowed and user is not None):
        return options, ""
    if existing is not None:
        allowed = existing.permissions_for_user(user).can_publish()
    elif options.parent is not None:
        allowed = options.parent.permissions_for_user(user).can_publish_subpage()
    else:
        allowed = True
    if allowed:
        return options, ""
    return replace(options, publish=False), (
        "the source says this page is published, but you may not publish it here: "
        "it is saved as a draft for review"
    )


@dataclass
class SaveOutcome:
    status: str
    page: object
    key: str
    checksum: str = ""
    warnings: list[str] = field(default_factory=list)
    comments_added: int = 0
    #: The revision this import wrote (created or updated), else the last import's.
    revision: object = None
    #: Why a ``CONFLICT`` left the page alone.
    conflict: str = ""
    #: What became of the source's old paths (``RedirectPlan.as_dict()`` each).
    redirects: list[dict] = field(default_factory=list)


#: Tries at saving one article. A save that loses a race with another import (a unique
#: constraint on the page's source URL, an author's slug or a comment's key fails because the
#: other import saved the same record first) is rolled back and tried again; the new try
#: finds what the other import saved and updates it instead (usually: unchanged).
SAVE_ATTEMPTS = 3


def save_article(article: model.Article, source: Source, options: SaveOptions) -> SaveOutcome:
    """Create or update the page for ``article``, with its comments, in one transaction."""
    rebase_site_paths(article, source)
    key = source_key(article, source)
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            return _save_once(article, source, options, key)
        except (IntegrityError, SaveConflict) as error:
            logger.info("%s: save conflicted with another (try %d): %s", source, attempt, error)
            conflict = error
    raise ArticleImportError(str(source), _conflict_message(key, conflict))


def _save_once(article, source, options, key) -> SaveOutcome:
    existing = _find_existing(key, article)
    options, publish_note = publish_allowed(existing, options)
    authorise(existing, options, str(source))
    if existing is not None and options.existing == "skip":
        outcome = SaveOutcome(SKIPPED, existing, key, warnings=list(article.warnings))
        record_outcome(str(source), options, outcome)
        return outcome
    with transaction.atomic():
        resolver = ImageResolver(source, options, dry_run=False)
        authors, author_warnings = [], []
        for info in article.credited:
            found, warnings = get_or_create_author(info, resolver)
            if found is not None and found not in authors:
                authors.append(found)
            author_warnings += warnings
        author = authors[0] if authors else None
        categories = (
            pagemeta.category_objects(article.page.categories) if article.page is not None else []
        )
        built = build_article(
            article, key, resolve_image=resolver, author_id=author.pk if author else None
        )
        built.warnings = resolver.explain(built.warnings) + author_warnings
        if publish_note:
            built.warnings.append(publish_note)
        built.language = own_language(built.language, existing, options)
        validate_body(built.body, str(source))
        revision = None
        if existing is None:
            status, page, revision = CREATED, *_create(built, authors, options, categories)
        else:
            status, page, revision, why = _update(existing, built, authors, options, categories)
            if why and status != CONFLICT:
                built.warnings.append(why)
        added, redirects = 0, []
        if built.page is not None:
            built.warnings += pagemeta.ensure_aliases(page, built.page.aliases)
        if status != CONFLICT:
            added = save_comments(page, article.comments, approve=may_publish(page, options))
            if built.page is not None:
                # Publishing worked on a copy of the page: read whether it is live now.
                page.refresh_from_db(fields=["live", "url_path"])
                redirects = pagemeta.ensure_redirects(page, built.page.old_paths, options.user)
                built.warnings += [plan.warning() for plan in redirects if plan.warning()]
        outcome = SaveOutcome(
            status, page, key, built.fingerprint(), list(built.warnings), added, revision
        )
        outcome.redirects = [plan.as_dict() for plan in redirects]
        if status == CONFLICT:
            outcome.conflict = why
        record_outcome(str(source), options, outcome)
        return outcome


def parent_problem(parent) -> str:
    """Why articles may not be created under ``parent`` (the site's page-type rules), or
    ``""``; the same words as the import screen's form."""
    if AdviceArticlePage.can_create_at(parent):
        return ""
    return f"Advice articles cannot be added below “{parent.get_admin_display_title()}”."


def authorise(existing, options: SaveOptions | None, source: str) -> None:
    """Refuse an import the user may not make: checked on the page it would change.

    An existing page is checked itself (not the parent the user picked), so rights on one
    section never reach an article elsewhere whose canonical URL the source repeats. The
    message does not name a page the user may not be able to see.
    """
    parent = getattr(options, "parent", None)
    if existing is None and parent is not None and (problem := parent_problem(parent)):
        raise ArticleImportError(source, problem)
    user = getattr(options, "user", None)
    if user is None:
        return
    publish = options.publish
    if existing is not None:
        tester = existing.permissions_for_user(user)
        if not tester.can_edit():
            raise ArticleImportError(
                source,
                "this source was imported before, into a page you do not have permission "
                "to edit; ask someone who can edit that page to import it",
            )
        if publish and not tester.can_publish():
            raise ArticleImportError(
                source,
                "this source updates an existing page you may edit but not publish; "
                "import it without publishing (it becomes a draft for review)",
            )
        return
    if options.parent is None:
        return
    tester = options.parent.permissions_for_user(user)
    if not tester.can_add_subpage():
        raise ArticleImportError(
            source, f"you do not have permission to add pages under {options.parent.title!r}"
        )
    if publish and not tester.can_publish_subpage():
        raise ArticleImportError(
            source,
            f"you may add pages under {options.parent.title!r} but not publish them; "
            "import without publishing",
        )


def may_publish(page, options: SaveOptions | None) -> bool:
    """Imported comments go live only for a user who could publish the page."""
    user = getattr(options, "user", None)
    return user is None or page.permissions_for_user(user).can_publish()


def _conflict_message(key: str, error: Exception) -> str:
    if find_existing(key) is not None:
        return (
            f"another page already uses the source URL {key} (saved by another import at "
            "the same time); import it again to update that page"
        )
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else "conflict"
    return (
        "could not be saved: another import saved the same records at the same time "
        f"({detail}); import it again"
    )


def get_or_create_author(info: model.AuthorInfo | None, resolve_image=None):
    """The ``Author`` for a byline, created if new; returns ``(author, warnings)``.

    An existing author is never changed by an import: editors may have corrected the bio.
    A different bio on the source is reported, so whoever runs the import can choose.
    """
    if info is None or not info.name.strip():
        return None, []
    author = find_author(info)
    if author is not None:
        return author, _bio_warnings(author, info)
    photo_id = None
    if info.photo_url and resolve_image is not None:
        # Stored like any image of the article: a local file beside it, or a download
        # when downloads are allowed; otherwise the author has no photo (with a warning).
        resolved = resolve_image(model.ImageRef(src=info.photo_url, alt=info.name))
        photo_id = resolved if isinstance(resolved, int) else None
    author = Author(
        name=info.name.strip()[:255],
        role=info.role[:255],
        photo_id=photo_id,
        bio=info.bio_html,
        website=_web_url(info.url, Author, "website"),
        links=[
            {"type": "link", "value": {"label": _link_label(url), "url": url}}
            for url in info.links
            if url.startswith(("http://", "https://"))
        ],
    )
    author.save()
    return author, []


def _bio_warnings(author, info: model.AuthorInfo) -> list[str]:
    new, old = _plain(info.bio_html), _plain(author.bio)
    if not new or new == old:
        return []
    excerpt = new if len(new) <= 120 else new[:119].rstrip() + "…"
    return [
        f"the author {author.name!r} already exists with a different bio; the existing one "
        f"is kept. To use the source's bio instead, edit the author snippet: {excerpt!r}"
    ]


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def _link_label(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")[:100]


def unique_slug(parent, slug: str, exclude_pk=None) -> str:
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    candidate, counter = slug, 2
    while siblings.filter(slug=candidate).exists():
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def _apply(page, built: BuiltArticle, authors, categories=()):
    page.title = built.title
    page.language = built.language
    page.set_authors(authors)
    page.intro = built.intro
    page.original_published = built.published
    page.last_updated = built.updated
    page.body = with_block_ids(built.body, built.key)
    page.source_url = built.key
    if built.page is not None:
        pagemeta.apply_fields(page, built, list(categories))


def _restrict(page, built: BuiltArticle) -> None:
    """The source's view restriction, set before the page is published."""
    if built.page is not None:
        built.warnings.extend(pagemeta.apply_restriction(page, built.page.publication))


def own_language(language: str, existing, options) -> str:
    """The source's language, kept only where it differs from the locale of the page it
    goes to (which says it already). Comparing this, not the raw declaration, keeps the
    fingerprints of pages imported before the language was recorded."""
    if not language:
        return ""
    target = existing if existing is not None else getattr(options, "parent", None)
    code = getattr(getattr(target, "locale", None), "language_code", "") or ""
    same = code and code.lower().split("-")[0] == language.lower().split("-")[0]
    return "" if same else language


class SaveConflict(Exception):
    """Another import saved a conflicting record (a sibling with the same slug) meanwhile."""


def _create(built: BuiltArticle, authors, options: SaveOptions, categories=()):
    page = AdviceArticlePage(slug=unique_slug(options.parent, built.slug), live=False)
    if built.slug_from_source and page.slug != built.slug:
        built.warnings.append(
            f"the slug {built.slug!r} is taken under the parent page; this page's slug "
            f"is {page.slug!r}"
        )
    _apply(page, built, authors, categories)
    try:
        options.parent.add_child(instance=page)
    except ValidationError as error:
        # The slug was free when unique_slug looked, but a page saved since then (by an
        # import running at the same time) took it: a lost race, tried again.
        if "slug" in getattr(error, "error_dict", {}):
            raise SaveConflict(f"the slug {page.slug!r} was taken meanwhile") from error
        raise
    _restrict(page, built)
    revision = page.save_revision(user=options.user, log_action=True)
    if options.publish:
        revision.publish(user=options.user)
    return page, revision


def last_import(page):
    """The newest successful import of ``page``: its fingerprint and the revision it wrote."""
    from importers.models import ImportRecord

    return (
        ImportRecord.objects.filter(
            page_id=page.pk,
            status__in=[CREATED, UPDATED, UNCHANGED],
        )
        .exclude(checksum="")
        .order_by("-created_at", "-pk")
        .first()
    )


def current_fingerprint(page) -> str:
    latest = page.get_latest_revision_as_object()
    return BuiltArticle(
        title=latest.title,
        slug=latest.slug,
        key=latest.source_url or "",
        intro=latest.intro,
        published=latest.original_published,
        updated=latest.last_updated,
        # Raw, as stored: fingerprint() makes it canonical (twice would misread the items).
        body=list(latest.body.raw_data),
        language=latest.language,
    ).fingerprint()


def _blocking_lock(page, user):
    """The page's lock if it stops ``user`` (anyone's lock stops an import run as no user)."""
    lock = page.get_lock()
    if lock is None:
        return None
    if user is None or lock.for_user(user):
        return lock
    return None


def _edited_since(page, imported) -> bool:
    """Has anyone saved a revision of ``page`` since ``imported`` (an ImportRecord)?"""
    if imported is None or imported.revision_id is None:
        return False
    return page.latest_revision_id not in (None, imported.revision_id)


def _update(page, built: BuiltArticle, authors, options: SaveOptions, categories=()):
    """Bring an imported page up to date; returns ``(status, page, revision, warning)``.

    The source is compared with what was last *imported*, not with the page: an editor's
    fix is not a reason to import again. A changed source never silently replaces editors'
    revisions made since that import, and never goes over a lock, unless the import was
    asked to (``overwrite_edits``).
    """
    page = page.specific
    imported = last_import(page)
    imported_fingerprint = imported.checksum if imported else current_fingerprint(page)
    last_revision = imported.revision if imported else page.latest_revision
    edited = _edited_since(page, imported)
    lock = _blocking_lock(page, options.user)
    publication = built.page.publication if built.page is not None else None
    if built.fingerprint() == imported_fingerprint:
        # A scheduled page already waits for its time (or an editor unscheduled it).
        scheduled = publication is not None and publication.state == model.SCHEDULED
        if not options.publish or page.live or scheduled:
            return UNCHANGED, page, last_revision, ""
        if (edited or lock) and not options.overwrite_edits:
            return UNCHANGED, page, last_revision, _publish_refused(edited, lock)
        revision = page.get_latest_revision()
        revision.publish(user=options.user)
        return UPDATED, page, revision, ""
    if (edited or lock) and not options.overwrite_edits:
        return CONFLICT, page, last_revision, _conflict_reason(page, edited, lock)
    latest = page.get_latest_revision_as_object()
    _apply(latest, built, authors, categories)
    _restrict(page, built)
    revision = latest.save_revision(user=options.user, log_action=True)
    if options.publish:
        revision.publish(user=options.user)
    elif publication is not None and page.live:
        built.warnings.append(
            f"the post is {publication.source_status or 'not published'} on the source, "
            "but the page stays live with the update saved as a draft; unpublish it in "
            "Wagtail if it should go"
        )
    return UPDATED, page, revision, ""


def _conflict_reason(page, edited: bool, lock) -> str:
    why = []
    if edited:
        revision = page.latest_revision
        who = getattr(revision, "user", None) if revision else None
        when = revision.created_at.strftime("%Y-%m-%d %H:%M") if revision else ""
        why.append(
            "the page was edited since it was last imported"
            + (f" (by {who}, {when})" if who else f" ({when})" if when else "")
        )
    if lock is not None:
        why.append("the page is locked")
    return (
        f"the source changed, but {' and '.join(why)}; the page was left as it is. "
        "Re-import with --overwrite-edits (on the import screen: 'Update them, replacing "
        "editors' changes') to replace it"
    )


def _publish_refused(edited: bool, lock) -> str:
    why = "the page is locked" if lock is not None else "editors have changed it since"
    return f"not published: {why}; publish it from the page editor instead"


def record_outcome(source: str, options, outcome: SaveOutcome) -> None:
    """Write the import history entry (inside the article's transaction: the next
    re-import compares against it, so it must exist exactly when the page does)."""
    from importers.models import ImportRecord

    revision = outcome.revision
    ImportRecord.objects.create(
        source=source[:1000],
        key=outcome.key[:1000],
        checksum=outcome.checksum if outcome.status != CONFLICT else "",
        page=outcome.page,
        revision=revision if getattr(revision, "pk", None) else None,
        status=outcome.status,
        warnings=outcome.warnings,
        error=outcome.conflict,
        user=getattr(options, "user", None),
    )


def comment_key(comment: model.Comment, parent_key: str) -> str:
    """A stable identity for an imported comment: the source's id, else a content hash."""
    if comment.source_id:
        return f"id:{comment.source_id}"[:255]
    text = "\x1f".join(
        [
            parent_key,
            comment.author,
            comment.date.isoformat() if comment.date else "",
            comment.body,
        ]
    )
    return "sha1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def save_comments(page, comments: list[model.Comment], *, approve: bool = True) -> int:
    """Store imported comments, keeping the thread; return how many were new.

    They were public on the source site, so they arrive approved, unless the user running
    the import could not publish the page (then a moderator decides). Comments already
    imported (same source key on the page) are left as they are, so a moderator's later
    decision survives a re-import.
    """
    default = Comment.Status.APPROVED if approve else Comment.Status.PENDING
    statuses = {
        model.COMMENT_APPROVED: default,
        model.COMMENT_PENDING: Comment.Status.PENDING,
        model.COMMENT_SPAM: Comment.Status.SPAM,
    }
    known = dict(
        Comment.objects.filter(page_id=page.pk)
        .exclude(source_key="")
        .values_list("source_key", "pk")
    )
    added = 0
    # Iterative, parents before replies: a thread's depth is the source's to decide.
    stack = [(node, None, "") for node in reversed(comments)]
    while stack:
        node, parent_pk, parent_key = stack.pop()
        key = comment_key(node, parent_key)
        pk = known.get(key)
        if pk is None:
            pk = Comment.objects.create(
                page_id=page.pk,
                parent_id=parent_pk,
                author_name=(node.author or "Anonymous")[:100],
                author_email=_email(node.email),
                author_url=_web_url(node.url, Comment, "author_url"),
                body=node.body,
                created_at=_comment_time(node.date),
                status=statuses.get(node.status, default),
                source_key=key,
            ).pk
            known[key] = pk
            added += 1
        stack.extend((reply, pk, key) for reply in reversed(node.replies))
    return added


def _comment_time(value) -> datetime.datetime:
    """A comment's time: as recorded (a naive one read as UTC), else noon on its day."""
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
    if value:
        return datetime.datetime.combine(value, datetime.time(12), tzinfo=datetime.UTC)
    return timezone.now()


def _email(value: str) -> str:
    """``value`` if the comment's email field can hold it, else ``""``."""
    value = (value or "").strip()
    if not value or len(value) > _max_length(Comment, "author_email"):
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value
