"""The published and updated dates of an article page.

A page states its dates in three ways: structured data (JSON-LD ``datePublished`` and
``dateModified``, ``article:published_time`` and similar ``<meta>``, microdata), the date a
reader sees next to the headline, and sometimes the URL (``/2021/10/10/slug``). The date
shown beside the headline is what the page presents as its date: it wins over structured
data, which is often a build or migration time. A visible date labelled "Updated" or "Last
modified" is the updated date and never the published one; a note that the article was
"originally published on" a date gives the published date of a republished article.

Dates elsewhere on the page belong to something else: comments, "related posts" teasers,
sidebars and footers are never read (see :class:`~importers.pipeline.extract.metadata.ChromeTest`),
nor is microdata in a schema.org ``Comment``, and a plain date in the text counts only when
it sits in a short line between the headline and the first paragraph of prose, where
bylines are. When nothing else dates the page, a ``datePublished`` serialised into a
script's state (as script frameworks ship their JSON-LD, or a headless WordPress theme its
REST API post) does, if it names one day only.

htmldate was measured as a fallback for pages where none of this finds a date: on the WCXB
development pages it added two correct dates in 458 for 6 % more parse time and five more
dependencies, so the importer does without it. Where the two disagree on those pages, most
of htmldate's wins are pages whose only date is labelled "Updated", which it returns as
the original date and this module, by design, does not.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable
from typing import Any

from dateutil import parser as date_parser
from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract import marks
from importers.pipeline.parse import PageIndex, class_tokens, normalise_space, text_of

__all__ = [
    "parse_date",
    "find_dates",
    "date_in_url",
    "embedded_published",
    "visible_dates",
    "VisibleDate",
]

logger = logging.getLogger(__name__)

_WORD_RE = re.compile(r"\w+", re.UNICODE)


# -- parsing ---------------------------------------------------------------------------------


def parse_date(value: str | None) -> datetime.date | None:
    """Parse an ISO or human-readable date; the calendar date as written, no tz shift.

    Args:
        value: "2021-03-11T08:00:00+00:00", "June 8, 2022", "Thu, 09 Nov 2023 ...".

    Returns:
        The date, or ``None`` when the text is not a plausible date.
    """
    if not value:
        return None
    value = normalise_space(str(value))
    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
    try:
        parsed = date_parser.isoparse(value).date()
    except (ValueError, OverflowError):
        parsed = _plain_date(value)
        if parsed is None:
            try:
                parsed = date_parser.parse(
                    value, fuzzy=True, default=datetime.datetime(1900, 1, 1)
                ).date()
            except (ValueError, OverflowError, TypeError):
                return None
    if not patterns.MIN_DATE_YEAR <= parsed.year <= patterns.MAX_DATE_YEAR:
        return None
    return parsed


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_PLAIN_DATE_RES = (
    re.compile(r"(?<![0-9-])(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9-])"),
    re.compile(
        r"(?<![A-Za-z])(?P<name>[A-Za-z]{3,9})\.?\s+(?P<day>[0-9]{1,2}),?\s+"
        r"(?P<year>[0-9]{4})(?![0-9])"
    ),
    re.compile(
        r"(?<![0-9+-])(?P<day>[0-9]{1,2})\s+(?P<name>[A-Za-z]{3,9})\.?,?\s+"
        r"(?P<year>[0-9]{4})(?![0-9])"
    ),
)
_CLOCK_TIME_RE = re.compile(
    r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])(?:\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w))?",
    re.IGNORECASE,
)
#: Words that change what dateutil makes of a date (months, and the hour/minute/second and
#: am/pm words it rejects without a time); text holding them is left to it.
_DATE_WORDS = frozenset(_MONTHS) | {
    "a",
    "p",
    "am",
    "pm",
    "h",
    "m",
    "s",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
}


def _plain_date(value: str) -> datetime.date | None:
    """The one date spelt out in ``value`` ("June 8, 2022", "8 June 2022 at 9:05 am",
    "Ann2022-06-08"), or ``None`` when the text is anything less plain.

    dateutil's fuzzy parser takes a millisecond per comment byline; for text holding one
    such date and otherwise no digits or month names it returns the same date, so those
    are read here and everything else is left to it.
    """
    for regex in _PLAIN_DATE_RES:
        match = regex.search(value)
        if match is None:
            continue
        groups = match.groupdict()
        month = _MONTHS.get(groups["name"].lower()) if "name" in groups else int(groups["month"])
        if not month:
            return None
        rest = f"{value[: match.start()]} {_CLOCK_TIME_RE.sub(' ', value[match.end() :], 1)}"
        if any(char.isdigit() or char in "+-" for char in rest) or any(
            word in _DATE_WORDS for word in _WORD_RE.findall(rest.lower())
        ):
            return None
        try:
            return datetime.date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            return None
    return None


def _date_from_match(
    match: re.Match[str], month_first: bool = True
) -> tuple[datetime.date, datetime.date | None] | None:
    """The date of a :data:`~importers.pipeline.patterns.DATE_TEXT_RE` match and, for an ambiguous
    numeric date ("03/10/2023"), its other reading; ``None`` if it is no date."""
    groups = match.groupdict()
    swapped = None
    if groups["mname"]:
        month = _MONTHS.get(groups["mname"].lower())
        day, year = int(groups["mday"]), int(groups["myear"])
    elif groups["dname"]:
        month = _MONTHS.get(groups["dname"].lower())
        day, year = int(groups["dday"]), int(groups["dyear"])
    elif groups["iyear"]:
        year, month, day = int(groups["iyear"]), int(groups["imonth"]), int(groups["iday"])
    else:
        first, second, year = int(groups["nfirst"]), int(groups["nsecond"]), int(groups["nyear"])
        # Dotted dates are day first everywhere; others follow the page's language unless
        # one number cannot be a month.
        day_first = groups["nsep"] == "." or not month_first
        if first > 12 or second > 12:
            day_first = first > 12
        elif first != second:
            # (year, month, day) of the other reading
            swapped = _safe_date(year, *((first, second) if day_first else (second, first)))
        day, month = (first, second) if day_first else (second, first)
    if not month or not patterns.MIN_DATE_YEAR <= year <= patterns.MAX_DATE_YEAR:
        return None
    value = _safe_date(year, month, day)
    return (value, swapped) if value else None


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# -- structured data -------------------------------------------------------------------------


def _str(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or ""
    return normalise_space(str(value)) if value else ""


def structured_dates(
    article: dict[str, Any] | None,
    nodes: list[dict[str, Any]],
    meta: dict[str, str],
    index: PageIndex,
    title_pos: int = 0,
    chrome: Callable[[etree._Element], bool] | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """Published and updated dates from JSON-LD, ``<meta>`` and microdata, in that order.

    Microdata is read only where it can be the article's (see :func:`_itemprop_date`).
    """
    published = updated = None
    ordered = [article] if article else []
    ordered += [node for node in nodes if node is not article and _node_types(node) & _DATED_TYPES]
    for node in [*ordered, *_main_entities(ordered)]:
        if published is None:
            published = parse_date(_str(node.get("datePublished") or node.get("dateCreated")))
        if updated is None:
            updated = parse_date(_str(node.get("dateModified")))
    microdata_only = _microdata_meta_keys(index, meta)
    for key in patterns.META_PUBLISHED_KEYS:
        if published is not None:
            break
        if key not in microdata_only:
            published = parse_date(meta.get(key))
    for key in patterns.META_MODIFIED_KEYS:
        if updated is not None:
            break
        if key not in microdata_only:
            updated = parse_date(meta.get(key))
    if published is None:
        published = _itemprop_date(index, "datePublished", title_pos, chrome)
    if updated is None:
        updated = _itemprop_date(index, "dateModified", title_pos, chrome)
    return published, updated


#: JSON-LD types whose date is the page's: articles and web pages, and the subtypes of
#: those that a thread or a question page uses (schema.org ``DiscussionForumPosting`` is a
#: ``SocialMediaPosting``, ``QAPage`` a ``WebPage``).
_DATED_TYPES = patterns.ARTICLE_TYPES | {"discussionforumposting", "qapage"}


def _main_entities(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``mainEntity`` a page node holds inline (a ``WebPage`` whose thread or article
    carries the dates), after the nodes themselves."""
    found = []
    for node in nodes:
        entity = node.get("mainEntity")
        if isinstance(entity, list):
            entity = entity[0] if len(entity) == 1 else None
        if isinstance(entity, dict):
            found.append(entity)
    return found


def _microdata_meta_keys(index: PageIndex, meta: dict[str, str]) -> set[str]:
    """Keys of ``meta`` that only ``<meta itemprop>`` elements give ("datepublished").

    Those are microdata, anywhere in the page (in a comment, in a teaser), not the page's
    own ``<meta name>``: :func:`_itemprop_date` reads them where they may be the article's.
    """
    named = set()
    itemprops = set()
    for element in index.root.iter("meta"):
        key = element.get("property") or element.get("name")
        if key:
            named.add(key.lower())
        elif element.get("itemprop"):
            itemprops.add(element.get("itemprop").lower())
    return {key for key in itemprops - named if key in meta}


def _node_types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    if isinstance(value, str):
        value = (value,)
    return {str(v).lower().rsplit("/", 1)[-1] for v in value if v}


def _itemprop_date(
    index: PageIndex,
    prop: str,
    title_pos: int,
    chrome: Callable[[etree._Element], bool] | None,
) -> datetime.date | None:
    """The microdata date nearest the headline that can be the article's.

    Comments, teasers and sidebars carry ``datePublished`` too (schema.org ``Comment``,
    a ``BlogPosting`` per teaser), and often before the article in document order, so the
    first one on the page is no better than any other: those in chrome or in a comment's
    item are skipped, and so is one far from the headline unless it is in ``<head>``.
    """
    best: tuple[int, datetime.date] | None = None
    for element in index.find("itemprop", prop.__eq__):
        distance = abs(index.order.get(element, 0) - title_pos)
        if best is not None and distance >= best[0]:
            continue
        if not _may_date_article(element, distance, chrome):
            continue
        value = parse_date(element.get("content") or element.get("datetime") or text_of(element))
        if value:
            best = (distance, value)
    return best[1] if best else None


def _may_date_article(
    element: etree._Element, distance: int, chrome: Callable[[etree._Element], bool] | None
) -> bool:
    if any(ancestor.tag == "head" for ancestor in element.iterancestors()):
        return True
    if distance > patterns.DATE_WINDOW_AFTER:
        return False
    if chrome is not None and chrome(element):
        return False
    scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
    return scope is None or not _COMMENT_ITEMTYPE_RE.search(scope.get("itemtype") or "")


#: Microdata items whose dates are a reader's, not the article's.
_COMMENT_ITEMTYPE_RE = re.compile(r"/(?:Comment|Answer|UserComments)\b", re.IGNORECASE)


def date_in_url(url: str | None) -> datetime.date | None:
    """The date in a URL path such as ``/2021/10/10/slug``, ``/2025-12-17-slug`` or
    ``/2023/october/03/slug``."""
    if not url:
        return None
    match = patterns.URL_DATE_RE.search(url)
    if match is not None:
        month = int(match["month"])
    else:
        match = _URL_NAMED_MONTH_RE.search(url)
        if match is None:
            return None
        month = _MONTHS[match["month"].lower()]
    value = _safe_date(int(match["year"]), month, int(match["day"]))
    if value is None or not patterns.MIN_DATE_YEAR <= value.year <= patterns.MAX_DATE_YEAR:
        return None
    return value


#: A URL path that names the month in words: /2023/october/03/, /2023/oct/03/.
_URL_NAMED_MONTH_RE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)/(?P<month>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")/(?P<day>[0-3]?\d)(?:/|$)",
    re.IGNORECASE,
)


def embedded_published(index: PageIndex, meta: dict[str, str]) -> datetime.date | None:
    """The ``datePublished`` of structured data that is not JSON-LD markup: serialised
    into a script's state (escaped JSON, as script frameworks ship it) or into a
    ``<meta>`` value; or the ``date`` of a published WordPress post object in that state
    (a headless theme's copy of the REST API's answer).

    Only read when nothing else dates the page, and only when every such value names the
    same day: a script that lists several posts is no evidence for this one.
    """
    days: set[str] = set()
    # JSON-LD markup was read node by node; its other nodes (a comment, a video) date
    # something else.
    texts = [
        script.text
        for script in index.root.iter("script")
        if script.text and (script.get("type") or "").lower() != "application/ld+json"
    ]
    texts += [value for value in meta.values() if value.startswith("{")]
    for text in texts:
        if "datePublished" in text:
            days.update(_EMBEDDED_PUBLISHED_RE.findall(text))
        if '"publish' in text:
            days.update(_EMBEDDED_WP_POST_RE.findall(text))
        if len(days) > 1:
            return None
    return parse_date(days.pop()) if days else None


#: ``"datePublished":"2025-11-17…"``, its quotes possibly escaped (``\"``).
_EMBEDDED_PUBLISHED_RE = re.compile(
    r'\\?"datePublished\\?"\s*:\s*\\?"((?:19|20)\d\d-[01]\d-[0-3]\d)'
)


#: A WordPress post as its REST API writes it, in a headless theme's state: a ``"date"``
#: with its time, in the object of a ``"status":"publish"``.
_EMBEDDED_WP_POST_RE = re.compile(
    r'\\?"date\\?"\s*:\s*\\?"((?:19|20)\d\d-[01]\d-[0-3]\d)T[\d:]+\\?"'
    r'(?=[^{}]{0,400}?\\?"status\\?"\s*:\s*\\?"publish\\?")'
)


# -- visible dates ---------------------------------------------------------------------------


class VisibleDate:
    """A date shown on the page, where it is, and how it is labelled."""

    __slots__ = ("position", "value", "swapped", "updated", "labelled", "strong")

    def __init__(
        self,
        position: int,
        value: datetime.date,
        *,
        swapped: datetime.date | None = None,
        updated: bool = False,
        labelled: bool = False,
        strong: bool = False,
    ):
        self.position = position
        self.value = value
        #: The other reading of an ambiguous numeric date ("03/10/2023").
        self.swapped = swapped
        #: Labelled "Updated", "Last modified"… (by its text or its class).
        self.updated = updated
        #: Labelled in words ("Published", "Updated"), not only by position or class.
        self.labelled = labelled
        #: Marked up as a date (``<time>``, a date or byline class), not only text that
        #: looks like one.
        self.strong = strong

    def readings(self) -> tuple[datetime.date, ...]:
        return (self.value, self.swapped) if self.swapped else (self.value,)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        kind = "updated" if self.updated else "published"
        return f"VisibleDate({self.position}, {self.value}, {kind}, strong={self.strong})"


def visible_dates(
    index: PageIndex,
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    month_first: bool = True,
    near_chrome: Callable[[etree._Element], bool] | None = None,
) -> list[VisibleDate]:
    """The dates shown near the headline, outside chrome, in document order.

    ``<time>`` elements and elements whose class or id names a date are read within
    :data:`~importers.pipeline.patterns.DATE_WINDOW_BEFORE`/``_AFTER`` elements of the headline;
    any other short line that is mostly a date counts only before the article's prose
    starts (where bylines are) or with a label ("Posted on"). A heading that opens other
    content ("Related posts", "3 comments") ends the search.

    Args:
        index: The page's index.
        title_pos: Position of the headline in ``index.elements``.
        chrome: Whether an element is in comments, related posts or other chrome.
        month_first: How to read an ambiguous numeric date ("03/10/2023").
        near_chrome: The chrome test for dates within :data:`~.patterns.DATE_NEAR`
            of the headline, where a byline may sit in an ``<aside>`` beside it.
    """
    elements = index.elements
    low = max(0, title_pos - patterns.DATE_WINDOW_BEFORE)
    high = min(len(elements), title_pos + patterns.DATE_WINDOW_AFTER + 1)
    prose_end = _prose_start(elements, title_pos, high)
    found: list[VisibleDate] = []
    inside: set[etree._Element] = set()
    window = marks.candidates(index, title_pos)
    marked_elements = window.marked
    year = patterns.YEAR_HINT_RE.search
    longest = patterns.MAX_DATE_LINE_CHARS * 4  # (before whitespace is collapsed)
    for position in window.positions:
        if not low <= position < high:
            continue
        element = elements[position]
        tag = element.tag
        if tag in _SKIP_TAGS or element in inside:
            continue
        if (
            tag in _HEADING_TAGS
            and position > title_pos
            and patterns.OTHER_CONTENT_HEADING_RE.match(text_of(element))
        ):
            break  # "Related posts", "3 comments": the rest of the page is not the article
        # A date container holding <time> elements lets them speak for themselves.
        is_marked = tag == "time" or element in marked_elements
        if not (
            is_marked
            or tag in _HEADING_TAGS
            or (element.text and len(element.text) <= longest and year(element.text))
            or (element.tail and len(element.tail) <= longest and year(element.tail))
        ):
            continue  # (cheap test first: most elements hold no date at all)
        marked = tag == "time" or (
            is_marked and _date_marked(element) and next(element.iter("time"), None) is None
        )
        in_byline = position <= prose_end
        lines: list[tuple[str, bool]] = []
        if marked:
            lines.append((_element_line(element), False))
        elif element.text:
            lines.append((element.text, False))
        if element.tail:
            lines.append((element.tail, True))
        for text, is_tail in lines:
            own = marked and not is_tail
            if not patterns.YEAR_HINT_RE.search(text) and not (
                # "3 hours ago", "March 5": the shown text has no year, the attribute has.
                own and tag in _MACHINE_DATED_TAGS and _shows_a_day(text)
            ):
                continue
            reading = _read_line(normalise_space(text), own, month_first)
            if own:
                machine = _machine_date(element)
                # The shown date, unless the machine-readable one is more than a time zone
                # away from it.
                if machine and not (reading and _near(reading[0], machine[0])):
                    reading = (machine[0], None, reading[2] if reading else None)
            if reading is None:
                continue
            value, swapped, label = reading
            by_class = _class_says_updated(element) if own and label is None else None
            if label is None and by_class is None:
                label = _label_before(element, is_tail)
            if not (own or in_byline or label):
                # Plain text after the prose starts is a date only when labelled.
                continue
            near = abs(position - title_pos) <= patterns.DATE_NEAR
            if (near_chrome if near and near_chrome is not None else chrome)(element):
                continue
            if own:
                inside.update(element.iter())
            updated = _is_updated(label) if label else by_class
            found.append(
                VisibleDate(
                    position,
                    value,
                    swapped=swapped,
                    updated=bool(updated),
                    labelled=label is not None,
                    strong=own,
                )
            )
    return found


#: Elements that show a date for people and hold it for machines in an attribute.
_MACHINE_DATED_TAGS = frozenset({"time", "abbr"})
_SKIP_TAGS = frozenset({"script", "style", "title", "head", "meta", "link", "noscript"})
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _shows_a_day(text: str) -> bool:
    """Whether a date element's text shows more than a clock time ("01:39 PM EST"), which
    completes a date shown beside it rather than being one."""
    rest = _TIME_ZONE_RE.sub(" ", _CLOCK_TIME_RE.sub(" ", text))
    return bool(_WORD_RE.search(rest))


_TIME_ZONE_RE = re.compile(r"\b(?:(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d\d)?)?|[A-Z]{2,5})(?!\w)")


def _prose_start(elements: list[etree._Element], title_pos: int, high: int) -> int:
    """Position of the paragraph that starts the article's prose after the headline (the
    second long paragraph: the first may be a standfirst above the byline), or ``high``."""
    seen = 0
    for position in range(title_pos + 1, high):
        element = elements[position]
        if element.tag == "p" and len(text_of(element)) >= patterns.PROSE_MIN_CHARS:
            seen += 1
            if seen == patterns.PROSE_PARAGRAPHS_BEFORE_BODY:
                return position
    return high


def _date_marked(element: etree._Element) -> bool:
    if element.get("itemprop") in ("datePublished", "dateModified", "dateCreated"):
        return True
    return any(patterns.DATE_CLASS_TOKEN_RE.search(token) for token in class_tokens(element))


def _element_line(element: etree._Element) -> str:
    """The element's text with its parts kept apart ("By Ann" + "June 5" is not
    "AnnJune 5")."""
    return " ".join(element.itertext())


def _machine_date(element: etree._Element) -> tuple[datetime.date, None, None] | None:
    """The date in a ``datetime`` or ``content`` attribute ("2025-12-18T09:30:00Z")."""
    raw = element.get("datetime") or element.get("content") or ""
    if not raw and element.tag == "abbr":
        raw = element.get("title") or ""  # microformats: <abbr class="published" title=…>
    if not patterns.ISO_DAY_RE.search(raw):
        return None  # "2026-02": a month, not a day
    value = parse_date(raw)
    return (value, None, None) if value else None


def _read_line(
    line: str, marked: bool, month_first: bool
) -> tuple[datetime.date, datetime.date | None, str | None] | None:
    """The date in a short line, its other reading if ambiguous, and the label before it
    ("Updated", "Published"…).

    Returns ``None`` when the line holds no full date, is longer than a byline, or is
    mostly something else.
    """
    if len(line) > patterns.MAX_DATE_LINE_CHARS:
        return None
    match = patterns.DATE_TEXT_RE.search(line)
    if match is None:
        return None
    readings = _date_from_match(match, month_first)
    if readings is None:
        return None
    before = line[: match.start()]
    if not marked:
        rest = f"{before} {line[match.end() :]}"
        rest = patterns.DATE_LINE_NOISE_RE.sub(" ", rest)
        if len(_WORD_RE.findall(rest)) > patterns.MAX_DATE_LINE_OTHER_WORDS:
            return None
    label_match = patterns.DATE_LABEL_RE.search(before[-40:])
    return readings[0], readings[1], label_match.group(0) if label_match else None


def _class_says_updated(element: etree._Element) -> bool | None:
    """What the class of a date element says: ``True`` for "updated"/"modified", ``False``
    for "published" (WordPress marks a never-updated date "published updated"), else
    ``None``."""
    tokens = " ".join(class_tokens(element)) + " " + (element.get("itemprop") or "").lower()
    if patterns.PUBLISHED_CLASS_RE.search(tokens):
        return False
    if patterns.UPDATED_CLASS_RE.search(tokens):
        return True
    return None


def _label_before(element: etree._Element, is_tail: bool) -> str | None:
    """A label in the text just before the date ("<b>Updated:</b> <span>date</span>",
    "<span>Posted on</span><div><svg/><span>date</span></div>")."""
    context = text_of(element) if is_tail else _text_before(element)
    match = patterns.DATE_LABEL_RE.search(context[-40:]) if context else None
    return match.group(0) if match else None


#: How far back :func:`_text_before` looks: siblings per level, and levels up. A label sits
#: beside its date, at most a wrapper or two (an icon, a flex box) away.
_LABEL_SIBLINGS = 3
_LABEL_LEVELS = 3
#: Enough text before a date to hold its label ("Last updated on").
_LABEL_CHARS = 16


def _text_before(element: etree._Element) -> str:
    """The text that precedes ``element`` in reading order, nearest first, up to a label's
    length; icons and empty wrappers in between are passed over."""
    parts: list[str] = []
    length = 0
    node = element
    for _ in range(_LABEL_LEVELS):
        previous = node.getprevious()
        for _ in range(_LABEL_SIBLINGS):
            if previous is None:
                break
            # The text between two siblings is the earlier one's tail.
            for text in (previous.tail, text_of(previous) if _is_element(previous) else ""):
                if text and text.strip():
                    parts.append(text)
                    length += len(text.strip())
            if length >= _LABEL_CHARS:
                return " ".join(reversed(parts))
            previous = previous.getprevious()
        parent = node.getparent()
        if parent is None:
            break
        if parent.text and parent.text.strip():
            parts.append(parent.text)
            length += len(parent.text.strip())
            if length >= _LABEL_CHARS:
                break
        node = parent
    return " ".join(reversed(parts))


def _is_element(node: etree._Element) -> bool:
    """Whether ``node`` is an element, not a comment or processing instruction."""
    return isinstance(node.tag, str)


def _is_updated(label: str) -> bool:
    return bool(patterns.UPDATED_LABEL_RE.search(label))


def originally_published(
    index: PageIndex,
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    month_first: bool = True,
) -> datetime.date | None:
    """The date a republished article says it first appeared on ("This article was
    originally published on 26 Sep 2019…"), in a sentence of any length near the article."""
    elements = index.elements
    low = max(0, title_pos - patterns.DATE_WINDOW_BEFORE)
    high = min(len(elements), title_pos + patterns.DATE_WINDOW_AFTER + 1)
    for position in marks.candidates(index, title_pos).positions:
        if not low <= position < high:
            continue
        element = elements[position]
        for text in (element.text, element.tail):
            if not text or len(text) > _ORIGINAL_LINE_CHARS:
                continue
            label = _ORIGINAL_LABEL_RE.search(text)
            # "This post was first published on…" opens a note; further into a sentence
            # the label is prose about something else ("the study was first published on").
            if (
                label is None
                or len(_WORD_RE.findall(text[: label.start()])) > _ORIGINAL_LEAD_WORDS
            ):
                continue
            match = patterns.DATE_TEXT_RE.match(normalise_space(text[label.end() :]))
            readings = _date_from_match(match, month_first) if match else None
            if readings and not chrome(element):
                return readings[0]
    return None


#: A note on the first edition is a line, not a paragraph...
_ORIGINAL_LINE_CHARS = 300
#: ...and opens with the label ("This article was originally published on").
_ORIGINAL_LEAD_WORDS = 4
#: The label of the first edition's date, the date right after it.
_ORIGINAL_LABEL_RE = re.compile(
    r"\b(?:originally|first)\s+(?:published|posted)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)


# -- choosing --------------------------------------------------------------------------------


def _near(a: datetime.date, b: datetime.date) -> bool:
    """The same day, or a day apart (a UTC timestamp shown in local time)."""
    return abs((a - b).days) <= 1


def choose(
    structured: tuple[datetime.date | None, datetime.date | None],
    seen: list[VisibleDate],
    title_pos: int,
    url_date: datetime.date | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """Combine structured, visible and URL dates into (published, updated).

    - A visible date that agrees with the URL's date or the structured published date (to
      the day, or a day off for a time zone) is the published date as shown; the one they
      confirm is also how an ambiguous "03/10/2023" is read.
    - Otherwise the visible date nearest the headline, if it is near
      (:data:`~importers.pipeline.patterns.DATE_NEAR`), is what the page presents as its date.
    - Otherwise the URL's date, then structured data, then a farther visible date.
    - A date labelled "Updated" is the updated date, never the published one.
    """
    structured_published, structured_updated = structured
    if structured_updated and structured_published and structured_published < structured_updated:
        # A date shown without a label that is the structured updated date is the updated
        # date (themes that print the last change as "the" date).
        for date in seen:
            if structured_updated in date.readings() and structured_published not in (
                date.readings()
            ):
                date.updated = True
    shown = [d for d in seen if not d.updated]
    shown_updated = [d for d in seen if d.updated]
    published = _choose_published(shown, structured_published, url_date, title_pos)

    updated = _nearest(shown_updated, title_pos).value if shown_updated else None
    if updated is None and not (
        # One stamp for both dates that the page contradicts is a build or import time.
        structured_updated == structured_published
        and published
        and structured_published
        and not _near(published, structured_published)
    ):
        updated = structured_updated
    return published, updated


def _choose_published(
    shown: list[VisibleDate],
    structured: datetime.date | None,
    url_date: datetime.date | None,
    title_pos: int,
) -> datetime.date | None:
    """The published date from the dates shown (no "Updated" ones), the structured
    published date and the URL's date; see :func:`choose`."""
    for reference in (url_date, structured):
        if reference is None:
            continue
        agreeing = [d for d in shown if _agrees(d, reference, title_pos)]
        if agreeing:
            best = _nearest(agreeing, title_pos)
            return min(best.readings(), key=lambda r: abs((r - reference).days))
    near = [d for d in shown if d.labelled or abs(d.position - title_pos) <= patterns.DATE_NEAR]
    if near:
        return _nearest(near, title_pos).value
    # A URL's date is set when the post goes up and never changes with a rebuild; it is
    # the local day, where a structured timestamp may be a UTC one.
    if url_date is not None:
        return url_date
    if structured is not None:
        return structured
    return _nearest(shown, title_pos).value if shown else None


def _agrees(date: VisibleDate, reference: datetime.date, title_pos: int) -> bool:
    """Whether a date shown is ``reference`` (either reading of an ambiguous one), or a day
    from it next to the headline (a UTC timestamp shown in local time)."""
    readings = date.readings()
    if reference in readings:
        return True
    return abs(date.position - title_pos) <= patterns.DATE_NEAR and any(
        _near(r, reference) for r in readings
    )


def _nearest(dates: list[VisibleDate], title_pos: int) -> VisibleDate:
    """The date nearest the headline (after it, on a tie)."""
    return min(dates, key=lambda d: (abs(d.position - title_pos), d.position < title_pos))


def find_dates(
    index: PageIndex,
    article: dict[str, Any] | None,
    nodes: list[dict[str, Any]],
    meta: dict[str, str],
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    url: str | None = None,
    month_first: bool = True,
    near_chrome: Callable[[etree._Element], bool] | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The article's published and updated dates (either may be ``None``).

    Args:
        index: The page's index (built before cleaning).
        article: The page's main JSON-LD article node, if any.
        nodes: Every JSON-LD node of the page.
        meta: The page's ``<meta>`` values by lower-cased name or property.
        title_pos: Position of the displayed headline in ``index.elements``.
        chrome: Whether an element sits in comments, related posts or other chrome.
        url: The page URL or canonical URL, for a date in its path.
        month_first: How to read "03/10/2023" (from the page's language).
        near_chrome: The chrome test for dates next to the headline (see
            :func:`visible_dates`).
    """
    structured = structured_dates(article, nodes, meta, index, title_pos, chrome)
    seen = visible_dates(index, title_pos, chrome, month_first, near_chrome)
    published, updated = choose(structured, seen, title_pos, date_in_url(url))
    original = originally_published(index, title_pos, chrome, month_first)
    if original is not None and original != published:
        # A republished article: the date it shows is its latest edition.
        if published and published > original and updated is None:
            updated = published
        published = original
    if published is None:
        published = embedded_published(index, meta)
    if updated and published and updated <= published:
        updated = None
    return published, updated
