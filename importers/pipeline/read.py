"""Turn the bytes of a source document into text.

Web pages arrive in many encodings and some "HTML" files are not HTML at all (a PDF saved with
the wrong extension, an empty download). This step decides once, with a clear error naming the
source, so the parser never sees binary data and the user learns what was wrong.
"""

from __future__ import annotations

import codecs
import logging
import re

from importers.errors import SourceReadError
from importers.pipeline import patterns

__all__ = ["decode_html", "repair_double_encoding"]

logger = logging.getLogger(__name__)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
#: How much of the text is checked for control characters.
_CONTROL_SAMPLE_CHARS = 65536
#: Codecs that map the bytes 0x00-0x7F to the same characters and never produce a C0 control
#: character from other bytes.
_ASCII_SAFE_CODECS = frozenset({"utf-8", "cp1252", "latin-1"})
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Characters XML (and so lxml) cannot hold: C0 controls but tab, newline and carriage
#: return, lone surrogates, and the non-characters U+FFFE and U+FFFF.
_XML_INCOMPATIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Labels that browsers decode as windows-1252 (WHATWG Encoding Standard).
_CP1252_LABELS = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "l1",
        "ascii",
        "us-ascii",
        "windows-1252",
        "cp1252",
        "x-cp1252",
    }
)


def decode_html(data: bytes, source: str, *, max_bytes: int = patterns.MAX_SOURCE_BYTES) -> str:
    """Decode an HTML document to ``str``.

    The byte-order mark wins, then a ``<meta charset>`` declaration (unless it names a
    single-byte charset for bytes that are valid UTF-8), then UTF-8, then windows-1252 (what
    browsers assume for undeclared legacy pages), then latin-1, which cannot fail. UTF-8 that
    was saved double-encoded is repaired (:func:`repair_double_encoding`).

    Args:
        data: The raw bytes as read from a file or HTTP response.
        source: The file name or URL, used in error messages.
        max_bytes: Sources larger than this are refused.

    Returns:
        The document text, without a byte-order mark.

    Raises:
        SourceReadError: The source is empty, too large, or binary rather than text.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_html() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise SourceReadError(
            source,
            f"is too large to import ({len(data):,} bytes; the limit is {max_bytes:,} bytes)",
        )
    if not data or data.isspace():  # (strip() would copy the whole document)
        raise SourceReadError(source, "is empty (no HTML to import)")

    encoding, body = _sniff_bom(data)
    if encoding is None:
        encoding = _sniff_utf16(data)
        body = data
    if encoding is None:
        _reject_binary(data, source)
        encoding = _declared_encoding(data)

    if encoding in _SINGLE_BYTE_CODECS and _is_utf8(body):
        # Declared as a legacy single-byte charset but written in UTF-8 (a template's stale
        # <meta>; the server's header, which browsers follow, said UTF-8).
        encoding = "utf-8"
    text, codec = _decode(body, encoding)
    ascii_safe = codec in _ASCII_SAFE_CODECS
    # Control bytes are among the XML-incompatible ones: one scan of the whole page clears
    # most pages of both checks.
    incompatible_bytes = ascii_safe and _has_xml_incompatible_bytes(body)
    if not ascii_safe or (incompatible_bytes and _has_control_bytes(body)):
        _reject_control_chars(text, source)
    repaired = False
    # Every double-encoded sequence starts with the byte 0xC3: most pages have none, and
    # looking for one byte is far cheaper than running the expression over the document.
    if b"\xc3" in body and patterns.DOUBLE_ENCODED_BYTES_RE.search(body):
        fixed = repair_double_encoding(text)
        repaired, text = fixed is not text, fixed
    # A few stray control characters (pasted from word processors) are noise in a text
    # document; lxml refuses them in element text, so they go once the document is text.
    # (Scanning the text costs two thirds of this step; the bytes say whether it is needed.)
    if repaired or not ascii_safe or incompatible_bytes or _NONCHARACTER_BYTES_RE.search(body):
        text = _XML_INCOMPATIBLE_RE.sub("", text)
    if not text or text.isspace():
        raise SourceReadError(source, "is empty (no HTML to import)")
    return text


def _is_utf8(data: bytes) -> bool:
    """Whether bytes holding non-ASCII characters are valid UTF-8 (text in a single-byte
    charset almost never is)."""
    if not patterns.UTF8_MULTIBYTE_RE.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that was read as windows-1252 or latin-1 and saved again ("Investorâ\x80\x99s",
    "â€™", "Ã©", "Â\xa0" for "Investor’s", "’", "é", a no-break space).

    Only when the text holds at least :data:`~importers.pipeline.patterns.MIN_DOUBLE_ENCODED`
    such sequences, each of which decodes as UTF-8: one "Ã©" may be meant, a page of them is
    a saving accident.
    """
    repaired = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repaired
        try:
            raw = bytes(_CP1252_BYTES.get(char, ord(char)) for char in match.group(0))
            fixed = raw.decode("utf-8")
        except (UnicodeDecodeError, ValueError):
            return match.group(0)
        repaired += 1
        return fixed

    result = patterns.DOUBLE_ENCODED_RE.sub(fix, text)
    return result if repaired >= patterns.MIN_DOUBLE_ENCODED else text


#: The byte windows-1252 maps to each character it has in 0x80-0x9F.
_CP1252_BYTES = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
#: Codecs that decode any bytes: a wrong declaration never fails with them.
_SINGLE_BYTE_CODECS = frozenset({"cp1252", "latin-1", "iso8859-1", "iso8859-15", "ascii"})


def _sniff_bom(data: bytes) -> tuple[str | None, bytes]:
    """Return the encoding named by a byte-order mark and the data after it."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, data[len(bom) :]
    return None, data


def _sniff_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16: ASCII markup leaves every other byte NUL."""
    head = data[:512]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.8 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.8 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _reject_binary(data: bytes, source: str) -> None:
    """Raise for data that is clearly not a text document."""
    for signature, kind in patterns.BINARY_SIGNATURES:
        if data.startswith(signature):
            raise SourceReadError(
                source, f"is not an HTML document (binary data: looks like {kind})"
            )
    if b"\x00" in data[:65536]:
        raise SourceReadError(source, "is not an HTML document (binary data: contains NUL bytes)")


def _declared_encoding(data: bytes) -> str | None:
    """Return the codec named by a ``<meta charset>`` in the document head, if known."""
    match = patterns.META_CHARSET_RE.search(data[: patterns.CHARSET_PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    if label in _CP1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        logger.info("Unknown charset %r declared; guessing the encoding", label)
        return None


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode with the given codec, falling back to UTF-8, windows-1252, then latin-1.

    Returns:
        The text and the name of the codec that decoded it.
    """
    candidates = [encoding] if encoding else []
    candidates += ["utf-8", "cp1252"]
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


def _has_xml_incompatible_bytes(data: bytes) -> bool:
    """Whether ``data`` holds a control byte that XML refuses. Text decoded from it by an
    ASCII-safe codec can then hold only one other kind of character XML refuses: U+FFFE
    and U+FFFF, from their UTF-8 encodings (``_NONCHARACTER_BYTES_RE``; a strict UTF-8
    decoder refuses surrogates)."""
    return len(data.translate(None, _XML_INCOMPATIBLE_BYTES)) != len(data)


_XML_INCOMPATIBLE_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
#: One expression rather than two ``in`` tests, which took three times as long on the
#: development pages (their last bytes are common UTF-8 continuation bytes).
_NONCHARACTER_BYTES_RE = re.compile(rb"\xef\xbf[\xbe\xbf]")


def _has_control_bytes(data: bytes) -> bool:
    """Whether the bytes behind the text that :func:`_reject_control_chars` samples hold a
    C0 control byte. In the codecs of ``_ASCII_SAFE_CODECS`` a control character can only
    come from the same byte, and deleting bytes is a C loop: far cheaper than scanning the
    decoded text with a regular expression, which most pages would need for nothing."""
    sample = data[: _CONTROL_SAMPLE_CHARS * 4]  # UTF-8 needs at most 4 bytes per character
    return len(sample.translate(None, _CONTROL_BYTES)) != len(sample)


def _reject_control_chars(text: str, source: str) -> None:
    """Raise when decoded text is mostly control characters (binary in disguise)."""
    sample = text[:_CONTROL_SAMPLE_CHARS]
    controls = len(_CONTROL_RE.findall(sample))
    if "\x00" in sample or controls > patterns.MAX_CONTROL_CHAR_RATIO * len(sample):
        raise SourceReadError(source, "is not an HTML document (binary data)")
