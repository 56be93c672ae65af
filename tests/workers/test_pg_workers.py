"""Two real ``manage.py db_worker`` processes run one site import on PostgreSQL.

The test starts the workers against the test run's own PostgreSQL database (the live name
from the connection settings: these are transactional tests, so the workers see what the
test writes and the test sees what they commit), queues a 30-post export under one parent
with ``import_articles --background``, and waits on the database, with timeouts, for the
outcome. PostgreSQL only: SQLite has no row locks and one writer at a time, so there is
nothing parallel to test there (the nox ``postgres`` session, and so CI, runs these).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from advice_blocks.models import AdviceArticlePage
from importers.models import ImportRecord
from importers.store.jobs import ImportJob

from .wxr import write_posts

POSTGRES = connection.vendor == "postgresql"
pytestmark = [
    pytest.mark.skipif(
        not POSTGRES,
        reason=(
            "needs PostgreSQL: real db_worker processes share the test database "
            "(DATABASE_URL=postgres://…, as the nox postgres session and CI set it)"
        ),
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "example_site" / "manage.py"
POSTS = 30
#: The longest any wait on the database may take before the test fails (a loaded machine).
TIMEOUT = float(os.environ.get("ADVICE_WORKER_TEST_TIMEOUT", 300))
POLL = 0.05


def database_url() -> str:
    """The live test database, for the processes the test starts."""
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    host = s["HOST"] or "localhost"
    return f"postgres://{credentials}{host}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def env(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.workers.worker_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
        "ADVICE_WORKER_DATABASE_URL": database_url(),
        "ADVICE_WORKER_MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("DATABASE_URL", None)
    return environment


def manage(env, *args, check=True):
    completed = subprocess.run(
        [sys.executable, str(MANAGE), *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check:
        assert completed.returncode == 0, f"{args}:\n{completed.stdout}\n{completed.stderr}"
    return completed


@pytest.fixture
def site_tree(transactional_db):
    """The default site and home page, re-created when an earlier transactional test's
    flush removed them (as tests/browser/conftest.py's fixture of the same name does)."""
    from django.conf import settings
    from home.models import HomePage
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Advice articles", slug="home", locale=locale))
    return Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def task_table(env, site_tree):
    """django-tasks-db's table in the test database (the test process does not install the
    app, so pytest-django neither creates nor flushes it), emptied of earlier tests' tasks."""
    manage(env, "migrate", "django_tasks_database", "--noinput")  # the app label
    tables = [t for t in connection.introspection.table_names() if t.startswith("django_tasks")]
    assert tables, "django_tasks_db's migration made no table"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


class Worker:
    def __init__(self, env, log: Path):
        self.log = log
        self.output = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
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
                "--verbosity",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        #: How the rows name this worker (``site_jobs.worker_name``).
        self.name = f"{socket.gethostname()}:{self.process.pid}"

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def ready(self) -> bool:
        return "Starting worker" in self.text()

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"worker {self.name} exited ({self.process.returncode}):\n{self.text()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.output.close()


@pytest.fixture
def workers(env, task_table, tmp_path):
    """``start(n)``: n db_worker processes, returned once each is polling the queue."""
    started: list[Worker] = []

    def start(count: int) -> list[Worker]:
        new = [Worker(env, tmp_path / f"worker-{len(started) + i}.log") for i in range(count)]
        started.extend(new)
        wait_for(lambda: all(w.ready for w in new), "the workers to start", new)
        return new

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, what: str, workers=(), *, alive=None):
    """Poll ``condition`` (database state) until it holds; fail after :data:`TIMEOUT`."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        for worker in alive if alive is not None else workers:
            worker.check_alive()
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {w.name}\n{w.text()[-3000:]}" for w in workers)
            jobs = list(ImportJob.objects.values("pk", "status", "error"))
            rows = Counter(
                ImportJob.objects.values_list(
                    "sources__state", "sources__status", "sources__error"
                )
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT state, wait_event_type, wait_event, left(query, 160) "
                    "FROM pg_stat_activity WHERE datname = current_database()"
                )
                sessions = "\n".join(map(str, cursor.fetchall()))
            pytest.fail(
                f"timed out after {TIMEOUT} s waiting for {what}\njobs: {jobs}\nrows: {rows}\n"
                f"sessions:\n{sessions}\n{logs}"
            )
        time.sleep(POLL)


@pytest.fixture
def export(tmp_path):
    return write_posts(tmp_path / "site.xml", POSTS)


def queue_job(env, export, parent) -> ImportJob:
    completed = manage(
        env, "import_articles", "--wordpress-export", export, "--background", "--parent", parent.pk
    )
    assert "30 of 30 posts queued" in completed.stdout, completed.stdout
    return ImportJob.objects.get()


def states(job) -> Counter:
    return Counter(job.sources.values_list("state", flat=True))


def assert_imported_once(job, parent) -> list:
    rows = list(job.sources.order_by("position"))
    assert [(r.state, r.status) for r in rows] == [("done", "created")] * POSTS
    pages = AdviceArticlePage.objects.child_of(parent)
    assert pages.count() == POSTS
    assert {r.page_id for r in rows} == set(pages.values_list("pk", flat=True))
    for field in ("path", "slug", "source_url"):
        values = list(pages.values_list(field, flat=True))
        assert len(set(values)) == POSTS, field
    created = Counter(ImportRecord.objects.filter(status="created").values_list("key", flat=True))
    assert len(created) == POSTS and set(created.values()) == {1}
    parent.refresh_from_db()
    assert parent.numchild == POSTS
    assert not any(type(parent).find_problems()), type(parent).find_problems()
    return rows


def test_two_workers_share_a_site_import_under_one_parent(env, workers, export, site_tree):
    a, b = workers(2)
    parent = site_tree.root_page
    job = queue_job(env, export, parent)
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE,
        "the job to finish",
        [a, b],
    )
    rows = assert_imported_once(job, parent)
    by_worker = Counter(row.worker for row in rows)
    assert set(by_worker) == {a.name, b.name}, by_worker
    assert all(row.attempts == 1 for row in rows)

    status = manage(env, "import_articles", "--job", job.pk).stdout
    assert f"Job {job.pk} done: 30 done, 0 failed, 0 remaining of 30;" in status
    assert "articles/min" in status


def test_a_worker_killed_mid_post_loses_nothing_and_a_resume_fills_the_gap(
    env, workers, export, site_tree
):
    a, b = workers(2)
    parent = site_tree.root_page
    job = queue_job(env, export, parent)
    wait_for(lambda: states(job)["done"] >= 5, "five posts to be imported", [a, b])

    # Hold the parent page's lock: both workers stop inside their post's transaction, at
    # the parent lock, each holding its row. Then kill one of them there.
    with transaction.atomic():
        type(parent).objects.select_for_update().filter(pk=parent.pk).values_list("pk").get()

        def both_waiting():
            running = job.sources.filter(state="running").values_list("worker", flat=True)
            with connection.cursor() as cursor:
                # pg_stat_activity is read once per transaction unless its snapshot is
                # cleared, and this runs inside the transaction that holds the lock.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                waiting = cursor.fetchone()[0]
            return set(running) == {a.name, b.name} and waiting >= 2

        wait_for(both_waiting, "both workers to wait for the parent page", [a, b])
        (killed_row,) = job.sources.filter(state="running", worker=a.name)
        a.kill()
    # The rest of the job goes on without the killed worker.
    wait_for(
        lambda: states(job) == Counter({"done": POSTS - 1, "running": 1}),
        "the other worker to finish every other post",
        [a, b],
        alive=[b],
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert AdviceArticlePage.objects.child_of(parent).count() == POSTS - 1
    killed_row.refresh_from_db()
    assert (killed_row.state, killed_row.page_id) == ("running", None)
    status = manage(env, "import_articles", "--job", job.pk).stdout
    assert "29 done, 0 failed, 1 remaining (1 running) of 30" in status

    resumed = manage(env, "import_articles", "--job", job.pk, "--resume")
    assert "1 posts put back in the queue" in resumed.stderr
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE,
        "the resumed job to finish",
        [a, b],
        alive=[b],
    )
    assert_imported_once(job, parent)
    killed_row.refresh_from_db()
    assert (killed_row.attempts, killed_row.worker) == (2, b.name)
