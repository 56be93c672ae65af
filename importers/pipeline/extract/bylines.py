"""Who wrote the article: the people credited, in order.

Pages credit their authors in a visible byline ("By Ann Lee and Bo Chen", a link to the
author's page, an element whose class names the author), in JSON-LD (``author``: one Person,
a list, ``@id`` references into ``@graph``) and in ``<meta name="author">``. The visible credit
near the headline is what readers see, so it wins; structured data confirms it (a visible
name it also lists is preferred over one it does not) and fills in when nothing is shown.

A credit line is split into people ("A, B and C", "A & B", "A with B") and cleaned of what is
not a name: labels ("Written by"), e-mail addresses, dates and reading times glued on,
"Updated", role suffixes ("Senior Writer", ", Contributor"), credentials and placeholders
("Admin", "Staff"). The site's own name is dropped when a person is credited as well, and a
group ("Acme Staff") gives way to a person the metadata names. People credited for something
else ("Reviewed by", "Updated by", "Tested by A and B") are not authors.

When nothing names the author, a name alone beside the headline (or after an avatar or a
person icon) is the byline if the page shows it again as its author's, and a site named for
its owner ("Ann Lee's blog") credits the owner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.extract import marks
from importers.pipeline.parse import PageIndex, class_tokens, normalise_space, text_of

__all__ = ["split_names", "clean_author_name", "find_authors", "Authors", "same_person"]

_WORD_RE = re.compile(r"\w+", re.UNICODE)


# -- one credit line -------------------------------------------------------------------------


def split_names(text: str, *, exclude: Iterable[str] = ()) -> list[str]:
    """The people named in a credit line, in order.

    Args:
        text: "By Ann Lee and Bo Chen · 5 min read", "Jane Doe, MD, Senior Editor".
        exclude: Names that are not people here (the site's name, the publisher's).

    Returns:
        The names ("Ann Lee", "Bo Chen"); empty when the line names nobody.
    """
    text = normalise_space(text)
    if not text:
        return []
    text = patterns.EMAIL_RE.sub(" ", text)
    text = patterns.URL_IN_TEXT_RE.sub(" ", text)
    later = patterns.LATER_CREDIT_LABEL_RE.search(text)
    if later:
        text = text[later.end() :]  # "Sections; By Ann Lee": the credit starts at its label
    text = patterns.CREDIT_LABEL_RE.sub("", text, count=1)
    # Dates, reading times and "Updated …" glued after the name end the credit.
    text = patterns.CREDIT_END_RE.split(text, maxsplit=1)[0]
    excluded = {_key(name) for name in exclude if name}
    names: list[str] = []
    parts = [p for p in patterns.CREDIT_PART_RE.split(text) if p.strip(patterns.NAME_STRIP_CHARS)]
    for number, part in enumerate(parts):
        part = part.strip(patterns.NAME_STRIP_CHARS)
        if number and (_is_credential(part) or _is_role(part)):
            continue  # "Jane Doe, MD", "Mike Marsh, Shipping Expert"
        found = []
        for name in patterns.CREDIT_AND_RE.split(part):
            name = _without_role(name.strip(patterns.NAME_STRIP_CHARS))
            name = _TRAILING_PREPOSITION_RE.sub("", name)  # "Ann Lee at" + a linked time
            name = patterns.CREDIT_LABEL_RE.sub("", name, count=1).strip(patterns.NAME_STRIP_CHARS)
            if plausible_name(name):
                found.append(name)
        if not found and not number:
            return []  # a credit line starts with a name; this one is a sentence
        names.extend(n for n in found if _key(n) not in excluded and n not in names)
    return [n for n in names if not _initials_of(n, names)]


_CLOCK_RE = re.compile(r"\b\d{1,2}:\d{2}\b")
#: A preposition left after a name whose time or place is a separate element.
_TRAILING_PREPOSITION_RE = re.compile(r"\s+(?:at|on)$")


def clean_author_name(text: str) -> str:
    """The first name in a credit line, or the line cleaned of labels if it names nobody."""
    names = split_names(text)
    if names:
        return names[0]
    text = patterns.CREDIT_LABEL_RE.sub("", normalise_space(text), count=1)
    return text.strip(patterns.NAME_STRIP_CHARS)


def plausible_name(name: str) -> bool:
    """Whether a cleaned string can be a person's or an outlet's name."""
    if not name or len(name) > patterns.MAX_AUTHOR_NAME_CHARS:
        return False
    if patterns.AUTHOR_STOPWORDS_RE.match(name) or name.startswith(("http", "@", "#", "©")):
        return False
    if re.search(r"\d{3,}|[{}<>=|@©/]", name) or not re.search(r"[^\W\d_]", name):
        return False
    words = name.split()
    if len(words) > 1 and words[0].isdigit() and words[1][:1].islower():
        return False  # "21 comments", "3 replies": a count beside the byline
    if _CLOCK_RE.search(name):
        return False  # "10:30 AM": the time of the post
    lower = sum(w[:1].islower() and w not in patterns.NAME_PARTICLES for w in words)
    if lower >= 3 or (lower == 2 and lower < len(words)):
        return False  # "clicking Continue to join": words of a sentence, not a name
    return len(words) <= patterns.MAX_AUTHOR_NAME_WORDS


def same_person(a: str, b: str) -> bool:
    """Whether two credits name the same person ("Dr. Ann Lee" and "Ann Lee")."""
    words_a, words_b = _name_words(a), _name_words(b)
    if not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a


def _name_words(name: str) -> set[str]:
    return {w for w in _WORD_RE.findall(name.lower()) if len(w) > 1 and w not in _HONORIFICS}


_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "by"})


def _key(name: str) -> str:
    return " ".join(_WORD_RE.findall(name.lower()))


def _is_credential(part: str) -> bool:
    return all(patterns.CREDENTIAL_WORD_RE.match(word) for word in part.split())


def _is_role(part: str) -> bool:
    words = _WORD_RE.findall(part.lower())
    if any(word in patterns.ROLE_WORDS or word in _DESK_WORDS for word in words):
        return True  # "Ann Lee, Senior Writer", "Ann Lee, Global Desk"
    return part[:1].islower() or part.lower().startswith(("the ", "from "))


#: A newsroom's desk credited beside the reporter ("Ann Lee, Metro Desk") is not a person.
_DESK_WORDS = frozenset({"desk", "newsdesk", "newsroom"})


def _without_role(name: str) -> str:
    """ "Meghan Neville Content Marketing Coordinator" -> "Meghan Neville"."""
    words = name.split()
    for index, word in enumerate(words):
        if word.lower().strip(".,") in patterns.ROLE_WORDS:
            kept = words[:index]
            if len(kept) == 1 and kept[0].isupper():
                return ""  # "AI Writer", "SEO Editor": a role, not a name
            if len(kept) == 1 and index == len(words) - 1:
                return name  # "Ada Writer": a surname, not a role
            return " ".join(kept).strip(patterns.NAME_STRIP_CHARS)
    return name


def _initials_of(token: str, names: list[str]) -> bool:
    """Whether ``token`` is an avatar's initials of one of ``names`` ("CM", "Craig Mc…")."""
    if not (token.isupper() and token.isalpha() and len(token) <= 3):
        return False
    return any(
        "".join(w[0] for w in n.split() if w[:1].isupper()) == token for n in names if n != token
    )


# -- structured data -------------------------------------------------------------------------


def _resolve(value: Any, nodes: list[dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        for node in nodes:
            if node.get("@id") == value["@id"] and len(node) > len(value):
                return node
    return value


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    if isinstance(value, str):
        value = (value,)
    return {str(v).lower().rsplit("/", 1)[-1] for v in value if v}


def structured_people(
    article: dict[str, Any] | None, nodes: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The JSON-LD authors of the main article: Person nodes (``{"name": …}`` for plain
    strings) and the names of Organization authors."""
    if not article:
        return [], []
    value = article.get("author") or article.get("creator")
    values = value if isinstance(value, list) else [value]
    people: list[dict[str, Any]] = []
    organisations: list[str] = []
    for item in values:
        item = _resolve(item, nodes)
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        if isinstance(name, list):
            name = name[0] if name else ""
        if not isinstance(name, str) or not normalise_space(name):
            continue
        if _types(item) & {"organization", "corporation", "newsmediaorganization"}:
            organisations.append(normalise_space(name))
        else:
            people.append(item)
    return people, organisations


def _meta_names(meta: dict[str, str]) -> list[str]:
    """Names from ``<meta>``: Yoast's "Written by" Twitter label, then author keys. A group
    ("Acme Staff") gives way to a person another key names."""
    found = _meta_name_lists(meta)
    people = [names for names in found if not all(_is_group(n) for n in names)]
    return (people or found or [[]])[0]


def _meta_name_lists(meta: dict[str, str]) -> list[list[str]]:
    found = []
    for number in ("1", "2", "3"):
        label = meta.get(f"twitter:label{number}", "")
        if patterns.WRITTEN_BY_LABEL_RE.match(label.strip()):
            names = split_names(meta.get(f"twitter:data{number}", ""))
            if names:
                found.append(names)
    for key in patterns.META_AUTHOR_KEYS:
        value = meta.get(key, "")
        if value and not value.startswith(("http", "/")):
            names = [n for n in split_names(value) if "." not in n.split()[-1]]
            if names:
                found.append(names)
    return found


#: Words of a credit that names a group of people, not one ("Acme Staff", "Team Acme").
_GROUP_WORDS = frozenset({"staff", "team", "editorial", "editors", "desk", "newsroom"})


def _is_group(name: str, site_names: Iterable[str] = ()) -> bool:
    """Whether a credit names a group (the staff, a team, the site itself)."""
    if any(word in _GROUP_WORDS for word in _WORD_RE.findall(name.lower())):
        return True
    return bool(site_names) and _is_site(name, list(site_names))


# -- visible credits -------------------------------------------------------------------------


@dataclass
class Credit:
    """A visible credit: where it is, how clearly it is marked, and the names it holds."""

    position: int
    rank: int
    element: etree._Element
    names: list[str]


def visible_credits(
    index: PageIndex,
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    near_chrome: Callable[[etree._Element], bool] | None = None,
    host: str = "",
    low: int | None = None,
    high: int | None = None,
) -> list[Credit]:
    """Author credits between ``low`` and ``high`` (positions in ``index.elements``), outside
    chrome, in document order. Ranks: 0 marked up as the author (``rel``/``itemprop``,
    a link to an author page); 1 an element whose class names the author; 2 a "By …" line
    or a "Written by" label and the name after it."""
    return _scan(index, title_pos, chrome, near_chrome, host, low, high)[0]


def _scan(
    index: PageIndex,
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    near_chrome: Callable[[etree._Element], bool] | None,
    host: str,
    low: int | None,
    high: int | None,
) -> tuple[list[Credit], bool]:
    """:func:`visible_credits`, and whether a heading of other content stopped the scan."""
    elements = index.elements
    low = max(0, title_pos - patterns.BYLINE_BEFORE if low is None else low)
    high = min(len(elements), title_pos + patterns.BYLINE_WINDOW + 1 if high is None else high)
    found: list[Credit] = []
    taken: set[etree._Element] = set()
    window = marks.candidates(index, title_pos)
    marked = window.marked
    hint = patterns.CREDIT_HINT_RE.search
    href_hint = patterns.AUTHOR_HREF_HINT_RE.search
    longest = patterns.MAX_CREDIT_LINE_CHARS * 2  # (before whitespace is collapsed)
    window_end = title_pos + patterns.BYLINE_WINDOW + 1
    positions = [p for p in window.positions if low <= p < high]
    if high > window_end:
        positions += [p for p in marks.marked_anywhere(index, window_end) if p < high]
    for position in positions:
        element = elements[position]
        tag = element.tag
        if element in taken or tag in _SKIP_TAGS:
            continue
        if tag in _HEADING_TAGS and position > title_pos:
            heading = text_of(element)
            if patterns.OTHER_CONTENT_HEADING_RE.match(heading):
                return found, True  # teasers of other posts or comments follow
        # Cheap tests first: most candidates are there for a date.
        if tag == "a":
            if element not in marked and not href_hint(element.get("href") or ""):
                continue
        elif element not in marked and position < window_end:
            # (beyond the window only elements marked as the author's were collected)
            text, tail = element.text, element.tail
            if not (
                (text and len(text) <= longest and hint(text))
                or (tail and len(tail) <= longest and hint(tail))
            ):
                continue
        rank, text = _credit_text(element, host)
        if rank is None or _in_figure(element):
            continue
        names = split_names(text)
        if not names:
            continue
        near = abs(position - title_pos) <= patterns.DATE_NEAR
        if (near_chrome if near and near_chrome is not None else chrome)(element):
            continue
        taken.update(element.iter())
        if _credited_as_other(element, names):
            continue  # "Reviewed by", "Fact checked by", "Edited by": not an author
        found.append(Credit(position, rank, element, names))
    return found, False


def _credited_as_other(element: etree._Element, names: list[str] = ()) -> bool:
    """Whether the byline item around the element credits its person with something other
    than writing ("Medically reviewed by", "Fact checked by", "Photos by")."""
    own = text_of(element)
    if names:
        # The label may be inside the element itself ("<div>Reviewed by <a>Ann</a></div>",
        # whose line leaves the label out).
        at = own.find(names[0])
        if at > 0 and own[:at].strip():
            return _other_label_before(own[:at])
    node = element
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return False
        text = text_of(node)
        if len(text) > patterns.MAX_CREDIT_LINE_CHARS:
            return False
        at = text.find(own) if own else -1
        before = text[:at] if at > 0 else ""
        if before.strip():
            return _other_label_before(before)
    return False


#: The names already listed after a label ("Tested by Ann Lee and "), to reach the label.
_LISTED_NAMES_RE = re.compile(r"(?:[^\W\d_a-z][\w.'’-]*\s*){1,4}(?:,|&|\band\b)\s*$")


#: "Updated by": the editor who revised the article, credited beside its author.
_UPDATED_BY_RE = re.compile(r"\bupdated\s+by\s*:?\s*$", re.IGNORECASE)


def _other_label_before(before: str) -> bool:
    """Whether the text before a name ends with a label crediting something other than
    writing, possibly followed by the other people it credits ("Tested by A and B")."""
    before = before[-80:]
    for _ in range(4):
        if patterns.OTHER_CREDIT_LABEL_RE.search(before) or _UPDATED_BY_RE.search(before):
            return True
        listed = _LISTED_NAMES_RE.search(before)
        if listed is None or listed.start() == 0:
            return False
        before = before[: listed.start()]
    return False


_SKIP_TAGS = frozenset({"script", "style", "title", "head", "meta", "link", "noscript", "img"})
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_ALL_HEADINGS = _HEADING_TAGS | {"h1"}


def _credit_text(element: etree._Element, host: str = "") -> tuple[int | None, str]:
    """How an element credits an author (rank, see :func:`visible_credits`) and the text
    holding the names; ``(None, "")`` when it does not."""
    tag = element.tag
    itemprops = (element.get("itemprop") or "").split()
    if element.get("rel") == "author" or "author" in itemprops:
        text = _line(element)
        if "author" in itemprops and len(element):
            named = element.find('.//*[@itemprop="name"]')
            if named is not None:
                text = _line(named)
            elif _has_credit_inside(element, host):
                return None, ""
        return (0, text) if _short(text) else (None, "")
    if tag == "a" and _author_page(element.get("href") or "", host):
        text = _line(element)
        listing = _AUTHOR_LISTING_RE.match(text)
        if listing:
            text = _fuller_name(element, listing.group(1))
        return (0, text) if _short(text) else (None, "")
    if _name_class(_tokens(element)):
        if len(element) and _has_credit_inside(element, host):
            return None, ""  # a byline box: the name inside it speaks
        text = _line(element)
        if _short(text):
            return 1, text
    own = (element.text or "").strip()
    if own and len(own) <= patterns.MAX_CREDIT_LINE_CHARS:
        line = _line(element)
        if (patterns.CREDIT_LINE_RE.match(own) or (len(element) and _label_only(own))) and len(
            line
        ) <= patterns.MAX_CREDIT_LINE_CHARS:
            if len(element) and _has_credit_inside(element, host):
                return None, ""  # "By <a rel=author>Ann Lee</a> in <a>Travel</a>"
            return 2, line  # "By Ann Lee", "<span>By <a>Ann Lee</a></span>"
        inline = patterns.CREDIT_INLINE_RE.search(line)
        if not inline and any(patterns.BYLINE_LINE_CLASS_RE.search(t) for t in _tokens(element)):
            inline = patterns.META_LINE_BY_RE.search(line)
        if inline and len(line) <= patterns.MAX_CREDIT_LINE_CHARS:
            # In a sentence, what follows the names describes them ("…by Ann Lee, MD,
            # gardener, Garden Notes."): it ends at the first lower-case part.
            return 2, _DESCRIPTION_RE.split(line[inline.end() :], maxsplit=1)[0]
        if _label_only(own) and not len(element):
            following = element.getnext()
            if following is not None and _short(_line(following)):
                return 2, _line(following)
            tail = (element.tail or "").strip()
            if tail and _short(tail):
                return 2, tail
    tail = (element.tail or "").strip()
    if (
        tail
        and len(tail) <= patterns.MAX_CREDIT_LINE_CHARS
        and patterns.CREDIT_LINE_RE.match(tail)
        and not re.search(r"[^\W\d_]", text_of(element))
    ):
        return 2, tail  # "<i class='icon'></i> by Ann Lee", "<br>By Ann Lee"
    return None, ""


#: An author page's link named for what it lists ("Articles by Juliette", "View all posts
#: by Ann Lee"): the name is what follows the label.
_AUTHOR_LISTING_RE = re.compile(
    r"^(?:(?:view|see)\s+all\s+|more\s+)?(?:articles|posts|stories)\s+by\s+(.+?)\s*[›»→]?$",
    re.IGNORECASE,
)


def _fuller_name(link: etree._Element, name: str) -> str:
    """The name as the author card around ``link`` writes it in full ("Juliette Carreiro"
    beside "Articles by Juliette"), else ``name``."""
    card = link.getparent()
    for _ in range(2):
        if card is None:
            break
        for node in card.iter():
            if node is link or not isinstance(node.tag, str):
                continue
            own = normalise_space(node.text or "")
            if (
                own != name
                and own.startswith(name + " ")
                and len(own.split()) <= patterns.MAX_AUTHOR_NAME_WORDS
                and plausible_name(own)
            ):
                return own
        card = card.getparent()
    return name


#: Where a description follows the names in a sentence: a comma, then a lower-case word.
_DESCRIPTION_RE = re.compile(r",\s+(?=[^\W\d_A-Z])")


#: "Contributors:" labels the names after it as the article's authors (with its colon: a
#: "Contributors" heading may head a list of everyone who ever wrote for the site).
_CONTRIBUTOR_LABEL_RE = re.compile(r"^(?:contributors?\s*:|contributed\s+by\s*:?)$", re.IGNORECASE)


def _label_only(text: str) -> bool:
    """Whether a text is a credit label alone, the names following it."""
    return bool(patterns.CREDIT_LABEL_ONLY_RE.match(text) or _CONTRIBUTOR_LABEL_RE.match(text))


def _has_credit_inside(element: etree._Element, host: str) -> bool:
    """Whether a descendant is itself marked as the author's name or link."""
    for node in element.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        if node.get("rel") == "author" or "author" in (node.get("itemprop") or "").split():
            return True
        if node.tag == "a" and _author_page(node.get("href") or "", host):
            return True
        if _name_class(_tokens(node)) and split_names(_line(node)):
            return True
    return False


def _tokens(element: etree._Element) -> list[str]:
    """Class tokens and id, lower-cased, without a CSS-module hash ("authorName__N6j3Y")."""
    return [patterns.CSS_HASH_RE.sub("", token) for token in class_tokens(element)]


def _name_class(tokens: list[str]) -> bool:
    """Whether class tokens mark an author's name ("author-name", "byline", "writer"), not
    their photo, bio or the box around them ("author-box__name" is a name). Only the tokens
    that mention the author count ("elementor-icon-list-text" beside "…--type-author" does
    not rule it out)."""
    for token in tokens:
        if patterns.AUTHOR_NAME_CLASS_RE.search(token) and (
            patterns.NAME_TOKEN_RE.search(token)
            or not patterns.NOT_AUTHOR_NAME_CLASS_RE.search(token)
        ):
            return True
    return False


def _author_page(href: str, host: str) -> bool:
    """Whether a link leads to an author's page on this site (not a social profile)."""
    if not patterns.AUTHOR_HREF_RE.search(href):
        return False
    link_host = urlsplit(href).hostname if href.startswith(("http:", "https:", "//")) else None
    return link_host is None or not host or _same_site(link_host, host)


def _same_site(a: str, b: str) -> bool:
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _in_figure(element: etree._Element) -> bool:
    """Photo credits ("Photo by …") sit in figures and captions."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("figure", "figcaption", "picture"):
            return True
        if node.tag in ("article", "main", "body"):
            return False
    return False


#: The end of a credit line that :data:`~importers.pipeline.patterns.CREDIT_JOIN_AFTER_RE`
#: reads: its longest word ("with") and the character before it, for the word boundary.
_JOIN_TAIL_CHARS = 5


def _line(element: etree._Element) -> str:
    """The element's text as a credit line: parts in elements of their own are kept apart
    ("Ann Lee" + "Senior Editor" is "Ann Lee; Senior Editor", not "Ann Lee Senior
    Editor"), joined ones stay joined ("By" + "Ann Lee" + "and" + "Bo Chen"), and the text
    of parts marked as something else (a date, a role, a tag) is left out."""
    pieces: list[str] = []
    _pieces(element, pieces, top=True)
    line = ""
    for piece in pieces:
        if not line:
            line = piece
        # (Only the line's end can join it to the next piece: searching the whole line for
        # an end-anchored match made a long line cost time quadratic in its pieces.)
        elif patterns.CREDIT_JOIN_AFTER_RE.search(
            line[-_JOIN_TAIL_CHARS:]
        ) or patterns.CREDIT_JOIN_BEFORE_RE.match(piece):
            line = f"{line} {piece}"
        else:
            line = f"{line}; {piece}"
    return line


def _pieces(element: etree._Element, pieces: list[str], top: bool = False) -> None:
    if not top:
        tokens = _tokens(element)
        if (
            tokens
            and any(patterns.NOT_CREDIT_PART_CLASS_RE.search(t) for t in tokens)
            and not any(patterns.NAME_TOKEN_RE.search(t) for t in tokens)
        ):
            _add(pieces, element.tail)
            return
    if isinstance(element.tag, str) and element.tag not in _SKIP_TAGS:
        _add(pieces, element.text)
        for child in element:
            _pieces(child, pieces)
    if not top:
        tail = normalise_space(element.tail or "")
        if (
            element.tag == "br"
            and pieces
            and " " not in pieces[-1]
            and " " not in tail
            and tail[:1].isupper()
        ):
            pieces[-1] = f"{pieces[-1]} {tail}"  # "Maria<br>Mathioudaki"
            return
        _add(pieces, element.tail)


def _add(pieces: list[str], text: str | None) -> None:
    text = normalise_space(text or "")
    if text:
        pieces.append(text)


def _short(text: str) -> bool:
    return 0 < len(text) <= patterns.MAX_CREDIT_LINE_CHARS


# -- choosing --------------------------------------------------------------------------------


@dataclass
class Authors:
    """The people credited (first is the main author), the element of the visible credit,
    and the JSON-LD Person of the first author and of each, where the data has one."""

    names: list[str] = field(default_factory=list)
    element: etree._Element | None = None
    person: dict[str, Any] | None = None
    #: The JSON-LD Person of each name (``None`` where the data has none).
    people: list[dict[str, Any] | None] = field(default_factory=list)


def find_authors(
    index: PageIndex,
    title_pos: int,
    article: dict[str, Any] | None,
    nodes: list[dict[str, Any]],
    meta: dict[str, str],
    chrome: Callable[[etree._Element], bool],
    near_chrome: Callable[[etree._Element], bool] | None = None,
    site_names: Iterable[str] = (),
    url: str | None = None,
) -> Authors:
    """The article's authors, in order.

    The visible credit that structured data confirms wins, then the visible credit nearest
    the headline (clearly marked credits before "By …" lines), then JSON-LD people, then
    ``<meta>`` names, then JSON-LD organisations, then a name alone beside the headline
    that the page shows again as its author's (:func:`_name_alone`).

    Args:
        index: The page's index (built before cleaning).
        title_pos: Position of the displayed headline in ``index.elements``.
        article: The main JSON-LD article node, if any.
        nodes: Every JSON-LD node of the page.
        meta: ``<meta>`` values by lower-cased name or property.
        chrome: Whether an element sits in comments, related posts or other chrome.
        near_chrome: The chrome test next to the headline (a byline may be in an ``<aside>``).
        site_names: The site's and publisher's names: not authors when a person is credited.
        url: The page's address: links to author pages on other sites are not credits.
    """
    site_names = [n for n in site_names if n]
    people, organisations = structured_people(article, nodes)
    structured = [normalise_space(str(p.get("name"))) for p in people]
    structured = [n for n in structured if plausible_name(n)]
    meta_names = _meta_names(meta)
    known = structured + meta_names

    host = (urlsplit(url).hostname or "") if url else ""
    near_end = title_pos + patterns.DATE_NEAR + 1
    credits, stopped = _scan(index, title_pos, chrome, near_chrome, host, None, near_end)
    # A team or the site credited beside the headline may sign the article by name at its end.
    groups_only = all(_is_group(n, site_names) for c in credits for n in c.names)
    if not stopped and (
        groups_only
        or not (
            credits
            and (
                not known
                or any(same_person(n, k) for c in credits for n in c.names for k in known)
            )
        )
    ):
        # Nothing (confirmed) beside the headline: read on to the end of the byline window,
        # then to the end of the page (some themes credit the author after the article).
        more, stopped = _scan(index, title_pos, chrome, near_chrome, host, near_end, None)
        credits += more
        if not credits and not stopped:
            credits, _ = _scan(
                index, title_pos, chrome, near_chrome, host, near_end, len(index.elements)
            )
    credits = [c for c in credits if c.position >= title_pos - patterns.BYLINE_BEFORE]
    # The site, the publisher or an organisation named as author in the data count only
    # when no person is credited.
    site_names = site_names + organisations
    people_credits = [c for c in credits if not all(_is_group(n, site_names) for n in c.names)]
    chosen = _choose_credit(people_credits or credits, title_pos, known)
    people_known = [n for n in known if not _is_site(n, site_names)]
    if (
        chosen is not None
        and people_known
        and all(_is_site(n, site_names) for n in chosen.names)
        and not any(same_person(n, k) for n in chosen.names for k in people_known)
    ):
        chosen = None  # the site credited as author; the data names a person
    if (
        chosen is not None
        and known
        and abs(chosen.position - title_pos) > patterns.DATE_NEAR
        and not any(same_person(n, k) for n in chosen.names for k in known)
    ):
        chosen = None  # a credit far from the headline that the data contradicts
    if chosen is not None:
        names = _with_coauthors(chosen, credits)
        if len(structured) > len(names) and all(
            any(same_person(n, s) for s in structured) for n in names
        ):
            names = structured  # the byline shows the first authors; the data lists them all
        element = chosen.element
    else:
        names = structured or meta_names
        if not names:
            names = [n for n in organisations if plausible_name(n)][:1]
        element = None
    if names and all(_is_group(n, site_names) for n in names):
        # A group or the site is credited, and the data names a person: the person wrote it.
        person = next((k for k in known if not _is_group(k, site_names)), None)
        if person is not None:
            names = [person]
    if not names:
        alone = _name_alone(index, title_pos, near_chrome or chrome, site_names)
        if alone is not None:
            element, names = alone[0], [alone[1]]
        else:
            names = _blog_owner(site_names)
    names = _drop_sites(names, site_names)
    matched = [
        next((p for p in people if same_person(str(p.get("name") or ""), name)), None)
        for name in names
    ]
    return Authors(
        names=names, element=element, person=matched[0] if matched else None, people=matched
    )


#: A site named for its owner: "Ann Lee's blog", "Ann's Notes".
_OWNED_SITE_RE = re.compile(
    r"^(.+?)['’]s\s+(?:blog|weblog|journal|notes|site|website|homepage|corner)$", re.IGNORECASE
)


def _blog_owner(site_names: Iterable[str]) -> list[str]:
    """The person a site is named for ("Ann Lee's blog"): a personal blog's author."""
    for site in site_names:
        owned = _OWNED_SITE_RE.match(normalise_space(site))
        if owned and plausible_name(owned.group(1)):
            return [owned.group(1)]
    return []


#: Empty elements (an icon, an avatar) that a byline's name may follow.
_MARKER_TAGS = frozenset({"img", "i", "span", "svg"})
#: Elements before and after the headline where a name alone may be its byline.
_ALONE_BEFORE = 10
#: A name alone in its element: two to four capitalised words (particles allowed).
_NAME_WORD = r"[^\W\d_a-z][^\W\d_]*(?:[.'’-][^\W\d_]+)*\.?"
_PARTICLES = "|".join(sorted(patterns.NAME_PARTICLES))
_NAME_ALONE_RE = re.compile(rf"^{_NAME_WORD}(?:\s+(?:(?:{_PARTICLES})\s+)*{_NAME_WORD}){{1,3}}$")


def _name_alone(
    index: PageIndex,
    title_pos: int,
    chrome: Callable[[etree._Element], bool],
    site_names: Iterable[str],
) -> tuple[etree._Element, str] | None:
    """An unlabelled byline: a person's name alone in its element beside the headline,
    which the page shows again as the author's (a portrait's ``alt``, an author box, "by
    …"). Read only when nothing else names the author."""
    elements = index.elements
    site_names = list(site_names)
    for position in range(
        max(0, title_pos - _ALONE_BEFORE), min(len(elements), title_pos + patterns.DATE_NEAR)
    ):
        element = elements[position]
        if len(element) or element.tag in _ALL_HEADINGS:
            continue  # (a heading is a section's name, not a byline)
        if (element.text or "").strip():
            name = normalise_space(element.text or "")
            if any(patterns.NOT_CREDIT_PART_CLASS_RE.search(t) for t in class_tokens(element)):
                continue
        elif element.tag in _MARKER_TAGS:
            # An icon or an avatar, the name after it: "<i class='icon-person'></i> Ann Lee"
            names = split_names(element.tail or "")
            name = names[0] if len(names) == 1 else ""
        else:
            continue
        if (
            not name
            or not _NAME_ALONE_RE.match(name)
            or name.isupper()
            or not plausible_name(name)
            or _is_group(name, site_names)
            or chrome(element)
        ):
            continue
        if _avatar(element) or _shown_as_author(index.root, name, element):
            return element, name
    return None


#: What a portrait's ``alt`` may add to the name ("Ann Lee headshot").
_PORTRAIT_ALT_RE = re.compile(
    r"(?:\s+(?:image|photo|picture|headshot|portrait|avatar|profile(?: picture| photo)?))?",
    re.IGNORECASE,
)


#: Class tokens of a portrait or of the box around it.
_PORTRAIT_CLASS_RE = re.compile(r"author|avatar|profile|portrait|headshot|person|rounded|circle")


def _portrait(image: etree._Element) -> bool:
    """Whether an image is shown as a person's portrait (its class or its box's says so)."""
    for node in (image, *list(image.iterancestors())[:3]):
        if any(_PORTRAIT_CLASS_RE.search(token) for token in _tokens(node)):
            return True
    return False


def _avatar(element: etree._Element) -> bool:
    """Whether an element is an avatar (the name after it is its person's)."""
    return element.tag == "img" and any("avatar" in token for token in class_tokens(element))


def _shown_as_author(root: etree._Element, name: str, element: etree._Element) -> bool:
    """Whether the page shows ``name`` elsewhere as its author's: a portrait's ``alt``
    ("Ann Lee", "Ann Lee headshot"), text in an element whose class names the author, or
    after "by"."""
    # An image in the byline itself is the avatar beside the name; elsewhere only one
    # marked as a portrait counts (a tile's picture shares its label's text).
    byline = element.getparent()
    byline = byline.getparent() if byline is not None else None
    beside = set(byline.iter("img")) if byline is not None else set()
    for image in root.iter("img"):
        alt = normalise_space(image.get("alt") or "")
        if (
            alt.startswith(name)
            and _PORTRAIT_ALT_RE.fullmatch(alt[len(name) :])
            and (image in beside or _portrait(image))
        ):
            return True
    by = re.compile(r"\bby\s+" + re.escape(name) + r"\b", re.IGNORECASE)
    for node in root.iter(etree.Element):
        if node is element or node.tag in _SKIP_TAGS:
            continue
        text = node.text or ""
        if name not in text:
            continue
        if by.search(normalise_space(text)):
            return True
        for ancestor in (node, *list(node.iterancestors())[:4]):
            if any("author" in token for token in _tokens(ancestor)):
                return True
    return False


def _choose_credit(credits: list[Credit], title_pos: int, known: list[str]) -> Credit | None:
    if not credits:
        return None
    confirmed = [c for c in credits if any(same_person(n, k) for n in c.names for k in known)]
    pool = confirmed or credits
    near = [c for c in pool if c.position <= title_pos + patterns.BYLINE_WINDOW]
    pool = near or pool
    best_rank = min(c.rank for c in pool)
    closest = [c for c in pool if abs(c.position - title_pos) <= patterns.DATE_NEAR]
    if closest:
        pool = closest
        best_rank = min(c.rank for c in pool)
    pool = [c for c in pool if c.rank == best_rank]
    return min(pool, key=lambda c: (abs(c.position - title_pos), c.position))


def _with_coauthors(chosen: Credit, credits: list[Credit]) -> list[str]:
    """The chosen credit's names and those of its siblings in the same byline (one link
    per author). The span is counted from the nearest co-author already taken, so a long
    list of authors (each with its own markup) is read to its end."""
    names = list(chosen.names)
    parent = chosen.element.getparent()
    block = parent.getparent() if parent is not None else None
    taken = [chosen.position]
    for credit in sorted(credits, key=lambda c: c.position):
        if credit is chosen or credit.rank != chosen.rank:
            continue
        if min(abs(credit.position - p) for p in taken) > patterns.COAUTHOR_SPAN:
            continue
        credit_parent = credit.element.getparent()
        if credit_parent is not parent and (
            credit_parent is None or credit_parent.getparent() is not block
        ):
            continue
        taken.append(credit.position)
        for name in credit.names:
            if not any(same_person(name, n) for n in names):
                names.append(name)
    return names


def _is_site(name: str, site_names: list[str]) -> bool:
    """Whether a credit is the site's or publisher's name ("Thomson Reuters" on "Blog Posts
    by Thomson Reuters")."""
    key = _key(name)
    words = set(key.split())
    for site in site_names:
        site_key = _key(site)
        if (
            key
            and site_key
            and (key == site_key or f" {key} " in f" {site_key} " or f" {site_key} " in f" {key} ")
        ):
            return True
        # The same words in another order: "Thomson Reuters Tax" on "Tax Blog Posts by
        # Thomson Reuters".
        if len(words) >= 2 and words <= set(site_key.split()):
            return True
    return False


def _drop_sites(names: list[str], site_names: list[str]) -> list[str]:
    """Drop the site's name when a person is credited too."""
    if len(names) < 2 or not site_names:
        return names
    kept = [n for n in names if not _is_site(n, site_names)]
    return kept or names
