"""Benchmark 1: HTML → structured article, no database.

Times :func:`importers.pipeline.extract_article` against trafilatura (``extract`` with
metadata and comments) and readability-lxml (``Document(...).summary()``) on the same pages,
and, for scale, building a bare lxml tree and a BeautifulSoup tree of each page. Then breaks
our time down by pipeline step and lists the functions that cost the most.

Ours is given the raw bytes (decoding is part of its work); the others get the text already
decoded, outside the timing.
"""

from __future__ import annotations

import cProfile
import logging
import pstats
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .common import CORPUS_PAGES, FIXTURES, ROOT, SEED, interleaved_medians, table, verdict

#: Ours ÷ trafilatura, median ms per page: the target of the issue.
TARGET_RATIO = 0.5
#: Pipeline steps as named in :mod:`importers.pipeline`, grouped for the breakdown.
STEPS = {
    "decode_html": "decode bytes",
    "parse_html": "lxml tree",
    "PageIndex": "page index",
    "extract_metadata": "title, byline, dates",
    "extract_comments": "comments",
    "extract_authors": "author box",
    "find_main_content": "find content, strip chrome",
    "linearise": "blocks",
    "drop_title": "blocks",
    "drop_chrome_blocks": "blocks",
    "find_faqs": "listicle and FAQ detection",
    "find_listicles": "listicle and FAQ detection",
    "question_run": "listicle and FAQ detection",
    "check_jsonld_questions": "listicle and FAQ detection",
    "build_body": "sections and rich text",
}
_SANITISING = "rich-text sanitising"


@dataclass
class Page:
    group: str
    name: str
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def collect_pages() -> list[Page]:
    """Every corpus page, the seed article and the golden fixtures (those present)."""
    pages = [Page("corpus", p.name, p.read_bytes()) for p in sorted(CORPUS_PAGES.glob("*.html"))]
    pages += [Page("seed", p.name, p.read_bytes()) for p in sorted(SEED.glob("*.html"))]
    pages += [
        Page("fixtures", p.parent.name, p.read_bytes())
        for p in sorted(FIXTURES.glob("*/source.html"))
    ]
    return pages


def _competitors() -> dict[str, Callable[[str], object]]:
    from bs4 import BeautifulSoup
    from lxml import etree

    found: dict[str, Callable[[str], object]] = {}
    try:
        import trafilatura

        found["trafilatura"] = lambda text: trafilatura.extract(
            text, with_metadata=True, include_comments=True
        )
    except ImportError:
        pass
    try:
        from readability import Document

        found["readability"] = lambda text: Document(text).summary()
    except ImportError:
        pass
    found["lxml tree only"] = lambda text: etree.fromstring(text, etree.HTMLParser())
    found["BeautifulSoup tree only"] = lambda text: BeautifulSoup(text, "lxml")
    return found


def run(runs: int = 7, profile_top: int = 12) -> dict:
    """Time every page; return per-page rows, per-group summaries and the breakdown."""
    from importers.pipeline import extract_article

    # readability and trafilatura log every page they find hard; the timing must not.
    logging.getLogger("readability").setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = collect_pages()
    if not pages:
        return {"error": "no pages found"}
    competitors = _competitors()
    names = ["ours", *competitors]
    rows = []
    for page in pages:
        text = page.text
        funcs = [lambda p=page: extract_article(p.data, p.name)]
        funcs += [lambda f=func, t=text: f(t) for func in competitors.values()]
        for func in funcs:  # warm up: imports, regex compilation, caches
            func()
        medians = interleaved_medians(funcs, runs)
        row = {"group": page.group, "page": page.name, "bytes": len(page.data)}
        row.update({name: ms * 1000 for name, ms in zip(names, medians, strict=True)})
        rows.append(row)
    groups = {
        group: _summary([r for r in rows if group in ("all", r["group"])], names)
        for group in ("corpus", "seed", "fixtures", "all")
    }
    return {
        "runs_per_page": runs,
        "tools": names,
        "groups": {g: s for g, s in groups.items() if s},
        "pages": rows,
        "structure": _structure(pages),
        "breakdown": breakdown(pages),
        "profile": top_functions(pages, profile_top),
        "target_ratio": TARGET_RATIO,
    }


def _summary(rows: list[dict], names: list[str]) -> dict:
    if not rows:
        return {}
    summary: dict = {"pages": len(rows)}
    for name in names:
        summary[f"{name}_median_ms"] = statistics.median(r[name] for r in rows)
    if "trafilatura" in names:
        summary["ratio_trafilatura"] = summary["ours_median_ms"] / summary["trafilatura_median_ms"]
        summary["median_page_ratio_trafilatura"] = statistics.median(
            r["ours"] / r["trafilatura"] for r in rows
        )
        summary["total_ratio_trafilatura"] = sum(r["ours"] for r in rows) / sum(
            r["trafilatura"] for r in rows
        )
    if "readability" in names:
        summary["ratio_readability"] = summary["ours_median_ms"] / summary["readability_median_ms"]
    return summary


def _structure(pages: list[Page]) -> dict:
    """What our extraction finds on these pages (trafilatura returns text and metadata)."""
    from importers.pipeline import extract_article
    from importers.pipeline.model import FAQ, Figure, Heading, Listicle

    counts = defaultdict(int)
    for page in pages:
        article = extract_article(page.data, page.name)
        counts["articles"] += 1
        counts["with_author"] += article.author is not None
        counts["author_bios"] += bool(article.author and article.author.bio_html)
        counts["with_date"] += bool(article.published or article.updated)
        for section in article.body:
            if isinstance(section, Listicle):
                counts["listicles"] += 1
                counts["reasons"] += len(section.items)
            elif isinstance(section, FAQ):
                counts["faqs"] += 1
                counts["questions"] += len(section.items)
            elif isinstance(section, Heading):
                counts["headings"] += 1
            elif isinstance(section, Figure):
                counts["figures"] += 1
        counts["comments"] += sum(1 + _replies(c) for c in article.comments)
        counts["threaded_replies"] += sum(_replies(c) for c in article.comments)
    return dict(counts)


def _replies(comment) -> int:
    return sum(1 + _replies(reply) for reply in comment.replies)


def breakdown(pages: list[Page], runs: int = 3) -> dict:
    """Wall time per pipeline step, summed over all pages (each extracted ``runs`` times).

    The step functions are wrapped where :mod:`importers.pipeline` looks them up, so the
    wrappers add microseconds, not a profiler's distortion.
    """
    from importers import pipeline
    from importers.pipeline.extract import author, sections

    spent: dict[str, float] = defaultdict(float)

    def timed(func, label):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start

        return wrapper

    patched = [(pipeline, name, getattr(pipeline, name)) for name in STEPS]
    patched += [(module, "sanitise", module.sanitise) for module in (sections, author)]
    try:
        for module, name, func in patched:
            label = STEPS[name] if module is pipeline else _SANITISING
            setattr(module, name, timed(func, label))
        total = 0.0
        for _ in range(runs):
            for page in pages:
                start = time.perf_counter()
                pipeline.extract_article(page.data, page.name)
                total += time.perf_counter() - start
    finally:
        for module, name, func in patched:
            setattr(module, name, func)
    per_page = len(pages) * runs
    steps = [
        {"step": label, "ms_per_page": seconds * 1000 / per_page, "share": seconds / total}
        for label, seconds in spent.items()
        if label != _SANITISING
    ]
    steps.sort(key=lambda s: -s["share"])
    accounted = sum(s["share"] for s in steps)
    steps.append(
        {
            "step": "other (pipeline glue)",
            "ms_per_page": (1 - accounted) * total * 1000 / per_page,
            "share": 1 - accounted,
        }
    )
    sanitising = spent.get(_SANITISING, 0.0)
    return {
        "total_ms_per_page": total * 1000 / per_page,
        "steps": steps,
        "sanitise_ms_per_page": sanitising * 1000 / per_page,
        "sanitise_share": sanitising / total,
    }


def top_functions(pages: list[Page], count: int) -> list[dict]:
    """The functions with the most self time under cProfile (which inflates Python code
    relative to C, so read it for where, not how much)."""
    from importers.pipeline import extract_article

    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        extract_article(page.data, page.name)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), entry in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({name})" if line else name,
                "calls": entry[1],
                "self_share": entry[2] / total,
                "cumulative_share": entry[3] / total,
            }
        )
    rows.sort(key=lambda r: -r["self_share"])
    return rows[:count]


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        parts = path.parts
        return (
            "/".join(parts[parts.index("site-packages") + 1 :])
            if "site-packages" in parts
            else path.name
        )


def report(result: dict) -> str:
    """The benchmark's tables as text."""
    if "error" in result:
        return f"Parse: {result['error']}"
    tools = result["tools"]
    lines = [f"1. Parse: median ms per page ({result['runs_per_page']} runs per page)", ""]
    headers = ["pages", "n", *tools, "ours/traf", "per-page", "target"]
    rows = []
    for group, s in result["groups"].items():
        ratio = s.get("ratio_trafilatura")
        rows.append(
            [
                group,
                s["pages"],
                *(s[f"{t}_median_ms"] for t in tools),
                ratio,
                s.get("median_page_ratio_trafilatura"),
                f"≤ {TARGET_RATIO} {verdict(ratio, TARGET_RATIO)}",
            ]
        )
    lines.append(table(headers, rows))
    structure = result["structure"]
    lines += [
        "",
        "Structure ours extracts from these pages (trafilatura: text, title, author, date, "
        "comment text):",
        "  "
        + ", ".join(
            f"{structure.get(key, 0)} {label}"
            for key, label in (
                ("listicles", "listicles"),
                ("reasons", "reasons"),
                ("faqs", "FAQs"),
                ("questions", "questions"),
                ("headings", "headings"),
                ("figures", "figures"),
                ("comments", "comments"),
                ("threaded_replies", "of them replies"),
                ("with_author", "authors"),
                ("author_bios", "author bios"),
            )
        ),
        "",
        f"Where our time goes ({result['breakdown']['total_ms_per_page']:.1f} ms per page, "
        "all pages):",
    ]
    steps = result["breakdown"]["steps"]
    lines.append(
        table(
            ["step", "ms/page", "share"],
            [[s["step"], s["ms_per_page"], f"{s['share']:.0%}"] for s in steps],
        )
    )
    lines.append(
        f"(rich-text sanitising, inside sections and author box: "
        f"{result['breakdown']['sanitise_ms_per_page']:.2f} ms, "
        f"{result['breakdown']['sanitise_share']:.0%})"
    )
    lines += ["", "Most self time under cProfile:"]
    lines.append(
        table(
            ["function", "calls", "self", "cumulative"],
            [
                [
                    p["function"],
                    p["calls"],
                    f"{p['self_share']:.0%}",
                    f"{p['cumulative_share']:.0%}",
                ]
                for p in result["profile"]
            ],
        )
    )
    return "\n".join(lines)
