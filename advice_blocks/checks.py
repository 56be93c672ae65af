"""System checks for the ``ADVICE_BLOCKS`` setting."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import conf


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    try:
        values = conf.get_settings()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="advice_blocks.E001")]
    errors = []
    for key in ("FETCH_TIMEOUT", "MAX_DOCUMENT_BYTES", "MAX_IMAGE_BYTES"):
        value = values[key]
        if not isinstance(value, int | float) or value <= 0:
            errors.append(
                checks.Error(
                    f"ADVICE_BLOCKS['{key}'] must be a positive number, not {value!r}.",
                    id="advice_blocks.E002",
                )
            )
    return errors
