"""Find FAQ sections among the content blocks.

Visible FAQs come as plugin blocks (Yoast, Rank Math, microdata, accordions), as
``<details>/<summary>`` pairs, as question sub-headings (or bold questions) under an "FAQ"
heading, or as a run of question headings straight after the main list. FAQPage JSON-LD only
confirms them: a question that exists only in structured data is reported, not imported,
because the reader never saw it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract.blocks import Block, table_rows
from importers.pipeline.extract.listicle import split_number
from importers.pipeline.parse import class_tokens, normalise_space, text_of

__all__ = ["FAQSpan", "find_faqs", "question_run", "check_jsonld_questions", "question_key"]

logger = logging.getLogger(__name__)

_KEY_RE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class FAQSpan:
    """Blocks ``start:end`` form an FAQ; answers are unsanitised HTML."""

    start: int
    end: int
    heading: str
    items: list[tuple[str, str]] = field(default_factory=list)


def question_key(text: str) -> str:
    """Normalised form of a question for comparisons (case, punctuation, quotes)."""
    text = text.replace("’", "'").replace("‘", "'")
    return _KEY_RE.sub(" ", text.lower()).strip()


def _strip_number(text: str) -> str:
    parsed = split_number(text)
    return parsed[1] if parsed else text


def _html_of(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"<p><b>{_escape(block.text)}</b></p>")
        elif block.kind in ("text", "list", "quote", "table"):
            parts.append(block.html)
        elif block.kind == "details":
            parts.append(f"<p><b>{_escape(block.text)}</b></p>{block.html}")
    return "".join(parts)


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def find_faqs(blocks: list[Block], declared: Iterable[str] = ()) -> list[FAQSpan]:
    """Return FAQ sections marked by an FAQ heading, a plugin block or ``<details>``.

    Args:
        blocks: The content blocks.
        declared: Questions the page's own FAQPage structured data lists: under an FAQ
            heading they are an FAQ even when the page holds none of their answers (a
            script fills them in).

    Returns:
        Non-overlapping spans in document order.
    """
    spans: list[FAQSpan] = []
    keys = {question_key(question) for question in declared}
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if (
            (block.kind == "heading" or _bold_label(block) or _plain_label(blocks, index))
            and (
                patterns.FAQ_HEADING_RE.search(block.text)
                or _QUESTIONS_HEADING_RE.match(block.text)
            )
            and not patterns.QUESTION_RE.search(block.text)
        ):
            span = _under_heading(blocks, index, keys)
            if span is not None:
                spans.append(span)
                index = span.end
                continue
        if block.kind in ("faq", "details"):
            span = _widget_run(blocks, index, heading="")
            if span is not None:
                spans.append(span)
                index = span.end
                continue
        index += 1
    if spans and _paragraphs_outside(blocks, spans) < MIN_ARTICLE_PARAGRAPHS:
        # An FAQ is part of an article; on a page whose only prose is the FAQ (a shop's
        # listing with an intro line, a help box) the questions are the page's own text.
        return []
    return spans


#: Paragraphs (text blocks, not lists) an article has besides its FAQ...
MIN_ARTICLE_PARAGRAPHS = 2
#: ...of at least a short sentence: a compact article's reasons are paragraphs of a line.
MIN_PARAGRAPH_CHARS = 30


def _paragraphs_outside(blocks: list[Block], spans: list[FAQSpan]) -> int:
    inside = {i for span in spans for i in range(span.start, span.end)}
    return sum(
        1
        for index, block in enumerate(blocks)
        if index not in inside and block.kind == "text" and len(block.text) >= MIN_PARAGRAPH_CHARS
    )


#: A heading naming questions without the usual words ("Questions About Composting",
#: "Popular questions"); counted headings ("10 Questions to Ask") are listicles instead.
_QUESTIONS_HEADING_RE = re.compile(
    r"^(?:(?:common|popular|top|key|other|more|frequent|reader|readers'?|customer)\s+)?"
    r"questions(?:\s+(?:about|on|for|regarding|answered|from)\b(?:\s+[^\d\s]+){0,6})?\s*:?$",
    re.IGNORECASE,
)


def _widget_run(blocks: list[Block], start: int, heading: str) -> FAQSpan | None:
    items: list[tuple[str, str]] = []
    index = start
    while index < len(blocks) and blocks[index].kind in ("faq", "details"):
        block = blocks[index]
        if block.kind == "faq":
            items.extend((_strip_number(q), a) for q, a in block.faq_items)
        else:
            items.append((_strip_number(block.text), block.html))
        index += 1
    # <details> and a theme's generic accordion hold any collapsed text ("Ingredients",
    # "Shipping", "Returns"); only an FAQ plugin's block is an FAQ whatever it asks.
    untyped = all(
        blocks[i].kind == "details" or _generic_accordion(blocks[i].element)
        for i in range(start, index)
    )
    if untyped and not heading:
        questions = sum(1 for q, _ in items if patterns.QUESTION_RE.search(q))
        if len(items) < 2 or questions < len(items) / 2:
            return None
    return FAQSpan(start, index, heading, items) if items else None


def _generic_accordion(element: etree._Element | None) -> bool:
    """Whether an FAQ widget block is only a theme's accordion (class "accordion"), not an
    FAQ plugin's block or FAQPage / Question microdata."""
    if element is None:
        return False
    itemtype = element.get("itemtype") or ""
    if "FAQPage" in itemtype or itemtype.endswith("/Question"):
        return False
    tokens = [t for t in class_tokens(element) if patterns.FAQ_WIDGET_TOKEN_RE.match(t)]
    return bool(tokens) and all(
        patterns.GENERIC_ACCORDION_TOKEN_RE.search(t) and "faq" not in t for t in tokens
    )


def _bold_label(block: Block) -> bool:
    """A short paragraph that is all bold, standing in for a heading ("<p><strong>FAQs
    </strong></p>")."""
    element = block.element
    if block.kind != "text" or element is None or element.tag != "p":
        return False
    if len(block.text) > patterns.MAX_LEAD_IN_CHARS or (element.text or "").strip():
        return False
    bold = [child for child in element if child.tag in ("b", "strong")]
    return bool(bold) and normalise_space(" ".join(text_of(b) for b in bold)) == block.text


def _plain_label(blocks: list[Block], index: int) -> bool:
    """A few words on their own in a styled ``<div>`` or ``<span>`` ("Common questions"),
    with a question right after: an FAQ heading drawn without heading markup."""
    block = blocks[index]
    if block.kind != "text" or (block.element is not None and block.element.tag != "p"):
        return False
    if len(block.text.split()) > _MAX_PLAIN_LABEL_WORDS or block.text[-1] in ".!?":
        return False
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return (
        following is not None
        and following.kind == "text"
        and len(following.text) <= patterns.MAX_QUESTION_CHARS
        and bool(patterns.QUESTION_RE.search(following.text))
    )


#: Longest plain label read as an FAQ heading, in words ("Frequently asked questions about
#: composting").
_MAX_PLAIN_LABEL_WORDS = 8


#: The level of a bold paragraph standing in for a heading: below every real heading.
_BOLD_LABEL_LEVEL = 7


def _under_heading(
    blocks: list[Block], start: int, declared: frozenset | set = frozenset()
) -> FAQSpan | None:
    heading = blocks[start]
    level = heading.level if heading.kind == "heading" else _BOLD_LABEL_LEVEL
    end = len(blocks)
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and block.level <= level:
            end = index
            break
    end = _after_last_question(blocks, start + 1, end)
    region = list(range(start + 1, end))
    items: list[tuple[str, str]] = []
    sub_headings = [i for i in region if blocks[i].kind == "heading"]
    widgets = [i for i in region if blocks[i].kind in ("faq", "details")]
    if widgets:
        for i in widgets:
            block = blocks[i]
            if block.kind == "faq":
                items.extend((_strip_number(q), a) for q, a in block.faq_items)
            else:
                items.append((_strip_number(block.text), block.html))
    elif sub_headings:
        items = _heading_questions(blocks, sub_headings, end)
        resumed = _resumed_questions(blocks, level, sub_headings, end)
        if resumed is not None:
            questions, end = resumed
            items = _heading_questions(blocks, questions, end)
    else:
        items = (
            _definition_questions(blocks, region)
            or _table_questions(blocks, region)
            or _list_questions(blocks, region)
            or _bold_questions(blocks, region)
            or _labelled_questions(blocks, region)
            or _plain_questions(blocks, region)
        )
    if not items and heading.kind == "heading":
        items, end = _same_level_questions(blocks, start)
    answered = any(_answered(answer) for _, answer in items)
    if not answered and not any(question_key(q) in declared for q, _ in items):
        # Questions whose answers the page does not hold (loaded when clicked) are a menu
        # of links, not an FAQ a reader can read.
        return None
    return FAQSpan(start, end, heading.text, items)


def _resumed_questions(
    blocks: list[Block], level: int, sub_headings: list[int], end: int
) -> tuple[list[int], int] | None:
    """The FAQ's question headings when its questions resume after one interrupting section.

    A section heading at the FAQ heading's level dropped among the answers ("Buying
    online", with a paragraph or two) ends the FAQ early, though the questions go on after
    it at their own level. When every sub-heading of that section at the questions' level
    asks a question (at least :data:`~importers.pipeline.patterns.MIN_QUESTION_RUN`, each
    answered), they are more of the FAQ's questions: returns them all and the new end.
    """
    if end >= len(blocks) or not sub_headings:
        return None
    interruption = blocks[end]
    top = min(blocks[i].level for i in sub_headings)
    questions = [i for i in sub_headings if blocks[i].level == top]
    if (
        interruption.kind != "heading"
        or interruption.level != level
        or top <= level
        or patterns.QUESTION_RE.search(interruption.text)
        or patterns.FAQ_HEADING_RE.search(interruption.text)
        or not all(patterns.QUESTION_RE.search(blocks[i].text) for i in questions)
    ):
        return None
    after = _section_end(blocks, end)
    inner = [i for i in range(end + 1, after) if blocks[i].kind == "heading"]
    if any(blocks[i].level < top for i in inner):
        return None
    more = [i for i in inner if blocks[i].level == top]
    if len(more) < patterns.MIN_QUESTION_RUN or not all(
        patterns.QUESTION_RE.search(blocks[i].text) for i in more
    ):
        return None
    answers = _heading_questions(blocks, more, after)
    if not all(_answered(answer) for _, answer in answers):
        return None
    return [*questions, *more], after


def _section_end(blocks: list[Block], start: int) -> int:
    """Index of the next heading at or above the level of heading ``start``."""
    level = blocks[start].level
    for index in range(start + 1, len(blocks)):
        if blocks[index].kind == "heading" and blocks[index].level <= level:
            return index
    return len(blocks)


def _answered(answer_html: str) -> bool:
    return bool(_TAG_RE.sub("", answer_html).strip())


_TAG_RE = re.compile(r"<[^>]*>")


def _after_last_question(blocks: list[Block], start: int, end: int) -> int:
    """Where an FAQ of question sub-headings ends: at the first sub-heading of their level
    after the last question that is not one (an author box's name, "Related posts").

    Only when most of those sub-headings are questions; an FAQ titled by topic ("Pricing",
    "Delivery") keeps all of its sub-headings.
    """
    headings = [i for i in range(start, end) if blocks[i].kind == "heading"]
    if not headings:
        return end
    top = min(blocks[i].level for i in headings)
    level = [i for i in headings if blocks[i].level == top]
    questions = [i for i in level if patterns.QUESTION_RE.search(blocks[i].text)]
    if len(questions) * 2 <= len(level):
        return end
    after = [i for i in level if i > questions[-1]]
    return after[0] if after else end


def _heading_questions(
    blocks: list[Block], headings: list[int], end: int
) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    top = min(blocks[i].level for i in headings)
    questions = [i for i in headings if blocks[i].level == top]
    previous_key = None
    for position, index in enumerate(questions):
        next_index = questions[position + 1] if position + 1 < len(questions) else end
        question = _strip_number(blocks[index].text)
        key = question_key(question)
        answer_blocks = [
            b
            for b in blocks[index + 1 : next_index]
            if not (b.kind == "heading" and question_key(b.text) == key)
        ]
        if key == previous_key and items:
            items[-1] = (items[-1][0], items[-1][1] + _html_of(answer_blocks))
            continue
        previous_key = key
        items.append((question, _html_of(answer_blocks)))
    return items


def _same_level_questions(blocks: list[Block], start: int) -> tuple[list[tuple[str, str]], int]:
    """Question headings at the FAQ heading's own level right after it."""
    level = blocks[start].level
    heads = []
    end = len(blocks)
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and block.level <= level:
            if block.level == level and patterns.QUESTION_RE.search(block.text):
                heads.append(index)
                continue
            end = index
            break
    if not heads:
        return [], start + 1
    return _heading_questions(blocks, heads, end), end


def _bold_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Questions written as bold text ending in "?" inside paragraphs, each followed by
    its answer (possibly in the same paragraph after a ``<br>``)."""
    items: list[tuple[str, str]] = []
    for index in region:
        block = blocks[index]
        if block.element is None or block.kind != "text":
            if items and block.kind in ("text", "list"):
                items[-1] = (items[-1][0], items[-1][1] + block.html)
            continue
        bolds = [
            b for b in block.element.iter("b", "strong") if patterns.QUESTION_RE.search(text_of(b))
        ]
        if not bolds:
            if items:
                items[-1] = (items[-1][0], items[-1][1] + block.html)
            continue
        leading = _before(block.element, bolds[0])
        if items and _answered(leading):
            # "…the answer.<br><br><strong>Next question?</strong>": what comes before a
            # paragraph's first question answers the one before.
            items[-1] = (items[-1][0], items[-1][1] + "<p>" + leading + "</p>")
        for position, bold in enumerate(bolds):
            answer_parts = []
            node = bold
            stop = bolds[position + 1] if position + 1 < len(bolds) else None
            # Collect the tail and following siblings up to the next bold question.
            if bold.tail:
                answer_parts.append(_escape(bold.tail))
            sibling = bold.getnext()
            while sibling is not None and sibling is not stop:
                answer_parts.append(etree.tostring(sibling, encoding=str, method="html"))
                sibling = sibling.getnext()
            del node
            items.append((normalise_space(text_of(bold)), "<p>" + "".join(answer_parts) + "</p>"))
    return items


def _before(element: etree._Element, inner: etree._Element) -> str:
    """The markup of ``element`` before the child that holds ``inner``."""
    top = inner
    while top.getparent() is not element:
        top = top.getparent()
    parts = [_escape(element.text or "")]
    for child in element:
        if child is top:
            break
        parts.append(etree.tostring(child, encoding=str, method="html"))
    return "".join(parts)


def _definition_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Questions as the terms of a definition list (``<dt>``), answered by its ``<dd>``s."""
    items: list[tuple[str, str]] = []
    for index in region:
        element = blocks[index].element
        if element is None or element.tag != "dl":
            continue
        for child in element:
            if child.tag == "dt":
                items.append((text_of(child), ""))
            elif child.tag == "dd" and items:
                items[-1] = (items[-1][0], items[-1][1] + _inner_html(child))
    return _mostly_questions(items)


def _list_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Questions as the bold openings of list entries ("<li><b>Q?</b> answer</li>")."""
    items: list[tuple[str, str]] = []
    for index in region:
        element = blocks[index].element
        if blocks[index].kind != "list" or element is None:
            continue
        for entry in element:
            if entry.tag != "li":
                continue
            lead = _leading_bold(entry)
            if lead is None:
                lead = _first_line(entry)
            if lead is None:
                return []
            rest = _escape(lead.tail or "") + "".join(
                etree.tostring(sibling, encoding=str, method="html")
                for sibling in lead.itersiblings()
            )
            question = text_of(lead) if lead.tag != "br" else normalise_space(entry.text or "")
            items.append((question, f"<p>{rest.strip()}</p>" if rest.strip() else ""))
    return _mostly_questions(items)


def _first_line(entry: etree._Element) -> etree._Element | None:
    """The ``<br>`` ending an entry's plain first line ("Question?<br>Answer"): the line
    before it is the question, what follows the answer."""
    first = entry[0] if len(entry) else None
    if first is None or first.tag != "br" or not (entry.text or "").strip():
        return None
    return first


def _table_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Questions in the first cell of a table's rows, answered by the next cell (a header
    row of "Question" / "Answer" left out)."""
    items: list[tuple[str, str]] = []
    for index in region:
        element = blocks[index].element
        if blocks[index].kind != "table" or element is None:
            continue
        for row in table_rows(element):
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            if len(cells) < 2 or all(cell.tag == "th" for cell in cells):
                continue
            items.append((text_of(cells[0]), _inner_html(cells[1])))
    return _mostly_questions(items)


def _leading_bold(entry: etree._Element) -> etree._Element | None:
    """The ``<b>``/``<strong>`` that opens a list entry (through a leading ``<p>``)."""
    node = entry
    for _ in range(2):
        if (node.text or "").strip() or not len(node):
            return None
        first = node[0]
        if first.tag in ("b", "strong"):
            return first
        node = first
    return None


def _mostly_questions(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The answered items, when at least two are and most items ask a question."""
    answered = [(q, a) for q, a in items if _answered(a)]
    asked = sum(1 for q, _ in items if patterns.QUESTION_RE.search(q))
    if len(answered) < patterns.MIN_QUESTION_RUN or asked * 2 < len(items):
        return []
    return answered


def _labelled_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Questions and answers labelled "Q:" and "A:", in one paragraph or two."""
    items: list[tuple[str, str]] = []
    for index in region:
        block = blocks[index]
        if block.kind != "text":
            continue
        match = _LABELLED_RE.match(block.text)
        if match:
            answer = match.group("answer") or ""
            items.append((match.group("question"), f"<p>{_escape(answer)}</p>" if answer else ""))
        elif items and not items[-1][1]:
            answer = _ANSWER_LABEL_RE.sub("", block.text, count=1)
            items[-1] = (items[-1][0], f"<p>{_escape(answer)}</p>")
    return _mostly_questions(items)


#: "Q: How long…?" optionally followed, in the same paragraph, by "A: It takes…".
_LABELLED_RE = re.compile(
    r"^Q(?:uestion)?\s*[:.)]\s*(?P<question>[^?]{3,}\?)\s*"
    r"(?:A(?:nswer)?\s*[:.)]\s*(?P<answer>\S.*))?$",
    re.DOTALL,
)
_ANSWER_LABEL_RE = re.compile(r"^A(?:nswer)?\s*[:.)]\s*")


def _inner_html(element: etree._Element) -> str:
    parts = [_escape(element.text or "")]
    parts.extend(etree.tostring(child, encoding=str, method="html") for child in element)
    html = "".join(parts).strip()
    return html if html.startswith("<") else f"<p>{html}</p>"


def _plain_questions(blocks: list[Block], region: list[int]) -> list[tuple[str, str]]:
    """Short plain paragraphs ending in "?", each followed by its answer.

    Accordion toggles (``<button>``, ``<label>``, ``<div class="…-question">``) arrive here
    as plain paragraphs once their widget is gone. Under an FAQ heading a question with an
    answer after it is what they are; a question with no answer is left as text.
    """
    items: list[tuple[str, list[Block]]] = []
    for index in region:
        block = blocks[index]
        if (
            block.kind == "text"
            and len(block.text) <= patterns.MAX_QUESTION_CHARS
            and patterns.QUESTION_RE.search(block.text)
        ):
            items.append((_strip_number(block.text), []))
        elif items and block.kind in ("text", "list", "quote", "table"):
            items[-1][1].append(block)
    answered = [(question, _html_of(answer)) for question, answer in items if answer]
    if len(answered) < patterns.MIN_QUESTION_RUN or len(answered) < len(items) / 2:
        return []
    return answered


def question_run(blocks: list[Block], start: int, excluded: set[int]) -> FAQSpan | None:
    """A run of question headings starting at ``start`` (right after the main list).

    Args:
        blocks: The content blocks.
        start: Index of the first block after the listicle.
        excluded: Indices already claimed by other sections.

    Returns:
        An FAQ span without heading, or ``None`` when fewer than two answered questions
        follow.
    """
    index = start
    while index < len(blocks) and blocks[index].kind != "heading":
        if index in excluded:
            return None
        index += 1
    if index >= len(blocks):
        return None
    level = blocks[index].level
    heads: list[int] = []
    end = len(blocks)
    for position in range(index, len(blocks)):
        block = blocks[position]
        if position in excluded:
            end = position
            break
        if block.kind == "heading" and block.level <= level:
            if block.level == level and patterns.QUESTION_RE.search(block.text):
                heads.append(position)
                continue
            end = position
            break
    if len(heads) < patterns.MIN_QUESTION_RUN or _questions_later(blocks, end, level):
        return None
    items = _heading_questions(blocks, heads, end)
    if sum(1 for _, answer in items if answer.strip()) < patterns.MIN_QUESTION_RUN:
        return None
    return FAQSpan(index, end, "", items)


def _questions_later(blocks: list[Block], end: int, level: int) -> bool:
    """Whether more question headings at ``level`` follow a statement heading after the run.

    An article whose sections are titled by questions and statements alike ("Why is it
    popular?", "What users say", "Can you learn with it?") asks them as its own sections;
    only a run closing the page's questions reads as an FAQ.
    """
    return any(
        block.kind == "heading"
        and block.level == level
        and patterns.QUESTION_RE.search(block.text)
        for block in blocks[end:]
    )


def embedded_faq_questions(root: etree._Element) -> list[str]:
    """Questions of an FAQPage serialised into a script's state (escaped JSON, as script
    frameworks ship their JSON-LD) rather than JSON-LD markup: names only, to confirm an
    FAQ the page shows (never imported from here)."""
    questions = []
    for script in root.iter("script"):
        text = script.text
        if not text or "FAQPage" not in text:
            continue
        if (script.get("type") or "").lower() == "application/ld+json":
            continue  # read as JSON-LD by the metadata step
        for raw in _EMBEDDED_QUESTION_RE.findall(text):
            # Escapes left in (a backslash) fall away in question_key's comparison.
            questions.append(raw)
    return questions


#: ``"@type":"Question","name":"…"`` with its quotes possibly escaped (``\"``).
_EMBEDDED_QUESTION_RE = re.compile(
    r'\\*"@type\\*"\s*:\s*\\*"Question\\*"\s*,\s*\\*"name\\*"\s*:\s*\\*"(.{3,300}?)\\*"\s*[,}]'
)


def check_jsonld_questions(
    jsonld: list[tuple[str, str]], spans: list[FAQSpan], warnings: list[str]
) -> None:
    """Warn about FAQPage questions that are not visible on the page."""
    visible = {question_key(q) for span in spans for q, _ in span.items}
    for question, _answer in jsonld:
        if question_key(question) not in visible:
            warnings.append(
                f"FAQ question found only in structured data (not shown on the page), "
                f"not imported: {normalise_space(question)!r}"
            )
