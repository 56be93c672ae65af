"""Load test: the example site under gunicorn, on loopback, hit by concurrent clients.

    python scripts/load_test.py [--clients 32] [--duration 20] [--output PATH]

Sets up a throwaway database (a SQLite file, or a database of its own on the PostgreSQL
server ``DATABASE_URL`` names), imports ``fixtures/articles`` with ``import_articles``,
serves ``example_site.wsgi`` with gunicorn on ``127.0.0.1:<free port>`` and runs the
clients for the given time against three endpoints, round robin per client:

- an article page (``GET``),
- its API detail, ``GET /api/v2/pages/<id>/``,
- the comment JSON endpoint, ``POST /advice/api/comments/<id>/``.

Every client comes from 127.0.0.1, so they would share one comment rate-limit bucket; the
run sets ``COMMENT_RATE_LIMIT`` high enough never to trigger and counts any 429 apart from
the errors all the same (both must be 0). It reports requests per second and latency
percentiles per endpoint, writes them as JSON (default ``benchmarks/results/load.json``)
and exits 1 if any request failed. Everything stops by itself: the clients at the end of
the duration, each request after a timeout, gunicorn when the run ends. Traffic goes to
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.reliability.filedb import TemplateDatabase  # noqa: E402

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0
#: Statuses each endpoint answers when it works.
EXPECTED = {"article page": {200}, "api detail": {200}, "comment post": {201}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def prepare(workdir: Path, rate_limit: int):
    """A migrated database with the fixture articles; return it and one article's page."""
    template = TemplateDatabase(workdir)
    template.wait()
    database = template.copy("load", workdir)
    database.blocks = {"COMMENT_RATE_LIMIT": rate_limit}
    result = database.manage(
        "import_articles", str(ROOT / "fixtures" / "articles"), "--publish", "--format", "json"
    )
    document = json.loads(result.stdout)
    articles = [article for article in document["articles"] if article.get("page_id")]
    if not articles:
        raise SystemExit(f"no article imported:\n{result.stderr[-2000:]}")
    return template, database, articles[0]


def start_server(database, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "example_site.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    # A fixed command line: nothing in it comes from outside the script.
    return subprocess.Popen(command, env=database.env(), cwd=ROOT / "example_site")  # noqa: S603


def wait_until_serving(port: int, path: str, server: subprocess.Popen, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start serving in time")


def client(port, requests, deadline, number, results, lock):
    """One client: keep-alive connection, endpoints in turn until the deadline."""
    connection = None
    turn = number
    local: list[tuple[str, float, int | str]] = []
    while time.monotonic() < deadline:
        name, method, path, body, headers = requests[turn % len(requests)]
        turn += 1
        if method == "POST":
            body = json.dumps({**body, "body": f"Load test comment {number}-{turn}."})
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcome: int | str = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
            if connection is not None:
                connection.close()
            connection = None
        local.append((name, time.perf_counter() - started, outcome))
    if connection is not None:
        connection.close()
    with lock:
        results.extend(local)


def run_load(port, article, clients, duration):
    page_id, url = article["page_id"], article["url"]
    requests = [
        ("article page", "GET", url, None, {}),
        ("api detail", "GET", f"/api/v2/pages/{page_id}/", None, {}),
        (
            "comment post",
            "POST",
            f"/advice/api/comments/{page_id}/",
            {"name": "Load Tester"},
            {"Content-Type": "application/json"},
        ),
    ]
    results: list = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(
            target=client, args=(port, requests, deadline, n, results, lock), daemon=True
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT + 5)
    return results, time.monotonic() - started


def summarise(results, elapsed):
    endpoints = {}
    for name, expected in EXPECTED.items():
        rows = [(latency, outcome) for endpoint, latency, outcome in results if endpoint == name]
        statuses = Counter(str(outcome) for _, outcome in rows)
        latencies = [latency for latency, outcome in rows if outcome in expected]
        rate_limited = statuses.get("429", 0)
        errors = sum(n for status, n in statuses.items() if int_or_none(status) not in expected)
        endpoints[name] = {
            "requests": len(rows),
            "requests_per_second": round(len(rows) / elapsed, 1),
            "errors": errors - rate_limited,
            "rate_limited_429": rate_limited,
            "statuses": dict(statuses),
            "latency_ms": {
                "p50": round(percentile(latencies, 0.50) * 1000, 1),
                "p95": round(percentile(latencies, 0.95) * 1000, 1),
                "p99": round(percentile(latencies, 0.99) * 1000, 1),
                "max": round(max(latencies, default=0) * 1000, 1),
            },
        }
    total = len(results)
    return {
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "errors": sum(e["errors"] for e in endpoints.values()),
        "rate_limited_429": sum(e["rate_limited_429"] for e in endpoints.values()),
        "p95_ms": round(percentile([r[1] for r in results], 0.95) * 1000, 1),
        "endpoints": endpoints,
    }


def int_or_none(text):
    try:
        return int(text)
    except ValueError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds (at most 600)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results" / "load.json"
    )
    args = parser.parse_args(argv)
    duration = min(max(args.duration, 1.0), 600.0)

    workdir = Path(tempfile.mkdtemp(prefix="advice-load-"))
    template = server = None
    try:
        print("Preparing the database and importing fixtures/articles...", flush=True)
        template, database, article = prepare(workdir, rate_limit=10_000_000)
        port = free_port()
        server = start_server(database, port, args.workers, args.threads)
        wait_until_serving(port, article["url"], server)
        print(
            f"gunicorn on http://{HOST}:{port}/ ({args.workers} workers x {args.threads} "
            f"threads); {args.clients} clients for {duration:g} s...",
            flush=True,
        )
        results, elapsed = run_load(port, article, args.clients, duration)
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if template is not None:
            template.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)

    summary = summarise(results, elapsed)
    import django
    import wagtail

    report = {
        "date": datetime.date.today().isoformat(),
        "clients": args.clients,
        "duration_s": round(elapsed, 1),
        "server": f"gunicorn gthread, {args.workers} workers x {args.threads} threads",
        "database": "postgresql" if not database.is_sqlite else "sqlite (WAL)",
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}",
        "comment_rate_limit": "raised to 10,000,000 for the run; 429s counted apart",
        **summary,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")

    print(f"\n{'endpoint':14} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} errors")
    for name, data in summary["endpoints"].items():
        latency = data["latency_ms"]
        print(
            f"{name:14} {data['requests']:>9} {data['requests_per_second']:>8} "
            f"{latency['p50']:>8} {latency['p95']:>8} {data['errors']}"
        )
    print(
        f"{'all':14} {summary['requests']:>9} {summary['requests_per_second']:>8} "
        f"{'':>8} {summary['p95_ms']:>8} {summary['errors']}"
        f"  (429: {summary['rate_limited_429']})\nWritten to {args.output}"
    )
    return 1 if summary["errors"] or summary["rate_limited_429"] else 0


if __name__ == "__main__":
    sys.exit(main())
