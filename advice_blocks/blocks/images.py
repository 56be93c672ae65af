"""API representation of images: the URLs a front end needs, fetched in one query."""

from __future__ import annotations

import functools

from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock
from wagtail.images.models import Filter

from advice_blocks import conf
from advice_blocks.prefetch import PreloadableChooserMixin

__all__ = ["image_api_representation", "OptionalImageChooserBlock"]


class OptionalImageChooserBlock(PreloadableChooserMixin, WagtailImageChooserBlock):
    """An image chooser that skips the database when no item has an image, and takes its
    images from :func:`advice_blocks.prefetch.prefetch_articles` when they were preloaded.

    Most reasons have no picture; Wagtail would still run ``in_bulk([])`` for them (and
    Django 6.1 opens a connection for it), so a text-only listicle would touch the database.
    """

    def bulk_to_python(self, values):
        values = list(values)
        if not any(values):
            return [None] * len(values)
        return super().bulk_to_python(values)


# Migrations record the plain Wagtail chooser: the subclass changes no stored data.
DECONSTRUCT_ALIASES = {OptionalImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock"}


@functools.lru_cache(maxsize=64)
def _filter(spec: str) -> Filter:
    # A Filter parses its spec (with inspect) on first use and keeps the result; the
    # {% image %} tag builds one per template node, the API one per spec for the process.
    return Filter(spec=spec)


def image_api_representation(image, alt_text=""):
    """Describe ``image`` for the API: size, alt text and rendition URLs by name."""
    if image is None:
        return None
    specs = conf.get("API_RENDITIONS")
    # get_renditions fetches or creates every spec in one round trip, not one per spec.
    renditions = image.get_renditions(*map(_filter, specs.values())) if specs else {}
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt_text or getattr(image, "default_alt_text", "") or "",
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in specs.items()
        },
    }
