"""Find the article's main content and strip page chrome from it.

Works in place on the lxml tree, after the metadata, author and comment steps have read what
they need from the whole page. Chrome is recognised by tag (``nav``, ``aside``, site
``header``/``footer``) and by class/id tokens (``patterns.BOILERPLATE_TOKEN_RE``); the main
content is then the smallest element that still holds most of the page's paragraph text
(the idea behind Readability's scoring, reduced to one bottom-up pass).
"""

from __future__ import annotations

import logging

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.parse import class_tokens, raw_text, text_of

__all__ = ["find_main_content", "drop_unwanted", "resolve_streamed_segments"]

logger = logging.getLogger(__name__)

_SCORED_TAGS = ("p", "li", "td", "dd", "pre", "blockquote", "h2", "h3", "h4", "summary")
#: Containers whose bare text (not inside a scored element) is scored too.
_BARE_TEXT_TAGS = ("div", "section", "article", "main", "center")
#: Elements the content may narrow down to. Page chrome tags are among them: one that still
#: holds most of the text after cleaning wraps the page (an unclosed ``<header>``).
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_DESCEND_TAGS = (
    frozenset(
        {"body", "div", "section", "article", "main", "span", "center", "font", "form", "td"}
        | {"header", "footer", "aside"}
    )
    | _TABLE_PARTS
)
_NEVER_REMOVE = frozenset({"html", "body"})
_CHROME_ELEMENT_TAGS = patterns.CHROME_TAGS | {"header", "footer"}


def find_main_content(
    root: etree._Element, title_element: etree._Element | None = None
) -> etree._Element:
    """Strip chrome from the document and return the element holding the article.

    Args:
        root: The parsed document; modified in place.
        title_element: The displayed headline, if known. Chrome rules never remove an element
            that contains it.

    Returns:
        The content element (``<body>`` when nothing narrower holds most of the text).
    """
    resolve_streamed_segments(root)
    signup_boxes = drop_unwanted(root)
    body = root.find("body")
    if body is None:
        body = root
    scores = _paragraph_scores(body)
    _discount_hidden(body, scores)
    total = scores.get(body, 0)
    protected = _ancestors(title_element) if title_element is not None else set()
    _remove_chrome(body, scores, total, protected)
    content = _climb_for_faq(_descend(body, scores), body, scores)
    _drop_signup_boxes(content, signup_boxes)
    return content


def resolve_streamed_segments(root: etree._Element) -> None:
    """Move React streaming-SSR segments into their placeholders, as the page script would.

    Pages rendered by streaming SSR send late content in hidden ``<div id="S:n">`` blocks at
    the end of ``<body>``; a script moves each into ``<template id="B:n">``. Without scripts
    the content would sit after the comments, in the wrong order.
    """
    placeholders = {el.get("id")[2:]: el for el in patterns.STREAMED_PLACEHOLDER_XPATH(root)}
    if not placeholders:
        return
    for segment in patterns.STREAMED_SEGMENT_XPATH(root):
        placeholder = placeholders.get(segment.get("id")[2:])
        if placeholder is None or placeholder.getparent() is None:
            continue
        parent = placeholder.getparent()
        index = parent.index(placeholder)
        # The placeholder is followed by the fallback content (e.g. "Loading..."), up to the
        # closing marker; React removes it, and so do we when it is a short sibling run.
        _drop_fallback(placeholder)
        segment.getparent().remove(segment)
        for offset, child in enumerate(list(segment)):
            parent.insert(index + offset, child)
        if segment.text and segment.text.strip():
            previous = parent[index - 1] if index > 0 else None
            if previous is not None:
                previous.tail = (previous.tail or "") + segment.text
        parent.remove(placeholder)


def _drop_fallback(placeholder: etree._Element) -> None:
    """Remove the fallback siblings React renders after a streaming placeholder."""
    sibling = placeholder.getnext()
    while sibling is not None:
        following = sibling.getnext()
        if sibling.tag == "template" or not isinstance(sibling.tag, str):
            break
        text = raw_text(sibling).strip()
        if len(text) > 80:
            break
        sibling.getparent().remove(sibling)
        sibling = following


def drop_unwanted(root: etree._Element) -> list[list[etree._Element]]:
    """Remove scripts, styles, forms and non-embed iframes together with their content.

    A form, button or ``<noscript>`` that holds most of the page's text wraps the article
    (see ``patterns.DROP_CONTAINER_TAGS``): it loses only its tag.

    Returns the boxes around the sign-up forms it removed (for each, the form's ancestors
    that hold only its pitch and small print, innermost first): which of them can go
    depends on where the article turns out to be (:func:`_drop_signup_boxes`).
    """
    for button in list(root.iter("button")):
        # Accordion toggles hold FAQ questions; keep their text as a plain element.
        if (
            button.get("aria-controls")
            or button.get("aria-expanded")
            or any(patterns.FAQ_QUESTION_TOKEN_RE.match(t) for t in class_tokens(button))
            or _question_toggle(button)
        ):
            button.tag = "div"
    # Read before the inputs go with DROP_TAGS.
    signups = {form for form in root.iter("form") if _is_signup_form(form)}
    etree.strip_elements(root, *patterns.DROP_TAGS, with_tail=False)
    boxes = _drop_unwanted_containers(root, signups)
    for iframe in list(root.iter("iframe")):
        src = iframe.get("src") or iframe.get("data-src") or ""
        if not patterns.EMBED_URL_RE.match(src):
            iframe.getparent().remove(iframe) if not iframe.tail else _remove(iframe)
    return boxes


def _question_toggle(button: etree._Element) -> bool:
    """A button whose text is a question of a few words: an FAQ toggle, whatever its class
    (a "Need help?" call to action is shorter)."""
    text = raw_text(button)
    return bool(patterns.QUESTION_RE.search(text)) and len(text.split()) >= _MIN_QUESTION_WORDS


#: Fewest words of a question in a button read as an FAQ toggle.
_MIN_QUESTION_WORDS = 3


def _drop_unwanted_containers(
    root: etree._Element, signups: set = frozenset()
) -> list[list[etree._Element]]:
    """Remove forms, buttons, ``<noscript>`` and dialogs, unwrapping any that holds most of
    the text; return the boxes around the sign-up forms among them (``signups``)."""
    boxes: list[list[etree._Element]] = []
    containers = [*root.iter(*patterns.DROP_CONTAINER_TAGS), *_dialogs(root)]
    if not containers:
        return boxes
    limit = None
    for element in containers:
        chars = _visible_chars(element)
        if chars >= patterns.UNWRAP_CONTAINER_MIN_CHARS:
            # The page total is only needed (and costly on big pages) for the rare large one.
            if limit is None:
                limit = _visible_chars(root) * patterns.UNWRAP_CONTAINER_MIN_SHARE
            if chars > limit:
                element.tag = "div"
                for attribute in ("role", "aria-modal"):
                    element.attrib.pop(attribute, None)
                continue
        if element in signups:
            chain = _signup_box(element, chars)
            if chain:
                boxes.append(chain)
        _remove(element)
    return boxes


def _is_signup_form(form: etree._Element) -> bool:
    for field in form.iter("input"):
        kind = (field.get("type") or "text").lower()
        if kind in patterns.SIGNUP_INPUT_TYPES:
            return True
        if kind == "text":
            said = " ".join(filter(None, map(field.get, ("name", "placeholder", "aria-label"))))
            if patterns.SIGNUP_INPUT_RE.search(said):
                return True
    return False


def _signup_box(form: etree._Element, form_chars: int) -> list[etree._Element]:
    """The ancestors of a sign-up form that may be only its box (innermost first): its
    pitch ("Be the first to know"), heading and consent text, a few hundred characters
    beside the form, and none of an article's structure (lists, images, tables, the
    headline). A short article around a bare form passes too: see
    :func:`_drop_signup_boxes`."""
    chain = []
    parent = form.getparent()
    while parent is not None and parent.tag not in _NEVER_REMOVE:
        if parent.tag in patterns.SIGNUP_BOX_STOP_TAGS:
            break
        if _visible_chars(parent) - form_chars > patterns.SIGNUP_BOX_MAX_CHARS:
            break
        if any(True for _ in parent.iter(*patterns.SIGNUP_BOX_STOP_TAGS)):
            break
        chain.append(parent)
        parent = parent.getparent()
    return chain


def _drop_signup_boxes(content: etree._Element, boxes: list[list[etree._Element]]) -> None:
    """Remove each sign-up box inside the article: the outermost of its candidates
    strictly inside ``content``. The article's own element, and what holds it, never go
    (a short article with a form in it is not a box)."""
    for chain in boxes:
        inside = [
            element
            for element in chain
            if element is not content and _still_attached(element, content)
        ]
        if inside:
            _remove(inside[-1])


def _dialogs(root: etree._Element) -> list[etree._Element]:
    found = []
    for value in patterns.DIALOG_ATTRIBUTES_XPATH(root):
        if value in patterns.DIALOG_ROLES or (value.attrname == "aria-modal" and value == "true"):
            element = value.getparent()
            if element.tag not in _NEVER_REMOVE:
                found.append(element)
    return found


def _visible_chars(element: etree._Element) -> int:
    """Characters of text in ``element``, whitespace left out (indentation is not text)."""
    if not len(element):
        # A leaf (most links and many paragraphs): its text is all there is, and reading
        # it is far cheaper than serialising the element.
        text = element.text
        return _non_space_length(text) if text else 0
    return _non_space_length(raw_text(element))


def _non_space_length(text: str) -> int:
    # Counting is several times faster than splitting and joining; other whitespace
    # (no-break spaces) is too rare to matter for a length.
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def _remove(element: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _ancestors(element: etree._Element) -> set[etree._Element]:
    found = {element}
    found.update(element.iterancestors())
    return found


#: How sure :func:`chrome_level` is that an element is chrome.
NOT_CHROME, MAYBE_CHROME, CHROME = 0, 1, 2


#: Internal level: chrome that is never spared (site navigation, comments, consent boxes).
_SITE_CHROME = 3


def chrome_level(element: etree._Element) -> int:
    """Classify an element as page chrome by its tag or class/id tokens.

    An exact token ("sidebar", "comments-area") is ``CHROME``; a tag (``nav``, ``aside``,
    ``footer``) or a substring of a longer class ("content-sidebar-wrap") is only
    ``MAYBE_CHROME``, because themes also use such names for wrappers of the article.
    """
    level = _chrome_level(element.tag, element.get("class") or "", element.get("id") or "", {})
    return min(level, CHROME)


def _chrome_level(tag: str, classes: str, element_id: str, verdicts: dict[str, int]) -> int:
    """:func:`chrome_level` with a memo of class and id verdicts shared over one page (themes
    repeat the same class strings on many elements, and the boilerplate expression is the
    costliest step of the chrome pass). Classes and id are judged apart, since ids rarely
    repeat; the stronger verdict wins, as it would on the two joined."""
    verdict = verdicts.get(classes)
    if verdict is None:
        verdict = verdicts[classes] = _token_verdict(classes)
    if element_id:
        id_verdict = verdicts.get(element_id)
        if id_verdict is None:
            id_verdict = verdicts[element_id] = _token_verdict(element_id)
        verdict = max(verdict, id_verdict)
    if verdict == _CONTENT:
        return NOT_CHROME
    if verdict == _SITE or (verdict == _CHROME and tag in _CHROME_ELEMENT_TAGS):
        # A chrome class on a chrome element (``<aside class="sidebar">``): no doubt left.
        return _SITE_CHROME
    if verdict == _CHROME:
        return CHROME
    if tag in patterns.CHROME_TAGS or tag == "footer":
        return MAYBE_CHROME
    return MAYBE_CHROME if verdict == _SUBSTRING else NOT_CHROME


#: Token verdicts, weakest first: when class and id disagree, the higher one holds.
_NONE, _SUBSTRING, _CHROME, _SITE, _CONTENT = range(5)


def _token_verdict(attribute: str) -> int:
    """What a class or id value says about an element, whatever its tag."""
    tokens = attribute.lower()
    if patterns.CONTENT_TOKEN_RE.search(tokens):
        return _CONTENT
    if patterns.BOILERPLATE_TOKEN_RE.search(tokens):
        return _SITE if patterns.SITE_CHROME_TOKEN_RE.search(tokens) else _CHROME
    if patterns.BOILERPLATE_SUBSTRING_RE.search(tokens):
        return _SUBSTRING
    return _NONE


def _remove_chrome(
    body: etree._Element,
    scores: dict[etree._Element, int],
    total: int,
    protected: set[etree._Element],
) -> int:
    """Remove chrome elements, sparing any that hold the title or much of the text.

    Page builders and themes put whole articles, or large parts of them, in elements
    classed like chrome ("widget" panels, a "table-of-contents" section, a Blogger
    "widget Blog"); such an element is kept when it holds a good share of the page's prose,
    and so are the elements sharing its class (the builder's other panels, shorter parts of
    the same article). Site navigation, comment threads and consent boxes are removed
    whatever they hold.
    """
    limits = {
        CHROME: total * patterns.CHROME_CONTAINER_MIN_SHARE,
        MAYBE_CHROME: total * patterns.CONTENT_CONTAINER_MIN_SHARE,
    }
    verdicts: dict[str, int] = {}
    faq_paths = _article_faq_paths(body)
    doomed = []
    spared_classes: set[str] = set()
    for element in body.iter(etree.Element):
        tag = element.tag
        classes = element.get("class") or ""
        element_id = element.get("id") or ""
        if not (classes or element_id or tag in _CHROME_ELEMENT_TAGS):
            continue
        if tag in _NEVER_REMOVE or element in protected:
            continue
        level = _chrome_level(tag, classes, element_id, verdicts)
        if level == _SITE_CHROME:
            doomed.append((element, False))
        elif level != NOT_CHROME:
            if scores.get(element, 0) < limits[level]:
                doomed.append((element, level == CHROME))
            elif level == CHROME and classes:
                spared_classes.add(classes)
    removed = 0
    for element, sparable in doomed:
        if sparable and element.get("class") in spared_classes:
            continue
        if element in faq_paths:
            # Chrome around the article's FAQ (the article's footer): the FAQ stays, the
            # rest of the element (author box, advert) goes.
            node = element
            while node in faq_paths:
                keep = faq_paths[node]
                for child in list(node):
                    if child is not keep and isinstance(child.tag, str):
                        removed += _remove_scored(child, body, scores)
                node = keep
            continue
        removed += _remove_scored(element, body, scores)
    logger.debug("Removed %d chrome elements", removed)
    return removed


def _article_faq_paths(body: etree._Element) -> dict[etree._Element, etree._Element]:
    """The article's FAQs that sit in chrome-like elements, as a map from each element
    between an ``<article>``/``<main>`` and an FAQ to its child towards that FAQ.

    An FAQ is a heading that says so followed by questions (headings, ``<summary>`` or
    accordion toggles); the element holding both is kept whole. Themes put the FAQ in the
    article's footer, beside the author box and an advert: the footer then loses everything
    but the FAQ instead of being removed with it.
    """
    paths: dict[etree._Element, etree._Element] = {}
    for container in body.iter("article", "main"):
        parts = list(container.iter(*_FAQ_PARTS))
        for position, part in enumerate(parts):
            if part.tag not in _FAQ_HEADINGS:
                continue
            text = raw_text(part).strip()
            if not patterns.FAQ_HEADING_RE.search(text) or patterns.QUESTION_RE.search(text):
                continue
            questions = []
            for later in parts[position + 1 :]:
                later_text = raw_text(later).strip()
                if patterns.QUESTION_RE.search(later_text):
                    questions.append(later)
                elif later.tag in _FAQ_HEADINGS and later.tag <= part.tag:
                    break  # the next section
            if len(questions) < patterns.MIN_QUESTION_RUN:
                continue
            faq = _common_ancestor([part, *questions])
            child = faq
            for ancestor in faq.iterancestors():
                if ancestor is container:
                    break
                paths[ancestor] = child
                child = ancestor
    return paths


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The lowest element holding all of ``elements`` (or the element itself, for one)."""
    first = [elements[0], *elements[0].iterancestors()]
    common = len(first) - 1
    for element in elements[1:]:
        lineage = {id(node) for node in (element, *element.iterancestors())}
        while common > 0 and id(first[len(first) - 1 - common]) not in lineage:
            common -= 1
    return first[len(first) - 1 - common]


_FAQ_HEADINGS = frozenset({"h2", "h3", "h4", "h5"})
_FAQ_PARTS = ("h2", "h3", "h4", "h5", "summary", "button", "dt")


def _remove_scored(
    element: etree._Element, body: etree._Element, scores: dict[etree._Element, int]
) -> bool:
    """Remove an element still in the body, taking its score off its ancestors' scores."""
    if element.getparent() is None or not _still_attached(element, body):
        return False
    score = scores.pop(element, 0)
    if score:
        for ancestor in element.iterancestors():
            if ancestor in scores:
                scores[ancestor] -= score
    _remove(element)
    return True


def _still_attached(element: etree._Element, body: etree._Element) -> bool:
    return any(ancestor is body for ancestor in element.iterancestors())


def _paragraph_scores(body: etree._Element) -> dict[etree._Element, int]:
    """Sum the non-link text of paragraph-like elements into every ancestor.

    Link text is subtracted so that menus and link lists score nothing.
    """
    scores: dict[etree._Element, int] = {}
    # Sum each parent's scored children first, then climb once per parent: paragraphs are
    # mostly siblings, and climbing from each of them cost most of this pass.
    by_parent: dict[etree._Element, int] = {}
    for element in body.iter(*_SCORED_TAGS):
        if element.tag == "li" and element.find("p") is not None:
            continue
        # Whitespace is not text: a menu item's indentation can outweigh its words a
        # hundredfold, and made mega-menus look like the article.
        length = _visible_chars(element)
        if not length:
            continue
        for link in element.iter("a"):
            length -= _visible_chars(link)
        if length <= 0:
            continue
        scores[element] = scores.get(element, 0) + length
        if element is not body:
            parent = element.getparent()
            by_parent[parent] = by_parent.get(parent, 0) + length
    _score_bare_text(body, scores, by_parent)
    for parent, length in by_parent.items():
        node = parent
        while node is not None:
            scores[node] = scores.get(node, 0) + length
            if node is body:
                break
            node = node.getparent()
    return scores


def _score_bare_text(
    body: etree._Element, scores: dict[etree._Element, int], by_parent: dict[etree._Element, int]
) -> None:
    """Score text written straight into a ``<div>`` (with ``<br>`` and inline markup) as a
    paragraph: many sites and editors put whole articles in such runs, never in ``<p>``."""
    found = []
    for element in body.iter(*_BARE_TEXT_TAGS):
        length, links = _bare_text(element)
        length -= links
        if length < patterns.MIN_BARE_TEXT_CHARS:
            continue
        # Inside a list item or a table cell the text is counted with that element already.
        if any(ancestor.tag in _SCORED_TAGS for ancestor in element.iterancestors()):
            continue
        found.append((element, length))
    paragraphs = sum(by_parent.values())
    if sum(length for _, length in found) < patterns.BARE_TEXT_PAGE_RATIO * paragraphs:
        # Where the page writes much of its prose in paragraphs, short bare runs are
        # teasers and captions; only a long one is an article of its own.
        found = [item for item in found if item[1] >= patterns.LONG_BARE_TEXT_CHARS]
    for element, length in found:
        scores[element] = scores.get(element, 0) + length
        if element is not body:
            parent = element.getparent()
            by_parent[parent] = by_parent.get(parent, 0) + length


def _bare_text(element: etree._Element) -> tuple[int, int]:
    """Visible characters of the element's own text and inline children, and of their links
    (block children are scored on their own)."""
    text = element.text
    chars = _non_space_length(text) if text else 0
    links = 0
    for child in element:
        tag = child.tag
        # A link's text is all link text (it nets out), and most children are blocks.
        if isinstance(tag, str) and tag != "a" and tag not in patterns.BLOCK_TAGS:
            if not len(child):
                inner = child.text
                if inner:
                    chars += _non_space_length(inner)
            elif next(child.iter(*patterns.BLOCK_TAGS), None) is None:
                chars += _visible_chars(child)
                links += sum(_visible_chars(link) for link in child.iter("a"))
        tail = child.tail
        if tail:
            chars += _non_space_length(tail)
    return chars, links


def _discount_hidden(body: etree._Element, scores: dict[etree._Element, int]) -> None:
    """Take the text of hidden elements out of the scores (it stays in the tree).

    A page may carry a hidden copy of its article (a raw-markdown ``<pre hidden>``, a print
    version) or a hidden panel that outweighs the visible article; such text must not
    choose the content. Only large hidden blocks count: collapsed accordion sections are
    small and part of what they sit in. The elements stay in the tree either way (an FAQ's
    collapsed answers are linearised with the content that holds them). When hiding would
    leave little visible prose (a page that a script fades in whole), nothing is discounted.
    """
    total = scores.get(body, 0)
    if not total:
        return
    least = total * patterns.HIDDEN_DISCOUNT_MIN_SHARE
    # Only elements holding that much text count, and they are few: testing their attributes
    # is far cheaper than collecting every inline style of the page.
    hidden = {
        element
        for element, score in scores.items()
        if score >= least and element is not body and _marked_hidden(element)
    }
    if not hidden:
        return
    outermost = [
        element
        for element in hidden
        if not any(ancestor in hidden for ancestor in element.iterancestors())
    ]
    if total - sum(scores[element] for element in outermost) < (
        patterns.HIDDEN_MIN_VISIBLE_SHARE * total
    ):
        return
    for element in outermost:
        score = scores.pop(element)
        for ancestor in element.iterancestors():
            if ancestor in scores:
                scores[ancestor] -= score


def _marked_hidden(element: etree._Element) -> bool:
    """Whether the element is hidden by a ``hidden`` or ``aria-hidden="true"`` attribute or
    an inline style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and patterns.HIDDEN_STYLE_RE.search(style))


def _climb_for_faq(
    content: etree._Element, body: etree._Element, scores: dict[etree._Element, int]
) -> etree._Element:
    """Widen the content to a parent when the article's FAQ sits in a sibling container.

    Page builders often render the FAQ (``<details>``, FAQPage microdata, an accordion
    classed "faq-wrapper") outside the rich text block; it belongs to the article all the
    same.
    """
    node = content
    for _ in range(patterns.FAQ_CLIMB_LEVELS):
        if node is body or node.getparent() is None:
            break
        parent = node.getparent()
        if scores.get(content, 0) < patterns.FAQ_CLIMB_MIN_SHARE * scores.get(parent, 1):
            break
        for sibling in parent:
            if sibling is node or not isinstance(sibling.tag, str):
                continue
            if (
                patterns.FAQ_MARKUP_XPATH(sibling)
                or _has_faq_widget(sibling)
                or _headed_faq(sibling)
            ):
                return parent
        node = parent
    return content


def _headed_faq(element: etree._Element) -> bool:
    """Whether the element opens with an FAQ heading followed by questions ("FAQ", then
    headings or toggles ending in "?"): a CMS's FAQ list with no widget class."""
    headings = element.iter("h2", "h3", "h4", "h5", "h6")
    first = next(headings, None)
    if first is None:
        return False
    title = text_of(first)
    if len(title) > patterns.MAX_FAQ_HEADING_CHARS or not patterns.FAQ_HEADING_RE.search(title):
        return False
    questions = 0
    for node in element.iter(etree.Element):
        text = (node.text or "").strip()
        if text.endswith("?") and len(text) <= patterns.MAX_QUESTION_CHARS:
            questions += 1
            if questions >= patterns.MIN_QUESTION_RUN:
                return True
    return False


def _has_faq_widget(element: etree._Element) -> bool:
    """Whether an FAQ widget's class (``patterns.FAQ_WIDGET_TOKEN_RE``) is on the element or
    inside it."""
    return any(
        patterns.FAQ_WIDGET_TOKEN_RE.match(token)
        for classes in _CLASS_XPATH(element)
        if "faq" in classes or "accordion" in classes
        for token in classes.lower().split()
    )


_CLASS_XPATH = etree.XPath("descendant-or-self::*/@class")


def _descend(body: etree._Element, scores: dict[etree._Element, int]) -> etree._Element:
    """Walk down while one child holds most of the current element's paragraph text.

    Table rows are passed through (a layout table's content cell is the article), but
    the walk never ends on a table or a row: it then returns the element around the table.
    """
    current = body
    while True:
        current_score = scores.get(current, 0)
        if not current_score:
            return _outside_table(current)
        best, best_score = None, 0
        for child in current:
            score = scores.get(child, 0)
            if score > best_score:
                best, best_score = child, score
        share = (
            patterns.MARKED_CONTENT_DESCEND_SHARE
            if _marked_as_content(current)
            else patterns.CONTENT_DESCEND_SHARE
        )
        if best is None or best_score < share * current_score:
            return _outside_table(current)
        if best.tag not in _DESCEND_TAGS and not _plain_custom_element(best):
            # An unclosed list or menu can swallow the rest of the page: the article's
            # <main> or <article> then sits inside a <ul> or <nav>. Carry on from it when it
            # holds most of the text.
            inner = _swallowed_article(best, scores, current_score)
            if inner is None:
                return _outside_table(current)
            best = inner
        current = best


def _marked_as_content(element: etree._Element) -> bool:
    """Whether the theme marks the element as the post's content ("entry-content",
    ``id="content"``): what remains beside its largest child, once chrome is gone, is the
    article's too (an intro above a page builder's grid, a table after a rich-text block)."""
    return element.tag == "article" or any(
        _token_verdict(value) == _CONTENT
        for value in (element.get("class"), element.get("id"))
        if value
    )


def _plain_custom_element(element: etree._Element) -> bool:
    """Whether the element is a custom element (``<ps-header>``, ``<article-body>``) that
    neither its name nor its class marks as chrome: web components wrap whole pages like a
    ``<div>`` does (their names hold a hyphen), and a ``<site-footer-links>`` is no article
    however much text it holds."""
    tag = element.tag
    return (
        isinstance(tag, str)
        and "-" in tag
        and _token_verdict(tag) in (_NONE, _CONTENT)
        and chrome_level(element) == NOT_CHROME
    )


def _swallowed_article(
    element: etree._Element, scores: dict[etree._Element, int], current_score: int
) -> etree._Element | None:
    """The ``<main>`` or ``<article>`` inside a non-container element (a list, a menu) that
    holds most of the current element's text, if there is one."""
    for inner in element.iter("main", "article"):
        if scores.get(inner, 0) >= patterns.CONTENT_DESCEND_SHARE * current_score:
            return inner
    return None


def _outside_table(element: etree._Element) -> etree._Element:
    while element.tag in _TABLE_PARTS and element.getparent() is not None:
        element = element.getparent()
    return element
