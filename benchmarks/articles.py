"""Generate N distinct article pages from the golden fixtures, for the import benchmark.

Copy ``i`` of a fixture gets its own title ("Edition i: …"), its own canonical URL (so
every copy becomes its own page) and its own wording: a few common words in the text are
swapped for others, chosen by ``i``. The structure stays the fixture's (same reasons,
questions, comments), which :func:`generate` checks on the first copy of each fixture.

Local images beside a fixture are not copied, so no copy imports an image file (remote
images are only downloaded with ``--download-images``, which the benchmark does not use):
the import and its baseline write the same rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import FIXTURES

#: Word swaps; copy ``i`` uses variant ``i % len`` of each.
SWAPS = {
    " and ": (" and ", " as well as ", " plus ", " and also "),
    " the ": (" the ", " this ", " that ", " the very "),
    " very ": (" very ", " really ", " truly ", " quite "),
    " often ": (" often ", " frequently ", " usually ", " regularly "),
    " help ": (" help ", " assist ", " support ", " aid "),
}
_TEXT_RE = re.compile(r">([^<]+)<")
_SCRIPT_RE = re.compile(
    r"(<(?:script|style)\b.*?</(?:script|style)\s*>)", re.DOTALL | re.IGNORECASE
)
_H1_RE = re.compile(r"(<h1\b[^>]*>)(.*?</h1>)", re.DOTALL | re.IGNORECASE)
_TITLE_RE = re.compile(r"(<title>)(.*?</title>)", re.DOTALL | re.IGNORECASE)
_CANONICAL_RE = re.compile(r'(<link rel="canonical" href=")([^"]+)(")')


def fixture_sources() -> list[tuple[str, str]]:
    """``(slug, html)`` of every golden fixture."""
    return [
        (path.parent.name, path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("*/source.html"))
    ]


def vary(html: str, index: int) -> str:
    """Copy ``index`` of a fixture page: own title, canonical URL and wording."""
    # In front: the importer's slug is the first 80 characters of the title.
    html = _H1_RE.sub(rf"\1Edition {index}: \2", html, count=1)
    html = _TITLE_RE.sub(rf"\1Edition {index}: \2", html, count=1)
    html = _CANONICAL_RE.sub(
        lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}/edition-{index}/{m.group(3)}", html
    )
    # Swap words in text only: not in tags, scripts or styles (odd parts of the split).
    parts = _SCRIPT_RE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _TEXT_RE.sub(lambda m: ">" + _swap(m.group(1), index) + "<", parts[i])
    return "".join(parts)


def _swap(text: str, index: int) -> str:
    for word, variants in SWAPS.items():
        if word in text:
            text = text.replace(word, variants[index % len(variants)])
    return text


def generate(count: int, folder: Path) -> list[Path]:
    """Write ``count`` article pages into ``folder``; return their paths (sorted order)."""
    fixtures = fixture_sources()
    if not fixtures:
        raise RuntimeError(f"no fixtures in {FIXTURES}")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    width = len(str(count))
    for index in range(count):
        slug, html = fixtures[index % len(fixtures)]
        path = folder / f"{index:0{width}d}-{slug}.html"
        path.write_text(vary(html, index + 1), encoding="utf-8")
        paths.append(path)
        if index < len(fixtures) or index >= count - len(fixtures):
            _check_same_structure(html, path, slug)
    return paths


def _check_same_structure(original: str, copy: Path, slug: str) -> None:
    from importers.pipeline import extract_article

    before = extract_article(original, slug)
    after = extract_article(copy.read_bytes(), str(copy))
    if _shape(before) != _shape(after) or before.title == after.title:
        raise RuntimeError(f"the generated copy of {slug} no longer has the fixture's structure")


def _shape(article) -> tuple:
    from importers.pipeline.model import FAQ, Listicle

    def count(comments):
        return sum(1 + count(c.replies) for c in comments)

    return (
        [len(s.items) for s in article.body if isinstance(s, Listicle)],
        [len(s.items) for s in article.body if isinstance(s, FAQ)],
        count(article.comments),
        article.author.name if article.author else None,
    )
