"""Run the import of many sources: read → extract → build → (save), one at a time.

Sources are streamed, so memory does not grow with their number, and every failure is
caught per source and reported with the source's name while the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from advice_blocks import conf
from importers.errors import ArticleImportError
from importers.pipeline import model
from importers.sources.documents import FetchLimits, Source, fetch, read_file
from importers.store.save import SaveOptions, build, save_article
from importers.store.streamfield import BuiltArticle

logger = logging.getLogger(__name__)

FAILED, PREVIEWED = "failed", "previewed"


@dataclass
class ImportResult:
    source: str
    status: str
    article: model.Article | None = None
    built: BuiltArticle | None = None
    page: object = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    #: The save step's outcome (redirects, comments added), when the article was saved.
    outcome: object = None


def limits_from_settings() -> FetchLimits:
    return FetchLimits(
        timeout=float(conf.get("FETCH_TIMEOUT")),
        max_bytes=int(conf.get("MAX_DOCUMENT_BYTES")),
        max_redirects=int(conf.get("MAX_REDIRECTS")),
        allow_private=bool(conf.get("ALLOW_PRIVATE_URLS")),
    )


def read_source(source: Source, limits: FetchLimits) -> tuple[bytes, str]:
    """Return the document's bytes and the URL relative links resolve against."""
    if source.is_url:
        return fetch(source.location, limits)
    return read_file(source.location, limits.max_bytes), source.base_url


def extract(source: Source, limits: FetchLimits) -> model.Article:
    from importers.pipeline import extract_article

    data, base_url = read_source(source, limits)
    return extract_article(data, str(source), base_url=base_url, max_bytes=limits.max_bytes)


def run(
    sources: Iterable[Source],
    *,
    dry_run: bool,
    options: SaveOptions | None = None,
    limits: FetchLimits | None = None,
    progress: Callable[[ImportResult], None] | None = None,
) -> Iterator[ImportResult]:
    limits = limits or (options.limits if options else limits_from_settings())
    for source in sources:
        result = import_one(source, dry_run=dry_run, options=options, limits=limits)
        if progress:
            progress(result)
        yield result


def import_one(
    source, *, dry_run, options, limits, extractor: Callable[[], model.Article] | None = None
) -> ImportResult:
    """Import one source; ``extractor`` gives its article when the source is not a file
    or URL to read (a post of a WordPress export)."""
    try:
        article = extractor() if extractor is not None else extract(source, limits)
        if dry_run:
            built = build(article, source, options=options, dry_run=True)
            return ImportResult(str(source), PREVIEWED, article, built, warnings=built.warnings)
        # The history entry of a saved article is written with it, in its transaction.
        outcome = save_article(article, source, options)
        return ImportResult(
            str(source),
            outcome.status,
            article,
            page=outcome.page,
            error=outcome.conflict,
            warnings=outcome.warnings,
            outcome=outcome,
        )
    except ArticleImportError as error:
        message = error.reason
    except RecursionError:
        message = "document is nested too deeply to read"
    except Exception as error:  # noqa: BLE001 - one bad article must not stop the others
        logger.exception("unexpected error importing %s", source)
        # Not str(error): it can name server paths (an OSError's filename) or internals.
        message = f"unexpected error ({type(error).__name__}); the details are in the server log"
    if not dry_run:
        record(source, options, error=message)
    return ImportResult(str(source), FAILED, error=message)


def record(source, options, *, error: str) -> None:
    """Write the history entry of a failed source (after its transaction rolled back)."""
    from importers.models import ImportRecord

    ImportRecord.objects.create(
        source=str(source)[:1000],
        key=source.key[:1000],
        status=ImportRecord.Status.FAILED,
        error=error,
        user=getattr(options, "user", None),
    )
