"""Run the benchmarks, print the tables and write the results as JSON.

Usage::

    python -m benchmarks [--large] [--only parse,import,pages] [--output PATH]

1. parse: our extraction against trafilatura and readability-lxml (no database);
2. import: N = 100 and 1,000 generated articles (and 10,000 with ``--large``) through the
   import command's code path, against the same pages created directly;
3-4. pages: API v2 detail and listing, and the rendered page, against a baseline page; with
   ``--redis`` measured again on a Redis cache (a URL, or ``start``: Debian's redis-server
   on loopback through ``scripts/start-redis.sh``, stopped afterwards if it started it).

Every database step runs in its own process (:mod:`benchmarks.worker`) on a fresh copy of
a migrated SQLite database in a temporary directory. Results go to
``benchmarks/results/latest.json`` with the machine and library versions.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import import_bench, pages_bench, parse_bench
from .articles import generate
from .common import RESULTS, ROOT, ensure_paths, machine_info

STEPS = ("parse", "import", "pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--only", default=",".join(STEPS), help="comma-separated: parse,import,pages"
    )
    parser.add_argument("--large", action="store_true", help="also import N = 10,000 articles")
    parser.add_argument("--sizes", help="import sizes instead of 100,1000 (e.g. 50,500)")
    parser.add_argument("--parse-runs", type=int, default=7, help="timed runs per page")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of imports below 1,000")
    parser.add_argument(
        "--long-runs", type=int, default=1, help="runs of imports of 1,000 and more"
    )
    parser.add_argument("--api-runs", type=int, default=30, help="requests per URL")
    parser.add_argument(
        "--redis",
        metavar="URL|start",
        help="also measure the pages on a Redis cache: its URL, or 'start' to run "
        "scripts/start-redis.sh (may apt-get install redis-server)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--keep-temp", action="store_true", help="keep the databases and files")
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown step(s): {', '.join(sorted(unknown))}")

    ensure_paths()
    started = time.perf_counter()
    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {k: v for k, v in vars(args).items() if k not in ("output",)},
    }
    sections = []
    if "parse" in steps:
        _say("1. parse: timing every page…")
        results["parse"] = parse_bench.run(runs=args.parse_runs)
        sections.append(parse_bench.report(results["parse"]))
        print(sections[-1], flush=True)
    if "import" in steps or "pages" in steps:
        temp = Path(tempfile.mkdtemp(prefix="advice-bench-"))
        try:
            template = temp / "template.sqlite3"
            _say("migrating a template database…")
            _worker(temp, template, ["migrate"])
            if "import" in steps:
                sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [100, 1000]
                if args.large:
                    sizes.append(10_000)
                runs = {n: args.import_runs if n < 1000 else args.long_runs for n in sizes}
                results["import"] = _import(temp, template, runs)
                sections.append(import_bench.report(results["import"]))
                print("\n" + sections[-1], flush=True)
            if "pages" in steps:
                _say("3-4. API and page render (local-memory cache)…")
                database = _fresh(temp, template, "pages")
                results["pages"] = _worker(temp, database, ["pages", "--runs", str(args.api_runs)])
                sections.append(pages_bench.report(results["pages"]))
                print("\n" + sections[-1], flush=True)
                if args.redis:
                    with _redis(args.redis) as url:
                        _say(f"3-4. API and page render (Redis cache, {url})…")
                        database = _fresh(temp, template, "pages-redis")
                        results["pages_redis"] = _worker(
                            temp,
                            database,
                            ["pages", "--runs", str(args.api_runs)],
                            cache=url,
                        )
                    sections.append(pages_bench.report(results["pages_redis"]))
                    print("\n" + sections[-1], flush=True)
        finally:
            if args.keep_temp:
                _say(f"kept {temp}")
            else:
                shutil.rmtree(temp, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nWritten {_relative(args.output)} in {results['seconds']:.0f} s.")
    return 0


def _import(temp: Path, template: Path, runs_per_size: dict[int, int]) -> dict:
    runs: dict[int, dict[str, list[dict]]] = {}
    for n, count in runs_per_size.items():
        folder = temp / f"articles-{n}"
        generate(n, folder)
        dump = temp / f"dump-{n}.jsonl"
        runs[n] = {"ours": [], "baseline": []}
        for run in range(count):
            _say(f"2. import N={n:,}, run {run + 1}/{count}: ours…")
            database = _fresh(temp, template, f"ours-{n}-{run}")
            extra = ["--dump", str(dump)] if run == 0 else []
            runs[n]["ours"].append(_worker(temp, database, ["import-ours", str(folder), *extra]))
            _say(f"2. import N={n:,}, run {run + 1}/{count}: baseline…")
            database = _fresh(temp, template, f"baseline-{n}-{run}")
            runs[n]["baseline"].append(
                _worker(temp, database, ["import-baseline", "--dump", str(dump)])
            )
        shutil.rmtree(folder, ignore_errors=True)
    return {"runs": {str(n): r for n, r in runs.items()}, "summary": import_bench.summarise(runs)}


def _fresh(temp: Path, template: Path, name: str) -> Path:
    """A copy of the migrated template database (the previous copy is deleted first)."""
    for old in temp.glob("run-*.sqlite3"):
        old.unlink()
    database = temp / f"run-{name}.sqlite3"
    shutil.copyfile(template, database)
    return database


def _worker(temp: Path, database: Path, arguments: list[str], cache: str = "locmem") -> dict:
    out = temp / "worker-result.json"
    media = temp / "media"
    shutil.rmtree(media, ignore_errors=True)
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        ADVICE_BENCH_DB=str(database),
        ADVICE_BENCH_MEDIA=str(media),
        ADVICE_BENCH_CACHE=cache,
        # A server shared with other runs (or other programs) never serves this one's keys.
        ADVICE_BENCH_CACHE_PREFIX=f"advice-bench-{os.getpid()}-{time.time_ns()}",
    )
    command = [sys.executable, "-m", "benchmarks.worker", *arguments, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=environment, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


@contextlib.contextmanager
def _redis(option: str):
    """The Redis URL to measure on: ``option`` itself, or for ``start`` the server
    scripts/start-redis.sh starts (stopped at the end unless it was running). Nothing is
    deleted from it: each run keys its entries under a prefix of its own."""
    script = ROOT / "scripts" / "start-redis.sh"
    started = False
    if option == "start":
        running = subprocess.run([str(script), "status"], check=False).returncode == 0
        url = subprocess.run(
            [str(script)], check=True, capture_output=True, text=True
        ).stdout.strip()
        started = not running
    else:
        url = option
    try:
        yield url
    finally:
        if started:
            subprocess.run([str(script), "stop"], check=False)


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
