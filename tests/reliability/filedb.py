"""Databases of their own for the example site run as separate processes.

The crash, race and load tests start ``manage.py`` or gunicorn in other processes, so they
cannot use the test suite's database (an in-memory SQLite database, or a PostgreSQL database
inside a transaction that is never committed). They get a real one instead: a SQLite file,
or, when ``DATABASE_URL`` names PostgreSQL, a database of their own on that server, named
``advice_rel_<pid>_<name>`` and dropped afterwards.

Migrating Wagtail takes seconds, so a template is migrated once and copied for each test
(SQLite's backup API, or PostgreSQL's ``CREATE DATABASE … TEMPLATE``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "example_site" / "manage.py"
SETTINGS = "tests.reliability.site_settings"
#: A subprocess that takes longer than this has hung; the test fails rather than waits.
SUBPROCESS_TIMEOUT = 600


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in ("postgres", "postgresql", "pgsql") else None


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@dataclass
class SiteDatabase:
    """One database for the example site, plus the environment that points a process at it."""

    url: str
    media_root: Path
    blocks: dict = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite:")

    @property
    def sqlite_path(self) -> str:
        return dj_database_url.parse(self.url)["NAME"]

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for ``manage.py`` or gunicorn serving this database."""
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "ADVICE_RELIABILITY_"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
            ADVICE_RELIABILITY_DATABASE_URL=self.url,
            ADVICE_RELIABILITY_MEDIA_ROOT=str(self.media_root),
            ADVICE_RELIABILITY_BLOCKS=json.dumps(self.blocks),
            PYTHONWARNINGS="ignore",
        )
        environment.update(extra)
        return environment

    def manage(self, *args: str, timeout: float = SUBPROCESS_TIMEOUT, **extra_env: str):
        """Run ``manage.py`` to completion; return the ``CompletedProcess`` (text output)."""
        return subprocess.run(
            [sys.executable, str(MANAGE), *args],
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )

    def scalar(self, sql: str) -> int:
        """Run one counting query straight against the database (no Django)."""
        if self.is_sqlite:
            uri = f"file:{self.sqlite_path}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
                return db.execute(sql).fetchone()[0]
        with _pg_admin(self.url) as db:
            return db.execute(sql).fetchone()[0]

    def article_count(self) -> int:
        return self.scalar("SELECT COUNT(*) FROM advice_blocks_advicearticlepage")

    def inspect(self) -> dict:
        """The consistency report of :mod:`tests.reliability.inspect_db` for this database."""
        result = subprocess.run(
            [sys.executable, "-m", "tests.reliability.inspect_db"],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_TIMEOUT,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)

    def drop(self) -> None:
        if self.is_sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(self.sqlite_path + suffix).unlink(missing_ok=True)
            return
        name = urlsplit(self.url).path.lstrip("/")
        with _pg_admin(postgres_url()) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TemplateDatabase:
    """A migrated database that each test copies; made once per test session."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.prefix = f"advice_rel_{os.getpid()}"
        base = postgres_url()
        if base:
            self.template = SiteDatabase(
                _with_database(base, f"{self.prefix}_template"), workdir / "media"
            )
        else:
            self.template = SiteDatabase(f"sqlite:///{workdir / 'template.sqlite3'}", workdir)
        self.copies: list[SiteDatabase] = []
        self.process: subprocess.Popen | None = None
        self.ready = False

    def start(self) -> None:
        """Start migrating the template in the background (see :meth:`wait`)."""
        if self.process is not None:
            return
        if not self.template.is_sqlite:
            self.template.drop()
            name = urlsplit(self.template.url).path.lstrip("/")
            with _pg_admin(postgres_url()) as db:
                db.execute(f'CREATE DATABASE "{name}"')
        self.log = open(self.workdir / "migrate.log", "w+")  # noqa: SIM115 - closed in wait()
        self.process = subprocess.Popen(
            [sys.executable, str(MANAGE), "migrate", "--no-input", "-v", "0"],
            env=self.template.env(ADVICE_RELIABILITY_FAST_SETUP="1"),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def wait(self) -> None:
        """Wait for the migration :meth:`start` began (starting it now if it had not)."""
        self.start()
        if self.ready:
            return
        try:
            status = self.process.wait(timeout=SUBPROCESS_TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.log.seek(0)
            output = self.log.read()
            self.log.close()
        if status != 0:
            raise RuntimeError(f"migrating the template database failed:\n{output[-5000:]}")
        self.ready = True

    def copy(self, name: str, tmp_path: Path) -> SiteDatabase:
        media = tmp_path / "media"
        if self.template.is_sqlite:
            path = tmp_path / f"{name}.sqlite3"
            with (
                closing(sqlite3.connect(self.template.sqlite_path)) as source,
                closing(sqlite3.connect(path)) as target,
            ):
                source.backup(target)
            database = SiteDatabase(f"sqlite:///{path}", media)
        else:
            database_name = f"{self.prefix}_{name}"
            template_name = urlsplit(self.template.url).path.lstrip("/")
            with _pg_admin(postgres_url()) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
                db.execute(f'CREATE DATABASE "{database_name}" TEMPLATE "{template_name}"')
            database = SiteDatabase(_with_database(postgres_url(), database_name), media)
        self.copies.append(database)
        return database

    def drop_all(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for database in [*self.copies, self.template]:
            try:
                database.drop()
            except Exception as error:  # noqa: BLE001 - cleanup must not hide the test result
                print(f"could not drop {database.url}: {error}", file=sys.stderr)
