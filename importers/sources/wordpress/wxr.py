"""Stream the records out of a WordPress export (WXR) file, in flat memory.

A WXR file is RSS 2.0 with WordPress's namespaces: the ``<channel>`` lists the site, its
authors and terms, then one ``<item>`` per post, page, attachment, menu item… Exports of big
sites run to hundreds of megabytes, so the file is read with lxml's ``iterparse`` and every
child of the channel is dropped once it has been turned into a record: memory holds one item
at a time, whatever the file's size.

Real exports are not always well-formed. Bytes that are not UTF-8 (old sites pasted
Windows-1252 text), control characters that XML forbids and HTML entities outside CDATA are
repaired on the way in (see :class:`_CleanStream`). A file that is broken further down (a
truncated download, a plugin's stray output) yields everything before the break and records
where it is in :attr:`WXRReader.problem`, instead of losing the whole import to a traceback.
"""

from __future__ import annotations

import codecs
import datetime
import html.entities
import logging
import os
import re
from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from lxml import etree

from importers.sources.wordpress.records import (
    Author,
    Comment,
    Item,
    ItemTerm,
    ReadProblem,
    Site,
    Term,
)

__all__ = ["WXRReader", "WP_NAMESPACES"]

logger = logging.getLogger(__name__)

#: The ``wp:`` namespaces WordPress has written: 1.2 (with http, and https since 2016 on
#: WordPress.com), and the older 1.1 and 1.0, whose elements are the same for what we read.
WP_NAMESPACES = frozenset(
    f"{scheme}://wordpress.org/export/{version}/"
    for scheme in ("http", "https")
    for version in ("1.0", "1.1", "1.2")
)
#: ``excerpt:encoded`` lives in a sub-namespace of the ``wp:`` one.
EXCERPT_NAMESPACES = frozenset(f"{namespace}excerpt/" for namespace in WP_NAMESPACES)
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"

#: The channel's children that are read; the parser reports only these (and the same names
#: inside items, which are skipped), instead of every element of the file.
CHANNEL_TAGS = (
    "item",
    "title",
    "link",
    "description",
    "language",
    "{*}wxr_version",
    "{*}base_site_url",
    "{*}base_blog_url",
    "{*}author",
    "{*}category",
    "{*}tag",
)
#: Bytes read from the file at a time (the parser asks for less; this is the refill size).
READ_CHUNK_BYTES = 1 << 20
#: How far into the file the XML declaration and a BOM are looked for.
DECLARATION_BYTES = 512
#: Longest HTML entity name (``&CounterClockwiseContourIntegral;`` has 31 letters).
MAX_ENTITY_CHARS = 32
#: Longest run of text held back waiting for a newline or ``>`` (see ``_split_safely``).
MAX_CARRY_CHARS = 1 << 16
#: How many distinct element names are remembered (a hostile file could invent millions).
MAX_CACHED_TAGS = 512
#: The date WordPress writes for "no date" (drafts never scheduled, missing GMT dates).
NO_DATE = "0000-00-00 00:00:00"

_DECLARATION_RE = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*([\"'])([A-Za-z0-9._-]+)\1")
#: Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return, and
#: the non-characters U+FFFE/U+FFFF): libxml2 stops at the first one.
_FORBIDDEN_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The same C0 controls as bytes: in UTF-8 and the other ASCII-compatible encodings they
#: are never part of another character, so deleting the bytes is fast and exact.
_FORBIDDEN_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = ("\ufffe", "\uffff")
#: Bytes that were not UTF-8, as the ``surrogateescape`` decoder hands them over.
_ESCAPED_BYTES_RE = re.compile("[\udc80-\udcff]")
_ENTITY_RE = re.compile(rf"&([A-Za-z][A-Za-z0-9]{{1,{MAX_ENTITY_CHARS}}});")
CDATA_START = "<![CDATA["
CDATA_END = "]]>"
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


class WXRReader:
    """Read one export: iterate it for the :class:`Site`, then each :class:`Item`.

    Iterating yields the ``Site`` once (when the first item has been read, or at the end of
    a file without items), then every item in file order whose ``post_type`` is wanted.
    Every item is counted in :attr:`counts` by post type, wanted or not, so the caller can
    report what it skipped (attachments, menu items, custom post types…).

    After the loop :attr:`problem` says where and why reading stopped early (``None``
    when the whole file was read); everything before that point was yielded.

    Args:
        source: A path, or a binary file object (read from its current position).
        post_types: The post types to yield; ``None`` yields every item.
    """

    def __init__(
        self, source: str | os.PathLike[str] | BinaryIO, post_types: Collection[str] | None = None
    ):
        self.source = source
        self.post_types = None if post_types is None else frozenset(post_types)
        self.site = Site()
        self.counts: Counter[str] = Counter()
        self.problem: ReadProblem | None = None
        #: Characters repaired on the way in (non-UTF-8 bytes, forbidden controls, entities).
        self.repaired = 0

    @property
    def items_read(self) -> int:
        return sum(self.counts.values())

    def __iter__(self) -> Iterator[Site | Item]:
        self.site = Site()
        self.counts = Counter()
        self.problem = None
        site_given = False
        channel_seen = False
        with _opened(self.source) as raw:
            stream = _CleanStream(raw)
            events = etree.iterparse(
                stream,
                events=("end",),
                tag=CHANNEL_TAGS,
                huge_tree=True,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                remove_comments=True,
                remove_pis=True,
            )
            try:
                for _event, element in events:
                    parent = element.getparent()
                    if parent is None or parent.tag != "channel":
                        continue
                    channel_seen = True
                    if element.tag == "item":
                        item = _item(element)
                        self.counts[item.post_type] += 1
                        if not site_given:
                            site_given = True
                            yield self.site
                        if self.post_types is None or item.post_type in self.post_types:
                            yield item
                    else:
                        _channel_child(self.site, element)
                    _forget(element, parent)
            except etree.XMLSyntaxError as error:
                self.problem = _problem(error, events.error_log, stream, self.items_read)
                logger.warning("%s: %s", _name(self.source), self.problem)
            finally:
                self.repaired = stream.repaired
        if not channel_seen and self.problem is None:
            self.problem = ReadProblem(1, 1, "no RSS <channel>: not a WordPress export", 0)
        if not site_given:
            yield self.site


def _forget(element: etree._Element, parent: etree._Element) -> None:
    """Drop a processed channel child and everything before it, so memory stays flat.

    lxml's ``iterparse`` builds the whole tree as it goes; clearing the element frees its
    content, and deleting its (already cleared) earlier siblings frees the nodes themselves.
    """
    element.clear(keep_tail=False)
    while element.getprevious() is not None:
        del parent[0]


# -- opening and cleaning the bytes ---------------------------------------------------------


@contextmanager
def _opened(source: str | os.PathLike[str] | BinaryIO) -> Iterator[BinaryIO]:
    if hasattr(source, "read"):
        yield source  # type: ignore[misc]
        return
    with open(source, "rb") as file:
        yield file


def _name(source: object) -> str:
    return str(getattr(source, "name", source))


class _CleanStream:
    """The export's bytes as well-formed UTF-8 for the XML parser.

    - Text is decoded with the declared encoding (UTF-8 nearly always); bytes that are not
      valid in it are read as Windows-1252, which is what such bytes almost always are in
      WordPress databases, and the declaration is rewritten to say UTF-8.
    - Characters XML 1.0 forbids (form feeds, escape characters pasted from word
      processors) are dropped.
    - HTML entities that XML does not define (``&nbsp;`` outside CDATA in hand-edited or
      plugin-written exports) become numeric references; CDATA is left as it is.
    - Blank lines before the XML declaration (a plugin's stray output) are dropped;
      :attr:`leading_lines` keeps error positions true to the file.
    """

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._decoder: codecs.IncrementalDecoder | None = None
        self._buffer = b""
        self._offset = 0
        self._carry = ""
        self._in_cdata = False
        self._ascii_compatible = True
        self._done = False
        self.repaired = 0
        self.leading_lines = 0

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (fewer at the end of a refill, as files may); ``b""`` at
        the end. Reading on from an offset spares a copy of the buffer per call."""
        while self._offset >= len(self._buffer) and not self._done:
            self._buffer = self._fill()
            self._offset = 0
        end = len(self._buffer) if size < 0 else self._offset + size
        chunk = self._buffer[self._offset : end]
        self._offset += len(chunk)
        return chunk

    def _fill(self) -> bytes:
        data = self._raw.read(READ_CHUNK_BYTES)
        final = not data
        if self._decoder is None:
            data, final = self._start(data)
        if self._ascii_compatible:
            cleaned = data.translate(None, _FORBIDDEN_BYTES)
            self.repaired += len(data) - len(cleaned)
            data = cleaned
        text = self._carry + self._decode(data, final)
        self._carry = ""
        if not final:
            text, self._carry = _split_safely(text)
        self._done = final
        return self._clean(text).encode("utf-8")

    def _start(self, data: bytes) -> tuple[bytes, bool]:
        """Choose the decoder from the BOM or declaration; drop what precedes the XML.

        Returns the first chunk's bytes, and whether the file ended within them.
        """
        ended = not data
        while not ended and (len(data) < DECLARATION_BYTES or not data.strip()):
            more = self._raw.read(READ_CHUNK_BYTES)
            ended = not more
            data += more
        encoding = "utf-8"
        for bom, name in (
            (codecs.BOM_UTF8, "utf-8"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
        ):
            if data.startswith(bom):
                data, encoding = data[len(bom) :], name
                break
        if encoding == "utf-8":
            stripped = data.lstrip()
            self.leading_lines = data[: len(data) - len(stripped)].count(b"\n")
            data = stripped
            match = _DECLARATION_RE.match(data)
            if match:
                encoding = _known_codec(match.group(2).decode("ascii")) or "utf-8"
                start, end = match.span(2)
                data = data[:start] + b"UTF-8" + data[end:]
        elif data.startswith(b"<\0?\0x\0") or data.startswith(b"\0<\0?\0x"):
            # A UTF-16 declaration would contradict the UTF-8 we hand on; drop it.
            text = data.decode(encoding, errors="ignore")
            end = text.find("?>")
            data = text[end + 2 :].encode(encoding) if end != -1 else data
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._ascii_compatible = not encoding.startswith("utf-16")
        return data, ended

    def _decode(self, data: bytes, final: bool) -> str:
        """Decode strictly (fast); a chunk with invalid bytes is decoded again with those
        bytes read as Windows-1252."""
        state = self._decoder.getstate()
        try:
            return self._decoder.decode(data, final)
        except UnicodeDecodeError:
            self._decoder.setstate(state)
        self._decoder.errors = "surrogateescape"
        try:
            text = self._decoder.decode(data, final)
        finally:
            self._decoder.errors = "strict"
        text, count = _ESCAPED_BYTES_RE.subn(_as_windows_1252, text)
        self.repaired += count
        return text

    def _clean(self, text: str) -> str:
        if not self._ascii_compatible or any(char in text for char in _NONCHARACTERS):
            text, count = _FORBIDDEN_CHARS_RE.subn("", text)
            self.repaired += count
        if "&" in text:
            text = self._outside_cdata(text)
        return text

    def _outside_cdata(self, text: str) -> str:
        """Convert entities in markup only: CDATA (the posts' HTML) stays as exported."""
        parts = []
        position = 0
        while position < len(text):
            if self._in_cdata:
                end = text.find(CDATA_END, position)
                if end == -1:
                    parts.append(text[position:])
                    break
                end += len(CDATA_END)
                parts.append(text[position:end])
                self._in_cdata = False
            else:
                end = text.find(CDATA_START, position)
                if end == -1:
                    parts.append(_ENTITY_RE.sub(self._entity, text[position:]))
                    break
                end += len(CDATA_START)
                parts.append(_ENTITY_RE.sub(self._entity, text[position:end]))
                self._in_cdata = True
            position = end
        return "".join(parts)

    def _entity(self, match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        replacement = html.entities.html5.get(name + ";")
        if replacement is None:
            return match.group(0)
        self.repaired += 1
        return "".join(f"&#{ord(char)};" for char in replacement)


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _split_safely(text: str) -> tuple[str, str]:
    """Split a chunk's text after its last newline or ``>``, holding back the rest.

    Entities and CDATA markers contain neither, so none is cut in two and each is seen
    whole by :meth:`_CleanStream._clean`. Text with neither for :data:`MAX_CARRY_CHARS`
    is passed on anyway, so memory stays bounded.
    """
    end = max(text.rfind("\n"), text.rfind(">")) + 1
    if end == 0:
        return ("", text) if len(text) < MAX_CARRY_CHARS else (text, "")
    return text[:end], text[end:]


def _as_windows_1252(match: re.Match[str]) -> str:
    byte = ord(match.group(0)) - 0xDC00
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return "\ufffd"  # the five bytes Windows-1252 leaves undefined


def _problem(
    error: etree.XMLSyntaxError, log: etree._ListErrorLog, stream: _CleanStream, items_read: int
) -> ReadProblem:
    """Where the parser gave up, in the file's own lines.

    With ``resolve_entities=False`` lxml's ``iterparse`` reports some errors as "no element
    found" at 0:0; this parse's own error log (``log``, not the exception's, which can hold
    earlier parses' entries) has the real message and position of the fatal error, its last.
    """
    line, column = error.position if error.position else (0, 0)
    message = error.msg or str(error)
    for entry in reversed(log):
        if entry.level >= etree.ErrorLevels.ERROR and entry.line > 0:
            line, column, message = entry.line, entry.column, entry.message
            break
    message = re.sub(r", line \d+, column \d+$", "", message.strip())
    if line <= 0:
        message = message or "the file ends early"
    return ReadProblem(
        line=max(line, 1) + stream.leading_lines,
        column=max(column, 1),
        message=message,
        items_read=items_read,
    )


# -- records --------------------------------------------------------------------------------

_prefixes = dict.fromkeys(WP_NAMESPACES, "wp")
_prefixes.update(dict.fromkeys(EXCERPT_NAMESPACES, "excerpt"))
_prefixes[CONTENT_NAMESPACE] = "content"
_prefixes[DC_NAMESPACE] = "dc"
_short_names: dict[str, str] = {}


def _short(tag: object) -> str:
    """``wp:post_id`` for ``{http(s)://wordpress.org/export/1.x/}post_id``, whichever
    version and scheme the file uses; names in other namespaces keep their ``{uri}``."""
    if not isinstance(tag, str):
        return ""
    name = _short_names.get(tag)
    if name is None:
        name = tag
        if tag.startswith("{"):
            namespace, _, local = tag[1:].partition("}")
            prefix = _prefixes.get(namespace)
            if prefix is not None:
                name = f"{prefix}:{local}"
        if len(_short_names) < MAX_CACHED_TAGS:
            _short_names[tag] = name
    return name


def _text(element: etree._Element) -> str:
    return (element.text or "").strip()


def _int(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() else 0


def _wp_date(text: str, *, gmt: bool) -> datetime.datetime | None:
    text = text.strip()
    if not text or text == NO_DATE:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)  # "2024-01-12 09:30:00"
    except ValueError:
        return None
    return value.replace(tzinfo=datetime.UTC) if gmt else value


def _fields(element: etree._Element) -> dict[str, str]:
    """Child name → text, for the flat records (authors, terms, comments)."""
    return {_short(child.tag): child.text or "" for child in element}


def _channel_child(site: Site, element: etree._Element) -> None:
    name = _short(element.tag)
    if name in ("title", "link", "description", "language"):
        setattr(site, name, _text(element))
    elif name == "wp:wxr_version":
        site.wxr_version = _text(element)
    elif name == "wp:base_site_url":
        site.base_site_url = _text(element)
    elif name == "wp:base_blog_url":
        site.base_blog_url = _text(element)
    elif name == "wp:author":
        fields = _fields(element)
        site.authors.append(
            Author(
                login=fields.get("wp:author_login", "").strip(),
                display_name=fields.get("wp:author_display_name", "").strip(),
                email=fields.get("wp:author_email", "").strip(),
                first_name=fields.get("wp:author_first_name", "").strip(),
                last_name=fields.get("wp:author_last_name", "").strip(),
                description=fields.get("wp:author_description", "").strip(),
                author_id=_int(fields.get("wp:author_id", "")) or None,
            )
        )
    elif name == "wp:category":
        fields = _fields(element)
        site.categories.append(
            Term(
                kind="category",
                slug=fields.get("wp:category_nicename", "").strip(),
                name=fields.get("wp:cat_name", "").strip(),
                parent=fields.get("wp:category_parent", "").strip(),
                term_id=_int(fields.get("wp:term_id", "")) or None,
                description=fields.get("wp:category_description", "").strip(),
            )
        )
    elif name == "wp:tag":
        fields = _fields(element)
        site.tags.append(
            Term(
                kind="tag",
                slug=fields.get("wp:tag_slug", "").strip(),
                name=fields.get("wp:tag_name", "").strip(),
                term_id=_int(fields.get("wp:term_id", "")) or None,
                description=fields.get("wp:tag_description", "").strip(),
            )
        )


def _item(element: etree._Element) -> Item:
    item = Item(post_type="")
    dates: dict[str, str] = {}
    for child in element:
        name = _short(child.tag)
        text = child.text or ""
        if name == "title":
            item.title = text.strip()
        elif name == "link":
            item.link = text.strip()
        elif name == "guid":
            item.guid = text.strip()
        elif name == "dc:creator":
            item.author_login = text.strip()
        elif name == "content:encoded":
            item.content = text
        elif name == "excerpt:encoded":
            item.excerpt = text
        elif name == "wp:post_id":
            item.post_id = _int(text) or None
        elif name in ("wp:post_date", "wp:post_date_gmt", "wp:post_modified",
                      "wp:post_modified_gmt"):  # fmt: skip
            dates[name] = text
        elif name == "wp:post_name":
            item.slug = text.strip()
        elif name == "wp:status":
            item.status = text.strip()
        elif name == "wp:post_parent":
            item.parent_id = _int(text)
        elif name == "wp:menu_order":
            item.menu_order = _int(text)
        elif name == "wp:post_type":
            item.post_type = text.strip()
        elif name == "wp:post_password":
            item.password = text
        elif name == "wp:is_sticky":
            item.sticky = text.strip() == "1"
        elif name == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif name == "category":
            # WordPress also writes a bare <category>Name</category> for RSS readers; the
            # term is the one with a domain and nicename (as WordPress's importer reads it).
            if child.get("nicename") is not None:
                item.terms.append(
                    ItemTerm(
                        domain=child.get("domain", ""),
                        slug=child.get("nicename", ""),
                        name=text.strip(),
                    )
                )
        elif name == "wp:postmeta":
            fields = _fields(child)
            key = fields.get("wp:meta_key", "").strip()
            if key:
                item.meta[key] = fields.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    item.published = _wp_date(dates.get("wp:post_date_gmt", ""), gmt=True) or _wp_date(
        dates.get("wp:post_date", ""), gmt=False
    )
    item.modified = _wp_date(dates.get("wp:post_modified_gmt", ""), gmt=True) or _wp_date(
        dates.get("wp:post_modified", ""), gmt=False
    )
    return item


def _comment(element: etree._Element) -> Comment:
    fields = _fields(element)
    return Comment(
        comment_id=_int(fields.get("wp:comment_id", "")),
        author=fields.get("wp:comment_author", "").strip(),
        email=fields.get("wp:comment_author_email", "").strip(),
        url=fields.get("wp:comment_author_url", "").strip(),
        date=_wp_date(fields.get("wp:comment_date_gmt", ""), gmt=True)
        or _wp_date(fields.get("wp:comment_date", ""), gmt=False),
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", "").strip(),
        comment_type=fields.get("wp:comment_type", "").strip(),
        parent=_int(fields.get("wp:comment_parent", "")),
        user_id=_int(fields.get("wp:comment_user_id", "")),
    )
