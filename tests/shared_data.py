"""The shared test data (seed article, real-page corpus), and what its absence means.

It lives beside the project checkout (``../shared``) or where ``ADVICE_SHARED_DIR`` says.
Tests that need it call :func:`require_shared`: where it is absent they are skipped, with
the path looked at, except under ``CI=true``, where they fail (as the browser tests do
without chromium): CI must run them, and a skip there would hide that they never ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = PROJECT.parent / "shared"
SHARED = Path(os.environ.get("ADVICE_SHARED_DIR") or DEFAULT_SHARED)
SEED_HTML = SHARED / "seed" / "why-walking-away-works.html"
SEED_TEXT = SHARED / "seed" / "why-walking-away-works.txt"
CORPUS = SHARED / "corpus"
CI_MESSAGE = "CI=true, and tests that need the shared data must run in CI."


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def missing_reason(path: Path) -> str:
    return f"shared test data not found: {path} (../shared is absent; set ADVICE_SHARED_DIR)"


def require_shared(path: Path) -> Path:
    """``path`` if it exists; otherwise skip the calling test, or fail it under CI."""
    if path.exists():
        return path
    if in_ci():
        pytest.fail(f"{missing_reason(path)}. {CI_MESSAGE}", pytrace=False)
    pytest.skip(missing_reason(path))


def names_shared_data(reason: str) -> bool:
    """Whether a skip's reason is the shared data's absence (for skips not written with
    :func:`require_shared`: they all name the folder or the variable)."""
    markers = ("../shared", str(SHARED), str(DEFAULT_SHARED), "ADVICE_SHARED_DIR")
    return any(marker in reason for marker in markers)
