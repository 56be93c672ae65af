"""Time and memory of importers.sources.web.sitemaps against ultimate-sitemap-parser.

Not a test (pytest does not collect it). Run from the repository root::

    python -m tests.sitemaps.benchmark [--usp PATH]

``--usp`` names a folder where ultimate-sitemap-parser is installed (``pip install --target
PATH ultimate-sitemap-parser``); without it only this package's walker is measured. Each run is
a child process that reports its wall time, its peak RSS and its RSS before the walk, so one
run's memory does not hide the next's. Both read the same sitemaps from one loopback server
through :func:`importers.sources.documents.fetch` (ultimate-sitemap-parser through a web
client that wraps it, as it would be adopted); robots.txt and the politeness delay are left
out, so the
numbers are parsing and fetching only.

Cases: one URL set of 50,000 URLs (plain and gzipped), an index of 20 gzipped URL sets of
50,000 URLs each (1,000,000 URLs), and a gzip bomb (1 GB of empty elements in a 1 MB download).

Medians of ``--repeat 3`` with ultimate-sitemap-parser 1.8.1, on 2 CPUs shared with other work
(load average about 7, so absolute times are high; the two ran interleaved)::

    urlset-50k      ours     2.47 s  +   17.9 MiB peak RSS
    urlset-50k      usp      4.22 s  +  121.1 MiB peak RSS
    urlset-50k.gz   ours     2.30 s  +    5.4 MiB peak RSS
    urlset-50k.gz   usp      4.30 s  +  112.4 MiB peak RSS
    index-20x50k    ours    42.95 s  +   77.4 MiB peak RSS   (the duplicate check's 1M hashes)
    index-20x50k    usp     81.48 s  +  120.2 MiB peak RSS
    bomb.xml.gz     ours     7.78 s  +    5.7 MiB peak RSS   (problem: over 3,000,000 elements)
    bomb.xml.gz     usp      0.45 s  +  104.0 MiB peak RSS   (a log warning; no error in result)
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import statistics
import subprocess
import sys
import time

CASES = ("urlset-50k", "urlset-50k.gz", "index-20x50k", "bomb.xml.gz")


def _status_kib(field: str) -> int:
    """A memory figure of this process from /proc (ru_maxrss would carry the parent's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _kib() -> int:
    return _status_kib("VmHWM")


def _current_kib() -> int:
    return _status_kib("VmRSS")


def _bomb() -> bytes:
    """1 GB of empty elements inside a <urlset>, gzipped a megabyte at a time (about 1 MB)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as stream:
        stream.write(b"<urlset>")
        block = b"<x/>" * 262_144
        for _ in range(1000):
            stream.write(block)
        stream.write(b"</urlset>")
    return buffer.getvalue()


def build_routes(base: str) -> dict:
    from .site import GZIP, XML, gz, index

    def urlset_bytes(prefix: str, count: int) -> bytes:
        head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
        head += b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        body = "".join(
            f"<url><loc>{base}/{prefix}/{n:06d}/an-article-slug-of-some-length/</loc>"
            f"<lastmod>2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}T10:00:00+00:00</lastmod>"
            "<changefreq>monthly</changefreq><priority>0.5</priority></url>\n"
            for n in range(count)
        )
        return head + body.encode() + b"</urlset>\n"

    big = urlset_bytes("blog", 50_000)
    routes = {
        "/urlset-50k": (200, XML, big),
        "/urlset-50k.gz": (200, GZIP, gz(big)),
        "/index-20x50k": (200, XML, index(*(f"{base}/part{n}.xml.gz" for n in range(20)))),
        "/bomb.xml.gz": (200, GZIP, _bomb()),
    }
    for n in range(20):
        routes[f"/part{n}.xml.gz"] = (200, GZIP, gz(urlset_bytes(f"part{n}", 50_000)))
    return routes


def child(implementation: str, url: str) -> dict:
    from importers.errors import SourceReadError
    from importers.sources.documents import FetchLimits, fetch

    limits = FetchLimits(timeout=30, allow_private=True)
    if implementation == "usp":
        from usp.fetch_parse import SitemapFetcher
        from usp.web_client.abstract_client import (
            AbstractWebClient,
            AbstractWebClientSuccessResponse,
            WebClientErrorResponse,
        )

        class Response(AbstractWebClientSuccessResponse):
            def __init__(self, data, final):
                self._data, self._url = data, final

            def status_code(self):
                return 200

            def status_message(self):
                return "OK"

            def header(self, name):
                return None

            def raw_data(self):
                return self._data

            def url(self):
                return self._url

        class GuardedClient(AbstractWebClient):
            def set_max_response_data_length(self, length):
                pass  # FetchLimits.max_bytes caps the download

            def get(self, url):
                try:
                    return Response(*fetch(url, limits, accept="application/xml"))
                except SourceReadError as error:
                    return WebClientErrorResponse(error.reason, retryable=False)

        class Warnings(logging.Handler):
            def emit(self, record):
                problems.append(f"(log) {record.getMessage()}")

        problems: list[str] = []
        logging.getLogger("usp").addHandler(Warnings(logging.WARNING))
        before = _current_kib()
        start = time.perf_counter()
        tree = SitemapFetcher(url, recursion_level=0, web_client=GuardedClient()).sitemap()
        count = sum(1 for _page in tree.all_pages())
        problems += [str(s) for s in tree.all_sitemaps() if type(s).__name__ == "InvalidSitemap"]
        if type(tree).__name__ == "InvalidSitemap":
            problems.append(tree.reason)
    else:
        from importers.sources.web import HostThrottle, Politeness, SitemapLimits, SitemapWalk

        walk = SitemapWalk(
            url,
            fetch_limits=limits,
            limits=SitemapLimits(max_urls=2_000_000),
            respect_robots=False,
            throttle=HostThrottle(Politeness(delay=0)),
        )
        before = _current_kib()
        start = time.perf_counter()
        count = sum(1 for _entry in walk)
        problems = [str(problem) for problem in walk.problems]
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "urls": count,
        "rss_before_mib": round(before / 1024, 1),
        "peak_rss_mib": round(_kib() / 1024, 1),
        "problems": [p[:160] for p in problems][:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usp", help="folder where ultimate-sitemap-parser is installed")
    parser.add_argument("--child", nargs=2, metavar=("IMPLEMENTATION", "URL"))
    parser.add_argument("--cases", nargs="*", default=list(CASES))
    parser.add_argument("--repeat", type=int, default=1, help="rounds, interleaved")
    options = parser.parse_args()
    if options.usp:
        sys.path.append(options.usp)  # after the project's own requests, urllib3…
    if options.child:
        print(json.dumps(child(*options.child)))
        return

    from tests.http_server import loopback_server

    implementations = ["ours"] + (["usp"] if options.usp else [])
    runs: dict[tuple[str, str], list[dict]] = {}
    with loopback_server() as httpd:
        httpd.routes.update(build_routes(httpd.base))
        for _round in range(options.repeat):
            for case in options.cases:
                for implementation in implementations:
                    command = [sys.executable, "-m", "tests.sitemaps.benchmark"]
                    if options.usp:
                        command += ["--usp", options.usp]
                    command += ["--child", implementation, f"{httpd.base}/{case}"]
                    result = subprocess.run(command, capture_output=True, text=True, check=False)
                    if result.returncode:
                        print(case, implementation, "failed:", result.stderr[-2000:])
                        continue
                    run = json.loads(result.stdout)
                    runs.setdefault((case, implementation), []).append(run)
                    print(json.dumps({"case": case, "impl": implementation, **run}), flush=True)
    print("medians:")
    for (case, implementation), results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        peak = statistics.median(r["peak_rss_mib"] - r["rss_before_mib"] for r in results)
        print(f"  {case:15} {implementation:5} {seconds:7.2f} s  +{peak:7.1f} MiB peak RSS")


if __name__ == "__main__":
    main()
