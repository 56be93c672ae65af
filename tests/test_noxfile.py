"""The nox matrix skips a session it cannot run only outside CI; under CI=true it fails."""

import pytest

import noxfile


class Skipped(Exception):
    pass


class Failed(Exception):
    pass


class FakeSession:
    env: dict = {}

    def skip(self, message):
        raise Skipped(message)

    def error(self, message):
        raise Failed(message)


@pytest.fixture
def no_python(monkeypatch):
    monkeypatch.setattr(noxfile, "find_python", lambda version: None)


def run_django_61_session():
    noxfile.tests.func(FakeSession(), "3.12", "8.0", "6.1", "sqlite")


def test_a_missing_python_skips_the_session_outside_ci(no_python, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match=r"Python 3\.12 not found \(Django 6\.1 needs it\)"):
        run_django_61_session()


def test_a_missing_python_fails_the_session_in_ci(no_python, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match=r"Python 3\.12 not found.*CI=true"):
        run_django_61_session()
