"""Block-editor (Gutenberg) post content: parse its block delimiters, render clean HTML.

WordPress stores a block post as ordinary HTML with each block marked by HTML comments::

    <!-- wp:heading {"level":3} --><h3>1. Start small</h3><!-- /wp:heading -->
    <!-- wp:separator /-->

Most blocks' saved HTML is already what readers saw, so it is kept; the blocks whose saved
HTML the pipeline cannot read as intended are rendered from their attributes instead:
headings (level), lists (ordered, start), embeds (a bare URL in the saved HTML; WordPress
renders the player), and the Yoast and Rank Math FAQ blocks. Dynamic blocks (latest posts,
search, query loops) have no saved HTML and so vanish, as chrome would.

No maintained Python library parses the block grammar (WordPress ships PHP and JavaScript
parsers); :func:`parse_blocks` follows WordPress's default parser, ``WP_Block_Parser``: a
regular expression recognises the delimiters and a stack nests them. Where WordPress's parser
would mis-nest malformed input (a closer that names another block), this one closes the
blocks that were left open, or ignores a closer that matches nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from importers.sources.wordpress.classic import UNKNOWN_SHORTCODE_RE, shortcodes_html
from importers.sources.wordpress.embeds import embed_html

__all__ = [
    "ParsedBlock",
    "has_blocks",
    "parse_blocks",
    "render_blocks",
    "blocks_html",
]

logger = logging.getLogger(__name__)

#: One block delimiter, matched against one HTML comment at a time (see
#: :func:`_delimiters`): ``<!-- wp:ns/name {json} -->``, ``<!-- /wp:name -->`` or
#: ``<!-- wp:name {json} /-->``. The attributes run to the comment's last ``}``.
DELIMITER_RE = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)"
    r"\s+(?P<attrs>\{.*\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
COMMENT_START = "<!--"
COMMENT_END = "-->"
#: Blocks without a namespace are WordPress's own.
CORE_NAMESPACE = "core/"
HAS_BLOCKS_RE = re.compile(r"<!--\s+wp:[a-z]")

HEADING_LEVELS = range(1, 7)
DEFAULT_HEADING_LEVEL = 2
_OUTER_HEADING_RE = re.compile(r"^\s*<h[1-6]\b[^>]*>(?P<inner>.*)</h[1-6]\s*>\s*$", re.DOTALL)
_OUTER_LIST_RE = re.compile(r"^\s*<(?:ul|ol)\b[^>]*>(?P<inner>.*)</(?:ul|ol)\s*>\s*$", re.DOTALL)
_FIGCAPTION_RE = re.compile(r"<figcaption\b[^>]*>(?P<caption>.*?)</figcaption\s*>", re.DOTALL)
_URL_IN_TEXT_RE = re.compile(r"https?://[^\s<>\"']+")

# -- parsing --------------------------------------------------------------------------------


@dataclass
class ParsedBlock:
    """One block, as WordPress's parser returns it.

    ``name`` is namespaced (``core/heading``, ``yoast/faq-block``); ``None`` marks HTML
    between top-level blocks ("freeform"). ``inner_content`` is the block's own HTML in
    pieces, with ``None`` where each of ``inner_blocks`` goes, in order.
    """

    name: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[ParsedBlock] = field(default_factory=list)
    inner_content: list[str | None] = field(default_factory=list)

    @property
    def inner_html(self) -> str:
        """The block's own HTML, without its inner blocks."""
        return "".join(part for part in self.inner_content if part is not None)


@dataclass
class _Frame:
    block: ParsedBlock
    #: Where the HTML not yet added to the block starts.
    html_start: int


def _delimiters(content: str) -> Iterator[re.Match[str]]:
    """The block delimiters in ``content``, in order.

    Each HTML comment is found with ``str.find`` and matched on its own, so the work is
    linear in the content even when it is full of unterminated comments (a single regular
    expression over the whole post, as WordPress uses, rescans to the end from each one).
    Attributes cannot contain ``-->``; WordPress writes ``--`` in them as ``\u002d\u002d``.
    """
    position = 0
    while True:
        start = content.find(COMMENT_START, position)
        if start == -1:
            return
        end = content.find(COMMENT_END, start + len(COMMENT_START))
        if end == -1:
            return
        end += len(COMMENT_END)
        match = DELIMITER_RE.fullmatch(content, start, end)
        if match is not None:
            yield match
        position = end


def has_blocks(content: str) -> bool:
    """Whether the content was written in the block editor (has block delimiters)."""
    return bool(HAS_BLOCKS_RE.search(content))


def _block_name(match: re.Match[str]) -> str:
    return (match["namespace"] or CORE_NAMESPACE) + match["name"]


def _attrs(match: re.Match[str]) -> dict[str, Any]:
    raw = match["attrs"]
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        logger.info("Block %s has attributes that are not JSON; ignored", _block_name(match))
        return {}
    return value if isinstance(value, dict) else {}


def parse_blocks(content: str) -> list[ParsedBlock]:
    """Parse block markup into top-level blocks with their inner blocks.

    Args:
        content: A post's ``content:encoded``.

    Returns:
        The top-level blocks in order, freeform HTML between them as blocks named ``None``
        (whitespace-only stretches are left out). Malformed markup never raises: blocks left
        open close at the end, a closer closes the blocks opened inside the block it names,
        and a closer naming no open block is kept as HTML (a comment, so it renders as
        nothing).
    """
    output: list[ParsedBlock] = []
    stack: list[_Frame] = []
    position = 0  # where top-level freeform HTML starts

    def add_freeform(end: int) -> None:
        html = content[position:end]
        if html.strip():
            output.append(ParsedBlock(None, inner_content=[html]))

    def close(frame: _Frame, end: int, after: int) -> None:
        """Finish ``frame``'s block at ``end``; its parent resumes at ``after``."""
        block = frame.block
        if end > frame.html_start:
            block.inner_content.append(content[frame.html_start : end])
        if stack:
            parent = stack[-1]
            parent.block.inner_blocks.append(block)
            parent.block.inner_content.append(None)
            parent.html_start = after
        else:
            output.append(block)

    for match in _delimiters(content):
        start, end = match.span()
        name = _block_name(match)
        if match["closer"]:
            depth = next(
                (i for i in range(len(stack) - 1, -1, -1) if stack[i].block.name == name), None
            )
            if depth is None:
                continue  # a stray closer: left in the HTML, where it is only a comment
            while len(stack) > depth + 1:
                # Blocks opened inside this one and never closed end where it ends.
                close(stack.pop(), start, start)
            close(stack.pop(), start, end)
            if not stack:
                position = end
            continue
        block = ParsedBlock(name, _attrs(match))
        if stack:
            parent = stack[-1]
            parent.block.inner_content.append(content[parent.html_start : start])
            parent.html_start = start
        else:
            add_freeform(start)
        if match["void"]:
            if stack:
                close(_Frame(block, end), end, end)
            else:
                output.append(block)
                position = end
            continue
        stack.append(_Frame(block, end))

    while stack:
        close(stack.pop(), len(content), len(content))
        if not stack:
            position = len(content)
    add_freeform(len(content))
    return _without_empty_pieces(output)


def _without_empty_pieces(blocks: list[ParsedBlock]) -> list[ParsedBlock]:
    for block in blocks:
        block.inner_content = [part for part in block.inner_content if part != ""]
        _without_empty_pieces(block.inner_blocks)
    return blocks


# -- rendering ------------------------------------------------------------------------------


def blocks_html(content: str) -> str:
    """Clean HTML for block-editor content: :func:`parse_blocks` then :func:`render_blocks`."""
    return render_blocks(parse_blocks(content))


def render_blocks(blocks: list[ParsedBlock]) -> str:
    """HTML for the blocks, each rendered by its renderer or as its saved HTML."""
    return "\n".join(part for part in (render_block(block) for block in blocks) if part)


def render_block(block: ParsedBlock) -> str:
    if block.name is None:
        return block.inner_html
    renderer = RENDERERS.get(block.name)
    if renderer is None and block.name.startswith("core-embed/"):
        renderer = _embed  # WordPress before 5.6 named embeds by provider
    return renderer(block) if renderer is not None else _saved_html(block)


def _saved_html(block: ParsedBlock) -> str:
    """The block's saved HTML with its inner blocks rendered in their places."""
    children = iter(block.inner_blocks)
    return "".join(
        part if part is not None else render_block(next(children)) for part in block.inner_content
    )


def _heading(block: ParsedBlock) -> str:
    level = block.attrs.get("level")
    if not isinstance(level, int) or level not in HEADING_LEVELS:
        level = DEFAULT_HEADING_LEVEL
    html = _saved_html(block)
    match = _OUTER_HEADING_RE.match(html)
    inner = match["inner"] if match else html.strip()
    return f"<h{level}>{inner}</h{level}>" if inner else ""


def _list(block: ParsedBlock) -> str:
    html = _saved_html(block)
    match = _OUTER_LIST_RE.match(html)
    inner = match["inner"] if match else html
    attrs = block.attrs
    ordered = bool(attrs.get("ordered"))
    tag = "ol" if ordered else "ul"
    extra = ""
    if ordered and isinstance(attrs.get("start"), int):
        extra += f' start="{attrs["start"]}"'
    if ordered and attrs.get("reversed"):
        extra += " reversed"
    return f"<{tag}{extra}>{inner}</{tag}>"


def _embed(block: ParsedBlock) -> str:
    html = block.inner_html
    url = block.attrs.get("url")
    if not isinstance(url, str) or not url.strip():
        found = _URL_IN_TEXT_RE.search(re.sub(r"<[^>]*>", " ", html))
        url = found.group(0) if found else ""
    if not url:
        return ""
    caption = _FIGCAPTION_RE.search(html)
    return embed_html(url, caption["caption"] if caption else "")


def _shortcode(block: ParsedBlock) -> str:
    """A shortcode block: known shortcodes become markup, others (a plugin's, which only
    that plugin can render) are dropped rather than shown as ``[code]`` text."""
    html = shortcodes_html(block.inner_html)
    return UNKNOWN_SHORTCODE_RE.sub("", html).strip()


def _nothing(block: ParsedBlock) -> str:
    return ""


# -- FAQ blocks -----------------------------------------------------------------------------
# The pipeline reads a Yoast or Rank Math FAQ from its rendered markup (class names in
# ``patterns.FAQ_*_TOKEN_RE``). The saved HTML is kept when it has that markup, since it is
# what readers saw (with any images); without it the questions in the block's attributes are
# rendered as Yoast's markup.

FAQ_QUESTION_MARKERS = ("schema-faq-question", "rank-math-question")


def _faq_markup(pairs: list[tuple[str, str]]) -> str:
    sections = "".join(
        f'<div class="schema-faq-section"><strong class="schema-faq-question">{question}'
        f'</strong> <div class="schema-faq-answer">{answer}</div></div>'
        for question, answer in pairs
        if question.strip()
    )
    return f'<div class="schema-faq">{sections}</div>' if sections else ""


def _text_of_rich(value: Any) -> str:
    """A Yoast rich-text value: a string, or a list of strings and element objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return ""


def _questions(block: ParsedBlock) -> list[dict[str, Any]]:
    questions = block.attrs.get("questions")
    if not isinstance(questions, list):
        return []
    return [question for question in questions if isinstance(question, dict)]


def _yoast_faq(block: ParsedBlock) -> str:
    html = _saved_html(block)
    if any(marker in html for marker in FAQ_QUESTION_MARKERS):
        return html
    pairs = [
        (
            _text_of_rich(question.get("jsonQuestion") or question.get("question")),
            _text_of_rich(question.get("jsonAnswer") or question.get("answer")),
        )
        for question in _questions(block)
    ]
    return _faq_markup(pairs)


def _rank_math_faq(block: ParsedBlock) -> str:
    html = _saved_html(block)
    if any(marker in html for marker in FAQ_QUESTION_MARKERS):
        return html
    pairs = [
        (_text_of_rich(question.get("title")), _text_of_rich(question.get("content")))
        for question in _questions(block)
        # Rank Math lets editors hide a question; readers never saw it.
        if question.get("visible", True) is not False
    ]
    return _faq_markup(pairs)


RENDERERS: dict[str, Callable[[ParsedBlock], str]] = {
    "core/heading": _heading,
    "core/list": _list,
    "core/embed": _embed,
    "core/shortcode": _shortcode,
    "core/more": _nothing,
    "core/nextpage": _nothing,
    "yoast/faq-block": _yoast_faq,
    "rank-math/faq-block": _rank_math_faq,
}
