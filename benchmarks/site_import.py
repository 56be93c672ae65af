"""A site import on PostgreSQL with 1 and 2 ``db_worker`` processes (issue 14, item 4).

    python -m benchmarks.site_import                  # 5,000 posts, 1 then 2 workers
    python -m benchmarks.site_import --posts 500 --workers 1,2,3

1. Writes an export of ``--posts`` generated advice posts (``scripts/make_big_wxr.py``'s
   team-written posts: block-editor and classic listicles, Yoast and Rank Math FAQs,
   threaded comments with pingbacks, spam and pending ones; an attachment and a menu item
   every fifth post).
2. Starts Debian's PostgreSQL (``scripts/start-postgres.sh``), migrates a template
   database once, and gives every run a fresh copy of it.
3. For each worker count: starts the workers, waits until each polls the queue, queues the
   export with ``import_articles --background`` (reading it into rows, timed apart), and
   times the workers from the queueing to the job's end. Throughput is posts per minute of
   that wall time; the ratio is against one worker.
4. In one process, without a queue: the task's work per post split into its parts (reading
   the post into an article, which runs in parallel, and the saving transaction, which
   holds the parent page's lock when it creates a page, so runs one at a time), queries per
   post, and the same for single HTML articles through ``import_articles``' path.

Results go to ``benchmarks/results/site-import.json``. Not a test: it takes tens of minutes
for 5,000 posts on a 2-core machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
MANAGE = ROOT / "example_site" / "manage.py"
RESULTS = ROOT / "benchmarks" / "results" / "site-import.json"
SETTINGS = "tests.workers.worker_settings"
TEMPLATE = "advice_bench_site_template"
#: Posts and HTML articles timed one by one in the single-process step.
SAMPLE = 60


def write_export(path: Path, posts: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "make_big_wxr", ROOT / "scripts" / "make_big_wxr.py"
    )
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    with open(path, "w", encoding="utf-8") as file:
        file.write(generator.HEADER)
        for number in range(1, posts + 1):
            file.write(generator._post(number))
            if number % generator.EXTRAS_EVERY == 0:
                file.write(
                    generator._item(10_000_000 + number, "attachment", f"photo-{number}", "")
                )
                file.write(generator._item(20_000_000 + number, "nav_menu_item", "Home", ""))
        file.write(generator.FOOTER)
    return path


def postgres_url() -> str:
    completed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "start-postgres.sh")],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"PostgreSQL could not be started: {completed.stderr.strip()}")
    return completed.stdout.strip().splitlines()[-1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def environment(database_url: str, media: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
        "ADVICE_WORKER_DATABASE_URL": database_url,
        "ADVICE_WORKER_MEDIA_ROOT": str(media),
    }
    env.pop("DATABASE_URL", None)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, str(MANAGE), *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{args} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


def fresh_database(base_url: str, name: str) -> str:
    admin_sql(
        with_database(base_url, "postgres"),
        f'DROP DATABASE IF EXISTS "{name}"',
        f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"',
    )
    return with_database(base_url, name)


def job_state(url: str) -> tuple[str, int, int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT status, (SELECT count(*) FROM advice_importers_importjobsource s "
            "WHERE s.job_id = j.id AND s.state IN ('done', 'failed')), total "
            "FROM advice_importers_importjob j ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return row if row else ("none", 0, 0)


def run_workers(base_url: str, export: Path, count: int, folder: Path) -> dict:
    url = fresh_database(base_url, f"advice_bench_site_{count}")
    env = environment(url, folder / f"media-{count}")
    logs, workers = [], []
    for index in range(count):
        log = open(folder / f"worker-{count}-{index}.log", "w")  # noqa: SIM115
        logs.append(log)
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    str(MANAGE),
                    "db_worker",
                    "--queue-name",
                    "imports",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        deadline = time.monotonic() + 120
        while not all(
            "Starting worker" in (folder / f"worker-{count}-{i}.log").read_text()
            for i in range(count)
        ):
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not start")
            time.sleep(0.1)
        started = time.monotonic()
        manage(env, "import_articles", "--wordpress-export", export, "--background")
        queued = time.monotonic()
        last_print = 0.0
        while True:
            status, finished, total = job_state(url)
            if status in ("done", "failed"):
                break
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit(f"a worker exited; see {folder}")
            if time.monotonic() - last_print > 30:
                print(f"  {count} worker(s): {finished} of {total}", file=sys.stderr)
                last_print = time.monotonic()
            time.sleep(0.5)
        ended = time.monotonic()
        report = json.loads(
            manage(env, "import_articles", "--job", "1", "--format", "json").stdout
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        for log in logs:
            log.close()
    posts = report["done"] + report["failed"]
    seconds = ended - queued
    return {
        "workers": count,
        "posts": posts,
        "failed": report["failed"],
        "outcomes": report["outcomes"],
        "read_export_seconds": round(queued - started, 2),
        "import_seconds": round(seconds, 1),
        "posts_per_minute": round(60 * posts / seconds, 1),
        "job_rate_per_minute": report["rate_per_minute"],
    }


def single_process(base_url: str, folder: Path) -> dict:
    """The per-post work measured in one process (``--child``), on its own database."""
    url = fresh_database(base_url, "advice_bench_site_single")
    env = environment(url, folder / "media-single")
    export = write_export(folder / "sample.xml", SAMPLE)
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.site_import", "--child", str(export)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"the single-process step failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def child(export: Path) -> None:
    """Runs in its own process with Django set up on a fresh database."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from benchmarks.articles import generate
    from importers.sources.documents import collect_sources
    from importers.store import site_jobs
    from importers.store.jobs import ImportJob
    from importers.store.runner import limits_from_settings, run
    from importers.store.save import SaveOptions

    parent = Site.objects.get(is_default_site=True).root_page.specific
    job = site_jobs.create_from_file(export, parent=parent)
    job.move([ImportJob.Status.QUEUED], ImportJob.Status.RUNNING)
    pks = list(job.sources.order_by("position").values_list("pk", flat=True))

    from treebeard.mp_tree import MP_AddChildHandler

    parts = {"read": 0.0, "save": 0.0, "locked": 0.0}
    original_prepare, original_import = site_jobs.prepare, site_jobs.import_one
    original_add_child = MP_AddChildHandler.process
    add_child_started = []

    def add_child(self):
        # From here to the commit the parent page's row is locked (treebeard takes it, or
        # site_jobs did before): saves under one parent run one at a time.
        add_child_started.append(time.perf_counter())
        return original_add_child(self)

    MP_AddChildHandler.process = add_child

    def saved(*args, **kwargs):
        add_child_started.clear()
        try:
            return original_import(*args, **kwargs)
        finally:
            if add_child_started:
                parts["locked"] += time.perf_counter() - add_child_started[0]

    def timed(name, func):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                parts[name] += time.perf_counter() - start

        return wrapper

    site_jobs.prepare = timed("read", original_prepare)
    site_jobs.import_one = timed("save", saved)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for pk in pks:
            site_jobs.process(pk, site_jobs.IMPORT)
    post_seconds = (time.perf_counter() - started) / len(pks)
    post_queries = len(queries) / len(pks)

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(SAMPLE, Path(folder))
        sources, _errors = collect_sources([str(p) for p in paths])
        limits = limits_from_settings()
        options = SaveOptions(parent=parent, publish=True, limits=limits)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for _result in run(sources, dry_run=False, options=options, limits=limits):
                pass
        html_seconds = (time.perf_counter() - started) / len(sources)
        html_queries = len(queries) / len(sources)
    print(
        json.dumps(
            {
                "posts": len(pks),
                "seconds_per_post": round(post_seconds, 4),
                "read_seconds_per_post": round(parts["read"] / len(pks), 4),
                "save_seconds_per_post": round(parts["save"] / len(pks), 4),
                "parent_locked_seconds_per_post": round(parts["locked"] / len(pks), 4),
                "queries_per_post": round(post_queries, 1),
                "html_articles": len(sources),
                "seconds_per_html_article": round(html_seconds, 4),
                "queries_per_html_article": round(html_queries, 1),
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site_import")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    from .common import machine_info

    base_url = postgres_url()
    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="advice-site-bench-") as name:
        folder = Path(name)
        export = write_export(folder / "site.xml", args.posts)
        size = export.stat().st_size
        print(f"export: {args.posts} posts, {size / (1 << 20):.1f} MiB", file=sys.stderr)
        admin_sql(
            with_database(base_url, "postgres"),
            f'DROP DATABASE IF EXISTS "{TEMPLATE}"',
            f'CREATE DATABASE "{TEMPLATE}"',
        )
        manage(environment(with_database(base_url, TEMPLATE), folder), "migrate", "-v", "0")
        single = single_process(base_url, folder)
        print(f"single process: {single}", file=sys.stderr)
        runs = []
        for count in counts:
            result = run_workers(base_url, export, count, folder)
            print(f"{count} worker(s): {result}", file=sys.stderr)
            runs.append(result)
    one = next((r for r in runs if r["workers"] == 1), None)
    for result in runs:
        result["ratio_to_one_worker"] = (
            round(result["posts_per_minute"] / one["posts_per_minute"], 2) if one else None
        )
    serial = single["parent_locked_seconds_per_post"]
    total = single["seconds_per_post"]
    document = {
        "machine": machine_info(),
        "posts": args.posts,
        "export_bytes": size,
        "runs": runs,
        "single_process": single,
        # Amdahl's bound for two workers, with the part of each post's work that holds
        # the parent page's lock (add_child to the commit) running one post at a time.
        "bound_ratio_two_workers": round(total / max(serial, total / 2), 2) if total else None,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
