"""The language and writing direction the page declares for itself.

``<html lang dir>`` first (what browsers and screen readers use), then ``<body>``, then the
``Content-Language`` http-equiv and ``og:locale``. Nothing is guessed from the text: a
missing declaration stays missing, and the page's locale decides.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["page_language"]

#: A BCP 47 tag as pages write it (``ar``, ``pt-BR``, ``zh_Hant``); anything else is ignored.
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$")
DIRECTIONS = ("ltr", "rtl")


def _tag(value: str | None) -> str:
    value = (value or "").strip().split(",")[0].strip()
    return value.replace("_", "-") if LANGUAGE_TAG_RE.match(value) else ""


def page_language(root: etree._Element) -> tuple[str, str]:
    """Return ``(language, direction)``, each ``""`` when the page does not say."""
    body = root.find("body")
    language = _tag(root.get("lang")) or _tag(root.get("xml:lang"))
    direction = (root.get("dir") or "").strip().lower()
    if body is not None:
        language = language or _tag(body.get("lang"))
        direction = direction or (body.get("dir") or "").strip().lower()
    if not language:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" or (
                meta.get("property") or ""
            ).lower() == "og:locale":
                language = _tag(meta.get("content"))
                if language:
                    break
    return language, direction if direction in DIRECTIONS else ""
