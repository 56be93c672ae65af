"""Assemble the article body: intro, sections in document order, listicles, FAQs.

By this point the blocks are known and the listicle and FAQ spans are marked; this module
only decides what each block becomes (``Paragraph`` runs, ``Heading``, ``Figure``,
``Quote``, ``Embed``, ``Listicle``, ``FAQ``) and sanitises the rich text.
"""

from __future__ import annotations

import logging
import re
from html import escape
from urllib.parse import urlsplit

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.blocks import Block, table_rows
from importers.pipeline.extract.embeds import canonical_embed_url
from importers.pipeline.extract.faq import FAQSpan
from importers.pipeline.extract.listicle import ListicleSpan
from importers.pipeline.model import (
    FAQ,
    Embed,
    Figure,
    Heading,
    Listicle,
    Paragraph,
    Question,
    Quote,
    Reason,
    Section,
)
from importers.pipeline.parse import text_of
from importers.pipeline.richtext import ANSWER_FEATURES, BODY_FEATURES, sanitise

__all__ = ["drop_chrome_blocks", "drop_title", "standfirst_as_text", "build_body"]

logger = logging.getLogger(__name__)

#: Rich-text features of a run of paragraphs in the body.
PARAGRAPH_FEATURES = ("bold", "italic", "link", "ol", "ul", "blockquote", "hr")
_RICH_KINDS = frozenset({"text", "list", "table", "hr"})
#: Between the cells of a table row, once the table is rich text.
TABLE_CELL_SEPARATOR = " | "


def drop_title(
    blocks: list[Block], title_element: etree._Element | None, title: str
) -> list[Block]:
    """Drop the headline block and anything before it (breadcrumbs, category labels).

    When most of the text comes before the headline, the heading taken for the title is
    not the article's own (an ``<h1>`` in a promo box or a modal after the article): only
    that heading goes, the article before it stays.
    """
    for index, block in enumerate(blocks):
        if block.kind == "heading" and (
            (title_element is not None and block.element is title_element)
            or (index < 5 and block.text == title)
        ):
            before = _text_length(blocks[:index])
            after = _text_length(blocks[index + 1 :])
            if (
                before > patterns.TITLE_MAX_LEADING_CHARS
                and after < patterns.TITLE_MAX_TRAILING_SHARE * before
            ):
                return blocks[:index] + blocks[index + 1 :]
            return blocks[index + 1 :]
    return blocks


def _text_length(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def standfirst_as_text(blocks: list[Block]) -> list[Block]:
    """Turn the standfirst into a paragraph: the first heading, when no prose comes before
    it and it reads as a sentence (:data:`~importers.pipeline.patterns.STANDFIRST_MIN_WORDS`).

    Themes set the deck under the headline as an ``<h2>`` ("Need a new film? Stream these
    ten at home."); kept as a heading it would head a section of the intro, and in a
    listicle whose items are ``<h2>`` too it would be counted as one item more than the
    title promises.
    """
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            if _sentence_like(block.text):
                standfirst = Block(
                    kind="text",
                    element=block.element,
                    text=block.text,
                    html=f"<p>{escape(block.text, quote=False)}</p>",
                )
                return [*blocks[:index], standfirst, *blocks[index + 1 :]]
            return blocks
        if block.kind in _PROSE_KINDS and len(block.text) >= _MIN_PROSE_CHARS:
            return blocks
    return blocks


def _sentence_like(text: str) -> bool:
    words = len(text.split())
    if words >= patterns.STANDFIRST_LONG_WORDS:
        return True
    return words >= patterns.STANDFIRST_MIN_WORDS and bool(_SENTENCE_END_RE.search(text))


#: A sentence's end: a full stop after a lower-case word or a number, not an abbreviation
#: in capitals that ends a heading ("… Agencies in the U.S.").
_SENTENCE_END_RE = re.compile(r"(?:[^\W\d_](?<![A-Z])|\d|[)\]\"'’”])[.!…]\s*$")
_PROSE_KINDS = frozenset({"text", "list", "quote", "table", "details", "faq"})
#: A text block this long before the first heading is the article's own prose.
_MIN_PROSE_CHARS = 80


def _link_density(block: Block) -> float:
    if block.element is None or not block.text:
        return 0.0
    link_text = sum(len(text_of(a)) for a in block.element.iter("a"))
    return link_text / len(block.text)


def drop_chrome_blocks(blocks: list[Block]) -> list[Block]:
    """Remove chrome that carried no telling class: "Share this:" headings and their link
    lists, "Related:" lines, affiliate disclosures, tables of contents, a template's
    "Lorem ipsum" placeholders."""
    kept: list[Block] = []
    skipping_level = 0
    for block in _drop_linked_sections(blocks):
        if block.kind == "heading":
            if patterns.BOILERPLATE_HEADING_RE.match(block.text):
                skipping_level = block.level
                continue
            if skipping_level and block.level > skipping_level and _looks_like_link(block):
                continue
            skipping_level = 0
        elif skipping_level:
            if block.kind in ("text", "list") and (
                _link_density(block) > 0.5 or len(block.text) < 40
            ):
                continue
            skipping_level = 0
        if (
            block.kind == "text"
            and len(block.text) <= patterns.BOILERPLATE_PARAGRAPH_MAX_CHARS
            and patterns.BOILERPLATE_PARAGRAPH_RE.match(block.text)
        ):
            continue
        if block.kind in ("text", "list") and patterns.PLACEHOLDER_TEXT_RE.match(block.text):
            continue
        if (
            block.kind == "list"
            and _link_density(block) > patterns.MAX_LINK_DENSITY
            and block.element is not None
            and _in_page_links(block.element)
        ):
            continue
        kept.append(block)
    return _drop_repeated_runs(_drop_card_runs(_drop_teaser_runs(kept)))


def _drop_linked_sections(blocks: list[Block]) -> list[Block]:
    """Drop a section headed like other posts ("You might also like", "Read next") whose
    every paragraph holds a link to another page of the site, with thumbnails between.

    Its cards carry an excerpt beside the linked title, so they are not dense enough in
    links for :func:`drop_chrome_blocks`; the heading and the links in every card are.
    A section longer than the text before it is the page's content (a round-up).
    """
    drop: set[int] = set()
    for start, heading in enumerate(blocks):
        if heading.kind != "heading" or not (
            patterns.OTHER_CONTENT_HEADING_RE.match(heading.text)
            or patterns.BOILERPLATE_HEADING_RE.match(heading.text)
        ):
            continue
        end = start + 1
        while end < len(blocks) and not (
            blocks[end].kind == "heading" and blocks[end].level <= heading.level
        ):
            end += 1
        section = blocks[start + 1 : end]
        cards = [card for block in section for card in _cards(block)]
        if (
            len(cards) >= patterns.MIN_TEASERS
            and all(card is not None and _holds_link(card) for card in cards)
            and _text_length(section) < _text_length(blocks[:start])
        ):
            drop.update(range(start, end))
    if not drop:
        return blocks
    return [block for i, block in enumerate(blocks) if i not in drop]


def _cards(block: Block) -> list[etree._Element | None]:
    """The elements of a block that would each be one card (``None`` for a block that
    cannot be one): a paragraph, or each item of a list; thumbnails are none."""
    if block.kind == "figure" and not block.text:
        return []
    if block.element is None or block.kind not in ("text", "list"):
        return [None]
    if block.kind == "list":
        return [item for item in block.element if item.tag == "li"] or [None]
    return [block.element]


def _holds_link(element: etree._Element) -> bool:
    links = list(element.iter("a")) or list(element.iterancestors("a"))
    return any((a.get("href") or "").strip() not in ("", "#") for a in links)


def _drop_repeated_runs(blocks: list[Block]) -> list[Block]:
    """Drop a second copy of a stretch of the content: at least
    :data:`~importers.pipeline.patterns.REPEATED_RUN_MIN_BLOCKS` blocks in a row, holding
    :data:`~importers.pipeline.patterns.REPEATED_RUN_MIN_CHARS` or more, that repeat
    earlier blocks in the same order.

    Themes print the article twice for two layouts and carousels clone their slides; the
    hidden copy is only hidden by CSS, which the importer does not run. Single repeated
    lines (a table's summary, a workout's warm-up each week) are the author's and stay.
    """
    # Words only: a copy may differ in its quotation marks or spacing.
    keys = [" ".join(_WORD_RE.findall(block.text.lower())) for block in blocks]
    first: dict[str, int] = {}
    for position, key in enumerate(keys):
        if key:
            first.setdefault(key, position)
    drop: set[int] = set()
    position = 0
    while position < len(keys):
        origin = first.get(keys[position], position)
        length = 0
        # (A long copy is taken in stretches, so that a page of one repeated pattern costs
        # no more than a bounded look-ahead per block.)
        while (
            length < patterns.REPEATED_RUN_MAX_BLOCKS
            and position + length < len(keys)
            and origin + length < position
            and keys[position + length]
            and keys[origin + length] == keys[position + length]
        ):
            length += 1
        copy = range(position, position + length)
        # Distinct blocks: a paragraph repeated many times over is not two copies of a run.
        if (
            len({keys[i] for i in copy}) >= patterns.REPEATED_RUN_MIN_BLOCKS
            and sum(len(keys[i]) for i in copy) >= patterns.REPEATED_RUN_MIN_CHARS
        ):
            drop.update(copy)
            position += length
        else:
            position += 1
    if not drop:
        return blocks
    return [block for i, block in enumerate(blocks) if i not in drop]


def _drop_teaser_runs(blocks: list[Block]) -> list[Block]:
    """Remove runs of teasers: three or more linked titles, each followed by at most a
    couple of short blocks (a category, a date, an excerpt, a thumbnail), and the short
    heading that introduces them ("You might also like", "Popular posts").

    Related-post and newsletter grids often sit inside the content element with excerpts
    long enough to look like prose; their shape gives them away. Numbered titles are left
    to the listicle step; a run holding much of the text, followed by much of it, or
    linking out to several sites, is part of the article (a round-up of links).
    """
    drop: set[int] = set()
    total = sum(len(block.text) for block in blocks)
    index = 0
    while index < len(blocks):
        if not _is_teaser_title(blocks[index]):
            index += 1
            continue
        start, titles, end = index, 0, index
        while end < len(blocks) and _is_teaser_title(blocks[end]):
            titles += 1
            end += 1
            minors = 0
            while (
                end < len(blocks)
                and minors < patterns.TEASER_MAX_EXTRAS
                and _is_teaser_extra(blocks[end])
            ):
                minors += 1
                end += 1
        run_text = sum(len(block.text) for block in blocks[start:end])
        after = sum(len(block.text) for block in blocks[end:])
        # A run holding much of the text is the article itself (a round-up of links), and
        # teasers follow the article: a run with much of the text still to come is content.
        if (
            titles >= patterns.MIN_TEASERS
            and run_text < patterns.TEASER_MAX_SHARE * total
            and after < patterns.TEASER_MAX_SHARE * total
            and _one_site(blocks[start:end])
        ):
            # The first teaser's category line, then the heading that introduces the run.
            for kind in ("text", "heading"):
                before = start - 1
                if (
                    before >= 0
                    and blocks[before].kind == kind
                    and len(blocks[before].text) <= patterns.TEASER_LABEL_MAX_CHARS
                ):
                    start = before
            drop.update(range(start, end))
        index = max(end, index + 1)
    if not drop:
        return blocks
    return [block for i, block in enumerate(blocks) if i not in drop]


def _drop_card_runs(blocks: list[Block]) -> list[Block]:
    """Remove a grid of other posts whose cards each end with the same "Read article" link:
    three or more cards of a few short blocks each (reading time, title, byline, excerpt),
    each card's link to a different page of one site.

    Their titles are often plain text, which :func:`_drop_teaser_runs` cannot see; the
    repeated link closing each card gives the grid away. As there, a run holding much of
    the text, or followed by much of it, is content.
    """
    total = sum(len(block.text) for block in blocks)
    closers: dict[str, list[int]] = {}
    for position, block in enumerate(blocks):
        if _is_card_link(block):
            closers.setdefault(block.text.lower(), []).append(position)
    drop: set[int] = set()
    for positions in closers.values():
        if len(positions) < patterns.MIN_TEASERS:
            continue
        longest = patterns.TEASER_MAX_EXTRAS + 3
        run = [positions[0]]
        for position in positions[1:]:
            if not 1 < position - run[-1] <= longest:
                break
            run.append(position)
        if len(run) < patterns.MIN_TEASERS:
            continue
        start, end = _first_card_start(blocks, run), run[-1] + 1
        cards = blocks[start:end]
        links = [_link_of(blocks[p]) for p in run]
        hrefs = [link.get("href") or "" for link in links if link is not None]
        hosts = {urlsplit(href).netloc.lower().removeprefix("www.") for href in hrefs}
        if (
            len(set(hrefs)) != len(run)
            or len(hosts) != 1
            or any(not _is_card_part(block) for block in cards)
            or sum(len(block.text) for block in cards) >= patterns.TEASER_MAX_SHARE * total
            or sum(len(block.text) for block in blocks[end:]) >= patterns.TEASER_MAX_SHARE * total
        ):
            continue
        if start and blocks[start - 1].kind == "heading":
            start -= 1  # "More from the blog"
        drop.update(range(start, end))
    if not drop:
        return blocks
    return [block for i, block in enumerate(blocks) if i not in drop]


def _first_card_start(blocks: list[Block], run: list[int]) -> int:
    """Where the first card of a grid begins, given the positions of its cards' links.

    Cards may differ by a line (one has no reading time), so the first card's length is not
    the second's: it begins at its title, with no more lines before it than the second card
    has before its own, each no longer than those; without titles, a card's length before
    its link. Never the article's last paragraph.
    """
    lowest = max(0, run[0] - (run[1] - run[0]) + 1)
    title = next(
        (p for p in range(run[0] - 1, lowest - 1, -1) if blocks[p].kind == "heading"), None
    )
    second = next((p for p in range(run[0] + 1, run[1]) if blocks[p].kind == "heading"), None)
    if title is None or second is None:
        start = lowest
        while start < run[0] and not _is_card_part(blocks[start]):
            start += 1
        return start
    lead = blocks[run[0] + 1 : second]
    longest = max((len(block.text) for block in lead), default=0)
    start = title
    while (
        title - start < len(lead)
        and start > lowest
        and blocks[start - 1].kind != "heading"
        and len(blocks[start - 1].text) <= longest
    ):
        start -= 1
    return start


def _is_card_link(block: Block) -> bool:
    """A short block that reads on, in a link or a card that is one ("Read article")."""
    return (
        block.kind == "text"
        and len(block.text) <= patterns.CARD_LINK_MAX_CHARS
        and bool(patterns.READ_ON_RE.match(block.text))
        and _link_of(block) is not None
    )


def _link_of(block: Block) -> etree._Element | None:
    """The link a block is, or sits in (a card wrapped in one ``<a>``)."""
    element = block.element
    if element is None:
        # Loose inline text (a bare link between a card's blocks) keeps only its markup.
        if "<a" not in block.html:
            return None
        element = etree.HTML(block.html)
    links = list(element.iter("a"))
    if links:
        link_text = sum(len(text_of(a)) for a in links)
        dense = link_text >= patterns.TEASER_TITLE_MIN_LINK_DENSITY * len(block.text)
        return links[0] if dense else None
    return next(element.iterancestors("a"), None)


def _is_card_part(block: Block) -> bool:
    if block.kind == "figure":
        return True
    if block.kind == "heading":
        return not any(pattern.match(block.text) for pattern in patterns.NUMBER_PREFIX_RES) and (
            len(block.text) <= patterns.TEASER_TITLE_MAX_CHARS
        )
    return block.kind == "text" and len(block.text) <= patterns.TEASER_EXTRA_MAX_CHARS


def _one_site(blocks: list[Block]) -> bool:
    """Whether the teaser titles link to one site (the page's own posts); a round-up's
    entries link out to many."""
    hosts = set()
    for block in blocks:
        if _is_teaser_title(block):
            link = next(block.element.iter("a"), None)
            if link is None:
                link = next(block.element.iterancestors("a"), None)
            hosts.add(urlsplit(link.get("href") or "").netloc.lower().removeprefix("www."))
    return len(hosts) == 1


def _is_teaser_title(block: Block) -> bool:
    if block.kind not in ("heading", "text") or block.element is None:
        return False
    if not (patterns.TEASER_TITLE_MIN_CHARS <= len(block.text) <= patterns.TEASER_TITLE_MAX_CHARS):
        # Teasers carry article titles; short linked names are a list's entries.
        return False
    if any(pattern.match(block.text) for pattern in patterns.NUMBER_PREFIX_RES):
        return False
    links = list(block.element.iter("a"))
    if not links:
        parent = next((a for a in block.element.iterancestors("a")), None)
        links = [parent] if parent is not None else []
        if not links:
            return False
        density = 1.0
    else:
        density = _link_density(block)
    if density < patterns.TEASER_TITLE_MIN_LINK_DENSITY:
        return False
    return not any((a.get("href") or "").startswith("#") for a in links)


def _is_teaser_extra(block: Block) -> bool:
    if block.kind == "figure":
        return True
    return (
        block.kind == "text"
        and len(block.text) <= patterns.TEASER_EXTRA_MAX_CHARS
        and not _is_teaser_title(block)
    )


def _looks_like_link(block: Block) -> bool:
    return block.element is not None and _link_density(block) > 0.8


def _in_page_links(element: etree._Element) -> bool:
    links = [a.get("href") or "" for a in element.iter("a")]
    return bool(links) and sum(1 for href in links if href.startswith("#")) >= len(links) / 2


def rich_html(blocks: list[Block], features=BODY_FEATURES, warnings=None) -> str:
    """Sanitised rich text of a run of blocks (sub-headings become bold paragraphs).

    Rich text cannot hold an embed, so one inside a reason, answer or intro becomes a
    link to it (reported in ``warnings``) rather than disappearing.
    """
    parts = []
    for block in blocks:
        if block.kind == "embed" and block.url:
            url = canonical_embed_url(block.url)
            parts.append(f'<p><a href="{escape(url)}">{escape(url, quote=False)}</a></p>')
            if warnings is not None:
                warnings.append(f"embed inside a list item or answer kept as a link: {url}")
        elif block.kind == "heading":
            parts.append(f"<p><b>{escape(block.text, quote=False)}</b></p>")
        elif block.kind == "table" and block.element is not None:
            parts.append(_table_rows(block.element))
        elif block.kind in _RICH_KINDS or block.kind == "quote":
            parts.append(block.html)
        elif block.kind == "details":
            parts.append(f"<p><b>{escape(block.text, quote=False)}</b></p>{block.html}")
        elif block.kind == "faq":
            for question, answer in block.faq_items:
                parts.append(f"<p><b>{escape(question, quote=False)}</b></p>{answer}")
    return sanitise("".join(parts), features)


def _table_rows(table: etree._Element) -> str:
    """A table as one paragraph per row, cells separated by a bar.

    Rich text has no tables; without a separator the cells of a row would run together
    ("RankCompanyPremiums").
    """
    rows = []
    for row in table_rows(table):
        cells = [_inner_html(cell) for cell in row if cell.tag in ("td", "th") and text_of(cell)]
        if cells:
            rows.append(f"<p>{TABLE_CELL_SEPARATOR.join(cells)}</p>")
    return "".join(rows) or f"<p>{escape(text_of(table), quote=False)}</p>"


def _inner_html(element: etree._Element) -> str:
    parts = [escape(element.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding=str, method="html") for child in element)
    return "".join(parts).strip()


def _quote(block: Block) -> Quote:
    element = block.element
    attribution = ""
    if element is not None:
        cite = next((c for c in element.iter("cite", "footer")), None)
        if cite is not None:
            attribution = text_of(cite).lstrip("—–- ")
    text = block.text
    if attribution and text.endswith(attribution):
        text = text[: -len(attribution)].rstrip(" —–-")
    return Quote(text=text, attribution=attribution)


def _listicle(span: ListicleSpan, blocks: list[Block], warnings=None) -> Listicle:
    items = []
    for item in span.items:
        if item.body_html:
            body_html = sanitise(item.body_html, BODY_FEATURES)
        else:
            body_html = rich_html(item.body, BODY_FEATURES, warnings)
        images = [b.image for b in item.body if b.kind == "figure" and b.image is not None]
        items.append(
            Reason(heading=item.label, body_html=body_html, number=item.number, images=images)
        )
    heading = blocks[span.heading_index].text if span.heading_index is not None else ""
    return Listicle(
        heading=heading,
        intro_html=rich_html(span.intro, BODY_FEATURES, warnings),
        items=items,
        direction=span.direction,  # type: ignore[arg-type]
        start=span.start_number,
    )


def _faq(span: FAQSpan) -> FAQ:
    items = []
    seen = set()
    for question, answer in span.items:
        key = re.sub(r"\W+", " ", question.lower()).strip()
        if key in seen:
            continue
        seen.add(key)
        items.append(Question(question=question, answer_html=sanitise(answer, ANSWER_FEATURES)))
    return FAQ(heading=span.heading, items=items)


def _faq_sections(blocks: list[Block], span: FAQSpan, warnings: list[str] | None) -> list[Section]:
    """The FAQ of a span, keeping the text of the span that its questions and answers do
    not hold: before its first question and after its last answer as paragraphs around it
    ("Here are quick answers…"), between its questions at the end of the answer before.
    The question finder reads many layouts; none of them may cost the article its text.
    """
    faq = _faq(span)
    kept = set(_trigrams(" ".join([faq.heading, *(_item_text(item) for item in faq.items)])))
    questions = [set(_trigrams(item.question)) for item in faq.items]
    # A block is the FAQ's when most of its runs of three words are (whatever labels,
    # numbers or markup the questions and answers lost: "Q: …?A: …", "3. Why …?").
    runs = [set(_trigrams(block.text)) for block in blocks]
    outside = [
        len(block.text.split()) >= 5 and len(r & kept) < len(r) / 2
        for block, r in zip(blocks, runs, strict=True)
    ]
    first = 1 if blocks and blocks[0].kind == "heading" else 0
    lead_end = first
    while lead_end < len(blocks) and outside[lead_end]:
        lead_end += 1
    trail_start = len(blocks)
    while trail_start > lead_end and outside[trail_start - 1]:
        trail_start -= 1
    lead_blocks = blocks[first:lead_end]
    current, moved = None, 0
    for position in range(lead_end, trail_start):
        asked = [i for i, q in enumerate(questions) if q and q <= runs[position]]
        if asked:
            current = asked[-1]
        if not outside[position]:
            continue
        if current is None:
            lead_blocks.append(blocks[position])  # (before any question it holds)
        else:
            faq.items[current].answer_html += rich_html([blocks[position]], ANSWER_FEATURES)
            moved += 1
    if moved and warnings is not None:
        warnings.append(
            f"FAQ {faq.heading!r}: {moved} block(s) between its questions were added to the "
            "answer before them"
        )
    lead = rich_html(lead_blocks, PARAGRAPH_FEATURES)
    trail = rich_html(blocks[trail_start:], PARAGRAPH_FEATURES)
    return [
        *([Paragraph(html=lead)] if lead else []),
        faq,
        *([Paragraph(html=trail)] if trail else []),
    ]


def _trigrams(text: str) -> list[tuple[str, str, str]]:
    words = _WORD_RE.findall(text.lower())
    return list(zip(words, words[1:], words[2:], strict=False))


def _item_text(item: Question) -> str:
    return item.question + " " + text_of(etree.HTML(f"<div>{item.answer_html}</div>"))


_WORD_RE = re.compile(r"\w+")


def build_body(
    blocks: list[Block],
    listicles: list[ListicleSpan],
    faqs: list[FAQSpan],
    warnings: list[str] | None = None,
) -> tuple[str, list[Section]]:
    """Return the intro rich text and the body sections.

    Args:
        blocks: The content blocks after the title.
        listicles: Listicle spans over ``blocks``.
        faqs: FAQ spans over ``blocks``.
        warnings: Receives what was kept in another form (embeds inside rich text).

    Returns:
        ``(intro_html, sections)``: the intro is the text before the first heading, list or
        FAQ; the sections follow document order.
    """
    spans: dict[int, tuple[int, Section | list[Section]]] = {}
    for listicle in listicles:
        spans[listicle.start] = (listicle.end, _listicle(listicle, blocks, warnings))
    for faq in faqs:
        spans[faq.start] = (faq.end, _faq_sections(blocks[faq.start : faq.end], faq, warnings))

    intro_end = 0
    while (
        intro_end < len(blocks)
        and intro_end not in spans
        and blocks[intro_end].kind not in ("heading", "faq", "details")
    ):
        intro_end += 1
    intro_blocks = blocks[:intro_end]
    intro_html = rich_html(
        [b for b in intro_blocks if b.kind != "figure"], PARAGRAPH_FEATURES, warnings
    )

    sections: list[Section] = [
        Figure(image=b.image) for b in intro_blocks if b.kind == "figure" and b.image is not None
    ]
    run: list[Block] = []

    def flush() -> None:
        if run:
            html = rich_html(run, PARAGRAPH_FEATURES)
            if html:
                sections.append(Paragraph(html=html))
            run.clear()

    index = intro_end
    while index < len(blocks):
        if index in spans:
            flush()
            end, section = spans[index]
            sections.extend(section if isinstance(section, list) else [section])
            index = max(end, index + 1)
            continue
        block = blocks[index]
        if block.kind in _RICH_KINDS:
            run.append(block)
        elif block.kind == "heading":
            flush()
            sections.append(Heading(text=block.text, level=min(max(block.level, 2), 4)))
        elif block.kind == "figure" and block.image is not None:
            flush()
            sections.append(Figure(image=block.image))
        elif block.kind == "quote":
            flush()
            sections.append(_quote(block))
        elif block.kind == "embed" and block.url:
            flush()
            sections.append(Embed(url=canonical_embed_url(block.url)))
        elif block.kind in ("details", "faq"):
            run.append(block)
        index += 1
    flush()
    return intro_html, sections
