"""What the GraphQL extra needs, and whether this site has it.

Kept free of grapple imports, so that ``manage.py check`` can say what is missing.
"""

from __future__ import annotations

from importlib import metadata

from django.apps import apps

#: The wagtail-grapple releases the types are written against: 0.31 is the first with
#: Wagtail 7 support, and 1.0 may change the registry this package fills.
GRAPPLE_VERSIONS = ((0, 31), (1, 0))

INSTALL_HINT = 'pip install "wagtail-advice-blocks[graphql]"'


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _release(version):
    parts = []
    for part in version.split(".")[:2]:
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def grapple_problem() -> str | None:
    """Why the package's GraphQL types cannot be served here, or ``None`` if they can."""
    version = _version("wagtail-grapple")
    if version is None:
        return f"wagtail-grapple is not installed ({INSTALL_HINT})."
    low, high = GRAPPLE_VERSIONS
    if not low <= _release(version) < high:
        return (
            f"wagtail-grapple {version} is installed; the package's GraphQL types need "
            f"{low[0]}.{low[1]} or later, before {high[0]}.{high[1]} ({INSTALL_HINT})."
        )
    missing = [app for app in ("grapple", "graphene_django") if not apps.is_installed(app)]
    if missing:
        names = " and ".join(repr(app) for app in missing)
        return f"{names} must be in INSTALLED_APPS beside 'advice_blocks.graphql'."
    return None
