"""Images of the article: figures with alt text and captions.

Lazy-loading themes keep the real URL in ``data-src`` and a placeholder in ``src``; inline
``data:`` images cannot be imported as files and are dropped with a warning.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from lxml import etree

from importers.pipeline import patterns
from importers.pipeline.model import ImageRef
from importers.pipeline.parse import text_of

__all__ = ["image_ref", "figure_image"]

logger = logging.getLogger(__name__)


def _src(img: etree._Element) -> str:
    for attr in patterns.IMAGE_SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not (attr == "src" and value.startswith("data:") and img.get("data-src")):
            return value
    srcset = img.get("srcset") or img.get("data-srcset") or ""
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return ""


def _too_small(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < patterns.MIN_IMAGE_DIMENSION:
            return True
    return False


def image_ref(
    img: etree._Element,
    base_url: str | None,
    warnings: list[str],
    caption: str = "",
    in_figure: bool = False,
) -> ImageRef | None:
    """Build an :class:`ImageRef` for an ``<img>``, or ``None`` when it is not content.

    Args:
        img: The ``<img>`` element.
        base_url: The page URL; relative ``src`` values are resolved against it.
        warnings: Receives a message when a ``data:`` image is dropped.
        caption: The figure caption, if any.
        in_figure: Whether the image is a figure's (its declared size is then trusted as
            content whatever it is).

    Returns:
        The image reference, or ``None`` for icons, tracking pixels and ``data:`` images.
    """
    src = _src(img)
    if not src:
        return None
    if src.lower().startswith("data:"):
        warnings.append(f"Dropped an inline data: image (alt: {img.get('alt') or 'none'!r})")
        return None
    if (not in_figure and _too_small(img)) or patterns.PLACEHOLDER_IMAGE_RE.search(src):
        return None
    if base_url:
        src = urljoin(base_url, src)
    return ImageRef(src=src, alt=(img.get("alt") or "").strip(), caption=caption)


def figure_image(
    figure: etree._Element, base_url: str | None, warnings: list[str]
) -> ImageRef | None:
    """Return the image of a ``<figure>`` (or ``<picture>``/``<img>``) with its caption."""
    img = figure if figure.tag == "img" else next(figure.iter("img"), None)
    if img is None:
        return None
    caption_element = next(figure.iter("figcaption"), None) if figure.tag != "img" else None
    caption = text_of(caption_element) if caption_element is not None else ""
    return image_ref(img, base_url, warnings, caption, in_figure=figure.tag == "figure")
