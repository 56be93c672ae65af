"""Generated WordPress exports of ``count`` advice posts (scripts/make_big_wxr.py's posts:
block-editor and classic listicles, Yoast and Rank Math FAQs, threaded comments)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_big_wxr", ROOT / "scripts" / "make_big_wxr.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_posts(path: Path, count: int) -> Path:
    """Write an export of ``count`` posts (with an attachment and a menu item every fifth
    post, as the big export has) to ``path``."""
    generator = _generator()
    with open(path, "w", encoding="utf-8") as file:
        file.write(generator.HEADER)
        for number in range(1, count + 1):
            file.write(generator._post(number))
            if number % generator.EXTRAS_EVERY == 0:
                file.write(
                    generator._item(10_000_000 + number, "attachment", f"photo-{number}", "")
                )
                file.write(generator._item(20_000_000 + number, "nav_menu_item", "Home", ""))
        file.write(generator.FOOTER)
    return path
