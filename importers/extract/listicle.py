"""Find listicles: runs of numbered items and their bodies.

The strong signal is a run of headings carrying consecutive numbers ("1. ", "#2", "Step 3:",
"ᐊ 4 ᐅ", countdowns). Weaker forms (``<ol>`` items opening with a bold lead-in, bold-only
paragraphs, unnumbered parallel headings) are accepted only when the title promises exactly
that many items, because such markup is common in ordinary articles. Without a count in the
title, numbered runs must also make up a good share of the article, so a short how-to
sequence inside a longer guide does not turn the page into a listicle.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from lxml import etree

from .. import patterns
from ..parse import normalise_space, text_of
from .blocks import Block

__all__ = ["ItemSpan", "ListicleSpan", "find_listicles", "split_number", "title_count"]

logger = logging.getLogger(__name__)


@dataclass
class ItemSpan:
    """One item: the block holding its label and the blocks of its body."""

    index: int
    number: int | None
    label: str
    body: list[Block] = field(default_factory=list)
    body_html: str = ""


@dataclass
class ListicleSpan:
    start: int
    end: int
    heading_index: int | None
    items: list[ItemSpan]
    direction: str = "ascending"
    start_number: int = 1
    intro: list[Block] = field(default_factory=list)


@dataclass
class _Numbered:
    index: int
    level: int
    number: int
    label: str
    style: str


def split_number(text: str) -> tuple[int, str, str] | None:
    """Split a numbered heading into (number, text without the prefix, style).

    Args:
        text: Heading text such as "1. Men like challenges" or "Tip #3 – Sleep".

    Returns:
        ``None`` when the text carries no item number.
    """
    text = normalise_space(text)
    for style, regex in enumerate(patterns.NUMBER_PREFIX_RES):
        match = regex.match(text)
        if not match:
            continue
        number = int(match.group("num"))
        if number > patterns.MAX_ITEM_NUMBER:
            return None
        rest = match.group("rest").strip(" -–—:.|")
        if not rest:
            return None
        word = text[: match.start("num")].strip(" #№.").lower()
        return number, rest, f"{style}:{word}"
    return None


def title_count(titles: list[str]) -> int | None:
    """The number of items a title promises ("13 Ways…", "Top Nine Tips"), if any."""
    for title in titles:
        match = patterns.TITLE_COUNT_RE.search(title)
        if not match:
            continue
        raw = (match.group("top") or match.group("num")).lower()
        number = int(raw) if raw.isdigit() else patterns.NUMBER_WORDS.get(raw)
        if number and patterns.MIN_LISTICLE_ITEMS <= number <= patterns.MAX_ITEM_NUMBER:
            return number
    return None


def find_listicles(
    blocks: list[Block],
    titles: list[str],
    excluded: set[int],
    warnings: list[str],
) -> list[ListicleSpan]:
    """Return the listicles among ``blocks``, in document order.

    Args:
        blocks: The content blocks.
        titles: The displayed title first, then metadata titles (for the promised count).
        excluded: Indices of blocks already claimed (FAQ sections).
        warnings: Receives messages about skipped or repeated numbers.

    Returns:
        Non-overlapping listicle spans.
    """
    count = title_count(titles)
    runs = [
        run
        for run in _numbered_runs(blocks, excluded)
        if _distinct(run) >= patterns.MIN_LISTICLE_ITEMS
    ]
    total = sum(len(b.text) for i, b in enumerate(blocks) if i not in excluded) or 1
    headings = sum(1 for i, b in enumerate(blocks) if b.kind == "heading" and i not in excluded)

    chosen: list[list[_Numbered]] = []
    if count:
        matching = [
            run
            for run in runs
            if len(run) == count or (max(n.number for n in run) == count and len(run) >= count - 1)
        ]
        if matching:
            chosen = [max(matching, key=lambda run: _coverage(blocks, run, excluded))]
        else:
            hard = _hard_listicle(blocks, count, excluded)
            if hard is not None:
                return [hard]
    if not chosen and runs:
        coverage = sum(_coverage(blocks, run, excluded) for run in runs) / total
        share = sum(len(run) for run in runs) / (headings or 1)
        if coverage >= patterns.MIN_LISTICLE_COVERAGE or (
            coverage >= patterns.MIN_LISTICLE_COVERAGE_WITH_HEADINGS
            and share >= patterns.MIN_NUMBERED_HEADING_SHARE
        ):
            chosen = runs
    spans = [_span(blocks, run, excluded, warnings) for run in chosen]
    return [span for span in spans if span is not None]


def _distinct(run: list[_Numbered]) -> int:
    return len({n.number for n in run})


# -- numbered runs ----------------------------------------------------------------------------


def _numbered(blocks: list[Block], excluded: set[int]) -> list[_Numbered]:
    found = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or index in excluded:
            continue
        parsed = split_number(block.text)
        if parsed is not None:
            number, label, style = parsed
            found.append(_Numbered(index, block.level, number, label, style))
        elif block.list_number is not None:
            found.append(_Numbered(index, block.level, block.list_number, block.text, "ol"))
    return found


def _numbered_runs(blocks: list[Block], excluded: set[int]) -> list[list[_Numbered]]:
    runs: list[list[_Numbered]] = []
    current: list[_Numbered] = []
    for item in _numbered(blocks, excluded):
        if current and _continues(current, item, blocks):
            current.append(item)
            continue
        if current:
            runs.append(current)
        current = [item]
    if current:
        runs.append(current)
    return runs


def _continues(run: list[_Numbered], item: _Numbered, blocks: list[Block]) -> bool:
    last = run[-1]
    if item.level != last.level or item.style != last.style:
        return False
    if _separated_by_faq(blocks, last.index, item.index):
        return False
    step = item.number - last.number
    descending = len(run) >= 2 and run[-1].number < run[-2].number
    if len(run) == 1:
        return step == 1 or step == -1 or 1 < step <= 1 + patterns.MAX_NUMBER_GAP
    if descending:
        return -1 - patterns.MAX_NUMBER_GAP <= step <= 0
    return 0 <= step <= 1 + patterns.MAX_NUMBER_GAP


def _separated_by_faq(blocks: list[Block], start: int, end: int) -> bool:
    """Whether an FAQ or conclusion heading separates two numbered headings."""
    return any(
        block.kind == "heading"
        and (
            patterns.FAQ_HEADING_RE.search(block.text)
            or patterns.CONCLUSION_HEADING_RE.search(block.text)
        )
        for block in blocks[start + 1 : end]
    )


def _run_end(blocks: list[Block], run: list[_Numbered], excluded: set[int]) -> int:
    """Index after the last item's body: the next heading at the item level or above."""
    last = run[-1]
    for index in range(last.index + 1, len(blocks)):
        block = blocks[index]
        if index in excluded or block.kind == "faq":
            return index
        if block.kind == "heading" and (
            block.level <= last.level
            or patterns.CONCLUSION_HEADING_RE.search(block.text)
            or patterns.FAQ_HEADING_RE.search(block.text)
        ):
            return index
    return len(blocks)


def _coverage(blocks: list[Block], run: list[_Numbered], excluded: set[int]) -> int:
    end = _run_end(blocks, run, excluded)
    return sum(len(b.text) for b in blocks[run[0].index : end])


def _span(
    blocks: list[Block], run: list[_Numbered], excluded: set[int], warnings: list[str]
) -> ListicleSpan | None:
    end = _run_end(blocks, run, excluded)
    items = []
    for position, numbered in enumerate(run):
        body_end = run[position + 1].index if position + 1 < len(run) else end
        items.append(
            ItemSpan(
                numbered.index,
                numbered.number,
                numbered.label,
                body=blocks[numbered.index + 1 : body_end],
            )
        )
    _warn_numbering(run, warnings)
    heading_index, intro = _listicle_heading(blocks, run[0].index, run[0].level, excluded)
    direction = "countdown" if len(run) > 1 and run[1].number < run[0].number else "ascending"
    return ListicleSpan(
        start=heading_index if heading_index is not None else run[0].index,
        end=end,
        heading_index=heading_index,
        items=items,
        direction=direction,
        start_number=run[0].number,
        intro=intro,
    )


def _warn_numbering(run: list[_Numbered], warnings: list[str]) -> None:
    for previous, current in zip(run, run[1:], strict=False):
        expected = previous.number + (1 if current.number >= previous.number else -1)
        if current.number == previous.number:
            warnings.append(
                f"Listicle number {current.number} is repeated "
                f"({current.label!r}); kept as on the page"
            )
        elif current.number != expected:
            warnings.append(
                f"Listicle numbering jumps from {previous.number} to "
                f"{current.number}; kept as on the page"
            )


def _listicle_heading(
    blocks: list[Block], first: int, level: int, excluded: set[int]
) -> tuple[int | None, list[Block]]:
    """The heading right before the first item (above its level), and the text between."""
    for index in range(first - 1, -1, -1):
        block = blocks[index]
        if index in excluded or block.kind == "faq":
            return None, []
        if block.kind == "heading":
            if block.level < level:
                return index, blocks[index + 1 : first]
            return None, []
    return None, []


# -- weaker forms, accepted only with a count in the title ------------------------------------


def _hard_listicle(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    return (
        _lead_in_list(blocks, count, excluded)
        or _bold_paragraphs(blocks, count, excluded)
        or _parallel_headings(blocks, count, excluded)
    )


def _lead_in(item: etree._Element) -> tuple[str, etree._Element] | None:
    """The bold label opening a list item, and the bold element itself."""
    node = item
    # Descend through a leading <p> wrapper.
    while True:
        first = node[0] if len(node) else None
        if first is None or (node.text or "").strip():
            break
        if first.tag in ("b", "strong"):
            label = text_of(first).rstrip(":").strip()
            if label and len(label) <= patterns.MAX_LEAD_IN_CHARS:
                return label, first
            return None
        if first.tag in ("p", "span", "div"):
            node = first
            continue
        break
    return None


def _lead_in_list(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    for index, block in enumerate(blocks):
        if block.kind != "list" or index in excluded or block.element is None:
            continue
        items = [child for child in block.element if child.tag == "li"]
        if len(items) != count:
            continue
        leads = [_lead_in(item) for item in items]
        if sum(1 for lead in leads if lead) < patterns.MIN_LEAD_IN_SHARE * count:
            continue
        start = int(block.element.get("start") or 1) if block.element.tag == "ol" else 1
        spans = []
        for position, (item, lead) in enumerate(zip(items, leads, strict=True)):
            label = lead[0] if lead else text_of(item)[: patterns.MAX_LEAD_IN_CHARS]
            body_html = _html_without(item, lead[1] if lead else None)
            number = start + position if block.element.tag == "ol" else None
            spans.append(ItemSpan(index, number, label, body_html=body_html))
        heading_index, intro = _listicle_heading(blocks, index, 7, excluded)
        return ListicleSpan(
            start=heading_index if heading_index is not None else index,
            end=index + 1,
            heading_index=heading_index,
            items=spans,
            start_number=start,
            intro=intro,
        )
    return None


def _html_without(item: etree._Element, lead: etree._Element | None) -> str:
    """The list item's inner HTML without its bold lead-in (and a colon/dash after it)."""
    parts = [item.text or ""] if item.text else []
    for child in item:
        parts.append(etree.tostring(child, encoding=str, method="html"))
    html = "".join(parts)
    if lead is not None:
        lead_html = etree.tostring(lead, encoding=str, method="html", with_tail=False)
        html = html.replace(lead_html, "", 1)
        html = re.sub(r"^(\s*<p>)?\s*[:.–—-]?\s*", lambda m: m.group(1) or "", html, count=1)
    return html


def _bold_only(block: Block) -> bool:
    element = block.element
    if block.kind != "text" or element is None or element.tag != "p":
        return False
    bold = [child for child in element if child.tag in ("b", "strong")]
    if not bold or len(block.text) > patterns.MAX_LEAD_IN_CHARS:
        return False
    bold_text = normalise_space(" ".join(text_of(b) for b in bold))
    return bold_text == block.text or bold_text.rstrip(":") == block.text.rstrip(":")


def _bold_paragraphs(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    groups: list[list[int]] = [[]]
    for index, block in enumerate(blocks):
        if index in excluded or block.kind in ("heading", "faq"):
            groups.append([])
        elif _bold_only(block):
            groups[-1].append(index)
    for group in groups:
        if len(group) != count:
            continue
        end = _group_end(blocks, group[-1])
        items = []
        for position, index in enumerate(group):
            body_end = group[position + 1] if position + 1 < len(group) else end
            items.append(
                ItemSpan(
                    index, None, blocks[index].text.rstrip(":"), body=blocks[index + 1 : body_end]
                )
            )
        heading_index, intro = _listicle_heading(blocks, group[0], 7, excluded)
        return ListicleSpan(
            start=heading_index if heading_index is not None else group[0],
            end=end,
            heading_index=heading_index,
            items=items,
            intro=intro,
        )
    return None


def _group_end(blocks: list[Block], last: int) -> int:
    for index in range(last + 1, len(blocks)):
        if blocks[index].kind in ("heading", "faq"):
            return index
    return len(blocks)


def _parallel_headings(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    """``count`` consecutive same-level headings with nothing above their level between."""
    for level in (2, 3, 4):
        groups: list[list[int]] = [[]]
        for index, block in enumerate(blocks):
            if block.kind != "heading":
                continue
            if index in excluded or block.level < level:
                groups.append([])
            elif block.level == level:
                groups[-1].append(index)
        for group in groups:
            if group and patterns.CONCLUSION_HEADING_RE.search(blocks[group[-1]].text):
                group = group[:-1]
            if len(group) != count:
                continue
            last = group[-1]
            end = len(blocks)
            for index in range(last + 1, len(blocks)):
                block = blocks[index]
                if (
                    index in excluded
                    or block.kind == "faq"
                    or (block.kind == "heading" and block.level <= level)
                ):
                    end = index
                    break
            items = []
            for position, index in enumerate(group):
                body_end = group[position + 1] if position + 1 < len(group) else end
                items.append(
                    ItemSpan(index, None, blocks[index].text, body=blocks[index + 1 : body_end])
                )
            heading_index, intro = _listicle_heading(blocks, group[0], level, excluded)
            return ListicleSpan(
                start=heading_index if heading_index is not None else group[0],
                end=end,
                heading_index=heading_index,
                items=items,
                intro=intro,
            )
    return None
