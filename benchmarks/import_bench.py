"""Benchmark 2: importing N generated articles into SQLite, against a direct baseline.

*Ours* is the real import path of ``manage.py import_articles``: the sources of a folder
(:func:`importers.sources.documents.collect_sources`) through
:func:`importers.store.runner.run` with
``dry_run=False`` and ``--publish``: read, extract, build and validate the StreamField data,
then save author, page, revision and comments in one transaction per article, and an
import record.

The *baseline* creates the same pages directly, from a dump of what ours saved: per article,
in one transaction, the author (once), ``add_child``, ``save_revision``, ``publish`` and the
comments. It reads the dump as a stream, so it is timed on what it does with the database.

Each run is a separate process on a fresh copy of a migrated database (see
:mod:`benchmarks.worker`), so its peak memory is its own: the peak resident size during the
import minus the size before it. Time per article is also compared between the first and
the last tenth of a run: a ratio near 1 means the time grows linearly with N.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from .common import peak_rss_mib, reset_peak_rss, rss_mib

TARGET_RATIO = 1.25


#: A run's time per page is the median over this many equal chunks of its articles, so a
#: burst of load from another process skews one chunk, not the figure.
CHUNKS = 20


def _progress_stats(stamps: list[float], start: float) -> dict:
    count = len(stamps)
    times = [start, *stamps]
    size = max(1, count // CHUNKS)
    chunks = [(times[end] - times[end - size]) / size for end in range(size, count + 1, size)]
    decile = max(1, count // 10)
    first = (times[decile] - times[0]) / decile
    last = (times[-1] - times[-decile - 1]) / decile
    return {
        "median_chunk_ms": statistics.median(chunks) * 1000,
        "first_tenth_ms": first * 1000,
        "last_tenth_ms": last * 1000,
        "growth": last / first,
    }


def article_parent():
    """The site's article listing, where imported articles go (made on first use, outside
    the timing): the example site allows articles only below an ``AdviceIndexPage``."""
    from wagtail.models import Site

    from advice_blocks.models import AdviceIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    index = AdviceIndexPage.objects.child_of(home).first()
    if index is None:
        index = AdviceIndexPage(title="Articles", slug="articles")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def run_ours(folder: Path, dump: Path | None = None) -> dict:
    """Import every HTML file of ``folder`` with the real import code; return the timing."""

    from importers.sources.documents import collect_sources
    from importers.store.runner import FAILED, limits_from_settings, run
    from importers.store.save import SaveOptions

    sources, errors = collect_sources([str(folder)])
    if errors:
        raise RuntimeError(f"no sources: {errors}")
    parent = article_parent()
    limits = limits_from_settings()
    options = SaveOptions(parent=parent, publish=True, limits=limits)
    failures: list[str] = []
    stamps: list[float] = []
    cpu_stamps: list[float] = []
    can_reset = reset_peak_rss()
    before = rss_mib()
    cpu = cpu_start = time.process_time()
    start = time.perf_counter()
    for result in run(sources, dry_run=False, options=options, limits=limits):
        if result.status == FAILED:
            failures.append(f"{result.source}: {result.error}")
        stamps.append(time.perf_counter())
        cpu_stamps.append(time.process_time())
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = peak_rss_mib()
    if len(failures) == len(sources):
        # Nothing to compare (and no dump for the baseline): say why, not an IndexError.
        raise RuntimeError(f"every article failed to import, e.g. {failures[0]}")
    if dump is not None:
        dump_pages(parent, dump)
    return _result(
        len(sources),
        elapsed,
        cpu,
        (stamps, start),
        (cpu_stamps, cpu_start),
        (before, peak),
        can_reset,
        failures,
    )


def _result(count, elapsed, cpu, wall_stamps, cpu_stamps, memory, can_reset, failures) -> dict:
    progress = _progress_stats(*wall_stamps)
    cpu_progress = _progress_stats(*cpu_stamps)
    before, peak = memory
    return {
        "articles": count,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "ms_per_page": progress["median_chunk_ms"],
        "pages_per_second": 1000 / progress["median_chunk_ms"],
        "overall_pages_per_second": count / elapsed,
        "cpu_ms_per_page": cpu * 1000 / count,
        **progress,
        "cpu_median_chunk_ms": cpu_progress["median_chunk_ms"],
        "cpu_first_tenth_ms": cpu_progress["first_tenth_ms"],
        "cpu_last_tenth_ms": cpu_progress["last_tenth_ms"],
        "cpu_growth": cpu_progress["growth"],
        "rss_before_mib": before,
        "peak_rss_mib": peak,
        "peak_growth_mib": peak - before if can_reset else None,
        "failures": failures[:20],
        "failed": len(failures),
    }


def dump_pages(parent, path: Path) -> None:
    """Write every article page below ``parent`` (tree order) as one JSON line each."""
    from advice_blocks.models import AdviceArticlePage, Comment

    pages = AdviceArticlePage.objects.child_of(parent).order_by("path")
    with path.open("w", encoding="utf-8") as out:
        for page in pages.iterator():
            author = page.author
            comments = [
                {
                    "id": c.pk,
                    "parent": c.parent_id,
                    "author_name": c.author_name,
                    "author_url": c.author_url,
                    "body": c.body,
                    "created_at": c.created_at.isoformat(),
                    "status": c.status,
                    "source_key": c.source_key,
                }
                for c in Comment.objects.filter(page_id=page.pk).order_by("pk")
            ]
            record = {
                "title": page.title,
                "slug": page.slug,
                "intro": page.intro,
                "original_published": _iso(page.original_published),
                "last_updated": _iso(page.last_updated),
                "body": list(page.body.raw_data),
                "source_url": page.source_url,
                "author": None
                if author is None
                else {
                    "id": author.pk,
                    "name": author.name,
                    "role": author.role,
                    "bio": author.bio,
                    "website": author.website,
                    "links": list(author.links.raw_data),
                },
                "comments": comments,
            }
            out.write(json.dumps(record, default=str) + "\n")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def run_baseline(dump: Path) -> dict:
    """Create the dumped pages directly; return the timing."""
    import datetime

    from django.db import transaction

    from advice_blocks.models import AdviceArticlePage, Author, Comment

    parent = article_parent()
    authors: dict[int, Author] = {}
    stamps: list[float] = []
    cpu_stamps: list[float] = []
    count = 0
    can_reset = reset_peak_rss()
    before = rss_mib()
    cpu = cpu_start = time.process_time()
    start = time.perf_counter()
    with dump.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            with transaction.atomic():
                author = None
                if record["author"] is not None:
                    data = record["author"]
                    author = authors.get(data["id"])
                    if author is None:
                        author = Author(
                            name=data["name"],
                            role=data["role"],
                            bio=data["bio"],
                            website=data["website"],
                            links=data["links"],
                        )
                        author.save()
                        authors[data["id"]] = author
                page = AdviceArticlePage(
                    title=record["title"],
                    slug=record["slug"],
                    intro=record["intro"],
                    original_published=_date(record["original_published"]),
                    last_updated=_date(record["last_updated"]),
                    body=_remap_authors(record["body"], authors),
                    source_url=record["source_url"],
                    live=False,
                )
                if author is not None:
                    page.set_authors([author])
                parent.add_child(instance=page)
                page.save_revision().publish()
                ids: dict[int, int] = {}
                for comment in record["comments"]:
                    ids[comment["id"]] = Comment.objects.create(
                        page_id=page.pk,
                        parent_id=ids.get(comment["parent"]),
                        author_name=comment["author_name"],
                        author_url=comment["author_url"],
                        body=comment["body"],
                        created_at=datetime.datetime.fromisoformat(comment["created_at"]),
                        status=comment["status"],
                        source_key=comment["source_key"],
                    ).pk
            count += 1
            stamps.append(time.perf_counter())
            cpu_stamps.append(time.process_time())
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = peak_rss_mib()
    made = AdviceArticlePage.objects.child_of(parent).count()
    if made != count:
        raise RuntimeError(f"the baseline made {made} pages from {count} records")
    return _result(
        count,
        elapsed,
        cpu,
        (stamps, start),
        (cpu_stamps, cpu_start),
        (before, peak),
        can_reset,
        [],
    )


def _date(value: str | None):
    import datetime

    return datetime.date.fromisoformat(value) if value else None


def _remap_authors(body: list[dict], authors: dict) -> list[dict]:
    """Point ``author_bio`` blocks at the baseline's authors (same ids in practice)."""
    for block in body:
        if block.get("type") == "author_bio":
            old = block["value"].get("author")
            if old in authors:
                block["value"]["author"] = authors[old].pk
    return body


def summarise(runs: dict[int, dict[str, list[dict]]]) -> list[dict]:
    """Median figures per N from the per-run results.

    Args:
        runs: ``{n: {"ours": [result, ...], "baseline": [result, ...]}}``.
    """
    rows = []
    for n, variants in sorted(runs.items()):
        row: dict = {"n": n, "runs": len(variants["ours"])}
        for name, results in variants.items():
            row[f"{name}_pages_per_second"] = statistics.median(
                r["pages_per_second"] for r in results
            )
            row[f"{name}_ms_per_page"] = statistics.median(r["ms_per_page"] for r in results)
            row[f"{name}_cpu_ms_per_page"] = statistics.median(
                r["cpu_ms_per_page"] for r in results
            )
            row[f"{name}_growth"] = statistics.median(r["growth"] for r in results)
            row[f"{name}_cpu_growth"] = statistics.median(r["cpu_growth"] for r in results)
            growths = [r["peak_growth_mib"] for r in results if r["peak_growth_mib"] is not None]
            row[f"{name}_peak_growth_mib"] = statistics.median(growths) if growths else None
            row[f"{name}_peak_rss_mib"] = statistics.median(r["peak_rss_mib"] for r in results)
            row[f"{name}_failed"] = max(r["failed"] for r in results)
        row["ratio"] = row["ours_ms_per_page"] / row["baseline_ms_per_page"]
        row["cpu_ratio"] = row["ours_cpu_ms_per_page"] / row["baseline_cpu_ms_per_page"]
        rows.append(row)
    return rows


def report(result: dict) -> str:
    from .common import table, verdict

    if "error" in result:
        return f"2. Import: {result['error']}"
    rows = result["summary"]
    lines = [
        "2. Import into SQLite: generated articles through import_articles' code path vs. the "
        "same pages created directly (ms per page: median over 20 chunks of a run, then over "
        "runs)",
        "",
        table(
            [
                "N",
                "runs",
                "pages/s",
                "baseline p/s",
                "ratio",
                "CPU ratio",
                "target",
                "CPU last/first 10%",
                "peak +MiB",
                "baseline +MiB",
            ],
            [
                [
                    r["n"],
                    r["runs"],
                    r["ours_pages_per_second"],
                    r["baseline_pages_per_second"],
                    r["ratio"],
                    r["cpu_ratio"],
                    f"≤ {TARGET_RATIO} {verdict(r['ratio'], TARGET_RATIO)}",
                    r["ours_cpu_growth"],
                    r["ours_peak_growth_mib"],
                    r["baseline_peak_growth_mib"],
                ]
                for r in rows
            ],
        ),
    ]
    if len(rows) > 1:
        small, large = rows[0], rows[-1]

        def change(name):
            return large[f"{name}_cpu_ms_per_page"] / small[f"{name}_cpu_ms_per_page"]

        lines.append(
            f"CPU time per page from N={small['n']:,} to N={large['n']:,}: "
            f"×{change('ours'):.2f} (baseline ×{change('baseline'):.2f}; ×1 is a total that "
            "grows linearly with N)."
        )
    failed = sum(r["ours_failed"] for r in rows)
    if failed:
        lines.append(f"{failed} articles FAILED to import; see the JSON for the errors.")
    return "\n".join(lines)
