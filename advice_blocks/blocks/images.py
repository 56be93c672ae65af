"""API representation of images: the URLs a front end needs, fetched in one query."""

from __future__ import annotations

from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock

from advice_blocks import conf

__all__ = ["image_api_representation", "OptionalImageChooserBlock"]


class OptionalImageChooserBlock(WagtailImageChooserBlock):
    """An image chooser that skips the database when no item has an image.

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


def image_api_representation(image, alt_text=""):
    """Describe ``image`` for the API: size, alt text and rendition URLs by name."""
    if image is None:
        return None
    specs = conf.get("API_RENDITIONS")
    # get_renditions fetches or creates every spec in one round trip, not one per spec.
    renditions = image.get_renditions(*specs.values()) if specs else {}
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
