"""Turn an extracted :class:`~importers.pipeline.model.Article` into StreamField data.

The output uses the package's public block type names (``paragraph``, ``heading``,
``image``, ``quote``, ``embed``, ``listicle``, ``faq``, ``author_bio``) in the plain
``{"type", "value"}`` form that ``StreamField`` accepts and the dry run prints. Images and
authors are referred to by database id, so the caller resolves them first (the dry run
passes ``None`` for what it would create).
"""

from __future__ import annotations

import copy
import datetime
import functools
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from advice_blocks.blocks import ArticleStreamBlock
from advice_blocks.blocks.faq import normalise_question
from importers.errors import ArticleImportError
from importers.pipeline import model

HEADING_LEVELS = {1: "h2", 2: "h2", 3: "h3", 4: "h4", 5: "h4", 6: "h4"}
MAX_CHARS = 255

#: Returned by a dry run's image resolver for an image that a real import would create:
#: the block is kept, with ``None`` where the new image's id would be.
PENDING = object()

#: Resolves an image reference to an image id, ``PENDING``, or ``None`` (image skipped).
ImageResolver = Callable[[model.ImageRef], object]


@dataclass
class BuiltArticle:
    """Everything the save step writes for one article."""

    title: str
    slug: str
    key: str
    intro: str
    published: datetime.date | None
    updated: datetime.date | None
    body: list[dict]
    warnings: list[str] = field(default_factory=list)
    #: The language the source declares (``""``: none, the page's locale decides).
    language: str = ""
    #: Page fields a structured source states (``None`` for HTML sources).
    page: model.PageMetadata | None = None
    #: The featured image's id (``PENDING`` in a dry run, ``None``: none or skipped).
    featured_image: object = None
    #: The slug is the source's own (a WordPress ``post_name``): a taken one is reported.
    slug_from_source: bool = False

    def fingerprint(self) -> str:
        """A checksum of what would be saved: equal checksums mean nothing changed."""
        payload = {
            "title": self.title,
            "intro": self.intro,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "body": canonical_body(self.body),
        }
        if self.language:  # only when set, so pages imported before keep their fingerprint
            payload["language"] = self.language
        if self.page is not None:
            payload["page"] = self.page_fingerprint()
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    def page_fingerprint(self) -> dict:
        """The page metadata that an import writes, as plain data, with the key (slug and
        old paths are left out: an existing page keeps its slug, and redirects are checked
        on every import)."""
        page = self.page
        publication = page.publication
        return {
            # The canonical URL: a permalink changed between exports is stored anew.
            "key": self.key,
            "search_description": page.search_description,
            "tags": list(page.tags),
            "categories": [[c.slug for c in path] for path in page.categories],
            "featured_image": (
                page.featured_image.src
                if page.featured_image is not None and self.featured_image is not None
                else None
            ),
            "publication": (
                {
                    "state": publication.state,
                    "go_live_at": (
                        publication.go_live_at.isoformat() if publication.go_live_at else None
                    ),
                    "restriction": publication.restriction,
                    "password": publication.password,
                }
                if publication is not None
                else None
            ),
        }


def _clip(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_article(
    article: model.Article,
    key: str,
    *,
    resolve_image: ImageResolver = lambda ref: None,
    author_id: int | None = None,
) -> BuiltArticle:
    warnings = list(article.warnings)
    body: list[dict] = []
    listicle_count = 0
    for section in article.body:
        if isinstance(section, model.Paragraph):
            if section.html.strip():
                body.append({"type": "paragraph", "value": section.html})
        elif isinstance(section, model.Heading):
            if section.text.strip():
                body.append(
                    {
                        "type": "heading",
                        "value": {
                            "text": _clip(section.text),
                            "level": HEADING_LEVELS.get(section.level, "h2"),
                        },
                    }
                )
        elif isinstance(section, model.Figure):
            image_id = resolve_image(section.image)
            if image_id is None:
                warnings.append(f"image skipped: {section.image.src}")
                continue
            if image_id is PENDING:
                image_id = None
            body.append(
                {
                    "type": "image",
                    "value": {
                        "image": image_id,
                        "alt_text": _clip(section.image.alt),
                        "caption": _clip(section.image.caption, 500),
                    },
                }
            )
        elif isinstance(section, model.Quote):
            if section.text.strip():
                body.append(
                    {
                        "type": "quote",
                        "value": {
                            "text": section.text.strip(),
                            "attribution": _clip(section.attribution),
                        },
                    }
                )
        elif isinstance(section, model.Embed):
            body.append(_embed(section.url, warnings))
        elif isinstance(section, model.Listicle):
            listicle_count += 1
            block = _listicle(section, listicle_count, resolve_image, warnings, article.title)
            if block:
                body.append(block)
        elif isinstance(section, model.FAQ):
            block = _faq(section, warnings)
            if block:
                body.append(block)
    # The bio block mirrors an author box on the source page; a bare byline only sets
    # the page's author field.
    if article.author is not None and article.author.bio_html.strip():
        body.append({"type": "author_bio", "value": {"author": author_id, "bio_override": ""}})
    title = _clip(article.title)
    page = article.page
    featured_image = None
    if page is not None and page.featured_image is not None:
        featured_image = resolve_image(page.featured_image)
        if featured_image is None:
            warnings.append(f"featured image skipped: {page.featured_image.src}")
    source_slug = source_page_slug(page.slug) if page is not None else ""
    return BuiltArticle(
        title=title,
        slug=source_slug or article_slug(title),
        key=key,
        intro=article.intro_html,
        published=article.published,
        updated=article.updated,
        body=body,
        warnings=warnings,
        language=article.language,
        page=page,
        featured_image=featured_image,
        slug_from_source=bool(source_slug),
    )


#: Wagtail's slug column.
MAX_SLUG_CHARS = 255


def source_page_slug(slug: str) -> str:
    """A source's own slug as a valid page slug (``""`` when there is none)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    return slugify(slug, allow_unicode=allow_unicode)[:MAX_SLUG_CHARS].strip("-")


def article_slug(title: str) -> str:
    """The page slug for ``title``: Unicode where Wagtail allows it (its default), so a
    title in Arabic or Greek keeps its words rather than becoming ``article``."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    return slugify(title, allow_unicode=allow_unicode)[:80].strip("-") or "article"


def embed_provider_known(url: str) -> bool:
    """Would one of the site's embed finders take ``url``? Asked offline: a finder's
    ``accept`` matches the URL against its providers' patterns; only rendering fetches."""
    from wagtail.embeds.finders import get_finders

    return any(finder.accept(url) for finder in get_finders())


def _embed(url: str, warnings: list[str]) -> dict:
    """An embed block for a URL a provider knows, else a link to it (with a warning).

    The embed is not fetched here: Wagtail checks it with the provider when an editor
    saves the page, and renders it when a reader asks, so an import works offline.
    """
    if url.startswith(("http://", "https://")) and embed_provider_known(url):
        return {"type": "embed", "value": url}
    warnings.append(f"embed kept as a link (no embed provider for it): {url}")
    link = escape(url, quote=True)
    return {"type": "paragraph", "value": f'<p><a href="{link}">{escape(url)}</a></p>'}


def _reason_heading(text: str) -> str:
    """A lead-in such as "<b>Keep a notebook.</b>" ends in punctuation a heading does not."""
    return _clip(text).rstrip(" .:;,\u2013\u2014-") or _clip(text)


def _listicle(
    listicle: model.Listicle, index: int, resolve_image, warnings, title: str = ""
) -> dict | None:
    items = []
    for reason in listicle.items:
        if not reason.heading.strip():
            continue
        image_id, caption = None, ""
        for position, ref in enumerate(reason.images):
            resolved = resolve_image(ref)
            if position == 0 and resolved is not None:
                image_id = None if resolved is PENDING else resolved
                caption = ref.caption
            elif resolved is None:
                warnings.append(f"image skipped: {ref.src}")
            else:
                warnings.append(
                    f"only the first image of reason {reason.heading!r} is kept: {ref.src}"
                )
        items.append(
            {
                "heading": _reason_heading(reason.heading),
                "body": reason.body_html,
                "image": image_id,
                "caption": _clip(caption, 500),
            }
        )
    if not items:
        return None
    count = len(items)
    start: int | None = listicle.start
    if listicle.direction == "countdown":
        if start == count:
            start = None
        elif start is not None and start < count:
            warnings.append(
                f"countdown {listicle.heading!r} starts at {start} but has {count} items; "
                f"numbered from {count} instead"
            )
            start = None
    elif start == 1:
        start = None
    return {
        "type": "listicle",
        "value": {
            # A list with no heading of its own is what the article's title promises.
            "heading": _clip(listicle.heading)
            or (_clip(title) if index == 1 else "")
            or f"{count} reasons",
            "intro": listicle.intro_html,
            "direction": listicle.direction,
            "start": start,
            "anchor_prefix": "" if index == 1 else f"list-{index}",
            "items": items,
        },
    }


def _faq(faq: model.FAQ, warnings) -> dict | None:
    items, seen = [], set()
    for question in faq.items:
        text = _clip(question.question)
        key = normalise_question(text)
        if not key:
            continue
        if key in seen:
            warnings.append(f"repeated FAQ question dropped: {text!r}")
            continue
        seen.add(key)
        if not (question.answer_html or "").strip():
            warnings.append(f"FAQ question without a visible answer skipped: {text!r}")
            continue
        items.append({"question": text, "answer": question.answer_html or ""})
    if not items:
        return None
    return {
        "type": "faq",
        "value": {"heading": _clip(faq.heading) or "Frequently asked questions", "items": items},
    }


@functools.cache
def article_stream_block() -> ArticleStreamBlock:
    # One instance per process: Wagtail keeps every block ever built in
    # ``Block.definition_registry``, so a new one per article grows memory with N.
    # ``required=False`` because the page's body is blank=True: an article may be all intro.
    return ArticleStreamBlock(required=False)


#: Namespace of the ids given to imported blocks (any fixed UUID would do).
BLOCK_ID_NAMESPACE = uuid.UUID("5d6f1d7e-2f41-4a53-9a7c-0a1d5e3b7c11")


def with_block_ids(body: list[dict], key: str) -> list[dict]:
    """``body`` with an id on every block and on every listicle and FAQ item, in the list
    form Wagtail stores (``{"type": "item", "value": …, "id": …}``).

    Without stored ids Wagtail makes up new random ones on every load, so the API's ids
    would change with each request. The ids are derived from the source and the block's
    place, so a re-import of the same structure keeps them too.
    """

    def block_id(path: str) -> str:
        return str(uuid.uuid5(BLOCK_ID_NAMESPACE, f"{key}#{path}"))

    stored = []
    for index, block in enumerate(body):
        block = {**block, "id": block.get("id") or block_id(str(index))}
        if block["type"] in ("listicle", "faq"):
            items = [
                item
                if isinstance(item, dict) and item.get("type") == "item" and "value" in item
                else {"type": "item", "value": item, "id": block_id(f"{index}.{position}")}
                for position, item in enumerate(block["value"]["items"])
            ]
            block["value"] = {**block["value"], "items": items}
        stored.append(block)
    return stored


def canonical_body(body: list[dict]) -> list:
    """The body as it will be stored, minus block ids, for comparisons.

    Works on a copy: Wagtail's ``get_prep_value`` writes a random id into every raw block
    that has none, and ``body`` is what ``with_block_ids`` later gives its stable ids.
    """
    stream_block = article_stream_block()
    value = stream_block.to_python(copy.deepcopy(body))
    return _strip_ids(stream_block.get_prep_value(value))


def _strip_ids(data):
    """``data`` without block ids, list items in one shape: Wagtail stores them as
    ``{"type": "item", "value": …, "id": …}`` but gives a value read in the older plain
    form back in that form, so both sides of a comparison are reduced to the plain one."""
    if isinstance(data, dict):
        if data.get("type") == "item" and set(data) <= {"type", "value", "id"}:
            return _strip_ids(data.get("value"))
        return {k: _strip_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    return data


def validate_body(body: list[dict], source: str, *, dry_run: bool = False) -> None:
    """Check ``body`` against the page's StreamBlock; raise a readable import error.

    Embeds are left out (see :func:`_embed`). A dry run also leaves out the blocks that
    point at an author or image it would create, since those ids only exist after a real
    import.
    """
    checked = [
        block
        for block in body
        # Embeds were checked offline against the providers when built; cleaning them
        # here would ask the provider over the network.
        if block["type"] != "embed"
        and not (
            dry_run
            and (
                (block["type"] == "author_bio" and block["value"]["author"] is None)
                or (block["type"] == "image" and block["value"]["image"] is None)
            )
        )
    ]
    stream_block = article_stream_block()
    try:
        stream_block.clean(stream_block.to_python(checked))
    except ValidationError as error:
        raise ArticleImportError(
            source, f"extracted content is not valid: {_describe(error)}"
        ) from None


def _describe(error: ValidationError) -> str:
    """Name the failing block and field: Wagtail's block errors carry that as JSON data."""
    as_json = getattr(error, "as_json_data", None)
    if callable(as_json):
        return json.dumps(as_json(), ensure_ascii=False, default=str)[:500]
    return "; ".join(error.messages)[:500]
