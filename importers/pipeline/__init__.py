"""Chain the pure extraction steps: bytes in, :class:`~importers.pipeline.model.Article` out.

Order matters: metadata, author and comments read the whole page (JSON-LD lives in
``<script>``, author boxes and comments sit outside the article body), then cleaning strips
chrome in place and the content steps work on the remaining blocks.

Never lose an article: a page is refused only when it has no title or no article text
(when the content finder comes up short, wider parts of the page are tried first), and a
failing optional step costs only its own part of the article, with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from importers.errors import NotAnArticleError
from importers.pipeline import patterns
from importers.pipeline.clean import drop_unwanted, find_main_content
from importers.pipeline.extract.author import extract_authors
from importers.pipeline.extract.blocks import Block, linearise
from importers.pipeline.extract.comments import extract_comments
from importers.pipeline.extract.faq import (
    FAQSpan,
    check_jsonld_questions,
    embedded_faq_questions,
    find_faqs,
    question_run,
)
from importers.pipeline.extract.language import page_language
from importers.pipeline.extract.listicle import ListicleSpan, find_listicles
from importers.pipeline.extract.metadata import Metadata, extract_metadata
from importers.pipeline.extract.sections import (
    build_body,
    drop_chrome_blocks,
    drop_title,
    standfirst_as_text,
)
from importers.pipeline.model import Article
from importers.pipeline.parse import PageIndex, parse_html, text_of
from importers.pipeline.read import decode_html

__all__ = ["extract_article"]

logger = logging.getLogger(__name__)

#: An article needs at least this much body text (characters) besides its title.
MIN_ARTICLE_TEXT = 80

T = TypeVar("T")


def extract_article(
    data: bytes | str,
    source: str,
    *,
    base_url: str | None = None,
    max_bytes: int = patterns.MAX_SOURCE_BYTES,
) -> Article:
    """Extract the structured article from one HTML document.

    Reading, parsing, finding the content and building the body are strict: what fails
    there fails the import. The other steps (metadata, language, comments, author box,
    FAQs, listicles) are optional: when one raises, the article is imported without its
    part and ``Article.warnings`` names the step.

    Args:
        data: The document as bytes (decoded by :func:`~importers.pipeline.read.decode_html`)
            or text.
        source: The file name or URL, used in messages and stored on the article.
        base_url: The page URL, used to resolve relative image and link URLs.
        max_bytes: Larger documents are refused (the caller's configured limit).

    Returns:
        The article; ``Article.warnings`` lists what was dropped or looked odd.

    Raises:
        SourceReadError: The source could not be decoded or parsed.
        NotAnArticleError: The document has no title or no body text.
    """
    text = data if isinstance(data, str) else decode_html(data, source, max_bytes=max_bytes)
    root = parse_html(text, source)
    warnings: list[str] = []
    optional = _OptionalSteps(source, warnings)

    index = PageIndex(root)
    meta = optional.run(
        "metadata", lambda: extract_metadata(root, base_url, index), _fallback_metadata, root
    )
    language, direction = optional.run("language", lambda: page_language(root), ("", ""))
    if not meta.title:
        raise NotAnArticleError(source, "has no title (no <h1>, title heading or <title>)")
    comments = optional.run("comments", lambda: extract_comments(root, base_url, index), [])
    authors = optional.run(
        "author", lambda: extract_authors(root, meta, base_url, warnings, index), []
    )

    # Read before the content finder drops the scripts.
    declared = [question for question, _answer in meta.faq_jsonld]
    declared += optional.run("FAQ", lambda: embedded_faq_questions(root), [])
    content = find_main_content(root, meta.title_element)
    blocks = _content_blocks(content, meta, base_url, warnings)
    if _text_length(blocks) < MIN_ARTICLE_TEXT:
        blocks = _fallback_blocks(root, content, text, source, meta, base_url, warnings)

    faqs = optional.run("FAQ", lambda: find_faqs(blocks, declared), [])
    listicles = optional.run(
        "listicle", lambda: _listicles(blocks, meta, faqs, warnings), ([], faqs)
    )
    listicles, faqs = listicles
    optional.run(
        "FAQ structured data",
        lambda: check_jsonld_questions(meta.faq_jsonld, faqs, warnings),
        None,
    )

    intro_html, body = build_body(blocks, listicles, faqs, warnings)
    for warning in warnings:
        logger.info("%s: %s", source, warning)
    return Article(
        source=source,
        title=meta.title,
        canonical_url=meta.canonical_url,
        author=authors[0] if authors else None,
        authors=authors,
        published=meta.published,
        updated=meta.updated,
        intro_html=intro_html,
        body=body,
        comments=comments,
        warnings=warnings,
        language=language,
        direction=direction,
    )


class _OptionalSteps:
    """Run the steps an article can do without, turning a failure into a warning."""

    def __init__(self, source: str, warnings: list[str]):
        self.source = source
        self.warnings = warnings

    def run(self, step: str, call: Callable[[], T], default: T, *fallback_args) -> T:
        """Return ``call()``; if it raises, warn and return ``default`` (or, when
        ``default`` is callable, ``default(*fallback_args)``)."""
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - an optional part must not cost the article
            logger.warning("%s: the %s step failed", self.source, step, exc_info=True)
            self.warnings.append(
                f"the {step} step failed ({type(error).__name__}: {str(error)[:200]}); "
                f"the article was imported without it"
            )
            return default(*fallback_args) if callable(default) else default


def _fallback_metadata(root: etree._Element) -> Metadata:
    """A title from the first ``<h1>`` or the ``<title>``, when the metadata step failed."""
    for path in (".//h1", ".//title"):
        for element in root.iterfind(path):
            title = text_of(element)
            if title:
                return Metadata(title=title, title_element=element)
    return Metadata()


def _listicles(
    blocks: list[Block], meta: Metadata, faqs: list[FAQSpan], warnings: list[str]
) -> tuple[list[ListicleSpan], list[FAQSpan]]:
    """Find the listicles, then the question run that often follows the last one."""
    claimed = {i for span in faqs for i in range(span.start, span.end)}
    titles = [meta.title, *meta.meta_titles]
    listicles = find_listicles(blocks, titles, claimed, warnings)
    faqs = list(faqs)
    if listicles:
        after = listicles[-1].end
        claimed |= {i for span in listicles for i in range(span.start, span.end)}
        if not any(span.start >= after for span in faqs):
            run = question_run(blocks, after, claimed)
            if run is not None:
                faqs.append(run)
                faqs.sort(key=lambda span: span.start)
    return listicles, faqs


def _content_blocks(
    content: etree._Element, meta: Metadata, base_url: str | None, warnings: list[str]
) -> list[Block]:
    blocks = linearise(content, base_url, warnings)
    blocks = drop_title(blocks, meta.title_element, meta.title)
    return standfirst_as_text(drop_chrome_blocks(blocks))


def _fallback_blocks(
    root: etree._Element,
    content: etree._Element,
    text: str,
    source: str,
    meta: Metadata,
    base_url: str | None,
    warnings: list[str],
) -> list[Block]:
    """Blocks from wider strategies when the content finder comes up short.

    A page is refused as "not an article" only when it has no article text at all: first
    the whole body with its chrome removed is tried, then the body as parsed (only scripts,
    forms and the like removed), since chrome rules can misjudge an unusual theme.
    """
    attempts = []
    body = root.find("body")
    if body is not None and body is not content:
        attempts.append(("the page body without its chrome", lambda: body))

    def uncleaned_body() -> etree._Element:
        fresh = parse_html(text, source)
        drop_unwanted(fresh)
        found = fresh.find("body")
        return fresh if found is None else found

    attempts.append(("the whole page body", uncleaned_body))
    for description, element in attempts:
        scratch: list[str] = []
        blocks = _content_blocks(element(), meta, base_url, scratch)
        if _text_length(blocks) >= MIN_ARTICLE_TEXT:
            warnings.extend(scratch)
            warnings.append(
                f"the main content finder found too little text; imported {description}"
            )
            return blocks
    raise NotAnArticleError(source, "has no article text")


def _text_length(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)
