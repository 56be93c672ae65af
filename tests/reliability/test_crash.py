"""Crash safety: an import killed with SIGKILL leaves nothing half-done; imports racing each
other create no duplicates.

The imports run as real ``manage.py import_articles`` processes against a database of their
own (a SQLite file, or PostgreSQL when ``DATABASE_URL`` names it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .articles import write_articles
from .figures import FIGURES
from .filedb import MANAGE, ROOT, SUBPROCESS_TIMEOUT

ARTICLES = 200
#: Kill the import once this many pages exist, then again at the next, and so on.
KILL_AT = [int(n) for n in os.environ.get("ADVICE_CRASH_KILL_AT", "25,125").split(",")]
RACE_ARTICLES = 30
DIFFERENT_ARTICLES = 8
POLL_SECONDS = 0.02


def start_import(database, *sources, log_dir, name, peer=None):
    """``manage.py import_articles``; with a ``peer``, through :mod:`.race_driver`, which
    makes this process and the peer meet in their first save."""
    stdout = open(log_dir / f"{name}.out", "w")  # noqa: SIM115 - closed by finish()
    stderr = open(log_dir / f"{name}.err", "w")  # noqa: SIM115
    command = [sys.executable, str(MANAGE)]
    env = database.env()
    if peer is not None:
        command = [sys.executable, "-m", "tests.reliability.race_driver"]
        env.update(ADVICE_RACE_NAME=name, ADVICE_RACE_PEER=peer, ADVICE_RACE_DIR=str(log_dir))
    process = subprocess.Popen(
        [*command, "import_articles", *map(str, sources), *IMPORT_OPTIONS],
        env=env,
        stdout=stdout,
        stderr=stderr,
        cwd=ROOT,
    )
    process.logs = (stdout, stderr)
    return process


IMPORT_OPTIONS = ["--publish", "--format", "json"]


def finish(process, timeout=SUBPROCESS_TIMEOUT):
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for log in process.logs:
            log.close()
    out, err = (Path(log.name).read_text() for log in process.logs)
    return process.returncode, out, err


def assert_consistent(report, *, pages):
    assert report["pages"] == pages
    assert report["distinct_sources"] == pages, report["duplicate_sources"]
    assert report["slugs_distinct"]
    assert report["not_live"] == []
    assert report["without_live_revision"] == []
    assert report["without_latest_revision"] == []
    assert report["empty_body"] == []
    assert report["orphan_revisions"] == 0
    assert report["tree_problems"] == {}
    # Every article brings a comment and its reply, stored once.
    assert report["comments"] == 2 * pages
    assert report["duplicate_comments"] == 0
    assert report["authors"] == (["Mira Holt"] if pages else [])


def test_import_killed_part_way_leaves_no_partial_page_and_rerun_finishes(site_database, tmp_path):
    database = site_database("crash")
    sources = tmp_path / "articles"
    write_articles(sources, ARTICLES)
    seen_at_kill = []
    for threshold in KILL_AT:
        process = start_import(database, sources, log_dir=tmp_path, name=f"run-{threshold}")
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT
        while database.article_count() < threshold:
            assert process.poll() is None, finish(process)[2][-3000:]
            assert time.monotonic() < deadline, "the import made no progress"
            time.sleep(POLL_SECONDS)
        os.kill(process.pid, signal.SIGKILL)
        status, _, _ = finish(process)
        assert status == -signal.SIGKILL
        FIGURES["import processes killed with SIGKILL and recovered"] += 1

        report = database.inspect()
        seen_at_kill.append(report["pages"])
        assert threshold <= report["pages"] < ARTICLES
        assert_consistent(report, pages=report["pages"])

    status, out, err = finish(start_import(database, sources, log_dir=tmp_path, name="final"))
    assert status == 0, err[-3000:]
    document = json.loads(out)
    assert document["errors"] == []
    statuses = [article["status"] for article in document["articles"]]
    # The pages saved before the last kill are left alone; the rest are created.
    assert statuses.count("unchanged") == seen_at_kill[-1]
    assert statuses.count("created") == ARTICLES - seen_at_kill[-1]
    assert_consistent(database.inspect(), pages=ARTICLES)


def race(database, tmp_path, first, second):
    """Import ``first`` and ``second`` at once; return their JSON documents and save logs."""
    processes = [
        start_import(database, *first, log_dir=tmp_path, name="first", peer="second"),
        start_import(database, *second, log_dir=tmp_path, name="second", peer="first"),
    ]
    results = [finish(process) for process in processes]
    documents = []
    for status, out, err in results:
        assert status in (0, 1), err[-3000:]
        documents.append(json.loads(out))
    logs = [
        [json.loads(line) for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
        for name in ("first", "second")
    ]
    return documents, logs


def saves(log, key=None):
    return [e for e in log if e["event"] == "save" and key in (None, e["key"])]


def overlap(a, b) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def assert_met_and_overlapped(logs):
    """Both processes reached the meeting point in their first save, and each had a save
    running while the other's was: the imports really did run at once."""
    meetings = [[e for e in log if e["event"] in ("met", "barrier timed out")] for log in logs]
    assert [[e["event"] for e in meeting] for meeting in meetings] == [["met"], ["met"]]
    first, second = (saves(log) for log in logs)
    assert any(overlap(a, b) for a in first for b in second)
    return [meeting[0] for meeting in meetings]


def test_two_imports_of_the_same_sources_at_once_create_no_duplicates(site_database, tmp_path):
    """Both start with the same article and meet having both found no page for it: both try
    to create it, one loses and is retried as an update (here: unchanged)."""
    database = site_database("race")
    paths = write_articles(tmp_path / "articles", RACE_ARTICLES)
    documents, logs = race(database, tmp_path, paths, [paths[0], *reversed(paths[1:])])

    meetings = assert_met_and_overlapped(logs)
    key = meetings[0]["key"]
    assert [(m["key"], m["found"]) for m in meetings] == [(key, False), (key, False)]
    tries = [saves(log, key) for log in logs]
    assert all(overlap(a, b) for a in tries[0][:1] for b in tries[1][:1])
    # One process created the page; the other's try failed on the conflict and its retry
    # found the page.
    outcomes = sorted((tuple(e["outcome"] for e in log) for log in tries), key=len)
    assert outcomes[0] == ("created",), outcomes
    assert outcomes[1][0] in ("IntegrityError", "SaveConflict"), outcomes
    assert outcomes[1][1:] == ("unchanged",), outcomes
    FIGURES["import races lost and retried"] += 1

    statuses = [article["status"] for document in documents for article in document["articles"]]
    created = statuses.count("created")
    assert created == RACE_ARTICLES
    for document in documents:
        # A lost race is retried as an update (here: unchanged); if it still fails, the
        # message says why.
        for error in document["errors"]:
            assert "already uses the source URL" in error["error"], error
    assert_consistent(database.inspect(), pages=RACE_ARTICLES)


def test_two_imports_of_different_sources_at_once_both_succeed(site_database, tmp_path):
    """Different files with the same titles: each gets its page, with a slug of its own."""
    database = site_database("race_different")
    first = write_articles(tmp_path / "first", DIFFERENT_ARTICLES, canonical=False)
    second = write_articles(tmp_path / "second", DIFFERENT_ARTICLES, canonical=False)
    documents, logs = race(database, tmp_path, first, second)

    assert_met_and_overlapped(logs)
    for document in documents:
        assert document["errors"] == []
        assert {article["status"] for article in document["articles"]} == {"created"}
    assert_consistent(database.inspect(), pages=2 * DIFFERENT_ARTICLES)
