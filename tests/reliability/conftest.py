"""Shared fixtures of the reliability suite.

Every test here runs behind a network guard: a socket may connect only to loopback (or a
Unix socket). The SSRF tests point the importer at private and link-local addresses; if a
check ever let one through, the guard fails the test before a packet leaves the machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from .figures import FIGURES
from .filedb import TemplateDatabase


class OutsideNetworkError(AssertionError):
    """A test tried to reach an address that is not on this machine."""


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    host = address[0]
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return host == "localhost"


#: Every address a guarded socket was asked to connect to, for tests that assert on it.
CONNECT_LOG: list = []


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Refuse (and record) any connection to an address off this machine."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def check(address):
        CONNECT_LOG.append(address)
        if not _is_loopback(address):
            raise OutsideNetworkError(f"test tried to connect to {address!r}")

    def connect(self, address):
        check(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        check(address)
        return original_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    CONNECT_LOG.clear()
    yield CONNECT_LOG


_TEMPLATE: list[TemplateDatabase] = []


def _template() -> TemplateDatabase:
    if not _TEMPLATE:
        _TEMPLATE.append(TemplateDatabase(Path(tempfile.mkdtemp(prefix="advice-reliability-"))))
    return _TEMPLATE[0]


def pytest_collection_modifyitems(config, items):
    """Migrate the template database in the background while other tests run.

    Migrating Wagtail takes 10 to 20 seconds; started as soon as the run is known to need
    it, the work overlaps with the tests before the ones that use it.
    """
    if any("site_database" in getattr(item, "fixturenames", ()) for item in items):
        _template().start()


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, value in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{name}: {value}")
    path = os.environ.get("ADVICE_RELIABILITY_FIGURES")
    if path:
        Path(path).write_text(json.dumps(dict(sorted(FIGURES.items())), indent=2) + "\n")


def pytest_sessionfinish(session):
    for template in _TEMPLATE:
        template.drop_all()
        shutil.rmtree(template.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def template_database():
    """A migrated example-site database (SQLite file, or PostgreSQL per DATABASE_URL)."""
    template = _template()
    template.wait()
    return template


@pytest.fixture
def site_database(template_database, tmp_path):
    """A fresh copy of the migrated database for processes this test starts."""

    def make(name):
        return template_database.copy(name, tmp_path)

    return make
