"""Benchmarks 3 and 4: the API v2 and the front-end page of an article, against a baseline.

The article has 10 reasons (3 with images), 5 FAQ questions, 8 threaded comments and an
author with a photo; the baseline is a ``home.BaselineArticlePage`` holding the same text
and images in one rich-text field (:mod:`benchmarks.content`). Requests go through Django's
test client (the whole middleware and view stack, no network), after one warm-up request
that fills the per-process caches and renders the images.

Runs inside a worker process with ``benchmarks.settings`` and a freshly migrated database.
"""

from __future__ import annotations

import statistics
import time

from .common import table, verdict

TARGET_RATIO = 1.3
LISTING_SIZE = 50
ARTICLE_TYPE = "advice_blocks.AdviceArticlePage"
BASELINE_TYPE = "home.BaselineArticlePage"
#: What an index page of articles shows: title and URL come with every listing.
INDEX_FIELDS = "intro,author,original_published,last_updated"


def _queries_and_status(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(queries)


def _latencies(client, urls: list[str], runs: int) -> list[float]:
    """Median ms of each URL, requesting them in turn ``runs`` times."""
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(runs):
        for index, url in enumerate(urls):
            start = time.perf_counter()
            response = client.get(url)
            times[index].append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
    return [statistics.median(t) * 1000 for t in times]


def run(runs: int = 30) -> dict:
    from django.test import Client

    from .content import home_page, make_article, make_baseline

    home = home_page()
    article = make_article("Ten reasons why walking away works", images=3)
    baseline = make_baseline(article)
    for n in range(LISTING_SIZE - 1):
        other = make_article(f"Article {n + 2}", images=1, comments=8 if n % 2 else 2)
        make_baseline(other)
    # A small article for the growth check; created last, so listings (ordered by tree
    # path) of LISTING_SIZE leave it out.
    small = make_article("One reason", reasons=1, questions=1, comments=1, images=1)

    client = Client()
    listing = f"/api/v2/pages/?child_of={home.pk}&limit={LISTING_SIZE}"
    requests = {
        "API detail": (f"/api/v2/pages/{article.pk}/", f"/api/v2/pages/{baseline.pk}/"),
        f"API listing of {LISTING_SIZE}, fields=*": (
            f"{listing}&type={ARTICLE_TYPE}&fields=*",
            f"{listing}&type={BASELINE_TYPE}&fields=*",
        ),
        # What an index page asks for; the baseline pages have no intro or author, so theirs
        # is the plain listing (title and meta).
        f"API listing of {LISTING_SIZE}, index fields": (
            f"{listing}&type={ARTICLE_TYPE}&fields={INDEX_FIELDS}",
            f"{listing}&type={BASELINE_TYPE}",
        ),
        "page render": (article.url, baseline.url),
    }
    urls = [url for pair in requests.values() for url in pair]
    for url in urls:  # warm up: renditions, site root paths, template loading
        client.get(url)
    medians = _latencies(client, urls, runs)
    # The index listing's baseline serves less (no intro, no author): shown for scale only.
    untargeted = {f"API listing of {LISTING_SIZE}, index fields"}
    rows = []
    for index, (name, (ours, theirs)) in enumerate(requests.items()):
        ours_ms, theirs_ms = medians[2 * index], medians[2 * index + 1]
        rows.append(
            {
                "request": name,
                "ours_url": ours,
                "baseline_url": theirs,
                "ours_queries": _queries_and_status(client, ours),
                "baseline_queries": _queries_and_status(client, theirs),
                "ours_ms": ours_ms,
                "baseline_ms": theirs_ms,
                "ratio": ours_ms / theirs_ms,
                "target": None if name in untargeted else TARGET_RATIO,
            }
        )
    return {"runs": runs, "requests": rows, "query_growth": _growth(client, home, small, article)}


def _growth(client, home, small, large) -> list[dict]:
    """Queries of the same request on small and large content (equal counts: no growth)."""
    listing = f"/api/v2/pages/?child_of={home.pk}&type={ARTICLE_TYPE}"
    cases = [
        (
            "API detail: 1 reason, 1 question, 1 comment → 10, 5, 8",
            f"/api/v2/pages/{small.pk}/",
            f"/api/v2/pages/{large.pk}/",
        ),
        (
            "page render: 1 reason, 1 question, 1 comment → 10, 5, 8",
            small.url,
            large.url,
        ),
        (
            f"API listing, index fields: 5 → {LISTING_SIZE} articles and authors",
            f"{listing}&fields={INDEX_FIELDS}&limit=5",
            f"{listing}&fields={INDEX_FIELDS}&limit={LISTING_SIZE}",
        ),
        (
            f"API listing, fields=*: 5 → {LISTING_SIZE} articles and authors",
            f"{listing}&fields=*&limit=5",
            f"{listing}&fields=*&limit={LISTING_SIZE}",
        ),
    ]
    rows = []
    for name, before, after in cases:
        client.get(before)
        client.get(after)
        rows.append(
            {
                "case": name,
                "small": _queries_and_status(client, before),
                "large": _queries_and_status(client, after),
            }
        )
    return rows


def report(result: dict) -> str:
    if "error" in result:
        return f"3-4. API and page render: {result['error']}"
    lines = [
        f"3-4. API v2 and page render: median ms of {result['runs']} requests "
        "(10 reasons, 5 questions, 8 comments; baseline: the same content in one rich-text "
        "field)",
        "",
    ]
    rows = [
        [
            r["request"],
            r["ours_queries"],
            r["baseline_queries"],
            r["ours_ms"],
            r["baseline_ms"],
            r["ratio"],
            f"≤ {r['target']} {verdict(r['ratio'], r['target'])}"
            if r["target"]
            else "(for scale)",
        ]
        for r in result["requests"]
    ]
    lines.append(
        table(["request", "queries", "baseline q.", "ms", "baseline ms", "ratio", "target"], rows)
    )
    lines += ["", "SQL queries as the content grows:"]
    lines.append(
        table(
            ["request", "small", "large", "grows"],
            [
                [g["case"], g["small"], g["large"], "YES" if g["large"] > g["small"] else "no"]
                for g in result["query_growth"]
            ],
        )
    )
    return "\n".join(lines)
