"""Chain the pure extraction steps: bytes in, :class:`~importers.model.Article` out.

Order matters: metadata, author and comments read the whole page (JSON-LD lives in
``<script>``, author boxes and comments sit outside the article body), then cleaning strips
chrome in place and the content steps work on the remaining blocks.
"""

from __future__ import annotations

import logging

from . import patterns
from .clean import find_main_content
from .errors import NotAnArticleError
from .extract.author import extract_author
from .extract.blocks import linearise
from .extract.comments import extract_comments
from .extract.faq import check_jsonld_questions, find_faqs, question_run
from .extract.language import page_language
from .extract.listicle import find_listicles
from .extract.metadata import extract_metadata
from .extract.sections import build_body, drop_chrome_blocks, drop_title
from .model import Article
from .parse import PageIndex, parse_html
from .read import decode_html

__all__ = ["extract_article"]

logger = logging.getLogger(__name__)

#: An article needs at least this much body text (characters) besides its title.
MIN_ARTICLE_TEXT = 80


def extract_article(
    data: bytes | str,
    source: str,
    *,
    base_url: str | None = None,
    max_bytes: int = patterns.MAX_SOURCE_BYTES,
) -> Article:
    """Extract the structured article from one HTML document.

    Args:
        data: The document as bytes (decoded by :func:`importers.read.decode_html`) or text.
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

    index = PageIndex(root)
    meta = extract_metadata(root, base_url, index)
    language, direction = page_language(root)
    if not meta.title:
        raise NotAnArticleError(source, "has no title (no <h1>, title heading or <title>)")
    comments = extract_comments(root, base_url, index)
    author = extract_author(root, meta, base_url, warnings, index)

    content = find_main_content(root, meta.title_element)
    blocks = linearise(content, base_url, warnings)
    blocks = drop_title(blocks, meta.title_element, meta.title)
    blocks = drop_chrome_blocks(blocks)
    if sum(len(block.text) for block in blocks) < MIN_ARTICLE_TEXT:
        raise NotAnArticleError(source, "has no article text")

    faqs = find_faqs(blocks)
    claimed = {i for span in faqs for i in range(span.start, span.end)}
    titles = [meta.title, *meta.meta_titles]
    listicles = find_listicles(blocks, titles, claimed, warnings)
    if listicles:
        after = listicles[-1].end
        claimed |= {i for span in listicles for i in range(span.start, span.end)}
        if not any(span.start >= after for span in faqs):
            run = question_run(blocks, after, claimed)
            if run is not None:
                faqs.append(run)
                faqs.sort(key=lambda span: span.start)
    check_jsonld_questions(meta.faq_jsonld, faqs, warnings)

    intro_html, body = build_body(blocks, listicles, faqs, warnings)
    for warning in warnings:
        logger.info("%s: %s", source, warning)
    return Article(
        source=source,
        title=meta.title,
        canonical_url=meta.canonical_url,
        author=author,
        published=meta.published,
        updated=meta.updated,
        intro_html=intro_html,
        body=body,
        comments=comments,
        warnings=warnings,
        language=language,
        direction=direction,
    )
