"""Run by ``tests/test_shared_data.py`` in a pytest of its own; never collected otherwise
(the name does not start with ``test_``). Every test here lacks the shared data but one."""

import pytest

from tests.shared_data import SHARED, require_shared

MISSING = SHARED / "seed" / "no-such-article.html"


def test_through_the_helper():
    require_shared(MISSING)


def test_skipped_by_hand_naming_the_folder():
    pytest.skip(f"the seed article is not at {MISSING} (../shared is absent)")


@pytest.mark.skip(reason=f"shared corpus not found at {MISSING} (set ADVICE_SHARED_DIR)")
def test_skip_mark_naming_the_folder():
    pass


def test_skipped_for_another_reason():
    pytest.skip("nothing to do with the shared data")
