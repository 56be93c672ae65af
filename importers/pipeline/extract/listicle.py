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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.blocks import Block, table_rows
from importers.pipeline.parse import normalise_space, text_of

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
    #: The count a counter beside the heading gives ("3 of 8"), if any.
    total: int | None = None


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
    counts = _title_counts(titles)
    return counts[0] if counts else None


def _title_counts(titles: list[str]) -> list[int]:
    """The count each title promises, the first title's first, without repeats."""
    counts: list[int] = []
    for title in titles:
        # Every candidate, not only the first: "The No. 1 workout — and 5 trends to expect".
        for match in patterns.TITLE_COUNT_RE.finditer(title):
            raw = (match.group("top") or match.group("num")).lower()
            number = int(raw) if raw.isdigit() else patterns.NUMBER_WORDS.get(raw)
            if number and patterns.MIN_LISTICLE_ITEMS <= number <= patterns.MAX_ITEM_NUMBER:
                if number not in counts:
                    counts.append(number)
                break
    return counts


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
    outline = _outline_numbers(blocks)
    runs = [
        run
        for run in _numbered_runs(blocks, excluded)
        if _distinct(run) >= patterns.MIN_LISTICLE_ITEMS
        and _mostly_consecutive(run)
        and not any(n.number in outline for n in run)
    ]
    total = sum(len(b.text) for i, b in enumerate(blocks) if i not in excluded) or 1
    headings = sum(1 for i, b in enumerate(blocks) if b.kind == "heading" and i not in excluded)

    chosen: list[list[_Numbered]] = []
    if count:
        # The page may number its conclusion or a bonus on from the items ("11. Bonus",
        # "12. Conclusion" after the ten the title promises): those are not items.
        matching = [
            run
            for run in (_without_extras(run, count) for run in runs)
            if len(run) == count or (max(n.number for n in run) == count and len(run) >= count - 1)
        ]
        if matching:
            chosen = [max(matching, key=lambda run: _coverage(blocks, run, excluded))]
        else:
            # The displayed title first; a metadata title may count otherwise ("5 trends"
            # on the page, "top 6 trends" for search engines when the page adds a sixth).
            for promised in _title_counts(titles):
                hard = _hard_listicle(blocks, promised, excluded)
                if hard is not None and not _elsewhere_than_counted(blocks, hard, titles):
                    return [hard]
    # A number beside a heading rather than in it (a badge, the <ol> around the headings) is
    # also how forums number posts and listings rank entries: such runs count only when the
    # title promises their length.
    runs = [
        run
        for run in runs
        if (run[0].style not in ("badge", "ol") or _repeated_subheadings(blocks, run, excluded))
        and _totals_agree(run)
    ]
    if not chosen and runs:
        coverage = sum(_coverage(blocks, run, excluded) for run in runs) / total
        share = sum(len(run) for run in runs) / (headings or 1)
        if coverage >= patterns.MIN_LISTICLE_COVERAGE or (
            coverage >= patterns.MIN_LISTICLE_COVERAGE_WITH_HEADINGS
            and share >= patterns.MIN_NUMBERED_HEADING_SHARE
        ):
            chosen = runs
    spans = [_span(blocks, run, excluded, warnings) for run in chosen]
    found = [span for span in spans if span is not None]
    if not found:
        # The page's own enumeration, when the title gives no count: a summary list naming
        # the sections that follow, or a section heading that counts its items ("Top 5 …").
        # Like a numbered run without a title count, it must hold a good share of the text:
        # "4 types of analysis" in a longer guide is one of its sections, not its point.
        untitled = _summarised_sections(blocks, None, excluded) or _counted_section(
            blocks, excluded
        )
        share = patterns.MIN_LISTICLE_COVERAGE_WITH_HEADINGS
        if untitled is not None and _text_of(blocks[untitled.start : untitled.end]) >= (
            share * total
        ):
            found = [untitled]
    if not found:
        found = _titled_sections(blocks, titles, excluded)
    if not found and any(patterns.ROUNDUP_TITLE_RE.search(t) for t in _without_sites(titles)):
        # A round-up title over picks written to one template needs a smaller share of the
        # text: round-ups close with long buying guides, and the template is the page's
        # own say that these sections are its picks.
        roundup = _templated_roundup(blocks, excluded)
        if roundup is not None and _text_of(blocks[roundup.start : roundup.end]) >= (
            patterns.MIN_ROUNDUP_COVERAGE * total
        ):
            found = [roundup]
    if not found:
        # Bold-only paragraphs numbered in sequence ("<p><strong>1. Label</strong></p>")
        # stand in for numbered headings: judged like a numbered run of headings.
        numbered = _bold_numbered_paragraphs(blocks, excluded)
        if numbered is not None and _text_of(blocks[numbered.start : numbered.end]) >= (
            patterns.MIN_LISTICLE_COVERAGE * total
        ):
            found = [numbered]
    return found


def _without_extras(run: list[_Numbered], count: int) -> list[_Numbered]:
    """The run without the numbered sections after the promised ``count`` items that say
    they are no item ("Bonus: …", "Conclusion", "Honorable mentions")."""
    while len(run) > count and _extra_label(run[-1].label):
        run = run[:-1]
    return run


def _extra_label(label: str) -> bool:
    return bool(
        patterns.CONCLUSION_HEADING_RE.search(label)
        or patterns.EXTRA_ITEMS_HEADING_RE.search(label)
    )


def _elsewhere_than_counted(blocks: list[Block], span: ListicleSpan, titles: list[str]) -> bool:
    """Whether a section is headed by the very things the title counts ("Ingredients" for
    "… With Just 3 Ingredients") and the items found lie outside it: the title then counts
    that section's contents (a recipe's ingredients), not the numbered method elsewhere."""
    nouns = _counted_nouns(titles[:1])
    for index, block in enumerate(blocks):
        name = normalise_space(block.text).casefold().strip(" :")
        if block.kind != "heading" or name.removeprefix("the ") not in nouns:
            continue
        end = _section_end(blocks, index, block.level, set())
        return not index < span.items[0].index < end
    return False


def _without_sites(titles: list[str]) -> list[str]:
    """The displayed title and the metadata titles without a trailing site name ("… | Best
    Plants Blog"), which says nothing about what the article lists."""
    return titles[:1] + [_SITE_PART_RE.sub("", title) for title in titles[1:]]


#: The last " | Site" or " - Site" part of a metadata title.
_SITE_PART_RE = re.compile(r"\s+[|\u2013\u2014-]\s+(?!.*\s[|\u2013\u2014-]\s).*$")


def _counted_nouns(titles: list[str]) -> set[str]:
    """The plural word each count in the titles counts ("ingredients" in "Just 3 Ingredients")."""
    nouns = set()
    for title in titles:
        for match in patterns.TITLE_COUNT_RE.finditer(title):
            words = _WORD_RE.findall(title[match.end() :].casefold())[:_COUNTED_NOUN_WORDS]
            # (A plural, not "business", "bonus" or "analysis".)
            noun = next(
                (
                    w
                    for w in words
                    if len(w) > 3 and w.endswith("s") and not w.endswith(_NOT_PLURAL)
                ),
                None,
            )
            if noun:
                nouns.add(noun)
    return nouns


_NOT_PLURAL = ("ss", "us", "is")
#: How far after a title's count its noun is looked for ("5 Easy Weeknight Dinners").
_COUNTED_NOUN_WORDS = 5


def _text_of(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _repeated_subheadings(blocks: list[Block], run: list[_Numbered], excluded: set[int]) -> bool:
    """Whether every item of the run is written to one template: the same sub-headings
    ("Why we chose it", "Highlights") under each item heading. Editors' rankings are;
    forum posts and listing cards numbered beside their headings are not."""
    end = _run_end(blocks, run, excluded)
    shared: set[str] | None = None
    for position, numbered in enumerate(run):
        body_end = run[position + 1].index if position + 1 < len(run) else end
        names = {
            normalise_space(block.text).casefold()
            for block in blocks[numbered.index + 1 : body_end]
            if block.kind == "heading" and block.level > numbered.level
        }
        shared = names if shared is None else shared & names
        if not shared:
            return False
    return bool(shared) and len(shared) >= patterns.MIN_TEMPLATE_SUBHEADINGS


def _totals_agree(run: list[_Numbered]) -> bool:
    """Whether the counters of a run ("3 of 8") give its own length: a counter is the
    page's own statement of how many items there are."""
    totals = {n.total for n in run if n.total is not None}
    return not totals or totals == {max(len(run), max(n.number for n in run))}


def _distinct(run: list[_Numbered]) -> int:
    return len({n.number for n in run})


def _mostly_consecutive(run: list[_Numbered]) -> bool:
    """Whether most steps of the run go up or down by one.

    A skipped number is a typo; numbers that skip all the time (1, 3, 5… on the headings of
    a forum thread's ``<ol>``, where every other entry has no heading) are not a sequence.
    """
    steps = [abs(b.number - a.number) for a, b in zip(run, run[1:], strict=False)]
    return sum(1 for step in steps if step == 1) >= patterns.MIN_CONSECUTIVE_SHARE * len(steps)


def _outline_numbers(blocks: list[Block]) -> set[int]:
    """Chapter numbers that have outline-numbered sub-headings ("2.1", "2.2" under "2.").

    Such pages are numbered documents (specifications, manuals, terms of service): their
    numbered headings are chapters, and reading them as listicle items would invent a list.
    A clause may also be a paragraph opening with its outline number ("2.1 You must…"); it
    counts when it sits under the heading of its own chapter.
    """
    majors = []
    chapter = None
    for block in blocks:
        match = patterns.OUTLINE_NUMBER_RE.match(block.text)
        if block.kind == "heading":
            if match is not None:
                majors.append(int(match.group("major")))
                continue
            parsed = split_number(block.text)
            chapter = parsed[0] if parsed else None
        elif block.kind == "text" and match is not None and int(match.group("major")) == chapter:
            majors.append(chapter)
    if len(majors) < patterns.MIN_OUTLINE_HEADINGS:
        return set()
    return set(majors)


# -- numbered runs ----------------------------------------------------------------------------


def _numbered(blocks: list[Block], excluded: set[int]) -> list[_Numbered]:
    found = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or index in excluded:
            continue
        parsed = split_number(block.text) or _inner_number(block) or _word_number(block.text)
        badge = _badge_number(blocks, index)
        if parsed is not None:
            number, label, style = parsed
            found.append(_Numbered(index, block.level, number, label, style))
        elif block.list_number is not None:
            found.append(_Numbered(index, block.level, block.list_number, block.text, "ol"))
        elif badge is not None:
            number, style, total = badge
            found.append(_Numbered(index, block.level, number, block.text, style, total))
    return found


def _inner_number(block: Block) -> tuple[int, str, str] | None:
    """A number in its own element at the start of a heading ("<h2><span>3</span>Label</h2>"),
    which the heading's text runs into its label with no punctuation ("3Label", "3 Label")."""
    element = block.element
    if element is None or (element.text or "").strip() or not len(element):
        return None
    first = element[0]
    match = patterns.RANK_BADGE_RE.match(text_of(first))
    if match is None or len(first) or (not (first.tail or "").strip() and first.getnext() is None):
        return None
    badge = text_of(first)
    number = int(match.group("num"))
    label = normalise_space(block.text[len(badge) :]).strip(" -–—:.|")
    if not block.text.startswith(badge) or not label or number > patterns.MAX_ITEM_NUMBER:
        return None
    return number, label, "inner"


def _word_number(text: str) -> tuple[int, str, str] | None:
    """A heading numbered in words, ordinals or Roman numerals ("One: Label", "Reason Two –
    Label", "First: Label", "IV. Label"). The number must be followed by punctuation, so
    "One Thing I Learned" is a sentence, not item one ("One-Pot Pasta" neither); a run of
    such headings is judged like any numbered run."""
    match = _WORD_NUMBER_RE.match(normalise_space(text))
    if match is None:
        return None
    rest = match.group("rest").strip(" -–—:.|")
    if not rest:
        return None
    word = match.group("word")
    if word.lower() in patterns.NUMBER_WORDS:
        number = patterns.NUMBER_WORDS[word.lower()]
        style = "word"
    elif word.lower() in patterns.ORDINAL_WORDS:
        number = patterns.ORDINAL_WORDS[word.lower()]
        style = "ordinal"
    else:
        number = _roman_value(word)
        style = "roman"
    if not number or number > patterns.MAX_ITEM_NUMBER:
        return None
    return number, rest, f"{style}:{(match.group('item') or '').lower()}"


_WORD_NUMBER_RE = re.compile(
    rf"^(?:(?P<item>(?i:{patterns.ITEM_WORDS}))s?\s+)?"
    r"(?P<word>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
    rf"|(?i:{'|'.join(patterns.ORDINAL_WORDS)})|[IVXL]{{1,7}})"
    r"(?:\s*[:.)]|\s+[–—-])\s*(?P<rest>\S.*)$"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ("IV" is 4; "IIII" and "VX" are not read)."""
    values = [_ROMAN[c] for c in numeral]
    total = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    canonical = ""
    rest = total
    for value, symbol in (
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while rest >= value:
            canonical += symbol
            rest -= value
    return total if canonical == numeral else None


def _badge_number(blocks: list[Block], index: int) -> tuple[int, str, int | None] | None:
    """The number drawn in its own element right before a heading, its style and the total
    it gives: a bare rank badge ("<span>7</span><h3>", style "badge"), or a number an
    editor labels for a reader ("Step 3", "3 of 8") or sets as a heading of its own
    ("<h2>03</h2><h3>"), style "label"."""
    if index == 0:
        return None
    before = blocks[index - 1]
    badge = patterns.RANK_BADGE_RE.match(before.text)
    label = patterns.ITEM_LABEL_RE.match(before.text)
    if before.kind == "text" and badge is not None:
        number, style, total = int(badge.group("num")), "badge", None
    elif before.kind == "text" and label is not None:
        number = int(label.group("num") or label.group("cnum"))
        total_text = label.group("total") or label.group("ctotal")
        style, total = "label", int(total_text) if total_text else None
    elif before.kind == "heading" and before.level < blocks[index].level and badge is not None:
        number, style, total = int(badge.group("num")), "label", None
    else:
        return None
    return (number, style, total) if number <= patterns.MAX_ITEM_NUMBER else None


def _beside(numbered: _Numbered) -> bool:
    """Whether the item's number is a block of its own right before its heading."""
    return numbered.style in ("badge", "label")


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
    if item.style != last.style:
        return False
    if _separated_by_faq(blocks, last.index, item.index):
        return False
    step = item.number - last.number
    descending = len(run) >= 2 and run[-1].number < run[-2].number
    if item.level != last.level:
        # Editors pick a heading level by look, not by rank: "3." an <h4> after "1." and
        # "2." in <h3>s still continues the page's own numbering, when it is the very next
        # number (a sub-heading numbered "1." under an item starts over instead).
        return step == (-1 if descending else 1)
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
        if position + 1 < len(run) and _beside(run[position + 1]):
            body_end -= 1  # the next item's rank badge is not this item's text
        items.append(
            ItemSpan(
                numbered.index,
                numbered.number,
                numbered.label,
                body=blocks[numbered.index + 1 : body_end],
            )
        )
    _warn_numbering(run, warnings)
    first = run[0].index - 1 if _beside(run[0]) else run[0].index
    heading_index, intro = _listicle_heading(blocks, first, run[0].level, excluded)
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
    # Full sections named by a summary list come first, so a "Quick list" of the same
    # items ahead of them is counted once; the summary list alone is the fallback.
    return (
        _summarised_sections(blocks, count, excluded)
        or _lead_in_list(blocks, count, excluded)
        or _numbered_paragraphs(blocks, count, excluded)
        or _list_item_labels(blocks, count, excluded)
        or _bold_paragraphs(blocks, count, excluded)
        or _parallel_headings(blocks, count, excluded)
        or _parallel_headings(blocks, count, excluded, across_categories=True)
        or _parallel_headings(blocks, count, excluded, across_categories=True, only_items=True)
        or _parallel_headings(blocks, count, excluded, only_items=True)
        or _parallel_headings(blocks, count, excluded, templated=True)
        or _ranked_table(blocks, count, excluded)
    )


def _ranked_table(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    """A table of ``count`` rows ranked in its first column (1, 2, 3… or a countdown), the
    pick's name in the next column and the reason after it: a round-up written as a table.

    The page's own numbering is required, so a comparison table of kinds is not a list.
    """
    for index, block in enumerate(blocks):
        if block.kind != "table" or index in excluded or block.element is None:
            continue
        rows = [
            cells
            for row in table_rows(block.element)
            if (cells := [cell for cell in row if cell.tag in ("td", "th")])
            and not all(cell.tag == "th" for cell in cells)
        ]
        if len(rows) != count or any(len(cells) < 3 for cells in rows):
            continue
        ranks = [patterns.RANK_BADGE_RE.match(text_of(cells[0])) for cells in rows]
        if not all(ranks):
            continue
        numbers = [int(rank.group("num")) for rank in ranks]
        countdown = numbers == list(range(numbers[0], numbers[0] - count, -1))
        if numbers != list(range(numbers[0], numbers[0] + count)) and not countdown:
            continue
        labels = [text_of(cells[1]) for cells in rows]
        if not all(0 < len(label) <= patterns.MAX_LEAD_IN_CHARS for label in labels):
            continue
        if _repeated_labels(labels):
            continue
        items = [
            ItemSpan(
                index,
                number,
                label,
                body_html="".join(f"<p>{_cell_html(cell)}</p>" for cell in cells[2:]),
            )
            for number, label, cells in zip(numbers, labels, rows, strict=True)
        ]
        heading_index, intro = _listicle_heading(blocks, index, 7, excluded)
        return ListicleSpan(
            start=heading_index if heading_index is not None else index,
            end=index + 1,
            heading_index=heading_index,
            items=items,
            direction="countdown" if countdown else "ascending",
            start_number=numbers[0],
            intro=intro,
        )
    return None


def _cell_html(cell: etree._Element) -> str:
    parts = [escape(cell.text)] if cell.text else []
    parts.extend(etree.tostring(child, encoding=str, method="html") for child in cell)
    return "".join(parts)


# -- a section heading that counts its items ---------------------------------------------------


def _counted_section(blocks: list[Block], excluded: set[int]) -> ListicleSpan | None:
    """Items under a section heading that gives their number ("Top 5 Tutoring Services").

    Round-ups with an uncounted title often count their picks in the heading of the section
    that lists them. Only that section is searched, and only the weaker forms that must
    match the count exactly; a heading inside it (a promo box between two picks) does not
    break a run of bold labels, since the count bounds the run.
    """
    return next(_counted_sections(blocks, excluded), None)


def _counted_sections(blocks: list[Block], excluded: set[int]) -> Iterator[ListicleSpan]:
    """Every section :func:`_counted_section` would find, in order, none inside another."""
    after = 0
    for index, block in enumerate(blocks):
        if block.kind != "heading" or index in excluded or index < after:
            continue
        count = title_count([block.text])
        if count is None:
            continue
        end = _section_end(blocks, index, block.level, excluded)
        section = blocks[index + 1 : end]
        inner = {i - index - 1 for i in excluded if index < i < end}
        span = (
            _numbered_paragraphs(section, count, inner)
            or _list_item_labels(section, count, inner)
            or _bold_paragraphs(section, count, inner, split_headings=False)
            or _parallel_headings(section, count, inner)
        )
        if span is not None:
            found = _under_heading(span, index, blocks)
            after = found.end
            yield found


def _titled_sections(
    blocks: list[Block], titles: list[str], excluded: set[int]
) -> list[ListicleSpan]:
    """The counted sections whose counted things the title names ("Financial Tips & Goals"
    over "7 Top Financial Tips" and "5 Financial Goals to Set"): the lists the title
    promises, however much else the page holds."""
    named = {
        word for title in _without_sites(titles) for word in _WORD_RE.findall(title.casefold())
    }
    return [
        span
        for span in _counted_sections(blocks, excluded)
        if span.heading_index is not None
        and _counted_nouns([blocks[span.heading_index].text]) & named
    ]


def _under_heading(span: ListicleSpan, heading: int, blocks: list[Block]) -> ListicleSpan:
    """A span found in the section after ``heading``, in page indices, headed by it."""
    offset = heading + 1
    for item in span.items:
        item.index += offset
    return ListicleSpan(
        start=heading,
        end=span.end + offset,
        heading_index=heading,
        items=span.items,
        direction=span.direction,
        start_number=span.start_number,
        intro=_intro_under(span, heading, blocks),
    )


def _intro_under(span: ListicleSpan, heading: int, blocks: list[Block]) -> list[Block]:
    """The blocks between ``heading`` and the first item (an inner list heading included)."""
    offset = heading + 1
    if span.heading_index is None:
        return blocks[offset : span.start + offset]
    return [*blocks[offset : span.heading_index + offset + 1], *span.intro]


# -- bold labels of the entries of one list -----------------------------------------------------


def _list_item_labels(blocks: list[Block], count: int, excluded: set[int]) -> ListicleSpan | None:
    """``count`` entries of one ``<ol>``/``<ul>`` whose content is blocks, each opening with
    a bold label paragraph ("<li><img><p><b>Name</b></p><p>text</p></li>").

    The list is flattened into blocks, so the labels look like bold paragraphs; the entries
    they sit in say which label starts which item, and a heading inside one entry (a promo)
    does not split the list.
    """
    entries: dict[etree._Element, dict[etree._Element, int]] = {}
    for index, block in enumerate(blocks):
        if index in excluded or not _bold_only(block):
            continue
        entry = _list_entry(block.element)
        if entry is None:
            continue
        labels = entries.setdefault(entry.getparent(), {})
        labels.setdefault(entry, index)
    for parent, labels in entries.items():
        siblings = [child for child in parent if child.tag == "li"]
        if len(labels) != count or len(siblings) != count:
            continue
        group = list(labels.values())
        end = _entry_end(blocks, group[-1], siblings[-1])
        items = []
        for position, index in enumerate(group):
            body_end = group[position + 1] if position + 1 < count else end
            while body_end > index + 1 and _inside(blocks[body_end - 1], siblings[position + 1 :]):
                body_end -= 1
            label = blocks[index].text.rstrip(":")
            items.append(ItemSpan(index, None, label, body=blocks[index + 1 : body_end]))
        first = _first_of_entry(blocks, group[0], siblings[0])
        heading_index, intro = _listicle_heading(blocks, first, 7, excluded)
        return ListicleSpan(
            start=heading_index if heading_index is not None else first,
            end=end,
            heading_index=heading_index,
            items=items,
            start_number=int(parent.get("start") or 1) if parent.tag == "ol" else 1,
            intro=intro,
        )
    return None


def _list_entry(element: etree._Element | None) -> etree._Element | None:
    """The ``<li>`` holding a label paragraph, when the paragraph sits (nearly) directly in it."""
    node = element
    for _ in range(_MAX_ENTRY_DEPTH):
        if node is None:
            return None
        node = node.getparent()
        if node is not None and node.tag == "li":
            parent = node.getparent()
            return node if parent is not None and parent.tag in ("ol", "ul") else None
    return None


#: A label paragraph is at most this many elements below its ``<li>`` (a wrapper or two).
_MAX_ENTRY_DEPTH = 3


def _inside(block: Block, entries: list[etree._Element]) -> bool:
    element = block.element
    if element is None or not entries:
        return False
    return any(ancestor is entries[0] for ancestor in element.iterancestors("li"))


def _first_of_entry(blocks: list[Block], label: int, entry: etree._Element) -> int:
    """The first block of the entry holding ``label`` (an image may come before the label)."""
    first = label
    while first > 0 and _inside(blocks[first - 1], [entry]):
        first -= 1
    return first


def _entry_end(blocks: list[Block], label: int, entry: etree._Element) -> int:
    end = label + 1
    while end < len(blocks) and (blocks[end].element is None or _inside(blocks[end], [entry])):
        if blocks[end].kind == "heading" and blocks[end].element is None:
            break
        end += 1
    return end


def _lead_in(item: etree._Element) -> tuple[str, etree._Element | None] | None:
    """The label opening a list item, and its bold element (``None`` for "Label: text")."""
    bold = _bold_lead_in(item)
    if bold is not None:
        return bold
    match = patterns.COLON_LEAD_IN_RE.match(text_of(item))
    if match:
        return match.group("label").strip(), None
    return None


def _bold_lead_in(item: etree._Element) -> tuple[str, etree._Element] | None:
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
        if _repeated_labels([lead[0] for lead in leads if lead]):
            continue  # "Credit: …" under every photo of a gallery names no items
        start = int(block.element.get("start") or 1) if block.element.tag == "ol" else 1
        spans = []
        for position, (item, lead) in enumerate(zip(items, leads, strict=True)):
            label = lead[0] if lead else text_of(item)[: patterns.MAX_LEAD_IN_CHARS]
            body_html = _html_without(item, lead[1] if lead else None, lead[0] if lead else "")
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


def _repeated_labels(labels: list[str]) -> bool:
    """Whether a label recurs: items have names of their own, a caption's "Credit:" or a
    spec sheet's "Price:" is the same on every entry."""
    keys = [normalise_space(label).casefold() for label in labels]
    return len(set(keys)) < len(keys)


def _html_without(item: etree._Element, lead: etree._Element | None, label: str = "") -> str:
    """The list item's inner HTML without its lead-in (and a colon/dash after it)."""
    parts = [escape(item.text)] if item.text else []
    for child in item:
        parts.append(etree.tostring(child, encoding=str, method="html"))
    html = "".join(parts)
    if lead is not None:
        lead_html = etree.tostring(lead, encoding=str, method="html", with_tail=False)
        html = html.replace(lead_html, "", 1)
        html = re.sub(r"^(\s*<p>)?\s*[:.–—-]?\s*", lambda m: m.group(1) or "", html, count=1)
    elif label and html.lstrip().startswith(escape(label)):
        html = html.lstrip()[len(escape(label)) :]
        html = re.sub(r"^\s*[:.–—-]\s*", "", html, count=1)
    return html


def _bold_only(block: Block) -> bool:
    """A short paragraph that is all bold (or a centred link): a label standing in for a
    heading."""
    element = block.element
    if block.kind != "text" or element is None or element.tag != "p":
        return False
    if len(block.text) > patterns.MAX_LEAD_IN_CHARS:
        return False
    bold = [
        node
        for child in element
        for node in ([child, *child] if child.tag == "a" else [child])
        if _is_bold(node)
    ]
    if not bold and _centred(element):
        bold = [child for child in element if child.tag == "a"]
    if not bold:
        return False
    bold_text = normalise_space(" ".join(text_of(b) for b in bold))
    return bold_text == block.text or bold_text.rstrip(":") == block.text.rstrip(":")


def _is_bold(element: etree._Element) -> bool:
    """Whether an inline element sets its text in bold: ``<b>``/``<strong>`` unless styled
    back to normal (Google Docs wraps whole pastes in ``<b style="font-weight:normal">``),
    or a ``<span>`` bold by its inline style (Wix, Google Docs)."""
    weight = patterns.FONT_WEIGHT_RE.search(element.get("style") or "")
    if element.tag in ("b", "strong"):
        return weight is None or weight.group("weight").lower() in patterns.BOLD_WEIGHTS
    return (
        element.tag == "span"
        and weight is not None
        and weight.group("weight").lower() in patterns.BOLD_WEIGHTS
    )


def _centred(element: etree._Element) -> bool:
    return (element.get("align") or "").lower() == "center" or bool(
        patterns.CENTRED_STYLE_RE.search(element.get("style") or "")
    )


def _bold_paragraphs(
    blocks: list[Block], count: int, excluded: set[int], split_headings: bool = True
) -> ListicleSpan | None:
    groups: list[list[int]] = [[]]
    for index, block in enumerate(blocks):
        if (
            index in excluded
            or block.kind == "faq"
            or (split_headings and block.kind == "heading")
        ):
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


def _parallel_headings(
    blocks: list[Block],
    count: int,
    excluded: set[int],
    across_categories: bool = False,
    only_items: bool = False,
    templated: bool = False,
    deepest_first: bool = False,
    awards: bool = False,
) -> ListicleSpan | None:
    """``count`` consecutive same-level headings with nothing above their level between.

    With ``across_categories``, headings one level up may sit between them (items grouped
    under category headings: "Staying healthy" > three tips, "Removing distractions" > two),
    as long as every such category holds at least one item. With ``only_items``, headings
    of the group that cannot be items (:func:`_items_only`) are left out before counting.
    With ``templated``, the items are the run of the group's headings written to one
    template (:func:`_templated_items`), the sections around them ("Key takeaways",
    "Price comparisons") left out.

    With ``count`` ``None`` (a round-up title that gives no count), a group is taken only
    when something else vouches for it: a template (``templated``, or ``only_items`` with
    template headings at the picks' level) or award headings (``awards``,
    :func:`_award_items`); unnamed headings and the round-up's own sections are no picks,
    and neither are more than :data:`~importers.pipeline.patterns.MAX_ITEM_NUMBER`.
    ``deepest_first`` tries the deeper heading levels first.
    """
    levels = (3, 4) if across_categories else (2, 3, 4)
    award_templates: dict[int, bool] = {}
    for level in reversed(levels) if deepest_first else levels:
        groups: list[list[int]] = [[]]
        category: int | None = None
        for index, block in enumerate(blocks):
            if block.kind != "heading":
                continue
            stops = index in excluded or _ends_items(block)
            if across_categories and block.level == level - 1 and _extra_heading(block):
                stops = True  # "Other barrows we tried": the picks are over
            if across_categories and not stops and block.level == level - 1:
                if category is not None:
                    groups.append([])  # an empty category: not a grouped list
                category = index
                continue
            if stops or block.level < level:
                groups.append([])
                category = None
            elif block.level == level:
                groups[-1].append(index)
                category = None
        for group in groups:
            while group and _extra_heading(blocks[group[-1]]):
                group = group[:-1]
            if count is None:
                # With no count to hold them to, picks need a name, and the round-up's
                # own sections ("What to look for") are none even when templated.
                group = [
                    index
                    for index in group
                    if _WORD_RE.search(blocks[index].text)
                    and not _APPARATUS_HEADING_RE.match(normalise_space(blocks[index].text))
                ]
            if only_items:
                group = _items_only(blocks, group)
            if templated:
                group = _templated_items(blocks, group, count)
            if awards:
                group = _award_items(blocks, group, award_templates)
            if len(group) != count and (count is not None or not group):
                continue
            if count is None and len(group) > patterns.MAX_ITEM_NUMBER:
                continue  # more picks than any list numbers: a catalogue
            template = _template_names(blocks, group) if only_items else set()
            if (
                count is None
                and not templated
                and not awards
                and (
                    len(group) < patterns.MIN_LISTICLE_ITEMS
                    or len(template) < patterns.MIN_TEMPLATE_SUBHEADINGS
                )
            ):
                continue
            last = group[-1]
            end = len(blocks)
            for index in range(last + 1, len(blocks)):
                block = blocks[index]
                if (
                    index in excluded
                    or block.kind == "faq"
                    or (
                        block.kind == "heading"
                        and block.level <= level
                        and normalise_space(block.text).casefold() not in template
                    )
                ):
                    end = index
                    break
            labels = _group_labels(blocks, group)
            numbers = _own_numbers(blocks, group)
            if numbers is not None:
                labels = [_strip_label_number(blocks[index].text) for index in group]
            items = []
            for position, index in enumerate(group):
                body_end = group[position + 1] if position + 1 < len(group) else end
                items.append(
                    ItemSpan(
                        index,
                        numbers[position] if numbers is not None else None,
                        labels[position],
                        body=blocks[index + 1 : body_end],
                    )
                )
            first = _category_of(blocks, group[0], level) if across_categories else group[0]
            heading_index, intro = _listicle_heading(blocks, first, blocks[first].level, excluded)
            return ListicleSpan(
                start=heading_index if heading_index is not None else group[0],
                end=end,
                heading_index=heading_index,
                items=items,
                direction=_direction(items),
                start_number=items[0].number if items[0].number is not None else 1,
                intro=intro,
            )
    return None


def _templated_roundup(blocks: list[Block], excluded: set[int]) -> ListicleSpan | None:
    """Picks written to one template under a round-up title that gives no count.

    The picks are the headings right above the template's sub-headings: products under
    category headings ("Best budget scooters" > each scooter > "What I like") are the items,
    not their categories, so the deeper levels are tried first. The template may also sit
    at the picks' own level ("Pros" and "Cons" h3s after each h3 pick).
    """
    return (
        _parallel_headings(blocks, None, excluded, across_categories=True, templated=True)
        or _parallel_headings(blocks, None, excluded, templated=True, deepest_first=True)
        or _parallel_headings(blocks, None, excluded, only_items=True, deepest_first=True)
        or _parallel_headings(blocks, None, excluded, awards=True)
    )


def _award_items(blocks: list[Block], group: list[int], templates: dict[int, bool]) -> list[int]:
    """The first run of headings of ``group``, one after another, that each give a pick its
    award ("Best EV Overall: Ford Mustang", "Most Reliable EV: …"), if it holds
    :data:`~importers.pipeline.patterns.MIN_LISTICLE_ITEMS` of them; a trailing "…: Notable
    mentions" is no pick. ``templates`` caches, per heading level, whether an award repeats
    at that level."""
    if len(group) < patterns.MIN_LISTICLE_ITEMS:
        return []
    level = blocks[group[0]].level
    if level not in templates:
        awards = Counter(
            normalise_space(match.group("award")).casefold()
            for block in blocks
            if block.kind == "heading"
            and block.level == level
            and (match := patterns.AWARD_HEADING_RE.match(block.text))
        )
        templates[level] = any(times > 1 for times in awards.values())
    if templates[level]:
        # The same award twice ("Best for: runners" under each watch) is a template that
        # every pick fills in, not the picks.
        return []
    run: list[int] = []
    for index in group:
        match = patterns.AWARD_HEADING_RE.match(blocks[index].text)
        if match and not patterns.EXTRA_ITEMS_HEADING_RE.match(match.group("pick")):
            run.append(index)
            continue
        if len(run) >= patterns.MIN_LISTICLE_ITEMS:
            break
        run = []
    return run if len(run) >= patterns.MIN_LISTICLE_ITEMS else []


def _own_numbers(blocks: list[Block], group: list[int]) -> list[int] | None:
    """The numbers the headings of a group give themselves, when they count the group one
    by one, up or down ("1. Budget" … "7. Credit", "10. Pumps" … "1. Hoses"): the list's own
    numbering, which the listicle then shows instead of repeating it in each heading."""
    parsed = [_number_of(blocks[index].text) for index in group]
    numbers = [number for number in parsed if number is not None]
    if len(numbers) < max(len(parsed), 2):
        return None
    step = numbers[1] - numbers[0]
    if step not in (1, -1) or any(
        b - a != step for a, b in zip(numbers, numbers[1:], strict=False)
    ):
        return None
    return numbers


def _group_labels(blocks: list[Block], group: list[int]) -> list[str]:
    """The items' labels: without their numbers when the numbering starts over (1, 2, 3
    under each category), since it is then not the list's own; as written otherwise."""
    numbers = [n for n in (_number_of(blocks[index].text) for index in group) if n is not None]
    steps = [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
    # A countdown goes only down and a list only up; numbering that starts over goes both.
    restarts = any(step > 0 for step in steps) and any(step < 0 for step in steps)
    if not restarts:
        return [blocks[index].text for index in group]
    return [_strip_label_number(blocks[index].text) for index in group]


def _templated_items(blocks: list[Block], group: list[int], count: int) -> list[int]:
    """The ``count`` headings of ``group``, one after another, whose sections share a
    sub-heading the others lack, once each item's own name is taken out of it ("Pros and
    Cons of Alamo", "Pros and Cons of Hertz"; "Features", "Pricing").

    Round-ups review each pick to one template; the sections before and after the picks
    (the method, a price comparison) are not written to it. Exactly ``count`` headings must
    share the sub-heading, so it is the title's count that names them, not the template.
    """
    keys: list[set[str]] = []
    for position, index in enumerate(group):
        end = (
            group[position + 1]
            if position + 1 < len(group)
            else _section_end(blocks, index, blocks[index].level, set())
        )
        words = _WORD_RE.findall(blocks[index].text.casefold())
        # (The name as one word too: "Where TurboTax excels" under "Turbo Tax".)
        own = {*words, "".join(words)}
        labels = [
            key
            for block in blocks[index + 1 : end]
            for label in _sub_headings(block, blocks[index].level)
            if (
                key := " ".join(
                    word for word in _WORD_RE.findall(label.casefold()) if word not in own
                )
            )
        ]
        if count is None:
            # With no count to check against, a pick's template appears once in its
            # section: a heading whose section repeats it ("Why it matters:" under each
            # of two certifications) heads a category of picks, not a pick.
            counts = Counter(labels)
            labels = [label for label in labels if counts[label] == 1]
        keys.append(set(labels))
    if count is None:
        return [group[position] for position in _first_shared_run(keys)]
    for key in dict.fromkeys(key for names in keys for key in sorted(names)):
        positions = [position for position, names in enumerate(keys) if key in names]
        if len(positions) == count and positions[-1] - positions[0] == count - 1:
            return [group[position] for position in positions]
    return []


def _first_shared_run(keys: list[set[str]]) -> range:
    """The first run of at least :data:`~importers.pipeline.patterns.MIN_LISTICLE_ITEMS`
    consecutive sections sharing :data:`~importers.pipeline.patterns.MIN_TEMPLATE_SUBHEADINGS`
    sub-headings or more ("Pros:" and "Cons:"); an empty range if there is none.

    The first, not the longest: a round-up gives its picks first, and "Other shoes we
    liked" after them, written to the same template, are not what the title promises.
    """
    first = 0
    while first < len(keys):
        shared = keys[first]
        last = first
        while last + 1 < len(keys) and len(shared & keys[last + 1]) >= (
            patterns.MIN_TEMPLATE_SUBHEADINGS
        ):
            last += 1
            shared = shared & keys[last]
        if (
            len(shared) >= patterns.MIN_TEMPLATE_SUBHEADINGS
            and patterns.MIN_LISTICLE_ITEMS <= last + 1 - first <= patterns.MAX_ITEM_NUMBER
        ):
            # (More picks than any list numbers is a catalogue, not a round-up.)
            return range(first, last + 1)
        # A run too short may have started one section early (a section sharing only part
        # of the template); a long one is over. Either way the scan stays linear.
        first = first + 1 if last + 1 - first < patterns.MIN_LISTICLE_ITEMS else last + 1
    return range(0)


_WORD_RE = re.compile(r"\w+")


def _sub_headings(block: Block, level: int) -> list[str]:
    """The sub-headings a block gives a pick's section: a heading below the pick's level, or
    short bold labels ending in a colon that head what follows ("Where Ledgerly excels:",
    "Best for:"), alone, inside a paragraph split by line breaks or opening the entries of
    a spec list ("<li><b>Price:</b> …")."""
    if block.kind == "heading":
        return [block.text] if block.level > level else []
    if block.kind not in ("text", "list") or block.element is None:
        return []
    labels = []
    for node in block.element.iter("b", "strong", "span"):
        if not _is_bold(node):
            continue
        text = _short_text(node, patterns.MAX_TEMPLATE_LABEL_CHARS)
        if text is not None and text.endswith(":"):
            labels.append(text)
    return labels


def _short_text(node: etree._Element, limit: int) -> str | None:
    """The node's text with its space normalised, or ``None`` when it is longer than
    ``limit``, found without reading the rest of a long text (nested runs round a whole
    article made every run's full text cost the article's length)."""
    pieces = []
    length = 0
    for piece in node.itertext():
        length += len(piece)
        if length > 4 * limit:  # (room for the indentation normalising takes out)
            return None
        pieces.append(piece)
    text = normalise_space("".join(pieces))
    return text if len(text) <= limit else None


def _template_names(blocks: list[Block], items: list[int]) -> set[str]:
    """Sub-headings at the items' level found under every item but the last ("Pros:")."""
    names = []
    for position, index in enumerate(items[:-1]):
        names.append(
            {
                normalise_space(block.text).casefold()
                for block in blocks[index + 1 : items[position + 1]]
                if block.kind == "heading" and block.level == blocks[index].level
            }
        )
    return set.intersection(*names) if names else set()


def _items_only(blocks: list[Block], group: list[int]) -> list[int]:
    """The headings of a group that can be items: not a template heading repeated under
    every item ("Pros:", "Cons:" at the items' own level), not the round-up's own apparatus
    ("Our top picks", "How we tested", "What to look for"), not an empty heading ("Jump to:"
    before the first item), not a shopping card (a product name over a picture and a price
    or "Shop" link, with no prose of its own)."""
    names = [normalise_space(blocks[index].text).casefold() for index in group]
    repeats = Counter(names)
    template = {name for name in names if repeats[name] > 1}
    named = [
        index
        for position, index in enumerate(group)
        if names[position] not in template and not _APPARATUS_HEADING_RE.match(names[position])
    ]
    kept = []
    for position, index in enumerate(named):
        end = (
            named[position + 1]
            if position + 1 < len(named)
            else _next_section(blocks, index, template)
        )
        body = [block for block in blocks[index + 1 : end] if block.kind != "heading"]
        if not body and end < len(blocks):
            continue
        if (
            body
            and not any(_prose(block) for block in body)
            and any(block.kind == "figure" for block in body)
            and any(_SHOP_RE.search(block.text) for block in body)
        ):
            continue
        kept.append(index)
    return kept


#: Headings a round-up gives its own method and navigation, at the items' level.
_APPARATUS_HEADING_RE = re.compile(
    r"^(?:(?:our\s+)?top\s+picks|(?:our\s+)?picks\s+at\s+a\s+glance|at\s+a\s+glance"
    r"|(?:the\s+)?quick\s+list|table\s+of\s+contents|contents|in\s+this\s+article"
    r"|jump\s+to|introduction|how\s+we\s+(?:tested|test|chose|picked|selected|researched"
    r"|evaluated|rated|reviewed|compared)\b|why\s+(?:you\s+(?:should|can)\s+)?trust\s+us"
    r"|(?:our\s+)?(?:testing\s+)?methodology|buying\s+guide|(?:a\s+)?buyer'?s\s+guide"
    r"|what\s+to\s+(?:look\s+for|consider)\b|(?:product\s+)?comparison(?:\s+table)?"
    r"|related\s+(?:posts|articles|reading)|about\s+the\s+author|sources|references)\b",
    re.IGNORECASE,
)


def _next_section(blocks: list[Block], index: int, template: set[str]) -> int:
    """Index of the next heading at or above the level of heading ``index`` that is not one
    of the ``template`` sub-headings."""
    level = blocks[index].level
    for position in range(index + 1, len(blocks)):
        block = blocks[position]
        if (
            block.kind == "heading"
            and block.level <= level
            and normalise_space(block.text).casefold() not in template
        ):
            return position
    return len(blocks)


def _prose(block: Block) -> bool:
    return block.kind in ("text", "list", "quote") and len(block.text) >= _MIN_PROSE_CHARS


#: A text block this long is prose (a shopping card's price or "Shop at …" line is shorter).
_MIN_PROSE_CHARS = 80
#: A price or a call to buy: the one line of a shopping card besides its name and picture.
_SHOP_RE = re.compile(r"[$£€¥]\s?\d|\b(?:shop|buy)\b", re.IGNORECASE)


def _category_of(blocks: list[Block], first: int, level: int) -> int:
    """The category heading right above the first grouped item, else the item itself."""
    for index in range(first - 1, -1, -1):
        if blocks[index].kind == "heading":
            return index if blocks[index].level == level - 1 else first
    return first


def _ends_items(block: Block) -> bool:
    """A heading after which no more items follow (conclusion, FAQ)."""
    return bool(
        patterns.CONCLUSION_HEADING_RE.search(block.text)
        or patterns.FAQ_HEADING_RE.search(block.text)
    )


def _extra_heading(block: Block) -> bool:
    """A trailing heading that is not one more item ("Conclusion", "Honorable mentions")."""
    return bool(
        patterns.CONCLUSION_HEADING_RE.search(block.text)
        or patterns.EXTRA_ITEMS_HEADING_RE.search(block.text)
    )


# -- a summary list ahead of the full sections -------------------------------------------------


def _entry_labels(element: etree._Element) -> list[str]:
    """The label of each entry of a summary list: its lead-in, or its whole short text."""
    labels = []
    for item in element:
        if item.tag != "li":
            continue
        lead = _lead_in(item)
        text = lead[0] if lead else text_of(item)
        labels.append(_label_key(text) if len(text) <= patterns.MAX_LEAD_IN_CHARS else "")
    return labels


def _summary_labels(element: etree._Element) -> list[list[str]]:
    """Candidate label sequences of a summary: a list's entries, or each column of a
    comparison table (its header row left out), since the name may be in any column."""
    if element.tag != "table":
        return [_entry_labels(element)]
    rows = [
        [cell for cell in row if cell.tag in ("td", "th")]
        for row in table_rows(element)
        if not all(cell.tag == "th" for cell in row if cell.tag in ("td", "th"))
    ]
    width = min((len(cells) for cells in rows), default=0)
    columns = []
    for column in range(min(width, _MAX_SUMMARY_COLUMNS)):
        texts = [text_of(cells[column]) for cells in rows]
        columns.append(
            [_label_key(t) if len(t) <= patterns.MAX_LEAD_IN_CHARS else "" for t in texts]
        )
    return columns


#: Columns of a comparison table searched for the items' names (names come first).
_MAX_SUMMARY_COLUMNS = 3


def _label_key(text: str) -> str:
    parsed = split_number(text)
    return normalise_space(parsed[1] if parsed else text).casefold().rstrip(":.")


def _summarised_sections(
    blocks: list[Block], count: int | None, excluded: set[int]
) -> ListicleSpan | None:
    """Headings named, in order, by the entries of an earlier list of ``count`` entries.

    Round-ups often open with a quick list of their picks and then give each pick a section.
    The sections are the items (the list only repeats their names), and since the list names
    them, a heading in between that is not an item (an advert, "Choose your software") does
    not break the count.

    The summary may also be a comparison table naming the items in one of its first columns.
    With no count in the title (``count`` is ``None``) the list's own length is the count,
    but a table of contents also names the headings that follow: the list must then not
    link within the page, and must name only some of the sections at the items' level (the
    picks, not "How we tested" or "FAQ" after them).
    """
    for index, block in enumerate(blocks):
        if block.kind not in ("list", "table") or index in excluded or block.element is None:
            continue
        if block.kind == "table" and count is None:
            # Guides compare their kinds or stages in a table before a section on each: a
            # table counts as a summary only of the number of items the title promises.
            continue
        chosen = None
        for labels in _summary_labels(block.element):
            if not all(labels) or (
                len(labels) != count
                if count is not None
                else len(labels) < patterns.MIN_LISTICLE_ITEMS or _in_page_links(block.element)
            ):
                continue
            chosen = _headings_named(blocks, index + 1, labels, excluded)
            if chosen is not None:
                break
        if chosen is None:
            continue
        level = blocks[chosen[0]].level
        end = _section_end(blocks, chosen[-1], level, excluded)
        if count is None and not _more_sections(blocks, end, level, excluded):
            continue
        items = [
            ItemSpan(
                heading,
                _number_of(blocks[heading].text),
                _strip_label_number(blocks[heading].text),
                body=blocks[
                    heading + 1 : chosen[position + 1] if position + 1 < len(chosen) else end
                ],
            )
            for position, heading in enumerate(chosen)
        ]
        heading_index, intro = _listicle_heading(blocks, chosen[0], level, excluded)
        if heading_index is None or heading_index < index:
            # The summary list stays where it was, in the text before the items.
            heading_index, intro = None, []
        return ListicleSpan(
            start=heading_index if heading_index is not None else chosen[0],
            end=end,
            heading_index=heading_index,
            items=items,
            direction=_direction(items),
            start_number=items[0].number or 1,
            intro=intro,
        )
    return None


def _in_page_links(element: etree._Element) -> bool:
    """Whether most entries of a list link to anchors on the page (a table of contents)."""
    hrefs = [a.get("href") or "" for a in element.iter("a")]
    return bool(hrefs) and sum(1 for h in hrefs if h.startswith("#")) * 2 >= len(hrefs)


def _more_sections(blocks: list[Block], end: int, level: int, excluded: set[int]) -> bool:
    """Whether a heading at ``level`` that is not an item follows the items."""
    return any(
        block.kind == "heading" and block.level == level and index not in excluded
        for index, block in enumerate(blocks[end:], start=end)
    )


def _headings_named(
    blocks: list[Block], start: int, labels: list[str], excluded: set[int]
) -> list[int] | None:
    """Indices of same-level headings after ``start`` opening with each label, in order."""
    chosen: list[int] = []
    for index in range(start, len(blocks)):
        block = blocks[index]
        if index in excluded:
            break
        if block.kind != "heading":
            continue
        if chosen and block.level < blocks[chosen[0]].level:
            break
        key = _label_key(block.text)
        if key.startswith(labels[len(chosen)]) and (
            not chosen or block.level == blocks[chosen[0]].level
        ):
            chosen.append(index)
            if len(chosen) == len(labels):
                return chosen
    return None


def _section_end(blocks: list[Block], last: int, level: int, excluded: set[int]) -> int:
    for index in range(last + 1, len(blocks)):
        block = blocks[index]
        if (
            index in excluded
            or block.kind == "faq"
            or (block.kind == "heading" and block.level <= level)
        ):
            return index
    return len(blocks)


def _number_of(text: str) -> int | None:
    parsed = split_number(text)
    return parsed[0] if parsed else None


def _strip_label_number(text: str) -> str:
    parsed = split_number(text)
    return parsed[1] if parsed else text


def _direction(items: list[ItemSpan]) -> str:
    numbers = [item.number for item in items if item.number is not None]
    return "countdown" if len(numbers) > 1 and numbers[1] < numbers[0] else "ascending"


# -- numbered paragraphs ------------------------------------------------------------------------


def _numbered_paragraphs(
    blocks: list[Block], count: int, excluded: set[int]
) -> ListicleSpan | None:
    """``count`` paragraphs numbered in sequence: "<p>3. <strong>Label</strong> text</p>" or a
    short "<p>3. Label</p>" standing in for a heading.

    Only with a count in the title: numbered paragraphs are also how ordinary articles write
    a short procedure.
    """
    found: list[tuple[int, int, str, str]] = []
    for index, block in enumerate(blocks):
        if block.kind != "text" or index in excluded:
            continue
        parsed = split_number(block.text)
        if parsed is None:
            continue
        label, body_html = _paragraph_label(block, parsed[1])
        if label:
            found.append((index, parsed[0], label, body_html))
    for start in range(len(found)):
        run = found[start : start + count]
        numbers = [number for _, number, _, _ in run]
        ascending = numbers == list(range(numbers[0], numbers[0] + count))
        countdown = numbers == list(range(numbers[0], numbers[0] - count, -1))
        if len(run) != count or not (ascending or countdown):
            continue
        end = _group_end(blocks, run[-1][0])
        items = [
            ItemSpan(
                index,
                number,
                label,
                body=[
                    *([Block("text", None, text=label, html=body_html)] if body_html else []),
                    *blocks[index + 1 : run[position + 1][0] if position + 1 < count else end],
                ],
            )
            for position, (index, number, label, body_html) in enumerate(run)
        ]
        heading_index, intro = _listicle_heading(blocks, run[0][0], 7, excluded)
        return ListicleSpan(
            start=heading_index if heading_index is not None else run[0][0],
            end=end,
            heading_index=heading_index,
            items=items,
            direction="countdown" if countdown and not ascending else "ascending",
            start_number=numbers[0],
            intro=intro,
        )
    return None


def _bold_numbered_paragraphs(blocks: list[Block], excluded: set[int]) -> ListicleSpan | None:
    """The longest run of bold-only paragraphs numbered one by one ("1. Label", "#2 Label"),
    at least :data:`~importers.pipeline.patterns.MIN_LISTICLE_ITEMS` long, as a listicle."""
    labels = [
        (index, parsed[0])
        for index, block in enumerate(blocks)
        if index not in excluded
        and _bold_only(block)
        and (parsed := split_number(block.text)) is not None
    ]
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for label in labels:
        if (
            run
            and abs(label[1] - run[-1][1]) == 1
            and (len(run) == 1 or label[1] - run[-1][1] == run[-1][1] - run[-2][1])
        ):
            run.append(label)
        else:
            run = [label]
        if len(run) > len(best):
            best = list(run)
    if len(best) < patterns.MIN_LISTICLE_ITEMS:
        return None
    span = _numbered_paragraphs(blocks, len(best), excluded)
    return span if span is not None and span.items[0].index == best[0][0] else None


#: What a paragraph's number is written with ("3.", "#3", "(3)", "3 -").
_NUMBER_CHARS = "0123456789.():#- "


def _paragraph_label(block: Block, rest: str) -> tuple[str, str]:
    """The label of a numbered paragraph and the HTML of the text after it.

    A bold run right after the number is the label and the rest of the paragraph its first
    lines; otherwise a short paragraph is all label.
    """
    element = block.element
    if element is None and block.html.startswith("<p>"):
        # A paragraph made of loose text between line breaks keeps only its markup.
        element = etree.HTML(block.html).find(".//p")
    bold = None
    if element is not None:
        bold = next((child for child in element if child.tag in ("b", "strong")), None)
    if bold is not None and not text_of(bold).strip(_NUMBER_CHARS):
        # The number in a bold run of its own, the label in the next: "<b>1.</b> <b>Label</b>".
        following = bold.getnext()
        if (
            following is not None
            and following.tag in ("b", "strong")
            and not (bold.tail or "").strip()
        ):
            bold = following
    if bold is not None and not normalise_space(element.text or "").strip(_NUMBER_CHARS):
        label = split_number(text_of(bold))
        label_text = label[1] if label else text_of(bold)
        label_text = label_text.strip(" :.–—-")
        if label_text and len(label_text) <= patterns.MAX_NUMBERED_PARAGRAPH_LABEL_CHARS:
            parts = [escape(bold.tail or "")]
            sibling = bold.getnext()
            while sibling is not None:
                parts.append(etree.tostring(sibling, encoding=str, method="html"))
                sibling = sibling.getnext()
            body = re.sub(r"^\s*[:.–—-]?\s*", "", "".join(parts), count=1)
            return label_text, f"<p>{body}</p>" if body.strip() else ""
    if len(rest) <= patterns.MAX_NUMBERED_PARAGRAPH_LABEL_CHARS:
        return rest, ""
    return "", ""
